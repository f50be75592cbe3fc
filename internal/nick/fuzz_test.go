package nick

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzNick(f *testing.F) {
	for _, s := range []string{
		"", " ", "badanov", "Glolurong Jones1696", "bаdanov", "ｂａｄａｎｏｖ",
		"badanov\u200b", "Bädanov", "Be\u200b\u0301la", "\u202egnp", "👩\u200d🔬",
		"a\u0300\u0301\u0302\u0303", "\u3164", "¯\\_(ツ)_/¯", "Straße", "Ή",
		"\u2000x\u2001", "\xff", "김민준", "b|ll", "rnvv", "\U000E0062",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Canonical(s)
		if kk := Canonical(k); kk != k {
			t.Errorf("Canonical(%q) = %q, but Canonical(%q) = %q", s, k, k, kk)
		}
		if !utf8.ValidString(k) {
			t.Errorf("Canonical(%q) = %q is not UTF-8", s, k)
		}
		if isASCII(s) {
			s1, l1 := keys(s)
			s2, l2 := keys(s + "\u200b")
			if s1 != s2 || l1 != l2 {
				t.Errorf("keys(%q) = %q, %q on the ASCII path, %q, %q otherwise", s, s1, l1, s2, l2)
			}
		}

		c, err := Clean(s)
		cc, err2 := Clean(c)
		if cc != c {
			t.Errorf("Clean(%q) = %q, but Clean(%q) = %q", s, c, c, cc)
		}
		if err != nil {
			if c != "" {
				t.Errorf("Clean(%q) = %q with error %v", s, c, err)
			}
			return
		}
		if err2 != nil {
			t.Errorf("Clean(%q) = %q, which Clean rejects: %v", s, c, err2)
		}
		if c != strings.TrimSpace(c) || strings.Contains(c, "  ") {
			t.Errorf("Clean(%q) = %q is not trimmed and collapsed", s, c)
		}
		if utf8.RuneCountInString(c) > maxRunes {
			t.Errorf("Clean(%q) = %q is too long", s, c)
		}
		if ck := Canonical(c); ck != k {
			t.Errorf("Canonical(Clean(%q)) = %q, Canonical(%q) = %q", s, ck, s, k)
		}
		if k != "" {
			if got, ok := NewReserved(c).Owner(s); !ok || got != c {
				t.Errorf("NewReserved(%q).Owner(%q) = %q, %v", c, s, got, ok)
			}
		}
	})
}

// TestEveryRune checks the fuzz properties for every code point of the
// first three planes and the tags and variation selectors of the
// fourteenth (the rest are unassigned or private), alone and next to
// letters, which random fuzzing reaches only by luck.
func TestEveryRune(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	failures := 0
	for r := rune(0); r <= utf8.MaxRune && failures < 10; r++ {
		switch {
		case r >= 0xd800 && r <= 0xdfff:
			continue
		case r == 0x30000:
			r = 0xe0000
		case r == 0xe1000:
			r = utf8.MaxRune
		}
		for _, s := range []string{string(r), "Ab" + string(r) + "c", string(r) + string(r) + "\u0301"} {
			if k := Canonical(s); Canonical(k) != k {
				t.Errorf("Canonical(%q) = %q, Canonical(%q) = %q", s, k, k, Canonical(k))
				failures++
			}
			if c, _ := Clean(s); func() string { cc, _ := Clean(c); return cc }() != c {
				t.Errorf("Clean is not idempotent on %q", s)
				failures++
			}
		}
	}
}
