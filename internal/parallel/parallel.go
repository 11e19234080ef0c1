// Package parallel runs the iterations of a loop on every core: the one
// worker pool that parsing, rendering, minifying and writing share.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(i) for every i from 0 to n-1, on as many goroutines as the
// machine has cores, the caller's among them, and returns when every
// call has.
//
// The indices are cut into one block per goroutine. Each goroutine takes
// the next index of its own block, then helps with the blocks after it,
// so long and short calls even out while neighbouring indices mostly run
// on the same goroutine: files written in sorted order, for one, then
// seldom wait for a directory another goroutine is adding to.
func For(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 0 {
		return
	}
	start := func(block int) int64 { return int64(block * n / workers) }
	next := make([]atomic.Int64, workers) // the next index of each block
	for b := range next {
		next[b].Store(start(b))
	}
	work := func(w int) {
		for k := range workers {
			b := (w + k) % workers
			end := start(b + 1)
			for i := next[b].Add(1) - 1; i < end; i = next[b].Add(1) - 1 {
				f(int(i))
			}
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Go(func() { work(w) })
	}
	work(0)
	wg.Wait()
}
