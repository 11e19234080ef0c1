// Package facts reads codes.yaml, the registry facts kept beside the
// article, and checks them against the article's codes.
//
// The file is a YAML mapping from each code to its facts: name (the IANA
// registry's), spec ("RFC 9110 §15.5.5"), headers ("Location: /new", the
// response fields that go with the code), the content of its example
// response, the example request that leads to it, its caching rule,
// status ("deprecated", "unused", "obsoleted" or "temporary"), note and
// related (other codes), and the claims the note makes about what HTTP
// clients do, which package clients holds to the clients measured.
// Problems are reported as file:line.
package facts

import (
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/diag"
)

// Facts is the parsed facts file.
type Facts struct {
	Path  string  // file the facts were read from, for messages
	Codes []*Code // sorted by code
}

// Code holds the facts about one status code.
type Code struct {
	Code       int
	Name       string   // the registry's name: "Content Too Large", "(Unused)"
	Spec       Spec     // the defining document and section
	Headers    []Header // response fields that go with the code
	Body       string   // the content of the example response, if it has one
	Type       string   // the media type of Body: "application/json"
	Problem    string   // for an error, the detail of its problem details (RFC 9457), which are its content
	Request    *Request // the example request that leads to the code
	Then       int      // for an informational code, the final code that follows it
	Caching    Caching  // whether a cache may store the response
	Status     Status
	Registered string // for a temporary registration, its date: "2024-11-13"
	Expires    string // for a temporary registration, its end
	Note       string
	NoteSpec   Spec   // the section that backs the note
	Absent     bool   // the article lacks the code: its page is made from these facts
	Summary    string // for an absent code, what it means, in a sentence
	Related    []int
	Claims     []Claim // what the note says clients do, for the tests to hold to what clients were measured to do
	Line       int     // line of its key in the file
}

// Claim is a statement about what HTTP clients do that a code's note
// makes, in a form a test can hold to the clients' measured behaviour
// (see package clients): "some client turns a POST into a GET after
// 301" is {Some, PostToGet, 301}.
type Claim struct {
	Clients   Quantifier
	Behaviour Behaviour
	Code      int // the status code the behaviour follows
	Line      int // of the claims key, for messages
}

// Quantifier says how many of the clients measured do a behaviour.
type Quantifier string

// The quantifiers of a claim. Every and None count only the clients to
// which the behaviour applies (those that followed the redirect, those
// that asked for 100), of which there must be one.
const (
	Some  Quantifier = "some"
	Every Quantifier = "every"
	None  Quantifier = "none"
)

// Quantifiers returns every Quantifier.
func Quantifiers() []Quantifier { return []Quantifier{Some, Every, None} }

// Behaviour is something a client may do after a code.
type Behaviour string

// The behaviours a claim may name.
const (
	PostToGet  Behaviour = "post-to-get"            // follows a redirect of a POST with a GET
	KeepMethod Behaviour = "keep-method"            // follows a redirect of a POST with a POST and its content
	SendOn     Behaviour = "send-content-after-100" // having asked for 100 (Continue), sends the content
)

// Behaviours returns every Behaviour.
func Behaviours() []Behaviour { return []Behaviour{PostToGet, KeepMethod, SendOn} }

// String returns the claim as a sentence: "some client turns a POST
// into a GET after 301".
func (c Claim) String() string {
	what := map[Behaviour]string{
		PostToGet:  "turns a POST into a GET after",
		KeepMethod: "keeps a POST and its content after",
		SendOn:     "that asked for it sends the content after",
	}[c.Behaviour]
	who := map[Quantifier]string{Some: "some client", Every: "every client", None: "no client"}[c.Clients]
	return fmt.Sprintf("%s %s %d", who, what, c.Code)
}

// Status says whether a code is still meant to be used.
type Status string

