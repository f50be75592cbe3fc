package nick

import (
	"testing"
)

func TestCanonical(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ASCII", "Badanov", "badanov"},
		{"UpperCase", "BADANOV", "badanov"},
		{"Spaces", "  bad  anov ", "badanov"},
		{"Punctuation", "b.a-d_a'n,o:v!", "badanov"},
		{"DigitsKept", "Jones1696", "jones1696"},
		{"GeneratedNick", "Glolurong Jones1696", "glolurongjones1696"},
		{"CyrillicA", "bаdanov", "badanov"},
		{"CyrillicNotLikeLatin", "вадапоv", "baдaпov"}, // д and п stay
		{"CyrillicCapitals", "ВАDАNОV", "badanov"},
		{"Greek", "ΒΑDΑΝΟV", "badanov"},
		{"GreekEtaByCase", "Ηη", "hn"},
		{"GreekTonosCapital", "Ή", "h"},
		{"Fullwidth", "ｂａｄａｎｏｖ", "badanov"},
		{"MathBold", "𝐁𝐚𝐝𝐚𝐧𝐨𝐯", "badanov"},
		{"MathFraktur", "𝔟𝔞𝔡𝔞𝔫𝔬𝔳", "badanov"},
		{"Circled", "ⓑⓐⓓⓐⓝⓞⓥ", "badanov"},
		{"SmallCapitals", "ʙᴀᴅᴀɴᴏᴠ", "badanov"},
		{"ZeroWidthSpace", "badanov\u200b", "badanov"},
		{"ZeroWidthInside", "bad\u200danov\u2060", "badanov"},
		{"BidiOverride", "\u202ebadanov\u202c", "badanov"},
		{"SoftHyphen", "bada\u00adnov", "badanov"},
		{"VariationSelector", "badanov\ufe0f", "badanov"},
		{"HangulFiller", "bad\u3164anov", "badanov"},
		{"Umlaut", "Bädanov", "badanov"},
		{"CombiningAcute", "Ba\u0301danov", "badanov"},
		{"Stroke", "Bødanøv", "bodanov"},
		{"DotlessI", "bıll", "bill"},
		{"Sharp S", "Straße", "strasse"},
		{"Ligature", "ﬁnn", "finn"},
		{"Ae", "Æthelred", "aethelred"},
		{"InvalidUTF8", "bad\xffanov", "badanov"},
		{"ControlCharacters", "bad\x00anov\n", "badanov"},
		{"OtherScriptKept", "Иван", "иbah"},
		{"Chinese", "小明", "小明"},
		{"Hangul", "김민준", "김민준"},
		{"SymbolsOnly", "¯\\_(ツ)_/¯", "ツ"},
		{"PunctuationOnly", "!?!", "!?!"},
		{"EmojiOnly", "🐱 🐶", "🐱🐶"},
		{"EmojiAndLetters", "🐱badanov", "badanov"},
		{"Empty", "", ""},
		{"SpacesOnly", " \t ", ""},
		{"InvisibleOnly", "\u200b\u200d\u3164", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Canonical(tt.in); got != tt.want {
				t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCanonicalKeepsApart(t *testing.T) {
	pairs := [][2]string{
		{"Jones1696", "Jones1969"},
		{"Jones1696", "Jones1698"},
		{"badanov", "badanova2"},
		{"Bill", "Bil"},
		{"b4danov", "badanov"}, // alike only in the loose key
		{"Mia", "Mla"},
		{"Warner", "Wamer"},
		{"Иван", "Ivan"},
	}
	for _, p := range pairs {
		if a, b := Canonical(p[0]), Canonical(p[1]); a == b {
			t.Errorf("Canonical(%q) = Canonical(%q) = %q; want them apart", p[0], p[1], a)
		}
	}
}

func TestLooseKey(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"badanov", "badanov"},
		{"b4dan0v", "badanov"},
		{"B1ll", "blll"},
		{"BiII", "blll"},
		{"b|ll", "blll"},
		{"b!ll", "blll"},
		{"Warner", "wamer"},
		{"VVarner", "wamer"},
		{"$@m", "sam"},
		{"Jones1696", "jonesl6g6"},
		{"Jones1969", "joneslg6g"},
		{"Jones2020", "jones2o2o"},
		{"!!!", "lll"},
		{"🐱", "🐱"},
		{"", ""},
	}
	for _, tt := range tests {
		if _, got := keys(tt.in); got != tt.want {
			t.Errorf("loose key of %q = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKeysASCIIPath(t *testing.T) {
	// The ASCII fast path must agree with the general one, which a
	// zero-width space (ignored by both keys) forces.
	for _, s := range []string{"Badanov", "b4d4n0v", "Glolurong Jones1696", "!!!", "a|b@c$d", "RN vv", "\x00\x7f", ""} {
		s1, l1 := keys(s)
		s2, l2 := keys(s + "\u200b")
		if s1 != s2 || l1 != l2 {
			t.Errorf("keys(%q) = %q, %q on the ASCII path, %q, %q otherwise", s, s1, l1, s2, l2)
		}
	}
}

func BenchmarkCanonical(b *testing.B) {
	for _, s := range []string{"Glolurong Jones1696", "ｂａｄａｎｏｖ Bädanov"} {
		b.Run(s, func(b *testing.B) {
			for b.Loop() {
				Canonical(s)
			}
		})
	}
}
