// Package wxr reads WordPress eXtended RSS (WXR), the export format of
// WordPress, versions 1.0 to 1.2, as a stream: one record at a time, in
// document order, holding no more than the record being read, so a
// multi-gigabyte export reads in constant memory.
//
// A WXR file is an RSS 2.0 document whose channel carries, after a few
// header fields, the site's authors (<wp:author>), categories
// (<wp:category>), tags (<wp:tag>) and other taxonomy terms (<wp:term>),
// then one <item> per post, page, attachment or other post type, each
// with its terms, post meta and comments. Reader.Next yields these as
// *Author, *Category, *Tag, *Term and *Item records.
//
// Text comes back as WordPress stored it: content and excerpts are HTML
// strings, post meta values are strings (serialized PHP is not
// unserialized), dates are the strings of the export (see ParseTime).
// Identifiers, slugs, logins, dates and other single-word fields have
// surrounding white space removed; titles, names, content and meta values
// are kept exactly.
//
// Faults come back as a *SyntaxError with line and column, which also
// unwraps to a burg.Error with code EINVALID. A record is yielded only
// once its end tag is read, so every record yielded before a fault is
// complete.
package wxr

import (
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/burg-news/burg"
)

// DefaultMaxRecordBytes is the default of Reader.MaxRecordBytes.
const DefaultMaxRecordBytes = 256 << 20

// Site is the header of an export: what the channel says about the site.
type Site struct {
	Title       string
	Link        string
	Description string
	Language    string
	PubDate     string // when the export was made, RFC 1123
	Generator   string
	BaseSiteURL string // <wp:base_site_url>
	BaseBlogURL string // <wp:base_blog_url>

	// Version is the WXR version, "1.0", "1.1" or "1.2" for the exports
	// WordPress writes. VersionDeclared says it came from
	// <wp:wxr_version>; when the file has none (and Reader.RequireVersion
	// is off), Version is taken from the WordPress namespace URI.
	Version         string
	VersionDeclared bool
}

// Record is one of *Author, *Category, *Tag, *Term or *Item.
type Record interface {
	record()
}

// Author is a <wp:author> block (<wp:wp_author> in some WordPress.com
// exports): a user who wrote posts in the export. Items name their
// author by Login.
type Author struct {
	ID          int64
	Login       string
	Email       string
	DisplayName string
	FirstName   string
	LastName    string
	Line        int // where the record starts in the file
}

// Category is a <wp:category>: a term of the "category" taxonomy.
type Category struct {
	ID          int64
	Slug        string // <wp:category_nicename>
	Parent      string // the parent's slug, "" at the top
	Name        string
	Description string
	Meta        []Meta // <wp:termmeta>
	Line        int
}

// Tag is a <wp:tag>: a term of the "post_tag" taxonomy.
type Tag struct {
	ID          int64
	Slug        string
	Name        string
	Description string
	Meta        []Meta
	Line        int
}

// Term is a <wp:term>: a term of any taxonomy (nav_menu, post_format,
// custom ones; newer exporters also write categories and tags this way).
type Term struct {
	ID          int64
	Taxonomy    string
	Slug        string
	Parent      string // the parent's slug
	Name        string
	Description string
	Meta        []Meta
	Line        int
}

// Item is an <item>: a post, page, attachment, menu item or other post
// type, with its terms, meta and comments.
type Item struct {
	ID              int64 // <wp:post_id>; 0 when missing
	Title           string
	Link            string
	GUID            string
	GUIDIsPermaLink bool
	PubDate         string // RFC 1123, as the export wrote it
	Author          string // login of the author (<dc:creator>)
	Description     string
	Content         string // <content:encoded>, HTML
	Excerpt         string // <excerpt:encoded>, HTML

	// Dates as WordPress stores them, "2006-01-02 15:04:05": PostDate in
	// the site's time zone, PostDateGMT in UTC, which is
	// "0000-00-00 00:00:00" for drafts. Time and ModifiedTime turn them
	// into a time.Time.
	PostDate        string
	PostDateGMT     string
	PostModified    string
	PostModifiedGMT string

	CommentStatus string // "open" or "closed"
	PingStatus    string
	Name          string // <wp:post_name>, the slug
	Status        string // "publish", "draft", "pending", "private", "future", "trash", "inherit"…
	Type          string // "post", "page", "attachment", "nav_menu_item"…; "" when missing
	Parent        int64  // <wp:post_parent>, the ID of the parent item
	MenuOrder     int64
	Password      string
	Sticky        bool
	AttachmentURL string // for attachments: the file's URL

	Terms    []ItemTerm // categories, tags and other terms of the item
	Meta     []Meta     // <wp:postmeta>
	Comments []Comment
	Line     int
}

