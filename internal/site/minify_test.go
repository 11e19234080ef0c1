package site

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/httpstatus/site/internal/render"
)

// TestIndexFinishedInParts checks that the index, minified in parts
// (each entry apart from the text around the entries), is exactly the
// index minified whole, for the real article and made-up ones.
func TestIndexFinishedInParts(t *testing.T) {
	dir := t.TempDir()
	articles := map[string]string{
		"real": "../../content",
		"v1":   "../../cmd/build/testdata/v1",
		"v2":   "../../cmd/build/testdata/v2",
	}
	for _, n := range []int{62, 500} {
		d := filepath.Join(dir, "generated", strconv.Itoa(n))
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, ArticleFile), generatedArticle(n), 0o644); err != nil {
			t.Fatal(err)
		}
		articles["generated "+strconv.Itoa(n)] = d
	}
	for name, content := range articles {
		cfg := repoConfig(t)
		b := NewBuilder()
		a, err := b.readArticle(content, "")
		if err != nil {
			t.Fatal(err)
		}
		f, err := b.readFacts(content)
		if err != nil {
			t.Fatal(err)
		}
		assets, urls, err := b.assets(cfg.Assets)
		if err != nil {
			t.Fatal(err)
		}
		_, images, err := b.images(a, assets, urls)
		if err != nil {
			t.Fatal(err)
		}
		s := render.Site{BaseURL: cfg.BaseURL, Assets: urls, Images: images, Facts: f}
		index := func(finish bool) []byte {
			r, err := render.New(os.DirFS(cfg.Templates), b.hl)
			if err != nil {
				t.Fatal(err)
			}
			if finish {
				r.Finish(b.min.fresh)
			}
			p, err := r.Index(a, s)
			if err != nil {
				t.Fatal(err)
			}
			return p.Body
		}
		want, err := b.min.fresh("index.html", index(false))
		if err != nil {
			t.Fatal(err)
		}
		if got := index(true); !bytes.Equal(got, want) {
			i := 0
			for i < min(len(got), len(want)) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s: the index minified in parts differs from it minified whole at byte %d: %.80q, want %.80q",
				name, i, got[i:], want[i:])
		}
		if bytes.IndexByte(index(true), 0) >= 0 {
			t.Errorf("%s: the index keeps a mark", name)
		}
	}
}
