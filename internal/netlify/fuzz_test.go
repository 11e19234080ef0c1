package netlify

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/httpstatus/site/internal/diag"
	"github.com/httpstatus/site/internal/timebound"
)

// paths are requests the fuzz targets match the rules they accept with.
var paths = []string{"/", "/404", "/codes/404", "/codes/404.html", "/a/b/c", "/%2e%2e/x", "//x", "/" + strings.Repeat("long/", 2000)}

// FuzzParseRedirects feeds arbitrary bytes to the parser of _redirects:
// it must never panic, nor take longer than timebound.PerInput; every
// error must be a *diag.Error naming the file; and every rule it accepts
// must send a status a server can send, read back the same from its
// String, and match paths only to targets within MaxTargetLength.
func FuzzParseRedirects(f *testing.F) {
	src, err := os.ReadFile("../../public/" + RedirectsFile)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(src)
	for _, s := range []string{
		"# comment\n/404 /codes/404 301!\n\n/old/*   /new/:splat\n/go https://go.dev/ 302\n/c/:code /codes/:code 200\n",
		"/a /b 3xx\n/a /b 301 Country=us\n/store id=:id /blog/:id\n",
		"/:a/:b /:b/:a/:a:a:a:a:a:a 200\n/* /:splat:splat:splat 301!\n",
		"https://old.test/* /:splat\n/a b\n/a/*.html /b\n/a/: /b\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		var rules []*Redirect
		var err error
		if err := timebound.Run(timebound.PerInput, func() { rules, err = ParseRedirects(RedirectsFile, src) }); err != nil {
			t.Fatalf("parse: %v", err)
		}
		if err != nil {
			var e *diag.Error
			if !errors.As(err, &e) || e.Path != RedirectsFile || e.Msg == "" {
				t.Fatalf("error is not a *diag.Error at the file: %v", err)
			}
			return
		}
		for _, r := range rules {
			checkRule(t, r)
			again, err := ParseRedirects(RedirectsFile, []byte(r.String()))
			if err != nil || len(again) != 1 || again[0].String() != r.String() {
				t.Errorf("%q reads back as %v, %v", r.String(), again, err)
			}
		}
	})
}

// FuzzParseConfig feeds arbitrary bytes to the parser of netlify.toml:
// it must never panic, nor take longer than timebound.PerInput; every
// error must be a *diag.Error naming the file; and every rule it accepts
// must be one a response can carry.
func FuzzParseConfig(f *testing.F) {
	src, err := os.ReadFile("../../" + ConfigFile)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(src)
	for _, s := range []string{
		"[build]\n  command = \"go run ./cmd/build\"\n[[headers]]\n  for = \"/*\"\n  [headers.values]\n    X = \"a\"\n    Y = '''\n    b,\n    c'''\n    Z = [\"d\", \"e\"]\n",
		"[[redirects]]\nfrom = \"/x/:a\"\nto = \"/y/:a\"\nstatus = 200\nforce = true\n",
		"[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\nstatus = 99999\nconditions = {Country = [\"US\"]}\n",
		"a.b.c.d = 1\nx = {y = {z = [1.5, [2, [3]]]}}\n\"q.r\" = 's.t'\n[[headers]]\nfor = \"/\"\n[headers.values]\n\"X: y\" = \"z\\r\\n\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		var c *Config
		var err error
		if err := timebound.Run(timebound.PerInput, func() { c, err = ParseConfig(ConfigFile, src) }); err != nil {
			t.Fatalf("parse: %v", err)
		}
		if err != nil {
			var e *diag.Error
			if !errors.As(err, &e) || e.Path != ConfigFile || e.Msg == "" {
				t.Fatalf("error is not a *diag.Error at the file: %v", err)
			}
			return
		}
		for _, r := range c.Redirects {
			checkRule(t, r)
		}
		rules := NewRules(nil, c)
		for _, p := range paths {
			for k, vs := range rules.Header(p) {
				if !isToken(k) || strings.ContainsAny(strings.Join(vs, ""), "\r\n\x00") {
					t.Errorf("%s: header %q: %q", p, k, vs)
				}
			}
		}
	})
}

// checkRule fails the test unless r sends a status a server can send and
// matches paths only to targets within MaxTargetLength, free of line
// breaks.
func checkRule(t *testing.T, r *Redirect) {
	t.Helper()
	if r.Status < 200 || r.Status > 599 {
		t.Errorf("%q: status %d", r.String(), r.Status)
	}
	for _, p := range paths {
		if to, ok := r.Match(p); ok && (len(to) > MaxTargetLength || strings.ContainsAny(to, "\r\n\x00")) {
			t.Errorf("%q matches %.50q to %.100q", r.String(), p, to)
		}
	}
}
