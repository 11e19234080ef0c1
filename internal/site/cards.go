package site

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // the front matter's image may be a JPEG
	"image/png"
	"path"
	"path/filepath"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/card"
	"github.com/httpstatus/site/internal/diag"
	"github.com/httpstatus/site/internal/facts"
	"github.com/httpstatus/site/internal/parallel"
	"github.com/httpstatus/site/internal/render"
)

// cardCompression is the PNG compression of the generated cards.
// BenchmarkPNG in internal/card measured one card, drawn and encoded, at
// about 2 ms and 18 KB with BestSpeed, 5 ms and 17 KB with the default
// level and 46 ms and 15 KB with BestCompression: the default would more
// than double the time spent on cards to save 6% of their size.
const cardCompression = png.BestSpeed

// images returns the preview image of every page: the index's, named by
// the front matter, and one card per code. An image that the assets
// already hold is measured; any other is drawn as a card and added to the
// files under a hashed name, like an asset. An image whose size differs
// from the one the front matter gives is a warning.
func (b *Builder) images(a *article.Article, f *facts.Facts, unofficial []render.UnofficialCode, assets []File, urls map[string]string) ([]File, map[string]render.Image, []*diag.Error, error) {
	byURL := make(map[string][]byte, len(assets))
	for _, f := range assets {
		byURL["/"+f.Path] = f.Data
	}
	want := []imageSpec{indexCard(a)}
	for _, e := range a.Entries {
		want = append(want, imageSpec{name: render.CardName(e.Code), alt: render.CardAlt(e, f), card: card.Card{
			Label:  e.Class.Label() + " " + e.Class.Name,
			Code:   fmt.Sprint(e.Code),
			Title:  facts.Name(e, f.Code(e.Code)),
			Footer: render.SiteName,
			Accent: accent(e.Class.Digit),
		}})
	}
	for _, u := range unofficial {
		want = append(want, imageSpec{name: render.CardName(u.Code), alt: render.UnofficialCardAlt(u), card: card.Card{
			Label:  u.Label(),
			Code:   fmt.Sprint(u.Code),
			Title:  u.Name(),
			Footer: render.SiteName,
			Accent: accent(u.Code / 100),
		}})
	}
	infos := make(map[string]render.Image, len(want))
	var warns []*diag.Error
	var draw []imageSpec
	drawn := map[string]bool{}
	for i, w := range want {
		u, ok := urls[w.name]
		if !ok {
			if drawn[w.name] {
				// Only the front matter's image, the first, can take the
				// name of another.
				return nil, nil, nil, &diag.Error{Path: a.Path, Line: a.FrontLines["image"], Col: 1,
					Msg:  fmt.Sprintf("front matter: image %q is the name of the card of code %d, which the assets do not hold", w.name, a.Entries[i-1].Code),
					Hint: "name another image, or add this one to the assets"}
			}
			drawn[w.name] = true
			draw = append(draw, w)
			continue
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(byURL[u]))
		if err != nil {
			e := &diag.Error{Path: filepath.Join(b.cfg.Assets, filepath.FromSlash(w.name)), Msg: err.Error(), Err: err}
			if i == 0 && a.Front.Image != "" {
				e = &diag.Error{Path: a.Path, Line: a.FrontLines["image"], Col: 1, Err: err,
					Msg: fmt.Sprintf("front matter: image %q names a file of the assets that is no PNG or JPEG image: %v", w.name, err)}
			}
			return nil, nil, nil, e
		}
		infos[w.name] = render.Image{URL: u, Width: cfg.Width, Height: cfg.Height}
		if fw, fh := a.Front.ImageWidth, a.Front.ImageHeight; w.name == a.Front.Image && (fw|fh) != 0 && (fw != cfg.Width || fh != cfg.Height) {
			warns = append(warns, &diag.Error{Path: a.Path, Line: cmp.Or(a.FrontLines["imageWidth"], a.FrontLines["imageHeight"]), Col: 1,
				Msg: fmt.Sprintf("front matter gives the image %d×%d, but %s is %d×%d", fw, fh, filepath.Join(b.cfg.Assets, filepath.FromSlash(w.name)), cfg.Width, cfg.Height)})
		}
	}
	files, err := b.drawCards(draw)
	if err != nil {
		return nil, nil, nil, err
	}
	for i, w := range draw {
		infos[w.name] = render.Image{URL: "/" + files[i].Path, Width: w.card.Width, Height: w.card.Height, Alt: w.alt}
	}
	return files, infos, warns, nil
}