// ItemTerm is a <category> element of an item: a term the item is filed
// under. Domain is the taxonomy: "category", "post_tag" (written "tag" by
// WXR 1.0, which this reader renames), or another.
type ItemTerm struct {
	Domain string
	Slug   string // the nicename attribute; "" in WXR 1.0 duplicates
	Name   string
}

// Meta is a key and value of post, term or comment meta. A value that
// WordPress serialized (a:1:{…}) is left as that string.
type Meta struct {
	Key   string
	Value string
}

// Comment is a <wp:comment> of an item.
type Comment struct {
	ID          int64
	Author      string // the name the commenter gave
	AuthorEmail string
	AuthorURL   string
	AuthorIP    string
	Date        string // site-local, "2006-01-02 15:04:05"
	DateGMT     string
	Content     string
	// Approved is "1" (approved), "0" (held), "spam" or "trash", as
	// WordPress stores it.
	Approved string
	Type     string // "" or "comment" for a comment, "pingback", "trackback"…
	Parent   int64  // ID of the comment this one answers, 0 at the top
	UserID   int64  // the commenter's user ID when logged in, else 0
	Meta     []Meta
}

func (*Author) record()   {}
func (*Category) record() {}
func (*Tag) record()      {}
func (*Term) record()     {}
func (*Item) record()     {}

// Categories returns the item's terms in the "category" taxonomy.
func (it *Item) Categories() []ItemTerm { return it.termsIn("category") }

// Tags returns the item's terms in the "post_tag" taxonomy.
func (it *Item) Tags() []ItemTerm { return it.termsIn("post_tag") }

func (it *Item) termsIn(domain string) []ItemTerm {
	var out []ItemTerm
	for _, t := range it.Terms {
		if t.Domain == domain {
			out = append(out, t)
		}
	}
	return out
}

// Reader reads a WXR file record by record. Set its fields before the
// first call to Site or Next.
type Reader struct {
	// RequireVersion refuses a file without <wp:wxr_version>, as
	// WordPress's own importer does. Off, such a file is read when it
	// declares a WordPress export namespace, and Site says so.
	RequireVersion bool

	// MaxRecordBytes caps the text held for one record (an item with
	// its comments, say); a record over it is a fault, as it means a
	// damaged file rather than a real post. 0 means
	// DefaultMaxRecordBytes.
	MaxRecordBytes int

	s        *scanner
	site     Site
	state    int
	pending  *token // a record's start tag, read ahead by Site
	err      error
	checked  bool
	recBytes int
}

const (
	stateStart = iota
	stateChannel
	stateDone
)

// NewReader returns a Reader of the export in r. The encoding is taken
// from a byte order mark or the XML declaration (UTF-8 when neither says).
// It reads r in chunks; wrap r in nothing.
func NewReader(r io.Reader) *Reader {
	return &Reader{s: newScanner(r)}
}

// Site returns the header of the export: the channel's fields up to its
// first record. Fields that a file puts after its records are only in
// what Site returns once Next has passed them.
func (r *Reader) Site() (Site, error) {
	if r.err == nil && r.state != stateDone && r.pending == nil {
		t, err := r.nextRecordStart()
		if err != nil {
			r.err = err
		} else if t != nil {
			tc := *t
			tc.attrs = slices.Clone(t.attrs)
			r.pending = &tc
		}
	}
	if r.err == io.EOF {
		return r.site, nil
	}
	return r.site, r.err
}

