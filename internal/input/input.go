// Package input opens the files a build is made from: the article and
// codes.yaml, the templates, the assets and netlify.toml.
//
// Each is read through the directory that holds it, which no name can
// lead out of: a symlink is followed only when it is relative and leads
// to a file inside the same directory. Anything but a regular file, such
// as a named pipe, a socket or a device, is refused before it is opened,
// so that the build never waits on one, and so is a file larger than the
// caller's limit, before any of it is read. Every refusal is a
// *diag.Error naming the file.
package input

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/httpstatus/site/internal/diag"
)

// Dir is a directory of inputs. It is an fs.FS whose Open gives only
// regular files and directories inside it.
type Dir struct {
	path string // as given, for messages
	root *os.Root
	fsys fs.FS // root's
}

// Open opens the directory at path.
func Open(path string) (*Dir, error) {
	root, err := os.OpenRoot(path)
	if err != nil {
		return nil, err
	}
	return &Dir{path: path, root: root, fsys: root.FS()}, nil
}

// Close closes the directory.
func (d *Dir) Close() error { return d.root.Close() }

// Path returns the name of file name of the directory, for messages:
// the directory's path as given to Open joined with name.
func (d *Dir) Path(name string) string { return filepath.Join(d.path, filepath.FromSlash(name)) }

// Open opens file name, a slash-separated path inside d, when it is a
// directory or a regular file. A named pipe, a device or a socket is
// refused without being opened, as is a symlink that leads outside d.
// Errors are *diag.Errors at d.Path(name).
func (d *Dir) Open(name string) (fs.File, error) {
	fi, err := d.Stat(name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return d.fsys.Open(name)
	}
	// O_NONBLOCK keeps the open from waiting should a named pipe take the
	// place of the file meanwhile; on a regular file it changes nothing.
	f, err := d.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, d.refusal(name, err)
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = notRegular(name, fi.Mode())
		}
		return nil, d.refusal(name, err)
	}
	return f, nil
}

// Stat returns the FileInfo of name, following a symlink inside d, or a
// *diag.Error when name is neither a directory nor a regular file.
func (d *Dir) Stat(name string) (fs.FileInfo, error) {
	fi, err := fs.Stat(d.fsys, name)
	if err != nil {
		return nil, d.refusal(name, err)
	}
	if !fi.IsDir() && !fi.Mode().IsRegular() {
		return nil, d.refusal(name, notRegular(name, fi.Mode()))
	}
	return fi, nil
}

// ReadDir returns the entries of directory name, sorted by name.
func (d *Dir) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(d.fsys, name)
	if err != nil {
		return nil, d.refusal(name, err)
	}
	return entries, nil
}

// ReadFile returns the contents of the regular file name, at most limit
// bytes: a larger file is refused before any of it is read, with the
// place in it where the limit falls.
func (d *Dir) ReadFile(name string, limit int64) ([]byte, error) {
	f, err := d.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, d.refusal(name, err)
	}
	if fi.IsDir() {
		return nil, &diag.Error{Path: d.Path(name), Msg: "is a directory, not a file"}
	}
	if fi.Size() > limit {
		return nil, d.tooLarge(f, name, fi.Size(), limit)
	}
	// The size may grow while the file is read: read one byte past the
	// limit to tell.
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, d.refusal(name, err)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(d.Path(name), data, int64(len(data)), limit)
	}
	return data, nil
}

// tooLarge returns the error for file name of size bytes, over limit,
// reading the first byte past the limit and those before to tell where
// the limit falls.
func (d *Dir) tooLarge(f fs.File, name string, size, limit int64) error {
	head, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return d.refusal(name, err)
	}
	return tooLarge(d.Path(name), head, size, limit)
}

// tooLarge returns the error for the file at path whose first bytes are
// head, up to the one past the limit: size bytes, over limit.
func tooLarge(path string, head []byte, size, limit int64) error {
	e := &diag.Error{Path: path,
		Msg:  fmt.Sprintf("file is %d bytes, over the limit of %d bytes, which falls here", size, limit),
		Hint: "split the file or shorten it"}
	e.Line, e.Col = diag.Position(head, int(limit))
	return e
}

// ReadFile reads the regular file at path, at most limit bytes, through
// the directory that holds it: a symlink at path is followed only to a
// file beside it or below.
func ReadFile(path string, limit int64) ([]byte, error) {
	d, err := Open(filepath.Dir(path))
	if err != nil {
		return nil, &diag.Error{Path: path, Msg: err.Error(), Err: err}
	}
	defer d.Close()
	data, err := d.ReadFile(filepath.Base(path), limit)
	var e *diag.Error
	if errors.As(err, &e) {
		e.Path = path // as given, without the "./" that filepath.Join drops
	}
	return data, err
}

// notRegularError is a file that is neither a regular file nor a
// directory.
type notRegularError struct{ kind string }

func (e *notRegularError) Error() string { return "is " + e.kind + ", not a regular file" }

func notRegular(name string, mode fs.FileMode) error {
	kind := "a special file"
	switch {
	case mode&fs.ModeNamedPipe != 0:
		kind = "a named pipe"
	case mode&fs.ModeSocket != 0:
		kind = "a socket"
	case mode&fs.ModeCharDevice != 0:
		kind = "a character device"
	case mode&fs.ModeDevice != 0:
		kind = "a device"
	case mode&fs.ModeIrregular != 0:
		kind = "an irregular file"
	}
	return &notRegularError{kind}
}

// refusal returns err, met reading name, as a *diag.Error that says why
// in the reader's words.
func (d *Dir) refusal(name string, err error) error {
	var e *diag.Error
	if errors.As(err, &e) {
		return err
	}
	path := d.Path(name)
	var nr *notRegularError
	switch {
	case errors.As(err, &nr):
		return &diag.Error{Path: path, Msg: nr.Error(), Hint: "the build reads regular files only", Err: err}
	case errors.Is(err, fs.ErrNotExist):
		if fi, lerr := d.root.Lstat(name); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return &diag.Error{Path: path, Msg: "is a symlink to a file that does not exist", Err: err}
		}
		return &diag.Error{Path: path, Msg: fs.ErrNotExist.Error(), Err: err}
	case !errors.Is(err, fs.ErrPermission) && !errors.Is(err, fs.ErrInvalid):
		// What the system reaches and the directory does not is reached
		// through a symlink out of it.
		if _, serr := os.Stat(path); serr == nil {
			return &diag.Error{Path: path, Msg: "is reached through a symlink that leads outside " + d.path + " or is absolute",
				Hint: "the build follows only relative symlinks to files inside the directory; copy the file in instead", Err: err}
		}
	}
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	return &diag.Error{Path: path, Msg: msg, Err: err}
}
