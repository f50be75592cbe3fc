package upload

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"testing"

	"github.com/burg-news/burg"
)

func TestCheckShape(t *testing.T) {
	tests := []struct {
		w, h int
		want string // "" when accepted
	}{
		{4000, 3000, ""},
		{1, 1, ""},
		{20000, 1000, ""},
		{1000, 20000, ""},
		{20, 1, ""},
		{1, 20, ""},
		{20000, 20000, ""},
		{21, 1, "The photo is 21×1 pixels, more than 20 times as wide as it is tall; please crop it."},
		{1, 21, "The photo is 1×21 pixels, more than 20 times as tall as it is wide; please crop it."},
		{20001, 1001, "The photo is 20001×1001 pixels; at most 20000 pixels on a side are accepted."},
		{1, 39_999_999, "The photo is 1×39999999 pixels; at most 20000 pixels on a side are accepted."},
		{39_999_999, 1, "The photo is 39999999×1 pixels; at most 20000 pixels on a side are accepted."},
	}
	for _, tt := range tests {
		err := checkShape(tt.w, tt.h)
		if tt.want == "" {
			if err != nil {
				t.Errorf("checkShape(%d, %d): %v, want nil", tt.w, tt.h, err)
			}
			continue
		}
		if got := burg.ErrorCode(err); got != burg.EINVALID {
			t.Errorf("checkShape(%d, %d): code %q, want %q", tt.w, tt.h, got, burg.EINVALID)
		}
		if got := burg.ErrorMessage(err); got != tt.want {
			t.Errorf("checkShape(%d, %d): got %q, want %q", tt.w, tt.h, got, tt.want)
		}
	}
}

// refusesCheaply saves input and checks that it is refused with message
// want, having allocated next to nothing: the refusal must come from the
// header, before any decoding.
func refusesCheaply(t *testing.T, cfg Config, input []byte, want string) {
	t.Helper()
	p, st := newTestProcessor(t, cfg)
	var err error
	n := allocated(func() { _, err = p.Save(t.Context(), bytes.NewReader(input)) })
	if got := burg.ErrorCode(err); got != burg.EINVALID {
		t.Fatalf("code: got %q, want %q (err %v)", got, burg.EINVALID, err)
	}
	if got := burg.ErrorMessage(err); got != want {
		t.Errorf("message: got %q, want %q", got, want)
	}
	if n > 1<<20 {
		t.Errorf("allocated %d bytes refusing it, want under 1 MB", n)
	}
	if files := storedFiles(t, st); len(files) != 0 {
		t.Errorf("stored %v, want nothing", files)
	}
}

func TestSaveRefusesExtremeShapes(t *testing.T) {
	const gray, rgba = 0, 6
	jpg := encodeJPEG(t, photo(16, 16))
	gifData := encodeGIF(t, &gif.GIF{Image: []*image.Paletted{paletted(image.Rect(0, 0, 16, 16), color.Palette{red, blue}, 1)}, Delay: []int{0}})
	gifOf := func(w, h uint16) []byte {
		g := append([]byte{}, gifData...)
		g[6], g[7], g[8], g[9] = byte(w), byte(w>>8), byte(h), byte(h>>8)
		return g
	}
	side := func(size string) string {
		return "The photo is " + size + " pixels; at most 20000 pixels on a side are accepted."
	}
	tests := []struct {
		name  string
		input []byte
		want  string
	}{
		// A grey PNG of 1×39,999,999 pixels is a 78 KB file; the
		// header is all that is read, so this one has no real pixel data.
		{"PNGTall", pngHeaderOf(1, 39_999_999, 8, gray, 0), side("1×39999999")},
		{"PNGWide", pngHeaderOf(39_999_999, 1, 8, gray, 0), side("39999999×1")},
		{"PNGLongSide", pngHeaderOf(20_001, 1_001, 8, rgba, 0), side("20001×1001")},
		{"PNGThinTall", pngHeaderOf(100, 2_001, 8, rgba, 0), "The photo is 100×2001 pixels, more than 20 times as tall as it is wide; please crop it."},
		{"PNGThinWide", pngHeaderOf(2_001, 100, 8, rgba, 0), "The photo is 2001×100 pixels, more than 20 times as wide as it is tall; please crop it."},
		{"JPEGTall", withJPEGFrame(t, jpg, 0xC0, 1, 65_535), side("1×65535")},
		{"JPEGWide", withJPEGFrame(t, jpg, 0xC2, 65_535, 1), side("65535×1")},
		{"GIFTall", gifOf(2, 60_000), side("2×60000")},
		{"GIFThinWide", gifOf(10_000, 100), "The photo is 10000×100 pixels, more than 20 times as wide as it is tall; please crop it."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			refusesCheaply(t, Config{}, tt.input, tt.want)
		})
	}
}

