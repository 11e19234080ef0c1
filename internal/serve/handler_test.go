package serve

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/httpstatus/site/internal/diag"
)

// secret is the content of a file outside the output directory that no
// request may ever get.
const secret = "SECRET-OUTSIDE-THE-SITE"

// page returns a small HTML page whose body says text, padded so that
// gzip pays.
func page(text string) string {
	return "<!doctype html><html lang=en><head><title>" + text + "</title></head><body><p>" + text + "</p><p>" +
		strings.Repeat("filler text to compress ", 40) + "</p></body></html>"
}

// fixture writes a published directory with the kinds of files and rules
// the site has, a netlify.toml beside it, and a file and a directory
// outside it that symlinks inside point to.
func fixture(t testing.TB) *Server {
	t.Helper()
	base := t.TempDir()
	out := filepath.Join(base, "public")
	files := map[string]string{
		"index.html":          page("index"),
		"404.html":            page("not found"),
		"codes/404.html":      page("code 404"),
		"codes/418.html":      page("code 418"),
		"dir/index.html":      page("dir index"),
		"assets/style.1.css":  "body{color:red}" + strings.Repeat("p{margin:0}", 40),
		"robots.txt":          "User-agent: *\n",
		"outside/secret.html": secret, // moved out below
		"_redirects": `# rules of every kind the server models
/404 /codes/404 301!
/codes/404.html /codes/404 301!
/old/* /codes/:splat 302
/soft /codes/418 301
/index /codes/418 301
/rewrite /codes/404 200
/gone /dir/ 410
/ext https://example.com/ 301
/proxy https://example.com/ 200
`,
	}
	for name, data := range files {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Rename(filepath.Join(out, "outside"), filepath.Join(base, "outside")); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"leak.html":  "../outside/secret.html",
		"leakdir":    "../outside",
		"abs.html":   filepath.Join(base, "outside", "secret.html"),
		"alias.html": "index.html",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(out, name)); err != nil {
			t.Fatal(err)
		}
	}
	toml := filepath.Join(base, "netlify.toml")
	err := os.WriteFile(toml, []byte(`
[[headers]]
  for = "/*"
  [headers.values]
    X-Test = "all"
[[headers]]
  for = "/codes/*"
  [headers.values]
    X-Test = "codes"
[[headers]]
  for = "/assets/*"
  [headers.values]
    Cache-Control = "public, max-age=31536000, immutable"
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Site: siteConfig(out), Netlify: toml})
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.publish(); err != nil {
		t.Fatal(err)
	}
	return s
}

// get sends one request to h, for localhost unless header names a Host.
func get(h http.Handler, method, target string, header http.Header) *http.Response {
	r := httptest.NewRequest(method, target, nil)
	r.Host = "localhost:8080"
	for k, v := range header {
		r.Header[k] = v
	}
	if host := header.Get("Host"); host != "" {
		r.Host = host
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func body(t testing.TB, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestURLs checks every way a path resolves: files with and without
// .html, directories, trailing slashes, each kind of redirect rule, the
// not-found page, and the dev server's own paths.
func TestURLs(t *testing.T) {
	t.Parallel()
	s := fixture(t)
	tests := []struct {
		method, target string
		status         int
		location       string
		body           string // contained in the body
	}{
		{"GET", "/", 200, "", "<title>index</title>"},
		{"GET", "/index.html", 200, "", "<title>index</title>"},
		{"GET", "/index", 200, "", "<title>index</title>"}, // a rule not forced gives way to index.html
		{"GET", "/codes/404", 200, "", "<title>code 404</title>"},
		{"GET", "/codes/404/", 200, "", "<title>code 404</title>"}, // as Netlify's tools serve it
		{"GET", "/codes/404/?a=b", 200, "", "<title>code 404</title>"},
		{"GET", "/codes/404.html", 301, "/codes/404", ""},
		{"GET", "/codes/404.html?a=b", 301, "/codes/404?a=b", ""},
		{"GET", "/codes/418.html", 200, "", "<title>code 418</title>"}, // no rule for it
		{"GET", "/404", 301, "/codes/404", ""},                         // forced over 404.html
		{"GET", "/404/", 301, "/codes/404", ""},
		{"GET", "/404.html", 200, "", "<title>not found</title>"},
		{"GET", "/old/418", 302, "/codes/418", ""},
		{"GET", "/soft", 301, "/codes/418", ""},
		{"GET", "/rewrite", 200, "", "<title>code 404</title>"},
		{"GET", "/gone", 410, "", "<title>dir index</title>"},
		{"GET", "/ext?q=1", 301, "https://example.com/?q=1", ""},
		{"GET", "/proxy", 404, "", "<title>not found</title>"},
		{"GET", "/dir", 200, "", "<title>dir index</title>"},
		{"GET", "/dir/", 200, "", "<title>dir index</title>"},
		{"GET", "/dir/index.html", 200, "", "<title>dir index</title>"},
		{"GET", "/codes/", 404, "", "<title>not found</title>"},
		{"GET", "/nope", 404, "", "<title>not found</title>"},
		{"GET", "/nope/deeper/", 404, "", "<title>not found</title>"},
		{"GET", "/robots.txt", 200, "", "User-agent"},
		{"GET", "/robots.txt.html", 404, "", "<title>not found</title>"},
		{"GET", "/codes/418.css", 404, "", "<title>not found</title>"}, // an asset's name is looked up as written
		{"GET", "/./index.html", 200, "", "<title>index</title>"},      // dot segments go, as a browser drops them
		{"GET", "/codes/%2e%2e/index.html", 200, "", "<title>index</title>"},
		{"GET", "/codes/%2E./codes/418", 200, "", "<title>code 418</title>"},
		{"GET", "/codes/404/../418", 200, "", "<title>code 418</title>"},
		{"GET", "/dir/index.html/..", 200, "", "<title>dir index</title>"}, // ends at /dir/
		{"GET", "/codes/.", 404, "", "<title>not found</title>"},
		{"GET", "/codes/%2e%2e/404", 301, "/codes/404", ""},
		{"GET", "/codes%2f404.html", 301, "/codes/404", ""}, // rules match the decoded path
		{"GET", "/%34%30%34", 301, "/codes/404", ""},
		{"GET", "/alias.html", 200, "", "<title>index</title>"}, // a symlink inside the output
		{"HEAD", "/codes/404", 200, "", ""},
		{"HEAD", "/nope", 404, "", ""},
		{"POST", "/", 405, "", "method not allowed"},
		{"GET", "/_dev/reload.js", 200, "", "EventSource"},
		{"GET", "/_dev/overlay.css", 200, "", ".dev-overlay"},
		{"GET", "/_dev/nope", 404, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			res := get(s, tt.method, tt.target, nil)
			b := body(t, res)
			if res.StatusCode != tt.status {
				t.Errorf("status %d, want %d", res.StatusCode, tt.status)
			}
			if got := res.Header.Get("Location"); got != tt.location {
				t.Errorf("Location %q, want %q", got, tt.location)
			}
			if !strings.Contains(b, tt.body) {
				t.Errorf("body lacks %q:\n%.200s", tt.body, b)
			}
			if tt.method == "HEAD" && b != "" {
				t.Errorf("HEAD response has a body")
			}
		})
	}
}

// TestTraversal tries every way out of the output directory: each must
// get the site's not-found page with status 404, never the file outside.
func TestTraversal(t *testing.T) {
	t.Parallel()
	s := fixture(t)
	for _, target := range []string{
		"/../outside/secret.html",
		"/../../../../../../etc/passwd",
		"/codes/../../outside/secret.html",
		"/%2e%2e/outside/secret.html",
		"/%2E%2E/outside/secret.html",
		"/.%2e/outside/secret.html",
		"/codes/%2e%2e/%2e%2e/outside/secret.html",
		"/..%2foutside%2fsecret.html",
		"/%2e%2e%2foutside%2fsecret.html",
		"/codes%2f..%2f..%2foutside%2fsecret.html",
		"/codes%2F404",
		"/..%5coutside%5csecret.html",
		"/%252e%252e/outside/secret.html",
		"/%2e%2e/%2e%2e/%2e%2e/outside/secret.html",
		"//outside/secret.html",
		"/codes//404",
		"/index.html%00",
		"/leak.html",
		"/leak",
		"/leakdir/secret.html",
		"/leakdir/secret",
		"/leakdir/",
		"/abs.html",
		"/abs",
	} {
		for _, method := range []string{"GET", "HEAD"} {
			res := get(s, method, target, nil)
			b := body(t, res)
			if res.StatusCode != 404 {
				t.Errorf("%s %s: status %d, want 404", method, target, res.StatusCode)
			}
			if strings.Contains(b, secret) {
				t.Errorf("%s %s: served the file outside the output", method, target)
			}
			if method == "GET" && !strings.Contains(b, "<title>not found</title>") {
				t.Errorf("%s %s: not the site's 404 page: %.100s", method, target, b)
			}
		}
	}
}

func TestHeaders(t *testing.T) {
	t.Parallel()
	s := fixture(t)
	tests := []struct {
		target, test, cache string
	}{
		{"/", "all", netlifyCacheControl},
		{"/codes/404", "all, codes", netlifyCacheControl}, // both rules apply, values joined
		{"/assets/style.1.css", "all", "public, max-age=31536000, immutable"},
		{"/nope", "all", netlifyCacheControl},
		{"/assets/nope.css", "all", netlifyCacheControl}, // never a rule's Cache-Control with a 404
		{"/rewrite", "all, codes", netlifyCacheControl},  // the target's rules, as Netlify's tools apply them
		{"/gone", "all", netlifyCacheControl},
	}
	for _, tt := range tests {
		res := get(s, "GET", tt.target, nil)
		if got := res.Header.Get("X-Test"); got != tt.test {
			t.Errorf("%s: X-Test %q, want %q", tt.target, got, tt.test)
		}
		if got := res.Header.Get("Cache-Control"); got != tt.cache {
			t.Errorf("%s: Cache-Control %q, want %q", tt.target, got, tt.cache)
		}
	}
	for _, target := range []string{"/404", "/codes/404.html", "/old/418", "/ext"} {
		res := get(s, "GET", target, nil)
		if res.StatusCode/100 != 3 || len(res.Header) != 1 || res.Header.Get("Location") == "" {
			t.Errorf("%s: status %d, header %v; want a redirect with Location alone", target, res.StatusCode, res.Header)
		}
	}
	res := get(s, "GET", "/_dev/reload.js", nil)
	if res.Header.Get("X-Test") != "" || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("dev file got the site's headers: %v", res.Header)
	}
}

// TestConditionalAndGzip checks ETag and If-None-Match, HEAD, and gzip
// by Accept-Encoding, each representation with its own ETag.
func TestConditionalAndGzip(t *testing.T) {
	t.Parallel()
	s := fixture(t)
	plain := get(s, "GET", "/codes/404", nil)
	plainBody := body(t, plain)
	etag := plain.Header.Get("ETag")
	if etag == "" || plain.Header.Get("Content-Encoding") != "" {
		t.Fatalf("plain response: ETag %q, Content-Encoding %q", etag, plain.Header.Get("Content-Encoding"))
	}
	if v := plain.Header.Get("Vary"); v != "Accept-Encoding" {
		t.Errorf("Vary %q", v)
	}

	head := get(s, "HEAD", "/codes/404", nil)
	if head.Header.Get("Content-Length") != fmt.Sprint(len(plainBody)) || head.Header.Get("ETag") != etag {
		t.Errorf("HEAD: Content-Length %s ETag %s; GET gave %d bytes, %s",
			head.Header.Get("Content-Length"), head.Header.Get("ETag"), len(plainBody), etag)
	}

	notModified := get(s, "GET", "/codes/404", http.Header{"If-None-Match": {etag}})
	if notModified.StatusCode != 304 || body(t, notModified) != "" {
		t.Errorf("If-None-Match: status %d, want 304 and no body", notModified.StatusCode)
	}
	if other := get(s, "GET", "/codes/404", http.Header{"If-None-Match": {`"other"`}}); other.StatusCode != 200 {
		t.Errorf("If-None-Match with another tag: status %d", other.StatusCode)
	}

	zipped := get(s, "GET", "/codes/404", http.Header{"Accept-Encoding": {"br, gzip"}})
	if zipped.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Accept-Encoding gzip: Content-Encoding %q", zipped.Header.Get("Content-Encoding"))
	}
	zetag := zipped.Header.Get("ETag")
	if zetag == "" || zetag == etag {
		t.Errorf("gzip ETag %q, plain %q: want two different tags", zetag, etag)
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if string(unzipped) != plainBody {
		t.Error("gzipped body differs from the plain one")
	}
	if res := get(s, "GET", "/codes/404", http.Header{"Accept-Encoding": {"gzip"}, "If-None-Match": {zetag}}); res.StatusCode != 304 {
		t.Errorf("If-None-Match with the gzip tag: status %d", res.StatusCode)
	}
	if res := get(s, "GET", "/nope", http.Header{"Accept-Encoding": {"gzip"}}); res.StatusCode != 404 || res.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("404 with gzip: status %d, Content-Encoding %q", res.StatusCode, res.Header.Get("Content-Encoding"))
	}
	if res := get(s, "GET", "/codes/404", http.Header{"Accept-Encoding": {"gzip;q=0, identity"}}); res.Header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 got gzip")
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{"gzip", true},
		{"GZIP", true},
		{"deflate, gzip;q=0.5", true},
		{"gzip;q=0", false},
		{"gzip; q=0.0", false},
		{"*", true},
		{"*;q=0", false},
		{"gzip;q=0, *", false},
		{"br", false},
		{"x-gzip", true},
	}
	for _, tt := range tests {
		if got := acceptsGzip(tt.header); got != tt.want {
			t.Errorf("acceptsGzip(%q) = %v", tt.header, got)
		}
	}
}

// TestReloadTags checks that HTML, and only HTML, is served with the
// reload tags, and that the file on disk never gets them.
func TestReloadTags(t *testing.T) {
	t.Parallel()
	s := fixture(t)
	tags := `<link rel="stylesheet" href="/_dev/overlay.css"><script src="/_dev/reload.js?build=` + s.gen + `" defer></script></head>`
	for _, target := range []string{"/", "/codes/404", "/nope"} {
		if b := body(t, get(s, "GET", target, nil)); !strings.Contains(b, tags) {
			t.Errorf("%s lacks the reload tags before </head>:\n%.300s", target, b)
		}
	}
	for _, target := range []string{"/assets/style.1.css", "/robots.txt"} {
		if b := body(t, get(s, "GET", target, nil)); strings.Contains(b, devPrefix) {
			t.Errorf("%s got the reload tags", target)
		}
	}
	disk, err := os.ReadFile(filepath.Join(s.cfg.Site.Out, "codes", "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(disk, []byte(devPrefix)) {
		t.Error("the file on disk contains the reload tags")
	}
}

// TestStatic checks that a server told to serve pages as deployed adds
// no reload tags.
func TestStatic(t *testing.T) {
	t.Parallel()
	s := fixture(t)
	s.cfg.Static = true
	for _, target := range []string{"/", "/codes/404", "/nope"} {
		if b := body(t, get(s, "GET", target, nil)); strings.Contains(b, devPrefix) || !strings.Contains(b, "</head>") {
			t.Errorf("%s: want the page as on disk, got:\n%.300s", target, b)
		}
	}
}

func TestInject(t *testing.T) {
	tags := `<link rel="stylesheet" href="/_dev/overlay.css"><script src="/_dev/reload.js?build=g" defer></script>`
	tests := []struct{ in, want string }{
		{"<html><head><title>x</title></head><body></body></html>", "<html><head><title>x</title>" + tags + "</head><body></body></html>"},
		{"<HTML><HEAD></HEAD></HTML>", "<HTML><HEAD>" + tags + "</HEAD></HTML>"},
		{"<p>no head</p></body>", "<p>no head</p>" + tags + "</body>"},
		{"<p>bare", "<p>bare" + tags},
	}
	for _, tt := range tests {
		if got := string(inject([]byte(tt.in), "g")); got != tt.want {
			t.Errorf("inject(%q) =\n%s\nwant\n%s", tt.in, got, tt.want)
		}
	}
}

func TestProblems(t *testing.T) {
	list := diag.List{
		{Path: "content/a.md", Line: 3, Col: 1, Msg: "code 404 repeats line 2", Hint: "remove one"},
		{Path: "content/a.md", Line: 9, Msg: "no title"},
	}
	tests := []struct {
		err  error
		want []problem
	}{
		{fmt.Errorf("wrapped: %w", list), []problem{
			{File: "content/a.md", Line: 3, Col: 1, Msg: "code 404 repeats line 2 (hint: remove one)"},
			{File: "content/a.md", Line: 9, Msg: "no title"},
		}},
		{errors.Join(&diag.Error{Path: "netlify.toml", Line: 4, Col: 7, Msg: "expected value"}, errors.New("second")), []problem{
			{File: "netlify.toml", Line: 4, Col: 7, Msg: "expected value"},
			{Msg: "second"},
		}},
		{errors.New("templates directory: no such file"), []problem{{Msg: "templates directory: no such file"}}},
		{errors.New(""), []problem{{Msg: "failed without a message"}}},
	}
	for _, tt := range tests {
		got := problems(tt.err)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("problems(%q) =\n%v\nwant\n%v", tt.err, got, tt.want)
		}
	}
}
