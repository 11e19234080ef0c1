// Package article parses the status code article: YAML front matter, the
// five classes, one Entry per "### NNN Name" heading, and every other section in order.
//
// The article is Markdown with front matter between "---" lines. Its intro
// lists the classes as "**1xx (Informational)**: definition" items and the
// most common codes as links in a sentence that says "most commonly used".
// Each "## Nxx ... Status Codes" heading opens a class; each level-3 heading
// under it whose first word is a number is a code; an optional first
// paragraph that is a single bold link is the code's note; the remaining
// paragraphs are its description, where "Example:" introduces its example.
package article

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/httpstatus/site/internal/diag"
)

// Article is the parsed article.
type Article struct {
	Path       string         // file the article was read from, for messages
	Front      FrontMatter    // typed front matter
	FrontLines map[string]int // line of each top-level key of the front matter, for messages
	Intro      template.HTML
	Sections   []*Section    // every heading in document order
	Classes    []*Class      // 1xx to 5xx, in order
	Entries    []*Entry      // one per code, sorted by code
	Links      []Link        // every link destination, in document order
	Warnings   []*diag.Error // problems that do not stop a build

}

// FrontMatter holds the keys of the article's front matter.
type FrontMatter struct {
	Title   string `yaml:"title"`
	Excerpt string `yaml:"excerpt"`
	Meta    struct {
		Title       string `yaml:"title"`
		Description string `yaml:"description"`
	} `yaml:"meta"`
	Image       string `yaml:"image"`
	ImageAlt    string `yaml:"imageAlt"`
	ImageWidth  int    `yaml:"imageWidth"`
	ImageHeight int    `yaml:"imageHeight"`
	Order       int    `yaml:"order"`
}

// Class is one of the five classes of status codes. It does not list its
// codes (Article.EntriesOf does), so that what a template reaches from an
// entry is that entry and its class, never another entry.
type Class struct {
	Digit      int      // first digit of its codes, 1 to 5
	Name       string   // "Informational"
	Definition string   // the intro's one-line definition
	Anchor     string   // id of the section that holds its codes
	Aliases    []string // earlier ids of that section, kept on the index; set by the build
}

// Label returns the class's short name, such as "4xx".
func (c *Class) Label() string { return fmt.Sprintf("%dxx", c.Digit) }

// Entry is one status code.
type Entry struct {
	Code        int
	Name        string        // "Not Found"
	Anchor      string        // heading id on the index: "404-not-found"
	Class       *Class        // the class whose section holds it
	Note        *Note         // the bold link above the description, if any
	Description template.HTML // every paragraph of the section but the note
	Summary     string        // first sentence of the description, as text
	Example     *Example      // from an "Example:" sentence, if any
	Common      bool          // listed among the most commonly used codes
	Mentions    []int         // other codes of the article its description names
	Line        int           // line of its heading
	Absent      bool          // not in the article: made from the registry's facts alone
	Vendor      string        // in a file of unofficial codes, the vendor whose section holds it
	Aliases     []string      // earlier ids of its heading, kept on the index; set by the build
}

// Title returns the code and its name, as in "404 Not Found".
func (e *Entry) Title() string { return fmt.Sprintf("%d %s", e.Code, e.Name) }

// NoteKind says what an entry's note is about.
type NoteKind int

// Kinds of note.
const (
	NoteOther NoteKind = iota
	NoteWebDAV
	NoteDeprecated
	NoteAprilFools
)

// String returns the kind's name as used in CSS classes and JSON.
func (k NoteKind) String() string {
	switch k {
	case NoteWebDAV:
		return "webdav"
	case NoteDeprecated:
		return "deprecated"
	case NoteAprilFools:
		return "april-fools"
	}
	return "other"
}

// Note is the line above an entry's description, such as
// "Specific to WebDAV" linking to RFC 4918.
type Note struct {
	Kind  NoteKind
	Label string
	URL   string
}

// noteKind classifies a note by its label.
func noteKind(label string) NoteKind {
	l := strings.ToLower(label)
	switch {
	case strings.Contains(l, "webdav"):
		return NoteWebDAV
	case strings.Contains(l, "deprecated"):
		return NoteDeprecated
	case strings.Contains(l, "april fool"):
		return NoteAprilFools
	}
	return NoteOther
}

// Example is an entry's example: the sentence after "Example:" and, when
// it quotes code, that code.
type Example struct {
	Text string // "GET /api/v1/users/123 returning user data."
	Code string // "GET /api/v1/users/123", or empty
}

// Section is a heading of the article with what follows it up to the next
// heading. Code headings carry their Entry and no HTML of their own.
type Section struct {
	Level  int
	Title  string
	Anchor string
	HTML   template.HTML
	Entry  *Entry // for a code's heading
	Class  *Class // for a class's heading
	Line   int
}

// Link is a link destination found in the article.
type Link struct {
	Dest      string // the URL a browser follows, references and escapes decoded
	Line, Col int
}

// EntriesOf returns the entries of class c, sorted by code.
func (a *Article) EntriesOf(c *Class) []*Entry {
	var es []*Entry
	for _, e := range a.Entries {
		if e.Class == c {
			es = append(es, e)
		}
	}
	return es
}

// Class returns the class whose codes start with digit, or nil.
func (a *Article) Class(digit int) *Class {
	for _, c := range a.Classes {
		if c.Digit == digit {
			return c
		}
	}
	return nil
}

// Entry returns the entry for code, or nil.
func (a *Article) Entry(code int) *Entry {
	for _, e := range a.Entries {
		if e.Code == code {
			return e
		}
	}
	return nil
}
