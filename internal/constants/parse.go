package constants

import (
	"bytes"
	"cmp"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v2"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/diag"
)

// stackKeys and nameKeys are the keys a stack and a name may have, for
// messages.
const (
	stackKeys = "label, library, version, doc, form, lookup, verified, note or names"
	nameKeys  = "name, deprecated or written"
)

var codePattern = regexp.MustCompile(`^[1-9][0-9][0-9]$`)

// rawStack is a stack as written in the file.
type rawStack struct {
	Label    string              `yaml:"label"`
	Library  string              `yaml:"library"`
	Version  string              `yaml:"version"`
	Doc      string              `yaml:"doc"`
	Form     string              `yaml:"form"`
	Lookup   string              `yaml:"lookup"`
	Verified string              `yaml:"verified"`
	Note     string              `yaml:"note"`
	Names    map[string]rawNames `yaml:"names"`
}

// rawNames are the names of a code as written in the file: one name, or
// a sequence of them.
type rawNames []rawName

// UnmarshalYAML reads one name or a sequence of names.
func (l *rawNames) UnmarshalYAML(unmarshal func(any) error) error {
	var v any
	if err := unmarshal(&v); err != nil {
		return err
	}
	if _, ok := v.([]any); ok {
		return unmarshal((*[]rawName)(l))
	}
	var n rawName
	if err := unmarshal(&n); err != nil {
		return err
	}
	*l = rawNames{n}
	return nil
}

// rawName is a name as written in the file: the name alone, or a mapping
// of name, deprecated and written.
type rawName struct {
	Name       string `yaml:"name"`
	Deprecated bool   `yaml:"deprecated"`
	Written    string `yaml:"written"`
	nested     bool   // written as a sequence, which no name is
}

// UnmarshalYAML reads either form of a name.
func (n *rawName) UnmarshalYAML(unmarshal func(any) error) error {
	var v any
	if err := unmarshal(&v); err != nil {
		return err
	}
	switch v.(type) {
	case map[any]any:
		type plain rawName // without this method
		return unmarshal((*plain)(n))
	case []any:
		n.nested = true
		return nil
	}
	return unmarshal(&n.Name)
}

// Parse parses the constants file data read from path. Every problem is
// returned, at its place, in a diag.List of at most article.MaxErrors.
func Parse(path string, data []byte) (*Set, error) {
	p := &parser{path: path, lines: bytes.Split(data, []byte("\n"))}
	if len(data) > MaxSize {
		line, col := diag.Position(data, MaxSize)
		return nil, diag.List{{Path: path, Line: line, Col: col, Hint: "shorten the file",
			Msg: fmt.Sprintf("file is %d bytes, over the limit of %d bytes, which falls here", len(data), MaxSize)}}
	}
	p.scan()
	var raw map[string]rawStack
	if err := yaml.UnmarshalStrict(data, &raw); err != nil {
		p.yamlErrors(err)
		return nil, p.errs.Sorted(article.MaxErrors)
	}
	set := &Set{Path: path}
	for _, id := range p.order(raw) {
		if st := p.stack(id, raw[id]); st != nil {
			set.Stacks = append(set.Stacks, st)
		}
	}
	if len(p.errs) > 0 {
		return nil, p.errs.Sorted(article.MaxErrors)
	}
	return set, nil
}

// parser is one parse in progress.
type parser struct {
	path   string
	lines  [][]byte
	ids    []string                    // top-level keys, in file order
	places map[string]map[string]place // of each stack's key, its keys and, as "names.404", its codes
	errs   diag.List
}

// place is a 1-based line and column.
type place struct{ line, col int }

