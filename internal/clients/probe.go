package clients

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Config says which clients the probe drives.
type Config struct {
	Python   string // a Python with requests: Debian's /usr/bin/python3 and python3-requests
	Node     string // Node.js, for its fetch
	Curl     string
	Chromium string
	Parallel int // calls made at once; 8 when zero
}

// DefaultConfig returns the Config of the clients installed as .ci/test
// installs them; $CHROMIUM names Chromium's binary.
func DefaultConfig(getenv func(string) string) Config {
	return Config{Python: "/usr/bin/python3", Node: "node", Curl: "curl",
		Chromium: cmpOr(getenv("CHROMIUM"), "/usr/bin/chromium")}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// callTimeout bounds one call of a client, so that a hang fails clearly.
const callTimeout = 30 * time.Second

// The credentials the probe's challenges accept.
const (
	user     = "probe"
	password = "secret"
)

// Probe drives every client against a loopback server and returns what
// each did. It fails when a client cannot be started, naming what to
// install, or when a call fails in a way no scenario expects (a hang, a
// driver's crash).
func Probe(ctx context.Context, cfg Config) (*Results, error) {
	srv, err := startServer()
	if err != nil {
		return nil, err
	}
	defer srv.close()
	drivers := []*driver{goDriver()}
	for _, lib := range []string{"urllib", "requests"} {
		d, err := pythonDriver(ctx, cfg.Python, lib)
		if err != nil {
			return nil, err
		}
		drivers = append(drivers, d)
	}
	d, err := nodeDriver(ctx, cfg.Node)
	if err != nil {
		return nil, err
	}
	drivers = append(drivers, d)
	for _, follow := range []bool{false, true} {
		d, err := curlDriver(ctx, cfg.Curl, follow)
		if err != nil {
			return nil, err
		}
		drivers = append(drivers, d)
	}
	dir, err := os.MkdirTemp("", "probe-chromium-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	bctx, version, stop, err := startChromium(ctx, cfg.Chromium, dir)
	if err != nil {
		return nil, err
	}
	defer stop()
	drivers = append(drivers, chromiumDrivers(bctx, version)...)

	results := &Results{}
	var jobs []func() error
	for _, d := range drivers {
		c := &Client{ID: d.id, Name: d.name, Version: d.version,
			Redirects: []Redirect{}, Repeats: []Repeat{}, Interim: []Interim{}, Finals: []Final{}, Auth: []Auth{}, Retries: []Retry{}}
		results.Clients = append(results.Clients, c)
		var mu sync.Mutex
		for _, p := range probes() {
			jobs = append(jobs, func() error {
				sc := p.scenario()
				base := srv.add(sc)
				cl := p.call(base, srv)
				var a answer
				reason := d.cannot(cl)
				if reason == "" {
					cctx, cancel := context.WithTimeout(ctx, callTimeout)
					defer cancel()
					var err error
					a, err = d.do(cctx, cl)
					if err != nil {
						return fmt.Errorf("%s, %s: %w", d.name, p.name, err)
					}
				}
				sc.mu.Lock()
				sc.done = true
				sc.mu.Unlock()
				mu.Lock()
				defer mu.Unlock()
				p.record(c, d, reason, sc.requests(), a)
				return nil
			})
		}
	}
	if err := runAll(cfg.Parallel, jobs); err != nil {
		return nil, err
	}
	for _, c := range results.Clients {
		sortResults(c)
	}
	return results, nil
}

// runAll runs the jobs, n at once, and returns their errors joined.
func runAll(n int, jobs []func() error) error {
	if n <= 0 {
		n = 8
	}
	sem := make(chan struct{}, n)
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, job := range jobs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			errs[i] = job()
		})
	}
	wg.Wait()
	var msgs []string
	for _, err := range errs {
		if err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	if len(msgs) > 0 {
		return fmt.Errorf("probe: %s", strings.Join(msgs, "\n"))
	}
	return nil
}

