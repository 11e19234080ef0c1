//go:build unix

package cache

import (
	"os"
	"syscall"
)

// mapFile maps the file at path into memory, read-only, or returns nil
// for an empty file.
func mapFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return nil, err
	}
	return syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_PRIVATE)
}

// unmap ends a mapping that mapFile made.
func unmap(b []byte) error { return syscall.Munmap(b) }
