// Package render turns a parsed article and its registry facts into the
// site's pages: HTML from the html/template files of the templates
// directory, and the JSON of the API.
//
// The directory holds base.html (the layout, defining "base"), any
// partials/*.html it uses, and one file per kind of page: index.html,
// code.html and 404.html, each defining "main" and "head-extra" blocks.
// What many pages show alike is rendered once per build: the partials
// "header" and "footer", executed with the article and shown by the
// layout as .Header and .Footer; the partial "entry", executed with each
// entry and shown by the index as .EntryHTML; and "code-item" of
// code.html, the list item that links to a code's page, which a code
// page's .OtherCodes repeats for the other codes of its class.
//
// A Renderer keeps what it rendered, by a key of everything the template
// could reach (see keys.go), and renders it again only when that changed.
// For that, a code page's data reaches its entry, its neighbours and its
// related codes, each with its class, but not the whole article. Pages
// are kept as Finish made them (minified, for the site); the index, the
// longest page, is finished in parts, each entry apart from the text
// around the entries, so that an edited entry is all that is finished
// again.
//
// Pages and API are the only output: paths relative to the site root and
// their bytes.
package render

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/cache"
	"github.com/httpstatus/site/internal/facts"
	"github.com/httpstatus/site/internal/highlight"
	"github.com/httpstatus/site/internal/parallel"
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
	Images  map[string]Image  // image asset name → its hashed copy and size
	Facts   *facts.Facts      // registry facts about the codes; nil for none
}

// Image is an image of the site.
type Image struct {
	URL           string // path of its hashed copy
	Width, Height int
	Alt           string // what it shows, for an image the build drew; empty for an asset
}

// image returns the named image, with its own alt text or else alt.
func (s Site) image(name, alt string) (*pageImage, error) {
	img, ok := s.Images[name]
	if !ok {
		return nil, fmt.Errorf("no image named %q among the assets or the generated cards", name)
	}
	return &pageImage{Image: img, Alt: cmp.Or(img.Alt, alt)}, nil
}

// indexImage returns the preview image of the index, which the
// not-found page shares.
func (s Site) indexImage(a *article.Article) (*pageImage, error) {
	return s.image(IndexImageName(a), cmp.Or(a.Front.ImageAlt, a.Front.Title))
}

// CardName returns the asset name of the preview image of code's page.
func CardName(code int) string { return fmt.Sprintf("social/%d.png", code) }

// IndexImageName returns the asset name of the index's preview image:
// the front matter's image, or a card of the site's own.
func IndexImageName(a *article.Article) string { return cmp.Or(a.Front.Image, "social/index.png") }

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

// Renderer renders pages from templates, which it parses when it first
// renders something it did not find kept. It keeps the pages it rendered
// lately, by a key of everything their templates can reach, and renders
// a page again only when that changed. It is safe for concurrent use, but
// UseCache, SaveCache and Forget belong between builds.
type Renderer struct {
	parsed func() (map[string]*template.Template, error) // by page template file name
	hl     *highlight.Highlighter
	sum    cache.Key // of the template files

	finish   func(path string, body []byte) ([]byte, error)
	memo     cache.Memo[cache.Key, []byte]         // pages, finished, by key
	sums     cache.Memo[*article.Entry, cache.Key] // entrySum of the entries of the last builds
	disk     *cache.Pack                           // the same on disk, if any
	rendered atomic.Int64                          // pages rendered, not found kept
}

// pageTemplates are the templates every templates directory must have.
var pageTemplates = []string{"index.html", "code.html", "404.html"}

// New reads the templates in fsys. They are parsed, and their errors
// reported, once a page or a partial needs rendering.
func New(fsys fs.FS, hl *highlight.Highlighter) (*Renderer, error) {
	files, err := readTemplates(fsys)
	if err != nil {
		return nil, err
	}
	h := cache.NewHasher()
	for _, f := range files {
		h.String(f.name)
		h.Bytes(f.src)
	}
	return &Renderer{parsed: sync.OnceValues(func() (map[string]*template.Template, error) { return parse(files) }), hl: hl, sum: h.Key()}, nil
}

// Sum returns a hash of the names and contents of r's template files:
// templates with the same sum render alike.
func (r *Renderer) Sum() cache.Key { return r.sum }

// templateFile is one file of a templates directory.
type templateFile struct {
	name string // slash-separated path in the directory
	src  []byte
}

// readTemplates returns the files in fsys, in lexical order.
func readTemplates(fsys fs.FS) ([]templateFile, error) {
	var files []templateFile
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := fs.ReadFile(fsys, p)
		files = append(files, templateFile{p, src})
		return err
	})
	return files, err
}

