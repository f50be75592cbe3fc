package nick

import (
	"slices"
	"strings"
	"unicode"
)

// The blocklist keeps generated nicks clean. It is short on purpose: a
// generated part that merely resembles a blocked fragment is simply drawn
// again, so the list may err on the side of blocking.
var (
	// blockedFragments are blocked wherever they occur in a part, and in
	// the first and second parts run together.
	blockedFragments = []string{
		"anal", "anus", "bastard", "bitch", "boob", "cock", "cum", "cunt",
		"dick", "dildo", "dyke", "fag", "fck", "fuck", "fuk", "fuq", "jizz",
		"kkk", "kunt", "nazi", "negro", "nigg", "nigr", "penis", "piss",
		"porn", "pussy", "rape", "rapist", "retard", "sex", "shit", "shyt",
		"slut", "spast", "spaz", "spunk", "tits", "tranny", "twat", "vagin",
		"wank", "wetback", "whore", "hitler",
	}
	// blockedWords are blocked only as a whole part: as fragments they
	// would catch innocent words (grass, title, cucumber, raccoon).
	blockedWords = []string{
		"arse", "ass", "chink", "coon", "dago", "fanny", "gook", "gyp", "ho",
		"hoe", "homo", "jap", "kike", "knob", "kraut", "midget", "mofo",
		"mong", "nob", "paki", "pikey", "poof", "prick", "slag", "spic",
		"spick", "tard", "tit", "turd", "wog", "wop", "yid",
	}
)

// offensive reports whether a part of a nick is, or contains, a blocked
// word. Case, non-letters and common digit-for-letter swaps are ignored.
func offensive(part string) bool {
	k := filterKey(part)
	return containsFragment(k) || slices.Contains(blockedWords, k)
}

// containsFragment reports whether the filter key k contains a blocked
// fragment.
func containsFragment(k string) bool {
	for _, f := range blockedFragments {
		if strings.Contains(k, f) {
			return true
		}
	}
	return false
}

// filterKey lower-cases s and keeps only its letters, reading the digits
// people use as letters as those letters.
func filterKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case r >= '0' && r <= '9':
			b.WriteByte("oizeasgtbg"[r-'0'])
		case unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
