package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/httpstatus/site/internal/diag"
)

// keepAlive is how often an idle event stream gets a comment line, so
// that a dropped connection is noticed by both ends.
const keepAlive = 20 * time.Second

// hub holds the state of the last build and streams it to every open
// page as server-sent events:
//
//	event: reload   data: the build's id; a page of another build reloads
//	event: failed   data: JSON list of problems, {file, line, col, msg}
//
// Each stream is sent the state when it opens and whenever it changes.
// A slow stream misses intermediate states, never the latest.
type hub struct {
	mu     sync.Mutex
	gen    string
	failed []byte // JSON of the last build's problems; nil after a good build
	subs   map[chan struct{}]bool
	done   chan struct{}
	closed bool
}

func newHub() *hub {
	return &hub{subs: map[chan struct{}]bool{}, done: make(chan struct{})}
}

// set records the served build and the problems of the last build, if
// it failed, and wakes every stream.
func (h *hub) set(gen string, failed []problem) {
	var data []byte
	if failed != nil {
		data, _ = json.Marshal(failed)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.gen, h.failed = gen, data
	for ch := range h.subs {
		select {
		case ch <- struct{}{}:
		default: // already woken
		}
	}
}

// state returns the served build and the last build's problems.
func (h *hub) state() (string, []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.gen, h.failed
}

// subscribe returns a channel woken on each change, or false once the
// hub is closed.
func (h *hub) subscribe() (chan struct{}, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, false
	}
	ch := make(chan struct{}, 1)
	h.subs[ch] = true
	return ch, true
}

func (h *hub) unsubscribe(ch chan struct{}) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs, ch)
}

// close ends every stream, so that the server can shut down: a stream
// never becomes idle by itself.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
}

// ServeHTTP streams the events until the client leaves or the hub closes.
func (h *hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	ch, ok := h.subscribe()
	if !ok {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer h.unsubscribe(ch)
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	// The browser reconnects a second after the server restarts.
	if _, err := fmt.Fprint(w, "retry: 1000\n\n"); err != nil {
		return
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	var sentGen string
	var sentFailed []byte
	first := true
	for {
		gen, failed := h.state()
		var b strings.Builder
		if first || gen != sentGen {
			fmt.Fprintf(&b, "event: reload\ndata: %s\n\n", gen)
		}
		if failed != nil && (first || string(failed) != string(sentFailed)) {
			fmt.Fprintf(&b, "event: failed\ndata: %s\n\n", failed)
		}
		first, sentGen, sentFailed = false, gen, failed
		if b.Len() > 0 {
			if _, err := fmt.Fprint(w, b.String()); err != nil {
				return
			}
			if err := rc.Flush(); err != nil {
				return
			}
		}
		select {
		case <-ch:
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
			if err := rc.Flush(); err != nil {
				return
			}
		case <-r.Context().Done():
			return
		case <-h.done:
			return
		}
	}
}

// problem is one error of a failed build, as the overlay shows it.
type problem struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
	Msg  string `json:"msg"`
}

// problems returns the problems of a build error, each with its place.
func problems(err error) []problem {
	var ps []problem
	for _, e := range diag.All(err) {
		ps = append(ps, problem{File: e.Path, Line: e.Line, Col: e.Col, Msg: e.Message()})
	}
	return ps
}
