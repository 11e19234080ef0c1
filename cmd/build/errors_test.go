package main

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"

	"github.com/httpstatus/site/internal/timebound"
)

// copyDir copies the directory tree src into a new temporary directory.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// hangGuard bounds a build in the tests of broken inputs. It is a guard
// against a build that waits forever, such as on a named pipe, not a
// measure of speed: each build takes about a second.
const hangGuard = 2 * time.Minute

// runWithin runs the command with args, failing the test if it has not
// returned after hangGuard.
func runWithin(t *testing.T, args []string, stderr io.Writer) int {
	t.Helper()
	var code int
	if err := timebound.Run(hangGuard, func() { code = run(args, stderr, noEnv) }); err != nil {
		t.Fatalf("build: %v", err)
	}
	return code
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	os.Remove(path)
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, path string) {
	t.Helper()
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// tree returns the content of every file under dir, by relative path.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestBuildErrors runs the command on broken inputs: each must exit with
// the right code and a message naming the file and line, and must leave
// the output of an earlier good build exactly as it was.
func TestBuildErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(t *testing.T, content, templates, assets string) []string // returns extra args
		code int
		want string // regexp the stderr must match
	}{
		{"template syntax error", func(t *testing.T, c, tm, a string) []string {
			writeFile(t, filepath.Join(tm, "code.html"), "{{define \"main\"}}\n<h1>{{.Entry.Code</h1>\n{{end}}\n")
			return nil
		}, 1, `^\S+/code\.html:2: bad character U\+003C '<'\n$`},
		{"template fails while executing", func(t *testing.T, c, tm, a string) []string {
			writeFile(t, filepath.Join(tm, "code.html"), "{{define \"main\"}}\n\n<p>{{.Entry.NoSuchField}}</p>\n{{end}}\n{{define \"code-item\"}}{{end}}\n{{define \"code-number\"}}{{end}}\n")
			return nil
		}, 1, `^\S+/code\.html:3:\d+: executing "main" at <\.Entry\.NoSuchField>: can't evaluate field NoSuchField`},
		{"partial fails while executing", func(t *testing.T, c, tm, a string) []string {
			writeFile(t, filepath.Join(tm, "partials", "header.html"), "{{define \"header\"}}{{.Nope}}{{end}}")
			return nil
		}, 1, `^\S+/partials/header\.html:1:\d+: executing "header" at <\.Nope>`},
		{"missing templates directory", func(t *testing.T, c, tm, a string) []string {
			os.RemoveAll(tm)
			return nil
		}, 1, `^templates directory: stat \S+: no such file or directory\n$`},
		{"missing assets directory", func(t *testing.T, c, tm, a string) []string {
			os.RemoveAll(a)
			return nil
		}, 1, `^assets directory: stat \S+: no such file or directory\n$`},
		{"missing content file", func(t *testing.T, c, tm, a string) []string {
			os.Remove(filepath.Join(c, "http-status-codes.md"))
			return nil
		}, 1, `^\S+/http-status-codes\.md: no article: file does not exist\n$`},
		{"empty content file", func(t *testing.T, c, tm, a string) []string {
			writeFile(t, filepath.Join(c, "http-status-codes.md"), "")
			return nil
		}, 1, `^\S+/http-status-codes\.md:1:1: file is empty`},
		{"content error", func(t *testing.T, c, tm, a string) []string {
			p := filepath.Join(c, "http-status-codes.md")
			data, _ := os.ReadFile(p)
			writeFile(t, p, strings.Replace(string(data), "### 404 Not Found", "### 404 Not Found\n\n### 404 Not Found", 1))
			return nil
		}, 1, `^\S+/http-status-codes\.md:231:1: code 404 has no description .*\n\S+/http-status-codes\.md:233:5: code 404 repeats line 231 `},
		{"strict turns the dangling link into an error", func(t *testing.T, c, tm, a string) []string {
			return []string{"-strict"}
		}, 1, `^\S+/http-status-codes\.md:28:72: link to /articles/api-guide-rest-api-components/#status-code-response leads to no page of this site`},
		{"asset missing from the templates", func(t *testing.T, c, tm, a string) []string {
			os.Remove(filepath.Join(a, "favicon.svg"))
			return nil
		}, 1, `^\S+/base\.html:\d+:\d+: executing "base" at <\.Asset>: error calling Asset: no asset named "favicon.svg" in the assets directory\n$`},
		{"missing base.html", func(t *testing.T, c, tm, a string) []string {
			os.Remove(filepath.Join(tm, "base.html"))
			return nil
		}, 1, `^\S+/base\.html: no such file \(hint: every templates directory needs base.html, the layout that defines "base"\)\n$`},
		{"article is a named pipe", func(t *testing.T, c, tm, a string) []string {
			mkfifo(t, filepath.Join(c, "http-status-codes.md"))
			return nil
		}, 1, `^\S+/http-status-codes\.md: is a named pipe, not a regular file \(hint: the build reads regular files only\)\n$`},
		{"symlinked style.css outside the assets", func(t *testing.T, c, tm, a string) []string {
			outside := filepath.Join(t.TempDir(), "style.css")
			os.Rename(filepath.Join(a, "style.css"), outside)
			symlink(t, outside, filepath.Join(a, "style.css"))
			return nil
		}, 1, `^\S+/style\.css: is reached through a symlink that leads outside \S+ or is absolute \(hint: the build follows only relative symlinks to files inside the directory; copy the file in instead\)\n$`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			content, templates, assets := copyDir(t, "../../content"), copyDir(t, "../../templates"), copyDir(t, "../../assets")
			out := filepath.Join(t.TempDir(), "public")
			args := []string{"-content", content, "-templates", templates, "-assets", assets, "-out", out, "-q"}
			var stderr bytes.Buffer
			if code := run(args, &stderr, noEnv); code != 0 {
				t.Fatalf("first build: exit %d: %s", code, stderr.String())
			}
			before := tree(t, out)
			args = append(args, tt.edit(t, content, templates, assets)...)
			stderr.Reset()
			code := runWithin(t, args, &stderr)
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			if !regexp.MustCompile(tt.want).MatchString(stderr.String()) {
				t.Errorf("stderr does not match %q:\n%s", tt.want, stderr.String())
			}
			if diff := cmp.Diff(before, tree(t, out)); diff != "" {
				t.Errorf("the failed build changed the output (-before +after):\n%s", diff)
			}
			siblings, _ := os.ReadDir(filepath.Dir(out))
			if len(siblings) != 1 {
				t.Errorf("the failed build left files beside the output: %v", siblings)
			}
		})
	}
}

