package upload

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"

	"github.com/burg-news/burg"
)

// decodeStored decodes the stored file name with the decoder its extension
// names, so a wrong extension fails.
func decodeStored(t *testing.T, st DirStorage, name string) image.Image {
	t.Helper()
	b := readStored(t, st, name)
	var (
		m   image.Image
		err error
	)
	switch {
	case strings.HasSuffix(name, ".jpg"):
		m, err = jpeg.Decode(bytes.NewReader(b))
	case strings.HasSuffix(name, ".png"):
		m, err = png.Decode(bytes.NewReader(b))
	default:
		t.Fatalf("unexpected extension in %q", name)
	}
	if err != nil {
		t.Fatalf("decode stored %s: %v", name, err)
	}
	return m
}

// nrgba returns the colour of m at (x, y), not premultiplied.
func nrgba(m image.Image, x, y int) color.NRGBA {
	return color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
}

// near reports whether two colours differ by at most tol in each channel.
func near(a, b color.NRGBA, tol int) bool {
	d := func(x, y uint8) bool { return max(int(x)-int(y), int(y)-int(x)) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B) && d(a.A, b.A)
}

var (
	red         = color.NRGBA{0xFF, 0, 0, 0xFF}
	blue        = color.NRGBA{0, 0, 0xFF, 0xFF}
	white       = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	transparent = color.NRGBA{}
)

func TestSave(t *testing.T) {
	pal := color.Palette{transparent, red, blue}
	half := image.NewNRGBA(image.Rect(0, 0, 40, 30))
	for y := range 30 {
		for x := range 20 {
			half.Set(x, y, red)
		}
	}
	tests := []struct {
		name  string
		input []byte
		ext   string
		w, h  int
		// colours expected at points of the output
		at   map[image.Point]color.NRGBA
		tol  int
		gray bool
	}{
		{name: "JPEG", input: encodeJPEG(t, photo(320, 240)), ext: ".jpg", w: 320, h: 240},
		{name: "JPEGGray", input: encodeJPEG(t, image.NewGray(image.Rect(0, 0, 64, 48))), ext: ".jpg", w: 64, h: 48},
		{name: "PNG", input: encodePNG(t, photo(320, 240)), ext: ".png", w: 320, h: 240},
		{
			name: "PNGKeepsTransparency", input: encodePNG(t, half), ext: ".png", w: 40, h: 30,
			at: map[image.Point]color.NRGBA{{5, 5}: red, {35, 5}: transparent},
		},
		{
			name:  "GIF",
			input: encodeGIF(t, &gif.GIF{Image: []*image.Paletted{paletted(image.Rect(0, 0, 100, 80), pal, 1)}, Delay: []int{0}}),
			ext:   ".png", w: 100, h: 80,
			at: map[image.Point]color.NRGBA{{50, 40}: red},
		},
		{
			name: "GIFAnimatedKeepsFirstFrame",
			input: encodeGIF(t, &gif.GIF{
				Image: []*image.Paletted{
					paletted(image.Rect(0, 0, 100, 80), pal, 1),
					paletted(image.Rect(0, 0, 100, 80), pal, 2),
				},
				Delay: []int{10, 10},
			}),
			ext: ".png", w: 100, h: 80,
			at: map[image.Point]color.NRGBA{{50, 40}: red},
		},
		{
			name: "GIFFrameSmallerThanCanvas",
			input: encodeGIF(t, &gif.GIF{
				Image:  []*image.Paletted{paletted(image.Rect(10, 10, 50, 50), pal, 2)},
				Delay:  []int{0},
				Config: image.Config{ColorModel: pal, Width: 100, Height: 80},
			}),
			ext: ".png", w: 100, h: 80,
			at: map[image.Point]color.NRGBA{{0, 0}: transparent, {20, 20}: blue, {70, 70}: transparent},
		},
		{
			name: "JPEGProgressive", input: readTestdata(t, "progressive.jpg"), ext: ".jpg", w: 640, h: 480,
			at: map[image.Point]color.NRGBA{{2, 2}: {0, 0, 0, 0xFF}, {637, 477}: white, {637, 2}: {0xFF, 0, 0x92, 0xFF}}, tol: 12,
		},
		{
			name: "JPEGProgressiveRGB", input: readTestdata(t, "progressive-rgb.jpg"), ext: ".jpg", w: 640, h: 480,
			at: map[image.Point]color.NRGBA{{2, 2}: {0, 0, 0, 0xFF}, {637, 477}: white, {637, 2}: {0xFF, 0, 0x92, 0xFF}}, tol: 12,
		},
		{name: "JPEGProgressiveGray", input: readTestdata(t, "progressive-gray.jpg"), ext: ".jpg", w: 640, h: 480},
		{name: "WebPLossy", input: readTestdata(t, "blue-purple-pink.lossy.webp"), ext: ".jpg", w: 150, h: 100},
		{
			name: "WebPTransparencyOnWhite", input: readTestdata(t, "gopher-doc.with-alpha.lossless.webp"), ext: ".jpg", w: 75, h: 100,
			at: map[image.Point]color.NRGBA{{0, 0}: white, {74, 99}: white}, tol: 4,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, st := newTestProcessor(t, Config{})
			name, err := p.Save(t.Context(), bytes.NewReader(tt.input))
			if err != nil {
				t.Fatalf("Save: %v", err)
			}
			if !ValidName(name) {
				t.Errorf("ValidName(%q) = false", name)
			}
			if got := name[len(name)-4:]; got != tt.ext {
				t.Errorf("extension: got %s, want %s", got, tt.ext)
			}
			m := decodeStored(t, st, name)
			if got, want := m.Bounds(), image.Rect(0, 0, tt.w, tt.h); got != want {
				t.Errorf("bounds: got %v, want %v", got, want)
			}
			for pt, want := range tt.at {
				if got := nrgba(m, pt.X, pt.Y); !near(got, want, tt.tol) {
					t.Errorf("colour at %v: got %v, want %v", pt, got, want)
				}
			}
		})
	}
}

