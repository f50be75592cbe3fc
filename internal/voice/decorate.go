package voice

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	burg "github.com/burg-news/burg"
	nethtml "golang.org/x/net/html"
)

// Used says what Decorate applied to a post: the entries given a box and
// the swaps made, by ID, each once, in ascending order. Boxes and swaps
// already in the HTML count too, so that decorating decorated HTML reports
// the same. When an entry or swap changes, the posts whose Used holds it
// are the ones to render again (and Mentions finds those a new term
// would reach).
type Used struct {
	Names []int64
	Swaps []int64
}

// Keys returns u as Keys, names first.
func (u Used) Keys() []Key {
	out := make([]Key, 0, len(u.Names)+len(u.Swaps))
	for _, id := range u.Names {
		out = append(out, Key{KindName, id})
	}
	for _, id := range u.Swaps {
		out = append(out, Key{KindSwap, id})
	}
	return out
}

// skipped are the elements whose text is never decorated: links and
// other interactive content (a box holds a button and a link, which may
// not nest in them), quotations, code, raw text, and foreign content.
var skipped = map[string]bool{
	"a": true, "blockquote": true, "q": true, "code": true, "pre": true, "kbd": true, "samp": true,
	"button": true, "label": true, "select": true, "option": true, "optgroup": true, "textarea": true,
	"summary": true, "details": true, "audio": true, "video": true, "object": true, "canvas": true,
	"map": true, "iframe": true, "svg": true, "math": true, "template": true, "head": true,
	"script": true, "style": true, "title": true, "noscript": true, "noembed": true, "noframes": true,
	"xmp": true, "plaintext": true,
}

// inline are the elements that do not end a word: "Qas<b>imiya</b>" is
// one word, and so never "Qasimiya" nor "imiya".
var inline = map[string]bool{
	"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "big": true, "cite": true, "code": true,
	"data": true, "del": true, "dfn": true, "em": true, "font": true, "i": true, "ins": true, "kbd": true,
	"mark": true, "q": true, "s": true, "samp": true, "small": true, "span": true, "strike": true,
	"strong": true, "sub": true, "sup": true, "time": true, "tt": true, "u": true, "var": true, "wbr": true,
}

// voidElements have no end tag.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "keygen": true, "link": true, "meta": true, "param": true, "source": true,
	"track": true, "wbr": true,
}

// htok is one token of the HTML being decorated.
type htok struct {
	text string // the text of a text token, unescaped
	raw  string // the token as it stood in the input
	// Text tokens: whether to leave the text alone, and whether the first
	// and last words run on into the text before and after.
	skip, noFirst, noLast bool
	isText                bool
	// breaks: a tag that ends a block of text.
	breaks bool
	// decs are the decorations of a text token, in decs[first:last].
	first, last int
}

// decoration is one swap or box to make in a text token.
type decoration struct {
	start, end int // bytes of the text
	item       item
}

// tailLen is how much of a block's text before a mention is kept to
// place its epithet: enough to see "the " or a full stop.
const tailLen = 24

