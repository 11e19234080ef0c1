// Package site builds the whole site in order: read and parse the article,
// hash the assets, render the pages, minify everything, and write public/ atomically.
//
// The content directory holds http-status-codes.md and, optionally, the
// registry facts codes.yaml; the assets directory holds style.css,
// favicon.svg and any other files, copied as assets/NAME.HASH.EXT. Preview
// images the assets lack are drawn and written the same way. Beside the
// pages go the JSON API (codes.json, codes/NNN.json), sitemap.xml,
// robots.txt and Netlify's _redirects. The output directory is replaced
// as a whole, and only when every step succeeded. The costly steps, such
// as drawing cards, run on every core, and their results may come from a
// disk cache (Config.Cache) or from what a long-lived Builder kept: either
// way the output is the same, byte for byte.
package site

import (
	"bytes"
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
	"github.com/httpstatus/site/internal/facts"
	"github.com/httpstatus/site/internal/highlight"
	"github.com/httpstatus/site/internal/render"
)

// ArticleFile is the article's file name inside the content directory.
const ArticleFile = "http-status-codes.md"

// DefaultBaseURL is the site's address when neither -base-url nor
// Netlify's URL variable gives one.
const DefaultBaseURL = "https://http-status-codes.netlify.app"

// Config says where a build reads and writes.
type Config struct {
	Content   string // directory holding the article
	Templates string // directory of html/template files
	Assets    string // directory of static files
	Out       string // output directory, replaced by each build
	BaseURL   string // absolute URL of the site, without a trailing slash
	Origin    string // absolute URL of the article's first home, for its links to other pages there
	Strict    bool   // treat warnings as errors
	Cache     string // directory of the disk cache of cards, highlighted code, pages and minified files; empty for none
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
	Warnings []*article.Error
}

// String returns the one-line summary printed after a build.
func (r *Report) String() string {
	return fmt.Sprintf("%d codes · %d pages · %s → %s in %s",
		r.Codes, r.Pages, kilobytes(r.Bytes), r.Out+string(filepath.Separator), milliseconds(r.Elapsed))
}

func kilobytes(n int64) string { return fmt.Sprintf("%d KB", (n+512)/1024) }

