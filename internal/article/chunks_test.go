package article

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/httpstatus/site/internal/highlight"
)

// sameInChunks parses src whole and in chunks as short as possible and
// returns how the two differ, or "".
func sameInChunks(p *Parser, src []byte) string {
	whole, werr := p.parse("f.md", src, Options{}, 1, len(src)+1)
	chunked, cerr := p.parse("f.md", src, Options{}, len(src), 1)
	if diff := cmp.Diff(fmt.Sprint(werr), fmt.Sprint(cerr)); diff != "" {
		return "errors (-whole +chunked):\n" + diff
	}
	if diff := cmp.Diff(whole, chunked); diff != "" {
		return "articles (-whole +chunked):\n" + diff
	}
	return ""
}

// TestChunks checks that articles parsed in chunks come out as parsed
// whole: the real article, the made-up ones, and sources that defeat
// chunks, such as link reference definitions, repeated headings, fenced
// code holding headings and HTML blocks.
func TestChunks(t *testing.T) {
	paths, _ := filepath.Glob("testdata/bad/*.md")
	paths = append(paths, realArticle, "../../cmd/build/testdata/v1/http-status-codes.md", "../../cmd/build/testdata/v2/http-status-codes.md")
	sources := map[string][]byte{}
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sources[path] = src
	}
	real := string(sources[realArticle])
	for _, edit := range []struct{ name, old, new, end string }{
		{"reference defined late", "](https://datatracker.ietf.org/doc/html/rfc4918)**", "][webdav]**",
			"\n[webdav]: https://example.test/webdav\n"},
		{"heading repeated across chunks", "## What is an HTTP status code?\n", "## What is an HTTP status code?\n",
			"\n## What is an HTTP status code?\n\nAgain.\n"},
		{"headings in fenced code", "### 404 Not Found\n",
			"### 404 Not Found\n\n```\n## 5xx Server Error Status Codes\n### 999 Fake\n```\n\n~~~~\n# no\n```\n# still no\n~~~~\n", ""},
		{"html block", "### 404 Not Found\n", "<div>\n### 405 Hidden\n</div>\n\n### 404 Not Found\n", ""},
		{"unclosed fence", "### 410 Gone\n", "```\n### 410 Gone\n", ""},
	} {
		if !strings.Contains(real, edit.old) {
			t.Fatalf("%s: the article no longer has %q", edit.name, edit.old)
		}
		sources[edit.name] = []byte(strings.Replace(real, edit.old, edit.new, 1) + edit.end)
	}
	p := NewParser(highlight.New())
	for name, src := range sources {
		if diff := sameInChunks(p, src); diff != "" {
			t.Errorf("%s: %s", name, diff)
		}
	}

	// The real article does split.
	st := &state{src: sources[realArticle]}
	st.lines = lineStarts(st.src)
	if n := len(st.split(0, len(st.src), 1)); n < 60 {
		t.Errorf("the real article splits into %d chunks, want one per heading at least", n)
	}
}
