package article

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/httpstatus/site/internal/highlight"
	"github.com/httpstatus/site/internal/timebound"
)

// hangGuard bounds a parse in the tests of hostile articles. It is a
// guard against a parse that never ends, not a measure of speed: each of
// them takes milliseconds.
const hangGuard = 30 * time.Second

// parseWithin parses src as f.md, failing the test if the parse has not
// ended after hangGuard.
func parseWithin(t *testing.T, p *Parser, src string) (*Article, error) {
	t.Helper()
	var a *Article
	var err error
	if err := timebound.Run(hangGuard, func() { a, err = p.Parse("f.md", []byte(src)) }); err != nil {
		t.Fatalf("parse: %v", err)
	}
	return a, err
}

// article returns a valid article whose code 404 is described by body.
func articleWith(body string) string {
	return "---\ntitle: T\n---\n\n- **4xx (Client Error)**: bad\n\n[404 Not Found](#404-not-found)\n\n" +
		"## 4xx Client Error Status Codes\n\n### 404 Not Found\n\n" + body + "\n"
}

// allCodes returns a valid article with every code from 100 to 599, and
// then extra.
func allCodes(extra string) string {
	var b strings.Builder
	b.WriteString("---\ntitle: T\n---\n\n")
	for c := 100; c < 600; c++ {
		if c%100 == 0 {
			fmt.Fprintf(&b, "## %dxx Some Status Codes\n\n", c/100)
		}
		fmt.Fprintf(&b, "### %d Code\n\nText.\n\n", c)
	}
	return b.String() + extra
}

// TestLimits checks each limit of the article: an article just within it
// parses, one past it fails at once, at the place where it passes the
// limit, saying by how much.
func TestLimits(t *testing.T) {
	deepList := func(n int) string { return strings.Repeat("- ", n) + "x" }
	indented := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + "- x\n")
		}
		return b.String()
	}
	links := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString("[a](#404-not-found)")
			if i%100 == 99 {
				b.WriteString("\n")
			}
		}
		return b.String()
	}
	const head = 13 // the line of articleWith's body
	tests := []struct {
		name string
		src  string
		want []string // errors
	}{
		{"size within", articleWith(strings.Repeat("word ", 1000) + strings.Repeat("\n\nword", (MaxSize-5300)/6)), nil},
		{"size", articleWith(strings.Repeat("word\n", MaxSize/5)), []string{
			"f.md:209701:2: file is 1048711 bytes, over the limit of 1048576 bytes, which falls here (hint: split the article or shorten it)"}},
		{"line within", articleWith(strings.Repeat("a", MaxLineLength)), nil},
		{"line", articleWith(strings.Repeat("a", MaxLineLength+1)), []string{
			fmt.Sprintf("f.md:%d:8193: line is 8193 bytes long, over the limit of 8192 bytes, which falls here (hint: break the line in two)", head)}},
		{"last line", articleWith("x") + strings.Repeat("é", MaxLineLength), []string{
			fmt.Sprintf("f.md:%d:4097: line is 16384 bytes long, over the limit of 8192 bytes, which falls here (hint: break the line in two)", head+1)}},
		{"front matter line", "---\ntitle: " + strings.Repeat("a", MaxLineLength) + "\n---\n", []string{
			"f.md:2:8193: line is 8199 bytes long, over the limit of 8192 bytes, which falls here (hint: break the line in two)"}},
		{"list within", articleWith(deepList(MaxDepth)), nil},
		{"list", articleWith(deepList(40)), []string{
			fmt.Sprintf("f.md:%d:65: line nests 40 levels deep, over the limit of 32, which falls here (hint: each >, list marker and two columns of indentation at the start of a line nest one level; use fewer)", head)}},
		{"ordered list", articleWith(strings.Repeat("1. ", 33) + "x"), []string{
			fmt.Sprintf("f.md:%d:97: line nests 33 levels deep, over the limit of 32, which falls here (hint: each >, list marker and two columns of indentation at the start of a line nest one level; use fewer)", head)}},
		{"quote", articleWith(strings.Repeat(">", 1000) + " x"), []string{
			fmt.Sprintf("f.md:%d:33: line nests 1000 levels deep, over the limit of 32, which falls here (hint: each >, list marker and two columns of indentation at the start of a line nest one level; use fewer)", head)}},
		{"indentation within", articleWith(indented(MaxDepth)), nil},
		{"indentation", articleWith(indented(MaxDepth + 1)), []string{
			fmt.Sprintf("f.md:%d:65: line nests 33 levels deep, over the limit of 32, which falls here (hint: each >, list marker and two columns of indentation at the start of a line nest one level; use fewer)", head+MaxDepth)}},
		{"thematic break", articleWith("text\n\n" + strings.Repeat("- ", 100)), nil},
		{"front matter nests freely", "---\ntitle: T\n" + strings.Repeat(" ", 100) + "# deep comment\n---\n" + articleWith("x")[len("---\ntitle: T\n---\n"):], nil},
		{"links within", articleWith(links(MaxLinks - 1)), nil},
		{"links", articleWith(links(MaxLinks + 10)), []string{
			// The intro links once: the 5001st "[" is the 100th of the body's 50th line.
			fmt.Sprintf("f.md:%d:1882: more than 5000 links, the limit (hint: the limit counts every \"[\", where each link and image starts)", head+49)}},
		{"codes within", allCodes(""), nil},
		{"codes", allCodes("### 100 Again\n\nText.\n"), []string{
			"f.md:2015:5: more than 500 code sections, the limit (hint: each code from 100 to 599 has one section)"}},
	}
	p := NewParser(highlight.New(nil).Extension())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseWithin(t, p, tt.src)
			if diff := cmp.Diff(tt.want, messages(err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLinkPlaces checks the place of every link of a line that holds
// many, after characters of several bytes: each is counted on from the
// one before.
func TestLinkPlaces(t *testing.T) {
	const n = 300
	line := strings.Repeat("é [a](#404-not-found) ", n)
	a, err := parseWithin(t, NewParser(highlight.New(nil).Extension()), articleWith(line+"\n\nlast [b](#404-not-found)"))
	if err != nil {
		t.Fatal(err)
	}
	got := a.Links[1:] // the first is the intro's
	var want []Link
	for i := range n {
		want = append(want, Link{Dest: "#404-not-found", Line: 13, Col: 4 + i*22}) // at the link's text
	}
	want = append(want, Link{Dest: "#404-not-found", Line: 15, Col: 7})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("links (-want +got):\n%s", diff)
	}
}
