package card

import (
	"image"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// A face is a font at one size. Its font.Face is for one drawing only, as
// faces are not safe for concurrent use; id names it in a glyph cache.
type face struct {
	font.Face
	id faceID
}

type faceID struct {
	font *opentype.Font
	size float64 // in pixels
}

// A glyph is a rune of a face rasterised in one ink with the dot at one
// sub-pixel position: what face.Glyph returns, as palette indexes.
type glyph struct {
	advance fixed.Int26_6

	// bounds holds every pixel of a non-zero index, relative to the pixel
	// that holds the dot. It is empty when face.Glyph gives nothing to draw.
	bounds image.Rectangle
	pix    []uint8 // of bounds, row by row
}

// rasterise returns r of f in ink with the dot at frac, which is within
// the pixel at the origin. With the dot anywhere else, f.Glyph gives the
// same coverage moved by whole pixels, as long as the dot has the same
// fraction of a pixel.
func rasterise(f font.Face, r rune, ink int, frac fixed.Point26_6) *glyph {
	dr, mask, mp, advance, ok := f.Glyph(frac, r)
	g := &glyph{advance: advance}
	if !ok || dr.Empty() {
		return g
	}
	w, h := dr.Dx(), dr.Dy()
	alpha, ok := mask.(*image.Alpha)
	if !ok {
		alpha = image.NewAlpha(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				_, _, _, a := mask.At(mp.X+x, mp.Y+y).RGBA()
				alpha.Pix[y*w+x] = uint8(a >> 8)
			}
		}
		mp = image.Point{}
	}
	var indexes [256]uint8 // of each coverage
	for a := range indexes {
		indexes[a] = index(ink, level(uint8(a)))
	}
	pix := make([]uint8, w*h)
	inked := image.Rectangle{Min: image.Pt(w, h)} // grows to the inked rows and columns
	for y := range h {
		cov := alpha.Pix[alpha.PixOffset(mp.X, mp.Y+y):][:w]
		row := pix[y*w:][:w]
		for x, a := range cov {
			row[x] = indexes[a]
		}
		if blank(row) {
			continue
		}
		first, last := 0, w-1
		for row[first] == 0 {
			first++
		}
		for row[last] == 0 {
			last--
		}
		inked.Min.X = min(inked.Min.X, first)
		inked.Max.X = max(inked.Max.X, last+1)
		inked.Min.Y = min(inked.Min.Y, y)
		inked.Max.Y = y + 1
	}
	if inked.Empty() {
		return g
	}
	g.bounds = inked.Add(dr.Min)
	g.pix = pix
	if inked.Size() != dr.Size() {
		g.pix = make([]uint8, 0, inked.Dx()*inked.Dy())
		for y := inked.Min.Y; y < inked.Max.Y; y++ {
			g.pix = append(g.pix, pix[y*w+inked.Min.X:y*w+inked.Max.X]...)
		}
	}
	return g
}

// glyphs keeps the glyphs a Painter has rasterised, up to maxGlyphBytes of
// them. It is safe for concurrent use.
type glyphs struct {
	mu    sync.RWMutex
	m     map[glyphKey]*glyph
	bytes int // of the glyphs in m, as glyph.size counts them
}

type glyphKey struct {
	face faceID
	r    rune
	ink  int
	frac fixed.Point26_6
}

// maxGlyphBytes bounds the memory of a glyph cache. The glyphs of a site's
// cards take a few megabytes.
const maxGlyphBytes = 64 << 20

// size returns about how many bytes g and its place in a cache take.
func (g *glyph) size() int { return 128 + len(g.pix) }

// get returns r of f in ink with the dot at frac, 0 to 63 on each axis,
// rasterising it with f if the cache does not hold it.
func (c *glyphs) get(f face, r rune, ink int, frac fixed.Point26_6) *glyph {
	k := glyphKey{f.id, r, ink, frac}
	c.mu.RLock()
	g := c.m[k]
	c.mu.RUnlock()
	if g != nil {
		return g
	}
	g = rasterise(f.Face, r, ink, frac)
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.m[k]; old != nil {
		return old
	}
	if c.bytes+g.size() <= maxGlyphBytes {
		if c.m == nil {
			c.m = make(map[glyphKey]*glyph)
		}
		c.m[k] = g
		c.bytes += g.size()
	}
	return g
}
