package published

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	src := `# a comment
/

/#404-not-found 404
/#4xx-client-error-status-codes 4xx
/#what-is-an-http-status-code
   /codes/404   
/codes/404#specification
`
	l, err := Parse("published.txt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{URL: "/", Line: 2},
		{URL: "/#404-not-found", Code: 404, Line: 4},
		{URL: "/#4xx-client-error-status-codes", Class: 4, Line: 5},
		{URL: "/#what-is-an-http-status-code", Line: 6},
		{URL: "/codes/404", Line: 7},
		{URL: "/codes/404#specification", Line: 8},
	}
	if diff := cmp.Diff(want, l.Entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	for _, e := range want {
		if !l.Has(e.URL) {
			t.Errorf("Has(%q) = false", e.URL)
		}
	}
	if l.Has("/codes/418") {
		t.Error(`Has("/codes/418") = true`)
	}
	if p, a := want[5].Path(), want[5].Anchor(); p != "/codes/404" || a != "specification" {
		t.Errorf("Path, Anchor = %q, %q", p, a)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"codes/404\n", `published.txt:1:1: "codes/404" is not a path that starts with one /`},
		{"/\n//evil.example/x\n", `published.txt:2:1: "//evil.example/x" is not a path that starts with one /`},
		{"https://example.com/\n", `published.txt:1:1: "https://example.com/" is not a path`},
		{"/codes.json?v=1\n", `published.txt:1:1: "/codes.json?v=1" has a query`},
		{"/#\n", `published.txt:1:1: "/#" has an empty anchor`},
		{"/#404-not-found 404 extra\n", `published.txt:1:1: "/#404-not-found 404 extra" has more than an address`},
		{"/#404-not-found four\n", `published.txt:1:1: "four" is neither a code such as 404 nor a class such as 4xx`},
		{"/#404-not-found 4040\n", `published.txt:1:1: "4040" is neither a code`},
		{"/#x 6xx\n", `published.txt:1:1: "6xx" is neither a code`},
		{"/codes/404#specification 404\n", "published.txt:1:1: /codes/404#specification names 404, but only an anchor of the index"},
		{"/codes/404 404\n", "published.txt:1:1: /codes/404 names 404, but only an anchor of the index"},
		{"/a\n/b\n/a\n", "published.txt:3:1: /a repeats line 1"},
		{"/#x 404\n/#x 405\n", "published.txt:2:1: /#x repeats line 1"},
	}
	for _, tt := range tests {
		_, err := Parse("published.txt", []byte(tt.src))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want %q", tt.src, err, tt.want)
		}
	}
}

// TestAppend checks that appended lines read back as the entries they
// came from, after every line the file had, comments and all.
func TestAppend(t *testing.T) {
	add := []Entry{{URL: "/codes/599"}, {URL: "/#599-new", Code: 599}, {URL: "/#6xx", Class: 0}, {URL: "/#5xx-x", Class: 5}}
	for _, start := range []string{"", Header, Header + "/", Header + "/\n"} {
		data := Append([]byte(start), add)
		if !strings.HasPrefix(string(data), start) {
			t.Errorf("Append changed what the file held:\n%s", data)
		}
		l, err := Parse("published.txt", data)
		if err != nil {
			t.Fatal(err)
		}
		got := l.Entries[len(l.Entries)-len(add):]
		for i := range got {
			got[i].Line = 0
		}
		if diff := cmp.Diff(add, got); diff != "" {
			t.Errorf("appended to %q (-want +got):\n%s", start, diff)
		}
	}
}