// probe is one scenario, asked of every client.
type probe struct {
	name     string // for messages: "303 after POST"
	scenario func() *scenario
	call     func(base string, srv *server) call
	// record adds to c what the client did, from what the server saw
	// and the answer, or that it was not measured, and why.
	record func(c *Client, d *driver, notMeasured string, log []seen, a answer)
}

// formType is the media type of the probe's POSTs.
const formType = "application/x-www-form-urlencoded"

// RedirectCodes returns the redirect codes the probe sends, in order.
func RedirectCodes() []int { return []int{301, 302, 303, 307, 308} }

// probes returns every scenario.
func probes() []probe {
	var ps []probe
	for _, code := range RedirectCodes() {
		for _, method := range []string{"POST", "GET"} {
			ps = append(ps, redirectProbe(code, method))
		}
	}
	ps = append(ps, repeatProbe(301), repeatProbe(308))
	ps = append(ps, interimProbe(100), interimProbe(103))
	for _, code := range []int{204, 205, 206, 304} {
		ps = append(ps, finalProbe(code))
	}
	ps = append(ps, authProbe(401), authProbe(407))
	ps = append(ps, retryProbe(429), retryProbe(503))
	return ps
}

// How returns, for a reader, how the probe asked the clients about
// code, or "" for a code it does not probe.
func How(code int) string {
	switch code {
	case 301, 308:
		return redirectHow(code) + " To see whether it remembers the redirect, it was then asked for the redirect's URL twice in one session."
	case 302, 303, 307:
		return redirectHow(code)
	case 100:
		return fmt.Sprintf("Each client sent a POST of %d MiB; the server sent 100 before it read the content, then 200.", ContinueBody>>20)
	case 103:
		return "The server sent 103 with a Link field, then 200."
	case 204, 205:
		return fmt.Sprintf("The server answered a GET with %d and no content.", code)
	case 206:
		return fmt.Sprintf("The server answered a GET with Range: %s with 206, Content-Range: %s and %d bytes.", rangeAsked, rangeAnswered, len(alphabet[:5]))
	case 304:
		return fmt.Sprintf("The server answered a GET with If-None-Match: %s with 304 and ETag: %s.", etag, etag)
	case 401:
		return "The server challenged every request that lacked the credentials with Basic; the client had been given them its own way."
	case 407:
		return "Each client used the server as its proxy, which challenged every request that lacked the credentials with Basic; the client had been given them its own way."
	case 429, 503:
		return fmt.Sprintf("The server answered every request with %d and Retry-After: %d.", code, RetryAfter)
	}
	return ""
}

// redirectHow says how the probe asked about the redirect code.
func redirectHow(code int) string {
	return fmt.Sprintf("Each client was sent a chain of %d redirects with %d, each to a relative Location (../hop/2), after a POST of form content and after a GET.", Hops, code)
}

// hop returns the number of a request for "hop/N", or 0.
func hop(path string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(path, "hop/"))
	if err != nil || !strings.HasPrefix(path, "hop/") {
		return 0
	}
	return n
}

// redirectProbe answers "hop/N" for N up to Hops with code and
// Location: ../hop/N+1, and the last with 200.
func redirectProbe(code int, method string) probe {
	return probe{
		name: fmt.Sprintf("%d after %s", code, method),
		scenario: func() *scenario {
			return &scenario{answer: func(w http.ResponseWriter, r *http.Request, rest string) {
				if n := hop(rest); n >= 1 && n <= Hops {
					w.Header().Set("Location", fmt.Sprintf("../hop/%d", n+1))
					w.WriteHeader(code)
					return
				}
				w.Write([]byte("end"))
			}}
		},
		call: func(base string, _ *server) call {
			c := call{Method: method, URL: base + "hop/1", Times: 1}
			if method == "POST" {
				c.Body, c.Headers = "probe=1", map[string]string{"Content-Type": formType}
			}
			return c
		},
		record: func(c *Client, d *driver, reason string, log []seen, _ answer) {
			r := Redirect{Code: code, Method: method, NotMeasured: reason}
			if reason == "" && len(log) > 1 {
				next := log[1]
				r.Followed, r.NextMethod = true, next.Method
				r.BodyResent = string(next.Body) == "probe=1"
				r.Resolved = next.Path == "hop/2"
			}
			for _, s := range log {
				r.Hops = max(r.Hops, hop(s.Path)-1)
			}
			c.Redirects = append(c.Redirects, r)
		},
	}
}

