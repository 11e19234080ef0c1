package facts

import (
	"bytes"
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v2"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/diag"
)

// entry is one code's mapping as written in the file.
type entry struct {
	Name       string       `yaml:"name"`
	Spec       string       `yaml:"spec"`
	Headers    []headerItem `yaml:"headers"`
	Body       string       `yaml:"body"`
	Type       string       `yaml:"type"`
	Problem    string       `yaml:"problem"`
	Request    *requestItem `yaml:"request"`
	Then       int          `yaml:"then"`
	Cache      string       `yaml:"cache"`
	CacheSpec  string       `yaml:"cacheSpec"`
	Status     string       `yaml:"status"`
	Registered string       `yaml:"registered"`
	Expires    string       `yaml:"expires"`
	Note       string       `yaml:"note"`
	NoteSpec   string       `yaml:"noteSpec"`
	Absent     bool         `yaml:"absent"`
	Summary    string       `yaml:"summary"`
	Related    []int        `yaml:"related"`
	Claims     []claimItem  `yaml:"claims"`
}

// claimItem is a claim as written in the file:
// {clients: some, do: post-to-get, after: 301}.
type claimItem struct {
	Clients string `yaml:"clients"`
	Do      string `yaml:"do"`
	After   int    `yaml:"after"`
}

// headerItem is a header field as written in the file: "Name: value",
// backed by the code's own spec, or a mapping of field and spec.
type headerItem struct {
	Field string `yaml:"field"`
	Spec  string `yaml:"spec"`
}

// requestItem is an example request as written in the file.
type requestItem struct {
	Line    string       `yaml:"line"`    // "GET /api/v1/users/123"
	Version string       `yaml:"version"` // "HTTP/1.1" unless given
	Host    string       `yaml:"host"`
	Headers []headerItem `yaml:"headers"`
	Body    string       `yaml:"body"`
}

// UnmarshalYAML reads either form of a header item.
func (h *headerItem) UnmarshalYAML(unmarshal func(any) error) error {
	if err := unmarshal(&h.Field); err == nil {
		return nil
	}
	type plain headerItem // without this method
	return unmarshal((*plain)(h))
}

// keys are the keys a code's mapping may have, for messages.
const keys = "name, spec, headers, body, type, problem, request, then, cache, cacheSpec, status, registered, expires, note, noteSpec, absent, summary, related or claims"

var (
	specPattern    = regexp.MustCompile(`^(?:RFC ([1-9][0-9]*)(?: §([0-9]+(?:\.[0-9]+)*))?|(draft-[a-z0-9-]+[0-9]))$`)
	datePattern    = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	fieldPattern   = regexp.MustCompile(`^[A-Za-z0-9-]+$`)
	goNamePattern  = regexp.MustCompile(`^Status[A-Z][A-Za-z]*$`)
	methodPattern  = regexp.MustCompile(`^[A-Z]+$`)
	targetPattern  = regexp.MustCompile(`^(?:/|https?://)[!-~]*$`)
	hostPattern    = regexp.MustCompile(`^[a-z0-9.-]+$`)
	typePattern    = regexp.MustCompile(`^[a-z]+/[a-z0-9.+-]+(?:; charset=utf-8)?$`)
	versionPattern = regexp.MustCompile(`^HTTP/[0-9]\.[0-9]$`)
)

// Limits of the facts file, checked before it is decoded. The
// repository's is 10 KB, its longest line 77 bytes.
const (
	MaxSize       = 512 << 10 // bytes in the file
	MaxLineLength = 8192      // bytes in a line
)

// Parse parses the facts file src read from path. Every problem is
// returned, at its line, in a diag.List of at most article.MaxErrors.
func Parse(path string, src []byte) (*Facts, error) {
	p := &parser{path: path, src: src}
	if !p.withinLimits() {
		return nil, p.errs
	}
	p.lines = bytes.Split(src, []byte("\n"))
	lines, err := p.keyLines()
	if err != nil {
		return nil, err
	}
	var raw map[int]entry
	if err := yaml.UnmarshalStrict(src, &raw); err != nil {
		return nil, p.yamlErrors(err).Sorted(article.MaxErrors)
	}
	f := &Facts{Path: path}
	for code, e := range raw {
		if c := p.code(code, e, lines[code]); c != nil {
			f.Codes = append(f.Codes, c)
		}
	}
	if len(p.errs) > 0 {
		return nil, p.errs.Sorted(article.MaxErrors)
	}
	sort.Slice(f.Codes, func(i, j int) bool { return f.Codes[i].Code < f.Codes[j].Code })
	return f, nil
}

