package cache

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"sync"
)

// packHeader starts every pack file; a file that lacks it holds nothing.
const packHeader = "httpstatus-site pack 1\n"

// A pack file is the header followed by entries, each its key, the length
// of its data and the CRC-32 (IEEE) of key and data, both big-endian
// uint32, then the data.
const entryHead = len(Key{}) + 4 + 4

// Pack is one run's view of the pack file of one kind of entry. A nil
// *Pack holds nothing and keeps nothing. It is safe for concurrent use.
//
// A saved pack holds the entries its run used and, in as many bytes as
// Spare allows, those of earlier runs, the most recent first.
type Pack struct {
	path       string
	mapped     bool // whether the file is mapped rather than read
	spare      int  // bytes of entries the run did not use that Save keeps
	remembered bool // whether the caller remembers what the file holds

	mu      sync.Mutex
	read    bool           // whether the file was read
	mapping []byte         // the file as mapped, if it is
	closed  bool           // whether the mapping ended, after which nothing is read
	file    map[Key][]byte // the file's entries this run did not use, checked when first asked for
	order   []Key          // the keys of the file's entries, in the file's order
	used    map[Key][]byte // entries this run found, kept or added
	added   bool           // whether Put added an entry the file lacks
}

// Pack returns the pack of the given kind, read from disk at its first lookup.
func (c *Cache) Pack(kind string) *Pack {
	if c == nil {
		return nil
	}
	p := &Pack{path: filepath.Join(c.dir, kind+".pack"), mapped: c.mapped}
	if c.mapped {
		c.mu.Lock()
		c.packs = append(c.packs, p)
		c.mu.Unlock()
	}
	return p
}

// Get returns the data of the entry at k, if the pack holds it whole.
func (p *Pack) Get(k Key) ([]byte, bool) {
	if p == nil {
		return nil, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if d, ok := p.used[k]; ok {
		return d, true
	}
	if p.remembered {
		return nil, false
	}
	p.readFile()
	entry, ok := p.file[k]
	if !ok {
		return nil, false
	}
	delete(p.file, k)
	data, ok := whole(k, entry)
	if ok {
		p.use(k, data)
	}
	return data, ok
}

// whole returns the data of entry, the entry at k as the file holds it,
// if its length and checksum are right.
func whole(k Key, entry []byte) ([]byte, bool) {
	n := binary.BigEndian.Uint32(entry[len(k):])
	sum := binary.BigEndian.Uint32(entry[len(k)+4:])
	data := entry[entryHead:]
	if uint32(len(data)) != n || checksum(k, data) != sum {
		return nil, false
	}
	return data[:len(data):len(data)], true
}

// Put adds data as the entry at k. The pack keeps data, which the caller
// must not change afterwards.
func (p *Pack) Put(k Key, data []byte) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.use(k, data) {
		p.added = true
	}
}

// Spare makes Save keep, beside the entries this run used, those of the
// file it did not, in up to n bytes: an inner step's pack wants some, as
// a run that found whole pages kept did not ask for the highlighted code
// they show, which a later run may need.
func (p *Pack) Spare(n int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.spare = n
}

// Remembered tells the pack that whatever its file holds that the run
// may ask for, the caller remembers already and asks for elsewhere
// first: a lookup that misses here then misses without reading the file.
// A long-lived program that saved the pack itself calls it.
func (p *Pack) Remembered() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.remembered = true
}

// Keep notes that this run used data, the entry at k, though it did not
// look it up here: a long-lived program found it in what it remembers.
// Save counts it like an entry the run found. Keep reads nothing.
func (p *Pack) Keep(k Key, data []byte) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.use(k, data)
}

// use notes that this run used data as the entry at k, and reports
// whether it had not before.
func (p *Pack) use(k Key, data []byte) bool {
	if _, ok := p.used[k]; ok {
		return false
	}
	if p.used == nil {
		p.used = map[Key][]byte{}
	}
	p.used[k] = data
	return true
}

// Preload starts reading the pack file, so that the first lookup finds
// it read, or waits less for it.
func (p *Pack) Preload() {
	if p == nil {
		return
	}
	go func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.readFile()
	}()
}

// readFile reads the pack file once. A missing, foreign or damaged file
// yields the entries it holds up to the damage, or none.
func (p *Pack) readFile() {
	if p.read {
		return
	}
	p.read = true
	p.file = map[Key][]byte{}
	var b []byte
	var err error
	switch {
	case p.closed:
		return
	case p.mapped:
		b, err = mapFile(p.path)
		p.mapping = b
	default:
		b, err = os.ReadFile(p.path)
	}
	if err != nil || !bytes.HasPrefix(b, []byte(packHeader)) {
		return
	}
	b = b[len(packHeader):]
	for len(b) >= entryHead {
		var k Key
		copy(k[:], b)
		n := int(binary.BigEndian.Uint32(b[len(k):]))
		if n > len(b)-entryHead {
			return
		}
		if _, ok := p.file[k]; !ok {
			p.order = append(p.order, k)
		}
		p.file[k] = b[:entryHead+n]
		b = b[entryHead+n:]
	}
}

// Save writes the pack file if this run added an entry. The file holds
// the entries the run used, then, in the order the file held them, as
// many of its other whole entries as fit in the bytes Spare allows: those
// unused the longest go first.
func (p *Pack) Save() error {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.added {
		return nil
	}
	size := len(packHeader)
	for _, d := range p.used {
		size += entryHead + len(d)
	}
	var kept [][]byte // the entries of the file that stay, as they are there
	if p.spare > 0 {
		p.readFile()
		budget := p.spare
		for _, k := range p.order {
			e, ok := p.file[k]
			if _, used := p.used[k]; !ok || used {
				continue
			}
			if _, ok := whole(k, e); !ok {
				continue
			}
			if len(e) > budget {
				break
			}
			budget -= len(e)
			size += len(e)
			kept = append(kept, e)
		}
	}
	b := make([]byte, 0, size)
	b = append(b, packHeader...)
	for k, d := range p.used {
		b = append(b, k[:]...)
		b = binary.BigEndian.AppendUint32(b, uint32(len(d)))
		b = binary.BigEndian.AppendUint32(b, checksum(k, d))
		b = append(b, d...)
	}
	for _, e := range kept {
		b = append(b, e...)
	}
	if err := writeFile(p.path, b); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	p.added = false
	return nil
}

// checksum returns the CRC-32 of an entry's key and data. Its tables are
// quick to make, where CRC-32C's took a fifth of a millisecond.
func checksum(k Key, data []byte) uint32 {
	return crc32.Update(crc32.ChecksumIEEE(k[:]), crc32.IEEETable, data)
}

// writeFile writes data to a temporary file beside path and renames it
// to path.
func writeFile(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".new-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// close unmaps the pack's file, if it was mapped, once no lookup or
// preload is under way. The pack reads nothing afterwards.
func (p *Pack) close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	m := p.mapping
	p.mapping, p.file, p.used = nil, nil, nil
	if m == nil {
		return nil
	}
	return unmap(m)
}
