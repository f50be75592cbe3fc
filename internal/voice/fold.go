package voice

import (
	"unicode"
	"unicode/utf8"
)

// Words and how they are compared.
//
// A word is a run of letters and digits (with the combining marks that
// follow them). In the scripts written without spaces between words —
// Chinese, Japanese kana, Thai, Lao, Khmer, Burmese — every character is a
// word of its own, so that a name is found inside a run of text.
//
// Words are compared in a folded form: lower case, without accents
// ("Élodie" is "elodie"), with the letters that transliterations disagree
// on made one (Arabic alef with or without hamza, ta marbuta and ha,
// Persian and Arabic yeh and kaf; Cyrillic ё and е; final sigma), and
// without the vowel points of Arabic and Hebrew.
//
// Between two words of a term stands a gap. Spaces, hyphens, apostrophes
// and "&" join words ("Saraya al-Nakhil" is "Saraya al Nakhil"; "Workers'
// Party"); anything else — a comma, a full stop, a bracket, a dash —
// ends a term, so that "police. Chief" is not "police chief". A full stop
// right after a word of up to three letters, with at most one space after
// it, is taken for an abbreviation and joins too: "St. Ilmen", "U.S.".

// word is one word of a text: its bytes and whether a gap that ends terms
// stands before it.
type word struct {
	start, end int
	hard       bool
}

// scanWords appends the words of text to ws.
func scanWords(ws []word, text string) []word {
	prevEnd, prevRunes := 0, 0
	first := true
	for i := 0; i < len(text); {
		r, n := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(text[i:])
		} else if !asciiWord[r] {
			i++
			continue
		}
		if !isWordStart(r) {
			i += n
			continue
		}
		start := i
		i += n
		runes := 1
		if !segmented(r) {
			for i < len(text) {
				if c := text[i]; c < utf8.RuneSelf {
					if !asciiWord[c] {
						break
					}
					i++
					runes++
					continue
				}
				r, n := utf8.DecodeRuneInString(text[i:])
				if !isWordRune(r) || segmented(r) {
					break
				}
				i += n
				runes++
			}
		}
		// Marks after a character of a segmented script belong to it.
		for i < len(text) && text[i] >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(text[i:])
			if !unicode.Is(unicode.M, r) {
				break
			}
			i += n
		}
		ws = append(ws, word{start: start, end: i, hard: first || hardGap(text[prevEnd:start], prevRunes)})
		first = false
		prevEnd, prevRunes = i, runes
	}
	return ws
}

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// isWordStart reports whether a word may start with r.
func isWordStart(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// isWordRune reports whether r continues a word.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
}

// segmented reports whether r belongs to a script written without spaces
// between words, in which each character is taken as a word.
func segmented(r rune) bool {
	if r < 0x0e00 {
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao,
		unicode.Khmer, unicode.Myanmar)
}

// hardGap reports whether the text between two words ends a term; prevRunes
// is the length of the word before it.
func hardGap(gap string, prevRunes int) bool {
	if gap == "" || gap == " " {
		return false
	}
	if prevRunes <= 3 && (gap == "." || gap == ". ") {
		return false
	}
	for _, r := range gap {
		switch {
		case unicode.IsSpace(r):
		case r == '-' || r == '\u2010' || r == '\u2011': // hyphens, not dashes
		case r == '\'' || r == '\u2019' || r == '\u02bc':
		case r == '&':
		default:
			return true
		}
	}
	return false
}

