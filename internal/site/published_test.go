package site

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/published"
)

// copyRepository copies the repository's content, templates and assets
// to a temporary directory, applies the edits, and returns a
// configuration that builds the copy with a disk cache shared by the
// package's tests.
func copyRepository(t *testing.T, edits ...edit) Config {
	t.Helper()
	root := t.TempDir()
	for _, dir := range []string{"content", "templates", "assets"} {
		copyTree(t, filepath.Join("../..", dir), filepath.Join(root, dir))
	}
	for _, e := range edits {
		e.apply(t, root)
	}
	return Config{
		Content:   filepath.Join(root, "content"),
		Templates: filepath.Join(root, "templates"),
		Assets:    filepath.Join(root, "assets"),
		Out:       filepath.Join(root, "public"),
		BaseURL:   DefaultBaseURL,
		Cache:     filepath.Join(repository.dir, "cache"),
	}
}

// lineOf returns the line of the list of cfg's content that holds url.
func lineOf(t *testing.T, cfg Config, url string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(cfg.Content, published.File))
	if err != nil {
		t.Fatal(err)
	}
	l, err := published.Parse(published.File, data)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range l.Entries {
		if e.URL == url {
			return e.Line
		}
	}
	t.Fatalf("the list has no %s", url)
	return 0
}

// TestPublishedComplete checks that the repository's list holds every
// address its site publishes, so that none can go unnoticed.
func TestPublishedComplete(t *testing.T) {
	t.Parallel()
	_, r := builtRepository(t)
	for _, w := range r.Warnings {
		if strings.HasSuffix(w.Path, published.File) {
			t.Errorf("%v", w)
		}
	}
}

// TestAnchorsKept renames headings of a code and of a class: each keeps
// its old id, which links already published point to, on the index,
// right above the heading that now has another.
func TestAnchorsKept(t *testing.T) {
	t.Parallel()
	cfg := copyRepository(t,
		edit{"code renamed", "content/http-status-codes.md", []string{"### 413 Payload Too Large", "### 413 Content Too Large",
			"(#413-payload-too-large)", "(#413-content-too-large)"}}, // the article's own links follow, as its parser asks
		edit{"class renamed", "content/http-status-codes.md", []string{"## 5xx Server Error Status Codes", "## 5xx Server Errors"}},
	)
	r := build(t, cfg)
	index := readTree(t, cfg.Out)["index.html"]
	for _, want := range []string{
		`<span id=413-payload-too-large></span><h3 id=413-content-too-large>`,
		`<span id=5xx-server-error-status-codes></span><h2 id=5xx-server-errors>`,
	} {
		if !strings.Contains(string(index), want) {
			t.Errorf("index lacks %s", want)
		}
	}
	var warned string
	for _, w := range r.Warnings {
		if strings.HasSuffix(w.Path, published.File) {
			warned = w.Error()
		}
	}
	for _, want := range []string{"/#413-content-too-large", "/#5xx-server-errors", "run " + recordCommand} {
		if !strings.Contains(warned, want) {
			t.Errorf("no warning of the new anchor %s: %q", want, warned)
		}
	}
}

// TestPublishedBroken makes changes that would break published
// addresses: each build fails, naming the list's lines.
func TestPublishedBroken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edits []edit
		want  func(Config) []string // each contained in the error
	}{
		{"code removed", []edit{{"418 gone", "content/http-status-codes.md", []string{"### 418 I'm a teapot", "### 419 I'm a teapot",
			"(#418-im-a-teapot)", "(#419-im-a-teapot)"}}},
			func(c Config) []string {
				return []string{
					fmt.Sprintf("published.txt:%d:1: /codes/418 no longer resolves: no file, page or redirect of the site is at /codes/418", lineOf(t, c, "/codes/418")),
					fmt.Sprintf("published.txt:%d:1: /418 no longer resolves", lineOf(t, c, "/418")),
					fmt.Sprintf("published.txt:%d:1: /codes/418.json no longer resolves", lineOf(t, c, "/codes/418.json")),
					fmt.Sprintf("published.txt:%d:1: /#418-im-a-teapot no longer resolves: / has no element with that id, and the index has no entry for code 418 (hint: keep the code's section in the article)", lineOf(t, c, "/#418-im-a-teapot")),
				}
			}},
		{"section renamed", []edit{{"renamed", "content/http-status-codes.md", []string{"## What is an HTTP status code?", "## What is a status code?"}}},
			func(c Config) []string {
				return []string{fmt.Sprintf("published.txt:%d:1: /#what-is-an-http-status-code no longer resolves: / has no element with that id (hint: only the anchors of codes and classes are kept when their heading's text changes: give the heading its old text back)",
					lineOf(t, c, "/#what-is-an-http-status-code"))}
			}},
		{"template id removed", []edit{{"no id", "templates/code.html", []string{`<h2 id="specification">`, `<h2>`}}},
			func(c Config) []string {
				return []string{fmt.Sprintf("published.txt:%d:1: /codes/404#specification no longer resolves: /codes/404 has no element with that id (hint: keep that id in the page's template)",
					lineOf(t, c, "/codes/404#specification"))}
			}},
		{"old anchor taken", []edit{{"taken", "content/http-status-codes.md", []string{
			"### 413 Payload Too Large", "### 413 Content Too Large",
			"(#413-payload-too-large)", "(#413-content-too-large)",
			"## What is an HTTP status code?", "## 413 Payload Too Large"}}},
			func(c Config) []string {
				return []string{fmt.Sprintf(`published.txt:%d:1: /#413-payload-too-large, published for code 413, is now the id of the heading "413 Payload Too Large" on the index`,
					lineOf(t, c, "/#413-payload-too-large"))}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := copyRepository(t, tt.edits...)
			_, err := Build(cfg)
			if err == nil {
				t.Fatal("the build succeeded")
			}
			for _, want := range tt.want(cfg) {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error lacks %q:\n%v", want, err)
				}
			}
			if _, statErr := os.Stat(cfg.Out); !os.IsNotExist(statErr) {
				t.Errorf("a failed build wrote %s", cfg.Out)
			}
		})
	}
}

