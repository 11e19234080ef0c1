//go:build linux

package serve

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/httpstatus/site/internal/netlify"
)

// The conformance tests hold the dev server to Netlify's own open-source
// tools, run offline on this machine: Netlify's parsers of _redirects and
// netlify.toml, and the two local servers, netlify dev from netlify-cli
// and @netlify/dev. bash .ci/test installs them, with the Node.js 22 they
// need, and names them in two variables:
//
//	NODE22         the node program, version 22
//	NETLIFY_TOOLS  the node_modules directory holding netlify-cli,
//	               @netlify/dev, @netlify/redirect-parser and
//	               @netlify/headers-parser
//
// They serve the committed public/, which TestCommittedPublic of package
// site holds equal to a fresh build.

// netlifyTools returns the node program and the node_modules directory
// of Netlify's tools, failing the test when they are not installed.
func netlifyTools(t *testing.T) (node, modules string) {
	t.Helper()
	node, modules = os.Getenv("NODE22"), os.Getenv("NETLIFY_TOOLS")
	if node == "" || modules == "" {
		t.Fatal("NODE22 and NETLIFY_TOOLS are not set: run bash .ci/test, which installs Node.js 22 and Netlify's tools and sets them")
	}
	for _, p := range []string{node, filepath.Join(modules, "netlify-cli", "bin", "run.js"), filepath.Join(modules, "@netlify", "dev")} {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("Netlify's tools: %v (bash .ci/test installs them)", err)
		}
	}
	return node, modules
}

