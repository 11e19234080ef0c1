package constants

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/httpstatus/site/internal/diag"
)

// small is a file of two stacks, in the file's shape.
const small = `# two stacks
go:
  label: Go
  library: net/http
  version: 1.26.8
  doc: https://pkg.go.dev/net/http#pkg-constants
  form: http.%s
  verified: library
  names:
    404: StatusNotFound
    500: StatusInternalServerError

java:
  label: Java
  library: java.net.HttpURLConnection
  version: 17.0.15
  doc: https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/net/HttpURLConnection.html
  form: HttpURLConnection.%s
  verified: library
  names:
    404: HTTP_NOT_FOUND
    500: [{name: HTTP_SERVER_ERROR, deprecated: true}, HTTP_INTERNAL_ERROR]
`

func TestParse(t *testing.T) {
	set, err := Parse("constants.yaml", []byte(small))
	if err != nil {
		t.Fatal(err)
	}
	want := &Set{Path: "constants.yaml", Stacks: []*Stack{
		{ID: "go", Label: "Go", Library: "net/http", Version: "1.26.8", Doc: "https://pkg.go.dev/net/http#pkg-constants",
			Form: "http.%s", Verified: Library, Line: 2, Codes: map[int][]Name{
				404: {{Name: "StatusNotFound"}}, 500: {{Name: "StatusInternalServerError"}}}},
		{ID: "java", Label: "Java", Library: "java.net.HttpURLConnection", Version: "17.0.15",
			Doc:  "https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/net/HttpURLConnection.html",
			Form: "HttpURLConnection.%s", Verified: Library, Line: 13, Codes: map[int][]Name{
				404: {{Name: "HTTP_NOT_FOUND"}},
				// Deprecated names come last, whatever the file's order.
				500: {{Name: "HTTP_INTERNAL_ERROR"}, {Name: "HTTP_SERVER_ERROR", Deprecated: true}}}},
	}}
	if diff := cmp.Diff(want, set); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
}

