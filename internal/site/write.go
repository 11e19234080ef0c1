package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/httpstatus/site/internal/parallel"
)

// writeTree writes files into a new directory beside out, then swaps it
// in for out. If anything fails before the swap, out is untouched and
// the new directory is removed. It holds a lock on the directory that
// holds out meanwhile, so that builds into it take turns, and first
// removes the new directories that a killed build left there. Once the
// swap is done, failing to remove the tree out held before with remove,
// such as os.RemoveAll, is a *leftOverError.
func writeTree(out string, files []File, remove func(string) error) (err error) {
	for _, f := range files {
		if !isLocal(f.Path) {
			return fmt.Errorf("the file %q would be written outside the output directory", f.Path)
		}
	}
	out = filepath.Clean(out)
	parent, base := filepath.Split(out)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	unlock, err := lock(parent)
	if err != nil {
		return err
	}
	defer unlock()
	prefix := "." + base + ".new-"
	if err := removeLeftovers(parent, prefix); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, prefix+"*")
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
	if err := makeDirs(tmp, files); err != nil {
		return err
	}
	errs := make([]error, len(files))
	parallel.For(len(files), func(i int) {
		errs[i] = os.WriteFile(filepath.Join(tmp, filepath.FromSlash(files[i].Path)), files[i].Data, 0o644)
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	old, err := swap(tmp, out)
	if err != nil {
		return err
	}
	if old != "" {
		if err := remove(old); err != nil {
			return &leftOverError{dir: old, err: err}
		}
	}
	return nil
}

// isLocal reports whether p, a slash-separated path, names a file inside
// the directory it is taken in: no "..", no leading slash, no empty or
// "." element and no backslash, which Windows takes for a slash.
func isLocal(p string) bool {
	return fs.ValidPath(p) && p != "." && !strings.Contains(p, "\\")
}

// leftOverError is a tree that a build replaced but could not remove.
type leftOverError struct {
	dir string
	err error
}

func (e *leftOverError) Error() string {
	return fmt.Sprintf("the previous output, moved to %s, could not be removed: %v", e.dir, e.err)
}

func (e *leftOverError) Unwrap() error { return e.err }

// lock takes an exclusive lock on dir, waiting for another holder to
// release it, and returns what releases it. The system releases it too
// when the process ends, however it ends.
func lock(dir string) (unlock func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	return func() { f.Close() }, nil
}

// removeLeftovers removes the entries of dir whose names start with
// prefix: trees that a build killed before its swap left behind.
func removeLeftovers(dir, prefix string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// makeDirs creates under dir every directory that files lie in.
func makeDirs(dir string, files []File) error {
	seen := map[string]bool{".": true}
	var dirs []string
	for _, f := range files {
		for d := path.Dir(f.Path); !seen[d]; d = path.Dir(d) {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	sort.Strings(dirs) // parents first
	for _, d := range dirs {
		if err := os.Mkdir(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil {
			return err
		}
	}
	return nil
}

// swap puts dir in out's place and returns where what out held went, or
// "" if out did not exist. Where the system can, the two trade places in
// one step, so that out is never missing.
func swap(dir, out string) (string, error) {
	if exchange(dir, out) == nil {
		return dir, nil
	}
	old := dir + ".old"
	if err := os.Rename(out, old); err != nil {
		if !os.IsNotExist(err) {
			return "", fmt.Errorf("replace %s: %w", out, err)
		}
		old = ""
	}
	if err := os.Rename(dir, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		return "", fmt.Errorf("replace %s: %w", out, err)
	}
	return old, nil
}
