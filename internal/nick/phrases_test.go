package nick

import "testing"

func TestPhrasesFind(t *testing.T) {
	p := NewPhrases("casino", "cheap pills", "viagra", "")
	tests := []struct {
		text, want string
	}{
		{"Play at our casino today", "casino"},
		{"CASINO", "casino"},
		{"c4sino", "casino"},
		{"cas1no!!", "casino"},
		{"c.a.s.i.n.o", "casino"},
		{"c a s i n o", "casino"},
		{"c\u0430sino", "casino"}, // Cyrillic а
		{"ｃａｓｉｎｏ", "casino"},
		{"cas\u200bino", "casino"},
		{"casino2024", "casino"},
		{"visit casino.example for more", "casino"},
		{"v1agra", "viagra"},
		{"V I A G R A", "viagra"},
		{"Cheap  PILLS here", "cheap pills"},
		{"cheappills", "cheap pills"},
		{"cheap, pills", "cheap pills"},
		{"casinos", ""},
		{"occasion", ""},
		{"an occasional casual sino-phile", ""},
		{"cheap", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := p.Find(tt.text)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Find(%q) = %q, %v; want %q", tt.text, got, ok, tt.want)
		}
	}
	if p.Len() != 3 {
		t.Errorf("Len = %d, want 3 (the empty phrase is left out)", p.Len())
	}
	var none *Phrases
	if _, ok := none.Find("casino"); ok || none.Len() != 0 {
		t.Error("a nil set finds something")
	}
}

func TestPhrasesFindNick(t *testing.T) {
	p := NewPhrases("admin", "administrator", "moderator", "mod", "staff", "webmaster", "system", "Burg Test")
	tests := []struct {
		nick, want string
	}{
		{"admin", "admin"},
		{"Admin", "admin"},
		{"ADM1N", "admin"},
		{"4dmin", "admin"},
		{"admin1", "admin"},
		{"Site Admin", "admin"},
		{"SiteAdmin", "admin"},
		{"the_moderator", "moderator"},
		{"Moderator", "moderator"},
		{"M0derat0r", "moderator"},
		{"Mod", "mod"},
		{"Staff", "staff"},
		{"Web Master", "webmaster"},
		{"SYSTEM", "system"},
		{"Burg Test", "Burg Test"},
		{"BurgTest", "Burg Test"},
		{"burg-test", "Burg Test"},
		{"8urg Test", "Burg Test"},
		{"Model Citizen", ""},
		{"Glolurong Jones1696", ""},
		{"Administrative", ""},
		{"Burgess", ""},
		{"Staffordshire", ""},
	}
	for _, tt := range tests {
		got, ok := p.FindNick(tt.nick)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("FindNick(%q) = %q, %v; want %q", tt.nick, got, ok, tt.want)
		}
	}
}

func TestPhraseKey(t *testing.T) {
	if a, b := PhraseKey("Cheap Pills"), PhraseKey("ch3ap p1lls!"); a != b || a == "" {
		t.Errorf("keys %q and %q differ", a, b)
	}
	if PhraseKey("!?") == PhraseKey("") && PhraseKey("...") != "" {
		t.Error("punctuation has a key")
	}
}

func BenchmarkPhrasesFind(b *testing.B) {
	p := NewPhrases("casino", "cheap pills", "viagra", "payday loans", "crypto giveaway")
	text := ""
	for range 200 {
		text += "The harbour board met again on Friday, and nobody agreed about the dredging. "
	}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, ok := p.Find(text); ok {
			b.Fatal("found")
		}
	}
}

// The ASCII shortcut gives the loose key keys gives.
func TestLooseKeyASCII(t *testing.T) {
	for _, w := range []string{"Admin", "4dm1n", "rnod", "VVeb", "c@$!no", "x", "!!", "Glolurong", "ABC123xyz|"} {
		_, want := keys(w)
		if got := string(looseKey(w)); got != want {
			t.Errorf("looseKey(%q) = %q, keys gives %q", w, got, want)
		}
	}
}
