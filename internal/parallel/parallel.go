// Package parallel runs the iterations of a loop on every core: the one
// worker pool that rendering, drawing, minifying and writing share.
package parallel

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// For calls f(i) for every i from 0 to n-1, on as many goroutines as the
// machine has cores, the caller's among them, and returns when every
// call has. Each goroutine takes the next index not yet taken, so that
// long and short calls even out.
//
// A call that panics stops its goroutine; once the others are done, For
// panics on the caller's goroutine with a *Panic, so that the caller
// can recover from it as from a panic of its own.
func For(n int, f func(i int)) {
	var next atomic.Int64
	var failed atomic.Pointer[Panic]
	work := func() {
		defer func() {
			if v := recover(); v != nil {
				failed.CompareAndSwap(nil, &Panic{Value: v, Stack: debug.Stack()})
			}
		}()
		for i := int(next.Add(1) - 1); i < n && failed.Load() == nil; i = int(next.Add(1) - 1) {
			f(i)
		}
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	if p := failed.Load(); p != nil {
		panic(p)
	}
}

// Panic is a panic of one of For's calls.
type Panic struct {
	Value any    // what the call panicked with
	Stack []byte // the stack of its goroutine when it did
}

func (p *Panic) Error() string { return fmt.Sprintf("panic: %v\n\n%s", p.Value, p.Stack) }
