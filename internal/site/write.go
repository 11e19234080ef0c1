package site

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"sync"
	"syscall"

	"github.com/httpstatus/site/internal/parallel"
)

// written is what a build wrote into its output directory: each file's
// data and what the file system said of the file right after, so that
// the next build can tell that the file is still as it was written.
type written struct {
	out   string // the output directory, absolute
	files map[string]writtenFile

	chunks *sync.Pool // without files, buffers to read the directory's files in
}

type writtenFile struct {
	data []byte
	info os.FileInfo
}

// reusable returns the path of the file p in the output directory, and
// what the file system says of it, if it holds data and may be linked
// into the new output: the file that last records with that data,
// unchanged since, or, for a directory that last has no record of, a file
// found to hold data.
func (last *written) reusable(p string, data []byte) (string, os.FileInfo, bool) {
	if last == nil {
		return "", nil, false
	}
	old := filepath.Join(last.out, filepath.FromSlash(p))
	if last.files == nil {
		buf := last.chunks.Get().(*[]byte)
		defer last.chunks.Put(buf)
		fi, ok := holds(old, data, *buf)
		return old, fi, ok
	}
	w, ok := last.files[p]
	if !ok || !bytes.Equal(w.data, data) {
		return "", nil, false
	}
	fi, err := os.Lstat(old)
	if err != nil || !os.SameFile(fi, w.info) || !fi.ModTime().Equal(w.info.ModTime()) ||
		fi.Size() != w.info.Size() || fi.Mode() != w.info.Mode() {
		return "", nil, false
	}
	return old, fi, true
}

// holds reports whether the file at p is a regular file that anyone may
// read and only its owner write, as a build writes them, and holds data,
// and returns what the file system says of it. It reads the file into buf.
func holds(p string, data, buf []byte) (os.FileInfo, bool) {
	f, err := os.Open(p)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Mode() != 0o644 || fi.Size() != int64(len(data)) {
		return nil, false
	}
	for {
		n, err := f.Read(buf)
		if n > len(data) || !bytes.Equal(buf[:n], data[:n]) {
			return nil, false
		}
		data = data[n:]
		if err == io.EOF {
			return fi, len(data) == 0
		}
		if err != nil {
			return nil, false
		}
	}
}

// writeTree writes files into a new directory beside out and then swaps
// it in for out. A file that the build recorded in last wrote with the
// same data, and that nothing changed since, is linked into the new
// directory rather than written again. If anything fails before the
// swap, out is untouched and the new directory is removed. It returns
// what it wrote and the directory that holds what out held before, for
// the caller to remove, or "" when out did not exist. Before the swap it
// waits for ready, which a caller that removes earlier outputs
// meanwhile passes.
func writeTree(out string, files []File, last *written, ready func()) (w *written, old string, err error) {
	out = filepath.Clean(out)
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, "", err
	}
	parent, base := filepath.Split(out)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, "", err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-*")
	if err != nil {
		return nil, "", err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, "", err
	}
	if err := makeDirs(tmp, files); err != nil {
		return nil, "", err
	}
	if last != nil && last.out != abs {
		last = nil
	}
	if fi, err := os.Stat(out); last == nil && err == nil && fi.IsDir() {
		// Nothing is known of what the output holds: read it to find the
		// files that need not be written again.
		last = &written{out: abs, chunks: &sync.Pool{New: func() any {
			b := make([]byte, 64<<10)
			return &b
		}}}
	}
	infos := make([]os.FileInfo, len(files))
	errs := make([]error, len(files))
	parallel.For(len(files), func(i int) {
		f := files[i]
		p := filepath.Join(tmp, filepath.FromSlash(f.Path))
		if old, fi, ok := last.reusable(f.Path, f.Data); ok {
			// The link is the same file as old, of the same mode, size
			// and time: what was said of old holds for it.
			if os.Link(old, p) == nil {
				infos[i] = fi
				return
			}
		}
		infos[i], errs[i] = writeFile(p, f.Data)
	})
	w = &written{out: abs, files: make(map[string]writtenFile, len(files))}
	for i, f := range files {
		if errs[i] != nil {
			return nil, "", errs[i]
		}
		w.files[f.Path] = writtenFile{data: f.Data, info: infos[i]}
	}
	ready()
	if old, err = swap(tmp, out); err != nil {
		return nil, "", err
	}
	return w, old, nil
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

// writeFile writes data to a new file at p and returns what the file
// system says of it. It calls the system itself: os.OpenFile would also
// try, and fail, to add each regular file to the runtime's poller, which
// takes five system calls more per file, a fifth of the time it takes to
// write a file of the site.
func writeFile(p string, data []byte) (os.FileInfo, error) {
	fd, err := syscall.Open(p, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: p, Err: err}
	}
	for len(data) > 0 {
		n, werr := syscall.Write(fd, data)
		if werr == syscall.EINTR {
			continue
		}
		if werr == nil && n <= 0 {
			werr = io.ErrShortWrite
		}
		if werr != nil {
			err = &os.PathError{Op: "write", Path: p, Err: werr}
			break
		}
		data = data[n:]
	}
	if cerr := syscall.Close(fd); err == nil && cerr != nil {
		err = &os.PathError{Op: "close", Path: p, Err: cerr}
	}
	if err != nil {
		return nil, err
	}
	return os.Lstat(p)
}

// swap moves dir into out's place and returns where what out held
// before went, or "" if out did not exist.
func swap(dir, out string) (string, error) {
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
