package serve

import (
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"

	"github.com/httpstatus/site/internal/netlify"
)

// devPrefix is the path reserved for the dev server's own files and
// events; the site has nothing under it.
const devPrefix = "/_dev/"

// notFoundPage is the page Netlify serves, with status 404, for any path
// that leads to no file.
const notFoundPage = "404.html"

// netlifyCacheControl is what Netlify sends when no header rule sets
// Cache-Control: every browser revalidates every file on every visit.
const netlifyCacheControl = "public, max-age=0, must-revalidate"

// response is what a request resolves to: a file to send with a status,
// or a redirect.
type response struct {
	status   int
	location string // for a redirect
	file     *entry // for anything else; nil when even 404.html is missing
}

// ServeHTTP serves the site as Netlify would, and the dev server's own
// files under /_dev/.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, devPrefix) {
		s.serveDev(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	res, rules := s.resolve(r)
	defer res.file.close()
	h := w.Header()
	for k, v := range rules.Header(r.URL.EscapedPath()) {
		h[k] = v
	}
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", netlifyCacheControl)
	}
	switch {
	case res.location != "":
		h.Set("Location", res.location)
		w.WriteHeader(res.status)
	case res.file == nil:
		http.Error(w, "404 page not found (the output directory has no "+notFoundPage+")", http.StatusNotFound)
	default:
		res.file.serve(w, r, res.status)
	}
}

// resolve returns the response to r and the rules it was resolved by,
// holding mu for reading so that no rebuild swaps the output meanwhile.
func (s *Server) resolve(r *http.Request) (response, *netlify.Rules) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	rules := s.rules
	root, err := os.OpenRoot(s.cfg.Site.Out)
	if err != nil {
		return response{status: http.StatusNotFound}, rules
	}
	defer root.Close()
	d := &dir{root: root, gen: s.gen}
	if s.cfg.Static {
		d.gen = ""
	}

	name, ok := sitePath(r.URL)
	if !ok {
		return d.notFound(), rules
	}
	found := d.lookup(name)
	if rd, to, ok := rules.Redirect(r.URL.EscapedPath(), found.name != "" || found.location != ""); ok {
		return d.apply(rd, to, r.URL.RawQuery), rules
	}
	switch {
	case found.location != "":
		return response{status: http.StatusMovedPermanently, location: withQuery(found.location, r.URL.RawQuery)}, rules
	case found.name != "":
		if e, err := d.load(found.name); err == nil {
			return response{status: http.StatusOK, file: e}, rules
		}
	}
	return d.notFound(), rules
}

// dir is the output directory during one request.
type dir struct {
	root *os.Root // confines every open to the output directory, symlinks included
	gen  string
}

// apply returns the response of a matching redirect rule: a redirect,
// or the target served in place of the path with the rule's status.
func (d *dir) apply(rd *netlify.Redirect, to, query string) response {
	if rd.IsRedirect() {
		return response{status: rd.Status, location: withQuery(to, query)}
	}
	target, _, _ := strings.Cut(to, "?")
	name, ok := cleanPath(target)
	if !ok || !strings.HasPrefix(to, "/") {
		// A rewrite to another site is a proxy, which a static dev server
		// does not do.
		return d.notFound()
	}
	if f := d.lookup(name); f.name != "" {
		if e, err := d.load(f.name); err == nil {
			return response{status: rd.Status, file: e}
		}
	}
	return d.notFound()
}

// notFound returns the site's 404.html with status 404.
func (d *dir) notFound() response {
	e, err := d.load(notFoundPage)
	if err != nil {
		return response{status: http.StatusNotFound}
	}
	return response{status: http.StatusNotFound, file: e}
}

// load returns the file name of the output directory.
func (d *dir) load(name string) (*entry, error) { return load(d.root, name, d.gen) }

// found is where a path leads among the files: a file's name, a redirect
// that adds or removes a trailing slash, or, with both empty, nowhere.
type found struct {
	name     string
	location string
}

// lookup resolves a path, given without its leading slash, the way
// Netlify does for this site's files:
//
//	""  and  "dir/"          dir/index.html
//	"codes/404"              codes/404 if it is a file, else codes/404.html
//	"codes/404/"             redirect to /codes/404 if codes/404.html exists
//	"dir"                    redirect to /dir/ if dir/index.html exists
func (d *dir) lookup(name string) found {
	if name == "" || strings.HasSuffix(name, "/") {
		base := strings.TrimSuffix(name, "/")
		if d.isFile(path.Join(base, "index.html")) {
			return found{name: path.Join(base, "index.html")}
		}
		if base != "" && d.isFile(base+".html") {
			return found{location: "/" + base}
		}
		return found{}
	}
	if d.isDir(name) && d.isFile(name+"/index.html") {
		return found{location: "/" + name + "/"}
	}
	if d.isFile(name) {
		return found{name: name}
	}
	if d.isFile(name + ".html") {
		return found{name: name + ".html"}
	}
	return found{}
}

// isFile reports whether name is a regular file inside the output
// directory. A symlink that leads out of it is not.
func (d *dir) isFile(name string) bool {
	fi, err := d.root.Stat(name)
	return err == nil && fi.Mode().IsRegular()
}

func (d *dir) isDir(name string) bool {
	fi, err := d.root.Stat(name)
	return err == nil && fi.IsDir()
}

// sitePath returns the path of u without its leading slash, or false
// for a path that could address something outside the site or that no
// file name matches: a "." or ".." segment, spelled out or
// percent-encoded, an encoded slash or backslash, or a NUL byte.
func sitePath(u *url.URL) (string, bool) {
	esc := strings.ToLower(u.EscapedPath())
	for _, bad := range []string{"%2f", "%5c", "%00"} {
		if strings.Contains(esc, bad) {
			return "", false
		}
	}
	return cleanPath(u.Path)
}

// cleanPath returns the decoded path p without its leading slash, or
// false unless every segment of p is a plain name; only the last may be
// empty, for a trailing slash.
func cleanPath(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	name := p[1:]
	segs := strings.Split(name, "/")
	for i, seg := range segs {
		if seg == "." || seg == ".." || (seg == "" && i < len(segs)-1) {
			return "", false
		}
	}
	return name, true
}

// withQuery returns loc with the request's query appended, as Netlify
// passes it on, unless loc has a query of its own.
func withQuery(loc, query string) string {
	if query == "" || strings.Contains(loc, "?") {
		return loc
	}
	return loc + "?" + query
}
