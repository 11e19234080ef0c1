package article

import (
	"bytes"
	"fmt"

	"github.com/httpstatus/site/internal/diag"
)

// Limits of an article, each checked before any of its Markdown is
// parsed, so that no input takes a parse longer than its size warrants:
// goldmark's time grows with the square of the nesting depth of a line
// and of the number of "[" in a paragraph, which the limits keep small.
// The real article is 20 KB, its longest line 363 bytes, its deepest
// line 1 level and it has 80 links.
const (
	// MaxSize bounds the bytes of the file.
	MaxSize = 1 << 20
	// MaxLineLength bounds the bytes of a line.
	MaxLineLength = 8192
	// MaxDepth bounds how deeply a line of the body nests: each ">",
	// list marker ("-", "*", "+", "1." or "1)") and each two columns of
	// white space at its start counts one level.
	MaxDepth = 32
	// MaxLinks bounds the "[" of the body, the start of every link and
	// image.
	MaxLinks = 5000
	// MaxCodes bounds the code headings: one per code from 100 to 599.
	MaxCodes = 500
)

// checkSize reports a source of more than MaxSize bytes.
func (st *state) checkSize() bool {
	if len(st.src) <= MaxSize {
		return true
	}
	line, col := diag.Position(st.src, MaxSize)
	st.errs = append(st.errs, &diag.Error{Path: st.path, Line: line, Col: col, Hint: "split the article or shorten it",
		Msg: fmt.Sprintf("file is %d bytes, over the limit of %d bytes, which falls here", len(st.src), MaxSize)})
	return false
}

// checkLines reports every line longer than MaxLineLength, at the byte
// where the limit falls.
func (st *state) checkLines() bool {
	n := len(st.errs)
	for i, start := range st.lines {
		end := len(st.src)
		if i+1 < len(st.lines) {
			end = st.lines[i+1]
		}
		if end > start && st.src[end-1] == '\n' {
			end--
		}
		if end-start > MaxLineLength {
			st.errorf(start+MaxLineLength, "break the line in two", "line is %d bytes long, over the limit of %d bytes, which falls here", end-start, MaxLineLength)
		}
	}
	return len(st.errs) == n
}

// checkBody reports each line of the body that nests deeper than
// MaxDepth, and the first "[" past MaxLinks.
func (st *state) checkBody() bool {
	n := len(st.errs)
	links := 0
	for i := st.bodyLine; i < len(st.lines); i++ {
		line := st.line(i + 1)
		if d, at := depth(line); d > MaxDepth {
			st.errorf(st.lines[i]+at, "each >, list marker and two columns of indentation at the start of a line nest one level; use fewer",
				"line nests %d levels deep, over the limit of %d, which falls here", d, MaxDepth)
		}
		for j := 0; links <= MaxLinks; j++ {
			k := bytes.IndexByte(line[j:], '[')
			if k < 0 {
				break
			}
			j += k
			if links++; links > MaxLinks {
				st.errorf(st.lines[i]+j, "the limit counts every \"[\", where each link and image starts",
					"more than %d links, the limit", MaxLinks)
			}
		}
	}
	return len(st.errs) == n
}

// depth returns how many levels line nests, as MaxDepth counts them, and
// the offset in line where the count first exceeds MaxDepth, if it does.
// A thematic break such as "- - -" nests nothing.
func depth(line []byte) (levels, at int) {
	if isThematicBreak(line) {
		return 0, 0
	}
	width, markers := 0, 0 // width: columns of white space before the first marker
	at = -1
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == ' ' && markers == 0:
			width++
		case c == '\t' && markers == 0:
			width += 4 - width%4
		case c == ' ' || c == '\t':
		case c == '>':
			markers++
		case (c == '-' || c == '*' || c == '+') && blankAfter(line, i+1):
			markers++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j == len(line) || line[j] != '.' && line[j] != ')' || !blankAfter(line, j+1) {
				return markers + width/2, at
			}
			markers++
			if at < 0 && markers+width/2 > MaxDepth {
				at = i
			}
			i = j
		default:
			return markers + width/2, at
		}
		if at < 0 && markers+width/2 > MaxDepth {
			at = i
		}
	}
	return markers + width/2, at
}

// blankAfter reports whether line ends at i or has white space there.
func blankAfter(line []byte, i int) bool {
	return i >= len(line) || line[i] == ' ' || line[i] == '\t'
}

// isThematicBreak reports whether line is three or more of the same "-",
// "*" or "_" and white space only.
func isThematicBreak(line []byte) bool {
	line = bytes.TrimSpace(line)
	if len(line) < 3 {
		return false
	}
	c, n := line[0], 0
	for _, b := range line {
		switch {
		case b == c && (c == '-' || c == '*' || c == '_'):
			n++
		case b != ' ' && b != '\t':
			return false
		}
	}
	return n >= 3
}

// codeHeading counts one more code heading at offset off and reports
// whether it is within MaxCodes.
func (st *state) codeHeading(off int) bool {
	st.codes++
	if st.codes == MaxCodes+1 {
		st.errorf(off, "each code from 100 to 599 has one section", "more than %d code sections, the limit", MaxCodes)
	}
	return st.codes <= MaxCodes
}
