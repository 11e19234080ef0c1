// Package highlight colours source code with chroma, writing CSS classes
// rather than inline styles, and generates the stylesheet for the site's palette.
package highlight

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"

	"github.com/httpstatus/site/internal/cache"
)

// Highlighter turns code into HTML whose tokens carry chroma's short CSS
// classes. It remembers the blocks it highlighted, since chroma's lexers
// cost far more than a lookup, and may keep them on disk between runs.
// It is safe for concurrent use.
type Highlighter struct {
	formatter   *chromahtml.Formatter
	light, dark *chroma.Style
	memo        cache.Memo[block, string]
	disk        *cache.Pack
}

// block is a piece of code to highlight.
type block struct{ code, lang string }

// New returns a Highlighter that writes class-based HTML.
func New() *Highlighter {
	return &Highlighter{formatter: chromahtml.New(
		chromahtml.WithClasses(true),            // colours live in the stylesheet, so a strict CSP holds
		chromahtml.WithPreWrapper(preWrapper{}), // <pre class="chroma"><code>, never a style attribute
		chromahtml.TabWidth(4),                  // tabs in examples line up as in an editor
	), light: lightStyle(), dark: darkStyle()}
}

// preWrapper wraps highlighted code in <pre class="chroma"><code>, never
// with a style attribute.
type preWrapper struct{}

func (preWrapper) Start(code bool, _ string) string {
	if code {
		return `<pre class="chroma"><code>`
	}
	return `<pre class="chroma">`
}

func (preWrapper) End(code bool) string {
	if code {
		return `</code></pre>`
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

// UseCache makes h look for the blocks it has not highlighted lately in
// p, and keep there those it highlights. Call it between builds, not
// while h highlights.
func (h *Highlighter) UseCache(p *cache.Pack) { h.disk = p }

// SaveCache writes the pack given to UseCache, if any.
func (h *Highlighter) SaveCache() error { return h.disk.Save() }

// Forget drops the blocks that h has not highlighted since the previous
// call to Forget, so that a long-lived Highlighter keeps only what recent
// builds asked for.
func (h *Highlighter) Forget() { h.memo.Forget() }

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

// html returns code in language lang highlighted: remembered, from the
// disk cache, or highlighted now.
func (h *Highlighter) html(code, lang string) (string, error) {
	b := block{code, lang}
	var key cache.Key
	if h.disk != nil {
		key = cache.NewKey("highlight", lang, code)
	}
	if s, ok := h.memo.Get(b); ok {
		if h.disk != nil {
			h.disk.Keep(key, []byte(s))
		}
		return s, nil
	}
	if h.disk != nil {
		if data, ok := h.disk.Get(key); ok {
			s := string(data)
			h.memo.Put(b, s)
			return s, nil
		}
	}
	var buf bytes.Buffer
	if err := h.format(&buf, code, lang); err != nil {
		return "", err
	}
	s := buf.String()
	h.memo.Put(b, s)
	if h.disk != nil {
		h.disk.Put(key, buf.Bytes())
	}
	return s, nil
}

// format highlights code with chroma.
func (h *Highlighter) format(w io.Writer, code, lang string) error {
	l := lexer(lang)
	if l == nil {
		_, err := fmt.Fprintf(w, `<pre class="chroma"><code>%s</code></pre>`, template.HTMLEscapeString(code))
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
