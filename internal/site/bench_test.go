package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchDir returns a temporary directory on tmpfs when the machine has
// one, so that disk speed does not blur the build's own time.
func benchDir(b *testing.B) string {
	b.Helper()
	parent := ""
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		parent = "/dev/shm"
	}
	dir, err := os.MkdirTemp(parent, "bench-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// How the benchmarks build: with one Builder over its own output, as the
// dev server does, after one entry of the article was edited anew (with
// and without the disk cache the dev server uses) or with nothing
// changed; with a new Builder into an empty output directory and a disk
// cache that an earlier build filled, as go run ./cmd/build does after
// its first run, less the start of the process; and the same with
// nothing cached, as the first build of all.
var benchModes = []struct {
	name      string
	edit      bool // edit one entry anew before each build
	newEach   bool // a new Builder for each build, into an empty directory
	diskCache bool
}{
	{"edit", true, false, false},
	{"edit-disk", true, false, true},
	{"rebuild", false, false, false},
	{"cached", false, true, true},
	{"cold", false, true, false},
}

// benchBuild builds cfg b.N times in each mode and reports time and bytes
// per page.
func benchBuild(b *testing.B, cfg Config) {
	for _, m := range benchModes {
		b.Run(m.name, func(b *testing.B) {
			cfg := cfg
			if m.diskCache {
				cfg.Cache = filepath.Join(benchDir(b), "cache")
			}
			path := filepath.Join(cfg.Content, ArticleFile)
			src, err := os.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			if m.edit {
				b.Cleanup(func() { os.WriteFile(path, src, 0o644) })
			}
			builder := NewBuilder(cfg)
			if m.diskCache || !m.newEach {
				// The first build fills the caches.
				if _, err := builder.Build(); err != nil {
					b.Fatal(err)
				}
			}
			var r *Report
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				if m.edit {
					if err := os.WriteFile(path, editedArticle(b, src, i), 0o644); err != nil {
						b.Fatal(err)
					}
				}
				if m.newEach {
					if err := os.RemoveAll(cfg.Out); err != nil {
						b.Fatal(err)
					}
					builder = NewBuilder(cfg)
				}
				b.StartTimer()
				var err error
				if r, err = builder.Build(); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(r.Bytes), "bytes-written")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(r.Pages), "ns/page")
		})
	}
}

// editedArticle returns src with "Edited i:" added to the description of
// its middle code, on the same line, as a writer's save in the dev server
// would: each i gives text no build saw before.
func editedArticle(b *testing.B, src []byte, i int) []byte {
	s := string(src)
	headings := strings.Count(s, "\n### ")
	at := 0
	for range headings/2 + 1 {
		at += strings.Index(s[at:], "\n### ") + 1
	}
	// The description starts after the heading's line and a blank line.
	para := at + strings.Index(s[at:], "\n\n") + 2
	if headings == 0 || para <= at+1 || s[para] == '`' {
		b.Fatal("the article has no description to edit")
	}
	return []byte(s[:para] + fmt.Sprintf("Edited %d: ", i) + s[para:])
}

// BenchmarkBuildReal builds the repository's article.
func BenchmarkBuildReal(b *testing.B) {
	dir := benchDir(b)
	content := filepath.Join(dir, "content")
	if err := os.CopyFS(content, os.DirFS("../../content")); err != nil {
		b.Fatal(err)
	}
	cfg := repoConfig(b)
	cfg.Content = content
	cfg.Out = filepath.Join(dir, "public")
	benchBuild(b, cfg)
}

// BenchmarkBuildGenerated builds made-up articles of growing size, so
// that the time per page shows how the build scales.
func BenchmarkBuildGenerated(b *testing.B) {
	for _, n := range []int{62, 250, 500} {
		b.Run(fmt.Sprintf("codes=%d", n), func(b *testing.B) {
			dir := benchDir(b)
			content := filepath.Join(dir, "content")
			if err := os.MkdirAll(content, 0o755); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(content, ArticleFile), generatedArticle(n), 0o644); err != nil {
				b.Fatal(err)
			}
			cfg := repoConfig(b)
			cfg.Content = content
			cfg.Out = filepath.Join(dir, "public")
			benchBuild(b, cfg)
		})
	}
}

// generatedArticle returns an article of n codes spread over 100-599,
// each with two paragraphs (about five times the real article's
// description length) and a fenced HTTP example.
func generatedArticle(n int) []byte {
	var b strings.Builder
	b.WriteString("---\ntitle: Generated list of HTTP status codes\nexcerpt: A made-up article for benchmarks.\n---\n\nA made-up article.\n\n## Classes\n\n")
	names := []string{"", "Informational", "Successful", "Redirection", "Client Error", "Server Error"}
	for d := 1; d <= 5; d++ {
		fmt.Fprintf(&b, "- **%dxx (%s)**: Definition of class %d\n", d, names[d], d)
	}
	codes := make([]int, n)
	for i := range codes {
		codes[i] = 100 + i*500/n
	}
	b.WriteString("\n## List\n\n")
	for _, c := range codes {
		fmt.Fprintf(&b, "[%d Status %d](#%d-status-%d)  \n", c, c, c, c)
	}
	sentence := "The server answers with this status when the request reached it and the outcome matches the definition of the class, which clients handle as described in the specification. "
	class := 0
	for _, c := range codes {
		if c/100 != class {
			class = c / 100
			fmt.Fprintf(&b, "\n## %dxx %s Status Codes\n", class, names[class])
		}
		fmt.Fprintf(&b, "\n### %d Status %d\n\n", c, c)
		fmt.Fprintf(&b, "The **%d Status %d** status code indicates something specific. %s%s\n\n", c, c, sentence, sentence)
		fmt.Fprintf(&b, "%s%s%s Example: `GET /api/v1/items/%d` returning it.\n\n", sentence, sentence, sentence, c)
		fmt.Fprintf(&b, "```http\nHTTP/1.1 %d Status %d\nContent-Type: application/json\nCache-Control: no-store\n\n{\"status\": %d}\n```\n", c, c, c)
	}
	return []byte(b.String())
}

// TestGeneratedArticle checks that the benchmark's made-up articles build
// into exactly the pages they describe.
func TestGeneratedArticle(t *testing.T) {
	t.Parallel()
	for _, n := range []int{62, 500} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, ArticleFile), generatedArticle(n), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg := repoConfig(t)
		cfg.Content = dir
		r := build(t, cfg)
		if r.Codes != n || len(r.Warnings) != 0 {
			t.Errorf("%d codes: built %d codes with warnings %v", n, r.Codes, r.Warnings)
		}
	}
}
