package netlify

import (
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPatternMatch(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          map[string]string // nil with ok
		ok            bool
	}{
		{"/404", "/404", nil, true},
		{"/404", "/404/", nil, true},
		{"/404/", "/404", nil, true},
		{"/404", "/4040", nil, false},
		{"/404", "/404/x", nil, false},
		{"/", "/", nil, true},
		{"/", "/x", nil, false},
		{"/*", "/", map[string]string{"splat": ""}, true},
		{"/*", "/a/b.css", map[string]string{"splat": "a/b.css"}, true},
		{"/assets/*", "/assets", map[string]string{"splat": ""}, true},
		{"/assets/*", "/assets/style.1.css", map[string]string{"splat": "style.1.css"}, true},
		{"/assets/*", "/assetsx/a", nil, false},
		{"/codes/:code", "/codes/404", map[string]string{"code": "404"}, true},
		{"/codes/:code", "/codes/404/x", nil, false},
		{"/Codes/*", "/codes/404", nil, false}, // redirects match case as written
	}
	for _, tt := range tests {
		p, err := compile(tt.pattern)
		if err != nil {
			t.Fatalf("compile(%q): %v", tt.pattern, err)
		}
		got, ok := p.match(tt.path)
		if ok != tt.ok || !cmp.Equal(got, tt.want) {
			t.Errorf("%q.match(%q) = %v, %v; want %v, %v", tt.pattern, tt.path, got, ok, tt.want, tt.ok)
		}
	}
}

// TestHeaderPattern checks that header rules match paths the way
// Netlify's headers parser makes them match.
func TestHeaderPattern(t *testing.T) {
	tests := []struct {
		pattern string
		match   []string
		miss    []string
	}{
		{"/", []string{"/"}, []string{"/x", "/index.html"}},
		{"/*", []string{"/", "/a", "/a/b.css"}, nil},
		{"/codes/*", []string{"/codes", "/codes/", "/codes/404", "/CODES/404", "/codes/a/b", "/codesx"}, []string{"/code", "/x/codes/404"}},
		{"/assets/*", []string{"/assets/style.1.css", "/Assets/x", "/assets"}, []string{"/asset", "/x/assets/a"}},
		{"/*.json", []string{"/codes.json", "/codes/404.json", "/codes/404.JSON", "/a.json/"}, []string{"/codes/404", "/codes.json.html", "/codesxjson"}},
		{"/codes/:code", []string{"/codes/404", "/codes/404/"}, []string{"/codes", "/codes/404/x"}},
		{"//codes//404 ", []string{"/codes/404"}, []string{"/codes"}},
	}
	for _, tt := range tests {
		re, err := headerPattern(tt.pattern)
		if err != nil {
			t.Fatalf("headerPattern(%q): %v", tt.pattern, err)
		}
		for _, p := range tt.match {
			if !re.MatchString(p) {
				t.Errorf("%q does not match %q", tt.pattern, p)
			}
		}
		for _, p := range tt.miss {
			if re.MatchString(p) {
				t.Errorf("%q matches %q", tt.pattern, p)
			}
		}
	}
	if _, err := headerPattern("codes/*"); err == nil {
		t.Error(`headerPattern("codes/*") succeeded`)
	}
}

func TestCompileErrors(t *testing.T) {
	for _, p := range []string{"404", "/*.css", "/a/*/b", "/a/:"} {
		if _, err := compile(p); err == nil {
			t.Errorf("compile(%q) succeeded", p)
		}
	}
}

func TestParseRedirects(t *testing.T) {
	src := `# comment
/404 /codes/404 301!

/old/*   /new/:splat
/go      https://go.dev/ 302
/c/:code /codes/:code 200
/gone    /404.html     404
`
	rules, err := ParseRedirects("_redirects", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rules {
		got = append(got, r.Source+" "+r.String())
	}
	want := []string{
		"_redirects:2 /404 /codes/404 301!",
		"_redirects:4 /old/* /new/:splat 301",
		"_redirects:5 /go https://go.dev/ 302",
		"_redirects:6 /c/:code /codes/:code 200",
		"_redirects:7 /gone /404.html 404",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	targets := []struct{ path, to string }{
		{"/404/", "/codes/404"},
		{"/old/a/b", "/new/a/b"},
		{"/c/418", "/codes/418"},
	}
	r := NewRules(rules, nil)
	for _, tt := range targets {
		_, to, ok := r.Redirect(tt.path, false)
		if !ok || to != tt.to {
			t.Errorf("Redirect(%q) = %q, %v; want %q", tt.path, to, ok, tt.to)
		}
	}
}

func TestParseRedirectsErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"/a\n", "_redirects:1: want FROM TO"},
		{"\n/a /b 3xx\n", `_redirects:2: bad status "3xx"`},
		{"/a /b 301 Country=us\n", "_redirects:1: conditions (Country=us) are not supported"},
		{"/store id=:id /blog/:id 301\n", "_redirects:1: query parameter matching (id=:id) is not supported"},
		{"https://old.test/* /:splat\n", `_redirects:1: path "https://old.test/*" does not start with /`},
		{"/a b\n", `_redirects:1: target "b" is neither a path nor an absolute URL`},
		{"/a/*.html /b\n", "_redirects:1: path \"/a/*.html\": * is supported only as the whole last segment"},
	}
	for _, tt := range tests {
		_, err := ParseRedirects("_redirects", []byte(tt.src))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("ParseRedirects(%q) = %v, want %q", tt.src, err, tt.want)
		}
	}
}

