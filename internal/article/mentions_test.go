package article

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAppendNumbers(t *testing.T) {
	tests := []struct {
		text string
		want []int
	}{
		{"modified from that of the origin server's 200 OK response", []int{200}},
		{"use 307 or 308, not 302; 307 again", []int{307, 308, 302}},
		{"ranges such as bytes 0-1023/146515 and RFC 4918", nil},
		{"(404) and 404-not-found, but not x404 or 4040 or 099 or 600", []int{404}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := appendNumbers(nil, tt.text); !cmp.Equal(got, tt.want) {
			t.Errorf("appendNumbers(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestRealArticleMentions checks that an entry names only other codes of
// the article: 203 names 200, and no other entry names a code.
func TestRealArticleMentions(t *testing.T) {
	a := parseFile(t, realArticle)
	got := map[int][]int{}
	for _, e := range a.Entries {
		if len(e.Mentions) > 0 {
			got[e.Code] = e.Mentions
		}
	}
	if diff := cmp.Diff(map[int][]int{203: {200}}, got); diff != "" {
		t.Errorf("mentions (-want +got):\n%s", diff)
	}
}
