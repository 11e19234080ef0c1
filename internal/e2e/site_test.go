package e2e

import (
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/httpstatus/site/internal/serve"
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

// siteConfig builds the repository's site into out.
func siteConfig(out string) site.Config {
	return site.Config{
		Content:   "../../content",
		Templates: "../../templates",
		Assets:    "../../assets",
		Out:       out,
		BaseURL:   site.DefaultBaseURL,
	}
}

// buildSite builds the repository's site into a temporary directory and
// returns that directory.
func buildSite(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := site.Build(siteConfig(out)); err != nil {
		t.Fatal(err)
	}
	return out
}

// newSiteServer serves the site built into dir on loopback as Netlify
// would, by the rules of netlify.toml and _redirects, through the dev
// server without its reload script.
func newSiteServer(t *testing.T, dir string) *httptest.Server {
	t.Helper()
	s, err := serve.New(serve.Config{Site: siteConfig(dir), Netlify: "../../netlify.toml", Static: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv
}
