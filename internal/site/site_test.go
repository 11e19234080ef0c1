package site

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
)

// repoConfig returns a configuration that builds the repository's own
// content into a temporary directory.
func repoConfig(t testing.TB) Config {
	return Config{
		Content:   "../../content",
		Templates: "../../templates",
		Assets:    "../../assets",
		Out:       filepath.Join(t.TempDir(), "public"),
		BaseURL:   DefaultBaseURL,
	}
}

// repository is the repository's own site, built once for every test of
// the package that only reads it.
var repository struct {
	once   sync.Once
	dir    string // made by TestMain
	cfg    Config
	report *Report
	err    error
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "site-test-")
	if err != nil {
		panic(err)
	}
	repository.dir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// builtRepository returns the configuration of the repository's site,
// built once for the whole package, and the report of that build. The
// caller must not change the output.
func builtRepository(t testing.TB) (Config, *Report) {
	t.Helper()
	repository.once.Do(func() {
		repository.cfg = repoConfig(t)
		repository.cfg.Out = filepath.Join(repository.dir, "public")
		repository.report, repository.err = Build(repository.cfg)
	})
	if repository.err != nil {
		t.Fatal(repository.err)
	}
	return repository.cfg, repository.report
}

func build(t testing.TB, cfg Config) *Report {
	t.Helper()
	r, err := Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// treeDiff returns the paths of the files that differ between two trees
// that readTree returned, with the first line where each differs
// (-want +got), or "" when they are alike.
func treeDiff(want, got map[string][]byte) string {
	var b strings.Builder
	for _, p := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[p]; !ok {
			fmt.Fprintf(&b, "-%s\n", p)
		} else if !bytes.Equal(want[p], g) {
			w, g := firstDifference(want[p], g)
			fmt.Fprintf(&b, "~%s:\n\t-%q\n\t+%q\n", p, w, g)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[p]; !ok {
			fmt.Fprintf(&b, "+%s\n", p)
		}
	}
	return b.String()
}

// firstDifference returns up to 80 bytes of a and of b from where they
// first differ.
func firstDifference(a, b []byte) ([]byte, []byte) {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	cut := func(s []byte) []byte { return s[min(i, len(s)):min(i+80, len(s))] }
	return cut(a), cut(b)
}

// readTree returns every file under dir by slash-separated path.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestBuildRepository(t *testing.T) {
	t.Parallel()
	cfg, r := builtRepository(t)
	files := readTree(t, cfg.Out)
	if r.Codes != 88 || r.Pages != 91 {
		t.Errorf("report = %d codes, %d pages; want 88, 91", r.Codes, r.Pages)
	}
	if r.Files != len(files) {
		t.Errorf("report counts %d files, directory has %d", r.Files, len(files))
	}
	for _, want := range []string{"index.html", "codes.html", "404.html", "codes.json", "codes.schema.json", "codes/not-found.json", "codes/100.html", "codes/404.html", "codes/418.html", "codes/511.html"} {
		if _, ok := files[want]; !ok {
			t.Errorf("no %s", want)
		}
	}
	var pages []string
	for p := range files {
		if strings.HasPrefix(p, "codes/") && strings.HasSuffix(p, ".html") {
			pages = append(pages, p)
		}
	}
	if len(pages) != 88 {
		t.Errorf("%d code pages, want 88", len(pages))
	}
}

