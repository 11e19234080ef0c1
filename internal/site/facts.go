package site

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/httpstatus/site/internal/cache"
	"github.com/httpstatus/site/internal/facts"
)

// FactsFile is the name of the registry facts file inside the content directory.
const FactsFile = "codes.yaml"

// parsedFacts are the facts of a file, parsed, and the file's content.
type parsedFacts struct {
	path string
	src  []byte
	f    *facts.Facts
	kept keptFacts
}

// keptFacts are facts as the disk cache keeps them, in JSON, and their key there.
type keptFacts struct {
	key  cache.Key
	json []byte
}

// readFacts reads the facts file in dir, parsed anew only when it changed
// since the last build. The file is optional: without it, pages show the
// article alone and nil is returned.
func (b *Builder) readFacts(dir string) (*facts.Facts, error) {
	path := filepath.Join(dir, FactsFile)
	src, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if last := b.facts; last.f != nil && last.path == path && bytes.Equal(last.src, src) {
		b.parsed.Keep(last.kept.key, last.kept.json)
		return last.f, nil
	}
	f, kept, err := b.parseFacts(path, src)
	if err != nil {
		return nil, err
	}
	b.facts = parsedFacts{path: path, src: src, f: f, kept: kept}
	return f, nil
}

// parseFacts returns the facts src read from path, and the same as the
// disk cache keeps them: parsed, or as the disk cache keeps them from an
// earlier parse of the same file. Decoding them takes a tenth of the time
// parsing the YAML does.
func (b *Builder) parseFacts(path string, src []byte) (*facts.Facts, keptFacts, error) {
	kept := keptFacts{key: cache.NewKey("parsed facts", path, string(src))}
	if data, ok := b.parsed.Get(kept.key); ok {
		var f facts.Facts
		if json.Unmarshal(data, &f) == nil {
			kept.json = data
			return &f, kept, nil
		}
	}
	f, err := facts.Parse(path, src)
	if err != nil {
		return nil, kept, err
	}
	if kept.json, err = json.Marshal(f); err != nil {
		return nil, kept, err
	}
	b.parsed.Put(kept.key, kept.json)
	return f, kept, nil
}