// Next returns the next record: an *Author, *Category, *Tag, *Term or
// *Item. At the end of the export it returns io.EOF; after a fault it
// returns that fault again.
func (r *Reader) Next() (Record, error) {
	if r.err != nil {
		return nil, r.err
	}
	rec, err := r.next()
	if err != nil {
		r.err = err
	}
	return rec, err
}

func (r *Reader) next() (Record, error) {
	t := r.pending
	r.pending = nil
	if t == nil {
		var err error
		if t, err = r.nextRecordStart(); err != nil {
			return nil, err
		}
	}
	if t == nil {
		return nil, io.EOF
	}
	r.recBytes = 0
	r.s.maxText = r.maxRecord()
	switch {
	case t.ns == nsNone && t.local == "item":
		return r.item(t.line)
	case t.local == "author" || t.local == "wp_author":
		return r.author(t.line)
	case t.local == "category":
		return r.category(t.line)
	case t.local == "tag":
		return r.tag(t.line)
	default:
		return r.term(t.line)
	}
}

func (r *Reader) maxRecord() int {
	if r.MaxRecordBytes > 0 {
		return r.MaxRecordBytes
	}
	return DefaultMaxRecordBytes
}

// nextRecordStart reads the channel up to the start tag of the next
// record, keeping header fields in r.site. It returns nil at the end of
// the channel.
func (r *Reader) nextRecordStart() (*token, error) {
	s := r.s
	if r.state == stateDone {
		return nil, nil
	}
	if r.state == stateStart {
		if err := r.openChannel(); err != nil {
			return nil, err
		}
		r.state = stateChannel
	}
	for {
		t, err := s.next()
		if err != nil {
			return nil, err
		}
		if t.end { // </channel>
			if err := r.checkVersion(t.line, t.col, "</channel>"); err != nil {
				return nil, err
			}
			r.state = stateDone
			return nil, r.finish()
		}
		if isRecord(t) {
			if err := r.checkVersion(t.line, t.col, "<"+t.qname+">"); err != nil {
				return nil, err
			}
			return t, nil
		}
		if err := r.header(t); err != nil {
			return nil, err
		}
	}
}

func isRecord(t *token) bool {
	switch t.ns {
	case nsNone:
		return t.local == "item"
	case nsWP:
		switch t.local {
		case "author", "wp_author", "category", "tag", "term":
			return true
		}
	}
	return false
}

func (r *Reader) openChannel() error {
	s := r.s
	t, err := s.next()
	if err != nil {
		return err
	}
	switch {
	case t.ns == nsNone && t.local == "rss":
	case t.local == "feed":
		return s.errorAt(t.line, t.col, "the file is an Atom feed, not a WordPress export")
	case t.local == "RDF":
		return s.errorAt(t.line, t.col, "the file is an RSS 1.0 feed, not a WordPress export")
	default:
		return s.errorAt(t.line, t.col, "the root element is <%s>, not <rss>: not a WordPress export", t.qname)
	}
	t, err = s.next()
	if err != nil {
		return err
	}
	if t.end {
		return s.errorAt(t.line, t.col, "<rss> holds no <channel>: not a WordPress export")
	}
	if t.ns != nsNone || t.local != "channel" {
		return s.errorAt(t.line, t.col, "<%s> where <channel> was expected inside <rss>", t.qname)
	}
	return nil
}

// finish reads what follows </channel>, up to the end of the root.
func (r *Reader) finish() error {
	for {
		_, err := r.s.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := r.s.skip(); err != nil {
			return err
		}
	}
}

func (r *Reader) checkVersion(line, col int, before string) error {
	if r.checked {
		return nil
	}
	r.checked = true
	switch {
	case r.site.VersionDeclared:
		return nil
	case r.RequireVersion:
		return r.s.errorAt(line, col, "no <wp:wxr_version> before %s: not a WordPress export, or one whose header is missing", before)
	case r.s.wpSeen == "":
		return r.s.errorAt(line, col, "no <wp:wxr_version> and no WordPress export namespace before %s: this looks like a plain RSS feed, not a WordPress export", before)
	}
	r.site.Version = r.s.wpSeen
	return nil
}

