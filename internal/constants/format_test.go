package constants

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// This file writes the constants file, for -update: the comment at the
// top of the file as it stands, then each stack in the shape the file
// keeps, its codes in order. Comments below the top are not kept.

var (
	// blockPlain matches what may stand unquoted as a value of a block
	// mapping; flowPlain, as an item of a flow sequence.
	blockPlain = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_ .,/:#()%'+-]*$`)
	flowPlain  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// header returns the comment lines at the top of data, with the blank
// line after them.
func header(data []byte) []byte {
	var b bytes.Buffer
	for l := range bytes.Lines(data) {
		t := bytes.TrimSpace(l)
		if len(t) > 0 && t[0] != '#' {
			break
		}
		b.Write(l)
	}
	return b.Bytes()
}

// format returns set written as the constants file, below head.
func format(head []byte, set *Set) []byte {
	var b bytes.Buffer
	b.Write(head)
	for i, st := range set.Stacks {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s:\n", st.ID)
		field := func(key, v string) {
			if v != "" {
				fmt.Fprintf(&b, "  %s: %s\n", key, scalar(v, false))
			}
		}
		field("label", st.Label)
		field("library", st.Library)
		field("version", st.Version)
		field("doc", st.Doc)
		field("form", st.Form)
		field("lookup", st.Lookup)
		field("verified", string(st.Verified))
		if st.Note != "" {
			b.WriteString("  note: >-\n")
			for _, l := range wrap(st.Note, 72) {
				fmt.Fprintf(&b, "    %s\n", l)
			}
		}
		b.WriteString("  names:\n")
		codes := make([]int, 0, len(st.Codes))
		for c := range st.Codes {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		for _, c := range codes {
			fmt.Fprintf(&b, "    %d: %s\n", c, names(st.Codes[c]))
		}
	}
	return b.Bytes()
}

// names returns a code's names as the file writes them: a name alone,
// or a flow sequence when there are several or one has more than a name.
func names(ns []Name) string {
	if len(ns) == 1 && !ns[0].Deprecated && ns[0].Written == "" {
		return scalar(ns[0].Name, false)
	}
	items := make([]string, len(ns))
	for i, n := range ns {
		if !n.Deprecated && n.Written == "" {
			items[i] = scalar(n.Name, true)
			continue
		}
		item := "{name: " + scalar(n.Name, true)
		if n.Deprecated {
			item += ", deprecated: true"
		}
		if n.Written != "" {
			item += ", written: " + scalar(n.Written, true)
		}
		items[i] = item + "}"
	}
	return "[" + strings.Join(items, ", ") + "]"
}

// scalar returns s as a YAML scalar: plain when that reads back as s,
// else double-quoted.
func scalar(s string, flow bool) string {
	plain := blockPlain.MatchString(s) && !strings.Contains(s, ": ") && !strings.Contains(s, " #") &&
		!strings.HasSuffix(s, " ") && !strings.HasSuffix(s, ":")
	if flow {
		plain = flowPlain.MatchString(s)
	}
	if plain {
		return s
	}
	return strconv.Quote(s)
}

// wrap breaks s into lines of at most width bytes, at spaces.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}
