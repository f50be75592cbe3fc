package upload

import (
	"image"
	"image/color"
	"image/draw"
	"math"
)

// onCanvas draws img on a transparent canvas of w×h pixels at its own
// position.
func onCanvas(img image.Image, w, h int) image.Image {
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, img.Bounds(), img, img.Bounds().Min, draw.Src)
	return dst
}

// scaledSize returns w×h scaled so that neither side exceeds maxSide,
// keeping the aspect ratio, and whether that is a change.
func scaledSize(w, h, maxSide int) (int, int, bool) {
	if w <= maxSide && h <= maxSide {
		return w, h, false
	}
	// Round to the nearest pixel, never below one.
	if w >= h {
		return maxSide, max(1, int((int64(h)*int64(maxSide)+int64(w)/2)/int64(w))), true
	}
	return max(1, int((int64(w)*int64(maxSide)+int64(h)/2)/int64(h))), maxSide, true
}

// scaleDown returns the canvas w×h at the origin, where img (which may
// cover only part of it, the rest transparent) is drawn, scaled to fit in
// maxSide×maxSide. It returns img itself if it fits already and covers the
// canvas.
func scaleDown(img image.Image, w, h, maxSide int) image.Image {
	dw, dh, ok := scaledSize(w, h, maxSide)
	if !ok {
		if img.Bounds() != image.Rect(0, 0, w, h) {
			return onCanvas(img, w, h) // no larger than maxSide×maxSide
		}
		return img
	}
	return resample(img, image.Rect(0, 0, w, h), dw, dh)
}

// resample returns the part of img in canvas scaled to dw×dh, no larger
// than canvas. Parts of canvas img does not cover are transparent.
//
// It works a row at a time and never holds a copy of img. Each axis is
// first reduced by its own whole factor, kx = canvas width / dw and
// ky = canvas height / dh, averaging kx×ky blocks: cheap, and with a factor
// per axis, a strip of one pixel by thousands is reduced along its length
// as much as a photo is. That leaves a ratio under 2 on each axis for
// Catmull-Rom, whose kernel widens with the ratio, so it has at most 10
// taps. Its vertical pass keeps only the horizontally filtered rows its
// taps reach, so beyond the result, the memory taken is a few rows of the
// canvas width and ten of the result's.
func resample(img image.Image, canvas image.Rectangle, dw, dh int) *image.RGBA {
	kx, ky := canvas.Dx()/dw, canvas.Dy()/dh
	src := newBlockRows(img, canvas, kx, ky)
	hf := newFilter(dw, src.w)
	vf := newFilter(dh, src.h)

	ring := make([][]float32, vf.taps)
	for i := range ring {
		ring[i] = make([]float32, 4*dw)
	}
	next := 0 // the next source row to filter horizontally
	acc := make([]float32, 4*dw)
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		lo, weights := vf.at(y)
		for ; next < lo+len(weights); next++ {
			hf.apply(ring[next%len(ring)], src.row(next))
		}
		clear(acc)
		for k, wt := range weights {
			row := ring[(lo+k)%len(ring)]
			for i, v := range row {
				acc[i] += v * wt
			}
		}
		out := dst.Pix[y*dst.Stride : y*dst.Stride+4*dw]
		for i := 0; i < len(acc); i += 4 {
			// Catmull-Rom overshoots at edges; clamp to valid
			// premultiplied colour, no channel above alpha.
			a := clamp(acc[i+3], 255)
			out[i+0] = uint8(clamp(acc[i+0], a) + 0.5)
			out[i+1] = uint8(clamp(acc[i+1], a) + 0.5)
			out[i+2] = uint8(clamp(acc[i+2], a) + 0.5)
			out[i+3] = uint8(a + 0.5)
		}
	}
	return dst
}

// clamp returns v limited to [0, hi].
func clamp(v, hi float32) float32 {
	return max(0, min(v, hi))
}

// filter holds the Catmull-Rom weights that make each of dn samples from
// sn, as golang.org/x/image/draw computes them: sample i is centred at
// (i+0.5)·sn/dn − 0.5, and when shrinking the kernel is widened by sn/dn so
// that every source sample counts. Samples past the edges are left out
// and the rest weighted up.
type filter struct {
	taps    int       // the most weights any sample has
	lo      []int     // the first source index of each sample
	n       []int     // how many weights each sample has
	weights []float32 // taps weights per sample, normalised to sum to 1
}

func newFilter(dn, sn int) *filter {
	scale := float64(sn) / float64(dn)
	support, argScale := 2.0, 1.0
	if scale > 1 {
		support *= scale
		argScale = 1 / scale
	}
	taps := int(2*support) + 2
	f := &filter{taps: taps, lo: make([]int, dn), n: make([]int, dn), weights: make([]float32, dn*taps)}
	for i := range dn {
		center := (float64(i)+0.5)*scale - 0.5
		lo := max(0, int(math.Floor(center-support)))
		hi := min(sn, int(math.Ceil(center+support)))
		w := f.weights[i*taps : i*taps+hi-lo]
		var total float64
		for j := range w {
			t := math.Abs(center-float64(lo+j)) * argScale
			if t < 2 {
				k := catmullRom(t)
				w[j] = float32(k)
				total += k
			}
		}
		for j := range w {
			w[j] = float32(float64(w[j]) / total)
		}
		f.lo[i], f.n[i] = lo, hi-lo
	}
	return f
}

