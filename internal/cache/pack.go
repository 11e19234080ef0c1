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
type Pack struct {
	path   string
	mapped bool // whether the file is mapped rather than read

	mu      sync.Mutex
	read    bool           // whether the file was read
	mapping []byte         // the file as mapped, if it is
	closed  bool           // whether the mapping ended, after which nothing is read
	asked   bool           // whether Get or Put was called
	file    map[Key][]byte // the file's entries, checked when first asked for
	used    map[Key][]byte // entries this run found or added
	added   bool           // whether Put added an entry the file lacks
	keep    bool           // whether Save keeps the file's entries this run did not ask for
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
	p.load()
	if d, ok := p.used[k]; ok {
		return d, true
	}
	entry, ok := p.file[k]
	if !ok {
		return nil, false
	}
	delete(p.file, k)
	n := binary.BigEndian.Uint32(entry[len(k):])
	sum := binary.BigEndian.Uint32(entry[len(k)+4:])
	data := entry[entryHead:]
	if uint32(len(data)) != n || checksum(k, data) != sum {
		return nil, false
	}
	data = data[:len(data):len(data)]
	p.used[k] = data
	return data, true
}

// Put adds data as the entry at k. The pack keeps data, which the caller
// must not change afterwards.
func (p *Pack) Put(k Key, data []byte) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.load()
	if _, ok := p.used[k]; !ok {
		p.used[k] = data
		p.added = true
	}
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

// load notes that the pack was asked for and reads its file, once.
func (p *Pack) load() {
	p.asked = true
	p.readFile()
}

// readFile reads the pack file once. A missing, foreign or damaged file
// yields the entries it holds up to the damage, or none.
func (p *Pack) readFile() {
	if p.read {
		return
	}
	p.read = true
	p.file, p.used = map[Key][]byte{}, map[Key][]byte{}
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
		p.file[k] = b[:entryHead+n]
		b = b[entryHead+n:]
	}
}

// KeepUnused makes Save keep the entries of the file that this run did
// not ask for, beside those it found or added. A run that looks entries
// up elsewhere first, such as in what a long-lived program remembers,
// calls it: the pack does not know what that run used.
func (p *Pack) KeepUnused() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keep = true
}

// Save writes the entries this run found or added as the pack file, and
// those it did not ask for after KeepUnused, unless that is exactly what
// the file held. A pack that was never asked for is left as it was.
func (p *Pack) Save() error {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.asked || (!p.added && (p.keep || len(p.file) == 0)) {
		return nil
	}
	var unused [][]byte // entries of the file, as they are there
	if p.keep {
		for k, e := range p.file {
			if _, ok := p.used[k]; !ok {
				unused = append(unused, e)
			}
		}
	}
	size := len(packHeader)
	for _, d := range p.used {
		size += entryHead + len(d)
	}
	for _, e := range unused {
		size += len(e)
	}
	b := make([]byte, 0, size)
	b = append(b, packHeader...)
	for k, d := range p.used {
		b = append(b, k[:]...)
		b = binary.BigEndian.AppendUint32(b, uint32(len(d)))
		b = binary.BigEndian.AppendUint32(b, checksum(k, d))
		b = append(b, d...)
	}
	for _, e := range unused {
		b = append(b, e...)
	}
	if err := writeFile(p.path, b); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	p.file, p.added = map[Key][]byte{}, false
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
