// Package clients measures what real HTTP clients do with status codes,
// and reads and writes the results, content/clients.json.
//
// Probe starts a loopback server that answers each scenario with its
// code and records every request it gets, then drives each client
// against it: Go's net/http Client in this process; Python's
// urllib.request and requests, and Node's fetch, as small scripts given
// the call to make; curl with and without -L as a command; and
// Chromium, through chromedp, with fetch() from a page, a form POST and
// a top-level navigation. What a client did is read from what the
// server saw and from what the client handed its caller, never typed
// in: a scenario a client has no way to take part in is recorded as not
// measured, with the reason.
//
// The file holds one entry per client, in the order of IDs, with its
// version and its results by kind, each sorted by code: redirects
// (301, 302, 303, 307, 308 after a POST and after a GET), repeats (a
// second request to a permanent redirect, 301 and 308), interim
// responses (100, 103), final responses with little or no content
// (204, 205, 206, 304), challenges (401, 407) and Retry-After (429,
// 503). It holds no times, ports or paths, so that a probe of the same
// clients writes the same bytes.
package clients

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// File is the name of the results file in the content directory.
const File = "clients.json"

// MaxSize is the most bytes the file may hold. The repository's is
// about 40 KB.
const MaxSize = 1 << 20

// Hops is the length of the chains of redirects the probe sends: a
// client that stops before the end follows that many at most.
const Hops = 25

// ContinueBody is the size of the content of the request the probe
// sends to see whether a client asks for 100 (Continue): curl does for
// content over 1 MiB.
const ContinueBody = 2 << 20

// RetryAfter is the Retry-After, in seconds, of the probe's 429 and 503,
// and RetryWindow how long it waits for a client to try again.
const (
	RetryAfter  = 1
	RetryWindow = 3 // seconds
)

// Results is the parsed file: every client's results.
type Results struct {
	Clients []*Client `json:"clients"`
}

// Client is one client and what it did.
type Client struct {
	ID        string     `json:"id"`      // "curl-follow"
	Name      string     `json:"name"`    // "curl -L"
	Version   string     `json:"version"` // "7.88.1"
	Redirects []Redirect `json:"redirects"`
	Repeats   []Repeat   `json:"repeats"`
	Interim   []Interim  `json:"interim"`
	Finals    []Final    `json:"finals"`
	Auth      []Auth     `json:"auth"`
	Retries   []Retry    `json:"retries"`
}

// Redirect is what a client did with a chain of Hops redirects of one
// code, each Location relative ("../hop/2"), after a request of one
// method. The first request's content is "probe=1".
type Redirect struct {
	Code        int    `json:"code"`
	Method      string `json:"method"`                // of the first request: "POST" or "GET"
	NotMeasured string `json:"notMeasured,omitempty"` // why not, for a scenario the client cannot take part in
	Followed    bool   `json:"followed"`              // whether the client made the next request
	NextMethod  string `json:"nextMethod,omitempty"`  // the method of the next request
	BodyResent  bool   `json:"bodyResent"`            // whether the next request carried the content again
	Resolved    bool   `json:"resolved"`              // whether the next request went to the relative Location, resolved
	Hops        int    `json:"hops"`                  // redirects followed; Hops when the client reached the end
}

// Repeat is whether a client, asked twice in one session for the URL
// of a permanent redirect, asked the server again the second time.
type Repeat struct {
	Code        int    `json:"code"`
	NotMeasured string `json:"notMeasured,omitempty"`
	Remembered  bool   `json:"remembered"` // the second request went straight to the Location
}

// Interim is what a client did around an informational response the
// server sends before the final 200: for 100, to a POST of
// ContinueBody bytes, whether it asked for it with Expect:
// 100-continue; for both, whether its caller could see it.
type Interim struct {
	Code        int    `json:"code"`
	NotMeasured string `json:"notMeasured,omitempty"`
	Expect      bool   `json:"expect"`   // for 100: the request carried Expect: 100-continue
	BodySent    bool   `json:"bodySent"` // for 100: the whole content reached the server
	Surfaced    bool   `json:"surfaced"` // the caller was shown the interim response
	Status      int    `json:"status"`   // the status the caller got: 200, or the interim code taken for the final one
	Failed      bool   `json:"failed"`   // the call failed: the client took the interim response for a bad one
}

// Final is what a client handed its caller for a response of one code:
// 204 and 205 after a GET, 304 after a GET with If-None-Match, 206 after
// a GET with Range: bytes=0-4.
type Final struct {
	Code        int    `json:"code"`
	NotMeasured string `json:"notMeasured,omitempty"`
	Status      int    `json:"status"`           // the status the caller got; 0 when the page stayed
	BodyLength  int    `json:"bodyLength"`       // bytes of content the caller got
	Field       string `json:"field,omitempty"`  // the response field looked for: ETag for 304, Content-Range for 206
	FieldSeen   bool   `json:"fieldSeen"`        // whether the caller could read it
	Stayed      bool   `json:"stayed,omitempty"` // for a navigation: the tab kept the page it had
}

