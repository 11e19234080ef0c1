package card

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

var (
	notFound = Card{Label: "4xx Client Error", Code: "404", Title: "Not Found", Footer: "HTTP status codes",
		Accent: color.RGBA{0xff, 0xc2, 0x7a, 0xff}}
	long = Card{Label: "5xx Server Error", Code: "511", Title: "Network Authentication Required",
		Footer: "HTTP status codes", Accent: color.RGBA{0xff, 0x8a, 0x80, 0xff}}
	wide = Card{Width: 1200, Height: 400, Code: "HTTP", Title: "List of HTTP status codes",
		Footer: "62 codes, one page each", Accent: color.RGBA{0x8e, 0xc5, 0xff, 0xff}}
)

func painter(t testing.TB, level png.CompressionLevel) *Painter {
	t.Helper()
	p, err := NewPainter(level)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPNG checks the size of each card and that drawing one twice, even
// at the same time, gives the same bytes as the golden file.
func TestPNG(t *testing.T) {
	p := painter(t, png.DefaultCompression)
	tests := []struct {
		name string
		card Card
		w, h int
	}{
		{"404.png", notFound, 1200, 630},
		{"511.png", long, 1200, 630},
		{"wide.png", wide, 1200, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var wg sync.WaitGroup
			out := make([][]byte, 2)
			errs := make([]error, 2)
			for i := range out {
				wg.Go(func() { out[i], errs[i] = p.PNG(tt.card) })
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(out[0], out[1]) {
				t.Fatal("two drawings of the same card differ")
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(out[0]))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Width != tt.w || cfg.Height != tt.h {
				t.Errorf("size %d×%d, want %d×%d", cfg.Width, cfg.Height, tt.w, tt.h)
			}
			golden := filepath.Join("testdata", tt.name)
			if *update {
				if err := os.WriteFile(golden, out[0], 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(want, out[0]) {
				t.Errorf("%s differs from the golden file; look at it with -update", tt.name)
			}
		})
	}
}

// TestPNGSums pins the bytes of cards of every shape the layout handles:
// each card drawn at png.BestSpeed, as the site draws them, must hash to
// its SHA-256 sum.
func TestPNGSums(t *testing.T) {
	orange := color.RGBA{0xff, 0xc2, 0x7a, 0xff}
	tests := []struct {
		name string
		sum  string // of the PNG, in hex
		card Card
	}{
		{"code", "edb4d414983a8a936f5260f1ec47fbbe96d9867087b8d410934d37c677e126a8",
			notFound},
		{"two lines", "3bf7eba5ca00f6509325878314734d9449021aa4be35e077954c804a6004afe6",
			long},
		{"shrunk title", "bc73328e977400f707b36ed32e72da37ba630bad108b387d25c36f8e72022b6e",
			Card{Label: "2xx Successful", Code: "203",
				Title:  "Non-Authoritative Information Returned By A Transforming Proxy Somewhere On The Way",
				Footer: "HTTP status codes", Accent: color.RGBA{0x7d, 0xd8, 0x8f, 0xff}}},
		{"no label or footer", "3c6843c1668a255e1a0f427d7383561ab9f65f96a48f106b70c9064d3b4bb155",
			Card{Code: "200", Title: "OK", Accent: color.RGBA{0x7d, 0xd8, 0x8f, 0xff}}},
		{"1200x400", "8a12570a75bd9ecce0bc1d81790ae038a98d226fc3419e29fd08a0a0eecf2458",
			wide},
		{"punctuation", "0fd13ca073fff3f78366387dc9f4484db2c2bd7c166787d803c7b37c1caeea4f",
			Card{Label: "4xx Client Error", Code: "418", Title: "I’m a teapot – don’t brew coffee",
				Footer: "RFC 2324 – “HTCPCP/1.0”", Accent: orange}},
		{"index", "1dea8a21adc9e8962693f203d7eef1b5d4d36c11a67fa7af9800f00484d48eba",
			Card{Label: "HTTP status codes", Code: "1xx–5xx", Title: "HTTP Status Codes: A Complete Guide",
				Footer: "62 codes, each with a page of its own", Accent: color.RGBA{0x8e, 0xc5, 0xff, 0xff}}},
		{"kerning", "e35e873bb810aa599fa81528cd4c0980e96205f454ba12ffca21a3f44fafee1f",
			Card{Label: "AVAWAY", Code: "AV7", Title: "WAVY Tofu, LT Yo", Footer: "To Vary AWAY", Accent: orange}},
		{"wide code", "aeaa140e192988063fdbc35afbbb47b7d2a829e84f8de18bc4a44ff208059a30",
			Card{Code: "HTTP/1.1 Status", Title: "Code", Accent: orange}},
		{"no glyph", "144e1fe7513292f252915309dfe0612fffe8c0437ad384c7ecddd8131c2fe26e",
			Card{Label: "Ünïcödé", Code: "☃", Title: "日本語 ☃ テキスト", Footer: "😀", Accent: orange}},
		{"no accent", "a7ea96998e395efb25639ea1384a3e0d3aa73cb57bc854f94c98b93603bfa4d8",
			Card{Code: "0", Title: "Zero"}},
		{"empty", "6b12e6b1dbfe790c0d29dccd51a66daaa513a994adb78fc0abd8720828d36e85",
			Card{}},
		{"fractional scale", "5501d8483f25b540863417b3de4963e254ed199c9c3cbdab9ac0f8166651e3e1",
			Card{Width: 999, Height: 777, Label: "3xx Redirection", Code: "308",
				Title: "Permanent Redirect", Footer: "HTTP status codes", Accent: orange}},
		{"double", "b5434b05509a2b12bc31f0232d5788e049c313a3998f75d57dca33498b7c8fa1",
			Card{Width: 2400, Height: 1260, Label: "1xx Informational", Code: "101",
				Title: "Switching Protocols", Footer: "HTTP status codes", Accent: orange}},
		{"smallest", "a6cc6b6eb72f50c96b25ca416e0fe1b14231bdac993f8010c666ab49b6063fb6",
			Card{Width: 200, Height: 100, Label: "4xx Client Error", Code: "431",
				Title: "Request Header Fields Too Large", Footer: "HTTP status codes", Accent: orange}},
		{"clipped", "a790b1d7e8fc87958235a5b33e94f0ab193ec3a365f335966695eba012d6ee54",
			Card{Width: 200, Height: 900, Label: "4xx Client Error", Code: "451",
				Title:  "Unavailable For Legal Reasons Supercalifragilisticexpialidocious",
				Footer: "HTTP status codes, each with a page of its own", Accent: orange}},
		{"short", "4e3e7fe97e93e273937854a060551e59ea1f96445f3e42fb187a41922a0d54fd",
			Card{Width: 1600, Height: 100, Label: "4xx Client Error", Code: "404",
				Title: "Not Found", Footer: "HTTP status codes", Accent: orange}},
	}
	p := painter(t, png.BestSpeed)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := p.PNG(tt.card)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(data)
			if got := hex.EncodeToString(sum[:]); got != tt.sum {
				t.Errorf("SHA-256 = %s, want %s", got, tt.sum)
			}
		})
	}
}

