package upload

import (
	"encoding/binary"
	"testing"
)

func TestEXIFOrientation(t *testing.T) {
	soi := []byte{0xFF, 0xD8}
	sos := []byte{0xFF, 0xDA, 0x00, 0x02}
	jfif := jpegSegment(0xE0, []byte("JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"))
	join := func(parts ...[]byte) []byte {
		var b []byte
		for _, p := range parts {
			b = append(b, p...)
		}
		return b
	}
	tests := []struct {
		name string
		jpg  []byte
		want int
	}{
		{"BigEndian", join(soi, exifAPP1(binary.BigEndian, 6, ""), sos), 6},
		{"LittleEndian", join(soi, exifAPP1(binary.LittleEndian, 8, ""), sos), 8},
		{"AfterJFIF", join(soi, jfif, exifAPP1(binary.BigEndian, 3, ""), sos), 3},
		{"FillBytes", join(soi, []byte{0xFF, 0xFF}, exifAPP1(binary.BigEndian, 5, ""), sos), 5},
		{"NoEXIF", join(soi, jfif, sos), 1},
		{"NoTag", join(soi, exifAPP1(binary.BigEndian, 0, ""), sos), 1},
		{"OutOfRange", join(soi, exifAPP1(binary.BigEndian, 9, ""), sos), 1},
		{"AfterScanIgnored", join(soi, sos, exifAPP1(binary.BigEndian, 6, "")), 1},
		{"XMPNotEXIF", join(soi, jpegSegment(0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00")), sos), 1},
		{"Empty", nil, 1},
		{"SOIOnly", soi, 1},
		{"TruncatedSegment", join(soi, exifAPP1(binary.BigEndian, 6, "")[:20]), 1},
		{"BadTIFFHeader", join(soi, jpegSegment(0xE1, []byte("Exif\x00\x00XX\x00*\x00\x00\x00\x08")), sos), 1},
		{"IFDOutside", join(soi, jpegSegment(0xE1, []byte("Exif\x00\x00MM\x00*\xff\xff\xff\xf0")), sos), 1},
		{"TooManyEntries", join(soi, jpegSegment(0xE1, []byte("Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff")), sos), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exifOrientation(tt.jpg); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

func FuzzEXIFOrientation(f *testing.F) {
	f.Add(append([]byte{0xFF, 0xD8}, exifAPP1(binary.BigEndian, 6, "")...))
	f.Add(append([]byte{0xFF, 0xD8}, exifAPP1(binary.LittleEndian, 3, "x")...))
	f.Fuzz(func(t *testing.T, b []byte) {
		if o := exifOrientation(b); o < 1 || o > 8 {
			t.Errorf("got %d, want 1 to 8", o)
		}
	})
}
