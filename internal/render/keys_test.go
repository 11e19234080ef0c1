package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/cache"
	"github.com/httpstatus/site/internal/highlight"
)

// TestEntrySumCoversFields changes, one at a time, every field a template
// can reach from an entry, and checks that each change changes the
// entry's sum. A field added to article.Entry, Class, Note or Example
// that entrySum leaves out fails here, since pages kept by that sum
// would then miss the change.
func TestEntrySumCoversFields(t *testing.T) {
	base := func() *article.Entry {
		return &article.Entry{
			Code: 404, Name: "Not Found", Anchor: "404-not-found",
			Class:       &article.Class{Digit: 4, Name: "Client Error", Definition: "bad", Anchor: "4xx"},
			Note:        &article.Note{Kind: article.NoteWebDAV, Label: "WebDAV", URL: "https://example.test/"},
			Description: "<p>Gone.</p>", Summary: "Gone.",
			Example:  &article.Example{Text: "GET /x returning nothing.", Code: "GET /x"},
			Common:   true,
			Mentions: []int{410},
			Line:     7,
		}
	}
	want := entrySum(base())
	if entrySum(base()) != want {
		t.Fatal("entrySum differs for equal entries")
	}
	var paths []string
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		for i := range v.NumField() {
			f, name := v.Field(i), path+v.Type().Field(i).Name
			if !v.Type().Field(i).IsExported() {
				continue
			}
			switch f.Kind() {
			case reflect.Pointer:
				walk(f.Elem(), name+".")
				paths = append(paths, name+"=nil")
			case reflect.Struct:
				walk(f, name+".")
			default:
				paths = append(paths, name)
			}
		}
	}
	walk(reflect.ValueOf(base()).Elem(), "")
	for _, p := range paths {
		e := base()
		v := reflect.ValueOf(e).Elem()
		field, toNil := strings.CutSuffix(p, "=nil")
		for _, name := range strings.Split(field, ".") {
			if v.Kind() == reflect.Pointer {
				v = v.Elem()
			}
			v = v.FieldByName(name)
		}
		switch {
		case toNil:
			v.SetZero()
		case v.CanInt():
			v.SetInt(v.Int() + 1)
		case v.Kind() == reflect.String:
			v.SetString(v.String() + "x")
		case v.Kind() == reflect.Bool:
			v.SetBool(!v.Bool())
		case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Int:
			v.Set(reflect.Append(v, reflect.ValueOf(500)))
		default:
			t.Errorf("%s: the test does not know how to change a %s; teach it, and entrySum", p, v.Type())
			continue
		}
		if entrySum(e) == want {
			t.Errorf("changing %s leaves entrySum alike: add the field to entrySum", p)
		}
	}
	if len(paths) < 15 {
		t.Errorf("walked only %d fields: %v", len(paths), paths)
	}
}

// TestPagesKept renders the real article, then the same article with one
// description edited, with one Renderer. It checks that the second
// rendering equals that of a new Renderer, and that only the pages that
// show the edited entry were rendered again: its own, its neighbours',
// those that relate to it, and the pages showing the whole article.
func TestPagesKept(t *testing.T) {
	const path = "../../content/http-status-codes.md"
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const old = "is not willing to disclose that one exists."
	if !bytes.Contains(src, []byte(old)) {
		t.Fatalf("the article no longer says %q", old)
	}
	edited := bytes.Replace(src, []byte(old), []byte(old+" Edited."), 1)

	hl := highlight.New()
	parse := func(src []byte) *article.Article {
		a, err := article.NewParser(hl).Parse(path, src)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	r, err := New(os.DirFS("../../templates"), hl)
	if err != nil {
		t.Fatal(err)
	}
	a := parse(src)
	s := siteFor(t, a)
	if _, err := r.Pages(a, s); err != nil {
		t.Fatal(err)
	}
	before := r.Rendered()
	if _, err := r.Pages(a, s); err != nil {
		t.Fatal(err)
	}
	if n := r.Rendered() - before; n != 0 {
		t.Errorf("rendering the same article again rendered %d pages, want 0", n)
	}

	b := parse(edited)
	before = r.Rendered()
	got, err := r.Pages(b, s)
	if err != nil {
		t.Fatal(err)
	}
	rendered := r.Rendered() - before
	fresh, err := New(os.DirFS("../../templates"), hl)
	if err != nil {
		t.Fatal(err)
	}
	want, err := fresh.Pages(b, s)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i].Path != want[i].Path || !bytes.Equal(got[i].Body, want[i].Body) {
			t.Errorf("%s differs from a new Renderer's", want[i].Path)
		}
	}

	// The pages that show 404: its own, 403's and 405's, those that
	// relate to it, the index and the not-found page.
	shows := map[string]bool{"index.html": true, "404.html": true}
	for i, e := range b.Entries {
		if e.Code == 404 {
			shows[CodePath(b.Entries[i-1].Code)] = true
			shows[CodePath(b.Entries[i+1].Code)] = true
		}
		for _, rel := range related(b, e, s.Facts.Code(e.Code)) {
			if rel.Code == 404 {
				shows[CodePath(e.Code)] = true
			}
		}
	}
	shows[CodePath(404)] = true
	if len(shows) < 5 {
		t.Fatalf("only %d pages show 404: %v", len(shows), shows)
	}
	if rendered != len(shows) {
		t.Errorf("the edited article rendered %d pages, want the %d that show 404: %s",
			rendered, len(shows), fmt.Sprint(shows))
	}
}

