package markup

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits that keep parsing linear and output sane whatever the input.
const (
	maxInput      = 1 << 20 // bytes; longer input is cut
	maxDepth      = 16      // open tags at once, counting quotes and lists
	maxQuoteDepth = 5
	maxListDepth  = 5
	maxArg        = 2048 // bytes in a tag argument or a raw URL
	maxImageSide  = 1200 // pixels; larger [img=WxH] hints are scaled down

	// unsizedWidth and unsizedHeight are the box an image without a size
	// hint is given, class burg-img-box: Burg does not fetch a picture a
	// commenter links to learn its size (it would fetch any address
	// anyone types, as they post), so it reserves a 4:3 box, the shape of
	// most photos, which the style sheet fits the picture in, whole and
	// never enlarged (object-fit: scale-down). The page then keeps its
	// layout as lazy pictures arrive; uploads, whose size Burg knows, go
	// in with [img=WxH] and get their own.
	unsizedWidth  = 400
	unsizedHeight = 300
)

type kind uint8

const (
	kRoot kind = iota
	kText

	// inline elements with markup inside
	kBold
	kItalic
	kUnder
	kStrike
	kSmall
	kBig
	kLink // [url=…]label[/url]

	// inline leaves, their content taken verbatim
	kRawLink // [url]…[/url]
	kSquish
	kImage

	// blocks
	kQuote
	kList
	kItem
	kHead
)

// inline reports whether k is an inline element with children. Such an
// element shows as text when its closing tag is missing, and may not hold
// blocks.
func (k kind) inline() bool { return k >= kBold && k <= kLink }

// container reports whether k holds paragraphs, text and blocks.
func (k kind) container() bool {
	return k == kRoot || k == kQuote || k == kItem
}

type node struct {
	kind     kind
	closed   bool   // saw its closing tag; inline elements and [h] show as text without it
	text     string // kText: the text; elements: the opening tag as typed
	href     string // links, squish, images: the checked URL
	label    string // kRawLink, kSquish: the label
	w, h     int    // kImage: size hint, 0 when none
	a, b     int    // kText: its span of the source, to grow it without copying
	children []*node
}

type tagInfo struct {
	kind kind
	post bool // only in post bodies
}

var tagNames = map[string]tagInfo{
	"b":      {kind: kBold},
	"i":      {kind: kItalic},
	"u":      {kind: kUnder},
	"s":      {kind: kStrike},
	"small":  {kind: kSmall},
	"big":    {kind: kBig},
	"url":    {kind: kLink},
	"squish": {kind: kSquish},
	"img":    {kind: kImage},
	"quote":  {kind: kQuote},
	"list":   {kind: kList},
	"h":      {kind: kHead, post: true},
}

const maxTagName = len("squish")

// tagTok is one tag as found in the source.
type tagTok struct {
	name    string // lower case; "*" for a list item
	closing bool
	arg     string
	hasArg  bool
	start   int
	end     int // just past ']'
}

