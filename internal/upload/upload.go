// Package upload checks, re-encodes and stores the photos commenters upload
// with the toolbar's Photo button.
//
// Burg never keeps the bytes a visitor sent. Save reads at most
// Config.MaxBytes, recognises JPEG, PNG, GIF and WebP by their first bytes
// (never by a file name or a Content-Type), reads the image's size from its
// header and refuses decompression bombs before decoding, decodes it, turns
// it upright by its EXIF orientation, scales it down to Config.MaxSide and
// encodes it afresh. The new file carries no metadata (EXIF, GPS, XMP, ICC
// profiles, text chunks, comments) and nothing appended to the image data.
//
// What comes out:
//
//	JPEG, WebP -> JPEG, quality 85 (WebP transparency is flattened on white)
//	PNG        -> PNG
//	GIF        -> PNG of the first frame; animation is not kept
//
// GIFs lose their animation on purpose: keeping it would mean decoding,
// scaling and re-quantising every frame, and a small file can hold thousands
// of frames, so the pixel limit would no longer bound the memory a single
// upload may take.
//
// # Memory
//
// A small file can declare a huge image, so everything is decided from the
// header before a pixel is decoded. Save refuses images of more than
// Config.MaxPixels pixels, longer than 20,000 pixels on a side or thinner
// than 1:20, and estimates what decoding will take: the pixels in the
// decoder's colour model (1 byte a pixel for grey and paletted images, 1.5
// for JPEG's usual 4:2:0, 4 for colour PNGs, 8 for 16-bit ones), rounded up
// to the decoder's blocks, plus what it keeps besides, such as the 4 to 16
// bytes a pixel of coefficients a progressive JPEG holds until its last
// scan. Above Config.MaxDecodeBytes (default 256 MB) the photo is refused.
//
// Scaling never copies the decoded image. It reads it a row at a time,
// first averaging blocks of whole pixels, each axis by its own factor, then
// filters with Catmull-Rom at a ratio under 2, keeping only the rows the
// filter reaches. So one upload allocates at most
//
//	MaxDecodeBytes + 3·MaxBytes + 16·MaxSide² + 2 MB
//
// in all: 312 MB with the defaults, which only the costliest kinds of file
// come near; a 12-megapixel phone photo takes 30 to 40 MB. At most Config.Concurrency uploads (default 2) decode at
// once; the others wait holding only their file, and give up when their
// context ends. The Go runtime lets the heap grow past what is live before
// it collects; GOMEMLIMIT keeps that in check.
//
// Files are named by the SHA-256 of the encoded bytes plus an extension, so
// the same photo uploaded twice is stored once, and a name never changes
// meaning. A Storage keeps them; DirStorage keeps them in a directory.
package upload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/webp"

	"github.com/burg-news/burg"
)

// Defaults for the zero fields of a Config.
const (
	DefaultMaxBytes       = 5 << 20    // 5 MB
	DefaultMaxPixels      = 40_000_000 // 40 megapixels
	DefaultMaxDecodeBytes = 256 << 20  // 256 MB
	DefaultMaxSide        = 1600
	DefaultConcurrency    = 2
)

// JPEGQuality is the quality Save encodes JPEG output with.
const JPEGQuality = 85

// Config limits what Save accepts. A zero or negative field takes its
// default.
type Config struct {
	// MaxBytes is the largest upload accepted, in bytes (default 5 MB).
	MaxBytes int64
	// MaxPixels is the most pixels (width × height) an image may declare in
	// its header (default 40 megapixels). Larger images are refused before
	// any pixel is decoded, so a small file claiming a huge size costs
	// nothing.
	MaxPixels int
	// MaxDecodeBytes is the most memory decoding one image may take
	// (default 256 MB), estimated from its header before decoding: what
	// the pixels take in the decoder's colour model, rounded up to its
	// blocks, and the buffers it keeps besides, such as the coefficients
	// of a progressive JPEG. The default takes any baseline YCbCr or grey
	// JPEG, non-interlaced 8-bit PNG, GIF or lossy WebP within the default
	// MaxPixels; progressive JPEGs (7.5 bytes a pixel in 4:2:0) up to
	// about 35 megapixels, and 16-bit or interlaced PNGs (8 bytes a pixel)
	// up to about 33.
	MaxDecodeBytes int64
	// MaxSide is the longest side kept (default 1600). Larger images are
	// scaled down, keeping their aspect ratio.
	MaxSide int
	// Concurrency is how many images are decoded at once (default 2).
	// Each takes up to MaxDecodeBytes and a little more (see the package
	// documentation), so this bounds the memory uploads take; further
	// uploads wait their turn or give up when their context ends.
	Concurrency int
}

