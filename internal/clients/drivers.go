package clients

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// call is what a driver asks its client to do: one request, made Times
// times in one session (one Go Client, one requests.Session, one curl
// command, one tab).
type call struct {
	Method   string            `json:"method"`
	URL      string            `json:"url"`
	Body     string            `json:"body,omitempty"`
	BodySize int               `json:"bodySize,omitempty"` // content of that many bytes of "x", in place of Body
	Headers  map[string]string `json:"headers,omitempty"`  // the Content-Type of a body among them
	Times    int               `json:"times"`
	// User and Password are credentials for the origin, given the
	// client's own way; ProxyUser and ProxyPassword for the proxy.
	User          string `json:"user,omitempty"`
	Password      string `json:"password,omitempty"`
	Proxy         string `json:"proxy,omitempty"` // URL of the proxy to send the request through
	ProxyUser     string `json:"proxyUser,omitempty"`
	ProxyPassword string `json:"proxyPassword,omitempty"`
}

// hasBody reports whether the call sends content.
func (c call) hasBody() bool { return c.Body != "" || c.BodySize > 0 }

// content returns the call's content.
func (c call) content() string {
	if c.BodySize > 0 {
		return strings.Repeat("x", c.BodySize)
	}
	return c.Body
}

// answer is what a client handed its caller for the last request of a
// call.
type answer struct {
	Status     int               `json:"status"`
	BodyLength int               `json:"bodyLength"`
	Headers    map[string]string `json:"headers"` // by lower-case name
	Interim    []int             `json:"interim"` // the informational codes the caller was shown
	Stayed     bool              `json:"stayed"`  // a navigation kept the page it had
	Error      string            `json:"error"`   // the client's error, when the call failed
}

// driver drives one client.
type driver struct {
	id, name, version string
	// cannot returns why the client has no way to make c, or "".
	cannot func(c call) string
	do     func(ctx context.Context, c call) (answer, error)
	// given says how the driver gives the client the credentials a
	// challenge asks for, by the challenge's code.
	given map[int]string
}

// Reasons a client cannot make a call, as the file says them.
const (
	noAuthGo      = "net/http answers no challenge: SetBasicAuth and URL credentials are sent on every request"
	noAuthFetch   = "fetch() takes no credentials of its own and refuses URLs that carry them"
	noProxyNode   = "Node's fetch has no proxy setting"
	noProxyChrome = "the probe does not start Chromium with a proxy"
	noHeaders     = "a navigation sends no header fields of the caller's"
)

// goDriver drives the toolchain's net/http Client in this process.
func goDriver() *driver {
	return &driver{id: "go", name: "Go net/http", version: runtime.Version(),
		cannot: func(c call) string {
			if c.User != "" {
				return noAuthGo
			}
			return ""
		},
		do: doGo, given: map[int]string{407: "Transport.Proxy, the credentials in the proxy's URL"}}
}

func doGo(ctx context.Context, c call) (answer, error) {
	tr := &http.Transport{Proxy: nil, DisableCompression: true}
	if c.Proxy != "" {
		u, err := url.Parse(c.Proxy)
		if err != nil {
			return answer{}, err
		}
		if c.ProxyUser != "" {
			u.User = url.UserPassword(c.ProxyUser, c.ProxyPassword)
		}
		tr.Proxy = http.ProxyURL(u)
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	var a answer
	for range c.Times {
		a = answer{Headers: map[string]string{}}
		var body io.Reader
		if c.hasBody() {
			body = strings.NewReader(c.content())
		}
		trace := &httptrace.ClientTrace{Got1xxResponse: func(code int, _ textproto.MIMEHeader) error {
			a.Interim = append(a.Interim, code)
			return nil
		}}
		req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), c.Method, c.URL, body)
		if err != nil {
			return answer{}, err
		}
		for k, v := range c.Headers {
			req.Header.Set(k, v)
		}
		resp, err := client.Do(req)
		if err != nil {
			a.Error = err.Error()
			continue
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		a.Status, a.BodyLength = resp.StatusCode, int(n)
		for k := range resp.Header {
			a.Headers[strings.ToLower(k)] = resp.Header.Get(k)
		}
	}
	return a, nil
}

//go:embed drivers/client.py
var pythonScript string

//go:embed drivers/client.mjs
var nodeScript string

// pythonDriver drives urllib.request or requests ("urllib",
// "requests") with the Python at path.
func pythonDriver(ctx context.Context, path, lib string) (*driver, error) {
	out, err := exec.CommandContext(ctx, path, "-c", `import sys; print(sys.version.split()[0])`).Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %w: install Python (apt-get install python3)", path, exitError(err))
	}
	py := strings.TrimSpace(string(out))
	d := &driver{id: "python-" + lib, cannot: func(call) string { return "" }}
	switch lib {
	case "urllib":
		d.name, d.version = "Python urllib.request", fmt.Sprintf("%s (%s)", py, path)
		d.given = map[int]string{401: "HTTPBasicAuthHandler with a password manager", 407: "ProxyHandler with ProxyBasicAuthHandler"}
	case "requests":
		out, err := exec.CommandContext(ctx, path, "-c", `import requests; print(requests.__version__)`).Output()
		if err != nil {
			return nil, fmt.Errorf("%s cannot import requests: %w: install it with apt-get install python3-requests", path, exitError(err))
		}
		d.name, d.version = "Python requests", fmt.Sprintf("%s (Python %s, %s)", strings.TrimSpace(string(out)), py, path)
		d.given = map[int]string{401: "auth=HTTPBasicAuth", 407: "proxies= with auth=HTTPProxyAuth"}
	}
	d.do = func(ctx context.Context, c call) (answer, error) {
		return script(ctx, c, path, "-c", pythonScript, lib)
	}
	return d, nil
}

