package cache

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

func TestNewKey(t *testing.T) {
	keys := map[Key]string{}
	for _, tt := range []struct {
		name   string
		kind   string
		inputs []string
	}{
		{"one input", "card", []string{"abc"}},
		{"split differently", "card", []string{"ab", "c"}},
		{"split again", "card", []string{"a", "bc"}},
		{"another kind", "highlight", []string{"abc"}},
		{"kind and input swapped", "abc", []string{"card"}},
		{"empty input", "card", []string{"abc", ""}},
		{"no input", "card", nil},
	} {
		k := NewKey(tt.kind, tt.inputs...)
		if other, ok := keys[k]; ok {
			t.Errorf("%s has the key of %s", tt.name, other)
		}
		keys[k] = tt.name
		if NewKey(tt.kind, tt.inputs...) != k {
			t.Errorf("%s: two keys of the same inputs differ", tt.name)
		}
	}
}

// TestHasher checks that a Hasher given strings makes NewKey's key, and
// that values of other kinds, or written in other orders, hash apart.
func TestHasher(t *testing.T) {
	h := NewHasher()
	for _, s := range []string{"card", "ab", "c"} {
		h.String(s)
	}
	if h.Key() != NewKey("card", "ab", "c") {
		t.Error("a Hasher given card, ab and c differs from NewKey(card, ab, c)")
	}
	keys := map[Key]string{}
	for name, write := range map[string]func(h *Hasher){
		"ints 1, 2":     func(h *Hasher) { h.Int(1); h.Int(2) },
		"ints 2, 1":     func(h *Hasher) { h.Int(2); h.Int(1) },
		"int 12":        func(h *Hasher) { h.Int(12) },
		"bools":         func(h *Hasher) { h.Bool(true); h.Bool(false) },
		"bytes 1, 2":    func(h *Hasher) { h.Bytes([]byte{1, 2}) },
		"bytes 1 and 2": func(h *Hasher) { h.Bytes([]byte{1}); h.Bytes([]byte{2}) },
		"nothing":       func(h *Hasher) {},
	} {
		h := NewHasher()
		write(h)
		if other, ok := keys[h.Key()]; ok {
			t.Errorf("%s hashes like %s", name, other)
		}
		keys[h.Key()] = name
	}
}

// openTest opens a cache for the program named name in root.
func openTest(t *testing.T, root, name string) *Cache {
	t.Helper()
	c, err := openDir(root, name, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// openModes are the two ways a Cache reads its packs: reading them or,
// as OpenMapped's does, mapping them.
var openModes = []struct {
	name   string
	mapped bool
}{{"read", false}, {"mapped", true}}

// openMode is openTest, with packs that map their files when mapped is
// set. The test closes the cache when it ends.
func openMode(t *testing.T, root, name string, mapped bool) *Cache {
	t.Helper()
	c := openTest(t, root, name)
	c.mapped = mapped
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Error(err)
		}
	})
	return c
}

func TestPackRoundTrip(t *testing.T) {
	for _, m := range openModes {
		t.Run(m.name, func(t *testing.T) { testPackRoundTrip(t, m.mapped) })
	}
}

func testPackRoundTrip(t *testing.T, mapped bool) {
	c := openMode(t, t.TempDir(), "p-test", mapped)
	a, b := NewKey("t", "a"), NewKey("t", "b")
	p := c.Pack("things")
	if _, ok := p.Get(a); ok {
		t.Fatal("an empty pack has an entry")
	}
	p.Put(a, []byte("alpha"))
	p.Put(b, []byte("beta"))
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}

	// The next run uses only a and adds n: the pack it saves keeps b only
	// when Spare leaves room for it.
	for _, spare := range []int{0, 1 << 10} {
		n := NewKey("t", fmt.Sprint("new", spare))
		p = c.Pack("things")
		p.Spare(spare)
		if d, ok := p.Get(a); !ok || string(d) != "alpha" {
			t.Fatalf("Get(a) = %q, %v; want alpha", d, ok)
		}
		p.Put(n, []byte("new"))
		if err := p.Save(); err != nil {
			t.Fatal(err)
		}
		p = c.Pack("things")
		holds(t, fmt.Sprintf("spare %d, after a run that used a and added new", spare), p, map[Key]bool{a: true, n: true, b: spare > 0})
		if spare == 0 {
			// Put b back for the run with spare room.
			p.Put(b, []byte("beta"))
			if err := p.Save(); err != nil {
				t.Fatal(err)
			}
		}
	}

	// Another kind, another program: neither sees the entries.
	if _, ok := c.Pack("other").Get(a); ok {
		t.Error("a pack of another kind has the entry")
	}
	other := openMode(t, filepath.Dir(c.Dir()), "p-other", mapped)
	if _, ok := other.Pack("things").Get(a); ok {
		t.Error("the pack of another program has the entry")
	}
}

