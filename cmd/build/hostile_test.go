package main

import (
	"bytes"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/httpstatus/site/internal/serve"
	"github.com/httpstatus/site/internal/site"
)

// project is a copy of a small site's inputs, built once into out.
type project struct {
	content, templates, assets, out string
}

func (p project) article() string { return filepath.Join(p.content, "http-status-codes.md") }

// edit replaces old with new in the article, failing unless old is there.
func (p project) edit(t *testing.T, old, new string) {
	t.Helper()
	src, err := os.ReadFile(p.article())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(src, []byte(old)) {
		t.Fatalf("the article lacks %q", old)
	}
	writeFile(t, p.article(), strings.Replace(string(src), old, new, 1))
}

func (p project) args() []string {
	return []string{"-content", p.content, "-templates", p.templates, "-assets", p.assets, "-out", p.out, "-q", "-cache", ""}
}

// TestHostile tries one or more hostile cases of each class of problem
// that an attack on the build and the dev server found: crashes, hangs,
// wrong output with exit 0, text that means one thing to a browser and
// another to the build, unclear messages, and the dev server's answers
// to large files and Range requests. Each runs against a copy of a small
// site built once: a build that fails must say where and why, exit
// non-zero and leave that output exactly as it was; one that succeeds
// must write what a browser would make of the input.
func TestHostile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		class, name string
		edit        func(t *testing.T, p project) []string // returns extra args
		code        int
		stderr      string                        // regexp the stderr must match
		check       func(t *testing.T, p project) // of a build that succeeds
	}{
		{"crash", "an image width that the card trusted", func(t *testing.T, p project) []string {
			p.edit(t, "title: Small list", "title: Small list\nimageWidth: 100000000")
			return nil
		}, 1, `^\S+/http-status-codes\.md:3:13: front matter: imageWidth is 100000000, outside the limits of 200 to 4096 \(hint: [^)]+\)\n$`, nil},
		{"crash", "a negative image height", func(t *testing.T, p project) []string {
			p.edit(t, "title: Small list", "title: Small list\nimageHeight: -400")
			return nil
		}, 1, `:3:14: front matter: imageHeight is -400, outside the limits of 100 to 4096`, nil},
		{"crash", "the largest image size allowed", func(t *testing.T, p project) []string {
			p.edit(t, "title: Small list", "title: Small list\nimageWidth: 4096\nimageHeight: 100")
			return nil
		}, 0, `^$`, func(t *testing.T, p project) {
			index := readFile(t, filepath.Join(p.out, "index.html"))
			if !strings.Contains(index, `"og:image:width" content="4096"`) || !strings.Contains(index, `"og:image:height" content="100"`) {
				t.Error("the index does not give the image's size")
			}
		}},
		{"hang", "tens of thousands of links on one line", func(t *testing.T, p project) []string {
			p.edit(t, "Nothing here.", strings.Repeat("[x](#404-not-found) ", 20000))
			return nil
		}, 1, `:28:8193: line is 400000 bytes long, over the limit of 8192 bytes, which falls here`, nil},
		{"hang", "more links than the limit, on short lines", func(t *testing.T, p project) []string {
			p.edit(t, "Nothing here.", strings.Repeat("[x](#404-not-found) [y](#410-gone)\n", 3000))
			return nil
		}, 1, `: more than 5000 links, the limit`, nil},
		{"hang", "a list nested thousands deep on one line", func(t *testing.T, p project) []string {
			p.edit(t, "Nothing here.", "Nothing here.\n\n"+strings.Repeat("- ", 4000)+"x")
			return nil
		}, 1, `:30:65: line nests 4000 levels deep, over the limit of 32, which falls here`, nil},
		{"hang", "a list nested by indentation", func(t *testing.T, p project) []string {
			var b strings.Builder
			for i := range 100 {
				b.WriteString(strings.Repeat("  ", i) + "- x\n")
			}
			p.edit(t, "Nothing here.", "Nothing here.\n\n"+b.String())
			return nil
		}, 1, `:62:65: line nests 33 levels deep, over the limit of 32`, nil},
		{"hang", "quotes nested thousands deep", func(t *testing.T, p project) []string {
			p.edit(t, "Nothing here.", "Nothing here.\n\n"+strings.Repeat(">", 5000)+" x")
			return nil
		}, 1, `:30:33: line nests 5000 levels deep`, nil},
		{"hang", "a named pipe as the article", func(t *testing.T, p project) []string {
			mkfifo(t, p.article())
			return nil
		}, 1, `^\S+/http-status-codes\.md: is a named pipe, not a regular file \(hint: the build reads regular files only\)\n$`, nil},
		{"hang", "a named pipe as codes.yaml", func(t *testing.T, p project) []string {
			mkfifo(t, filepath.Join(p.content, "codes.yaml"))
			return nil
		}, 1, `^\S+/codes\.yaml: is a named pipe, not a regular file`, nil},
		{"hang", "a named pipe among the templates", func(t *testing.T, p project) []string {
			mkfifo(t, filepath.Join(p.templates, "partials", "extra.html"))
			return nil
		}, 1, `^\S+/partials/extra\.html: is a named pipe, not a regular file`, nil},
		{"hang", "a named pipe among the assets", func(t *testing.T, p project) []string {
			mkfifo(t, filepath.Join(p.assets, "extra.css"))
			return nil
		}, 1, `^\S+/extra\.css: is a named pipe, not a regular file`, nil},
		{"hang", "an article over the size limit", func(t *testing.T, p project) []string {
			p.edit(t, "Nothing here.", strings.Repeat("Nothing here.\n\n", 80000))
			return nil
		}, 1, `^\S+/http-status-codes\.md:\d+:\d+: file is 1200\d+ bytes, over the limit of 1048576 bytes, which falls here`, nil},
		{"hang", "a template that renders a gigabyte", func(t *testing.T, p project) []string {
			tmpl := filepath.Join(p.templates, "404.html")
			writeFile(t, tmpl, strings.Replace(readFile(t, tmpl), `{{define "main" -}}`, `{{define "main" -}}{{range 100000000}}0123456789{{end}}`, 1))
			return nil
		}, 1, `^\S+/404\.html: renders 404\.html in more than 8388608 bytes, the limit \(hint: [^)]+\)\n$`, nil},
		{"wrong output", "an -out inside the assets", func(t *testing.T, p project) []string {
			return []string{"-out", filepath.Join(p.assets, "public")}
		}, 2, `^-out \S+/public: refusing to write inside the assets directory \S+, which the next build would read back as its input\n$`, nil},
		{"wrong output", "an -out symlinked into the templates", func(t *testing.T, p project) []string {
			link := filepath.Join(t.TempDir(), "public")
			symlink(t, filepath.Join(p.templates, "partials"), link)
			return []string{"-out", link}
		}, 2, `refusing to write inside the templates directory`, nil},
		{"wrong output", "an -out that is a symlink", func(t *testing.T, p project) []string {
			target := filepath.Join(t.TempDir(), "site")
			link := filepath.Join(filepath.Dir(p.out), "link")
			symlink(t, target, link)
			return []string{"-out", link}
		}, 0, `^$`, func(t *testing.T, p project) {
			link := filepath.Join(filepath.Dir(p.out), "link")
			if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
				t.Errorf("-out is no longer a symlink: %v", err)
			}
			if _, err := os.Stat(filepath.Join(link, "codes", "404.html")); err != nil {
				t.Errorf("the link's target lacks the site: %v", err)
			}
		}},
		{"wrong output", "a front matter image outside the output", func(t *testing.T, p project) []string {
			p.edit(t, "title: Small list", "title: Small list\nimage: ../../escaped.png")
			return nil
		}, 1, `:3:8: front matter: image "\.\./\.\./escaped\.png" is not the name of a file inside the assets directory`, nil},
		{"wrong output", "a front matter image spelled with references", func(t *testing.T, p project) []string {
			p.edit(t, "title: Small list", "title: Small list\nimage: '&#46;&#46;/escaped.png'")
			return nil
		}, 1, `front matter: image "\.\./escaped\.png" is not the name`, nil},
		{"wrong output", "a front matter image named like the card of a code", func(t *testing.T, p project) []string {
			p.edit(t, "title: Small list", "title: Small list\nimage: social/404.png")
			return nil
		}, 1, `^\S+/http-status-codes\.md:3:1: front matter: image "social/404\.png" is the name of the card of code 404, which the assets do not hold \(hint: [^)]+\)\n$`, nil},
		{"wrong output", "a fractional image width", func(t *testing.T, p project) []string {
			p.edit(t, "title: Small list", "title: Small list\nimageWidth: 1200.5")
			return nil
		}, 1, `:3:13: front matter: imageWidth: want a whole number, got 1200\.5\n$`, nil},
		{"text", "an asset whose name a URL reads otherwise", func(t *testing.T, p project) []string {
			writeFile(t, filepath.Join(p.assets, "a?b.css"), "p{}")
			return nil
		}, 1, `^\S+/a\?b\.css: the name holds a character that a URL does not carry as it is \(hint: [^)]+\)\n$`, nil},
		{"text", "a reference in a heading", func(t *testing.T, p project) []string {
			p.edit(t, "### 410 Gone", "### 410 Gone &amp; I&#39;m away")
			p.edit(t, "(#410-gone)", "(#410-gone--im-away)")
			return nil
		}, 0, `^$`, func(t *testing.T, p project) {
			if page := readFile(t, filepath.Join(p.out, "codes", "410.html")); !strings.Contains(page, "<title>410 Gone & I'm away · HTTP status codes</title>") {
				t.Errorf("the title is not what a browser reads:\n%.400s", page)
			}
			if index := readFile(t, filepath.Join(p.out, "index.html")); !strings.Contains(index, "id=410-gone--im-away") {
				t.Error("the anchor is not made from the decoded heading")
			}
		}},
		{"text", "a script link spelled with references", func(t *testing.T, p project) []string {
			p.edit(t, "Nothing here.", "Nothing [here](javascript&#58;alert(1)) or [there](&#x6A;avascript:alert(2)).")
			return nil
		}, 0, `^(warning: \S+:28:\d+: link with a script or data URL removed; its text is kept \(hint: use an http or https URL\)\n){2}$`, func(t *testing.T, p project) {
			page := readFile(t, filepath.Join(p.out, "codes", "404.html"))
			if !strings.Contains(page, "Nothing here or there.") || strings.Contains(page, "<a href>") {
				t.Errorf("the links are not removed with their text kept:\n%s", page)
			}
		}},
		{"text", "a reference in the front matter", func(t *testing.T, p project) []string {
			p.edit(t, "title: Small list", "title: Tom &amp; Jerry&#39;s list")
			return nil
		}, 0, `^$`, func(t *testing.T, p project) {
			if index := readFile(t, filepath.Join(p.out, "index.html")); !strings.Contains(index, "<h1>Tom & Jerry's list</h1>") {
				t.Error("the title is not decoded once")
			}
		}},
		{"unclear message", "no base.html", func(t *testing.T, p project) []string {
			os.Remove(filepath.Join(p.templates, "base.html"))
			return nil
		}, 1, `^\S+/base\.html: no such file \(hint: every templates directory needs base\.html, the layout that defines "base"\)\n$`, nil},
		{"unclear message", "a style.css symlinked from outside", func(t *testing.T, p project) []string {
			outside := filepath.Join(t.TempDir(), "style.css")
			os.Rename(filepath.Join(p.assets, "style.css"), outside)
			symlink(t, outside, filepath.Join(p.assets, "style.css"))
			return nil
		}, 1, `^\S+/style\.css: is reached through a symlink that leads outside \S+ or is absolute \(hint: [^)]+\)\n$`, nil},
		{"unclear message", "a style.css symlinked from inside", func(t *testing.T, p project) []string {
			os.Mkdir(filepath.Join(p.assets, "css"), 0o755)
			os.Rename(filepath.Join(p.assets, "style.css"), filepath.Join(p.assets, "css", "real.css"))
			symlink(t, filepath.Join("css", "real.css"), filepath.Join(p.assets, "style.css"))
			return nil
		}, 0, `^$`, func(t *testing.T, p project) {
			if css, _ := filepath.Glob(filepath.Join(p.out, "assets", "style.*.css")); len(css) != 1 {
				t.Errorf("no style.css among the assets: %v", css)
			}
		}},
		{"unclear message", "a symlink to a directory among the assets", func(t *testing.T, p project) []string {
			os.Mkdir(filepath.Join(p.assets, "img"), 0o755)
			symlink(t, "img", filepath.Join(p.assets, "images"))
			return nil
		}, 1, `^\S+/images: is a symlink to a directory, which the build does not follow \(hint: [^)]+\)\n$`, nil},
		{"unclear message", "a front matter image that is no image", func(t *testing.T, p project) []string {
			writeFile(t, filepath.Join(p.assets, "cover.png"), "not a PNG")
			p.edit(t, "title: Small list", "title: Small list\nimage: cover.png")
			return nil
		}, 1, `^\S+/http-status-codes\.md:3:1: front matter: image "cover\.png" names a file of the assets that is no PNG or JPEG image: image: unknown format\n$`, nil},
		{"unclear message", "a script that breaks the minifier", func(t *testing.T, p project) []string {
			writeFile(t, filepath.Join(p.assets, "bad.js"), "let a = 1;\nfunction(\n")
			return nil
		}, 1, `^\S+/bad\.js:2:9: minify: expected Identifier instead of \( in function declaration\n$`, nil},
		{"unclear message", "a symlink to a directory among the templates", func(t *testing.T, p project) []string {
			symlink(t, "partials", filepath.Join(p.templates, "more"))
			return nil
		}, 1, `^\S+/more: is a symlink to a directory, which the build does not follow \(hint: [^)]+\)\n$`, nil},
		{"unclear message", "a front matter key given twice", func(t *testing.T, p project) []string {
			p.edit(t, "title: Small list", "title: First\ntitle: Second")
			return nil
		}, 1, `^\S+/http-status-codes\.md:3:1: front matter: title repeats line 2 \(hint: keep one of the two lines\)\n$`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.class+": "+tt.name, func(t *testing.T) {
			t.Parallel()
			p := smallProject(t)
			before := tree(t, p.out)
			args := append(p.args(), tt.edit(t, p)...)
			var stderr bytes.Buffer
			if code := runWithin(t, args, &stderr); code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			if !regexp.MustCompile(tt.stderr).MatchString(stderr.String()) {
				t.Errorf("stderr does not match %q:\n%.2000s", tt.stderr, stderr.String())
			}
			if tt.code != 0 {
				if diff := cmp.Diff(before, tree(t, p.out)); diff != "" {
					t.Errorf("the failed build changed the output (-before +after):\n%.2000s", diff)
				}
				return
			}
			tt.check(t, p)
		})
	}
}

