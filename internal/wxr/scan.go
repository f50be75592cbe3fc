package wxr

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// The scanner is a streaming XML tokenizer made for WordPress exports. It
// is not encoding/xml because an export needs things encoding/xml cannot
// give: it tells a CDATA section from text, which the recovery of
// unescaped "]]>" inside CDATA (an old WordPress exporter bug) depends on;
// it reports line and column of every fault; and it reads about three
// times as fast as encoding/xml only tokenizes (BenchmarkReader against
// BenchmarkEncodingXML), which matters on multi-gigabyte exports.
//
// It holds at most one buffer of input and the text of the field being
// read, never the document.

const (
	bufSize    = 64 << 10
	minBufSize = 4 << 10
	maxName    = 1 << 10 // bytes in an element or attribute name
	maxTag     = 1 << 20 // bytes in one start tag with its attributes
	maxDepth   = 1 << 12 // nesting of elements
	maxNames   = 4 << 10 // distinct names interned
	maxRef     = 40      // bytes in an entity or character reference
	maxSniff   = 4 << 10 // how far the XML declaration is looked for
	bomUTF8    = "\xEF\xBB\xBF"
)

// nsKind is what a namespace URI means to a WXR reader.
type nsKind uint8

const (
	nsNone    nsKind = iota // no namespace: the RSS elements
	nsWP                    // http://wordpress.org/export/1.x/
	nsExcerpt               // http://wordpress.org/export/1.x/excerpt/
	nsContent               // http://purl.org/rss/1.0/modules/content/
	nsDC                    // http://purl.org/dc/elements/1.1/
	nsOther
)

type binding struct {
	prefix string
	kind   nsKind
	ver    string // "1.2" for http://wordpress.org/export/1.2/
}

type element struct {
	qname     string
	line, col int
	nsLen     int // len(scanner.ns) before the element's own declarations
}

type attr struct {
	qname, value string
}

// token is a start or end tag.
type token struct {
	end       bool // an end tag
	empty     bool // a start tag that closes itself: <x/>
	qname     string
	local     string
	ns        nsKind
	attrs     []attr
	line, col int
}

func (t *token) attr(name string) (string, bool) {
	for _, a := range t.attrs {
		if a.qname == name {
			return a.value, true
		}
	}
	return "", false
}

type scanner struct {
	rd   io.Reader
	buf  []byte
	pos  int   // next unread byte in buf
	end  int   // end of the valid bytes in buf
	base int64 // stream offset of buf[0]
	eof  bool  // rd is exhausted
	rerr error // rd failed (not io.EOF)

	started   bool
	line      int   // line of the byte at offset counted
	counted   int64 // stream offset up to which newlines are counted
	lineStart int64 // stream offset of the first byte of that line

	stack      []element
	ns         []binding
	pendingEnd bool // the last token was <x/>; its end tag comes next
	rootClosed bool
	wpSeen     string // version of the first WordPress namespace declared

	names   map[string]string
	tok     token
	scratch []byte
	val     []byte // the text of the field being read
	alt     []byte // raw text after the first CDATA section, for recovery
	maxText int
}

func newScanner(rd io.Reader) *scanner {
	return &scanner{rd: rd, line: 1, names: make(map[string]string)}
}

// SyntaxError is a fault in the export file, with where it is. Its
// message is safe to show: it says what was found and what was expected.
type SyntaxError struct {
	Line   int   // 1-based line
	Column int   // 1-based column, counted in bytes
	Offset int64 // bytes from the start of the (UTF-8) text
	Msg    string
}

// Error implements the error interface: "wxr: line 412, column 9: …".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("wxr: line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// Unwrap gives the fault as a burg.Error with code EINVALID, so callers
// that map errors to messages show it as bad input.
func (e *SyntaxError) Unwrap() error { return invalid(e.Error()) }

func (s *scanner) errorf(format string, args ...any) error {
	line, col, off := s.position()
	return &SyntaxError{Line: line, Column: col, Offset: off, Msg: fmt.Sprintf(format, args...)}
}

func (s *scanner) errorAt(line, col int, format string, args ...any) error {
	_, _, off := s.position()
	return &SyntaxError{Line: line, Column: col, Offset: off, Msg: fmt.Sprintf(format, args...)}
}

