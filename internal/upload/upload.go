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
	DefaultMaxBytes    = 5 << 20    // 5 MB
	DefaultMaxPixels   = 40_000_000 // 40 megapixels
	DefaultMaxSide     = 1600
	DefaultConcurrency = 2
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
	// MaxSide is the longest side kept (default 1600). Larger images are
	// scaled down, keeping their aspect ratio.
	MaxSide int
	// Concurrency is how many images are decoded at once (default 2).
	// A 40-megapixel image takes 160 MB and more once decoded, so this
	// bounds the memory uploads take; further uploads wait their turn or
	// give up when their context ends.
	Concurrency int
}

func (c Config) withDefaults() Config {
	if c.MaxBytes <= 0 {
		c.MaxBytes = DefaultMaxBytes
	}
	if c.MaxPixels <= 0 {
		c.MaxPixels = DefaultMaxPixels
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

// Save reads one photo from r, checks it, re-encodes it, stores it and
// returns its name, which ValidName accepts.
//
// The format is recognised from the bytes, not from a name or a header.
// Problems with the photo itself (too large, not a JPEG, PNG, GIF or WebP
// image, too many pixels, no pixels, damaged or incomplete) are returned as
// a *burg.Error with code burg.EINVALID and a message to show the person;
// failures to read r or to store the file are returned as other errors.
func (p *Processor) Save(ctx context.Context, r io.Reader) (name string, err error) {
	data, err := io.ReadAll(io.LimitReader(r, p.cfg.MaxBytes+1))
	if err != nil {
		return "", fmt.Errorf("read photo: %w", err)
	}
	if int64(len(data)) > p.cfg.MaxBytes {
		return "", burg.Errorf(burg.EINVALID, "The photo is larger than %s.", formatBytes(p.cfg.MaxBytes))
	}
	if len(data) == 0 {
		return "", burg.Errorf(burg.EINVALID, "The photo is empty.")
	}
	f := sniff(data)
	if f == formatUnknown {
		return "", errUnsupported
	}
	if f == formatWebP && animatedWebP(data) {
		return "", burg.Errorf(burg.EINVALID, "Animated WebP images are not supported; please upload a still image.")
	}
	cfg, err := f.decodeConfig(bytes.NewReader(data))
	if err != nil {
		return "", errDamaged
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return "", burg.Errorf(burg.EINVALID, "The photo has no pixels.")
	}
	if cfg.Width > p.cfg.MaxPixels/cfg.Height {
		return "", burg.Errorf(burg.EINVALID, "The photo has too many pixels (%d×%d); at most %s are accepted.",
			cfg.Width, cfg.Height, formatPixels(p.cfg.MaxPixels))
	}

	select {
	case p.slot <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	encoded, ext, err := p.process(f, data, cfg)
	<-p.slot
	if err != nil {
		return "", err
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}

	sum := sha256.Sum256(encoded)
	name = hex.EncodeToString(sum[:]) + ext
	if err := p.st.Put(ctx, name, encoded); err != nil {
		return "", fmt.Errorf("store photo %s: %w", name, err)
	}
	return name, nil
}

var (
	errUnsupported = burg.Errorf(burg.EINVALID, "The photo must be a JPEG, PNG, GIF or WebP image.")
	errDamaged     = burg.Errorf(burg.EINVALID, "The photo is damaged or incomplete.")
)

// process decodes data, whose header said cfg, and returns it re-encoded
// with its file extension.
func (p *Processor) process(f format, data []byte, cfg image.Config) ([]byte, string, error) {
	img, err := f.decode(bytes.NewReader(data))
	if err != nil {
		return nil, "", errDamaged
	}
	if img.Bounds() != image.Rect(0, 0, cfg.Width, cfg.Height) {
		// A GIF's first frame may cover only part of its canvas.
		img = onCanvas(img, cfg.Width, cfg.Height)
	}
	img = scaleDown(img, p.cfg.MaxSide)
	if f == formatJPEG {
		img = orient(img, exifOrientation(data))
	}

	var buf bytes.Buffer
	switch f {
	case formatJPEG, formatWebP:
		if err := jpeg.Encode(&buf, forJPEG(img), &jpeg.Options{Quality: JPEGQuality}); err != nil {
			return nil, "", fmt.Errorf("encode jpeg: %w", err)
		}
		return buf.Bytes(), ".jpg", nil
	default:
		if err := png.Encode(&buf, img); err != nil {
			return nil, "", fmt.Errorf("encode png: %w", err)
		}
		return buf.Bytes(), ".png", nil
	}
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
