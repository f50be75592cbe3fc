package nick

import (
	"fmt"
	"testing"
)

func TestReservedOwner(t *testing.T) {
	r := NewReserved("badanov", "Bill", "Warner", "Mia", "Jones1696", "🐱🐶")
	tests := []struct {
		name, in, want string
	}{
		{"Same", "badanov", "badanov"},
		{"Capitalised", "Badanov", "badanov"},
		{"UpperCase", "BADANOV", "badanov"},
		{"Spaced", "bad anov", "badanov"},
		{"Punctuated", "bad-anov.", "badanov"},
		{"CyrillicA", "bаdanov", "badanov"},
		{"CyrillicO", "badanоv", "badanov"},
		{"GreekCapitals", "ΒΑDΑΝΟV", "badanov"},
		{"FourForA", "b4danov", "badanov"},
		{"ZeroForO", "badan0v", "badanov"},
		{"Leet", "B4D4N0V", "badanov"},
		{"Fullwidth", "ｂａｄａｎｏｖ", "badanov"},
		{"MathBold", "𝐛𝐚𝐝𝐚𝐧𝐨𝐯", "badanov"},
		{"SmallCapitals", "ʙᴀᴅᴀɴᴏᴠ", "badanov"},
		{"ZeroWidthSpace", "badanov\u200b", "badanov"},
		{"Umlaut", "Bädanov", "badanov"},
		{"CombiningMarks", "ba\u0308da\u0301nov", "badanov"},
		{"CapitalIForL", "BiII", "Bill"},
		{"OneForL", "B1ll", "Bill"},
		{"PipeForL", "b|ll", "Bill"},
		{"BangForL", "bi!!", "Bill"},
		{"LForI", "Blll", "Bill"},
		{"PalochkaForL", "Biӏӏ", "Bill"},
		{"RNForM", "Wamer", "Warner"},
		{"VVForW", "VVarner", "Warner"},
		{"LForIInShortNick", "Mla", "Mia"},
		{"GeneratedSame", "Jones 1696", "Jones1696"},
		{"GeneratedLeet", "J0nes1696", "Jones1696"},
		{"Emoji", "🐱 🐶", "🐱🐶"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := r.Owner(tt.in)
			if got != tt.want || !ok {
				t.Errorf("Owner(%q) = %q, %v; want %q, true", tt.in, got, ok, tt.want)
			}
		})
	}
}

func TestReservedFree(t *testing.T) {
	r := NewReserved("badanov", "Bill", "Warner", "Mia", "Jones1696", "🐱🐶")
	for _, in := range []string{
		"badanova2",
		"badanova",
		"Badger",
		"Glolurong Jones1696",
		"Jones1969",
		"Jones1698",
		"Bil",
		"Billy",
		"Warren",
		"Maria",
		"Иван",
		"🐱",
		"",
		"   ",
		"\u200b",
	} {
		if got, ok := r.Owner(in); ok {
			t.Errorf("Owner(%q) = %q, true; want it free", in, got)
		}
	}
}

func TestReservedFirstWins(t *testing.T) {
	r := NewReserved("Bob1", "Bobl", "BOB1")
	tests := []struct{ in, want string }{
		{"bob1", "Bob1"},
		{"bobl", "Bobl"}, // the strict key picks the nick actually typed
		{"bobi", "Bob1"}, // the loose key, owned by the first given
	}
	for _, tt := range tests {
		if got, ok := r.Owner(tt.in); got != tt.want || !ok {
			t.Errorf("Owner(%q) = %q, %v; want %q, true", tt.in, got, ok, tt.want)
		}
	}
}

func TestReservedEmpty(t *testing.T) {
	var nilSet *Reserved
	for _, r := range []*Reserved{nilSet, NewReserved(), NewReserved("", " ", "\u200b")} {
		if got, ok := r.Owner("badanov"); ok {
			t.Errorf("Owner(%q) = %q, true; want false", "badanov", got)
		}
		if got, ok := r.Owner(""); ok {
			t.Errorf("Owner(%q) = %q, true; want false", "", got)
		}
	}
}

func BenchmarkOwner(b *testing.B) {
	nicks := make([]string, 500)
	g := NewGenerator(3)
	for i := range nicks {
		nicks[i] = g.Nick()
	}
	r := NewReserved(nicks...)
	for _, in := range []string{"Glolurong Jones1696", "ｂａｄａｎｏｖ Bädanov", nicks[7]} {
		b.Run(fmt.Sprintf("%q", in), func(b *testing.B) {
			for b.Loop() {
				r.Owner(in)
			}
		})
	}
}
