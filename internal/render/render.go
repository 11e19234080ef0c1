// Package render turns a parsed article and its registry facts into the
// site's pages: HTML from the html/template files of the templates
// directory, and the JSON of the API.
//
// The directory holds base.html (the layout, defining "base"), any
// partials/*.html it uses, and one file per kind of page: index.html,
// codes.html (the list of every code), code.html and 404.html, each
// defining "main" and "head-extra" blocks.
// Every template is given the whole article (.Article); a code page also
// gets its entry and what surrounds it. What every page shows alike is
// rendered once per build: the "header" and "footer" partials, shown by
// the layout as .Header and .Footer, and the "code-item" and "code-number"
// of code.html for each entry, which code pages show as .RelatedCodes and
// as .OtherCodes, the strip of the numbers of their class's other codes.
// Hidden files are not templates; the others must be regular files, at
// most MaxTemplates of at most MaxTemplateSize bytes each. Errors in the
// templates are diag.Errors at the template file's path inside the
// directory.
//
// Pages and API are the only output: paths relative to the site root and
// their bytes, not yet minified.
package render

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/clients"
	"github.com/httpstatus/site/internal/constants"
	"github.com/httpstatus/site/internal/diag"
	"github.com/httpstatus/site/internal/facts"
	"github.com/httpstatus/site/internal/highlight"
	"github.com/httpstatus/site/internal/input"
	"github.com/httpstatus/site/internal/parallel"
	"github.com/httpstatus/site/internal/synonyms"
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
	// Constants are the names stacks give the codes in code; nil for none.
	Constants *constants.Set
	// Unofficial is the file of codes vendors use that no registry
	// defines, parsed with article.Options.Vendors; nil for none.
	Unofficial *article.Article
	// Clients are what real clients were measured to do with the
	// codes; nil for none.
	Clients *clients.Results
	// Synonyms are the terms the index's filter finds codes by beside
	// their names; nil for none.
	Synonyms *synonyms.Synonyms
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

// Renderer renders pages from parsed templates. It is safe for
// concurrent use.
type Renderer struct {
	pages map[string]*template.Template // by page template file name
	hl    *highlight.Highlighter
}

// pageTemplates are the templates every templates directory must have.
var pageTemplates = []string{"index.html", "codes.html", "code.html", "unofficial.html", "404.html"}

// New parses the templates in fsys: for each page template, base.html
// and the partials, then the page's own file.
func New(fsys fs.FS, hl *highlight.Highlighter) (*Renderer, error) {
	files, err := readTemplates(fsys)
	if err != nil {
		return nil, err
	}
	byName := map[string][]byte{}
	var partials []string
	for _, f := range files {
		byName[f.name] = f.src
		if m, _ := path.Match("partials/*.html", f.name); m {
			partials = append(partials, f.name)
		}
	}
	fail := func(err error) (*Renderer, error) { return nil, templateError(err) }
	src, ok := byName["base.html"]
	if !ok {
		return nil, &diag.Error{Path: "base.html", Msg: "no such file", Hint: `every templates directory needs base.html, the layout that defines "base"`}
	}
	base := template.New("base.html").Funcs(template.FuncMap{"codeURL": CodeURL, "siteName": func() string { return SiteName }, "registryURL": func() string { return facts.RegistryURL }})
	if _, err := base.Parse(string(src)); err != nil {
		return fail(err)
	}
	for _, name := range partials {
		if _, err := base.New(name).Parse(string(byName[name])); err != nil {
			return fail(err)
		}
	}
	r := &Renderer{pages: map[string]*template.Template{}, hl: hl}
	for _, name := range pageTemplates {
		src, ok := byName[name]
		if !ok {
			return nil, &diag.Error{Path: name, Msg: "no such file", Hint: "every templates directory needs " + strings.Join(pageTemplates, ", ")}
		}
		t, err := base.Clone()
		if err != nil {
			return fail(err)
		}
		if _, err := t.New(name).Parse(string(src)); err != nil {
			return fail(err)
		}
		r.pages[name] = t
	}
	return r, nil
}

