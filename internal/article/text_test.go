package article

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/httpstatus/site/internal/highlight"
)

func TestUnescape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"I&#39;m", "I'm"},
		{"I&#x27;m &#X27;", "I'm '"},
		{"&amp; &lt;b&gt; &eacute; &CounterClockwiseContourIntegral;", "& <b> é ∳"},
		{"&amp;amp; &#38;amp;", "&amp; &amp;"}, // decoded once
		{"&amp &bogus; &#; &#x; &; & x", "&amp &bogus; &#; &#x; &; & x"},
		{"&#12345678; &#1234567; &#x1234567; &#x10FFFF; &#0; &#xD800;", "&#12345678; \uFFFD &#x1234567; \U0010FFFF \uFFFD \uFFFD"},
		{"&#+39; &#-39; &#x+27;", "&#+39; &#-39; &#x+27;"},
		{`\* \_ \\ \a \`, `* _ \ \a \`},
		{"nul\x00", "nul\uFFFD"},
	}
	for _, tt := range tests {
		if got := string(unescape([]byte(tt.in))); got != tt.want {
			t.Errorf("unescape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestHeadingReferences checks that a heading's references are decoded
// alike in the name of its code, its anchor and the links to it.
func TestHeadingReferences(t *testing.T) {
	src := "---\ntitle: T\n---\n\n- **4xx (Client Error)**: bad\n\n" +
		"[418 I'm a teapot](#418-im-a-teapot) and [402](#402-pay-me-now)\n\n" +
		"## 4xx Client Error Status Codes\n\n" +
		"### 418 I&#39;m a teapot\n\nShort &amp; stout, `&amp;` in code.\n\n" +
		"### 402 Pay \\*me\\* &#x6E;ow\n\nText.\n"
	a, err := parseWithin(t, NewParser(highlight.New(nil).Extension()), src)
	if err != nil {
		t.Fatal(err)
	}
	type entry struct {
		Code                  int
		Name, Anchor, Summary string
	}
	var got []entry
	for _, e := range a.Entries {
		got = append(got, entry{e.Code, e.Name, e.Anchor, e.Summary})
	}
	want := []entry{
		{402, "Pay *me* now", "402-pay-me-now", "Text."},
		{418, "I'm a teapot", "418-im-a-teapot", "Short & stout, &amp; in code."},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if len(a.Warnings) != 0 {
		t.Errorf("warnings: %v", a.Warnings)
	}
}

// TestScriptLinks checks that a link whose URL would run script is
// removed with a warning, its text kept, however its URL is spelled.
func TestScriptLinks(t *testing.T) {
	const warning = "f.md:13:%d: link with a script or data URL removed; its text is kept (hint: use an http or https URL)"
	tests := []struct {
		name, link string
		warn       int // the column of the warning, or 0 for none
	}{
		{"plain", "[x](javascript:alert(1))", 2},
		{"upper case", "[x](JaVaScRiPt:alert(1))", 2},
		{"decimal colon", "[x](javascript&#58;alert(1))", 2},
		{"hex letter", "[x](&#x6A;avascript:alert(1))", 2},
		{"named colon", "[x](vbscript&colon;msgbox(1))", 2},
		{"angle brackets", "[x](<javascript:alert(1)>)", 2},
		{"escaped colon", `[x](javascript\:alert(1))`, 2},
		{"data", "[x](data:text/html;base64,PHNjcmlwdD4=)", 2},
		{"encoded data", "[x](&#100;ata:text/html,x)", 2},
		{"file", "[x](FILE:///etc/passwd)", 2},
		{"reference", "[x][r]\n\n[r]: javascript&#58;alert(1)", 2},
		{"image", "![x](&#x6A;avascript:alert(1))", 3},
		{"autolink", "<javascript:alert(1)>", 1},
		{"tab in the scheme", "[x](java&#9;script:alert(1))", 0},        // a browser reads java%09script: as a path
		{"space before the scheme", "[x](&#32;javascript:alert(1))", 0}, // and %20javascript: too
		{"percent-encoded colon", "[x](javascript%3Aalert(1))", 0},
		{"image data", "![x](data:image/png;base64,iVBORw0KGgo=)", 0},
		{"https", "[x](https://example.com/?a=1&amp;b=2)", 0},
	}
	p := NewParser(highlight.New(nil).Extension())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := parseWithin(t, p, articleWith(tt.link))
			if err != nil {
				t.Fatal(err)
			}
			var warnings []string
			for _, w := range a.Warnings {
				warnings = append(warnings, w.Error())
			}
			var want []string
			if tt.warn > 0 {
				want = []string{fmt.Sprintf(warning, tt.warn)}
			}
			if diff := cmp.Diff(want, warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			html := strings.ToLower(string(a.Entries[0].Description))
			for _, bad := range []string{`href=""`, `href="javascript:`, `href="vbscript:`, `href="file:`, `href="data:`,
				`src=""`, `src="javascript:`, `src="data:text`} {
				if strings.Contains(html, bad) {
					t.Errorf("the description holds %s: %s", bad, html)
				}
			}
			if tt.warn > 0 && (strings.Contains(html, "<a") || strings.Contains(html, "<img")) {
				t.Errorf("the link is still there: %s", html)
			}
		})
	}
}
