package site

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/diag"
	"github.com/httpstatus/site/internal/netlify"
	"github.com/httpstatus/site/internal/published"

	"github.com/tdewolff/parse/v2"
	htmllex "github.com/tdewolff/parse/v2/html"
)

// recordCommand is what adds the addresses the site publishes to the list.
const recordCommand = "go run ./cmd/build -record"

// readPublished reads the list of published addresses in the content
// directory. The list is optional: without it, nothing is held to it
// and nil is returned, with the file's path.
func readPublished(dir string) (*published.List, string, error) {
	path := filepath.Join(dir, published.File)
	data, ok, err := readOptional(path, published.MaxSize)
	if !ok {
		return nil, path, err
	}
	l, err := published.Parse(path, data)
	return l, path, err
}

// keepAnchors gives every entry and class of a the anchors of the index
// that the list records for it and its heading no longer has, so that
// they keep resolving, on the index, to it: a code renamed from "413
// Payload Too Large" to "413 Content Too Large" keeps
// #413-payload-too-large. An anchor that another heading has taken now
// cannot be kept, and is an error at its line.
func keepAnchors(l *published.List, a *article.Article) error {
	if l == nil {
		return nil
	}
	taken := map[string]string{} // id of the index → what has it
	for _, s := range a.Sections {
		taken[s.Anchor] = "the heading " + strconv.Quote(s.Title)
	}
	for _, e := range a.Entries {
		if !e.Absent {
			taken[strconv.Itoa(e.Code)] = "code " + strconv.Itoa(e.Code)
		}
	}
	var errs diag.List
	for _, p := range l.Entries {
		id := p.Anchor()
		if p.Path() != "/" || id == "" || (p.Code == 0 && p.Class == 0) {
			continue
		}
		var owner string
		var aliases *[]string
		if e := a.Entry(p.Code); p.Code != 0 && e != nil && !e.Absent {
			owner, aliases = "code "+strconv.Itoa(e.Code), &e.Aliases
			if id == e.Anchor || id == strconv.Itoa(e.Code) {
				continue
			}
		} else if c := a.Class(p.Class); c != nil {
			owner, aliases = "class "+c.Label(), &c.Aliases
			if id == c.Anchor {
				continue
			}
		} else {
			continue // checkPublished says it no longer resolves, and why
		}
		if other, ok := taken[id]; ok {
			errs = append(errs, &diag.Error{Path: l.Path, Line: p.Line, Col: 1,
				Msg:  fmt.Sprintf("%s, published for %s, is now the id of %s on the index", p.URL, owner, other),
				Hint: "an id can lead to one place only: give that heading other text"})
			continue
		}
		taken[id] = owner
		*aliases = append(*aliases, id)
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// servedSite answers what the built files serve, by Netlify's rules: the
// generated _redirects, then the files.
type servedSite struct {
	files map[string][]byte
	rules *netlify.Rules
	ids   map[string]*pageIDs // by HTML file, read when first asked
}

// pageIDs are the ids of a page's elements.
type pageIDs struct {
	all     map[string]bool
	anchors []string // of its headings and sections, in order
}

// newServedSite returns the site of files, whose _redirects must parse.
func newServedSite(files []File) (*servedSite, error) {
	s := &servedSite{files: make(map[string][]byte, len(files)), ids: map[string]*pageIDs{}}
	for _, f := range files {
		s.files[f.Path] = f.Data
	}
	rd, err := netlify.ParseRedirects(netlify.RedirectsFile, s.files[netlify.RedirectsFile])
	if err != nil {
		return nil, err
	}
	s.rules = netlify.NewRules(rd, nil)
	return s, nil
}

// resolve returns the file a root-relative URL path ends at, following
// the rules' redirects and rewrites within the site, and whether it
// resolves at all: a rule that answers 404, or one to another site,
// ends nowhere here.
func (s *servedSite) resolve(path string) (string, bool) {
	for hops := 0; hops < 10; hops++ {
		name := ""
		for _, n := range netlify.StaticNames(strings.TrimPrefix(path, "/")) {
			if _, ok := s.files[n]; ok {
				name = n
				break
			}
		}
		rd, to, ok := s.rules.Redirect(path, name != "")
		if !ok {
			return name, name != ""
		}
		if rd.Status >= 400 || !strings.HasPrefix(to, "/") {
			return "", false
		}
		path, _, _ = strings.Cut(to, "?")
	}
	return "", false
}

// hasID reports whether the HTML file name has an element with id.
func (s *servedSite) hasID(name, id string) bool { return s.idsOf(name).all[id] }

// idsOf returns the ids of the HTML file name, read once.
func (s *servedSite) idsOf(name string) *pageIDs {
	ids, ok := s.ids[name]
	if !ok {
		ids = elementIDs(s.files[name])
		s.ids[name] = ids
	}
	return ids
}

// checkPublished returns an error at each line of the list whose address
// the site no longer serves: a path that leads to no file, or an anchor
// that names no element of the page its path leads to.
func checkPublished(l *published.List, a *article.Article, s *servedSite) error {
	if l == nil {
		return nil
	}
	var errs diag.List
	for _, p := range l.Entries {
		name, ok := s.resolve(p.Path())
		id := p.Anchor()
		switch {
		case !ok:
			errs = append(errs, &diag.Error{Path: l.Path, Line: p.Line, Col: 1,
				Msg:  p.URL + " no longer resolves: no file, page or redirect of the site is at " + p.Path(),
				Hint: "others link to it; keep a page there, or a rule in _redirects that leads to one"})
		case id != "" && !s.hasID(name, id):
			errs = append(errs, &diag.Error{Path: l.Path, Line: p.Line, Col: 1,
				Msg:  p.URL + " no longer resolves: " + p.Path() + " has no element with that id" + lostAnchor(p, a),
				Hint: anchorHint(p)})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// lostAnchor says why an anchor of the index that names a code or a
// class could not be kept.
func lostAnchor(p published.Entry, a *article.Article) string {
	switch {
	case p.Code != 0 && (a.Entry(p.Code) == nil || a.Entry(p.Code).Absent):
		return ", and the index has no entry for code " + strconv.Itoa(p.Code)
	case p.Class != 0 && a.Class(p.Class) == nil:
		return fmt.Sprintf(", and the index has no %dxx class", p.Class)
	}
	return ""
}

// anchorHint says how to make a lost anchor resolve again.
func anchorHint(p published.Entry) string {
	switch {
	case p.Code != 0:
		return "keep the code's section in the article"
	case p.Class != 0:
		return "keep the class's section in the article"
	case p.Path() == "/":
		return "only the anchors of codes and classes are kept when their heading's text changes: give the heading its old text back"
	}
	return "keep that id in the page's template"
}

// publishes returns every address the site publishes: the URL of each
// page and file but the assets, whose names change with their content,
// and the not-found page, which has no URL; the source of each redirect
// of _redirects; and the id of each heading and section of each page,
// those of the index naming the code or class they belong to.
func publishes(a *article.Article, s *servedSite) []published.Entry {
	var out []published.Entry
	for name := range s.files {
		switch {
		case strings.HasPrefix(name, AssetsDir+"/"), name == netlify.RedirectsFile, name == notFoundFile, name == Marker:
			continue
		case strings.HasSuffix(name, ".html"):
			url := PageURL(name)
			out = append(out, published.Entry{URL: url})
			for _, id := range s.idsOf(name).anchors {
				e := published.Entry{URL: url + "#" + id}
				if url == "/" {
					e.Code, e.Class = namedBy(a, id)
				}
				out = append(out, e)
			}
		default:
			out = append(out, published.Entry{URL: "/" + name})
		}
	}
	for _, r := range s.rules.Redirects {
		if r.IsRedirect() && !strings.ContainsAny(r.From, ":*") {
			out = append(out, published.Entry{URL: r.From})
		}
	}
	slices.SortFunc(out, func(x, y published.Entry) int { return strings.Compare(x.URL, y.URL) })
	return slices.CompactFunc(out, func(x, y published.Entry) bool { return x.URL == y.URL })
}

// notFoundFile is the page served for any path that leads to no file.
const notFoundFile = "404.html"

// namedBy returns the code whose entry on the index has the id, or the
// digit of the class whose section has it.
func namedBy(a *article.Article, id string) (code, class int) {
	for _, e := range a.Entries {
		if !e.Absent && (e.Anchor == id || strconv.Itoa(e.Code) == id || slices.Contains(e.Aliases, id)) {
			return e.Code, 0
		}
	}
	for _, c := range a.Classes {
		if c.Anchor == id || slices.Contains(c.Aliases, id) {
			return 0, c.Digit
		}
	}
	return 0, 0
}

// unlisted returns the addresses the site publishes that the list lacks.
func unlisted(l *published.List, all []published.Entry) []published.Entry {
	var out []published.Entry
	for _, e := range all {
		if !l.Has(e.URL) {
			out = append(out, e)
		}
	}
	return out
}

// unlistedWarning returns the warning that the list lacks addresses.
func unlistedWarning(path string, missing []published.Entry) *diag.Error {
	var urls []string
	for i, e := range missing {
		if i == 5 {
			urls = append(urls, fmt.Sprintf("and %d more", len(missing)-i))
			break
		}
		urls = append(urls, e.URL)
	}
	return &diag.Error{Path: path,
		Msg:  fmt.Sprintf("the site publishes %d address(es) the list lacks: %s", len(missing), strings.Join(urls, ", ")),
		Hint: "run " + recordCommand + " to append them, and commit the list"}
}

// record appends missing to the list at path, or writes the list with
// its header when there is none yet, replacing the file in one rename.
func record(path string, missing []published.Entry) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		data, err = []byte(published.Header), nil
	}
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, published.Append(data, missing), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// anchorElement reports whether an element of the given tag is one whose
// id the site publishes: a heading or a section.
func anchorElement(tag []byte) bool {
	switch string(bytes.ToLower(tag)) {
	case "h1", "h2", "h3", "h4", "h5", "h6", "section":
		return true
	}
	return false
}

// elementIDs returns the ids of the elements of an HTML page, and those
// of its headings and sections in order.
func elementIDs(page []byte) *pageIDs {
	ids := &pageIDs{all: map[string]bool{}}
	lx := htmllex.NewLexer(parse.NewInputBytes(page))
	var tag []byte
	for {
		tt, _ := lx.Next()
		switch tt {
		case htmllex.ErrorToken:
			return ids
		case htmllex.StartTagToken:
			tag = slices.Clone(lx.Text())
		case htmllex.AttributeToken:
			if string(bytes.ToLower(lx.AttrKey())) == "id" {
				v := html.UnescapeString(strings.Trim(string(lx.AttrVal()), `"'`))
				ids.all[v] = true
				if anchorElement(tag) {
					ids.anchors = append(ids.anchors, v)
				}
			}
		}
	}
}