// The statuses a code may have; the empty Status means in use.
const (
	Deprecated Status = "deprecated" // its defining RFC advises against it
	Unused     Status = "unused"     // reserved, with no meaning
	Obsoleted  Status = "obsoleted"  // its defining RFC is Historic
	Temporary  Status = "temporary"  // registered for a limited time
)

// Cache says what a cache may do with a response of a code, by RFC 9111.
type Cache string

// The three rules a code's responses fall under.
const (
	Heuristic Cache = "heuristic" // stored and reused even without explicit freshness
	Explicit  Cache = "explicit"  // stored only with explicit freshness information
	Never     Cache = "never"     // never stored
)

// Caching is a code's caching rule with the section that sets it.
type Caching struct {
	Rule Cache
	Spec Spec
}

// Text returns the rule as a reader needs it.
func (c Caching) Text() string {
	switch c.Rule {
	case Heuristic:
		return "cacheable by default: a cache may reuse it with a heuristic freshness lifetime when it carries none"
	case Explicit:
		return "cacheable only with explicit freshness information, such as Cache-Control: max-age or Expires"
	case Never:
		return "never stored by a cache"
	}
	return ""
}

// Header is a response header field with an example value and the
// section that asks for it.
type Header struct {
	Name, Value string
	Spec        Spec
}

// String returns the field as it appears in a message: "Name: value".
func (h Header) String() string { return h.Name + ": " + h.Value }

// Request is the example request of a code: what a client sends that
// leads to it.
type Request struct {
	Method  string   // "GET"
	Target  string   // "/api/v1/users/123", or an absolute URI to a proxy
	Version string   // "HTTP/1.1", unless the code is about the version
	Host    string   // the Host field: DefaultHost unless given
	Headers []Header // besides Host and Content-Length; a zero Spec cites nothing
	Body    string   // its content, if any
}

// DefaultHost is the host of the example requests that name none.
const DefaultHost = "api.example.com"

// Expects reports whether the request asks for 100 (Continue) before it
// sends its content (RFC 9110 §10.1.1).
func (r *Request) Expects() bool {
	for _, h := range r.Headers {
		if strings.EqualFold(h.Name, "Expect") && strings.EqualFold(h.Value, "100-continue") {
			return true
		}
	}
	return false
}

// ProblemDetails returns the problem details (RFC 9457) an error response of
// the code carries as its content: the type about:blank, whose title is
// the status line's reason phrase (RFC 9457 §4.2.1), the code as its
// status, and the detail. It is empty when the facts give no detail.
func (c *Code) ProblemDetails(reason string) string {
	if c.Problem == "" {
		return ""
	}
	b, err := json.Marshal(struct {
		Type   string `json:"type"`
		Title  string `json:"title"`
		Status int    `json:"status"`
		Detail string `json:"detail"`
	}{"about:blank", reason, c.Code, c.Problem})
	if err != nil {
		panic(err) // strings and an int always marshal
	}
	return string(b)
}

// ProblemType is the media type of problem details in JSON (RFC 9457 §3).
const ProblemType = "application/problem+json"

// ProblemSpecs returns the sections of RFC 9457 that define the problem
// details object and its type about:blank.
func ProblemSpecs() (object, aboutBlank Spec) {
	return Spec{RFC: 9457, Section: "3"}, Spec{RFC: 9457, Section: "4.2.1"}
}

// Spec cites a document: a section of an RFC, a whole RFC, or an
// Internet-Draft.
type Spec struct {
	RFC     int
	Section string // "15.5.5", or empty for the whole RFC
	Draft   string // the draft's name, when no RFC defines the code
}

// String returns the citation as written in the facts file: "RFC 9110
// §15.5.5", "RFC 2518" or the draft's name.
func (s Spec) String() string {
	switch {
	case s.Draft != "":
		return s.Draft
	case s.Section == "":
		return fmt.Sprintf("RFC %d", s.RFC)
	}
	return fmt.Sprintf("RFC %d §%s", s.RFC, s.Section)
}

