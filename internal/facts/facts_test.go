package facts

import (
	"fmt"
	"go/ast"
	"go/build"
	goparser "go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/diag"
	"github.com/httpstatus/site/internal/highlight"
)

func parseArticle(t *testing.T, path string) *article.Article {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := article.NewParser(highlight.New(nil).Extension()).Parse(path, src)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func parseFacts(t *testing.T, path string) *Facts {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(path, src)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestCheckMismatch cross-checks a made-up article and facts file that
// disagree in both directions.
func TestCheckMismatch(t *testing.T) {
	dir := filepath.Join("testdata", "mismatch")
	a := parseArticle(t, filepath.Join(dir, "http-status-codes.md"))
	f := parseFacts(t, filepath.Join(dir, "codes.yaml"))
	var got []string
	for _, w := range Check(a, f) {
		got = append(got, w.Error())
	}
	want := []string{
		`testdata/mismatch/http-status-codes.md:15:1: code 404 has no facts in testdata/mismatch/codes.yaml (hint: add a "404:" section to testdata/mismatch/codes.yaml)`,
		`testdata/mismatch/codes.yaml:3:1: code 200 names related code 201, which the article lacks`,
		`testdata/mismatch/codes.yaml:10:1: code 306 belongs to no class of the article`,
		`testdata/mismatch/codes.yaml:27:1: code 418 is not in the article testdata/mismatch/http-status-codes.md (hint: add it to the article, mark it absent with a summary, or remove it here)`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	if got := Differences(a.Entry(422), f.Code(422)); len(got) != 2 {
		t.Errorf("differences of 422 = %q, want the new name and the end of WebDAV", got)
	}
	joined := Join(a, f)
	var codes []int
	for _, e := range joined.Entries {
		codes = append(codes, e.Code)
	}
	if diff := cmp.Diff([]int{200, 404, 410, 422}, codes); diff != "" {
		t.Errorf("joined codes (-want +got):\n%s", diff)
	}
	if e := joined.Entry(410); e == nil || !e.Absent || e.Class.Digit != 4 || e.Name != "Gone" || e.Summary != "It is gone for good." || a.Entry(410) != nil {
		t.Errorf("410 joined as %+v; the article has %v", e, a.Entry(410))
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"bad spec", "404:\n  name: Not Found\n  spec: RFC9110 15.5.5\n",
			`codes.yaml:3: code 404: spec "RFC9110 15.5.5" does not read like "RFC 9110 §15.5.5"`},
		{"unknown key", "404:\n  name: Not Found\n  spec: RFC 9110 §15.5.5\n  cachable: true\n",
			`codes.yaml:4: unknown key "cachable": use name, spec, headers, body, type, problem, request, then, cache, cacheSpec, status, registered, expires, note, noteSpec, absent, summary, related or claims`},
		{"no cache rule", "404:\n  name: Not Found\n  spec: RFC 9110 §15.5.5\n",
			`codes.yaml:1: code 404: cache "" is none of heuristic, explicit, never`},
		{"note without spec", "404:\n  name: Not Found\n  spec: RFC 9110 §15.5.5\n  cache: heuristic\n  cacheSpec: RFC 9110 §15.1\n  note: Cited nowhere.\n",
			`codes.yaml:1: code 404: noteSpec "" does not read like "RFC 9110 §15.5.5"`},
		{"temporary without dates", "104:\n  name: X\n  spec: draft-ietf-httpbis-x-05\n  cache: never\n  cacheSpec: RFC 9111 §3\n  status: temporary\n",
			`codes.yaml:6: code 104: a temporary registration, and only that, gives registered and expires as YYYY-MM-DD`},
		{"claim's quantifier", "301:\n  name: Moved Permanently\n  spec: RFC 9110 §15.4.2\n  cache: heuristic\n  cacheSpec: RFC 9110 §15.1\n  claims:\n    - {clients: most, do: post-to-get, after: 301}\n",
			`codes.yaml:6: code 301: claim's clients "most" is none of some, every, none`},
		{"claim's behaviour", "301:\n  name: Moved Permanently\n  spec: RFC 9110 §15.4.2\n  cache: heuristic\n  cacheSpec: RFC 9110 §15.1\n  claims:\n    - {clients: some, do: cache-it, after: 301}\n",
			`codes.yaml:6: code 301: claim's do "cache-it" is none of post-to-get, keep-method, send-content-after-100`},
		{"claim's code", "301:\n  name: Moved Permanently\n  spec: RFC 9110 §15.4.2\n  cache: heuristic\n  cacheSpec: RFC 9110 §15.1\n  claims:\n    - {clients: some, do: post-to-get, after: 3}\n",
			`codes.yaml:6: code 301: claim's after 3 is not a status code`},
		{"absent without summary", "306:\n  name: (Unused)\n  spec: RFC 9110 §15.4.7\n  cache: explicit\n  cacheSpec: RFC 9111 §4.2.2\n  absent: true\n",
			`codes.yaml:6: code 306: a code absent from the article, and only that, needs a summary`},
		{"bad header spec", "101:\n  name: Switching Protocols\n  spec: RFC 9110 §15.2.2\n  cache: never\n  cacheSpec: RFC 9111 §3\n  headers:\n    - {field: \"Connection: Upgrade\", spec: section 7.8}\n",
			`codes.yaml:6: code 101: header's spec "section 7.8" does not read like "RFC 9110 §15.5.5"`},
		{"repeated code", "404:\n  name: Not Found\n  spec: RFC 9110 §15.5.5\n404:\n  name: Not Found\n  spec: RFC 9110 §15.5.5\n",
			`codes.yaml:4: code 404 repeats line 1`},
		{"not a code", "abc:\n  name: Not Found\n",
			"codes.yaml:1: cannot unmarshal !!str `abc` into int"},
		{"out of range", "\n\n600:\n  name: Made Up\n  spec: RFC 1 §1\n",
			`codes.yaml:3: code 600 is outside 100-599`},
		{"bad header", "429:\n  name: Too Many Requests\n  spec: RFC 6585 §4\n  headers:\n    - Retry-After\n",
			`codes.yaml:4: code 429: header "Retry-After" does not read like "Retry-After: 120"`},
		{"header with a line break", "429:\n  name: Too Many Requests\n  spec: RFC 6585 §4\n  headers:\n    - \"Retry-After: 1\\r\\nSet-Cookie: a=b\"\n",
			`codes.yaml:4: code 429: header "Retry-After: 1\r\nSet-Cookie: a=b" does not read like "Retry-After: 120"`},
		{"bad status", "510:\n  name: Not Extended\n  spec: RFC 2774 §7\n  status: historic\n",
			`codes.yaml:4: code 510: status "historic" is none of deprecated, unused, obsoleted, temporary`},
		{"self related", "# comment\n404:\n  name: Not Found\n  spec: RFC 9110 §15.5.5\n  related: [410, 404]\n",
			`codes.yaml:5: code 404: related code 404 is not another status code`},
		{"no name", "404:\n  spec: RFC 9110 §15.5.5\n", `codes.yaml:1: code 404 has no name`},
		{"problem of a success", "200:\n  name: OK\n  spec: RFC 9110 §15.3.1\n  cache: heuristic\n  cacheSpec: RFC 9110 §15.1\n  problem: Nothing.\n",
			`codes.yaml:1: code 200: only an error (4xx or 5xx) has problem details`},
		{"body without type", "404:\n  name: Not Found\n  spec: RFC 9110 §15.5.5\n  cache: heuristic\n  cacheSpec: RFC 9110 §15.1\n  body: x\n",
			`codes.yaml:6: code 404: a body, and only a body, needs its type, such as application/json`},
		{"body and problem", "404:\n  name: Not Found\n  spec: RFC 9110 §15.5.5\n  cache: heuristic\n  cacheSpec: RFC 9110 §15.1\n  type: text/plain\n  body: x\n  problem: Gone.\n",
			`codes.yaml:7: code 404: give body or problem, not both`},
		{"site's own field", "404:\n  name: Not Found\n  spec: RFC 9110 §15.5.5\n  cache: heuristic\n  cacheSpec: RFC 9110 §15.1\n  headers:\n    - \"Content-Type: text/plain\"\n",
			`codes.yaml:6: code 404: the site writes the Content-Type field itself`},
		{"bad request line", "404:\n  name: Not Found\n  spec: RFC 9110 §15.5.5\n  cache: heuristic\n  cacheSpec: RFC 9110 §15.1\n  request:\n    line: get users\n",
			`codes.yaml:6: code 404: request line "get users" does not read like "GET /api/v1/users/123"`},
		{"request host field", "404:\n  name: Not Found\n  spec: RFC 9110 §15.5.5\n  cache: heuristic\n  cacheSpec: RFC 9110 §15.1\n  request:\n    line: GET /\n    headers:\n      - \"Host: example.com\"\n",
			`codes.yaml:6: code 404: the site writes the Host field itself`},
		{"request content without its type", "404:\n  name: Not Found\n  spec: RFC 9110 §15.5.5\n  cache: heuristic\n  cacheSpec: RFC 9110 §15.1\n  request:\n    line: POST /\n    body: x\n",
			`codes.yaml:6: code 404: a request with content needs its Content-Type`},
		{"length without content", "404:\n  name: Not Found\n  spec: RFC 9110 §15.5.5\n  cache: heuristic\n  cacheSpec: RFC 9110 §15.1\n  request:\n    line: POST /\n    headers:\n      - \"Content-Length: 5\"\n",
			`codes.yaml:6: code 404: only a request that waits for 100 (Continue) gives its Content-Length, without its content`},
		{"bad version", "404:\n  name: Not Found\n  spec: RFC 9110 §15.5.5\n  cache: heuristic\n  cacheSpec: RFC 9110 §15.1\n  request:\n    line: GET /\n    version: HTTP/2\n",
			`codes.yaml:6: code 404: version "HTTP/2" does not read like "HTTP/1.1"`},
		{"then of a final code", "404:\n  name: Not Found\n  spec: RFC 9110 §15.5.5\n  cache: heuristic\n  cacheSpec: RFC 9110 §15.1\n  then: 200\n",
			`codes.yaml:6: code 404: only an informational code with a request has a final code to follow`},
		{"interim without then", "100:\n  name: Continue\n  spec: RFC 9110 §15.2.1\n  cache: never\n  cacheSpec: RFC 9111 §3\n  request:\n    line: PUT /\n",
			`codes.yaml:1: code 100: give the 2xx code of the final response that follows it as then`},
		{"bad YAML", "404:\n  name: [Not Found\n", `codes.yaml:2: did not find expected ',' or ']'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("codes.yaml", []byte(tt.src))
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
		})
	}
}

func TestSpec(t *testing.T) {
	f, err := Parse("codes.yaml", []byte("404:\n  name: Not Found\n  spec: RFC 9110 §15.5.5\n  cache: heuristic\n  cacheSpec: RFC 9110 §15.1\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := f.Code(404).Spec
	if s.String() != "RFC 9110 §15.5.5" || s.URL() != "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5" || s.WebDAV() {
		t.Errorf("spec = %q, %q, WebDAV %v", s, s.URL(), s.WebDAV())
	}
	for _, tt := range []struct{ spec, url string }{
		{"RFC 2518", "https://www.rfc-editor.org/rfc/rfc2518"},
		{"draft-ietf-httpbis-resumable-upload-05", "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-resumable-upload-05"},
	} {
		f, err := Parse("codes.yaml", []byte("102:\n  name: X\n  spec: "+tt.spec+"\n  cache: never\n  cacheSpec: RFC 9111 §3\n"))
		if err != nil {
			t.Fatal(err)
		}
		if s := f.Code(102).Spec; s.String() != tt.spec || s.URL() != tt.url {
			t.Errorf("spec %q = %q, %q; want %q", tt.spec, s, s.URL(), tt.url)
		}
	}
	if f.Code(405) != nil || (*Facts)(nil).Code(404) != nil {
		t.Error("Code finds facts that are not there")
	}
}

// TestRepository checks the repository's facts against its article and
// against other sources of the same facts.
func TestRepository(t *testing.T) {
	a := parseArticle(t, "../../content/http-status-codes.md")
	f := parseFacts(t, "../../content/codes.yaml")
	for _, w := range Check(a, f) {
		t.Errorf("warning: %v", w)
	}
	if n := len(Join(a, f).Entries); len(f.Codes) != n {
		t.Errorf("%d codes have facts, the article joined with them has %d", len(f.Codes), n)
	}
	// RFC 9110 §15.1 lists the codes it defines as heuristically
	// cacheable, and RFC 7725 §3 adds 451; RFC 6585 forbids storing 428,
	// 429, 431 and 511, and RFC 9111 §3 any response that is not final.
	var heuristic, never []int
	for _, c := range f.Codes {
		switch c.Caching.Rule {
		case Heuristic:
			heuristic = append(heuristic, c.Code)
		case Never:
			never = append(never, c.Code)
		}
	}
	if diff := cmp.Diff([]int{200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 451, 501}, heuristic); diff != "" {
		t.Errorf("heuristically cacheable codes (-RFCs +codes.yaml):\n%s", diff)
	}
	if diff := cmp.Diff([]int{100, 101, 102, 103, 104, 428, 429, 431, 511}, never); diff != "" {
		t.Errorf("codes never stored (-RFCs +codes.yaml):\n%s", diff)
	}
	// The codes whose article text and registry entry differ must say so.
	for _, code := range []int{413, 418, 422, 510} {
		if len(Differences(a.Entry(code), f.Code(code))) == 0 {
			t.Errorf("%d: no difference from the registry reported", code)
		}
	}
	for _, code := range []int{200, 404, 102, 305, 207} {
		if d := Differences(a.Entry(code), f.Code(code)); len(d) > 0 {
			t.Errorf("%d: differences %q where the article agrees with the registry", code, d)
		}
	}
}

// TestGoCitations checks each code's citation against the comments of
// net/http's source, which cite the same sections: the one check of the
// RFCs whose texts the sources lack (RFC 2518, 4918, 5842, 3229, 2295
// and 2774). Package constants checks the constants' names.
func TestGoCitations(t *testing.T) {
	byCode := map[int]status{}
	for name, s := range netHTTPStatus(t) {
		if name != "_" { // net/http keeps 306 unnamed
			byCode[s.code] = s
		}
	}
	f := parseFacts(t, "../../content/codes.yaml")
	checked := 0
	for _, c := range f.Codes {
		got, ok := byCode[c.Code]
		if !ok {
			continue
		}
		checked++
		if got.rfc != c.Spec.RFC || (got.section != "" && got.section != c.Spec.Section) {
			t.Errorf("%d: spec %s, net/http cites RFC %d, %s", c.Code, c.Spec, got.rfc, got.section)
		}
	}
	if checked < 60 {
		t.Errorf("only %d citations checked against net/http", checked)
	}
}

type status struct {
	code    int
	rfc     int
	section string
}

var citation = regexp.MustCompile(`RFC (\d+)(?:, ([\d.]+[\d]))?`)

// netHTTPStatus returns the status constants of net/http's source by name.
func netHTTPStatus(t *testing.T) map[string]status {
	t.Helper()
	pkg, err := build.Default.Import("net/http", "", build.FindOnly)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	file, err := goparser.ParseFile(fset, filepath.Join(pkg.Dir, "status.go"), nil, goparser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	consts := map[string]status{}
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs, ok := spec.(*ast.ValueSpec)
			if !ok || len(vs.Values) != 1 || vs.Comment == nil {
				continue
			}
			lit, ok := vs.Values[0].(*ast.BasicLit)
			if !ok {
				continue
			}
			code, _ := strconv.Atoi(lit.Value)
			m := citation.FindStringSubmatch(vs.Comment.Text())
			if m == nil {
				continue
			}
			rfc, _ := strconv.Atoi(m[1])
			consts[vs.Names[0].Name] = status{code: code, rfc: rfc, section: m[2]}
		}
	}
	if len(consts) < 60 || consts["StatusNotFound"].code != 404 {
		t.Fatalf("read only %d constants from net/http", len(consts))
	}
	return consts
}

// TestRegistry checks codes.yaml against a copy of the IANA HTTP Status
// Code Registry's table, testdata/registry.txt (code|name|reference):
// every registered code has facts, with the registry's name, document and
// section, and the facts have no code the registry lacks.
func TestRegistry(t *testing.T) {
	src, err := os.ReadFile("testdata/registry.txt")
	if err != nil {
		t.Fatal(err)
	}
	f := parseFacts(t, "../../content/codes.yaml")
	reference := regexp.MustCompile(`^\[(?:RFC(\d+)(?:, Section ([\d.]+))?|(draft-[a-z0-9-]+))\]`)
	temporary := regexp.MustCompile(`\(TEMPORARY - registered (\d{4}-\d\d-\d\d), expires (\d{4}-\d\d-\d\d)\)$`)
	registered := map[int]bool{}
	for i, line := range strings.Split(strings.TrimSpace(string(src)), "\n") {
		fields := strings.Split(line, "|")
		code, err := strconv.Atoi(fields[0])
		if len(fields) != 3 || err != nil {
			t.Fatalf("registry.txt:%d: %q is not code|name|reference", i+1, line)
		}
		registered[code] = true
		c := f.Code(code)
		if c == nil {
			t.Errorf("%d %s: registered, but codes.yaml lacks it", code, fields[1])
			continue
		}
		if c.Name != fields[1] {
			t.Errorf("%d: name %q, the registry's is %q", code, c.Name, fields[1])
		}
		m := reference.FindStringSubmatch(fields[2])
		if m == nil {
			t.Fatalf("registry.txt:%d: reference %q", i+1, fields[2])
		}
		rfc, _ := strconv.Atoi(m[1])
		if c.Spec.RFC != rfc || c.Spec.Draft != m[3] || (m[2] != "" && c.Spec.Section != m[2]) {
			t.Errorf("%d: spec %s, the registry cites %s", code, c.Spec, fields[2])
		}
		if m := temporary.FindStringSubmatch(fields[1]); (m != nil) != (c.Status == Temporary) ||
			m != nil && (c.Registered != m[1] || c.Expires != m[2]) {
			t.Errorf("%d: status %q from %q to %q; the registry names it %q", code, c.Status, c.Registered, c.Expires, fields[1])
		}
		if obsoleted := strings.HasSuffix(fields[1], "(OBSOLETED)"); obsoleted != (c.Status == Obsoleted) {
			t.Errorf("%d: status %q; the registry names it %q", code, c.Status, fields[1])
		}
		if fields[1] == "(Unused)" && c.Status != Unused {
			t.Errorf("%d: status %q; the registry lists it as unused", code, c.Status)
		}
	}
	for _, c := range f.Codes {
		if !registered[c.Code] {
			t.Errorf("%d: in codes.yaml, not in the registry", c.Code)
		}
	}
}

// TestCitations checks every section codes.yaml cites, for the code
// itself, its caching rule, its header fields and its note, against the
// sections its RFC has (testdata/sections.txt, read off the RFCs' texts):
// the section exists, and a code's own section is the one titled with
// that code. Codes of RFCs the table lacks are checked against net/http
// by TestGoConstants.
func TestCitations(t *testing.T) {
	src, err := os.ReadFile("testdata/sections.txt")
	if err != nil {
		t.Fatal(err)
	}
	titles := map[Spec]string{}
	rfcs := map[int]bool{}
	for _, line := range strings.Split(string(src), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var rfc int
		var section string
		if _, err := fmt.Sscanf(line, "RFC %d §%s", &rfc, &section); err != nil {
			t.Fatalf("sections.txt: %q: %v", line, err)
		}
		titles[Spec{RFC: rfc, Section: section}] = line
		rfcs[rfc] = true
	}
	f := parseFacts(t, "../../content/codes.yaml")
	checked := 0
	for _, c := range f.Codes {
		cited := map[string]Spec{"spec": c.Spec, "cacheSpec": c.Caching.Spec, "noteSpec": c.NoteSpec}
		for _, h := range c.Headers {
			cited[h.Name+" spec"] = h.Spec
		}
		object, aboutBlank := ProblemSpecs()
		if c.Problem != "" {
			cited["problem details"], cited["about:blank"] = object, aboutBlank
		}
		if c.Request != nil {
			for _, h := range c.Request.Headers {
				cited["request's "+h.Name+" spec"] = h.Spec
			}
		}
		for key, s := range cited {
			if s.IsZero() || s.Draft != "" {
				continue
			}
			if !rfcs[s.RFC] {
				// Only a code's own spec may cite a text the sources lack:
				// TestGoConstants checks it against net/http's citations.
				if key != "spec" {
					t.Errorf("%d: %s cites %s, which sections.txt lacks", c.Code, key, s)
				}
				continue
			}
			if s.Section == "" {
				continue
			}
			checked++
			title, ok := titles[s]
			switch {
			case !ok:
				t.Errorf("%d: %s cites %s, which RFC %d does not have", c.Code, key, s, s.RFC)
			case key == "spec" && !strings.Contains(title, strconv.Itoa(c.Code)):
				t.Errorf("%d: spec cites %q, not the code's own section", c.Code, title)
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d citations checked", checked)
	}
}

// TestLimits checks the limits of the facts file: each is reported at
// the place where the file passes it, and no parse reports more than
// article.MaxErrors problems.
func TestLimits(t *testing.T) {
	var many strings.Builder
	for c := 100; c < 600; c++ {
		fmt.Fprintf(&many, "%d:\n  name: N\n  spec: nonsense\n  status: nonsense\n", c)
	}
	tests := []struct {
		name, src string
		want      []string
	}{
		{"size", strings.Repeat("# comment\n", MaxSize/10+1), []string{
			"codes.yaml:52429:9: file is 524290 bytes, over the limit of 524288 bytes, which falls here (hint: shorten the file)"}},
		{"line", "404:\n  name: Not Found\n  note: " + strings.Repeat("é", MaxLineLength) + "\n", []string{
			"codes.yaml:3:4101: line is 16392 bytes long, over the limit of 8192 bytes, which falls here (hint: break the line in two, as YAML's folded style (>-) allows)"}},
		{"last line", "404:\n  name: Not Found\n#" + strings.Repeat("x", MaxLineLength), []string{
			"codes.yaml:3:8193: line is 8193 bytes long, over the limit of 8192 bytes, which falls here (hint: break the line in two, as YAML's folded style (>-) allows)"}},
	}
	for _, tt := range tests {
		_, err := Parse("codes.yaml", []byte(tt.src))
		var got []string
		for _, e := range diag.All(err) {
			got = append(got, e.Error())
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: errors (-want +got):\n%s", tt.name, diff)
		}
	}
	_, err := Parse("codes.yaml", []byte(many.String()))
	if n := len(diag.All(err)); n != article.MaxErrors {
		t.Errorf("%d errors for 1000 problems, want %d", n, article.MaxErrors)
	}
}