// eofError explains an end of input in the middle of the document, or
// the read failure that ended it.
func (s *scanner) eofError(inside string) error {
	if s.rerr != nil {
		line, _, off := s.position()
		return fmt.Errorf("wxr: read failed at line %d (byte %d): %w", line, off, s.rerr)
	}
	if inside == "" && len(s.stack) > 0 {
		open := s.stack[len(s.stack)-1]
		inside = fmt.Sprintf("<%s> (opened at line %d, column %d)", open.qname, open.line, open.col)
	}
	if inside == "" {
		return s.errorf("unexpected end of file (truncated export?)")
	}
	return s.errorf("unexpected end of file inside %s (truncated export?)", inside)
}

// position returns the line, column and offset of the next unread byte.
func (s *scanner) position() (line, col int, off int64) {
	s.syncLines()
	off = s.base + int64(s.pos)
	return s.line, int(off-s.lineStart) + 1, off
}

func (s *scanner) syncLines() {
	to := s.base + int64(s.pos)
	if to <= s.counted {
		return
	}
	seg := s.buf[s.counted-s.base : s.pos]
	if n := bytes.Count(seg, []byte{'\n'}); n > 0 {
		s.line += n
		s.lineStart = s.counted + int64(bytes.LastIndexByte(seg, '\n')) + 1
	}
	s.counted = to
}

// more reads input until at least one byte more than before is buffered,
// keeping buf[pos:end]. It reports false at the end of input or on a read
// error. Indexes into buf other than pos and end are invalid afterwards.
func (s *scanner) more() bool {
	if s.eof || s.rerr != nil {
		return false
	}
	if s.buf == nil {
		// Small first, so that small documents cost little; it grows to
		// bufSize as reads fill it.
		s.buf = make([]byte, minBufSize)
	}
	if s.pos > 0 {
		s.syncLines()
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.base += int64(s.pos)
		s.end = n
		s.pos = 0
	}
	if s.end == len(s.buf) || (len(s.buf) < bufSize && s.base+int64(s.end) >= int64(len(s.buf))) {
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for empty := 0; empty < 100; empty++ {
		n, err := s.rd.Read(s.buf[s.end:])
		s.end += n
		if err == io.EOF {
			s.eof = true
		} else if err != nil {
			s.rerr = err
		}
		if n > 0 {
			return true
		}
		if err != nil {
			return false
		}
	}
	s.rerr = io.ErrNoProgress
	return false
}

// ensure buffers at least n bytes from pos, if the input has them.
func (s *scanner) ensure(n int) bool {
	for s.end-s.pos < n {
		if !s.more() {
			return false
		}
	}
	return true
}

func (s *scanner) hasPrefix(p string) bool {
	return s.ensure(len(p)) && string(s.buf[s.pos:s.pos+len(p)]) == p
}

// start sniffs the byte order mark and the XML declaration and, for an
// encoding other than UTF-8, puts a decoder in front of the input.
func (s *scanner) start() error {
	s.started = true
	s.ensure(maxSniff)
	head := s.buf[s.pos:s.end]
	var enc encoding.Encoding
	switch {
	case bytes.HasPrefix(head, []byte(bomUTF8)):
		s.pos += len(bomUTF8)
		s.counted = int64(s.pos)
		s.lineStart = s.counted
		head = head[len(bomUTF8):]
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}), bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		enc = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	}
	if enc == nil && bytes.HasPrefix(head, []byte("<?xml")) {
		decl := head
		if i := bytes.Index(decl, []byte("?>")); i >= 0 {
			decl = decl[:i]
		}
		// A UTF-16 label on bytes that read as ASCII is wrong; trust the bytes.
		label := strings.ToLower(declEncoding(decl))
		if label != "" && !isUTF8Label(label) && !strings.HasPrefix(label, "utf-16") {
			e, err := htmlindex.Get(label)
			if err != nil {
				return s.errorf("the XML declaration names the encoding %q, which is not supported", label)
			}
			if e != unicode.UTF8 {
				enc = e
			}
		}
	}
	if enc != nil {
		// Everything buffered so far is re-read through the decoder; the
		// declaration is ASCII, so positions do not move.
		rest := append([]byte(nil), s.buf[s.pos:s.end]...)
		s.rd = enc.NewDecoder().Reader(io.MultiReader(bytes.NewReader(rest), s.rd))
		s.pos, s.end, s.base, s.counted, s.lineStart = 0, 0, 0, 0, 0
		s.eof, s.rerr = false, nil
		s.ensure(len(bomUTF8))
		if s.hasPrefix(bomUTF8) {
			s.pos += len(bomUTF8)
			s.counted, s.lineStart = int64(s.pos), int64(s.pos)
		}
	}
	return nil
}