// URL returns the address of the cited document, at its section.
func (s Spec) URL() string {
	switch {
	case s.Draft != "":
		return "https://datatracker.ietf.org/doc/html/" + s.Draft
	case s.Section == "":
		return fmt.Sprintf("https://www.rfc-editor.org/rfc/rfc%d", s.RFC)
	}
	return fmt.Sprintf("https://www.rfc-editor.org/rfc/rfc%d#section-%s", s.RFC, s.Section)
}

// IsZero reports whether s cites nothing.
func (s Spec) IsZero() bool { return s == Spec{} }

// WebDAV reports whether the cited RFC is one of WebDAV's: RFC 2518 and
// RFC 4918 define WebDAV, RFC 5842 its bindings.
func (s Spec) WebDAV() bool {
	switch s.RFC {
	case 2518, 4918, 5842:
		return true
	}
	return false
}

// RegistryURL is the address of the IANA HTTP Status Code Registry.
const RegistryURL = "https://www.iana.org/assignments/http-status-codes/http-status-codes.xhtml"

// Code returns the facts about code, or nil. A nil *Facts has none.
func (f *Facts) Code(code int) *Code {
	if f == nil {
		return nil
	}
	i, ok := slices.BinarySearchFunc(f.Codes, code, func(c *Code, code int) int { return c.Code - code })
	if !ok {
		return nil
	}
	return f.Codes[i]
}

// Reason returns the reason phrase a server sends with the code: the
// registry's name without a remark such as "(OBSOLETED)", or the article's
// name when the registry gives none, or else the registry's name whole.
func (c *Code) Reason(articleName string) string {
	name := c.Name
	if i := strings.Index(name, "("); i >= 0 {
		name = strings.TrimSpace(name[:i])
	}
	return cmp.Or(name, articleName, c.Name)
}

// Name returns the name the site gives e's code where it names the code
// itself: the registry's, as Reason gives it, or the article's when the
// facts lack the code.
func Name(e *article.Entry, c *Code) string {
	if c == nil {
		return e.Name
	}
	return c.Reason(e.Name)
}

// Check compares the facts with the article and returns a warning for each
// code that one has and the other lacks, unless the facts mark it absent
// from the article, and for each related code that neither has.
func Check(a *article.Article, f *Facts) []*diag.Error {
	var warns []*diag.Error
	for _, e := range a.Entries {
		if f.Code(e.Code) == nil {
			warns = append(warns, &diag.Error{Path: a.Path, Line: e.Line, Col: 1,
				Msg:  fmt.Sprintf("code %d has no facts in %s", e.Code, f.Path),
				Hint: fmt.Sprintf("add a %q section to %s", fmt.Sprint(e.Code)+":", f.Path)})
		}
	}
	for _, c := range f.Codes {
		inArticle := a.Entry(c.Code) != nil
		switch {
		case c.Absent && inArticle:
			warns = append(warns, &diag.Error{Path: f.Path, Line: c.Line, Col: 1,
				Msg:  fmt.Sprintf("code %d is marked absent, but the article %s has it", c.Code, a.Path),
				Hint: "remove absent and summary"})
		case !c.Absent && !inArticle:
			warns = append(warns, &diag.Error{Path: f.Path, Line: c.Line, Col: 1,
				Msg:  fmt.Sprintf("code %d is not in the article %s", c.Code, a.Path),
				Hint: "add it to the article, mark it absent with a summary, or remove it here"})
			continue
		}
		if a.Class(c.Code/100) == nil {
			warns = append(warns, &diag.Error{Path: f.Path, Line: c.Line, Col: 1,
				Msg: fmt.Sprintf("code %d belongs to no class of the article", c.Code)})
		}
		for _, r := range c.Related {
			if a.Entry(r) == nil && f.Code(r) == nil {
				warns = append(warns, &diag.Error{Path: f.Path, Line: c.Line, Col: 1,
					Msg: fmt.Sprintf("code %d names related code %d, which the article lacks", c.Code, r)})
			}
		}
	}
	return warns
}

