package article

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"path"
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
	st.repeatedKeys(block)
	st.keyLines(block)
	st.a.Front.decode()
	if strings.TrimSpace(st.a.Front.Title) == "" {
		st.errorf(0, "add a line such as \"title: List of HTTP status codes\"", "front matter has no title")
		return false
	}
	st.checkImage()
	return len(st.errs) == 0
}

// Limits of the front matter's image size, in pixels: from the smallest
// link previews show to a size a card can be drawn at in a few
// milliseconds. Zero, or no key, means the default.
const (
	MinImageWidth  = 200
	MinImageHeight = 100
	MaxImageSide   = 4096
)

// checkImage reports an image size outside its limits, and an image name
// that is not a path inside the assets directory.
func (st *state) checkImage() {
	f := &st.a.Front
	for _, n := range []struct {
		key    string
		v, low int
	}{{"imageWidth", f.ImageWidth, MinImageWidth}, {"imageHeight", f.ImageHeight, MinImageHeight}} {
		if n.v != 0 && (n.v < n.low || n.v > MaxImageSide) {
			st.errorf(st.valueOffset(n.key), "give the size of the preview image in pixels, or leave it out for the default",
				"front matter: %s is %d, outside the limits of %d to %d", n.key, n.v, n.low, MaxImageSide)
		}
	}
	switch ext := strings.ToLower(path.Ext(f.Image)); {
	case f.Image == "":
	case !IsAssetName(f.Image):
		st.errorf(st.valueOffset("image"), `name a file of the assets directory, such as "social/cover.png", with letters, digits and . - _ ~ + @, without "..", "./" or a leading "/"`,
			"front matter: image %q is not the name of a file inside the assets directory", f.Image)
	case ext != ".png" && ext != ".jpg" && ext != ".jpeg":
		st.errorf(st.valueOffset("image"), "link previews show PNG and JPEG images, and the build draws PNG ones",
			"front matter: image %q is neither a .png nor a .jpg or .jpeg file", f.Image)
	}
}

// keyLines records the line of each top-level key of the front matter
// block, and reports a number that YAML would cut to a whole one without
// a word, such as "imageWidth: 1200.5".
func (st *state) keyLines(block []byte) {
	var keys yaml.MapSlice
	if yaml.Unmarshal(block, &keys) != nil {
		return
	}
	st.a.FrontLines = map[string]int{}
	for _, k := range keys {
		name, ok := k.Key.(string)
		if !ok {
			continue
		}
		off := st.valueOffset(name)
		line, _ := st.position(off)
		st.a.FrontLines[name] = line
		if f, ok := k.Value.(float64); ok && (name == "imageWidth" || name == "imageHeight" || name == "order") {
			st.errorf(off, "", "front matter: %s: want a whole number, got %v", name, f)
		}
	}
}

// IsAssetName reports whether name can name a file of the assets
// directory: a slash-separated path that stays inside the directory it
// is taken in (no "." or ".." element, no empty one, no leading slash),
// names no hidden file or directory, and holds only the characters that
// its URL, which is its name, carries as they are: letters, digits and
// ". - _ ~ + @".
func IsAssetName(name string) bool {
	if !fs.ValidPath(name) || name == "." {
		return false
	}
	for _, r := range name {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("/.-_~+@", r)) {
			return false
		}
	}
	for elem := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(elem, ".") {
			return false
		}
	}
	return true
}

// decode decodes the character references of the front matter's text,
// such as "&#39;" and "&amp;", as a browser would in the page the
// front matter comes from, so that the build judges and shows what a
// reader of that page reads.
func (f *FrontMatter) decode() {
	for _, s := range []*string{&f.Title, &f.Excerpt, &f.Meta.Title, &f.Meta.Description, &f.Image, &f.ImageAlt} {
		*s = html.UnescapeString(*s)
	}
}

// repeatedKeys reports each key that block gives twice at one level,
// which YAML would read as its last value. The strict decode reports
// them, along with the keys FrontMatter has no field for, which are
// allowed.
func (st *state) repeatedKeys(block []byte) {
	var te *yaml.TypeError
	if !errors.As(yaml.UnmarshalStrict(block, new(FrontMatter)), &te) {
		return
	}
	for _, msg := range te.Errors {
		n, rest := YAMLLine(msg)
		key, ok := strings.CutPrefix(rest, "field ")
		if !ok || !strings.Contains(key, " already set in ") {
			continue
		}
		key, _, _ = strings.Cut(key, " ")
		first := st.earlierKey(n+1, key)
		st.frontMatterError(n, fmt.Sprintf("%s repeats line %d", key, first))
		st.errs[len(st.errs)-1].Hint = "keep one of the two lines"
	}
}

// earlierKey returns the file line before line that sets key at the
// same indentation, or 0.
func (st *state) earlierKey(line int, key string) int {
	indent := func(l []byte) int { return len(l) - len(bytes.TrimLeft(l, " ")) }
	want := indent(st.line(line))
	for n := line - 1; n > 1; n-- {
		l := st.line(n)
		if indent(l) == want && bytes.HasPrefix(bytes.TrimLeft(l, " "), []byte(key+":")) {
			return n
		}
	}
	return 0
}

// valueOffset returns the offset of the value of top-level key in the
// front matter, or of the front matter's start when no line gives key.
func (st *state) valueOffset(key string) int {
	for n := 2; n <= st.bodyLine-1; n++ {
		if rest, ok := bytes.CutPrefix(st.line(n), []byte(key+":")); ok {
			return st.lines[n-1] + len(key) + 1 + len(rest) - len(bytes.TrimLeft(rest, " \t"))
		}
	}
	return 0
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

// YAMLMessages returns the messages of an error of the YAML library: one
// for each problem a *yaml.TypeError lists, or else the error's own,
// without its "yaml: " prefix. Each may start with its line, as YAMLLine
// reads it.
func YAMLMessages(err error) []string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return te.Errors
	}
	return []string{strings.TrimPrefix(err.Error(), "yaml: ")}
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
