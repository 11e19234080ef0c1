package serve

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watcher reports changes under some directories, and to some single
// files, in batches separated by a quiet time.
//
// It watches directories, never files: an editor that saves by writing a
// new file and renaming it over the old one replaces the file, and a
// watch on the old file would go with it. New subdirectories are added
// as they appear, and the parents of the watched directories and files
// are watched too, so that a directory or file deleted and created again
// is picked up.
type watcher struct {
	fsw    *fsnotify.Watcher
	log    *syncWriter
	roots  []string // absolute directories watched with their subdirectories
	files  []string // absolute single files
	ignore string   // absolute output directory, whose changes are the build's own
}

// newWatcher watches dirs, files and their parent directories.
func newWatcher(dirs, files []string, out string, log *syncWriter) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{fsw: fsw, log: log}
	for _, d := range dirs {
		if w.roots, err = appendAbs(w.roots, d); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	for _, f := range files {
		if w.files, err = appendAbs(w.files, f); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	if w.ignore, err = filepath.Abs(out); err != nil {
		fsw.Close()
		return nil, err
	}
	w.sync()
	return w, nil
}

func appendAbs(list []string, p string) ([]string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, err
	}
	return append(list, abs), nil
}

// sync adds a watch on every directory that should have one. Adding a
// watched directory again is harmless, so sync can run after each batch.
func (w *watcher) sync() {
	parents := map[string]bool{}
	for _, f := range w.files {
		parents[filepath.Dir(f)] = true
	}
	for _, root := range w.roots {
		parents[filepath.Dir(root)] = true
		w.addTree(root)
	}
	for p := range parents {
		w.add(p)
	}
}

// add watches dir, and says so when it cannot: changes there would go
// unnoticed.
func (w *watcher) add(dir string) {
	if err := w.fsw.Add(dir); err != nil {
		w.log.printf("watch: %v; changes there need a restart\n", err)
	}
}

// addTree watches dir and every directory under it, skipping hidden ones.
func (w *watcher) addTree(dir string) {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		w.add(p)
		return nil
	})
	if err != nil {
		w.log.printf("watch: %v\n", err)
	}
}

// relevant reports whether an event calls for a rebuild: a change to a
// watched file, or to anything under a watched directory except editors'
// hidden, backup and swap files and the output directory.
func (w *watcher) relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	name := ev.Name
	if slices.Contains(w.files, name) {
		return true
	}
	if within(name, w.ignore) {
		return false
	}
	base := filepath.Base(name)
	if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") ||
		strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") {
		return false
	}
	for _, root := range w.roots {
		if within(name, root) {
			return true
		}
	}
	return false
}

// within reports whether name is dir or lies under it.
func within(name, dir string) bool {
	rel, err := filepath.Rel(dir, name)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// run calls changed after each batch of relevant events, once no event
// came for the quiet time, until ctx is done. Events that arrive during
// changed make the next batch.
func (w *watcher) run(ctx context.Context, quiet time.Duration, changed func()) {
	timer := time.NewTimer(quiet)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if !w.relevant(ev) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					w.addTree(ev.Name)
				}
			}
			timer.Reset(quiet)
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			// Events may have been lost (the kernel's queue overflowed):
			// rebuild, which is always safe.
			w.log.printf("watch: %v\n", err)
			timer.Reset(quiet)
		case <-timer.C:
			w.sync()
			changed()
		}
	}
}

// close stops watching.
func (w *watcher) close() error { return w.fsw.Close() }