// nodeDriver drives the fetch of the Node.js at path.
func nodeDriver(ctx context.Context, path string) (*driver, error) {
	out, err := exec.CommandContext(ctx, path, "-p", `process.version + " (undici " + process.versions.undici + ")"`).Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %w: install Node.js (apt-get install nodejs)", path, exitError(err))
	}
	return &driver{id: "node-fetch", name: "Node.js fetch", version: strings.TrimSpace(string(out)),
		cannot: func(c call) string {
			switch {
			case c.User != "":
				return noAuthFetch
			case c.Proxy != "":
				return noProxyNode
			}
			return ""
		},
		do: func(ctx context.Context, c call) (answer, error) {
			return script(ctx, c, path, "--input-type=module", "-e", nodeScript)
		}}, nil
}

// script runs a driver script with the call as its last argument, in
// JSON, and returns the answer it prints.
func script(ctx context.Context, c call, name string, args ...string) (answer, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return answer{}, err
	}
	cmd := exec.CommandContext(ctx, name, append(args, string(b))...)
	cmd.Env = cleanEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return answer{}, fmt.Errorf("%s: %w: %s", name, exitError(err), strings.TrimSpace(stderr.String()))
	}
	var a answer
	if err := json.Unmarshal(out, &a); err != nil {
		return answer{}, fmt.Errorf("%s printed %q: %w", name, out, err)
	}
	return a, nil
}

// cleanEnv returns the environment of a client's process, without the
// variables that would send its requests through a proxy.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch strings.ToLower(k) {
		case "http_proxy", "https_proxy", "all_proxy", "no_proxy", "curl_home":
			continue
		}
		env = append(env, kv)
	}
	return env
}

// exitError returns err with the stderr of an exec.ExitError.
func exitError(err error) error {
	var ee *exec.ExitError
	if errors.As(err, &ee) && len(ee.Stderr) > 0 {
		return fmt.Errorf("%w: %s", err, strings.TrimSpace(string(ee.Stderr)))
	}
	return err
}

// curlDriver drives the curl at path, following redirects with -L when
// follow is set.
func curlDriver(ctx context.Context, path string, follow bool) (*driver, error) {
	out, err := exec.CommandContext(ctx, path, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %w: install curl (apt-get install curl)", path, exitError(err))
	}
	f := strings.Fields(string(out))
	if len(f) < 2 {
		return nil, fmt.Errorf("%s --version printed %q", path, out)
	}
	d := &driver{id: "curl", name: "curl", version: f[1], cannot: func(call) string { return "" },
		given: map[int]string{401: "-u", 407: "-x with --proxy-user"}}
	if follow {
		d.id, d.name = "curl-follow", "curl -L"
	}
	d.do = func(ctx context.Context, c call) (answer, error) { return doCurl(ctx, path, follow, c) }
	return d, nil
}

func doCurl(ctx context.Context, path string, follow bool, c call) (answer, error) {
	dir, err := os.MkdirTemp("", "probe-curl-")
	if err != nil {
		return answer{}, err
	}
	defer os.RemoveAll(dir)
	args := []string{"-q", "-s", "-S", "--max-time", "20", "-D", filepath.Join(dir, "headers"), "-w", `%{http_code}\n`}
	if follow {
		args = append(args, "-L")
	}
	if c.Method != "GET" && !(c.Method == "POST" && c.hasBody()) {
		args = append(args, "-X", c.Method)
	}
	if c.hasBody() {
		file := filepath.Join(dir, "body")
		if err := os.WriteFile(file, []byte(c.content()), 0o600); err != nil {
			return answer{}, err
		}
		args = append(args, "--data-binary", "@"+file)
	}
	for k, v := range c.Headers {
		args = append(args, "-H", k+": "+v)
	}
	if c.User != "" {
		args = append(args, "-u", c.User+":"+c.Password)
	}
	if c.Proxy != "" {
		args = append(args, "-x", c.Proxy)
	}
	if c.ProxyUser != "" {
		args = append(args, "--proxy-user", c.ProxyUser+":"+c.ProxyPassword)
	}
	for i := range c.Times {
		args = append(args, "-o", filepath.Join(dir, "out"+strconv.Itoa(i)), c.URL)
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = cleanEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	a := answer{Headers: map[string]string{}}
	if err != nil {
		a.Error = strings.TrimSpace(stderr.String())
		if a.Error == "" {
			a.Error = err.Error()
		}
	}
	codes := strings.Fields(string(out))
	if len(codes) > 0 {
		a.Status, _ = strconv.Atoi(codes[len(codes)-1])
	}
	if b, err := os.ReadFile(filepath.Join(dir, "out"+strconv.Itoa(c.Times-1))); err == nil {
		a.BodyLength = len(b)
	}
	// The dump holds every response, interim ones and those of every
	// hop: the last final response and the interim ones before it are
	// the caller's.
	headers, _ := os.ReadFile(filepath.Join(dir, "headers"))
	var pending []int
	for line := range strings.Lines(string(headers)) {
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, "HTTP/"); ok {
			f := strings.Fields(rest)
			code := 0
			if len(f) > 1 {
				code, _ = strconv.Atoi(f[1])
			}
			a.Headers = map[string]string{}
			if code < 200 {
				pending = append(pending, code)
			} else {
				a.Interim, pending = pending, nil
			}
			continue
		}
		if k, v, ok := strings.Cut(line, ":"); ok {
			a.Headers[strings.ToLower(k)] = strings.TrimSpace(v)
		}
	}
	return a, nil
}
