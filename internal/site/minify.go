package site

import (
	"bytes"
	"fmt"
	"path"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"

	"github.com/httpstatus/site/internal/cache"
	"github.com/httpstatus/site/internal/parallel"
)

// minifier minifies files by their extension. One minify.M serves every
// build, and what it minified lately is remembered, since most files of a
// rebuild are those of the build before. It is safe for concurrent use.
type minifier struct {
	m    *minify.M
	memo cache.Memo[string, minified] // by file name
	pack *cache.Pack                  // this build's pack of the disk cache, if any
}

// minified is a file's data, the same minified, and the key of that in
// the disk cache.
type minified struct {
	in, out []byte
	key     cache.Key
}

// mediaTypes maps the extensions the site writes to the minifier's media types.
var mediaTypes = map[string]string{
	".html":        "text/html",
	".css":         "text/css",
	".js":          "application/javascript",
	".json":        "application/json",
	".svg":         "image/svg+xml",
	".xml":         "text/xml",
	".webmanifest": "application/json",
}

func newMinifier() *minifier {
	m := minify.New()
	m.Add("text/html", &html.Minifier{
		KeepDocumentTags: true, // <html lang>, <head> and <body> stay explicit
		KeepEndTags:      true, // closing tags stay, for readers of the source
		KeepQuotes:       false,
	})
	m.Add("text/css", &css.Minifier{})
	m.Add("application/javascript", &js.Minifier{})
	m.Add("application/json", &json.Minifier{})
	m.Add("image/svg+xml", &svg.Minifier{})
	m.Add("text/xml", &xml.Minifier{})
	return &minifier{m: m}
}

// bytes returns data minified for the type that name's extension implies,
// or data itself for other types.
func (m *minifier) bytes(name string, data []byte) ([]byte, error) {
	return m.kept("minify", name, data, m.fresh)
}

// settled is like bytes, but minifies until minifying changes the data
// no more, as every written file must be: the JavaScript minifier may
// choose other short names on a second pass. Assets are settled before
// their names take the hash of their content.
func (m *minifier) settled(name string, data []byte) ([]byte, error) {
	return m.kept("minify until settled", name, data, func(name string, data []byte) ([]byte, error) {
		for range 4 {
			out, err := m.fresh(name, data)
			if err != nil || bytes.Equal(out, data) {
				return out, err
			}
			data = out
		}
		return data, nil
	})
}

// kept returns what minify makes of the file name holding data: what it
// made of the same data lately, what the disk cache keeps under kind and
// the data, or what it makes now. Files of types not minified are returned
// as they are.
func (m *minifier) kept(kind, name string, data []byte, minify func(string, []byte) ([]byte, error)) ([]byte, error) {
	mt, ok := mediaTypes[path.Ext(name)]
	if !ok {
		return data, nil
	}
	if last, ok := m.memo.Get(name); ok && bytes.Equal(last.in, data) {
		m.pack.Keep(last.key, last.out)
		return last.out, nil
	}
	key := cache.NewKey(kind, mt, string(data))
	if out, ok := m.pack.Get(key); ok {
		m.memo.Put(name, minified{data, out, key})
		return out, nil
	}
	out, err := minify(name, data)
	if err != nil {
		return nil, err
	}
	m.memo.Put(name, minified{data, out, key})
	m.pack.Put(key, out)
	return out, nil
}

// fresh returns data minified for the type that name's extension implies,
// or data itself for other types, neither remembered nor looked up.
func (m *minifier) fresh(name string, data []byte) ([]byte, error) {
	mt, ok := mediaTypes[path.Ext(name)]
	if !ok {
		return data, nil
	}
	var b bytes.Buffer
	b.Grow(len(data))
	if err := m.m.Minify(mt, &b, bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("minify %s: %w", name, err)
	}
	return b.Bytes(), nil
}

// all minifies files in place, spread over the machine's cores.
func (m *minifier) all(files []File) error {
	errs := make([]error, len(files))
	parallel.For(len(files), func(i int) {
		files[i].Data, errs[i] = m.bytes(files[i].Path, files[i].Data)
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
