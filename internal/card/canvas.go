package card

import (
	"encoding/binary"
	"image"
)

// fill paints r, which is within img, with ink at full coverage.
func fill(img *image.Paletted, r image.Rectangle, ink int) {
	if r.Empty() {
		return
	}
	first := img.Pix[img.PixOffset(r.Min.X, r.Min.Y):][:r.Dx()]
	for i := range first {
		first[i] = index(ink, levels-1)
	}
	for y := r.Min.Y + 1; y < r.Max.Y; y++ {
		copy(img.Pix[img.PixOffset(r.Min.X, y):], first)
	}
}

// paste copies g into img with the dot in pixel at. Where img has a
// greater index already, it keeps it.
func paste(img *image.Paletted, g *glyph, at image.Point) {
	r := g.bounds.Add(at)
	clip := r.Intersect(img.Rect)
	for y := clip.Min.Y; y < clip.Max.Y; y++ {
		src := g.pix[(y-r.Min.Y)*r.Dx()+clip.Min.X-r.Min.X:][:clip.Dx()]
		dst := img.Pix[img.PixOffset(clip.Min.X, y):][:len(src)]
		if blank(dst) {
			copy(dst, src)
			continue
		}
		for i, c := range src {
			dst[i] = max(dst[i], c)
		}
	}
}

// blank reports whether every byte of b is zero.
func blank(b []uint8) bool {
	for ; len(b) >= 8; b = b[8:] {
		if binary.LittleEndian.Uint64(b) != 0 {
			return false
		}
	}
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
