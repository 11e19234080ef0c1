package site

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	stdhtml "html"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/clients"
	"github.com/httpstatus/site/internal/constants"
	"github.com/httpstatus/site/internal/facts"
	"github.com/httpstatus/site/internal/highlight"
	"github.com/httpstatus/site/internal/render"
)

// builtSite is the repository's site built once into a temporary directory.
type builtSite struct {
	cfg        Config
	files      map[string][]byte
	a          *article.Article // joined with the facts
	f          *facts.Facts
	k          *constants.Set
	cl         *clients.Results
	unofficial []render.UnofficialCode
}

func buildRepository(t *testing.T) builtSite {
	t.Helper()
	cfg, _ := builtRepository(t)
	s := builtSite{cfg: cfg, files: readTree(t, cfg.Out)}
	src, err := os.ReadFile(filepath.Join(cfg.Content, ArticleFile))
	if err != nil {
		t.Fatal(err)
	}
	if s.a, err = article.NewParser(highlight.New(nil).Extension()).Parse(ArticleFile, src); err != nil {
		t.Fatal(err)
	}
	if src, err = os.ReadFile(filepath.Join(cfg.Content, FactsFile)); err != nil {
		t.Fatal(err)
	}
	if s.f, err = facts.Parse(FactsFile, src); err != nil {
		t.Fatal(err)
	}
	s.a = facts.Join(s.a, s.f) // the site's codes: the article's and those it lacks
	if s.k, err = constants.Read(cfg.Content); err != nil {
		t.Fatal(err)
	}
	if src, err = os.ReadFile(filepath.Join(cfg.Content, clients.File)); err != nil {
		t.Fatal(err)
	}
	if s.cl, err = clients.Parse(clients.File, src); err != nil {
		t.Fatal(err)
	}
	if src, err = os.ReadFile(filepath.Join(cfg.Content, UnofficialFile)); err != nil {
		t.Fatal(err)
	}
	u, err := article.NewParser(highlight.New(nil).Extension()).ParseWith(UnofficialFile, src, article.Options{Vendors: true})
	if err != nil {
		t.Fatal(err)
	}
	s.unofficial, _ = render.Unofficial(s.a, u)
	return s
}

// metaOf returns the content of a page's meta tags by property or name.
func metaOf(tags []tag) map[string]string {
	meta := map[string]string{}
	for _, tg := range tags {
		if tg.name == "meta" {
			meta[tg.attrs["property"]+tg.attrs["name"]] = tg.attrs["content"]
		}
	}
	return meta
}

// tag is an HTML start tag with its attributes.
type tag struct {
	name  string
	attrs map[string]string
}

// scanTags returns the start tags of an HTML or SVG document and the
// text of every <script> and <style> element.
func scanTags(data []byte) (tags []tag, inline []string) {
	l := html.NewLexer(parse.NewInputBytes(data))
	var cur *tag
	for {
		tt, text := l.Next()
		switch tt {
		case html.ErrorToken:
			return tags, inline
		case html.StartTagToken:
			tags = append(tags, tag{name: strings.ToLower(string(l.Text())), attrs: map[string]string{}})
			cur = &tags[len(tags)-1]
		case html.AttributeToken:
			if cur != nil {
				cur.attrs[strings.ToLower(string(l.Text()))] = string(bytes.Trim(l.AttrVal(), `"'`))
			}
		case html.TextToken:
			if len(tags) > 0 && (tags[len(tags)-1].name == "script" || tags[len(tags)-1].name == "style") && len(bytes.TrimSpace(text)) > 0 {
				inline = append(inline, string(text))
			}
		case html.StartTagCloseToken, html.StartTagVoidToken:
			cur = nil
		}
	}
}

