package serve

import (
	"io"
	"net/http"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLoad sends 2,000 requests from 50 goroutines over loopback to the
// repository's build: none may fail, and once the server has shut down
// and the client has closed its connections, no goroutine may be left.
// It logs the rate it measured; the rate is not asserted, and
// BenchmarkServe measures it over as many requests as it takes.
func TestLoad(t *testing.T) {
	const total, workers = 2000, 50
	s := repoServer(t, nil)
	css, err := filepath.Glob(filepath.Join(s.cfg.Site.Out, "assets", "style.*.css"))
	if err != nil || len(css) != 1 {
		t.Fatalf("stylesheet: %v %v", css, err)
	}
	targets := []struct {
		path   string
		status int
	}{
		{"/", 200},
		{"/codes/404", 200},
		{"/assets/" + filepath.Base(css[0]), 200},
		{"/codes/418.html", 301},
		{"/500", 301},
		{"/codes/200/", 200},
		{"/no/such/page", 404},
		{"/../etc/passwd", 404},
	}
	before := runtime.NumGoroutine()
	l := start(t, s, nil)

	var issued, failed atomic.Int64
	var firstErr atomic.Value
	begin := time.Now()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := issued.Add(1) - 1
				if i >= total {
					return
				}
				tt := targets[i%int64(len(targets))]
				res, err := l.client.Get(l.base + tt.path)
				if err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				_, err = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if err != nil || res.StatusCode != tt.status {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, tt.path+": "+res.Status)
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(begin)
	t.Logf("%d requests from %d goroutines in %v: %.0f requests/s", total, workers, elapsed.Round(time.Millisecond), total/elapsed.Seconds())
	if n := failed.Load(); n > 0 {
		t.Errorf("%d of %d requests failed; first: %v", n, total, firstErr.Load())
	}

	stopping := time.Now()
	l.stop(t)
	t.Logf("shut down in %v", time.Since(stopping).Round(time.Millisecond))
	deadline := time.Now().Add(wait)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("%d goroutines before the server, %d after its shutdown:\n%s", before, runtime.NumGoroutine(), buf)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// BenchmarkServe measures requests per second for a code page over
// loopback, with as many clients as GOMAXPROCS allows.
func BenchmarkServe(b *testing.B) {
	s := repoServer(b, nil)
	l := start(b, s, nil)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := l.client.Get(l.base + "/codes/404")
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Errorf("status %d", res.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
