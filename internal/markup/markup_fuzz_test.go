package markup

import (
	"strings"
	"testing"
)

// fuzzWords are the pieces FuzzRender builds its second input from, so the
// fuzzer spends its time on combinations of real tags rather than on
// finding them one byte at a time.
var fuzzWords = []string{
	"[b]", "[/b]", "[i]", "[/i]", "[u]", "[/u]", "[s]", "[/s]",
	"[small]", "[/small]", "[big]", "[/big]", "[quote]", "[/quote]",
	"[list]", "[/list]", "[*]", "\n* ", "\n- ", "[/*]",
	"[url=https://a.example/x]", "[url=javascript:alert(1)]", "[url=/p/1]", "[url=mailto:a@b.example]", "[url]", "[/url]",
	"https://b.example/y_(z).", "http://", "mailto:a@b.example", "javascript:alert(1)", "//evil.example/",
	"[squish]", "[/squish]", "[img]", "[img=10x20]", "[img=9999x1]", "[/img]", "/uploads/a.jpg",
	"[h]", "[/h]", "[remark=Fred]", "[remark=evil]", "[/remark]",
	"\n", "\n\n", " ", "\t", "word", "Москва", "<script>", "</p>", "&amp;", "&#58;", `"`, "'", "[", "]", "=", "/",
	"\u202e", "\x00", "\r", "\xff", "(", ")", ".", ",",
}

// FuzzRender checks, for any input, that Render and RenderPost write only
// allow-listed, balanced HTML with safe URLs that the sanitiser leaves as it
// is, and that Text and Excerpt do not panic. It checks src as it is, and
// the text made by joining fuzzWords picked by the bytes of words.
func FuzzRender(f *testing.F) {
	for _, s := range nastyInputs(f) {
		f.Add(s, []byte(nil))
	}
	for _, tc := range renderCases {
		f.Add(tc.in, []byte(nil))
	}
	f.Add("", []byte{0, 2, 46, 47, 3, 1, 12, 46, 13, 20, 48, 25, 38, 39})
	f.Fuzz(func(t *testing.T, src string, words []byte) {
		checkAll(t, src)
		if len(words) > 0 {
			checkAll(t, fuzzText(words))
		}
	})
}

func fuzzText(words []byte) string {
	var b strings.Builder
	for _, w := range words {
		b.WriteString(fuzzWords[int(w)%len(fuzzWords)])
	}
	return b.String()
}
