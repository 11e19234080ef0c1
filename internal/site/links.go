package site

import (
	"fmt"
	"strings"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/diag"
)

// deadLinks returns a warning for each root-relative link of the article
// that leads to no file of the site, such as a link to a page of the blog
// the article was first published on.
func deadLinks(a *article.Article, files []File) []*diag.Error {
	have := make(map[string]bool, len(files))
	for _, f := range files {
		have[f.Path] = true
	}
	var warns []*diag.Error
	for _, l := range a.Links {
		if !strings.HasPrefix(l.Dest, "/") || strings.HasPrefix(l.Dest, "//") {
			continue
		}
		if !servesPath(have, l.Dest) {
			warns = append(warns, &diag.Error{Path: a.Path, Line: l.Line, Col: l.Col,
				Msg:  fmt.Sprintf("link to %s leads to no page of this site", l.Dest),
				Hint: "link to an absolute URL, or pass -origin with the address of the site the page belongs to"})
		}
	}
	return warns
}

// servesPath reports whether a root-relative URL leads to one of the
// files, the way Netlify resolves it: "/codes/404" is "codes/404.html",
// "/" and "/dir/" are their index.html.
func servesPath(have map[string]bool, url string) bool {
	p, _, _ := strings.Cut(url, "#")
	p, _, _ = strings.Cut(p, "?")
	p = strings.TrimPrefix(p, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return have[p+"index.html"]
	}
	return have[p] || have[p+".html"] || have[p+"/index.html"]
}

// local reports whether a root-relative URL path is one this site can
// serve: the index, code pages and their data, assets and root files.
func local(url string) bool {
	p, _, _ := strings.Cut(url, "#")
	p, _, _ = strings.Cut(p, "?")
	if p == "/" || strings.HasPrefix(p, "/codes/") || strings.HasPrefix(p, "/"+AssetsDir+"/") {
		return true
	}
	return !strings.Contains(strings.TrimPrefix(p, "/"), "/")
}
