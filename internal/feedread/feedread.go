// Package feedread reads news feeds, RSS 2.0 (and the 0.9x dialects
// that share its shape), RSS 1.0 (RDF) and Atom 1.0 (and 0.3), as a
// stream of items, for importing them as posts.
//
// Titles come back as plain text. Summaries and contents come back as
// HTML strings, as the feed carries them (Atom text is escaped to HTML,
// Atom XHTML is written out as HTML); they are not sanitised here: that
// is the job of whatever shows them. Links are made absolute against
// xml:base and the feed's own URL when those are known. Dates that cannot
// be read are left zero rather than failing the feed.
//
// The reader stops after a number of items and refuses a feed over a
// number of bytes (Options), so a hostile or runaway feed cannot exhaust
// memory.
package feedread

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/burg-news/burg"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// Limits used when Options leaves them zero.
const (
	DefaultMaxItems = 1000
	DefaultMaxBytes = 32 << 20
)

// Options bound and place a feed.
type Options struct {
	// BaseURL is where the feed was fetched from; relative links
	// resolve against it (and against xml:base). Empty for a file.
	BaseURL string
	// MaxItems is how many items Next returns at most; after them it
	// returns io.EOF without reading further. 0 means DefaultMaxItems.
	MaxItems int
	// MaxBytes is how long the feed may be; a longer one is refused
	// when the reader gets there. 0 means DefaultMaxBytes.
	MaxBytes int64
}

// Format is the kind of feed.
type Format string

// The formats read.
const (
	RSS  Format = "rss"  // RSS 2.0 and 0.9x
	RDF  Format = "rdf"  // RSS 1.0
	Atom Format = "atom" // Atom 1.0 and 0.3
)

// Feed is what a feed says about itself.
type Feed struct {
	Format      Format
	Title       string // plain text
	Link        string // the site's address
	Description string // plain text or HTML, as the feed has it
	Language    string
	Updated     time.Time // zero when absent or unreadable
}

// Item is one item (RSS) or entry (Atom).
type Item struct {
	Title string // plain text
	Link  string // the item's own page: RSS <link>, Atom rel="alternate"
	// Summary is the short text, HTML: RSS <description>, Atom
	// <summary>. Content is the full text, HTML: <content:encoded>,
	// Atom <content>. Excerpt picks one.
	Summary    string
	Content    string
	Published  time.Time // zero when absent or unreadable
	Updated    time.Time
	Categories []string // RSS <category> and <dc:subject>, Atom label or term
	GUID       string   // RSS <guid>, Atom <id>, RSS 1.0 rdf:about
	Author     string
}

// Excerpt returns the item's summary, or its content when it has none:
// HTML either way.
func (it *Item) Excerpt() string {
	if strings.TrimSpace(it.Summary) != "" {
		return it.Summary
	}
	return it.Content
}

// Date returns when the item was published, or last updated when the
// feed gives no publication date.
func (it *Item) Date() time.Time {
	if !it.Published.IsZero() {
		return it.Published
	}
	return it.Updated
}

// Error is a fault in the feed, with where it is. Its message is safe to
// show.
type Error struct {
	Line, Column int
	Msg          string
}

