// Package render turns a parsed article into HTML pages with the
// html/template files of the templates directory.
//
// The directory holds base.html (the layout, defining "base"), any
// partials/*.html it uses, and one file per kind of page: index.html,
// code.html and 404.html, each defining "main" and "head-extra" blocks.
// Pages is the only output: paths relative to the site root and their bytes.
package render

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"io/fs"
	"strings"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/highlight"
)

// SiteName is the site's name, appended to every page title.
const SiteName = "HTTP status codes"

// Page is one file of the site.
type Page struct {
	Path string // slash-separated, relative to the site root: "codes/404.html"
	Body []byte
}

// Site is what pages need to know about the site around them.
type Site struct {
	BaseURL string            // absolute, without a trailing slash
	Assets  map[string]string // asset file name → URL path of its hashed copy
}

// Asset returns the URL path of the hashed copy of the named asset.
func (s Site) Asset(name string) (string, error) {
	u, ok := s.Assets[name]
	if !ok {
		return "", fmt.Errorf("no asset named %q in the assets directory", name)
	}
	return u, nil
}

// URL returns the absolute URL of a root-relative path.
func (s Site) URL(path string) string { return s.BaseURL + path }

// Renderer renders pages from parsed templates. It is safe for concurrent use.
type Renderer struct {
	pages map[string]*template.Template // by page template file name
	hl    *highlight.Highlighter
}

// pageTemplates are the templates every templates directory must have.
var pageTemplates = []string{"index.html", "code.html", "404.html"}

// New parses the templates in fsys.
func New(fsys fs.FS, hl *highlight.Highlighter) (*Renderer, error) {
	base := template.New("base.html").Funcs(template.FuncMap{"codeURL": CodeURL})
	patterns := []string{"base.html"}
	if m, _ := fs.Glob(fsys, "partials/*.html"); len(m) > 0 {
		patterns = append(patterns, "partials/*.html")
	}
	if _, err := base.ParseFS(fsys, patterns...); err != nil {
		return nil, err
	}
	r := &Renderer{pages: map[string]*template.Template{}, hl: hl}
	for _, name := range pageTemplates {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(fsys, name); err != nil {
			return nil, err
		}
		r.pages[name] = t
	}
	return r, nil
}

// CodePath returns the file that holds code's page: Netlify and the dev
// server serve "/codes/404" from "codes/404.html" without a redirect.
func CodePath(code int) string { return fmt.Sprintf("codes/%d.html", code) }

// CodeURL returns the URL path of code's page.
func CodeURL(code int) string { return fmt.Sprintf("/codes/%d", code) }

// Pages renders every page of the site: the index, one page per code and
// the not-found page, in that order.
func (r *Renderer) Pages(a *article.Article, s Site) ([]Page, error) {
	pages := make([]Page, 0, len(a.Entries)+2)
	index, err := r.Index(a, s)
	if err != nil {
		return nil, err
	}
	pages = append(pages, index)
	for i := range a.Entries {
		p, err := r.Code(a, i, s)
		if err != nil {
			return nil, err
		}
		pages = append(pages, p)
	}
	nf, err := r.NotFound(a, s)
	if err != nil {
		return nil, err
	}
	return append(pages, nf), nil
}

// head is what the base layout puts in every page's <head>.
type head struct {
	Title       string // full <title>
	Description string // meta description
	Path        string // URL path of the page, for its canonical link
}

// pageData is the data every template receives.
type pageData struct {
	Site
	Head    head
	Article *article.Article
}

// Index renders the index: the whole article.
func (r *Renderer) Index(a *article.Article, s Site) (Page, error) {
	d := pageData{Site: s, Article: a, Head: head{
		Title:       cmp.Or(a.Front.Meta.Title, a.Front.Title),
		Description: cmp.Or(a.Front.Meta.Description, a.Front.Excerpt),
		Path:        "/",
	}}
	return r.page("index.html", "index.html", d)
}

// codeData is the data of a code page.
type codeData struct {
	pageData
	Entry      *article.Entry
	Prev, Next *article.Entry
	Example    template.HTML // the example, highlighted, if it quotes code
}

// Code renders the page of the i-th entry.
func (r *Renderer) Code(a *article.Article, i int, s Site) (Page, error) {
	e := a.Entries[i]
	d := codeData{pageData: pageData{Site: s, Article: a, Head: head{
		Title:       e.Title() + " · " + SiteName,
		Description: e.Summary,
		Path:        CodeURL(e.Code),
	}}, Entry: e}
	if i > 0 {
		d.Prev = a.Entries[i-1]
	}
	if i+1 < len(a.Entries) {
		d.Next = a.Entries[i+1]
	}
	if e.Example != nil && e.Example.Code != "" {
		code, lang := exampleSource(e.Example.Code)
		h, err := r.hl.HTML(code, lang)
		if err != nil {
			return Page{}, fmt.Errorf("%s:%d: example of %d: %w", a.Path, e.Line, e.Code, err)
		}
		d.Example = h
	}
	return r.page("code.html", CodePath(e.Code), d)
}

// exampleSource returns an example's code and its language: a request
// line such as "GET /users/1" gets its protocol version so that it reads,
// and is coloured, as the start of an HTTP request.
func exampleSource(code string) (string, string) {
	method, target, ok := strings.Cut(code, " ")
	if ok && isMethod(method) && !strings.Contains(target, " ") {
		return code + " HTTP/1.1\n", "http"
	}
	return code, ""
}

func isMethod(s string) bool {
	switch s {
	case "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH":
		return true
	}
	return false
}

// NotFound renders the page served for paths the site does not have.
func (r *Renderer) NotFound(a *article.Article, s Site) (Page, error) {
	d := pageData{Site: s, Article: a, Head: head{
		Title:       "Page not found · " + SiteName,
		Description: "This page does not exist. Look a status code up from the list of HTTP status codes.",
		Path:        "/404",
	}}
	return r.page("404.html", "404.html", d)
}

func (r *Renderer) page(tmpl, path string, data any) (Page, error) {
	var b bytes.Buffer
	if err := r.pages[tmpl].ExecuteTemplate(&b, "base", data); err != nil {
		return Page{}, err
	}
	return Page{Path: path, Body: b.Bytes()}, nil
}
