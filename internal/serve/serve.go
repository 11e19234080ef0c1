// Package serve is the development server: it builds the site, serves the
// output the way Netlify does, and rebuilds and reloads open pages on change.
//
// The output is served by the rules that deploy: public/_redirects, and
// the [[headers]] and [[redirects]] of netlify.toml, read by package
// netlify. HTML responses, and only they, get two tags before </head>:
// the stylesheet /_dev/overlay.css and the script /_dev/reload.js, which
// listens to /_dev/events (server-sent events) for rebuilds and errors.
// Files on disk never contain them.
//
// It answers only requests whose Host is localhost, a name under
// .localhost, an IP address or the host of Config.Addr, so that no other
// site's page can read it through DNS rebinding.
package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/httpstatus/site/internal/diag"
	"github.com/httpstatus/site/internal/input"
	"github.com/httpstatus/site/internal/netlify"
	"github.com/httpstatus/site/internal/parallel"
	"github.com/httpstatus/site/internal/site"
)

// DefaultDebounce is the quiet time after a change before a rebuild: long
// enough to take an editor's save, often a write, a rename and a change
// of mode, as one change.
const DefaultDebounce = 5 * time.Millisecond

// DefaultAddr is where the server listens unless told otherwise: the
// loopback interface only, so the site is not offered to the network.
const DefaultAddr = "127.0.0.1:8080"

// Config says what to build, where the rules are and where to listen.
type Config struct {
	Site     site.Config   // the build; its Out is the directory served
	Netlify  string        // path of netlify.toml; "" for none
	Addr     string        // listen address; DefaultAddr if empty
	Log      io.Writer     // where the URL, rebuilds and errors are printed
	Debounce time.Duration // quiet time after a change before rebuilding; DefaultDebounce if zero
	Static   bool          // serve pages exactly as deployed, without the reload script
}

