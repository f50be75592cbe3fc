package nick

import (
	"unicode"
	"unicode/utf8"
)

// Phrases is a set of words and phrases to find in a text or a nick as
// whole words, by the loose key Reserved compares nicks by: so "casino"
// is found in "CASINO", "c4sino", "cas1no!", "c.a.s.i.n.o" and "cаsino"
// (with a Cyrillic а), but not in "casinos" or "occasion". A phrase of
// several words is found when consecutive words of the text spell it:
// "cheap pills" in "Cheap  PILLS" and in "cheappills". Trailing digits
// and exclamation marks of a word may be dropped ("admin1", "casino!!").
//
// It is never changed after NewPhrases, so it is safe for concurrent use.
type Phrases struct {
	keys   map[string]string // key → the phrase as given
	maxLen int               // the longest key, in bytes
}

// NewPhrases returns the set of phrases. Where two share a key, the first
// given is the one reported. A phrase without letters or digits is left
// out.
func NewPhrases(phrases ...string) *Phrases {
	p := &Phrases{keys: make(map[string]string, len(phrases))}
	for _, ph := range phrases {
		k := PhraseKey(ph)
		if k == "" {
			continue
		}
		if _, ok := p.keys[k]; !ok {
			p.keys[k] = ph
		}
		p.maxLen = max(p.maxLen, len(k))
	}
	return p
}

// PhraseKey returns the key a phrase is found by: the loose keys of its
// words, run together. Two phrases with one key are the same to Find.
func PhraseKey(phrase string) string {
	var k []byte
	for _, w := range words(phrase, false) {
		k = append(k, w.trimmed...)
	}
	return string(k)
}

// Len returns how many phrases the set holds.
func (p *Phrases) Len() int {
	if p == nil {
		return 0
	}
	return len(p.keys)
}

// Find returns the first phrase (by position in text) that text holds as
// whole words, and true; or "" and false.
func (p *Phrases) Find(text string) (string, bool) {
	return p.find(words(text, false))
}

// FindNick is Find for a nick, whose words may also run together with
// capitals ("SiteAdmin", "TheModerator").
func (p *Phrases) FindNick(nick string) (string, bool) {
	return p.find(words(nick, true))
}

func (p *Phrases) find(ws []word) (string, bool) {
	if p == nil || len(p.keys) == 0 {
		return "", false
	}
	var run []byte
	for i := range ws {
		run = run[:0]
		for j := i; j < len(ws); j++ {
			for _, last := range [2][]byte{ws[j].full, ws[j].trimmed} {
				if len(run)+len(last) > p.maxLen {
					continue
				}
				if ph, ok := p.keys[string(append(run, last...))]; ok {
					return ph, true
				}
			}
			run = append(run, ws[j].trimmed...)
			if len(run) >= p.maxLen {
				break
			}
		}
	}
	return "", false
}

// word is one word of a text with its loose key, whole and without the
// digits and marks that trail it.
type word struct {
	full, trimmed []byte
}

// words splits text into words: runs of letters, digits, marks, format
// characters and the symbols that stand in for letters (| ! @ $ €).
// With camel set, a capital after a small letter starts a new word.
func words(text string, camel bool) []word {
	var out []word
	start := -1
	var prev rune
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := text[start:end]
		start = -1
		full := looseKey(w)
		if len(full) == 0 {
			return
		}
		trimmed := full
		if t := trimTail(w); t != w && t != "" {
			trimmed = looseKey(t)
		}
		out = append(out, word{full: full, trimmed: trimmed})
	}
	for i, r := range text {
		in := inWord(r)
		if in && camel && start >= 0 && unicode.IsUpper(r) && unicode.IsLower(prev) {
			flush(i)
		}
		switch {
		case in && start < 0:
			start = i
		case !in:
			flush(i)
		}
		prev = r
	}
	flush(len(text))
	return out
}

// looseKey is the loose key of one word: what keys gives, made without
// its allocations for the ASCII words most text is made of.
func looseKey(w string) []byte {
	if !isASCII(w) {
		_, loose := keys(w)
		return []byte(loose)
	}
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case 'A' <= c && c <= 'Z':
			b = append(b, byte(looseRune(rune(c+'a'-'A'))))
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			b = append(b, byte(looseRune(rune(c))))
		default:
			if l := looseSymbol(rune(c)); l != 0 {
				b = append(b, l)
			}
		}
	}
	return mergePairs(b)
}

// inWord reports whether r is part of a word.
func inWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || looseSymbol(r) != 0
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.M, unicode.Cf) || looseSymbol(r) != 0
}

// trimTail drops the digits and exclamation marks that end a word, which
// nicks and shouting add: "admin1", "casino!!".
func trimTail(w string) string {
	end := len(w)
	for end > 0 {
		r, size := utf8.DecodeLastRuneInString(w[:end])
		if !unicode.IsDigit(r) && r != '!' && r != '¡' {
			break
		}
		end -= size
	}
	return w[:end]
}
