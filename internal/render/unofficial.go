package render

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/facts"
)

// UnofficialCode is a number that vendors send or log although no
// registry defines it, with each vendor's use of it in the order of the
// file of unofficial codes.
type UnofficialCode struct {
	Code  int
	Class *article.Class // the article's class of its first digit, or nil
	Uses  []*article.Entry
}

// Name returns the code's name as its first vendor gives it.
func (u UnofficialCode) Name() string { return u.Uses[0].Name }

// Title returns the code and its name, as in "499 Client Closed Request".
func (u UnofficialCode) Title() string { return fmt.Sprintf("%d %s", u.Code, u.Name()) }

// Vendors returns the vendors that use the code.
func (u UnofficialCode) Vendors() []string {
	vs := make([]string, len(u.Uses))
	for i, e := range u.Uses {
		vs[i] = e.Vendor
	}
	return vs
}

// Label returns what marks the code as no registry's, as in
// "Unofficial, nginx".
func (u UnofficialCode) Label() string { return "Unofficial, " + strings.Join(u.Vendors(), ", ") }

// Unofficial returns the codes of the file of unofficial codes u that
// the article a lacks, by code, and the vendors' uses of the codes a has,
// by code. A nil u has none.
func Unofficial(a, u *article.Article) ([]UnofficialCode, map[int][]*article.Entry) {
	if u == nil {
		return nil, nil
	}
	var codes []UnofficialCode
	others := map[int][]*article.Entry{}
	for _, e := range u.Entries { // sorted by code, each code's vendors in file order
		switch {
		case a.Entry(e.Code) != nil:
			others[e.Code] = append(others[e.Code], e)
		case len(codes) > 0 && codes[len(codes)-1].Code == e.Code:
			codes[len(codes)-1].Uses = append(codes[len(codes)-1].Uses, e)
		default:
			codes = append(codes, UnofficialCode{Code: e.Code, Class: a.Class(e.Code / 100), Uses: []*article.Entry{e}})
		}
	}
	return codes, others
}

// unofficialData is the data of an unofficial code's page.
type unofficialData struct {
	Site
	Head           head
	Article        *article.Article
	Header, Footer template.HTML
	Code           UnofficialCode
	Fallback       *codeLink  // the x00 code of its class, which a client that does not know it takes it for
	ClassesSpec    facts.Spec // the section that says so
}

// UnofficialPath returns the file of an unofficial code's page, at the
// same place as a registered code's.
func UnofficialPath(code int) string { return CodePath(code) }

// unofficial renders the page of the unofficial code u.
func (r *Renderer) unofficial(a *article.Article, u UnofficialCode, s Site, sh *shared) (Page, error) {
	img, err := s.image(CardName(u.Code), UnofficialCardAlt(u))
	if err != nil {
		return Page{}, err
	}
	d := unofficialData{Site: s, Article: a, Header: sh.header, Footer: sh.footer, Code: u,
		Fallback:    linkTo(a.Entry(u.Code/100*100), s.Facts),
		ClassesSpec: facts.Spec{RFC: 9110, Section: "15"},
		Head: head{
			Title:       u.Title() + " · " + u.Label() + " · " + SiteName,
			Name:        u.Title() + " (" + u.Label() + ")",
			Description: u.Uses[0].Summary,
			Path:        CodeURL(u.Code),
			Type:        "article",
			Image:       img,
		}}
	return r.page("unofficial.html", UnofficialPath(u.Code), &d)
}

// UnofficialCardAlt returns the text that stands for the preview image
// of an unofficial code's page.
func UnofficialCardAlt(u UnofficialCode) string {
	return fmt.Sprintf("%s: a status code no registry defines (%s)", u.Title(), u.Label())
}