// Run builds the site, then serves it on cfg.Addr and rebuilds it on
// every change until ctx is done, when it shuts the server down. An
// output directory that no build may write ends it at once, with the
// error site.CheckOut gives.
func Run(ctx context.Context, cfg Config) error {
	if err := site.CheckOut(cfg.Site); err != nil {
		return err
	}
	s, err := New(cfg)
	if err != nil {
		return err
	}
	s.Rebuild()
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Server is the development server. Its handler may be used on its own,
// as tests do; Serve adds the listener and the watcher.
type Server struct {
	cfg     Config
	log     *syncWriter
	builder *site.Builder                // kept for the whole session: rebuilds reuse its cache of cards and highlighted code
	build   func() (*site.Report, error) // builder.Build, unless a test puts another
	events  *hub

	// mu is held for writing while a build replaces the output directory
	// and the rules and files read from it, and for reading while a
	// request resolves its path and loads a file. Responses are written
	// after it is released, from memory.
	mu    sync.RWMutex
	rules *netlify.Rules
	gen   string // identifies the current build, for the pages' reload script

	warnings string // the last good build's warnings, as printed

	session string       // distinguishes this process's builds from another's
	builds  atomic.Int64 // successful builds so far
}

// New returns a server for cfg. It does not build.
func New(cfg Config) (*Server, error) {
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if cfg.Debounce == 0 {
		cfg.Debounce = DefaultDebounce
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Site.Out == "" {
		return nil, errors.New("serve: no output directory")
	}
	var id [4]byte
	rand.Read(id[:])
	s := &Server{
		cfg:     cfg,
		log:     &syncWriter{w: cfg.Log},
		builder: site.NewBuilder(cfg.Site),
		events:  newHub(),
		rules:   netlify.NewRules(nil, nil),
		session: hex.EncodeToString(id[:]),
	}
	s.build = s.builder.Build
	return s, nil
}

// Rebuild builds the site into the output directory, reloads the rules,
// and tells every open page: to reload after a good build, to show the
// errors after a failed one, in which case the last good site stays served.
func (s *Server) Rebuild() error {
	s.mu.Lock()
	r, err := s.safeBuild()
	if err == nil {
		err = s.publish()
	} else if s.gen == "" {
		// The first build failed: serve what an earlier build left in the
		// output directory, by its own rules, while the errors are shown.
		s.publish()
	}
	if err == nil {
		s.printWarnings(r.Warnings)
	}
	gen := s.gen
	s.mu.Unlock()
	if err != nil {
		s.log.printf("build failed; serving the last good build:\n%v\n", err)
		s.events.set(gen, problems(err))
		return err
	}
	s.log.printf("built %s\n", r)
	s.events.set(gen, nil)
	return nil
}

// safeBuild builds the site, turning a panic of the build, which is a
// bug, into its error, so that the server outlives it and keeps serving
// the last good site.
func (s *Server) safeBuild() (r *site.Report, err error) {
	defer func() {
		if v := recover(); v != nil {
			if p, ok := v.(*parallel.Panic); ok {
				v = p.Value
			}
			r, err = nil, fmt.Errorf("the build panicked, which is a bug: %v", v)
		}
	}()
	return s.build()
}

// printWarnings prints the build's warnings when they differ from the
// previous build's, so that a rebuild prints one line unless they changed.
// The caller holds mu for writing.
func (s *Server) printWarnings(warns []*diag.Error) {
	var b strings.Builder
	for _, w := range warns {
		fmt.Fprintf(&b, "warning: %v\n", w)
	}
	if b.String() != s.warnings {
		s.warnings = b.String()
		s.log.printf("%s", s.warnings)
	}
}

// publish reads the rules of the output directory and starts a new
// generation of served files. The caller holds mu for writing.
func (s *Server) publish() error {
	rules, err := s.readRules()
	if err != nil {
		return err
	}
	s.rules = rules
	s.gen = s.session + "-" + strconv.FormatInt(s.builds.Add(1), 10)
	return nil
}

// readRules reads _redirects from the output directory and netlify.toml,
// as package input reads every input: a regular file, or a symlink to
// one beside it, within the size limit of each. Either may be missing.
func (s *Server) readRules() (*netlify.Rules, error) {
	name := filepath.Join(s.cfg.Site.Out, netlify.RedirectsFile)
	var redirects []*netlify.Redirect
	data, err := readOptional(name, netlify.MaxRedirectsSize)
	if err != nil {
		return nil, err
	}
	if data != nil {
		if redirects, err = netlify.ParseRedirects(name, data); err != nil {
			return nil, err
		}
	}
	var cfg *netlify.Config
	if s.cfg.Netlify != "" {
		data, err := readOptional(s.cfg.Netlify, netlify.MaxConfigSize)
		if err != nil {
			return nil, err
		}
		if data != nil {
			if cfg, err = netlify.ParseConfig(s.cfg.Netlify, data); err != nil {
				return nil, err
			}
		}
	}
	return netlify.NewRules(redirects, cfg), nil
}

// readOptional reads the file at path, at most limit bytes, or returns
// nil if there is none.
func readOptional(path string, limit int64) ([]byte, error) {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return input.ReadFile(path, limit)
}

// Serve serves on ln and rebuilds on every change under the content,
// templates and assets directories, and of netlify.toml, until ctx is
// done. Then it stops watching, ends the open event streams and shuts
// the server down, waiting for requests in flight.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	w, err := newWatcher(s.watchedDirs(), s.watchedFiles(), s.cfg.Site.Out, s.log)
	if err != nil {
		ln.Close()
		return err
	}
	var fresh freshConns
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ConnState:         fresh.track,
	}
	srv.RegisterOnShutdown(s.events.close)
	srv.RegisterOnShutdown(fresh.close)
	s.log.printf("serving %s (Ctrl-C to stop)\n", siteURL(ln.Addr()))
	if !isLoopback(ln.Addr()) {
		s.log.printf("warning: %s accepts connections from other machines\n", ln.Addr())
	}

	watchCtx, stopWatching := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { w.run(watchCtx, s.cfg.Debounce, func() { s.Rebuild() }) })
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-served:
	}
	stopWatching()
	wg.Wait()
	w.close()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err = srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
	}
	if serveErr == nil {
		serveErr = <-served
	}
	s.log.printf("stopped\n")
	if errors.Is(serveErr, http.ErrServerClosed) {
		serveErr = nil
	}
	return errors.Join(serveErr, err)
}

// freshConns tracks the connections that have not sent a request yet.
// Shutdown waits up to five seconds for such a connection before taking
// it for idle, and browsers open them ahead of need; with no request on
// them, they can be closed at once.
type freshConns struct {
	mu    sync.Mutex
	conns map[net.Conn]bool
}

func (f *freshConns) track(c net.Conn, state http.ConnState) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if state == http.StateNew {
		if f.conns == nil {
			f.conns = map[net.Conn]bool{}
		}
		f.conns[c] = true
	} else {
		delete(f.conns, c)
	}
}

func (f *freshConns) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for c := range f.conns {
		c.Close()
	}
}

// watchedDirs returns the directories whose changes call for a rebuild.
func (s *Server) watchedDirs() []string {
	c := s.cfg.Site
	return []string{c.Content, c.Templates, c.Assets}
}

// watchedFiles returns the single files whose changes call for a rebuild.
func (s *Server) watchedFiles() []string {
	if s.cfg.Netlify == "" {
		return nil
	}
	return []string{s.cfg.Netlify}
}

// siteURL returns the address to open in a browser.
func siteURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String() + "/"
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// isLoopback reports whether a listens on a loopback address only.
func isLoopback(a net.Addr) bool {
	t, ok := a.(*net.TCPAddr)
	return ok && t.IP.IsLoopback()
}

// syncWriter serializes the messages of the watcher and the server.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (w *syncWriter) printf(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	fmt.Fprintf(w.w, format, args...)
}
