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
	// there instead, as in "https://blog.example/articles/guide/".
	Origin string
	// Local reports whether a root-relative URL path is one this site
	// serves. Nil means every path is.
	Local func(path string) bool
}

var (
	optionsKey = parser.NewContextKey() // Options of the parse
	droppedKey = parser.NewContextKey() // *[]ast.Node: unsafe links removed
)

// linkTransformer rewrites the article's links before they are rendered:
// it unwraps links whose URL could run script, and points root-relative
// links to pages of the original site at Options.Origin.
type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	opts, _ := pc.Get(optionsKey).(Options)
	src := reader.Source()
	var unsafe []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if html.IsDangerousURL(n.Destination) {
				unsafe = append(unsafe, n)
			} else {
				n.Destination = opts.resolve(n.Destination)
			}
		case *ast.Image:
			if html.IsDangerousURL(n.Destination) {
				unsafe = append(unsafe, n)
			}
		case *ast.AutoLink:
			if html.IsDangerousURL(n.URL(src)) {
				unsafe = append(unsafe, n)
			}
		}
		return ast.WalkContinue, nil
	})
	if dropped, ok := pc.Get(droppedKey).(*[]int); ok {
		for _, n := range unsafe {
			*dropped = append(*dropped, firstOffset(n))
		}
	}
	for _, n := range unsafe {
		unwrap(n, src)
	}
}

// resolve returns dest, made absolute against the origin when it is a
// root-relative path this site does not serve.
func (o Options) resolve(dest []byte) []byte {
	d := string(dest)
	if o.Origin == "" || !strings.HasPrefix(d, "/") || strings.HasPrefix(d, "//") {
		return dest
	}
	if o.Local != nil && o.Local(d) {
		return dest
	}
	return []byte(strings.TrimRight(o.Origin, "/") + d)
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
