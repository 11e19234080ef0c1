// Package parallel runs the iterations of a loop on every core: the one
// worker pool that rendering, drawing, minifying and writing share.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(i) for every i from 0 to n-1, on as many goroutines as the
// machine has cores, the caller's among them, and returns when every
// call has. Each goroutine takes the next index not yet taken, so that
// long and short calls even out.
func For(n int, f func(i int)) {
	var next atomic.Int64
	work := func() {
		for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
			f(i)
		}
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}