func TestSaveRefusesCostlyDecodes(t *testing.T) {
	const rgb, rgba = 2, 6
	jpg := encodeJPEG(t, photo(16, 16)) // 4:2:0
	tests := []struct {
		name  string
		cfg   Config
		input []byte
		want  string
	}{
		{
			// 8 bytes a pixel: 320,000,000 bytes of RGBA64.
			"PNG16Bit", Config{}, pngHeaderOf(8000, 5000, 16, rgb, 0),
			"The photo (8000×5000 pixels, 16-bit PNG) would take 306 MB of memory to open; at most 256 MB is accepted. Please upload a smaller version.",
		},
		{
			// The image and its passes: twice 160,000,000 bytes of NRGBA.
			"PNGInterlaced", Config{}, pngHeaderOf(8000, 5000, 8, rgba, 1),
			"The photo (8000×5000 pixels, interlaced PNG) would take 306 MB of memory to open; at most 256 MB is accepted. Please upload a smaller version.",
		},
		{
			// 6 bytes a pixel of coefficients (4 for Y, 1 each for Cb and
			// Cr) and 1.5 of YCbCr: 300,000,000 bytes.
			"JPEGProgressive", Config{}, withJPEGFrame(t, jpg, 0xC2, 8000, 5000),
			"The photo (8000×5000 pixels, progressive JPEG) would take 287 MB of memory to open; at most 256 MB is accepted. Please upload a smaller version.",
		},
		{
			// 1.5 bytes a pixel: 18,000,000 bytes.
			"JPEGSmallBudget", Config{MaxDecodeBytes: 16 << 20}, withJPEGFrame(t, jpg, 0xC0, 4000, 3000),
			"The photo (4000×3000 pixels, JPEG) would take 18 MB of memory to open; at most 16 MB is accepted. Please upload a smaller version.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			refusesCheaply(t, tt.cfg, tt.input, tt.want)
		})
	}
}

