package e2e

import (
	"bufio"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/httpstatus/site/internal/site"
)

// toolsDir is where .ci/test installs the npm packages unless
// HTTPSTATUS_TOOLS says otherwise.
func toolsDir() string {
	if d := os.Getenv("HTTPSTATUS_TOOLS"); d != "" {
		return d
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".cache", "httpstatus-tools")
}

// tool returns the path of a tool the tests need: the value of the
// environment variable env, else def. A missing tool fails the test.
func tool(t *testing.T, env, def string) string {
	t.Helper()
	p := os.Getenv(env)
	if p == "" {
		p = def
	}
	if !strings.ContainsRune(p, filepath.Separator) {
		found, err := exec.LookPath(p)
		if err != nil {
			t.Fatalf("%s: %s not found on PATH; run bash .ci/test, which installs it, or set %s", env, p, env)
		}
		return found
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("%s: %v; run bash .ci/test, which installs it, or set %s", env, err, env)
	}
	return p
}

func chromiumPath(t *testing.T) string { return tool(t, "CHROMIUM", "/usr/bin/chromium") }
func javaPath(t *testing.T) string     { return tool(t, "JAVA", "java") }

func vnuJar(t *testing.T) string {
	return tool(t, "VNU_JAR", filepath.Join(toolsDir(), "node_modules", "vnu-jar", "build", "dist", "vnu.jar"))
}

func axeJS(t *testing.T) string {
	return tool(t, "AXE_JS", filepath.Join(toolsDir(), "node_modules", "axe-core", "axe.min.js"))
}

// buildSite builds the repository's site into a temporary directory and
// returns that directory.
func buildSite(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	_, err := site.NewBuilder().Build(site.Config{
		Content:   "../../content",
		Templates: "../../templates",
		Assets:    "../../assets",
		Out:       out,
		BaseURL:   site.DefaultBaseURL,
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// newSiteServer serves the built site in dir on loopback the way Netlify
// does: "/codes/404" from codes/404.html, 404.html with status 404 for a
// path the site lacks, and every response with the headers of netlify.toml.
func newSiteServer(t *testing.T, dir string) *httptest.Server {
	t.Helper()
	rules := headerRules(t, "../../netlify.toml")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, rule := range rules {
			if rule.matches(r.URL.Path) {
				for k, v := range rule.values {
					w.Header().Set(k, v)
				}
			}
		}
		status, name := http.StatusOK, siteFile(dir, r.URL.Path)
		if name == "" {
			status, name = http.StatusNotFound, "404.html"
		}
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
		w.WriteHeader(status)
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// siteFile returns the file of dir that serves the URL path p, relative
// to dir, or "" if there is none.
func siteFile(dir, p string) string {
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	for _, c := range []string{p, p + ".html", path.Join(p, "index.html")} {
		if fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(c))); err == nil && fi.Mode().IsRegular() {
			return c
		}
	}
	return ""
}

// headerRule is one [[headers]] table of netlify.toml.
type headerRule struct {
	pattern string // "/*" or "/assets/*"
	values  map[string]string
}

func (r headerRule) matches(p string) bool {
	if prefix, ok := strings.CutSuffix(r.pattern, "*"); ok {
		return strings.HasPrefix(p, prefix)
	}
	return p == r.pattern
}

// headerRules reads the [[headers]] tables of a netlify.toml: the "for"
// key and the quoted string values of [headers.values], which is all the
// file uses.
func headerRules(t *testing.T, file string) []headerRule {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rules []headerRule
	cur, inValues := -1, false // the table being read, and whether in its values
	s := bufio.NewScanner(f)
	for n := 1; s.Scan(); n++ {
		line := strings.TrimSpace(s.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case line == "[[headers]]":
			rules = append(rules, headerRule{values: map[string]string{}})
			cur, inValues = len(rules)-1, false
			continue
		case line == "[headers.values]":
			inValues = cur >= 0
			continue
		case strings.HasPrefix(line, "["):
			cur, inValues = -1, false
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !ok || cur < 0 {
			continue
		}
		key = strings.TrimSpace(key)
		v, err := strconv.Unquote(strings.TrimSpace(val))
		if err != nil {
			t.Fatalf("%s:%d: %v", file, n, err)
		}
		if inValues {
			rules[cur].values[key] = v
		} else if key == "for" {
			rules[cur].pattern = v
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rules) == 0 || rules[0].values["Content-Security-Policy"] == "" {
		t.Fatalf("%s: no [[headers]] with a Content-Security-Policy", file)
	}
	return rules
}

// TestSiteServer checks the test server itself: paths, status codes and
// the production headers.
func TestSiteServer(t *testing.T) {
	srv := newSiteServer(t, buildSite(t))
	tests := []struct {
		path, contains string
		status         int
	}{
		{"/", "<title>List of HTTP status codes</title>", 200},
		{"/codes/418", "418 I'm a teapot", 200},
		{"/codes/999", "Page not found", 404},
		{"/no/such/page", "Page not found", 404},
	}
	for _, tt := range tests {
		resp, err := http.Get(srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		bufio.NewReader(resp.Body).WriteTo(&b)
		resp.Body.Close()
		if resp.StatusCode != tt.status || !strings.Contains(b.String(), tt.contains) {
			t.Errorf("GET %s = %d, contains %q: %v; want %d", tt.path, resp.StatusCode, tt.contains, strings.Contains(b.String(), tt.contains), tt.status)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("GET %s: Content-Security-Policy = %q", tt.path, csp)
		}
	}
}
