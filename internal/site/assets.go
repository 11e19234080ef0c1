package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
)

// AssetsDir is where hashed assets go inside the output directory.
const AssetsDir = "assets"

// assets reads every file in dir, adds the highlighting stylesheet to
// style.css, minifies each, and names its copy after its content's hash.
// It returns the files and, for each asset's own name, the URL path of its copy.
func (b *Builder) assets(dir string) ([]File, map[string]string, error) {
	if err := isDir(dir, "assets"); err != nil {
		return nil, nil, err
	}
	fsys := os.DirFS(dir)
	var files []File
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && name != "." {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		if name == "style.css" {
			css, err := b.hl.CSS()
			if err != nil {
				return err
			}
			data = append(append(data, '\n'), css...)
		}
		files = append(files, File{Path: name, Data: data})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if err := b.minify(files); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", dir, err)
	}
	urls := map[string]string{}
	for i, f := range files {
		files[i].Path = path.Join(AssetsDir, hashedName(f.Path, f.Data))
		urls[f.Path] = "/" + files[i].Path
	}
	return files, urls, nil
}

// hashedName returns "dir/style.3f9a1c2b.css" for "dir/style.css": the
// name changes whenever the content does, so copies can be cached forever.
func hashedName(name string, data []byte) string {
	return withHash(name, contentHash(data))
}

// contentHash returns the part of a hashed name that data gives.
func contentHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:hashLen/2])
}

// hashLen is the length of what contentHash returns.
const hashLen = 8

// withHash returns name with hash before its extension.
func withHash(name, hash string) string {
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hash + ext
}
