package site

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/httpstatus/site/internal/cache"
	"github.com/httpstatus/site/internal/facts"
)

// copyDir copies the files under src into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// sameTree fails t unless the tree under dir holds exactly want.
func sameTree(t *testing.T, step, dir string, want map[string][]byte) {
	t.Helper()
	got := readTree(t, dir)
	var differ []string
	for p, data := range want {
		if g, ok := got[p]; !ok || !bytes.Equal(g, data) {
			differ = append(differ, p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			differ = append(differ, p)
		}
	}
	if len(differ) > 0 {
		sort.Strings(differ)
		t.Errorf("%s: the output differs from a clean build without a cache in %d files: %v", step, len(differ), differ)
	}
}

// TestCachedBuilds checks that builds that take cards, highlighted code,
// rendered pages and minified files from the disk cache (read, or mapped
// as Build does), from a long-lived Builder or from the output of the
// build before write exactly what a clean build without a cache writes.
func TestCachedBuilds(t *testing.T) {
	clean := repoConfig(t)
	build(t, clean)
	want := readTree(t, clean.Out)

	cfg := repoConfig(t)
	cfg.Cache = t.TempDir()
	run := func(step string, b *Builder) {
		t.Helper()
		if _, err := b.Build(cfg); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if err := b.Wait(); err != nil { // the packs are saved
			t.Fatal(err)
		}
		sameTree(t, step, cfg.Out, want)
	}

	run("the build that fills the cache", newBuilder(t))
	packs, err := filepath.Glob(filepath.Join(cfg.Cache, "p-*", "*.pack"))
	if err != nil || len(packs) != 5 {
		t.Fatalf("packs = %v, %v; want five", packs, err)
	}
	before := statAll(t, packs...)

	os.RemoveAll(cfg.Out)
	b := newBuilder(t)
	run("a new builder with the cache filled", b)
	for i, fi := range statAll(t, packs...) {
		if !os.SameFile(fi, before[i]) {
			t.Errorf("%s was written again: the build missed entries the cache held", packs[i])
		}
	}

	index := filepath.Join(cfg.Out, "index.html")
	code := filepath.Join(cfg.Out, "codes", "404.html")
	prev := statAll(t, index, code)
	run("the same builder again", b)
	for i, fi := range statAll(t, index, code) {
		if !os.SameFile(fi, prev[i]) {
			t.Errorf("%s was written again, not linked from the build before", fi.Name())
		}
	}

	// A file changed in the output since is written anew, not linked.
	if err := os.WriteFile(code, []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	run("the same builder after an output file changed", b)
	if err := os.Chmod(index, 0o600); err != nil {
		t.Fatal(err)
	}
	run("the same builder after a file's mode changed", b)
	if m := statAll(t, index)[0].Mode(); m != 0o644 {
		t.Errorf("index.html has mode %v, want 0644", m)
	}

	// Build maps the packs, and unmaps them once the site is written.
	os.RemoveAll(cfg.Out)
	if _, err := Build(cfg); err != nil {
		t.Fatalf("Build with the cache filled: %v", err)
	}
	sameTree(t, "Build with the cache filled", cfg.Out, want)
	for i, fi := range statAll(t, packs...) {
		if !os.SameFile(fi, before[i]) {
			t.Errorf("Build wrote %s again: it missed entries the cache held", packs[i])
		}
	}

	// Packs cut short lose entries but never yield wrong ones.
	for _, p := range packs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data[:len(data)/2], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run("a new builder with damaged packs", newBuilder(t))
}

// TestFactsKept checks that facts taken from the disk cache are exactly
// those parsed from the file.
func TestFactsKept(t *testing.T) {
	path := filepath.Join("..", "..", "content", FactsFile)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := facts.Parse(path, src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	first := newBuilder(t)
	first.useCache(dir)
	if _, _, err := first.parseFacts(path, src); err != nil {
		t.Fatal(err)
	}
	first.saveCache()

	second := newBuilder(t)
	second.useCache(dir)
	if _, ok := second.parsed.Get(cache.NewKey("parsed facts", path, string(src))); !ok {
		t.Fatal("the disk cache lacks the parsed facts")
	}
	got, _, err := second.parseFacts(path, src)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("facts from the disk cache differ from those parsed:\n%+v\nwant\n%+v", got, want)
	}
}

// TestRebuildsKeepCache checks that a long-lived Builder's rebuilds,
// which find most of what they need in memory, keep in the disk cache
// what they did not look up there: after an edit and a rebuild, a new
// Builder renders nothing and finds every card, highlighted block and
// minified file on disk.
func TestRebuildsKeepCache(t *testing.T) {
	cfg := editableConfig(t)
	b := newBuilder(t)
	if _, err := b.Build(cfg); err != nil {
		t.Fatal(err)
	}
	const old = "is not willing to disclose that one exists."
	replaceIn(t, filepath.Join(cfg.Content, ArticleFile), old, old+" Edited.")
	if _, err := b.Build(cfg); err != nil {
		t.Fatal(err)
	}
	if err := b.Wait(); err != nil {
		t.Fatal(err)
	}

	packs, err := filepath.Glob(filepath.Join(cfg.Cache, "p-*", "*.pack"))
	if err != nil || len(packs) == 0 {
		t.Fatalf("packs = %v, %v", packs, err)
	}
	before := statAll(t, packs...)
	fresh := newBuilder(t)
	if _, err := fresh.Build(cfg); err != nil {
		t.Fatal(err)
	}
	if err := fresh.Wait(); err != nil {
		t.Fatal(err)
	}
	if n := fresh.tmpl.r.Rendered(); n != 0 {
		t.Errorf("a new Builder rendered %d pages and fragments, want 0", n)
	}
	for i, fi := range statAll(t, packs...) {
		if !os.SameFile(fi, before[i]) {
			t.Errorf("a new Builder wrote %s again: it missed entries", filepath.Base(packs[i]))
		}
	}
}

// TestBuildAfterFailedBuild checks that a long-lived Builder whose build
// failed on an article being edited renders nothing again once the
// article is mended: when the failed build was its first, as when the dev
// server starts on a broken article, it still takes what the disk cache
// holds, and when it was a rebuild, it forgot nothing.
func TestBuildAfterFailedBuild(t *testing.T) {
	for _, firstFails := range []bool{true, false} {
		t.Run(fmt.Sprintf("first build fails: %v", firstFails), func(t *testing.T) {
			cfg := editableConfig(t)
			b := newBuilder(t)
			if _, err := b.Build(cfg); err != nil {
				t.Fatal(err)
			}
			if err := b.Wait(); err != nil {
				t.Fatal(err)
			}
			if firstFails {
				b = newBuilder(t)
			}
			path := filepath.Join(cfg.Content, ArticleFile)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := b.Build(cfg); err == nil {
				t.Fatal("the build of an empty article succeeded")
			}
			if err := os.WriteFile(path, src, 0o644); err != nil {
				t.Fatal(err)
			}
			before := 0
			if b.tmpl.r != nil {
				before = b.tmpl.r.Rendered()
			}
			if _, err := b.Build(cfg); err != nil {
				t.Fatal(err)
			}
			if n := b.tmpl.r.Rendered() - before; n != 0 {
				t.Errorf("the build after the failed one rendered %d pages and fragments, want 0", n)
			}
		})
	}
}

// TestInnerEntriesKept checks that a build that finds whole pages kept,
// and so never asks for the highlighted code they show, does not drop
// that code from the disk cache: after an edit of one description, a
// change of the templates renders every page again from the highlighted
// code on disk.
func TestInnerEntriesKept(t *testing.T) {
	cfg := editableConfig(t)
	cfg.Templates = t.TempDir()
	copyDir(t, "../../templates", cfg.Templates)
	build := func(step string) {
		t.Helper()
		b := newBuilder(t)
		if _, err := b.Build(cfg); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if err := b.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	build("the first build")
	const old = "is not willing to disclose that one exists."
	replaceIn(t, filepath.Join(cfg.Content, ArticleFile), old, old+" Edited.")
	build("the build after an edit")
	highlighted, err := filepath.Glob(filepath.Join(cfg.Cache, "p-*", "highlighted.pack"))
	if err != nil || len(highlighted) != 1 {
		t.Fatalf("highlighted packs = %v, %v", highlighted, err)
	}
	before := statAll(t, highlighted...)
	replaceIn(t, filepath.Join(cfg.Templates, "code.html"), "{{define \"main\" -}}", "{{define \"main\" -}}{{/* changed */}}")
	build("the build after a change of the templates")
	if !os.SameFile(statAll(t, highlighted...)[0], before[0]) {
		t.Error("rendering every page again highlighted code anew: the build after the edit dropped it from the disk cache")
	}
}

// editableConfig returns the repository's configuration, but with a copy
// of the content directory, which the test may edit, and a disk cache of
// its own.
func editableConfig(t *testing.T) Config {
	t.Helper()
	cfg := repoConfig(t)
	cfg.Content, cfg.Cache = t.TempDir(), t.TempDir()
	copyDir(t, "../../content", cfg.Content)
	return cfg
}

// replaceIn replaces the first old in the file at path with new.
func replaceIn(t *testing.T, path, old, new string) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), old, new, 1)
	if edited == string(src) {
		t.Fatalf("%s no longer has %q", path, old)
	}
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
}

