package highlight

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Extension returns a goldmark extension that renders fenced code blocks
// through h, so that code in Markdown is coloured like every other block.
func (h *Highlighter) Extension() goldmark.Extender {
	return extension{h}
}

type extension struct{ h *Highlighter }

func (e extension) Extend(md goldmark.Markdown) {
	// Priority 100 runs before goldmark's own HTML renderer (1000).
	md.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(fencedRenderer(e), 100)))
}

type fencedRenderer struct{ h *Highlighter }

func (r fencedRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
}

func (r fencedRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	block := n.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	lines := block.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	lang := string(block.Language(src))
	return ast.WalkSkipChildren, r.h.Write(w, code.String(), lang)
}
