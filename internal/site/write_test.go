package site

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestConcurrentBuilds checks that two builds of different sites into
// the same output directory at once take turns: afterwards the directory
// holds one site or the other, whole, never a mix.
func TestConcurrentBuilds(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "public")
	sites := map[string]Config{}
	want := map[string]map[string][]byte{}
	for _, v := range []string{"v1", "v2"} {
		cfg := repoConfig(t)
		cfg.Content = filepath.Join("../../cmd/build/testdata", v)
		sites[v] = cfg
		build(t, cfg)
		want[v] = readTree(t, cfg.Out)
		cfg.Out = out
		sites[v] = cfg
	}
	for round := range 8 {
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		for _, cfg := range sites {
			wg.Go(func() {
				if _, err := Build(cfg); err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: %v", round, err)
		}
		got := readTree(t, out)
		if (treeDiff(want["v1"], got) == "") == (treeDiff(want["v2"], got) == "") {
			t.Fatalf("round %d: the output is neither site whole", round)
		}
		if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
			t.Fatalf("round %d: beside the output: %v", round, entries)
		}
	}
}

// TestLeftovers checks that a build removes the new trees a killed build
// left beside the output, and that failing to remove the tree it
// replaced is a warning, not a failed build.
func TestLeftovers(t *testing.T) {
	t.Parallel()
	cfg := repoConfig(t)
	parent := filepath.Dir(cfg.Out)
	for _, name := range []string{".public.new-123", ".public.new-456.old"} {
		if err := os.MkdirAll(filepath.Join(parent, name, "codes"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	other := filepath.Join(parent, "unrelated")
	if err := os.Mkdir(other, 0o755); err != nil {
		t.Fatal(err)
	}
	r := build(t, cfg)
	entries, err := os.ReadDir(parent)
	if err != nil || len(entries) != 2 {
		t.Fatalf("beside the output: %v, %v; want public and unrelated alone", entries, err)
	}

	files, _, err := NewBuilder(cfg).Files()
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, File{Path: Marker, Data: []byte(markerText)})
	stuck := errors.New("stuck")
	err = writeTree(cfg.Out, files, func(string) error { return stuck })
	var left *leftOverError
	if !errors.As(err, &left) || !errors.Is(err, stuck) {
		t.Fatalf("writeTree = %v, want a leftOverError", err)
	}
	if got := len(readTree(t, cfg.Out)); got != r.Files {
		t.Errorf("after the swap the output holds %d files, want the new site's %d", got, r.Files)
	}
	// The next build removes what the last one could not.
	build(t, cfg)
	if _, err := os.Stat(left.dir); !os.IsNotExist(err) {
		t.Errorf("%s: %v; want it removed by the next build", left.dir, err)
	}
}

// TestWriteOutside checks that no file is written when one of them would
// land outside the output directory.
func TestWriteOutside(t *testing.T) {
	for _, p := range []string{"../x.png", "/etc/x", "a/../../x", "", ".", "a//b", `a\..\x`} {
		out := filepath.Join(t.TempDir(), "deep", "public")
		err := writeTree(out, []File{{Path: "index.html", Data: []byte("x")}, {Path: p, Data: []byte("x")}}, os.RemoveAll)
		if err == nil {
			t.Errorf("%q: written", p)
		}
		if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
			t.Errorf("%q: the failed write left %v", p, entries)
		}
	}
}
