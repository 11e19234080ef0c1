package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/diag"
	"github.com/httpstatus/site/internal/input"
	"github.com/httpstatus/site/internal/render"
)

// AssetsDir is where hashed assets go inside the output directory.
const AssetsDir = "assets"

// Limits of the assets directory. The repository's holds 3 files, of
// 10 KB in all.
const (
	MaxAssets      = 1000     // files, hidden ones aside
	MaxAssetSize   = 8 << 20  // bytes in one file
	MaxAssetsBytes = 64 << 20 // bytes in all the files
)

// assets reads every file in dir, adds the highlighting stylesheet to
// style.css, minifies each, and names its copy after its content's hash.
// It returns the files and, for each asset's own name, the URL path of its copy.
//
// Hidden files and directories are left out. Every other file must be a
// regular file, or a symlink to one inside dir, named with characters a
// URL carries as they are; a named pipe, a device, a symlink to a
// directory or one that leads outside dir is an error, and so are more
// files or bytes than the limits allow.
func (b *Builder) assets(dir string) ([]File, map[string]string, error) {
	if err := isDir(dir, "assets"); err != nil {
		return nil, nil, err
	}
	d, err := input.Open(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("assets directory: %w", err)
	}
	defer d.Close()
	var files []File
	total := 0
	err = fs.WalkDir(d, ".", func(name string, e fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return input.AsError(name, err)
		case strings.HasPrefix(e.Name(), ".") && name != ".":
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		case e.IsDir():
			return nil
		case len(files) == MaxAssets:
			return &diag.Error{Path: name, Msg: fmt.Sprintf("more than %d files, the limit", MaxAssets)}
		}
		if !article.IsAssetName(name) {
			return &diag.Error{Path: name, Msg: "the name holds a character that a URL does not carry as it is",
				Hint: "name the file with letters, digits and . - _ ~ + @ only"}
		}
		data, err := input.ReadFS(d, name, MaxAssetSize)
		if err != nil {
			return err
		}
		if total += len(data); total > MaxAssetsBytes {
			return &diag.Error{Path: name, Msg: fmt.Sprintf("the files up to this one hold %d bytes, over the limit of %d bytes for all", total, MaxAssetsBytes)}
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
		return nil, nil, inDir(dir, err)
	}
	if err := b.minify(files, dir); err != nil {
		return nil, nil, err
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

// searchAsset returns the search terms of the index's filter as an
// asset, minified and named after its hash like the others. The assets
// directory must not hold a file of the same name.
func (b *Builder) searchAsset(a *article.Article, s render.Site) (File, error) {
	if _, ok := s.Assets[render.SearchAsset]; ok {
		return File{}, &diag.Error{Path: filepath.Join(b.cfg.Assets, render.SearchAsset),
			Msg: "the build makes an asset of this name, the search terms of the index's filter", Hint: "rename the file"}
	}
	data, err := render.Search(a, s)
	if err != nil {
		return File{}, err
	}
	f := []File{{Path: render.SearchAsset, Data: data}}
	if err := b.minify(f, ""); err != nil {
		return File{}, err
	}
	return File{Path: path.Join(AssetsDir, hashedName(render.SearchAsset, f[0].Data)), Data: f[0].Data}, nil
}