// normalize drops control and direction-override characters, replaces
// invalid UTF-8 and turns every line ending into "\n".
func normalize(s string) string {
	if len(s) > maxInput {
		cut := maxInput
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch {
		case r == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				continue
			}
			b.WriteByte('\n')
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case dropRune(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// dropRune reports whether r is removed from input: control characters,
// the byte order mark and the bidirectional embedding, override and isolate
// controls, which can make text read backwards and leak into the page
// around it.
func dropRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0xfeff:
		return true
	}
	return false
}

type parser struct {
	src       string
	post      bool
	stack     []*node // stack[0] is the root
	lineStart bool
}

// parse builds the tree for normalised src. With post set it also knows
// the post-only tags.
func parse(src string, post bool) *node {
	root := &node{kind: kRoot, closed: true}
	p := &parser{src: src, post: post, stack: []*node{root}, lineStart: true}
	p.run()
	return root
}

func (p *parser) top() *node { return p.stack[len(p.stack)-1] }

func (p *parser) run() {
	s := p.src
	i := 0
	for i < len(s) {
		if p.lineStart {
			p.lineStart = false
			if j, ok := p.lineItem(i); ok {
				i = j
				continue
			}
		}
		j := indexEither(s[i:], '[', '\n')
		if j < 0 {
			p.text(i, len(s))
			break
		}
		j += i
		p.text(i, j)
		i = j
		if s[i] == '\n' {
			p.newline(i)
			i++
			p.lineStart = true
			continue
		}
		if t, ok := scanTag(s, i); ok {
			if end, ok := p.apply(t); ok {
				i = end
				continue
			}
		}
		p.text(i, i+1)
		i++
	}
	p.popTo(0)
}

// lineItem starts a list item for a line beginning with "* " or "- "
// (after spaces) inside a list, and returns where the item's text begins.
func (p *parser) lineItem(i int) (int, bool) {
	list := p.nearestList()
	if list < 0 {
		return 0, false
	}
	s := p.src
	j := i
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	if j+1 < len(s) && (s[j] == '*' || s[j] == '-') && (s[j+1] == ' ' || s[j+1] == '\t') {
		p.popTo(list + 1)
		p.push(&node{kind: kItem, text: s[j : j+2]})
		return j + 2, true
	}
	return 0, false
}

// nearestList returns the stack index of the list whose items the next
// item would join, or -1 when the nearest container is not a list.
func (p *parser) nearestList() int {
	for k := len(p.stack) - 1; k > 0; k-- {
		switch n := p.stack[k]; {
		case n.kind == kList:
			return k
		case n.kind == kItem:
			return k - 1
		case n.kind.container():
			return -1
		}
	}
	return -1
}

// scanTag reads the tag starting at s[i] == '['. It only recognises known
// names, so a stray '[' costs a few bytes of look-ahead; an argument ends
// at ']' and may not hold '[' or a line break, so no byte is scanned twice
// as an argument.
func scanTag(s string, i int) (tagTok, bool) {
	t := tagTok{start: i}
	j := i + 1
	if j < len(s) && s[j] == '/' {
		t.closing = true
		j++
	}
	if !t.closing && strings.HasPrefix(s[j:], "*]") {
		t.name, t.end = "*", j+2
		return t, true
	}
	k := j
	for k < len(s) && k-j <= maxTagName && isASCIILetter(s[k]) {
		k++
	}
	if k == j || k-j > maxTagName || k >= len(s) {
		return t, false
	}
	t.name = strings.ToLower(s[j:k])
	if _, ok := tagNames[t.name]; !ok {
		return t, false
	}
	switch s[k] {
	case ']':
		t.end = k + 1
		return t, true
	case '=':
		if t.closing {
			return t, false
		}
		a := k + 1
		e := a
		for e < len(s) && e-a <= maxArg && s[e] != ']' && s[e] != '[' && s[e] != '\n' {
			e++
		}
		if e >= len(s) || s[e] != ']' {
			return t, false
		}
		t.arg, t.hasArg, t.end = unquote(strings.TrimSpace(s[a:e])), true, e+1
		return t, true
	}
	return t, false
}

// indexEither returns the index of the first a or b in s, or -1.
func indexEither(s string, a, b byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == a || s[i] == b {
			return i
		}
	}
	return -1
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// text appends src[a:b] to the open element, growing the previous text
// node when it ends where this text begins.
func (p *parser) text(a, b int) {
	if a >= b {
		return
	}
	if p.top().kind == kList {
		if strings.TrimSpace(p.src[a:b]) == "" {
			return
		}
		p.push(&node{kind: kItem})
	}
	t := p.top()
	if n := len(t.children); n > 0 {
		if last := t.children[n-1]; last.kind == kText && last.b == a {
			last.b = b
			last.text = p.src[last.a:b]
			return
		}
	}
	t.children = append(t.children, &node{kind: kText, text: p.src[a:b], a: a, b: b})
}

// newline ends an unclosed sub-headline (which then shows as text) before
// adding the line break.
func (p *parser) newline(i int) {
	for k := len(p.stack) - 1; k > 0; k-- {
		if p.stack[k].kind == kHead {
			p.popTo(k)
			break
		}
	}
	p.text(i, i+1)
}

func (p *parser) push(n *node) {
	t := p.top()
	t.children = append(t.children, n)
	p.stack = append(p.stack, n)
}

// popTo closes every element from the top of the stack down to index k.
// Elements closed this way keep closed == false.
func (p *parser) popTo(k int) {
	if k < 1 {
		k = 1
	}
	if k < len(p.stack) {
		clear(p.stack[k:])
		p.stack = p.stack[:k]
	}
}

func (p *parser) count(k kind) int {
	c := 0
	for _, n := range p.stack {
		if n.kind == k {
			c++
		}
	}
	return c
}

// apply acts on tag t and returns where parsing goes on, or false when the
// tag is to be shown as text.
func (p *parser) apply(t tagTok) (int, bool) {
	if t.name == "*" {
		list := p.nearestList()
		if list < 0 {
			return 0, false
		}
		p.popTo(list + 1)
		p.push(&node{kind: kItem, text: p.src[t.start:t.end]})
		return t.end, true
	}
	info := tagNames[t.name]
	if info.post && !p.post {
		return 0, false
	}
	if t.closing {
		return t.end, p.close(info.kind)
	}
	if len(p.stack) >= maxDepth {
		return 0, false
	}
	raw := p.src[t.start:t.end]
	top := p.top()
	// A tag inside a list but outside any item starts an item.
	inList := top.kind == kList
	canBlock := top.kind.container() || inList
	switch info.kind {
	case kBold, kItalic, kUnder, kStrike, kSmall, kBig:
		if t.hasArg {
			return 0, false
		}
		p.ensureItem()
		p.push(&node{kind: info.kind, text: raw})
		return t.end, true
	case kLink:
		if p.count(kLink) > 0 {
			return 0, false
		}
		if !t.hasArg {
			return p.leaf(t, kRawLink)
		}
		href, ok := checkURL(t.arg, allowMailto)
		if !ok {
			return 0, false
		}
		p.ensureItem()
		p.push(&node{kind: kLink, text: raw, href: href})
		return t.end, true
	case kSquish:
		if t.hasArg || p.count(kLink) > 0 {
			return 0, false
		}
		return p.leaf(t, kSquish)
	case kImage:
		return p.leaf(t, kImage)
	case kQuote:
		if t.hasArg || !canBlock || p.count(kQuote) >= maxQuoteDepth {
			return 0, false
		}
		p.ensureItem()
		p.push(&node{kind: kQuote, text: raw})
		return t.end, true
	case kList:
		if t.hasArg || !canBlock || p.count(kList) >= maxListDepth {
			return 0, false
		}
		p.ensureItem()
		p.push(&node{kind: kList, text: raw})
		return t.end, true
	case kHead:
		if t.hasArg || (top.kind != kRoot && top.kind != kQuote) {
			return 0, false
		}
		p.push(&node{kind: kHead, text: raw})
		return t.end, true
	}
	return 0, false
}

// ensureItem opens a list item when the open element is a list itself.
func (p *parser) ensureItem() {
	if p.top().kind == kList {
		p.push(&node{kind: kItem})
	}
}

// close handles a closing tag: it closes the nearest open element of kind
// k and everything opened inside it, or reports false when none is open.
func (p *parser) close(k kind) bool {
	for i := len(p.stack) - 1; i > 0; i-- {
		if n := p.stack[i]; n.kind == k {
			n.closed = true
			p.popTo(i)
			return true
		}
	}
	return false
}

// leaf handles the tags whose content is a URL taken verbatim: [url]…[/url],
// [squish]…[/squish] and [img]…[/img]. The URL may not hold spaces or '[',
// which keeps the look-ahead linear.
func (p *parser) leaf(t tagTok, k kind) (int, bool) {
	s := p.src
	i := t.end
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	a := i
	for i < len(s) && i-a <= maxArg && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '[' {
		i++
	}
	raw := s[a:i]
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	closer := "[/" + t.name + "]"
	if len(s)-i < len(closer) || !strings.EqualFold(s[i:i+len(closer)], closer) {
		return 0, false
	}
	end := i + len(closer)
	n := &node{kind: k, text: s[t.start:end]}
	switch k {
	case kRawLink:
		href, ok := checkURL(raw, allowMailto)
		if !ok {
			return 0, false
		}
		n.href, n.label = href, shorten(raw, maxLabel)
	case kSquish:
		href, ok := checkURL(raw, 0)
		if !ok {
			return 0, false
		}
		n.href, n.label = href, Squish(href)
	case kImage:
		href, ok := checkURL(raw, imageURL)
		if !ok {
			return 0, false
		}
		n.href = href
		if t.hasArg {
			w, h, ok := parseSize(t.arg)
			if !ok {
				return 0, false
			}
			n.w, n.h = w, h
		}
	}
	p.ensureItem()
	t2 := p.top()
	t2.children = append(t2.children, n)
	return end, true
}

// parseSize reads an image size hint "WxH", scaled down to fit
// maxImageSide on both sides.
func parseSize(s string) (w, h int, ok bool) {
	ws, hs, found := strings.Cut(strings.ToLower(s), "x")
	if !found {
		return 0, 0, false
	}
	w, err1 := strconv.Atoi(strings.TrimSpace(ws))
	h, err2 := strconv.Atoi(strings.TrimSpace(hs))
	if err1 != nil || err2 != nil || w < 1 || h < 1 || w > 100000 || h > 100000 {
		return 0, 0, false
	}
	if w > maxImageSide {
		h = max(1, h*maxImageSide/w)
		w = maxImageSide
	}
	if h > maxImageSide {
		w = max(1, w*maxImageSide/h)
		h = maxImageSide
	}
	return w, h, true
}