// parser is one parse in progress.
type parser struct {
	path  string
	src   []byte
	lines [][]byte // of src, without their newlines
	errs  diag.List
}

// withinLimits reports a file over MaxSize, or each line over
// MaxLineLength, at the byte where the limit falls.
func (p *parser) withinLimits() bool {
	if len(p.src) > MaxSize {
		line, col := diag.Position(p.src, MaxSize)
		p.errs = append(p.errs, &diag.Error{Path: p.path, Line: line, Col: col, Hint: "shorten the file",
			Msg: fmt.Sprintf("file is %d bytes, over the limit of %d bytes, which falls here", len(p.src), MaxSize)})
		return false
	}
	for i, n := 0, 1; i < len(p.src); n++ {
		end := bytes.IndexByte(p.src[i:], '\n')
		if end < 0 {
			end = len(p.src) - i
		}
		if end > MaxLineLength {
			_, col := diag.Position(p.src[i:], MaxLineLength)
			p.errs = append(p.errs, &diag.Error{Path: p.path, Line: n, Col: col, Hint: "break the line in two, as YAML's folded style (>-) allows",
				Msg: fmt.Sprintf("line is %d bytes long, over the limit of %d bytes, which falls here", end, MaxLineLength)})
		}
		i += end + 1
	}
	return len(p.errs) == 0
}

