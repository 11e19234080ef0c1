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
		got, ok := p.match(segments(tt.path))
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

// TestLimits checks the limits of both files: each is reported at the
// place where the file passes it, and a file just within it parses.
func TestLimits(t *testing.T) {
	nested := func(n int) string { return "a = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n" }
	inline := func(n int) string { return "a = " + strings.Repeat("{b = ", n) + "1" + strings.Repeat("}", n) + "\n" }
	dotted := func(n int) string { return "a" + strings.Repeat(".a", n-1) + " = 1\n" }
	tests := []struct {
		name, file, src, want string
	}{
		{"redirects within", RedirectsFile, strings.Repeat("/a /b\n", MaxRedirectsSize/6), ""},
		{"redirects size", RedirectsFile, strings.Repeat("/a /b\n", MaxRedirectsSize/6+1),
			"_redirects:174763:5: file is 1048578 bytes, over the limit of 1048576 bytes, which falls here (hint: shorten the file)"},
		{"redirects line", RedirectsFile, "/a /b\n/c /" + strings.Repeat("d", MaxLineLength),
			"_redirects:2:8193: line is 8196 bytes long, over the limit of 8192 bytes, which falls here (hint: break the line in two)"},
		{"config size", ConfigFile, strings.Repeat("# comment\n", MaxConfigSize/10+1),
			"netlify.toml:6554:7: file is 65540 bytes, over the limit of 65536 bytes, which falls here (hint: shorten the file)"},
		{"config line", ConfigFile, "# " + strings.Repeat("x", MaxLineLength),
			"netlify.toml:1:8193: line is 8194 bytes long, over the limit of 8192 bytes, which falls here (hint: break the line in two)"},
		{"arrays within", ConfigFile, nested(MaxNesting), ""},
		{"arrays", ConfigFile, nested(MaxNesting + 1), "netlify.toml:1:21: arrays and tables nest deeper than 16 levels, the limit"},
		{"inline tables", ConfigFile, "\n" + inline(1000), "netlify.toml:2:85: arrays and tables nest deeper than 16 levels, the limit"},
		{"inline tables over lines", ConfigFile, "a = " + strings.Repeat("{b = \n", 20) + "1" + strings.Repeat("}", 20) + "\n",
			"netlify.toml:17:1: arrays and tables nest deeper than 16 levels, the limit"},
		{"dotted key within", ConfigFile, dotted(MaxKeyParts), ""},
		{"dotted key", ConfigFile, dotted(1000), "netlify.toml:1:32: a dotted key of more than 16 parts, the limit"},
		{"dotted table", ConfigFile, "[a" + strings.Repeat(".a", 20) + "]\n", "netlify.toml:1:33: a dotted key of more than 16 parts, the limit"},
		{"floats are not keys", ConfigFile, "a = [" + strings.Repeat("1.5, ", 100) + "2.5]\n", ""},
		{"strings and comments do not nest", ConfigFile,
			"a = \"" + strings.Repeat("[{.", 100) + "\\\"\"\nb = '" + strings.Repeat("[.", 100) + "'\n" +
				"c = \"\"\"\n" + strings.Repeat("[.\n", 100) + "\"\"\"\"\"\nd = '''" + strings.Repeat("{.", 100) + "'''\n# " + strings.Repeat("[.", 100) + "\n", ""},
	}
	for _, tt := range tests {
		var err error
		if tt.file == RedirectsFile {
			_, err = ParseRedirects(tt.file, []byte(tt.src))
		} else {
			_, err = ParseConfig(tt.file, []byte(tt.src))
		}
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%s:\n got %.300q\nwant %q", tt.name, got, tt.want)
		}
	}
}

// TestConfigValues checks that netlify.toml's rules hold only what a
// response can carry: a status a server can send, header names that are
// tokens, and no control characters in values, paths or targets.
func TestConfigValues(t *testing.T) {
	tests := []struct{ src, want string }{
		{"[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\nstatus = 99999\n", "netlify.toml: redirects[0]: bad status 99999: want one from 200 to 599"},
		{"[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\nstatus = -1\n", "netlify.toml: redirects[0]: bad status -1: want one from 200 to 599"},
		{"[[redirects]]\nfrom = \"/a\"\nto = \"/b\\r\\nX: y\"\n", `netlify.toml: redirects[0]: path "/a" or target "/b\r\nX: y" holds white space or a control character`},
		{"[[redirects]]\nfrom = \"/a b\"\nto = \"/b\"\n", `netlify.toml: redirects[0]: path "/a b" or target "/b" holds white space or a control character`},
		{"[[headers]]\nfor = \"/\"\n[headers.values]\n\"X: y\" = \"z\"\n", "netlify.toml: headers[0]: header name \"X: y\" is not a token of letters, digits and !#$%&'*+-.^_`|~"},
		{"[[headers]]\nfor = \"/\"\n[headers.values]\nX = \"a\\r\\nSet-Cookie: b\"\n", "netlify.toml: headers[0]: header X holds a control character"},
		{"[[headers]]\nfor = \"/\"\n[headers.values]\nX = \"a\\tb\"\n", ""},
	}
	for _, tt := range tests {
		_, err := ParseConfig(ConfigFile, []byte(tt.src))
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("ParseConfig(%q):\n got %q\nwant %q", tt.src, got, tt.want)
		}
	}
}

// TestExpand checks that placeholders are filled in once, from the
// pattern's values, never from within a value, and that a target grown
// past the limit matches nothing.
func TestExpand(t *testing.T) {
	tests := []struct {
		to     string
		params map[string]string
		limit  int
		want   string
		ok     bool
	}{
		{"/new/:splat", map[string]string{"splat": "a/b"}, 100, "/new/a/b", true},
		{"/:s/:splat", map[string]string{"s": "x", "splat": "y"}, 100, "/x/y", true},
		{"/:a/:b", map[string]string{"a": ":b", "b": "B"}, 100, "/:b/B", true},
		{"/:nope:a", map[string]string{"a": "A"}, 100, "/:nopeA", true},
		{"https://x.test:8080/:a", map[string]string{"a": "A"}, 100, "https://x.test:8080/A", true},
		{"/:a:a:a", map[string]string{"a": "0123456789"}, 25, "", false},
		{"/:a:a", map[string]string{"a": "0123456789"}, 21, "/01234567890123456789", true},
		{"/plain", nil, 3, "", false},
	}
	for _, tt := range tests {
		got, ok := expand(tt.to, tt.params, tt.limit)
		if got != tt.want || ok != tt.ok {
			t.Errorf("expand(%q, %v, %d) = %q, %v; want %q, %v", tt.to, tt.params, tt.limit, got, ok, tt.want, tt.ok)
		}
	}
}
