// Package site builds the whole site in order: read and parse the article,
// hash the assets, render the pages, minify everything, and write public/ atomically.
//
// The content directory holds http-status-codes.md and, optionally, the
// registry facts codes.yaml; the assets directory holds style.css,
// favicon.svg and any other files, copied as assets/NAME.HASH.EXT. Preview
// images the assets lack are drawn and written the same way. Beside the
// pages go the JSON API (codes.json, codes/NNN.json), sitemap.xml,
// robots.txt and Netlify's _redirects. The output directory is replaced
// as a whole, and only when every step succeeded.
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
	"time"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/card"
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

// Builder builds the site. It keeps the parser, highlighter, minifier
// and the cards it drew between builds, so a long-lived Builder (the dev
// server's) rebuilds faster. A Builder may run one build at a time.
type Builder struct {
	hl      *highlight.Highlighter
	parser  *article.Parser
	min     *minifier
	painter *card.Painter        // made at the first build that draws a card
	drawn   map[card.Card][]byte // PNG of each card drawn so far
}

// NewBuilder returns a Builder.
func NewBuilder() *Builder {
	hl := highlight.New()
	return &Builder{hl: hl, parser: article.NewParser(hl), min: newMinifier()}
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
	warnings := append(a.Warnings, deadLinks(a, files)...)
	if cfg.Strict && len(warnings) > 0 {
		return nil, article.ErrorList(warnings)
	}
	files = append(files, File{Path: Marker, Data: []byte(markerText)})
	if err := writeTree(cfg.Out, files); err != nil {
		return nil, err
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

// Files returns every file of the site, minified and sorted by path,
// together with the parsed article, whose warnings include those about
// the facts file.
func (b *Builder) Files(cfg Config) ([]File, *article.Article, error) {
	a, err := b.readArticle(cfg.Content, cfg.Origin)
	if err != nil {
		return nil, nil, err
	}
	f, err := readFacts(cfg.Content, a)
	if err != nil {
		return nil, nil, err
	}
	assets, urls, err := b.assets(cfg.Assets)
	if err != nil {
		return nil, nil, err
	}
	cards, images, err := b.images(a, assets, urls)
	if err != nil {
		return nil, nil, err
	}
	s := render.Site{BaseURL: cfg.BaseURL, Assets: urls, Images: images, Facts: f}
	pages, err := b.pages(cfg.Templates, a, s)
	if err != nil {
		return nil, nil, err
	}
	api, err := render.API(a, s)
	if err != nil {
		return nil, nil, err
	}
	files := slices.Concat(assets, cards, pages)
	for _, p := range api {
		files = append(files, File{Path: p.Path, Data: p.Body})
	}
	files = append(files, sitemap(files, cfg.BaseURL), robots(cfg.BaseURL), redirects(a))
	if err := b.min.all(files); err != nil {
		return nil, nil, err
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, a, nil
}

// readArticle reads and parses the article in dir; its root-relative
// links to pages this site lacks point at origin, when set.
func (b *Builder) readArticle(dir, origin string) (*article.Article, error) {
	path := filepath.Join(dir, ArticleFile)
	src, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no article: %w", path, fs.ErrNotExist)
		}
		return nil, err
	}
	return b.parser.ParseWith(path, src, article.Options{Origin: origin, Local: local})
}

// pages renders the article with the templates in dir.
func (b *Builder) pages(dir string, a *article.Article, s render.Site) ([]File, error) {
	if err := isDir(dir, "templates"); err != nil {
		return nil, err
	}
	r, err := render.New(os.DirFS(dir), b.hl)
	if err != nil {
		return nil, templateError(dir, err)
	}
	pages, err := r.Pages(a, s)
	if err != nil {
		return nil, templateError(dir, err)
	}
	files := make([]File, len(pages))
	for i, p := range pages {
		files[i] = File{Path: p.Path, Data: p.Body}
	}
	return files, nil
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
