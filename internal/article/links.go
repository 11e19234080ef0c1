package article

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
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
	remove := func(n ast.Node, dest []byte, unsafe bool) {
		drop = append(drop, n)
		why = append(why, dropped{offset: firstOffset(n), dest: string(dest), unsafe: unsafe})
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			switch dest, ok := opts.resolve(n.Destination); {
			case html.IsDangerousURL(n.Destination):
				remove(n, n.Destination, true)
			case !ok:
				remove(n, n.Destination, false)
			default:
				n.Destination = dest
			}
		case *ast.Image:
			if html.IsDangerousURL(n.Destination) {
				remove(n, n.Destination, true)
			}
		case *ast.AutoLink:
			if html.IsDangerousURL(n.URL(src)) {
				remove(n, n.URL(src), true)
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

// resolve returns dest, made absolute against the origin when it is a
// root-relative path this site does not serve. It reports false for such
// a path when there is no origin to point it at.
func (o Options) resolve(dest []byte) ([]byte, bool) {
	d := string(dest)
	if !strings.HasPrefix(d, "/") || strings.HasPrefix(d, "//") || o.Local == nil || o.Local(d) {
		return dest, true
	}
	if o.Origin == "" {
		return dest, false
	}
	return []byte(strings.TrimRight(o.Origin, "/") + d), true
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
