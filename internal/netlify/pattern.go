package netlify

import (
	"cmp"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// pattern is a compiled path pattern of a redirect's from: literal
// segments, matched as written, ":name" placeholders that match one
// segment, and a final "*" that matches the rest of the path, even
// nothing. A trailing slash makes no difference, in the pattern or in
// the path, because Netlify normalizes it away before matching.
type pattern struct {
	segs  []string // literal segments and ":name" placeholders
	splat bool     // the last segment was "*"
}

// compile returns the pattern of s, which must start with "/".
func compile(s string) (pattern, error) {
	if !strings.HasPrefix(s, "/") {
		return pattern{}, fmt.Errorf("path %q does not start with /", s)
	}
	var p pattern
	segs := segments(s)
	for i, seg := range segs {
		switch {
		case seg == "*" && i == len(segs)-1:
			p.splat = true
		case strings.Contains(seg, "*"):
			return pattern{}, fmt.Errorf("path %q: * is supported only as the whole last segment", s)
		case seg == ":":
			return pattern{}, fmt.Errorf("path %q: placeholder without a name", s)
		default:
			p.segs = append(p.segs, seg)
		}
	}
	return p, nil
}

// segments returns the non-empty segments of a slash-separated path.
func segments(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '/' })
}

// literal returns, for a pattern of literal segments alone, the one
// path it matches as its segments joined by "/".
func (p pattern) literal() (string, bool) {
	if p.splat || slices.ContainsFunc(p.segs, func(s string) bool { return strings.HasPrefix(s, ":") }) {
		return "", false
	}
	return strings.Join(p.segs, "/"), true
}

// match reports whether a path of the segments segs matches p and
// returns the values of its placeholders by name, the splat's under
// "splat".
func (p pattern) match(segs []string) (map[string]string, bool) {
	if len(segs) < len(p.segs) || (!p.splat && len(segs) != len(p.segs)) {
		return nil, false
	}
	var params map[string]string
	set := func(k, v string) {
		if params == nil {
			params = map[string]string{}
		}
		params[k] = v
	}
	for i, want := range p.segs {
		got := segs[i]
		switch {
		case strings.HasPrefix(want, ":"):
			set(want[1:], got)
		case want == got:
		default:
			return nil, false
		}
	}
	if p.splat {
		set("splat", strings.Join(segs[len(p.segs):], "/"))
	}
	return params, true
}

// expand returns to with each placeholder of params replaced by its
// value, in one pass, so that a value is never read for placeholders
// itself. Where two names could start at one colon, the longer wins,
// so that ":splat" is not taken for ":s" followed by "plat". It reports
// false if the result would be longer than limit.
func expand(to string, params map[string]string, limit int) (string, bool) {
	if len(to) > limit {
		return "", false
	}
	if len(params) == 0 {
		return to, true
	}
	names := slices.Collect(maps.Keys(params))
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b))
	})
	var b strings.Builder
	for {
		i := strings.IndexByte(to, ':')
		if i < 0 {
			break
		}
		b.WriteString(to[:i])
		to = to[i+1:]
		name := ""
		for _, k := range names {
			if strings.HasPrefix(to, k) {
				name = k
				break
			}
		}
		if name == "" {
			b.WriteByte(':')
		} else {
			b.WriteString(params[name])
			to = to[len(name):]
		}
		if b.Len() > limit {
			return "", false
		}
	}
	b.WriteString(to)
	if b.Len() > limit {
		return "", false
	}
	return b.String(), true
}

// headerPattern returns the regular expression that a header rule's for
// path matches request paths with, built the way Netlify's headers
// parser builds it: segment by segment, ignoring empty ones,
//
//	:name     one segment
//	*         the rest of the path, even nothing, the slash before it included
//	a*b       "a", anything (slashes too), then "b"
//	name      itself
//
// regardless of case, with or without a trailing slash. So "/assets/*"
// also matches "/assets" and "/assetsx/a", and "/*.json" every path
// ending in ".json". Unlike Netlify's, the text around a "*" inside a
// segment is taken literally: "." matches only a dot.
func headerPattern(s string) (*regexp.Regexp, error) {
	if !strings.HasPrefix(s, "/") {
		return nil, fmt.Errorf("path %q does not start with /", s)
	}
	var parts []string
	for seg := range strings.SplitSeq(s, "/") {
		seg = strings.TrimRight(seg, " \t")
		switch {
		case seg == "":
		case strings.HasPrefix(seg, ":"):
			parts = append(parts, "([^/]+)")
		case seg == "*":
			parts = append(parts, "?(.*)")
		default:
			lit := strings.Split(seg, "*")
			for i := range lit {
				lit[i] = regexp.QuoteMeta(lit[i])
			}
			parts = append(parts, strings.Join(lit, "(.*)"))
		}
	}
	return regexp.Compile("(?i)^/" + strings.Join(parts, "/") + "/?$")
}