// header reads a child of <channel> that is not a record.
func (r *Reader) header(t *token) error {
	var dst *string
	switch t.ns {
	case nsNone:
		switch t.local {
		case "title":
			dst = &r.site.Title
		case "link":
			dst = &r.site.Link
		case "description":
			dst = &r.site.Description
		case "language":
			dst = &r.site.Language
		case "pubDate":
			dst = &r.site.PubDate
		case "generator":
			dst = &r.site.Generator
		}
	case nsWP:
		switch t.local {
		case "base_site_url":
			dst = &r.site.BaseSiteURL
		case "base_blog_url":
			dst = &r.site.BaseBlogURL
		case "wxr_version":
			line, col := t.line, t.col
			v, err := r.s.text()
			if err != nil {
				return err
			}
			v = strings.TrimSpace(v)
			if !isVersion(v) {
				return r.s.errorAt(line, col, "the WXR version in <wp:wxr_version> is %q, not a number such as 1.2: this does not look like a WordPress export", v)
			}
			if !r.site.VersionDeclared {
				r.site.Version, r.site.VersionDeclared = v, true
			}
			return nil
		}
	}
	if dst == nil {
		return r.s.skip()
	}
	v, err := r.s.text()
	if err != nil {
		return err
	}
	if *dst == "" {
		*dst = strings.TrimSpace(v)
	}
	return nil
}

// isVersion reports whether v is digits, a dot and digits.
func isVersion(v string) bool {
	major, minor, ok := strings.Cut(v, ".")
	return ok && isDigits(major) && isDigits(minor)
}

func isDigits(s string) bool {
	if s == "" || len(s) > 9 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// field is where a field starts, kept because reading it moves the token.
type field struct {
	qname     string
	line, col int
}

func at(t *token) field { return field{t.qname, t.line, t.col} }

// children calls f with each child element of the element just opened,
// up to its end tag. f must consume the child (text, skip or a record
// reader).
func (r *Reader) children(f func(t *token) error) error {
	for {
		t, err := r.s.next()
		if err != nil {
			return err
		}
		if t.end {
			return nil
		}
		if err := f(t); err != nil {
			return err
		}
	}
}

// text reads a field kept exactly.
func (r *Reader) text(f field) (string, error) {
	v, err := r.s.text()
	if err != nil {
		return "", err
	}
	return v, r.count(len(v), f)
}

// partCost is what a meta, term or comment costs beyond its text, so
// that a record of a million empty parts also meets the limit.
const partCost = 64

// count adds n bytes to what the current record holds.
func (r *Reader) count(n int, f field) error {
	r.recBytes += n
	if r.recBytes > r.maxRecord() {
		return r.s.errorAt(f.line, f.col, "the record holds more than %s of text; the export looks damaged", size(r.maxRecord()))
	}
	return nil
}

func size(n int) string {
	if n >= 1<<20 {
		return strconv.Itoa(n>>20) + " MiB"
	}
	return strconv.Itoa(n) + " bytes"
}

// setText sets *dst to the field's text unless an earlier field of the
// same name set it: the first non-empty value counts.
func (r *Reader) setText(dst *string, t *token) error {
	v, err := r.text(at(t))
	if err == nil && *dst == "" {
		*dst = v
	}
	return err
}

// setWord is setText for single-word fields, trimmed.
func (r *Reader) setWord(dst *string, t *token) error {
	v, err := r.text(at(t))
	if err == nil && *dst == "" {
		*dst = strings.TrimSpace(v)
	}
	return err
}

// setInt reads a whole number; empty is 0.
func (r *Reader) setInt(dst *int64, t *token) error {
	f := at(t)
	v, err := r.text(f)
	if err != nil {
		return err
	}
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return r.s.errorAt(f.line, f.col, "<%s> is %q, not a whole number", f.qname, v)
	}
	if *dst == 0 {
		*dst = n
	}
	return nil
}

