package render

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// exchangeTimeout bounds one request and its whole response: a snippet
// that announces more than it sends, or leaves the connection open where
// the response should end, fails by it.
const exchangeTimeout = 5 * time.Second

// server is a process that serves the snippets of one language on
// loopback, one code at a time or all at once, and the reason phrase its
// library sends with each code.
type server struct {
	urls    map[int]string // by code
	reasons map[int]string // by code
}

// TestSnippetsServe runs every Go, Python and Node.js snippet on loopback
// and reads what it sends with two strict clients, Go's net/http client
// and curl: the status line, every header field the facts give the code,
// content of exactly the length announced (none for 1xx, 204 and 304)
// and a response that ends, with no connection left waiting.
func TestSnippetsServe(t *testing.T) {
	for _, tool := range []string{"go", "python3", "node", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed to run the snippets: %v", tool, err)
		}
	}
	sends := sendings(t)
	servers := map[string]server{
		"go":         serveGo(t, sends),
		"python":     serveScript(t, sends, "python", "python3", pythonServer),
		"javascript": serveScript(t, sends, "javascript", "node", nodeServer),
	}
	for _, s := range sends {
		for _, lang := range []string{"go", "python", "javascript"} {
			srv := servers[lang]
			t.Run(fmt.Sprintf("%d/%s", s.code, lang), func(t *testing.T) {
				t.Parallel()
				url, ok := srv.urls[s.code]
				if !ok {
					t.Fatalf("the %s server does not serve %d", lang, s.code)
				}
				reason := srv.reasons[s.code]
				if reason == "" {
					t.Fatalf("the %s server has no reason phrase for %d", lang, s.code)
				}
				checkResponse(t, s, "net/http", reason, goClient(t, s, url))
				checkResponse(t, s, "curl", reason, curlClient(t, s, url))
			})
		}
	}
}

// exchange is what a client made of a response: the interim responses,
// the final one, and its content.
type exchange struct {
	interim []*http.Response // headers only
	final   *http.Response
	body    []byte
}

// request returns the headers a request for s's code carries: an upgrade
// for 101, as only a request that asks for one may get it.
func request(s sending) http.Header {
	h := http.Header{}
	if s.code == 101 {
		h.Set("Connection", "Upgrade")
		h.Set("Upgrade", "websocket")
	}
	return h
}

