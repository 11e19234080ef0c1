package article

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/httpstatus/site/internal/highlight"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

const realArticle = "../../content/http-status-codes.md"

func parseFile(t testing.TB, path string) *Article {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := NewParser(highlight.New(nil).Extension()).Parse(path, src)
	if err != nil {
		t.Fatalf("Parse(%s): %v", path, err)
	}
	return a
}

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

func TestRealArticleFrontMatter(t *testing.T) {
	a := parseFile(t, realArticle)
	want := FrontMatter{
		Title:       "List of HTTP status codes",
		Excerpt:     "This article provides a comprehensive list of HTTP status codes, their definitions, and use cases.",
		Image:       "list-http-response-status-codes.png",
		ImageAlt:    "cloud of words, including 200, 404, 500, 201, 400, 401, 403, 301",
		ImageWidth:  1200,
		ImageHeight: 400,
		Order:       41,
	}
	want.Meta.Title = "List of HTTP status codes"
	want.Meta.Description = want.Excerpt
	if diff := cmp.Diff(want, a.Front); diff != "" {
		t.Errorf("front matter (-want +got):\n%s", diff)
	}
}

func TestRealArticleClasses(t *testing.T) {
	a := parseFile(t, realArticle)
	type class struct {
		Label, Name, Definition, Anchor string
		Codes                           int
	}
	want := []class{
		{"1xx", "Informational", "The request was received and is being processed", "1xx-informational-status-codes", 4},
		{"2xx", "Successful", "The request was successfully received, understood, and accepted", "2xx-successful-status-codes", 10},
		{"3xx", "Redirection", "Further action must be taken to complete the request", "3xx-redirection-status-codes", 8},
		{"4xx", "Client Error", "The request contains bad syntax or cannot be fulfilled", "4xx-client-error-status-codes", 29},
		{"5xx", "Server Error", "The server failed to fulfill a valid request", "5xx-server-error-status-codes", 11},
	}
	var got []class
	for _, c := range a.Classes {
		got = append(got, class{c.Label(), c.Name, c.Definition, c.Anchor, len(a.EntriesOf(c))})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("classes (-want +got):\n%s", diff)
	}
}

// TestRealArticleEntries checks every entry's code, name, anchor and class
// against the golden list, and each anchor against the article's own links.
func TestRealArticleEntries(t *testing.T) {
	a := parseFile(t, realArticle)
	if len(a.Entries) != 62 {
		t.Errorf("got %d entries, want 62", len(a.Entries))
	}
	var b strings.Builder
	for _, e := range a.Entries {
		fmt.Fprintf(&b, "%d\t%s\t%s\t%s\n", e.Code, e.Name, e.Anchor, e.Class.Label())
		if e.Class.Digit != e.Code/100 {
			t.Errorf("%d is in class %s", e.Code, e.Class.Label())
		}
	}
	golden(t, "real-entries.txt", b.String())

	linked := map[string]bool{}
	for _, l := range a.Links {
		linked[strings.TrimPrefix(l.Dest, "#")] = true
	}
	for _, e := range a.Entries {
		if !linked[e.Anchor] {
			t.Errorf("anchor %q of %d is not one the article links to", e.Anchor, e.Code)
		}
	}
	for _, anchor := range []string{"404-not-found", "418-im-a-teapot", "203-non-authoritative-information"} {
		found := false
		for _, e := range a.Entries {
			found = found || e.Anchor == anchor
		}
		if !found {
			t.Errorf("no entry has anchor %q", anchor)
		}
	}
	if len(a.Warnings) != 0 {
		t.Errorf("warnings on the real article: %v", a.Warnings)
	}
}

