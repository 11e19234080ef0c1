// Package timebound bounds how long a call may take, for the tests that
// feed the build hostile input: a call that outlasts its bound fails, as
// a crash does, where it would otherwise hang the test.
package timebound

import (
	"fmt"
	"time"
)

// PerInput is the bound of each input of a fuzz target. Every input
// within the limits of the files takes milliseconds; the largest takes
// about a second and a half, and no fuzz input is that large.
const PerInput = time.Second

// Run calls f and returns an error if f has not returned after d, in
// which case f goes on running on its own goroutine. A panic of f is
// raised again on the caller's goroutine.
func Run(d time.Duration, f func()) error {
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		f()
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case v := <-done:
		if v != nil {
			panic(v)
		}
		return nil
	case <-timer.C:
		return fmt.Errorf("no return after %v", d)
	}
}