func TestSaveScalesDown(t *testing.T) {
	tests := []struct {
		name         string
		input        func(t *testing.T) []byte
		maxSide      int
		wantW, wantH int
	}{
		{"JPEG4000x3000", func(t *testing.T) []byte { return encodeJPEG(t, photo(4000, 3000)) }, 0, 1600, 1200},
		// Smaller limits below keep the tests quick, under -race too.
		{"PNGPortrait", func(t *testing.T) []byte { return encodePNG(t, photo(300, 400)) }, 160, 120, 160},
		{"FitsAlready", func(t *testing.T) []byte { return encodeJPEG(t, photo(160, 120)) }, 160, 160, 120},
		{"OnePixelOver", func(t *testing.T) []byte { return encodePNG(t, solid(161, 10, red)) }, 160, 160, 10},
		{"WideStrip", func(t *testing.T) []byte { return encodePNG(t, solid(1000, 50, red)) }, 320, 320, 16},
		{"TallStrip", func(t *testing.T) []byte { return encodePNG(t, solid(50, 1000, red)) }, 320, 16, 320},
		{"NeverBelowOnePixel", func(t *testing.T) []byte { return encodePNG(t, solid(200, 10, red)) }, 5, 5, 1},
		{"WebP", func(t *testing.T) []byte { return readTestdata(t, "blue-purple-pink.lossy.webp") }, 90, 90, 60},
		{"GIF", func(t *testing.T) []byte {
			pal := color.Palette{red, blue}
			return encodeGIF(t, &gif.GIF{Image: []*image.Paletted{paletted(image.Rect(0, 0, 400, 100), pal, 1)}, Delay: []int{0}})
		}, 200, 200, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, st := newTestProcessor(t, Config{MaxSide: tt.maxSide})
			ph, err := p.SavePhoto(t.Context(), bytes.NewReader(tt.input(t)))
			if err != nil {
				t.Fatalf("SavePhoto: %v", err)
			}
			m := decodeStored(t, st, ph.Name)
			if got, want := m.Bounds(), image.Rect(0, 0, tt.wantW, tt.wantH); got != want {
				t.Errorf("bounds: got %v, want %v", got, want)
			}
			// The size pages are given is the size stored.
			if ph.Width != tt.wantW || ph.Height != tt.wantH {
				t.Errorf("SavePhoto's size: got %d×%d, want %d×%d", ph.Width, ph.Height, tt.wantW, tt.wantH)
			}
		})
	}
}