func isUTF8Label(l string) bool {
	switch strings.ToLower(l) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return true
	}
	return false
}

// declEncoding returns the encoding pseudo-attribute of an XML declaration.
func declEncoding(decl []byte) string {
	i := bytes.Index(decl, []byte("encoding"))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(decl[i+len("encoding"):], " \t\r\n")
	if len(rest) == 0 || rest[0] != '=' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	q := rest[0]
	j := bytes.IndexByte(rest[1:], q)
	if j < 0 {
		return ""
	}
	return string(rest[1 : 1+j])
}

// next returns the next start or end tag, passing over text, comments,
// CDATA sections, processing instructions and the document type. It
// returns io.EOF once the root element has closed. The token is valid
// until the next call.
func (s *scanner) next() (*token, error) {
	if !s.started {
		if err := s.start(); err != nil {
			return nil, err
		}
	}
	if s.pendingEnd {
		// The end of <x/>, which is still in s.tok.
		s.pendingEnd = false
		t := &s.tok
		s.pop()
		t.end, t.empty, t.attrs = true, false, t.attrs[:0]
		return t, nil
	}
	if s.rootClosed {
		return nil, io.EOF
	}
	for {
		if err := s.skipText(); err != nil {
			return nil, err
		}
		if s.pos >= s.end && !s.more() {
			if len(s.stack) == 0 {
				if s.rerr != nil {
					return nil, s.eofError("")
				}
				return nil, s.errorf("no XML elements in the file: not a WordPress export")
			}
			return nil, s.eofError("")
		}
		tok, skipped, err := s.markup()
		if err != nil {
			return nil, err
		}
		if !skipped {
			return tok, nil
		}
	}
}

// skipText passes over text up to the next '<'. Outside the root element
// only white space may appear.
func (s *scanner) skipText() error {
	for {
		chunk := s.buf[s.pos:s.end]
		i := bytes.IndexByte(chunk, '<')
		if i >= 0 {
			chunk = chunk[:i]
		}
		if len(s.stack) == 0 && !isSpace(chunk) {
			s.pos += len(chunk) - len(bytes.TrimLeft(chunk, " \t\r\n"))
			return s.errorf("text outside the root element: this is not an XML document")
		}
		s.pos += len(chunk)
		if i >= 0 || !s.more() {
			return nil
		}
	}
}

// markup reads the markup at '<'. It returns skipped when the markup was
// a comment, CDATA section, processing instruction or document type.
func (s *scanner) markup() (tok *token, skipped bool, err error) {
	line, col, _ := s.position()
	if !s.ensure(2) {
		return nil, false, s.eofError("")
	}
	switch s.buf[s.pos+1] {
	case '/':
		tok, err = s.endTag(line, col)
		return tok, false, err
	case '?':
		return nil, true, s.skipPast("?>", "a processing instruction", line, col)
	case '!':
		switch {
		case s.hasPrefix("<!--"):
			return nil, true, s.skipPast("-->", "a comment", line, col)
		case s.hasPrefix("<![CDATA["):
			if len(s.stack) == 0 {
				return nil, false, s.errorf("CDATA section outside the root element")
			}
			s.pos += len("<![CDATA[")
			return nil, true, s.cdata(nil, line, col)
		case s.hasPrefix("<!DOCTYPE"):
			return nil, true, s.skipDoctype(line, col)
		}
		where := ""
		if len(s.stack) > 0 {
			where = " inside <" + s.stack[len(s.stack)-1].qname + ">"
		}
		return nil, false, s.errorf("unexpected %q%s: expected a comment, CDATA section or element", s.peekString(9), where)
	}
	tok, err = s.startTag(line, col)
	return tok, false, err
}