// templateFile is one file of a templates directory.
type templateFile struct {
	name string // slash-separated path in the directory
	src  []byte
}

// Limits of a templates directory. The repository's has 8 files, the
// largest of 2.4 KB.
const (
	MaxTemplates    = 100       // files, hidden ones aside
	MaxTemplateSize = 256 << 10 // bytes in one file
)

// readTemplates returns the files in fsys, in lexical order, but for
// hidden files and directories, such as an editor's swap files. Each
// must be a regular file of at most MaxTemplateSize bytes.
func readTemplates(fsys fs.FS) ([]templateFile, error) {
	var files []templateFile
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return input.AsError(p, err)
		case p != "." && strings.HasPrefix(d.Name(), "."):
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		case d.IsDir():
			return nil
		case len(files) == MaxTemplates:
			return &diag.Error{Path: p, Msg: fmt.Sprintf("more than %d templates, the limit", MaxTemplates), Hint: "remove the files no page uses"}
		}
		src, err := input.ReadFS(fsys, p, MaxTemplateSize)
		if err != nil {
			return err
		}
		files = append(files, templateFile{p, src})
		return nil
	})
	return files, err
}

// templatePlace finds the template, line and column that text/template
// and html/template write at the start of their messages.
var templatePlace = regexp.MustCompile(`^(?:html/)?template: ([^:\s]+):(\d+)(?::(\d+))?: ?(.*)$`)