// scan finds the place of each stack, of its keys and of its codes, for
// messages: yaml.v2 reports none. It reads the file as block mappings,
// which is how the file is written.
func (p *parser) scan() {
	p.places = make(map[string]map[string]place)
	var id string
	fieldIndent, inNames := -1, false
	for i, l := range p.lines {
		text := strings.TrimRight(string(l), " \t\r")
		trimmed := strings.TrimLeft(text, " ")
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		key, _, ok := strings.Cut(trimmed, ":")
		if !ok {
			continue
		}
		key = strings.Trim(strings.TrimSpace(key), `"'`)
		indent := len(text) - len(trimmed)
		at := place{i + 1, indent + 1}
		switch {
		case indent == 0:
			id, fieldIndent, inNames = key, -1, false
			p.ids = append(p.ids, id)
			if p.places[id] == nil {
				p.places[id] = map[string]place{"": at}
			}
		case id == "":
		case fieldIndent < 0 || indent == fieldIndent:
			fieldIndent, inNames = indent, key == "names"
			p.places[id][key] = at
		case inNames && indent > fieldIndent && !strings.HasPrefix(trimmed, "-"):
			if _, ok := p.places[id]["names."+key]; !ok {
				p.places[id]["names."+key] = at
			}
		}
	}
}

// at returns the place of key of stack id: "" for the stack's own key,
// "names.404" for a code. It falls back to the stack's place.
func (p *parser) at(id, key string) place {
	if pl, ok := p.places[id][key]; ok {
		return pl
	}
	return p.places[id][""]
}

// atName returns the place of name on the line of code's key.
func (p *parser) atName(id, code, name string) place {
	pl := p.at(id, "names."+code)
	if pl.line == 0 || name == "" {
		return pl
	}
	l := string(p.lines[pl.line-1])
	_, after, _ := strings.Cut(l, ":")
	if i := strings.Index(after, name); i >= 0 {
		off := len(l) - len(after) + i
		return place{pl.line, utf8.RuneCountInString(l[:off]) + 1}
	}
	return pl
}

func (p *parser) errorf(pl place, hint, format string, args ...any) {
	p.errs = append(p.errs, &diag.Error{Path: p.path, Line: pl.line, Col: pl.col, Msg: fmt.Sprintf(format, args...), Hint: hint})
}