func TestSaveStripsMetadata(t *testing.T) {
	const marker = "BURG-SECRET-GPS-48.8566N-2.3522E"
	jpg := encodeJPEG(t, photo(64, 48))
	pngData := encodePNG(t, photo(64, 48))
	tests := []struct {
		name    string
		input   []byte
		missing []string
	}{
		{
			name:    "JPEGEXIF",
			input:   afterSOI(jpg, exifAPP1(binary.BigEndian, 0, marker)),
			missing: []string{marker, "Exif"},
		},
		{
			name:    "JPEGCommentAndXMP",
			input:   afterSOI(jpg, jpegSegment(0xFE, []byte(marker)), jpegSegment(0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00"+marker))),
			missing: []string{marker, "adobe"},
		},
		{
			name:    "JPEGTrailingData",
			input:   append(append([]byte{}, jpg...), "<html><script>alert(1)</script>"+marker...),
			missing: []string{marker, "<script>"},
		},
		{
			name:    "PNGText",
			input:   afterIHDR(pngData, pngChunk("tEXt", []byte("Comment\x00"+marker)), pngChunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"+marker))),
			missing: []string{marker, "tEXt", "iTXt"},
		},
		{
			name:    "WebPICCProfile",
			input:   readTestdata(t, "gopher-doc.with-alpha.lossless.webp"),
			missing: []string{"lcms", "ICC"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, s := range tt.missing {
				if !bytes.Contains(tt.input, []byte(s)) {
					t.Fatalf("input lacks %q: the test proves nothing", s)
				}
			}
			p, st := newTestProcessor(t, Config{})
			name, err := p.Save(t.Context(), bytes.NewReader(tt.input))
			if err != nil {
				t.Fatalf("Save: %v", err)
			}
			got := readStored(t, st, name)
			for _, s := range tt.missing {
				if bytes.Contains(got, []byte(s)) {
					t.Errorf("stored file contains %q", s)
				}
			}
		})
	}
}

func TestSaveAppliesEXIFOrientation(t *testing.T) {
	// A 40×20 blue image with a red square in its top left corner; the
	// square's centre (5, 5) must land where EXIF says the top left goes.
	src := solid(40, 20, blue)
	for y := range 10 {
		for x := range 10 {
			src.Set(x, y, red)
		}
	}
	jpg := encodeJPEG(t, src)
	tests := []struct {
		orientation uint16
		w, h        int
		red         image.Point
	}{
		{0, 40, 20, image.Pt(5, 5)}, // no tag
		{1, 40, 20, image.Pt(5, 5)},
		{2, 40, 20, image.Pt(34, 5)},
		{3, 40, 20, image.Pt(34, 14)},
		{4, 40, 20, image.Pt(5, 14)},
		{5, 20, 40, image.Pt(5, 5)},
		{6, 20, 40, image.Pt(14, 5)},
		{7, 20, 40, image.Pt(14, 34)},
		{8, 20, 40, image.Pt(5, 34)},
		{9, 40, 20, image.Pt(5, 5)}, // out of range: ignored
	}
	for _, tt := range tests {
		for _, order := range []byteOrder{binary.BigEndian, binary.LittleEndian} {
			t.Run(order.String()+"/"+string(rune('0'+tt.orientation)), func(t *testing.T) {
				p, st := newTestProcessor(t, Config{})
				ph, err := p.SavePhoto(t.Context(), bytes.NewReader(afterSOI(jpg, exifAPP1(order, tt.orientation, ""))))
				if err != nil {
					t.Fatalf("SavePhoto: %v", err)
				}
				m := decodeStored(t, st, ph.Name)
				if got, want := m.Bounds(), image.Rect(0, 0, tt.w, tt.h); got != want {
					t.Fatalf("bounds: got %v, want %v", got, want)
				}
				// Turned upright, the size is the upright one.
				if ph.Width != tt.w || ph.Height != tt.h {
					t.Errorf("SavePhoto's size: got %d×%d, want %d×%d", ph.Width, ph.Height, tt.w, tt.h)
				}
				if got := nrgba(m, tt.red.X, tt.red.Y); !near(got, red, 40) {
					t.Errorf("colour at %v: got %v, want red", tt.red, got)
				}
			})
		}
	}
}

func TestSaveRefuses(t *testing.T) {
	var bmpData, tiffData bytes.Buffer
	if err := bmp.Encode(&bmpData, solid(8, 8, red)); err != nil {
		t.Fatal(err)
	}
	if err := tiff.Encode(&tiffData, solid(8, 8, red), nil); err != nil {
		t.Fatal(err)
	}
	jpg := encodeJPEG(t, photo(200, 100))
	pngData := encodePNG(t, photo(200, 100))
	gifData := encodeGIF(t, &gif.GIF{Image: []*image.Paletted{paletted(image.Rect(0, 0, 200, 100), color.Palette{red, blue}, 1)}, Delay: []int{0}})
	webpData := readTestdata(t, "blue-purple-pink.lossy.webp")
	badCRC := append([]byte{}, pngData...)
	badCRC[len(badCRC)-20] ^= 0xFF // inside the last IDAT
	animated := append([]byte{}, readTestdata(t, "gopher-doc.with-alpha.lossless.webp")...)
	animated[20] |= 1 << 1

	const (
		unsupported = "The photo must be a JPEG, PNG, GIF or WebP image."
		damaged     = "The photo is damaged or incomplete."
	)
	tests := []struct {
		name  string
		cfg   Config
		input []byte
		want  string
	}{
		{"Empty", Config{}, nil, "The photo is empty."},
		{"TooLarge", Config{MaxBytes: 1000}, pngData, "The photo is larger than 1000 bytes."},
		{"TooLargeKB", Config{MaxBytes: 1 << 10}, pngData, "The photo is larger than 1 KB."},
		{"TooManyPixels", Config{MaxPixels: 10_000}, pngData, "The photo has too many pixels (200×100); at most 10000 pixels are accepted."},
		{"Text", Config{}, []byte("just some words, no picture"), unsupported},
		{"HTML", Config{}, []byte("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"), unsupported},
		{"HTMLWithLeadingSpace", Config{}, []byte("  \n<html><img src=x onerror=alert(1)>"), unsupported},
		{"SVG", Config{}, []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>`), unsupported},
		{"SVGWithXMLDecl", Config{}, []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`), unsupported},
		{"BMP", Config{}, bmpData.Bytes(), unsupported},
		{"TIFF", Config{}, tiffData.Bytes(), unsupported},
		{"PDF", Config{}, []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), unsupported},
		{"AnimatedWebP", Config{}, animated, "Animated WebP images are not supported; please upload a still image."},
		{"ZeroSizeGIF", Config{}, []byte("GIF89a\x00\x00\x00\x00\x00\x00\x00\x3b"), "The photo has no pixels."},
		{"ZeroSizePNG", Config{}, pngHeader(0, 10), damaged},
		{"JPEGSignatureOnly", Config{}, []byte("\xff\xd8\xff"), damaged},
		{"PNGSignatureOnly", Config{}, []byte("\x89PNG\r\n\x1a\n"), damaged},
		{"TruncatedJPEG", Config{}, jpg[:len(jpg)/2], damaged},
		{"TruncatedPNG", Config{}, pngData[:len(pngData)/2], damaged},
		{"TruncatedGIF", Config{}, gifData[:len(gifData)/2], damaged},
		{"TruncatedWebP", Config{}, webpData[:len(webpData)/2], damaged},
		{"PNGBadChecksum", Config{}, badCRC, damaged},
		{"HTMLDisguisedAsJPEG", Config{}, append([]byte("\xff\xd8\xff\xe0"), "<html><script>alert(1)</script></html>"...), damaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, st := newTestProcessor(t, tt.cfg)
			name, err := p.Save(t.Context(), bytes.NewReader(tt.input))
			if err == nil {
				t.Fatalf("Save stored %s, want error %q", name, tt.want)
			}
			if got, want := burg.ErrorCode(err), burg.EINVALID; got != want {
				t.Errorf("code: got %q, want %q (err %v)", got, want, err)
			}
			if got := burg.ErrorMessage(err); got != tt.want {
				t.Errorf("message: got %q, want %q", got, tt.want)
			}
			if files := storedFiles(t, st); len(files) != 0 {
				t.Errorf("stored %v, want nothing", files)
			}
		})
	}
}

