package e2e

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// nuMessage is one message of the Nu HTML Checker's JSON output.
type nuMessage struct {
	Type     string `json:"type"`
	URL      string `json:"url"`
	LastLine int    `json:"lastLine"`
	FirstCol int    `json:"firstColumn"`
	Message  string `json:"message"`
	Extract  string `json:"extract"`
}

// nuCheck runs the Nu HTML Checker on files and returns its errors.
func nuCheck(t *testing.T, files []string) []nuMessage {
	t.Helper()
	args := append([]string{"-jar", vnuJar(t), "--errors-only", "--format", "json", "--also-check-css"}, files...)
	cmd := exec.Command(javaPath(t), args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run() // exits 1 when it finds errors; the JSON says which
	var out struct {
		Messages []nuMessage `json:"messages"`
	}
	if err := json.Unmarshal(stderr.Bytes(), &out); err != nil {
		t.Fatalf("vnu: %v (%v)\nstdout: %s\nstderr: %s", err, runErr, stdout.Bytes(), stderr.Bytes())
	}
	if runErr != nil && len(out.Messages) == 0 {
		t.Fatalf("vnu: %v with no message\nstderr: %s", runErr, stderr.Bytes())
	}
	return out.Messages
}

// TestNuHTMLChecker validates every page and stylesheet of the build.
func TestNuHTMLChecker(t *testing.T) {
	dir := buildSite(t)
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && (strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".css")) {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 92 {
		t.Fatalf("%d pages and stylesheets, want 92", len(files))
	}
	for _, m := range nuCheck(t, files) {
		name := strings.TrimPrefix(m.URL, "file:"+dir+"/")
		t.Errorf("%s:%d:%d: %s: %s\n\t%s", name, m.LastLine, m.FirstCol, m.Type, m.Message, m.Extract)
	}
	t.Logf("Nu HTML Checker: %d files checked", len(files))
}

// TestNuHTMLCheckerFails checks that the checker run by the tests does
// report an invalid page.
func TestNuHTMLCheckerFails(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.html")
	if err := os.WriteFile(bad, []byte("<!doctype html><html lang=en><title>x</title><p><div></p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if msgs := nuCheck(t, []string{bad}); len(msgs) == 0 {
		t.Error("no error reported for an invalid page")
	}
}
