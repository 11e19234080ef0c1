package cache

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// counter returns a create function that returns data and counts its calls.
func counter(data string, n *int) func() ([]byte, error) {
	return func() ([]byte, error) {
		*n++
		return []byte(data), nil
	}
}

func mustOpen(t *testing.T, dir, version string) *Cache {
	t.Helper()
	c, err := open(dir, version)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func get(t *testing.T, c *Cache, k Key, create func() ([]byte, error)) string {
	t.Helper()
	b, err := c.Get(k, create, nil)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestKey(t *testing.T) {
	c := mustOpen(t, "", "v1")
	keys := map[Key]string{}
	for name, k := range map[string]Key{
		`"ab","c"`:      c.Key("k", []byte("ab"), []byte("c")),
		`"a","bc"`:      c.Key("k", []byte("a"), []byte("bc")),
		`"abc"`:         c.Key("k", []byte("abc")),
		`other kind`:    c.Key("j", []byte("ab"), []byte("c")),
		`other version`: mustOpen(t, "", "v2").Key("k", []byte("ab"), []byte("c")),
	} {
		if other, ok := keys[k]; ok {
			t.Errorf("%s and %s share a key", name, other)
		}
		keys[k] = name
	}
	if c.Key("k", []byte("x")) != c.Key("k", []byte("x")) {
		t.Error("the same input gives two keys")
	}
}

// TestMemory checks that a value is made once, kept while builds ask for
// it, and forgotten after a Sweep that followed a build that did not.
func TestMemory(t *testing.T) {
	c := mustOpen(t, "", "v")
	k := c.Key("k", []byte("x"))
	n := 0
	for range 3 {
		if got := get(t, c, k, counter("x!", &n)); got != "x!" {
			t.Fatalf("Get = %q", got)
		}
	}
	c.Sweep() // x was used: kept
	get(t, c, k, counter("x!", &n))
	if n != 1 {
		t.Errorf("made %d times, want once", n)
	}
	c.Sweep()
	c.Sweep() // a build that did not ask for x
	get(t, c, k, counter("x!", &n))
	if n != 2 {
		t.Errorf("made %d times after it went unused, want twice", n)
	}
}

func TestNil(t *testing.T) {
	var c *Cache
	n := 0
	get(t, c, c.Key("k"), counter("a", &n))
	get(t, c, c.Key("k"), counter("a", &n))
	c.Sweep()
	if err := c.Prune(0); err != nil || n != 2 {
		t.Errorf("nil cache: made %d times, Prune = %v; want 2, nil", n, err)
	}
}

func TestCreateFails(t *testing.T) {
	c := mustOpen(t, t.TempDir(), "v")
	k := c.Key("k")
	boom := errors.New("boom")
	if _, err := c.Get(k, func() ([]byte, error) { return nil, boom }, nil); err != boom {
		t.Fatalf("err = %v, want boom", err)
	}
	n := 0
	if get(t, c, k, counter("ok", &n)); n != 1 {
		t.Error("a failed create was kept")
	}
}

// TestDisk checks that another Cache of the same directory and version
// reads what the first wrote, and one of another version does not.
func TestDisk(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	n := 0
	first := mustOpen(t, dir, "v1")
	get(t, first, first.Key("k", []byte("x")), counter("x!", &n))
	same := mustOpen(t, dir, "v1")
	if got := get(t, same, same.Key("k", []byte("x")), counter("other", &n)); got != "x!" || n != 1 {
		t.Errorf("same version: Get = %q after %d makes; want the kept %q, made once", got, n, "x!")
	}
	rebuilt := mustOpen(t, dir, "v2")
	if got := get(t, rebuilt, rebuilt.Key("k", []byte("x")), counter("new", &n)); got != "new" || n != 2 {
		t.Errorf("other version: Get = %q after %d makes; want %q made anew", got, n, "new")
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("cache directory: %v, %v; want mode 0700", fi.Mode(), err)
	}
}

// TestDamaged checks that an entry whose file is not whole, or that the
// caller rejects, is made again, and its file replaced.
func TestDamaged(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, path string, c *Cache)
		valid  func([]byte) bool
		stays  bool // the damage cannot be written over
	}{
		{"empty", func(t *testing.T, p string, _ *Cache) { write(t, p, nil) }, nil, false},
		{"cut short", func(t *testing.T, p string, _ *Cache) { write(t, p, read(t, p)[:len(read(t, p))-1]) }, nil, false},
		{"header only", func(t *testing.T, p string, _ *Cache) { write(t, p, []byte(fileHeader)) }, nil, false},
		{"byte flipped", func(t *testing.T, p string, _ *Cache) {
			b := read(t, p)
			b[len(b)-1] ^= 1
			write(t, p, b)
		}, nil, false},
		{"another entry's file", func(t *testing.T, p string, c *Cache) {
			write(t, p, encode(c.Key("k", []byte("other")), []byte("planted")))
		}, nil, false},
		{"a directory", func(t *testing.T, p string, _ *Cache) {
			os.Remove(p)
			if err := os.Mkdir(p, 0o700); err != nil {
				t.Fatal(err)
			}
		}, nil, true},
		{"rejected by the caller", func(*testing.T, string, *Cache) {}, func(b []byte) bool { return string(b) != "x!" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			c := mustOpen(t, dir, "v")
			k := c.Key("k", []byte("x"))
			n := 0
			get(t, c, k, counter("x!", &n))
			tt.damage(t, c.path(k), c)
			again := mustOpen(t, dir, "v")
			got, err := again.Get(k, counter("made again", &n), tt.valid)
			if err != nil || string(got) != "made again" || n != 2 {
				t.Fatalf("Get = %q, %v after %d makes; want it made again", got, err, n)
			}
			if tt.valid != nil || tt.stays {
				return
			}
			third := mustOpen(t, dir, "v")
			if got := get(t, third, k, counter("third", &n)); got != "made again" {
				t.Errorf("after the damage, the file holds %q, want the value made again", got)
			}
		})
	}
}