func TestRealArticleNotes(t *testing.T) {
	a := parseFile(t, realArticle)
	const rfc = "https://datatracker.ietf.org/doc/html/rfc"
	webdav := func(n string) Note { return Note{NoteWebDAV, "Specific to WebDAV", rfc + n} }
	want := map[int]Note{
		102: webdav("2518"),
		207: webdav("4918"),
		208: webdav("5842"),
		305: {NoteDeprecated, "Deprecated", rfc + "7231"},
		418: {NoteAprilFools, "RFC 2324 - April Fools' RFC", rfc + "2324"},
		422: webdav("4918"),
		423: webdav("4918"),
		424: webdav("4918"),
		507: webdav("4918"),
		508: webdav("5842"),
	}
	got := map[int]Note{}
	for _, e := range a.Entries {
		if e.Note != nil {
			got[e.Code] = *e.Note
			if strings.Contains(string(e.Description), e.Note.URL) {
				t.Errorf("%d: the note is repeated in the description", e.Code)
			}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
}

func TestRealArticleExamples(t *testing.T) {
	a := parseFile(t, realArticle)
	want := map[int]Example{
		200: {"GET /api/v1/users/123 returning user data.", "GET /api/v1/users/123"},
		201: {"POST /api/v1/users successfully creating a new user.", "POST /api/v1/users"},
		204: {"DELETE /api/v1/users/123 successfully deleting a user.", "DELETE /api/v1/users/123"},
		405: {"sending a POST request to an endpoint that only accepts GET.", ""},
		409: {"trying to create a user with an email that already exists.", ""},
	}
	got := map[int]Example{}
	for _, e := range a.Entries {
		if e.Example != nil {
			got[e.Code] = *e.Example
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("examples (-want +got):\n%s", diff)
	}
}

func TestRealArticleCommon(t *testing.T) {
	a := parseFile(t, realArticle)
	var got []int
	for _, e := range a.Entries {
		if e.Common {
			got = append(got, e.Code)
		}
	}
	want := []int{200, 201, 400, 401, 403, 404, 500}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("most common codes (-want +got):\n%s", diff)
	}
}

func TestRealArticleSections(t *testing.T) {
	a := parseFile(t, realArticle)
	var others []string
	entries := 0
	for _, s := range a.Sections {
		if s.Entry != nil {
			entries++
			continue
		}
		others = append(others, fmt.Sprintf("h%d %s #%s", s.Level, s.Title, s.Anchor))
	}
	want := []string{
		"h2 What is an HTTP status code? #what-is-an-http-status-code",
		"h2 List of HTTP status codes #list-of-http-status-codes",
		"h3 1xx Informational #1xx-informational",
		"h3 2xx Successful #2xx-successful",
		"h3 3xx Redirection #3xx-redirection",
		"h3 4xx Client Error #4xx-client-error",
		"h3 5xx Server Error #5xx-server-error",
		"h2 1xx Informational Status Codes #1xx-informational-status-codes",
		"h2 2xx Successful Status Codes #2xx-successful-status-codes",
		"h2 3xx Redirection Status Codes #3xx-redirection-status-codes",
		"h2 4xx Client Error Status Codes #4xx-client-error-status-codes",
		"h2 5xx Server Error Status Codes #5xx-server-error-status-codes",
		"h3 Custom HTTP status codes? #custom-http-status-codes",
	}
	if diff := cmp.Diff(want, others); diff != "" {
		t.Errorf("sections that are not codes (-want +got):\n%s", diff)
	}
	if entries != 62 {
		t.Errorf("%d code sections, want 62", entries)
	}
	last := a.Sections[len(a.Sections)-1]
	if !strings.Contains(string(last.HTML), "custom status codes should be used with caution") {
		t.Errorf("the custom codes section lost its text: %q", last.HTML)
	}
}

func TestRealArticleDescriptions(t *testing.T) {
	a := parseFile(t, realArticle)
	tests := []struct {
		code    int
		summary string
		html    string
	}{
		{404, "The 404 Not Found status code indicates that the origin server did not find a current representation for the target resource or is not willing to disclose that one exists.",
			"<p>The <strong>404 Not Found</strong> status code indicates"},
		{429, `The 429 Too Many Requests status code indicates that the user has sent too many requests in a given amount of time ("rate limiting").`,
			"This is commonly used to prevent abuse and ensure fair usage.</p>"},
		{200, "The 200 OK status code indicates that the request has succeeded.",
			"Example: <code>GET /api/v1/users/123</code> returning user data.</p>"},
	}
	for _, tt := range tests {
		e := a.Entry(tt.code)
		if e == nil {
			t.Fatalf("no entry %d", tt.code)
		}
		if e.Summary != tt.summary {
			t.Errorf("%d summary = %q, want %q", tt.code, e.Summary, tt.summary)
		}
		if !strings.Contains(string(e.Description), tt.html) {
			t.Errorf("%d description lacks %q:\n%s", tt.code, tt.html, e.Description)
		}
	}
}