// TestSiteKeyCoversFields checks that changing any field of the Site, or
// of one of its images, changes what every page's key is made from.
func TestSiteKeyCoversFields(t *testing.T) {
	r, a, base := setup(t, "../../content/http-status-codes.md")
	sh, err := r.shared(a, base)
	if err != nil {
		t.Fatal(err)
	}
	want := sh.keys.site
	name := CardName(404)
	for field, change := range map[string]func(s *Site){
		"BaseURL":      func(s *Site) { s.BaseURL += "x" },
		"Assets":       func(s *Site) { s.Assets["style.css"] += "x" },
		"Images.URL":   func(s *Site) { img := s.Images[name]; img.URL += "x"; s.Images[name] = img },
		"Images.Width": func(s *Site) { img := s.Images[name]; img.Width++; s.Images[name] = img },
		"Images.Height": func(s *Site) {
			img := s.Images[name]
			img.Height++
			s.Images[name] = img
		},
		"Images.Alt": func(s *Site) { img := s.Images[name]; img.Alt += "x"; s.Images[name] = img },
		"Facts":      func(s *Site) { f := *s.Facts; f.Sum[0]++; s.Facts = &f },
		"Facts=nil":  func(s *Site) { s.Facts = nil },
	} {
		s := base
		s.Assets = maps.Clone(base.Assets)
		s.Images = maps.Clone(base.Images)
		change(&s)
		if got := r.newKeys(a, s, sh).site; got == want {
			t.Errorf("changing %s leaves the site's key alike", field)
		}
	}
	// A new field of Site or Image needs a place in newKeys and above.
	if n := reflect.TypeFor[Site]().NumField(); n != 4 {
		t.Errorf("Site has %d fields; newKeys and this test know of 4", n)
	}
	if n := reflect.TypeFor[Image]().NumField(); n != 4 {
		t.Errorf("Image has %d fields; newKeys and this test know of 4", n)
	}
}

// TestKeptNeedsNoTemplates checks that a Renderer that finds every page
// and fragment kept in the disk cache renders nothing and does not even
// parse its templates, and that it returns the pages a first Renderer
// rendered.
func TestKeptNeedsNoTemplates(t *testing.T) {
	_, a, s := setup(t, "../../content/http-status-codes.md")
	c, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	hl := highlight.New()
	first, err := New(os.DirFS("../../templates"), hl)
	if err != nil {
		t.Fatal(err)
	}
	first.UseCache(c.Pack("pages"))
	want, err := first.Pages(a, s)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.SaveCache(); err != nil {
		t.Fatal(err)
	}

	second, err := New(os.DirFS("../../templates"), hl)
	if err != nil {
		t.Fatal(err)
	}
	second.parsed = func() (map[string]*template.Template, error) {
		t.Error("the templates were parsed")
		return nil, errors.New("not parsed")
	}
	second.UseCache(c.Pack("pages"))
	got, err := second.Pages(a, s)
	if err != nil {
		t.Fatal(err)
	}
	if n := second.Rendered(); n != 0 {
		t.Errorf("rendered %d pages, want 0", n)
	}
	if len(got) != len(want) {
		t.Fatalf("%d pages, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Path != want[i].Path || !bytes.Equal(got[i].Body, want[i].Body) {
			t.Errorf("%s differs from the first Renderer's", want[i].Path)
		}
	}
}

// TestAPIKept checks that the JSON API is made again only where what it
// shows changed: an edited entry makes its own file and the list again,
// another base URL every file, and what is made equals a new Renderer's.
func TestAPIKept(t *testing.T) {
	r, a, s := setup(t, "../../content/http-status-codes.md")
	edited := *a
	edited.Entries = slices.Clone(a.Entries)
	i := slices.IndexFunc(edited.Entries, func(e *article.Entry) bool { return e.Code == 404 })
	e := *edited.Entries[i]
	e.Summary += " Edited."
	edited.Entries[i] = &e
	moved := s
	moved.BaseURL = "https://moved.example"

	for _, step := range []struct {
		name string
		a    *article.Article
		s    Site
		want int
	}{
		{"first", a, s, len(a.Entries) + 1},
		{"again", a, s, 0},
		{"edited entry", &edited, s, 2},
		{"new base URL", &edited, moved, len(a.Entries) + 1},
	} {
		before := r.Rendered()
		got, err := r.API(step.a, step.s)
		if err != nil {
			t.Fatal(err)
		}
		if n := r.Rendered() - before; n != step.want {
			t.Errorf("%s: made %d files, want %d", step.name, n, step.want)
		}
		fresh, _, _ := setup(t, "../../content/http-status-codes.md")
		want, err := fresh.API(step.a, step.s)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the API differs from a new Renderer's", step.name)
		}
	}
}
