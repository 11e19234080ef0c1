package serve

import (
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/httpstatus/site/internal/netlify"
)

// repository is the repository's site and a server for it, built once for
// every test of the package that only reads them.
var repository struct {
	once sync.Once
	dir  string // made by TestMain
	s    *Server
	err  error
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "serve-test-")
	if err != nil {
		panic(err)
	}
	repository.dir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// builtServer returns the server of the repository's site, built once for
// the whole package. The caller must not rebuild it or change its output.
func builtServer(t testing.TB) *Server {
	t.Helper()
	repository.once.Do(func() {
		cfg := Config{Site: siteConfig(filepath.Join(repository.dir, "public")), Netlify: "../../" + netlify.ConfigFile}
		if repository.s, repository.err = New(cfg); repository.err == nil {
			repository.err = repository.s.Rebuild()
		}
	})
	if repository.err != nil {
		t.Fatal(repository.err)
	}
	return repository.s
}

// repoServer builds the repository's site into a temporary directory and
// returns a server for it with the repository's netlify.toml.
func repoServer(t testing.TB, log *logBuffer) *Server {
	t.Helper()
	cfg := Config{Site: siteConfig(filepath.Join(t.TempDir(), "public")), Netlify: "../../" + netlify.ConfigFile}
	if log != nil {
		cfg.Log = log
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	return s
}

// follow requests target and follows redirects within the site, at most
// a few, and returns the path it ends at and the final response.
func follow(t *testing.T, h http.Handler, target string) (string, *http.Response, int) {
	t.Helper()
	for hops := 0; hops < 5; hops++ {
		res := get(h, "GET", target, nil)
		loc := res.Header.Get("Location")
		if loc == "" {
			return target, res, hops
		}
		if !strings.HasPrefix(loc, "/") {
			t.Fatalf("%s: redirect out of the site to %s", target, loc)
		}
		target = loc
	}
	t.Fatalf("%s: more than 5 redirects", target)
	return "", nil, 0
}

// TestRepositoryURLs serves the repository's own build by its own rules:
// every code's short address and file address end at its page in one
// redirect; the page itself, with or without a trailing slash, is served
// without one.
func TestRepositoryURLs(t *testing.T) {
	t.Parallel()
	s := builtServer(t)
	entries, err := os.ReadDir(filepath.Join(s.cfg.Site.Out, "codes"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		code, ok := strings.CutSuffix(e.Name(), ".html")
		if !ok {
			continue
		}
		want := "/codes/" + code
		for _, tt := range []struct {
			start, end string
			hops       int
		}{
			{"/" + code, want, 1},
			{"/" + code + "/", want, 1},
			{want, want, 0},
			{want + "/", want + "/", 0},
			{want + ".html", want, 1},
		} {
			end, res, hops := follow(t, s, tt.start)
			if end != tt.end || res.StatusCode != 200 || hops != tt.hops {
				t.Errorf("%s ends at %s with status %d after %d redirects, want %s with 200 after %d",
					tt.start, end, res.StatusCode, hops, tt.end, tt.hops)
			}
			if b := body(t, res); !strings.Contains(b, "<h1><span class=code>"+code+"</span>") {
				t.Errorf("%s: not the page of %s", tt.start, code)
			}
		}
		n++
	}
	if n != 88 {
		t.Errorf("%d code pages, want 88", n)
	}
	for target, status := range map[string]int{"/": 200, "/index.html": 200, "/nope": 404, "/codes/999": 404, "/999": 404} {
		if res := get(s, "GET", target, nil); res.StatusCode != status {
			t.Errorf("%s: status %d, want %d", target, res.StatusCode, status)
		}
	}
}

// TestRepositoryAPI checks how the repository's build answers for its
// list of codes and its JSON: the list at /codes, with or without a
// trailing slash; the JSON of a number that is no code with a JSON 404;
// every JSON file readable by any site's scripts.
func TestRepositoryAPI(t *testing.T) {
	t.Parallel()
	s := builtServer(t)
	tests := []struct {
		target   string
		status   int
		location string
		ctype    string
		cors     string
		body     string
	}{
		{"/codes", 200, "", "text/html; charset=utf-8", "", "<h1>Every HTTP status code</h1>"},
		{"/codes/", 200, "", "text/html; charset=utf-8", "", "<h1>Every HTTP status code</h1>"},
		{"/codes.html", 301, "/codes", "", "", ""},
		{"/codes.json", 200, "", "application/json; charset=utf-8", "*", `{"codes":[{"code":100,`},
		{"/codes/404.json", 200, "", "application/json; charset=utf-8", "*", `{"code":404,`},
		{"/codes.schema.json", 200, "", "application/json; charset=utf-8", "*", `"$schema":"https://json-schema.org/draft/2020-12/schema"`},
		{"/codes/999.json", 404, "", "application/json; charset=utf-8", "*", `"title":"Not Found","status":404`},
		{"/codes/100.json/", 200, "", "application/json; charset=utf-8", "*", `{"code":100,`},
		{"/codes/105.json", 404, "", "application/json; charset=utf-8", "*", `"status":404`},
		{"/codes/999", 404, "", "text/html; charset=utf-8", "", "<h1>Page not found</h1>"},
		{"/codes/abc.json", 404, "", "text/html; charset=utf-8", "*", "<h1>Page not found</h1>"}, // only numbers have a rule
		{"/codes/1000.json", 404, "", "text/html; charset=utf-8", "*", "<h1>Page not found</h1>"},
	}
	for _, tt := range tests {
		res := get(s, "GET", tt.target, nil)
		b := body(t, res)
		got := fmt.Sprintf("%d %q %q %q", res.StatusCode, res.Header.Get("Location"), res.Header.Get("Content-Type"), res.Header.Get("Access-Control-Allow-Origin"))
		if want := fmt.Sprintf("%d %q %q %q", tt.status, tt.location, tt.ctype, tt.cors); got != want {
			t.Errorf("%s: status, Location, Content-Type, Access-Control-Allow-Origin = %s, want %s", tt.target, got, want)
		}
		if !strings.Contains(b, tt.body) {
			t.Errorf("%s: body lacks %s:\n%.200s", tt.target, tt.body, b)
		}
	}
}

// TestRepositoryHeaders checks that every response of the repository's
// build carries the policy of netlify.toml, and each one Cache-Control,
// except redirects, which carry their Location alone.
func TestRepositoryHeaders(t *testing.T) {
	t.Parallel()
	s := builtServer(t)
	var targets []string
	err := filepath.WalkDir(s.cfg.Site.Out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(s.cfg.Site.Out, p)
		targets = append(targets, "/"+strings.TrimSuffix(filepath.ToSlash(rel), ".html"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	targets = append(targets, "/no/such/page", "/assets/no-such-asset.css")
	for _, target := range targets {
		res := get(s, "GET", target, nil)
		if res.StatusCode/100 == 3 {
			if len(res.Header) != 1 || res.Header.Get("Location") == "" {
				t.Errorf("%s: status %d, header %v; want Location alone", target, res.StatusCode, res.Header)
			}
			continue
		}
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: Content-Security-Policy %q", target, csp)
		}
		cc := res.Header.Values("Cache-Control")
		if len(cc) != 1 || strings.Count(cc[0], "max-age") != 1 {
			t.Errorf("%s: Cache-Control %q, want one max-age", target, cc)
		}
		if immutable := strings.HasPrefix(target, "/assets/") && res.StatusCode == 200; immutable != strings.Contains(cc[0], "immutable") {
			t.Errorf("%s: Cache-Control %q", target, cc)
		}
	}
	if len(targets) < 65 {
		t.Errorf("only %d paths checked", len(targets))
	}
}

// TestOutputUntouched checks that the built files never contain what the
// server adds to pages.
func TestOutputUntouched(t *testing.T) {
	t.Parallel()
	s := builtServer(t)
	if b := body(t, get(s, "GET", "/codes/404", nil)); !strings.Contains(b, devPrefix+"reload.js") {
		t.Fatal("served page lacks the reload script")
	}
	err := filepath.WalkDir(s.cfg.Site.Out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if strings.Contains(string(data), devPrefix) {
			t.Errorf("%s contains %s", p, devPrefix)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSiteURL(t *testing.T) {
	tests := map[string]string{
		"127.0.0.1:8080": "http://127.0.0.1:8080/",
		"[::1]:8080":     "http://[::1]:8080/",
		"0.0.0.0:8080":   "http://localhost:8080/",
		"[::]:80":        "http://localhost:80/",
	}
	for addr, want := range tests {
		a, err := net.ResolveTCPAddr("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := siteURL(a); got != want {
			t.Errorf("siteURL(%s) = %s, want %s", addr, got, want)
		}
	}
}