// TestOutRefused checks that -out never replaces a directory it must
// not, nor writes where the next build would read its output back.
func TestOutRefused(t *testing.T) {
	foreign := t.TempDir()
	writeFile(t, filepath.Join(foreign, "notes.txt"), "mine")
	repo, _ := filepath.Abs("../..")
	links := t.TempDir()
	for name, target := range map[string]string{
		"to-assets":      filepath.Join(repo, "assets"),
		"to-partials":    filepath.Join(repo, "templates", "partials"),
		"to-nothing":     filepath.Join(repo, "content", "not-yet"),
		"to-file":        filepath.Join(foreign, "notes.txt"),
		"to-foreign":     foreign,
		"loop":           "loop",
		"to-root":        "/",
		"dir-in-content": filepath.Join(repo, "content"),
	} {
		symlink(t, target, filepath.Join(links, name))
	}
	tests := []struct{ out, want string }{
		{"/", "refusing to replace the filesystem root"},
		{repo, "refusing to replace a directory that holds the"},
		{"../../content", "refusing to replace a directory that holds the content directory"},
		{"../../templates", "refusing to replace a directory that holds the templates directory"},
		{"../../assets", "refusing to replace a directory that holds the assets directory"},
		{"..", "refusing to replace a directory that this tool did not write"},
		{foreign, "refusing to replace a directory that this tool did not write (it has no .generated-by-cmd-build)"},
		{filepath.Join(foreign, "notes.txt"), "not a directory"},
		{"../../assets/public", "-out ../../assets/public: refusing to write inside the assets directory ../../assets, which the next build would read back as its input"},
		{"../../content/out", "refusing to write inside the content directory"},
		{"../../templates/partials/x", "refusing to write inside the templates directory"},
		{filepath.Join(links, "to-assets"), "(the symlinked " + filepath.Join(repo, "assets") + "): refusing to replace a directory that holds the assets directory"},
		{filepath.Join(links, "to-partials"), "refusing to write inside the templates directory"},
		{filepath.Join(links, "to-nothing"), "refusing to write inside the content directory"},
		{filepath.Join(links, "dir-in-content", "public"), "refusing to write inside the content directory"},
		{filepath.Join(links, "to-file"), "not a directory"},
		{filepath.Join(links, "to-foreign"), "refusing to replace a directory that this tool did not write"},
		{filepath.Join(links, "loop"), "too many levels of symlinks"},
		{filepath.Join(links, "to-root"), "refusing to replace the filesystem root"},
	}
	for _, tt := range tests {
		t.Run(tt.out, func(t *testing.T) {
			var stderr bytes.Buffer
			args := append(buildArgs("../../content", tt.out), "-q")
			if code := runWithin(t, args, &stderr); code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, stderr.String())
			}
		})
	}
	if got := tree(t, foreign); got["notes.txt"] != "mine" || len(got) != 1 {
		t.Errorf("the refused directory changed: %v", got)
	}
	for _, dir := range []string{"../../content/out", "../../content/not-yet", "../../assets/public", "../../templates/partials/x"} {
		if _, err := os.Lstat(dir); err == nil {
			t.Errorf("a refused build made %s", dir)
		}
	}
}

