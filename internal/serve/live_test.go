package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/httpstatus/site/internal/netlify"
	"github.com/httpstatus/site/internal/site"
)

// wait bounds every wait of the live tests; they end as soon as what they
// wait for happens.
const wait = 30 * time.Second

// event is one server-sent event.
type event struct{ name, data string }

// live is a server running on a free loopback port.
type live struct {
	s      *Server
	base   string // http://127.0.0.1:PORT
	addr   string
	log    *logBuffer
	cancel context.CancelFunc
	served chan error
	client *http.Client
}

// start serves s on 127.0.0.1:0 until the test ends.
func start(t testing.TB, s *Server, log *logBuffer) *live {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	l := &live{s: s, base: "http://" + ln.Addr().String(), addr: ln.Addr().String(), log: log,
		cancel: cancel, served: make(chan error, 1),
		client: &http.Client{
			Transport:     &http.Transport{MaxIdleConnsPerHost: 64},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			Timeout:       wait,
		}}
	go func() { l.served <- s.Serve(ctx, ln) }()
	t.Cleanup(func() { l.stop(t) })
	return l
}

// stop shuts the server down and waits for Serve to return.
func (l *live) stop(t testing.TB) {
	t.Helper()
	if l.cancel == nil {
		return
	}
	l.cancel()
	l.cancel = nil
	select {
	case err := <-l.served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(wait):
		t.Errorf("Serve did not return within %v of the shutdown", wait)
	}
	l.client.CloseIdleConnections()
}

// get requests path and returns the status and body.
func (l *live) get(t testing.TB, path string) (int, string) {
	t.Helper()
	res, err := l.client.Get(l.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	return res.StatusCode, body(t, res)
}

// events opens the event stream; the channel closes when the stream ends.
func (l *live) events(t *testing.T) <-chan event {
	t.Helper()
	res, err := (&http.Client{Transport: l.client.Transport}).Get(l.base + devPrefix + "events")
	if err != nil {
		t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); res.StatusCode != 200 || ct != "text/event-stream" {
		t.Fatalf("events: status %d, Content-Type %q", res.StatusCode, ct)
	}
	ch := make(chan event, 64)
	done := make(chan struct{})
	t.Cleanup(func() { close(done); res.Body.Close() })
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(res.Body)
		var ev event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.name != "" {
					select {
					case ch <- ev:
					case <-done:
						return
					}
				}
				ev = event{}
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return ch
}

// next returns the first event on ch that ok accepts, skipping others.
func next(t *testing.T, ch <-chan event, what string, ok func(event) bool) event {
	t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case ev, open := <-ch:
			if !open {
				t.Fatalf("event stream ended while waiting for %s", what)
			}
			if ok(ev) {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %s within %v", what, wait)
		}
	}
}

// reloadOtherThan accepts a reload to a build other than gen.
func reloadOtherThan(gen string) func(event) bool {
	return func(ev event) bool { return ev.name == "reload" && ev.data != gen }
}

// copyProject copies the repository's content, templates, assets and
// netlify.toml into a temporary directory and returns the server config
// that builds from it.
func copyProject(t *testing.T, log *logBuffer) Config {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"content", "templates", "assets"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			t.Fatal(err)
		}
	}
	toml, err := os.ReadFile(filepath.Join("../..", netlify.ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, netlify.ConfigFile), toml, 0o644); err != nil {
		t.Fatal(err)
	}
	return Config{
		Site: site.Config{
			Content:   filepath.Join(dir, "content"),
			Templates: filepath.Join(dir, "templates"),
			Assets:    filepath.Join(dir, "assets"),
			Out:       filepath.Join(dir, "public"),
			BaseURL:   site.DefaultBaseURL,
		},
		Netlify:  filepath.Join(dir, netlify.ConfigFile),
		Log:      log,
		Debounce: 50 * time.Millisecond,
	}
}

// saveByRename replaces a file the way many editors save: write a new
// file beside it, then rename it over the old one.
func saveByRename(t *testing.T, name, data string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".tmp")
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, name); err != nil {
		t.Fatal(err)
	}
}