func (r *Reader) author(line int) (*Author, error) {
	a := &Author{Line: line}
	err := r.children(func(t *token) error {
		if t.ns == nsWP {
			switch t.local {
			case "author_id":
				return r.setInt(&a.ID, t)
			case "author_login":
				return r.setWord(&a.Login, t)
			case "author_email":
				return r.setWord(&a.Email, t)
			case "author_display_name":
				return r.setText(&a.DisplayName, t)
			case "author_first_name":
				return r.setText(&a.FirstName, t)
			case "author_last_name":
				return r.setText(&a.LastName, t)
			}
		}
		return r.s.skip()
	})
	return a, err
}

func (r *Reader) category(line int) (*Category, error) {
	c := &Category{Line: line}
	err := r.children(func(t *token) error {
		if t.ns == nsWP {
			switch t.local {
			case "term_id":
				return r.setInt(&c.ID, t)
			case "category_nicename":
				return r.setWord(&c.Slug, t)
			case "category_parent":
				return r.setWord(&c.Parent, t)
			case "cat_name":
				return r.setText(&c.Name, t)
			case "category_description":
				return r.setText(&c.Description, t)
			case "termmeta":
				return r.meta(&c.Meta, t)
			}
		}
		return r.s.skip()
	})
	return c, err
}

func (r *Reader) tag(line int) (*Tag, error) {
	g := &Tag{Line: line}
	err := r.children(func(t *token) error {
		if t.ns == nsWP {
			switch t.local {
			case "term_id":
				return r.setInt(&g.ID, t)
			case "tag_slug":
				return r.setWord(&g.Slug, t)
			case "tag_name":
				return r.setText(&g.Name, t)
			case "tag_description":
				return r.setText(&g.Description, t)
			case "termmeta":
				return r.meta(&g.Meta, t)
			}
		}
		return r.s.skip()
	})
	return g, err
}

func (r *Reader) term(line int) (*Term, error) {
	m := &Term{Line: line}
	err := r.children(func(t *token) error {
		if t.ns == nsWP {
			switch t.local {
			case "term_id":
				return r.setInt(&m.ID, t)
			case "term_taxonomy":
				return r.setWord(&m.Taxonomy, t)
			case "term_slug":
				return r.setWord(&m.Slug, t)
			case "term_parent":
				return r.setWord(&m.Parent, t)
			case "term_name":
				return r.setText(&m.Name, t)
			case "term_description":
				return r.setText(&m.Description, t)
			case "termmeta":
				return r.meta(&m.Meta, t)
			}
		}
		return r.s.skip()
	})
	return m, err
}

// meta reads a <wp:postmeta>, <wp:termmeta> or <wp:commentmeta>.
func (r *Reader) meta(dst *[]Meta, t *token) error {
	if err := r.count(partCost, at(t)); err != nil {
		return err
	}
	var m Meta
	err := r.children(func(t *token) error {
		if t.ns == nsWP {
			switch t.local {
			case "meta_key":
				return r.setWord(&m.Key, t)
			case "meta_value":
				return r.setText(&m.Value, t)
			}
		}
		return r.s.skip()
	})
	if err == nil {
		*dst = append(*dst, m)
	}
	return err
}

