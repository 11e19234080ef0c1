package article

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/httpstatus/site/internal/diag"
	"github.com/httpstatus/site/internal/highlight"
)

// FuzzParse feeds arbitrary bytes to the parser: it must never panic or
// hang, every error must carry a position, and every article it accepts must hold
// consistent entries.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/bad/*.md")
	seeds = append(seeds, realArticle, "../../cmd/build/testdata/v1/http-status-codes.md")
	for _, s := range seeds {
		src, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	p := NewParser(highlight.New(nil).Extension())
	f.Fuzz(func(t *testing.T, src []byte) {
		a, err := p.Parse("f.md", src)
		if err != nil {
			var list diag.List
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error is not a non-empty diag.List: %v", err)
			}
			for _, e := range list {
				if e.Path != "f.md" || e.Line < 1 || e.Col < 1 {
					t.Errorf("error without a position: %q", e.Error())
				}
			}
			return
		}
		if len(a.Entries) == 0 {
			t.Fatal("accepted an article with no entries")
		}
		for i, e := range a.Entries {
			if e.Code < 100 || e.Code > 599 || e.Class == nil || e.Class.Digit != e.Code/100 {
				t.Errorf("inconsistent entry %+v", e)
			}
			if i > 0 && a.Entries[i-1].Code >= e.Code {
				t.Errorf("entries out of order at %d", e.Code)
			}
			if e.Description == "" {
				t.Errorf("%d has no description", e.Code)
			}
		}
		for _, w := range a.Warnings {
			if w.Line < 1 || w.Col < 1 {
				t.Errorf("warning without a position: %q", w.Error())
			}
		}
	})
}
