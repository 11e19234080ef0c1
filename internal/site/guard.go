package site

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
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

// CheckOut returns the error a build of cfg would fail with because of
// its output directory, or nil: a *ConfigError when the build must not
// write it.
func CheckOut(cfg Config) error {
	_, err := checkOut(cfg)
	return err
}

// checkOut refuses output directories that a build must never replace:
// the filesystem root, the repository holding the working directory, the
// input directories, any directory holding them or inside them (whose
// files the next build would read as its input), and any directory that
// is neither empty nor written by an earlier build. It returns the
// directory to write: the output directory with every symlink on its
// path followed, so that a symlinked -out keeps its link and the build
// fills the directory it leads to.
func checkOut(cfg Config) (string, error) {
	out, err := realPath(cfg.Out)
	if err != nil {
		return "", configErrorf("-out %s: %v", cfg.Out, err)
	}
	name := cfg.Out
	if abs, err := filepath.Abs(cfg.Out); err == nil && abs != out {
		name = fmt.Sprintf("%s (the symlinked %s)", cfg.Out, out)
	}
	if out == filepath.Dir(out) {
		return "", configErrorf("-out %s: refusing to replace the filesystem root", name)
	}
	inputs := map[string]string{"content": cfg.Content, "templates": cfg.Templates, "assets": cfg.Assets}
	protected := maps.Clone(inputs)
	if root := repoRoot(); root != "" {
		protected["repository"] = root
	}
	for _, what := range slices.Sorted(maps.Keys(protected)) {
		dir := protected[what]
		abs, err := realPath(dir)
		if err != nil {
			continue
		}
		if within(abs, out) {
			return "", configErrorf("-out %s: refusing to replace a directory that holds the %s directory %s", name, what, dir)
		}
		if _, input := inputs[what]; input && within(out, abs) {
			return "", configErrorf("-out %s: refusing to write inside the %s directory %s, which the next build would read back as its input", name, what, dir)
		}
	}
	return out, checkOwned(out, name)
}

// realPath returns the absolute form of p with every symlink on it
// followed, those that lead to nothing yet included, so that two paths
// of one directory are equal. The part of p that does not exist is kept
// as it is.
func realPath(p string) (string, error) {
	p, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	for range 255 {
		real, err := filepath.EvalSymlinks(p)
		if err == nil {
			return real, nil
		}
		fi, lerr := os.Lstat(p)
		switch {
		case lerr == nil && fi.Mode()&fs.ModeSymlink != 0:
			// A symlink that leads to nothing, or round in a loop: follow
			// it by hand.
			target, err := os.Readlink(p)
			if err != nil {
				return "", err
			}
			if !filepath.IsAbs(target) {
				target = filepath.Join(filepath.Dir(p), target)
			}
			p = target
		case errors.Is(lerr, fs.ErrNotExist) && filepath.Dir(p) != p:
			parent, err := realPath(filepath.Dir(p))
			if err != nil {
				return "", err
			}
			return filepath.Join(parent, filepath.Base(p)), nil
		default:
			return "", err
		}
	}
	return "", errors.New("too many levels of symlinks")
}

// checkOwned returns an error unless dir is missing, empty, or marked as
// written by a build. Its messages call dir name.
func checkOwned(dir, name string) error {
	fi, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return configErrorf("-out %s: not a directory", name)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, Marker)); err != nil {
		return configErrorf("-out %s: refusing to replace a directory that this tool did not write (it has no %s); remove it or choose another -out", name, Marker)
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