// TestLiveReload runs the server on a copy of the project and edits it:
// a good edit saved by rename rebuilds the page and reloads open pages; a
// broken article keeps the last good site and reports file and line; the
// fix reloads again; a new asset directory is watched; and nothing
// outside the output is reachable over the wire.
func TestLiveReload(t *testing.T) {
	t.Parallel()
	log := &logBuffer{}
	cfg := copyProject(t, log)
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	l := start(t, s, log)
	events := l.events(t)
	gen := next(t, events, "the first reload event", func(ev event) bool { return ev.name == "reload" }).data
	if status, body := l.get(t, "/codes/404"); status != 200 || !strings.Contains(body, "reload.js?build="+gen) {
		t.Fatalf("/codes/404: status %d, page of build %s expected", status, gen)
	}

	articlePath := filepath.Join(cfg.Site.Content, site.ArticleFile)
	original, err := os.ReadFile(articlePath)
	if err != nil {
		t.Fatal(err)
	}
	const old, edit = "is not willing to disclose", "is not willing to disclose (edited live)"
	edited := strings.Replace(string(original), old, edit, 1)
	if edited == string(original) {
		t.Fatalf("the article lacks %q", old)
	}

	saveByRename(t, articlePath, edited)
	gen = next(t, events, "a reload after the edit", reloadOtherThan(gen)).data
	if status, body := l.get(t, "/codes/404"); status != 200 || !strings.Contains(body, edit) || !strings.Contains(body, "build="+gen) {
		t.Errorf("/codes/404 after the edit: status %d, edit or build %s missing", status, gen)
	}

	broken := strings.Replace(edited, "### 405 Method Not Allowed", "### 404 Not Found", 1)
	if err := os.WriteFile(articlePath, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	failed := next(t, events, "a failed event", func(ev event) bool { return ev.name == "failed" })
	var ps []problem
	if err := json.Unmarshal([]byte(failed.data), &ps); err != nil {
		t.Fatalf("failed event %q: %v", failed.data, err)
	}
	found := false
	for _, p := range ps {
		if p.File == articlePath && p.Line > 0 && strings.Contains(p.Msg, "repeats line") {
			found = true
		}
	}
	if !found {
		t.Errorf("failed event names no line of %s: %s", articlePath, failed.data)
	}
	if status, body := l.get(t, "/codes/404"); status != 200 || !strings.Contains(body, edit) {
		t.Errorf("after the failed build, /codes/404 is not the last good page: status %d", status)
	}
	if !strings.Contains(log.String(), "build failed") || !strings.Contains(log.String(), "repeats line") {
		t.Errorf("the terminal shows no error:\n%s", log)
	}

	saveByRename(t, articlePath, edited)
	gen = next(t, events, "a reload after the fix", reloadOtherThan(gen)).data
	if _, failedNow := s.events.state(); failedNow != nil {
		t.Errorf("still failed after the fix: %s", failedNow)
	}

	// A directory created under assets is watched from then on.
	img := filepath.Join(cfg.Site.Assets, "img")
	if err := os.Mkdir(img, 0o755); err != nil {
		t.Fatal(err)
	}
	next(t, events, "a reload after mkdir", reloadOtherThan(gen))
	if err := os.WriteFile(filepath.Join(img, "dot.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), 0o644); err != nil {
		t.Fatal(err)
	}
	var dot []string
	for len(dot) == 0 {
		gen = next(t, events, "a reload with assets/img/dot.svg", reloadOtherThan(gen)).data
		dot, _ = filepath.Glob(filepath.Join(cfg.Site.Out, "assets", "img", "dot.*.svg"))
	}
	if status, _ := l.get(t, "/assets/img/"+filepath.Base(dot[0])); status != 200 {
		t.Errorf("new asset: status %d", status)
	}

	toml, _ := os.ReadFile(cfg.Netlify)
	for _, target := range []string{"/../netlify.toml", "/%2e%2e/netlify.toml", "/..%2fnetlify.toml", "/assets/..%2f..%2fnetlify.toml"} {
		status, body := rawGet(t, l.addr, target)
		if status != 404 || strings.Contains(body, string(toml[:40])) {
			t.Errorf("GET %s over TCP: status %d", target, status)
		}
	}

	l.stop(t)
	select {
	case _, open := <-events:
		for open {
			_, open = <-events
		}
	case <-time.After(wait):
		t.Error("the event stream did not end at shutdown")
	}
	for _, want := range []string{"serving http://127.0.0.1:", "build failed", "stopped"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q", want)
		}
	}
	for line := range strings.Lines(log.String()) {
		if strings.HasPrefix(line, "built ") {
			t.Log(strings.TrimSpace(line))
		}
	}
}

// rawGet sends a request line as written, without any client's cleaning.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, wait)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(wait))
	if _, err := io.WriteString(c, "GET "+target+" HTTP/1.1\r\nHost: "+addr+"\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	return res.StatusCode, body(t, res)
}