// Join returns the article with an entry for every code the facts mark
// absent from it, made from the facts alone, among its entries by code:
// its description is its summary, citing its spec.
// The article itself is not changed, and a's sections stay as they are.
func Join(a *article.Article, f *Facts) *article.Article {
	if f == nil {
		return a
	}
	var extra []*article.Entry
	for _, c := range f.Codes {
		class := a.Class(c.Code / 100)
		if !c.Absent || class == nil || a.Entry(c.Code) != nil {
			continue
		}
		extra = append(extra, &article.Entry{
			Code:  c.Code,
			Name:  c.Reason(""),
			Class: class,
			Description: template.HTML(fmt.Sprintf(`<p>%s (<a href="%s">%s</a>)</p>`,
				template.HTMLEscapeString(c.Summary), template.HTMLEscapeString(c.Spec.URL()), template.HTMLEscapeString(c.Spec.String()))),
			Summary: c.Summary,
			Absent:  true,
		})
	}
	if len(extra) == 0 {
		return a
	}
	joined := *a
	joined.Entries = slices.SortedFunc(slices.Values(slices.Concat(a.Entries, extra)),
		func(x, y *article.Entry) int { return x.Code - y.Code })
	return &joined
}

// Differences returns, as sentences of HTML that link what they cite,
// what holds now where the registry and the article's entry e differ: the
// name the article uses instead of the registry's, a status the article
// does not mention, and a note of the article's that no longer holds. A
// code the article lacks says so. The section that defines the code is
// cited where a page gives its facts, not here again, but for a
// deprecation, which the defining section itself declares.
func Differences(e *article.Entry, c *Code) []template.HTML {
	if c == nil {
		return nil
	}
	registry := link(RegistryURL, "IANA registry")
	spec := link(c.Spec.URL(), c.Spec.String())
	var d []template.HTML
	add := func(format string, args ...any) { d = append(d, template.HTML(fmt.Sprintf(format, args...))) }
	if e.Absent {
		add("The article does not list %d; this page gives the facts of the %s.", c.Code, registry)
	}
	switch c.Status {
	case Unused:
		add("The %s lists %d as %s: the number is reserved, with no name.", registry, c.Code, quote(c.Name))
	case Obsoleted:
		add("The %s marks %d as obsoleted.", registry, c.Code)
	case Temporary:
		add("The %s holds %d as a temporary registration, made on %s, that expires on %s.", registry, c.Code, escape(c.Registered), escape(c.Expires))
	case Deprecated:
		if e.Note == nil || e.Note.Kind != article.NoteDeprecated {
			add("%s deprecates %d.", spec, c.Code)
		}
	}
	if !e.Absent && c.Status != Unused && !strings.EqualFold(c.Reason(e.Name), e.Name) {
		add("The article calls it %s.", quote(e.Name))
	}
	if NoteSuperseded(e, c) {
		add("The article marks it %s, which no longer holds: the %s cites HTTP itself, not a WebDAV RFC.", quote(e.Note.Label), registry)
	}
	return d
}

// NoteSuperseded reports whether the article's note on e no longer holds
// by the facts c: a WebDAV note on a code that HTTP itself now defines.
func NoteSuperseded(e *article.Entry, c *Code) bool {
	return c != nil && e.Note != nil && e.Note.Kind == article.NoteWebDAV && !c.Spec.WebDAV()
}

// quote returns s in quotation marks, as HTML.
func quote(s string) string { return "“" + escape(s) + "”" }

func escape(s string) string { return template.HTMLEscapeString(s) }

// link returns a link to url, as HTML.
func link(url, text string) string {
	return fmt.Sprintf(`<a href="%s">%s</a>`, escape(url), escape(text))
}
