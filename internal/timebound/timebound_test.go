package timebound

import (
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	if err := Run(time.Minute, func() {}); err != nil {
		t.Errorf("a call that returns at once: %v", err)
	}
	block := make(chan struct{})
	defer close(block)
	if err := Run(time.Millisecond, func() { <-block }); err == nil || err.Error() != "no return after 1ms" {
		t.Errorf("a call that never returns: %v", err)
	}
	defer func() {
		if v := recover(); v != "boom" {
			t.Errorf("recovered %v, want the call's panic", v)
		}
	}()
	Run(time.Minute, func() { panic("boom") })
	t.Error("a call that panics returned")
}