func (s *scanner) peekString(n int) string {
	s.ensure(n)
	b := s.buf[s.pos:min(s.end, s.pos+n)]
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// skipPast consumes input up to and including delim.
func (s *scanner) skipPast(delim, what string, line, col int) error {
	for {
		if i := bytes.Index(s.buf[s.pos:s.end], []byte(delim)); i >= 0 {
			s.pos += i + len(delim)
			return nil
		}
		s.pos = max(s.pos, s.end-len(delim)+1)
		if !s.more() {
			s.pos = s.end
			return s.eofError(fmt.Sprintf("%s that starts at line %d, column %d", what, line, col))
		}
	}
}

// skipDoctype passes over a document type declaration, internal subset
// included. Entities it declares are not expanded: a reference to one is
// kept as text, which also disarms entity-expansion bombs.
func (s *scanner) skipDoctype(line, col int) error {
	depth := 0
	var quote byte
	for {
		for s.pos < s.end {
			c := s.buf[s.pos]
			s.pos++
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '[':
				depth++
			case c == ']':
				depth--
			case c == '>' && depth <= 0:
				return nil
			}
		}
		if !s.more() {
			return s.eofError(fmt.Sprintf("the document type that starts at line %d, column %d", line, col))
		}
	}
}

// cdata reads a CDATA section after its "<![CDATA[", appending its content
// to dst unless dst is nil.
func (s *scanner) cdata(dst *[]byte, line, col int) error {
	for {
		chunk := s.buf[s.pos:s.end]
		if i := bytes.Index(chunk, []byte("]]>")); i >= 0 {
			if dst != nil {
				*dst = append(*dst, chunk[:i]...)
			}
			s.pos += i + 3
			return nil
		}
		// Keep two bytes: they may begin the "]]>" that ends the section.
		keep := min(2, len(chunk))
		if dst != nil {
			*dst = append(*dst, chunk[:len(chunk)-keep]...)
			if s.maxText > 0 && len(*dst) > s.maxText {
				return s.tooLong(line, col)
			}
		}
		s.pos = s.end - keep
		if !s.more() {
			s.pos = s.end
			return s.eofError(fmt.Sprintf("a CDATA section that starts at line %d, column %d", line, col))
		}
	}
}

func (s *scanner) tooLong(line, col int) error {
	name := "a field"
	if len(s.stack) > 0 {
		name = "<" + s.stack[len(s.stack)-1].qname + ">"
	}
	return s.errorAt(line, col, "%s holds more than %s of text; the export looks damaged", name, size(s.maxText))
}

var nameEnd = func() (t [256]bool) {
	for _, c := range []byte(" \t\r\n/>=<\"'") {
		t[c] = true
	}
	return t
}()

// readName reads an XML name at pos into s.scratch.
func (s *scanner) readName() []byte {
	s.scratch = s.scratch[:0]
	for {
		i := s.pos
		for i < s.end && !nameEnd[s.buf[i]] {
			i++
		}
		s.scratch = append(s.scratch, s.buf[s.pos:i]...)
		s.pos = i
		if i < s.end || len(s.scratch) > maxName || !s.more() {
			return s.scratch
		}
	}
}

func (s *scanner) intern(b []byte) string {
	if v, ok := s.names[string(b)]; ok {
		return v
	}
	v := string(b)
	if len(s.names) < maxNames {
		s.names[v] = v
	}
	return v
}

func (s *scanner) skipSpace() bool {
	for {
		for s.pos < s.end {
			switch s.buf[s.pos] {
			case ' ', '\t', '\r', '\n':
				s.pos++
			default:
				return true
			}
		}
		if !s.more() {
			return false
		}
	}
}