// Error implements the error interface: "feedread: line 3, column 7: …".
func (e *Error) Error() string {
	return fmt.Sprintf("feedread: line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// Unwrap gives the fault as a burg.Error with code EINVALID.
func (e *Error) Unwrap() error { return burg.Errorf(burg.EINVALID, "%s", e.Error()) }

const (
	nsRSS1    = "http://purl.org/rss/1.0/"
	nsRDF     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsAtom03  = "http://purl.org/atom/ns#"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsDCTerms = "http://purl.org/dc/terms/"
	nsXML     = "http://www.w3.org/XML/1998/namespace"
)

type frame struct {
	name xml.Name
	base *url.URL
}

// Reader reads a feed item by item.
type Reader struct {
	opt     Options
	d       *xml.Decoder
	lim     *limitReader
	stack   []frame
	feed    Feed
	started bool
	done    bool
	pending bool   // an item's start tag was read by Feed
	about   string // rdf:about of the item whose start tag was read last
	count   int
	err     error
}

// NewReader returns a Reader of the feed in r. The encoding is taken from
// a byte order mark or the XML declaration; UTF-8, ISO-8859-1,
// windows-1251 and the other encodings of the WHATWG list are read.
func NewReader(r io.Reader, opt Options) *Reader {
	if opt.MaxItems <= 0 {
		opt.MaxItems = DefaultMaxItems
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	lim := &limitReader{r: r, max: opt.MaxBytes}
	return &Reader{opt: opt, lim: lim}
}

// Feed returns what the feed says about itself, up to its first item.
func (r *Reader) Feed() (Feed, error) {
	if r.err == nil && !r.done && !r.pending {
		ok, err := r.nextItemStart()
		if err != nil {
			r.err = err
		}
		r.pending = ok
	}
	if r.err == io.EOF {
		return r.feed, nil
	}
	return r.feed, r.err
}

// Next returns the next item. It returns io.EOF at the end of the feed
// and after Options.MaxItems items; after a fault it returns the fault
// again. Items returned before a fault are complete.
func (r *Reader) Next() (*Item, error) {
	if r.err != nil {
		return nil, r.err
	}
	if r.count >= r.opt.MaxItems {
		return nil, io.EOF
	}
	if !r.pending {
		ok, err := r.nextItemStart()
		if err != nil {
			r.err = err
			return nil, err
		}
		if !ok {
			r.err = io.EOF
			return nil, io.EOF
		}
	}
	r.pending = false
	it, err := r.item()
	if err != nil {
		r.err = err
		return nil, err
	}
	r.count++
	return it, nil
}

var errTooBig = errors.New("feed too big")

// limitReader fails once more than max bytes were read, and keeps the
// error of the reader under it, to tell a failed read from a bad feed.
type limitReader struct {
	r      io.Reader
	n, max int64
	failed error
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n > l.max {
		return 0, errTooBig
	}
	if rest := l.max + 1 - l.n; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := l.r.Read(p)
	if err != nil && err != io.EOF {
		l.failed = err
	}
	l.n += int64(n)
	if l.n > l.max {
		return 0, errTooBig
	}
	return n, err
}

func (r *Reader) start() error {
	r.started = true
	br := bufio.NewReaderSize(r.lim, 4096)
	var in io.Reader = br
	utf16 := false
	bom, _ := br.Peek(3)
	switch {
	case bytes.Equal(bom, []byte("\xEF\xBB\xBF")):
		br.Discard(3) // encoding/xml does not expect one
	case bytes.HasPrefix(bom, []byte{0xFE, 0xFF}), bytes.HasPrefix(bom, []byte{0xFF, 0xFE}):
		in = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Reader(br)
		utf16 = true
	}
	r.d = xml.NewDecoder(in)
	// HTML's entities (&nbsp;, &eacute;) are common in feeds, declared
	// or not; knowing them spares refusing many real feeds.
	r.d.Entity = xml.HTMLEntity
	r.d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		l := strings.ToLower(strings.TrimSpace(label))
		if utf16 || strings.HasPrefix(l, "utf-16") || l == "utf8" || l == "us-ascii" || l == "ascii" {
			// Already decoded, or ASCII-compatible bytes under a wrong label.
			return input, nil
		}
		enc, err := htmlindex.Get(l)
		if err != nil {
			return nil, &charsetError{fmt.Sprintf("the XML declaration names the encoding %q, which is not supported", label)}
		}
		if enc == unicode.UTF8 || enc == encoding.Nop {
			return input, nil
		}
		return enc.NewDecoder().Reader(input), nil
	}
	var base *url.URL
	if r.opt.BaseURL != "" {
		base, _ = url.Parse(r.opt.BaseURL)
	}
	r.stack = append(r.stack[:0], frame{base: base}) // the document itself
	return nil
}

func (r *Reader) errorf(format string, args ...any) error {
	line, col := 0, 0
	if r.d != nil {
		line, col = r.d.InputPos()
	}
	return &Error{Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

// token returns the next token, keeping the stack of open elements and
// their bases, and turns decoder errors into faults with a position.
func (r *Reader) token() (xml.Token, error) {
	tok, err := r.d.Token()
	if err != nil {
		return nil, r.fault(err)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		base := r.stack[len(r.stack)-1].base
		for _, a := range t.Attr {
			if a.Name.Space == nsXML && a.Name.Local == "base" {
				base = resolve(base, a.Value)
			}
		}
		r.stack = append(r.stack, frame{name: t.Name, base: base})
	case xml.EndElement:
		r.stack = r.stack[:len(r.stack)-1]
	}
	return tok, nil
}

func (r *Reader) fault(err error) error {
	var open string
	if len(r.stack) > 1 {
		open = "<" + r.stack[len(r.stack)-1].name.Local + ">"
	}
	var se *xml.SyntaxError
	switch {
	case errors.Is(err, errTooBig):
		return r.errorf("the feed is larger than %d bytes", r.opt.MaxBytes)
	case err == io.EOF && len(r.stack) > 1, errors.As(err, &se) && se.Msg == "unexpected EOF":
		if open == "" {
			return r.errorf("unexpected end of file (truncated feed?)")
		}
		return r.errorf("unexpected end of file inside %s (truncated feed?)", open)
	case err == io.EOF:
		return r.errorf("no XML elements in the file: not a feed")
	case errors.As(err, &se):
		return r.errorf("%s", se.Msg)
	}
	var ce *charsetError
	if errors.As(err, &ce) {
		return r.errorf("%s", ce.msg)
	}
	if r.lim.failed != nil && errors.Is(err, r.lim.failed) {
		line, _ := r.d.InputPos()
		return fmt.Errorf("feedread: read failed at line %d: %w", line, err)
	}
	// Any other fault of the decoder is one of the feed.
	return r.errorf("%s", strings.TrimPrefix(err.Error(), "xml: "))
}

type charsetError struct{ msg string }

func (e *charsetError) Error() string { return e.msg }

func resolve(base *url.URL, ref string) *url.URL {
	ref = strings.TrimSpace(ref)
	var u *url.URL
	var err error
	if base != nil {
		u, err = base.Parse(ref)
	} else {
		u, err = url.Parse(ref)
	}
	if err != nil {
		return base
	}
	return u
}

// link resolves ref against the base of the innermost open element.
func (r *Reader) link(ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	base := r.stack[len(r.stack)-1].base
	if base == nil {
		return ref
	}
	u, err := base.Parse(ref)
	if err != nil {
		return ref
	}
	return u.String()
}

func (r *Reader) depth() int { return len(r.stack) - 1 }

// skip consumes the rest of the element just opened.
func (r *Reader) skip() error {
	d := r.depth()
	for {
		tok, err := r.token()
		if err != nil {
			return err
		}
		if _, ok := tok.(xml.EndElement); ok && r.depth() < d {
			return nil
		}
	}
}

// nextItemStart reads up to the start tag of the next item, keeping what
// the feed says about itself; it reports false at the end of the feed.
func (r *Reader) nextItemStart() (bool, error) {
	if r.done {
		return false, nil
	}
	if !r.started {
		if err := r.start(); err != nil {
			return false, err
		}
		if err := r.root(); err != nil {
			return false, err
		}
	}
	for {
		tok, err := r.token()
		if err != nil {
			return false, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if r.depth() == 0 {
				r.done = true
				return false, nil
			}
		case xml.StartElement:
			isItem, err := r.container(t)
			if isItem {
				r.about = ""
				for _, a := range t.Attr {
					if a.Name.Space == nsRDF && a.Name.Local == "about" {
						r.about = strings.TrimSpace(a.Value)
					}
				}
			}
			if err != nil || isItem {
				return isItem, err
			}
		}
	}
}

// root reads the root element and tells the format.
func (r *Reader) root() error {
	for {
		tok, err := r.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "rss":
				r.feed.Format = RSS
			case t.Name.Local == "RDF" && t.Name.Space == nsRDF:
				r.feed.Format = RDF
			case t.Name.Local == "feed" && (t.Name.Space == nsAtom || t.Name.Space == nsAtom03):
				r.feed.Format = Atom
			default:
				line, col := r.d.InputPos()
				return &Error{Line: line, Column: col, Msg: fmt.Sprintf(
					"the root element is <%s>, not <rss>, <rdf:RDF> or Atom's <feed>: not a feed", t.Name.Local)}
			}
			return nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return r.errorf("text before the root element: not an XML document")
			}
		}
	}
}

// container handles an element inside the root that is not inside an
// item: it reports whether it starts an item, else consumes it.
func (r *Reader) container(t xml.StartElement) (bool, error) {
	d := r.depth()
	local := t.Name.Local
	switch r.feed.Format {
	case RSS:
		switch {
		case d == 2 && local == "channel":
			return false, nil // descend
		case local == "item" && (d == 3 || d == 2):
			return true, nil
		case d == 3:
			return false, r.header(t)
		}
	case RDF:
		switch {
		case d == 2 && local == "item":
			return true, nil
		case d == 2 && local == "channel":
			return false, nil
		case d == 3 && r.stack[2].name.Local == "channel":
			return false, r.header(t)
		}
	case Atom:
		switch {
		case d == 2 && local == "entry":
			return true, nil
		case d == 2:
			return false, r.header(t)
		}
	}
	return false, r.skip()
}

// header reads a field of the channel or feed.
func (r *Reader) header(t xml.StartElement) error {
	f := &r.feed
	atom := r.feed.Format == Atom
	switch space, local := t.Name.Space, t.Name.Local; {
	case local == "title" && !isForeign(space):
		tx, err := r.textConstruct(t, atom)
		f.Title = first(f.Title, tx.text)
		return err
	case local == "link" && atom:
		if isAlternate(t) && f.Link == "" {
			f.Link = r.link(attr(t, "href"))
		}
		return r.skip()
	case local == "link" && !isForeign(space) && space != nsAtom:
		s, err := r.plain()
		f.Link = first(f.Link, r.link(s))
		return err
	case (local == "description" || local == "subtitle" || local == "tagline") && !isForeign(space):
		tx, err := r.textConstruct(t, atom)
		f.Description = first(f.Description, strings.TrimSpace(tx.html))
		return err
	case local == "language" && (space == "" || space == nsDC):
		s, err := r.plain()
		f.Language = first(f.Language, strings.TrimSpace(s))
		return err
	case local == "lastBuildDate" || local == "pubDate" || (local == "updated" || local == "modified") && atom ||
		local == "date" && space == nsDC:
		s, err := r.plain()
		if f.Updated.IsZero() {
			f.Updated = ParseDate(s)
		}
		return err
	}
	return r.skip()
}

// isForeign reports whether a namespace is an extension's rather than
// the feed's own (RSS 2.0 has none, RSS 1.0 and Atom have theirs).
func isForeign(space string) bool {
	switch space {
	case "", nsRSS1, nsAtom, nsAtom03:
		return false
	}
	return true
}

func first(old, v string) string {
	if old != "" {
		return old
	}
	return v
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

func isAlternate(t xml.StartElement) bool {
	rel := strings.TrimSpace(attr(t, "rel"))
	return rel == "" || rel == "alternate" || rel == "http://www.iana.org/assignments/relation/alternate"
}

// item reads an item or entry whose start tag was just read.
func (r *Reader) item() (*Item, error) {
	it := &Item{}
	top := r.depth()
	atom := r.feed.Format == Atom
	var permalink, atomLink string
	permaOK := false
	for {
		tok, err := r.token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if r.depth() < top {
				if it.GUID == "" {
					it.GUID = r.about
				}
				if it.Link == "" {
					it.Link = atomLink
				}
				if it.Link == "" && permaOK {
					it.Link = permalink
				}
				it.Categories = dedupe(it.Categories)
				return it, nil
			}
		case xml.StartElement:
			if r.depth() != top+1 {
				continue
			}
			if err := r.itemField(it, t, atom, &permalink, &permaOK, &atomLink); err != nil {
				return nil, err
			}
		}
	}
}

func (r *Reader) itemField(it *Item, t xml.StartElement, atom bool, permalink *string, permaOK *bool, atomLink *string) error {
	space, local := t.Name.Space, t.Name.Local
	switch {
	case local == "title" && !isForeign(space):
		tx, err := r.textConstruct(t, atom)
		it.Title = first(it.Title, tx.text)
		return err
	case local == "link" && (atom || space == nsAtom):
		if isAlternate(t) && attr(t, "href") != "" {
			l := r.link(attr(t, "href"))
			if atom {
				it.Link = first(it.Link, l)
			} else {
				*atomLink = first(*atomLink, l)
			}
		}
		return r.skip()
	case local == "link" && !isForeign(space):
		s, err := r.plain()
		it.Link = first(it.Link, r.link(s))
		return err
	case (local == "description" && !atom || local == "summary" && atom) && !isForeign(space):
		tx, err := r.textConstruct(t, atom)
		it.Summary = first(it.Summary, tx.html)
		return err
	case local == "encoded" && space == nsContent, local == "content" && atom:
		tx, err := r.textConstruct(t, atom)
		it.Content = first(it.Content, tx.html)
		return err
	case local == "pubDate", local == "published" && atom, local == "issued" && atom,
		local == "date" && space == nsDC, local == "issued" && space == nsDCTerms:
		s, err := r.plain()
		if it.Published.IsZero() {
			it.Published = ParseDate(s)
		}
		return err
	case local == "updated" && (atom || space == nsAtom), local == "modified" && (atom || space == nsDCTerms):
		s, err := r.plain()
		if it.Updated.IsZero() {
			it.Updated = ParseDate(s)
		}
		return err
	case local == "category" && atom:
		term := strings.TrimSpace(attr(t, "label"))
		if term == "" {
			term = strings.TrimSpace(attr(t, "term"))
		}
		it.Categories = append(it.Categories, term)
		return r.skip()
	case local == "category" && !isForeign(space), local == "subject" && space == nsDC:
		s, err := r.plain()
		it.Categories = append(it.Categories, collapse(s))
		return err
	case local == "guid" && !atom, local == "id" && atom:
		s, err := r.plain()
		s = strings.TrimSpace(s)
		if it.GUID == "" {
			it.GUID = s
			if !atom {
				*permalink = r.link(s)
				pl := strings.TrimSpace(attr(t, "isPermaLink"))
				// RSS: a guid is a permalink unless it says otherwise.
				*permaOK = pl != "false" && (strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://"))
			}
		}
		return err
	case local == "author" && atom:
		name, err := r.atomPerson()
		it.Author = first(it.Author, name)
		return err
	case local == "author" && !isForeign(space), local == "creator" && space == nsDC:
		s, err := r.plain()
		it.Author = first(it.Author, collapse(s))
		return err
	}
	return r.skip()
}

// atomPerson reads an Atom person construct and returns its name.
func (r *Reader) atomPerson() (string, error) {
	top := r.depth()
	var name string
	for {
		tok, err := r.token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if r.depth() < top {
				return name, nil
			}
		case xml.StartElement:
			if r.depth() == top+1 && t.Name.Local == "name" {
				s, err := r.plain()
				if err != nil {
					return "", err
				}
				name = first(name, collapse(s))
			}
		}
	}
}

func dedupe(cats []string) []string {
	out := cats[:0]
	for _, c := range cats {
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