// Auth is what a client given credentials did with a challenge: 401
// with WWW-Authenticate: Basic, or 407 with Proxy-Authenticate: Basic
// from the probe as its proxy.
type Auth struct {
	Code        int    `json:"code"`
	NotMeasured string `json:"notMeasured,omitempty"`
	Given       string `json:"given,omitempty"` // how the client was given the credentials: "-u user:password"
	Preemptive  bool   `json:"preemptive"`      // the first request already carried them
	Retried     bool   `json:"retried"`         // after the challenge, it sent a request that carried them
	Status      int    `json:"status"`          // the final status the caller got
}

// Retry is how many requests a client made, by itself, for one call
// answered every time with the code and Retry-After: RetryAfter, within
// RetryWindow seconds.
type Retry struct {
	Code        int    `json:"code"`
	NotMeasured string `json:"notMeasured,omitempty"`
	Requests    int    `json:"requests"`
}

// IDs returns the ids of the clients the probe drives, in the order the
// file and the site list them.
func IDs() []string {
	return []string{"go", "python-urllib", "python-requests", "node-fetch", "curl", "curl-follow",
		"chromium-fetch", "chromium-form", "chromium-navigation"}
}

// Client returns the client of id, or nil. It may be called on a nil
// *Results.
func (r *Results) Client(id string) *Client {
	if r == nil {
		return nil
	}
	for _, c := range r.Clients {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// Of returns what c did with code alone: c with only the results of
// code, and whether it has any.
func (c *Client) Of(code int) (*Client, bool) {
	o := &Client{ID: c.ID, Name: c.Name, Version: c.Version,
		Redirects: only(c.Redirects, code, func(r Redirect) int { return r.Code }),
		Repeats:   only(c.Repeats, code, func(r Repeat) int { return r.Code }),
		Interim:   only(c.Interim, code, func(r Interim) int { return r.Code }),
		Finals:    only(c.Finals, code, func(r Final) int { return r.Code }),
		Auth:      only(c.Auth, code, func(r Auth) int { return r.Code }),
		Retries:   only(c.Retries, code, func(r Retry) int { return r.Code }),
	}
	n := len(o.Redirects) + len(o.Repeats) + len(o.Interim) + len(o.Finals) + len(o.Auth) + len(o.Retries)
	return o, n > 0
}

func only[T any](list []T, code int, codeOf func(T) int) []T {
	out := []T{}
	for _, r := range list {
		if codeOf(r) == code {
			out = append(out, r)
		}
	}
	return out
}

// Codes returns every code the results concern, sorted.
func (r *Results) Codes() []int {
	var codes []int
	if r == nil {
		return nil
	}
	add := func(c int) {
		if !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	for _, c := range r.Clients {
		for _, x := range c.Redirects {
			add(x.Code)
		}
		for _, x := range c.Repeats {
			add(x.Code)
		}
		for _, x := range c.Interim {
			add(x.Code)
		}
		for _, x := range c.Finals {
			add(x.Code)
		}
		for _, x := range c.Auth {
			add(x.Code)
		}
		for _, x := range c.Retries {
			add(x.Code)
		}
	}
	slices.Sort(codes)
	return codes
}

// Parse reads the results file src read from path. It accepts only the
// clients of IDs, each once and in that order, and no unknown fields.
func Parse(path string, src []byte) (*Results, error) {
	if len(src) > MaxSize {
		return nil, fmt.Errorf("%s: file is %d bytes, over the limit of %d", path, len(src), MaxSize)
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	var r Results
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("%s:%s", path, jsonError(src, dec, err))
	}
	ids := IDs()
	for i, c := range r.Clients {
		if i >= len(ids) || c.ID != ids[i] {
			return nil, fmt.Errorf("%s: client %d is %q; the file lists %v, each once, in that order", path, i+1, c.ID, ids)
		}
	}
	return &r, nil
}

// jsonError returns err with the line of src where decoding stopped.
func jsonError(src []byte, dec *json.Decoder, err error) string {
	off := dec.InputOffset()
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	line := 1 + bytes.Count(src[:min(int(off), len(src))], []byte("\n"))
	return fmt.Sprintf("%d: %v", line, err)
}

// Encode returns r as the file holds it: indented JSON, clients in the
// order of IDs, each list sorted by code (redirects then by method,
// POST first).
func Encode(r *Results) ([]byte, error) {
	for _, c := range r.Clients {
		sortResults(c)
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// sortResults puts c's results in the order Encode writes them.
func sortResults(c *Client) {
	slices.SortStableFunc(c.Redirects, func(a, b Redirect) int {
		if a.Code != b.Code {
			return a.Code - b.Code
		}
		return -strings.Compare(a.Method, b.Method) // POST before GET
	})
	byCode := func(a, b int) int { return a - b }
	slices.SortStableFunc(c.Repeats, func(a, b Repeat) int { return byCode(a.Code, b.Code) })
	slices.SortStableFunc(c.Interim, func(a, b Interim) int { return byCode(a.Code, b.Code) })
	slices.SortStableFunc(c.Finals, func(a, b Final) int { return byCode(a.Code, b.Code) })
	slices.SortStableFunc(c.Auth, func(a, b Auth) int { return byCode(a.Code, b.Code) })
	slices.SortStableFunc(c.Retries, func(a, b Retry) int { return byCode(a.Code, b.Code) })
}
