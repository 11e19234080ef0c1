package article

import (
	"bytes"
	"errors"
	"strconv"
	"strings"

	"gopkg.in/yaml.v2"
)

// frontMatter decodes the block between the article's first two "---"
// lines into st.a.Front, reporting problems at their lines in the file.
// goldmark-meta splits the same block off the Markdown; it is decoded here
// too because only the typed decode knows which line a wrong value is on.
func (st *state) frontMatter() bool {
	if !isSeparator(st.line(1)) {
		st.errorf(0, `start the file with a line "---", the front matter, and another "---"`, "missing front matter")
		return false
	}
	end := 0
	for n := 2; n <= len(st.lines); n++ {
		if isSeparator(st.line(n)) {
			end = n
			break
		}
	}
	if end == 0 {
		st.errorf(0, `end the front matter with a line "---"`, "front matter opened here is never closed")
		return false
	}
	st.bodyLine = end
	var block []byte
	if end > 2 {
		block = st.src[st.lines[1]:st.lines[end-1]]
	}
	if err := yaml.Unmarshal(block, &st.a.Front); err != nil {
		st.yamlErrors(err)
		return false
	}
	if strings.TrimSpace(st.a.Front.Title) == "" {
		st.errorf(0, "add a line such as \"title: List of HTTP status codes\"", "front matter has no title")
		return false
	}
	return true
}

// line returns line n (1-based) of the source without its newline.
func (st *state) line(n int) []byte {
	if n < 1 || n > len(st.lines) {
		return nil
	}
	l := st.src[st.lines[n-1]:]
	if i := bytes.IndexByte(l, '\n'); i >= 0 {
		l = l[:i]
	}
	return l
}

// isSeparator reports whether line is a front matter fence, as
// goldmark-meta decides it: nothing but dashes around optional spaces.
func isSeparator(line []byte) bool {
	line = bytes.TrimSpace(line)
	return len(line) >= 3 && len(bytes.Trim(line, "-")) == 0
}

// yamlErrors reports a YAML error at the file line it concerns. The YAML
// library numbers lines from the start of the block, which is line 2.
func (st *state) yamlErrors(err error) {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		for _, msg := range te.Errors {
			n, rest := YAMLLine(msg)
			st.frontMatterError(n, describeTypeError(st.line(n+1), rest))
		}
		return
	}
	n, rest := YAMLLine(strings.TrimPrefix(err.Error(), "yaml: "))
	st.frontMatterError(n, "invalid YAML: "+rest)
}

func (st *state) frontMatterError(blockLine int, msg string) {
	off := 0
	if blockLine > 0 && blockLine < len(st.lines) {
		off = st.lines[blockLine]
	}
	st.errorf(off, "", "front matter: %s", msg)
}

// YAMLLine splits a message of the YAML library such as "line 9: message"
// into 9 and "message"; a message without a line gives 0 and itself.
func YAMLLine(msg string) (int, string) {
	rest, ok := strings.CutPrefix(msg, "line ")
	if !ok {
		return 0, msg
	}
	num, text, ok := strings.Cut(rest, ": ")
	n, err := strconv.Atoi(num)
	if !ok || err != nil {
		return 0, msg
	}
	return n, text
}

// describeTypeError turns "cannot unmarshal !!str `wide` into int" on the
// line "imageWidth: wide" into "imageWidth: want a number, got "wide"".
func describeTypeError(line []byte, msg string) string {
	key, _, _ := strings.Cut(strings.TrimSpace(string(line)), ":")
	rest, ok := strings.CutPrefix(msg, "cannot unmarshal ")
	if !ok {
		return key + ": " + msg
	}
	got, want, ok := strings.Cut(rest, " into ")
	if !ok {
		return key + ": " + msg
	}
	if i := strings.IndexByte(got, '`'); i >= 0 {
		got = strconv.Quote(strings.Trim(got[i:], "`"))
	}
	switch {
	case strings.HasPrefix(want, "int"):
		want = "a whole number"
	case want == "string":
		want = "text"
	case strings.HasPrefix(want, "struct"), strings.HasPrefix(want, "article."):
		want = "a mapping of keys to values"
	}
	return key + ": want " + want + ", got " + got
}