// TestPrune checks that Prune removes the oldest entries first, down to
// the limit, and the temporary files of runs long gone, and that it does
// nothing after a run that wrote nothing.
func TestPrune(t *testing.T) {
	dir := t.TempDir()
	c := mustOpen(t, dir, "v")
	n := 0
	now := time.Now()
	var keys []Key
	for i, name := range []string{"oldest", "older", "newer", "newest"} {
		k := c.Key("k", []byte(name))
		keys = append(keys, k)
		get(t, c, k, counter(name+" 0123456789", &n))
		age := now.Add(-time.Duration(4-i) * time.Hour)
		if err := os.Chtimes(c.path(k), age, age); err != nil {
			t.Fatal(err)
		}
	}
	stale, fresh := filepath.Join(dir, ".tmp-stale"), filepath.Join(dir, ".tmp-fresh")
	write(t, stale, []byte("x"))
	write(t, fresh, []byte("x"))
	old := now.Add(-2 * time.Hour)
	os.Chtimes(stale, old, old)
	size := fileSize(t, c.path(keys[2])) + fileSize(t, c.path(keys[3]))
	if err := c.Prune(size); err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{false, false, true, true} {
		if _, err := os.Stat(c.path(keys[i])); (err == nil) != want {
			t.Errorf("entry %d kept = %v, want %v", i, err == nil, want)
		}
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("a temporary file two hours old is kept")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a temporary file of a run that may still go on is removed")
	}
	// Nothing was written since: Prune leaves even an over-full directory.
	if err := c.Prune(0); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(c.path(keys[3])); err != nil {
		t.Error("Prune after a run that wrote nothing removed an entry")
	}
}

// TestPruneSeldom checks that a long-lived Cache lists its directory again
// only once a sixteenth of the limit was written since it last did.
func TestPruneSeldom(t *testing.T) {
	dir := t.TempDir()
	c := mustOpen(t, dir, "v")
	const limit = 16 * 200
	n := 0
	first := c.Key("k", []byte("first"))
	get(t, c, first, counter(string(make([]byte, 3000)), &n))
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(c.path(first), old, old); err != nil {
		t.Fatal(err)
	}
	if err := c.Prune(limit); err != nil {
		t.Fatal(err)
	}
	entries := func() int {
		es, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	// A few bytes more put the directory over the limit, but are too
	// few for Prune to look.
	get(t, c, c.Key("k", []byte("second")), counter("0123456789", &n))
	if err := c.Prune(limit); err != nil || entries() != 2 {
		t.Fatalf("Prune after a small write: %v, %d entries; want both kept", err, entries())
	}
	get(t, c, c.Key("k", []byte("third")), counter(string(make([]byte, limit/16)), &n))
	if err := c.Prune(limit); err != nil || entries() != 2 {
		t.Errorf("Prune after a sixteenth of the limit: %v, %d entries; want the oldest removed", err, entries())
	}
	if _, err := os.Stat(c.path(first)); !os.IsNotExist(err) {
		t.Errorf("the oldest entry: %v; want it removed", err)
	}
}

func read(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func write(t *testing.T, p string, b []byte) {
	t.Helper()
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func fileSize(t *testing.T, p string) int64 {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
