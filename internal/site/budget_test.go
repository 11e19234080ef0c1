package site

import (
	"bytes"
	"compress/gzip"
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
)

// gzipSize returns the size of data compressed as a server sends it.
func gzipSize(t testing.TB, data []byte) int {
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Len()
}

// TestBudgets holds the built site to its size budgets, in gzip bytes:
// what a reader downloads for one page, and for all of its styles and scripts.
func TestBudgets(t *testing.T) {
	t.Parallel()
	const kb = 1024
	cfg, _ := builtRepository(t)
	files := readTree(t, cfg.Out)

	var paths []string
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var css, js, codes, largest int
	var largestPage string
	for _, p := range paths {
		n := gzipSize(t, files[p])
		switch {
		case path.Ext(p) == ".css":
			css += n
		case path.Ext(p) == ".js":
			js += n
		case p == "index.html":
			t.Logf("index.html: %d bytes gzipped", n)
			if n > 14*kb {
				t.Errorf("index.html is %d bytes gzipped, over its budget of %d", n, 14*kb)
			}
		case strings.HasPrefix(p, "codes/") && strings.HasSuffix(p, ".html"):
			codes++
			if n > largest {
				largest, largestPage = n, p
			}
			if n > 8*kb {
				t.Errorf("%s is %d bytes gzipped, over the budget of %d for a code page", p, n, 8*kb)
			}
		}
	}
	t.Logf("largest of %d code pages: %s, %d bytes gzipped", codes, largestPage, largest)
	t.Logf("all CSS: %d bytes gzipped; all JS: %d bytes gzipped", css, js)
	if codes != 88 {
		t.Errorf("%d code pages measured, want 88", codes)
	}
	if css == 0 || css > 6*kb {
		t.Errorf("all CSS is %d bytes gzipped; want some, at most %d", css, 6*kb)
	}
	if js == 0 || js > 3*kb {
		t.Errorf("all JS is %d bytes gzipped; want some, at most %d", js, 3*kb)
	}
}

// inlineCode returns what a strict Content-Security-Policy would refuse
// in an HTML document: style elements and attributes, event handler
// attributes and script elements without a src.
func inlineCode(data []byte) []string {
	var found []string
	l := html.NewLexer(parse.NewInputBytes(data))
	script, src := false, false
	for {
		tt, _ := l.Next()
		switch tt {
		case html.ErrorToken:
			return found
		case html.StartTagToken:
			tag := string(l.Text())
			script, src = tag == "script", false
			if tag == "style" {
				found = append(found, "<style>")
			}
		case html.AttributeToken:
			name := strings.ToLower(string(l.Text()))
			switch {
			case name == "style", strings.HasPrefix(name, "on"):
				found = append(found, name+"=")
			case script && name == "src":
				src = true
			}
		case html.StartTagCloseToken:
			if script && !src {
				found = append(found, "<script> without src")
			}
			script = false
		}
	}
}

// TestNoInlineCode checks every page for code that the site's
// Content-Security-Policy would refuse to run or apply.
func TestNoInlineCode(t *testing.T) {
	if got := inlineCode([]byte(`<p style="x" onclick="y"><script>z</script><style>p{}</style><script defer src="/a.js"></script>`)); len(got) != 4 {
		t.Fatalf("inlineCode finds %q in a page with four inline pieces", got)
	}
	cfg, _ := builtRepository(t)
	n := 0
	for p, data := range readTree(t, cfg.Out) {
		if path.Ext(p) != ".html" {
			continue
		}
		n++
		for _, f := range inlineCode(data) {
			t.Errorf("%s: %s is refused under the site's Content-Security-Policy", p, f)
		}
	}
	if n != 91 {
		t.Errorf("checked %d pages, want 91", n)
	}
}
