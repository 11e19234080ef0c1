// Package cache remembers the results of pure, costly functions, such as
// a drawn card or highlighted code, by a hash of their whole input.
//
// A Cache keeps results in memory while it lives and, when it has a
// directory, on disk between runs: one file per entry, written to a
// temporary file and renamed into place, so that no reader sees half an
// entry. A file holds its key and a SHA-256 of its data; one that cannot
// be read, is short, fails that check or that the caller's check rejects
// is a miss, and the value is computed again. Every key includes the
// program's version, so a rebuilt program never reads what an older one
// wrote. Prune bounds the directory, removing the oldest entries first.
package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Key addresses an entry: a hash of the program's version, the kind of
// step and its whole input.
type Key [sha256.Size]byte

// Cache is the memory and, optionally, the directory of entries. A nil
// *Cache keeps nothing: every lookup computes its value. It is safe for
// concurrent use.
type Cache struct {
	dir     string // "" for memory only
	version string

	mu     sync.Mutex
	mem    map[Key][]byte
	used   map[Key]bool // asked for since the last Sweep
	put    int64        // bytes written since the last Prune
	pruned bool         // whether Prune looked at the directory yet
}

// fileHeader starts every entry's file.
const fileHeader = "httpstatus-site cache 2\n"

// Open returns a Cache of entries in memory and, unless dir is empty,
// in dir, which it creates readable by the user alone.
func Open(dir string) (*Cache, error) {
	return open(dir, programVersion())
}

func open(dir, version string) (*Cache, error) {
	if dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("cache: %w", err)
		}
	}
	return &Cache{dir: dir, version: version, mem: map[Key][]byte{}, used: map[Key]bool{}}, nil
}

// programVersion identifies the running executable by its path, size and
// modification time: a rebuilt program is another version.
func programVersion() string {
	exe, _ := os.Executable()
	fi, err := os.Stat(exe)
	if err != nil {
		return "unknown " + exe
	}
	return fmt.Sprintf("%s %d %d", exe, fi.Size(), fi.ModTime().UnixNano())
}

// Key returns the key of the step kind applied to inputs. Each input
// counts with its length, so no two lists of inputs share a key.
func (c *Cache) Key(kind string, inputs ...[]byte) Key {
	version := ""
	if c != nil {
		version = c.version
	}
	h := sha256.New()
	var n [8]byte
	for _, s := range append([][]byte{[]byte(version), []byte(kind)}, inputs...) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write(s)
	}
	var k Key
	h.Sum(k[:0])
	return k
}

// Get returns the entry at k, or else what create returns, which it then
// keeps. An entry is taken from disk only if valid accepts it; a nil
// valid accepts any. The caller must not modify the bytes returned.
func (c *Cache) Get(k Key, create func() ([]byte, error), valid func([]byte) bool) ([]byte, error) {
	if c == nil {
		return create()
	}
	c.mu.Lock()
	data, ok := c.mem[k]
	c.used[k] = true
	c.mu.Unlock()
	if ok {
		return data, nil
	}
	data, ok = c.read(k)
	if !ok || (valid != nil && !valid(data)) {
		var err error
		if data, err = create(); err != nil {
			return nil, err
		}
		c.write(k, data)
	}
	c.mu.Lock()
	c.mem[k] = data
	c.mu.Unlock()
	return data, nil
}

// Sweep forgets the entries in memory that no Get asked for since the
// last Sweep, so that a long-lived Cache holds about one build's entries.
func (c *Cache) Sweep() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.mem {
		if !c.used[k] {
			delete(c.mem, k)
		}
	}
	clear(c.used)
}

// path returns the file of the entry at k.
func (c *Cache) path(k Key) string { return filepath.Join(c.dir, hex.EncodeToString(k[:])) }

// read returns the data of the entry at k on disk, if its file is whole.
func (c *Cache) read(k Key) ([]byte, bool) {
	if c.dir == "" {
		return nil, false
	}
	b, err := os.ReadFile(c.path(k))
	if err != nil {
		return nil, false
	}
	return decode(b, k)
}

// encode returns the file of data at k: the header, the key, the SHA-256
// of data and data.
func encode(k Key, data []byte) []byte {
	sum := sha256.Sum256(data)
	return slices.Concat([]byte(fileHeader), k[:], sum[:], data)
}

// decode returns the data of file b, if it is the whole file of an
// entry at k.
func decode(b []byte, k Key) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(b, []byte(fileHeader))
	if !ok || len(rest) < 2*sha256.Size || !bytes.Equal(rest[:sha256.Size], k[:]) {
		return nil, false
	}
	sum, data := rest[sha256.Size:2*sha256.Size], rest[2*sha256.Size:]
	if got := sha256.Sum256(data); !bytes.Equal(got[:], sum) {
		return nil, false
	}
	return data, true
}

// write keeps data at k on disk. Failing to only makes a later run slower.
func (c *Cache) write(k Key, data []byte) {
	if c.dir == "" {
		return
	}
	f, err := os.CreateTemp(c.dir, ".tmp-*")
	if err != nil {
		return
	}
	_, err = f.Write(encode(k, data))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), c.path(k))
	}
	if err != nil {
		os.Remove(f.Name())
		return
	}
	c.mu.Lock()
	c.put += int64(len(data))
	c.mu.Unlock()
}

// Prune removes the oldest entries until the directory holds at most
// limit bytes, and the temporary files that runs left an hour ago or
// more. It looks at the directory the first time it is called after an
// entry was written, and then only once a sixteenth of limit was written
// since, so that a long-lived Cache does not list the directory on every
// build.
func (c *Cache) Prune(limit int64) error {
	if c == nil || c.dir == "" {
		return nil
	}
	c.mu.Lock()
	due := c.put > 0 && (!c.pruned || c.put >= limit/16)
	if due {
		c.put, c.pruned = 0, true
	}
	c.mu.Unlock()
	if !due {
		return nil
	}
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	var files []os.FileInfo
	var total int64
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		if strings.HasPrefix(fi.Name(), ".tmp-") {
			if time.Since(fi.ModTime()) > time.Hour {
				os.Remove(filepath.Join(c.dir, fi.Name()))
			}
			continue
		}
		files = append(files, fi)
		total += fi.Size()
	}
	slices.SortFunc(files, func(a, b os.FileInfo) int { return a.ModTime().Compare(b.ModTime()) })
	for _, fi := range files {
		if total <= limit {
			break
		}
		if err := os.Remove(filepath.Join(c.dir, fi.Name())); err != nil {
			return fmt.Errorf("cache: %w", err)
		}
		total -= fi.Size()
	}
	return nil
}
