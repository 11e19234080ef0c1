package netlify

import (
	"bytes"
	"fmt"

	"github.com/httpstatus/site/internal/diag"
)

// Limits of the rules, each checked before a file is parsed. The build
// writes a _redirects of 3.5 KB for the real article, 35 KB for one of
// every code; the repository's netlify.toml is 1.8 KB, its longest line
// 300 bytes, and it nests 2 levels deep.
const (
	MaxRedirectsSize = 1 << 20  // bytes in _redirects
	MaxConfigSize    = 64 << 10 // bytes in netlify.toml
	MaxLineLength    = 8192     // bytes in a line of either
	MaxTargetLength  = 8192     // bytes of a target once its placeholders are filled in
	MaxNesting       = 16       // arrays and inline tables in one another, in netlify.toml
	MaxKeyParts      = 16       // parts of a dotted key, such as headers.values, in netlify.toml
)

// checkSize returns a *diag.Error if data, read from name, is larger
// than limit or has a line longer than MaxLineLength.
func checkSize(name string, data []byte, limit int) error {
	if len(data) > limit {
		line, col := diag.Position(data, limit)
		return &diag.Error{Path: name, Line: line, Col: col, Hint: "shorten the file",
			Msg: fmt.Sprintf("file is %d bytes, over the limit of %d bytes, which falls here", len(data), limit)}
	}
	for i, n := 0, 1; i < len(data); n++ {
		end := bytes.IndexByte(data[i:], '\n')
		if end < 0 {
			end = len(data) - i
		}
		if end > MaxLineLength {
			_, col := diag.Position(data[i:], MaxLineLength)
			return &diag.Error{Path: name, Line: n, Col: col, Hint: "break the line in two",
				Msg: fmt.Sprintf("line is %d bytes long, over the limit of %d bytes, which falls here", end, MaxLineLength)}
		}
		i += end + 1
	}
	return nil
}

// checkTOML returns a *diag.Error at the first place where the TOML
// document data nests arrays and inline tables deeper than MaxNesting,
// or gives a dotted key of more than MaxKeyParts parts: the TOML
// parser's time grows with the cube of either. It reads the document as
// the TOML lexer does only as far as it must to tell strings and
// comments apart from the rest.
func checkTOML(name string, data []byte) error {
	depth, dots := 0, 0
	fail := func(i int, format string, args ...any) error {
		line, col := diag.Position(data, i)
		return &diag.Error{Path: name, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
	}
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
			dots = 0
		case '"', '\'':
			i = stringEnd(data, i)
		case '[', '{':
			if depth++; depth > MaxNesting {
				return fail(i, "arrays and tables nest deeper than %d levels, the limit", MaxNesting)
			}
			dots = 0
		case ']', '}':
			depth = max(0, depth-1)
			dots = 0
		case '\n', '=', ',':
			dots = 0
		case '.':
			if dots++; dots >= MaxKeyParts {
				return fail(i, "a dotted key of more than %d parts, the limit", MaxKeyParts)
			}
		}
	}
	return nil
}

// stringEnd returns the offset of the last byte of the TOML string that
// starts at data[i], a quote: basic ("...") or literal ('...'), on one
// line or, tripled, on many. A string left open ends where its line
// does, or the data; the TOML parser reports it.
func stringEnd(data []byte, i int) int {
	q := data[i]
	triple := bytes.HasPrefix(data[i:], []byte{q, q, q})
	j := i + 1
	if triple {
		j = i + 3
	}
	for ; j < len(data); j++ {
		switch c := data[j]; {
		case c == '\\' && q == '"':
			j++ // the escaped byte
		case c == '\n' && !triple:
			return j - 1
		case c == q && !triple:
			return j
		case c == q && bytes.HasPrefix(data[j:], []byte{q, q, q}):
			// A closing """ may be followed by up to two more quotes,
			// which belong to the string.
			for j+3 < len(data) && data[j+3] == q {
				j++
			}
			return j + 2
		}
	}
	return len(data) - 1
}
