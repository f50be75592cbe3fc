package upload

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// newTestProcessor returns a Processor over a DirStorage in a temporary
// directory.
func newTestProcessor(t testing.TB, cfg Config) (*Processor, DirStorage) {
	t.Helper()
	st := DirStorage{Dir: t.TempDir()}
	return New(cfg, st), st
}

// photo returns a w×h image with smooth gradients and a little grain, so
// that it encodes like a photograph rather than a flat colour.
func photo(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	seed := uint32(2463534242)
	for y := range h {
		for x := range w {
			seed ^= seed << 13
			seed ^= seed >> 17
			seed ^= seed << 5
			grain := uint8(seed & 15)
			i := m.PixOffset(x, y)
			m.Pix[i+0] = uint8(x*255/max(1, w-1)) ^ grain
			m.Pix[i+1] = uint8(y*255/max(1, h-1)) ^ grain
			m.Pix[i+2] = uint8((x+y)*255/max(1, w+h-2)) ^ grain
			m.Pix[i+3] = 0xFF
		}
	}
	return m
}

// solid returns a w×h image of one colour.
func solid(w, h int, c color.Color) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	r, g, b, a := c.RGBA()
	px := []byte{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
	for i := 0; i < len(m.Pix); i += 4 {
		copy(m.Pix[i:], px)
	}
	return m
}

func encodeJPEG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodePNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeGIF(t testing.TB, g *gif.GIF) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, g); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// paletted returns a w×h paletted image at r.Min filled with palette index i.
func paletted(r image.Rectangle, p color.Palette, i uint8) *image.Paletted {
	m := image.NewPaletted(r, p)
	for j := range m.Pix {
		m.Pix[j] = i
	}
	return m
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readStored returns the bytes stored under name.
func readStored(t testing.TB, st DirStorage, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(st.Dir, name[:2], name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// storedFiles returns the paths of the files under st.Dir, relative to it.
func storedFiles(t testing.TB, st DirStorage) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(st.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(st.Dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// jpegSegment returns a JPEG marker segment with its length.
func jpegSegment(marker byte, payload []byte) []byte {
	seg := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(2+len(payload)))
	return append(seg, payload...)
}

// byteOrder reads and appends in one byte order.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// exifAPP1 returns an EXIF APP1 segment in the given byte order holding an
// orientation tag (unless orientation is 0), followed by extra bytes.
func exifAPP1(order byteOrder, orientation uint16, extra string) []byte {
	tiff := []byte("MM\x00*")
	if order == byteOrder(binary.LittleEndian) {
		tiff = []byte("II*\x00")
	}
	tiff = order.AppendUint32(tiff, 8)
	if orientation == 0 {
		tiff = order.AppendUint16(tiff, 0)
	} else {
		tiff = order.AppendUint16(tiff, 2)
		// An unrelated tag first (ImageDescription, ASCII, 4 bytes inline).
		tiff = order.AppendUint16(tiff, 0x010E)
		tiff = order.AppendUint16(tiff, 2)
		tiff = order.AppendUint32(tiff, 4)
		tiff = append(tiff, "abc\x00"...)
		tiff = order.AppendUint16(tiff, 0x0112)
		tiff = order.AppendUint16(tiff, 3)
		tiff = order.AppendUint32(tiff, 1)
		tiff = order.AppendUint16(tiff, orientation)
		tiff = order.AppendUint16(tiff, 0)
	}
	tiff = order.AppendUint32(tiff, 0)
	tiff = append(tiff, extra...)
	return jpegSegment(0xE1, append([]byte("Exif\x00\x00"), tiff...))
}

// afterSOI returns jpg with segments inserted right after its SOI marker.
func afterSOI(jpg []byte, segments ...[]byte) []byte {
	out := append([]byte{}, jpg[:2]...)
	for _, s := range segments {
		out = append(out, s...)
	}
	return append(out, jpg[2:]...)
}

// pngChunk returns a PNG chunk with its length and CRC.
func pngChunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// afterIHDR returns a PNG with chunks inserted after its IHDR chunk.
func afterIHDR(p []byte, chunks ...[]byte) []byte {
	const end = 8 + 4 + 4 + 13 + 4
	out := append([]byte{}, p[:end]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, p[end:]...)
}

// allocated returns the bytes f allocates, by the runtime's count of all
// allocations so far. Other goroutines add to that count too, so tests
// that use it do not run in parallel.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// pngHeaderOf returns a PNG signature and IHDR chunk declaring w×h pixels
// of the given bit depth, colour type and interlace method, with one tiny
// IDAT chunk and IEND: small, but it claims whatever it is told.
func pngHeaderOf(w, h uint32, depth, colorType, interlace byte) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, depth, colorType, 0, 0, interlace)
	b := []byte("\x89PNG\r\n\x1a\n")
	b = append(b, pngChunk("IHDR", ihdr)...)
	b = append(b, pngChunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
	return append(b, pngChunk("IEND", nil)...)
}

// encodeInterlacedPNG returns m as an Adam7-interlaced 8-bit RGBA PNG,
// which png.Encode cannot write. Rows are stored unfiltered.
func encodeInterlacedPNG(t testing.TB, m *image.NRGBA) []byte {
	t.Helper()
	b := m.Bounds()
	passes := []struct{ x0, y0, dx, dy int }{
		{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2},
	}
	var raw bytes.Buffer
	for _, p := range passes {
		if p.x0 >= b.Dx() || p.y0 >= b.Dy() {
			continue // an empty pass has no rows at all
		}
		for y := p.y0; y < b.Dy(); y += p.dy {
			raw.WriteByte(0) // filter type None
			for x := p.x0; x < b.Dx(); x += p.dx {
				i := m.PixOffset(b.Min.X+x, b.Min.Y+y)
				raw.Write(m.Pix[i : i+4])
			}
		}
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	if _, err := zw.Write(raw.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(b.Dx()))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(b.Dy()))
	ihdr = append(ihdr, 8, 6, 0, 0, 1) // 8-bit RGBA, deflate, adaptive filters, Adam7
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, pngChunk("IHDR", ihdr)...)
	out = append(out, pngChunk("IDAT", z.Bytes())...)
	return append(out, pngChunk("IEND", nil)...)
}

// withJPEGFrame returns jpg, a baseline JPEG, with its SOF0 marker changed
// to marker and the size it declares to w×h. Only the header is true: the
// scan data still holds the old size.
func withJPEGFrame(t testing.TB, jpg []byte, marker byte, w, h uint16) []byte {
	t.Helper()
	out := append([]byte{}, jpg...)
	sof := bytes.Index(out, []byte{0xFF, 0xC0})
	if sof < 0 {
		t.Fatal("no SOF0 in test JPEG")
	}
	out[sof+1] = marker
	binary.BigEndian.PutUint16(out[sof+5:], h)
	binary.BigEndian.PutUint16(out[sof+7:], w)
	return out
}