// goClient fetches url with Go's client.
func goClient(t *testing.T, s sending, url string) exchange {
	t.Helper()
	var x exchange
	trace := &httptrace.ClientTrace{Got1xxResponse: func(code int, h textproto.MIMEHeader) error {
		x.interim = append(x.interim, &http.Response{StatusCode: code, Header: http.Header(h)})
		return nil
	}}
	ctx, cancel := context.WithTimeout(httptrace.WithClientTrace(context.Background(), trace), exchangeTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = request(s)
	// Each request on a connection of its own, closed once the response
	// is read, since the Python snippets serve one connection at a time;
	// but not asked to close, which would change what Go's server sends.
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()
	client := &http.Client{
		Transport:     transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("net/http: %v", err)
	}
	defer resp.Body.Close()
	x.final = resp
	if resp.StatusCode == http.StatusSwitchingProtocols {
		return x // what follows is another protocol
	}
	if x.body, err = io.ReadAll(resp.Body); err != nil {
		t.Fatalf("net/http: reading the content: %v", err)
	}
	return x
}

// curlClient fetches url with curl, which fails on content shorter than
// announced and, by --max-time, on a response that does not end. After a
// 101 the connection speaks a protocol curl does not: curl then ends by
// the server closing the connection or by the time limit, and only the
// response it received before is checked.
func curlClient(t *testing.T, s sending, url string) exchange {
	t.Helper()
	dir := t.TempDir()
	headers, body := filepath.Join(dir, "headers"), filepath.Join(dir, "body")
	limit := exchangeTimeout
	if s.code == http.StatusSwitchingProtocols {
		limit = time.Second
	}
	args := []string{"--silent", "--show-error", "--http1.1", "--max-time", strconv.FormatFloat(limit.Seconds(), 'f', -1, 64),
		"--dump-header", headers, "--output", body}
	for name, values := range request(s) {
		args = append(args, "--header", name+": "+values[0])
	}
	if out, err := exec.Command("curl", append(args, url)...).CombinedOutput(); err != nil && s.code != http.StatusSwitchingProtocols {
		t.Fatalf("curl: %v\n%s", err, out)
	}
	dump, err := os.ReadFile(headers)
	if err != nil {
		t.Fatal(err)
	}
	var x exchange
	r := bufio.NewReader(bytes.NewReader(dump))
	for {
		resp, err := http.ReadResponse(r, nil)
		if err != nil {
			t.Fatalf("curl: the headers it received do not parse: %v\n%s", err, dump)
		}
		if resp.StatusCode >= 200 || resp.StatusCode == http.StatusSwitchingProtocols {
			x.final = resp
			break
		}
		x.interim = append(x.interim, resp)
	}
	if x.body, err = os.ReadFile(body); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return x
}

// checkResponse checks what client made of the response to s: an
// informational code comes as an interim response before a final 200;
// any other is the final response, with the library's reason phrase.
func checkResponse(t *testing.T, s sending, client, reason string, x exchange) {
	t.Helper()
	got := x.final
	if s.informational() {
		if len(x.interim) != 1 || x.interim[0].StatusCode != s.code {
			t.Errorf("%s: interim responses %v, want one %d", client, codes(x.interim), s.code)
		} else {
			checkHeaders(t, client, s, x.interim[0])
		}
		if got.StatusCode != http.StatusOK {
			t.Errorf("%s: final status %q after %d, want 200", client, got.Status, s.code)
		}
	} else {
		if want := strconv.Itoa(s.code) + " " + reason; got.Status != want {
			t.Errorf("%s: status %q, want %q", client, got.Status, want)
		}
		if len(x.interim) > 0 {
			t.Errorf("%s: interim responses %v before %d", client, codes(x.interim), s.code)
		}
		checkHeaders(t, client, s, got)
	}
	if string(x.body) != s.body {
		t.Errorf("%s: content %q, want %q", client, x.body, s.body)
	}
	if cl := got.Header.Get("Content-Length"); cl != "" && cl != strconv.Itoa(len(x.body)) {
		t.Errorf("%s: Content-Length %s for %d bytes of content", client, cl, len(x.body))
	}
}

// checkHeaders checks that resp has each header field of s, once, with
// its value. Go's parser takes "Connection: close" out of the header and
// sets Close instead.
func checkHeaders(t *testing.T, client string, s sending, resp *http.Response) {
	t.Helper()
	for _, f := range s.headers {
		if f.Name == "Connection" && f.Value == "close" {
			if !resp.Close {
				t.Errorf("%s: the connection is not to be closed, want Connection: close", client)
			}
			continue
		}
		if got := resp.Header.Values(f.Name); len(got) != 1 || got[0] != f.Value {
			t.Errorf("%s: %s = %q, want %q", client, f.Name, got, f.Value)
		}
	}
}

func codes(rs []*http.Response) []int {
	var cs []int
	for _, r := range rs {
		cs = append(cs, r.StatusCode)
	}
	return cs
}

// serveGo builds one program of every Go snippet, each handler at /NNN,
// and starts it.
func serveGo(t *testing.T, sends []sending) server {
	t.Helper()
	dir := t.TempDir()
	var src, mux strings.Builder
	src.WriteString("package main\n\nimport (\n\t\"fmt\"\n\t\"net\"\n\t\"net/http\"\n)\n\n")
	for _, s := range sends {
		name := fmt.Sprintf("handler%d", s.code)
		src.WriteString(strings.Replace(s.Snippets()[0].Source, "func handler(", "func "+name+"(", 1) + "\n")
		fmt.Fprintf(&mux, "\tmux.HandleFunc(\"/%d\", %s)\n", s.code, name)
	}
	src.WriteString("func main() {\n\tmux := http.NewServeMux()\n" + mux.String() +
		"\tln, err := net.Listen(\"tcp\", \"127.0.0.1:0\")\n\tif err != nil {\n\t\tpanic(err)\n\t}\n" +
		"\tfmt.Println(ln.Addr())\n\tpanic(http.Serve(ln, mux))\n}\n")
	for name, content := range map[string]string{"go.mod": "module snippets\n\ngo 1.26\n", "main.go": src.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := exec.Command("go", "build", "-o", "snippets", ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	lines := start(t, exec.Command(filepath.Join(dir, "snippets")))
	addr, err := lines.ReadString('\n')
	if err != nil {
		t.Fatalf("the Go snippets did not start: %v", err)
	}
	srv := server{urls: map[int]string{}, reasons: map[int]string{}}
	for _, s := range sends {
		srv.urls[s.code] = fmt.Sprintf("http://%s/%d", strings.TrimSpace(addr), s.code)
		srv.reasons[s.code] = http.StatusText(s.code)
	}
	return srv
}

// serveScript starts a harness of the interpreter that serves each of
// the language's snippets on a port of its own. The harness reads the
// snippets as a JSON object from code to source, and prints a line
// "code port reason" for each, then "ready".
func serveScript(t *testing.T, sends []sending, lang, interpreter, harness string) server {
	t.Helper()
	sources := map[int]string{}
	for _, s := range sends {
		for _, sn := range s.Snippets() {
			if sn.Lang == lang {
				sources[s.code] = sn.Source
			}
		}
	}
	dir := t.TempDir()
	js, err := json.Marshal(sources)
	if err != nil {
		t.Fatal(err)
	}
	script, snippets := filepath.Join(dir, "harness"), filepath.Join(dir, "snippets.json")
	if err := os.WriteFile(script, []byte(harness), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(snippets, js, 0o644); err != nil {
		t.Fatal(err)
	}
	lines := start(t, exec.Command(interpreter, script, snippets))
	srv := server{urls: map[int]string{}, reasons: map[int]string{}}
	for {
		line, err := lines.ReadString('\n')
		if err != nil {
			t.Fatalf("the %s snippets did not start: %v", lang, err)
		}
		if line == "ready\n" {
			return srv
		}
		fields := strings.SplitN(strings.TrimSpace(line), " ", 3)
		code, _ := strconv.Atoi(fields[0])
		if len(fields) < 2 || code == 0 {
			t.Fatalf("%s harness: %q", lang, line)
		}
		srv.urls[code] = "http://127.0.0.1:" + fields[1] + "/"
		if len(fields) == 3 {
			srv.reasons[code] = fields[2]
		}
	}
}

// start starts cmd, stopped when the test ends, and returns its output.
func start(t *testing.T, cmd *exec.Cmd) *bufio.Reader {
	t.Helper()
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return bufio.NewReader(out)
}

// pythonServer runs each Python snippet's Handler class in an HTTPServer
// of its own, in a thread; the reason phrase is the one
// BaseHTTPRequestHandler sends.
const pythonServer = `import http.server, json, sys, threading

http.server.BaseHTTPRequestHandler.log_message = lambda *args: None  # no request log
for code, source in json.load(open(sys.argv[1])).items():
    scope = {}
    exec(source, scope)
    server = http.server.HTTPServer(("127.0.0.1", 0), scope["Handler"])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    reason = http.server.BaseHTTPRequestHandler.responses.get(int(code), ("",))[0]
    print(code, server.server_address[1], reason, flush=True)
print("ready", flush=True)
threading.Event().wait()
`

// nodeServer runs each Node.js snippet with its listen(8080) turned into
// a listen on a free loopback port; the reason phrase is the one
// node:http sends.
const nodeServer = `const fs = require("node:fs");
const http = require("node:http");
const sources = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
let waiting = Object.keys(sources).length;
for (const [code, source] of Object.entries(sources)) {
  const parts = source.split(".listen(8080)");
  if (parts.length !== 2) throw new Error(code + ": no single listen(8080)");
  const listen = '.listen(0, "127.0.0.1", function () { started(' + code + ', this.address().port); })';
  new Function("require", "started", parts.join(listen))(require, started);
}
function started(code, port) {
  console.log(code + " " + port + " " + (http.STATUS_CODES[code] || ""));
  if (--waiting === 0) console.log("ready");
}
`

// TestExamplesParse reads every example response and request a page
// shows with Go's own parsers, and checks that each agrees with the
// facts: the code and reason phrase, the Date an origin server sends, the
// code's header fields and content framed by its Content-Length.
func TestExamplesParse(t *testing.T) {
	_, a, site := setup(t, "../../content/http-status-codes.md")
	requests := 0
	for _, e := range a.Entries {
		c := site.Facts.Code(e.Code)
		s := sendingOf(e, c)
		resp, err := http.ReadResponse(bufio.NewReader(strings.NewReader(s.Response())), nil)
		if err != nil {
			t.Errorf("%d: the example response does not parse: %v\n%s", e.Code, err, s.Response())
			continue
		}
		if want := fmt.Sprintf("%d %s", e.Code, c.Reason(e.Name)); resp.Status != want || resp.Proto != "HTTP/1.1" {
			t.Errorf("%d: status line %s %q, want HTTP/1.1 %q", e.Code, resp.Proto, resp.Status, want)
		}
		if _, err := http.ParseTime(resp.Header.Get("Date")); (err == nil) != (e.Code >= 200) {
			t.Errorf("%d: Date %q", e.Code, resp.Header.Get("Date"))
		}
		checkHeaders(t, "the example", s, resp)
		body, err := io.ReadAll(resp.Body)
		if err != nil || string(body) != c.Body {
			t.Errorf("%d: content %q (%v), want %q", e.Code, body, err, c.Body)
		}
		if c.Body != "" && resp.ContentLength != int64(len(c.Body)) {
			t.Errorf("%d: Content-Length %d for %d bytes", e.Code, resp.ContentLength, len(c.Body))
		}
		if e.Example == nil || e.Example.Code == "" {
			continue
		}
		src, lang := exampleSource(e.Example.Code)
		if lang != "http" {
			continue // not a request, such as a command line
		}
		requests++
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(src)))
		if err != nil {
			t.Errorf("%d: the example request does not parse: %v\n%s", e.Code, err, src)
			continue
		}
		if got := req.Method + " " + req.RequestURI; got != e.Example.Code || req.Host != exampleHost || req.Proto != "HTTP/1.1" {
			t.Errorf("%d: example request %q %s to host %q, want %q", e.Code, got, req.Proto, req.Host, e.Example.Code)
		}
	}
	if requests == 0 {
		t.Error("no page shows an example request")
	}
}