// TestLinksResolve follows every href and src of every page: each must
// lead to a file of the site and, with a fragment, to an id on that page.
// The one exception is a link the build itself warned about.
func TestLinksResolve(t *testing.T) {
	t.Parallel()
	cfg, r := builtRepository(t)
	files := readTree(t, cfg.Out)
	warned := map[string]bool{}
	for _, w := range r.Warnings {
		warned[strings.Fields(w.Msg)[2]] = true
	}
	ids := map[string]map[string]bool{}
	refs := map[string][]string{}
	for p, data := range files {
		if strings.HasSuffix(p, ".html") {
			ids[p], refs[p] = scanHTML(t, data)
		}
	}
	checked := 0
	for page, list := range refs {
		for _, ref := range list {
			if strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "http://") || warned[ref] {
				continue
			}
			target, frag, _ := strings.Cut(ref, "#")
			file := page
			if target != "" {
				file = resolve(files, target)
				if file == "" {
					t.Errorf("%s: link %q leads to no file", page, ref)
					continue
				}
			}
			if frag != "" && !ids[file][frag] {
				t.Errorf("%s: link %q: %s has no id %q", page, ref, file, frag)
			}
			checked++
		}
	}
	if checked < 62*5 {
		t.Errorf("only %d links checked", checked)
	}
}

// resolve returns the file a root-relative URL path is served from, or "".
func resolve(files map[string][]byte, url string) string {
	p := strings.TrimPrefix(url, "/")
	for _, c := range []string{p, p + ".html", p + "index.html", p + "/index.html"} {
		if _, ok := files[c]; ok && c != "" && !strings.HasSuffix(c, "/") {
			return c
		}
	}
	return ""
}

// scanHTML returns the ids and the href and src values of an HTML document.
func scanHTML(t testing.TB, data []byte) (ids map[string]bool, refs []string) {
	ids = map[string]bool{}
	l := html.NewLexer(parse.NewInputBytes(data))
	for {
		tt, _ := l.Next()
		switch tt {
		case html.ErrorToken:
			return ids, refs
		case html.AttributeToken:
			name, val := string(l.Text()), string(bytes.Trim(l.AttrVal(), `"'`))
			switch name {
			case "id":
				ids[val] = true
			case "href", "src":
				refs = append(refs, val)
			}
		}
	}
}

// TestMinified checks that every written file of a minifiable type is
// already minified: minifying it again changes nothing, and no blank line
// or indentation is left.
func TestMinified(t *testing.T) {
	t.Parallel()
	cfg, _ := builtRepository(t)
	b := NewBuilder(cfg)
	n := 0
	for p, data := range readTree(t, cfg.Out) {
		if _, ok := mediaTypes[path.Ext(p)]; !ok {
			continue
		}
		// Minifying a minified file again gains nothing, though the
		// JavaScript minifier may choose other short names.
		again := []File{{Path: p, Data: data}}
		if err := b.minify(again, ""); err != nil {
			t.Fatal(err)
		}
		if len(again[0].Data) < len(data) {
			t.Errorf("%s is not minified: minifying it again saves %d bytes", p, len(data)-len(again[0].Data))
		}
		if bytes.Contains(data, []byte("\n\n")) || bytes.Contains(data, []byte("\n  ")) {
			t.Errorf("%s keeps blank lines or indentation", p)
		}
		n++
	}
	if n < 65 {
		t.Errorf("only %d minifiable files", n)
	}
}

// TestReproducible builds twice and compares every byte.
func TestReproducible(t *testing.T) {
	t.Parallel()
	a, _ := builtRepository(t)
	b := repoConfig(t)
	build(t, b)
	if diff := treeDiff(readTree(t, a.Out), readTree(t, b.Out)); diff != "" {
		t.Errorf("two builds differ (-first +second):\n%s", diff)
	}
}

// TestCommittedPublic checks that the repository's public/ is exactly
// what a build of its content gives: rebuild and commit it if not.
func TestCommittedPublic(t *testing.T) {
	t.Parallel()
	cfg, _ := builtRepository(t)
	got, want := readTree(t, cfg.Out), readTree(t, "../../public")
	var names []string
	for p := range got {
		names = append(names, p)
	}
	for p := range want {
		if _, ok := got[p]; !ok {
			names = append(names, p)
		}
	}
	sort.Strings(names)
	for _, p := range names {
		if !bytes.Equal(got[p], want[p]) {
			t.Errorf("public/%s differs from a fresh build; run go run ./cmd/build and commit public/", p)
		}
	}
}