// replace returns small with old replaced by new, once.
func replace(t *testing.T, old, new string) string {
	t.Helper()
	if !strings.Contains(small, old) {
		t.Fatalf("small lacks %q", old)
	}
	return strings.Replace(small, old, new, 1)
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"unknown stack", "java:", "perl:",
			[]string{`f.yaml:13:1: unknown stack "perl" (hint: the stacks are go, python, java, rack, symfony, rust, dotnet, node)`}},
		{"code of two digits", "    404: HTTP_NOT_FOUND", "    44: HTTP_NOT_FOUND",
			[]string{`f.yaml:21:5: stack java: "44" is not a status code (hint: a code is three digits, 100 to 999)`}},
		{"code above 999", "    404: HTTP_NOT_FOUND", "    1404: HTTP_NOT_FOUND",
			[]string{`f.yaml:21:5: stack java: "1404" is not a status code (hint: a code is three digits, 100 to 999)`}},
		{"code below 100", "    404: HTTP_NOT_FOUND", "    099: HTTP_NOT_FOUND",
			[]string{`f.yaml:21:5: stack java: "099" is not a status code (hint: a code is three digits, 100 to 999)`}},
		{"code twice", "    500: StatusInternalServerError", "    404: StatusInternalServerError",
			[]string{`f.yaml:11: key "404" already set in map`}},
		{"stack twice", "java:", "go:",
			[]string{`f.yaml:14: key "go" already set in map`}},
		{"name for two codes", "    500: StatusInternalServerError", "    500: StatusNotFound",
			[]string{`f.yaml:11:10: stack go: StatusNotFound is given for code 404 and for 500 (hint: a name stands for one code)`}},
		{"name twice for a code", "    500: StatusInternalServerError", "    500: [StatusInternalServerError, StatusInternalServerError]",
			[]string{`f.yaml:11:11: stack go: code 500 gives StatusInternalServerError twice`}},
		{"empty name", "    500: StatusInternalServerError", `    500: ""`,
			[]string{`f.yaml:11:5: stack go: code 500 has an empty name`}},
		{"no name", "    500: StatusInternalServerError", `    500: []`,
			[]string{`f.yaml:11:5: stack go: code 500 has no name (hint: leave out a code the library has no name for)`}},
		{"unknown key of a stack", "  verified: library\n  names:\n    404: StatusNotFound", "  verified: library\n  vesion: 1\n  names:\n    404: StatusNotFound",
			[]string{`f.yaml:9:3: unknown key "vesion" in a stack (hint: use label, library, version, doc, form, lookup, verified, note or names)`}},
		{"unknown key of a name", "{name: HTTP_SERVER_ERROR, deprecated: true}", "{name: HTTP_SERVER_ERROR, depricated: true}",
			[]string{`f.yaml:22:37: unknown key "depricated" in a name (hint: use name, deprecated or written)`}},
		{"missing label", "  label: Go\n", "",
			[]string{`f.yaml:2:1: stack go has no label`}},
		{"doc not https", "https://pkg.go.dev", "http://pkg.go.dev",
			[]string{`f.yaml:6:3: stack go: doc "http://pkg.go.dev/net/http#pkg-constants" is not an https URL (hint: give the https URL of the library's documentation)`}},
		{"form without a name", "form: http.%s", "form: http.Status",
			[]string{`f.yaml:7:3: stack go: form "http.Status" has no single %s or %q (hint: write %s where the name goes, as in "http.%s", or %q for a quoted string)`}},
		{"unknown verification", "  verified: library\n  names:\n    404: StatusNotFound", "  verified: tests\n  names:\n    404: StatusNotFound",
			[]string{`f.yaml:8:3: stack go: verified "tests" is neither library nor documentation`}},
		{"no names", "    404: StatusNotFound\n    500: StatusInternalServerError\n", "",
			[]string{`f.yaml:9:3: stack go has no names (hint: list every code the library defines under names)`}},
		{"sequence as a name", "    500: StatusInternalServerError", "    500: [[StatusInternalServerError]]",
			[]string{`f.yaml:11:5: stack go: code 500 has a sequence in its list of names (hint: a name is a string or a mapping of name, deprecated or written)`}},
		{"two problems", "    404: HTTP_NOT_FOUND", "    44: HTTP_NOT_FOUND\n    45: \"\"",
			[]string{
				`f.yaml:21:5: stack java: "44" is not a status code (hint: a code is three digits, 100 to 999)`,
				`f.yaml:22:5: stack java: "45" is not a status code (hint: a code is three digits, 100 to 999)`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(replace(t, tt.old, tt.new)))
			var got []string
			for _, e := range diag.All(err) {
				got = append(got, e.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	_, err := Parse("f.yaml", bytes.Repeat([]byte("#\n"), MaxSize))
	var e *diag.Error
	if !errors.As(err, &e) || e.Line != MaxSize/2+1 || !strings.Contains(e.Msg, "over the limit") {
		t.Errorf("Parse of %d bytes: %v, want an error at line %d", 2*MaxSize, err, MaxSize/2+1)
	}
}

func TestNames(t *testing.T) {
	set, err := Parse("f.yaml", []byte(small))
	if err != nil {
		t.Fatal(err)
	}
	java := set.Stack("java")
	if got := java.Names(418); got != nil {
		t.Errorf("Names(418) = %v, want none: the file gives none", got)
	}
	if set.Stack("rust") != nil {
		t.Error(`Stack("rust") is not nil for a file without it`)
	}
	want := []string{"HttpURLConnection.HTTP_INTERNAL_ERROR", "HttpURLConnection.HTTP_SERVER_ERROR"}
	var got []string
	for _, n := range java.Names(500) {
		got = append(got, java.Code(n))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Code of Names(500) (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"http.StatusNotFound", "HttpURLConnection.HTTP_NOT_FOUND"}, set.Terms(404)); diff != "" {
		t.Errorf("Terms(404) (-want +got):\n%s", diff)
	}
	if got := set.Terms(418); got != nil {
		t.Errorf("Terms(418) = %q, want none", got)
	}
}

// TestContent checks the repository's file as the site shows it: every
// stack, in order, and how each writes 404 in code.
func TestContent(t *testing.T) {
	set, err := Read(filepath.Join("..", "..", "content"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"go":      "http.StatusNotFound",
		"python":  "HTTPStatus.NOT_FOUND",
		"java":    "HttpURLConnection.HTTP_NOT_FOUND",
		"rack":    ":not_found",
		"symfony": "Response::HTTP_NOT_FOUND",
		"rust":    "StatusCode::NOT_FOUND",
		"dotnet":  "HttpStatusCode.NotFound",
		"node":    `"Not Found"`,
	}
	var ids []string
	for _, st := range set.Stacks {
		ids = append(ids, st.ID)
		ns := st.Names(404)
		if len(ns) != 1 {
			t.Errorf("%s: 404 has names %v, want one", st.Label, ns)
			continue
		}
		if got := st.Code(ns[0]); got != want[st.ID] {
			t.Errorf("%s: 404 is written %s, want %s", st.Label, got, want[st.ID])
		}
		if (st.ID == "dotnet") != (st.Verified == Documentation) {
			t.Errorf("%s: verified %s: only .NET's names are kept from documentation", st.Label, st.Verified)
		}
		if st.Verified == Documentation && st.Note == "" {
			t.Errorf("%s: names no machine checks need a note that says so", st.Label)
		}
	}
	if diff := cmp.Diff(IDs(), ids); diff != "" {
		t.Errorf("stacks (-want +got):\n%s", diff)
	}
	if got := set.Stack("node").LookupOf(404); got != "http.STATUS_CODES[404]" {
		t.Errorf("Node: 404 is looked up as %q, want http.STATUS_CODES[404]", got)
	}
	if got := set.Stack("go").LookupOf(404); got != "" {
		t.Errorf("Go: 404 is looked up as %q, want nothing: its names are constants", got)
	}
	// Rack's symbol of 306, :"(unused)", is no bare Ruby symbol.
	if ns := set.Stack("rack").Names(306); len(ns) != 1 || set.Stack("rack").Code(ns[0]) != `:"(unused)"` {
		t.Errorf(`Rack: 306 is %v, want one name written :"(unused)"`, ns)
	}
}

// TestContentShape checks that the file is in the shape -update writes,
// so that an update changes only what the libraries changed.
func TestContentShape(t *testing.T) {
	data, set := readContent(t)
	if diff := cmp.Diff(string(data), string(format(header(data), set))); diff != "" {
		t.Errorf("%s is not in the shape -update writes; run `go test ./internal/constants -update` (-file +written):\n%s", contentFile, diff)
	}
}

func TestReadMissing(t *testing.T) {
	_, err := Read(t.TempDir())
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Read of a directory without %s: %v, want fs.ErrNotExist", File, err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, File), []byte("go: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Read(dir)
	var e *diag.Error
	if !errors.As(err, &e) || e.Path != filepath.Join(dir, File) || e.Line == 0 {
		t.Errorf("Read of a broken file: %v, want an error at its path and line", err)
	}
}
