package article

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/httpstatus/site/internal/highlight"
)

// TestVendors parses made-up files of unofficial codes: codes grouped by
// vendor, of any class, one number under several vendors.
func TestVendors(t *testing.T) {
	src := `---
title: Unofficial codes
---

Codes no registry lists.

## nginx

### 499 Client Closed Request

**[nginx: log](https://nginx.example/log)**

Logged when the client goes away first. See 408.

## Example CDN

### 520 Unknown Error

**[CDN: 520](https://cdn.example/520)**

The origin answered with something the CDN cannot read.

### 499 Token Required

**[CDN: 499](https://cdn.example/499)**

A second use of the number.
`
	a, err := NewParser(highlight.New(nil).Extension()).ParseWith("u.md", []byte(src), Options{Vendors: true})
	if err != nil {
		t.Fatal(err)
	}
	type use struct {
		Code         int
		Name, Vendor string
		Class        int
		Note         string
		Line         int
	}
	var got []use
	for _, e := range a.Entries {
		got = append(got, use{e.Code, e.Name, e.Vendor, e.Class.Digit, e.Note.URL, e.Line})
	}
	want := []use{
		{499, "Client Closed Request", "nginx", 4, "https://nginx.example/log", 9},
		{499, "Token Required", "Example CDN", 4, "https://cdn.example/499", 23},
		{520, "Unknown Error", "Example CDN", 5, "https://cdn.example/520", 17},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if len(a.Warnings) > 0 {
		t.Errorf("warnings: %v", a.Warnings)
	}
}

// TestVendorErrors checks the mistakes particular to a file of
// unofficial codes, each at its line and column.
func TestVendorErrors(t *testing.T) {
	const front = "---\ntitle: T\n---\n\n"
	tests := []struct {
		name, src string
		want      []string
	}{
		{"no vendor", front + "### 499 Client Closed Request\n\n**[d](https://d.example)**\n\nx\n",
			[]string{`u.md:5:5: code 499 is not inside a vendor section (hint: put it under a heading that names the vendor, such as "## nginx")`}},
		{"no documentation", front + "## nginx\n\n### 499 Client Closed Request\n\nLogged only.\n",
			[]string{`u.md:7:1: code 499 of nginx has no link to the vendor's documentation (hint: open its section with a bold link such as **[nginx: return](https://nginx.org/en/docs/http/ngx_http_rewrite_module.html#return)**)`}},
		{"repeat", front + "## nginx\n\n### 444 No Response\n\n**[d](https://d.example)**\n\nx\n\n### 444 Again\n\n**[d](https://d.example)**\n\ny\n",
			[]string{`u.md:13:5: code 444 of nginx repeats line 7 (hint: remove one of the two sections)`}},
		{"out of range", front + "## nginx\n\n### 600 Made Up\n\n**[d](https://d.example)**\n\nx\n",
			[]string{`u.md:7:5: code 600 is outside 100-599 (hint: HTTP status codes run from 100 to 599)`}},
		{"none", front + "## nginx\n\nNothing yet.\n",
			[]string{`u.md:1:1: no code sections found (hint: add sections such as "### 499 Client Closed Request" under "## nginx")`}},
	}
	p := NewParser(highlight.New(nil).Extension())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.ParseWith("u.md", []byte(tt.src), Options{Vendors: true})
			if diff := cmp.Diff(tt.want, messages(err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}
