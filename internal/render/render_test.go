package render

import (
	"errors"
	"flag"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/constants"
	"github.com/httpstatus/site/internal/diag"
	"github.com/httpstatus/site/internal/facts"
	"github.com/httpstatus/site/internal/highlight"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

var testSite = Site{
	BaseURL: "https://example.test",
	Assets: map[string]string{
		"style.css":   "/assets/style.test.css",
		"favicon.svg": "/assets/favicon.test.svg",
		"site.js":     "/assets/site.test.js",
		"search.json": "/assets/search.test.json",
	},
}

// siteFor returns testSite with the repository's facts and a made-up
// preview image for every page of a.
func siteFor(t testing.TB, a *article.Article) Site {
	t.Helper()
	const path = "../../content/codes.yaml"
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := testSite
	if s.Facts, err = facts.Parse(path, src); err != nil {
		t.Fatal(err)
	}
	if s.Constants, err = constants.Read("../../content"); err != nil {
		t.Fatal(err)
	}
	s.Images = map[string]Image{IndexImageName(a): {URL: "/assets/index.test.png", Width: 1200, Height: 400}}
	for _, e := range a.Entries {
		s.Images[CardName(e.Code)] = Image{URL: "/assets/social/" + itoa(e.Code) + ".test.png", Width: 1200, Height: 630}
	}
	return s
}

func setup(t testing.TB, articlePath string) (*Renderer, *article.Article, Site) {
	t.Helper()
	hl := highlight.New(nil)
	src, err := os.ReadFile(articlePath)
	if err != nil {
		t.Fatal(err)
	}
	a, err := article.NewParser(hl.Extension()).Parse(articlePath, src)
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(os.DirFS("../../templates"), hl)
	if err != nil {
		t.Fatal(err)
	}
	return r, a, siteFor(t, a)
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

func TestGolden(t *testing.T) {
	r, a, site := setup(t, "../../content/http-status-codes.md")
	index, err := r.Index(a, site)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "index.golden.html", index.Body)
	list, err := r.List(a, site)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "codes.golden.html", list.Body)
	for _, code := range []int{404, 200, 418, 422, 101} {
		i := indexOf(a, code)
		p, err := r.Code(a, i, site)
		if err != nil {
			t.Fatal(err)
		}
		if p.Path != CodePath(code) {
			t.Errorf("path = %q, want %q", p.Path, CodePath(code))
		}
		golden(t, filepath.Base(CodeURL(code))+".golden.html", p.Body)
	}
}

func indexOf(a *article.Article, code int) int {
	for i, e := range a.Entries {
		if e.Code == code {
			return i
		}
	}
	return -1
}

// TestCodePage checks what each code page must carry, on every code.
func TestCodePage(t *testing.T) {
	r, a, site := setup(t, "../../content/http-status-codes.md")
	for i, e := range a.Entries {
		p, err := r.Code(a, i, site)
		if err != nil {
			t.Fatal(err)
		}
		body := string(p.Body)
		c := site.Facts.Code(e.Code)
		name := facts.Name(e, c)
		want := []string{
			"<title>" + template.HTMLEscapeString(itoa(e.Code)+" "+name) + " · HTTP status codes</title>",
			"<h1><span class=\"code\">" + itoa(e.Code) + "</span> " + template.HTMLEscapeString(name) + "</h1>",
			`<link rel="canonical" href="https://example.test/codes/` + itoa(e.Code) + `">`,
			`<meta name="description" content="` + template.HTMLEscapeString(e.Summary) + `">`,
			`<a href="/#` + e.Class.Anchor + `">`,
			`<a href="/#` + e.Anchor + `">`,
			`<span class="code">` + itoa(e.Code) + `</span>`,
		}
		if showsNote(e, c) {
			want = append(want, `<p class="note note-`+e.Note.Kind.String()+`"><a href="`+e.Note.URL+`">`)
		} else if strings.Contains(body, `class="note `) {
			t.Errorf("page of %d shows the article's note, which no longer holds or which its description says", e.Code)
		}
		if name != e.Name {
			want = append(want, "The article calls it “"+template.HTMLEscapeString(e.Name)+"”.")
		}
		if i > 0 {
			want = append(want, `rel="prev" href="/codes/`+itoa(a.Entries[i-1].Code)+`"`)
		}
		if i+1 < len(a.Entries) {
			want = append(want, `rel="next" href="/codes/`+itoa(a.Entries[i+1].Code)+`"`)
		}
		if e.Example != nil && e.Example.Code != "" {
			want = append(want, `<pre class="chroma" tabindex="0">`)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("page of %d lacks %q", e.Code, w)
			}
		}
		// Each difference is said once, and the class line is the class's.
		for _, d := range facts.Differences(e, c) {
			if n := strings.Count(body, string(d)); n != 1 {
				t.Errorf("page of %d says %q %d times", e.Code, d, n)
			}
		}
		// The article links each code at most once: the related codes by
		// name, the other codes of the class by number alone.
		art := body[strings.Index(body, "<article"):strings.Index(body, "</article>")]
		for _, m := range codeLinks.FindAllString(art, -1) {
			if n := strings.Count(art, m); n > 1 {
				t.Errorf("page of %d links %s %d times", e.Code, m, n)
			}
		}
		var inStrip []string
		rel := related(a, e, c)
		for _, o := range a.EntriesOf(e.Class) {
			if o != e && !slices.Contains(rel, o) {
				inStrip = append(inStrip, `href="/codes/`+itoa(o.Code)+`"`)
			}
		}
		strip := ""
		if i := strings.Index(art, `<ul class="code-strip">`); i >= 0 {
			strip = art[i : i+strings.Index(art[i:], "</ul>")]
		}
		if diff := cmp.Diff(inStrip, codeLinks.FindAllString(strip, -1)); diff != "" {
			t.Errorf("page of %d: the strip of its class's codes but the related ones (-want +got):\n%s", e.Code, diff)
		}
		if !strings.Contains(body, `<p class="class-line">Class <a href="/#`+e.Class.Anchor+`">`) {
			t.Errorf("page of %d: class line does not name the class", e.Code)
		}
	}
}

