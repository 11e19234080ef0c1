package article

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/httpstatus/site/internal/highlight"
)

// withFront returns a valid article whose front matter holds lines.
func withFront(lines ...string) string {
	return "---\n" + strings.Join(lines, "\n") + "\n---\n" + articleWith("Text.")[len("---\ntitle: T\n---\n"):]
}

// TestFrontMatterChecks checks what the front matter may hold beyond
// its types: image sizes within their limits, an image name inside the
// assets directory, and each key once.
func TestFrontMatterChecks(t *testing.T) {
	const sizeHint = " (hint: give the size of the preview image in pixels, or leave it out for the default)"
	const nameHint = ` (hint: name a file of the assets directory, such as "social/cover.png", with letters, digits and . - _ ~ + @, without "..", "./" or a leading "/")`
	tests := []struct {
		name  string
		lines []string
		want  []string
	}{
		{"sizes within", []string{"title: T", "imageWidth: 200", "imageHeight: 4096"}, nil},
		{"no sizes", []string{"title: T", "imageWidth: 0"}, nil},
		{"huge width", []string{"title: T", "imageWidth: 100000000"},
			[]string{"f.md:3:13: front matter: imageWidth is 100000000, outside the limits of 200 to 4096" + sizeHint}},
		{"negative width", []string{"title: T", "imageWidth:   -5"},
			[]string{"f.md:3:15: front matter: imageWidth is -5, outside the limits of 200 to 4096" + sizeHint}},
		{"small height", []string{"title: T", "imageWidth: 1200", "imageHeight: 99"},
			[]string{"f.md:4:14: front matter: imageHeight is 99, outside the limits of 100 to 4096" + sizeHint}},
		{"height over", []string{"title: T", "imageHeight: 4097"},
			[]string{"f.md:3:14: front matter: imageHeight is 4097, outside the limits of 100 to 4096" + sizeHint}},
		{"image name", []string{"title: T", "image: social/cover.png"}, nil},
		{"image up", []string{"title: T", "image: ../../escaped.png"},
			[]string{`f.md:3:8: front matter: image "../../escaped.png" is not the name of a file inside the assets directory` + nameHint}},
		{"image encoded up", []string{"title: T", "image: '&#46;&#46;/x.png'"},
			[]string{`f.md:3:8: front matter: image "../x.png" is not the name of a file inside the assets directory` + nameHint}},
		{"image absolute", []string{"title: T", "image: /etc/x.png"},
			[]string{`f.md:3:8: front matter: image "/etc/x.png" is not the name of a file inside the assets directory` + nameHint}},
		{"image URL", []string{"title: T", "image: https://example.com/x.png"},
			[]string{`f.md:3:8: front matter: image "https://example.com/x.png" is not the name of a file inside the assets directory` + nameHint}},
		{"image dot", []string{"title: T", "image: ./x.png"},
			[]string{`f.md:3:8: front matter: image "./x.png" is not the name of a file inside the assets directory` + nameHint}},
		{"image backslash", []string{"title: T", `image: a\x.png`},
			[]string{`f.md:3:8: front matter: image "a\\x.png" is not the name of a file inside the assets directory` + nameHint}},
		{"image with a space", []string{"title: T", "image: my cover.png"},
			[]string{`f.md:3:8: front matter: image "my cover.png" is not the name of a file inside the assets directory` + nameHint}},
		{"image with a query", []string{"title: T", "image: cover.png?v=2"},
			[]string{`f.md:3:8: front matter: image "cover.png?v=2" is not the name of a file inside the assets directory` + nameHint}},
		{"image hidden", []string{"title: T", "image: social/.x.png"},
			[]string{`f.md:3:8: front matter: image "social/.x.png" is not the name of a file inside the assets directory` + nameHint}},
		{"image control", []string{"title: T", `image: "x\u0000.png"`},
			[]string{`f.md:3:8: front matter: image "x\x00.png" is not the name of a file inside the assets directory` + nameHint}},
		{"fractional width", []string{"title: T", "imageWidth: 1200.5"},
			[]string{"f.md:3:13: front matter: imageWidth: want a whole number, got 1200.5"}},
		{"width in hexadecimal", []string{"title: T", "imageWidth: 0x4B0"}, nil},
		{"image of another type", []string{"title: T", "image: cover.gif"},
			[]string{`f.md:3:8: front matter: image "cover.gif" is neither a .png nor a .jpg or .jpeg file (hint: link previews show PNG and JPEG images, and the build draws PNG ones)`}},
		{"image without a type", []string{"title: T", "image: style"},
			[]string{`f.md:3:8: front matter: image "style" is neither a .png nor a .jpg or .jpeg file (hint: link previews show PNG and JPEG images, and the build draws PNG ones)`}},
		{"image in capitals", []string{"title: T", "image: COVER.JPEG"}, nil},
		{"repeated title", []string{"title: First", "excerpt: E", "title: Second"},
			[]string{"f.md:4:1: front matter: title repeats line 2 (hint: keep one of the two lines)"}},
		{"repeated nested", []string{"title: T", "meta:", "  description: one", "  title: M", "  description: two"},
			[]string{"f.md:6:1: front matter: description repeats line 4 (hint: keep one of the two lines)"}},
		{"unknown keys may repeat", []string{"title: T", "tags: a", "tags: b"}, nil},
	}
	p := NewParser(highlight.New(nil).Extension())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseWithin(t, p, withFront(tt.lines...))
			if diff := cmp.Diff(tt.want, messages(err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFrontMatterReferences checks that character references in the
// front matter's text are decoded as a browser decodes them.
func TestFrontMatterReferences(t *testing.T) {
	a, err := parseWithin(t, NewParser(highlight.New(nil).Extension()), withFront(
		"title: I&#39;m &amp; you &lt;3",
		"excerpt: caf&eacute; &amp",
		"imageAlt: '&#x41;&#66; &bogus; & plain'",
	))
	if err != nil {
		t.Fatal(err)
	}
	want := FrontMatter{Title: "I'm & you <3", Excerpt: "café &", ImageAlt: "AB &bogus; & plain"}
	if diff := cmp.Diff(want, a.Front); diff != "" {
		t.Errorf("front matter (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"title": 2, "excerpt": 3, "imageAlt": 4}, a.FrontLines); diff != "" {
		t.Errorf("lines of the keys (-want +got):\n%s", diff)
	}
}