// TestStrictCSP checks that every page and SVG works under a policy that
// allows only the site's own scripts, styles and images: no inline script
// or style, no style attribute, no event handler attribute, and nothing
// loaded from another origin.
func TestStrictCSP(t *testing.T) {
	t.Parallel()
	s := buildRepository(t)
	checked := 0
	for p, data := range s.files {
		if !strings.HasSuffix(p, ".html") && !strings.HasSuffix(p, ".svg") {
			continue
		}
		checked++
		tags, inline := scanTags(data)
		for _, code := range inline {
			t.Errorf("%s: inline script or style %.60q", p, code)
		}
		for _, tg := range tags {
			if tg.name == "style" {
				t.Errorf("%s: <style> element", p)
			}
			for name, val := range tg.attrs {
				if name == "style" || strings.HasPrefix(name, "on") {
					t.Errorf("%s: <%s %s=%.40q>", p, tg.name, name, val)
				}
				if strings.HasPrefix(strings.TrimSpace(strings.ToLower(val)), "javascript:") {
					t.Errorf("%s: <%s %s=%q>", p, tg.name, name, val)
				}
			}
			if src, ok := loads(tg); ok && (!strings.HasPrefix(src, "/") || strings.HasPrefix(src, "//")) {
				t.Errorf("%s: <%s> loads %q from another origin", p, tg.name, src)
			}
			if tg.name == "script" && tg.attrs["src"] == "" {
				t.Errorf("%s: <script> without src", p)
			}
		}
	}
	if checked < 65 {
		t.Errorf("only %d files checked", checked)
	}
}

// loads returns the URL a tag makes the browser load, if any.
func loads(tg tag) (string, bool) {
	switch tg.name {
	case "script", "img", "iframe", "source", "audio", "video", "embed":
		src, ok := tg.attrs["src"]
		return src, ok
	case "link":
		switch tg.attrs["rel"] {
		case "stylesheet", "icon", "preload", "modulepreload", "manifest":
			return tg.attrs["href"], true
		}
	}
	return "", false
}

// TestAPI decodes codes.json and every codes/NNN.json and compares them
// with the parsed article and facts.
func TestAPI(t *testing.T) {
	t.Parallel()
	s := buildRepository(t)
	var list render.APIList
	if err := json.Unmarshal(s.files["codes.json"], &list); err != nil {
		t.Fatalf("codes.json: %v", err)
	}
	if len(list.Codes) != len(s.a.Entries)+len(s.unofficial) {
		t.Fatalf("codes.json has %d codes, the site %d and %d unofficial", len(list.Codes), len(s.a.Entries), len(s.unofficial))
	}
	for i, u := range s.unofficial {
		got := list.Codes[len(s.a.Entries)+i]
		if got.Code != u.Code || got.Official || got.Name != u.Name() || !slices.Equal(got.Vendors, u.Vendors()) ||
			got.URL != s.cfg.BaseURL+"/codes/"+strconv.Itoa(u.Code) {
			t.Errorf("codes.json, unofficial code %d: %+v", u.Code, got)
		}
	}
	for i, e := range s.a.Entries {
		got := list.Codes[i]
		f := s.f.Code(e.Code)
		want := render.APICode{
			Code: e.Code, Name: f.Reason(e.Name), RegistryName: f.Name, Class: e.Class.Label(), ClassName: e.Class.Name,
			Anchor: e.Anchor, URL: s.cfg.BaseURL + "/codes/" + strconv.Itoa(e.Code), Summary: e.Summary,
			Spec:      &render.APISpec{Title: f.Spec.String(), URL: f.Spec.URL()},
			Headers:   []string{},
			Cacheable: f.Caching.Rule == facts.Heuristic, Status: string(f.Status), Image: got.Image,
			Caching: &render.APICaching{Rule: string(f.Caching.Rule), Text: f.Caching.Text(),
				Spec: &render.APISpec{Title: f.Caching.Spec.String(), URL: f.Caching.Spec.URL()}},
			Official: true, Vendors: got.Vendors, Constants: render.APINames{}, Clients: []*clients.Client{},
		}
		for _, c := range s.cl.Clients {
			if o, ok := c.Of(e.Code); ok {
				want.Clients = append(want.Clients, o)
			}
		}
		for _, st := range s.k.Stacks {
			want.Constants[st.ID] = []string{}
			for _, n := range st.Codes[e.Code] {
				want.Constants[st.ID] = append(want.Constants[st.ID], n.Name)
			}
		}
		if names := s.k.Stack("go").Codes[e.Code]; len(names) > 0 {
			want.Go = names[0].Name
		}
		if !e.Absent {
			want.ArticleName = &e.Name
		}
		if e.Note != nil {
			want.Note = &render.APINote{Kind: e.Note.Kind.String(), Label: e.Note.Label, URL: e.Note.URL}
		}
		for _, h := range f.Headers {
			want.Headers = append(want.Headers, h.Name)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("codes.json, code %d (-want +got):\n%s", e.Code, diff)
		}
		if !strings.HasPrefix(got.Image, s.cfg.BaseURL+"/assets/social/"+strconv.Itoa(e.Code)+".") {
			t.Errorf("code %d: image %q", e.Code, got.Image)
		}
		var one render.APICode
		if err := json.Unmarshal(s.files[render.APIPath(e.Code)], &one); err != nil {
			t.Fatalf("%s: %v", render.APIPath(e.Code), err)
		}
		if diff := cmp.Diff(got, one); diff != "" {
			t.Errorf("%s differs from its entry in codes.json (-list +file):\n%s", render.APIPath(e.Code), diff)
		}
	}
	if bytes.ContainsAny(s.files["codes.json"], "\n\t") {
		t.Error("codes.json is not minified")
	}
}

