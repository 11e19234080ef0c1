// Package card draws link preview images: a PNG that shows a status code
// large, its name and its class, set in the Go fonts.
//
// The same Card always gives the same bytes, so a build that did not
// change a card rewrites an identical file.
package card

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Width and Height are the size of a card when none is given: the 1.91:1
// shape that link previews show without cropping.
const (
	Width  = 1200
	Height = 630
)

// The sizes a card may have: from the smallest its layout fits in to
// the largest that takes no more than 16 MB to draw.
const (
	MinWidth  = 200
	MinHeight = 100
	MaxSide   = 4096
)

// Card is what one image shows.
type Card struct {
	Width, Height int    // zero means Width × Height
	Label         string // small line above the code: "4xx Client Error"
	Code          string // drawn large: "404"
	Title         string // the name, on at most two lines: "Not Found"
	Footer        string // small line at the bottom: the site's name
	Accent        color.RGBA
}

// The palette behind every card: the site's dark theme.
var (
	background = color.RGBA{0x11, 0x15, 0x1d, 0xff}
	foreground = color.RGBA{0xe3, 0xe7, 0xef, 0xff}
	muted      = color.RGBA{0xb6, 0xbf, 0xcf, 0xff}
)

// Painter draws cards. It is safe for concurrent use.
type Painter struct {
	regular, bold *opentype.Font
	enc           png.Encoder
	glyphs        glyphs    // rasterised for the cards drawn before
	pixels        sync.Pool // []uint8 of cards drawn before, to draw the next in
}

// NewPainter returns a Painter that encodes with the given compression level.
func NewPainter(level png.CompressionLevel) (*Painter, error) {
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("Go Regular font: %w", err)
	}
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, fmt.Errorf("Go Bold font: %w", err)
	}
	return &Painter{regular: regular, bold: bold, enc: png.Encoder{CompressionLevel: level, BufferPool: new(encoders)}}, nil
}

// encoders keeps the PNG encoder's buffers, its compressor above all,
// between cards: allocating them anew for each card costs more than the
// compression itself at png.BestSpeed.
type encoders struct{ pool sync.Pool }

func (e *encoders) Get() *png.EncoderBuffer {
	b, _ := e.pool.Get().(*png.EncoderBuffer)
	return b
}

func (e *encoders) Put(b *png.EncoderBuffer) { e.pool.Put(b) }

// PNG returns c drawn and encoded as a PNG.
func (p *Painter) PNG(c Card) ([]byte, error) {
	pix, _ := p.pixels.Get().([]uint8)
	img, err := p.draw(c, pix)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Grow(32 << 10)
	err = p.enc.Encode(&b, img)
	p.pixels.Put(img.Pix)
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Image returns c drawn. Sizes scale with the card, so that a card of
// 1200×400 keeps the layout of one of 1200×630.
//
// The image is paletted: every pixel is the background or one of the
// inks at one of 64 levels of coverage. That loses nothing a viewer can
// see and makes the PNG a third of the size and quick to encode.
func (p *Painter) Image(c Card) (*image.Paletted, error) {
	return p.draw(c, nil)
}

// draw draws c into pix, or into new pixels when pix is too small.
func (p *Painter) draw(c Card, pix []uint8) (*image.Paletted, error) {
	w, h, err := c.size()
	if err != nil {
		return nil, err
	}
	if cap(pix) < w*h {
		pix = make([]uint8, w*h)
	}
	pix = pix[:w*h]
	clear(pix)
	img := &image.Paletted{Pix: pix, Stride: w, Rect: image.Rect(0, 0, w, h), Palette: palette(c.Accent)}
	p.paint(img, c)
	return img, nil
}

// size returns the size of c's image, or an error if it is too small
// or too large.
func (c Card) size() (w, h int, err error) {
	w, h = c.Width, c.Height
	if w == 0 && h == 0 {
		w, h = Width, Height
	}
	switch {
	case w < MinWidth || h < MinHeight:
		return 0, 0, fmt.Errorf("card of %d×%d is too small: the least is %d×%d", w, h, MinWidth, MinHeight)
	case w > MaxSide || h > MaxSide:
		return 0, 0, fmt.Errorf("card of %d×%d is too large: the most is %d×%d", w, h, MaxSide, MaxSide)
	}
	return w, h, nil
}

// The inks, as the palette orders them.
const accentInk, textInk, mutedInk = 0, 1, 2

// paint draws c on img, all background.
func (p *Painter) paint(img *image.Paletted, c Card) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	scale := min(float64(w)/Width, float64(h)/Height)
	px := func(v float64) int { return int(v*scale + 0.5) }
	bar := px(24)
	fill(img, image.Rect(0, 0, bar, h), accentInk)

	margin := px(80)
	left := bar + margin
	width := w - left - margin
	y := px(64)
	if c.Label != "" {
		y = p.line(img, p.face(p.bold, 40*scale), c.Label, accentInk, left, y)
	}
	if c.Code != "" {
		size := p.fit(p.bold, 240*scale, c.Code, width)
		y = p.line(img, p.face(p.bold, size), c.Code, accentInk, left, y-px(16))
	}
	size := 68 * scale
	lines := wrap(p.face(p.bold, size).Face, c.Title, width)
	for len(lines) > 2 && size > 36*scale {
		size *= 0.9
		lines = wrap(p.face(p.bold, size).Face, c.Title, width)
	}
	for _, l := range lines {
		y = p.line(img, p.face(p.bold, size), l, textInk, left, y)
	}
	if c.Footer != "" {
		f := p.face(p.regular, 32*scale)
		p.text(img, f, c.Footer, mutedInk, fixed.P(left, h-px(56)))
	}
}

