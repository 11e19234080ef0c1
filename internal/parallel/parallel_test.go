package parallel

import (
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// TestFor checks that every index is visited exactly once, for loops
// shorter and longer than the number of cores, and on one core.
func TestFor(t *testing.T) {
	for _, procs := range []int{1, 4} {
		old := runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 3, 1000} {
			seen := make([]atomic.Int32, n)
			For(n, func(i int) { seen[i].Add(1) })
			for i := range seen {
				if c := seen[i].Load(); c != 1 {
					t.Errorf("GOMAXPROCS %d, n %d: index %d visited %d times", procs, n, i, c)
				}
			}
		}
		runtime.GOMAXPROCS(old)
	}
}

// TestForPanic checks that a call that panics on another goroutine
// panics on the caller's, where it can be recovered from, with what the
// call panicked with.
func TestForPanic(t *testing.T) {
	old := runtime.GOMAXPROCS(4)
	defer runtime.GOMAXPROCS(old)
	for _, at := range []int{0, 7, 999} {
		var p *Panic
		func() {
			defer func() { p, _ = recover().(*Panic) }()
			For(1000, func(i int) {
				if i == at {
					panic(fmt.Sprintf("boom at %d", i))
				}
			})
		}()
		if p == nil || p.Value != fmt.Sprintf("boom at %d", at) || !strings.Contains(string(p.Stack), "parallel_test.go") {
			t.Errorf("panic at %d: recovered %v", at, p)
		}
	}
}
