package nick

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Canonical folds a nick to a key that its look-alikes share, so that
// "Badanov", "BADANOV", "bad anov", "bаdanov" (with a Cyrillic а),
// "ｂａｄａｎｏｖ", "badanov\u200b" and "Bädanov" all give "badanov". In
// order, it:
//
//   - applies Unicode compatibility decomposition (NFKD), which turns
//     fullwidth forms, mathematical alphanumerics, ligatures, circled and
//     superscript letters and the like into plain ones;
//   - removes combining marks (accents and other diacritics), zero-width,
//     bidi and other format characters, variation selectors and blank
//     fillers;
//   - replaces letters of other scripts that look Latin with the Latin
//     letter (Cyrillic а в е і ј к м н о р с т у х ѕ ԁ һ ӏ, Greek α β ε η
//     ι κ μ ν ο ρ τ υ χ γ ω, some Armenian and Cherokee), Latin letters
//     that do not decompose with their plain look-alike (ø→o, ł→l, đ→d,
//     ı→i, æ→ae, small capitals), and applies full Unicode case folding
//     (so ß is ss);
//   - keeps only letters and digits, dropping spaces, punctuation,
//     symbols and bytes that are not UTF-8, and composes the result (NFC).
//
// Since every combining mark goes, so do the vowel signs of scripts that
// write vowels as marks (Devanagari, Thai…): nicks in those scripts share
// keys more readily than Latin ones.
//
// Digits are kept as digits, so "Jones1696" and "Jones1969" stay apart and
// Canonical can key nicks that must merely be told apart. The swaps that
// make "b4danov" or "BiII" look like "badanov" or "Bill" (0→o, 1→l, 3→e,
// 4→a, 5→s, 7→t, 8→b, 9→g, | and ! → l, @→a, $→s, i→l, rn→m, vv→w) are
// too eager for that; Reserved applies them in a second, looser key.
//
// A nick with no letter or digit at all, such as "?!" or "🐱 🐶", keeps
// its punctuation and symbols instead, so that it still has a key of its
// own ("?!", "🐱🐶"). Only a nick with nothing visible in it has the key "".
// Canonical is idempotent: Canonical(Canonical(s)) == Canonical(s).
func Canonical(nick string) string {
	strict, _ := keys(nick)
	return strict
}

// Loose returns the loose key of a nick, the one Reserved also compares:
// Canonical's key with the characters people swap to make one nick look
// like another equated (0 and o, 1 and l, rn and m…). "Troll King" and
// "TR0LL K1NG" share it; "Jones1696" and "Jones1969" do not.
func Loose(nick string) string {
	_, loose := keys(nick)
	return loose
}

// keys returns the strict key of nick, which is Canonical, and its loose
// key, which further equates the characters people swap to make one nick
// look like another (see Canonical). Each is computed from the same pass.
func keys(nick string) (strict, loose string) {
	s := nick
	ascii := isASCII(s)
	if ascii {
		// Compatibility forms, marks, confusables and case folding beyond
		// ASCII lower-casing cannot occur; the result is the same.
		s = strings.ToLower(s)
	} else {
		s = strings.ToValidUTF8(s, "")
		s = norm.NFKD.String(s)
		// Confusables before case folding, because some letters look
		// Latin only in one case: Greek Η is H, its η is n.
		s = mapRunes(s)
		s = cases.Fold().String(s)
		s = norm.NFKD.String(s)
	}

	var kb keyBuilder
	kb.st = make([]byte, 0, len(s))
	kb.lo = make([]byte, 0, len(s))
	for _, r := range s {
		if ignorable(r) {
			continue
		}
		r = cherokeeCapital(r)
		if rep, ok := confusables[r]; ok {
			for _, c := range rep {
				kb.add(c)
			}
			continue
		}
		kb.add(r)
	}

	st, lo := kb.st, kb.lo
	if len(st) == 0 {
		st = kb.vis
	}
	strict = string(st)
	loose = string(mergePairs(lo))
	if !ascii {
		strict = norm.NFC.String(strict)
		loose = norm.NFC.String(loose)
	}
	if loose == "" {
		loose = strict
	}
	return strict, loose
}