func (r *Reader) item(line int) (*Item, error) {
	it := &Item{Line: line}
	var wpAuthor, sticky string
	err := r.children(func(t *token) error {
		switch t.ns {
		case nsNone:
			switch t.local {
			case "title":
				return r.setText(&it.Title, t)
			case "link":
				return r.setWord(&it.Link, t)
			case "guid":
				if v, ok := t.attr("isPermaLink"); it.GUID == "" {
					// RSS: a guid is a permalink unless it says it is not.
					it.GUIDIsPermaLink = !ok || strings.TrimSpace(v) != "false"
				}
				return r.setWord(&it.GUID, t)
			case "pubDate":
				return r.setWord(&it.PubDate, t)
			case "description":
				return r.setText(&it.Description, t)
			case "category":
				return r.itemTerm(it, t)
			}
		case nsDC:
			if t.local == "creator" {
				return r.setWord(&it.Author, t)
			}
		case nsContent:
			if t.local == "encoded" {
				return r.setText(&it.Content, t)
			}
		case nsExcerpt:
			if t.local == "encoded" {
				return r.setText(&it.Excerpt, t)
			}
		case nsWP:
			switch t.local {
			case "post_id":
				return r.setInt(&it.ID, t)
			case "post_date":
				return r.setWord(&it.PostDate, t)
			case "post_date_gmt":
				return r.setWord(&it.PostDateGMT, t)
			case "post_modified":
				return r.setWord(&it.PostModified, t)
			case "post_modified_gmt":
				return r.setWord(&it.PostModifiedGMT, t)
			case "comment_status":
				return r.setWord(&it.CommentStatus, t)
			case "ping_status":
				return r.setWord(&it.PingStatus, t)
			case "post_name":
				return r.setWord(&it.Name, t)
			case "status":
				return r.setWord(&it.Status, t)
			case "post_parent":
				return r.setInt(&it.Parent, t)
			case "menu_order":
				return r.setInt(&it.MenuOrder, t)
			case "post_type":
				return r.setWord(&it.Type, t)
			case "post_password":
				return r.setText(&it.Password, t)
			case "is_sticky":
				return r.setWord(&sticky, t)
			case "attachment_url":
				return r.setWord(&it.AttachmentURL, t)
			case "author":
				// Not WXR, but some hand-made exports name the author so.
				return r.setWord(&wpAuthor, t)
			case "postmeta":
				return r.meta(&it.Meta, t)
			case "comment":
				return r.comment(it, t)
			}
		}
		return r.s.skip()
	})
	if err != nil {
		return nil, err
	}
	if it.Author == "" {
		it.Author = wpAuthor
	}
	it.Sticky = sticky == "1"
	it.Terms = dedupeTerms(it.Terms)
	return it, nil
}

func (r *Reader) itemTerm(it *Item, t *token) error {
	domain, _ := t.attr("domain")
	slug, _ := t.attr("nicename")
	f := at(t)
	name, err := r.text(f)
	if err != nil {
		return err
	}
	if err := r.count(partCost+len(domain)+len(slug), f); err != nil {
		return err
	}
	domain = strings.TrimSpace(domain)
	switch domain {
	case "":
		domain = "category"
	case "tag":
		domain = "post_tag"
	}
	it.Terms = append(it.Terms, ItemTerm{Domain: domain, Slug: strings.TrimSpace(slug), Name: name})
	return nil
}

// dedupeTerms drops a term without a slug when the item has the same
// term with one: WXR 1.0 writes each category twice, bare and with its
// nicename.
func dedupeTerms(terms []ItemTerm) []ItemTerm {
	out := terms[:0]
	for _, t := range terms {
		if t.Slug == "" && slices.ContainsFunc(terms, func(u ItemTerm) bool {
			return u.Slug != "" && u.Domain == t.Domain && u.Name == t.Name
		}) {
			continue
		}
		out = append(out, t)
	}
	return out
}

func (r *Reader) comment(it *Item, t *token) error {
	if err := r.count(partCost, at(t)); err != nil {
		return err
	}
	var c Comment
	err := r.children(func(t *token) error {
		if t.ns == nsWP {
			switch t.local {
			case "comment_id":
				return r.setInt(&c.ID, t)
			case "comment_author":
				return r.setText(&c.Author, t)
			case "comment_author_email":
				return r.setWord(&c.AuthorEmail, t)
			case "comment_author_url":
				return r.setWord(&c.AuthorURL, t)
			case "comment_author_IP":
				return r.setWord(&c.AuthorIP, t)
			case "comment_date":
				return r.setWord(&c.Date, t)
			case "comment_date_gmt":
				return r.setWord(&c.DateGMT, t)
			case "comment_content":
				return r.setText(&c.Content, t)
			case "comment_approved":
				return r.setWord(&c.Approved, t)
			case "comment_type":
				return r.setWord(&c.Type, t)
			case "comment_parent":
				return r.setInt(&c.Parent, t)
			case "comment_user_id":
				return r.setInt(&c.UserID, t)
			case "commentmeta":
				return r.meta(&c.Meta, t)
			}
		}
		return r.s.skip()
	})
	if err == nil {
		it.Comments = append(it.Comments, c)
	}
	return err
}

func invalid(msg string) error { return burg.Errorf(burg.EINVALID, "%s", msg) }
