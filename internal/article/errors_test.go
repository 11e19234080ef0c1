package article

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/httpstatus/site/internal/diag"
	"github.com/httpstatus/site/internal/highlight"
)

// TestBadArticles parses one made-up article per kind of mistake and
// compares every message, error or warning, with the exact text expected.
func TestBadArticles(t *testing.T) {
	tests := []struct {
		file     string
		errors   []string
		warnings []string
	}{
		{"yaml-syntax.md", []string{
			"yaml-syntax.md:2:1: front matter: invalid YAML: did not find expected ',' or ']'",
		}, nil},
		{"no-title.md", []string{
			`no-title.md:1:1: front matter has no title (hint: add a line such as "title: List of HTTP status codes")`,
		}, nil},
		{"wrong-type.md", []string{
			`wrong-type.md:3:1: front matter: imageWidth: want a whole number, got "wide"`,
		}, nil},
		{"unclosed.md", []string{
			`unclosed.md:1:1: front matter opened here is never closed (hint: end the front matter with a line "---")`,
		}, nil},
		{"no-front-matter.md", []string{
			`no-front-matter.md:1:1: missing front matter (hint: start the file with a line "---", the front matter, and another "---")`,
		}, nil},
		{"empty.md", []string{
			"empty.md:1:1: file is empty (hint: the article needs front matter and at least one code section)",
		}, nil},
		{"blank.md", []string{
			"blank.md:1:1: file is empty (hint: the article needs front matter and at least one code section)",
		}, nil},
		{"two-digits.md", []string{
			`two-digits.md:30:5: code "40" is not three digits (hint: a code heading reads "### 404 Not Found")`,
		}, nil},
		{"not-digits.md", []string{
			`not-digits.md:30:5: code "4o4" is not three digits (hint: a code heading reads "### 404 Not Found")`,
		}, nil},
		{"range.md", []string{
			"range.md:32:5: code 600 is outside 100-599 (hint: HTTP status codes run from 100 to 599)",
		}, nil},
		{"wrong-class.md", []string{
			`wrong-class.md:32:5: code 410 is under the 5xx section (hint: move it under the "## 4xx ... Status Codes" heading)`,
		}, nil},
		{"repeat.md", []string{
			"repeat.md:30:5: code 404 repeats line 26 (hint: remove one of the two sections)",
		}, nil},
		{"no-description.md", []string{
			"no-description.md:30:1: code 410 has no description (hint: add a paragraph under the heading)",
		}, nil},
		{"dangling.md", []string{
			"dangling.md:30:6: link to #499-foo, which no heading defines",
			"dangling.md:30:26: link to #404-not-fond, which no heading defines (hint: did you mean #404-not-found?)",
		}, nil},
		{"unlisted.md", nil, []string{
			"unlisted.md:30:1: code 410 is not linked from the list of codes (hint: add [410 Gone](#410-gone) to the list of its class)",
		}},
		{"invalid-utf8.md", []string{
			"invalid-utf8.md:30:11: invalid UTF-8 (hint: save the file as UTF-8)",
		}, nil},
		{"several.md", []string{
			`several.md:30:5: code "99" is not three digits (hint: a code heading reads "### 404 Not Found")`,
			"several.md:34:5: code 404 repeats line 26 (hint: remove one of the two sections)",
			"several.md:40:2: link to #nowhere, which no heading defines",
		}, nil},
		{"no-codes.md", []string{
			`no-codes.md:1:1: no code sections found (hint: add sections such as "### 404 Not Found" under "## 4xx Client Error Status Codes")`,
		}, nil},
	}
	p := NewParser(highlight.New(nil).Extension())
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", "bad", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			a, err := p.Parse(tt.file, src)
			if diff := cmp.Diff(tt.errors, messages(err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			var warnings []string
			if a != nil {
				for _, w := range a.Warnings {
					warnings = append(warnings, w.Error())
				}
			}
			if diff := cmp.Diff(tt.warnings, warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

// messages returns the messages of a diag.List, or nil.
func messages(err error) []string {
	if err == nil {
		return nil
	}
	var list diag.List
	if !errors.As(err, &list) {
		return []string{"not a diag.List: " + err.Error()}
	}
	var got []string
	for _, e := range list {
		got = append(got, e.Error())
	}
	return got
}

// TestManyErrors checks that one parse reports at most MaxErrors problems.
func TestManyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\ntitle: T\n---\n\n## 4xx Client Error Status Codes\n\n")
	for i := 0; i < 80; i++ {
		b.WriteString("### 404 Again\n\nx\n\n")
	}
	_, err := NewParser(highlight.New(nil).Extension()).Parse("many.md", []byte(b.String()))
	if got := len(messages(err)); got != MaxErrors {
		t.Errorf("%d errors reported, want %d", got, MaxErrors)
	}
}

// TestLineEndings checks that a byte-order mark and CRLF line endings
// parse to the same article as plain LF.
func TestLineEndings(t *testing.T) {
	src, err := os.ReadFile(realArticle)
	if err != nil {
		t.Fatal(err)
	}
	p := NewParser(highlight.New(nil).Extension())
	want, err := p.Parse("a.md", src)
	if err != nil {
		t.Fatal(err)
	}
	crlf := append([]byte("\uFEFF"), []byte(strings.ReplaceAll(string(src), "\n", "\r\n"))...)
	got, err := p.Parse("a.md", crlf)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("BOM and CRLF change the article (-LF +CRLF):\n%s", diff)
	}
}
