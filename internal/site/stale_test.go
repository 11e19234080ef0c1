package site

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyTree copies the directory src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// edit is a change to one file of a copy of the repository: in turn,
// each old string of repl replaced by the new one after it, or, for an
// empty old string, the new one appended.
type edit struct {
	name, file string
	repl       []string
}

// apply makes the edit under root, failing the test if a string to
// replace is missing.
func (e edit) apply(t *testing.T, root string) {
	t.Helper()
	p := filepath.Join(root, e.file)
	data, err := os.ReadFile(p)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	s := string(data)
	for i := 0; i+1 < len(e.repl); i += 2 {
		old, new := e.repl[i], e.repl[i+1]
		switch {
		case old == "":
			s += new
		case !strings.Contains(s, old):
			t.Fatalf("%s: %s lacks %q", e.name, e.file, old)
		default:
			s = strings.ReplaceAll(s, old, new)
		}
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// mentionedBy lists on a code page the codes whose descriptions name it:
// data of other entries than the page's own.
const mentionedBy = `<h3>Mentioned by</h3><ul class="mentioned-by">` +
	`{{range $o := .Article.Entries}}{{range $o.Mentions}}{{if eq . $.Entry.Code}}<li>{{$o.Title}}</li>{{end}}{{end}}{{end}}</ul>
<p class="back">`

// staleEdits is a writer's session: the article, the facts, the templates
// and the assets, each changed in a way that reaches pages other than the
// one edited.
var staleEdits = []edit{
	{"description", "content/http-status-codes.md", []string{"did not find a current representation", "found no current representation"}},
	{"heading", "content/http-status-codes.md", []string{"410 Gone", "410 Gone Forever", "#410-gone", "#410-gone-forever"}},
	{"common codes", "content/http-status-codes.md", []string{", [**403**](#403-forbidden)", ""}},
	{"fact value", "content/codes.yaml", []string{"No user has the id 999.", "No user has the id 9999."}},
	{"constant", "content/constants.yaml", []string{"404: StatusNotFound", "404: StatusNotFoundHere"}},
	{"related codes", "content/codes.yaml", []string{"related: [410]", "related: [410, 451]"}},
	{"template showing other entries", "templates/code.html", []string{`<p class="back">`, mentionedBy}},
	{"a description names another code", "content/http-status-codes.md", []string{"is not intended for serious use.", "is not intended for serious use, unlike 451."}},
	{"stylesheet", "assets/style.css", []string{"", "\n.mentioned-by{margin:0}\n"}},
	{"script", "assets/site.js", []string{"", "\n// edited\n"}},
	{"title", "content/http-status-codes.md", []string{"title: List of HTTP status codes\nexcerpt", "title: HTTP status codes, all of them\nexcerpt"}},
	{"class definition", "content/http-status-codes.md", []string{"The request was received and is being processed", "The request was received; processing goes on"}},
	{"note", "content/http-status-codes.md", []string{"### 410 Gone Forever\n\n", "### 410 Gone Forever\n\n**[Specific to nothing](https://example.test/note)**\n\n"}},
	{"example", "content/http-status-codes.md", []string{"Example: `GET", "Example: `HEAD"}},
	{"header partial", "templates/partials/header.html", []string{`class="brand"`, `class="brand" data-edited`}},
	{"entry partial", "templates/partials/entry.html", []string{`<section class="entry"`, `<section class="entry edited"`}},
	{"fact status", "content/codes.yaml", []string{"name: Not Found\n", "name: Not Found\n  status: deprecated\n"}},
	{"fact headers", "content/codes.yaml", []string{`- "Allow: GET, HEAD"`, `- "Allow: GET"`}},
	{"favicon", "assets/favicon.svg", []string{"</svg>", "<!-- edited --></svg>"}},
	{"new asset", "assets/extra.css", []string{"", "body{color:red}\n"}},
	{"code renamed back", "content/http-status-codes.md", []string{"410 Gone Forever", "410 Gone", "#410-gone-forever", "#410-gone"}},
	{"mention removed", "content/http-status-codes.md", []string{", unlike 451.", "."}},
	{"related list emptied", "content/codes.yaml", []string{"related: [410, 451]", "related: []"}},
}

// TestNoStalePages checks that after each edit of a writer's session a
// long-lived Builder, as the dev server keeps, and a one-shot build with
// a disk cache that the builds before filled both write exactly what a
// build with no cache writes.
func TestNoStalePages(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for _, d := range []string{"content", "templates", "assets"} {
		copyTree(t, filepath.Join("../..", d), filepath.Join(root, d))
	}
	cfg := func(out, cache string) Config {
		return Config{
			Content:   filepath.Join(root, "content"),
			Templates: filepath.Join(root, "templates"),
			Assets:    filepath.Join(root, "assets"),
			Out:       filepath.Join(root, out),
			BaseURL:   DefaultBaseURL,
			Cache:     cache,
		}
	}
	live := NewBuilder(cfg("live", filepath.Join(root, "live-cache")))
	oneShot := cfg("one-shot", filepath.Join(root, "disk-cache"))
	fresh := cfg("fresh", "")
	for i, e := range append([]edit{{name: "no edit"}}, staleEdits...) {
		if i > 0 {
			e.apply(t, root)
		}
		if _, err := live.Build(); err != nil {
			t.Fatalf("%s: long-lived builder: %v", e.name, err)
		}
		if _, err := Build(oneShot); err != nil {
			t.Fatalf("%s: one-shot build: %v", e.name, err)
		}
		if _, err := Build(fresh); err != nil {
			t.Fatalf("%s: build without a cache: %v", e.name, err)
		}
		want := readTree(t, fresh.Out)
		for name, out := range map[string]string{"long-lived builder": "live", "one-shot build with a disk cache": "one-shot"} {
			if diff := treeDiff(want, readTree(t, filepath.Join(root, out))); diff != "" {
				t.Errorf("after %q, the %s wrote otherwise than a build without a cache (-want +got):\n%s", e.name, name, diff)
			}
		}
	}
	// The session's edits showed on the pages: the list of other entries,
	// filled by the mention, then emptied by its removal.
	page := string(readTree(t, fresh.Out)["codes/451.html"])
	if !strings.Contains(page, `class=mentioned-by></ul>`) {
		t.Errorf("codes/451.html does not show an emptied mentioned-by list:\n%s", page)
	}
}
