// Package synonyms reads synonyms.yaml, the words developers type for a
// status code that none of its names holds, such as "rate limit" for 429.
//
// The file is a YAML mapping from each term to the codes it finds, in the
// order they should be listed:
//
//	rate limit: [429]
//	auth: [401, 407]
//
// A term is text, neither empty nor of digits alone (a code is found by
// its number already), and is given once, whatever its case. Problems are
// reported as diag.Errors at the term's line.
package synonyms

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"gopkg.in/yaml.v2"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/diag"
)

// MaxSize bounds the bytes of the file, checked before it is parsed. The
// repository's is under 1 KB.
const MaxSize = 64 << 10

// Synonyms is the parsed file.
type Synonyms struct {
	Path  string // file the terms were read from, for messages
	Terms []Term // in file order
}

// Term is one term and the codes it finds.
type Term struct {
	Text  string // as written, trimmed: "rate limit"
	Codes []int
	Line  int // line of its key in the file
}

// Of returns the terms that find code, in file order. A nil *Synonyms
// has none.
func (s *Synonyms) Of(code int) []string {
	if s == nil {
		return nil
	}
	var out []string
	for _, t := range s.Terms {
		if slices.Contains(t.Codes, code) {
			out = append(out, t.Text)
		}
	}
	return out
}

// Check returns an error, at the term's line, for each code of a term
// that known reports the site does not have.
func (s *Synonyms) Check(known func(code int) bool) error {
	if s == nil {
		return nil
	}
	var errs diag.List
	for _, t := range s.Terms {
		for _, c := range t.Codes {
			if !known(c) {
				errs = append(errs, &diag.Error{Path: s.Path, Line: t.Line, Col: 1,
					Msg:  fmt.Sprintf("term %q finds code %d, which the site does not have", t.Text, c),
					Hint: "name a code of the article or of the unofficial codes"})
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Parse parses the file src read from path. Every problem is returned,
// at its line, in a diag.List of at most article.MaxErrors.
func Parse(path string, src []byte) (*Synonyms, error) {
	if len(src) > MaxSize {
		line, col := diag.Position(src, MaxSize)
		return nil, &diag.Error{Path: path, Line: line, Col: col, Hint: "keep only the terms the names miss",
			Msg: fmt.Sprintf("file is %d bytes, over the limit of %d bytes, which falls here", len(src), MaxSize)}
	}
	var items yaml.MapSlice
	if err := yaml.Unmarshal(src, &items); err != nil {
		line, msg := article.YAMLLine(strings.TrimPrefix(err.Error(), "yaml: "))
		return nil, &diag.Error{Path: path, Line: line, Msg: msg, Err: err}
	}
	lines := keyLines(src)
	var errs diag.List
	s := &Synonyms{Path: path}
	seen := map[string]int{} // folded term → its line
	for i, item := range items {
		line := 0
		if len(lines) == len(items) {
			line = lines[i]
		}
		fail := func(format string, args ...any) {
			errs = append(errs, &diag.Error{Path: path, Line: line, Col: 1, Msg: fmt.Sprintf(format, args...)})
		}
		text, ok := item.Key.(string)
		text = strings.TrimSpace(text)
		switch {
		case !ok && isInt(item.Key):
			fail("term %v is a number: a code is found by its number already", item.Key)
			continue
		case !ok && item.Key != nil:
			fail("term %v is not text: quote it", item.Key)
			continue
		case text == "":
			fail("empty term")
			continue
		case strings.ContainsFunc(text, unicode.IsControl):
			fail("term %q holds a control character", text)
			continue
		}
		key := strings.ToLower(text)
		if prev, ok := seen[key]; ok {
			fail("term %q repeats line %d", text, prev)
			continue
		}
		seen[key] = line
		codes, ok := codeList(item.Value)
		if !ok {
			fail("term %q: want a list of codes, such as [429]", text)
			continue
		}
		for _, c := range codes {
			if c < 100 || c > 599 {
				fail("term %q: %d is outside 100-599", text, c)
			}
		}
		s.Terms = append(s.Terms, Term{Text: text, Codes: codes, Line: line})
	}
	if len(errs) > 0 {
		return nil, errs.Sorted(article.MaxErrors)
	}
	return s, nil
}

func isInt(v any) bool {
	_, ok := v.(int)
	return ok
}

// codeList returns v as a non-empty list of distinct codes.
func codeList(v any) ([]int, bool) {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return nil, false
	}
	codes := make([]int, len(list))
	for i, x := range list {
		c, ok := x.(int)
		if !ok || slices.Contains(codes[:i], c) {
			return nil, false
		}
		codes[i] = c
	}
	return codes, true
}

// keyLines returns the line of each top-level key of src, in order:
// yaml.v2 reports no positions, so they are the lines that start in the
// first column and are no comment, document marker or sequence item.
func keyLines(src []byte) []int {
	var lines []int
	for i, l := range bytes.Split(src, []byte("\n")) {
		if len(l) == 0 {
			continue
		}
		switch l[0] {
		case ' ', '\t', '\r', '#', '-', '.':
			continue
		}
		if bytes.IndexByte(l, ':') > 0 {
			lines = append(lines, i+1)
		}
	}
	return lines
}
