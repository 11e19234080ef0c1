package site

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Marker is the file every build leaves in its output directory. A
// directory without it is not replaced unless it is empty, so that a
// mistyped -out cannot delete someone's work.
const Marker = ".generated-by-cmd-build"

const markerText = "This directory is written by go run ./cmd/build and replaced whole by each build.\n"

// ConfigError is a problem with the configuration rather than the content.
type ConfigError struct{ Msg string }

func (e *ConfigError) Error() string { return e.Msg }

func configErrorf(format string, args ...any) error {
	return &ConfigError{Msg: fmt.Sprintf(format, args...)}
}

// checkOut refuses output directories that a build must never replace:
// the filesystem root, the repository holding the working directory, the
// input directories or any directory holding them, and any directory that
// is neither empty nor written by an earlier build.
func checkOut(cfg Config) error {
	out, err := filepath.Abs(cfg.Out)
	if err != nil {
		return err
	}
	if out == filepath.Dir(out) {
		return configErrorf("-out %s: refusing to replace the filesystem root", cfg.Out)
	}
	protected := map[string]string{"content": cfg.Content, "templates": cfg.Templates, "assets": cfg.Assets}
	if root := repoRoot(); root != "" {
		protected["repository"] = root
	}
	for what, dir := range protected {
		abs, err := filepath.Abs(dir)
		if err == nil && within(abs, out) {
			return configErrorf("-out %s: refusing to replace a directory that holds the %s directory %s", cfg.Out, what, dir)
		}
	}
	return checkOwned(cfg.Out)
}

// checkOwned returns an error unless dir is missing, empty, or marked as
// written by a build.
func checkOwned(dir string) error {
	fi, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return configErrorf("-out %s: not a directory", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, Marker)); err != nil {
		return configErrorf("-out %s: refusing to replace a directory that this tool did not write (it has no %s); remove it or choose another -out", dir, Marker)
	}
	return nil
}

// within reports whether path is dir or lies inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// repoRoot returns the nearest directory at or above the working
// directory that holds go.mod or .git, or "".
func repoRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		for _, name := range []string{"go.mod", ".git"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				return dir
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