// TestAssetsHashed checks that assets are written under names that carry
// the hash of what they hold, and that pages refer to those names only.
func TestAssetsHashed(t *testing.T) {
	t.Parallel()
	cfg, _ := builtRepository(t)
	files := readTree(t, cfg.Out)
	var assets []string
	for p := range files {
		if strings.HasPrefix(p, "assets/") {
			assets = append(assets, p)
			base := path.Base(p)
			parts := strings.Split(base, ".")
			if len(parts) != 3 || len(parts[1]) != 8 {
				t.Errorf("%s is not named NAME.HASH.EXT", p)
			} else if h := contentHash(files[p]); parts[1] != h {
				t.Errorf("%s holds content whose hash is %s", p, h)
			}
		}
	}
	if len(assets) < 2 {
		t.Fatalf("assets = %v", assets)
	}
	index := string(files["index.html"])
	for _, a := range assets {
		if strings.HasSuffix(a, ".css") && !strings.Contains(index, "/"+a) {
			t.Errorf("index.html does not refer to %s", a)
		}
	}
	for _, unhashed := range []string{"/style.css", "/favicon.svg", "assets/style.css"} {
		if strings.Contains(index, unhashed) {
			t.Errorf("index.html refers to %s", unhashed)
		}
	}
	var css string
	for _, a := range assets {
		if strings.HasSuffix(a, ".css") {
			css = string(files[a])
		}
	}
	for _, want := range []string{".chroma{", "prefers-color-scheme:dark", ".chroma .kr{"} {
		if !strings.Contains(css, want) {
			t.Errorf("stylesheet lacks %q", want)
		}
	}
}

func TestNoStaleFiles(t *testing.T) {
	t.Parallel()
	cfg := repoConfig(t)
	if err := os.MkdirAll(filepath.Join(cfg.Out, "codes"), 0o755); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(cfg.Out, "codes", "999.html")
	if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfg.Out, Marker), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	build(t, cfg)
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale file survived the build: %v", err)
	}
	entries, err := os.ReadDir(filepath.Dir(cfg.Out))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("the build left temporary directories beside the output: %v", entries)
	}
}

func TestBaseURL(t *testing.T) {
	env := func(m map[string]string) func(string) string {
		return func(k string) string { return m[k] }
	}
	tests := []struct {
		flag string
		env  map[string]string
		want string
	}{
		{"https://a.test/", map[string]string{"NETLIFY": "true", "URL": "https://b.test"}, "https://a.test"},
		{"", map[string]string{"NETLIFY": "true", "URL": "https://b.test"}, "https://b.test"},
		{"", map[string]string{"URL": "https://b.test"}, DefaultBaseURL},
		{"", nil, DefaultBaseURL},
	}
	for _, tt := range tests {
		if got := BaseURL(tt.flag, env(tt.env)); got != tt.want {
			t.Errorf("BaseURL(%q, %v) = %q, want %q", tt.flag, tt.env, got, tt.want)
		}
	}
}

// TestRebuildWarnings checks that a long-lived Builder reports its
// warnings once per build, and removes the outputs it replaced.
func TestRebuildWarnings(t *testing.T) {
	t.Parallel()
	cfg := repoConfig(t)
	b := NewBuilder(cfg)
	var counts []int
	for range 3 {
		r, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		counts = append(counts, len(r.Warnings))
	}
	// Each build replaced the one before, whose tree is gone.
	if entries, err := os.ReadDir(filepath.Dir(cfg.Out)); err != nil || len(entries) != 1 {
		t.Errorf("beside the output after Wait: %v, %v; want nothing", entries, err)
	}
	if counts[0] == 0 || counts[1] != counts[0] || counts[2] != counts[0] {
		t.Errorf("warnings per build = %v, want the same number, at least one, each time", counts)
	}
}
