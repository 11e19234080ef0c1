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
	if b.facts.f != nil && b.facts.path == path && bytes.Equal(b.facts.src, src) {
		return b.facts.f, nil
	}
	f, err := b.parseFacts(path, src)
	if err != nil {
		return nil, err
	}
	b.facts = parsedFacts{path: path, src: src, f: f}
	return f, nil
}

// parseFacts returns the facts src read from path: parsed, or as the
// disk cache keeps them, in JSON, from an earlier parse of the same
// file. Decoding them takes a tenth of the time parsing the YAML does.
func (b *Builder) parseFacts(path string, src []byte) (*facts.Facts, error) {
	key := cache.NewKey("parsed facts", path, string(src))
	if data, ok := b.parsed.Get(key); ok {
		var f facts.Facts
		if json.Unmarshal(data, &f) == nil {
			return &f, nil
		}
	}
	f, err := facts.Parse(path, src)
	if err != nil {
		return nil, err
	}
	if data, err := json.Marshal(f); err == nil {
		b.parsed.Put(key, data)
	}
	return f, nil
}
