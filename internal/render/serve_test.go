package render

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/httpstatus/site/internal/facts"
)

// exchangeTimeout bounds one request and its whole response: a snippet
// that announces more than it sends, or leaves the connection open where
// the response should end, fails by it.
const exchangeTimeout = 5 * time.Second

// server is a process that serves the snippets of one language on
// loopback, each on a port of its own, and the reason phrase its library
// sends with each code.
type server struct {
	addrs   map[int]string // host:port, by code
	reasons map[int]string // by code
}

// TestSnippetsServe runs every Go, Python and Node.js snippet on loopback,
// sends each the example request of its page, and reads what it answers
// with two strict clients: Go's own parsers, reading the response from a
// connection that carries the request exactly as the page shows it, and
// curl. Both must find the status line, every header field of the
// example response, content of exactly the length announced (none for
// 1xx, 204 and 304) and a response that ends, with no connection left
// waiting. A request that waits for 100 (Continue) sends its content
// only once that comes.
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
				addr, ok := srv.addrs[s.code]
				if !ok {
					t.Fatalf("the %s server does not serve %d", lang, s.code)
				}
				reason := srv.reasons[s.code]
				if reason == "" {
					t.Fatalf("the %s server has no reason phrase for %d", lang, s.code)
				}
				checkResponse(t, s, "Go's parsers", reason, rawClient(t, s, addr))
				checkResponse(t, s, "curl", reason, curlClient(t, s, addr))
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

// requestOf returns the example request of s, or, for a code whose page
// shows none, a plain GET.
// A request in another major version of HTTP is sent as HTTP/1.1: the
// libraries answer it themselves, before a handler can, each its own way.
func requestOf(s sending) *facts.Request {
	if s.request == nil {
		return &facts.Request{Method: "GET", Target: "/", Version: "HTTP/1.1", Host: facts.DefaultHost}
	}
	r := *s.request
	r.Version = "HTTP/1.1"
	return &r
}

// rawClient sends the example request of s to addr as the page shows it,
// its line ends made CRLF, and reads the responses with http.ReadResponse.
// A request that expects 100 (Continue) sends its content after a 100,
// and never after a final response.
func rawClient(t *testing.T, s sending, addr string) exchange {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(exchangeTimeout))
	req := requestOf(s)
	text := sending{request: req}.Request()
	head := strings.ReplaceAll(strings.TrimSuffix(text, req.Body), "\n", "\r\n")
	waits := req.Expects()
	if !waits {
		head += req.Body
	}
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatalf("writing the request: %v", err)
	}
	r := bufio.NewReader(conn)
	var x exchange
	for {
		resp, err := http.ReadResponse(r, &http.Request{Method: req.Method})
		if err != nil {
			t.Fatalf("Go's parsers: the response does not parse: %v", err)
		}
		if resp.StatusCode >= 200 || resp.StatusCode == http.StatusSwitchingProtocols {
			x.final = resp
			break
		}
		x.interim = append(x.interim, resp)
		if resp.StatusCode == http.StatusContinue && waits {
			if _, err := io.WriteString(conn, req.Body); err != nil {
				t.Fatalf("writing the content after 100: %v", err)
			}
			waits = false
		}
	}
	if x.final.StatusCode == http.StatusSwitchingProtocols {
		return x // what follows is another protocol
	}
	if x.body, err = io.ReadAll(x.final.Body); err != nil {
		t.Fatalf("Go's parsers: reading the content: %v", err)
	}
	return x
}

