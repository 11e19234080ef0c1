package constants

import (
	"bytes"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/constant"
	goparser "go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// These tests hold each stack of content/constants.yaml, .NET's aside,
// to the library installed on this machine, as .ci/test installs it:
// Go and Python from their toolchains, the rest from Debian's packages.
// A missing library is a failure that names the package to install.
//
// With -update, each rewrites its stack's names and version from the
// library instead, keeping the file's top comment and every other stack
// (.NET's is kept by hand), and writing the file in the shape format
// writes.

var update = flag.Bool("update", false, "rewrite content/constants.yaml's names and versions from the installed libraries")

// contentFile is the constants file of the repository.
var contentFile = filepath.Join("..", "..", "content", File)

// library is what a library installed here holds.
type library struct {
	name    string // for messages: "net/http go1.26.8"
	product string // what version is the version of, for messages: "Go"
	version string
	codes   map[int][]Name // in the library's order
}

func TestGo(t *testing.T)      { check(t, "go", goLibrary(t)) }
func TestPython(t *testing.T)  { check(t, "python", pythonLibrary(t)) }
func TestJava(t *testing.T)    { check(t, "java", javaLibrary(t)) }
func TestRack(t *testing.T)    { check(t, "rack", rackLibrary(t)) }
func TestSymfony(t *testing.T) { check(t, "symfony", symfonyLibrary(t)) }
func TestRust(t *testing.T)    { check(t, "rust", rustLibrary(t)) }
func TestNode(t *testing.T)    { check(t, "node", nodeLibrary(t)) }

// check compares stack id of the file with lib, or with -update
// rewrites it from lib.
func check(t *testing.T, id string, lib library) {
	t.Helper()
	data, set := readContent(t)
	st := set.Stack(id)
	if st == nil {
		t.Fatalf("%s has no stack %q", contentFile, id)
	}
	if *update {
		st.Version, st.Codes = lib.version, lib.codes
		for _, ns := range st.Codes {
			slices.SortStableFunc(ns, func(a, b Name) int {
				return cmp.Compare(btoi(a.Deprecated), btoi(b.Deprecated))
			})
		}
		if err := os.WriteFile(contentFile, format(header(data), set), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if st.Verified != Library {
		t.Errorf("%s: verified is %q, want %q for a stack the tests read", st.Label, st.Verified, Library)
	}
	diffs := differences(st, lib)
	for _, d := range diffs {
		t.Error(d)
	}
	switch {
	case len(diffs) > 0 && st.Version != lib.version:
		t.Errorf("%s is %s here, the file says %s: run `go test ./internal/constants -update`", lib.product, lib.version, st.Version)
	case len(diffs) > 0:
		t.Errorf("%s: the file differs from %s: run `go test ./internal/constants -update`", st.Label, lib.name)
	case st.Version != lib.version:
		t.Errorf("%s is %s here, the file says %s; names unchanged: run `go test ./internal/constants -update`", lib.product, lib.version, st.Version)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// differences returns a sentence for each name on which st and lib
// differ: missing from either, for another code, deprecated in one only,
// or written otherwise.
func differences(st *Stack, lib library) []string {
	type entry struct {
		code int
		name Name
	}
	index := func(codes map[int][]Name) map[string]entry {
		m := make(map[string]entry)
		for c, ns := range codes {
			for _, n := range ns {
				m[n.Name] = entry{c, n}
			}
		}
		return m
	}
	file, got := index(st.Codes), index(lib.codes)
	var diffs []string
	for name, g := range got {
		f, ok := file[name]
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("%s: %d %s is in %s but not in the file", st.Label, g.code, name, lib.name))
		case f.code != g.code:
			diffs = append(diffs, fmt.Sprintf("%s: %s is %d in %s, %d in the file", st.Label, name, g.code, lib.name, f.code))
		case f.name.Deprecated != g.name.Deprecated:
			diffs = append(diffs, fmt.Sprintf("%s: %d %s: deprecated is %t in %s, %t in the file", st.Label, g.code, name, g.name.Deprecated, lib.name, f.name.Deprecated))
		case f.name.Written != g.name.Written:
			diffs = append(diffs, fmt.Sprintf("%s: %d %s is written %q in %s, %q in the file", st.Label, g.code, name, g.name.Written, lib.name, f.name.Written))
		}
	}
	for name, f := range file {
		if _, ok := got[name]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s: %d %s is in the file but not in %s", st.Label, f.code, name, lib.name))
		}
	}
	slices.Sort(diffs)
	return diffs
}

// readContent reads and parses the repository's constants file.
func readContent(t *testing.T) ([]byte, *Set) {
	t.Helper()
	data, err := os.ReadFile(contentFile)
	if err != nil {
		t.Fatal(err)
	}
	set, err := Parse(contentFile, data)
	if err != nil {
		t.Fatal(err)
	}
	return data, set
}

// run runs a program of a stack and returns its standard output. A
// missing program fails the test with what to install.
func run(t *testing.T, label, install, name string, args ...string) []byte {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s: %s is not installed (%v): install %s, as .ci/test does", label, name, err, install)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(path, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %s %s: %v\n%s", label, name, strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}

// add adds name to code in codes, checking the code's range.
func add(t *testing.T, codes map[int][]Name, label string, code int, n Name) {
	t.Helper()
	if code < 100 || code > 999 {
		t.Fatalf("%s: %s is %d, not a status code", label, n.Name, code)
	}
	codes[code] = append(codes[code], n)
}

// goLibrary reads the Status constants of net/http from the source of
// the go command's toolchain, with go/types.
func goLibrary(t *testing.T) library {
	out := strings.Fields(string(run(t, "Go", "Go", "go", "env", "GOVERSION", "GOROOT")))
	if len(out) < 2 {
		t.Fatalf("Go: go env printed %q", out)
	}
	version, root := strings.TrimPrefix(out[0], "go"), out[len(out)-1]
	fset := token.NewFileSet()
	pkgs, err := goparser.ParseDir(fset, filepath.Join(root, "src", "net", "http"), func(fi os.FileInfo) bool {
		return fi.Name() == "status.go"
	}, goparser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	f := pkgs["http"].Files[filepath.Join(root, "src", "net", "http", "status.go")]
	if f == nil {
		t.Fatal("Go: no net/http/status.go in", root)
	}
	info := &types.Info{Defs: make(map[*ast.Ident]types.Object)}
	if _, err := (&types.Config{}).Check("net/http", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	lib := library{name: "net/http go" + version, product: "Go", version: version, codes: make(map[int][]Name)}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			for _, id := range vs.Names {
				c, ok := info.Defs[id].(*types.Const)
				if !ok || !id.IsExported() || !strings.HasPrefix(id.Name, "Status") || c.Val().Kind() != constant.Int {
					continue
				}
				code, _ := constant.Int64Val(c.Val())
				add(t, lib.codes, "Go", int(code), Name{Name: id.Name, Deprecated: deprecated(vs.Doc)})
			}
		}
	}
	if len(lib.codes) < 50 {
		t.Fatalf("Go: read only %d codes from net/http", len(lib.codes))
	}
	return lib
}

// deprecated reports whether a Go doc comment has a "Deprecated:"
// paragraph.
func deprecated(doc *ast.CommentGroup) bool {
	if doc == nil {
		return false
	}
	for _, p := range strings.Split(doc.Text(), "\n\n") {
		if strings.HasPrefix(p, "Deprecated:") {
			return true
		}
	}
	return false
}

// pythonLibrary reads http.HTTPStatus, aliases included, from the
// python3 on PATH.
func pythonLibrary(t *testing.T) library {
	const script = `import http, json, platform
print(json.dumps({"version": platform.python_version(),
    "members": [[k, int(v)] for k, v in http.HTTPStatus.__members__.items()]}))`
	var out struct {
		Version string
		Members [][2]json.RawMessage
	}
	if err := json.Unmarshal(run(t, "Python", "python3", "python3", "-c", script), &out); err != nil {
		t.Fatal(err)
	}
	lib := library{name: "http.HTTPStatus of Python " + out.Version, product: "Python", version: out.Version, codes: make(map[int][]Name)}
	for _, m := range out.Members {
		var name string
		var code int
		if json.Unmarshal(m[0], &name) != nil || json.Unmarshal(m[1], &code) != nil {
			t.Fatalf("Python: member %s", m)
		}
		add(t, lib.codes, "Python", code, Name{Name: name})
	}
	return lib
}

// javaField matches an int field of javap -v -constants, its value and
// the attributes that follow it.
var javaField = regexp.MustCompile(`(?m)^  public static final int (HTTP_[A-Z_]+) = ([0-9]+);\n((?:    .*\n)*)`)

// javaLibrary reads the HTTP_ constants of java.net.HttpURLConnection
// with javap, or $JAVAP, and whether each is @Deprecated.
func javaLibrary(t *testing.T) library {
	javap := cmp.Or(os.Getenv("JAVAP"), "javap")
	version := strings.TrimSpace(string(run(t, "Java", "Debian's default-jdk-headless", javap, "-version")))
	out := run(t, "Java", "Debian's default-jdk-headless", javap, "-v", "-constants", "java.net.HttpURLConnection")
	lib := library{name: "java.net.HttpURLConnection of Java " + version, product: "Java", version: version, codes: make(map[int][]Name)}
	for _, m := range javaField.FindAllSubmatch(out, -1) {
		if !bytes.Contains(m[3], []byte("ConstantValue: int "+string(m[2])+"\n")) {
			t.Fatalf("Java: javap gives %s = %s but not that constant value", m[1], m[2])
		}
		code, _ := strconv.Atoi(string(m[2]))
		dep := bytes.Contains(m[3], []byte("Deprecated: true"))
		add(t, lib.codes, "Java", code, Name{Name: string(m[1]), Deprecated: dep})
	}
	if len(lib.codes) < 30 {
		t.Fatalf("Java: read only %d codes from javap", len(lib.codes))
	}
	return lib
}

// rackLibrary reads Rack::Utils::SYMBOL_TO_STATUS_CODE with ruby, with
// each symbol as Ruby writes it.
func rackLibrary(t *testing.T) library {
	const script = `require "json"; require "rack"
puts JSON.generate({version: Rack.release,
  symbols: Rack::Utils::SYMBOL_TO_STATUS_CODE.map { |s, c| [s.to_s, c, s.inspect] }})`
	var out struct {
		Version string
		Symbols [][3]json.RawMessage
	}
	if err := json.Unmarshal(run(t, "Ruby", "Debian's ruby-rack", "ruby", "-e", script), &out); err != nil {
		t.Fatal(err)
	}
	lib := library{name: "Rack " + out.Version, product: "Rack", version: out.Version, codes: make(map[int][]Name)}
	for _, s := range out.Symbols {
		var name, written string
		var code int
		if json.Unmarshal(s[0], &name) != nil || json.Unmarshal(s[1], &code) != nil || json.Unmarshal(s[2], &written) != nil {
			t.Fatalf("Ruby: symbol %s", s)
		}
		n := Name{Name: name}
		if written != ":"+name {
			n.Written = written
		}
		add(t, lib.codes, "Ruby", code, n)
	}
	return lib
}

// symfonyAutoload is where Debian's php-symfony-http-foundation puts its
// autoloader.
const symfonyAutoload = "/usr/share/php/Symfony/Component/HttpFoundation/autoload.php"

// symfonyLibrary reads the HTTP_ constants of Symfony's Response by
// reflection with php, and the version of Debian's package.
func symfonyLibrary(t *testing.T) library {
	const install = "Debian's php-cli and php-symfony-http-foundation"
	if _, err := os.Stat(symfonyAutoload); err != nil {
		t.Fatalf("Symfony: %v: install %s, as .ci/test does", err, install)
	}
	const script = `require $argv[1];
$out = [];
foreach ((new ReflectionClass("Symfony\\Component\\HttpFoundation\\Response"))->getReflectionConstants() as $c) {
	$v = $c->getValue();
	if ($c->isPublic() && str_starts_with($c->getName(), "HTTP_") && is_int($v) && $v >= 100 && $v <= 999) {
		$out[] = [$c->getName(), $v, str_contains((string) $c->getDocComment(), "@deprecated")];
	}
}
echo json_encode($out);`
	var consts [][3]json.RawMessage
	if err := json.Unmarshal(run(t, "Symfony", install, "php", "-r", script, symfonyAutoload), &consts); err != nil {
		t.Fatal(err)
	}
	pkg := strings.TrimSpace(string(run(t, "Symfony", install, "dpkg-query", "-W", "-f=${Version}", "php-symfony-http-foundation")))
	version := upstream(pkg)
	lib := library{name: "Symfony HttpFoundation " + version, product: "Symfony HttpFoundation", version: version, codes: make(map[int][]Name)}
	for _, c := range consts {
		var name string
		var code int
		var dep bool
		if json.Unmarshal(c[0], &name) != nil || json.Unmarshal(c[1], &code) != nil || json.Unmarshal(c[2], &dep) != nil {
			t.Fatalf("Symfony: constant %s", c)
		}
		add(t, lib.codes, "Symfony", code, Name{Name: name, Deprecated: dep})
	}
	return lib
}

// upstream returns the upstream part of a Debian version:
// "5.4.53+dfsg-0+deb12u1" gives "5.4.53".
func upstream(v string) string {
	if _, after, ok := strings.Cut(v, ":"); ok {
		v = after
	}
	if i := strings.LastIndexByte(v, '-'); i >= 0 {
		v = v[:i]
	}
	v, _, _ = strings.Cut(v, "+")
	v, _, _ = strings.Cut(v, "~")
	return v
}

// rustRegistry is where Debian's librust-*-dev packages put the source
// of their crates.
const rustRegistry = "/usr/share/cargo/registry"

// rustStatus matches a line of the table in the http crate's
// src/status.rs: (404, NOT_FOUND, "Not Found");
var rustStatus = regexp.MustCompile(`(?m)^\s*\(([0-9]+), ([A-Z_0-9]+), "[^"]*"\);`)

// rustCrate returns the directory of the http crate that Debian's
// librust-http-dev installed.
func rustCrate(t *testing.T) string {
	dirs, _ := filepath.Glob(filepath.Join(rustRegistry, "http-[0-9]*"))
	if len(dirs) != 1 {
		t.Fatalf("Rust: want one http crate in %s, found %q: install Debian's librust-http-dev, as .ci/test does", rustRegistry, dirs)
	}
	return dirs[0]
}

// rustLibrary reads the StatusCode constants of the http crate from its
// source, and its version from its Cargo.toml.
func rustLibrary(t *testing.T) library {
	dir := rustCrate(t)
	manifest, err := os.ReadFile(filepath.Join(dir, "Cargo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\[package\][^\[]*?^version = "([^"]+)"`).FindSubmatch(manifest)
	if m == nil {
		t.Fatalf("Rust: no version in %s/Cargo.toml", dir)
	}
	src, err := os.ReadFile(filepath.Join(dir, "src", "status.rs"))
	if err != nil {
		t.Fatal(err)
	}
	version := string(m[1])
	lib := library{name: "the http crate " + version, product: "The http crate", version: version, codes: make(map[int][]Name)}
	for _, s := range rustStatus.FindAllSubmatch(src, -1) {
		code, _ := strconv.Atoi(string(s[1]))
		add(t, lib.codes, "Rust", code, Name{Name: string(s[2])})
	}
	if bytes.Contains(src, []byte("#[deprecated")) {
		t.Fatalf("Rust: %s/src/status.rs marks something deprecated, which this test does not read", dir)
	}
	if len(lib.codes) < 50 {
		t.Fatalf("Rust: read only %d codes from %s/src/status.rs", len(lib.codes), dir)
	}
	return lib
}

// nodeLibrary reads http.STATUS_CODES with the node on PATH.
func nodeLibrary(t *testing.T) library {
	const script = `JSON.stringify({version: process.versions.node, codes: require("node:http").STATUS_CODES})`
	var out struct {
		Version string
		Codes   map[string]string
	}
	if err := json.Unmarshal(run(t, "Node", "Node.js", "node", "-p", script), &out); err != nil {
		t.Fatal(err)
	}
	lib := library{name: "Node.js " + out.Version, product: "Node.js", version: out.Version, codes: make(map[int][]Name)}
	for c, phrase := range out.Codes {
		code, err := strconv.Atoi(c)
		if err != nil {
			t.Fatalf("Node: code %q", c)
		}
		add(t, lib.codes, "Node", code, Name{Name: phrase})
	}
	return lib
}

// TestRustCompiled builds a program against the http crate Debian
// installed, offline, with cargo, and holds the value the compiler gives
// each of the file's Rust constants to the file's code for it.
func TestRustCompiled(t *testing.T) {
	lib := rustLibrary(t)
	_, set := readContent(t)
	st := set.Stack("rust")
	if st == nil {
		t.Fatalf("%s has no stack rust", contentFile)
	}
	dir := t.TempDir()
	var main strings.Builder
	main.WriteString("fn main() {\n")
	want := make(map[string]int)
	for code, ns := range st.Codes {
		for _, n := range ns {
			want[n.Name] = code
			fmt.Fprintf(&main, "    println!(\"{} {}\", %q, http::StatusCode::%s.as_u16());\n", n.Name, n.Name)
		}
	}
	main.WriteString("}\n")
	files := map[string]string{
		"Cargo.toml": "[package]\nname = \"codes\"\nversion = \"0.0.0\"\nedition = \"2018\"\n\n" +
			"[dependencies]\nhttp = \"=" + lib.version + "\"\n",
		// Debian's crates stand in for crates.io, so that nothing is fetched.
		".cargo/config.toml": "[source.crates-io]\nreplace-with = \"debian\"\n\n[source.debian]\ndirectory = \"" + rustRegistry + "\"\n",
		"src/main.rs":        main.String(),
	}
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cargo, err := exec.LookPath("cargo")
	if err != nil {
		t.Fatalf("Rust: cargo is not installed (%v): install Debian's cargo, as .ci/test does", err)
	}
	cmd := exec.Command(cargo, "run", "--offline", "--quiet")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CARGO_TARGET_DIR="+filepath.Join(dir, "target"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("Rust: cargo run: %v\n%s", err, stderr.Bytes())
	}
	got := make(map[string]int)
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		name, code, _ := strings.Cut(l, " ")
		n, err := strconv.Atoi(code)
		if err != nil {
			t.Fatalf("Rust: the program printed %q", l)
		}
		got[name] = n
	}
	for name, code := range want {
		if got[name] != code {
			t.Errorf("Rust: StatusCode::%s is %d built against the http crate %s, %d in the file", name, got[name], lib.version, code)
		}
	}
}
