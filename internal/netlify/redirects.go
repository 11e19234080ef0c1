package netlify

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/httpstatus/site/internal/diag"
)

// RedirectsFile is the name of the redirect rules in the published directory.
const RedirectsFile = "_redirects"

// Redirect is one redirect or rewrite rule.
type Redirect struct {
	From   string // path pattern, such as "/404" or "/old/*"
	To     string // path or absolute URL; ":splat" and placeholders are replaced
	Status int    // 301, 302, 303, 307 and 308 redirect; others serve To with that status
	Force  bool   // apply even when a file is served at From
	Source string // "file:line" the rule was read from, for messages

	pat pattern
}

// String returns the rule as a line of a _redirects file.
func (r *Redirect) String() string {
	s := r.From + " " + r.To + " " + strconv.Itoa(r.Status)
	if r.Force {
		s += "!"
	}
	return s
}

// IsRedirect reports whether the rule sends the client elsewhere rather
// than serving To in the place of From.
func (r *Redirect) IsRedirect() bool {
	switch r.Status {
	case 301, 302, 303, 307, 308:
		return true
	}
	return false
}

// Match reports whether path, decoded, as Netlify's redirect engine
// matches it, matches the rule's From and returns To with the
// placeholders filled in. A path whose target would be longer than
// MaxTargetLength matches no rule.
func (r *Redirect) Match(path string) (string, bool) {
	return r.matchSegments(segments(path))
}

// matchSegments is Match of a path split into its segments.
func (r *Redirect) matchSegments(segs []string) (string, bool) {
	params, ok := r.pat.match(segs)
	if !ok {
		return "", false
	}
	return expand(r.To, params, MaxTargetLength)
}

// ParseRedirects parses a _redirects file read from name. It accepts the
// part of Netlify's syntax that a static site needs, one rule a line:
//
//	FROM TO [STATUS[!]]
//
// with # comment lines. It rejects, rather than misreading, rules that
// match on query parameters or conditions (Country=, Role=, ...), and
// FROM written as a full URL.
func ParseRedirects(name string, data []byte) ([]*Redirect, error) {
	if err := checkSize(name, data, MaxRedirectsSize); err != nil {
		return nil, err
	}
	var rules []*Redirect
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r, err := parseRedirect(strings.Fields(line))
		if err != nil {
			return nil, &diag.Error{Path: name, Line: n, Msg: err.Error(), Err: err}
		}
		r.Source = fmt.Sprintf("%s:%d", name, n)
		rules = append(rules, r)
	}
	if err := sc.Err(); err != nil {
		return nil, &diag.Error{Path: name, Msg: err.Error(), Err: err}
	}
	return rules, nil
}

// parseRedirect returns the rule of one line's fields.
func parseRedirect(f []string) (*Redirect, error) {
	if len(f) < 2 {
		return nil, fmt.Errorf("want FROM TO [STATUS], got %q", strings.Join(f, " "))
	}
	if strings.Contains(f[1], "=") {
		return nil, fmt.Errorf("query parameter matching (%s) is not supported", f[1])
	}
	r := &Redirect{From: f[0], To: f[1], Status: 301}
	if len(f) > 2 {
		status, force := strings.CutSuffix(f[2], "!")
		n, err := strconv.Atoi(status)
		if err != nil || n < 200 || n > 599 {
			return nil, fmt.Errorf("bad status %q", f[2])
		}
		r.Status, r.Force = n, force
	}
	if len(f) > 3 {
		return nil, fmt.Errorf("conditions (%s) are not supported", strings.Join(f[3:], " "))
	}
	return r, r.compile()
}

// compile checks the rule and prepares its pattern.
func (r *Redirect) compile() error {
	if r.Status == 0 {
		r.Status = 301
	}
	if r.Status < 200 || r.Status > 599 {
		return fmt.Errorf("bad status %d: want one from 200 to 599", r.Status)
	}
	if !strings.HasPrefix(r.To, "/") && !strings.HasPrefix(r.To, "https://") && !strings.HasPrefix(r.To, "http://") {
		return fmt.Errorf("target %q is neither a path nor an absolute URL", r.To)
	}
	if strings.ContainsFunc(r.From+r.To, func(c rune) bool { return c <= ' ' || c == 0x7f }) {
		return fmt.Errorf("path %q or target %q holds white space or a control character", r.From, r.To)
	}
	p, err := compile(r.From)
	if err != nil {
		return err
	}
	r.pat = p
	return nil
}
