// Package facts reads codes.yaml, the registry facts kept beside the
// article, and checks them against the article's codes.
//
// The file is a YAML mapping from each code to its facts: name (the IANA
// registry's), spec ("RFC 9110 §15.5.5"), headers ("Location: /new", the
// response fields that go with the code), cacheable, go (the net/http
// constant), status ("deprecated", "unused" or "obsoleted"), note and
// related (other codes). Problems are reported as file:line.
package facts

import (
	"fmt"
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
	Code      int
	Name      string   // the registry's name: "Content Too Large", "(Unused)"
	Spec      Spec     // the defining document and section
	Headers   []Header // response fields that go with the code
	Cacheable bool     // heuristically cacheable by default (RFC 9110 §15.1)
	Go        string   // net/http constant: "StatusNotFound"
	Status    Status
	Note      string
	Related   []int
	Line      int // line of its key in the file
}

// Status says whether a code is still meant to be used.
type Status string

// The statuses a code may have; the empty Status means in use.
const (
	Deprecated Status = "deprecated" // its defining RFC advises against it
	Unused     Status = "unused"     // reserved, with no meaning
	Obsoleted  Status = "obsoleted"  // its defining RFC is Historic
)

// Header is a response header field with an example value.
type Header struct {
	Name, Value string
}

// String returns the field as it appears in a response: "Name: value".
func (h Header) String() string { return h.Name + ": " + h.Value }

// Spec cites a section of an RFC.
type Spec struct {
	RFC     int
	Section string // "15.5.5"
}

// String returns the citation as written in the facts file: "RFC 9110 §15.5.5".
func (s Spec) String() string { return fmt.Sprintf("RFC %d §%s", s.RFC, s.Section) }

// URL returns the address of the cited section at the RFC Editor.
func (s Spec) URL() string {
	return fmt.Sprintf("https://www.rfc-editor.org/rfc/rfc%d#section-%s", s.RFC, s.Section)
}

// WebDAV reports whether the cited RFC is one of WebDAV's: RFC 2518 and
// RFC 4918 define WebDAV, RFC 5842 its bindings.
func (s Spec) WebDAV() bool {
	switch s.RFC {
	case 2518, 4918, 5842:
		return true
	}
	return false
}

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
// name when the registry gives none.
func (c *Code) Reason(articleName string) string {
	name := c.Name
	if i := strings.Index(name, "("); i >= 0 {
		name = strings.TrimSpace(name[:i])
	}
	if name == "" {
		return articleName
	}
	return name
}

// Check compares the facts with the article and returns a warning for each
// code that one has and the other lacks, and for each related code that
// the article lacks.
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
		if a.Entry(c.Code) == nil {
			warns = append(warns, &diag.Error{Path: f.Path, Line: c.Line, Col: 1,
				Msg:  fmt.Sprintf("code %d is not in the article %s", c.Code, a.Path),
				Hint: "add it to the article or remove it here"})
			continue
		}
		for _, r := range c.Related {
			if a.Entry(r) == nil {
				warns = append(warns, &diag.Error{Path: f.Path, Line: c.Line, Col: 1,
					Msg: fmt.Sprintf("code %d names related code %d, which the article lacks", c.Code, r)})
			}
		}
	}
	return warns
}

// Differences returns, as sentences, where the registry disagrees with
// the article's entry e: another name, a status the article does not
// mention, or a WebDAV note on a code that HTTP itself now defines.
func Differences(e *article.Entry, c *Code) []string {
	if c == nil {
		return nil
	}
	var d []string
	switch c.Status {
	case Unused:
		d = append(d, fmt.Sprintf("The IANA registry lists %d as %s: %s reserves the number and gives it no name.", c.Code, quote(c.Name), c.Spec))
	case Obsoleted:
		d = append(d, fmt.Sprintf("The IANA registry marks %d as obsoleted.", c.Code))
	case Deprecated:
		if e.Note == nil || e.Note.Kind != article.NoteDeprecated {
			d = append(d, fmt.Sprintf("%s deprecates %d.", c.Spec, c.Code))
		}
	}
	if c.Status != Unused && !strings.EqualFold(c.Reason(e.Name), e.Name) {
		d = append(d, fmt.Sprintf("The IANA registry calls it %s, the name %s gives it.", quote(c.Reason(e.Name)), c.Spec))
	}
	if e.Note != nil && e.Note.Kind == article.NoteWebDAV && !c.Spec.WebDAV() {
		d = append(d, fmt.Sprintf("It is no longer specific to WebDAV: the registry cites %s, not a WebDAV RFC.", c.Spec))
	}
	return d
}

func quote(s string) string { return "“" + s + "”" }
