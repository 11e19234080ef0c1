package synonyms

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	src := "# comment\nrate limit: [429]\nauth:\n  - 401\n  - 407\n\"too large\": [413, 414, 431]\n"
	s, err := Parse("synonyms.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []Term{
		{Text: "rate limit", Codes: []int{429}, Line: 2},
		{Text: "auth", Codes: []int{401, 407}, Line: 3},
		{Text: "too large", Codes: []int{413, 414, 431}, Line: 6},
	}
	if diff := cmp.Diff(want, s.Terms); diff != "" {
		t.Errorf("terms (-want +got):\n%s", diff)
	}
	tests := []struct {
		code int
		want []string
	}{
		{429, []string{"rate limit"}},
		{413, []string{"too large"}},
		{404, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, s.Of(tt.code)); diff != "" {
			t.Errorf("Of(%d) (-want +got):\n%s", tt.code, diff)
		}
	}
	var none *Synonyms
	if got := none.Of(429); got != nil {
		t.Errorf("a nil *Synonyms finds %q for 429", got)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		src  string
		want string
	}{
		{"\"\": [429]\n", "synonyms.yaml:1:1: empty term"},
		{"ok: [200]\n\"  \": [429]\n", "synonyms.yaml:2:1: empty term"},
		{"404: [404]\n", "synonyms.yaml:1:1: term 404 is a number: a code is found by its number already"},
		{"yes: [200]\n", "synonyms.yaml:1:1: term true is not text: quote it"},
		{"auth: []\n", `synonyms.yaml:1:1: term "auth": want a list of codes, such as [429]`},
		{"auth: 401\n", `synonyms.yaml:1:1: term "auth": want a list of codes, such as [429]`},
		{"auth: [401, x]\n", `synonyms.yaml:1:1: term "auth": want a list of codes, such as [429]`},
		{"auth: [401, 401]\n", `synonyms.yaml:1:1: term "auth": want a list of codes, such as [429]`},
		{"auth: [401]\nAuth: [407]\n", `synonyms.yaml:2:1: term "Auth" repeats line 1`},
		{"big: [600]\n", `synonyms.yaml:1:1: term "big": 600 is outside 100-599`},
		{"a: [1\n", "synonyms.yaml:1: did not find expected ',' or ']'"},
		{"x: [200]\n" + strings.Repeat("#", MaxSize), "synonyms.yaml:2:"},
	}
	for _, tt := range tests {
		_, err := Parse("synonyms.yaml", []byte(tt.src))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want %s", tt.src, err, tt.want)
		}
	}
}

func TestCheck(t *testing.T) {
	s, err := Parse("synonyms.yaml", []byte("auth: [401, 407]\nteapot: [418, 599]\n"))
	if err != nil {
		t.Fatal(err)
	}
	known := func(code int) bool { return code != 407 && code != 599 }
	err = s.Check(known)
	want := "synonyms.yaml:1:1: term \"auth\" finds code 407, which the site does not have (hint: name a code of the article or of the unofficial codes)\n" +
		"synonyms.yaml:2:1: term \"teapot\" finds code 599, which the site does not have (hint: name a code of the article or of the unofficial codes)"
	if err == nil || err.Error() != want {
		t.Errorf("Check = %v, want\n%s", err, want)
	}
	if err := s.Check(func(int) bool { return true }); err != nil {
		t.Errorf("Check with every code known = %v", err)
	}
}

// TestRepository parses the repository's file.
func TestRepository(t *testing.T) {
	const path = "../../content/synonyms.yaml"
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(path, src)
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range map[int]string{429: "rate limit", 401: "auth", 407: "auth", 504: "timeout", 431: "too large"} {
		if got := s.Of(code); !strings.Contains(strings.Join(got, "|"), want) {
			t.Errorf("%s: %d has terms %q, want %q among them", path, code, got, want)
		}
	}
}
