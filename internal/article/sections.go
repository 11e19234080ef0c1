package article

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/httpstatus/site/internal/diag"
	"github.com/yuin/goldmark/ast"
)

// openSection starts the section of heading h: a class section, a code
// entry, or any other section.
func (st *state) openSection(h *ast.Heading) {
	off := st.blockOffset(h)
	line, _ := st.position(off)
	s := &Section{Level: h.Level, Title: st.plainText(h), Line: line}
	if id, ok := h.AttributeString("id"); ok {
		if b, ok := id.([]byte); ok {
			s.Anchor = string(b)
		}
	}
	st.section = s
	switch {
	case h.Level <= 2 && st.opts.Vendors:
		st.class, st.vendor = nil, ""
		if h.Level == 2 {
			st.vendor = s.Title
		}
	case h.Level <= 2:
		st.class = nil
		if d := classDigit(s.Title); d > 0 {
			c := st.classFor(d)
			c.Anchor = s.Anchor
			s.Class = c
			if c.Name == "" {
				c.Name = className(s.Title)
			}
			st.class = c
		}
	case h.Level == 3 && isCodeTitle(s.Title) && st.codeHeading(off):
		st.entry = st.newEntry(s, off)
		s.Entry = st.entry
	}
}

// classDigit returns N for a title such as "Nxx Informational Status
// Codes", or 0.
func classDigit(title string) int {
	if len(title) < 4 || title[1:3] != "xx" || title[0] < '1' || title[0] > '5' {
		return 0
	}
	if len(title) > 3 && title[3] != ' ' {
		return 0
	}
	return int(title[0] - '0')
}

// className returns "Informational" for "1xx Informational Status Codes".
func className(title string) string {
	name := strings.TrimSpace(title[3:])
	name = strings.TrimSuffix(name, " Status Codes")
	return strings.TrimSpace(name)
}

// isCodeTitle reports whether a level-3 heading names a code: it starts
// with a digit and is not a class such as "4xx Client Error".
func isCodeTitle(s string) bool {
	return s != "" && s[0] >= '0' && s[0] <= '9' && classDigit(s+" ") == 0
}

// classFor returns the class of digit d, creating it when new.
func (st *state) classFor(d int) *Class {
	for _, c := range st.a.Classes {
		if c.Digit == d {
			return c
		}
	}
	c := &Class{Digit: d}
	st.a.Classes = append(st.a.Classes, c)
	return c
}

// newEntry checks a code heading and returns its entry, or nil when the
// heading is unusable.
func (st *state) newEntry(s *Section, off int) *Entry {
	word, name, _ := strings.Cut(s.Title, " ")
	name = strings.TrimSpace(name)
	code, err := strconv.Atoi(word)
	switch {
	case len(word) != 3 || err != nil:
		st.errorf(off, "a code heading reads \"### 404 Not Found\"", "code %q is not three digits", word)
		return nil
	case code < 100 || code > 599:
		st.errorf(off, "HTTP status codes run from 100 to 599", "code %d is outside 100-599", code)
		return nil
	case name == "":
		st.errorf(off, "", "code %d has no name", code)
		return nil
	case st.opts.Vendors:
		return st.vendorEntry(s, off, code, name)
	case st.class == nil:
		st.errorf(off, fmt.Sprintf(`put it under the "## %dxx ... Status Codes" heading`, code/100), "code %d is not inside a class section", code)
		return nil
	case st.class.Digit != code/100:
		st.errorf(off, fmt.Sprintf(`move it under the "## %dxx ... Status Codes" heading`, code/100), "code %d is under the %s section", code, st.class.Label())
		return nil
	}
	if prev := st.seen[code]; prev != nil {
		st.errorf(off, "remove one of the two sections", "code %d repeats line %d", code, prev.Line)
		return nil
	}
	e := &Entry{Code: code, Name: name, Anchor: s.Anchor, Class: st.class, Line: s.Line}
	st.seen[code] = e
	return e
}

