package serve

import (
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/httpstatus/site/internal/parallel"
	"github.com/httpstatus/site/internal/site"
	"github.com/httpstatus/site/internal/timebound"
)

// hangGuard bounds a call in the tests of hostile requests and files. It
// is a guard against one that never returns, not a measure of speed.
const hangGuard = time.Minute

// returnsWithin calls f, failing the test if it has not returned after hangGuard.
func returnsWithin(t *testing.T, f func()) {
	t.Helper()
	if err := timebound.Run(hangGuard, f); err != nil {
		t.Fatal(err)
	}
}

// TestRanges checks that a Range request gets the parts it asks for
// when they are few and small, and otherwise the whole file: never more
// bytes than the file holds.
func TestRanges(t *testing.T) {
	t.Parallel()
	s := fixture(t)
	const size = 9000
	data := strings.Repeat("0123456789", size/10)
	if err := os.WriteFile(filepath.Join(s.cfg.Site.Out, "range.txt"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	many := func(n, step int) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = fmt.Sprintf("%d-%d", i*step, i*step)
		}
		return "bytes=" + strings.Join(parts, ",")
	}
	tests := []struct {
		name, rng string
		status    int
		parts     []string // the bodies of a 206
	}{
		{"none", "", 200, nil},
		{"one", "bytes=10-19", 206, []string{"0123456789"}},
		{"suffix", "bytes=-5", 206, []string{"56789"}},
		{"open", "bytes=8995-", 206, []string{"56789"}},
		{"two", "bytes=0-2,10-12", 206, []string{"012", "012"}},
		{"sixteen", many(16, 100), 206, strings.Split(strings.Repeat("0", 16), "")},
		{"seventeen", many(17, 100), 200, nil},
		{"two thousand", many(2000, 4), 200, nil},
		{"overlapping", "bytes=0-,0-", 200, nil},
		{"sixteen bytes", many(16, 1), 206, strings.Split("0123456789012345", "")},
		{"past the end", "bytes=9000-", 416, nil},
		{"not bytes", "lines=1-2", 200, nil},
		{"unreadable", "bytes=x-y", 416, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.rng != "" {
				h.Set("Range", tt.rng)
			}
			var res *http.Response
			returnsWithin(t, func() { res = get(s, "GET", "/range.txt", h) })
			b := body(t, res)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			if len(b) > size {
				t.Errorf("%d bytes sent for a file of %d", len(b), size)
			}
			switch {
			case tt.status == 200 && b != data:
				t.Errorf("not the whole file: %.100q", b)
			case tt.status == 206:
				if got := rangeParts(t, res, b); fmt.Sprint(got) != fmt.Sprint(tt.parts) {
					t.Errorf("parts %q, want %q", got, tt.parts)
				}
			}
		})
	}
}

// TestRangeFraming checks that parts of a small file that would take
// more bytes with their framing than the file are not sent as parts.
func TestRangeFraming(t *testing.T) {
	t.Parallel()
	s := fixture(t)
	res := get(s, "GET", "/robots.txt", http.Header{"Range": {"bytes=0-1,3-4"}})
	if b := body(t, res); res.StatusCode != 200 || b != "User-agent: *\n" {
		t.Errorf("status %d, body %q; want the whole file", res.StatusCode, b)
	}
}

// rangeParts returns the parts of a 206 response with body b.
func rangeParts(t *testing.T, res *http.Response, b string) []string {
	t.Helper()
	mt, params, err := mime.ParseMediaType(res.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	if mt != "multipart/byteranges" {
		return []string{b}
	}
	var parts []string
	r := multipart.NewReader(strings.NewReader(b), params["boundary"])
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			return parts
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, string(data))
	}
}

// TestLargeFile checks that a file too large to hold in memory is sent
// from disk, whole or in ranges, rather than answered with the not-found
// page.
func TestLargeFile(t *testing.T) {
	t.Parallel()
	s := fixture(t)
	const size = maxFileSize + 1<<20
	f, err := os.Create(filepath.Join(s.cfg.Site.Out, "large.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte("end"), size-3); err != nil {
		t.Fatal(err)
	}
	f.Close()

	res := get(s, "GET", "/large.txt", nil)
	n, err := io.Copy(io.Discard, res.Body)
	if err != nil || res.StatusCode != 200 || n != size || res.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("GET: status %d, %d bytes (%v), Content-Type %q; want 200 and %d bytes of text",
			res.StatusCode, n, err, res.Header.Get("Content-Type"), size)
	}
	if res := get(s, "HEAD", "/large.txt", nil); res.Header.Get("Content-Length") != fmt.Sprint(size) {
		t.Errorf("HEAD: Content-Length %q", res.Header.Get("Content-Length"))
	}
	res = get(s, "GET", "/large.txt", http.Header{"Range": {"bytes=-3"}})
	if b := body(t, res); res.StatusCode != 206 || b != "end" {
		t.Errorf("Range: status %d, body %q", res.StatusCode, b)
	}
	if res := get(s, "GET", "/large.txt", http.Header{"If-Modified-Since": {res.Header.Get("Last-Modified")}}); res.StatusCode != 304 {
		t.Errorf("If-Modified-Since: status %d", res.StatusCode)
	}
}

// TestRebuildPanic checks that a build that panics, on the server's
// goroutine or on one of the workers, fails as a build does: the
// server reports it and goes on serving the last good site.
func TestRebuildPanic(t *testing.T) {
	t.Parallel()
	s := fixture(t)
	for _, build := range []func() (*site.Report, error){
		func() (*site.Report, error) { panic("boom") },
		func() (*site.Report, error) {
			parallel.For(100, func(i int) {
				if i == 42 {
					panic("boom")
				}
			})
			return nil, nil
		},
	} {
		s.build = build
		err := s.Rebuild()
		if err == nil || err.Error() != "the build panicked, which is a bug: boom" {
			t.Errorf("Rebuild: %v", err)
		}
		if res := get(s, "GET", "/codes/404", nil); res.StatusCode != 200 {
			t.Errorf("after the panic: status %d", res.StatusCode)
		}
	}
}

// TestRulesNotRegular checks that a netlify.toml or _redirects that is
// no regular file fails the rules at once, rather than making the
// server wait on it.
func TestRulesNotRegular(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"netlify.toml", "_redirects"} {
		s := fixture(t)
		path := s.cfg.Netlify
		if name == "_redirects" {
			path = filepath.Join(s.cfg.Site.Out, name)
		}
		os.Remove(path)
		if err := syscall.Mkfifo(path, 0o644); err != nil {
			t.Fatal(err)
		}
		var err error
		returnsWithin(t, func() { _, err = s.readRules() })
		if want := path + ": is a named pipe, not a regular file (hint: the build reads regular files only)"; err == nil || err.Error() != want {
			t.Errorf("%s: error %v, want %q", name, err, want)
		}
	}
}
