package render

import (
	"testing"

	"github.com/httpstatus/site/internal/cache"
	"github.com/httpstatus/site/internal/highlight"
)

// BenchmarkPages renders every page of the real article, its code
// highlighted once before.
func BenchmarkPages(b *testing.B) {
	r, a, s := setup(b, "../../content/http-status-codes.md")
	c, err := cache.Open("")
	if err != nil {
		b.Fatal(err)
	}
	r.hl = highlight.New(c)
	for b.Loop() {
		if _, err := r.Pages(a, s); err != nil {
			b.Fatal(err)
		}
	}
}