// Decorate returns src — safe HTML as internal/markup renders a post
// body — with the house voice applied: swaps made and the first mention
// of each entry given its epithet and box. seed picks the swaps'
// variants and prefixes the boxes' ids; pass the post's ID, so that a post
// always reads the same and the ids of posts on one page differ.
// Decorating decorated HTML changes nothing. See the package
// documentation for what is emitted.
func (d *Dictionary) Decorate(src string, seed int64) (string, Used) {
	toks, boxed, swapped := d.tokens(src)
	// First find every decoration, so that the output is sized once.
	s := &scanner{d: d}
	var decs []decoration
	size := len(src)
	for i := range toks {
		t := &toks[i]
		t.first, t.last = len(decs), len(decs)
		if !t.isText || t.skip || len(d.terms) == 0 {
			continue
		}
		s.found = s.found[:0]
		s.find(t.text, t.noFirst, t.noLast)
		s.pick()
		for _, m := range s.found {
			it := d.terms[m.term].items[0]
			if it.kind == KindName {
				tag := d.names[it.index]
				if boxed[it.index] || !boxes(tag) {
					continue // only the first mention gets a box
				}
				boxed[it.index] = true
				size += 400 + 2*len(tag.Name) + len(tag.Slug) + len(tag.Epithet) + len(tag.Description) + len(tag.Image)
			} else {
				swapped[it.index] = true
				size += 80
			}
			decs = append(decs, decoration{s.words[m.first].start, s.words[m.last].end, it})
		}
		t.last = len(decs)
	}
	var b strings.Builder
	b.Grow(size)
	occurs := make(map[int32]int)
	made := 0
	var tail []byte // the end of the block's text before the token
	for i := range toks {
		t := &toks[i]
		if t.breaks {
			tail = tail[:0]
		}
		if t.first == t.last {
			b.WriteString(t.raw)
			if t.isText {
				tail = appendTail(tail, t.text)
			}
			continue
		}
		pos := 0
		for _, dc := range decs[t.first:t.last] {
			writeEscaped(&b, t.text[pos:dc.start])
			mention := t.text[dc.start:dc.end]
			if dc.item.kind == KindSwap {
				sw := d.swaps[dc.item.index]
				occurs[dc.item.index]++
				v := sw.Variants[variant(seed, sw.ID, occurs[dc.item.index], len(sw.Variants))]
				writeSwap(&b, mention, v)
			} else {
				made++
				before := string(tail) + t.text[max(0, dc.start-tailLen):dc.start]
				writeName(&b, d.names[dc.item.index], mention, before, seed, made)
			}
			pos = dc.end
		}
		writeEscaped(&b, t.text[pos:])
		tail = appendTail(tail, t.text)
	}
	var u Used
	for i := range boxed {
		u.Names = append(u.Names, d.names[i].ID)
	}
	for i := range swapped {
		u.Swaps = append(u.Swaps, d.swaps[i].ID)
	}
	slices.Sort(u.Names)
	u.Names = slices.Compact(u.Names)
	slices.Sort(u.Swaps)
	u.Swaps = slices.Compact(u.Swaps)
	return b.String(), u
}

// appendTail appends s to tail and keeps the last tailLen bytes.
func appendTail(tail []byte, s string) []byte {
	if len(s) >= tailLen {
		return append(tail[:0], s[len(s)-tailLen:]...)
	}
	tail = append(tail, s...)
	if n := len(tail); n > tailLen {
		tail = tail[:copy(tail, tail[n-tailLen:])]
	}
	return tail
}

