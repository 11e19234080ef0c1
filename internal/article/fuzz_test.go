package article

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/httpstatus/site/internal/diag"
	"github.com/httpstatus/site/internal/highlight"
	"github.com/httpstatus/site/internal/timebound"
)

// anchorPattern is what every anchor goldmark makes looks like.
var anchorPattern = regexp.MustCompile(`^[a-z0-9_-]+$`)

// FuzzParse feeds arbitrary bytes to the parser, as the article or the
// unofficial codes file, which the same parser reads: it must never
// panic, nor take longer than timebound.PerInput; every error must carry
// a position; and every article it accepts must hold consistent entries,
// anchors that are slugs, no link that could run script, and front
// matter within its limits.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/bad/*.md")
	seeds = append(seeds, realArticle, "../../content/unofficial-codes.md", "../../cmd/build/testdata/v1/http-status-codes.md", "../../cmd/build/testdata/xss/http-status-codes.md")
	for _, s := range seeds {
		src, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, s := range []string{
		withFront("title: I&#39;m", "title: twice", "imageWidth: 4097", "image: ../x.png"),
		articleWith("### 418 I&#39;m &amp; [x](javascript&#58;alert(1)) ![y](&#x6A;avascript:z) <javascript:q>"),
		articleWith(strings.Repeat("- ", MaxDepth) + "x\n" + strings.Repeat("> ", MaxDepth) + "y\n" + strings.Repeat("1. ", 33)),
		articleWith(strings.Repeat("[a](#404-not-found) ", 200) + "\n[r]: /x\n" + strings.Repeat("[r]\n", 100)),
		articleWith("```\n" + strings.Repeat(" ", 80) + "- deep\n```\n\n- - -\n***\n"),
	} {
		f.Add([]byte(s))
	}
	p := NewParser(highlight.New(nil).Extension())
	f.Fuzz(func(t *testing.T, src []byte) {
		// Each input is read both as an article and as a file of
		// unofficial codes, by vendor.
		for _, opts := range []Options{{}, {Vendors: true}} {
			checkParse(t, p, src, opts)
		}
	})
}

// checkParse parses src with opts within the time bound and checks what
// any parse must give: a list of placed problems, or an article within
// the limits whose entries are consistent and whose HTML runs no script.
func checkParse(t *testing.T, p *Parser, src []byte, opts Options) {
	t.Helper()
	var a *Article
	var err error
	if err := timebound.Run(timebound.PerInput, func() { a, err = p.ParseWith("f.md", src, opts) }); err != nil {
		t.Fatalf("parse (vendors %v): %v", opts.Vendors, err)
	}
	if err != nil {
		var list diag.List
		if !errors.As(err, &list) || len(list) == 0 || len(list) > MaxErrors {
			t.Fatalf("error is not a diag.List of 1 to %d problems: %v", MaxErrors, err)
		}
		for _, e := range list {
			if e.Path != "f.md" || e.Line < 1 || e.Col < 1 {
				t.Errorf("error without a position: %q", e.Error())
			}
		}
		return
	}
	if len(src) > MaxSize || len(a.Links) > MaxLinks || len(a.Entries) == 0 || len(a.Entries) > MaxCodes {
		t.Fatalf("accepted %d bytes with %d links and %d entries", len(src), len(a.Links), len(a.Entries))
	}
	for i, e := range a.Entries {
		if e.Code < 100 || e.Code > 599 || e.Class == nil || e.Class.Digit != e.Code/100 {
			t.Errorf("inconsistent entry %+v", e)
		}
		if i > 0 && (a.Entries[i-1].Code > e.Code || a.Entries[i-1].Code == e.Code && (!opts.Vendors || a.Entries[i-1].Vendor == e.Vendor)) {
			t.Errorf("entries out of order, or repeated, at %d", e.Code)
		}
		if opts.Vendors && (e.Vendor == "" || e.Note == nil) {
			t.Errorf("%d of vendor %q, with the note %v", e.Code, e.Vendor, e.Note)
		}
		if e.Description == "" {
			t.Errorf("%d has no description", e.Code)
		}
		if !anchorPattern.MatchString(e.Anchor) {
			t.Errorf("%d has the anchor %q", e.Code, e.Anchor)
		}
	}
	htmls := []string{string(a.Intro)}
	for _, s := range a.Sections {
		htmls = append(htmls, string(s.HTML))
	}
	for _, e := range a.Entries {
		htmls = append(htmls, string(e.Description))
	}
	for _, h := range htmls {
		h = strings.ToLower(h)
		for _, bad := range []string{`href="javascript:`, `href="vbscript:`, `href="data:`, `src="javascript:`, "<script"} {
			if strings.Contains(h, bad) {
				t.Errorf("the HTML holds %s: %.200s", bad, h)
			}
		}
	}
	fm := a.Front
	if fm.Image != "" && !IsAssetName(fm.Image) {
		t.Errorf("image %q accepted", fm.Image)
	}
	for _, v := range []int{fm.ImageWidth, fm.ImageHeight} {
		if v != 0 && (v < MinImageHeight || v > MaxImageSide) {
			t.Errorf("image size %d accepted", v)
		}
	}
	for _, w := range a.Warnings {
		if w.Line < 1 || w.Col < 1 {
			t.Errorf("warning without a position: %q", w.Error())
		}
	}
}
