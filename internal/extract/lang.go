package extract

import (
	"strings"
	"unicode"

	"golang.org/x/text/language"
)

// primaryTag returns the primary language subtag of a BCP 47 tag or POSIX
// locale ("es-ES", "es_ES", "spa" all give "es"), "" when s is not a
// language.
func primaryTag(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "_", "-"))
	if s == "" {
		return ""
	}
	tag, err := language.Parse(s)
	if err != nil {
		// Keep what can be read of a tag with a bad tail ("en-xx-yy-zz").
		first, _, _ := strings.Cut(s, "-")
		b, err := language.ParseBase(first)
		if err != nil {
			return ""
		}
		tag, _ = language.Compose(b)
	}
	base, conf := tag.Base()
	if conf < language.High || base.String() == "und" {
		return ""
	}
	return base.String()
}

// Letters that tell apart languages sharing a script.
const (
	persianLetters   = "پچژگکی"   // پ چ ژ گ, and the Persian kaf and yeh
	urduLetters      = "ٹڈڑںے"    // retroflex letters, noon ghunna, yeh barree
	ukrainianLetters = "іїєґІЇЄҐ" // not in Russian
	russianLetters   = "ыэъёЫЭЪЁ" // not in Ukrainian
)

// stopwords are frequent, fairly distinctive short words per language
// written in Latin script.
var stopwords = map[string][]string{
	"en": {"the", "and", "of", "to", "is", "was", "that", "with", "for", "on", "are", "by", "this", "have", "from", "said", "were", "has", "which", "be", "it", "after", "their"},
	"es": {"el", "los", "las", "del", "y", "una", "por", "con", "para", "fue", "al", "su", "sus", "como", "pero", "más", "este", "esta", "también", "según", "ha", "han", "muy"},
	"fr": {"le", "les", "des", "du", "et", "est", "une", "dans", "pour", "pas", "qui", "sur", "au", "aux", "avec", "ce", "cette", "été", "sont", "selon", "ont", "mais", "leur"},
	"de": {"der", "die", "das", "und", "ist", "nicht", "mit", "den", "dem", "ein", "eine", "sich", "auf", "auch", "von", "zu", "im", "wurde", "für", "nach", "bei", "sie", "wird"},
	"it": {"della", "delle", "degli", "di", "che", "è", "non", "per", "sono", "gli", "nel", "nella", "alla", "anche", "stato", "ma", "questo", "dei", "dal", "dalla", "ad", "più"},
	"pt": {"os", "dos", "das", "não", "em", "um", "uma", "com", "ao", "foi", "pela", "pelo", "também", "são", "mais", "está", "seu", "sua", "ainda", "após", "já", "na", "pelos"},
	"tr": {"ve", "bir", "bu", "için", "ile", "olarak", "olan", "çok", "daha", "gibi", "ama", "değil", "sonra", "kadar", "ise", "göre", "ancak", "yeni", "her", "şu", "bunu", "oldu"},
}

var stopwordLang = func() map[string][]string {
	m := make(map[string][]string)
	for lang, words := range stopwords {
		for _, w := range words {
			m[w] = append(m[w], lang)
		}
	}
	return m
}()

// detectLang guesses the language of text from its script and, for Latin
// script, from stopwords: Arabic script gives "ar" ("fa" with Persian
// letters, "ur" with Urdu ones), Cyrillic "ru" ("uk" with Ukrainian
// letters), Hebrew "he", and so on; "" when unsure.
func detectLang(text string) string {
	const sample = 20000
	scripts := map[string]int{}
	var persian, urdu, ukrainian, russian, letters int
	n := 0
	for _, r := range text {
		if n++; n > sample {
			break
		}
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		switch {
		case unicode.Is(unicode.Latin, r):
			scripts["latin"]++
		case unicode.Is(unicode.Arabic, r):
			scripts["arabic"]++
			if strings.ContainsRune(persianLetters, r) {
				persian++
			}
			if strings.ContainsRune(urduLetters, r) {
				urdu++
			}
		case unicode.Is(unicode.Cyrillic, r):
			scripts["cyrillic"]++
			if strings.ContainsRune(ukrainianLetters, r) {
				ukrainian++
			}
			if strings.ContainsRune(russianLetters, r) {
				russian++
			}
		case unicode.Is(unicode.Hebrew, r):
			scripts["hebrew"]++
		case unicode.Is(unicode.Greek, r):
			scripts["greek"]++
		case unicode.Is(unicode.Georgian, r):
			scripts["georgian"]++
		case unicode.Is(unicode.Armenian, r):
			scripts["armenian"]++
		case unicode.Is(unicode.Hangul, r):
			scripts["hangul"]++
		case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
			scripts["kana"]++
		case unicode.Is(unicode.Han, r):
			scripts["han"]++
		case unicode.Is(unicode.Thai, r):
			scripts["thai"]++
		case unicode.Is(unicode.Devanagari, r):
			scripts["devanagari"]++
		}
	}
	if letters < 10 {
		return ""
	}
	script, most := "", 0
	for s, c := range scripts {
		if c > most || c == most && s < script {
			script, most = s, c
		}
	}
	if most*2 < letters {
		return ""
	}
	switch script {
	case "arabic":
		switch {
		case urdu >= 2 && urdu*3 >= persian:
			return "ur"
		case persian >= 2:
			return "fa"
		}
		return "ar"
	case "cyrillic":
		if ukrainian > 0 && ukrainian > russian {
			return "uk"
		}
		return "ru"
	case "hebrew":
		return "he"
	case "greek":
		return "el"
	case "georgian":
		return "ka"
	case "armenian":
		return "hy"
	case "hangul":
		return "ko"
	case "kana":
		return "ja"
	case "han":
		if scripts["kana"] > 0 {
			return "ja"
		}
		return "zh"
	case "thai":
		return "th"
	case "devanagari":
		return "hi"
	case "latin":
		return latinLang(text)
	}
	return ""
}

// latinLang picks the language whose stopwords occur most often in text;
// "" when too few occur or two languages tie.
func latinLang(text string) string {
	counts := map[string]int{}
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\''
	})
	if len(words) > 3000 {
		words = words[:3000]
	}
	for _, w := range words {
		for _, lang := range stopwordLang[w] {
			counts[lang]++
		}
	}
	best, second := "", 0
	for lang, c := range counts {
		if best == "" || c > counts[best] || c == counts[best] && lang < best {
			best = lang
		}
	}
	for lang, c := range counts {
		if lang != best && c > second {
			second = c
		}
	}
	if best == "" || counts[best] < 3 || counts[best] == second {
		return ""
	}
	return best
}
