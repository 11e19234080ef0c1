package serve

import (
	"bufio"
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/httpstatus/site/internal/timebound"
)

// FuzzServe feeds arbitrary requests to the dev server's handler, over
// an output directory with files of every kind, rules of every kind and
// symlinks that lead out of it. Each request must be answered, never
// with a panic nor after timebound.PerInput, with a status a server can
// send, no line break in a header, no byte of the file outside the
// output, and no more bytes than the largest file holds.
func FuzzServe(f *testing.F) {
	s := fixture(f)
	const largest = 9000
	if err := os.WriteFile(filepath.Join(s.cfg.Site.Out, "range.txt"), bytes.Repeat([]byte("0123456789"), largest/10), 0o644); err != nil {
		f.Fatal(err)
	}
	for _, req := range []string{
		"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
		"GET /codes/404 HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\nIf-None-Match: \"x\"\r\n\r\n",
		"HEAD /codes/404.html?a=b HTTP/1.1\r\nHost: localhost\r\n\r\n",
		"GET /range.txt HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-0,2-2,4-4,-1,10-\r\n\r\n",
		"GET /old/a%2Fb HTTP/1.1\r\nHost: localhost\r\n\r\n",
		"GET /..%2foutside%2fsecret.html HTTP/1.1\r\nHost: localhost\r\n\r\n",
		"GET /leakdir/secret HTTP/1.1\r\nHost: localhost\r\n\r\n",
		"GET /_dev/events HTTP/1.1\r\nHost: localhost\r\n\r\n",
		"GET /rewrite HTTP/1.1\r\nHost: localhost\r\nRange: bytes=-5\r\n\r\n",
		"POST /gone HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nabc",
		"GET http://localhost/dir HTTP/1.0\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n", // another site's name: refused
	} {
		f.Add([]byte(req))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
		if err != nil {
			return
		}
		// An event stream lasts as long as its request: this one is over.
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		r = r.WithContext(ctx)
		w := httptest.NewRecorder()
		if err := timebound.Run(timebound.PerInput, func() { s.ServeHTTP(w, r) }); err != nil {
			t.Fatalf("%s %s: %v", r.Method, r.URL, err)
		}
		res := w.Result()
		body := w.Body.String()
		if res.StatusCode < 100 || res.StatusCode > 599 {
			t.Errorf("status %d", res.StatusCode)
		}
		if strings.Contains(body, secret) {
			t.Errorf("%s %s: served the file outside the output", r.Method, r.URL)
		}
		if len(body) > largest {
			t.Errorf("%s %s: %d bytes sent, more than the largest file", r.Method, r.URL, len(body))
		}
		for k, vs := range res.Header {
			for _, v := range vs {
				if strings.ContainsAny(k+v, "\r\n\x00") {
					t.Errorf("header %q: %q", k, v)
				}
			}
		}
	})
}