// keyBuilder collects the keys of a nick rune by rune.
type keyBuilder struct {
	st  []byte // letters and digits: the strict key
	lo  []byte // the same, swapped for the loose key
	vis []byte // punctuation and symbols: the strict key if st stays empty
}

// add adds the rune r, which is neither ignorable nor confusable.
func (kb *keyBuilder) add(r rune) {
	switch {
	case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
		kb.st = append(kb.st, byte(r))
		kb.lo = append(kb.lo, byte(looseRune(r)))
	case looseSymbol(r) != 0:
		kb.lo = append(kb.lo, looseSymbol(r))
		if unicode.IsLetter(r) { // ǃ, a click letter that looks like !
			kb.st = utf8.AppendRune(kb.st, r)
		} else {
			kb.vis = utf8.AppendRune(kb.vis, r)
		}
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		kb.st = utf8.AppendRune(kb.st, r)
		kb.lo = utf8.AppendRune(kb.lo, looseRune(r))
	case unicode.IsPunct(r) || unicode.IsSymbol(r):
		kb.vis = utf8.AppendRune(kb.vis, r)
	}
}

// mergePairs replaces, in place, the letter pairs that read as one
// letter: rn as m, vv as w. Being ASCII, the bytes compared never occur
// inside the encoding of another rune.
func mergePairs(b []byte) []byte {
	out := b[:0]
	for i := 0; i < len(b); i++ {
		if i+1 < len(b) {
			switch {
			case b[i] == 'r' && b[i+1] == 'n':
				out = append(out, 'm')
				i++
				continue
			case b[i] == 'v' && b[i+1] == 'v':
				out = append(out, 'w')
				i++
				continue
			}
		}
		out = append(out, b[i])
	}
	return out
}

