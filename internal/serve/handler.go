package serve

import (
	"net/http"
	"net/url"
	"os"
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
	rulePath string // the path whose header rules apply: the request's, or a rewrite's target
}

// ServeHTTP serves the site as Netlify would, and the dev server's own
// files under /_dev/, to requests whose Host is allowed (see hostAllowed).
//
// A redirect is sent with its Location alone, as Netlify's local tools
// send it: header rules apply to files. A file gets the headers of every
// rule that matches its path, and Netlify's default Cache-Control when
// no rule sets one. A not-found page, or any other error, gets the
// rules' headers, but always the default Cache-Control: a rule's is
// written for the files at its paths, and sent with a 404 the year-long
// immutable of /assets/* would keep a missing asset missing in browsers
// long after the deploy that adds it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !hostAllowed(r.Host, s.cfg.Addr) {
		refuseHost(w, r)
		return
	}
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
	if res.location != "" {
		h.Set("Location", res.location)
		w.WriteHeader(res.status)
		return
	}
	for k, v := range rules.Header(res.rulePath) {
		h[k] = v
	}
	if res.status >= 400 || h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", netlifyCacheControl)
	}
	if res.file == nil {
		http.Error(w, "404 page not found (the output directory has no "+notFoundPage+")", http.StatusNotFound)
		return
	}
	res.file.serve(w, r, res.status)
}

// resolve returns the response to r and the rules it was resolved by,
// holding mu for reading so that no rebuild swaps the output meanwhile.
//
// Like Netlify's tools, it first removes the dot segments of the path as
// a browser does, then matches the redirect rules against the decoded
// path, and looks files up by it unless it could name something no file
// of the site is (see sitePath).
func (s *Server) resolve(r *http.Request) (response, *netlify.Rules) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	rules := s.rules
	escaped := removeDots(r.URL.EscapedPath())
	decoded, err := url.PathUnescape(escaped)
	if err != nil {
		decoded = escaped
	}
	root, err := os.OpenRoot(s.cfg.Site.Out)
	if err != nil {
		return response{status: http.StatusNotFound, rulePath: escaped}, rules
	}
	defer root.Close()
	d := &dir{root: root, gen: s.gen}
	if s.cfg.Static {
		d.gen = ""
	}

	name, ok := sitePath(escaped, decoded)
	found := ""
	if ok {
		found = d.lookup(name)
	}
	if rd, to, matched := rules.Redirect(decoded, found != ""); matched {
		return d.apply(rd, to, r.URL.RawQuery), rules
	}
	if found != "" {
		if e, err := d.load(found); err == nil {
			return response{status: http.StatusOK, file: e, rulePath: escaped}, rules
		}
	}
	return d.notFound(escaped), rules
}

// dir is the output directory during one request.
type dir struct {
	root *os.Root // confines every open to the output directory, symlinks included
	gen  string
}

// apply returns the response of a matching redirect rule: a redirect,
// or the target served in place of the path with the rule's status and
// the headers of the target's rules, as Netlify's tools serve it.
func (d *dir) apply(rd *netlify.Redirect, to, query string) response {
	if rd.IsRedirect() {
		return response{status: rd.Status, location: withQuery(to, query)}
	}
	target, _, _ := strings.Cut(to, "?")
	name, ok := cleanPath(target)
	if !ok || !strings.HasPrefix(to, "/") {
		// A rewrite to another site is a proxy, which a static dev server
		// does not do.
		return d.notFound(target)
	}
	if f := d.lookup(name); f != "" {
		if e, err := d.load(f); err == nil {
			return response{status: rd.Status, file: e, rulePath: (&url.URL{Path: target}).EscapedPath()}
		}
	}
	return d.notFound(target)
}

// notFound returns the site's 404.html with status 404, for the path
// whose header rules apply.
func (d *dir) notFound(rulePath string) response {
	e, err := d.load(notFoundPage)
	if err != nil {
		return response{status: http.StatusNotFound, rulePath: rulePath}
	}
	return response{status: http.StatusNotFound, file: e, rulePath: rulePath}
}

// load returns the file name of the output directory.
func (d *dir) load(name string) (*entry, error) { return load(d.root, name, d.gen) }

// lookup returns the file that serves a path, given decoded and without
// its leading slash, or "" for none: the first regular file among the
// names Netlify's tools try (see netlify.StaticNames).
func (d *dir) lookup(name string) string {
	for _, n := range netlify.StaticNames(name) {
		if d.isFile(n) {
			return n
		}
	}
	return ""
}

// isFile reports whether name is a regular file inside the output
// directory. A symlink that leads out of it is not.
func (d *dir) isFile(name string) bool {
	fi, err := d.root.Stat(name)
	return err == nil && fi.Mode().IsRegular()
}

// removeDots returns the escaped path p without its dot segments, removed
// as a browser removes them before it sends a request (the WHATWG URL
// standard): ".", "..", and their percent-encoded spellings such as
// "%2e%2e", ".." never climbing above the root. A path that ends in a
// dot segment keeps the slash before it.
func removeDots(p string) string {
	if !strings.HasPrefix(p, "/") {
		return p
	}
	segs := strings.Split(p[1:], "/")
	out := make([]string, 0, len(segs))
	for i, seg := range segs {
		last := i == len(segs)-1
		switch strings.ToLower(seg) {
		case ".", "%2e":
		case "..", ".%2e", "%2e.", "%2e%2e":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, seg)
			continue
		}
		if last {
			out = append(out, "")
		}
	}
	return "/" + strings.Join(out, "/")
}

// sitePath returns the decoded path without its leading slash, or false
// for a path that no file name of the site matches: one whose escaped
// form has an encoded slash or backslash or a NUL byte, or whose decoded
// form has a segment that is not a plain name.
func sitePath(escaped, decoded string) (string, bool) {
	esc := strings.ToLower(escaped)
	for _, bad := range []string{"%2f", "%5c", "%00"} {
		if strings.Contains(esc, bad) {
			return "", false
		}
	}
	return cleanPath(decoded)
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
