package site

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/httpstatus/site/internal/facts"
)

// FactsFile is the name of the registry facts file inside the content directory.
const FactsFile = "codes.yaml"

// readFacts reads the facts file in dir. The file is optional: without
// it, pages show the article alone and nil is returned.
func readFacts(dir string) (*facts.Facts, error) {
	path := filepath.Join(dir, FactsFile)
	src, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return facts.Parse(path, src)
}