func (p *parser) errorf(line int, format string, args ...any) {
	p.errs = append(p.errs, &diag.Error{Path: p.path, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// code checks one code's entry and returns its facts, or nil.
func (p *parser) code(code int, e entry, line int) *Code {
	n := len(p.errs)
	at := func(key string) int { return p.fieldLine(line, key) }
	if code < 100 || code > 599 {
		p.errorf(line, "code %d is outside 100-599", code)
	}
	c := &Code{Code: code, Name: strings.TrimSpace(e.Name), Body: e.Body, Type: e.Type, Problem: strings.TrimSpace(e.Problem),
		Then: e.Then, Status: Status(e.Status),
		Registered: e.Registered, Expires: e.Expires, Note: strings.TrimSpace(e.Note), Absent: e.Absent,
		Summary: strings.TrimSpace(e.Summary), Related: e.Related, Line: line}
	if c.Name == "" {
		p.errorf(line, "code %d has no name", code)
	}
	c.Spec = p.spec(code, "spec", e.Spec, at("spec"))
	c.Headers = p.headers(code, e.Headers, c.Spec, at("headers"), "Date", "Content-Length", "Content-Type")
	p.content(c, at("body"))
	if e.Request != nil {
		c.Request = p.request(code, e.Request, at("request"))
	}
	p.then(c, at("then"))
	c.Caching = Caching{Rule: Cache(e.Cache), Spec: p.spec(code, "cacheSpec", e.CacheSpec, at("cacheSpec"))}
	switch c.Caching.Rule {
	case Heuristic, Explicit, Never:
	default:
		p.errorf(at("cache"), "code %d: cache %q is none of heuristic, explicit, never", code, e.Cache)
	}
	if c.Note != "" {
		c.NoteSpec = p.spec(code, "noteSpec", e.NoteSpec, at("noteSpec"))
	} else if e.NoteSpec != "" {
		p.errorf(at("noteSpec"), "code %d: noteSpec without a note", code)
	}
	switch c.Status {
	case "", Deprecated, Unused, Obsoleted, Temporary:
	default:
		p.errorf(at("status"), "code %d: status %q is none of deprecated, unused, obsoleted, temporary", code, c.Status)
	}
	temporary := c.Status == Temporary
	if temporary != (datePattern.MatchString(c.Registered) && datePattern.MatchString(c.Expires)) ||
		(!temporary && c.Registered+c.Expires != "") {
		p.errorf(at("status"), "code %d: a temporary registration, and only that, gives registered and expires as YYYY-MM-DD", code)
	}
	if c.Absent != (c.Summary != "") {
		p.errorf(at("absent"), "code %d: a code absent from the article, and only that, needs a summary", code)
	}
	for _, r := range c.Related {
		if r == code || r < 100 || r > 599 {
			p.errorf(at("related"), "code %d: related code %d is not another status code", code, r)
		}
	}
	c.Claims = p.claims(code, e.Claims, at("claims"))
	if len(p.errs) > n {
		return nil
	}
	return c
}

// claims checks the claims about clients that code's note makes.
func (p *parser) claims(code int, items []claimItem, line int) []Claim {
	var out []Claim
	for _, it := range items {
		cl := Claim{Clients: Quantifier(it.Clients), Behaviour: Behaviour(it.Do), Code: it.After, Line: line}
		switch {
		case !slices.Contains(Quantifiers(), cl.Clients):
			p.errorf(line, "code %d: claim's clients %q is none of %s", code, it.Clients, joinStrings(Quantifiers()))
		case !slices.Contains(Behaviours(), cl.Behaviour):
			p.errorf(line, "code %d: claim's do %q is none of %s", code, it.Do, joinStrings(Behaviours()))
		case cl.Code < 100 || cl.Code > 599:
			p.errorf(line, "code %d: claim's after %d is not a status code", code, it.After)
		default:
			out = append(out, cl)
		}
	}
	return out
}

func joinStrings[S ~string](list []S) string {
	s := make([]string, len(list))
	for i, v := range list {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// headers returns the header fields items of code, each backed by its
// own spec or else by spec.
// The fields named written are the site's to write, and not the file's.
func (p *parser) headers(code int, items []headerItem, spec Spec, line int, written ...string) []Header {
	var hs []Header
	for _, h := range items {
		name, value, ok := strings.Cut(h.Field, ":")
		value = strings.TrimSpace(value)
		if !ok || !fieldPattern.MatchString(name) || value == "" || strings.ContainsFunc(value, unicode.IsControl) {
			p.errorf(line, "code %d: header %q does not read like \"Retry-After: 120\"", code, h.Field)
			continue
		}
		s := spec
		if h.Spec != "" {
			s = p.spec(code, "header's spec", h.Spec, line)
		}
		if slices.ContainsFunc(written, func(w string) bool { return strings.EqualFold(w, name) }) {
			p.errorf(line, "code %d: the site writes the %s field itself", code, name)
		}
		hs = append(hs, Header{Name: name, Value: value, Spec: s})
	}
	return hs
}

// content checks the content of c's example response: a body with its
// media type, or, for an error, the detail of its problem details.
func (p *parser) content(c *Code, line int) {
	switch {
	case c.Problem != "" && c.Code < 400:
		p.errorf(line, "code %d: only an error (4xx or 5xx) has problem details", c.Code)
	case c.Problem != "" && c.Body != "":
		p.errorf(line, "code %d: give body or problem, not both", c.Code)
	case (c.Body == "") != (c.Type == ""):
		p.errorf(line, "code %d: a body, and only a body, needs its type, such as application/json", c.Code)
	case c.Type != "" && !typePattern.MatchString(c.Type):
		p.errorf(line, "code %d: type %q does not read like \"application/json\"", c.Code, c.Type)
	}
}

// request checks the example request r of code.
func (p *parser) request(code int, r *requestItem, line int) *Request {
	method, target, _ := strings.Cut(r.Line, " ")
	req := &Request{Method: method, Target: target, Version: cmp.Or(r.Version, "HTTP/1.1"), Host: cmp.Or(r.Host, DefaultHost), Body: r.Body}
	if !methodPattern.MatchString(method) || !targetPattern.MatchString(target) {
		p.errorf(line, "code %d: request line %q does not read like \"GET /api/v1/users/123\"", code, r.Line)
	}
	if !versionPattern.MatchString(req.Version) {
		p.errorf(line, "code %d: version %q does not read like \"HTTP/1.1\"", code, req.Version)
	}
	if !hostPattern.MatchString(req.Host) {
		p.errorf(line, "code %d: host %q is not a host name", code, req.Host)
	}
	req.Headers = p.headers(code, r.Headers, Spec{}, line, "Host")
	typed := slices.ContainsFunc(req.Headers, func(h Header) bool { return h.Name == "Content-Type" })
	if req.Body != "" && !typed {
		p.errorf(line, "code %d: a request with content needs its Content-Type", code)
	}
	for _, h := range req.Headers {
		if h.Name == "Content-Length" && (req.Body != "" || !req.Expects()) {
			p.errorf(line, "code %d: only a request that waits for 100 (Continue) gives its Content-Length, without its content", code)
		}
	}
	return req
}

// then checks the final code that follows an informational one.
func (p *parser) then(c *Code, line int) {
	waits := c.Code/100 == 1 && c.Code != 101 && c.Request != nil
	switch {
	case waits && (c.Then < 200 || c.Then > 299):
		p.errorf(line, "code %d: give the 2xx code of the final response that follows it as then", c.Code)
	case !waits && c.Then != 0:
		p.errorf(line, "code %d: only an informational code with a request has a final code to follow", c.Code)
	}
}

// spec returns the citation s, the value of key, or reports that it does
// not read like one.
func (p *parser) spec(code int, key, s string, line int) Spec {
	m := specPattern.FindStringSubmatch(s)
	if m == nil {
		p.errorf(line, "code %d: %s %q does not read like \"RFC 9110 §15.5.5\"", code, key, s)
		return Spec{}
	}
	rfc, _ := strconv.Atoi(m[1])
	return Spec{RFC: rfc, Section: m[2], Draft: m[3]}
}

// keyLines returns the line of each top-level key and reports a code
// that appears twice. yaml.v2 reports no positions, so the keys are read in
// order with yaml.MapSlice and matched, one for one, with the lines that
// start a top-level key.
func (p *parser) keyLines() (map[int]int, error) {
	var keys yaml.MapSlice
	if err := yaml.Unmarshal(p.src, &keys); err != nil {
		return nil, p.yamlErrors(err).Sorted(article.MaxErrors)
	}
	var starts []int
	for i, l := range p.lines {
		if isKeyLine(l) {
			starts = append(starts, i+1)
		}
	}
	lines := make(map[int]int, len(keys))
	for i, k := range keys {
		code, ok := k.Key.(int)
		if !ok || len(starts) != len(keys) {
			continue
		}
		if prev, ok := lines[code]; ok {
			p.errorf(starts[i], "code %d repeats line %d", code, prev)
			continue
		}
		lines[code] = starts[i]
	}
	if len(p.errs) > 0 {
		return nil, p.errs.Sorted(article.MaxErrors)
	}
	return lines, nil
}

// isKeyLine reports whether line starts a top-level mapping key: it
// begins in the first column and is no comment, document marker or
// sequence item.
func isKeyLine(l []byte) bool {
	if len(l) == 0 {
		return false
	}
	switch l[0] {
	case ' ', '\t', '\r', '#', '-', '.':
		return false
	}
	return bytes.IndexByte(l, ':') > 0
}

// fieldLine returns the line of key under the code whose key is on line
// start, or start when it cannot be found.
func (p *parser) fieldLine(start int, key string) int {
	if start == 0 {
		return 0
	}
	for i := start; i < len(p.lines) && !isKeyLine(p.lines[i]); i++ {
		if k, _, ok := strings.Cut(strings.TrimSpace(string(p.lines[i])), ":"); ok && k == key {
			return i + 1
		}
	}
	return start
}

// yamlErrors turns a YAML error into errors at the lines it names.
func (p *parser) yamlErrors(err error) diag.List {
	for _, m := range article.YAMLMessages(err) {
		line, text := article.YAMLLine(m)
		if field, ok := strings.CutPrefix(text, "field "); ok {
			field, _, _ = strings.Cut(field, " ")
			text = fmt.Sprintf("unknown key %q: use %s", field, keys)
		}
		p.errorf(line, "%s", text)
	}
	return p.errs
}
