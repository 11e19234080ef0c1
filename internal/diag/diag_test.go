package diag

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestError(t *testing.T) {
	tests := []struct {
		e    Error
		want string
	}{
		{Error{Path: "a.md", Line: 3, Col: 7, Msg: "bad", Hint: "fix it"}, "a.md:3:7: bad (hint: fix it)"},
		{Error{Path: "a.md", Line: 3, Msg: "bad"}, "a.md:3: bad"},
		{Error{Path: "a.md", Col: 7, Msg: "bad"}, "a.md: bad"}, // a column means nothing without a line
		{Error{Msg: "bad"}, "bad"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("%+v.Error() = %q, want %q", tt.e, got, tt.want)
		}
	}
}

func TestSorted(t *testing.T) {
	l := List{{Path: "b", Line: 1}, {Path: "a", Line: 9}, {Path: "a", Line: 2, Col: 5}, {Path: "a", Line: 2, Col: 1}}
	var got []string
	for _, e := range l.Sorted(3) {
		got = append(got, e.Place())
	}
	if diff := cmp.Diff([]string{"a:2:1", "a:2:5", "a:9"}, got); diff != "" {
		t.Errorf("Sorted(3) (-want +got):\n%s", diff)
	}
}

// TestAll checks that All finds every problem an error carries, however
// it is wrapped, and gives any other error as a problem of its own.
func TestAll(t *testing.T) {
	one := &Error{Path: "x.yaml", Line: 4, Msg: "one"}
	list := List{{Path: "a.md", Line: 1, Msg: "first"}, {Path: "a.md", Line: 2, Msg: "second"}}
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{"nil", nil, nil},
		{"one", one, []string{"x.yaml:4: one"}},
		{"wrapped one", fmt.Errorf("reading: %w", one), []string{"x.yaml:4: one"}},
		{"wrapped list", fmt.Errorf("parsing: %w", list), []string{"a.md:1: first", "a.md:2: second"}},
		{"joined", errors.Join(one, errors.New("plain"), list), []string{"x.yaml:4: one", "plain", "a.md:1: first", "a.md:2: second"}},
		{"no message", errors.New(""), []string{"failed without a message"}},
	}
	for _, tt := range tests {
		var got []string
		for _, e := range All(tt.err) {
			got = append(got, e.Error())
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: All (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestPosition(t *testing.T) {
	src := []byte("ab\nçé\n\nx")
	tests := []struct{ off, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {5, 2, 2}, {6, 2, 2}, {7, 2, 3}, {8, 3, 1}, {9, 4, 1}, {10, 4, 2}, {99, 4, 2}, {-1, 1, 1},
	}
	for _, tt := range tests {
		if line, col := Position(src, tt.off); line != tt.line || col != tt.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tt.off, line, col, tt.line, tt.col)
		}
	}
}