// levels is how many steps of coverage each ink has in the palette.
const levels = 64

// palette returns the palette of a card with the given accent: the
// background followed, for each ink, by its blends with the background
// from faint to full.
func palette(accent color.RGBA) color.Palette {
	pal := make(color.Palette, 1+3*(levels-1))
	pal[0] = background
	for i, ink := range [...]color.RGBA{accent, foreground, muted} {
		for l := 1; l < levels; l++ {
			pal[index(i, uint8(l))] = blend(ink, l)
		}
	}
	return pal
}

// blend returns ink laid over the background at coverage l of levels-1.
func blend(ink color.RGBA, l int) color.RGBA {
	mix := func(a, b uint8) uint8 { return uint8((int(a)*(levels-1-l) + int(b)*l + (levels-1)/2) / (levels - 1)) }
	return color.RGBA{mix(background.R, ink.R), mix(background.G, ink.G), mix(background.B, ink.B), 0xff}
}

// level returns coverage a, from 0 to 255, as a step from 0 to levels-1.
func level(a uint8) uint8 {
	return uint8((int(a)*(levels-1) + 127) / 255)
}

// index returns the palette index of ink at coverage level l.
func index(ink int, l uint8) uint8 {
	if l == 0 {
		return 0
	}
	return uint8(ink*(levels-1)) + l
}

// line draws s in f below y, from x, and returns the y under it.
func (p *Painter) line(img *image.Paletted, f face, s string, ink, x, y int) int {
	m := f.Metrics()
	dot := fixed.Point26_6{X: fixed.I(x), Y: fixed.I(y) + m.Ascent}
	p.text(img, f, s, ink, dot)
	return (dot.Y + m.Descent).Ceil()
}

// text draws s in f with its baseline starting at dot. Where glyphs
// overlap, the pixel keeps the stronger coverage.
func (p *Painter) text(img *image.Paletted, f face, s string, ink int, dot fixed.Point26_6) {
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			dot.X += f.Kern(prev, r)
		}
		g := p.glyphs.get(f, r, ink, fixed.Point26_6{X: dot.X & 63, Y: dot.Y & 63})
		paste(img, g, image.Pt(dot.X.Floor(), dot.Y.Floor()))
		dot.X += g.advance
		prev = r
	}
}

// face returns a face of font f at size pixels. Faces hold buffers and are
// not safe for concurrent use, so each card makes its own.
func (p *Painter) face(f *opentype.Font, size float64) face {
	of, _ := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	return face{of, faceID{f, size}} // NewFace fails on no input
}

// fit returns size, or a smaller size at which s in font f is at most
// width wide.
func (p *Painter) fit(f *opentype.Font, size float64, s string, width int) float64 {
	if w := font.MeasureString(p.face(f, size).Face, s).Ceil(); w > width {
		return size * float64(width) / float64(w)
	}
	return size
}

// wrap breaks text into lines at most width wide, at spaces. A word wider
// than width gets a line of its own.
func wrap(f font.Face, text string, width int) []string {
	var lines []string
	var cur string
	for _, word := range strings.Fields(text) {
		next := word
		if cur != "" {
			next = cur + " " + word
		}
		if cur != "" && font.MeasureString(f, next).Ceil() > width {
			lines = append(lines, cur)
			next = word
		}
		cur = next
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}
