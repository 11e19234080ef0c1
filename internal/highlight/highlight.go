// Package highlight colours source code with chroma, writing CSS classes
// rather than inline styles, and generates the stylesheet for the site's palette.
package highlight

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"

	"github.com/httpstatus/site/internal/cache"
)

// Highlighter turns code into HTML whose tokens carry chroma's short CSS
// classes. Each block it highlights is kept in its cache, since chroma's
// lexers cost far more than a lookup. It is safe for concurrent use.
type Highlighter struct {
	formatter   *chromahtml.Formatter
	light, dark *chroma.Style
	cache       *cache.Cache
}

// New returns a Highlighter that writes class-based HTML and keeps what
// it highlighted in c, which may be nil.
func New(c *cache.Cache) *Highlighter {
	return &Highlighter{cache: c, formatter: chromahtml.New(
		chromahtml.WithClasses(true),            // colours live in the stylesheet, so a strict CSP holds
		chromahtml.WithPreWrapper(preWrapper{}), // <pre class="chroma"><code>, never a style attribute
		chromahtml.TabWidth(4),                  // tabs in examples line up as in an editor
	), light: lightStyle(), dark: darkStyle()}
}

// preWrapper wraps highlighted code in <pre class="chroma"><code>, never
// with a style attribute. The <pre> takes the keyboard's focus, so that a
// reader without a pointer can scroll a line longer than the page.
type preWrapper struct{}

// What preWrapper writes around highlighted code.
const (
	pre      = `<pre class="chroma" tabindex="0">`
	preStart = pre + `<code>`
	preEnd   = `</code></pre>`
)

func (preWrapper) Start(code bool, _ string) string {
	if code {
		return preStart
	}
	return pre
}

func (preWrapper) End(code bool) string {
	if code {
		return preEnd
	}
	return `</pre>`
}

// lexer returns chroma's lexer for a fence's language name, or nil when
// chroma has none.
func lexer(lang string) chroma.Lexer {
	if lang == "" {
		return nil
	}
	l := lexers.Get(strings.ToLower(lang))
	if l == nil {
		return nil
	}
	return chroma.Coalesce(l)
}

// Write writes code in language lang as a highlighted <pre> block. An
// unknown or empty language yields the same block with escaped plain text.
func (h *Highlighter) Write(w io.Writer, code, lang string) error {
	s, err := h.html(code, lang)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, s)
	return err
}

// HTML returns code in language lang as a highlighted <pre> block.
func (h *Highlighter) HTML(code, lang string) (template.HTML, error) {
	s, err := h.html(code, lang)
	return template.HTML(s), err
}

// Block is a piece of code and its language. Lines says that each line
// of the code lexes alone as it does among the others, as in generated
// code where no token spans lines: each distinct line is then highlighted
// once, however many blocks it is in.
type Block struct {
	Code, Lang string
	Lines      bool
}

// Blocks returns each block highlighted, as HTML does, kept in the cache
// as one entry: a page's blocks are read in one lookup.
func (h *Highlighter) Blocks(blocks []Block) ([]template.HTML, error) {
	inputs := make([][]byte, 0, 3*len(blocks))
	for _, b := range blocks {
		inputs = append(inputs, []byte(b.Lang), []byte(b.Code), []byte(strconv.FormatBool(b.Lines)))
	}
	entry, err := h.cache.Get(h.cache.Key("highlight blocks "+preStart, inputs...), func() ([]byte, error) {
		var out []byte
		for _, b := range blocks {
			var buf bytes.Buffer
			format := h.format
			if b.Lines {
				format = h.formatLines
			}
			if err := format(&buf, b.Code, b.Lang); err != nil {
				return nil, err
			}
			out = strconv.AppendInt(out, int64(buf.Len()), 10)
			out = append(append(out, '\n'), buf.Bytes()...)
		}
		return out, nil
	}, func(entry []byte) bool { return len(splitBlocks(entry)) == len(blocks) })
	if err != nil {
		return nil, err
	}
	return splitBlocks(entry), nil
}

// splitBlocks returns the blocks of an entry of Blocks, each its length
// in decimal, a newline and the block, or nil if it is not such an entry.
func splitBlocks(entry []byte) []template.HTML {
	var out []template.HTML
	for len(entry) > 0 {
		n, rest, ok := bytes.Cut(entry, []byte("\n"))
		size, err := strconv.Atoi(string(n))
		if !ok || err != nil || size < 0 || size > len(rest) || !whole(rest[:size]) {
			return nil
		}
		out = append(out, template.HTML(rest[:size]))
		entry = rest[size:]
	}
	return out
}

// html returns code in language lang highlighted, or as its cache kept it.
func (h *Highlighter) html(code, lang string) (string, error) {
	b, err := h.cache.Get(h.cache.Key("highlight "+preStart, []byte(lang), []byte(code)), func() ([]byte, error) {
		var b bytes.Buffer
		err := h.format(&b, code, lang)
		return b.Bytes(), err
	}, whole)
	return string(b), err
}

// whole reports whether b may be a block that html returns.
func whole(b []byte) bool {
	return bytes.HasPrefix(b, []byte(pre)) && bytes.HasSuffix(b, []byte(`</pre>`))
}

// formatLines writes code highlighted as format does, from each of its
// lines highlighted on its own, or as the cache kept it.
func (h *Highlighter) formatLines(w io.Writer, code, lang string) error {
	var b strings.Builder
	b.WriteString(preStart)
	for line := range strings.Lines(code) {
		html, err := h.html(line, lang)
		if err != nil {
			return err
		}
		b.WriteString(strings.TrimSuffix(strings.TrimPrefix(html, preStart), preEnd))
	}
	b.WriteString(preEnd)
	_, err := io.WriteString(w, b.String())
	return err
}

// format highlights code with chroma.
func (h *Highlighter) format(w io.Writer, code, lang string) error {
	l := lexer(lang)
	if l == nil {
		_, err := fmt.Fprintf(w, preStart+"%s"+preEnd, template.HTMLEscapeString(code))
		return err
	}
	it, err := l.Tokenise(nil, code)
	if err != nil {
		return fmt.Errorf("highlight %s: %w", lang, err)
	}
	return h.formatter.Format(w, h.light, it)
}

// CSS returns the stylesheet for highlighted blocks: the light palette,
// then the dark one inside a prefers-color-scheme media query.
func (h *Highlighter) CSS() ([]byte, error) {
	var b bytes.Buffer
	if err := h.formatter.WriteCSS(&b, h.light); err != nil {
		return nil, err
	}
	b.WriteString("@media (prefers-color-scheme: dark){")
	if err := h.formatter.WriteCSS(&b, h.dark); err != nil {
		return nil, err
	}
	b.WriteString("}")
	return b.Bytes(), nil
}