// writeEscaped writes s escaped for HTML text or a quoted attribute.
func writeEscaped(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// tokens splits src into tokens and marks the text to leave alone and the
// words that run on across tags. It also returns which entries have a
// box in src already and which swaps were made in it.
func (d *Dictionary) tokens(src string) (toks []htok, boxed, swapped map[int32]bool) {
	boxed, swapped = make(map[int32]bool), make(map[int32]bool)
	toks = make([]htok, 0, len(src)/32+4)
	z := nethtml.NewTokenizer(strings.NewReader(src))
	off := 0
	// open holds the skipped elements, and the spans and asides, which
	// are skipped or not by their class. An end tag closes only the
	// element on top: when the HTML nests badly, text is skipped longer
	// rather than decorated inside a link or quotation a browser still
	// sees open.
	type element struct {
		tag  string
		skip bool
	}
	var open []element
	skipping := 0
	lastText := -1 // the text token words may run on from
	runOn := false // only inline tags since lastText
	for {
		tt := z.Next()
		raw := z.Raw()
		if tt == nethtml.ErrorToken {
			// The end, or a tag cut off by it, which a browser drops too.
			break
		}
		t := htok{raw: src[off : off+len(raw)]}
		off += len(raw)
		switch tt {
		case nethtml.TextToken:
			t.isText = true
			t.text = t.raw
			if strings.ContainsAny(t.raw, "&\r\x00") {
				t.text = string(z.Text())
			}
			t.skip = skipping > 0
			if lastText >= 0 && runOn && endsInWord(toks[lastText].text) && startsWithWord(t.text) {
				toks[lastText].noLast = true
				t.noFirst = true
			}
			if t.text != "" {
				lastText, runOn = len(toks), true
			}
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken, nethtml.EndTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			if !inline[tag] {
				lastText, runOn = -1, false
				t.breaks = true
			}
			if tt == nethtml.EndTagToken {
				if n := len(open); n > 0 && open[n-1].tag == tag {
					if open[n-1].skip {
						skipping--
					}
					open = open[:n-1]
				}
				break
			}
			if voidElements[tag] {
				break
			}
			// A self-closing tag of another element opens it all the same
			// in HTML.
			e := element{tag: tag, skip: skipped[tag]}
			switch tag {
			case "span":
				cls, extra := spanAttrs(z, hasAttr)
				e.skip = hasClass(cls, "burg-name") || hasClass(cls, "burg-swap")
				d.known(cls, extra, boxed, swapped)
			case "aside":
				cls, _ := spanAttrs(z, hasAttr)
				e.skip = hasClass(cls, "burg-remark")
			}
			if e.skip || tag == "span" || tag == "aside" {
				open = append(open, e)
				if e.skip {
					skipping++
				}
			}
		default:
			// Comments and doctypes are invisible: words run on across them.
			if tt == nethtml.DoctypeToken {
				lastText, runOn = -1, false
				t.breaks = true
			}
		}
		toks = append(toks, t)
	}
	return toks, boxed, swapped
}

// known records a box or swap that src holds already: a box by its
// entry's slug, a swap by the term in its title.
func (d *Dictionary) known(cls, extra string, boxed, swapped map[int32]bool) {
	switch {
	case hasClass(cls, "burg-name"):
		if i, ok := d.bySlug[extra]; ok {
			boxed[i] = true
		}
	case hasClass(cls, "burg-swap"):
		if t, ok := d.byFolded[foldedTerm(extra)]; ok {
			for _, it := range d.terms[t].items {
				if it.kind == KindSwap {
					swapped[it.index] = true
					break
				}
			}
		}
	}
}

// spanAttrs reads the class of a span and its data-name or title.
func spanAttrs(z *nethtml.Tokenizer, more bool) (cls, extra string) {
	for more {
		var k, v []byte
		k, v, more = z.TagAttr()
		switch string(k) {
		case "class":
			cls = string(v)
		case "data-name", "title":
			extra = string(v)
		}
	}
	return cls, extra
}

// hasClass reports whether the class attribute cls holds c.
func hasClass(cls, c string) bool {
	for _, f := range strings.Fields(cls) {
		if f == c {
			return true
		}
	}
	return false
}

func endsInWord(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return s != "" && isWordRune(r)
}

func startsWithWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return s != "" && isWordRune(r)
}

// variant picks one of n variants for the k-th use of the swap id in the
// post seed, the same every time.
func variant(seed, id int64, k, n int) int {
	x := uint64(seed)*0x9e3779b97f4a7c15 ^ uint64(id)*0xbf58476d1ce4e5b9 ^ uint64(k)*0x94d049bb133111eb
	x ^= x >> 31
	x *= 0xd6e8feb86659fd93
	x ^= x >> 32
	return int(x % uint64(n))
}

// writeSwap writes the swap of mention for v.
func writeSwap(b *strings.Builder, mention, v string) {
	b.WriteString(`<span class="burg-swap" title="`)
	writeEscaped(b, mention)
	b.WriteString(`">`)
	writeEscaped(b, matchCase(mention, v))
	b.WriteString(`</span>`)
}