func TestDecodeCostBound(t *testing.T) {
	const w, h = 800, 600
	pal := color.Palette{transparent, red, blue, white}
	palImage := paletted(image.Rect(0, 0, w, h), pal, 2)
	opaquePal := paletted(image.Rect(0, 0, w, h), pal[1:], 1)
	gray := image.NewGray(image.Rect(0, 0, w, h))
	gray16 := image.NewGray16(image.Rect(0, 0, w, h))
	rgba64 := image.NewRGBA64(image.Rect(0, 0, w, h))
	nrgba64 := image.NewNRGBA64(image.Rect(0, 0, w, h))
	for i := range rgba64.Pix {
		rgba64.Pix[i] = 0xFF // opaque, so the encoder writes colour type 2
	}
	nrgba := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			nrgba.Set(x, y, color.NRGBA{uint8(x), uint8(y), 0x80, uint8(x + y)})
		}
	}
	// Setting a Go-written GIF's interlace flag leaves a valid file whose
	// rows the decoder reorders, through a second copy of the frame.
	interlacedGIF := encodeGIF(t, &gif.GIF{Image: []*image.Paletted{opaquePal}, Delay: []int{0}})
	interlacedGIF[gifImageDescriptor(t, interlacedGIF)+9] |= 0x40

	tests := []struct {
		name  string
		input []byte
		kind  string
		// tight when the estimate must also be close: at most a quarter
		// above what decoding allocates, plus decodeSlack.
		tight bool
	}{
		{"JPEG", encodeJPEG(t, photo(w, h)), "JPEG", true},
		{"JPEGGray", encodeJPEG(t, gray), "JPEG", true},
		{"JPEGProgressive", readTestdata(t, "progressive.jpg"), "progressive JPEG", true},
		{"JPEGProgressiveGray", readTestdata(t, "progressive-gray.jpg"), "progressive JPEG", true},
		{"JPEGProgressiveRGB", readTestdata(t, "progressive-rgb.jpg"), "progressive JPEG", true},
		{"PNGGray", encodePNG(t, gray), "PNG", true},
		{"PNGGrayTransparent", afterIHDR(encodePNG(t, gray), pngChunk("tRNS", []byte{0, 0})), "PNG", true},
		{"PNGGray16", encodePNG(t, gray16), "16-bit PNG", true},
		{"PNGRGB", encodePNG(t, photo(w, h)), "PNG", true},
		{"PNGRGBA", encodePNG(t, nrgba), "PNG", true},
		{"PNGRGB16", encodePNG(t, rgba64), "16-bit PNG", true},
		{"PNGRGBA16", encodePNG(t, nrgba64), "16-bit PNG", true},
		{"PNGPaletted", encodePNG(t, palImage), "PNG", true},
		{"PNGInterlaced", encodeInterlacedPNG(t, nrgba), "interlaced PNG", true},
		{"GIF", encodeGIF(t, &gif.GIF{Image: []*image.Paletted{opaquePal}, Delay: []int{0}}), "GIF", false},
		{"GIFInterlaced", interlacedGIF, "GIF", true},
		{"WebPLossy", readTestdata(t, "blue-purple-pink.lossy.webp"), "WebP", false},
		{"WebPLosslessAlpha", readTestdata(t, "gopher-doc.with-alpha.lossless.webp"), "lossless WebP", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := sniff(tt.input)
			cfg, err := f.decodeConfig(bytes.NewReader(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			cost, kind := decodeCost(f, tt.input, cfg)
			if kind != tt.kind {
				t.Errorf("kind: got %q, want %q", kind, tt.kind)
			}
			var img image.Image
			n := int64(allocated(func() { img, err = f.decode(bytes.NewReader(tt.input)) }))
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			t.Logf("%T %v: decoding allocated %d bytes, estimate %d", img, img.Bounds().Size(), n, cost)
			if n > cost {
				t.Errorf("decoding allocated %d bytes, more than the estimate %d", n, cost)
			}
			if limit := n + n/4 + decodeSlack; tt.tight && cost > limit {
				t.Errorf("estimate %d is more than a quarter above the %d bytes decoding allocated", cost, n)
			}
		})
	}
}

// gifImageDescriptor returns the offset of the first image descriptor in a
// GIF, past its global colour table and any extensions.
func gifImageDescriptor(t *testing.T, g []byte) int {
	t.Helper()
	i := 13
	if g[10]&0x80 != 0 {
		i += 3 << (g[10]&7 + 1)
	}
	for i < len(g) {
		switch g[i] {
		case 0x2C:
			return i
		case 0x21: // extension: label, then sub-blocks up to an empty one
			i += 2
			for i < len(g) && g[i] != 0 {
				i += 1 + int(g[i])
			}
			i++
		default:
			t.Fatalf("unexpected GIF block %#x at %d", g[i], i)
		}
	}
	t.Fatal("no image descriptor in GIF")
	return 0
}
