package upload

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"

	"github.com/burg-news/burg"
)

// Shape limits, checked against the header before anything is decoded.
const (
	// maxInputSide is the longest side accepted, in pixels. A 40-megapixel
	// photo is 7,746 pixels wide at 3:2, and a 1:20 panorama within the
	// limit below is 20,000 × 1,000; nothing a camera or a phone takes is
	// longer. The PNG decoder keeps two rows of this length and the scaler
	// a few, so the limit also bounds them whatever Config.MaxPixels says.
	maxInputSide = 20_000
	// maxAspect is how many times longer than wide (or wide than tall) a
	// photo may be. Phone panoramas and long screenshots stay well within
	// it; at the default MaxSide of 1600 a 1:20 photo is still 80 pixels
	// across, and anything thinner would show as a line, not a picture.
	// Strips thousands of pixels long and one pixel wide are how a tiny
	// file makes the scaler do the most work for the least data.
	maxAspect = 20
)

// checkShape refuses sizes that no photo has: longer than maxInputSide on a
// side, or thinner than 1:maxAspect.
func checkShape(w, h int) error {
	if w > maxInputSide || h > maxInputSide {
		return burg.Errorf(burg.EINVALID, "The photo is %d×%d pixels; at most %d pixels on a side are accepted.",
			w, h, maxInputSide)
	}
	if w > maxAspect*h {
		return burg.Errorf(burg.EINVALID, "The photo is %d×%d pixels, more than %d times as wide as it is tall; please crop it.",
			w, h, maxAspect)
	}
	if h > maxAspect*w {
		return burg.Errorf(burg.EINVALID, "The photo is %d×%d pixels, more than %d times as tall as it is wide; please crop it.",
			w, h, maxAspect)
	}
	return nil
}

// decodeSlack covers what a decoder allocates besides its pixels and row
// buffers: Huffman and quantisation tables, zlib's window, palettes. They
// come to some 50 KB.
const decodeSlack = 256 << 10

// decodeCost returns an upper bound on the bytes decoding data takes, read
// from its header (cfg is what DecodeConfig said), and a short name of the
// kind of file for messages ("progressive JPEG", "16-bit PNG").
//
// The bound follows what the decoders in the standard library and
// golang.org/x/image allocate: the decoded image, rounded up to whole
// blocks; the coefficients a progressive JPEG keeps for every block until
// its last scan (256 bytes per 8×8 block and component, 4 to 16 bytes a
// pixel); the second full image CMYK and RGB JPEGs are converted into;
// the passes of an interlaced PNG, which sum to the image again; the
// de-interlacing copy of a GIF frame; the NRGBA image a lossless WebP (or
// its compressed alpha channel) decodes to and the copy its colour-indexing
// transform makes. TestDecodeCostBound checks it against what decoding
// really allocates.
func decodeCost(f format, data []byte, cfg image.Config) (int64, string) {
	w, h := int64(cfg.Width), int64(cfg.Height)
	switch f {
	case formatJPEG:
		return jpegCost(data, w, h)
	case formatPNG:
		return pngCost(data, w, h)
	case formatGIF:
		// The frame, at most the size of the canvas, and the copy
		// de-interlacing makes. (Placing a smaller frame on its canvas is
		// left to the scaler, which never holds the canvas.)
		return 2*w*h + decodeSlack, "GIF"
	case formatWebP:
		return webpCost(data, w, h)
	}
	return 0, ""
}

// jpegComponent is a component's sampling factors from a JPEG frame header.
type jpegComponent struct {
	id, h, v int
}