func statAll(t *testing.T, paths ...string) []os.FileInfo {
	t.Helper()
	infos := make([]os.FileInfo, len(paths))
	for i, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		infos[i] = fi
	}
	return infos
}

// TestCacheFollowsEdits checks that what was cached for an article and
// its facts does not leak into the build of them edited: a renamed code
// gets a new card, a changed example is highlighted anew, and the edited
// facts are read again.
func TestCacheFollowsEdits(t *testing.T) {
	cfg := editableConfig(t)
	content := cfg.Content
	b := newBuilder(t)
	if _, err := b.Build(cfg); err != nil {
		t.Fatal(err)
	}

	path := filepath.Join(content, ArticleFile)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), "### 404 Not Found", "### 404 Nowhere To Be Found", 1)
	edited = strings.ReplaceAll(edited, "#404-not-found", "#404-nowhere-to-be-found")
	edited = strings.Replace(edited, "`GET /api/v1/users/123`", "`GET /api/v2/people/123`", 1)
	if edited == string(src) || strings.Count(edited, "Nowhere To Be Found")+strings.Count(edited, "/api/v2/people/123") != 2 {
		t.Fatal("the article no longer has the text this test edits")
	}
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	factsPath := filepath.Join(content, FactsFile)
	src, err = os.ReadFile(factsPath)
	if err != nil {
		t.Fatal(err)
	}
	editedFacts := strings.Replace(string(src), "  related: [410]\n", "  related: [410, 400]\n", 1)
	if editedFacts == string(src) {
		t.Fatal("the facts no longer have the text this test edits")
	}
	if err := os.WriteFile(factsPath, []byte(editedFacts), 0o644); err != nil {
		t.Fatal(err)
	}

	clean := repoConfig(t)
	clean.Content = content
	build(t, clean)
	want := readTree(t, clean.Out)
	for _, step := range []struct {
		name string
		b    *Builder
	}{{"the same builder", b}, {"a new builder with the cache", newBuilder(t)}} {
		if _, err := step.b.Build(cfg); err != nil {
			t.Fatal(err)
		}
		sameTree(t, step.name, cfg.Out, want)
	}
}