// order returns the ids of raw in file order.
func (p *parser) order(raw map[string]rawStack) []string {
	var ids []string
	for _, id := range p.ids {
		if _, ok := raw[id]; ok && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	var rest []string
	for id := range raw {
		if !slices.Contains(ids, id) {
			rest = append(rest, id)
		}
	}
	slices.Sort(rest)
	return append(ids, rest...)
}

// stack checks the stack of id and returns it, or nil.
func (p *parser) stack(id string, r rawStack) *Stack {
	n := len(p.errs)
	if !slices.Contains(IDs(), id) {
		p.errorf(p.at(id, ""), "the stacks are "+strings.Join(IDs(), ", "), "unknown stack %q", id)
		return nil
	}
	st := &Stack{ID: id, Label: strings.TrimSpace(r.Label), Library: strings.TrimSpace(r.Library),
		Version: strings.TrimSpace(r.Version), Doc: strings.TrimSpace(r.Doc), Form: r.Form, Lookup: r.Lookup,
		Verified: Verification(r.Verified), Note: strings.TrimSpace(r.Note), Codes: make(map[int][]Name),
		Line: p.at(id, "").line}
	for key, v := range map[string]string{"label": st.Label, "library": st.Library, "version": st.Version,
		"doc": st.Doc, "form": st.Form, "verified": string(st.Verified)} {
		if v == "" {
			p.errorf(p.at(id, key), "", "stack %s has no %s", id, key)
		}
	}
	if u, err := url.Parse(st.Doc); st.Doc != "" && (err != nil || u.Scheme != "https" || u.Host == "") {
		p.errorf(p.at(id, "doc"), "give the https URL of the library's documentation", "stack %s: doc %q is not an https URL", id, st.Doc)
	}
	if st.Form != "" && (strings.Count(st.Form, "%") != 1 || !strings.Contains(st.Form, "%s") && !strings.Contains(st.Form, "%q")) {
		p.errorf(p.at(id, "form"), `write %s where the name goes, as in "http.%s", or %q for a quoted string`,
			"stack %s: form %q has no single %%s or %%q", id, st.Form)
	}
	if st.Lookup != "" && (strings.Count(st.Lookup, "%") != 1 || !strings.Contains(st.Lookup, "%d")) {
		p.errorf(p.at(id, "lookup"), `write %d where the code goes, as in "http.STATUS_CODES[%d]"`,
			"stack %s: lookup %q has no single %%d", id, st.Lookup)
	}
	switch st.Verified {
	case "", Library, Documentation:
	default:
		p.errorf(p.at(id, "verified"), "", "stack %s: verified %q is neither %s nor %s", id, st.Verified, Library, Documentation)
	}
	if len(r.Names) == 0 {
		p.errorf(p.at(id, "names"), "list every code the library defines under names", "stack %s has no names", id)
	}
	p.names(st, r.Names)
	if len(p.errs) > n {
		return nil
	}
	return st
}

// names checks the names of st's codes, in the order of the codes, and
// adds them to st.
func (p *parser) names(st *Stack, raw map[string]rawNames) {
	codes := make([]string, 0, len(raw))
	for c := range raw {
		codes = append(codes, c)
	}
	slices.SortFunc(codes, func(a, b string) int {
		return cmp.Or(cmp.Compare(p.at(st.ID, "names."+a).line, p.at(st.ID, "names."+b).line), cmp.Compare(a, b))
	})
	owner := make(map[string]string) // name to the code it was first given for
	for _, c := range codes {
		if !codePattern.MatchString(c) {
			p.errorf(p.at(st.ID, "names."+c), "a code is three digits, 100 to 999", "stack %s: %q is not a status code", st.ID, c)
			continue
		}
		code, _ := strconv.Atoi(c)
		if len(raw[c]) == 0 {
			p.errorf(p.at(st.ID, "names."+c), "leave out a code the library has no name for", "stack %s: code %d has no name", st.ID, code)
		}
		var names []Name
		for _, r := range raw[c] {
			name := strings.TrimSpace(r.Name)
			at := p.atName(st.ID, c, name)
			switch {
			case r.nested:
				p.errorf(at, "a name is a string or a mapping of "+nameKeys, "stack %s: code %d has a sequence in its list of names", st.ID, code)
				continue
			case name == "":
				p.errorf(at, "", "stack %s: code %d has an empty name", st.ID, code)
				continue
			case owner[name] == c:
				p.errorf(at, "", "stack %s: code %d gives %s twice", st.ID, code, name)
				continue
			case owner[name] != "":
				p.errorf(at, "a name stands for one code", "stack %s: %s is given for code %s and for %d", st.ID, name, owner[name], code)
				continue
			}
			owner[name] = c
			names = append(names, Name{Name: name, Deprecated: r.Deprecated, Written: strings.TrimSpace(r.Written)})
		}
		slices.SortStableFunc(names, func(a, b Name) int {
			switch {
			case a.Deprecated == b.Deprecated:
				return 0
			case b.Deprecated:
				return -1
			}
			return 1
		})
		if len(names) > 0 {
			st.Codes[code] = names
		}
	}
}

// yamlErrors reports a YAML error at the lines it names.
func (p *parser) yamlErrors(err error) {
	for _, m := range article.YAMLMessages(err) {
		line, text := article.YAMLLine(m)
		pl := place{line: line}
		hint := ""
		if field, ok := strings.CutPrefix(text, "field "); ok {
			field, in, _ := strings.Cut(field, " ")
			keys, what := stackKeys, "a stack"
			if strings.HasSuffix(in, ".plain") {
				keys, what = nameKeys, "a name"
			}
			text, hint = fmt.Sprintf("unknown key %q in %s", field, what), "use "+keys
			pl.col = p.colOf(line, field)
		}
		p.errs = append(p.errs, &diag.Error{Path: p.path, Line: pl.line, Col: pl.col, Msg: text, Hint: hint})
	}
}

// colOf returns the column of the first s on line, or 0.
func (p *parser) colOf(line int, s string) int {
	if line < 1 || line > len(p.lines) {
		return 0
	}
	l := string(p.lines[line-1])
	if i := strings.Index(l, s); i >= 0 {
		return utf8.RuneCountInString(l[:i]) + 1
	}
	return 0
}