// imageSpec is an image a page needs: its asset name and, when the assets
// do not hold it, the card to draw.
type imageSpec struct {
	name string
	alt  string // what the card shows, in words
	card card.Card
}

// indexCard returns the index's image: the front matter's, drawn at the
// size the front matter declares when the assets do not hold it.
func indexCard(a *article.Article) imageSpec {
	c := card.Card{
		Width:  cmp.Or(a.Front.ImageWidth, card.Width),
		Height: cmp.Or(a.Front.ImageHeight, card.Height),
		Label:  render.SiteName,
		Code:   "1xx–5xx",
		Title:  a.Front.Title,
		Footer: fmt.Sprintf("%d codes, each with a page of its own", len(a.Entries)),
		Accent: accent(0),
	}
	return imageSpec{name: render.IndexImageName(a), card: c, alt: fmt.Sprintf("%s, %s: %s", c.Title, c.Code, c.Footer)}
}

// drawCards draws the cards, spread over the machine's cores, and returns
// one file per card in the same order. A card drawn before, by this
// Builder or a build that shares its disk cache, is not drawn again.
func (b *Builder) drawCards(specs []imageSpec) ([]File, error) {
	files := make([]File, len(specs))
	errs := make([]error, len(specs))
	parallel.For(len(specs), func(i int) {
		s := &specs[i]
		s.card.Width = cmp.Or(s.card.Width, card.Width)
		s.card.Height = cmp.Or(s.card.Height, card.Height)
		png, err := b.cardPNG(s.card)
		if err != nil {
			errs[i] = fmt.Errorf("card %s: %w", s.name, err)
			return
		}
		files[i] = File{Path: path.Join(AssetsDir, hashedName(s.name, png)), Data: png}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return files, nil
}

// cardPNG returns c drawn, or as the cache kept it.
func (b *Builder) cardPNG(c card.Card) ([]byte, error) {
	key := b.cache.Key("card", fmt.Appendf(nil, "%d %#v", cardCompression, c))
	return b.cache.Get(key, func() ([]byte, error) {
		p, err := b.painter()
		if err != nil {
			return nil, err
		}
		return p.PNG(c)
	}, func(data []byte) bool { return pngOfSize(data, c.Width, c.Height) })
}

// pngOfSize reports whether data starts as a PNG of width × height does:
// the signature, then the IHDR chunk that gives its size.
func pngOfSize(data []byte, width, height int) bool {
	const ihdr = "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"
	return len(data) > len(ihdr)+8 && string(data[:len(ihdr)]) == ihdr &&
		binary.BigEndian.Uint32(data[len(ihdr):]) == uint32(width) &&
		binary.BigEndian.Uint32(data[len(ihdr)+4:]) == uint32(height)
}

// accent returns the colour of class digit's cards: the class colours of
// the site's dark palette, and its link colour for the index.
func accent(digit int) color.RGBA {
	switch digit {
	case 1:
		return color.RGBA{0xb6, 0xbf, 0xcf, 0xff}
	case 2:
		return color.RGBA{0x9b, 0xe3, 0xae, 0xff}
	case 4:
		return color.RGBA{0xff, 0xc2, 0x7a, 0xff}
	case 5:
		return color.RGBA{0xff, 0x8a, 0x80, 0xff}
	}
	return color.RGBA{0x8e, 0xc5, 0xff, 0xff}
}