// curlClient sends the example request of s to addr with curl, which
// fails on content shorter than announced and, by --max-time, on a
// response that does not end. After a 101 the connection speaks a
// protocol curl does not: curl then ends by the server closing the
// connection or by the time limit, and only the response it received
// before is checked.
func curlClient(t *testing.T, s sending, addr string) exchange {
	t.Helper()
	dir := t.TempDir()
	headers, body, content := filepath.Join(dir, "headers"), filepath.Join(dir, "body"), filepath.Join(dir, "content")
	limit := exchangeTimeout
	if s.code == http.StatusSwitchingProtocols {
		limit = time.Second
	}
	req := requestOf(s)
	args := []string{"--silent", "--show-error", "--http1.1", "--max-time", strconv.FormatFloat(limit.Seconds(), 'f', -1, 64),
		"--dump-header", headers, "--output", body, "--request", req.Method, "--header", "Host: " + req.Host}
	if strings.HasPrefix(req.Target, "http") {
		args = append(args, "--request-target", req.Target)
	}
	for _, h := range req.Headers {
		args = append(args, "--header", h.String())
	}
	if req.Body != "" {
		if err := os.WriteFile(content, []byte(req.Body), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--data-binary", "@"+content)
	}
	url := "http://" + addr + req.Target
	if strings.HasPrefix(req.Target, "http") {
		url = "http://" + addr + "/"
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
// informational code comes as an interim response before the final code
// of the example (100 after the request's own); any other is the final
// response, with the library's reason phrase.
func checkResponse(t *testing.T, s sending, client, reason string, x exchange) {
	t.Helper()
	got := x.final
	if s.informational() {
		if len(x.interim) != 1 || x.interim[0].StatusCode != s.code {
			t.Errorf("%s: interim responses %v, want one %d", client, codes(x.interim), s.code)
		} else {
			checkHeaders(t, client, s, x.interim[0])
		}
		if got.StatusCode != s.then.code {
			t.Errorf("%s: final status %q after %d, want %d", client, got.Status, s.code, s.then.code)
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
// its value, and the media type of its content. Go's parser takes
// "Connection: close" out of the header and sets Close instead.
func checkHeaders(t *testing.T, client string, s sending, resp *http.Response) {
	t.Helper()
	fields := s.headers
	if s.ctype != "" && resp.StatusCode == s.code {
		fields = append(slices.Clip(fields), facts.Header{Name: "Content-Type", Value: s.ctype})
	}
	for _, f := range fields {
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

// serveGo builds one program of every Go snippet, each handler in a file
// of its own and served on a port of its own, and starts it. It prints a
// line "code address" for each, then "ready".
func serveGo(t *testing.T, sends []sending) server {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"go.mod": "module snippets\n\ngo 1.26\n"}
	var serve strings.Builder
	for _, s := range sends {
		sn := s.Snippets()
		name := fmt.Sprintf("handler%d", s.code)
		files[name+".go"] = "package main\n\n" + strings.Replace(sn[0].Source, "func handler(", "func "+name+"(", 1)
		fmt.Fprintf(&serve, "\tlisten(%d, %s)\n", s.code, name)
	}
	files["main.go"] = "package main\n\nimport (\n\t\"fmt\"\n\t\"net\"\n\t\"net/http\"\n)\n\n" +
		"func listen(code int, h http.HandlerFunc) {\n" +
		"\tln, err := net.Listen(\"tcp\", \"127.0.0.1:0\")\n\tif err != nil {\n\t\tpanic(err)\n\t}\n" +
		"\tfmt.Println(code, ln.Addr())\n\tgo http.Serve(ln, h)\n}\n\n" +
		"func main() {\n" + serve.String() + "\tfmt.Println(\"ready\")\n\tselect {}\n}\n"
	for name, content := range files {
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
	srv := readServer(t, "go", start(t, exec.Command(filepath.Join(dir, "snippets"))))
	for _, s := range sends {
		srv.reasons[s.code] = http.StatusText(s.code)
	}
	return srv
}

// readServer reads the lines "code address [reason]" a server prints as
// it starts, until "ready".
func readServer(t *testing.T, lang string, lines *bufio.Reader) server {
	t.Helper()
	srv := server{addrs: map[int]string{}, reasons: map[int]string{}}
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
			t.Fatalf("%s server: %q", lang, line)
		}
		srv.addrs[code] = fields[1]
		if len(fields) == 3 {
			srv.reasons[code] = fields[2]
		}
	}
}

// serveScript starts a harness of the interpreter that serves each of
// the language's snippets on a port of its own. The harness reads the
// snippets as a JSON object from code to source, and prints a line
// "code address reason" for each, then "ready".
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
	return readServer(t, lang, start(t, exec.Command(interpreter, script, snippets)))
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
    print(code, "127.0.0.1:%d" % server.server_address[1], reason, flush=True)
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
  console.log(code + " 127.0.0.1:" + port + " " + (http.STATUS_CODES[code] || ""));
  if (--waiting === 0) console.log("ready");
}
`

// TestExamplesParse reads every example exchange a page shows with Go's
// own parsers, and checks that each agrees with the facts: the request
// with its Host and content framed by its Content-Length, the response
// with its code and reason phrase, the Date an origin server sends, the
// code's header fields, its media type and content framed by its
// Content-Length, and the final response after an informational one.
// The request must be the article's own example where it gives one.
func TestExamplesParse(t *testing.T) {
	_, a, site := setup(t, "../../content/http-status-codes.md")
	for _, e := range a.Entries {
		c := site.Facts.Code(e.Code)
		s := sendingOf(e, site.Facts, site.Constants)
		r := bufio.NewReader(strings.NewReader(s.Response() + s.Final()))
		resp, err := http.ReadResponse(r, nil)
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
		if err != nil || string(body) != s.body {
			t.Errorf("%d: content %q (%v), want %q", e.Code, body, err, s.body)
		}
		if s.body != "" && (resp.ContentLength != int64(len(s.body)) || resp.Header.Get("Content-Type") == "") {
			t.Errorf("%d: Content-Length %d and Content-Type %q for %d bytes", e.Code, resp.ContentLength, resp.Header.Get("Content-Type"), len(s.body))
		}
		if s.ctype == facts.ProblemType {
			checkProblem(t, e.Code, resp.Status, body)
		}
		if s.informational() {
			final, err := http.ReadResponse(r, nil)
			if err != nil || final.StatusCode != c.Then || final.Header.Get("Date") == "" {
				t.Errorf("%d: the final response does not parse as a %d with its Date: %v\n%s", e.Code, c.Then, err, s.Final())
			}
		}
		if c.Request == nil {
			if !e.Absent && e.Code != http.StatusAlreadyReported {
				t.Errorf("%d: no example request", e.Code)
			}
			continue
		}
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(s.Request())))
		if err != nil {
			t.Errorf("%d: the example request does not parse: %v\n%s", e.Code, err, s.Request())
			continue
		}
		if req.Host != c.Request.Host || req.Method != c.Request.Method || req.RequestURI != c.Request.Target {
			t.Errorf("%d: example request %s %s to host %q", e.Code, req.Method, req.RequestURI, req.Host)
		}
		var content []byte
		if !c.Request.Expects() || c.Request.Body != "" {
			content, err = io.ReadAll(req.Body)
		}
		if err != nil || string(content) != c.Request.Body || (c.Request.Body != "" && req.ContentLength != int64(len(content))) {
			t.Errorf("%d: request content %q (%v), Content-Length %d, want %q", e.Code, content, err, req.ContentLength, c.Request.Body)
		}
		if x := e.Example; x != nil && isRequestLine(x.Code) && x.Code != req.Method+" "+req.RequestURI {
			t.Errorf("%d: the article's example is %q, the page's request %s %s", e.Code, x.Code, req.Method, req.RequestURI)
		}
		if lead := leadsTo[e.Code]; lead != nil {
			if err := lead(req, resp, body); err != nil {
				t.Errorf("%d: the example request does not lead to the response: %v\n%s\n%s", e.Code, err, s.Request(), s.Response())
			}
		}
	}
}

// isRequestLine reports whether the article's example is a request line
// without its version: "GET /api/v1/users/123".
func isRequestLine(s string) bool {
	method, target, ok := strings.Cut(s, " ")
	return ok && method == strings.ToUpper(method) && strings.HasPrefix(target, "/") && !strings.Contains(target, " ")
}

// checkProblem checks problem details by RFC 9457: a JSON object whose
// status is the response's code (§3.1.2) and whose type is about:blank,
// whose title is then the status line's reason phrase (§4.2.1).
func checkProblem(t *testing.T, code int, status string, body []byte) {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(body))
	d.DisallowUnknownFields()
	var p struct {
		Type, Title, Detail string
		Status              int
	}
	if err := d.Decode(&p); err != nil {
		t.Errorf("%d: problem details %s: %v", code, body, err)
		return
	}
	_, reason, _ := strings.Cut(status, " ")
	if p.Type != "about:blank" || p.Title != reason || p.Status != code || p.Detail == "" {
		t.Errorf("%d: problem details %+v, want type about:blank, title %q, status %d and a detail", code, p, reason, code)
	}
}

// leadsTo checks, for the codes that only some requests can lead to,
// that the example request is one (RFC 9110 unless noted).
var leadsTo = map[int]func(req *http.Request, resp *http.Response, body []byte) error{
	100: expects,
	417: expects,
	101: func(req *http.Request, resp *http.Response, _ []byte) error {
		// The upgrade the client asks for (§7.8), and the WebSocket
		// handshake's key, hashed with its GUID (RFC 6455 §4.2.2).
		key := req.Header.Get("Sec-WebSocket-Key")
		sum := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
		switch {
		case req.Header.Get("Upgrade") != resp.Header.Get("Upgrade") || !strings.EqualFold(req.Header.Get("Connection"), "upgrade"):
			return fmt.Errorf("upgrade %q answered with %q", req.Header.Get("Upgrade"), resp.Header.Get("Upgrade"))
		case key == "" || resp.Header.Get("Sec-WebSocket-Accept") != base64.StdEncoding.EncodeToString(sum[:]):
			return fmt.Errorf("Sec-WebSocket-Accept %q for the key %q", resp.Header.Get("Sec-WebSocket-Accept"), key)
		}
		return nil
	},
	206: func(req *http.Request, resp *http.Response, body []byte) error {
		var first, last, size int
		var rfirst, rlast int
		_, err1 := fmt.Sscanf(req.Header.Get("Range"), "bytes=%d-%d", &first, &last)
		_, err2 := fmt.Sscanf(resp.Header.Get("Content-Range"), "bytes %d-%d/%d", &rfirst, &rlast, &size)
		if err1 != nil || err2 != nil || first != rfirst || last != rlast || last >= size || len(body) != last-first+1 {
			return fmt.Errorf("Range %q answered with Content-Range %q and %d bytes", req.Header.Get("Range"), resp.Header.Get("Content-Range"), len(body))
		}
		return nil
	},
	416: func(req *http.Request, resp *http.Response, _ []byte) error {
		var first, last, size int
		_, err1 := fmt.Sscanf(req.Header.Get("Range"), "bytes=%d-%d", &first, &last)
		_, err2 := fmt.Sscanf(resp.Header.Get("Content-Range"), "bytes */%d", &size)
		if err1 != nil || err2 != nil || first < size {
			return fmt.Errorf("Range %q is satisfiable by Content-Range %q", req.Header.Get("Range"), resp.Header.Get("Content-Range"))
		}
		return nil
	},
	304: func(req *http.Request, resp *http.Response, _ []byte) error {
		if inm := req.Header.Get("If-None-Match"); inm == "" || inm != resp.Header.Get("ETag") {
			return fmt.Errorf("If-None-Match %q for the ETag %q", inm, resp.Header.Get("ETag"))
		}
		return nil
	},
	401: func(req *http.Request, resp *http.Response, _ []byte) error {
		if req.Header.Get("Authorization") != "" || resp.Header.Get("WWW-Authenticate") == "" {
			return errors.New("want a request without credentials and a challenge in WWW-Authenticate")
		}
		return nil
	},
	407: func(req *http.Request, resp *http.Response, _ []byte) error {
		if req.Header.Get("Proxy-Authorization") != "" || resp.Header.Get("Proxy-Authenticate") == "" || !req.URL.IsAbs() {
			return errors.New("want a request to a proxy without credentials and a challenge in Proxy-Authenticate")
		}
		return nil
	},
	405: func(req *http.Request, resp *http.Response, _ []byte) error {
		if slices.Contains(strings.Split(resp.Header.Get("Allow"), ", "), req.Method) {
			return fmt.Errorf("Allow %q has the method %s", resp.Header.Get("Allow"), req.Method)
		}
		return nil
	},
	411: func(req *http.Request, _ *http.Response, _ []byte) error {
		if req.Header.Get("Content-Length") != "" || req.ContentLength != 0 || len(req.TransferEncoding) > 0 {
			return errors.New("want a request without Content-Length")
		}
		return nil
	},
	412: func(req *http.Request, _ *http.Response, _ []byte) error {
		if req.Header.Get("If-Match") == "" {
			return errors.New("want a precondition in If-Match")
		}
		return nil
	},
	428: func(req *http.Request, _ *http.Response, _ []byte) error {
		if req.Header.Get("If-Match") != "" || req.Header.Get("If-Unmodified-Since") != "" {
			return errors.New("want a request without a precondition")
		}
		return nil
	},
	413: announces,
	507: announces,
	415: func(req *http.Request, _ *http.Response, _ []byte) error {
		if req.ContentLength <= 0 || req.Header.Get("Content-Type") == "" {
			return errors.New("want content with its Content-Type")
		}
		return nil
	},
	505: func(req *http.Request, _ *http.Response, _ []byte) error {
		if req.ProtoMajor == 1 {
			return fmt.Errorf("the request speaks %s", req.Proto)
		}
		return nil
	},
}

// expects checks that the request waits for 100 (Continue) (§10.1.1).
func expects(req *http.Request, _ *http.Response, _ []byte) error {
	if req.Header.Get("Expect") != "100-continue" {
		return errors.New("want Expect: 100-continue")
	}
	return nil
}

// announces checks that the request announces content it has not sent,
// waiting for 100 (Continue): the server refuses it before it comes.
func announces(req *http.Request, _ *http.Response, _ []byte) error {
	if req.ContentLength <= 0 || req.Header.Get("Expect") != "100-continue" {
		return errors.New("want Content-Length and Expect: 100-continue")
	}
	return nil
}