// TestShowsNote checks which of the article's notes the code pages show:
// those that still hold and that their descriptions do not say.
func TestShowsNote(t *testing.T) {
	_, a, s := setup(t, "../../content/http-status-codes.md")
	tests := []struct {
		code int
		want bool
	}{
		{102, true},  // Specific to WebDAV, which RFC 2518 is
		{207, true},  // likewise, RFC 4918
		{305, false}, // "Deprecated": the description says "has been deprecated"
		{418, false}, // "April Fools' RFC": the description says "an April Fools' joke"
		{422, false}, // "Specific to WebDAV", no longer: RFC 9110 defines it
		{404, false}, // no note
	}
	for _, tt := range tests {
		if got := showsNote(a.Entry(tt.code), s.Facts.Code(tt.code)); got != tt.want {
			t.Errorf("showsNote(%d) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

// codeLinks matches a link to a code's page.
var codeLinks = regexp.MustCompile(`href="/codes/[0-9]{3}"`)

func itoa(n int) string { return strings.TrimPrefix(CodeURL(n), "/codes/") }

func TestMissingAsset(t *testing.T) {
	r, a, site := setup(t, "../../content/http-status-codes.md")
	s := site
	s.Assets = map[string]string{}
	_, err := r.Index(a, s)
	if err == nil || !strings.Contains(err.Error(), `no asset named "favicon.svg"`) {
		t.Errorf("err = %v, want one naming the missing asset", err)
	}
}

// TestTemplateErrors checks that a template that is missing, fails to
// parse or fails to execute is reported as a diag.Error at its file,
// with the line and, where the template package gives one, the column.
func TestTemplateErrors(t *testing.T) {
	_, a, s := setup(t, "../../content/http-status-codes.md")
	base := `{{define "base"}}[{{template "main" .}}]{{end}}`
	files := func(extra map[string]string) fstest.MapFS {
		fsys := fstest.MapFS{
			"base.html":       {Data: []byte(base)},
			"index.html":      {Data: []byte(`{{define "main"}}index{{end}}`)},
			"codes.html":      {Data: []byte(`{{define "main"}}list{{end}}`)},
			"code.html":       {Data: []byte(`{{define "main"}}{{.Entry.Code}}{{end}}{{define "code-item"}}{{end}}{{define "code-number"}}{{end}}`)},
			"404.html":        {Data: []byte(`{{define "main"}}none{{end}}`)},
			"unofficial.html": {Data: []byte(`{{define "main"}}{{.Code.Code}}{{end}}`)},
		}
		for name, src := range extra {
			if src == "" {
				delete(fsys, name)
			} else {
				fsys[name] = &fstest.MapFile{Data: []byte(src)}
			}
		}
		return fsys
	}
	tests := []struct {
		name  string
		files fstest.MapFS
		want  diag.Error // Path, Line, Col and the start of Msg
	}{
		{"no base", files(map[string]string{"base.html": ""}), diag.Error{Path: "base.html", Msg: "no such file"}},
		{"no code page", files(map[string]string{"code.html": ""}), diag.Error{Path: "code.html", Msg: "no such file"}},
		{"no list page", files(map[string]string{"codes.html": ""}), diag.Error{Path: "codes.html", Msg: "no such file"}},
		{"partial fails to parse", files(map[string]string{"partials/x.html": "{{define \"x\"}}\n{{.A}\n{{end}}"}),
			diag.Error{Path: "partials/x.html", Line: 2, Msg: "bad character"}},
		{"no code-item", files(map[string]string{"code.html": `{{define "main"}}{{end}}`}), diag.Error{Path: "code.html", Msg: `no "code-item" template`}},
		{"no code-number", files(map[string]string{"code.html": `{{define "main"}}{{end}}{{define "code-item"}}{{end}}`}), diag.Error{Path: "code.html", Msg: `no "code-number" template`}},
		{"page fails to execute", files(map[string]string{"code.html": "{{define \"main\"}}\n  {{.Entry.Nope}}{{end}}{{define \"code-item\"}}{{end}}{{define \"code-number\"}}{{end}}"}),
			diag.Error{Path: "code.html", Line: 2, Col: 10, Msg: "executing"}},
	}
	pipe := files(nil)
	pipe["partials/p.html"] = &fstest.MapFile{Mode: fs.ModeNamedPipe}
	large := files(map[string]string{"partials/large.html": strings.Repeat("{{/* */}}\n", MaxTemplateSize/10+1)})
	hidden := files(map[string]string{"partials/.x.html": "{{", ".git/x": "{{"})
	hidden[".code.html.swp"] = &fstest.MapFile{Mode: fs.ModeNamedPipe}
	many := files(nil)
	for i := range MaxTemplates {
		many[fmt.Sprintf("partials/%03d.html", i)] = &fstest.MapFile{}
	}
	tests = append(tests, []struct {
		name  string
		files fstest.MapFS
		want  diag.Error
	}{
		{"named pipe", pipe, diag.Error{Path: "partials/p.html", Msg: "is a named pipe, not a regular file"}},
		{"too large", large, diag.Error{Path: "partials/large.html", Line: 26215, Col: 5, Msg: "file is 262150 bytes, over the limit of 262144 bytes"}},
		{"too many", many, diag.Error{Path: "partials/095.html", Msg: "more than 100 templates, the limit"}},
		{"hidden files are not templates", hidden, diag.Error{}},
	}...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := New(tt.files, highlight.New(nil))
			if err == nil {
				_, err = r.Pages(a, s)
			}
			var got *diag.Error
			if tt.want == (diag.Error{}) {
				if err != nil {
					t.Fatalf("err = %v, want none", err)
				}
				return
			}
			if !errors.As(err, &got) {
				t.Fatalf("err = %v, want a *diag.Error", err)
			}
			if got.Path != tt.want.Path || got.Line != tt.want.Line || got.Col != tt.want.Col || !strings.HasPrefix(got.Msg, tt.want.Msg) {
				t.Errorf("err at %s:%d:%d %q, want at %s:%d:%d starting %q", got.Path, got.Line, got.Col, got.Msg,
					tt.want.Path, tt.want.Line, tt.want.Col, tt.want.Msg)
			}
		})
	}
}

// TestErrorOnce checks that a template that fails alike on every page is
// reported once.
func TestErrorOnce(t *testing.T) {
	_, a, s := setup(t, "../../content/http-status-codes.md")
	fsys := fstest.MapFS{
		"base.html":       {Data: []byte(`{{define "base"}}{{.Asset "nope.css"}}{{end}}`)},
		"index.html":      {Data: []byte(`{{define "main"}}{{end}}`)},
		"code.html":       {Data: []byte(`{{define "main"}}{{end}}{{define "code-item"}}{{end}}{{define "code-number"}}{{end}}`)},
		"404.html":        {Data: []byte(`{{define "main"}}{{end}}`)},
		"codes.html":      {Data: []byte(`{{define "main"}}{{end}}`)},
		"unofficial.html": {Data: []byte(`{{define "main"}}{{end}}`)},
	}
	r, err := New(fsys, highlight.New(nil))
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Pages(a, s)
	var got []string
	for _, e := range diag.All(err) {
		got = append(got, e.Error())
	}
	want := []string{`base.html:1:19: executing "base" at <.Asset>: error calling Asset: no asset named "nope.css" in the assets directory`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

// TestPageSize checks that a page is refused once it passes MaxPageSize,
// rather than filling the memory.
func TestPageSize(t *testing.T) {
	_, a, s := setup(t, "../../content/http-status-codes.md")
	fsys := fstest.MapFS{
		"base.html":       {Data: []byte(`{{define "base"}}{{template "main" .}}{{end}}`)},
		"index.html":      {Data: []byte(`{{define "main"}}{{range 100000000}}0123456789{{end}}{{end}}`)},
		"code.html":       {Data: []byte(`{{define "main"}}{{end}}{{define "code-item"}}{{end}}{{define "code-number"}}{{end}}`)},
		"404.html":        {Data: []byte(`{{define "main"}}{{range 100000}}0123456789{{end}}{{end}}`)},
		"codes.html":      {Data: []byte(`{{define "main"}}{{end}}`)},
		"unofficial.html": {Data: []byte(`{{define "main"}}{{end}}`)},
	}
	r, err := New(fsys, highlight.New(nil))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.NotFound(a, s); err != nil {
		t.Errorf("a page of 1 MB: %v", err)
	}
	_, err = r.Index(a, s)
	want := "index.html: renders index.html in more than 8388608 bytes, the limit (hint: a range over many values may be the cause)"
	if err == nil || err.Error() != want {
		t.Errorf("a page of 1 GB: error %v, want %q", err, want)
	}
}
