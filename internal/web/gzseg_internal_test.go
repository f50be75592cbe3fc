package web

import (
	"bytes"
	"compress/gzip"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestCRC32Combine(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range [][2]int{{0, 0}, {1, 0}, {0, 1}, {1, 1}, {3, 7}, {1000, 1}, {1, 100_000}, {65_536, 65_537}} {
		a, b := make([]byte, n[0]), make([]byte, n[1])
		for i := range a {
			a[i] = byte(r.Uint32())
		}
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		want := crc32.ChecksumIEEE(append(append([]byte{}, a...), b...))
		if got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b))); got != want {
			t.Errorf("combine %d+%d bytes: %08x, want %08x", n[0], n[1], got, want)
		}
	}
}

// Segments deflated apart put together into one gzip stream that a
// standard reader takes as the concatenated text, read as one member.
func TestAssembleSegments(t *testing.T) {
	page := strings.Repeat("<p>The harbour board of Vellmar met again.</p>\n", 500)
	for _, cuts := range [][]int{nil, {0}, {10}, {100, 5000}, {1, 2, 3, len(page) - 1}, {len(page)}} {
		var parts []segment
		last := 0
		for _, c := range append(cuts, len(page)) {
			parts = append(parts, newSegment([]byte(page[last:c])))
			last = c
		}
		plain, gz := assemble(parts)
		if string(plain) != page {
			t.Fatalf("cuts %v: plain differs", cuts)
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		zr.Multistream(false)
		got, err := io.ReadAll(zr)
		if err != nil || string(got) != page {
			t.Fatalf("cuts %v: gunzip gave %d bytes, %v", cuts, len(got), err)
		}
		if len(gz) > len(page)/3 {
			t.Errorf("cuts %v: %d bytes gzipped for %d plain: not compressed", cuts, len(gz), len(page))
		}
	}
}

// Stored segments (a visitor's few bytes) join deflated ones.
func TestStoredSegments(t *testing.T) {
	big := strings.Repeat("x", 70_000) // more than one stored block
	parts := []segment{newSegment([]byte("<p>shared</p>")), storedSegment([]byte("<p>yours, Émile</p>")),
		newSegment([]byte("<p>more</p>")), storedSegment(nil), storedSegment([]byte(big))}
	want := "<p>shared</p><p>yours, Émile</p><p>more</p>" + big
	plain, gz := assemble(parts)
	if string(plain) != want {
		t.Fatal("plain differs")
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil || string(got) != want {
		t.Fatalf("gunzip: %d bytes, %v", len(got), err)
	}
	j := joinSegments(parts[:3])
	if string(j.plain) != "<p>shared</p><p>yours, Émile</p><p>more</p>" || j.crc != crc32.ChecksumIEEE(j.plain) {
		t.Errorf("joined segment: %q crc %08x", j.plain, j.crc)
	}
}
