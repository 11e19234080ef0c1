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
)

// Highlighter turns code into HTML whose tokens carry chroma's short CSS
// classes. It is safe for concurrent use.
type Highlighter struct {
	formatter   *chromahtml.Formatter
	light, dark *chroma.Style
}

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

// Write writes code in language lang as a highlighted <pre> block. An
// unknown or empty language yields the same block with escaped plain text.
func (h *Highlighter) Write(w io.Writer, code, lang string) error {
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

// HTML returns code in language lang as a highlighted <pre> block.
func (h *Highlighter) HTML(code, lang string) (template.HTML, error) {
	var b bytes.Buffer
	if err := h.Write(&b, code, lang); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
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
