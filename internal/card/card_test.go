package card

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
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

func TestTooSmall(t *testing.T) {
	if _, err := painter(t, png.BestSpeed).PNG(Card{Width: 10, Height: 10}); err == nil {
		t.Error("a 10×10 card was drawn")
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