// TestOutSymlink checks that a symlinked -out stays a symlink: each build
// fills the directory it leads to, made when it leads to nothing yet.
func TestOutSymlink(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	target := filepath.Join(base, "real", "public")
	link := filepath.Join(base, "public")
	symlink(t, filepath.Join("real", "public"), link)
	for i := range 2 {
		var stderr bytes.Buffer
		if code := runWithin(t, append(buildArgs("testdata/v1", link), "-q"), &stderr); code != 0 {
			t.Fatalf("build %d: exit %d: %s", i, code, stderr.String())
		}
		fi, err := os.Lstat(link)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Fatalf("build %d: -out is no longer a symlink: %v, %v", i, fi, err)
		}
		if _, err := os.Stat(filepath.Join(target, "codes", "404.html")); err != nil {
			t.Errorf("build %d: the symlink's target lacks the site: %v", i, err)
		}
	}
	if entries, _ := os.ReadDir(base); len(entries) != 2 {
		t.Errorf("beside the link: %v", entries)
	}
}

// TestOrigin checks that -origin points the article's links to pages of
// its first home there, so that a strict build of the real article passes.
func TestOrigin(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "public")
	var stderr bytes.Buffer
	args := append(buildArgs("../../content", out), "-strict", "-origin", "https://blog.example/", "-q")
	if code := run(args, &stderr, noEnv); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("warnings remain: %s", stderr.String())
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !bytes.Contains(index, []byte("href=https://blog.example/articles/api-guide-rest-api-components/#status-code-response")) {
		t.Error("the link to the REST API guide does not point at the origin")
	}
	if !bytes.Contains(index, []byte("href=/codes/404")) || !bytes.Contains(index, []byte("href=#404-not-found")) {
		t.Error("links to the site's own pages changed")
	}
}

// TestNoOrigin checks that without -origin the link to a page of the
// article's first home is removed, keeping its text, with a warning.
func TestNoOrigin(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "public")
	var stderr bytes.Buffer
	args := append(buildArgs("../../content", out), "-q")
	if code := run(args, &stderr, noEnv); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	want := "warning: ../../content/http-status-codes.md:28:72: link to /articles/api-guide-rest-api-components/#status-code-response leads to no page of this site; its text is kept without the link"
	if !strings.HasPrefix(stderr.String(), want) {
		t.Errorf("stderr = %q, want it to start with %q", stderr.String(), want)
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if bytes.Contains(index, []byte("/articles/")) {
		t.Error("the index still links to /articles/")
	}
	if !bytes.Contains(index, []byte("you can read our API guide part 3: REST API components.")) {
		t.Error("the link's text is gone")
	}
}