// jpegFrame reads the frame header (SOF0, SOF1 or SOF2) of a JPEG,
// walking the segments before it the way image/jpeg does. It returns the
// marker and the components, or ok false if it finds none before the
// first scan.
func jpegFrame(jpg []byte) (marker byte, comps []jpegComponent, ok bool) {
	i := 2 // after SOI
	for i+2 <= len(jpg) {
		if jpg[i] != 0xFF { // extraneous data, which image/jpeg skips too
			i++
			continue
		}
		marker = jpg[i+1]
		switch {
		case marker == 0x00: // an escaped 0xFF, extraneous as well
			i += 2
			continue
		case marker == 0xFF: // fill byte
			i++
			continue
		case 0xD0 <= marker && marker <= 0xD7: // restart, no payload
			i += 2
			continue
		case marker == 0xD9 || marker == 0xDA: // end of image, start of scan
			return 0, nil, false
		}
		if i+4 > len(jpg) {
			return 0, nil, false
		}
		n := int(binary.BigEndian.Uint16(jpg[i+2:]))
		if n < 2 || i+2+n > len(jpg) {
			return 0, nil, false
		}
		seg := jpg[i+4 : i+2+n]
		if marker == 0xC0 || marker == 0xC1 || marker == 0xC2 {
			// Precision, height, width, count, then 3 bytes a component.
			if len(seg) < 6 || len(seg) != 6+3*int(seg[5]) {
				return 0, nil, false
			}
			for c := range int(seg[5]) {
				hv := seg[7+3*c]
				comps = append(comps, jpegComponent{id: int(seg[6+3*c]), h: int(hv >> 4), v: int(hv & 0x0F)})
			}
			return marker, comps, true
		}
		i += 2 + n
	}
	return 0, nil, false
}

// jpegCost is decodeCost for a JPEG of w×h pixels.
func jpegCost(jpg []byte, w, h int64) (int64, string) {
	marker, comps, ok := jpegFrame(jpg)
	valid := ok && (len(comps) == 1 || len(comps) == 3 || len(comps) == 4)
	for _, c := range comps {
		valid = valid && c.h >= 1 && c.h <= 4 && c.v >= 1 && c.v <= 4
	}
	if !valid {
		// DecodeConfig found a frame this walk did not: assume the costliest
		// frame the decoder takes, progressive with four full components.
		return 24*w*h + decodeSlack, "JPEG"
	}
	progressive := marker == 0xC2
	kind := "JPEG"
	if progressive {
		kind = "progressive JPEG"
	}
	if len(comps) == 1 {
		comps[0].h, comps[0].v = 1, 1 // image/jpeg's rule for one component
	}
	// The decoder works in MCUs of 8·h × 8·v pixels of the first component
	// and allocates whole MCUs.
	h0, v0 := int64(comps[0].h), int64(comps[0].v)
	mxx := (w + 8*h0 - 1) / (8 * h0)
	myy := (h + 8*v0 - 1) / (8 * v0)
	luma := 64 * h0 * v0 * mxx * myy
	cost := luma
	switch len(comps) {
	case 3, 4:
		// Cb and Cr share one subsampling, the second component's.
		ratio := max(1, (h0/int64(comps[1].h))*(v0/int64(comps[1].v)))
		cost += 2 * (luma / ratio)
	}
	if len(comps) == 4 {
		cost += 64 * int64(comps[3].h) * int64(comps[3].v) * mxx * myy // the black plane
	}
	if progressive {
		for _, c := range comps {
			cost += 256 * int64(c.h) * int64(c.v) * mxx * myy
		}
	}
	// Four components end as a CMYK image, and RGB JPEGs as an RGBA
	// image, each a second copy at 4 bytes a pixel. The decoder takes
	// three components for RGB when they are named R, G and B or when an
	// Adobe segment says so.
	rgb := len(comps) == 3 && (comps[0].id == 'R' && comps[1].id == 'G' && comps[2].id == 'B' || adobeRGB(jpg))
	if len(comps) == 4 || rgb {
		cost += 4 * w * h
	}
	return cost + decodeSlack, kind
}

// adobeRGB reports whether any Adobe APP14 segment in a JPEG may mark it
// as RGB (colour transform 0). image/jpeg reads such segments wherever they
// are, between scans too, so this looks through the whole file; a segment
// inside another (an EXIF thumbnail's) only makes the estimate cautious.
func adobeRGB(jpg []byte) bool {
	for i := 0; ; {
		j := bytes.Index(jpg[i:], []byte("\xFF\xEE"))
		if j < 0 {
			return false
		}
		i += j + 2
		seg := jpg[i:]
		if len(seg) >= 2+5 && string(seg[2:7]) == "Adobe" && (len(seg) < 2+12 || seg[2+11] == 0) {
			return true
		}
	}
}

