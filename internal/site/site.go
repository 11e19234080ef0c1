// Package site builds the whole site in order: read and parse the article
// and the facts, read the assets, draw the preview images, render the
// pages and the API, minify every file, and write public/ atomically.
//
// The content directory holds http-status-codes.md and, optionally, the
// registry facts codes.yaml, the unofficial codes unofficial-codes.md,
// the stacks' constants constants.yaml, what clients were measured to
// do, clients.json, and the filter's synonyms.yaml; the assets directory
// holds style.css, favicon.svg and any other files, copied as
// assets/NAME.HASH.EXT. Preview
// images the assets lack are drawn and written the same way. Beside the
// pages go the JSON API (codes.json, codes/NNN.json, its not-found body
// codes/not-found.json and its schema codes.schema.json), sitemap.xml,
// robots.txt and Netlify's _redirects.
//
// The content directory may also hold published.txt, the list of every
// address the site has published (see package published). The build
// holds the site to it: it fails, at the line, when a listed address
// would no longer resolve; it keeps the listed anchors of codes and
// classes on the index when their headings change; and it warns of the
// addresses the list lacks, which Config.Record appends to it.
//
// Every build renders every page. Only pure, costly steps are cached, by
// a hash of their whole input: drawn cards and highlighted code (see
// package cache). The output directory is replaced as a whole, and only
// when every step succeeded; builds into the same directory take turns.
package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/cache"
	"github.com/httpstatus/site/internal/card"
	"github.com/httpstatus/site/internal/clients"
	"github.com/httpstatus/site/internal/constants"
	"github.com/httpstatus/site/internal/diag"
	"github.com/httpstatus/site/internal/facts"
	"github.com/httpstatus/site/internal/highlight"
	"github.com/httpstatus/site/internal/input"
	"github.com/httpstatus/site/internal/published"
	"github.com/httpstatus/site/internal/render"
	"github.com/httpstatus/site/internal/synonyms"

	"github.com/tdewolff/minify/v2"
)

// ArticleFile is the article's file name inside the content directory.
const ArticleFile = "http-status-codes.md"

// FactsFile is the name of the registry facts file inside the content directory.
const FactsFile = "codes.yaml"

// UnofficialFile is the name of the optional file of unofficial codes
// inside the content directory: the article's format, with a section per
// vendor (see article.Options.Vendors).
const UnofficialFile = "unofficial-codes.md"

// SynonymsFile is the name of the optional file of the terms the
// index's filter finds codes by beside their names (see package
// synonyms), inside the content directory.
const SynonymsFile = "synonyms.yaml"

// DefaultBaseURL is the site's address when neither -base-url nor
// Netlify's URL variable gives one.
const DefaultBaseURL = "https://http-status-codes.netlify.app"

// CacheLimit bounds the bytes the disk cache keeps.
const CacheLimit = 64 << 20

// DefaultCacheDir returns the directory builds keep their disk cache in:
// httpstatus-site inside the user's cache directory, such as
// ~/.cache/httpstatus-site ($XDG_CACHE_HOME moves it), or "" for none
// when the user has no cache directory.
func DefaultCacheDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "httpstatus-site")
}

// Config says where a build reads and writes.
type Config struct {
	Content   string // directory holding the article
	Templates string // directory of html/template files
	Assets    string // directory of static files
	Out       string // output directory, replaced by each build
	BaseURL   string // absolute URL of the site, without a trailing slash
	Origin    string // absolute URL of the article's first home, for its links to other pages there
	Strict    bool   // treat warnings as errors
	Cache     string // directory of the disk cache of cards and highlighted code; empty for none
	Record    bool   // append the addresses the site publishes and the content's published.txt lacks to it
}

// BaseURL returns the site's base URL: the flag's value if set, else
// Netlify's URL variable during a Netlify build, else DefaultBaseURL.
func BaseURL(flag string, getenv func(string) string) string {
	u := flag
	if u == "" && getenv("NETLIFY") == "true" {
		u = getenv("URL")
	}
	if u == "" {
		u = DefaultBaseURL
	}
	return strings.TrimRight(u, "/")
}

// File is one file of the built site.
type File struct {
	Path string // slash-separated, relative to the output directory
	Data []byte
}

// Report describes a finished build.
type Report struct {
	Codes    int
	Pages    int // HTML files written
	Files    int
	Bytes    int64
	Out      string
	Elapsed  time.Duration
	Warnings []*diag.Error
	Recorded int // addresses appended to the list of published ones
}

// String returns the one-line summary printed after a build.
func (r *Report) String() string {
	s := fmt.Sprintf("%d codes · %d pages · %s → %s in %s",
		r.Codes, r.Pages, kilobytes(r.Bytes), r.Out+string(filepath.Separator), milliseconds(r.Elapsed))
	if r.Recorded > 0 {
		s += fmt.Sprintf(" · %d addresses recorded as published", r.Recorded)
	}
	return s
}

func kilobytes(n int64) string { return fmt.Sprintf("%d KB", (n+512)/1024) }

