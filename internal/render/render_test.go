package render

import (
	"flag"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/httpstatus/site/internal/article"
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
	},
}

// siteFor returns testSite with the repository's facts and a made-up
// preview image for every page of a.
func siteFor(t *testing.T, a *article.Article) Site {
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
	s.Images = map[string]Image{IndexImageName(a): {URL: "/assets/index.test.png", Width: 1200, Height: 400}}
	for _, e := range a.Entries {
		s.Images[CardName(e.Code)] = Image{URL: "/assets/social/" + itoa(e.Code) + ".test.png", Width: 1200, Height: 630}
	}
	return s
}

func setup(t *testing.T, articlePath string) (*Renderer, *article.Article, Site) {
	t.Helper()
	hl := highlight.New()
	src, err := os.ReadFile(articlePath)
	if err != nil {
		t.Fatal(err)
	}
	a, err := article.NewParser(hl).Parse(articlePath, src)
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
		want := []string{
			"<title>" + template.HTMLEscapeString(e.Title()) + " · HTTP status codes</title>",
			`<link rel="canonical" href="https://example.test/codes/` + itoa(e.Code) + `">`,
			`<meta name="description" content="` + template.HTMLEscapeString(e.Summary) + `">`,
			`<a href="/#` + e.Class.Anchor + `">`,
			`<a href="/#` + e.Anchor + `">`,
			`<span class="code">` + itoa(e.Code) + `</span>`,
		}
		if e.Note != nil {
			want = append(want, `<a href="`+e.Note.URL+`">`)
		}
		if i > 0 {
			want = append(want, `rel="prev" href="/codes/`+itoa(a.Entries[i-1].Code)+`"`)
		}
		if i+1 < len(a.Entries) {
			want = append(want, `rel="next" href="/codes/`+itoa(a.Entries[i+1].Code)+`"`)
		}
		if e.Example != nil && e.Example.Code != "" {
			want = append(want, `<pre class="chroma">`)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("page of %d lacks %q", e.Code, w)
			}
		}
	}
}

func itoa(n int) string { return strings.TrimPrefix(CodeURL(n), "/codes/") }

func TestExampleSource(t *testing.T) {
	tests := []struct{ in, code, lang string }{
		{"GET /api/v1/users/123", "GET /api/v1/users/123 HTTP/1.1\n", "http"},
		{"DELETE /x", "DELETE /x HTTP/1.1\n", "http"},
		{"curl -i https://example.com", "curl -i https://example.com", ""},
		{"get /lowercase", "get /lowercase", ""},
	}
	for _, tt := range tests {
		code, lang := exampleSource(tt.in)
		if code != tt.code || lang != tt.lang {
			t.Errorf("exampleSource(%q) = %q, %q; want %q, %q", tt.in, code, lang, tt.code, tt.lang)
		}
	}
}

func TestMissingAsset(t *testing.T) {
	r, a, site := setup(t, "../../content/http-status-codes.md")
	s := site
	s.Assets = map[string]string{}
	_, err := r.Index(a, s)
	if err == nil || !strings.Contains(err.Error(), `no asset named "favicon.svg"`) {
		t.Errorf("err = %v, want one naming the missing asset", err)
	}
}

// TestSharedParts checks the parts that pages share: a header or footer
// the templates lack shows nothing, and a code page that asks for the
// other codes of its class without a "code-item" template fails.
func TestSharedParts(t *testing.T) {
	_, a, s := setup(t, "../../content/http-status-codes.md")
	base := `{{define "base"}}[{{.Header}}|{{template "main" .}}|{{.Footer}}]{{end}}`
	tests := []struct {
		name    string
		files   fstest.MapFS
		want    string // the start of the 404 code page
		wantErr string
	}{
		{"no header, footer or code-item", fstest.MapFS{
			"base.html":  {Data: []byte(base)},
			"index.html": {Data: []byte(`{{define "main"}}index{{end}}`)},
			"code.html":  {Data: []byte(`{{define "main"}}{{.Entry.Code}}{{end}}`)},
			"404.html":   {Data: []byte(`{{define "main"}}none{{end}}`)},
		}, "[|404|]", ""},
		{"header, footer and code-item", fstest.MapFS{
			"base.html":            {Data: []byte(base)},
			"partials/header.html": {Data: []byte(`{{define "header"}}<h>{{.Front.Title}}</h>{{end}}`)},
			"partials/footer.html": {Data: []byte(`{{define "footer"}}<f>{{len .Classes}}</f>{{end}}`)},
			"index.html":           {Data: []byte(`{{define "main"}}index{{end}}`)},
			"code.html":            {Data: []byte(`{{define "main"}}{{.OtherCodes}}{{end}}{{define "code-item"}}<i>{{.Code}}</i>{{end}}`)},
			"404.html":             {Data: []byte(`{{define "main"}}none{{end}}`)},
		}, "[<h>" + template.HTMLEscapeString(a.Front.Title) + "</h>|<i>400</i><i>401</i>", ""},
		{"other codes without code-item", fstest.MapFS{
			"base.html":  {Data: []byte(base)},
			"index.html": {Data: []byte(`{{define "main"}}index{{end}}`)},
			"code.html":  {Data: []byte(`{{define "main"}}{{.OtherCodes}}{{end}}`)},
			"404.html":   {Data: []byte(`{{define "main"}}none{{end}}`)},
		}, "", `no "code-item" template`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := New(tt.files, highlight.New())
			if err != nil {
				t.Fatal(err)
			}
			pages, err := r.Pages(a, s)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range pages {
				if p.Path == CodePath(404) && !strings.HasPrefix(string(p.Body), tt.want) {
					t.Errorf("%s = %q, want it to start with %q", p.Path, p.Body, tt.want)
				}
			}
		})
	}
}
