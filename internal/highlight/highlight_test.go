package highlight

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"

	"github.com/httpstatus/site/internal/cache"
)

func TestWrite(t *testing.T) {
	h := New(nil)
	tests := []struct {
		name, code, lang string
		want             []string
	}{
		{"http status line", "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n", "http",
			[]string{`<pre class="chroma" tabindex="0"><code>`, `<span class="kr">HTTP</span>`, `<span class="m">404</span>`}},
		{"go", "w.WriteHeader(http.StatusNotFound)", "go",
			[]string{`<span class="nx">`, `StatusNotFound`}},
		{"unknown language is escaped plain text", "<b>&", "no-such-language",
			[]string{`<pre class="chroma" tabindex="0"><code>&lt;b&gt;&amp;</code></pre>`}},
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
	css, err := New(nil).CSS()
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
	md := goldmark.New(goldmark.WithExtensions(New(nil).Extension()))
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
// its cache, takes from there the blocks the cache holds, and highlights
// again a block the cache holds damaged.
func TestCache(t *testing.T) {
	dir := t.TempDir()
	open := func() *cache.Cache {
		c, err := cache.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	const code = "w.WriteHeader(http.StatusNotFound)"
	want, err := New(open()).HTML(code, "go")
	if err != nil {
		t.Fatal(err)
	}
	// Plant two entries as another run would have left them.
	c := open()
	const planted = `<pre class="chroma" tabindex="0"><code>planted</code></pre>`
	plant := func(code, html string) {
		if _, err := c.Get(c.Key("highlight "+preStart, []byte("go"), []byte(code)), func() ([]byte, error) { return []byte(html), nil }, nil); err != nil {
			t.Fatal(err)
		}
	}
	plant("x := 1", planted)
	plant("y := 2", "<b>not a block</b>")
	damaged, err := New(nil).HTML("y := 2", "go")
	if err != nil {
		t.Fatal(err)
	}

	h := New(open())
	for _, tt := range []struct{ code, want string }{
		{code, string(want)},        // highlighted by the first run
		{"x := 1", planted},         // kept whole: taken as it is
		{"y := 2", string(damaged)}, // not a block: highlighted again
	} {
		got, err := h.HTML(tt.code, "go")
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tt.want {
			t.Errorf("HTML(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

// TestBlocksByLine checks that a block highlighted by line reads as the
// same block highlighted whole when no token spans lines, and otherwise
// not: Lines is a promise the caller makes.
func TestBlocksByLine(t *testing.T) {
	c, err := cache.Open("")
	if err != nil {
		t.Fatal(err)
	}
	h := New(c)
	tests := []struct {
		code string
		same bool
	}{
		{"w.Header().Set(\"Allow\", \"GET\")\nw.WriteHeader(http.StatusMethodNotAllowed)\n", true},
		{"x := 1\n\ty := \"two\"\nz", true},
		{"s := `a raw string\nover two lines`\n", false},
	}
	for _, tt := range tests {
		got, err := h.Blocks([]Block{{Code: tt.code, Lang: "go", Lines: true}, {Code: tt.code, Lang: "go"}})
		if err != nil {
			t.Fatal(err)
		}
		if same := got[0] == got[1]; same != tt.same {
			t.Errorf("%q: by line and whole alike = %v, want %v:\n%s\n%s", tt.code, same, tt.same, got[0], got[1])
		}
	}
}
