package render

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/clients"
	"github.com/httpstatus/site/internal/constants"
	"github.com/httpstatus/site/internal/facts"
)

// APIList is the content of /codes.json: every code, sorted.
type APIList struct {
	Codes []APICode `json:"codes"`
}

// APICode is one code in the JSON API, the content of /codes/404.json.
// Fields the facts file gives are empty when it has none for the code.
type APICode struct {
	Code         int               `json:"code"`
	Name         string            `json:"name"`         // the site's name: the registry's, without remarks
	ArticleName  *string           `json:"articleName"`  // the article's name, or null when the article lacks the code
	RegistryName string            `json:"registryName"` // the IANA registry's name, whole
	Class        string            `json:"class"`        // "4xx"
	ClassName    string            `json:"className"`    // "Client Error"
	Anchor       string            `json:"anchor"`       // id of the code on the index
	URL          string            `json:"url"`          // absolute URL of its page
	Summary      string            `json:"summary"`      // the description's first sentence
	Note         *APINote          `json:"note"`         // the article's note, or null
	Spec         *APISpec          `json:"spec"`         // the defining section, or null
	Headers      []string          `json:"headers"`      // response fields that go with it
	Cacheable    bool              `json:"cacheable"`    // heuristically cacheable (RFC 9110 §15.1)
	Caching      *APICaching       `json:"caching"`      // what a cache may do with it, or null
	Go           string            `json:"go"`           // net/http constant: "StatusNotFound"
	Constants    APINames          `json:"constants"`    // each stack's names of the code, by stack id
	Clients      []*clients.Client `json:"clients"`      // what each measured client did with the code
	Status       string            `json:"status"`       // "", "deprecated", "unused", "obsoleted" or "temporary"
	Official     bool              `json:"official"`     // whether the IANA registry defines it
	Vendors      []string          `json:"vendors"`      // vendors that use the number outside the registry
	Image        string            `json:"image"`        // absolute URL of its preview image
}

// APINames are the names each stack gives a code in code, as its
// library spells them, by stack id ("go", "python", ..., "node"); a stack
// whose library has no name for the code has an empty list.
type APINames map[string][]string

// apiNames returns the names of code in every stack of k.
func apiNames(k *constants.Set, code int) APINames {
	names := APINames{}
	if k == nil {
		return names
	}
	for _, st := range k.Stacks {
		names[st.ID] = []string{}
		for _, n := range st.Names(code) {
			names[st.ID] = append(names[st.ID], n.Name)
		}
	}
	return names
}

// apiClients returns what each client of r did with code, only the
// results of code: an empty list when r has none.
func apiClients(r *clients.Results, code int) []*clients.Client {
	out := []*clients.Client{}
	if r == nil {
		return out
	}
	for _, c := range r.Clients {
		if o, ok := c.Of(code); ok {
			out = append(out, o)
		}
	}
	return out
}

// APINote is an entry's note, such as "Specific to WebDAV".
type APINote struct {
	Kind  string `json:"kind"` // "webdav", "deprecated", "april-fools" or "other"
	Label string `json:"label"`
	URL   string `json:"url"`
}

// APICaching is a code's caching rule and the section that sets it.
type APICaching struct {
	Rule string   `json:"rule"` // "heuristic", "explicit" or "never"
	Text string   `json:"text"`
	Spec *APISpec `json:"spec"`
}

// APISpec cites the section that defines a code.
type APISpec struct {
	Title string `json:"title"` // "RFC 9110 §15.5.5"
	URL   string `json:"url"`
}

// APINotFound is the body of a 404 for the JSON of a number that is no
// code: a problem, in the format of RFC 9457.
type APINotFound struct {
	Type   string `json:"type"` // "about:blank": nothing more than the status
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Codes  string `json:"codes"` // absolute URL of codes.json
}

// APIPath returns the file of code's JSON.
func APIPath(code int) string { return fmt.Sprintf("codes/%d.json", code) }

// APINotFoundPath is the file served, with status 404, for the JSON of a
// number that is no code.
const APINotFoundPath = "codes/not-found.json"

// SchemaPath is the file of the JSON Schema of every file of the API.
const SchemaPath = "codes.schema.json"

// schema is the JSON Schema of the API, whose "$id" the site's base URL
// makes absolute.
//
//go:embed codes.schema.json
var schema []byte

// schemaID is the "$id" of schema as written.
const schemaID = `"$id": "/` + SchemaPath + `"`