func (c Config) withDefaults() Config {
	if c.MaxBytes <= 0 {
		c.MaxBytes = DefaultMaxBytes
	}
	if c.MaxPixels <= 0 {
		c.MaxPixels = DefaultMaxPixels
	}
	if c.MaxDecodeBytes <= 0 {
		c.MaxDecodeBytes = DefaultMaxDecodeBytes
	}
	if c.MaxSide <= 0 {
		c.MaxSide = DefaultMaxSide
	}
	if c.Concurrency <= 0 {
		c.Concurrency = DefaultConcurrency
	}
	return c
}

// Processor checks, re-encodes and stores uploaded photos. It is safe for
// concurrent use.
type Processor struct {
	cfg  Config
	st   Storage
	slot chan struct{} // a token per image being decoded
}

// New returns a Processor that stores photos in st, with cfg's limits (zero
// fields take their defaults).
func New(cfg Config, st Storage) *Processor {
	cfg = cfg.withDefaults()
	return &Processor{cfg: cfg, st: st, slot: make(chan struct{}, cfg.Concurrency)}
}

// Config returns the limits p works with, defaults filled in.
func (p *Processor) Config() Config { return p.cfg }

// format is an input format Save accepts.
type format int

const (
	formatUnknown format = iota
	formatJPEG
	formatPNG
	formatGIF
	formatWebP
)