// TestPreviewMeta checks that every page has OpenGraph and Twitter card
// meta, and that its og:image exists with the size the page declares.
func TestPreviewMeta(t *testing.T) {
	t.Parallel()
	s := buildRepository(t)
	pages := 0
	for p, data := range s.files {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		pages++
		tags, _ := scanTags(data)
		meta := metaOf(tags)
		for _, k := range []string{"og:title", "og:description", "og:type", "og:site_name", "og:image", "og:image:alt", "twitter:card", "twitter:image:alt"} {
			if meta[k] == "" {
				t.Errorf("%s: no %s", p, k)
			}
		}
		if p != "404.html" && meta["og:url"] != s.cfg.BaseURL+PageURL(p) {
			t.Errorf("%s: og:url = %q", p, meta["og:url"])
		}
		file, ok := strings.CutPrefix(meta["og:image"], s.cfg.BaseURL+"/")
		img, exists := s.files[file]
		if !ok || !exists {
			t.Errorf("%s: og:image %q is no file of the site", p, meta["og:image"])
			continue
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(img))
		if err != nil {
			t.Errorf("%s: %s: %v", p, file, err)
			continue
		}
		got := fmt.Sprintf("%d×%d", cfg.Width, cfg.Height)
		if got != meta["og:image:width"]+"×"+meta["og:image:height"] {
			t.Errorf("%s: %s is %s, the page says %s×%s", p, file, got, meta["og:image:width"], meta["og:image:height"])
		}
		if strings.HasPrefix(p, "codes/") && got != "1200×630" {
			t.Errorf("%s: card is %s, want 1200×630", p, got)
		}
		if p == "index.html" && got != fmt.Sprintf("%d×%d", s.a.Front.ImageWidth, s.a.Front.ImageHeight) {
			t.Errorf("index image is %s, the front matter says %d×%d", got, s.a.Front.ImageWidth, s.a.Front.ImageHeight)
		}
	}
	if pages != len(s.a.Entries)+len(s.unofficial)+3 { // and the index, the list and the not-found page
		t.Errorf("checked %d pages", pages)
	}
}

// TestSitemap checks that sitemap.xml lists exactly the pages built,
// except the not-found page, and that robots.txt names it.
func TestSitemap(t *testing.T) {
	t.Parallel()
	s := buildRepository(t)
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(s.files["sitemap.xml"], &sm); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	var got, want []string
	for _, u := range sm.URLs {
		got = append(got, u.Loc)
	}
	for p := range s.files {
		if strings.HasSuffix(p, ".html") && p != "404.html" {
			want = append(want, s.cfg.BaseURL+PageURL(p))
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sitemap (-pages built +listed):\n%s", diff)
	}
	if !slicesHas(got, s.cfg.BaseURL+"/") || !slicesHas(got, s.cfg.BaseURL+"/codes/404") {
		t.Errorf("sitemap lacks the index or /codes/404: %v", got[:3])
	}
	if !bytes.Contains(s.files["robots.txt"], []byte("\nSitemap: "+s.cfg.BaseURL+"/sitemap.xml\n")) {
		t.Errorf("robots.txt does not name the sitemap:\n%s", s.files["robots.txt"])
	}
}

func slicesHas(list []string, s string) bool {
	i := sort.SearchStrings(list, s)
	return i < len(list) && list[i] == s
}

func TestPageURL(t *testing.T) {
	for path, want := range map[string]string{"index.html": "/", "codes/404.html": "/codes/404", "a/index.html": "/a/"} {
		if got := PageURL(path); got != want {
			t.Errorf("PageURL(%q) = %q, want %q", path, got, want)
		}
	}
}

// TestFactsWarnings builds a made-up article whose facts file disagrees
// with it and checks that the report carries the cross-check's warnings.
func TestFactsWarnings(t *testing.T) {
	t.Parallel()
	cfg := repoConfig(t)
	cfg.Content = "../facts/testdata/mismatch" // the facts package's made-up mismatch
	r := build(t, cfg)
	var got []string
	for _, w := range r.Warnings {
		got = append(got, w.Error())
	}
	for _, want := range []string{
		"mismatch/http-status-codes.md:15:1: code 404 has no facts in ",
		"mismatch/codes.yaml:27:1: code 418 is not in the article ",
	} {
		if !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("no warning %q among:\n%s", want, strings.Join(got, "\n"))
		}
	}
}