// catmullRom is the Catmull-Rom kernel (B = 0, C = 1/2) on [0, 2).
func catmullRom(t float64) float64 {
	if t < 1 {
		return (1.5*t-2.5)*t*t + 1
	}
	return ((-0.5*t+2.5)*t-4)*t + 2
}

// at returns the first source index and the weights of sample i.
func (f *filter) at(i int) (int, []float32) {
	return f.lo[i], f.weights[i*f.taps : i*f.taps+f.n[i]]
}

// apply filters one row of RGBA pixels, src, into dst, 4 floats a sample.
func (f *filter) apply(dst []float32, src []uint8) {
	for i := range f.lo {
		lo, weights := f.at(i)
		p := src[4*lo:]
		var r, g, b, a float32
		for k, wt := range weights {
			q := p[4*k : 4*k+4 : 4*k+4]
			r += float32(q[0]) * wt
			g += float32(q[1]) * wt
			b += float32(q[2]) * wt
			a += float32(q[3]) * wt
		}
		d := dst[4*i : 4*i+4 : 4*i+4]
		d[0], d[1], d[2], d[3] = r, g, b, a
	}
}

// blockRows reads the part of an image in a canvas row by row, as RGBA,
// reduced kx times across and ky times down, each pixel the average of a
// kx×ky block. The last columns and rows, fewer than kx or ky, are left
// out: less than one pixel of the result.
type blockRows struct {
	img    image.Image
	canvas image.Rectangle
	kx, ky int
	w, h   int         // the size of the reduced image
	line   *image.RGBA // one row of the canvas, w·kx pixels
	sum    []uint64    // per channel of the reduced row
	out    []uint8     // the reduced row
}

func newBlockRows(img image.Image, canvas image.Rectangle, kx, ky int) *blockRows {
	w, h := canvas.Dx()/kx, canvas.Dy()/ky
	s := &blockRows{img: img, canvas: canvas, kx: kx, ky: ky, w: w, h: h}
	s.line = &image.RGBA{Pix: make([]uint8, 4*w*kx), Stride: 4 * w * kx}
	if kx > 1 || ky > 1 {
		s.sum = make([]uint64, 4*w)
		s.out = make([]uint8, 4*w)
	}
	return s
}

// row returns reduced row j, valid until the next call.
func (s *blockRows) row(j int) []uint8 {
	if s.kx == 1 && s.ky == 1 {
		s.read(j)
		return s.line.Pix
	}
	clear(s.sum)
	for r := range s.ky {
		s.read(j*s.ky + r)
		px := s.line.Pix
		for x := range s.w {
			sum := s.sum[4*x : 4*x+4 : 4*x+4]
			block := px[4*x*s.kx : 4*(x+1)*s.kx]
			for i := 0; i < len(block); i += 4 {
				sum[0] += uint64(block[i])
				sum[1] += uint64(block[i+1])
				sum[2] += uint64(block[i+2])
				sum[3] += uint64(block[i+3])
			}
		}
	}
	n := uint64(s.kx * s.ky)
	for i, v := range s.sum {
		s.out[i] = uint8((v + n/2) / n)
	}
	return s.out
}

// read converts row y of the canvas (counted from its top) into s.line.
func (s *blockRows) read(y int) {
	y += s.canvas.Min.Y
	r := image.Rect(s.canvas.Min.X, y, s.canvas.Min.X+s.w*s.kx, y+1)
	s.line.Rect = r
	if !r.In(s.img.Bounds()) {
		clear(s.line.Pix) // Draw leaves what img does not cover alone
	}
	draw.Draw(s.line, r, s.img, r.Min, draw.Src)
}

// orient returns img turned as EXIF orientation o (1 to 8) says it should be
// shown. Other values leave img as it is.
func orient(img image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return img
	}
	src := toRGBA(img)
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for dy := range dh {
		for dx := range dw {
			var sx, sy int
			switch o {
			case 2: // flip left to right
				sx, sy = w-1-dx, dy
			case 3: // turn half a turn
				sx, sy = w-1-dx, h-1-dy
			case 4: // flip top to bottom
				sx, sy = dx, h-1-dy
			case 5: // transpose
				sx, sy = dy, dx
			case 6: // turn a quarter clockwise
				sx, sy = dy, h-1-dx
			case 7: // transverse
				sx, sy = w-1-dy, h-1-dx
			case 8: // turn a quarter anticlockwise
				sx, sy = w-1-dy, dx
			}
			si := sy*src.Stride + sx*4
			di := dy*dst.Stride + dx*4
			copy(dst.Pix[di:di+4], src.Pix[si:si+4])
		}
	}
	return dst
}

// toRGBA returns img as an *image.RGBA with its origin at (0, 0).
func toRGBA(img image.Image) *image.RGBA {
	if m, ok := img.(*image.RGBA); ok && m.Rect.Min == (image.Point{}) {
		return m
	}
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Src)
	return dst
}

// forJPEG returns img in a form the JPEG encoder handles fast and without
// surprises: YCbCr, Gray and opaque RGBA images as they are, anything else
// converted to RGBA, with any transparency flattened on white (the encoder
// would otherwise turn it black).
func forJPEG(img image.Image) image.Image {
	switch m := img.(type) {
	case *image.YCbCr, *image.Gray:
		return img
	case *image.RGBA:
		if m.Opaque() {
			return img
		}
	}
	if o, ok := img.(interface{ Opaque() bool }); ok && o.Opaque() {
		return toRGBA(img)
	}
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Over)
	return dst
}