// holds fails t unless p finds exactly the entries want says it holds.
func holds(t *testing.T, when string, p *Pack, want map[Key]bool) {
	t.Helper()
	for k, w := range want {
		if _, ok := p.Get(k); ok != w {
			t.Errorf("%s: Get(%x…) found %v, want %v", when, k[:4], ok, w)
		}
	}
}

// TestPackKeep checks that entries a run kept, having found them
// elsewhere, are saved like those it found in the pack, without the pack
// reading its file for them, and that the entries it did not use go.
func TestPackKeep(t *testing.T) {
	c, k, _, _ := savedPack(t)
	mine, n := NewKey("t", "mine"), NewKey("t", "new")
	p := c.Pack("things")
	p.Keep(mine, []byte("remembered"))
	if p.read {
		t.Error("Keep read the pack file")
	}
	if d, ok := p.Get(mine); !ok || string(d) != "remembered" {
		t.Errorf("Get of a kept entry = %q, %v; want remembered", d, ok)
	}
	p.Put(n, []byte("new"))
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	holds(t, "after the run", c.Pack("things"), map[Key]bool{k: false, mine: true, n: true})
}

// TestPackRemembered checks that a pack told its caller remembers what
// its file holds neither reads the file to look an entry up nor to save.
func TestPackRemembered(t *testing.T) {
	c, k, _, _ := savedPack(t)
	n := NewKey("t", "new")
	p := c.Pack("things")
	p.Remembered()
	if _, ok := p.Get(k); ok {
		t.Error("a remembered pack found an entry it was not given")
	}
	p.Keep(k, []byte("alpha"))
	p.Put(n, []byte("new"))
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	if p.read {
		t.Error("the remembered pack read its file")
	}
	p = c.Pack("things")
	for k, want := range map[Key]string{k: "alpha", n: "new"} {
		if d, ok := p.Get(k); !ok || string(d) != want {
			t.Errorf("Get = %q, %v; want %q", d, ok, want)
		}
	}
}

// TestPackSpare checks that a saved pack keeps the entries its run did
// not use in as many bytes as Spare allows, dropping those unused the
// longest first.
func TestPackSpare(t *testing.T) {
	c := openTest(t, t.TempDir(), "p-test")
	const spare = 1 << 10
	big := func(b byte) []byte { return bytes.Repeat([]byte{b}, spare/2) }
	old, mid, small := NewKey("t", "old"), NewKey("t", "mid"), NewKey("t", "small")
	for _, e := range []struct {
		k    Key
		data []byte
	}{{old, big('o')}, {mid, big('m')}, {small, []byte("small")}} {
		p := c.Pack("things")
		p.Spare(spare)
		p.Put(e.k, e.data)
		if err := p.Save(); err != nil {
			t.Fatal(err)
		}
	}
	// The spare bytes hold mid, the entry used after old, but with the
	// head of each entry not old as well.
	holds(t, "after the last run", c.Pack("things"), map[Key]bool{small: true, mid: true, old: false})
}

// TestClose checks that the packs of a mapped cache find nothing once it
// is closed, and that closing twice, or closing a cache that maps
// nothing, is no error.
func TestClose(t *testing.T) {
	c, k, _, _ := savedPack(t)
	c.mapped = true
	p := c.Pack("things")
	if d, ok := p.Get(k); !ok || string(d) != "alpha" {
		t.Fatalf("mapped pack: Get = %q, %v; want alpha", d, ok)
	}
	if p.mapping == nil {
		t.Error("the pack of a mapped cache read its file")
	}
	late := c.Pack("things")
	for i := range 2 {
		if err := c.Close(); err != nil {
			t.Fatalf("Close #%d: %v", i+1, err)
		}
	}
	if p.mapping != nil {
		t.Error("Close left the pack's file mapped")
	}
	if _, ok := late.Get(k); ok {
		t.Error("a pack first asked for after Close found an entry")
	}
	var none *Cache
	if err := none.Close(); err != nil {
		t.Error(err)
	}
}

