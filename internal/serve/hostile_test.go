package serve

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/httpstatus/site/internal/parallel"
	"github.com/httpstatus/site/internal/site"
)

// hangGuard bounds a call in the tests of hostile requests and files. It
// is a guard against one that never returns, not a measure of speed.
const hangGuard = time.Minute

// returnsWithin calls f, failing the test if it has not returned after hangGuard.
func returnsWithin(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(hangGuard):
		t.Fatalf("no return after %v", hangGuard)
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
