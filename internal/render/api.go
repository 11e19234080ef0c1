package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/cache"
	"github.com/httpstatus/site/internal/parallel"
)

// APIList is the content of /codes.json: every code, sorted.
type APIList struct {
	Codes []APICode `json:"codes"`
}

// APICode is one code in the JSON API, the content of /codes/404.json.
// Fields the facts file gives are empty when it has none for the code.
type APICode struct {
	Code         int      `json:"code"`
	Name         string   `json:"name"`         // the article's name
	RegistryName string   `json:"registryName"` // the IANA registry's name
	Class        string   `json:"class"`        // "4xx"
	ClassName    string   `json:"className"`    // "Client Error"
	Anchor       string   `json:"anchor"`       // id of the code on the index
	URL          string   `json:"url"`          // absolute URL of its page
	Summary      string   `json:"summary"`      // the description's first sentence
	Note         *APINote `json:"note"`         // the article's note, or null
	Spec         *APISpec `json:"spec"`         // the defining section, or null
	Headers      []string `json:"headers"`      // response fields that go with it
	Cacheable    bool     `json:"cacheable"`    // heuristically cacheable (RFC 9110 §15.1)
	Go           string   `json:"go"`           // net/http constant: "StatusNotFound"
	Status       string   `json:"status"`       // "", "deprecated", "unused" or "obsoleted"
	Image        string   `json:"image"`        // absolute URL of its preview image
}

// APINote is an entry's note, such as "Specific to WebDAV".
type APINote struct {
	Kind  string `json:"kind"` // "webdav", "deprecated", "april-fools" or "other"
	Label string `json:"label"`
	URL   string `json:"url"`
}

// APISpec cites the section that defines a code.
type APISpec struct {
	Title string `json:"title"` // "RFC 9110 §15.5.5"
	URL   string `json:"url"`
}

// APIPath returns the file of code's JSON.
func APIPath(code int) string { return fmt.Sprintf("codes/%d.json", code) }

// API returns the JSON files of the site: one codes/NNN.json per code,
// then codes.json with every code. Like pages, each file is kept by a key
// of what it shows (the entry, its image, the facts and the base URL)
// and finished as Finish asked, and made again only when that changed.
func (r *Renderer) API(a *article.Article, s Site) ([]Page, error) {
	site := cache.NewHasher()
	site.String(s.BaseURL)
	site.Bool(s.Facts != nil)
	if s.Facts != nil {
		site.Bytes(s.Facts.Sum[:])
	}
	siteSum := site.Key()
	list := cache.NewHasher()
	list.String("api list")
	pages := make([]Page, len(a.Entries)+1)
	errs := make([]error, len(a.Entries)+1)
	keys := make([]cache.Key, len(a.Entries))
	for i, e := range a.Entries {
		h := cache.NewHasher()
		h.String("api code")
		h.Bytes(siteSum[:])
		sum := r.entrySum(e)
		h.Bytes(sum[:])
		img, ok := s.Images[CardName(e.Code)]
		h.Bool(ok)
		h.String(img.URL)
		keys[i] = h.Key()
		list.Bytes(keys[i][:])
	}
	parallel.For(len(pages), func(i int) {
		if i < len(a.Entries) {
			e := a.Entries[i]
			pages[i], errs[i] = r.keptPage(keys[i], APIPath(e.Code), func() ([]byte, error) {
				return r.json(APIPath(e.Code), apiCode(e, s))
			})
			return
		}
		pages[i], errs[i] = r.keptPage(list.Key(), "codes.json", func() ([]byte, error) {
			l := APIList{Codes: make([]APICode, len(a.Entries))}
			for i, e := range a.Entries {
				l.Codes[i] = apiCode(e, s)
			}
			return r.json("codes.json", l)
		})
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return pages, nil
}

// json returns v as the file at path: encoded, then finished.
func (r *Renderer) json(path string, v any) ([]byte, error) {
	b, err := encodeJSON(v)
	if err != nil {
		return nil, err
	}
	return r.finished(path, b)
}

func apiCode(e *article.Entry, s Site) APICode {
	c := APICode{
		Code:      e.Code,
		Name:      e.Name,
		Class:     e.Class.Label(),
		ClassName: e.Class.Name,
		Anchor:    e.Anchor,
		URL:       s.URL(CodeURL(e.Code)),
		Summary:   e.Summary,
		Headers:   []string{},
	}
	if img, ok := s.Images[CardName(e.Code)]; ok {
		c.Image = s.URL(img.URL)
	}
	if n := e.Note; n != nil {
		c.Note = &APINote{Kind: n.Kind.String(), Label: n.Label, URL: n.URL}
	}
	if f := s.Facts.Code(e.Code); f != nil {
		c.RegistryName = f.Name
		c.Spec = &APISpec{Title: f.Spec.String(), URL: f.Spec.URL()}
		for _, h := range f.Headers {
			c.Headers = append(c.Headers, h.Name)
		}
		c.Cacheable = f.Cacheable
		c.Go = f.Go
		c.Status = string(f.Status)
	}
	return c
}

// encodeJSON returns v as JSON, leaving <, > and & as they are: the files
// are served as application/json, never inside HTML.
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