func (s *scanner) startTag(line, col int) (*token, error) {
	s.pos++ // '<'
	name := s.readName()
	if len(name) == 0 {
		return nil, s.errorf("expected an element name after '<'")
	}
	if len(name) > maxName {
		return nil, s.errorf("element name longer than %d bytes", maxName)
	}
	if len(s.stack) >= maxDepth {
		return nil, s.errorf("elements nested deeper than %d", maxDepth)
	}
	if s.rootClosed {
		return nil, s.errorf("a second root element <%s>", name)
	}
	t := &s.tok
	*t = token{qname: s.intern(name), line: line, col: col, attrs: t.attrs[:0]}
	size := len(name)
	for {
		if !s.skipSpace() {
			return nil, s.eofError(fmt.Sprintf("the tag <%s> that starts at line %d, column %d", t.qname, line, col))
		}
		c := s.buf[s.pos]
		if c == '>' {
			s.pos++
			break
		}
		if c == '/' {
			if !s.ensure(2) {
				return nil, s.eofError(fmt.Sprintf("the tag <%s> that starts at line %d, column %d", t.qname, line, col))
			}
			if s.buf[s.pos+1] != '>' {
				return nil, s.errorf("expected '>' after '/' in <%s>", t.qname)
			}
			s.pos += 2
			t.empty = true
			break
		}
		a, err := s.attribute(t.qname, line, col)
		if err != nil {
			return nil, err
		}
		size += len(a.qname) + len(a.value)
		if size > maxTag {
			return nil, s.errorAt(line, col, "the tag <%s> is longer than %d bytes", t.qname, maxTag)
		}
		t.attrs = append(t.attrs, a)
	}
	s.push(t)
	return t, nil
}

func (s *scanner) attribute(elem string, line, col int) (attr, error) {
	c := s.buf[s.pos]
	if nameEnd[c] {
		return attr{}, s.errorf("unexpected %q in <%s>: expected an attribute name, '>' or '/>'", c, elem)
	}
	name := s.readName()
	if len(name) > maxName {
		return attr{}, s.errorf("attribute name longer than %d bytes in <%s>", maxName, elem)
	}
	a := attr{qname: s.intern(name)}
	if !s.skipSpace() {
		return a, s.eofError(fmt.Sprintf("the tag <%s> that starts at line %d, column %d", elem, line, col))
	}
	if s.buf[s.pos] != '=' {
		return a, s.errorf("attribute %s in <%s> has no value: expected '='", a.qname, elem)
	}
	s.pos++
	if !s.skipSpace() {
		return a, s.eofError(fmt.Sprintf("the tag <%s> that starts at line %d, column %d", elem, line, col))
	}
	q := s.buf[s.pos]
	if q != '"' && q != '\'' {
		return a, s.errorf("the value of attribute %s in <%s> is not quoted", a.qname, elem)
	}
	s.pos++
	s.scratch = s.scratch[:0]
	for {
		chunk := s.buf[s.pos:s.end]
		i := bytes.IndexByte(chunk, q)
		if i >= 0 {
			chunk = chunk[:i]
		}
		if j := bytes.IndexByte(chunk, '<'); j >= 0 {
			s.pos += j
			return a, s.errorf("'<' inside the value of attribute %s in <%s> (a quote is missing?)", a.qname, elem)
		}
		s.scratch = append(s.scratch, chunk...)
		s.pos += len(chunk)
		if len(s.scratch) > maxTag {
			return a, s.errorAt(line, col, "the tag <%s> is longer than %d bytes", elem, maxTag)
		}
		if i >= 0 {
			s.pos++
			break
		}
		if !s.more() {
			return a, s.eofError(fmt.Sprintf("the tag <%s> that starts at line %d, column %d", elem, line, col))
		}
	}
	a.value = clean(appendUnescaped(nil, s.scratch))
	return a, nil
}

func (s *scanner) endTag(line, col int) (*token, error) {
	s.pos += 2 // "</"
	name := s.readName()
	if !s.skipSpace() {
		return nil, s.eofError(fmt.Sprintf("the end tag </%s> that starts at line %d, column %d", name, line, col))
	}
	if s.buf[s.pos] != '>' {
		return nil, s.errorf("expected '>' to end </%s>", name)
	}
	if len(s.stack) == 0 {
		return nil, s.errorAt(line, col, "</%s> closes nothing", name)
	}
	open := s.stack[len(s.stack)-1]
	if string(name) != open.qname {
		return nil, s.errorAt(line, col, "</%s> where </%s> was expected, to close <%s> opened at line %d, column %d",
			name, open.qname, open.qname, open.line, open.col)
	}
	s.pos++
	s.tok = token{end: true, qname: open.qname, line: line, col: col, attrs: s.tok.attrs[:0]}
	s.tok.local, s.tok.ns = s.resolve(open.qname)
	s.pop()
	return &s.tok, nil
}

