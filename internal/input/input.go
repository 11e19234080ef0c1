// Package input opens the files a build is made from: the article and
// codes.yaml, the templates, the assets and netlify.toml.
//
// Each is read through the directory that holds it, which no name can
// lead out of: a symlink is followed only when it is relative and leads
// to a file inside the same directory. Anything but a regular file, such
// as a named pipe, a socket or a device, is refused before it is opened,
// so that the build never waits on one, and a file larger than the
// caller's limit before more than the limit is read. Every refusal is a
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

// Dir is a directory of inputs. It is an fs.FS, and an fs.ReadLinkFS,
// whose Open gives only regular files and directories inside it.
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
// Errors are *diag.Errors at name, as fs.FS errors name the path inside
// the file system.
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
			err = notRegular(fi.Mode())
		}
		return nil, d.refusal(name, err)
	}
	return f, nil
}

// Stat returns the FileInfo of name, following a symlink inside d, or a
// *diag.Error at name when name is neither a directory nor a regular file.
func (d *Dir) Stat(name string) (fs.FileInfo, error) {
	fi, err := fs.Stat(d.fsys, name)
	if err != nil {
		return nil, d.refusal(name, err)
	}
	if !fi.IsDir() && !fi.Mode().IsRegular() {
		return nil, d.refusal(name, notRegular(fi.Mode()))
	}
	return fi, nil
}

// Lstat returns the FileInfo of name itself, a symlink not followed.
func (d *Dir) Lstat(name string) (fs.FileInfo, error) {
	fi, err := d.root.Lstat(name)
	if err != nil {
		return nil, d.refusal(name, err)
	}
	return fi, nil
}

// ReadLink returns the target of the symlink name.
func (d *Dir) ReadLink(name string) (string, error) {
	target, err := d.root.Readlink(name)
	if err != nil {
		return "", d.refusal(name, err)
	}
	return target, nil
}

// ReadDir returns the entries of directory name, sorted by name.
func (d *Dir) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(d.fsys, name)
	if err != nil {
		return nil, d.refusal(name, err)
	}
	return entries, nil
}

// ReadFile is like ReadFS, with errors at d.Path(name).
func (d *Dir) ReadFile(name string, limit int64) ([]byte, error) {
	data, err := ReadFS(d, name, limit)
	var e *diag.Error
	if errors.As(err, &e) {
		e.Path = d.Path(name)
	}
	return data, err
}

// ReadFile reads the regular file at path, at most limit bytes, through
// the directory that holds it, so that a symlink at path is followed
// only to a file beside it or below. Errors are *diag.Errors at path.
func ReadFile(path string, limit int64) ([]byte, error) {
	d, err := Open(filepath.Dir(path))
	if err != nil {
		return nil, &diag.Error{Path: path, Msg: err.Error(), Err: err}
	}
	defer d.Close()
	data, err := ReadFS(d, filepath.Base(path), limit)
	var e *diag.Error
	if errors.As(err, &e) {
		e.Path = path
	}
	return data, err
}

// ReadFS returns the contents of the file name of fsys, which must be a
// regular file of at most limit bytes: anything else is refused before
// it is opened, and a file too large before more than limit bytes are
// read, with the place in it where the limit falls. Errors are
// *diag.Errors at name.
func ReadFS(fsys fs.FS, name string, limit int64) ([]byte, error) {
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, AsError(name, err)
	}
	switch {
	case fi.IsDir():
		if li, err := fs.Lstat(fsys, name); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			return nil, &diag.Error{Path: name, Msg: "is a symlink to a directory, which the build does not follow",
				Hint: "link to each file, or move the directory in"}
		}
		return nil, &diag.Error{Path: name, Msg: "is a directory, not a file"}
	case !fi.Mode().IsRegular():
		return nil, AsError(name, notRegular(fi.Mode()))
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, AsError(name, err)
	}
	defer f.Close()
	// Read one byte past the limit, to tell a file that grew since it
	// was measured, and where the limit falls in one too large.
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, AsError(name, err)
	}
	if int64(len(data)) > limit {
		e := &diag.Error{Path: name, Hint: "split the file or shorten it",
			Msg: fmt.Sprintf("file is %d bytes, over the limit of %d bytes, which falls here", max(fi.Size(), int64(len(data))), limit)}
		e.Line, e.Col = diag.Position(data, int(limit))
		return nil, e
	}
	return data, nil
}

// AsError returns err, met reading name, as a *diag.Error at name, unless
// it is one.
func AsError(name string, err error) error {
	var e *diag.Error
	if errors.As(err, &e) {
		return err
	}
	var nr *notRegularError
	if errors.As(err, &nr) {
		return &diag.Error{Path: name, Msg: nr.Error(), Hint: "the build reads regular files only", Err: err}
	}
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	return &diag.Error{Path: name, Msg: msg, Err: err}
}

// notRegularError is a file that is neither a regular file nor a
// directory.
type notRegularError struct{ kind string }

func (e *notRegularError) Error() string { return "is " + e.kind + ", not a regular file" }

func notRegular(mode fs.FileMode) error {
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

// refusal returns err, met opening name in d, as a *diag.Error at name
// that says why in the reader's words.
func (d *Dir) refusal(name string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if fi, lerr := d.root.Lstat(name); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return &diag.Error{Path: name, Msg: "is a symlink to a file that does not exist", Err: err}
		}
		return &diag.Error{Path: name, Msg: fs.ErrNotExist.Error(), Err: err}
	case !errors.Is(err, fs.ErrPermission) && !errors.Is(err, fs.ErrInvalid):
		// What the system reaches and the directory does not is reached
		// through a symlink out of it.
		if _, serr := os.Stat(d.Path(name)); serr == nil {
			var nr *notRegularError
			if !errors.As(err, &nr) {
				return &diag.Error{Path: name, Msg: "is reached through a symlink that leads outside " + d.path + " or is absolute",
					Hint: "the build follows only relative symlinks to files inside the directory; copy the file in instead", Err: err}
			}
		}
	}
	return AsError(name, err)
}
