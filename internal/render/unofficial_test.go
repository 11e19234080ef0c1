package render

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/highlight"
)

// unofficialSource is a made-up file of unofficial codes: one code of one
// vendor, one number of two vendors, and a vendor's use of a registered
// number.
const unofficialSource = `---
title: Unofficial codes
---

Codes no registry lists.

## nginx

### 499 Client Closed Request

**[nginx: log](https://nginx.example/log)**

Logged when the client goes away first.

## Example CDN

### 499 Token Required

**[CDN: 499](https://cdn.example/499)**

The CDN's own use of the number.

## Microsoft IIS

### 451 Redirect

**[IIS: 451](https://iis.example/451)**

Sent to an Exchange client to point it elsewhere.
`

// TestUnofficial renders the site of the real article with a made-up
// file of unofficial codes and checks where the codes show.
func TestUnofficial(t *testing.T) {
	r, a, s := setup(t, "../../content/http-status-codes.md")
	u, err := article.NewParser(highlight.New(nil).Extension()).ParseWith("u.md", []byte(unofficialSource), article.Options{Vendors: true})
	if err != nil {
		t.Fatal(err)
	}
	s.Unofficial = u
	s.Images[CardName(499)] = Image{URL: "/assets/social/499.test.png", Width: 1200, Height: 630}
	pages, err := r.Pages(a, s)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]string{}
	for _, p := range pages {
		byPath[p.Path] = string(p.Body)
	}
	checks := []struct{ path, want string }{
		{"codes/499.html", `<h1><span class="code">499</span> Client Closed Request <span class="unofficial">Unofficial, nginx, Example CDN</span></h1>`},
		{"codes/499.html", `<title>499 Client Closed Request · Unofficial, nginx, Example CDN · HTTP status codes</title>`},
		{"codes/499.html", `takes it for <a href="/codes/400">400 Bad Request</a>`},
		{"codes/499.html", `<h2 id="499-token-required">Example CDN: 499 Token Required</h2>`},
		{"codes/451.html", `<h2 id="other-uses">Other uses of 451</h2>`},
		{"index.html", `<h2 id="unofficial-codes">Unofficial codes</h2>`},
		{"index.html", `data-code="499" data-class="4xx">
<h4 id="unofficial-499-client-closed-request"><a href="/codes/499">499 Client Closed Request</a> <span class="unofficial">Unofficial, nginx</span></h4>`},
		{"index.html", `<a href="#unofficial-codes">unofficial codes</a>`},
		{"404.html", `and for 1 code that vendors use`},
	}
	for _, c := range checks {
		if !strings.Contains(byPath[c.path], c.want) {
			t.Errorf("%s lacks %q", c.path, c.want)
		}
	}
	// The registered meaning of 451 comes first, the vendor's use after.
	p := byPath["codes/451.html"]
	if i, j := strings.Index(p, `id="specification"`), strings.Index(p, "451 Redirect"); i < 0 || j < i {
		t.Errorf("451: the vendor's use at %d, the registered meaning at %d", j, i)
	}
	// The index links the unofficial codes from the article's section on
	// codes of one's own, which comes before them.
	idx := byPath["index.html"]
	if i, j := strings.Index(idx, `id="`+unofficialFrom+`"`), strings.Index(idx, `href="#unofficial-codes"`); i < 0 || j < i {
		t.Errorf("index: link to the unofficial codes at %d, the section on custom codes at %d", j, i)
	}
	api, err := API(a, s)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]APICode{}
	for _, p := range api {
		var c APICode
		if p.Path != "codes.json" && p.Path != APINotFoundPath && strings.HasPrefix(p.Path, "codes/") {
			if err := json.Unmarshal(p.Body, &c); err != nil {
				t.Fatal(err)
			}
			got[c.Code] = c
		}
	}
	if c := got[499]; c.Official || !cmp.Equal(c.Vendors, []string{"nginx", "Example CDN"}) || c.Name != "Client Closed Request" || c.URL != "https://example.test/codes/499" {
		t.Errorf("499 in the API: %+v", c)
	}
	if c := got[451]; !c.Official || !cmp.Equal(c.Vendors, []string{"Microsoft IIS"}) {
		t.Errorf("451 in the API: %+v", c)
	}
	if c := got[404]; !c.Official || len(c.Vendors) != 0 {
		t.Errorf("404 in the API: %+v", c)
	}
}
