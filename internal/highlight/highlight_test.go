package highlight

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"

	"github.com/httpstatus/site/internal/cache"
)

func TestWrite(t *testing.T) {
	h := New()
	tests := []struct {
		name, code, lang string
		want             []string
	}{
		{"http status line", "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n", "http",
			[]string{`<pre class="chroma"><code>`, `<span class="kr">HTTP</span>`, `<span class="m">404</span>`}},
		{"go", "w.WriteHeader(http.StatusNotFound)", "go",
			[]string{`<span class="nx">`, `StatusNotFound`}},
		{"unknown language is escaped plain text", "<b>&", "no-such-language",
			[]string{`<pre class="chroma"><code>&lt;b&gt;&amp;</code></pre>`}},
		{"no language", "a < b", "",
			[]string{`<code>a &lt; b</code>`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := h.Write(&b, tt.code, tt.lang); err != nil {
				t.Fatal(err)
			}
			got := b.String()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			if strings.Contains(got, "style=") {
				t.Errorf("output has an inline style:\n%s", got)
			}
		})
	}
}

func TestCSS(t *testing.T) {
	css, err := New().CSS()
	if err != nil {
		t.Fatal(err)
	}
	s := string(css)
	light, dark, ok := strings.Cut(s, "@media (prefers-color-scheme: dark){")
	if !ok {
		t.Fatalf("no dark section in:\n%s", s)
	}
	for _, part := range []string{light, dark} {
		for _, sel := range []string{".chroma {", ".chroma .kr {", ".chroma .m {"} {
			if !strings.Contains(part, sel) {
				t.Errorf("section lacks %q:\n%s", sel, part)
			}
		}
	}
	if !strings.Contains(light, "#f4f6fa") || !strings.Contains(dark, "#1a1f2b") {
		t.Error("backgrounds of the two palettes are not where they belong")
	}
}

func TestExtension(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(New().Extension()))
	var b bytes.Buffer
	src := "```http\nHTTP/1.1 200 OK\n```\n\n```\nplain <text>\n```\n"
	if err := md.Convert([]byte(src), &b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, w := range []string{`<span class="kr">HTTP</span>`, `<code>plain &lt;text&gt;`} {
		if !strings.Contains(got, w) {
			t.Errorf("output lacks %q:\n%s", w, got)
		}
	}
}

// TestCache checks that a Highlighter keeps the blocks it highlights in
// its pack, and takes from there the blocks it finds.
func TestCache(t *testing.T) {
	c, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	const code = "w.WriteHeader(http.StatusNotFound)"
	h := New()
	h.UseCache(c.Pack("highlighted"))
	want, err := h.HTML(code, "go")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.SaveCache(); err != nil {
		t.Fatal(err)
	}
	p := c.Pack("highlighted")
	if got, ok := p.Get(cache.NewKey("highlight", "go", code)); !ok || string(got) != string(want) {
		t.Errorf("the pack holds %q, %v; want %q", got, ok, want)
	}

	// A block the pack holds is taken from it rather than highlighted.
	const planted = `<pre class="chroma"><code>planted</code></pre>`
	p.Put(cache.NewKey("highlight", "go", "x := 1"), []byte(planted))
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	h = New()
	h.UseCache(c.Pack("highlighted"))
	for _, tt := range []struct{ code, want string }{{code, string(want)}, {"x := 1", planted}} {
		got, err := h.HTML(tt.code, "go")
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tt.want {
			t.Errorf("HTML(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
}