// mapRunes drops ignorable runes from s and replaces confusables.
func mapRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if ignorable(r) {
			continue
		}
		r = cherokeeCapital(r)
		if rep, ok := confusables[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ignorable reports whether r leaves no mark of its own in a key:
// combining marks, format and control characters, and blank letters.
func ignorable(r rune) bool {
	if r < utf8.RuneSelf {
		return r < ' ' || r == 0x7f
	}
	return unicode.In(r, unicode.M, unicode.Cf, unicode.Cc) || blank(r)
}

// blank reports whether r is a letter or symbol that shows as nothing, used
// to fake an empty or spaced nick.
func blank(r rune) bool {
	switch r {
	case 0x115f, 0x1160, 0x3164, 0xffa0, // Hangul fillers
		0x2800: // Braille pattern blank
		return true
	}
	return false
}

// cherokeeCapital returns the capital of a small Cherokee letter, and
// any other rune unchanged. Unicode case folding maps Cherokee to
// capitals, but golang.org/x/text/cases swaps the two cases instead, so
// keys make capitals themselves.
func cherokeeCapital(r rune) rune {
	switch {
	case r >= 0xab70 && r <= 0xabbf:
		return r - 0xab70 + 0x13a0
	case r >= 0x13f8 && r <= 0x13fd:
		return r - 8
	}
	return r
}

// looseRune returns the letter a digit or letter is read as in the loose
// key. Only ASCII digits are swapped; 2 and 6 look like nothing in
// particular and stay.
func looseRune(r rune) rune {
	switch r {
	case '0':
		return 'o'
	case '1', 'i':
		return 'l'
	case '3':
		return 'e'
	case '4':
		return 'a'
	case '5':
		return 's'
	case '7':
		return 't'
	case '8':
		return 'b'
	case '9':
		return 'g'
	}
	return r
}

// looseSymbol returns the letter a non-letter is read as in the loose key,
// or 0.
func looseSymbol(r rune) byte {
	switch r {
	case '|', '!', '¡', '¦', 'ǃ':
		return 'l'
	case '@':
		return 'a'
	case '$':
		return 's'
	case '€':
		return 'e'
	}
	return 0
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// confusables maps letters that look like Latin letters to those letters
// (lower case, since keys are case-folded). Both cases are listed where a
// script has them, because the map is applied before and after folding.
// Decomposable letters (ё, ά, ö…) are not listed: their base letter is.
var confusables = map[rune]string{
	// Cyrillic.
	'А': "a", 'а': "a", 'В': "b", 'в': "b", 'Е': "e", 'е': "e",
	'Ѕ': "s", 'ѕ': "s", 'І': "i", 'і': "i", 'Ј': "j", 'ј': "j",
	'К': "k", 'к': "k", 'М': "m", 'м': "m", 'Н': "h", 'н': "h",
	'О': "o", 'о': "o", 'Р': "p", 'р': "p", 'С': "c", 'с': "c",
	'Т': "t", 'т': "t", 'У': "y", 'у': "y", 'Х': "x", 'х': "x",
	'Ү': "y", 'ү': "y", 'Һ': "h", 'һ': "h", 'Ԁ': "d", 'ԁ': "d",
	'Ԛ': "q", 'ԛ': "q", 'Ԝ': "w", 'ԝ': "w", 'Ӏ': "l", 'ӏ': "l",
	'Ь': "b", 'ь': "b",
	// Greek. Capitals look like Latin capitals; some small letters look
	// like other Latin small letters (η n, μ u, ν v, υ u).
	'Α': "a", 'α': "a", 'Β': "b", 'β': "b", 'Ε': "e", 'ε': "e",
	'Ζ': "z", 'Η': "h", 'η': "n", 'Ι': "i", 'ι': "i", 'Κ': "k",
	'κ': "k", 'Μ': "m", 'μ': "u", 'Ν': "n", 'ν': "v", 'Ο': "o",
	'ο': "o", 'Ρ': "p", 'ρ': "p", 'Τ': "t", 'τ': "t", 'Υ': "y",
	'υ': "u", 'Χ': "x", 'χ': "x", 'γ': "y", 'ω': "w", 'Ϲ': "c",
	'ϲ': "c", 'ϳ': "j", 'Ϳ': "j",
	// Armenian.
	'Օ': "o", 'օ': "o", 'Ս': "u", 'ս': "u", 'հ': "h", 'ո': "n",
	'ց': "g", 'զ': "q",
	// Cherokee capitals, to which case folding also maps the small ones.
	'Ꭺ': "a", 'Ᏼ': "b", 'Ꮯ': "c", 'Ꭰ': "d", 'Ꭼ': "e", 'Ꮋ': "h",
	'Ꭻ': "j", 'Ꮶ': "k", 'Ꮮ': "l", 'Ꮇ': "m", 'Ꮲ': "p", 'Ꮪ': "s",
	'Ꮤ': "w",
	// Latin letters that do not decompose.
	'Ø': "o", 'ø': "o", 'Ł': "l", 'ł': "l", 'Đ': "d", 'đ': "d",
	'Ð': "d", 'ð': "d", 'Ħ': "h", 'ħ': "h", 'ı': "i", 'ȷ': "j",
	'Ŧ': "t", 'ŧ': "t", 'Ɨ': "i", 'ɨ': "i", 'Ƶ': "z", 'ƶ': "z",
	'Ƀ': "b", 'ƀ': "b", 'Æ': "ae", 'æ': "ae", 'Œ': "oe", 'œ': "oe",
	'ǀ': "l", 'ɑ': "a", 'ɛ': "e", 'ɡ': "g", 'ɩ': "i",
	// Latin small capitals, favoured by "fancy text" makers.
	'ᴀ': "a", 'ʙ': "b", 'ᴄ': "c", 'ᴅ': "d", 'ᴇ': "e", 'ꜰ': "f",
	'ɢ': "g", 'ʜ': "h", 'ɪ': "i", 'ᴊ': "j", 'ᴋ': "k", 'ʟ': "l",
	'ᴍ': "m", 'ɴ': "n", 'ᴏ': "o", 'ᴘ': "p", 'ꞯ': "q", 'ʀ': "r",
	'ꜱ': "s", 'ᴛ': "t", 'ᴜ': "u", 'ᴠ': "v", 'ᴡ': "w", 'ʏ': "y",
	'ᴢ': "z",
}
