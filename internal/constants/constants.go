// Package constants reads constants.yaml, the name each of eight
// programming stacks gives a status code in code: Go's net/http, Python's
// http.HTTPStatus, Java's java.net.HttpURLConnection, Rack's status
// symbols, Symfony's Response::HTTP_*, the Rust http crate's StatusCode,
// .NET's System.Net.HttpStatusCode and Node's http.STATUS_CODES.
//
// The file is a YAML mapping from each stack's id (go, python, java,
// rack, symfony, rust, dotnet, node) to the stack: its label, library,
// the version the names were read from, a documentation URL, the form a
// name takes in code ("http.%s"), how the names were verified and, under
// names, every code the library defines with its names. A code the
// library lacks is absent: a stack without a constant for a code says so,
// and nothing is guessed. The comment at the top of the file gives the
// keys.
//
// Every stack but .NET is read from the installed library by this
// package's tests, which fail when the file and the library differ and
// rewrite the file with -update; .NET's names are kept by hand from
// Microsoft's documentation, and its stack says so.
//
// Problems are reported as *diag.Error values at file:line:col, all of
// them in one diag.List.
package constants

import (
	"path/filepath"
	"strconv"
	"strings"

	"github.com/httpstatus/site/internal/input"
)

// File is the name of the constants file in the content directory.
const File = "constants.yaml"

// MaxSize is the most bytes the file may hold. The repository's is
// about 20 KB.
const MaxSize = 512 << 10

// IDs returns the ids of the stacks a file may give, in the order the
// site shows them.
func IDs() []string {
	return []string{"go", "python", "java", "rack", "symfony", "rust", "dotnet", "node"}
}

// Set is the parsed file.
type Set struct {
	Path   string   // file it was read from, for messages
	Stacks []*Stack // in file order
}

// Stack is one stack's names for the status codes.
type Stack struct {
	ID       string // "go"
	Label    string // "Go"
	Library  string // "net/http"
	Version  string // of the library the names were read from: "1.26.8"
	Doc      string // URL of the library's documentation of the names
	Form     string // a name as written in code: "http.%s", or %q for a quoted string
	Lookup   string // for a name that is a value looked up by code: "http.STATUS_CODES[%d]"
	Verified Verification
	Note     string         // what a reader should know of the names, shown with them
	Codes    map[int][]Name // every code the library defines, with its names
	Line     int            // line of its key in the file
}

// Name is one name of a code in a stack.
type Name struct {
	Name       string // as the library spells it: "StatusNotFound", "not_found", "Not Found"
	Deprecated bool   // the library itself marks it deprecated
	Written    string // how code writes it, when Form does not give it: `:"(unused)"`
}

// Verification says how a stack's names were checked.
type Verification string

// The ways a stack's names are checked.
const (
	// Library names are read from the installed library by the tests.
	Library Verification = "library"
	// Documentation names are typed from the library's documentation;
	// no machine checks them.
	Documentation Verification = "documentation"
)

// Stack returns the stack of id, or nil. A nil *Set has none.
func (s *Set) Stack(id string) *Stack {
	if s == nil {
		return nil
	}
	for _, st := range s.Stacks {
		if st.ID == id {
			return st
		}
	}
	return nil
}

// Terms returns every name of code in every stack, each once, in stack
// order, for a search filter: as code writes it ("http.StatusNotFound",
// "Response::HTTP_NOT_FOUND"), which holds the name as the library
// spells it, or, for a stack whose names are values looked up by code,
// the value itself ("Not Found").
func (s *Set) Terms(code int) []string {
	if s == nil {
		return nil
	}
	var terms []string
	seen := make(map[string]bool)
	for _, st := range s.Stacks {
		for _, n := range st.Codes[code] {
			t := st.Code(n)
			if st.Lookup != "" {
				t = n.Name
			}
			if !seen[t] {
				seen[t] = true
				terms = append(terms, t)
			}
		}
	}
	return terms
}

// Names returns the names of code, those not deprecated first, or nil
// when the library has no name for it.
func (st *Stack) Names(code int) []Name { return st.Codes[code] }

// Code returns name as it is written in code: "http.StatusNotFound",
// ":not_found", `"Not Found"`.
func (st *Stack) Code(name Name) string {
	if name.Written != "" {
		return name.Written
	}
	if before, after, ok := strings.Cut(st.Form, "%q"); ok {
		return before + strconv.Quote(name.Name) + after
	}
	return strings.Replace(st.Form, "%s", name.Name, 1)
}

// LookupOf returns how code looks up the name of code, such as
// "http.STATUS_CODES[404]", or "" when the stack's names are constants.
func (st *Stack) LookupOf(code int) string {
	if st.Lookup == "" {
		return ""
	}
	return strings.Replace(st.Lookup, "%d", strconv.Itoa(code), 1)
}

// Read reads and parses the file in the content directory dir, through
// package input: a regular file, or a symlink to one inside dir, of at
// most MaxSize bytes. A missing file is an error that wraps
// fs.ErrNotExist.
func Read(dir string) (*Set, error) {
	path := filepath.Join(dir, File)
	data, err := input.ReadFile(path, MaxSize)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}