// TestTemplatesReparsed checks that a long-lived Builder parses its
// templates again when a file among them changes, and only then.
func TestTemplatesReparsed(t *testing.T) {
	templates := t.TempDir()
	copyDir(t, "../../templates", templates)
	cfg := repoConfig(t)
	cfg.Templates = templates
	b := newBuilder(t)
	if _, err := b.Build(cfg); err != nil {
		t.Fatal(err)
	}
	r := b.tmpl.r
	if _, err := b.Build(cfg); err != nil {
		t.Fatal(err)
	}
	if b.tmpl.r != r {
		t.Error("unchanged templates were parsed again")
	}

	footer := filepath.Join(templates, "partials", "footer.html")
	src, err := os.ReadFile(footer)
	if err != nil {
		t.Fatal(err)
	}
	const old, edit = "Names and meanings follow", "Names and meanings, edited, follow"
	if !strings.Contains(string(src), old) {
		t.Fatalf("%s no longer says %q", footer, old)
	}
	if err := os.WriteFile(footer, []byte(strings.Replace(string(src), old, edit, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Build(cfg); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"index.html", "codes/404.html"} {
		data, err := os.ReadFile(filepath.Join(cfg.Out, page))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), edit) {
			t.Errorf("%s does not follow the edited template", page)
		}
	}
}

// TestReuseOutput checks that a new Builder over the output of an earlier
// build links the files that hold what it would write, and writes anew
// those changed since, even when their size or time did not change.
func TestReuseOutput(t *testing.T) {
	clean := repoConfig(t)
	build(t, clean)
	want := readTree(t, clean.Out)

	cfg := repoConfig(t)
	build(t, cfg)
	index := filepath.Join(cfg.Out, "index.html")
	code := filepath.Join(cfg.Out, "codes", "404.html")
	robots := filepath.Join(cfg.Out, "robots.txt")
	before := statAll(t, index, code)
	data, err := os.ReadFile(code)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 1 // same size, other content
	if err := os.WriteFile(code, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(code, before[1].ModTime(), before[1].ModTime()); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(robots, 0o600); err != nil {
		t.Fatal(err)
	}

	build(t, cfg)
	sameTree(t, "a new builder over the output", cfg.Out, want)
	after := statAll(t, index, code, robots)
	if !os.SameFile(before[0], after[0]) {
		t.Error("index.html was written again, not linked from the output before")
	}
	if os.SameFile(before[1], after[1]) {
		t.Error("codes/404.html, changed since, was linked from the output before")
	}
	if m := after[2].Mode(); m != 0o644 {
		t.Errorf("robots.txt has mode %v, want 0644", m)
	}
}