// API returns the JSON files of the site: one codes/NNN.json per code,
// the registered codes then the unofficial ones, codes.json with every
// code in that order, the body of the API's 404, and the JSON Schema they
// all follow.
func API(a *article.Article, s Site) ([]Page, error) {
	unofficial, others := Unofficial(a, s.Unofficial)
	var codes []APICode
	for _, e := range a.Entries {
		c := apiCode(e, s)
		for _, o := range others[e.Code] {
			c.Vendors = append(c.Vendors, o.Vendor)
		}
		codes = append(codes, c)
	}
	for _, u := range unofficial {
		codes = append(codes, apiUnofficial(u, s))
	}
	pages := make([]Page, 0, len(codes)+1)
	for _, c := range codes {
		b, err := encodeJSON(c)
		if err != nil {
			return nil, err
		}
		pages = append(pages, Page{Path: APIPath(c.Code), Body: b})
	}
	b, err := encodeJSON(APIList{Codes: codes})
	if err != nil {
		return nil, err
	}
	pages = append(pages, Page{Path: "codes.json", Body: b})
	b, err = encodeJSON(APINotFound{Type: "about:blank", Title: "Not Found", Status: 404,
		Detail: "No status code has this number.", Codes: s.URL("/codes.json")})
	if err != nil {
		return nil, err
	}
	pages = append(pages, Page{Path: APINotFoundPath, Body: b})
	sch, err := Schema(s)
	if err != nil {
		return nil, err
	}
	return append(pages, Page{Path: SchemaPath, Body: sch}), nil
}

// Schema returns the JSON Schema of the API, published at SchemaPath,
// with an absolute "$id" at the site's base URL.
func Schema(s Site) ([]byte, error) {
	if !bytes.Contains(schema, []byte(schemaID)) {
		return nil, errors.New("render: the API's schema lacks " + schemaID)
	}
	id := fmt.Sprintf(`"$id": %q`, s.URL("/"+SchemaPath))
	return bytes.Replace(schema, []byte(schemaID), []byte(id), 1), nil
}

func apiCode(e *article.Entry, s Site) APICode {
	c := APICode{
		Code:      e.Code,
		Name:      facts.Name(e, s.Facts.Code(e.Code)),
		Class:     e.Class.Label(),
		ClassName: e.Class.Name,
		Anchor:    e.Anchor,
		URL:       s.URL(CodeURL(e.Code)),
		Summary:   e.Summary,
		Headers:   []string{},
		Official:  true,
		Vendors:   []string{},
		Constants: apiNames(s.Constants, e.Code),
		Clients:   apiClients(s.Clients, e.Code),
	}
	if go_ := s.Constants.Stack("go"); go_ != nil && len(go_.Names(e.Code)) > 0 {
		c.Go = go_.Names(e.Code)[0].Name
	}
	if img, ok := s.Images[CardName(e.Code)]; ok {
		c.Image = s.URL(img.URL)
	}
	if !e.Absent {
		c.ArticleName = &e.Name
	}
	if n := e.Note; n != nil {
		c.Note = &APINote{Kind: n.Kind.String(), Label: n.Label, URL: n.URL}
	}
	if f := s.Facts.Code(e.Code); f != nil {
		c.RegistryName = f.Name
		c.Spec = apiSpec(f.Spec)
		for _, h := range f.Headers {
			c.Headers = append(c.Headers, h.Name)
		}
		c.Cacheable = f.Caching.Rule == facts.Heuristic
		c.Caching = &APICaching{Rule: string(f.Caching.Rule), Text: f.Caching.Text(), Spec: apiSpec(f.Caching.Spec)}
		c.Status = string(f.Status)
	}
	return c
}

// apiUnofficial returns the JSON of an unofficial code.
func apiUnofficial(u UnofficialCode, s Site) APICode {
	e := u.Uses[0]
	c := APICode{
		Code:      u.Code,
		Name:      u.Name(),
		Class:     fmt.Sprintf("%dxx", u.Code/100),
		Anchor:    "unofficial-" + e.Anchor,
		URL:       s.URL(CodeURL(u.Code)),
		Summary:   e.Summary,
		Headers:   []string{},
		Vendors:   u.Vendors(),
		Constants: apiNames(s.Constants, u.Code),
		Clients:   apiClients(s.Clients, u.Code),
	}
	if u.Class != nil {
		c.ClassName = u.Class.Name
	}
	if img, ok := s.Images[CardName(u.Code)]; ok {
		c.Image = s.URL(img.URL)
	}
	return c
}

func apiSpec(s facts.Spec) *APISpec { return &APISpec{Title: s.String(), URL: s.URL()} }

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