// pngHeader returns a PNG signature and IHDR chunk declaring w×h RGBA
// pixels, with one tiny IDAT chunk and IEND: small, but it claims whatever
// size it is told.
func pngHeader(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8-bit RGBA, deflate, no filter, no interlace
	b := []byte("\x89PNG\r\n\x1a\n")
	b = append(b, pngChunk("IHDR", ihdr)...)
	b = append(b, pngChunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
	return append(b, pngChunk("IEND", nil)...)
}

func TestSaveRefusesDecompressionBombs(t *testing.T) {
	jpegBomb := encodeJPEG(t, photo(16, 16))
	sof := bytes.Index(jpegBomb, []byte{0xFF, 0xC0})
	if sof < 0 {
		t.Fatal("no SOF0 in test JPEG")
	}
	binary.BigEndian.PutUint16(jpegBomb[sof+5:], 65500) // height
	binary.BigEndian.PutUint16(jpegBomb[sof+7:], 65500) // width

	gifBomb := encodeGIF(t, &gif.GIF{Image: []*image.Paletted{paletted(image.Rect(0, 0, 16, 16), color.Palette{red, blue}, 1)}, Delay: []int{0}})
	binary.LittleEndian.PutUint16(gifBomb[6:], 65535)
	binary.LittleEndian.PutUint16(gifBomb[8:], 65535)

	webpBomb := append([]byte{}, readTestdata(t, "gopher-doc.with-alpha.lossless.webp")...)
	copy(webpBomb[24:30], []byte{0xFF, 0x3F, 0, 0xFF, 0x3F, 0}) // canvas 16384×16384

	tests := []struct {
		name  string
		input []byte
		msg   string
	}{
		{"PNG", pngHeader(100_000, 100_000), "(100000×100000)"},
		{"PNGOneRow", pngHeader(50_000_000, 1), "(50000000×1)"},
		{"JPEG", jpegBomb, "(65500×65500)"},
		{"GIF", gifBomb, "(65535×65535)"},
		{"WebP", webpBomb, "(16384×16384)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, st := newTestProcessor(t, Config{})
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := p.Save(t.Context(), bytes.NewReader(tt.input))
			runtime.ReadMemStats(&after)
			if got, want := burg.ErrorCode(err), burg.EINVALID; got != want {
				t.Fatalf("code: got %q, want %q (err %v)", got, want, err)
			}
			if got, want := burg.ErrorMessage(err), "The photo has too many pixels "+tt.msg+"; at most 40 megapixels are accepted."; got != want {
				t.Errorf("message: got %q, want %q", got, want)
			}
			// Decoding would take gigabytes; refusing takes next to nothing.
			if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
				t.Errorf("allocated %d bytes refusing a bomb, want under 1 MB", got)
			}
			if files := storedFiles(t, st); len(files) != 0 {
				t.Errorf("stored %v, want nothing", files)
			}
		})
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
}