// TestShadowing checks that a rule not forced gives way to an existing
// file, that a forced one does not, and that the first applicable rule wins.
func TestShadowing(t *testing.T) {
	rules, err := ParseRedirects("_redirects", []byte("/a /soft 301\n/a /hard 301!\n/a /never 301!\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := NewRules(rules, nil)
	for _, tt := range []struct {
		exists bool
		want   string
	}{{false, "/soft"}, {true, "/hard"}} {
		_, to, ok := r.Redirect("/a", tt.exists)
		if !ok || to != tt.want {
			t.Errorf("Redirect(/a, exists=%v) = %q, %v; want %q", tt.exists, to, ok, tt.want)
		}
	}
	if _, _, ok := r.Redirect("/b", false); ok {
		t.Error("/b matched")
	}
}

func TestParseConfig(t *testing.T) {
	src := `
[build]
  command = "go run ./cmd/build"

[[headers]]
  for = "/*"
  [headers.values]
    X-Frame-Options = "DENY"
    Cache-Control = '''
    public,
    max-age=0'''

[[headers]]
  for = "/assets/*"
  [headers.values]
    Cache-Control = ["max-age=31536000", "immutable"]

[[redirects]]
  from = "/x"
  to = "/y"
  force = true
`
	c, err := ParseConfig("netlify.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Redirects) != 1 || c.Redirects[0].String() != "/x /y 301!" {
		t.Errorf("redirects = %v", c.Redirects)
	}
	r := NewRules(nil, c)
	tests := []struct {
		path string
		want http.Header
	}{
		{"/", http.Header{"X-Frame-Options": {"DENY"}, "Cache-Control": {"public, max-age=0"}}},
		{"/ASSETS/a.css", http.Header{"X-Frame-Options": {"DENY"},
			"Cache-Control": {"public, max-age=0, max-age=31536000, immutable"}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, r.Header(tt.path)); diff != "" {
			t.Errorf("Header(%q) (-want +got):\n%s", tt.path, diff)
		}
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"[[headers]]\nfor = /\n", "netlify.toml:2:7: "},
		{"[[headers]]\nfor = \"x\"\n", `netlify.toml: headers[0]: path "x" does not start with /`},
		{"[[headers]]\nfor = \"/\"\n[headers.values]\nA = 1\n", "netlify.toml: headers[0]: header A is not a string"},
		{"[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\nconditions = {Country = [\"US\"]}\n", "netlify.toml: redirects.conditions"},
	}
	for _, tt := range tests {
		_, err := ParseConfig("netlify.toml", []byte(tt.src))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("ParseConfig(%q) = %v, want %q", tt.src, err, tt.want)
		}
	}
}

// TestRepositoryConfig reads the repository's netlify.toml: it must parse,
// every response must get the security headers, and no path may get its
// Cache-Control from two rules, since Netlify would send both values.
func TestRepositoryConfig(t *testing.T) {
	data, err := os.ReadFile("../../" + ConfigFile)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseConfig(ConfigFile, data)
	if err != nil {
		t.Fatal(err)
	}
	r := NewRules(nil, c)
	tests := []struct{ path, cache, cors string }{
		{"/", "public, max-age=0, must-revalidate", ""},
		{"/codes", "public, max-age=0, must-revalidate", ""},
		{"/codes/404", "public, max-age=0, must-revalidate", ""},
		{"/assets/style.d429182d.css", "public, max-age=31536000, immutable", ""},
		{"/no/such/page", "", ""},                                  // Netlify's own default applies
		{"/codes.json", "public, max-age=0, must-revalidate", "*"}, // "/codes/*" matches it too, as on Netlify
		{"/codes/404.json", "public, max-age=0, must-revalidate", "*"},
		{"/codes/not-found.json", "public, max-age=0, must-revalidate", "*"},
		{"/codes.schema.json", "public, max-age=0, must-revalidate", "*"},
	}
	for _, tt := range tests {
		h := r.Header(tt.path)
		if got := h.Get("Cache-Control"); got != tt.cache {
			t.Errorf("%s: Cache-Control = %q, want %q", tt.path, got, tt.cache)
		}
		if got := h.Get("Access-Control-Allow-Origin"); got != tt.cors {
			t.Errorf("%s: Access-Control-Allow-Origin = %q, want %q", tt.path, got, tt.cors)
		}
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: Content-Security-Policy lacks %q: %q", tt.path, want, csp)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: Content-Security-Policy allows unsafe-inline", tt.path)
		}
		for _, k := range []string{"X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy", "Strict-Transport-Security"} {
			if h.Get(k) == "" {
				t.Errorf("%s: no %s", tt.path, k)
			}
		}
	}
}

func TestStaticNames(t *testing.T) {
	tests := map[string][]string{
		"":            {"index.html", "index.htm"},
		"codes/404":   {"codes/404", "codes/404.html", "codes/404.htm", "codes/404/index.html", "codes/404/index.htm"},
		"codes/404/":  {"codes/404", "codes/404.html", "codes/404.htm", "codes/404/index.html", "codes/404/index.htm"},
		"codes.json":  {"codes.json", "codes.json.html", "codes.json.htm", "codes.json/index.html", "codes.json/index.htm"},
		"a/style.css": {"a/style.css"},
		"404.html":    {"404.html"},
		"x.HTML":      {"x.HTML", "x.HTML.html", "x.HTML.htm", "x.HTML/index.html", "x.HTML/index.htm"},
	}
	for name, want := range tests {
		if diff := cmp.Diff(want, StaticNames(name)); diff != "" {
			t.Errorf("StaticNames(%q) (-want +got):\n%s", name, diff)
		}
	}
}