// parse parses the files of a templates directory: for each page
// template, base.html and the partials, then the page's own file.
func parse(files []templateFile) (map[string]*template.Template, error) {
	byName := map[string][]byte{}
	var partials []templateFile
	for _, f := range files {
		byName[f.name] = f.src
		if m, _ := path.Match("partials/*.html", f.name); m {
			partials = append(partials, f)
		}
	}
	base := template.New("base.html").Funcs(template.FuncMap{"codeURL": CodeURL, "siteName": func() string { return SiteName }})
	src, ok := byName["base.html"]
	if !ok {
		return nil, errors.New("template: no base.html")
	}
	if _, err := base.Parse(string(src)); err != nil {
		return nil, err
	}
	for _, f := range partials {
		if _, err := base.New(path.Base(f.name)).Parse(string(f.src)); err != nil {
			return nil, err
		}
	}
	pages := map[string]*template.Template{}
	for _, name := range pageTemplates {
		src, ok := byName[name]
		if !ok {
			return nil, fmt.Errorf("template: no %s", name)
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.New(name).Parse(string(src)); err != nil {
			return nil, err
		}
		pages[name] = t
	}
	return pages, nil
}

// lookup returns the template name defined for the page template page,
// or nil if the templates do not define it.
func (r *Renderer) lookup(page, name string) (*template.Template, error) {
	pages, err := r.parsed()
	if err != nil {
		return nil, err
	}
	return pages[page].Lookup(name), nil
}

// CodePath returns the file that holds code's page: Netlify and the dev
// server serve "/codes/404" from "codes/404.html" without a redirect.
func CodePath(code int) string { return fmt.Sprintf("codes/%d.html", code) }

// CodeURL returns the URL path of code's page.
func CodeURL(code int) string { return fmt.Sprintf("/codes/%d", code) }

// Pages renders every page of the site: the index, one page per code and
// the not-found page, in that order. The pages are rendered on as many
// goroutines as the machine has cores.
func (r *Renderer) Pages(a *article.Article, s Site) ([]Page, error) {
	sh, err := r.shared(a, s)
	if err != nil {
		return nil, err
	}
	n := len(a.Entries) + 2
	pages := make([]Page, n)
	errs := make([]error, n)
	parallel.For(n, func(i int) {
		switch i {
		case 0:
			pages[i], errs[i] = r.index(a, s, sh)
		case n - 1:
			pages[i], errs[i] = r.notFound(a, s, sh)
		default:
			pages[i], errs[i] = r.code(a, i-1, s, sh)
		}
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return pages, nil
}

// shared is what many pages of a build show alike, rendered once for the
// whole build rather than once per page.
type shared struct {
	header, footer template.HTML         // the "header" and "footer" partials
	items          map[int]template.HTML // by code, "code-item" of code.html
	entries        map[int]template.HTML // by code, the "entry" partial, for the index
	classes        map[*article.Class][]*article.Entry
	byCode         map[int]*article.Entry
	keys           *keys // what the keys of the pages are made from
}

// shared renders what many pages of the article, in s, show alike.
func (r *Renderer) shared(a *article.Article, s Site) (*shared, error) {
	var sh shared
	var err error
	if sh.header, err = r.partial("header", a); err != nil {
		return nil, err
	}
	if sh.footer, err = r.partial("footer", a); err != nil {
		return nil, err
	}
	sh.classes = map[*article.Class][]*article.Entry{}
	for _, c := range a.Classes {
		sh.classes[c] = a.EntriesOf(c)
	}
	sh.byCode = make(map[int]*article.Entry, len(a.Entries))
	for _, e := range a.Entries {
		sh.byCode[e.Code] = e
	}
	sh.keys = r.newKeys(a, s, &sh)
	if sh.items, err = r.fragments("code.html", "code-item", a.Entries, sh.keys); err != nil {
		return nil, err
	}
	sh.keys.sumItems(sh.classes, sh.items)
	if sh.entries, err = r.fragments("index.html", "entry", a.Entries, sh.keys); err != nil {
		return nil, err
	}
	return &sh, nil
}

// partial returns the partial template name executed with a, rendered
// now or kept from before; a partial the templates lack shows nothing.
func (r *Renderer) partial(name string, a *article.Article) (template.HTML, error) {
	w := cache.NewHasher()
	w.String("partial")
	w.Bytes(r.sum[:])
	w.String(name)
	w.Bytes(a.Sum[:])
	body, err := r.keptBytes(w.Key(), func() ([]byte, error) {
		t, err := r.lookup("index.html", name)
		if err != nil || t == nil {
			return []byte{}, err
		}
		var b bytes.Buffer
		err = t.Execute(&b, a)
		return b.Bytes(), err
	})
	return template.HTML(body), err
}

// head is what the base layout puts in every page's <head>.
type head struct {
	Title       string // full <title>
	Name        string // the title without the site's name, for link previews
	Description string // meta description
	Path        string // URL path of the page, for its canonical link; empty for none
	Type        string // OpenGraph type: "website" or "article"
	Image       *pageImage
}

// pageImage is the image a link preview shows for a page.
type pageImage struct {
	Image
	Alt string // never empty
}

// pageData is the data every template receives.
type pageData struct {
	Site
	Head           head
	Article        *article.Article
	Header, Footer template.HTML // the "header" and "footer" partials, rendered for the whole build

	entries map[int]template.HTML // by code, the "entry" partial, rendered for the whole build
	marks   bool                  // show each entry as its entryMark
}

// EntryHTML returns the "entry" partial executed with e, as rendered for
// the whole build.
func (d *pageData) EntryHTML(e *article.Entry) (template.HTML, error) {
	html, ok := d.entries[e.Code]
	if !ok {
		return "", fmt.Errorf("no entry partial rendered for %d", e.Code)
	}
	if d.marks {
		return template.HTML(entryMark(e.Code)), nil
	}
	return html, nil
}

// entryMark stands for code's entry in the index while the rest of the
// index is finished apart from the entries. Escaping keeps NUL out of
// every page, so marks are found for sure.
func entryMark(code int) string { return "\x00" + strconv.Itoa(code) + "\x00" }

// Index renders the index: the whole article.
func (r *Renderer) Index(a *article.Article, s Site) (Page, error) {
	sh, err := r.shared(a, s)
	if err != nil {
		return Page{}, err
	}
	return r.index(a, s, sh)
}

func (r *Renderer) index(a *article.Article, s Site, sh *shared) (Page, error) {
	return r.keptPage(sh.keys.page("index"), "index.html", func() ([]byte, error) {
		if r.finish != nil && sh.entries != nil {
			// The index is the longest page by far: finish its entries,
			// each kept, and the parts around them on every core.
			p, err := r.renderIndex(a, s, sh, true)
			if err != nil {
				return nil, err
			}
			if body, ok, err := r.finishIndex(p.Body, sh); ok || err != nil {
				return body, err
			}
		}
		p, err := r.renderIndex(a, s, sh, false)
		if err != nil {
			return nil, err
		}
		return r.finished(p.Path, p.Body)
	})
}

func (r *Renderer) renderIndex(a *article.Article, s Site, sh *shared, marks bool) (Page, error) {
	img, err := s.indexImage(a)
	if err != nil {
		return Page{}, err
	}
	d := &pageData{Site: s, Article: a, Header: sh.header, Footer: sh.footer, entries: sh.entries, marks: marks, Head: head{
		Title:       cmp.Or(a.Front.Meta.Title, a.Front.Title),
		Name:        a.Front.Title,
		Description: cmp.Or(a.Front.Meta.Description, a.Front.Excerpt),
		Path:        "/",
		Type:        "website",
		Image:       img,
	}}
	return r.page("index.html", "index.html", d)
}

// codeData is the data of a code page: pageData's fields and its own.
// They are not embedded as a pageData, since templates find the fields of
// an embedded struct far more slowly than a struct's own.
type codeData struct {
	Site
	Head           head
	Header, Footer template.HTML
	Entry          *article.Entry
	Prev, Next     *article.Entry
	Example        template.HTML    // the example, highlighted, if it quotes code
	Facts          *facts.Code      // nil when the facts file has none
	Differences    []string         // where the registry disagrees with the article
	Response       template.HTML    // an example response, highlighted
	Snippets       []highlighted    // programs that send the code
	Related        []*article.Entry // codes the description names, then the facts' related codes

	others template.HTML // the "code-item" of each other code of the class
	noItem bool          // the templates lack "code-item"
}

// OtherCodes returns the list items ("code-item") that link to the pages
// of the other codes of the entry's class.
func (d *codeData) OtherCodes() (template.HTML, error) {
	if d.noItem {
		return "", errors.New(`code.html defines no "code-item" template`)
	}
	return d.others, nil
}

// otherCodes returns the list items ("code-item") that link to the pages
// of the codes of e's class but e, or nothing without a "code-item" template.
func (sh *shared) otherCodes(e *article.Entry) template.HTML {
	var b strings.Builder
	for _, o := range sh.classes[e.Class] {
		if o != e {
			b.WriteString(string(sh.items[o.Code]))
		}
	}
	return template.HTML(b.String())
}

// highlighted is a titled block of highlighted code.
type highlighted struct {
	Label string
	HTML  template.HTML
}

// Code renders the page of the i-th entry.
func (r *Renderer) Code(a *article.Article, i int, s Site) (Page, error) {
	sh, err := r.shared(a, s)
	if err != nil {
		return Page{}, err
	}
	return r.code(a, i, s, sh)
}

func (r *Renderer) code(a *article.Article, i int, s Site, sh *shared) (Page, error) {
	e := a.Entries[i]
	c := s.Facts.Code(e.Code)
	rel := related(a, e, c)
	return r.kept(sh.keys.code(a, i, rel), CodePath(e.Code), func() (Page, error) {
		return r.renderCode(a, i, s, sh, rel, sh.otherCodes(e))
	})
}

func (r *Renderer) renderCode(a *article.Article, i int, s Site, sh *shared, rel []*article.Entry, others template.HTML) (Page, error) {
	e := a.Entries[i]
	img, err := s.image(CardName(e.Code), CardAlt(e))
	if err != nil {
		return Page{}, err
	}
	c := s.Facts.Code(e.Code)
	d := codeData{Site: s, Header: sh.header, Footer: sh.footer, Head: head{
		Title:       e.Title() + " · " + SiteName,
		Name:        e.Title(),
		Description: e.Summary,
		Path:        CodeURL(e.Code),
		Type:        "article",
		Image:       img,
	}, Entry: e, Facts: c, Differences: facts.Differences(e, c), Related: rel, others: others, noItem: sh.items == nil}
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
	send := sendingOf(e, c)
	if d.Response, err = r.hl.HTML(send.Response(), "http"); err != nil {
		return Page{}, fmt.Errorf("response of %d: %w", e.Code, err)
	}
	for _, sn := range send.Snippets() {
		h, err := r.hl.HTML(sn.Source, sn.Lang)
		if err != nil {
			return Page{}, fmt.Errorf("%s snippet of %d: %w", sn.Label, e.Code, err)
		}
		d.Snippets = append(d.Snippets, highlighted{Label: sn.Label, HTML: h})
	}
	return r.page("code.html", CodePath(e.Code), &d)
}

// CardAlt returns the text that stands for the preview image of e's page.
func CardAlt(e *article.Entry) string {
	return fmt.Sprintf("%s: a %s %s status code", e.Title(), e.Class.Label(), e.Class.Name)
}

// related returns the codes e's description names, then those the facts
// relate to it, each once and only if the article has it.
func related(a *article.Article, e *article.Entry, c *facts.Code) []*article.Entry {
	codes := e.Mentions
	if c != nil {
		codes = append(slices.Clip(codes), c.Related...)
	}
	var out []*article.Entry
	for _, code := range codes {
		r := a.Entry(code)
		if r != nil && r != e && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
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

// NotFound renders the page served, with status 404, for any path the
// site does not have. It has no canonical URL, since it has no URL of its own.
func (r *Renderer) NotFound(a *article.Article, s Site) (Page, error) {
	sh, err := r.shared(a, s)
	if err != nil {
		return Page{}, err
	}
	return r.notFound(a, s, sh)
}

func (r *Renderer) notFound(a *article.Article, s Site, sh *shared) (Page, error) {
	return r.kept(sh.keys.page("404"), "404.html", func() (Page, error) { return r.renderNotFound(a, s, sh) })
}

func (r *Renderer) renderNotFound(a *article.Article, s Site, sh *shared) (Page, error) {
	img, err := s.indexImage(a)
	if err != nil {
		return Page{}, err
	}
	d := &pageData{Site: s, Article: a, Header: sh.header, Footer: sh.footer, entries: sh.entries, Head: head{
		Title:       "Page not found · " + SiteName,
		Name:        "Page not found",
		Description: "This page does not exist. Look a status code up from the list of HTTP status codes.",
		Type:        "website",
		Image:       img,
	}}
	return r.page("404.html", "404.html", d)
}

func (r *Renderer) page(tmpl, path string, data any) (Page, error) {
	pages, err := r.parsed()
	if err != nil {
		return Page{}, err
	}
	var b bytes.Buffer
	if err := pages[tmpl].ExecuteTemplate(&b, "base", data); err != nil {
		return Page{}, err
	}
	return Page{Path: path, Body: b.Bytes()}, nil
}