// TestLineEndingsOutput checks that a byte-order mark and CRLF line
// endings build exactly the same site as LF.
func TestLineEndingsOutput(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("../../content/http-status-codes.md")
	if err != nil {
		t.Fatal(err)
	}
	crlf := copyDir(t, "../../content")
	writeFile(t, filepath.Join(crlf, "http-status-codes.md"), "\uFEFF"+strings.ReplaceAll(string(src), "\n", "\r\n"))
	outs := map[string]string{}
	for name, content := range map[string]string{"lf": "../../content", "crlf": crlf} {
		outs[name] = filepath.Join(t.TempDir(), "public")
		var stderr bytes.Buffer
		args := append(buildArgs(content, outs[name]), "-q")
		if code := run(args, &stderr, noEnv); code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, stderr.String())
		}
	}
	if diff := cmp.Diff(tree(t, outs["lf"]), tree(t, outs["crlf"])); diff != "" {
		t.Errorf("CRLF output differs (-LF +CRLF):\n%s", diff)
	}
}

// TestUntrustedText builds an article full of markup and script and
// checks that none of it reaches a page as anything but text.
func TestUntrustedText(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "public")
	var stderr bytes.Buffer
	args := append(buildArgs("testdata/xss", out), "-q")
	if code := run(args, &stderr, noEnv); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if n := strings.Count(stderr.String(), "link with a script or data URL removed"); n != 4 {
		t.Errorf("%d warnings about script links, want 4:\n%s", n, stderr.String())
	}
	files := tree(t, out)
	for _, page := range []string{"index.html", "codes/404.html", "codes/418.html", "404.html"} {
		body, ok := files[page]
		if !ok {
			t.Fatalf("no %s", page)
		}
		for _, bad := range unsafeMarkup(body) {
			t.Errorf("%s: %s", page, bad)
		}
	}
	checks := []struct{ page, want string }{
		{"codes/418.html", `<title>418 Tea "pot" & alert(1) · HTTP status codes</title>`},
		{"codes/418.html", `<code>GET /">&lt;script>alert(1)&lt;/script></code>`},
		{"index.html", `<h1>Tricky &lt;b>title&lt;/b> "quoted" & 'single'</h1>`},
		{"index.html", `content='Ends the attribute" onmouseover="alert(1)'`},
	}
	for _, c := range checks {
		if !strings.Contains(files[c.page], c.want) {
			t.Errorf("%s lacks %q", c.page, c.want)
		}
	}
}

// unsafeMarkup lists the elements and attributes of an HTML page that
// could run script or load content from elsewhere. The one script allowed
// is the site's own, loaded from its assets.
func unsafeMarkup(page string) []string {
	var bad []string
	var tag string
	ownScript := false
	l := html.NewLexer(parse.NewInputString(page))
	for {
		tt, _ := l.Next()
		switch tt {
		case html.ErrorToken:
			return bad
		case html.StartTagToken:
			tag, ownScript = strings.ToLower(string(l.Text())), false
			switch tag {
			case "iframe", "img", "svg", "object", "embed", "style":
				bad = append(bad, "element <"+tag+">")
			}
		case html.StartTagCloseToken, html.StartTagVoidToken:
			if tag == "script" && !ownScript {
				bad = append(bad, "element <script> not from /assets/")
			}
		case html.AttributeToken:
			name := strings.ToLower(string(l.Text()))
			val := strings.ToLower(strings.Trim(string(l.AttrVal()), `"'`))
			if strings.HasPrefix(name, "on") || name == "style" {
				bad = append(bad, "attribute "+name)
			}
			if (name == "href" || name == "src") && (strings.HasPrefix(val, "javascript:") || strings.HasPrefix(val, "data:")) {
				bad = append(bad, name+"="+val)
			}
			if tag == "script" && name == "src" && strings.HasPrefix(val, "/assets/") {
				ownScript = true
			}
		}
	}
}

func TestUnsafeMarkup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		page string
		bad  int
	}{
		{`<p>text &lt;script&gt;</p><script src=/assets/site.1.js defer></script>`, 0},
		{`<script>alert(1)</script>`, 1},
		{`<script src=https://evil.example/x.js></script>`, 1},
		{`<p onclick=x style="color:red">`, 2},
		{`<a href=JavaScript:alert(1)>x</a><img src=x>`, 2},
	}
	for _, tt := range tests {
		if got := unsafeMarkup(tt.page); len(got) != tt.bad {
			t.Errorf("unsafeMarkup(%q) = %q, want %d findings", tt.page, got, tt.bad)
		}
	}
}