// pngCost is decodeCost for a PNG of w×h pixels.
func pngCost(p []byte, w, h int64) (int64, string) {
	// DecodeConfig has read the IHDR chunk, which comes first: width,
	// height, bit depth, colour type, compression, filter, interlace.
	const ihdr = 8 + 8
	if len(p) < ihdr+13 {
		return 8*w*h*2 + decodeSlack, "PNG"
	}
	depth, colorType, interlaced := int64(p[ihdr+8]), p[ihdr+9], p[ihdr+12] == 1
	var channels int64
	switch colorType {
	case 0, 3: // grey, paletted
		channels = 1
	case 4: // grey and alpha
		channels = 2
	case 2: // colour
		channels = 3
	case 6: // colour and alpha
		channels = 4
	}
	if channels == 0 || depth > 16 {
		return 8*w*h*2 + decodeSlack, "PNG"
	}
	// The decoded image: paletted and grey images take a byte a pixel,
	// anything with colour or alpha four (NRGBA or RGBA), and every 16-bit
	// image twice as many. A tRNS chunk turns grey and colour images into
	// NRGBA.
	var perPixel int64
	switch {
	case colorType == 3:
		perPixel = 1
	case colorType == 0 && !pngTransparent(p):
		perPixel = 1
	default:
		perPixel = 4
	}
	if depth == 16 {
		perPixel *= 2
	}
	img := perPixel * w * h
	// Two rows of the raw data, the current one and the one before, with
	// their filter bytes.
	rows := 2 * (1 + (channels*depth*w+7)/8)
	kind := "PNG"
	if depth == 16 {
		kind = "16-bit PNG"
	}
	cost := img + rows
	if interlaced {
		// Each of the seven passes is decoded into an image of its own,
		// with its own rows, then copied into the whole; together the
		// passes are as large as the image.
		cost = 2*img + 7*rows
		kind = "interlaced " + kind
	}
	return cost + decodeSlack, kind
}

// pngTransparent reports whether a PNG has a tRNS chunk before its image
// data, or cannot be walked far enough to tell, in which case the decoder
// will refuse it but the estimate assumes the worst.
func pngTransparent(p []byte) bool {
	for i := 8; i+8 <= len(p); {
		n := int64(binary.BigEndian.Uint32(p[i:]))
		switch string(p[i+4 : i+8]) {
		case "IDAT":
			return false
		case "tRNS":
			return true
		}
		next := int64(i) + 12 + n
		if next > int64(len(p)) {
			return true
		}
		i = int(next)
	}
	return true
}

// webpCost is decodeCost for a WebP of w×h pixels. It walks the RIFF
// chunks to learn whether the image is lossy (VP8) or lossless (VP8L) and
// how its alpha channel, if any, is stored.
func webpCost(b []byte, w, h int64) (int64, string) {
	// A lossless image: the NRGBA pixels, the copy the colour-indexing
	// transform makes, and the transforms' and entropy codes' own smaller
	// images, each at most a sixteenth of the pixels at 4 bytes.
	lossless := 8*w*h + 3*(w*h/16+w+h+1)*4
	// A lossy image: YCbCr 4:2:0 in whole 16×16 macroblocks, 4 bytes of
	// filter settings a macroblock, and a copy of the compressed data.
	mbs := ((w + 15) / 16) * ((h + 15) / 16)
	lossy := 384*mbs + 4*mbs + int64(len(b))
	var cost int64
	kind := "WebP"
	for i := 12; i+8 <= len(b); {
		fourCC := string(b[i : i+4])
		n := int64(binary.LittleEndian.Uint32(b[i+4:]))
		data := b[i+8:]
		switch fourCC {
		case "ALPH":
			// Raw alpha is a byte a pixel; compressed alpha is decoded as a
			// lossless image first.
			cost += w * h
			if len(data) == 0 || data[0]&0x03 != 0 {
				cost += lossless
			}
		case "VP8 ":
			return cost + lossy + decodeSlack, kind
		case "VP8L":
			return cost + lossless + decodeSlack, "lossless " + kind
		}
		next := int64(i) + 8 + n + n&1 // chunks are padded to even sizes
		if next > int64(len(b)) {
			break
		}
		i = int(next)
	}
	// No image chunk found: the decoder will refuse the file, but assume
	// the worst of both.
	return w*h + 2*lossless + lossy + decodeSlack, kind
}

// formatMB writes n bytes for people, rounded up to whole megabytes.
func formatMB(n int64) string {
	return fmt.Sprintf("%d MB", (n+1<<20-1)>>20)
}