// TestRegisteredCodesPublished checks that every code of the IANA
// registry's table (the facts package's copy) has a page, a JSON file, a
// short URL and a place in the sitemap, those the article lacks included.
func TestRegisteredCodesPublished(t *testing.T) {
	t.Parallel()
	s := buildRepository(t)
	table, err := os.ReadFile("../facts/testdata/registry.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(table)), "\n") {
		code, _, _ := strings.Cut(line, "|")
		for _, p := range []string{"codes/" + code + ".html", "codes/" + code + ".json"} {
			if _, ok := s.files[p]; !ok {
				t.Errorf("%s: registered, but the site has no %s", code, p)
			}
		}
		checkAddresses(t, s, code)
	}
}

// TestUnofficialPublished checks that every code of the file of
// unofficial codes has a page labelled with its vendors, a JSON file that
// says it is not official, a short URL, a card and a place in the sitemap
// and on the index; and that 451, registered, shows Microsoft's use of the
// number after its own meaning.
func TestUnofficialPublished(t *testing.T) {
	t.Parallel()
	s := buildRepository(t)
	if len(s.unofficial) < 20 {
		t.Fatalf("%d unofficial codes", len(s.unofficial))
	}
	index := string(s.files["index.html"])
	for _, u := range s.unofficial {
		code := strconv.Itoa(u.Code)
		page := string(s.files["codes/"+code+".html"])
		for _, want := range []string{
			"<title>" + stdhtml.EscapeString(u.Title()+" · "+u.Label()) + " · ",
			"<span class=unofficial>" + stdhtml.EscapeString(u.Label()) + "</span></h1>",
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: page lacks %q", code, want)
			}
		}
		tags, _ := scanTags([]byte(page))
		if img := metaOf(tags)["og:image"]; !strings.HasPrefix(img, s.cfg.BaseURL+"/assets/social/"+code+".") {
			t.Errorf("%s: og:image %q", code, img)
		}
		var c render.APICode
		if err := json.Unmarshal(s.files[render.APIPath(u.Code)], &c); err != nil || c.Official || !slices.Equal(c.Vendors, u.Vendors()) {
			t.Errorf("%s: JSON %+v (%v)", code, c, err)
		}
		checkAddresses(t, s, code)
		for _, e := range u.Uses {
			heading := fmt.Sprintf("><a href=/codes/%s>%s %s</a> <span class=unofficial>Unofficial, %s</span></h4>", code, code, e.Name, e.Vendor)
			if !strings.Contains(index, heading) {
				t.Errorf("%s: %s's use is not on the index", code, e.Vendor)
			}
		}
	}
	p := string(s.files["codes/451.html"])
	if i, j := strings.Index(p, "id=specification"), strings.Index(p, "451 Redirect"); i < 0 || j < i {
		t.Errorf("451: Microsoft's use at %d, the registered meaning at %d", j, i)
	}
}

// checkAddresses checks that the site has the short URL /NNN of code and
// lists its page in the sitemap.
func checkAddresses(t *testing.T, s builtSite, code string) {
	t.Helper()
	if !strings.Contains(string(s.files["_redirects"]), "\n/"+code+" /codes/"+code+" ") {
		t.Errorf("%s: no short URL /%s in _redirects", code, code)
	}
	if !strings.Contains(string(s.files["sitemap.xml"]), "<loc>"+s.cfg.BaseURL+"/codes/"+code+"</loc>") {
		t.Errorf("%s: not in the sitemap", code)
	}
}
