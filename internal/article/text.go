package article

import (
	"bytes"
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"
)

// unescape returns Markdown text as goldmark writes it into a page and
// a browser then shows it: without the backslash before an escaped
// punctuation character, with each character reference such as "&#39;",
// "&#x27;" or "&amp;" decoded, and NUL as U+FFFD. Like goldmark, it
// decodes a named reference only when it ends in ";", and decodes once:
// "&amp;amp;" is "&amp;".
func unescape(src []byte) []byte {
	if bytes.IndexAny(src, "\\&\x00") < 0 {
		return src
	}
	out := make([]byte, 0, len(src))
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '\\' && i+1 < len(src) && util.IsPunct(src[i+1]):
			out = append(out, src[i+1])
			i++
		case c == 0:
			out = append(out, "\uFFFD"...)
		case c == '&':
			r, n := reference(src[i:])
			if n == 0 {
				out = append(out, c)
				continue
			}
			out = append(out, r...)
			i += n - 1
		default:
			out = append(out, c)
		}
	}
	return out
}

// reference returns the characters of the character reference at the
// start of s and its length in s, or a length of 0 when s starts with
// none: "&#" and up to 7 digits, "&#x" and up to 6 hexadecimal digits,
// or "&" and the name of an HTML5 entity, each ended by ";".
func reference(s []byte) (string, int) {
	end := bytes.IndexByte(s[:min(len(s), 40)], ';')
	if end < 2 {
		return "", 0
	}
	body := string(s[1:end])
	if len(body) > 1 && body[0] == '#' {
		base, digits, limit := 10, body[1:], 7
		if digits[0] == 'x' || digits[0] == 'X' {
			base, digits, limit = 16, digits[1:], 6
		}
		if digits == "" || len(digits) > limit || digits[0] == '+' || digits[0] == '-' {
			return "", 0
		}
		v, err := strconv.ParseUint(digits, base, 32)
		if err != nil {
			return "", 0
		}
		return string(util.ToValidRune(rune(v))), end + 1
	}
	for i := 0; i < len(body); i++ {
		if !util.IsAlphaNumeric(body[i]) {
			return "", 0
		}
	}
	e, ok := util.LookUpHTML5EntityByName(body)
	if !ok {
		return "", 0
	}
	return string(e.Characters), end + 1
}

// headingIDs gives headings the ids goldmark would, made from their text
// as a reader sees it: with its character references decoded, so that
// "418 I&#39;m a teapot" gets the id "418-im-a-teapot", as "418 I'm a
// teapot" does, and not "418-i39m-a-teapot".
type headingIDs struct{ parser.IDs }

func (h headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	return h.IDs.Generate(unescape(value), kind)
}
