package article

import (
	"fmt"
	"sort"
	"strings"
)

// MaxErrors bounds how many problems one parse reports.
const MaxErrors = 50

// Error is a problem at a place in a file.
type Error struct {
	Path string
	Line int // 1-based; 0 when the whole file is meant
	Col  int // 1-based; 0 when unknown
	Msg  string
	Hint string // how to fix it, when that is not obvious
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString(" (hint: ")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// ErrorList is every problem one parse found, in file order.
type ErrorList []*Error

func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find each problem.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// sorted returns l in file order, cut to MaxErrors.
func (l ErrorList) sorted() ErrorList {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].Line != l[j].Line {
			return l[i].Line < l[j].Line
		}
		return l[i].Col < l[j].Col
	})
	if len(l) > MaxErrors {
		l = l[:MaxErrors]
	}
	return l
}
