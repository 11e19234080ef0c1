package clients

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/httpstatus/site/internal/facts"
)

var update = flag.Bool("update", false, "rewrite content/clients.json from the clients installed here")

// contentFile is the results file of the repository.
var contentFile = filepath.Join("..", "..", "content", File)

// readContent returns the repository's results.
func readContent(t *testing.T) *Results {
	t.Helper()
	src, err := os.ReadFile(contentFile)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Parse(contentFile, src)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestProbe drives the clients installed here, as .ci/test installs
// them, and holds content/clients.json to what they do. With -update it
// rewrites the file instead.
func TestProbe(t *testing.T) {
	start := time.Now()
	now, err := Probe(t.Context(), DefaultConfig(os.Getenv))
	if err != nil {
		t.Fatalf("%v\n(.ci/test installs the clients: apt-get install chromium nodejs curl python3-requests)", err)
	}
	t.Logf("probed %d clients in %s", len(now.Clients), time.Since(start).Round(time.Millisecond))
	if *update {
		b, err := Encode(now)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(contentFile, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	behaviour, versions := Differences(readContent(t), now)
	for _, d := range behaviour {
		t.Error(d)
	}
	for _, v := range versions {
		t.Error(v)
	}
	if len(behaviour)+len(versions) > 0 {
		t.Errorf("run `go run ./cmd/probe` to write what the clients do now")
	}
}

// TestEncode checks that the file is as Encode writes it, so that a
// probe of the same clients writes the same bytes.
func TestEncode(t *testing.T) {
	src, err := os.ReadFile(contentFile)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Parse(contentFile, src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Encode(r)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(src), string(got)); diff != "" {
		t.Errorf("%s is not as Encode writes it (-want +got):\n%s", contentFile, diff)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct {
		name, src, want string
	}{
		{"syntax", "{\n\"clients\": [,]}", "f.json:2: invalid character"},
		{"unknown field", `{"clients": [], "when": "today"}`, `unknown field "when"`},
		{"order", `{"clients": [{"id": "curl"}]}`, `client 1 is "curl"`},
		{"unknown client", `{"clients": [{"id": "go"}, {"id": "wget"}]}`, `client 2 is "wget"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.json", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse: %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func TestDifferences(t *testing.T) {
	file := &Results{Clients: []*Client{{ID: "curl-follow", Name: "curl -L", Version: "7.88.1",
		Redirects: []Redirect{{Code: 303, Method: "POST", Followed: true, NextMethod: "GET", Resolved: true, Hops: 25}}}}}
	same := &Results{Clients: []*Client{{ID: "curl-follow", Name: "curl -L", Version: "7.88.2",
		Redirects: []Redirect{{Code: 303, Method: "POST", Followed: true, NextMethod: "GET", Resolved: true, Hops: 25}}}}}
	changed := &Results{Clients: []*Client{{ID: "curl-follow", Name: "curl -L", Version: "7.88.1",
		Redirects: []Redirect{{Code: 303, Method: "POST", Followed: true, NextMethod: "POST", BodyResent: true, Resolved: true, Hops: 25}}}}}
	for _, tt := range []struct {
		name               string
		now                *Results
		behaviour, version []string
	}{
		{"same", file, nil, nil},
		{"version", same, nil, []string{"curl -L is 7.88.2 here, clients.json says 7.88.1; behaviour unchanged"}},
		{"behaviour", changed, []string{
			"curl -L, 303 after POST: method on the next request: file says GET, now POST",
			"curl -L, 303 after POST: content sent again: file says false, now true",
		}, nil},
		{"client gone", &Results{}, []string{"curl -L: in the file, no longer probed"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, v := Differences(file, tt.now)
			if diff := cmp.Diff(tt.behaviour, b); diff != "" {
				t.Errorf("behaviour (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.version, v); diff != "" {
				t.Errorf("versions (-want +got):\n%s", diff)
			}
		})
	}
}

// TestClaims holds every claim codes.yaml makes about clients to what
// they were measured to do.
func TestClaims(t *testing.T) {
	path := filepath.Join("..", "..", "content", "codes.yaml")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := facts.Parse(path, src)
	if err != nil {
		t.Fatal(err)
	}
	r := readContent(t)
	n := 0
	for _, c := range f.Codes {
		for _, cl := range c.Claims {
			n++
			if err := r.Check(cl); err != nil {
				t.Errorf("%s:%d: code %d: %v", path, cl.Line, c.Code, err)
			}
		}
	}
	if n == 0 {
		t.Errorf("%s makes no claims about clients; the notes of 301 and 302 do", path)
	}
}

func TestCheck(t *testing.T) {
	r := &Results{Clients: []*Client{
		{Name: "A", Redirects: []Redirect{{Code: 301, Method: "POST", Followed: true, NextMethod: "GET"},
			{Code: 308, Method: "POST", Followed: true, NextMethod: "POST", BodyResent: true}}},
		{Name: "B", Redirects: []Redirect{{Code: 301, Method: "POST", Followed: true, NextMethod: "POST", BodyResent: true},
			{Code: 308, Method: "POST"}}}, // not followed: does not count
		{Name: "C", Redirects: []Redirect{{Code: 301, Method: "POST", NotMeasured: "cannot"}}},
	}}
	for _, tt := range []struct {
		claim facts.Claim
		want  string // "" when it holds
	}{
		{facts.Claim{Clients: facts.Some, Behaviour: facts.PostToGet, Code: 301}, ""},
		{facts.Claim{Clients: facts.Every, Behaviour: facts.PostToGet, Code: 301}, "every client turns a POST into a GET after 301: only A of A, B do"},
		{facts.Claim{Clients: facts.None, Behaviour: facts.PostToGet, Code: 301}, "no client turns a POST into a GET after 301: A do"},
		{facts.Claim{Clients: facts.Every, Behaviour: facts.KeepMethod, Code: 308}, ""},
		{facts.Claim{Clients: facts.Some, Behaviour: facts.PostToGet, Code: 308}, "some client turns a POST into a GET after 308: none does, of A"},
		{facts.Claim{Clients: facts.Some, Behaviour: facts.PostToGet, Code: 307}, "some client turns a POST into a GET after 307: no client measured to which it applies"},
		{facts.Claim{Clients: facts.Every, Behaviour: facts.SendOn, Code: 100}, "every client that asked for it sends the content after 100: no client measured to which it applies"},
	} {
		got := ""
		if err := r.Check(tt.claim); err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("Check(%s) = %q, want %q", tt.claim, got, tt.want)
		}
	}
}
