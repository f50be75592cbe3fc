package nick

import (
	"errors"
	"strings"
	"testing"

	"github.com/burg-news/burg"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
		err            error
	}{
		{"OK", "badanov", "badanov", nil},
		{"OKGenerated", "Glolurong Jones1696", "Glolurong Jones1696", nil},
		{"Trimmed", "  badanov\t", "badanov", nil},
		{"InnerSpaceCollapsed", "Old \t\n  Timer", "Old Timer", nil},
		{"UnicodeSpacesCollapsed", "Old\u00a0\u3000Timer", "Old Timer", nil},
		{"ZeroWidthSpaceRemoved", "bad\u200banov", "badanov", nil},
		{"ByteOrderMarkRemoved", "\ufeffbadanov", "badanov", nil},
		{"SoftHyphenRemoved", "bada\u00adnov", "badanov", nil},
		{"TagsRemoved", "bob\U000E0062\U000E006F\U000E0062", "bob", nil},
		{"NFC", "Be\u0301la", "Béla", nil},
		{"NFCAcrossRemovedInvisible", "Be\u200b\u0301la", "Béla", nil},
		{"Accents", "Žofie Dvořáková", "Žofie Dvořáková", nil},
		{"Cyrillic", "Иван Петров", "Иван Петров", nil},
		{"Hangul", "김민준", "김민준", nil},
		{"EmojiWithJoiners", "👩\u200d🔬 Fan", "👩\u200d🔬 Fan", nil},
		{"EmojiPresentation", "\u2764\ufe0f", "\u2764\ufe0f", nil},
		{"Persian", "نیم\u200cرخ", "نیم\u200cرخ", nil},
		{"Punctuation", "¯\\_(ツ)_/¯", "¯\\_(ツ)_/¯", nil},
		{"Exactly40", strings.Repeat("x", 40), strings.Repeat("x", 40), nil},
		{"Accents40", strings.Repeat("e\u0302\u0301", 40), strings.Repeat("\u1ebf", 40), nil},
		{"FourMarks", "a\u0300\u0301\u0302\u0303", "\u00e0\u0301\u0302\u0303", nil},

		{"ErrEmpty", "", "", ErrEmpty},
		{"ErrEmptySpaces", " \t\n ", "", ErrEmpty},
		{"ErrEmptyStray", "\u200b\ufeff", "", ErrEmpty},
		{"ErrTooLong", strings.Repeat("x", 41), "", ErrTooLong},
		{"ErrTooLongSpaces", strings.Repeat("x ", 20) + "x", "", ErrTooLong},
		{"ErrTooLongHuge", strings.Repeat("x", 10000), "", ErrTooLong},
		{"ErrUnreadable", "bad\xffanov", "", ErrUnreadable},
		{"ErrUnreadableNoncharacter", "bad\uffffanov", "", ErrUnreadable},
		{"ErrControlNUL", "bad\x00anov", "", ErrControl},
		{"ErrControlEscape", "bad\x1b[31manov", "", ErrControl},
		{"ErrControlDEL", "bad\x7fanov", "", ErrControl},
		{"ErrDirectionOverride", "\u202egnp.exe", "", ErrDirection},
		{"ErrDirectionIsolate", "bad\u2067anov", "", ErrDirection},
		{"ErrDirectionMark", "badanov\u200f", "", ErrDirection},
		{"ErrFormat", "bad\ufff9anov", "", ErrFormat},
		{"ErrInvisibleJoiners", "\u200d\u200c", "", ErrInvisible},
		{"ErrInvisibleMarks", "\u0301\u0302", "", ErrInvisible},
		{"ErrInvisibleFillers", "\u3164 \u3164", "", ErrInvisible},
		{"ErrInvisibleBraille", "\u2800", "", ErrInvisible},
		{"ErrMarks", "x\u0300\u0301\u0302\u0303\u0304", "", ErrMarks},
		{"ErrMarksZalgo", "b" + strings.Repeat("\u0336", 30), "", ErrMarks},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Clean(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) {
				t.Errorf("Clean(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestCleanErrorsAreUserSafe(t *testing.T) {
	for _, in := range []string{"", "\x00", "\u202e", "\ufff9", "\u200d", "x\u0300\u0301\u0302\u0303\u0304", strings.Repeat("x", 41), "\xff"} {
		_, err := Clean(in)
		if code := burg.ErrorCode(err); code != burg.EINVALID {
			t.Errorf("Clean(%q): code %q, want %q", in, code, burg.EINVALID)
		}
		if msg := burg.ErrorMessage(err); !strings.HasSuffix(msg, ".") || strings.Contains(msg, "\\u") {
			t.Errorf("Clean(%q): message %q is not a plain sentence", in, msg)
		}
	}
}
