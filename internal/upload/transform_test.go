package upload

import (
	"bytes"
	"image"
	"image/color"
	"testing"

	xdraw "golang.org/x/image/draw"
)

func TestScaledSize(t *testing.T) {
	tests := []struct {
		w, h, maxSide int
		wantW, wantH  int
		wantChanged   bool
	}{
		{4000, 3000, 1600, 1600, 1200, true},
		{3000, 4000, 1600, 1200, 1600, true},
		{1600, 1600, 1600, 1600, 1600, false},
		{1600, 1200, 1600, 1600, 1200, false},
		{1601, 1600, 1600, 1600, 1599, true},
		{3001, 1000, 1600, 1600, 533, true}, // 533.16 rounds down
		{3000, 1001, 1600, 1600, 534, true}, // 533.87 rounds up
		{100000, 1, 1600, 1600, 1, true},
		{1, 100000, 1600, 1, 1600, true},
	}
	for _, tt := range tests {
		w, h, changed := scaledSize(tt.w, tt.h, tt.maxSide)
		if w != tt.wantW || h != tt.wantH || changed != tt.wantChanged {
			t.Errorf("scaledSize(%d, %d, %d) = %d, %d, %v, want %d, %d, %v",
				tt.w, tt.h, tt.maxSide, w, h, changed, tt.wantW, tt.wantH, tt.wantChanged)
		}
	}
}

func TestBlockRows(t *testing.T) {
	// 5×3 pixels reduced by 2: two output pixels, the last column and row
	// dropped; each channel is the rounded mean of its 2×2 block.
	src := image.NewRGBA(image.Rect(10, 20, 15, 23)) // not at the origin
	for i := range src.Pix {
		src.Pix[i] = uint8(i)
	}
	rows := newBlockRows(src, src.Bounds(), 2, 2)
	if rows.w != 2 || rows.h != 1 {
		t.Fatalf("size: got %d×%d, want 2×1", rows.w, rows.h)
	}
	// Pixel (0,0) averages offsets 0, 4, 20, 24 (+channel): mean 12+c.
	// Pixel (1,0) averages offsets 8, 12, 28, 32 (+channel): mean 20+c.
	want := []uint8{12, 13, 14, 15, 20, 21, 22, 23}
	if got := rows.row(0); !bytes.Equal(got, want) {
		t.Errorf("row 0: got %v, want %v", got, want)
	}
}

// diff returns the largest and the mean difference between the channels
// of two RGBA images of the same size.
func diff(a, b *image.RGBA) (largest int, mean float64) {
	var sum int
	for i := range a.Pix {
		d := max(int(a.Pix[i])-int(b.Pix[i]), int(b.Pix[i])-int(a.Pix[i]))
		largest = max(largest, d)
		sum += d
	}
	return largest, float64(sum) / float64(len(a.Pix))
}

func TestResampleMatchesXDraw(t *testing.T) {
	translucent := image.NewNRGBA(image.Rect(0, 0, 500, 300))
	for y := range 300 {
		for x := range 500 {
			translucent.Set(x, y, color.NRGBA{uint8(x), 0x40, uint8(y), uint8(x / 2)})
		}
	}
	tests := []struct {
		name        string
		src         image.Image
		dw, dh      int
		largest     int
		mean        float64
		wantReduced bool
	}{
		// With a ratio under 2 there is no block reduction: the same
		// filter, up to rounding.
		{"RatioUnder2", photo(300, 200), 200, 133, 1, 0.5, false},
		{"Translucent", translucent, 400, 240, 1, 0.5, false},
		// With blocks averaged first, the result is close to Catmull-Rom
		// widened over the whole ratio, not the same: the grain of photo
		// averages differently, and the columns and rows left over from
		// whole blocks (under one block) are left out.
		{"Ratio6", photo(1000, 700), 160, 112, 16, 1, true},
		{"TranslucentRatio5", translucent, 100, 60, 6, 0.25, true},
		{"RatioPerAxis", photo(1200, 200), 150, 100, 6, 0.5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.src.Bounds()
			if reduced := b.Dx()/tt.dw > 1 || b.Dy()/tt.dh > 1; reduced != tt.wantReduced {
				t.Fatalf("reduced: got %v, want %v: the case tests the wrong path", reduced, tt.wantReduced)
			}
			got := resample(tt.src, b, tt.dw, tt.dh)
			want := image.NewRGBA(image.Rect(0, 0, tt.dw, tt.dh))
			xdraw.CatmullRom.Scale(want, want.Bounds(), tt.src, b, xdraw.Src, nil)
			if got.Bounds() != want.Bounds() {
				t.Fatalf("bounds: got %v, want %v", got.Bounds(), want.Bounds())
			}
			largest, mean := diff(got, want)
			t.Logf("largest difference %d, mean %.3f", largest, mean)
			if largest > tt.largest || mean > tt.mean {
				t.Errorf("differs from golang.org/x/image/draw by up to %d, %.3f on average; want at most %d, %.3f",
					largest, mean, tt.largest, tt.mean)
			}
		})
	}
}

func TestScaleDownFrameOnCanvas(t *testing.T) {
	// A GIF frame covering the middle of a 400×200 canvas: scaled to
	// 200×100, the frame lands in the middle, and the rest is transparent.
	frame := paletted(image.Rect(100, 50, 300, 150), color.Palette{red, blue}, 1)
	m := scaleDown(frame, 400, 200, 200)
	if got, want := m.Bounds(), image.Rect(0, 0, 200, 100); got != want {
		t.Fatalf("bounds: got %v, want %v", got, want)
	}
	for _, tt := range []struct {
		p    image.Point
		want color.NRGBA
	}{
		{image.Pt(10, 10), transparent},
		{image.Pt(190, 90), transparent},
		{image.Pt(45, 50), transparent},
		{image.Pt(55, 30), blue},
		{image.Pt(100, 50), blue},
		{image.Pt(144, 70), blue},
	} {
		if got := nrgba(m, tt.p.X, tt.p.Y); !near(got, tt.want, 2) {
			t.Errorf("at %v: got %v, want %v", tt.p, got, tt.want)
		}
	}
}

func TestScaleDownThinStripsBoundedMemory(t *testing.T) {
	// Save refuses such strips, but the scaler must not depend on that:
	// before it reduced each axis by its own factor, a strip of 1×500000
	// took some 46 MB to scale (Catmull-Rom at 312:1), 1×40000000 3.7 GB.
	const long = 500_000
	tests := []struct {
		name         string
		w, h         int
		wantW, wantH int
	}{
		{"Tall", 1, long, 1, 1600},
		{"Wide", long, 1, 1600, 1},
		{"Thick", 3, long, 1, 1600},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := image.NewGray(image.Rect(0, 0, tt.w, tt.h))
			for i := range src.Pix {
				src.Pix[i] = 0x80
			}
			var m image.Image
			n := allocated(func() { m = scaleDown(src, tt.w, tt.h, 1600) })
			if got, want := m.Bounds(), image.Rect(0, 0, tt.wantW, tt.wantH); got != want {
				t.Fatalf("bounds: got %v, want %v", got, want)
			}
			if got, want := nrgba(m, tt.wantW/2, tt.wantH/2), (color.NRGBA{0x80, 0x80, 0x80, 0xFF}); got != want {
				t.Errorf("colour: got %v, want %v", got, want)
			}
			// A row of the source as RGBA (2 MB for the wide strip) and
			// small change.
			t.Logf("allocated %d bytes", n)
			if n > 4<<20 {
				t.Errorf("allocated %d bytes, want under 4 MB", n)
			}
		})
	}
}