// matchCase gives v the case of mention: all capitals for all capitals,
// a capital first letter for a capital first letter, else v as written.
func matchCase(mention, v string) string {
	letters, upper := 0, 0
	firstUpper := false
	for _, r := range mention {
		if unicode.IsLetter(r) {
			if letters == 0 {
				firstUpper = unicode.IsUpper(r)
			}
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	switch {
	case letters > 1 && upper == letters:
		return strings.ToUpper(v)
	case firstUpper:
		return upperFirst(v)
	}
	return v
}

// upperFirst makes the first letter of s a capital.
func upperFirst(s string) string {
	for i, r := range s {
		if unicode.IsLetter(r) {
			return s[:i] + string(unicode.ToUpper(r)) + s[i+utf8.RuneLen(r):]
		}
	}
	return s
}

// boxes reports whether mentions of the entry tag get a box: those of
// groups, people and places do; a topic is a subject, not a name.
func boxes(tag *burg.Tag) bool {
	switch tag.Kind {
	case burg.TagGroup, burg.TagPerson, burg.TagPlace:
		return true
	}
	return false
}

// writeName writes the mention of the entry tag with its epithet and box;
// before is the text of its block before it; the box is the n-th of the
// post seed.
func writeName(b *strings.Builder, tag *burg.Tag, mention, before string, seed int64, n int) {
	var idBuf [48]byte
	id := strconv.AppendInt(append(idBuf[:0], "burg-name-"...), seed, 10)
	id = strconv.AppendInt(append(id, '-'), int64(n), 10)
	b.WriteString(`<span class="burg-name burg-name-`)
	b.WriteString(tag.Kind) // one of three words: see boxes
	b.WriteString(`" data-name="`)
	writeEscaped(b, tag.Slug)
	b.WriteString(`"><button type="button" class="burg-name-term" aria-expanded="false" aria-controls="`)
	b.Write(id)
	b.WriteString(`">`)
	lead, epithet, rest := placeEpithet(tag.Epithet, mention, before)
	if epithet != "" {
		writeEscaped(b, lead)
		b.WriteString(`<span class="burg-name-epithet">`)
		writeEscaped(b, epithet)
		b.WriteString(`</span> `)
	}
	writeEscaped(b, rest)
	b.WriteString(`</button><span class="burg-name-box" role="note" id="`)
	b.Write(id)
	b.WriteString(`" hidden>`)
	if tag.Image != "" {
		b.WriteString(`<img class="burg-name-image" src="/uploads/`)
		writeEscaped(b, url.PathEscape(tag.Image))
		// The photo's size is not kept with the entry: the box is square
		// and the style sheet fills it, so that the name box does not
		// grow as the photo arrives.
		b.WriteString(`" alt="" loading="lazy" width="72" height="72">`)
	}
	b.WriteString(`<span class="burg-name-title">`)
	writeEscaped(b, tag.Name)
	b.WriteString(`</span>`)
	if tag.Description != "" {
		b.WriteString(` <span class="burg-name-desc">`)
		writeEscaped(b, tag.Description)
		b.WriteString(`</span>`)
	}
	b.WriteString(` <a class="burg-name-link" href="/tags/`)
	writeEscaped(b, url.PathEscape(tag.Slug))
	b.WriteString(`">More on `)
	writeEscaped(b, tag.Name)
	b.WriteString(`</a></span></span>`)
}

// placeEpithet splits the mention around its epithet: lead goes before
// the epithet, rest after it. A mention hyphenated to the word before it
// gets no epithet. An epithet "the …" loses its "the" when the
// text says "the" already, before the mention or as its first word ("the
// Ledger" becomes "the breathless Ledger"); it gets a capital at the
// start of a sentence.
func placeEpithet(epithet, mention, before string) (lead, ep, rest string) {
	ep, rest = epithet, mention
	if r, _ := utf8.DecodeLastRuneInString(before); ep == "" || r == '-' || r == '\u2010' || r == '\u2011' {
		// No epithet inside a compound: "pro-Qasimiya" stays as it is.
		return "", "", mention
	}
	if hasPrefixFold(ep, "the ") {
		switch {
		case afterThe(before):
			ep = ep[len("the "):]
		case hasPrefixFold(mention, "the "):
			lead, rest, ep = mention[:len("the ")], mention[len("the "):], ep[len("the "):]
		}
	}
	if lead == "" && sentenceStart(before) {
		ep = upperFirst(ep)
	}
	return lead, ep, rest
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// afterThe reports whether before ends with the word "the" and a space.
func afterThe(before string) bool {
	t := strings.TrimRightFunc(before, unicode.IsSpace)
	if len(t) == len(before) || len(t) < 3 || !strings.EqualFold(t[len(t)-3:], "the") {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(t[:len(t)-3])
	return len(t) == 3 || !isWordRune(r)
}

// sentenceStart reports whether a mention after before starts a sentence:
// nothing but opening quotes since the start of the block or since a
// full stop, question or exclamation mark.
func sentenceStart(before string) bool {
	t := strings.TrimRightFunc(before, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("\"'“‘«„", r)
	})
	if t == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune(".!?…", r)
}
