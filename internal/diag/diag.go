// Package diag holds the build's diagnostics: a problem at a place in a
// file, kept as data (file, line, column, message, hint) so that the
// terminal and the dev server's overlay each show it their own way.
//
// Every input the build reads reports through it: the article, codes.yaml,
// the templates, _redirects and netlify.toml.
package diag

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Error is a problem at a place in a file.
type Error struct {
	Path string
	Line int // 1-based; 0 when the whole file is meant
	Col  int // 1-based; 0 when unknown
	Msg  string
	Hint string // how to fix it, when that is not obvious
	Err  error  // the error it comes from, if any
}

// Errorf returns an Error at path:line:col with a formatted message.
func Errorf(path string, line, col int, format string, args ...any) *Error {
	return &Error{Path: path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// Error returns "file:line:col: message (hint: hint)", leaving out what
// is unknown.
func (e *Error) Error() string {
	var b strings.Builder
	if p := e.Place(); p != "" {
		b.WriteString(p)
		b.WriteString(": ")
	}
	b.WriteString(e.Message())
	return b.String()
}

// Message returns the message and, when there is one, the hint:
// "message (hint: hint)".
func (e *Error) Message() string {
	if e.Hint == "" {
		return e.Msg
	}
	return e.Msg + " (hint: " + e.Hint + ")"
}

// Place returns "file:line:col", leaving out what is unknown.
func (e *Error) Place() string {
	s := e.Path
	if e.Line > 0 {
		s += fmt.Sprintf(":%d", e.Line)
		if e.Col > 0 {
			s += fmt.Sprintf(":%d", e.Col)
		}
	}
	return s
}

// Unwrap returns the error e comes from.
func (e *Error) Unwrap() error { return e.Err }

// List is every problem one step found, in file order.
type List []*Error

func (l List) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find each problem.
func (l List) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// Sorted returns l sorted by file, line and column, cut to at most max
// problems when max is positive.
func (l List) Sorted(max int) List {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	if max > 0 && len(l) > max {
		l = l[:max]
	}
	return l
}

// All returns the problems err reports: those of every List and Error it
// wraps, in order, and one Error holding the message of each other error.
func All(err error) List {
	if err == nil {
		return nil
	}
	var out List
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case *Error:
			out = append(out, e)
		case List:
			out = append(out, e...)
		case interface{ Unwrap() []error }:
			for _, err := range e.Unwrap() {
				walk(err)
			}
		default:
			var one *Error
			var list List
			switch {
			case errors.As(err, &list):
				out = append(out, list...)
			case errors.As(err, &one):
				out = append(out, one)
			default:
				msg := err.Error()
				if msg == "" {
					msg = "failed without a message"
				}
				out = append(out, &Error{Msg: msg, Err: err})
			}
		}
	}
	walk(err)
	return out
}

// Position returns the 1-based line and column, counted in characters,
// of byte offset off in src: of the character that holds it, when off
// falls inside one. An offset past the end is taken as the end.
func Position(src []byte, off int) (line, col int) {
	off = max(0, min(off, len(src)))
	for off > 0 && off < len(src) && !utf8.RuneStart(src[off]) {
		off--
	}
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return bytes.Count(src[:start], []byte{'\n'}) + 1, utf8.RuneCount(src[start:off]) + 1
}