// TestPNGConcurrent checks that cards drawn at the same time by a new
// Painter, which rasterises each glyph as the first card needs it, get the
// bytes they get drawn one by one.
func TestPNGConcurrent(t *testing.T) {
	cards := siteCards()[:30]
	want := make([][]byte, len(cards))
	p := painter(t, png.BestSpeed)
	for i, c := range cards {
		var err error
		if want[i], err = p.PNG(c); err != nil {
			t.Fatal(err)
		}
	}
	p = painter(t, png.BestSpeed)
	var wg sync.WaitGroup
	for g := range 3 {
		wg.Go(func() {
			for i := range cards {
				i = (i + g*len(cards)/3) % len(cards)
				got, err := p.PNG(cards[i])
				if err != nil {
					t.Error(err)
				} else if !bytes.Equal(got, want[i]) {
					t.Errorf("card %s drawn concurrently differs", cards[i].Code)
				}
			}
		})
	}
	wg.Wait()
}

// TestImage checks that Image draws what PNG encodes.
func TestImage(t *testing.T) {
	p := painter(t, png.BestSpeed)
	for _, c := range []Card{notFound, long, wide, {Width: 999, Height: 777, Code: "AV", Title: "WAVY Tofu"}} {
		data, err := p.PNG(c)
		if err != nil {
			t.Fatal(err)
		}
		decoded, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		img, err := p.Image(c)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := decoded.(*image.Paletted)
		if !ok || got.Rect != img.Rect || !bytes.Equal(got.Pix, img.Pix) {
			t.Errorf("%s: the PNG's pixels differ from the image's", c.Code)
			continue
		}
		for i := range img.Palette {
			if color.RGBAModel.Convert(got.Palette[i]) != color.RGBAModel.Convert(img.Palette[i]) {
				t.Errorf("%s: palette colour %d is %v in the PNG, %v in the image", c.Code, i, got.Palette[i], img.Palette[i])
			}
		}
	}
}

// TestInk checks that the text is drawn where the layout puts it: the
// accent bar on the left, and ink of the code below the label.
func TestInk(t *testing.T) {
	img, err := painter(t, png.BestSpeed).Image(notFound)
	if err != nil {
		t.Fatal(err)
	}
	if got := color.RGBAModel.Convert(img.At(5, 300)); got != notFound.Accent {
		t.Errorf("bar colour = %v, want %v", got, notFound.Accent)
	}
	if got := color.RGBAModel.Convert(img.At(1190, 10)); got != background {
		t.Errorf("corner colour = %v, want %v", got, background)
	}
	if n := inked(img, image.Rect(100, 150, 700, 350)); n < 10000 {
		t.Errorf("only %d pixels of the code drawn", n)
	}
}

