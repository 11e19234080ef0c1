//go:build !unix

package cache

import "os"

// mapFile reads the file at path: this system has no mapping the cache uses.
func mapFile(path string) ([]byte, error) { return os.ReadFile(path) }

// unmap does nothing to what mapFile read.
func unmap([]byte) error { return nil }
