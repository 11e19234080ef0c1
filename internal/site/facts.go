package site

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/facts"
)

// FactsFile is the name of the registry facts file inside the content directory.
const FactsFile = "codes.yaml"

// readFacts reads the facts file in dir and adds to a's warnings every
// code that the article and the facts do not share. The file is optional:
// without it, pages show the article alone and nil is returned.
func readFacts(dir string, a *article.Article) (*facts.Facts, error) {
	path := filepath.Join(dir, FactsFile)
	src, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	f, err := facts.Parse(path, src)
	if err != nil {
		return nil, err
	}
	a.Warnings = append(a.Warnings, facts.Check(a, f)...)
	return f, nil
}