// templateError returns err as a diag.Error at the template it names:
// each template is named by its file's path in the directory.
func templateError(err error) error {
	msg := err.Error()
	m := templatePlace.FindStringSubmatch(strings.SplitN(msg, "\n", 2)[0])
	if m == nil {
		return &diag.Error{Msg: msg, Err: err}
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	return &diag.Error{Path: m[1], Line: line, Col: col, Msg: m[4], Err: err}
}

// CodePath returns the file that holds code's page: Netlify and the dev
// server serve "/codes/404" from "codes/404.html" without a redirect.
func CodePath(code int) string { return fmt.Sprintf("codes/%d.html", code) }

// CodeURL returns the URL path of code's page.
func CodeURL(code int) string { return fmt.Sprintf("/codes/%d", code) }

// ListPath is the file of the page that lists every code, served at /codes.
const ListPath = "codes.html"

// Pages renders every page of the site: the index, the list of codes, one
// page per code, one per unofficial code and the not-found page, in that
// order, on every core.
func (r *Renderer) Pages(a *article.Article, s Site) ([]Page, error) {
	sh, err := r.shared(a, s)
	if err != nil {
		return nil, err
	}
	unofficial := sh.unofficial
	codes := len(a.Entries)
	n := codes + len(unofficial) + 3
	pages := make([]Page, n)
	errs := make([]error, n)
	parallel.For(n, func(i int) {
		switch {
		case i == 0:
			pages[i], errs[i] = r.index(a, s, sh)
		case i == 1:
			pages[i], errs[i] = r.list(a, s, sh)
		case i == n-1:
			pages[i], errs[i] = r.notFound(a, s, sh)
		case i <= codes+1:
			pages[i], errs[i] = r.code(a, i-2, s, sh)
		default:
			pages[i], errs[i] = r.unofficial(a, unofficial[i-2-codes], s, sh)
		}
	})
	if err := once(errs); err != nil {
		return nil, err
	}
	return pages, nil
}

// once joins errs, giving each message once: a template that fails
// alike on every page, such as one naming an asset that does not exist,
// is reported once rather than once a page.
func once(errs []error) error {
	seen := map[string]bool{}
	var unique []error
	for _, err := range errs {
		if err != nil && !seen[err.Error()] {
			seen[err.Error()] = true
			unique = append(unique, err)
		}
	}
	return errors.Join(unique...)
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

// shared is what many pages of a build show alike, rendered once for all
// of them: the "header" and "footer" partials, executed with the article
// (the layout shows them as .Header and .Footer), the "code-item" and
// "code-number" of code.html executed with each entry, by code, and with each unofficial
// code; and the grouping of the unofficial codes.
type shared struct {
	header, footer  template.HTML
	items           map[int]template.HTML    // the "code-item" of each entry, by code
	numbers         map[int]template.HTML    // the "code-number" of each entry, by code
	unofficial      []UnofficialCode         // the unofficial codes with pages of their own
	others          map[int][]*article.Entry // vendors' uses of registered codes
	unofficialItems template.HTML            // the "code-item" of each of unofficial, labelled with its vendors
}

// shared renders what many pages of the article a show alike.
func (r *Renderer) shared(a *article.Article, s Site) (*shared, error) {
	sh := &shared{}
	sh.unofficial, sh.others = Unofficial(a, s.Unofficial)
	for _, p := range []struct {
		name string
		html *template.HTML
	}{{"header", &sh.header}, {"footer", &sh.footer}} {
		var b strings.Builder
		if t := r.pages["index.html"].Lookup(p.name); t != nil {
			if err := t.Execute(&b, a); err != nil {
				return nil, templateError(err)
			}
		}
		*p.html = template.HTML(b.String())
	}
	links := make([]*codeLink, 0, len(a.Entries)+len(sh.unofficial))
	for _, e := range a.Entries {
		links = append(links, linkTo(e, s.Facts))
	}
	for _, u := range sh.unofficial {
		links = append(links, &codeLink{Code: u.Code, Title: u.Title() + " (" + u.Label() + ")"})
	}
	items, err := r.items("code-item", links)
	if err != nil {
		return nil, err
	}
	numbers, err := r.items("code-number", links[:len(a.Entries)])
	if err != nil {
		return nil, err
	}
	sh.items = make(map[int]template.HTML, len(a.Entries))
	sh.numbers = make(map[int]template.HTML, len(a.Entries))
	for i, e := range a.Entries {
		sh.items[e.Code] = template.HTML(items[i])
		sh.numbers[e.Code] = template.HTML(numbers[i])
	}
	sh.unofficialItems = template.HTML(strings.Join(items[len(a.Entries):], ""))
	return sh, nil
}

// pageData is the data of the index and of the not-found page.
type pageData struct {
	Site
	Head           head
	Article        *article.Article
	Header, Footer template.HTML
	Unofficial     *article.Article // the file of unofficial codes, or nil
	// UnofficialEntries are its entries as the index shows them.
	UnofficialEntries map[*article.Entry]unofficialEntry
	UnofficialFrom    string // anchor of the article's section that links to them
	Unofficials       int    // how many unofficial codes have pages
}

// unofficialEntry is an entry of the file of unofficial codes as the
// index shows it: the first use of a number no registered code has is
// the target of that number, as in /#499.
type unofficialEntry struct {
	*article.Entry
	ID string
}

// unofficialFrom is the anchor of the article's section about codes of
// one's own, which links to the unofficial codes.
const unofficialFrom = "custom-http-status-codes"

// Index renders the index: the whole article.
func (r *Renderer) Index(a *article.Article, s Site) (Page, error) {
	sh, err := r.shared(a, s)
	if err != nil {
		return Page{}, err
	}
	return r.index(a, s, sh)
}

func (r *Renderer) index(a *article.Article, s Site, sh *shared) (Page, error) {
	img, err := s.indexImage(a)
	if err != nil {
		return Page{}, err
	}
	return r.page("index.html", "index.html", &pageData{Site: s, Article: a, Header: sh.header, Footer: sh.footer,
		Unofficial: s.Unofficial, UnofficialFrom: unofficialFrom, UnofficialEntries: unofficialEntries(s.Unofficial, sh.unofficial), Head: head{
			Title:       cmp.Or(a.Front.Meta.Title, a.Front.Title),
			Name:        a.Front.Title,
			Description: cmp.Or(a.Front.Meta.Description, a.Front.Excerpt),
			Path:        "/",
			Type:        "website",
			Image:       img,
		}})
}

// listData is the data of the list of every code.
type listData struct {
	Site
	Head           head
	Article        *article.Article
	Header, Footer template.HTML
	Classes        []listClass
	Unofficial     template.HTML // the "code-item" of each unofficial code
}

// listClass is a class as the list shows it: its "code-item" for each of
// its codes.
type listClass struct {
	Class *article.Class
	Items template.HTML
}

// List renders the page that lists every code, at ListPath.
func (r *Renderer) List(a *article.Article, s Site) (Page, error) {
	sh, err := r.shared(a, s)
	if err != nil {
		return Page{}, err
	}
	return r.list(a, s, sh)
}

func (r *Renderer) list(a *article.Article, s Site, sh *shared) (Page, error) {
	img, err := s.indexImage(a)
	if err != nil {
		return Page{}, err
	}
	d := &listData{Site: s, Article: a, Header: sh.header, Footer: sh.footer, Head: head{
		Title:       "Every HTTP status code · " + SiteName,
		Name:        "Every HTTP status code",
		Description: fmt.Sprintf("All %d HTTP status codes by class, each linking to its own page.", len(a.Entries)),
		Path:        "/codes",
		Type:        "website",
		Image:       img,
	}}
	for _, c := range a.Classes {
		var items strings.Builder
		for _, e := range a.EntriesOf(c) {
			items.WriteString(string(sh.items[e.Code]))
		}
		d.Classes = append(d.Classes, listClass{Class: c, Items: template.HTML(items.String())})
	}
	d.Unofficial = sh.unofficialItems
	return r.page("codes.html", ListPath, d)
}

// codeData is the data of a code page: pageData's fields and its own.
// They are not embedded as a pageData, since templates find the fields of
// an embedded struct far more slowly than a struct's own.
type codeData struct {
	Site
	Head           head
	Article        *article.Article
	Header, Footer template.HTML
	Entry          *article.Entry
	Name           string     // the name the site gives the code: the registry's
	ShowNote       bool       // whether the article's note still holds, and shows as it is
	ClassSpec      facts.Spec // the section that defines the entry's class
	Prev, Next     *codeLink
	Facts          *facts.Code      // nil when the facts file has none
	Differences    []template.HTML  // what holds now where the registry and the article differ
	Request        template.HTML    // the example request, highlighted, if the page has one
	Response       template.HTML    // the example response, highlighted
	Problem        []facts.Spec     // for content of problem details, the sections of RFC 9457 that define them
	Snippets       []highlighted    // programs that send the code
	Related        []*article.Entry // codes the description names, then the facts' related codes
	RelatedCodes   template.HTML    // the "code-item" of each of Related
	OtherUses      []*article.Entry // vendors' uses of the number beside its registered meaning
	Constants      []stackNames     // each stack's names of the code, when the site has constants
	ClientTables   []clientTable    // what the measured clients did with the code
	OtherCodes     template.HTML    // the "code-number" of each code of the entry's class that Related lacks
}

// unofficialEntries returns the entries of the file of unofficial codes
// u as the index shows them, with the numbers of the codes that have
// pages of their own on their first uses.
func unofficialEntries(u *article.Article, codes []UnofficialCode) map[*article.Entry]unofficialEntry {
	if u == nil {
		return nil
	}
	m := make(map[*article.Entry]unofficialEntry, len(u.Entries))
	for _, e := range u.Entries {
		m[e] = unofficialEntry{Entry: e}
	}
	for _, c := range codes {
		m[c.Uses[0]] = unofficialEntry{Entry: c.Uses[0], ID: strconv.Itoa(c.Code)}
	}
	return m
}

// codeLink is what a link to a code's page shows: its code and the name
// the site gives it, as in "413 Content Too Large".
type codeLink struct {
	Code  int
	Title string
}

// linkTo returns the link to e's page.
func linkTo(e *article.Entry, f *facts.Facts) *codeLink {
	if e == nil {
		return nil
	}
	return &codeLink{Code: e.Code, Title: fmt.Sprintf("%d %s", e.Code, facts.Name(e, f.Code(e.Code)))}
}

// items returns the template name of code.html executed with each link
// to a code's page: "code-item", the list item that the code pages of the
// codes related to it and the list of every code show, or "code-number",
// the item of the strip of a class's codes on a code page.
func (r *Renderer) items(name string, links []*codeLink) ([]string, error) {
	t := r.pages["code.html"].Lookup(name)
	if t == nil {
		return nil, &diag.Error{Path: "code.html", Msg: fmt.Sprintf("no %q template", name), Hint: "define the list item that links to a code's page"}
	}
	html := make([]string, len(links))
	errs := make([]error, len(links))
	parallel.For(len(links), func(i int) {
		var b strings.Builder
		errs[i] = t.Execute(&b, links[i])
		html[i] = b.String()
	})
	if err := errors.Join(errs...); err != nil {
		return nil, templateError(err)
	}
	return html, nil
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
	img, err := s.image(CardName(e.Code), CardAlt(e, s.Facts))
	if err != nil {
		return Page{}, err
	}
	c := s.Facts.Code(e.Code)
	title := linkTo(e, s.Facts).Title
	d := codeData{Site: s, Article: a, Header: sh.header, Footer: sh.footer, Head: head{
		Title:       title + " · " + SiteName,
		Name:        title,
		Description: e.Summary,
		Path:        CodeURL(e.Code),
		Type:        "article",
		Image:       img,
	}, Entry: e, Name: facts.Name(e, c), ShowNote: showsNote(e, c), ClassSpec: classSpec(e.Class),
		Facts: c, Differences: facts.Differences(e, c), Related: related(a, e, c)}
	d.OtherUses = sh.others[e.Code]
	d.Constants = namesOf(s.Constants, e.Code)
	d.ClientTables = ClientTables(s.Clients, e.Code)
	var others, related strings.Builder
	for _, o := range a.EntriesOf(e.Class) {
		if o != e && !slices.Contains(d.Related, o) {
			others.WriteString(string(sh.numbers[o.Code]))
		}
	}
	for _, o := range d.Related {
		related.WriteString(string(sh.items[o.Code]))
	}
	d.OtherCodes, d.RelatedCodes = template.HTML(others.String()), template.HTML(related.String())
	if i > 0 {
		d.Prev = linkTo(a.Entries[i-1], s.Facts)
	}
	if i+1 < len(a.Entries) {
		d.Next = linkTo(a.Entries[i+1], s.Facts)
	}
	if e.Absent {
		// A code the article lacks is reserved or not yet final: the page
		// gives its facts, and shows nothing that sends it.
		return r.page("code.html", CodePath(e.Code), &d)
	}
	send := sendingOf(e, s.Facts, s.Constants)
	blocks := []highlight.Block{{Code: send.Response() + send.Final(), Lang: "http"}}
	if req := send.Request(); req != "" {
		blocks = append(blocks, highlight.Block{Code: req, Lang: "http"})
	}
	snippets := send.Snippets()
	for _, sn := range snippets {
		blocks = append(blocks, highlight.Block{Code: sn.Source, Lang: sn.Lang, Lines: true})
	}
	html, err := r.hl.Blocks(blocks)
	if err != nil {
		return Page{}, fmt.Errorf("%s:%d: code of %d: %w", a.Path, e.Line, e.Code, err)
	}
	d.Response, html = html[0], html[1:]
	if send.ctype == facts.ProblemType {
		object, aboutBlank := facts.ProblemSpecs()
		d.Problem = []facts.Spec{object, aboutBlank}
	}
	if send.request != nil {
		d.Request, html = html[0], html[1:]
	}
	for i, sn := range snippets {
		d.Snippets = append(d.Snippets, highlighted{Label: sn.Label, HTML: html[i]})
	}
	return r.page("code.html", CodePath(e.Code), &d)
}

// stackNames is what a code page says of one stack's names of its code.
type stackNames struct {
	Stack *constants.Stack
	Names []stackName // none when the stack's library has no name for the code
	Note  int         // the number of the footnote that gives the stack's version
}

// stackName is one name of a code as written in code.
type stackName struct {
	Code       string // "http.StatusNotFound", `"Not Found"`
	Lookup     string // how code looks the name up, for a name that is a value: "http.STATUS_CODES[404]"
	Deprecated bool
}

// namesOf returns every stack's names of code, in the order of k.
func namesOf(k *constants.Set, code int) []stackNames {
	if k == nil {
		return nil
	}
	out := make([]stackNames, len(k.Stacks))
	for i, st := range k.Stacks {
		out[i] = stackNames{Stack: st, Note: i + 1}
		for _, n := range st.Names(code) {
			out[i].Names = append(out[i].Names, stackName{Code: st.Code(n), Lookup: st.LookupOf(code), Deprecated: n.Deprecated})
		}
	}
	return out
}

// CardAlt returns the text that stands for the preview image of e's
// page, whose code the facts f name.
func CardAlt(e *article.Entry, f *facts.Facts) string {
	return fmt.Sprintf("%s: a %s %s status code", linkTo(e, f).Title, e.Class.Label(), e.Class.Name)
}

// showsNote reports whether e's page shows the article's note on e: not
// when the note no longer holds by the facts c, which the page's
// differences say, nor when e's description says what the note does, as
// 418's says that an April Fools' RFC defined it and 305's that it is
// deprecated.
func showsNote(e *article.Entry, c *facts.Code) bool {
	if e.Note == nil || facts.NoteSuperseded(e, c) {
		return false
	}
	said := map[article.NoteKind]string{article.NoteAprilFools: "april fools", article.NoteDeprecated: "deprecated"}[e.Note.Kind]
	return said == "" || !strings.Contains(strings.ToLower(string(e.Description)), said)
}

// classSpec returns the section of RFC 9110 that defines class c.
func classSpec(c *article.Class) facts.Spec {
	return facts.Spec{RFC: 9110, Section: fmt.Sprintf("15.%d", c.Digit+1)}
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
	img, err := s.indexImage(a)
	if err != nil {
		return Page{}, err
	}
	return r.page("404.html", "404.html", &pageData{Site: s, Article: a, Header: sh.header, Footer: sh.footer,
		Unofficial: s.Unofficial, Unofficials: len(sh.unofficial), Head: head{
			Title:       "Page not found · " + SiteName,
			Name:        "Page not found",
			Description: "This page does not exist. Look a status code up from the list of HTTP status codes.",
			Type:        "website",
			Image:       img,
		}})
}

// MaxPageSize bounds the bytes of one page, so that a template that
// loops over a large range fails rather than fills the memory. The
// repository's index is 41 KB; one with every code would be 330 KB.
const MaxPageSize = 8 << 20

// page executes the page template tmpl with data as the file at path.
func (r *Renderer) page(tmpl, path string, data any) (Page, error) {
	var b bytes.Buffer
	b.Grow(32 << 10) // about the size of a code page
	w := &limitedWriter{w: &b, n: MaxPageSize}
	if err := r.pages[tmpl].ExecuteTemplate(w, "base", data); err != nil {
		if w.n < 0 {
			return Page{}, &diag.Error{Path: tmpl, Msg: fmt.Sprintf("renders %s in more than %d bytes, the limit", path, MaxPageSize),
				Hint: "a range over many values may be the cause"}
		}
		return Page{}, templateError(err)
	}
	return Page{Path: path, Body: b.Bytes()}, nil
}

// limitedWriter writes to w until n bytes are written, then fails.
type limitedWriter struct {
	w io.Writer
	n int // bytes it may still write; negative once it has failed
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if len(p) > l.n {
		l.n = -1
		return 0, errors.New("page too large")
	}
	l.n -= len(p)
	return l.w.Write(p)
}
