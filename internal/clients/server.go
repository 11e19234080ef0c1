package clients

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// seen is one request the server got.
type seen struct {
	Method string
	Path   string // the path below the scenario's base: "hop/2"
	Body   []byte
	Header http.Header
	Proxy  bool // sent to the server as a proxy, in absolute form
	At     time.Time
}

// scenario is how the server answers the requests below one base path
// and what it saw there.
type scenario struct {
	// interim, if set, is written before the content is read: an
	// informational response.
	interim func(w http.ResponseWriter)
	// answer writes the final response to a request for rest, the path
	// below the base.
	answer func(w http.ResponseWriter, r *http.Request, rest string)

	mu   sync.Mutex
	log  []seen
	done bool // the client's call ended: later requests are not its
}

// requests returns what the server saw of the scenario.
func (s *scenario) requests() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.log...)
}

// server is the probe's loopback server: it answers each scenario's
// requests below /s/N/, records them, and serves /start, the page a
// browser's tab opens first, whose form posts to its query's "to".
type server struct {
	addr string // host:port
	srv  *http.Server

	mu        sync.Mutex
	scenarios []*scenario
}

// startServer starts the server on a loopback port.
func startServer() (*server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &server{addr: l.Addr().String()}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	go s.srv.Serve(l)
	return s, nil
}

// close stops the server.
func (s *server) close() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		s.srv.Close()
	}
}

// add registers sc and returns its base URL, ending in a slash.
func (s *server) add(sc *scenario) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scenarios = append(s.scenarios, sc)
	return fmt.Sprintf("http://%s/s/%d/", s.addr, len(s.scenarios)-1)
}

// origin is the host the scenarios of a proxy use: it resolves nowhere,
// so that only a request sent through the proxy reaches the server.
const origin = "origin.probe.invalid"

// proxied returns the URL of base's scenario as a client of the server
// as its proxy asks for it.
func (s *server) proxied(base string) string {
	return strings.Replace(base, s.addr, origin, 1)
}

var startPage = template.Must(template.New("start").Parse(`<!doctype html>
<html lang="en"><title>probe</title>
<form method="post" action="{{.}}"><input name="probe" value="1"></form>
</html>
`))

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/start" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		startPage.Execute(w, r.URL.Query().Get("to"))
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/s/")
	id, rest, _ := strings.Cut(rest, "/")
	n, err := strconv.Atoi(id)
	s.mu.Lock()
	if !ok || err != nil || n < 0 || n >= len(s.scenarios) {
		s.mu.Unlock()
		http.NotFound(w, r)
		return
	}
	sc := s.scenarios[n]
	s.mu.Unlock()
	if sc.interim != nil {
		sc.interim(w)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 2*ContinueBody))
	if err != nil && !errors.Is(err, io.EOF) {
		body = nil
	}
	sc.mu.Lock()
	if !sc.done {
		sc.log = append(sc.log, seen{Method: r.Method, Path: rest, Body: body, Header: r.Header.Clone(),
			Proxy: strings.HasPrefix(r.RequestURI, "http://"), At: time.Now()})
	}
	sc.mu.Unlock()
	sc.answer(w, r, rest)
}
