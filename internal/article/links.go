package article

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options adjust one parse.
type Options struct {
	// Origin, when set, is the absolute URL of the site the article was
	// first published on: root-relative links that Local rejects point
	// there instead, as in "https://blog.example/articles/guide/". When
	// it is empty such links are removed, keeping their text, so that the
	// site never links to a page it does not have.
	Origin string
	// Local reports whether a root-relative URL path is one this site
	// serves. Nil means every path is.
	Local func(path string) bool
	// Vendors reads the file as one of unofficial codes: each level-2
	// heading names a vendor, whose codes follow as level-3 headings of
	// any class, each opening with a bold link to the vendor's
	// documentation. A code may appear under several vendors.
	Vendors bool
}

var (
	optionsKey = parser.NewContextKey() // Options of the parse
	droppedKey = parser.NewContextKey() // *[]dropped: links removed
)

// dropped is a link the parse removed, keeping its text.
type dropped struct {
	offset int
	dest   string
	unsafe bool // its URL could run script; else it leads to no page here
}

// linkTransformer rewrites the article's links before they are rendered:
// it unwraps links whose URL could run script, and points root-relative
// links to pages of the original site at Options.Origin.
type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	opts, _ := pc.Get(optionsKey).(Options)
	src := reader.Source()
	var drop []ast.Node
	var why []dropped
	remove := func(n ast.Node, dest string, unsafe bool) {
		drop = append(drop, n)
		why = append(why, dropped{offset: firstOffset(n), dest: dest, unsafe: unsafe})
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		// Each URL is judged as goldmark writes it and a browser follows
		// it, references and escapes decoded, since goldmark drops a
		// script URL it decodes, as "javascript&#58;x" is, from the page.
		switch n := n.(type) {
		case *ast.Link:
			url := followed(n.Destination)
			switch origin, ok := opts.resolve(url); {
			case html.IsDangerousURL([]byte(url)):
				remove(n, url, true)
			case !ok:
				remove(n, url, false)
			case origin != "":
				n.Destination = append([]byte(origin), n.Destination...)
			}
		case *ast.Image:
			if url := followed(n.Destination); html.IsDangerousURL([]byte(url)) {
				remove(n, url, true)
			}
		case *ast.AutoLink:
			if url := util.URLEscape(n.URL(src), false); html.IsDangerousURL(url) {
				remove(n, string(url), true)
			}
		}
		return ast.WalkContinue, nil
	})
	if list, ok := pc.Get(droppedKey).(*[]dropped); ok {
		*list = append(*list, why...)
	}
	for _, n := range drop {
		unwrap(n, src)
	}
}

// followed returns the URL a browser follows for the destination dest
// of a link or image: what goldmark writes into the page, with escapes
// and character references decoded and any other byte that a URL may
// not hold percent-encoded.
func followed(dest []byte) string { return string(util.URLEscape(dest, true)) }

// resolve reports whether url, a root-relative path this site does not
// serve, should point at the origin, and returns the origin to put
// before it. It reports false for such a path when there is no origin.
func (o Options) resolve(url string) (string, bool) {
	if !strings.HasPrefix(url, "/") || strings.HasPrefix(url, "//") || o.Local == nil || o.Local(url) {
		return "", true
	}
	if o.Origin == "" {
		return "", false
	}
	return strings.TrimRight(o.Origin, "/"), true
}

// unwrap replaces n with its children, keeping a link's text but not its
// destination. An autolink becomes plain text.
func unwrap(n ast.Node, src []byte) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	if al, ok := n.(*ast.AutoLink); ok {
		parent.ReplaceChild(parent, n, ast.NewString(al.Label(src)))
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// firstOffset returns the offset of the first text inside inline node n,
// or else the start of the block that holds it.
func firstOffset(n ast.Node) int {
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	for b := n; off < 0 && b != nil; b = b.Parent() {
		if b.Type() == ast.TypeBlock && b.Lines().Len() > 0 {
			off = b.Lines().At(0).Start
		}
	}
	return off
}