func (s *scanner) push(t *token) {
	nsLen := len(s.ns)
	for _, a := range t.attrs {
		switch {
		case a.qname == "xmlns":
			s.declare("", a.value)
		case strings.HasPrefix(a.qname, "xmlns:"):
			s.declare(a.qname[len("xmlns:"):], a.value)
		}
	}
	s.stack = append(s.stack, element{qname: t.qname, line: t.line, col: t.col, nsLen: nsLen})
	t.local, t.ns = s.resolve(t.qname)
	s.pendingEnd = t.empty
}

func (s *scanner) pop() {
	top := s.stack[len(s.stack)-1]
	s.ns = s.ns[:top.nsLen]
	s.stack = s.stack[:len(s.stack)-1]
	if len(s.stack) == 0 {
		s.rootClosed = true
	}
	if s.pendingEnd {
		// The caller read <x/> as an empty field; nothing more comes.
		s.pendingEnd = false
	}
}

func (s *scanner) declare(prefix, uri string) {
	kind, ver := classify(uri)
	if kind == nsWP && s.wpSeen == "" {
		s.wpSeen = ver
	}
	s.ns = append(s.ns, binding{prefix: prefix, kind: kind, ver: ver})
}

// classify tells which of the namespaces WXR uses a URI is.
func classify(uri string) (nsKind, string) {
	switch uri {
	case "":
		return nsNone, ""
	case "http://purl.org/rss/1.0/modules/content/":
		return nsContent, ""
	case "http://purl.org/dc/elements/1.1/":
		return nsDC, ""
	}
	rest, ok := strings.CutPrefix(uri, "http://wordpress.org/export/")
	if !ok {
		rest, ok = strings.CutPrefix(uri, "https://wordpress.org/export/")
	}
	if !ok {
		return nsOther, ""
	}
	ver, tail, _ := strings.Cut(rest, "/")
	if !isVersion(ver) {
		return nsOther, ""
	}
	switch tail {
	case "":
		return nsWP, ver
	case "excerpt/", "excerpt":
		return nsExcerpt, ver
	}
	return nsOther, ""
}

// resolve splits a qualified name and finds what its namespace is. A
// prefix that was never declared is taken by its conventional meaning
// (wp, content, excerpt, dc), as hand-made exports often forget one.
func (s *scanner) resolve(qname string) (string, nsKind) {
	prefix, local, ok := strings.Cut(qname, ":")
	if !ok {
		prefix, local = "", qname
	}
	for i := len(s.ns) - 1; i >= 0; i-- {
		if s.ns[i].prefix == prefix {
			return local, s.ns[i].kind
		}
	}
	switch prefix {
	case "":
		return local, nsNone
	case "wp":
		return local, nsWP
	case "excerpt":
		return local, nsExcerpt
	case "content":
		return local, nsContent
	case "dc":
		return local, nsDC
	}
	return local, nsOther
}

// skip passes over the content of the element whose start tag was just
// read, up to and including its end tag.
func (s *scanner) skip() error {
	if s.pendingEnd {
		s.pendingEnd = false
		s.pop()
		return nil
	}
	depth := len(s.stack)
	for {
		t, err := s.next()
		if err != nil {
			return err
		}
		if t.end && len(s.stack) < depth {
			return nil
		}
	}
}