// smallProject copies the small site of testdata/v1, with the
// repository's templates and assets, and builds it.
func smallProject(t *testing.T) project {
	t.Helper()
	p := project{
		content:   copyDir(t, "testdata/v1"),
		templates: copyDir(t, "../../templates"),
		assets:    copyDir(t, "../../assets"),
		out:       filepath.Join(t.TempDir(), "public"),
	}
	var stderr bytes.Buffer
	if code := runWithin(t, p.args(), &stderr); code != 0 {
		t.Fatalf("first build: exit %d: %s", code, stderr.String())
	}
	return p
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := b.ReadFrom(res.Body); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestHostileServer tries the dev server with what crashed it or made it
// answer wrongly: a save that made the build panic, rules it would send
// as they are, a file over 32 MB and a Range request of 2,000 parts.
func TestHostileServer(t *testing.T) {
	t.Parallel()
	p := smallProject(t)
	toml := filepath.Join(t.TempDir(), "netlify.toml")
	writeFile(t, toml, "[[headers]]\nfor = \"/*\"\n[headers.values]\nX-Test = \"ok\"\n")
	s, err := serve.New(serve.Config{Site: site.Config{Content: p.content, Templates: p.templates, Assets: p.assets, Out: p.out}, Netlify: toml})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	get := func(target string, h http.Header) *http.Response {
		r := httptest.NewRequest("GET", "http://localhost"+target, nil) // the dev server answers loopback names
		if h != nil {
			r.Header = h
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		return w.Result()
	}
	page := readFile(t, filepath.Join(p.out, "codes", "404.html"))

	t.Run("crash: a save of an image width that the card trusted", func(t *testing.T) {
		good := readFile(t, p.article())
		p.edit(t, "title: Small list", "title: Small list\nimageWidth: 100000000")
		if err := s.Rebuild(); err == nil || !strings.Contains(err.Error(), "imageWidth is 100000000, outside the limits") {
			t.Errorf("Rebuild: %v", err)
		}
		if res := get("/codes/404", nil); res.StatusCode != 200 || res.Header.Get("X-Test") != "ok" {
			t.Errorf("after the failed build: status %d", res.StatusCode)
		}
		writeFile(t, p.article(), good)
	})
	t.Run("crash: a status that WriteHeader panics on", func(t *testing.T) {
		writeFile(t, toml, "[[redirects]]\nfrom = \"/x\"\nto = \"/codes/404\"\nstatus = 1000\n")
		if err := s.Rebuild(); err == nil || !strings.Contains(err.Error(), "bad status 1000") {
			t.Errorf("Rebuild: %v", err)
		}
		if res := get("/x", nil); res.StatusCode != 404 {
			t.Errorf("GET /x: status %d, want the not-found page", res.StatusCode)
		}
	})
	t.Run("dev server: a file over 32 MB", func(t *testing.T) {
		const size = 33 << 20
		f, err := os.Create(filepath.Join(p.out, "large.bin"))
		if err != nil {
			t.Fatal(err)
		}
		f.Truncate(size)
		f.Close()
		res := get("/large.bin", nil)
		if res.StatusCode != 200 || res.ContentLength != size {
			t.Errorf("status %d, %d bytes; want 200 and %d", res.StatusCode, res.ContentLength, size)
		}
	})
	t.Run("dev server: a Range request of 2,000 parts", func(t *testing.T) {
		parts := make([]string, 2000)
		for i := range parts {
			parts[i] = strings.Repeat("0", i%3) + "0-0"
		}
		res := get("/codes/404", http.Header{"Range": {"bytes=" + strings.Join(parts, ",")}})
		if b := body(t, res); res.StatusCode != 200 || len(b) > len(page)+len(`<link rel="stylesheet" href="/_dev/overlay.css"><script src="/_dev/reload.js?build=" defer></script>`)+32 {
			t.Errorf("status %d, %d bytes for a page of %d", res.StatusCode, len(b), len(page))
		}
	})
}
