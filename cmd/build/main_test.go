package main

import (
	"bytes"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func noEnv(string) string { return "" }

// pages returns the HTML files under dir.
func pages(t *testing.T, dir string) []string {
	t.Helper()
	var got []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(dir, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(got)
	return got
}

func buildArgs(content, out string) []string {
	return []string{"-content", content, "-out", out, "-templates", "../../templates", "-assets", "../../assets", "-base-url", "https://example.test"}
}

// TestEditedArticle builds a small article, then an edited one into the
// same output: the pages follow the edits exactly.
func TestEditedArticle(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "public")
	steps := []struct {
		content string
		want    []string
		titles  map[string]string
	}{
		{"testdata/v1", []string{"404.html", "codes.html", "codes/200.html", "codes/404.html", "codes/410.html", "index.html"},
			map[string]string{"codes/404.html": "404 Not Found"}},
		{"testdata/v2", []string{"404.html", "codes.html", "codes/200.html", "codes/201.html", "codes/404.html", "index.html"},
			map[string]string{"codes/404.html": "404 Nothing Here", "codes/201.html": "201 Created"}},
	}
	for _, s := range steps {
		var stderr bytes.Buffer
		if code := run(buildArgs(s.content, out), &stderr, noEnv); code != 0 {
			t.Fatalf("%s: exit %d: %s", s.content, code, stderr.String())
		}
		if diff := cmp.Diff(s.want, pages(t, out)); diff != "" {
			t.Errorf("%s: pages (-want +got):\n%s", s.content, diff)
		}
		for page, title := range s.titles {
			data, err := os.ReadFile(filepath.Join(out, page))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(data, []byte("<title>"+title+" · HTTP status codes</title>")) {
				t.Errorf("%s: %s lacks the title %q", s.content, page, title)
			}
		}
		if !strings.Contains(stderr.String(), "codes · ") {
			t.Errorf("no report line: %q", stderr.String())
		}
	}
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "public")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"help", []string{"-h"}, 0, "-base-url URL"},
		{"help on serving", []string{"-h"}, 0, "-addr address"},
		{"serve on a bad address", append(buildArgs("testdata/v1", out), "-q", "-serve", "-addr", "127.0.0.1:http-alt-nope"), 1, "listen tcp"},
		{"serve into the assets", append(buildArgs("testdata/v1", "../../assets/public"), "-q", "-serve", "-addr", "127.0.0.1:0"), 2,
			"-out ../../assets/public: refusing to write inside the assets directory"},
		{"unknown flag", []string{"-nope"}, 2, "flag provided but not defined: -nope"},
		{"stray argument", []string{"extra"}, 2, `unexpected argument "extra"`},
		{"missing content", append(buildArgs("testdata/none", out), "-q"), 1, "http-status-codes.md: no article"},
		{"quiet", append(buildArgs("testdata/v1", out), "-q"), 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			code := run(tt.args, &stderr, noEnv)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr.String())
			}
			if tt.stderr == "" && stderr.Len() > 0 && !slices.Contains(tt.args, "-serve") {
				t.Errorf("stderr = %q, want nothing", stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, stderr.String())
			}
		})
	}
}

// syncBuffer is a stderr that the test reads while run writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeUntilInterrupted runs -serve on a free loopback port, fetches
// a page from the URL it prints, then interrupts the process as Ctrl-C
// would: run must shut down and return 0.
func TestServeUntilInterrupted(t *testing.T) {
	const wait = 30 * time.Second
	out := filepath.Join(t.TempDir(), "public")
	stderr := &syncBuffer{}
	exit := make(chan int, 1)
	go func() {
		exit <- run(append(buildArgs("testdata/v1", out), "-serve", "-addr", "127.0.0.1:0"), stderr, noEnv)
	}()
	url := regexp.MustCompile(`serving (http://127\.0\.0\.1:\d+/)`)
	deadline := time.Now().Add(wait)
	var m []string
	for m == nil {
		select {
		case code := <-exit:
			t.Fatalf("run returned %d before serving:\n%s", code, stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no URL printed within %v:\n%s", wait, stderr)
		}
		time.Sleep(10 * time.Millisecond)
		m = url.FindStringSubmatch(stderr.String())
	}
	client := &http.Client{Timeout: wait}
	res, err := client.Get(m[1] + "codes/404")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("GET /codes/404: status %d", res.StatusCode)
	}
	client.CloseIdleConnections()
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-exit:
		if code != 0 {
			t.Errorf("exit %d after the interrupt:\n%s", code, stderr)
		}
	case <-time.After(wait):
		t.Fatalf("still serving %v after the interrupt", wait)
	}
	if !strings.Contains(stderr.String(), "stopped") {
		t.Errorf("no shutdown message:\n%s", stderr)
	}
}

// TestMain keeps the tests' disk cache out of the user's: -cache defaults
// to a directory under $XDG_CACHE_HOME.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "build-test-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestCacheFlag checks that -cache chooses where the build keeps its
// cache, that an empty -cache keeps none, and that the cache does not
// change what the build writes.
func TestCacheFlag(t *testing.T) {
	t.Parallel()
	def, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tests := []struct {
		name  string
		flags []string
		where string // directory that must hold cache entries afterwards, if any
	}{
		{"default", nil, filepath.Join(def, "httpstatus-site")},
		{"chosen", []string{"-cache", filepath.Join(dir, "c")}, filepath.Join(dir, "c")},
		{"none", []string{"-cache", ""}, ""},
	}
	var want map[string]string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			for range 2 { // fill the cache, then use it
				var stderr bytes.Buffer
				args := append(buildArgs("testdata/v1", out), tt.flags...)
				if code := run(args, &stderr, noEnv); code != 0 {
					t.Fatalf("exit %d: %s", code, stderr.String())
				}
			}
			got := tree(t, out)
			if want == nil {
				want = got
			} else if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("output differs from the default's (-default +%s):\n%s", tt.name, diff)
			}
			if tt.where != "" {
				// One entry per card and per highlighted block, at the least.
				if entries, _ := filepath.Glob(filepath.Join(tt.where, "*")); len(entries) < len(got)/4 {
					t.Errorf("%d entries in %s", len(entries), tt.where)
				}
			}
		})
	}
}