// text reads the content of the field whose start tag was just read, up
// to and including its end tag, and returns it as a string of valid UTF-8.
//
// References are replaced; a reference to an unknown entity, or an '&'
// that starts none, is kept as it is (exports carry HTML entities such as
// &nbsp; that XML does not define). When the text is given in CDATA
// sections, white space outside them is layout and dropped. Child
// elements (inline XHTML instead of CDATA) are kept as markup.
//
// An old WordPress exporter wrote "]]>" inside CDATA unescaped, which
// closes the section early and leaves "]]>" in the text after it, where
// XML forbids it. When that is seen, the field is read the way
// WordPress's own importer reads it: everything between the first
// "<![CDATA[" and the last "]]>".
func (s *scanner) text() (string, error) {
	b, err := s.textBytes()
	if err != nil {
		return "", err
	}
	v := clean(b)
	if cap(s.val) > 1<<20 || cap(s.alt) > 1<<20 {
		// Do not keep a huge field's buffers for the rest of the file.
		s.val, s.alt = nil, nil
	}
	return v, nil
}

func (s *scanner) textBytes() ([]byte, error) {
	if s.pendingEnd {
		s.pendingEnd = false
		s.pop()
		return nil, nil
	}
	var (
		depth        = len(s.stack)
		leading      bool // the first thing that is not white space is CDATA
		nCDATA       int
		lastCDATAEnd int  // len(val) after the latest CDATA section
		nonWS        bool // text that is not white space since then
		cdata1End    int
		bad          bool // "]]>" in text after a CDATA section
		markup       bool // child elements were met
		runStart     int  // start in alt of the current text run
	)
	s.val, s.alt = s.val[:0], s.alt[:0]
	for {
		// A run of text up to the next '<'.
		for {
			chunk := s.buf[s.pos:s.end]
			lt := bytes.IndexByte(chunk, '<')
			if lt >= 0 {
				chunk = chunk[:lt]
			} else if amp := bytes.LastIndexByte(chunk, '&'); amp >= 0 && len(chunk)-amp < maxRef &&
				bytes.IndexByte(chunk[amp:], ';') < 0 {
				chunk = chunk[:amp] // the reference may go on in the next read
			}
			if len(chunk) > 0 {
				if markup {
					s.val = append(s.val, chunk...)
				} else {
					if leading {
						s.alt = append(s.alt, chunk...)
						if bytes.Contains(s.alt[max(runStart, len(s.alt)-len(chunk)-2):], []byte("]]>")) {
							bad = true
						}
					}
					s.val = appendUnescaped(s.val, chunk)
					if !nonWS && !isSpace(chunk) {
						nonWS = true
					}
				}
				s.pos += len(chunk)
				if s.maxText > 0 && len(s.val) > s.maxText {
					line, col, _ := s.position()
					return nil, s.tooLong(line, col)
				}
			}
			if lt >= 0 {
				break
			}
			if !s.more() {
				return nil, s.eofError("")
			}
		}
		line, col, _ := s.position()
		if !s.ensure(2) {
			return nil, s.eofError("")
		}
		switch {
		case s.buf[s.pos+1] == '/':
			if len(s.stack) == depth {
				if _, err := s.endTag(line, col); err != nil {
					return nil, err
				}
				switch {
				case bad && leading:
					tail := bytes.TrimRight(s.alt, " \t\r\n")
					if tail, ok := bytes.CutSuffix(tail, []byte("]]>")); ok {
						s.val = append(s.val[:cdata1End], tail...)
					}
				case leading && !nonWS:
					s.val = s.val[:lastCDATAEnd]
				}
				return s.val, nil
			}
			t, err := s.endTag(line, col)
			if err != nil {
				return nil, err
			}
			s.val = append(append(append(s.val, "</"...), t.qname...), '>')
		case s.hasPrefix("<![CDATA["):
			s.pos += len("<![CDATA[")
			if markup {
				var raw []byte
				if err := s.cdata(&raw, line, col); err != nil {
					return nil, err
				}
				s.val = appendEscaped(s.val, raw)
				continue
			}
			switch {
			case nCDATA == 0 && !nonWS:
				leading = true
				s.val = s.val[:0]
			case leading && !nonWS:
				s.val = s.val[:lastCDATAEnd]
			}
			if leading && nCDATA > 0 {
				s.alt = append(s.alt, "<![CDATA["...)
				n := len(s.val)
				if err := s.cdata(&s.val, line, col); err != nil {
					return nil, err
				}
				s.alt = append(s.alt, s.val[n:]...)
			} else if err := s.cdata(&s.val, line, col); err != nil {
				return nil, err
			}
			if nCDATA == 0 {
				cdata1End = len(s.val)
			}
			if leading {
				s.alt = append(s.alt, "]]>"...)
			}
			nCDATA++
			lastCDATAEnd = len(s.val)
			nonWS = false
			runStart = len(s.alt)
		case s.hasPrefix("<!--"):
			if err := s.skipPast("-->", "a comment", line, col); err != nil {
				return nil, err
			}
			runStart = len(s.alt)
		case s.buf[s.pos+1] == '?':
			if err := s.skipPast("?>", "a processing instruction", line, col); err != nil {
				return nil, err
			}
			runStart = len(s.alt)
		case s.buf[s.pos+1] == '!':
			return nil, s.errorf("unexpected %q inside <%s>", s.peekString(9), s.stack[depth-1].qname)
		default:
			if !markup {
				// What was read so far was unescaped; markup keeps text escaped.
				markup, leading = true, false
				esc := appendEscaped(nil, s.val)
				s.val = append(s.val[:0], esc...)
			}
			t, err := s.startTag(line, col)
			if err != nil {
				return nil, err
			}
			s.val = appendTag(s.val, t)
			if t.empty {
				s.pendingEnd = false
				s.pop()
			}
		}
		if s.maxText > 0 && len(s.val) > s.maxText {
			return nil, s.tooLong(line, col)
		}
	}
}

