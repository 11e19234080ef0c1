package netlify

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	// netlify.toml is read with a complete TOML parser because Netlify
	// reads it with one: a hand-written reader of "the subset we use"
	// would differ silently from the deploy on the first multi-line
	// string, escape or inline table, and the dev server exists to not
	// differ. BurntSushi/toml is small, has no dependencies of its own,
	// and reports the line of a syntax error.
	"github.com/BurntSushi/toml"
	"github.com/httpstatus/site/internal/diag"
)

// ConfigFile is the name of Netlify's configuration file at the root of
// the repository.
const ConfigFile = "netlify.toml"

// HeaderRule is one [[headers]] table: the headers sent with every
// response whose path matches For.
type HeaderRule struct {
	For    string
	Values http.Header

	pat *regexp.Regexp
}

// Config is what netlify.toml says about serving the site. Other tables,
// such as [build], are not read.
type Config struct {
	Headers   []*HeaderRule
	Redirects []*Redirect
}

// tomlFile is the part of netlify.toml that Config holds.
type tomlFile struct {
	Headers []struct {
		For    string         `toml:"for"`
		Values map[string]any `toml:"values"`
	} `toml:"headers"`
	Redirects []struct {
		From   string `toml:"from"`
		To     string `toml:"to"`
		Status int    `toml:"status"`
		Force  bool   `toml:"force"`
	} `toml:"redirects"`
}

// ParseConfig parses netlify.toml read from name. A key of [[headers]]
// or [[redirects]] that Config does not model, such as a redirect's
// conditions, is an error rather than a rule silently served otherwise.
func ParseConfig(name string, data []byte) (*Config, error) {
	if err := checkSize(name, data, MaxConfigSize); err != nil {
		return nil, err
	}
	if err := checkTOML(name, data); err != nil {
		return nil, err
	}
	var f tomlFile
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &diag.Error{Path: name, Line: pe.Position.Line, Col: pe.Position.Col, Msg: pe.Message, Err: err}
		}
		return nil, &diag.Error{Path: name, Msg: err.Error(), Err: err}
	}
	for _, k := range md.Undecoded() {
		if len(k) > 0 && (k[0] == "headers" || k[0] == "redirects") {
			return nil, diag.Errorf(name, 0, 0, "%s is not supported", k)
		}
	}
	var c Config
	for i, h := range f.Headers {
		r, err := headerRule(h.For, h.Values)
		if err != nil {
			return nil, &diag.Error{Path: name, Msg: fmt.Sprintf("headers[%d]: %v", i, err), Err: err}
		}
		c.Headers = append(c.Headers, r)
	}
	for i, t := range f.Redirects {
		r := &Redirect{From: t.From, To: t.To, Status: t.Status, Force: t.Force,
			Source: fmt.Sprintf("%s: redirects[%d]", name, i)}
		if err := r.compile(); err != nil {
			return nil, &diag.Error{Path: name, Msg: fmt.Sprintf("redirects[%d]: %v", i, err), Err: err}
		}
		c.Redirects = append(c.Redirects, r)
	}
	return &c, nil
}

// headerRule returns the rule of one [[headers]] table.
func headerRule(path string, values map[string]any) (*HeaderRule, error) {
	path = strings.TrimSpace(path)
	p, err := headerPattern(path)
	if err != nil {
		return nil, err
	}
	r := &HeaderRule{For: path, Values: http.Header{}, pat: p}
	for k, v := range values {
		k = strings.TrimSpace(k)
		if k == "" {
			return nil, errors.New("empty header name")
		}
		if !isToken(k) {
			return nil, fmt.Errorf("header name %q is not a token of letters, digits and !#$%%&'*+-.^_`|~", k)
		}
		s, err := headerValue(k, v)
		if err != nil {
			return nil, err
		}
		if strings.ContainsFunc(s, func(c rune) bool { return c < ' ' && c != '\t' || c == 0x7f }) {
			return nil, fmt.Errorf("header %s holds a control character", k)
		}
		r.Values.Set(k, s)
	}
	return r, nil
}

// isToken reports whether s is a token of RFC 9110, as a header's name
// must be.
func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return s != ""
}

// listSep is a comma with the white space around it, line breaks included.
var listSep = regexp.MustCompile(`\s*,\s*`)

// headerValue returns the value of a header as Netlify sends it: a
// multi-line string is one comma-separated list, and so is an array.
func headerValue(k string, v any) (string, error) {
	switch v := v.(type) {
	case string:
		return listSep.ReplaceAllString(strings.TrimSpace(v), ", "), nil
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			s, ok := e.(string)
			if !ok {
				return "", fmt.Errorf("header %s[%d] is not a string", k, i)
			}
			parts[i] = strings.TrimSpace(s)
		}
		return strings.Join(parts, ", "), nil
	}
	return "", fmt.Errorf("header %s is not a string", k)
}

// Matches reports whether the rule applies to path, as the client sent
// it (URL-escaped).
func (r *HeaderRule) Matches(path string) bool { return r.pat.MatchString(path) }

// Rules are everything Netlify applies to a request for a published
// directory: the redirects of _redirects, then those of netlify.toml,
// and netlify.toml's headers.
type Rules struct {
	Redirects []*Redirect
	Headers   []*HeaderRule

	// The redirects by what they match, so that a path is matched against
	// the few rules that can match it, not against all: the rules whose
	// pattern is literal by its segments, the others in order.
	literal map[string][]int
	others  []int
}

// NewRules returns the rules of a _redirects file and a configuration;
// either may be nil.
func NewRules(redirects []*Redirect, c *Config) *Rules {
	r := &Rules{Redirects: slices.Clip(redirects), literal: map[string][]int{}}
	if c != nil {
		r.Redirects = append(r.Redirects, c.Redirects...)
		r.Headers = c.Headers
	}
	for i, rd := range r.Redirects {
		if key, ok := rd.pat.literal(); ok {
			r.literal[key] = append(r.literal[key], i)
		} else {
			r.others = append(r.others, i)
		}
	}
	return r
}

// Redirect returns the rule that applies to path and its target. The
// first matching rule wins, except that a rule not forced does not
// shadow a file: when exists says a file is served at path, only forced
// rules are considered.
func (r *Rules) Redirect(path string, exists bool) (*Redirect, string, bool) {
	segs := segments(path)
	lit, others := r.literal[strings.Join(segs, "/")], r.others
	for len(lit) > 0 || len(others) > 0 {
		var i int // the next rule in order of the two lists
		if len(others) == 0 || len(lit) > 0 && lit[0] < others[0] {
			i, lit = lit[0], lit[1:]
		} else {
			i, others = others[0], others[1:]
		}
		rd := r.Redirects[i]
		if exists && !rd.Force {
			continue
		}
		if to, ok := rd.matchSegments(segs); ok {
			return rd, to, true
		}
	}
	return nil, "", false
}

// Header returns the headers of every rule that matches path. Netlify
// applies all of them; when two rules set the same header, its values
// are joined into one comma-separated list, in the order of the rules.
func (r *Rules) Header(path string) http.Header {
	h := http.Header{}
	for _, rule := range r.Headers {
		if !rule.Matches(path) {
			continue
		}
		for k, vs := range rule.Values {
			if old := h.Get(k); old != "" {
				h.Set(k, old+", "+vs[0])
			} else {
				h.Set(k, vs[0])
			}
		}
	}
	return h
}
