package render

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/httpstatus/site/internal/cache"
	"github.com/httpstatus/site/internal/highlight"
)

// sendings returns what every code's page shows being sent.
func sendings(t *testing.T) []sending {
	t.Helper()
	_, a, s := setup(t, "../../content/http-status-codes.md")
	out := make([]sending, len(a.Entries))
	for i, e := range a.Entries {
		out[i] = sendingOf(e, s.Facts, s.Constants)
	}
	return out
}

// nodeMethods are the methods Node.js sends some informational codes with.
var nodeMethods = map[int]string{100: "res.writeContinue()", 102: "res.writeProcessing()", 103: "res.writeEarlyHints("}

// TestSnippetsSend checks that every snippet names its code and sets each
// of the code's header fields.
func TestSnippetsSend(t *testing.T) {
	for _, s := range sendings(t) {
		for _, sn := range s.Snippets() {
			code := strconv.Itoa(s.code)
			switch {
			case sn.Lang == "go":
				code = s.goConst
			case sn.Lang == "javascript" && nodeMethods[s.code] != "":
				code = nodeMethods[s.code]
			}
			if !strings.Contains(sn.Source, code) {
				t.Errorf("%d: %s snippet does not send %s:\n%s", s.code, sn.Label, code, sn.Source)
			}
			for _, h := range s.headers {
				if !strings.Contains(strings.ToLower(sn.Source), strings.ToLower(strconv.Quote(h.Name))) &&
					!strings.Contains(sn.Source, h.Name+": ") {
					t.Errorf("%d: %s snippet does not set %s:\n%s", s.code, sn.Label, h.Name, sn.Source)
				}
			}
		}
		if !strings.HasPrefix(s.Response(), "HTTP/1.1 "+strconv.Itoa(s.code)+" ") {
			t.Errorf("%d: response starts %q", s.code, s.Response())
		}
	}
}

// TestSnippetsCompile hands every snippet to its language's own tools:
// the Go snippets must pass go vet, the Python ones must parse, and
// node --check must accept the Node.js ones.
func TestSnippetsCompile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("go.mod", "module snippets\n\ngo 1.26\n")
	var pyFiles []string
	var js strings.Builder
	for _, s := range sendings(t) {
		for _, sn := range s.Snippets() {
			switch sn.Lang {
			case "go":
				src := strings.Replace(sn.Source, "func handler(", fmt.Sprintf("func handler%d(", s.code), 1)
				write(fmt.Sprintf("s%d.go", s.code), "package snippets\n\n"+src)
			case "python":
				pyFiles = append(pyFiles, write(fmt.Sprintf("s%d.py", s.code), sn.Source))
			case "javascript":
				fmt.Fprintf(&js, "{ // %d\n%s}\n", s.code, sn.Source)
			}
		}
	}
	jsFile := write("all.js", js.String())
	run := func(name string, args ...string) {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
	}
	run("go", "vet", ".")
	run("python3", append([]string{"-c", "import ast, sys\nfor f in sys.argv[1:]:\n    ast.parse(open(f).read(), f)"}, pyFiles...)...)
	run("node", "--check", jsFile)
}

// TestSnippetsByLine checks that every snippet, highlighted a line at a
// time as code pages have it, reads exactly as highlighted whole: no
// token of a snippet spans lines.
func TestSnippetsByLine(t *testing.T) {
	c, err := cache.Open("")
	if err != nil {
		t.Fatal(err)
	}
	byLine, whole := highlight.New(c), highlight.New(nil)
	for _, s := range sendings(t) {
		for _, sn := range s.Snippets() {
			got, err := byLine.Blocks([]highlight.Block{{Code: sn.Source, Lang: sn.Lang, Lines: true}})
			if err != nil {
				t.Fatal(err)
			}
			want, err := whole.Blocks([]highlight.Block{{Code: sn.Source, Lang: sn.Lang}})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want[0]), string(got[0])); diff != "" {
				t.Errorf("%d: %s snippet highlighted by line (-whole +by line):\n%s", s.code, sn.Label, diff)
			}
		}
	}
}
