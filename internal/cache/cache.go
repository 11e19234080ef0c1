// Package cache keeps the results of the build's costly, deterministic steps,
// such as drawn cards and highlighted code, on disk between runs of the program.
//
// Entries are addressed by a hash of their inputs and kept in packs: one
// file per kind of entry, read whole (or mapped) by the first lookup and
// written again when the run added entries, with the entries the run
// used and, in the room Pack.Spare gives, others it did not. A
// long-lived program tells a pack what it found in memory instead
// (Pack.Keep), so that the pack keeps that too. The packs of one program
// live apart from those of any other, in a directory named after the
// executable's path, size and modification time, so that a rebuilt
// program never reads what an older one wrote. Each entry carries a
// checksum of its key and data; an entry that fails it is a miss. Packs
// are written to a temporary file and renamed into place, so concurrent
// runs never see half a pack.
package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Key addresses an entry: the hash of what the entry was made from.
type Key [sha256.Size]byte

// NewKey returns the key of an entry made by the step named kind from
// inputs. Each input counts with its length, so no two different lists
// of inputs share a key.
func NewKey(kind string, inputs ...string) Key {
	h := NewHasher()
	h.String(kind)
	for _, s := range inputs {
		h.String(s)
	}
	return h.Key()
}

// Hasher makes a Key of values written one at a time: each counts with
// its length, or at a fixed size, so that no two different lists of
// values hash alike. NewKey(kind, a, b) is the Key of a Hasher given
// the strings kind, a and b.
type Hasher struct {
	h       hash.Hash
	n       [8]byte
	scratch []byte // what String hashes, copied
}

// NewHasher returns a Hasher that has hashed nothing yet.
func NewHasher() *Hasher { return &Hasher{h: sha256.New()} }

// Int hashes n.
func (h *Hasher) Int(n int) {
	binary.BigEndian.PutUint64(h.n[:], uint64(n))
	h.h.Write(h.n[:])
}

// Bool hashes b.
func (h *Hasher) Bool(b bool) {
	if b {
		h.Int(1)
	} else {
		h.Int(0)
	}
}

// Bytes hashes b and its length.
func (h *Hasher) Bytes(b []byte) {
	h.Int(len(b))
	h.h.Write(b)
}

// String hashes s and its length.
func (h *Hasher) String(s string) {
	h.Int(len(s))
	h.scratch = append(h.scratch[:0], s...)
	h.h.Write(h.scratch)
}

// Key returns the hash of what h was given.
func (h *Hasher) Key() Key {
	var k Key
	h.h.Sum(k[:0])
	return k
}

// Cache is the directory of the packs written by this program. A nil
// *Cache holds nothing and keeps nothing, so callers need not check for one.
type Cache struct {
	dir    string
	mapped bool // whether its packs map their files, as OpenMapped's do

	mu    sync.Mutex
	packs []*Pack // the packs made, for Close; only when mapped
}

// Keep is how long the packs of a program that has not run are kept.
const Keep = 7 * 24 * time.Hour

// Open returns the cache of the running program inside root, creating
// the directories it needs. It removes the directories of programs that
// have not run for Keep.
func Open(root string) (*Cache, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	return openDir(root, program(exe, fi.Size(), fi.ModTime()), time.Now())
}

// OpenMapped is like Open, but the packs of the Cache it returns map their
// files into memory rather than read them, which spares copying them and
// a fresh page of memory for every page of the file. The entries their
// Get returns stay valid until Close, and the files must not be cut short
// meanwhile (packs are only ever replaced whole). It is meant for a
// program that builds once.
func OpenMapped(root string) (*Cache, error) {
	c, err := Open(root)
	if c != nil {
		c.mapped = true
	}
	return c, err
}

// Close unmaps the files of every pack of a Cache that OpenMapped
// returned; the entries their Get returned are invalid from then on. It
// does nothing to another Cache.
func (c *Cache) Close() error {
	if c == nil || !c.mapped {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for _, p := range c.packs {
		errs = append(errs, p.close())
	}
	c.packs = nil
	return errors.Join(errs...)
}

// program returns the name of the directory that holds the packs of the
// executable at path, of the given size and modification time.
func program(path string, size int64, mod time.Time) string {
	k := NewKey("program", path, fmt.Sprint(size), fmt.Sprint(mod.UnixNano()))
	return "p-" + hex.EncodeToString(k[:12])
}

// openDir opens the directory name inside root at time now, and removes
// the directories of other programs that have not run for Keep.
func openDir(root, name string, now time.Time) (*Cache, error) {
	dir := filepath.Join(root, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), "p-") {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		switch {
		case e.Name() == name && now.Sub(fi.ModTime()) > time.Hour:
			// Mark the directory as in use, at most once an hour.
			os.Chtimes(dir, now, now)
		case e.Name() != name && now.Sub(fi.ModTime()) > Keep:
			os.RemoveAll(filepath.Join(root, e.Name()))
		}
	}
	return &Cache{dir: dir}, nil
}

// Dir returns the directory of the program's packs.
func (c *Cache) Dir() string {
	if c == nil {
		return ""
	}
	return c.dir
}

// DefaultDir returns the directory the build keeps its cache in:
// httpstatus-site inside the user's cache directory, such as
// ~/.cache/httpstatus-site ($XDG_CACHE_HOME moves it).
func DefaultDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("cache: %w", err)
	}
	return filepath.Join(d, "httpstatus-site"), nil
}