func milliseconds(d time.Duration) string {
	if d < 10*time.Millisecond {
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

// Builder builds the site. It keeps the parser, highlighter, minifier,
// templates and what they made between builds, so a long-lived Builder
// (the dev server's) rebuilds faster. A Builder may run one build at a time.
type Builder struct {
	hl      *highlight.Highlighter
	parser  *article.Parser
	min     *minifier
	painter func() (*card.Painter, error)    // made when the first card is drawn
	drawn   cache.Memo[card.Card, drawnCard] // each card drawn lately
	article parsedArticle                    // that of the last build
	facts   parsedFacts                      // those of the last build
	tmpl    parsedTemplates                  // those of the last build
	written *written                         // what the last build wrote

	removing  sync.WaitGroup // removes the outputs that builds replaced
	removeErr error          // why removing them failed, until Wait
	saving    sync.WaitGroup // saves the packs of the last build

	disk      *cache.Cache // nil without Config.Cache
	cacheRoot string       // the Config.Cache that disk was opened for
	mapCache  bool         // open disk with cache.OpenMapped, as Build does
	built     bool         // whether a build made every file, so that memory holds what the packs do
	cards     *cache.Pack  // this build's pack of cards on disk
	pages     *cache.Pack  // this build's pack of rendered pages on disk
	parsed    *cache.Pack  // this build's pack of parsed inputs on disk
}

// parsedTemplates are the templates of a directory, read.
type parsedTemplates struct {
	dir string
	r   *render.Renderer
}

// NewBuilder returns a Builder.
func NewBuilder() *Builder {
	hl := highlight.New()
	return &Builder{hl: hl, parser: article.NewParser(hl), min: newMinifier(),
		// Only a build that draws a card parses the fonts.
		painter: sync.OnceValues(func() (*card.Painter, error) { return card.NewPainter(cardCompression) })}
}

// Build builds the site described by cfg once, as a program that builds
// and ends does: the packs of its disk cache are mapped into memory rather
// than read, which a long-lived Builder could not do without holding
// every pack it ever read. On any error the output directory is left as
// it was.
func Build(cfg Config) (*Report, error) {
	b := NewBuilder()
	b.mapCache = true
	r, err := b.Build(cfg)
	if werr := b.Wait(); err == nil {
		err = werr
	}
	b.disk.Close() // the build is over: nothing uses its entries
	return r, err
}

// Build builds the site described by cfg. On any error the output
// directory is left as it was.
func (b *Builder) Build(cfg Config) (*Report, error) {
	start := time.Now()
	if err := checkOut(cfg); err != nil {
		return nil, err
	}
	files, a, err := b.Files(cfg)
	if err != nil {
		return nil, err
	}
	b.forget()
	// The packs are saved once the site is written, in the background.
	defer b.saving.Go(b.saveCache)
	warnings := append(a.Warnings, deadLinks(a, files)...)
	if cfg.Strict && len(warnings) > 0 {
		return nil, article.ErrorList(warnings)
	}
	files = append(files, File{Path: Marker, Data: []byte(markerText)})
	w, old, err := writeTree(cfg.Out, files, b.written, b.removing.Wait)
	b.written = w
	if err != nil {
		return nil, err
	}
	if old != "" {
		// The new site is in place: what it replaced goes while the
		// caller moves on, and before the next build's swap.
		b.removing.Go(func() { b.removeErr = errors.Join(b.removeErr, os.RemoveAll(old)) })
	}
	r := &Report{Codes: len(a.Entries), Files: len(files), Out: cfg.Out, Warnings: warnings}
	for _, f := range files {
		r.Bytes += int64(len(f.Data))
		if strings.HasSuffix(f.Path, ".html") {
			r.Pages++
		}
	}
	r.Elapsed = time.Since(start)
	return r, nil
}

// Wait waits until the outputs that earlier builds replaced are removed
// and the disk cache is saved, and returns why removing an output failed,
// if it did. Call it before the program ends.
func (b *Builder) Wait() error {
	b.removing.Wait()
	b.saving.Wait()
	err := b.removeErr
	b.removeErr = nil
	return err
}

// forget drops what the build that just made every file did not use, so
// a long-lived Builder holds about one site. A build that failed forgets
// nothing: the next one finds what the last good one made.
func (b *Builder) forget() {
	b.hl.Forget()
	b.drawn.Forget()
	b.min.memo.Forget()
	if b.tmpl.r != nil {
		b.tmpl.r.Forget()
	}
}

// useCache opens the disk cache in root, or none for an empty root, and
// starts this build's packs. A cache that cannot be opened only makes the
// build slower.
func (b *Builder) useCache(root string) {
	b.saving.Wait()
	if root != b.cacheRoot {
		b.disk, b.cacheRoot, b.built = nil, root, false
		switch {
		case root != "" && b.mapCache:
			b.disk, _ = cache.OpenMapped(root)
		case root != "":
			b.disk, _ = cache.Open(root)
		}
	}
	hl := b.disk.Pack("highlighted")
	// A build that finds a page kept does not ask for the code it shows
	// highlighted, which one that renders the page again needs.
	hl.Spare(highlightSpare)
	b.hl.UseCache(hl)
	b.cards = b.disk.Pack("cards")
	b.min.pack = b.disk.Pack("minified")
	b.pages = b.disk.Pack("pages")
	b.parsed = b.disk.Pack("parsed")
	rest := []*cache.Pack{b.cards, b.min.pack, b.pages, b.parsed}
	if b.built {
		// What the builds before made is looked up in memory first, and
		// kept in the packs from there. Every build asks for every entry
		// of these packs it needs, so they hold what the last build
		// used, which memory holds too: they need not be read.
		for _, p := range rest {
			p.Remembered()
		}
		return
	}
	// Their files are read while the article is parsed. Highlighted
	// code is looked up only to render a page again, which most builds
	// need not do: its pack is read when first asked for.
	for _, p := range rest {
		p.Preload()
	}
}

// highlightSpare is how many bytes of highlighted code that a build did
// not use the disk cache keeps: all of the real article's takes 0.3 MB,
// that of a made-up article of 500 codes 2.6 MB.
const highlightSpare = 8 << 20

// saveCache writes the packs of this build. Failing to only makes the
// next build slower.
func (b *Builder) saveCache() {
	b.hl.SaveCache()
	b.cards.Save()
	b.min.pack.Save()
	b.pages.Save()
	b.parsed.Save()
}

// Files returns every file of the site, minified and sorted by path,
// together with the parsed article, whose warnings include those about
// the facts file. Build saves the packs of the disk cache it used.
func (b *Builder) Files(cfg Config) ([]File, *article.Article, error) {
	b.useCache(cfg.Cache)
	// The article, the facts, the assets and the templates do not depend
	// on one another, so they are read at once. Errors are reported in
	// that order all the same.
	var (
		a      *article.Article
		f      *facts.Facts
		assets []File
		urls   map[string]string
		r      *render.Renderer
		errs   [4]error
		wg     sync.WaitGroup
	)
	wg.Go(func() { a, errs[0] = b.readArticle(cfg.Content, cfg.Origin) })
	wg.Go(func() { f, errs[1] = b.readFacts(cfg.Content) })
	wg.Go(func() { assets, urls, errs[2] = b.assets(cfg.Assets) })
	wg.Go(func() { r, errs[3] = b.renderer(cfg.Templates) })
	wg.Wait()
	for _, err := range errs[:3] {
		if err != nil {
			return nil, nil, err
		}
	}
	if f != nil {
		a.Warnings = append(a.Warnings, facts.Check(a, f)...)
	}
	cards, images, err := b.images(a, assets, urls)
	if err != nil {
		return nil, nil, err
	}
	if errs[3] != nil {
		return nil, nil, errs[3]
	}
	s := render.Site{BaseURL: cfg.BaseURL, Assets: urls, Images: images, Facts: f}
	r.UseCache(b.pages)
	r.Finish(b.min.fresh)
	var api []render.Page
	var apiErr error
	wg.Go(func() { api, apiErr = r.API(a, s) })
	pages, err := r.Pages(a, s)
	wg.Wait()
	if err != nil {
		return nil, nil, templateError(cfg.Templates, err)
	}
	if apiErr != nil {
		return nil, nil, apiErr
	}
	html := make([]File, len(pages))
	for i, p := range pages {
		html[i] = File{Path: p.Path, Data: p.Body}
	}
	json := make([]File, len(api))
	for i, p := range api {
		json[i] = File{Path: p.Path, Data: p.Body}
	}
	// The assets were minified before their names took their hash, and
	// the pages and the API as they were rendered: the rest is minified here.
	rest := []File{sitemap(html, cfg.BaseURL), robots(cfg.BaseURL), redirects(a)}
	if err := b.min.all(rest); err != nil {
		return nil, nil, err
	}
	files := slices.Concat(assets, cards, html, json, rest)
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	b.built = true
	return files, a, nil
}

// parsedArticle is an article as parsed, and what it was parsed from.
type parsedArticle struct {
	path, origin string
	src          []byte
	a            *article.Article
}

// readArticle reads and parses the article in dir, parsed anew only when
// the file changed since the last build; its root-relative links to
// pages this site lacks point at origin, when set. The Article is the
// caller's to add warnings to.
func (b *Builder) readArticle(dir, origin string) (*article.Article, error) {
	path := filepath.Join(dir, ArticleFile)
	src, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no article: %w", path, fs.ErrNotExist)
		}
		return nil, err
	}
	last := b.article
	if last.a == nil || last.path != path || last.origin != origin || !bytes.Equal(last.src, src) {
		a, err := b.parser.ParseWith(path, src, article.Options{Origin: origin, Local: local})
		if err != nil {
			return nil, err
		}
		last = parsedArticle{path: path, origin: origin, src: src, a: a}
		b.article = last
	}
	a := *last.a
	a.Warnings = slices.Clone(a.Warnings)
	return &a, nil
}

// renderer returns a renderer of the templates in dir: that of the last
// build when no file there changed since.
func (b *Builder) renderer(dir string) (*render.Renderer, error) {
	if err := isDir(dir, "templates"); err != nil {
		return nil, err
	}
	r, err := render.New(os.DirFS(dir), b.hl)
	if err != nil {
		return nil, templateError(dir, err)
	}
	if b.tmpl.r != nil && b.tmpl.dir == dir && b.tmpl.r.Sum() == r.Sum() {
		return b.tmpl.r, nil
	}
	b.tmpl = parsedTemplates{dir: dir, r: r}
	return r, nil
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