// repeatProbe answers "hop/1" with code and Location: ../end, asked
// twice.
func repeatProbe(code int) probe {
	return probe{
		name: fmt.Sprintf("%d asked twice", code),
		scenario: func() *scenario {
			return &scenario{answer: func(w http.ResponseWriter, r *http.Request, rest string) {
				if rest == "hop/1" {
					w.Header().Set("Location", "../end")
					w.WriteHeader(code)
					return
				}
				w.Write([]byte("end"))
			}}
		},
		call: func(base string, _ *server) call { return call{Method: "GET", URL: base + "hop/1", Times: 2} },
		record: func(c *Client, d *driver, reason string, log []seen, _ answer) {
			r := Repeat{Code: code, NotMeasured: reason}
			if reason == "" {
				asked := 0
				for _, s := range log {
					if s.Path == "hop/1" {
						asked++
					}
				}
				r.Remembered = asked == 1
			}
			c.Repeats = append(c.Repeats, r)
		},
	}
}

// interimProbe sends an interim response of code before it reads the
// content, then 200: 100 to a POST of ContinueBody bytes, 103 with a
// Link field to a GET.
func interimProbe(code int) probe {
	return probe{
		name: fmt.Sprintf("%d before 200", code),
		scenario: func() *scenario {
			return &scenario{
				interim: func(w http.ResponseWriter) {
					if code == 103 {
						w.Header().Set("Link", "</style.css>; rel=preload; as=style")
					}
					w.WriteHeader(code)
				},
				answer: func(w http.ResponseWriter, r *http.Request, rest string) { w.Write([]byte("ok")) },
			}
		},
		call: func(base string, _ *server) call {
			if code == 100 {
				return call{Method: "POST", URL: base + "upload", BodySize: ContinueBody, Times: 1,
					Headers: map[string]string{"Content-Type": "application/octet-stream"}}
			}
			return call{Method: "GET", URL: base + "page", Times: 1}
		},
		record: func(c *Client, d *driver, reason string, log []seen, a answer) {
			r := Interim{Code: code, NotMeasured: reason}
			if reason == "" {
				if code == 100 && len(log) > 0 {
					r.Expect = strings.EqualFold(log[0].Header.Get("Expect"), "100-continue")
					r.BodySent = len(log[0].Body) == ContinueBody
				}
				r.Surfaced = slices.Contains(a.Interim, code) || a.Status == code
				r.Status, r.Failed = a.Status, a.Error != ""
			}
			c.Interim = append(c.Interim, r)
		},
	}
}

// alphabet is the representation the probe's 206 and 304 are about.
const alphabet = "abcdefghijklmnopqrstuvwxyz"

// What the probe's 206 and 304 ask with and answer.
const (
	rangeAsked    = "bytes=0-4"
	rangeAnswered = "bytes 0-4/26"
	etag          = `"v1"`
)