// TestRecord takes lines out of a copy of the list: a build warns of
// them, a build with Record appends them, after which a build warns of
// nothing more and the list reads as before, but for the order.
func TestRecord(t *testing.T) {
	t.Parallel()
	cfg := copyRepository(t)
	path := filepath.Join(cfg.Content, published.File)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	removed := map[string]bool{"/codes/418": true, "/#418-im-a-teapot 418": true, "/codes/418#related": true}
	for line := range strings.Lines(string(data)) {
		if !removed[strings.TrimSpace(line)] {
			kept = append(kept, line)
		}
	}
	if len(kept) != strings.Count(string(data), "\n")-len(removed) {
		t.Fatalf("the list lacks one of %v", removed)
	}
	if err := os.WriteFile(path, []byte(strings.Join(kept, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	r := build(t, cfg)
	if len(r.Warnings) == 0 || !strings.Contains(r.Warnings[len(r.Warnings)-1].Error(), "publishes 3 address(es) the list lacks: /#418-im-a-teapot, /codes/418, /codes/418#related") {
		t.Errorf("warnings: %v", r.Warnings)
	}
	cfg.Record = true
	if r := build(t, cfg); r.Recorded != 3 || !strings.Contains(r.String(), "3 addresses recorded") {
		t.Errorf("recorded %d: %s", r.Recorded, r)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Join(kept, "") + "/#418-im-a-teapot 418\n/codes/418\n/codes/418#related\n"; string(got) != want {
		t.Errorf("the list ends:\n%s", got[max(0, len(got)-200):])
	}
	cfg.Record = false
	for _, w := range build(t, cfg).Warnings {
		if w.Path == path {
			t.Errorf("after recording: %v", w)
		}
	}
}

// TestRecordFirstList checks that Record writes the whole list, with its
// header, when the content has none.
func TestRecordFirstList(t *testing.T) {
	t.Parallel()
	cfg := copyRepository(t)
	path := filepath.Join(cfg.Content, published.File)
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if r := build(t, cfg); len(r.Warnings) != 1 { // the article's link to its first home only
		t.Errorf("without a list: warnings %v", r.Warnings)
	}
	cfg.Record = true
	build(t, cfg)
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(got), published.Header) {
		t.Errorf("the new list lacks its header:\n%.300s", got)
	}
	// The repository's list was written this way and only appended to
	// since: the same lines, in another order.
	sorted := func(b []byte) []string { return slices.Sorted(strings.Lines(string(b))) }
	if diff := cmp.Diff(sorted(want), sorted(got)); diff != "" {
		t.Errorf("the list written anew differs from the repository's (-want +got):\n%s", diff)
	}
}

// TestNumericAnchors checks that every code of the index is the target
// of its number, /#404, as well as of its heading's id.
func TestNumericAnchors(t *testing.T) {
	t.Parallel()
	cfg, _ := builtRepository(t)
	index := readTree(t, cfg.Out)["index.html"]
	ids := map[string]bool{}
	for _, id := range elementIDs(index).anchors { // the ids of its headings and sections
		ids[id] = true
	}
	n := 0
	for code := 100; code < 600; code++ {
		has := bytes.Contains(index, fmt.Appendf(nil, " data-code=%d ", code))
		if has != ids[strconv.Itoa(code)] {
			t.Errorf("code %d: an entry %v, a section with its number %v", code, has, ids[strconv.Itoa(code)])
		}
		if has {
			n++
		}
	}
	if n != 86 { // the article's 62 codes and the 24 unofficial ones with pages
		t.Errorf("%d codes on the index, want 86", n)
	}
}

// TestKeepAnchorsTaken checks keepAnchors on its own: an old anchor that
// another code's numeric id, or another heading, has taken is refused.
func TestKeepAnchorsTaken(t *testing.T) {
	c := &article.Class{Digit: 4, Name: "Client Error", Anchor: "4xx-client-error"}
	e404 := &article.Entry{Code: 404, Anchor: "404-not-found", Class: c}
	e410 := &article.Entry{Code: 410, Anchor: "410-gone", Class: c}
	a := &article.Article{Classes: []*article.Class{c}, Entries: []*article.Entry{e404, e410},
		Sections: []*article.Section{{Level: 2, Title: "4xx Client Error", Anchor: c.Anchor, Class: c},
			{Level: 3, Title: "404 Not Found", Anchor: e404.Anchor, Entry: e404},
			{Level: 3, Title: "410 Gone", Anchor: e410.Anchor, Entry: e410}}}
	l, err := published.Parse("published.txt", []byte("/#404-not-found 404\n/#404-missing 404\n/#410 404\n/#404 404\n/#4xx-old 4xx\n/#410-gone 4xx\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = keepAnchors(l, a)
	for _, want := range []string{
		"published.txt:3:1: /#410, published for code 404, is now the id of code 410 on the index",
		`published.txt:6:1: /#410-gone, published for class 4xx, is now the id of the heading "410 Gone" on the index`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("keepAnchors: %v; want %q", err, want)
		}
	}
	if got := fmt.Sprint(e404.Aliases, c.Aliases); got != "[404-missing] [4xx-old]" {
		t.Errorf("aliases %s", got)
	}
}