func TestSaveReadsNoMoreThanMaxBytes(t *testing.T) {
	p, _ := newTestProcessor(t, Config{})
	// An endless PNG: the signature, then zeros for ever.
	r := &countingReader{r: io.MultiReader(strings.NewReader("\x89PNG\r\n\x1a\n"), zeros{})}
	_, err := p.Save(t.Context(), r)
	if got, want := burg.ErrorMessage(err), "The photo is larger than 5 MB."; got != want {
		t.Errorf("message: got %q, want %q", got, want)
	}
	if got, want := r.n, int64(DefaultMaxBytes+1); got != want {
		t.Errorf("read %d bytes, want %d", got, want)
	}
}

// zeros is an endless reader of zero bytes.
type zeros struct{}

func (zeros) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}

func TestSaveAcceptsExactlyMaxBytes(t *testing.T) {
	data := encodePNG(t, photo(32, 32))
	p, _ := newTestProcessor(t, Config{MaxBytes: int64(len(data))})
	if _, err := p.Save(t.Context(), bytes.NewReader(data)); err != nil {
		t.Errorf("Save of exactly MaxBytes: %v", err)
	}
}

func TestSaveSameImageTwice(t *testing.T) {
	p, st := newTestProcessor(t, Config{})
	data := encodeJPEG(t, photo(200, 150))
	first, err := p.Save(t.Context(), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	second, err := p.Save(t.Context(), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	// The same pixels with different metadata re-encode to the same bytes.
	third, err := p.Save(t.Context(), bytes.NewReader(afterSOI(data, exifAPP1(binary.LittleEndian, 1, "camera serial 1234"))))
	if err != nil {
		t.Fatal(err)
	}
	if second != first || third != first {
		t.Errorf("names: got %s, %s, %s, want all the same", first, second, third)
	}
	if got, want := storedFiles(t, st), []string{first[:2] + "/" + first}; !equal(got, want) {
		t.Errorf("stored files: got %v, want %v", got, want)
	}

	other, err := p.Save(t.Context(), bytes.NewReader(encodeJPEG(t, photo(201, 150))))
	if err != nil {
		t.Fatal(err)
	}
	if other == first {
		t.Errorf("different photos got the same name %s", other)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSaveConcurrently(t *testing.T) {
	p, st := newTestProcessor(t, Config{Concurrency: 2})
	inputs := [][]byte{
		encodeJPEG(t, photo(120, 90)),
		encodePNG(t, photo(90, 120)),
	}
	const perInput = 6
	names := make([][]string, len(inputs))
	var wg sync.WaitGroup
	for i, in := range inputs {
		names[i] = make([]string, perInput)
		for j := range perInput {
			wg.Go(func() {
				name, err := p.Save(t.Context(), bytes.NewReader(in))
				if err != nil {
					t.Error(err)
				}
				names[i][j] = name
			})
		}
	}
	wg.Wait()
	for i := range inputs {
		for j := range perInput {
			if names[i][j] != names[i][0] {
				t.Errorf("input %d: names differ: %s and %s", i, names[i][j], names[i][0])
			}
		}
	}
	if got := len(storedFiles(t, st)); got != len(inputs) {
		t.Errorf("stored %d files, want %d", got, len(inputs))
	}
}

func TestSaveCanceled(t *testing.T) {
	p, st := newTestProcessor(t, Config{})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := p.Save(ctx, bytes.NewReader(encodePNG(t, photo(20, 20))))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err: got %v, want context.Canceled", err)
	}
	if files := storedFiles(t, st); len(files) != 0 {
		t.Errorf("stored %v, want nothing", files)
	}
}

func TestSaveWaitingGivesUp(t *testing.T) {
	p, st := newTestProcessor(t, Config{Concurrency: 1})
	p.slot <- struct{}{} // as if another photo were being decoded
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() {
		_, err := p.Save(ctx, bytes.NewReader(encodePNG(t, photo(20, 20))))
		done <- err
	}()
	cancel()
	// Were Save not watching ctx while it waits, this would block until the
	// test timed out, since the slot is never freed.
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("err: got %v, want context.Canceled", err)
	}
	if files := storedFiles(t, st); len(files) != 0 {
		t.Errorf("stored %v, want nothing", files)
	}
	<-p.slot
	if _, err := p.Save(t.Context(), bytes.NewReader(encodePNG(t, photo(20, 20)))); err != nil {
		t.Errorf("Save once the slot is free: %v", err)
	}
}

// grayPaletted returns a w×h paletted image of grey stripes; paletted
// PNGs are encoded without trying filters, so large ones are quick to make.
func grayPaletted(w, h int) *image.Paletted {
	pal := make(color.Palette, 256)
	for i := range pal {
		pal[i] = color.Gray{uint8(i)}
	}
	m := image.NewPaletted(image.Rect(0, 0, w, h), pal)
	for y := range h {
		for x := range w {
			m.Pix[y*m.Stride+x] = uint8(x/8 + y/8)
		}
	}
	return m
}

func TestSaveBoundedMemory(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes how much appending allocates")
	}
	// Noise does not compress: a PNG as large as MaxBytes whose output is
	// as large again.
	noise := image.NewNRGBA(image.Rect(0, 0, 1100, 1100))
	seed := uint32(1)
	for i := range noise.Pix {
		seed ^= seed << 13
		seed ^= seed >> 17
		seed ^= seed << 5
		noise.Pix[i] = uint8(seed)
	}
	jpg := encodeJPEG(t, photo(3000, 2000))
	tests := []struct {
		name   string
		input  []byte
		dw, dh int
	}{
		// Scaling 3000×2000 to 1600×1067 once took a 100 MB buffer, the
		// size of the source rows times the width of the result.
		{"JPEG3000x2000", jpg, 1600, 1067},
		{"JPEGTurned", afterSOI(jpg, exifAPP1(binary.BigEndian, 6, "")), 1067, 1600},
		// The longest and the thinnest shapes accepted.
		{"Panorama20000x1000", encodePNG(t, grayPaletted(20_000, 1_000)), 1600, 80},
		{"Tall1000x20000", encodePNG(t, grayPaletted(1_000, 20_000)), 80, 1600},
		{"JPEGProgressive", readTestdata(t, "progressive.jpg"), 640, 480},
		{"PNGNoise", encodePNG(t, noise), 1100, 1100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, st := newTestProcessor(t, Config{MaxBytes: int64(len(tt.input))})
			f := sniff(tt.input)
			cfg, err := f.decodeConfig(bytes.NewReader(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			cost, _ := decodeCost(f, tt.input, cfg)
			var name string
			n := int64(allocated(func() { name, err = p.Save(t.Context(), bytes.NewReader(tt.input)) }))
			if err != nil {
				t.Fatalf("Save: %v", err)
			}
			if got, want := decodeStored(t, st, name).Bounds(), image.Rect(0, 0, tt.dw, tt.dh); got != want {
				t.Errorf("bounds: got %v, want %v", got, want)
			}
			// What the package documentation promises: decoding, then a
			// few copies of the result and of the file.
			limit := cost + saveOverhead(int64(len(tt.input)), tt.dw, tt.dh)
			t.Logf("allocated %d bytes; decoding is estimated at %d, the limit is %d", n, cost, limit)
			if n > limit {
				t.Errorf("allocated %d bytes, more than the %d promised", n, limit)
			}
		})
	}
}

// failingReader fails after a few bytes, like a dropped connection.
type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }

func TestSaveReadError(t *testing.T) {
	p, _ := newTestProcessor(t, Config{})
	cause := errors.New("connection reset")
	_, err := p.Save(t.Context(), io.MultiReader(strings.NewReader("\x89PNG"), failingReader{cause}))
	if !errors.Is(err, cause) {
		t.Errorf("err: got %v, want it to wrap %v", err, cause)
	}
	if got, want := burg.ErrorCode(err), burg.EINTERNAL; got != want {
		t.Errorf("code: got %q, want %q", got, want)
	}
}

// failingStorage refuses every file.
type failingStorage struct{ DirStorage }

func (failingStorage) Put(context.Context, string, []byte) error { return errors.New("disk full") }

func TestSaveStorageError(t *testing.T) {
	p := New(Config{}, failingStorage{})
	_, err := p.Save(t.Context(), bytes.NewReader(encodePNG(t, photo(20, 20))))
	if got, want := burg.ErrorCode(err), burg.EINTERNAL; got != want {
		t.Errorf("code: got %q, want %q (err %v)", got, want, err)
	}
}

func TestConfigDefaults(t *testing.T) {
	got := New(Config{}, DirStorage{}).Config()
	want := Config{MaxBytes: 5 << 20, MaxPixels: 40_000_000, MaxDecodeBytes: 256 << 20, MaxSide: 1600, Concurrency: 2}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	cfg := Config{MaxBytes: 1, MaxPixels: 2, MaxDecodeBytes: 5, MaxSide: 3, Concurrency: 4}
	if got := New(cfg, DirStorage{}).Config(); got != cfg {
		t.Errorf("got %+v, want %+v", got, cfg)
	}
}

func TestValidName(t *testing.T) {
	const h = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	tests := []struct {
		name string
		want bool
	}{
		{h + ".jpg", true},
		{h + ".png", true},
		{h + ".gif", true},
		{h + ".webp", false},
		{h + ".jpeg", false},
		{h + ".JPG", false},
		{h + ".svg", false},
		{h + ".html", false},
		{h, false},
		{h + ".jpg/", false},
		{strings.ToUpper(h) + ".jpg", false},
		{h[:63] + ".jpg", false},
		{h + "0.jpg", false},
		{h[:63] + "g.jpg", false},
		{"../x", false},
		{"../" + h[3:] + ".jpg", false},
		{"ab/cd.jpg", false},
		{h[:2] + "/" + h[3:] + ".jpg", false},
		{h[:63] + "\x00.jpg", false},
		{"", false},
		{".jpg", false},
	}
	for _, tt := range tests {
		if got := ValidName(tt.name); got != tt.want {
			t.Errorf("ValidName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// BenchmarkSave measures a photo that needs no scaling, the common case for
// pictures already sized for the web, and a 12-megapixel phone photo.
func BenchmarkSave(b *testing.B) {
	for _, size := range []image.Point{{1600, 1200}, {4000, 3000}} {
		b.Run(fmt.Sprintf("JPEG%dx%d", size.X, size.Y), func(b *testing.B) {
			p, _ := newTestProcessor(b, Config{})
			data := encodeJPEG(b, photo(size.X, size.Y))
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.Save(b.Context(), bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