// savedPack returns a cache whose pack "things" holds "alpha" at k, the
// pack file's path, and what the file system said of it once written.
func savedPack(t *testing.T) (c *Cache, k Key, path string, fi os.FileInfo) {
	t.Helper()
	c = openTest(t, t.TempDir(), "p-test")
	k = NewKey("t", "a")
	p := c.Pack("things")
	p.Put(k, []byte("alpha"))
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(c.Dir(), "things.pack")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return c, k, path, fi
}

// sameFile reports whether the file at path is still the one before was
// said of, not written again.
func sameFile(t *testing.T, path string, before os.FileInfo) bool {
	t.Helper()
	after, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return os.SameFile(before, after)
}

// TestPackUnchanged checks that a run that found every entry it asked for,
// and no others, leaves the pack file alone.
func TestPackUnchanged(t *testing.T) {
	c, k, path, before := savedPack(t)
	p := c.Pack("things")
	p.Get(k)
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	if !sameFile(t, path, before) {
		t.Error("a run that changed nothing rewrote the pack")
	}
}

// TestPackPreload checks that a preloaded pack finds what its file holds,
// and that one preloaded but never asked for leaves its file alone.
func TestPackPreload(t *testing.T) {
	c, k, path, before := savedPack(t)
	p := c.Pack("things")
	p.Preload()
	if d, ok := p.Get(k); !ok || string(d) != "alpha" {
		t.Errorf("preloaded pack: Get = %q, %v; want alpha", d, ok)
	}

	unasked := c.Pack("things")
	unasked.Preload()
	for read := false; !read; {
		runtime.Gosched()
		unasked.mu.Lock() // the preload holds the lock while it reads
		read = unasked.read
		unasked.mu.Unlock()
	}
	if err := unasked.Save(); err != nil {
		t.Fatal(err)
	}
	if !sameFile(t, path, before) {
		t.Error("a pack preloaded but never asked for was written again")
	}
}

// TestPackDamaged checks that a damaged pack yields only entries that are
// whole, and that the next save repairs it.
func TestPackDamaged(t *testing.T) {
	tests := []struct {
		name         string
		damage       func([]byte) []byte
		wantA, wantB bool
	}{
		{"intact", func(f []byte) []byte { return f }, true, true},
		{"a byte of the first entry's data flipped", func(f []byte) []byte {
			f[len(packHeader)+entryHead] ^= 1
			return f
		}, false, true},
		{"a byte of the first key flipped", func(f []byte) []byte {
			f[len(packHeader)] ^= 1
			return f
		}, false, true},
		{"the first entry's checksum flipped", func(f []byte) []byte {
			f[len(packHeader)+len(Key{})+4] ^= 1
			return f
		}, false, true},
		{"cut inside the second entry", func(f []byte) []byte { return f[:len(f)-2] }, true, false},
		{"the first entry's length too large", func(f []byte) []byte {
			f[len(packHeader)+len(Key{})] = 0x7f
			return f
		}, false, false},
		{"another header", func(f []byte) []byte { f[0] = 'X'; return f }, false, false},
		{"empty", func([]byte) []byte { return nil }, false, false},
	}
	for _, m := range openModes {
		for _, tt := range tests {
			t.Run(m.name+"/"+tt.name, func(t *testing.T) {
				testPackDamaged(t, m.mapped, tt.damage, tt.wantA, tt.wantB)
			})
		}
	}
}

