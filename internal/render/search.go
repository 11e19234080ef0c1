package render

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/constants"
	"github.com/httpstatus/site/internal/facts"
	"github.com/httpstatus/site/internal/synonyms"
)

// SearchAsset is the asset name of the search terms of the index's
// filter, which the build hashes like the assets of the assets directory
// and the index names in its filter box's data-terms: kept out of the
// index, they weigh nothing for a reader who does not filter, and the
// index stays as light however many terms a code has.
const SearchAsset = "search.json"

// searchTerms is what the index's filter finds an entry by, in three
// weights. The filter lists the code typed whole first, then the codes
// with a synonym that starts with what was typed, then those with a name
// that holds every word of it, then those whose other words hold them.
type searchTerms struct {
	ID       string   `json:"id"`                // the id of the entry's heading on the index
	Names    []string `json:"names"`             // the article's name, the registry's and each stack's constant
	Synonyms []string `json:"synonyms,omitzero"` // the terms synonyms.yaml gives the code
	Words    []string `json:"words"`             // its class, note, vendor and summary
}

// termsOf returns what the filter finds entry e by. c holds the registry
// facts of a registered code, nil for a vendor's code; k the stacks'
// constants and syn the synonyms, each nil for none. Each term is given
// once, in the first weight that has it.
func termsOf(e *article.Entry, c *facts.Code, k *constants.Set, syn *synonyms.Synonyms) searchTerms {
	names := []string{e.Name}
	if c != nil {
		names = append(names, c.Reason(e.Name))
		names = append(names, k.Terms(e.Code)...)
	}
	var words []string
	if e.Class != nil {
		words = append(words, e.Class.Label(), e.Class.Name)
	}
	if e.Note != nil && e.Vendor == "" {
		words = append(words, e.Note.Label)
	}
	words = append(words, e.Vendor, e.Summary)
	var seen []string
	once := func(terms []string) []string {
		var out []string
		for _, t := range terms {
			t = strings.Join(strings.Fields(t), " ")
			if t != "" && !slices.ContainsFunc(seen, func(s string) bool { return strings.EqualFold(s, t) }) {
				seen = append(seen, t)
				out = append(out, t)
			}
		}
		return out
	}
	return searchTerms{Names: once(names), Synonyms: once(syn.Of(e.Code)), Words: once(words)}
}

// Search returns, as JSON, the search terms of every entry of the index,
// in the index's order: the article's, then the unofficial codes'. Each
// is keyed by the id of its heading, which the index's templates give an
// article's entry as its anchor and a vendor's as "unofficial-" and its
// anchor.
func Search(a *article.Article, s Site) ([]byte, error) {
	var all []searchTerms
	for _, sec := range a.Sections {
		if e := sec.Entry; e != nil {
			t := termsOf(e, s.Facts.Code(e.Code), s.Constants, s.Synonyms)
			t.ID = e.Anchor
			all = append(all, t)
		}
	}
	if s.Unofficial != nil {
		for _, sec := range s.Unofficial.Sections {
			if e := sec.Entry; e != nil {
				t := termsOf(e, nil, nil, s.Synonyms)
				t.ID = "unofficial-" + e.Anchor
				all = append(all, t)
			}
		}
	}
	return json.Marshal(all)
}