// inked counts the pixels of r that differ from the background.
func inked(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)) != background {
				n++
			}
		}
	}
	return n
}

// TestSizes draws a card at each extreme of the sizes allowed, and
// checks that each size past them is refused rather than drawn.
func TestSizes(t *testing.T) {
	p := painter(t, png.BestSpeed)
	tests := []struct {
		w, h int
		err  string
	}{
		{MinWidth, MinHeight, ""},
		{MaxSide, MaxSide, ""},
		{MaxSide, MinHeight, ""},
		{10, 10, "card of 10×10 is too small: the least is 200×100"},
		{MinWidth - 1, MinHeight, "card of 199×100 is too small: the least is 200×100"},
		{-5, 400, "card of -5×400 is too small: the least is 200×100"},
		{MaxSide + 1, 630, "card of 4097×630 is too large: the most is 4096×4096"},
		{100000000, 400, "card of 100000000×400 is too large: the most is 4096×4096"},
		{1 << 40, 1 << 40, "card of 1099511627776×1099511627776 is too large: the most is 4096×4096"},
	}
	for _, tt := range tests {
		c := long
		c.Width, c.Height = tt.w, tt.h
		img, err := p.Image(c)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.err {
			t.Errorf("%d×%d: error %q, want %q", tt.w, tt.h, got, tt.err)
		}
		if err == nil && (img.Rect.Dx() != tt.w || img.Rect.Dy() != tt.h) {
			t.Errorf("%d×%d: drawn at %v", tt.w, tt.h, img.Rect)
		}
	}
}

// BenchmarkPNG measures drawing and encoding one card at each compression
// level, and reports the size of the file.
func BenchmarkPNG(b *testing.B) {
	levels := []struct {
		name  string
		level png.CompressionLevel
	}{
		{"NoCompression", png.NoCompression},
		{"BestSpeed", png.BestSpeed},
		{"Default", png.DefaultCompression},
		{"BestCompression", png.BestCompression},
	}
	for _, l := range levels {
		b.Run(l.name, func(b *testing.B) {
			p := painter(b, l.level)
			var size int
			for b.Loop() {
				data, err := p.PNG(long)
				if err != nil {
					b.Fatal(err)
				}
				size = len(data)
			}
			b.ReportMetric(float64(size), "bytes")
		})
	}
	b.Run("DrawOnly", func(b *testing.B) {
		p := painter(b, png.BestSpeed)
		for b.Loop() {
			if _, err := p.Image(long); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func Example() {
	p, err := NewPainter(png.BestSpeed)
	if err != nil {
		panic(err)
	}
	data, err := p.PNG(Card{Label: "2xx Successful", Code: "200", Title: "OK"})
	if err != nil {
		panic(err)
	}
	cfg, _ := png.DecodeConfig(bytes.NewReader(data))
	fmt.Println(cfg.Width, cfg.Height)
	// Output: 1200 630
}

// BenchmarkPNGParallel measures cards drawn on every core at once, as a
// build draws them.
func BenchmarkPNGParallel(b *testing.B) {
	p := painter(b, png.BestSpeed)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := p.PNG(long); err != nil {
				b.Error(err)
			}
		}
	})
}

// siteCards returns a card for each status code that net/http names, as a
// site build draws them.
func siteCards() []Card {
	classes := []struct {
		label  string
		accent color.RGBA
	}{
		{"1xx Informational", color.RGBA{0xb6, 0xbf, 0xcf, 0xff}},
		{"2xx Successful", color.RGBA{0x9b, 0xe3, 0xae, 0xff}},
		{"3xx Redirection", color.RGBA{0x8e, 0xc5, 0xff, 0xff}},
		{"4xx Client Error", color.RGBA{0xff, 0xc2, 0x7a, 0xff}},
		{"5xx Server Error", color.RGBA{0xff, 0x8a, 0x80, 0xff}},
	}
	var cards []Card
	for code := 100; code < 600; code++ {
		if name := http.StatusText(code); name != "" {
			class := classes[code/100-1]
			cards = append(cards, Card{Label: class.label, Code: fmt.Sprint(code), Title: name,
				Footer: "HTTP status codes", Accent: class.accent})
		}
	}
	return cards
}

// BenchmarkPNGSite measures a new Painter drawing the card of every status
// code once, as a cold build does, and reports the time per card.
func BenchmarkPNGSite(b *testing.B) {
	cards := siteCards()
	for b.Loop() {
		p := painter(b, png.BestSpeed)
		for _, c := range cards {
			if _, err := p.PNG(c); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cards)), "ns/card")
}
