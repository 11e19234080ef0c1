// Package published reads and extends the list of every URL and anchor
// the site has published, content/published.txt, which the build holds
// the site to: a listed address must keep resolving for as long as the
// site exists, since others link to it.
//
// The list is append-only. Each line is a URL path, such as /codes/404,
// or a path and an anchor, such as /#404-not-found. An anchor of the
// index may name what it is the anchor of, a code ("/#404-not-found
// 404") or a class ("/#4xx-client-error-status-codes 4xx"), so that the
// build can keep the anchor on that entry when its heading's text, and
// with it its id, changes. Lines starting with # are comments.
package published

import (
	"bytes"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/httpstatus/site/internal/diag"
)

// File is the list's name inside the content directory.
const File = "published.txt"

// MaxSize bounds the bytes of the list a build reads: 4 MiB, some 250
// times what a site of 500 codes publishes.
const MaxSize = 4 << 20

// Entry is one published address.
type Entry struct {
	URL   string // path, with "#anchor" for an anchor: "/codes/404", "/#404-not-found"
	Code  int    // for an anchor of the index, the code whose entry it names; else 0
	Class int    // for an anchor of the index, the digit of the class whose section it names; else 0
	Line  int    // line of the list it was read from; 0 for one not read
}

// Path returns the URL path of e, without its anchor.
func (e Entry) Path() string {
	p, _, _ := strings.Cut(e.URL, "#")
	return p
}

// Anchor returns the anchor of e without "#", or "" for a page.
func (e Entry) Anchor() string {
	_, a, _ := strings.Cut(e.URL, "#")
	return a
}

// String returns e as a line of the list, without its line break.
func (e Entry) String() string {
	switch {
	case e.Code != 0:
		return fmt.Sprintf("%s %d", e.URL, e.Code)
	case e.Class != 0:
		return fmt.Sprintf("%s %dxx", e.URL, e.Class)
	}
	return e.URL
}

// List is the list read from a file.
type List struct {
	Path    string // the file it was read from, for messages
	Entries []Entry
	urls    map[string]bool
}

// Has reports whether the list holds url, whatever it names.
func (l *List) Has(url string) bool { return l.urls[url] }

// Parse reads the list in data, read from path. A line that is not an
// address, or that repeats one, is an error at its line.
func Parse(path string, data []byte) (*List, error) {
	l := &List{Path: path, urls: map[string]bool{}}
	seen := map[string]int{}
	var errs diag.List
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		e, err := parseLine(line)
		if err != nil {
			errs = append(errs, &diag.Error{Path: path, Line: n, Col: 1, Msg: err.Error(),
				Hint: `a line reads "/codes/404", "/#404-not-found 404" or "/#4xx-client-error-status-codes 4xx"`})
			continue
		}
		if prev, ok := seen[e.URL]; ok {
			errs = append(errs, diag.Errorf(path, n, 1, "%s repeats line %d", e.URL, prev))
			continue
		}
		seen[e.URL] = n
		e.Line = n
		l.Entries = append(l.Entries, e)
		l.urls[e.URL] = true
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return l, nil
}

// parseLine returns the entry of one line that is not a comment.
func parseLine(line string) (Entry, error) {
	f := strings.Fields(line)
	if len(f) > 2 {
		return Entry{}, fmt.Errorf("%q has more than an address and what it names", line)
	}
	e := Entry{URL: f[0]}
	if err := checkURL(e.URL); err != nil {
		return Entry{}, err
	}
	if len(f) == 1 {
		return e, nil
	}
	if e.Path() != "/" || e.Anchor() == "" {
		return Entry{}, fmt.Errorf("%s names %s, but only an anchor of the index names a code or a class", e.URL, f[1])
	}
	switch what := f[1]; {
	case len(what) == 3 && what[1:] == "xx" && what[0] >= '1' && what[0] <= '5':
		e.Class = int(what[0] - '0')
	default:
		code, err := strconv.Atoi(what)
		if err != nil || len(what) != 3 || code < 100 || code > 599 {
			return Entry{}, fmt.Errorf("%q is neither a code such as 404 nor a class such as 4xx", what)
		}
		e.Code = code
	}
	return e, nil
}

// checkURL returns an error unless u is a root-relative URL path with an
// optional anchor and nothing else: no scheme, host or query.
func checkURL(u string) error {
	p, err := url.Parse(u)
	switch {
	case err != nil:
		return err
	case !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//"):
		return fmt.Errorf("%q is not a path that starts with one /", u)
	case p.RawQuery != "" || strings.Contains(u, "?"):
		return fmt.Errorf("%q has a query", u)
	case strings.HasSuffix(u, "#"):
		return fmt.Errorf("%q has an empty anchor", u)
	}
	return nil
}

// Append returns the list file data with a line added for each of add,
// in order, after what it holds.
func Append(data []byte, add []Entry) []byte {
	var b bytes.Buffer
	b.Write(data)
	if len(data) > 0 && !bytes.HasSuffix(data, []byte("\n")) {
		b.WriteByte('\n')
	}
	for _, e := range add {
		b.WriteString(e.String())
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// Header opens a new list: what it holds, and how it grows.
const Header = `# Every URL and anchor this site has published, one a line.
#
# Others link to these for years, so each must keep resolving: the build
# fails, naming the line, when one no longer would. An anchor of the
# index followed by a code (404) or a class (4xx) stays with that code's
# entry, or that class's section, when the heading's text, and with it
# its id, changes; any other anchor must stay an id of its page.
#
# Append-only: never change or remove a line. When the site publishes an
# address this list lacks, the build warns; then run
#
#     go run ./cmd/build -record
#
# which appends every such address here, and commit this file with the
# change that published them.
`
