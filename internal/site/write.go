package site

import (
	"fmt"
	"os"
	"path/filepath"
)

// writeTree writes files into a new directory beside out and then swaps
// it in for out. If anything fails before the swap, out is untouched and
// the new directory is removed.
func writeTree(out string, files []File) (err error) {
	out = filepath.Clean(out)
	parent, base := filepath.Split(out)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		if err := writeFile(tmp, f); err != nil {
			return err
		}
	}
	return swap(tmp, out)
}

// writeFile writes f under dir, creating its parent directories.
func writeFile(dir string, f File) error {
	p := filepath.Join(dir, filepath.FromSlash(f.Path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, f.Data, 0o644)
}

// swap moves dir into out's place and removes what out held before.
func swap(dir, out string) error {
	old := dir + ".old"
	hadOld := true
	if err := os.Rename(out, old); err != nil {
		if !os.IsNotExist(err) {
			return fmt.Errorf("replace %s: %w", out, err)
		}
		hadOld = false
	}
	if err := os.Rename(dir, out); err != nil {
		if hadOld {
			os.Rename(old, out)
		}
		return fmt.Errorf("replace %s: %w", out, err)
	}
	if hadOld {
		return os.RemoveAll(old)
	}
	return nil
}