func milliseconds(d time.Duration) string {
	if d < 10*time.Millisecond {
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

// Builder builds the site of one Config, as often as asked. It keeps the
// parser, the minifier and the cache of cards and highlighted code
// between builds, never a page. A Builder may run one build at a time.
type Builder struct {
	cfg     Config
	cache   *cache.Cache
	hl      *highlight.Highlighter
	parser  *article.Parser
	min     *minify.M
	painter func() (*card.Painter, error) // made when the first card is drawn
}

// NewBuilder returns a Builder of cfg. A disk cache that cannot be
// opened only makes builds slower: the Builder then keeps its cache in
// memory alone.
func NewBuilder(cfg Config) *Builder {
	c, err := cache.Open(cfg.Cache)
	if err != nil {
		c, _ = cache.Open("")
	}
	hl := highlight.New(c)
	return &Builder{cfg: cfg, cache: c, hl: hl, parser: article.NewParser(hl.Extension()), min: newMinifier(),
		painter: sync.OnceValues(func() (*card.Painter, error) { return card.NewPainter(cardCompression) })}
}

// Build builds the site of cfg once. On any error the output directory
// is left as it was.
func Build(cfg Config) (*Report, error) { return NewBuilder(cfg).Build() }

// Build builds the site. On any error the output directory is left as it
// was. Another build into the same directory, by this process or
// another, waits for this one to end.
func (b *Builder) Build() (*Report, error) {
	start := time.Now()
	cfg := b.cfg
	out, err := checkOut(cfg)
	if err != nil {
		return nil, err
	}
	o, err := b.build()
	if err != nil {
		return nil, err
	}
	files, warnings := o.files, o.warnings
	if len(o.unlisted) > 0 && !cfg.Record {
		warnings = append(warnings, unlistedWarning(o.listPath, o.unlisted))
	}
	if cfg.Strict && len(warnings) > 0 {
		return nil, diag.List(warnings)
	}
	files = append(files, File{Path: Marker, Data: []byte(markerText)})
	if err := writeTree(out, files, os.RemoveAll); err != nil {
		var left *leftOverError
		if !errors.As(err, &left) {
			return nil, err
		}
		warnings = append(warnings, &diag.Error{Path: left.dir, Msg: left.Error(), Hint: "remove it by hand"})
	}
	b.cache.Prune(CacheLimit) // failing to only lets the cache grow
	b.cache.Sweep()
	r := &Report{Files: len(files), Out: cfg.Out, Warnings: warnings}
	if cfg.Record && len(o.unlisted) > 0 {
		if err := record(o.listPath, o.unlisted); err != nil {
			return nil, err
		}
		r.Recorded = len(o.unlisted)
	}
	for _, f := range files {
		r.Bytes += int64(len(f.Data))
		if strings.HasSuffix(f.Path, ".html") {
			r.Pages++
			if strings.HasPrefix(f.Path, "codes/") {
				r.Codes++ // one page per code
			}
		}
	}
	r.Elapsed = time.Since(start)
	return r, nil
}

// Files returns every file of the site, minified and sorted by path, and
// the build's warnings: the article's, those of the facts file against
// the article, of the images and of links to pages the site lacks.
func (b *Builder) Files() ([]File, []*diag.Error, error) {
	o, err := b.build()
	if err != nil {
		return nil, nil, err
	}
	return o.files, o.warnings, nil
}

// output is what one build makes.
type output struct {
	files    []File
	warnings []*diag.Error
	listPath string            // the list of published addresses
	unlisted []published.Entry // addresses the site publishes that the list lacks
}

// build makes every file of the site, holds it to the list of published
// addresses, and says which addresses the list lacks.
func (b *Builder) build() (*output, error) {
	cfg := b.cfg
	// The inputs do not depend on one another: they are read at once, and
	// their errors reported in this order all the same.
	var (
		a, u     *article.Article
		f        *facts.Facts
		k        *constants.Set
		syn      *synonyms.Synonyms
		r        *render.Renderer
		list     *published.List
		listPath string
		assets   []File
		urls     map[string]string
		cl       *clients.Results
		errs     [9]error
		wg       sync.WaitGroup
	)
	wg.Go(func() { a, errs[0] = b.readArticle() })
	wg.Go(func() { u, errs[1] = b.readUnofficial() })
	wg.Go(func() { f, errs[2] = readParsed(cfg.Content, FactsFile, facts.MaxSize, facts.Parse) })
	wg.Go(func() { r, errs[3] = b.renderer() })
	wg.Go(func() { list, listPath, errs[4] = readPublished(cfg.Content) })
	wg.Go(func() { k, errs[5] = readParsed(cfg.Content, constants.File, constants.MaxSize, constants.Parse) })
	wg.Go(func() { cl, errs[7] = readParsed(cfg.Content, clients.File, clients.MaxSize, clients.Parse) })
	wg.Go(func() { syn, errs[8] = readParsed(cfg.Content, SynonymsFile, synonyms.MaxSize, synonyms.Parse) })
	assets, urls, errs[6] = b.assets(cfg.Assets)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	warnings := slices.Clone(a.Warnings)
	if u != nil {
		warnings = append(warnings, u.Warnings...)
	}
	if f != nil {
		warnings = append(warnings, facts.Check(a, f)...)
	}
	a = facts.Join(a, f)
	if err := keepAnchors(list, a); err != nil {
		return nil, err
	}
	if err := syn.Check(func(code int) bool { return a.Entry(code) != nil || u != nil && u.Entry(code) != nil }); err != nil {
		return nil, err
	}
	unofficial, _ := render.Unofficial(a, u)
	cards, images, warns, err := b.images(a, f, unofficial, assets, urls)
	if err != nil {
		return nil, err
	}
	warnings = append(warnings, warns...)
	s := render.Site{BaseURL: cfg.BaseURL, Assets: urls, Images: images, Facts: f, Constants: k, Unofficial: u, Clients: cl, Synonyms: syn}
	search, err := b.searchAsset(a, s)
	if err != nil {
		return nil, err
	}
	assets = append(assets, search)
	s.Assets[render.SearchAsset] = "/" + search.Path
	pages, err := r.Pages(a, s)
	if err != nil {
		return nil, inDir(cfg.Templates, err)
	}
	api, err := render.API(a, s)
	if err != nil {
		return nil, err
	}
	var rendered []File
	for _, p := range slices.Concat(pages, api) {
		rendered = append(rendered, File{Path: p.Path, Data: p.Body})
	}
	rendered = append(rendered, sitemap(rendered, cfg.BaseURL), robots(cfg.BaseURL), redirects(a, unofficial))
	if err := b.minify(rendered, ""); err != nil {
		return nil, err
	}
	files := slices.Concat(assets, cards, rendered)
	warnings = append(warnings, deadLinks(a, files)...)
	if u != nil {
		warnings = append(warnings, deadLinks(u, files)...)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	o := &output{files: files, warnings: warnings, listPath: listPath}
	served, err := newServedSite(files)
	if err != nil {
		return nil, err
	}
	if err := checkPublished(list, a, served); err != nil {
		return nil, err
	}
	switch {
	case list != nil:
		o.unlisted = unlisted(list, publishes(a, served))
	case cfg.Record: // the first list: everything the site publishes
		o.unlisted = publishes(a, served)
	}
	return o, nil
}

// readArticle reads and parses the article; its root-relative links to
// pages this site lacks point at the Config's Origin, when set. The
// article is read as package input reads every input: a regular file,
// or a symlink to one inside the content directory, of at most
// article.MaxSize bytes.
func (b *Builder) readArticle() (*article.Article, error) {
	path := filepath.Join(b.cfg.Content, ArticleFile)
	src, err := input.ReadFile(path, article.MaxSize)
	if err != nil {
		var e *diag.Error
		if errors.Is(err, fs.ErrNotExist) && errors.As(err, &e) {
			e.Msg = "no article: " + e.Msg
		}
		return nil, err
	}
	return b.parser.ParseWith(path, src, article.Options{Origin: b.cfg.Origin, Local: local})
}

// readUnofficial reads and parses the file of unofficial codes, if the
// content directory has one; else it returns nil.
func (b *Builder) readUnofficial() (*article.Article, error) {
	path := filepath.Join(b.cfg.Content, UnofficialFile)
	src, ok, err := readOptional(path, article.MaxSize)
	if !ok {
		return nil, err
	}
	return b.parser.ParseWith(path, src, article.Options{Origin: b.cfg.Origin, Local: local, Vendors: true})
}

// readParsed reads the optional content file name in dir, of at most
// limit bytes, and returns it as parse reads it. Without the file, the
// site goes without what it holds, and the zero T is returned: nil for
// the facts, the constants, the clients' results and the synonyms. A
// symlink that leads nowhere is an error, not the lack of a file.
func readParsed[T any](dir, name string, limit int64, parse func(path string, src []byte) (T, error)) (T, error) {
	path := filepath.Join(dir, name)
	src, ok, err := readOptional(path, limit)
	if !ok {
		var none T
		return none, err
	}
	return parse(path, src)
}

// readOptional reads the input file at path, at most limit bytes, and
// reports whether it was read: false with no error when there is no such
// file. A symlink that leads nowhere is an error, not the lack of a file.
func readOptional(path string, limit int64) ([]byte, bool, error) {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	data, err := input.ReadFile(path, limit)
	return data, err == nil, err
}

// renderer returns a renderer of the templates directory.
func (b *Builder) renderer() (*render.Renderer, error) {
	dir := b.cfg.Templates
	if err := isDir(dir, "templates"); err != nil {
		return nil, err
	}
	d, err := input.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("templates directory: %w", err)
	}
	defer d.Close()
	r, err := render.New(d, b.hl)
	if err != nil {
		return nil, inDir(dir, err)
	}
	return r, nil
}

// inDir returns err with the paths of its problems taken as relative to
// dir, as render reports a template by its path in the directory.
func inDir(dir string, err error) error {
	list := diag.All(err)
	for _, e := range list {
		if e.Path != "" {
			e.Path = filepath.Join(dir, e.Path)
		}
	}
	return list
}

// isDir returns an error unless path is a directory.
func isDir(path, what string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("%s directory: %w", what, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s directory %s is not a directory", what, path)
	}
	return nil
}
