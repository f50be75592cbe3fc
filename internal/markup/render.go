package markup

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// flow modes: how a container lays out text.
const (
	modePara = iota // paragraphs at blank lines, <br> at line breaks
	modeBare        // no paragraphs: <br> at line breaks, two at blank lines
	modeLine        // one line: line breaks become spaces
)

// renderer writes a tree as HTML, or with text set as plain text.
type renderer struct {
	b    buffer
	text bool
	opt  PostOptions
}

// buffer is a byte buffer that can also be cut back, for blocks that turn
// out to be empty.
type buffer struct{ buf []byte }

func (b *buffer) Write(p []byte) (int, error) {
	b.buf = append(b.buf, p...)
	return len(p), nil
}

func (b *buffer) WriteString(s string) (int, error) {
	b.buf = append(b.buf, s...)
	return len(s), nil
}

func (b *buffer) WriteByte(c byte) error {
	b.buf = append(b.buf, c)
	return nil
}

func (b *buffer) Len() int       { return len(b.buf) }
func (b *buffer) String() string { return string(b.buf) }
func (b *buffer) Grow(n int)     { b.buf = make([]byte, 0, n) }
func (b *buffer) Truncate(n int) { b.buf = b.buf[:n] }
func (b *buffer) bytes() []byte  { return b.buf }

// flow is the layout state of one container while its children render.
// Inline elements open their tag lazily, when the first content inside them
// is written; at a paragraph break they are closed and opened again in the
// next paragraph, so the output is always balanced.
type flow struct {
	mode    int
	open    bool // a paragraph or line has content
	pending int  // line breaks seen since the last content
	inl     []*node
	emitted int // how many of inl have had their start tag written
	links   int // links among inl
}

var escaper = strings.NewReplacer(
	`&`, "&amp;",
	`'`, "&#39;",
	`<`, "&lt;",
	`>`, "&gt;",
	`"`, "&#34;",
)

// esc writes s as text.
func (r *renderer) esc(s string) {
	if r.text {
		r.b.WriteString(s)
		return
	}
	escaper.WriteString(&r.b, s)
}

// tag writes raw HTML; plain text output leaves it out.
func (r *renderer) tag(s string) {
	if !r.text {
		r.b.WriteString(s)
	}
}

// sep ends plain text output with at least n line breaks, unless it is
// empty.
func (r *renderer) sep(n int) {
	if !r.text {
		return
	}
	s := r.b.bytes()
	if len(s) == 0 {
		return
	}
	have := 0
	for have < len(s) && s[len(s)-1-have] == '\n' {
		have++
	}
	for ; have < n; have++ {
		r.b.WriteByte('\n')
	}
}

func (r *renderer) container(children []*node, mode int) {
	f := &flow{mode: mode}
	for _, c := range children {
		r.node(f, c)
	}
	r.endFlow(f)
}

// content readies f for content: it opens a paragraph, writes pending line
// breaks, and writes the start tags of inline elements not yet written.
func (r *renderer) content(f *flow) {
	switch f.mode {
	case modePara:
		switch {
		case !f.open:
			r.sep(2)
			r.tag("<p>")
			f.open = true
		case f.pending == 1:
			r.br()
		case f.pending > 1:
			r.closeInline(f)
			r.tag("</p>")
			r.sep(2)
			r.tag("<p>")
		}
	case modeBare:
		if f.open {
			for range min(f.pending, 2) {
				r.br()
			}
		}
		f.open = true
	case modeLine:
		if f.open && f.pending > 0 {
			r.b.WriteByte(' ')
		}
		f.open = true
	}
	f.pending = 0
	for _, n := range f.inl[f.emitted:] {
		r.startInline(n)
	}
	f.emitted = len(f.inl)
}

func (r *renderer) br() {
	if r.text {
		r.b.WriteByte('\n')
		return
	}
	r.b.WriteString("<br>")
}

// closeInline writes the end tags of the inline elements written so far.
func (r *renderer) closeInline(f *flow) {
	for i := f.emitted - 1; i >= 0; i-- {
		r.endInline(f.inl[i])
	}
	f.emitted = 0
}

// endFlow closes what is open in f, before a block or at the end.
func (r *renderer) endFlow(f *flow) {
	r.closeInline(f)
	if f.mode == modePara && f.open {
		r.tag("</p>")
	}
	f.open = false
	f.pending = 0
}

func (r *renderer) startInline(n *node) {
	switch n.kind {
	case kBold:
		r.tag("<strong>")
	case kItalic:
		r.tag("<em>")
	case kUnder:
		r.tag("<u>")
	case kStrike:
		r.tag("<s>")
	case kSmall:
		r.tag("<small>")
	case kBig:
		r.tag(`<span class="burg-big">`)
	case kLink:
		r.startLink(n.href, "")
	}
}

func (r *renderer) endInline(n *node) {
	switch n.kind {
	case kBold:
		r.tag("</strong>")
	case kItalic:
		r.tag("</em>")
	case kUnder:
		r.tag("</u>")
	case kStrike:
		r.tag("</s>")
	case kSmall:
		r.tag("</small>")
	case kBig:
		r.tag("</span>")
	case kLink:
		r.tag("</a>")
	}
}