// scripts returns a directory holding the test's Node.js scripts beside
// a node_modules that leads to Netlify's tools, where Node.js finds them.
func scripts(t *testing.T, modules string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"serve.mjs", "parse.mjs"} {
		data, err := os.ReadFile(filepath.Join("testdata", "netlify", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(modules, filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// netlifyRule is a redirect or header rule as Netlify's parsers give it.
type netlifyRule struct {
	From   string            `json:"from,omitempty"`
	To     string            `json:"to,omitempty"`
	Status int               `json:"status,omitempty"`
	Force  bool              `json:"force,omitempty"`
	For    string            `json:"for,omitempty"`
	Values map[string]string `json:"values,omitempty"`
}

// TestNetlifyParsers parses the committed public/_redirects and
// netlify.toml with Netlify's parsers: neither may report an error, and
// each must read the rules that package netlify reads, in order.
func TestNetlifyParsers(t *testing.T) {
	t.Parallel()
	node, modules := netlifyTools(t)
	redirectsFile, configFile := filepath.Join("..", "..", "public", netlify.RedirectsFile), filepath.Join("..", "..", netlify.ConfigFile)
	cmd := exec.Command(node, filepath.Join(scripts(t, modules), "parse.mjs"), redirectsFile, configFile)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("parse.mjs: %v\n%s", err, stderr.String())
	}
	var theirs struct {
		Redirects, Headers           []netlifyRule
		RedirectErrors, HeaderErrors []string
	}
	if err := json.Unmarshal(out, &theirs); err != nil {
		t.Fatalf("parse.mjs printed %q: %v", out, err)
	}
	for _, e := range slices.Concat(theirs.RedirectErrors, theirs.HeaderErrors) {
		t.Errorf("Netlify's parsers: %s", e)
	}

	var ours struct{ Redirects, Headers []netlifyRule }
	data, err := os.ReadFile(redirectsFile)
	if err != nil {
		t.Fatal(err)
	}
	redirects, err := netlify.ParseRedirects(redirectsFile, data)
	if err != nil {
		t.Fatal(err)
	}
	if data, err = os.ReadFile(configFile); err != nil {
		t.Fatal(err)
	}
	cfg, err := netlify.ParseConfig(configFile, data)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range slices.Concat(redirects, cfg.Redirects) {
		ours.Redirects = append(ours.Redirects, netlifyRule{From: r.From, To: r.To, Status: r.Status, Force: r.Force})
	}
	for _, h := range cfg.Headers {
		rule := netlifyRule{For: h.For, Values: map[string]string{}}
		for k := range h.Values {
			rule.Values[k] = h.Values.Get(k)
		}
		ours.Headers = append(ours.Headers, rule)
	}
	// Header names are compared as Netlify's parser writes them, and
	// net/http canonicalizes them: the same names in other letters.
	fold := cmp.Transformer("fold", func(m map[string]string) map[string]string {
		out := make(map[string]string, len(m))
		for k, v := range m {
			out[http.CanonicalHeaderKey(k)] = v
		}
		return out
	})
	if diff := cmp.Diff(theirs.Redirects, ours.Redirects); diff != "" {
		t.Errorf("redirects (-Netlify's parser +ours):\n%s", diff)
	}
	if diff := cmp.Diff(theirs.Headers, ours.Headers, fold); diff != "" {
		t.Errorf("headers (-Netlify's parser +ours):\n%s", diff)
	}
	t.Logf("Netlify's parsers read %d redirect rules and %d header rules, without an error", len(theirs.Redirects), len(theirs.Headers))
}

// Names of the two tools.
const (
	netlifyCLI = "netlify dev" // netlify-cli's dev command, offline
	netlifyDev = "@netlify/dev"
)

// compared are the fields of a response the conformance test compares.
var compared = []string{"Status", "Location", "Content-Type", "Cache-Control",
	"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy",
	"Strict-Transport-Security", "Access-Control-Allow-Origin"}

// answer is what a server answered to one request: each compared field,
// and whether @netlify/dev left the request to the server around it.
type answer struct {
	fields    map[string]string
	unmatched bool
}

// knownDifference is a way in which one of Netlify's tools is known to
// answer otherwise than the dev server, and why the dev server does not
// follow it: a bug of the tool, or where Netlify's two tools disagree.
type knownDifference struct {
	tool    string
	fields  []string                                      // the fields that may differ
	applies func(target string, ours, theirs answer) bool // whether a difference is this one
	why     string
	source  string // the upstream issue, or where in the tool's source, when none is filed
}

// knownDifferences are every difference the conformance test accepts.
// Each must still occur: one that no longer does is an error, so that
// the list shrinks as the tools are fixed.
var knownDifferences = []knownDifference{
	{
		tool: netlifyCLI, fields: []string{"Cache-Control"},
		applies: func(_ string, ours, theirs answer) bool {
			return !isRedirect(ours) && theirs.fields["Cache-Control"] == "public, max-age=0"
		},
		why: "its static server's own Cache-Control overwrites the header rules' (and Netlify's default), " +
			"as the headers of the server it proxies to overwrite those of the rules",
		source: "https://github.com/netlify/cli/issues/990 (closed, and still so in netlify-cli 27.10.2: " +
			"src/utils/proxy.ts passes the proxied response's headers to writeHead after setting the rules')",
	},
	{
		tool: netlifyCLI, fields: []string{"Cache-Control"},
		applies: func(_ string, ours, theirs answer) bool {
			return isRedirect(ours) && theirs.fields["Cache-Control"] == "no-cache"
		},
		why:    "it sends Cache-Control: no-cache with a redirect of its own; @netlify/dev sends the Location alone, as the dev server does",
		source: "no upstream issue; netlify-cli src/utils/proxy.ts, serveRedirect, writes the header",
	},
	{
		tool: netlifyCLI, fields: []string{"Content-Type"},
		applies: func(_ string, ours, theirs answer) bool {
			return ours.fields["Content-Type"] == "text/javascript; charset=utf-8" &&
				theirs.fields["Content-Type"] == "application/javascript; charset=utf-8"
		},
		why: "its static server (@fastify/static) names JavaScript with the type RFC 9239 made obsolete; " +
			"@netlify/dev's mime-types gives text/javascript, as the dev server does",
		source: "no upstream issue; @fastify/send's mime table, used by netlify-cli src/utils/static-server.ts",
	},
	{
		tool: netlifyCLI, fields: []string{"Status", "Content-Type"},
		applies: func(target string, ours, theirs answer) bool {
			return suspicious(target) && theirs.fields["Status"] == "403"
		},
		why: "its static server refuses a path with a dot segment, or an encoded backslash or NUL, with its own 403 " +
			"and a JSON error, where @netlify/dev and every browser resolve the dot segment first, as the dev server " +
			"does, and a backslash or NUL names no file",
		source: "no upstream issue; @fastify/send's checks of the decoded path, reached from netlify-cli src/utils/static-server.ts",
	},
	{
		tool: netlifyCLI, fields: []string{"Status", "Content-Type"},
		applies: func(target string, ours, theirs answer) bool {
			return hasDotSegment(target) && theirs.fields["Status"] == "404" && ours.fields["Status"] == "200"
		},
		why: "it answers 404 for a path whose dot segments, once resolved as @netlify/dev and every browser resolve " +
			"them, lead to a file, which the dev server serves",
		source: "no upstream issue; netlify-cli src/utils/proxy.ts passes the path to its static server unresolved",
	},
	{
		tool: netlifyCLI, fields: []string{"Access-Control-Allow-Origin"},
		applies: func(_ string, ours, theirs answer) bool {
			return ours.fields["Status"] == "404" && ours.fields["Access-Control-Allow-Origin"] == "*" &&
				theirs.fields["Access-Control-Allow-Origin"] == ""
		},
		why: "for a 404 it applies the header rules of the last name its proxy tried, such as /codes/abc.json/index.htm, " +
			"not those of the path asked for, which the dev server applies",
		source: "no upstream issue; netlify-cli src/utils/proxy.ts matches the rules against req.url after trying the alternative paths",
	},
	{
		tool: netlifyDev, fields: []string{"Status"},
		applies: func(_ string, ours, theirs answer) bool {
			return ours.fields["Status"] == "404" && theirs.fields["Status"] == "200" &&
				strings.HasPrefix(ours.fields["Content-Type"], "application/json")
		},
		why: "it serves the target of a rewrite rule with status 404 (not forced) with status 200: the JSON 404 of an " +
			"unknown code; netlify dev sends the rule's 404, as the dev server does",
		source: "no upstream issue; netlify/primitives packages/redirects/src/main.ts, RedirectsHandler.handle, " +
			"returns the target's static response as it is",
	},
}

// suspicious reports whether a request target has a dot segment, or an
// encoded backslash or NUL.
func suspicious(target string) bool {
	lower := strings.ToLower(target)
	return hasDotSegment(target) || strings.Contains(lower, "%5c") || strings.Contains(lower, "%00")
}

// isRedirect reports whether a is a redirect.
func isRedirect(a answer) bool { return strings.HasPrefix(a.fields["Status"], "3") }

// hasDotSegment reports whether a request target has a "." or ".."
// segment, spelled out or percent-encoded.
func hasDotSegment(target string) bool {
	p, _, _ := strings.Cut(target, "?")
	for seg := range strings.SplitSeq(p, "/") {
		switch strings.ToLower(seg) {
		case ".", "..", "%2e", ".%2e", "%2e.", "%2e%2e":
			return true
		}
	}
	return false
}

// conformanceTargets returns the request targets the conformance test
// sends: every kind of address the site has, and every kind of mistake.
func conformanceTargets(t *testing.T, public string) []string {
	t.Helper()
	targets := []string{"/", "/index.html", "/?q=1", "/INDEX.HTML",
		"/codes", "/codes/", "/codes.html", "/codes?sort=1",
		"/codes.json", "/codes.schema.json", "/codes/not-found.json", "/codes.json?v=2",
		"/codes/999", "/codes/999/", "/codes/999.html", "/999", "/codes/999.json", "/codes/600.json",
		"/codes/105.json", "/codes/abc.json", "/codes/999.json?x=1",
		"/sitemap.xml", "/robots.txt", "/404.html", "/nope", "/nope/deeper/",
		"/assets/nope.css", "/assets/", "/assets", "/assets/social/nope.png",
		"/CODES/404", "/Codes/404", "/codes/404.HTML", "/CODES.JSON", "/Robots.txt", "/codes/404.JSON",
		"/codes/%2e%2e/index.html", "/codes/%2E%2E/robots.txt", "/%2e%2e/%2e%2e/etc/passwd",
		"/codes/..%2f404", "/..%2f..%2fetc%2fpasswd", "/assets/..%5c..%5cindex.html", "/codes%2f404.html",
		"/codes/404%00.html", "/%2e/robots.txt", "/codes/./404", "/codes/../robots.txt", "/codes/%2e%2e/404",
		"/404?x=1", "/codes/404?x=1", "/codes/404/?x=1", "/codes/404.html?a=b&c=d", "/404/",
	}
	entries, err := os.ReadDir(filepath.Join(public, "codes"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if code, ok := strings.CutSuffix(e.Name(), ".html"); ok {
			targets = append(targets, "/codes/"+code, "/codes/"+code+"/", "/codes/"+code+".html", "/"+code, "/codes/"+code+".json")
		}
	}
	err = filepath.WalkDir(filepath.Join(public, "assets"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(public, p)
			targets = append(targets, "/"+filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return targets
}

// TestNetlifyConformance serves the committed public/ with the dev server
// and with Netlify's two local servers, sends each the same requests, and
// compares the status, Location, Content-Type, Cache-Control, the
// security headers and Access-Control-Allow-Origin of every answer. A
// difference fails the test unless it is one of knownDifferences.
func TestNetlifyConformance(t *testing.T) {
	node, modules := netlifyTools(t)
	project := t.TempDir()
	copyTree(t, filepath.Join("..", "..", "public"), filepath.Join(project, "public"))
	copyFile(t, filepath.Join("..", "..", netlify.ConfigFile), filepath.Join(project, netlify.ConfigFile))
	public := filepath.Join(project, "public")

	ours := ourServer(t, public, filepath.Join(project, netlify.ConfigFile))
	servers := map[string]string{ // tool → address
		netlifyCLI: startNetlifyCLI(t, node, modules, project),
		netlifyDev: startNetlifyDev(t, node, modules, project),
	}
	targets := conformanceTargets(t, public)
	if len(targets) < 60 {
		t.Fatalf("only %d targets", len(targets))
	}
	seen := make([]int, len(knownDifferences))
	statusOnly := 0
	for _, target := range targets {
		mine := fetch(t, ours, target)
		for _, tool := range []string{netlifyCLI, netlifyDev} {
			theirs := fetch(t, servers[tool], target)
			if theirs.unmatched {
				// @netlify/dev answers only what the project has, leaving
				// the rest to the server around it; its 404s are netlify
				// dev's to compare.
				statusOnly++
				if mine.fields["Status"] != "404" {
					t.Errorf("%s: %s has nothing to serve; the dev server answers %s", target, tool, mine.fields["Status"])
				}
				continue
			}
			for _, f := range compared {
				if mine.fields[f] == theirs.fields[f] {
					continue
				}
				if i := known(tool, f, target, mine, theirs); i >= 0 {
					seen[i]++
					continue
				}
				t.Errorf("%s: %s: ours %q, %s's %q", target, f, mine.fields[f], tool, theirs.fields[f])
			}
		}
	}
	for i, d := range knownDifferences {
		if seen[i] == 0 {
			t.Errorf("the known difference of %s (%s) no longer occurs: remove it", d.tool, d.why)
		}
		t.Logf("known difference of %s, seen %d times: %s (%s)", d.tool, seen[i], d.why, d.source)
	}
	t.Logf("%d request targets, each sent to the dev server, %s and %s; %d answers of @netlify/dev left to its host, compared by status",
		len(targets), netlifyCLI, netlifyDev, statusOnly)
}

// known returns the index of the known difference that a difference of
// field f between ours and theirs is, or -1.
func known(tool, f, target string, ours, theirs answer) int {
	for i, d := range knownDifferences {
		if d.tool == tool && slices.Contains(d.fields, f) && d.applies(target, ours, theirs) {
			return i
		}
	}
	return -1
}

// ourServer serves public by the rules of public/_redirects and the
// netlify.toml at config, as deployed (no reload script), on loopback,
// and returns its address.
func ourServer(t *testing.T, public, config string) string {
	t.Helper()
	s, err := New(Config{Site: siteConfig(public), Netlify: config, Static: true})
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	err = s.publish()
	s.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String()
}

// startNetlifyCLI runs netlify dev offline in project, serving its public
// directory, and returns its address once it answers.
//
// Its edge functions are turned off: they need Deno, which netlify dev
// would download from the network. The site has no functions of any kind.
func startNetlifyCLI(t *testing.T, node, modules, project string) string {
	t.Helper()
	port, static := freePort(t), freePort(t)
	cmd := exec.Command(node, filepath.Join(modules, "netlify-cli", "bin", "run.js"), "dev", "--offline",
		"--dir", "public", "--port", port, "--staticServerPort", static, "--no-open", "--internal-disable-edge-functions")
	addr := "127.0.0.1:" + port
	startTool(t, cmd, project, node, func(log *logBuffer) (string, bool) { return addr, true })
	return addr
}

// startNetlifyDev runs serve.mjs, @netlify/dev's request chain behind a
// Node.js server, on project, and returns its address once it answers.
func startNetlifyDev(t *testing.T, node, modules, project string) string {
	t.Helper()
	cmd := exec.Command(node, filepath.Join(scripts(t, modules), "serve.mjs"), project)
	return startTool(t, cmd, project, node, func(log *logBuffer) (string, bool) {
		for line := range strings.Lines(log.String()) {
			if port, ok := strings.CutPrefix(strings.TrimSpace(line), "listening "); ok {
				return "127.0.0.1:" + port, true
			}
		}
		return "", false
	})
}

// startTool runs cmd in dir, with a home and configuration of its own and
// node's directory first on its PATH, until the test ends, and returns
// the address that addr finds in its output once a request to it is
// answered. Netlify's telemetry is turned off in that configuration.
func startTool(t *testing.T, cmd *exec.Cmd, dir, node string, addr func(*logBuffer) (string, bool)) string {
	t.Helper()
	home := t.TempDir()
	config := filepath.Join(home, ".config")
	if err := os.MkdirAll(filepath.Join(config, "netlify"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(config, "netlify", "config.json"), []byte(`{"telemetryDisabled": true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+config, "BROWSER=none", "NO_COLOR=1",
		"PATH="+filepath.Dir(node)+string(os.PathListSeparator)+os.Getenv("PATH"))
	log := &logBuffer{}
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its children end with it
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
	})
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			t.Fatalf("%s exited: %v\n%s", cmd.Args[1], err, log.String())
		case <-time.After(100 * time.Millisecond):
		}
		if a, ok := addr(log); ok {
			if c, err := net.DialTimeout("tcp", a, time.Second); err == nil {
				c.Close()
				if res, err := request(a, "/"); err == nil && res.StatusCode == 200 {
					return a
				}
			}
		}
	}
	t.Fatalf("%s did not answer within 2 minutes:\n%s", cmd.Args[1], log.String())
	return ""
}

// fetch sends one GET request for target, as written, to addr.
func fetch(t *testing.T, addr, target string) answer {
	t.Helper()
	res, err := request(addr, target)
	if err != nil {
		t.Fatalf("GET %s from %s: %v", target, addr, err)
	}
	a := answer{fields: map[string]string{"Status": fmt.Sprint(res.StatusCode)}, unmatched: res.Header.Get("X-Netlify-Dev") == "unmatched"}
	for _, f := range compared[1:] {
		a.fields[f] = strings.Join(res.Header.Values(f), ", ")
	}
	// A Location is a reference resolved against the request's URL: an
	// absolute one to the server itself means the same as its path.
	if loc := a.fields["Location"]; loc != "" {
		if u, err := url.Parse(loc); err == nil && u.Host == addr {
			a.fields["Location"] = u.RequestURI()
		}
	}
	return a
}

// request sends GET target to addr on a connection of its own, with the
// request line exactly as given, and reads the response.
func request(addr, target string) (*http.Response, error) {
	c, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, addr); err != nil {
		return nil, err
	}
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	_, err = io.Copy(io.Discard, res.Body)
	return res, err
}

// freePort returns a port that was free on loopback a moment ago.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

// copyTree copies the directory src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		copyFile(t, p, filepath.Join(dst, rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
