package site

import (
	"fmt"
	"strings"
	"testing"

	"github.com/httpstatus/site/internal/netlify"
)

// TestRedirects reads the _redirects file a build writes with the same
// parser the dev server uses, and checks that every code has its two
// rules, that each target is a page of the site, and that no target is
// the source of a rule, so that nothing chains or loops.
func TestRedirects(t *testing.T) {
	t.Parallel()
	cfg, r := builtRepository(t)
	files := readTree(t, cfg.Out)
	data, ok := files[netlify.RedirectsFile]
	if !ok {
		t.Fatalf("no %s in the output", netlify.RedirectsFile)
	}
	rules, err := netlify.ParseRedirects(netlify.RedirectsFile, data)
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 2*r.Codes {
		t.Errorf("%d rules for %d codes, want two each", len(rules), r.Codes)
	}
	have := map[string]bool{}
	for p := range files {
		have[p] = true
	}
	from := map[string]string{}
	for _, rd := range rules {
		from[rd.From] = rd.To
		if !servesPath(have, rd.To) {
			t.Errorf("%s: target %s is no page of the site", rd.Source, rd.To)
		}
		if rd.Status != 301 || !rd.Force {
			t.Errorf("%s: %s is not a forced 301", rd.Source, rd)
		}
		all := netlify.NewRules(rules, nil)
		if next, to, ok := all.Redirect(rd.To, true); ok {
			t.Errorf("%s: target %s is itself redirected to %s by %s", rd.Source, rd.To, to, next.Source)
		}
	}
	for _, code := range []int{100, 404, 418, 511} {
		want := fmt.Sprintf("/codes/%d", code)
		for _, src := range []string{fmt.Sprintf("/%d", code), want + ".html"} {
			if from[src] != want {
				t.Errorf("%s leads to %q, want %s", src, from[src], want)
			}
		}
	}
	if !strings.HasPrefix(string(data), "# ") {
		t.Errorf("%s does not open with a comment", netlify.RedirectsFile)
	}
}
