package article

import (
	"bufio"
	"bytes"
	"fmt"
	"html/template"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/httpstatus/site/internal/diag"
	"github.com/httpstatus/site/internal/parallel"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	meta "github.com/yuin/goldmark-meta"
)

// MaxErrors bounds how many problems one parse reports.
const MaxErrors = 50

// Parser turns article sources into Articles. One Parser may be used by
// several goroutines at once.
type Parser struct {
	md goldmark.Markdown
}

// NewParser returns a Parser that renders the Markdown with goldmark's
// GFM extension, goldmark-meta and the extensions exts, such as one that
// colours fenced code.
func NewParser(exts ...goldmark.Extender) *Parser {
	exts = append([]goldmark.Extender{
		extension.GFM, // tables, strikethrough and autolinks, as the article's authors expect
		meta.New(),    // front matter between "---" lines is data, not Markdown
	}, exts...)
	return &Parser{md: goldmark.New(
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(), // headings get the ids the article's own links use
			parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 500)), // no script URLs; origin links
		),
	)}
}

// Parse parses the article src read from path. Problems that make the
// article unusable are returned as a diag.List; the others are kept in
// the Article's Warnings.
func (p *Parser) Parse(path string, src []byte) (*Article, error) {
	return p.ParseWith(path, src, Options{})
}

// ParseWith is like Parse with options.
func (p *Parser) ParseWith(path string, src []byte, opts Options) (*Article, error) {
	st := &state{path: path, src: normalize(src), a: &Article{Path: path}, opts: opts}
	if st.checkSize() {
		st.lines = lineStarts(st.src)
		st.run(p.md)
	}
	if len(st.errs) > 0 {
		return nil, st.errs.Sorted(MaxErrors)
	}
	st.a.Warnings = st.warns.Sorted(MaxErrors)
	return st.a, nil
}

// normalize drops a byte-order mark and turns CRLF line endings into LF,
// so that both spellings of a file build the same site.
func normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if bytes.Contains(src, []byte("\r\n")) {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	return src
}

// state is one parse in progress.
type state struct {
	path     string
	opts     Options
	src      []byte
	lines    []int // offset of each line's first byte
	bodyLine int   // index of the first line after the front matter
	cursor   place // the last place position found
	codes    int   // code headings so far
	a        *Article
	errs     diag.List
	warns    diag.List

	md         goldmark.Markdown
	class      *Class      // class whose section is open
	vendor     string      // with Options.Vendors, the vendor whose section is open
	section    *Section    // section being filled
	blocks     []ast.Node  // those of the open section
	renderings []rendering // HTML to render once every block is read
	entry      *Entry
	seen       map[int]*Entry        // entries by code, to catch repeats
	uses       map[vendorCode]*Entry // with Options.Vendors, entries by vendor and code
	common     map[string]bool       // anchors the "most commonly used" sentence links to
	dropped    []dropped             // links the parse removed
}

func (st *state) errorf(off int, hint, format string, args ...any) {
	st.errs = append(st.errs, st.at(off, hint, format, args...))
}

func (st *state) warnf(off int, hint, format string, args ...any) {
	st.warns = append(st.warns, st.at(off, hint, format, args...))
}

// at returns an Error at byte offset off; a negative offset means the
// whole file, reported at its first line.
func (st *state) at(off int, hint, format string, args ...any) *diag.Error {
	e := &diag.Error{Path: st.path, Msg: fmt.Sprintf(format, args...), Hint: hint}
	e.Line, e.Col = st.position(max(off, 0))
	return e
}

// lineStarts returns the offset at which each line of src begins.
func lineStarts(src []byte) []int {
	starts := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for i := 0; ; {
		n := bytes.IndexByte(src[i:], '\n')
		if n < 0 || i+n+1 == len(src) {
			return starts
		}
		i += n + 1
		starts = append(starts, i)
	}
}

// place is a byte offset of the source and its line and column.
type place struct{ off, line, col int }

