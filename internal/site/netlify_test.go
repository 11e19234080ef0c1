package site

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/httpstatus/site/internal/netlify"
	"github.com/httpstatus/site/internal/render"
)

// TestRedirects reads the _redirects file a build writes with the same
// parser the dev server uses, and checks that every code has its two
// redirects and the list of codes its one, that each target is a page of
// the site, that no target is the source of a rule, so that nothing
// chains or loops, and that the JSON of every other three-digit number
// answers 404 with the API's not-found body.
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
	have := map[string]bool{}
	for p := range files {
		have[p] = true
	}
	var redirects, notFound []*netlify.Redirect
	for _, rd := range rules {
		if rd.Status == 404 {
			notFound = append(notFound, rd)
		} else {
			redirects = append(redirects, rd)
		}
	}
	if len(redirects) != 2*r.Codes+1 {
		t.Errorf("%d redirects for %d codes, want two each and one for the list", len(redirects), r.Codes)
	}
	if len(notFound) != 900-r.Codes {
		t.Errorf("%d 404 rules, want one for each of the %d numbers from 100 to 999 that are no code", len(notFound), 900-r.Codes)
	}
	for _, rd := range notFound {
		code, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(rd.From, "/codes/"), ".json"))
		if err != nil || code < 100 || code > 999 || have[render.APIPath(code)] {
			t.Errorf("%s: %s is not the JSON of a number that is no code", rd.Source, rd)
		}
		if rd.To != "/"+render.APINotFoundPath || rd.Force || !have[render.APINotFoundPath] {
			t.Errorf("%s: %s does not answer with %s", rd.Source, rd, render.APINotFoundPath)
		}
	}
	from := map[string]string{}
	for _, rd := range redirects {
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
	if from["/codes.html"] != "/codes" {
		t.Errorf("/codes.html leads to %q, want /codes", from["/codes.html"])
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