// vendorEntry returns the entry of an unofficial code under the open
// vendor's section, or nil.
func (st *state) vendorEntry(s *Section, off, code int, name string) *Entry {
	if st.vendor == "" {
		st.errorf(off, `put it under a heading that names the vendor, such as "## nginx"`, "code %d is not inside a vendor section", code)
		return nil
	}
	use := vendorCode{st.vendor, code}
	if prev := st.uses[use]; prev != nil {
		st.errorf(off, "remove one of the two sections", "code %d of %s repeats line %d", code, st.vendor, prev.Line)
		return nil
	}
	e := &Entry{Code: code, Name: name, Anchor: s.Anchor, Class: st.classFor(code / 100), Vendor: st.vendor, Line: s.Line}
	if st.uses == nil {
		st.uses = map[vendorCode]*Entry{}
	}
	st.uses[use] = e
	if st.seen[code] == nil {
		st.seen[code] = e // for the codes a description may name
	}
	return e
}

// vendorCode is one vendor's use of a code.
type vendorCode struct {
	vendor string
	code   int
}

// entryBlock adds block n to the open entry: its note if it is the first
// block and a lone bold link, else a part of its description.
func (st *state) entryBlock(n ast.Node) {
	e := st.entry
	if len(st.blocks) == 0 && e.Note == nil {
		if note := noteOf(n, st); note != nil {
			e.Note = note
			return
		}
	}
	st.blocks = append(st.blocks, n)
	if p, ok := n.(*ast.Paragraph); ok {
		text := st.plainText(p)
		if e.Summary == "" {
			e.Summary = firstSentence(text)
		}
		e.Mentions = appendNumbers(e.Mentions, text)
		if e.Example == nil {
			e.Example = st.example(p)
		}
	}
}

// noteOf returns the note that paragraph n holds, or nil: a note is a
// paragraph holding only a bold link, as in **[Deprecated](url)**.
func noteOf(n ast.Node, st *state) *Note {
	p, ok := n.(*ast.Paragraph)
	if !ok || p.ChildCount() != 1 {
		return nil
	}
	em, ok := p.FirstChild().(*ast.Emphasis)
	if !ok || em.Level != 2 || em.ChildCount() != 1 {
		return nil
	}
	link, ok := em.FirstChild().(*ast.Link)
	if !ok {
		return nil
	}
	label := st.plainText(link)
	return &Note{Kind: noteKind(label), Label: label, URL: followed(link.Destination)}
}

// example returns the example that paragraph p gives after "Example:", or nil.
func (st *state) example(p *ast.Paragraph) *Example {
	text := st.plainText(p)
	_, after, ok := strings.Cut(text, "Example:")
	if !ok {
		return nil
	}
	ex := &Example{Text: strings.TrimSpace(after)}
	seen := false
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok && strings.Contains(string(t.Segment.Value(st.src)), "Example:") {
			seen = true
		}
		if cs, ok := c.(*ast.CodeSpan); ok && seen {
			ex.Code = st.plainText(cs)
			break
		}
	}
	return ex
}

// appendNumbers appends to codes each three-digit number of text that
// could be a status code and is not in codes yet.
func appendNumbers(codes []int, text string) []int {
	for i := 0; i < len(text); {
		j := i
		for j < len(text) && text[j] >= '0' && text[j] <= '9' {
			j++
		}
		if j == i {
			i++
			continue
		}
		if n, err := strconv.Atoi(text[i:j]); err == nil && j-i == 3 && n >= 100 && n <= 599 &&
			(i == 0 || !isWordByte(text[i-1])) && (j == len(text) || !isWordByte(text[j])) && !slices.Contains(codes, n) {
			codes = append(codes, n)
		}
		i = j
	}
	return codes
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// firstSentence returns text up to the end of its first sentence: a
// period, question or exclamation mark followed by a space and a capital.
func firstSentence(text string) string {
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '.', '?', '!':
			rest := text[i+1:]
			if len(rest) >= 2 && rest[0] == ' ' && unicode.IsUpper(rune(rest[1])) {
				return text[:i+1]
			}
		}
	}
	return text
}

// sectionBlock adds block n to a section that is not a code.
func (st *state) sectionBlock(n ast.Node) {
	st.scan(n)
	st.blocks = append(st.blocks, n)
}

// scan reads the intro's facts from block n: class definitions in a list,
// and the sentence naming the most common codes.
func (st *state) scan(n ast.Node) {
	switch n := n.(type) {
	case *ast.List:
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			st.classItem(st.plainText(item))
		}
	case *ast.Paragraph:
		if strings.Contains(st.plainText(n), "most commonly used") {
			st.commonLinks(n)
		}
	}
}

