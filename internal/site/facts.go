package site

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

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
	f, err := facts.Parse(path, src)
	if err != nil {
		return nil, err
	}
	b.facts = parsedFacts{path: path, src: src, f: f}
	return f, nil
}