// sniff recognises a format by its signature.
func sniff(b []byte) format {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return formatJPEG
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return formatPNG
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return formatGIF
	case len(b) >= 12 && string(b[0:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return formatWebP
	}
	return formatUnknown
}

// animatedWebP reports whether a WebP file's extended header says it is
// animated; the decoder reads only still images.
func animatedWebP(b []byte) bool {
	const animationBit = 1 << 1
	return len(b) >= 21 && string(b[12:16]) == "VP8X" && b[20]&animationBit != 0
}

func (f format) decodeConfig(r io.Reader) (image.Config, error) {
	switch f {
	case formatJPEG:
		return jpeg.DecodeConfig(r)
	case formatPNG:
		return png.DecodeConfig(r)
	case formatGIF:
		return gif.DecodeConfig(r)
	case formatWebP:
		return webp.DecodeConfig(r)
	}
	return image.Config{}, errors.New("unknown format")
}

func (f format) decode(r io.Reader) (image.Image, error) {
	switch f {
	case formatJPEG:
		return jpeg.Decode(r)
	case formatPNG:
		return png.Decode(r)
	case formatGIF:
		return gif.Decode(r) // the first frame only
	case formatWebP:
		return webp.Decode(r)
	}
	return nil, errors.New("unknown format")
}

// Photo is a stored photo: its name, which ValidName accepts, and its
// size in pixels as stored (scaled down and turned upright), which pages
// give its img element so that the layout does not move as it loads.
type Photo struct {
	Name          string
	Width, Height int
}

// Save is SavePhoto for callers that need only the name.
func (p *Processor) Save(ctx context.Context, r io.Reader) (name string, err error) {
	ph, err := p.SavePhoto(ctx, r)
	return ph.Name, err
}

// SavePhoto reads one photo from r, checks it, re-encodes it, stores it
// and returns its name and size.
//
// The format is recognised from the bytes, not from a name or a header.
// Problems with the photo itself (too large, not a JPEG, PNG, GIF or WebP
// image, too many pixels, no pixels, too long or thin, too costly to
// decode, damaged or incomplete) are returned as
// a *burg.Error with code burg.EINVALID and a message to show the person;
// failures to read r or to store the file are returned as other errors.
func (p *Processor) SavePhoto(ctx context.Context, r io.Reader) (Photo, error) {
	data, err := io.ReadAll(io.LimitReader(r, p.cfg.MaxBytes+1))
	if err != nil {
		return Photo{}, fmt.Errorf("read photo: %w", err)
	}
	if int64(len(data)) > p.cfg.MaxBytes {
		return Photo{}, burg.Errorf(burg.EINVALID, "The photo is larger than %s.", formatBytes(p.cfg.MaxBytes))
	}
	if len(data) == 0 {
		return Photo{}, burg.Errorf(burg.EINVALID, "The photo is empty.")
	}
	f := sniff(data)
	if f == formatUnknown {
		return Photo{}, errUnsupported
	}
	if f == formatWebP && animatedWebP(data) {
		return Photo{}, burg.Errorf(burg.EINVALID, "Animated WebP images are not supported; please upload a still image.")
	}
	cfg, err := f.decodeConfig(bytes.NewReader(data))
	if err != nil {
		return Photo{}, errDamaged
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return Photo{}, burg.Errorf(burg.EINVALID, "The photo has no pixels.")
	}
	if cfg.Width > p.cfg.MaxPixels/cfg.Height {
		return Photo{}, burg.Errorf(burg.EINVALID, "The photo has too many pixels (%d×%d); at most %s are accepted.",
			cfg.Width, cfg.Height, formatPixels(p.cfg.MaxPixels))
	}
	if err := checkShape(cfg.Width, cfg.Height); err != nil {
		return Photo{}, err
	}
	if cost, kind := decodeCost(f, data, cfg); cost > p.cfg.MaxDecodeBytes {
		return Photo{}, burg.Errorf(burg.EINVALID, "The photo (%d×%d pixels, %s) would take %s of memory to open; at most %s is accepted. Please upload a smaller version.",
			cfg.Width, cfg.Height, kind, formatMB(cost), formatMB(p.cfg.MaxDecodeBytes))
	}

	// Checked first because select picks at random when a slot is free
	// too, and an upload whose request has ended should not be decoded.
	if err := ctx.Err(); err != nil {
		return Photo{}, err
	}
	select {
	case p.slot <- struct{}{}:
	case <-ctx.Done():
		return Photo{}, ctx.Err()
	}
	encoded, ext, size, err := p.process(ctx, f, data, cfg)
	<-p.slot
	if err != nil {
		return Photo{}, err
	}

	sum := sha256.Sum256(encoded)
	name := hex.EncodeToString(sum[:]) + ext
	if err := p.st.Put(ctx, name, encoded); err != nil {
		return Photo{}, fmt.Errorf("store photo %s: %w", name, err)
	}
	return Photo{Name: name, Width: size.X, Height: size.Y}, nil
}

var (
	errUnsupported = burg.Errorf(burg.EINVALID, "The photo must be a JPEG, PNG, GIF or WebP image.")
	errDamaged     = burg.Errorf(burg.EINVALID, "The photo is damaged or incomplete.")
)

// process decodes data, whose header said cfg, and returns it re-encoded
// with its file extension and its size as encoded. It gives up between
// steps once ctx ends.
func (p *Processor) process(ctx context.Context, f format, data []byte, cfg image.Config) ([]byte, string, image.Point, error) {
	img, err := f.decode(bytes.NewReader(data))
	if err != nil {
		return nil, "", image.Point{}, errDamaged
	}
	if err := ctx.Err(); err != nil {
		return nil, "", image.Point{}, err
	}
	// A GIF's first frame may cover only part of its canvas; scaleDown
	// draws it on the canvas size the header gave.
	img = scaleDown(img, cfg.Width, cfg.Height, p.cfg.MaxSide)
	if f == formatJPEG {
		img = orient(img, exifOrientation(data))
	}
	if err := ctx.Err(); err != nil {
		return nil, "", image.Point{}, err
	}

	var buf bytes.Buffer
	switch f {
	case formatJPEG, formatWebP:
		if err := jpeg.Encode(&buf, forJPEG(img), &jpeg.Options{Quality: JPEGQuality}); err != nil {
			return nil, "", image.Point{}, fmt.Errorf("encode jpeg: %w", err)
		}
		return buf.Bytes(), ".jpg", img.Bounds().Size(), nil
	default:
		if err := png.Encode(&buf, img); err != nil {
			return nil, "", image.Point{}, fmt.Errorf("encode png: %w", err)
		}
		return buf.Bytes(), ".png", img.Bounds().Size(), nil
	}
}

// saveOverhead bounds what Save allocates besides decoding, for a file of
// size bytes that comes out w×h: the file as read (io.ReadAll doubles its
// buffer as it goes, so up to three times the file in all); at most four
// RGBA images of the result (scaled, turned upright, flattened on white
// for JPEG, and encoded into a buffer that also grows by doubling); and
// the scaler's rows and the encoders' tables, under 2 MB.
func saveOverhead(size int64, w, h int) int64 {
	return 3*size + 16*int64(w)*int64(h) + 2<<20
}

// formatBytes writes n for people: "5 MB", "512 KB", "1000 bytes".
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// formatPixels writes n for people: "40 megapixels", "2500 pixels".
func formatPixels(n int) string {
	if n >= 1_000_000 && n%1_000_000 == 0 {
		return fmt.Sprintf("%d megapixels", n/1_000_000)
	}
	return fmt.Sprintf("%d pixels", n)
}

// ValidName reports whether name is one Save could have produced: 64 lower
// case hexadecimal digits and ".jpg", ".png" or ".gif". Such a name holds no
// path separator, dot-dot or other surprise.
func ValidName(name string) bool {
	const hexLen = 2 * sha256.Size
	if len(name) != hexLen+4 {
		return false
	}
	for i := range hexLen {
		c := name[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	switch name[hexLen:] {
	case ".jpg", ".png", ".gif":
		return true
	}
	return false
}