// position returns the 1-based line and column (in characters) of offset
// off, which is clamped to the source. The characters are counted from
// the last place asked for when off follows it on the same line, so that
// the places of many links on one line take one pass over it.
func (st *state) position(off int) (line, col int) {
	off = max(0, min(off, len(st.src)))
	if c := st.cursor; c.line > 0 && off >= c.off && (c.line == len(st.lines) || off < st.lines[c.line]) {
		st.cursor = place{off, c.line, c.col + utf8.RuneCount(st.src[c.off:off])}
		return st.cursor.line, st.cursor.col
	}
	i := sort.Search(len(st.lines), func(i int) bool { return st.lines[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	start := st.lines[i]
	st.cursor = place{off, i + 1, utf8.RuneCount(st.src[start:off]) + 1}
	return st.cursor.line, st.cursor.col
}

func (st *state) run(md goldmark.Markdown) {
	if len(bytes.TrimSpace(st.src)) == 0 {
		st.errorf(-1, "the article needs front matter and at least one code section", "file is empty")
		return
	}
	if !st.checkLines() {
		return
	}
	if !utf8.Valid(st.src) {
		st.errorf(invalidUTF8(st.src), "save the file as UTF-8", "invalid UTF-8")
		return
	}
	if !st.frontMatter() || !st.checkBody() {
		return
	}
	st.md = md
	doc, ctx := st.parse(md)
	if _, err := meta.TryGet(ctx); err != nil {
		st.errorf(0, "", "front matter: %v", err)
		return
	}
	for _, d := range st.dropped {
		if d.unsafe {
			st.warnf(d.offset, "use an http or https URL", "link with a script or data URL removed; its text is kept")
		} else {
			st.warnf(d.offset, "pass -origin with the address of the site the page belongs to, or link to an absolute URL",
				"link to %s leads to no page of this site; its text is kept without the link", d.dest)
		}
	}
	st.seen = map[int]*Entry{}
	st.walk(doc)
	st.finish()
}

// parse parses the Markdown of st.src and returns its document and the
// parser's context, which holds the front matter.
func (st *state) parse(md goldmark.Markdown) (ast.Node, parser.Context) {
	ctx := parser.NewContext(parser.WithIDs(headingIDs{parser.NewContext().IDs()}))
	ctx.Set(optionsKey, st.opts)
	ctx.Set(droppedKey, &st.dropped)
	doc := md.Parser().Parse(text.NewReader(st.src), parser.WithContext(ctx))
	return doc, ctx
}

// invalidUTF8 returns the offset of the first byte that is not UTF-8.
func invalidUTF8(src []byte) int {
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return 0
}

// walk visits the top-level blocks of the documents in order, opening a
// section at each heading, and then renders the HTML of every section.
func (st *state) walk(doc ast.Node) {
	var intro []ast.Node
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		st.links(n)
		if h, ok := n.(*ast.Heading); ok {
			st.closeSection()
			st.openSection(h)
			continue
		}
		switch {
		case st.section == nil:
			st.scan(n)
			intro = append(intro, n)
		case st.entry != nil:
			st.entryBlock(n)
		default:
			st.sectionBlock(n)
		}
	}
	st.closeSection()
	st.toRender(intro, &st.a.Intro)
	st.renderAll()
}

// rendering is HTML to render once every block is read: the HTML of
// blocks, for the field at html.
type rendering struct {
	blocks []ast.Node
	html   *template.HTML
}

// toRender has the HTML of blocks rendered into *html once every block is read.
func (st *state) toRender(blocks []ast.Node, html *template.HTML) {
	st.renderings = append(st.renderings, rendering{blocks, html})
}

// renderAll renders what toRender asked for, on every core: fenced code
// is highlighted as it is rendered.
func (st *state) renderAll() {
	fails := make([]error, len(st.renderings))
	failed := make([]ast.Node, len(st.renderings))
	parallel.For(len(st.renderings), func(i int) {
		r := st.renderings[i]
		var b bytes.Buffer
		w := bufio.NewWriter(&b)
		for _, n := range r.blocks {
			w.Reset(&b)
			err := st.md.Renderer().Render(w, st.src, n)
			if err == nil {
				err = w.Flush()
			}
			if err != nil && fails[i] == nil {
				fails[i], failed[i] = err, n
			}
		}
		*r.html = template.HTML(b.String())
	})
	for i, err := range fails {
		if err != nil {
			st.errorf(st.offset(failed[i]), "", "render: %v", err)
		}
	}
}

// offset returns the byte offset at which node n starts, or -1.
func (st *state) offset(n ast.Node) int {
	if n.Type() == ast.TypeBlock {
		if l := n.Lines(); l.Len() > 0 {
			return l.At(0).Start
		}
	}
	if t, ok := n.(*ast.Text); ok {
		return t.Segment.Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if off := st.offset(c); off >= 0 {
			return off
		}
	}
	return -1
}

// blockOffset returns where block n starts; a block without text of its
// own, such as an empty heading, is placed after the block before it.
func (st *state) blockOffset(n ast.Node) int {
	if off := st.offset(n); off >= 0 {
		return off
	}
	for p := n.PreviousSibling(); p != nil; p = p.PreviousSibling() {
		if l := p.Lines(); l.Len() > 0 {
			return l.At(l.Len() - 1).Stop
		}
	}
	return 0
}

// offsetIn is like offset but falls back to the nearest ancestor that has one.
func (st *state) offsetIn(n ast.Node) int {
	for ; n != nil; n = n.Parent() {
		if off := st.offset(n); off >= 0 {
			return off
		}
	}
	return 0
}

// plainText returns the text of n without markup, as a reader sees it:
// references and escapes decoded, except in code.
func (st *state) plainText(n ast.Node) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			if v := c.Segment.Value(st.src); c.IsRaw() {
				b.Write(v)
			} else {
				b.Write(unescape(v))
			}
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if c.IsCode() || c.IsRaw() {
				b.Write(c.Value)
			} else {
				b.Write(unescape(c.Value))
			}
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				switch t := t.(type) {
				case *ast.Text:
					b.Write(t.Segment.Value(st.src))
				case *ast.String:
					b.Write(t.Value)
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// links records every link destination under n.
func (st *state) links(n ast.Node) {
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := c.(*ast.Link); ok && entering {
			line, col := st.position(st.offsetIn(l))
			st.a.Links = append(st.a.Links, Link{Dest: followed(l.Destination), Line: line, Col: col})
		}
		return ast.WalkContinue, nil
	})
}