// classItem records a class from a list item such as
// "1xx (Informational): The request was received".
func (st *state) classItem(text string) {
	d := classDigit(text + " ")
	if d == 0 {
		return
	}
	head, def, ok := strings.Cut(text, ":")
	if !ok {
		return
	}
	name := strings.TrimSpace(head[3:])
	name = strings.TrimSuffix(strings.TrimPrefix(name, "("), ")")
	c := st.classFor(d)
	c.Name = name
	c.Definition = strings.TrimSpace(def)
}

// commonLinks records the in-page links of the "most commonly used" sentence.
func (st *state) commonLinks(p ast.Node) {
	_ = ast.Walk(p, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := c.(*ast.Link); ok && entering {
			if dest, ok := strings.CutPrefix(followed(l.Destination), "#"); ok {
				if st.common == nil {
					st.common = map[string]bool{}
				}
				st.common[dest] = true
			}
		}
		return ast.WalkContinue, nil
	})
}

// closeSection ends the open section, if any.
func (st *state) closeSection() {
	s := st.section
	if s == nil {
		return
	}
	if s.Level == 3 && isCodeTitle(s.Title) {
		st.closeEntry(s)
	} else {
		st.toRender(st.blocks, &s.HTML)
	}
	st.a.Sections = append(st.a.Sections, s)
	st.section, st.entry = nil, nil
	st.blocks = nil
}

func (st *state) closeEntry(s *Section) {
	e := st.entry
	if e == nil {
		return // already reported
	}
	if len(st.blocks) == 0 {
		st.errorf(st.lines[e.Line-1], "add a paragraph under the heading", "code %d has no description", e.Code)
		return
	}
	if st.opts.Vendors && e.Note == nil {
		st.errorf(st.lines[e.Line-1], "open its section with a bold link such as **[nginx: return](https://nginx.org/en/docs/http/ngx_http_rewrite_module.html#return)**",
			"code %d of %s has no link to the vendor's documentation", e.Code, e.Vendor)
		return
	}
	st.toRender(st.blocks, &e.Description)
	st.a.Entries = append(st.a.Entries, e)
}

// finish orders what was collected and checks what needs the whole article.
func (st *state) finish() {
	a := st.a
	sort.Slice(a.Classes, func(i, j int) bool { return a.Classes[i].Digit < a.Classes[j].Digit })
	sort.SliceStable(a.Entries, func(i, j int) bool { return a.Entries[i].Code < a.Entries[j].Code }) // a code's vendors in file order
	for _, e := range a.Entries {
		e.Common = st.common[e.Anchor]
		e.Mentions = slices.DeleteFunc(e.Mentions, func(c int) bool { return c == e.Code || st.seen[c] == nil })
	}
	if len(a.Entries) == 0 && len(st.errs) == 0 {
		hint := `add sections such as "### 404 Not Found" under "## 4xx Client Error Status Codes"`
		if st.opts.Vendors {
			hint = `add sections such as "### 499 Client Closed Request" under "## nginx"`
		}
		st.errorf(-1, hint, "no code sections found")
	}
	st.checkLinks()
}

// checkLinks reports in-page links to anchors no heading defines, and
// codes that no in-page link points at.
func (st *state) checkLinks() {
	anchors := map[string]bool{}
	for _, s := range st.a.Sections {
		anchors[s.Anchor] = true
	}
	linked := map[string]bool{}
	for _, l := range st.a.Links {
		id, ok := strings.CutPrefix(l.Dest, "#")
		if !ok {
			continue
		}
		linked[id] = true
		if !anchors[id] {
			st.errs = append(st.errs, &diag.Error{Path: st.path, Line: l.Line, Col: l.Col,
				Msg: fmt.Sprintf("link to #%s, which no heading defines", id), Hint: st.closest(id, anchors)})
		}
	}
	for _, e := range st.a.Entries {
		if !linked[e.Anchor] && !st.opts.Vendors {
			st.warns = append(st.warns, &diag.Error{Path: st.path, Line: e.Line, Col: 1,
				Msg:  fmt.Sprintf("code %d is not linked from the list of codes", e.Code),
				Hint: fmt.Sprintf("add [%s](#%s) to the list of its class", e.Title(), e.Anchor)})
		}
	}
}

// closest suggests the defined anchor that shares id's code, if any.
func (st *state) closest(id string, anchors map[string]bool) string {
	code, _, _ := strings.Cut(id, "-")
	for _, e := range st.a.Entries {
		if strconv.Itoa(e.Code) == code && anchors[e.Anchor] {
			return "did you mean #" + e.Anchor + "?"
		}
	}
	return ""
}