func testPackDamaged(t *testing.T, mapped bool, damage func([]byte) []byte, wantA, wantB bool) {
	a, b := NewKey("t", "a"), NewKey("t", "b")
	c := openMode(t, t.TempDir(), "p-test", mapped)
	path := filepath.Join(c.Dir(), "things.pack")
	// Write a first, then b, in that order, so that the damage falls
	// where the test says.
	var file []byte
	file = append(file, packHeader...)
	for _, e := range []struct {
		k Key
		d string
	}{{a, "alpha"}, {b, "beta"}} {
		p := &Pack{read: true, file: map[Key][]byte{}, used: map[Key][]byte{e.k: []byte(e.d)}, added: true, path: path}
		if err := p.Save(); err != nil {
			t.Fatal(err)
		}
		one, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		file = append(file, one[len(packHeader):]...)
	}
	if err := os.WriteFile(path, damage(file), 0o644); err != nil {
		t.Fatal(err)
	}
	p := c.Pack("things")
	if d, ok := p.Get(a); ok != wantA || ok && string(d) != "alpha" {
		t.Errorf("Get(a) = %q, %v; want found %v", d, ok, wantA)
	}
	if d, ok := p.Get(b); ok != wantB || ok && string(d) != "beta" {
		t.Errorf("Get(b) = %q, %v; want found %v", d, ok, wantB)
	}
	// The run makes what it missed and saves: the pack is whole again.
	p.Put(a, []byte("alpha"))
	p.Put(b, []byte("beta"))
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	p = c.Pack("things")
	for k, want := range map[Key]string{a: "alpha", b: "beta"} {
		if d, ok := p.Get(k); !ok || string(d) != want {
			t.Errorf("after the repair: Get = %q, %v; want %q", d, ok, want)
		}
	}
}

func TestNil(t *testing.T) {
	var c *Cache
	p := c.Pack("things")
	p.Put(NewKey("t"), []byte("x"))
	if _, ok := p.Get(NewKey("t")); ok {
		t.Error("the nil cache has an entry")
	}
	if err := p.Save(); err != nil {
		t.Error(err)
	}
	if c.Dir() != "" {
		t.Errorf("Dir() = %q", c.Dir())
	}
}

// TestOpenRemovesOld checks that opening the cache removes the
// directories of programs that have not run for Keep, and only those.
func TestOpenRemovesOld(t *testing.T) {
	root := t.TempDir()
	now := time.Now()
	dirs := map[string]time.Duration{"p-old": Keep + time.Hour, "p-recent": Keep - time.Hour, "p-mine": 2 * Keep, "not-a-program": 2 * Keep}
	for name, age := range dirs {
		d := filepath.Join(root, name)
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(d, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := openDir(root, "p-mine", now); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"p-old": false, "p-recent": true, "p-mine": true, "not-a-program": true} {
		_, err := os.Stat(filepath.Join(root, name))
		if got := err == nil; got != want {
			t.Errorf("%s kept: %v, want %v", name, got, want)
		}
	}
	fi, err := os.Stat(filepath.Join(root, "p-mine"))
	if err != nil {
		t.Fatal(err)
	}
	if now.Sub(fi.ModTime()) > time.Minute {
		t.Errorf("the running program's directory was not marked as used: %v old", now.Sub(fi.ModTime()))
	}
}

// TestProgram checks that a program rebuilt in place gets a directory of
// its own.
func TestProgram(t *testing.T) {
	mod := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	base := program("/bin/build", 1000, mod)
	for name, other := range map[string]string{
		"another path":  program("/usr/bin/build", 1000, mod),
		"another size":  program("/bin/build", 1001, mod),
		"another mtime": program("/bin/build", 1000, mod.Add(time.Nanosecond)),
	} {
		if other == base {
			t.Errorf("%s: same directory %s", name, base)
		}
	}
	if program("/bin/build", 1000, mod) != base {
		t.Error("the same program got two directories")
	}
}

func TestOpen(t *testing.T) {
	root := t.TempDir()
	c, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if c.Dir() != again.Dir() || filepath.Dir(c.Dir()) != root {
		t.Errorf("Open gave %s, then %s, in %s", c.Dir(), again.Dir(), root)
	}
	p := c.Pack("things")
	p.Put(NewKey("t"), []byte("x"))
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	if d, ok := again.Pack("things").Get(NewKey("t")); !ok || !bytes.Equal(d, []byte("x")) {
		t.Errorf("Get = %q, %v", d, ok)
	}
}
