package nick

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/burg-news/burg"
	"golang.org/x/text/unicode/norm"
)

// Errors Clean returns. Each is a *burg.Error with code burg.EINVALID and
// a message that can be shown to the person who typed the nick.
var (
	// ErrEmpty: nothing but white space (or stray invisibles) was typed.
	ErrEmpty = invalid("Please enter a name.")
	// ErrTooLong: more than MaxLen characters.
	ErrTooLong = invalid(fmt.Sprintf("A name is at most %d characters.", MaxLen))
	// ErrUnreadable: bytes that are not UTF-8, or Unicode noncharacters.
	ErrUnreadable = invalid("The name contains characters that could not be read. Please type it again.")
	// ErrControl: a control character other than white space.
	ErrControl = invalid("A name may not contain control characters.")
	// ErrDirection: a bidirectional control, which could reorder the
	// text around the name.
	ErrDirection = invalid("A name may not contain characters that change the direction of text.")
	// ErrFormat: an invisible format character other than the joiners.
	ErrFormat = invalid("A name may not contain invisible formatting characters.")
	// ErrInvisible: only marks, joiners and blank characters.
	ErrInvisible = invalid("A name needs at least one visible character.")
	// ErrMarks: too many combining marks on one character.
	ErrMarks = invalid(fmt.Sprintf("A name may not stack more than %d accents on one letter.", maxMarks))
)

// invalid returns an EINVALID error with a user-safe message.
func invalid(message string) *burg.Error {
	return &burg.Error{Code: burg.EINVALID, Message: message}
}

// Limits Clean enforces besides MaxLen.
const (
	// maxMarks is the most combining marks and joiners after one
	// character: more than names written in any script normally need,
	// too few for "zalgo" text that spills over the lines around it.
	maxMarks = 4
	// maxRunes bounds a nick's runes, marks and joiners included.
	maxRunes = 4 * MaxLen
	// maxBytes bounds the input worth looking at.
	maxBytes = 4 * maxRunes
)

// Clean tidies and checks a nick typed by a commenter. It removes
// invisible characters that have no business in a name (zero-width space,
// word joiner, byte-order mark, soft hyphen, tag characters), normalises
// to NFC, trims leading and trailing white space and turns each inner run
// of white space (tabs, newlines, no-break and other Unicode spaces) into
// one space. It then rejects a nick that
//
//   - is empty;
//   - holds control characters, bidi controls (embeddings, overrides,
//     isolates, direction marks) or other format characters — zero-width
//     joiner and non-joiner excepted, as emoji and some scripts need them;
//   - has nothing visible: only marks, joiners, fillers and the like;
//   - stacks more than 4 combining marks on one character;
//   - is longer than MaxLen visible characters (spaces count; combining
//     marks and joiners do not).
//
// The error is one of the Err variables of this package. Clean is
// idempotent: a nick it returns, it returns unchanged.
func Clean(nick string) (string, error) {
	if len(nick) > maxBytes {
		return "", ErrTooLong
	}
	if !utf8.ValidString(nick) {
		return "", ErrUnreadable
	}
	var b strings.Builder
	b.Grow(len(nick))
	for _, r := range nick {
		switch {
		case stray(r):
			continue
		case unicode.IsSpace(r):
			// White space is collapsed below; some of it (tab, newline)
			// is also a control character, and allowed.
		case bidi(r):
			return "", ErrDirection
		case unicode.Is(unicode.Cc, r):
			return "", ErrControl
		case r == zwnj || r == zwj:
		case unicode.Is(unicode.Cf, r):
			return "", ErrFormat
		case noncharacter(r):
			return "", ErrUnreadable
		}
		b.WriteRune(r)
	}
	s := collapseSpace(norm.NFC.String(b.String()))
	// Composition never yields white space, but it can turn one space
	// character into another (U+2000 into U+2002); collapsing first and
	// composing last keeps Clean idempotent.
	s = norm.NFC.String(s)
	if s == "" {
		return "", ErrEmpty
	}

	visible, runes, marks := 0, 0, 0
	seen := false // a character that shows
	for _, r := range s {
		runes++
		if r == zwj || r == zwnj || unicode.Is(unicode.M, r) {
			marks++
			if marks > maxMarks {
				return "", ErrMarks
			}
			continue
		}
		marks = 0
		visible++
		if r != ' ' && !blank(r) {
			seen = true
		}
	}
	switch {
	case !seen:
		return "", ErrInvisible
	case visible > MaxLen || runes > maxRunes:
		return "", ErrTooLong
	}
	return s, nil
}

// Joiners, allowed in a nick.
const (
	zwnj = '\u200c' // zero-width non-joiner
	zwj  = '\u200d' // zero-width joiner
)

// stray reports whether r is an invisible character Clean removes.
func stray(r rune) bool {
	switch r {
	case '\u00ad', // soft hyphen
		'\u034f',                               // combining grapheme joiner
		'\u180e',                               // Mongolian vowel separator
		'\u200b',                               // zero-width space
		'\u2060',                               // word joiner
		'\u2061', '\u2062', '\u2063', '\u2064', // invisible operators
		'\ufeff': // zero-width no-break space, byte-order mark
		return true
	}
	return r >= 0xe0000 && r <= 0xe007f // tag characters
}

// bidi reports whether r is a bidirectional control: the marks, the
// embeddings and overrides, and the isolates.
func bidi(r rune) bool {
	switch {
	case r == '\u061c', r == '\u200e', r == '\u200f':
		return true
	case r >= '\u202a' && r <= '\u202e':
		return true
	case r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// noncharacter reports whether r is one of the code points Unicode keeps
// out of interchange for good.
func noncharacter(r rune) bool {
	return (r >= 0xfdd0 && r <= 0xfdef) || r&0xfffe == 0xfffe
}

// collapseSpace trims white space from both ends of s and replaces each
// inner run of it with one space.
func collapseSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}
