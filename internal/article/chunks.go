package article

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/httpstatus/site/internal/parallel"
)

// A long article is parsed in chunks, on every core: each chunk starts at
// a heading and runs to the next chunk's. A line that starts with "# " at
// its first column is a heading wherever it is, but inside fenced code
// and HTML blocks, so chunks start only outside them. Goldmark gives a
// chunk the same blocks as the whole source would, with two exceptions
// that span chunks: link reference definitions, and the ids of headings
// made unique by a suffix. When either shows, the source is parsed again
// whole.

// chunkBytes is about how long a chunk is at least, and chunksPerCore
// how many chunks a long source is split into for each core.
const (
	chunkBytes    = 4 << 10
	chunksPerCore = 4
)

// chunk is a part of the source parsed on its own.
type chunk struct {
	line       int // index of its first line
	start, end int // offsets of its first byte and of the byte after it
	doc        ast.Node
	ctx        parser.Context
	dropped    []dropped
}

// parse parses the Markdown of st.src, whose front matter ends before
// line index body, and returns its documents in order and the context of
// the first, which holds the front matter.
func (st *state) parse(md goldmark.Markdown, body int) ([]ast.Node, parser.Context) {
	chunks := st.split(body, st.chunks, st.minChunk)
	if len(chunks) > 1 {
		parallel.For(len(chunks), func(i int) { st.parseChunk(md, &chunks[i]) })
		if !alike(chunks) {
			chunks = chunks[:1]
			chunks[0].end = len(st.src)
			chunks[0].dropped = nil
		}
	}
	if len(chunks) == 1 {
		st.parseChunk(md, &chunks[0])
	}
	docs := make([]ast.Node, len(chunks))
	for i, c := range chunks {
		docs[i] = c.doc
		st.dropped = append(st.dropped, c.dropped...)
	}
	return docs, chunks[0].ctx
}

// parseChunk parses c.
func (st *state) parseChunk(md goldmark.Markdown, c *chunk) {
	c.ctx = parser.NewContext()
	c.ctx.Set(optionsKey, st.opts)
	c.ctx.Set(droppedKey, &c.dropped)
	r := text.NewReader(st.src[:c.end])
	for range c.line {
		r.AdvanceLine()
	}
	c.doc = md.Parser().Parse(r, parser.WithContext(c.ctx))
}

// split returns about n chunks of st.src, each of at least minSize
// bytes, or one chunk when the source is short or holds HTML blocks.
// Chunks start at headings after line index body.
func (st *state) split(body, n, minSize int) []chunk {
	whole := []chunk{{end: len(st.src)}}
	if len(st.src) < 2*minSize || n < 2 {
		return whole
	}
	size := max(minSize, len(st.src)/n)
	chunks := []chunk{{end: len(st.src)}}
	var fence []byte // the fence of the open code block, if any
	for i := body; i < len(st.lines); i++ {
		l := st.line(i + 1)
		if f := fenceOf(l); fence == nil && f != nil {
			fence = f
			continue
		} else if fence != nil {
			if closes(l, fence) {
				fence = nil
			}
			continue
		}
		if startsHTML(l) {
			return whole
		}
		start := st.lines[i]
		if isHeading(l) && start-chunks[len(chunks)-1].start >= size {
			chunks[len(chunks)-1].end = start
			chunks = append(chunks, chunk{line: i, start: start, end: len(st.src)})
		}
	}
	return chunks
}

// isHeading reports whether l, unindented, is an ATX heading.
func isHeading(l []byte) bool {
	n := 0
	for n < len(l) && l[n] == '#' {
		n++
	}
	return n >= 1 && n <= 6 && (n == len(l) || l[n] == ' ' || l[n] == '\t')
}

// fenceOf returns the fence that l opens, as in "```go", or nil.
func fenceOf(l []byte) []byte {
	l = trimIndent(l)
	if l == nil || len(l) < 3 || (l[0] != '`' && l[0] != '~') {
		return nil
	}
	n := 0
	for n < len(l) && l[n] == l[0] {
		n++
	}
	if n < 3 || (l[0] == '`' && bytes.IndexByte(l[n:], '`') >= 0) {
		return nil
	}
	return l[:n]
}

// closes reports whether l closes a code block opened by fence.
func closes(l, fence []byte) bool {
	l = trimIndent(l)
	if l == nil {
		return false
	}
	n := 0
	for n < len(l) && l[n] == fence[0] {
		n++
	}
	return n >= len(fence) && len(bytes.TrimSpace(l[n:])) == 0
}

// startsHTML reports whether l may start an HTML block.
func startsHTML(l []byte) bool {
	l = trimIndent(l)
	return len(l) > 0 && l[0] == '<'
}

// trimIndent returns l without up to three leading spaces, or nil if it
// is indented further.
func trimIndent(l []byte) []byte {
	for i := 0; i < 4; i++ {
		if i == len(l) || l[i] != ' ' {
			return l[i:]
		}
	}
	return nil
}

// alike reports whether the chunks parsed as the whole source would:
// none defines a link reference, and no heading id repeats.
func alike(chunks []chunk) bool {
	ids := map[string]bool{}
	for _, c := range chunks {
		if len(c.ctx.References()) > 0 {
			return false
		}
		repeats := false
		_ = ast.Walk(c.doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering || n.Kind() != ast.KindHeading {
				return ast.WalkContinue, nil
			}
			id, _ := n.AttributeString("id")
			if b, ok := id.([]byte); ok {
				if ids[string(b)] {
					repeats = true
					return ast.WalkStop, nil
				}
				ids[string(b)] = true
			}
			return ast.WalkSkipChildren, nil
		})
		if repeats {
			return false
		}
	}
	return true
}
