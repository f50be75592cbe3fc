package upload

import (
	"image"
	"image/color"
	"image/draw"

	xdraw "golang.org/x/image/draw"
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

// scaleDown returns img scaled to fit in maxSide×maxSide, or img itself if
// it fits already.
func scaleDown(img image.Image, maxSide int) image.Image {
	b := img.Bounds()
	w, h, ok := scaledSize(b.Dx(), b.Dy(), maxSide)
	if !ok {
		return img
	}
	// Catmull-Rom widens its kernel with the ratio, so a big reduction
	// averages every source pixel instead of skipping most of them, but its
	// cost grows with the ratio too. Averaging k×k blocks first does the bulk
	// of a large reduction several times faster, and leaves Catmull-Rom a
	// ratio under 2.
	if k := min(b.Dx()/w, b.Dy()/h); k >= 2 {
		img = shrink(img, k)
		b = img.Bounds()
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), img, b, xdraw.Src, nil)
	return dst
}

// shrink returns img reduced k times on each side, each pixel the average
// of a k×k block. The last columns and rows, fewer than k, are dropped. It
// converts k rows at a time, so a large image is never held twice.
func shrink(img image.Image, k int) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx()/k, b.Dy()/k
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	band := image.NewRGBA(image.Rect(0, 0, w*k, k))
	sum := make([]uint64, 4*w)
	n, half := uint64(k*k), uint64(k*k/2)
	for y := range h {
		draw.Draw(band, band.Rect, img, image.Pt(b.Min.X, b.Min.Y+y*k), draw.Src)
		clear(sum)
		for r := range k {
			row := band.Pix[r*band.Stride : r*band.Stride+4*w*k]
			for x := range w {
				s := sum[4*x : 4*x+4 : 4*x+4]
				block := row[4*x*k : 4*(x+1)*k]
				for i := 0; i < len(block); i += 4 {
					s[0] += uint64(block[i])
					s[1] += uint64(block[i+1])
					s[2] += uint64(block[i+2])
					s[3] += uint64(block[i+3])
				}
			}
		}
		out := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
		for i, v := range sum {
			out[i] = uint8((v + half) / n)
		}
	}
	return dst
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
