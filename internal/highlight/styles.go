package highlight

import "github.com/alecthomas/chroma/v2"

// The site's two palettes. They are defined here rather than taken from
// chroma's style registry so that they match the site's own colours and
// keep the registry's start-up cost out of every build. Both reach WCAG AA
// contrast against their background.

func lightStyle() *chroma.Style {
	return chroma.MustNewStyle("site-light", chroma.StyleEntries{
		chroma.Background:        "#1d2433 bg:#f4f6fa",
		chroma.Error:             "#b3261e",
		chroma.Keyword:           "bold #7a2e8e",
		chroma.KeywordReserved:   "bold #0b5cad",
		chroma.Name:              "#1d2433",
		chroma.NameFunction:      "bold #0b5cad",
		chroma.NameNamespace:     "#1d6b3a",
		chroma.NameException:     "#8a4b00",
		chroma.NameBuiltin:       "#0b5cad",
		chroma.NameAttribute:     "#8a4b00",
		chroma.NameTag:           "#7a2e8e",
		chroma.Literal:           "#1d6b3a",
		chroma.LiteralString:     "#1d6b3a",
		chroma.LiteralNumber:     "#a3361f",
		chroma.Operator:          "#4a5468",
		chroma.Punctuation:       "#4a5468",
		chroma.Comment:           "italic #5c6475",
		chroma.Generic:           "#1d2433",
		chroma.GenericEmph:       "italic",
		chroma.GenericStrong:     "bold",
		chroma.GenericHeading:    "bold #0b5cad",
		chroma.GenericInserted:   "#1d6b3a",
		chroma.GenericDeleted:    "#b3261e",
		chroma.GenericSubheading: "#7a2e8e",
	})
}

func darkStyle() *chroma.Style {
	return chroma.MustNewStyle("site-dark", chroma.StyleEntries{
		chroma.Background:        "#e3e7ef bg:#1a1f2b",
		chroma.Error:             "#ff8a80",
		chroma.Keyword:           "bold #d7a6f0",
		chroma.KeywordReserved:   "bold #8ec5ff",
		chroma.Name:              "#e3e7ef",
		chroma.NameFunction:      "bold #8ec5ff",
		chroma.NameNamespace:     "#9be3ae",
		chroma.NameException:     "#ffc27a",
		chroma.NameBuiltin:       "#8ec5ff",
		chroma.NameAttribute:     "#ffc27a",
		chroma.NameTag:           "#d7a6f0",
		chroma.Literal:           "#9be3ae",
		chroma.LiteralString:     "#9be3ae",
		chroma.LiteralNumber:     "#ffab91",
		chroma.Operator:          "#b6bfcf",
		chroma.Punctuation:       "#b6bfcf",
		chroma.Comment:           "italic #a3adbf",
		chroma.Generic:           "#e3e7ef",
		chroma.GenericEmph:       "italic",
		chroma.GenericStrong:     "bold",
		chroma.GenericHeading:    "bold #8ec5ff",
		chroma.GenericInserted:   "#9be3ae",
		chroma.GenericDeleted:    "#ff8a80",
		chroma.GenericSubheading: "#d7a6f0",
	})
}
