package netlify

import (
	"regexp"
	"strings"
)

// assetExt matches the names that Netlify's tools look up as written
// only, never with ".html" or "/index.html" added.
var assetExt = regexp.MustCompile(`\.(html?|png|jpg|js|css|svg|gif|ico|woff|woff2)$`)

// StaticNames returns the files that may serve a path, given decoded and
// without its leading slash, in the order Netlify's local tools try
// them; the first that is a file serves it:
//
//	""            index.html, index.htm
//	"dir/"        dir, dir.html, dir.htm, dir/index.html, dir/index.htm
//	"codes/404"   codes/404, codes/404.html, codes/404.htm,
//	              codes/404/index.html, codes/404/index.htm
//	"style.css"   style.css alone, as any name with an asset's extension
//
// So "/codes/404/" is served from codes/404.html, as "/codes/404" is. A
// path with a trailing slash is tried first as the file without it,
// since the tools resolve the path as a file name, which drops it.
func StaticNames(name string) []string {
	base, slash := strings.CutSuffix(name, "/")
	switch {
	case name == "":
		return []string{"index.html", "index.htm"}
	case slash:
		return []string{base, base + ".html", base + ".htm", name + "index.html", name + "index.htm"}
	case assetExt.MatchString(name):
		return []string{name}
	}
	return []string{name, name + ".html", name + ".htm", name + "/index.html", name + "/index.htm"}
}
