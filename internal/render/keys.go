package render

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"html/template"
	"maps"
	"slices"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/cache"
)

// A page's key is a hash of everything its template can reach, so that a
// Renderer need not render again a page whose key it has seen: the
// templates, the Site, the parts every page shares and, for a code page,
// the entries it shows (its own, its neighbours and its related codes,
// each with its class) and the list items of the other codes of its class.

// keys holds what the keys of one build's pages are made from.
type keys struct {
	site      [sha256.Size]byte                    // templates, Site, header and footer
	templates [sha256.Size]byte                    // the templates alone
	article   [sha256.Size]byte                    // the whole article, for the pages that show it
	entries   map[*article.Entry][sha256.Size]byte // by entry, its fields and its class's
	items     map[*article.Class][sha256.Size]byte // by class, the list items of its codes
}

// newKeys returns what the keys of the pages of a, in s, built with the
// shared parts sh, are made from.
func (r *Renderer) newKeys(a *article.Article, s Site, sh *shared) *keys {
	w := newKeyWriter()
	w.bytes(r.sum[:])
	w.str(s.BaseURL)
	for _, name := range slices.Sorted(maps.Keys(s.Assets)) {
		w.str(name)
		w.str(s.Assets[name])
	}
	for _, name := range slices.Sorted(maps.Keys(s.Images)) {
		img := s.Images[name]
		w.str(name)
		w.str(img.URL)
		w.int(img.Width)
		w.int(img.Height)
		w.str(img.Alt)
	}
	w.bool(s.Facts != nil)
	if s.Facts != nil {
		w.bytes(s.Facts.Sum[:])
	}
	w.str(string(sh.header))
	w.str(string(sh.footer))
	k := &keys{site: w.sum(), templates: r.sum, article: a.Sum, entries: make(map[*article.Entry][sha256.Size]byte, len(a.Entries))}
	for _, e := range a.Entries {
		k.entries[e] = entrySum(e)
	}
	return k
}

// page returns the key of a page that may show the whole article, such
// as the index.
func (k *keys) page(name string) cache.Key {
	w := newKeyWriter()
	w.str(name)
	w.bytes(k.site[:])
	w.bytes(k.article[:])
	return w.sum()
}

// sumItems sums, for each class, the list items of its codes, which a
// code page shows but for its own.
func (k *keys) sumItems(classes map[*article.Class][]*article.Entry, items map[int]template.HTML) {
	k.items = make(map[*article.Class][sha256.Size]byte, len(classes))
	for c, entries := range classes {
		w := newKeyWriter()
		for _, e := range entries {
			w.int(e.Code)
			w.str(string(items[e.Code]))
		}
		k.items[c] = w.sum()
	}
}

// code returns the key of the page of a.Entries[i], whose related codes
// are related.
func (k *keys) code(a *article.Article, i int, related []*article.Entry) cache.Key {
	w := newKeyWriter()
	w.str("code")
	w.bytes(k.site[:])
	k.entry(w, a.Entries[i])
	for _, j := range []int{i - 1, i + 1} {
		w.bool(j >= 0 && j < len(a.Entries))
		if j >= 0 && j < len(a.Entries) {
			k.entry(w, a.Entries[j])
		}
	}
	w.int(len(related))
	for _, e := range related {
		k.entry(w, e)
	}
	items := k.items[a.Entries[i].Class]
	w.bytes(items[:])
	return w.sum()
}

// fragment returns the key of the template name of the page template
// page executed with e.
func (k *keys) fragment(page, name string, e *article.Entry) cache.Key {
	w := newKeyWriter()
	w.str("fragment")
	w.bytes(k.templates[:])
	w.str(page)
	w.str(name)
	k.entry(w, e)
	return w.sum()
}

// entry writes the sum of e.
func (k *keys) entry(w *keyWriter, e *article.Entry) {
	sum, ok := k.entries[e]
	if !ok {
		sum = entrySum(e) // an entry of another article
	}
	w.bytes(sum[:])
}

// entrySum returns a hash of every field of e and of its class.
func entrySum(e *article.Entry) [sha256.Size]byte {
	w := newKeyWriter()
	w.int(e.Code)
	w.str(e.Name)
	w.str(e.Anchor)
	w.bool(e.Class != nil)
	if c := e.Class; c != nil {
		w.int(c.Digit)
		w.str(c.Name)
		w.str(c.Definition)
		w.str(c.Anchor)
	}
	w.bool(e.Note != nil)
	if e.Note != nil {
		w.int(int(e.Note.Kind))
		w.str(e.Note.Label)
		w.str(e.Note.URL)
	}
	w.str(string(e.Description))
	w.str(e.Summary)
	w.bool(e.Example != nil)
	if e.Example != nil {
		w.str(e.Example.Text)
		w.str(e.Example.Code)
	}
	w.bool(e.Common)
	w.int(len(e.Mentions))
	for _, m := range e.Mentions {
		w.int(m)
	}
	w.int(e.Line)
	return w.sum()
}

// keyWriter hashes values, each written with its length or at a fixed
// size, so that no two different lists of values hash alike.
type keyWriter struct {
	h       hash.Hash
	buf     [8]byte
	scratch []byte // what str hashes, copied
}

func newKeyWriter() *keyWriter { return &keyWriter{h: sha256.New()} }

func (w *keyWriter) int(n int) {
	binary.BigEndian.PutUint64(w.buf[:], uint64(n))
	w.h.Write(w.buf[:])
}

func (w *keyWriter) bool(b bool) {
	if b {
		w.int(1)
	} else {
		w.int(0)
	}
}

func (w *keyWriter) bytes(b []byte) {
	w.int(len(b))
	w.h.Write(b)
}

func (w *keyWriter) str(s string) {
	w.int(len(s))
	w.scratch = append(w.scratch[:0], s...)
	w.h.Write(w.scratch)
}

func (w *keyWriter) sum() [sha256.Size]byte {
	var s [sha256.Size]byte
	w.h.Sum(s[:0])
	return s
}
