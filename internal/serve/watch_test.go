package serve

import (
	"io"
	"path/filepath"
	"testing"

	"github.com/fsnotify/fsnotify"
)

func TestRelevant(t *testing.T) {
	base := t.TempDir()
	w, err := newWatcher(
		[]string{filepath.Join(base, "content"), filepath.Join(base, "templates")},
		[]string{filepath.Join(base, "netlify.toml")},
		filepath.Join(base, "public"),
		&syncWriter{w: io.Discard},
	)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	tests := []struct {
		name string
		op   fsnotify.Op
		want bool
	}{
		{"content/http-status-codes.md", fsnotify.Write, true},
		{"content/http-status-codes.md", fsnotify.Create, true}, // renamed over the old file
		{"content/http-status-codes.md", fsnotify.Remove, true},
		{"content/http-status-codes.md", fsnotify.Chmod, false},
		{"templates/partials/entry.html", fsnotify.Write, true},
		{"templates", fsnotify.Create, true}, // the directory itself, made again
		{"content/.http-status-codes.md.tmp", fsnotify.Create, false},
		{"content/http-status-codes.md~", fsnotify.Create, false},
		{"content/.http-status-codes.md.swp", fsnotify.Write, false},
		{"netlify.toml", fsnotify.Write, true},
		{"README.md", fsnotify.Write, false},
		{"public/index.html", fsnotify.Create, false},
		{".public.new-123", fsnotify.Create, false},
		{"contents/x.md", fsnotify.Write, false},
	}
	for _, tt := range tests {
		ev := fsnotify.Event{Name: filepath.Join(base, filepath.FromSlash(tt.name)), Op: tt.op}
		if got := w.relevant(ev); got != tt.want {
			t.Errorf("relevant(%s %s) = %v, want %v", tt.op, tt.name, got, tt.want)
		}
	}
}
