package render

import (
	"bytes"
	"errors"
	"html/template"
	"strconv"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/cache"
	"github.com/httpstatus/site/internal/parallel"
)

// What a Renderer keeps between builds: pages and fragments, by the keys
// of keys.go, in memory and in the disk cache given to UseCache.

// Finish makes r pass every page it renders through f, such as a
// minifier, and keep and return what f returns. Call it before r renders,
// always with the same f.
func (r *Renderer) Finish(f func(path string, body []byte) ([]byte, error)) { r.finish = f }

// UseCache makes r look for the pages it has not rendered lately in p,
// and keep there those it renders.
func (r *Renderer) UseCache(p *cache.Pack) { r.disk = p }

// SaveCache writes the pack given to UseCache, if any.
func (r *Renderer) SaveCache() error { return r.disk.Save() }

// Forget drops the pages that neither of the last two builds asked for.
func (r *Renderer) Forget() {
	r.memo.Forget()
	r.sums.Forget()
}

// Rendered returns how many pages r has rendered rather than found kept.
func (r *Renderer) Rendered() int { return int(r.rendered.Load()) }

// kept returns the page at path kept under key k, or else the page that
// render returns, which it then keeps.
func (r *Renderer) kept(k cache.Key, path string, render func() (Page, error)) (Page, error) {
	return r.keptPage(k, path, func() ([]byte, error) {
		p, err := render()
		if err != nil {
			return nil, err
		}
		return r.finished(path, p.Body)
	})
}

// keptPage returns the page at path kept under key k, or else the page
// whose finished body render returns, which it then keeps.
func (r *Renderer) keptPage(k cache.Key, path string, render func() ([]byte, error)) (Page, error) {
	body, err := r.keptBytes(k, func() ([]byte, error) {
		r.rendered.Add(1)
		return render()
	})
	return Page{Path: path, Body: body}, err
}

// finished returns the page at path finished, as Finish asked.
func (r *Renderer) finished(path string, body []byte) ([]byte, error) {
	if r.finish == nil {
		return body, nil
	}
	return r.finish(path, body)
}

// keptBytes returns what is kept under key k, or else what render
// returns, which it then keeps.
func (r *Renderer) keptBytes(k cache.Key, render func() ([]byte, error)) ([]byte, error) {
	if body, ok := r.memo.Get(k); ok {
		r.disk.Keep(k, body)
		return body, nil
	}
	if body, ok := r.disk.Get(k); ok {
		r.memo.Put(k, body)
		return body, nil
	}
	body, err := render()
	if err != nil {
		return nil, err
	}
	r.memo.Put(k, body)
	r.disk.Put(k, body)
	return body, nil
}

// fragments returns, by code, the template name of the page template
// page executed with each entry, or nil if the templates lack it. A
// fragment is rendered once per build for every page that shows it, and
// again only when its entry changed.
func (r *Renderer) fragments(page, name string, entries []*article.Entry, k *keys) (map[int]template.HTML, error) {
	if len(entries) == 0 {
		if t, err := r.lookup(page, name); t == nil || err != nil {
			return nil, err
		}
	}
	html := make([]template.HTML, len(entries))
	errs := make([]error, len(entries))
	parallel.For(len(entries), func(i int) {
		e := entries[i]
		var body []byte
		body, errs[i] = r.keptBytes(k.fragment(page, name, e), func() ([]byte, error) {
			t, err := r.lookup(page, name)
			if err != nil {
				return nil, err
			}
			if t == nil {
				return nil, errUndefined
			}
			var b bytes.Buffer
			err = t.Execute(&b, e)
			return b.Bytes(), err
		})
		html[i] = template.HTML(body)
	})
	m := make(map[int]template.HTML, len(entries))
	for i, e := range entries {
		if errors.Is(errs[i], errUndefined) {
			return nil, nil
		}
		if errs[i] != nil {
			return nil, errs[i]
		}
		m[e.Code] = html[i]
	}
	return m, nil
}

// errUndefined is what rendering a fragment the templates lack returns.
var errUndefined = errors.New("template not defined")

// finishIndex returns the index, whose entries are marks, finished: the
// parts between the marks and each entry apart, on every core, then
// joined. It reports false if the marks are not as EntryHTML left them.
func (r *Renderer) finishIndex(body []byte, sh *shared) ([]byte, bool, error) {
	parts := bytes.Split(body, []byte{0}) // the parts around marks, then a mark's code, in turn
	entries := make([]*article.Entry, len(parts))
	for i := 1; i < len(parts); i += 2 {
		code, err := strconv.Atoi(string(parts[i]))
		if entries[i] = sh.byCode[code]; err != nil || entries[i] == nil || i+1 == len(parts) {
			return nil, false, nil
		}
	}
	out := make([][]byte, len(parts))
	errs := make([]error, len(parts))
	parallel.For(len(parts), func(i int) {
		if e := entries[i]; e != nil {
			out[i], errs[i] = r.finishedEntry(e, sh)
		} else {
			out[i], errs[i] = r.finish("index.html", parts[i])
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, false, err
	}
	return bytes.Join(out, nil), true, nil
}

// finishedEntry returns e's "entry" partial finished. It is kept in
// memory only: a build that takes the whole index from the disk cache
// would not ask for it, and so drop it from there.
func (r *Renderer) finishedEntry(e *article.Entry, sh *shared) ([]byte, error) {
	k := sh.keys.fragment("index.html", "entry, finished", e)
	if body, ok := r.memo.Get(k); ok {
		return body, nil
	}
	body, err := r.finish("index.html", []byte(sh.entries[e.Code]))
	if err == nil {
		r.memo.Put(k, body)
	}
	return body, err
}
