//go:build !linux

package site

import "errors"

// exchange reports that this system cannot swap two directories in one step.
func exchange(a, b string) error { return errors.ErrUnsupported }