// finalProbe answers a GET with code: 204 and 205 with no content, 304
// to If-None-Match: "v1" with ETag: "v1", 206 to Range: bytes=0-4 with
// Content-Range: bytes 0-4/26.
func finalProbe(code int) probe {
	field := map[int]string{304: "ETag", 206: "Content-Range"}[code]
	return probe{
		name: fmt.Sprintf("%d", code),
		scenario: func() *scenario {
			return &scenario{answer: func(w http.ResponseWriter, r *http.Request, rest string) {
				switch {
				case code == 304 && r.Header.Get("If-None-Match") == etag:
					w.Header().Set("ETag", etag)
					w.WriteHeader(304)
				case code == 206 && r.Header.Get("Range") == rangeAsked:
					w.Header().Set("Content-Range", rangeAnswered)
					w.WriteHeader(206)
					w.Write([]byte(alphabet[:5]))
				case code == 204 || code == 205:
					w.WriteHeader(code)
				default:
					w.Write([]byte(alphabet))
				}
			}}
		},
		call: func(base string, _ *server) call {
			c := call{Method: "GET", URL: base + "doc", Times: 1}
			switch code {
			case 304:
				c.Headers = map[string]string{"If-None-Match": etag}
			case 206:
				c.Headers = map[string]string{"Range": rangeAsked}
			}
			return c
		},
		record: func(c *Client, d *driver, reason string, log []seen, a answer) {
			r := Final{Code: code, NotMeasured: reason, Field: field}
			if reason == "" {
				r.Status, r.BodyLength, r.Stayed = a.Status, a.BodyLength, a.Stayed
				if r.Stayed {
					r.Status = 0
				}
				_, r.FieldSeen = a.Headers[strings.ToLower(field)]
				r.FieldSeen = r.FieldSeen && field != ""
			}
			c.Finals = append(c.Finals, r)
		},
	}
}

// basic returns the Basic credentials the probe accepts.
func basic() string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
}

// authProbe challenges every request that lacks the credentials: 401
// with WWW-Authenticate, or, as the client's proxy, 407 with
// Proxy-Authenticate.
func authProbe(code int) probe {
	challenge, credentials := "WWW-Authenticate", "Authorization"
	if code == 407 {
		challenge, credentials = "Proxy-Authenticate", "Proxy-Authorization"
	}
	return probe{
		name: fmt.Sprintf("%d with credentials", code),
		scenario: func() *scenario {
			return &scenario{answer: func(w http.ResponseWriter, r *http.Request, rest string) {
				if r.Header.Get(credentials) == basic() && (code == 401 || strings.HasPrefix(r.RequestURI, "http://")) {
					w.Write([]byte("ok"))
					return
				}
				w.Header().Set(challenge, `Basic realm="probe"`)
				w.WriteHeader(code)
			}}
		},
		call: func(base string, srv *server) call {
			if code == 407 {
				return call{Method: "GET", URL: srv.proxied(base) + "private", Times: 1,
					Proxy: "http://" + srv.addr, ProxyUser: user, ProxyPassword: password}
			}
			return call{Method: "GET", URL: base + "private", Times: 1, User: user, Password: password}
		},
		record: func(c *Client, d *driver, reason string, log []seen, a answer) {
			r := Auth{Code: code, NotMeasured: reason}
			if reason == "" {
				r.Given = d.given[code]
				for i, s := range log {
					if s.Header.Get(credentials) == basic() {
						if i == 0 {
							r.Preemptive = true
						} else {
							r.Retried = true
						}
					}
				}
				r.Status = a.Status
			}
			c.Auth = append(c.Auth, r)
		},
	}
}

// retryProbe answers every request with code and Retry-After.
func retryProbe(code int) probe {
	return probe{
		name: fmt.Sprintf("%d with Retry-After", code),
		scenario: func() *scenario {
			return &scenario{answer: func(w http.ResponseWriter, r *http.Request, rest string) {
				w.Header().Set("Retry-After", strconv.Itoa(RetryAfter))
				w.WriteHeader(code)
				w.Write([]byte("busy"))
			}}
		},
		call: func(base string, _ *server) call { return call{Method: "GET", URL: base + "busy", Times: 1} },
		record: func(c *Client, d *driver, reason string, log []seen, _ answer) {
			r := Retry{Code: code, NotMeasured: reason}
			if reason == "" {
				for _, s := range log {
					if s.At.Sub(log[0].At) <= RetryWindow*time.Second {
						r.Requests++
					}
				}
			}
			c.Retries = append(c.Retries, r)
		},
	}
}
