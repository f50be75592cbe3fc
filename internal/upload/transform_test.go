package upload

import (
	"image"
	"testing"
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

func TestShrink(t *testing.T) {
	// 5×3 pixels shrunk by 2: two output pixels, the last column and row
	// dropped; each channel is the rounded mean of its 2×2 block.
	src := image.NewRGBA(image.Rect(10, 20, 15, 23)) // not at the origin
	for i := range src.Pix {
		src.Pix[i] = uint8(i)
	}
	got := shrink(src, 2)
	if got, want := got.Bounds(), image.Rect(0, 0, 2, 1); got != want {
		t.Fatalf("bounds: got %v, want %v", got, want)
	}
	// Pixel (0,0) averages offsets 0, 4, 20, 24 (+channel): mean 12+c.
	// Pixel (1,0) averages offsets 8, 12, 28, 32 (+channel): mean 20+c.
	want := []uint8{12, 13, 14, 15, 20, 21, 22, 23}
	for i, w := range want {
		if got.Pix[i] != w {
			t.Errorf("Pix[%d]: got %d, want %d", i, got.Pix[i], w)
		}
	}
}