// appendTag writes a start tag back out, for fields that hold markup.
func appendTag(dst []byte, t *token) []byte {
	dst = append(append(dst, '<'), t.qname...)
	for _, a := range t.attrs {
		dst = append(append(append(dst, ' '), a.qname...), `="`...)
		dst = append(appendEscaped(dst, []byte(a.value)), '"')
	}
	if t.empty {
		dst = append(dst, '/')
	}
	return append(dst, '>')
}

func appendEscaped(dst, text []byte) []byte {
	for _, c := range text {
		switch c {
		case '&':
			dst = append(dst, "&amp;"...)
		case '<':
			dst = append(dst, "&lt;"...)
		case '>':
			dst = append(dst, "&gt;"...)
		case '"':
			dst = append(dst, "&quot;"...)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// appendUnescaped appends text with its references replaced. A reference
// that is unknown or malformed is kept as it is.
func appendUnescaped(dst, text []byte) []byte {
	for {
		i := bytes.IndexByte(text, '&')
		if i < 0 {
			return append(dst, text...)
		}
		dst = append(dst, text[:i]...)
		text = text[i:]
		j := bytes.IndexByte(text[:min(len(text), maxRef)], ';')
		if j > 1 {
			if r, ok := reference(text[1:j]); ok {
				dst = utf8.AppendRune(dst, r)
				text = text[j+1:]
				continue
			}
		}
		dst = append(dst, '&')
		text = text[1:]
	}
}

func reference(name []byte) (rune, bool) {
	switch string(name) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	}
	if name[0] != '#' || len(name) < 2 {
		return 0, false
	}
	digits, base := name[1:], 10
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 || len(digits) > 8 {
		return 0, false
	}
	var n rune
	for _, c := range digits {
		var d rune
		switch {
		case '0' <= c && c <= '9':
			d = rune(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return 0, false
		}
		n = n*rune(base) + d
	}
	if !isXMLChar(n) {
		return utf8.RuneError, true
	}
	return n, true
}

// isXMLChar reports whether XML 1.0 allows r in a document.
func isXMLChar(r rune) bool {
	switch {
	case r == 0x09 || r == 0x0A || r == 0x0D:
		return true
	case r < 0x20:
		return false
	case r <= 0xD7FF:
		return true
	case r < 0xE000:
		return false
	case r <= 0xFFFD:
		return true
	case r < 0x10000:
		return false
	}
	return r <= 0x10FFFF
}

func isSpace(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
		default:
			return false
		}
	}
	return true
}

// clean returns b as a string of valid UTF-8 without NUL bytes, which
// PostgreSQL refuses in text: old exports carry both.
func clean(b []byte) string {
	if utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 {
		return string(b)
	}
	b = bytes.ToValidUTF8(b, []byte("\uFFFD"))
	return string(bytes.ReplaceAll(b, []byte{0}, []byte("\uFFFD")))
}
