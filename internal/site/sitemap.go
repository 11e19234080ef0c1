package site

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
)

// sitemap returns sitemap.xml, listing the absolute URL of every HTML
// page among files except the not-found page, which has no URL of its own.
func sitemap(files []File, baseURL string) File {
	var urls []string
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".html") && f.Path != "404.html" {
			urls = append(urls, baseURL+PageURL(f.Path))
		}
	}
	sort.Strings(urls)
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, u := range urls {
		b.WriteString("<url><loc>")
		xml.EscapeText(&b, []byte(u))
		b.WriteString("</loc></url>\n")
	}
	b.WriteString("</urlset>\n")
	return File{Path: "sitemap.xml", Data: b.Bytes()}
}

// PageURL returns the URL path that serves the HTML file at path, the way
// Netlify serves it: "codes/404.html" at "/codes/404", "index.html" at "/".
func PageURL(path string) string {
	if path == "index.html" || strings.HasSuffix(path, "/index.html") {
		return "/" + strings.TrimSuffix(path, "index.html")
	}
	return "/" + strings.TrimSuffix(path, ".html")
}

// robots returns robots.txt, which lets every crawler in and names the sitemap.
func robots(baseURL string) File {
	return File{Path: "robots.txt", Data: fmt.Appendf(nil, "User-agent: *\nAllow: /\n\nSitemap: %s/sitemap.xml\n", baseURL)}
}