func (r *renderer) startLink(href, title string) {
	if r.text {
		return
	}
	r.b.WriteString(`<a href="`)
	escaper.WriteString(&r.b, href)
	r.b.WriteString(`" rel="nofollow ugc noopener"`)
	if title != "" {
		r.b.WriteString(` title="`)
		escaper.WriteString(&r.b, title)
		r.b.WriteString(`"`)
	}
	r.b.WriteString(`>`)
}

func (r *renderer) node(f *flow, n *node) {
	switch n.kind {
	case kText:
		r.textNode(f, n.text)
	case kBold, kItalic, kUnder, kStrike, kSmall, kBig, kLink:
		if !n.closed {
			r.transparent(f, n)
			return
		}
		if n.kind == kLink && len(n.children) == 0 {
			r.content(f)
			r.startLink(n.href, "")
			r.esc(shorten(n.href, maxLabel))
			r.tag("</a>")
			return
		}
		f.inl = append(f.inl, n)
		if n.kind == kLink {
			f.links++
		}
		for _, c := range n.children {
			r.node(f, c)
		}
		f.inl = f.inl[:len(f.inl)-1]
		if n.kind == kLink {
			f.links--
		}
		if f.emitted > len(f.inl) {
			r.endInline(n)
			f.emitted--
		}
	case kRawLink:
		r.content(f)
		r.startLink(n.href, "")
		r.esc(n.label)
		r.tag("</a>")
	case kSquish:
		r.content(f)
		r.startLink(n.href, n.href)
		r.esc(n.label)
		r.tag("</a>")
	case kImage:
		if r.text {
			return
		}
		r.content(f)
		r.b.WriteString(`<img src="`)
		escaper.WriteString(&r.b, n.href)
		r.b.WriteString(`" alt="" loading="lazy" decoding="async" class="burg-img`)
		if n.w > 0 {
			fmt.Fprintf(&r.b, `" width="%d" height="%d">`, n.w, n.h)
			return
		}
		// A picture of unknown size gets a box of its own size, which
		// the style sheet fits it in (see unsizedWidth).
		fmt.Fprintf(&r.b, ` burg-img-box" width="%d" height="%d">`, unsizedWidth, unsizedHeight)
	case kHead:
		if !n.closed {
			r.transparent(f, n)
			return
		}
		r.endFlow(f)
		r.sep(2)
		mark := r.b.Len()
		r.tag(`<h3 class="burg-subhead">`)
		before := r.b.Len()
		r.container(n.children, modeLine)
		if r.b.Len() == before {
			r.truncate(mark)
			return
		}
		r.tag("</h3>")
	case kQuote:
		r.endFlow(f)
		mark := r.b.Len()
		r.tag("<blockquote>")
		before := r.b.Len()
		r.container(n.children, modePara)
		if r.b.Len() == before {
			r.truncate(mark)
			return
		}
		r.tag("</blockquote>")
	case kList:
		r.list(f, n)
	}
}

// truncate drops output written after mark, for blocks that turned out
// empty.
func (r *renderer) truncate(mark int) { r.b.Truncate(mark) }

// transparent renders an element whose closing tag is missing: its opening
// tag as text, then its content as if the tag were not there.
func (r *renderer) transparent(f *flow, n *node) {
	r.content(f)
	r.esc(n.text)
	for _, c := range n.children {
		r.node(f, c)
	}
}

func (r *renderer) list(f *flow, n *node) {
	if len(n.children) == 0 {
		return
	}
	r.endFlow(f)
	r.sep(2)
	r.tag("<ul>")
	for i, item := range n.children {
		if r.text && i > 0 {
			r.sep(1)
		}
		r.tag("<li>")
		if r.text {
			r.b.WriteString("• ")
		}
		r.container(item.children, modeBare)
		r.tag("</li>")
	}
	r.tag("</ul>")
}

// textNode writes text, turning line breaks into paragraph and line breaks
// and bare addresses into links. White space that touches a line break is
// dropped, and white space alone never starts a paragraph.
func (r *renderer) textNode(f *flow, s string) {
	first := true
	for len(s) > 0 || first {
		line, rest, more := strings.Cut(s, "\n")
		if !first {
			f.pending++
		}
		touches := more || !first
		first = false
		s = rest
		if line != "" {
			if strings.Trim(line, " \t") == "" {
				if !touches && f.open && f.pending == 0 {
					r.esc(line)
				}
			} else {
				if !f.open || f.pending > 0 {
					line = strings.TrimLeft(line, " \t")
				}
				r.content(f)
				r.line(f, line)
			}
		}
		if !more {
			break
		}
		if s == "" {
			f.pending++
			break
		}
	}
}

// line writes one line of text, linking bare addresses unless inside a
// link already.
func (r *renderer) line(f *flow, s string) {
	if f.links > 0 {
		r.esc(s)
		return
	}
	for {
		i, j := findURL(s)
		if i < 0 {
			r.esc(s)
			return
		}
		href, ok := checkURL(s[i:j], 0)
		if !ok {
			// Not an address after all: show it as text and look on after
			// it, so that no byte is looked at twice.
			if j <= i {
				_, w := utf8.DecodeRuneInString(s[i:])
				j = i + w
			}
			r.esc(s[:j])
			s = s[j:]
			continue
		}
		r.esc(s[:i])
		r.startLink(href, "")
		r.esc(shorten(s[i:j], maxLabel))
		r.tag("</a>")
		s = s[j:]
	}
}
