package web

import "testing"

func TestReadableOn(t *testing.T) {
	for _, tc := range []struct {
		colour  string
		grounds []string
		lighten bool
		keep    bool
	}{
		{"#aa3300", lightGrounds, false, true},
		{"#ffcc00", lightGrounds, false, false},
		{"#0000ff", darkGrounds, true, false},
		{"#ffcc00", darkGrounds, true, true},
		{"#777777", lightGrounds, false, false},
		{"#777777", darkGrounds, true, false},
		{"#dddddd", darkGrounds, true, true},
	} {
		got := readableOn(tc.colour, tc.grounds, tc.lighten)
		c, ok := parseHex(got)
		if !ok {
			t.Fatalf("readableOn(%s) = %q, not a colour", tc.colour, got)
		}
		if r := minRatio(c, tc.grounds); r < minContrast {
			t.Errorf("readableOn(%s) = %s, contrast %.2f", tc.colour, got, r)
		}
		if (got == tc.colour) != tc.keep {
			t.Errorf("readableOn(%s) = %s, keep = %v", tc.colour, got, tc.keep)
		}
	}
}
