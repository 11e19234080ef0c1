package input

import (
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/httpstatus/site/internal/timebound"
)

// hangGuard bounds a call that must return at once: opening a named pipe
// for reading would wait for a writer forever.
const hangGuard = 10 * time.Second

// fixture returns a directory holding every kind of file the build may
// meet, and a file outside it that symlinks inside lead to.
func fixture(t *testing.T) string {
	t.Helper()
	base := t.TempDir()
	dir := filepath.Join(base, "in")
	for name, data := range map[string]string{
		"a.md":        "one\ntwo\nthree\n",
		"sub/b.md":    "b",
		"big.md":      strings.Repeat("x", 30) + "\n" + strings.Repeat("é", 30) + "\n",
		"../out.md":   "outside",
		"../outdir/c": "c",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, target := range map[string]string{
		"link.md":     "a.md",
		"sublink.md":  "sub/b.md",
		"up.md":       "../out.md",
		"abs.md":      filepath.Join(dir, "a.md"),
		"dangling.md": "nowhere.md",
		"outdir":      "../outdir",
		"pipelink.md": "pipe.md",
		"subdir":      "sub",
	} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", filepath.Join(dir, "sock.md"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return dir
}

// TestReadFile reads every kind of file through its directory: regular
// files and symlinks to them inside the directory are read, anything
// else is refused at once with a message naming the file.
func TestReadFile(t *testing.T) {
	dir := fixture(t)
	tests := []struct {
		name  string
		limit int64
		data  string // when read
		err   string // the whole message, with "D" for the directory
	}{
		{"a.md", 100, "one\ntwo\nthree\n", ""},
		{"sub/b.md", 100, "b", ""},
		{"link.md", 100, "one\ntwo\nthree\n", ""},
		{"sublink.md", 100, "b", ""},
		{"a.md", 13, "", "D/a.md:3:6: file is 14 bytes, over the limit of 13 bytes, which falls here (hint: split the file or shorten it)"},
		{"a.md", 9, "", "D/a.md:3:2: file is 14 bytes, over the limit of 9 bytes, which falls here (hint: split the file or shorten it)"},
		{"big.md", 70, "", "D/big.md:2:20: file is 92 bytes, over the limit of 70 bytes, which falls here (hint: split the file or shorten it)"},
		{"pipe.md", 100, "", "D/pipe.md: is a named pipe, not a regular file (hint: the build reads regular files only)"},
		{"pipelink.md", 100, "", "D/pipelink.md: is a named pipe, not a regular file (hint: the build reads regular files only)"},
		{"sock.md", 100, "", "D/sock.md: is a socket, not a regular file (hint: the build reads regular files only)"},
		{"sub", 100, "", "D/sub: is a directory, not a file"},
		{"subdir", 100, "", "D/subdir: is a symlink to a directory, which the build does not follow (hint: link to each file, or move the directory in)"},
		{"up.md", 100, "", "D/up.md: is reached through a symlink that leads outside D or is absolute (hint: the build follows only relative symlinks to files inside the directory; copy the file in instead)"},
		{"abs.md", 100, "", "D/abs.md: is reached through a symlink that leads outside D or is absolute (hint: the build follows only relative symlinks to files inside the directory; copy the file in instead)"},
		{"dangling.md", 100, "", "D/dangling.md: is a symlink to a file that does not exist"},
		{"missing.md", 100, "", "D/missing.md: file does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var data []byte
			var err error
			if err := timebound.Run(hangGuard, func() { data, err = ReadFile(filepath.Join(dir, tt.name), tt.limit) }); err != nil {
				t.Fatalf("ReadFile(%s): %v", tt.name, err)
			}
			got := ""
			if err != nil {
				got = strings.ReplaceAll(err.Error(), dir, "D")
			}
			if got != tt.err {
				t.Errorf("error:\n got %q\nwant %q", got, tt.err)
			}
			if string(data) != tt.data {
				t.Errorf("data = %q, want %q", data, tt.data)
			}
		})
	}
}

// TestDirFS checks that the directory, as an fs.FS, lists every entry
// but opens only directories and regular files inside it.
func TestDirFS(t *testing.T) {
	d, err := Open(fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	entries, err := d.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 13 {
		t.Errorf("%d entries, want 13", len(entries))
	}
	for name, ok := range map[string]bool{"a.md": true, "sub": true, "link.md": true, "sub/b.md": true,
		"pipe.md": false, "up.md": false, "sock.md": false, "outdir": false, "outdir/c": false} {
		f, err := d.Open(name)
		if err == nil {
			f.Close()
		}
		if (err == nil) != ok {
			t.Errorf("Open(%s): err = %v, want it to open: %v", name, err, ok)
		}
		if err != nil && !strings.HasPrefix(err.Error(), name+": ") {
			t.Errorf("Open(%s): err = %v, want it at the name inside the directory", name, err)
		}
	}
}

// TestReadFS reads files of any fs.FS: a regular file within the limit,
// and nothing else.
func TestReadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"a.txt":    {Data: []byte("abc\ndef\n")},
		"pipe":     {Mode: fs.ModeNamedPipe},
		"dev":      {Mode: fs.ModeDevice},
		"dir/b":    {Data: []byte("b")},
		"huge.txt": {Data: []byte(strings.Repeat("ab\n", 100))},
	}
	tests := []struct {
		name  string
		limit int64
		data  string
		err   string
	}{
		{"a.txt", 8, "abc\ndef\n", ""},
		{"a.txt", 7, "", "a.txt:2:4: file is 8 bytes, over the limit of 7 bytes, which falls here (hint: split the file or shorten it)"},
		{"huge.txt", 10, "", "huge.txt:4:2: file is 300 bytes, over the limit of 10 bytes, which falls here (hint: split the file or shorten it)"},
		{"pipe", 8, "", "pipe: is a named pipe, not a regular file (hint: the build reads regular files only)"},
		{"dev", 8, "", "dev: is a device, not a regular file (hint: the build reads regular files only)"},
		{"dir", 8, "", "dir: is a directory, not a file"},
		{"nope", 8, "", "nope: file does not exist"},
	}
	for _, tt := range tests {
		data, err := ReadFS(fsys, tt.name, tt.limit)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.err || string(data) != tt.data {
			t.Errorf("ReadFS(%s, %d) = %q, %q; want %q, %q", tt.name, tt.limit, data, got, tt.data, tt.err)
		}
	}
}
