package web

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"sync"
)

// A segment is a piece of a page kept plain and deflated on its own, so
// that pages can be put together from pieces cached apart (the side rail,
// the site counter, the body of the page) into one valid gzip stream
// without compressing anything again.
//
// Each piece is deflated by a fresh compressor (it refers to nothing
// before it) and ends with a sync flush (it ends on a byte boundary and is
// not the final block), so that pieces concatenate into one deflate
// stream; assemble ends it with an empty final block and frames it with
// a gzip header and a trailer whose CRC is combined from the pieces'.
type segment struct {
	plain   []byte
	deflate []byte
	crc     uint32
	// shift is x^(8·len(plain)) modulo the CRC polynomial, for combining
	// the CRC of what comes before with this segment's; 0 until needed.
	shift uint32
}

// crcAfter returns the CRC of what comes before (crc) followed by seg.
func (seg *segment) crcAfter(crc uint32) uint32 {
	if len(seg.plain) == 0 {
		return crc
	}
	if seg.shift == 0 {
		seg.shift = x2nModP(int64(len(seg.plain)), 3)
	}
	return multModP(seg.shift, crc) ^ seg.crc
}

// flatePools hold compressors by level: flate.DefaultCompression for
// what is kept, flate.BestSpeed for what is sent once (a page rendered
// without the page cache), which deflates several times faster into a
// stream some tenth larger.
var flatePools = map[int]*sync.Pool{flate.DefaultCompression: flatePool(flate.DefaultCompression), flate.BestSpeed: flatePool(flate.BestSpeed)}

func flatePool(level int) *sync.Pool {
	return &sync.Pool{New: func() any {
		w, _ := flate.NewWriter(nil, level)
		return w
	}}
}

// storedBelow is the size up to which a segment is stored rather than
// deflated: the markup between a listing's articles, a few dozen bytes
// each, which deflate would shrink by little at the cost of a block's
// Huffman tables each.
const storedBelow = 256

// newSegment deflates plain into a segment.
func newSegment(plain []byte) segment { return newSegmentAt(plain, flate.DefaultCompression) }

// newSegmentAt deflates plain into a segment at level, one of those of
// flatePools.
func newSegmentAt(plain []byte, level int) segment {
	if len(plain) <= storedBelow {
		return storedSegment(plain)
	}
	var b bytes.Buffer
	b.Grow(len(plain)/4 + 64)
	pool := flatePools[level]
	w := pool.Get().(*flate.Writer)
	w.Reset(&b)
	w.Write(plain)
	w.Flush()
	pool.Put(w)
	return segment{plain: plain, deflate: b.Bytes(), crc: crc32.ChecksumIEEE(plain)}
}

// storedSegment wraps plain in a stored (uncompressed) deflate block: for
// the few bytes a page holds for one visitor, which cost nothing to send
// as they are. A stored block is byte-aligned and not final, so it joins
// segments as a deflated one does.
func storedSegment(plain []byte) segment {
	d := make([]byte, 0, len(plain)+5*(len(plain)/65535+1))
	for rest := plain; ; {
		n := min(len(rest), 65535)
		d = append(d, 0x00, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
		d = append(d, rest[:n]...)
		rest = rest[n:]
		if len(rest) == 0 {
			break
		}
	}
	return segment{plain: plain, deflate: d, crc: crc32.ChecksumIEEE(plain)}
}

// gzipHeader is a gzip member header: deflate, no name, no time, OS
// unknown.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255}

// finalBlock is an empty deflate block marked final (fixed Huffman codes).
var finalBlock = []byte{0x03, 0x00}

// joinSegments merges segments into one: the plain bytes and the deflate
// stream concatenated, the CRC combined.
func joinSegments(parts []segment) segment {
	np, nz := 0, 0
	for _, p := range parts {
		np += len(p.plain)
		nz += len(p.deflate)
	}
	j := segment{plain: make([]byte, 0, np), deflate: make([]byte, 0, nz)}
	for i, p := range parts {
		j.plain = append(j.plain, p.plain...)
		j.deflate = append(j.deflate, p.deflate...)
		if i == 0 {
			j.crc = p.crc
		} else {
			j.crc = crc32Combine(j.crc, p.crc, int64(len(p.plain)))
		}
	}
	return j
}

// gzipTrailer ends a gzip stream of n plain bytes with the given CRC.
func gzipTrailer(crc uint32, n int) []byte {
	t := make([]byte, 0, len(finalBlock)+8)
	t = append(t, finalBlock...)
	t = binary.LittleEndian.AppendUint32(t, crc)
	return binary.LittleEndian.AppendUint32(t, uint32(n))
}

// assemble puts segments together into the plain page and its gzip form.
func assemble(parts []segment) (plain, gz []byte) {
	np, nz := 0, len(gzipHeader)+len(finalBlock)+8
	for _, p := range parts {
		np += len(p.plain)
		nz += len(p.deflate)
	}
	plain, gz = make([]byte, 0, np), make([]byte, 0, nz)
	gz = append(gz, gzipHeader...)
	var crc uint32
	for i, p := range parts {
		plain = append(plain, p.plain...)
		gz = append(gz, p.deflate...)
		if i == 0 {
			crc = p.crc
		} else {
			crc = crc32Combine(crc, p.crc, int64(len(p.plain)))
		}
	}
	gz = append(gz, finalBlock...)
	gz = binary.LittleEndian.AppendUint32(gz, crc)
	gz = binary.LittleEndian.AppendUint32(gz, uint32(len(plain)))
	return plain, gz
}

// crc32Combine returns the CRC-32 (IEEE) of A followed by B, from the CRC
// of A, the CRC of B and B's length, as zlib's crc32_combine does: by
// multiplying A's CRC by x^(8·len2) modulo the CRC polynomial.
func crc32Combine(crc1, crc2 uint32, len2 int64) uint32 {
	if len2 <= 0 {
		return crc1
	}
	return multModP(x2nModP(len2, 3), crc1) ^ crc2
}

// The polynomial of CRC-32 (IEEE), reflected, as zlib writes it.
const crcPoly = 0xedb88320

// multModP multiplies a and b modulo the CRC polynomial (reflected bit
// order).
func multModP(a, b uint32) uint32 {
	m := uint32(1) << 31
	var p uint32
	for {
		if a&m != 0 {
			p ^= b
			if a&(m-1) == 0 {
				break
			}
		}
		m >>= 1
		if b&1 != 0 {
			b = b>>1 ^ crcPoly
		} else {
			b >>= 1
		}
	}
	return p
}

// x2nTable holds x^(2^n) modulo the CRC polynomial, for n < 32.
var x2nTable = func() [32]uint32 {
	var t [32]uint32
	p := uint32(1) << 30 // x^1
	t[0] = p
	for n := 1; n < 32; n++ {
		p = multModP(p, p)
		t[n] = p
	}
	return t
}()

// x2nModP returns x^(n·2^k) modulo the CRC polynomial.
func x2nModP(n int64, k uint) uint32 {
	p := uint32(1) << 31 // x^0
	for n != 0 {
		if n&1 != 0 {
			p = multModP(x2nTable[k&31], p)
		}
		n >>= 1
		k++
	}
	return p
}
