package render

import (
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
	site      cache.Key                    // templates, Site, header and footer
	templates cache.Key                    // the templates alone
	article   cache.Key                    // the whole article, for the pages that show it
	entries   map[*article.Entry]cache.Key // by entry, its fields and its class's
	items     map[*article.Class]cache.Key // by class, the list items of its codes
}

// newKeys returns what the keys of the pages of a, in s, built with the
// shared parts sh, are made from.
func (r *Renderer) newKeys(a *article.Article, s Site, sh *shared) *keys {
	w := cache.NewHasher()
	w.Bytes(r.sum[:])
	w.String(s.BaseURL)
	for _, name := range slices.Sorted(maps.Keys(s.Assets)) {
		w.String(name)
		w.String(s.Assets[name])
	}
	for _, name := range slices.Sorted(maps.Keys(s.Images)) {
		img := s.Images[name]
		w.String(name)
		w.String(img.URL)
		w.Int(img.Width)
		w.Int(img.Height)
		w.String(img.Alt)
	}
	w.Bool(s.Facts != nil)
	if s.Facts != nil {
		w.Bytes(s.Facts.Sum[:])
	}
	w.String(string(sh.header))
	w.String(string(sh.footer))
	k := &keys{site: w.Key(), templates: r.sum, article: a.Sum, entries: make(map[*article.Entry]cache.Key, len(a.Entries))}
	for _, e := range a.Entries {
		k.entries[e] = r.entrySum(e)
	}
	return k
}

// page returns the key of a page that may show the whole article, such
// as the index.
func (k *keys) page(name string) cache.Key {
	w := cache.NewHasher()
	w.String(name)
	w.Bytes(k.site[:])
	w.Bytes(k.article[:])
	return w.Key()
}

// sumItems sums, for each class, the list items of its codes, which a
// code page shows but for its own.
func (k *keys) sumItems(classes map[*article.Class][]*article.Entry, items map[int]template.HTML) {
	k.items = make(map[*article.Class]cache.Key, len(classes))
	for c, entries := range classes {
		w := cache.NewHasher()
		for _, e := range entries {
			w.Int(e.Code)
			w.String(string(items[e.Code]))
		}
		k.items[c] = w.Key()
	}
}

// code returns the key of the page of a.Entries[i], whose related codes
// are related.
func (k *keys) code(a *article.Article, i int, related []*article.Entry) cache.Key {
	w := cache.NewHasher()
	w.String("code")
	w.Bytes(k.site[:])
	k.entry(w, a.Entries[i])
	for _, j := range []int{i - 1, i + 1} {
		w.Bool(j >= 0 && j < len(a.Entries))
		if j >= 0 && j < len(a.Entries) {
			k.entry(w, a.Entries[j])
		}
	}
	w.Int(len(related))
	for _, e := range related {
		k.entry(w, e)
	}
	items := k.items[a.Entries[i].Class]
	w.Bytes(items[:])
	return w.Key()
}

// fragment returns the key of the template name of the page template
// page executed with e.
func (k *keys) fragment(page, name string, e *article.Entry) cache.Key {
	w := cache.NewHasher()
	w.String("fragment")
	w.Bytes(k.templates[:])
	w.String(page)
	w.String(name)
	k.entry(w, e)
	return w.Key()
}

// entry writes the sum of e.
func (k *keys) entry(w *cache.Hasher, e *article.Entry) {
	sum, ok := k.entries[e]
	if !ok {
		sum = entrySum(e) // an entry of another article
	}
	w.Bytes(sum[:])
}

// entrySum returns entrySum(e), summed once for the pages and the API of
// a build, and again only for an article parsed anew.
func (r *Renderer) entrySum(e *article.Entry) cache.Key {
	if sum, ok := r.sums.Get(e); ok {
		return sum
	}
	sum := entrySum(e)
	r.sums.Put(e, sum)
	return sum
}

// entrySum returns a hash of every field of e and of its class.
func entrySum(e *article.Entry) cache.Key {
	w := cache.NewHasher()
	w.Int(e.Code)
	w.String(e.Name)
	w.String(e.Anchor)
	w.Bool(e.Class != nil)
	if c := e.Class; c != nil {
		w.Int(c.Digit)
		w.String(c.Name)
		w.String(c.Definition)
		w.String(c.Anchor)
	}
	w.Bool(e.Note != nil)
	if e.Note != nil {
		w.Int(int(e.Note.Kind))
		w.String(e.Note.Label)
		w.String(e.Note.URL)
	}
	w.String(string(e.Description))
	w.String(e.Summary)
	w.Bool(e.Example != nil)
	if e.Example != nil {
		w.String(e.Example.Text)
		w.String(e.Example.Code)
	}
	w.Bool(e.Common)
	w.Int(len(e.Mentions))
	for _, m := range e.Mentions {
		w.Int(m)
	}
	w.Int(e.Line)
	return w.Key()
}