// appendFolded appends the folded form of the word s to dst.
func appendFolded(dst []byte, s string) []byte {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			dst = append(dst, byte(r))
			continue
		}
		if dropped(r) {
			continue
		}
		r = unicode.ToLower(r)
		if f, ok := folds[r]; ok {
			dst = append(dst, f...)
			continue
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// fold returns the folded form of the word s.
func fold(s string) string { return string(appendFolded(nil, s)) }

// dropped reports whether r is left out of a folded word: a combining
// accent, an Arabic or Hebrew vowel point, or the Arabic tatweel.
func dropped(r rune) bool {
	switch {
	case 0x0300 <= r && r <= 0x036f: // combining diacritical marks
	case 0x0591 <= r && r <= 0x05c7: // Hebrew points and accents
	case 0x064b <= r && r <= 0x065f, r == 0x0670, r == 0x0640: // Arabic harakat, superscript alef, tatweel
	default:
		return false
	}
	return true
}

// folds maps lower-case letters to what they are compared as.
var folds = buildFolds()

func buildFolds() map[rune]string {
	m := make(map[rune]string, 512)
	for base, letters := range map[string]string{
		"a":  "àáâãäåāăąǎǟǡǻȁȃȧḁạảấầẩẫậắằẳẵặ",
		"b":  "ḃḅḇ",
		"c":  "çćĉċčḉ",
		"d":  "ďḋḍḏḑḓđð",
		"e":  "èéêëēĕėęěȅȇȩḕḗḙḛḝẹẻẽếềểễệ",
		"f":  "ḟ",
		"g":  "ĝğġģǧǵḡ",
		"h":  "ĥȟḣḥḧḩḫẖħ",
		"i":  "ìíîïĩīĭįǐȉȋḭḯỉịı",
		"j":  "ĵǰ",
		"k":  "ķǩḱḳḵ",
		"l":  "ĺļľḷḹḻḽł",
		"m":  "ḿṁṃ",
		"n":  "ñńņňǹṅṇṉṋ",
		"o":  "òóôõöōŏőơǒǫǭȍȏȫȭȯȱṍṏṑṓọỏốồổỗộớờởỡợøǿ",
		"p":  "ṕṗ",
		"r":  "ŕŗřȑȓṙṛṝṟ",
		"s":  "śŝşšșṡṣṥṧṩſẛ",
		"t":  "ţťțṫṭṯṱẗŧ",
		"u":  "ùúûüũūŭůűųưǔǖǘǚǜȕȗṳṵṷṹṻụủứừửữự",
		"v":  "ṽṿ",
		"w":  "ŵẁẃẅẇẉẘ",
		"x":  "ẋẍ",
		"y":  "ýÿŷȳẏẙỳỵỷỹ",
		"z":  "źżžẑẓẕ",
		"ae": "æǣǽ",
		"oe": "œ",
		"ss": "ß",
		"th": "þ",
		// Greek: accents and breathings; final sigma.
		"α": "άἀἁἂἃἄἅἆἇὰάᾀᾁᾂᾃᾄᾅᾆᾇᾰᾱᾲᾳᾴᾶᾷ",
		"ε": "έἐἑἒἓἔἕὲέ",
		"η": "ήἠἡἢἣἤἥἦἧὴήᾐᾑᾒᾓᾔᾕᾖᾗῂῃῄῆῇ",
		"ι": "ΐίϊἰἱἲἳἴἵἶἷὶίῐῑῒΐῖῗ",
		"ο": "όὀὁὂὃὄὅὸό",
		"ρ": "ῤῥ",
		"υ": "ΰϋύὐὑὒὓὔὕὖὗὺύῠῡῢΰῦῧ",
		"ω": "ώὠὡὢὣὤὥὦὧὼώᾠᾡᾢᾣᾤᾥᾦᾧῲῳῴῶῷ",
		"σ": "ς",
		// Cyrillic: ё is written е more often than not; й stays й.
		"а": "ӑӓ",
		"г": "ѓ",
		"е": "ѐёӗ",
		"ж": "ӂӝ",
		"з": "ӟ",
		"и": "ѝӣӥ",
		"к": "ќ",
		"о": "ӧ",
		"у": "ӯӱӳ",
		"ч": "ӵ",
		"ы": "ӹ",
		"э": "ӭ",
		"і": "ї",
		// Arabic and Persian spellings of one letter.
		"ا": "أإآٱ",
		"ه": "ة",
		"ي": "ىئی",
		"و": "ؤ",
		"ك": "ک",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}
