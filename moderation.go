package burg

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// States of a comment. Only live comments are shown to readers and
// counted; a redacted or removed one keeps its place and number with a
// note instead of its text; a held one is shown to nobody but its writer
// and the moderators until one of them decides.
const (
	CommentLive     = "live"     // shown to everyone
	CommentHeld     = "held"     // waiting for a moderator
	CommentRedacted = "redacted" // removed by a moderator, with a reason readers see
	CommentRemoved  = "removed"  // removed by its writer
)

// ValidCommentState reports whether s is one of the Comment… states.
func ValidCommentState(s string) bool {
	return s == CommentLive || s == CommentHeld || s == CommentRedacted || s == CommentRemoved
}

// FormTokenTTL is how long a comment form's token may be sent back after
// the form was served; the store remembers a used token as long.
const FormTokenTTL = 24 * time.Hour

// AddrKey returns the key an address is compared and ordered by: its 16
// bytes (an IPv4 address in its IPv4-mapped form) as 32 hex digits, so
// that a network is a range of keys in both SQL dialects. An address that
// does not parse has the key "".
func AddrKey(ip string) string {
	a, err := netip.ParseAddr(strings.TrimSpace(ip))
	if err != nil {
		return ""
	}
	b := a.Unmap().WithZone("").As16() // IPv4 comes back IPv4-mapped
	return hex.EncodeToString(b[:])
}

// PrefixKeys returns the first and the last AddrKey of a network.
func PrefixKeys(p netip.Prefix) (lo, hi string) {
	p = p.Masked()
	bits := p.Bits()
	if p.Addr().Is4() {
		bits += 96
	}
	b := p.Addr().As16()
	lo = hex.EncodeToString(b[:])
	for i := range 16 {
		switch {
		case bits >= (i+1)*8:
		case bits <= i*8:
			b[i] = 0xff
		default:
			b[i] |= 0xff >> (bits - i*8)
		}
	}
	return lo, hex.EncodeToString(b[:])
}

// ParseNet reads an address or a network typed as 203.0.113.7,
// 203.0.113.0/24 or 2001:db8::/48: an address is a network of its own.
func ParseNet(v string) (netip.Prefix, error) {
	v = strings.TrimSpace(v)
	if a, err := netip.ParseAddr(v); err == nil {
		a = a.Unmap().WithZone("")
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(v)
	if err != nil {
		return netip.Prefix{}, Errorf(EINVALID, "%q is not an address or a network such as 203.0.113.0/24.", Clip(v, 60))
	}
	if p.Addr().Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	return p.Masked(), nil
}

// Network returns the network an address is grouped with, as moderators
// see it: its /24 for IPv4 and its /48 for IPv6, where one person or one
// provider's customer usually stays; "" for an address that does not
// parse.
func Network(ip string) string {
	a, err := netip.ParseAddr(strings.TrimSpace(ip))
	if err != nil {
		return ""
	}
	a = a.Unmap().WithZone("")
	bits := 48
	if a.Is4() {
		bits = 24
	}
	p, _ := a.Prefix(bits)
	return p.String()
}

// TextKey returns the key two comments with the same text share whatever
// their case, spacing and punctuation: a hash of its letters and digits,
// lower-cased. A text with fewer than minTextKeyLen letters and digits,
// such as "Thanks!", has the key "": short replies repeat innocently.
func TextKey(body string) string {
	var b strings.Builder
	b.Grow(len(body))
	n := 0
	for _, r := range body {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
			n++
		}
	}
	if n < minTextKeyLen {
		return ""
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:16])
}

// minTextKeyLen is how many letters and digits a text needs to have a
// TextKey.
const minTextKeyLen = 30

// CommentFilter selects comments for the moderators' search. Zero fields
// do not filter; results are newest first.
type CommentFilter struct {
	IDs       []int64
	PostID    int64
	Nick      string // the nick exactly, ignoring case
	VisitorID string
	// Net keeps comments from addresses within it when valid; an address
	// is a network of one.
	Net netip.Prefix
	// Since and Until bound the time a comment was made: [Since, Until).
	Since, Until time.Time
	// Text keeps comments whose text holds it, ignoring case.
	Text   string
	States []string

	Offset int
	Limit  int // 0 means 50
}

// Empty reports whether f selects every comment there is.
func (f CommentFilter) Empty() bool {
	return len(f.IDs) == 0 && f.PostID == 0 && f.Nick == "" && f.VisitorID == "" && !f.Net.IsValid() &&
		f.Since.IsZero() && f.Until.IsZero() && f.Text == "" && len(f.States) == 0
}

// CommentModeration changes the state of comments, many at once.
type CommentModeration struct {
	IDs []int64
	// From are the states a comment must be in to change; comments in
	// others are left as they are. Purged comments never change.
	From []string
	To   string
	// Reason is what readers see of a redacted comment.
	Reason string
	// UserID is the moderator, 0 for the operator.
	UserID int64
	// Audit, when set, is recorded in the same transaction, its Count
	// set to the number of comments changed (none are recorded when none
	// changed).
	Audit *AuditEntry
}

// Moderated is what a moderation changed: how many comments, on which
// posts.
type Moderated struct {
	Changed int
	Posts   []int64 // ascending
}

// Kinds of audited action, each "what.how".
const (
	AuditCommentRedact  = "comment.redact"
	AuditCommentRestore = "comment.restore"
	AuditCommentApprove = "comment.approve"
	AuditCommentEdit    = "comment.edit"
	AuditCommentPurge   = "comment.purge"
	AuditBanAdd         = "ban.add"
	AuditBanLift        = "ban.lift"
	AuditWordAdd        = "word.add"
	AuditWordRemove     = "word.remove"
	AuditPostEdit       = "post.edit"
	AuditPostRetag      = "post.retag"
	AuditPostClose      = "post.close"
	AuditPostReopen     = "post.reopen"
	AuditPostDelete     = "post.delete"
	AuditPostRestore    = "post.restore"
	AuditSubmitApprove  = "submission.approve"
	AuditSubmitReject   = "submission.reject"
	AuditUserAdd        = "user.add"
	AuditUserRole       = "user.role"
	AuditUserDisable    = "user.disable"
	AuditUserEnable     = "user.enable"
	AuditUserPassword   = "user.password"
	AuditSettings       = "settings"
	AuditSourceSet      = "source.set"
	AuditSourceDelete   = "source.delete"
)

// AuditEntry is one line of the audit log: who did what, to what, when
// and why. A bulk action is one entry with its count.
type AuditEntry struct {
	ID     int64
	At     time.Time
	UserID int64  // 0: the operator at the command line, or the site's own jobs
	Action string // one of the Audit… kinds
	// Target names what was acted on without private data: "comment 42",
	// "post 7", "ban 3", "user Gorse", "17 comments".
	Target string
	PostID int64 // the post concerned, when one
	Count  int   // how many things it touched
	Reason string
	// Detail holds what only moderators may read: the filter of a bulk
	// action, a ban's address, a setting's values.
	Detail string

	// Filled by the store on reads.
	User *User
}

// Limits on audit fields.
const (
	maxAuditText   = 1000
	maxAuditDetail = 4000
)

// Validate checks and tidies an entry before it is stored: long texts are
// clipped rather than refused, as the action is done already.
func (e *AuditEntry) Validate() error {
	if e.Action == "" || len(e.Action) > 40 {
		return Errorf(EINVALID, "An audit entry needs its action.")
	}
	e.Target = Clip(strings.ToValidUTF8(e.Target, "?"), 200)
	e.Reason = Clip(strings.ToValidUTF8(e.Reason, "?"), maxAuditText)
	e.Detail = Clip(strings.ToValidUTF8(e.Detail, "?"), maxAuditDetail)
	if e.Count < 0 {
		e.Count = 0
	}
	return nil
}

// AuditFilter selects audit entries; zero fields do not filter. Results
// are newest first.
type AuditFilter struct {
	UserID int64
	// Operator keeps only entries without a user: the command line and
	// the site's own jobs.
	Operator bool
	// Action keeps entries of that kind; one ending in "." keeps a family
	// ("comment.").
	Action string
	PostID int64
	// Actions keeps only entries of these kinds (the public log).
	Actions      []string
	Since, Until time.Time

	Offset int
	Limit  int // 0 means 100
}

// AuditStore keeps the audit log.
type AuditStore interface {
	// AddAudit records e and sets its ID and At.
	AddAudit(ctx context.Context, e *AuditEntry) error
	// FindAudit returns the entries matching f with their users, and the
	// number of all matching entries.
	FindAudit(ctx context.Context, f AuditFilter) ([]*AuditEntry, int, error)
}

// What a blocked word does to a comment that has it.
const (
	WordHold   = "hold"   // the comment waits for a moderator
	WordReject = "reject" // the comment is refused
)

// MaxWordLen bounds a blocked word or phrase.
const MaxWordLen = 100

// BlockedWord is a word or phrase moderators keep out of comments.
type BlockedWord struct {
	ID     int64
	Word   string
	Action string // WordHold or WordReject
	// Key is what the word is matched by, so that look-alikes share it;
	// the application layer computes it and the store keeps one word per
	// key.
	Key       string
	UserID    int64
	CreatedAt time.Time
}

// Validate checks a blocked word and trims it.
func (w *BlockedWord) Validate() error {
	w.Word = strings.Join(strings.Fields(w.Word), " ")
	switch {
	case !utf8.ValidString(w.Word):
		return Errorf(EINVALID, "The word has text that is not valid UTF-8.")
	case w.Word == "":
		return Errorf(EINVALID, "Type the word or phrase to block.")
	case utf8.RuneCountInString(w.Word) > MaxWordLen:
		return Errorf(EINVALID, "A blocked phrase is at most %d characters.", MaxWordLen)
	case w.Action != WordHold && w.Action != WordReject:
		return Errorf(EINVALID, "Say whether a comment with the word is held for review or rejected.")
	}
	for _, r := range w.Word {
		if unicode.IsControl(r) {
			return Errorf(EINVALID, "A blocked word may not contain control characters.")
		}
	}
	return nil
}

// ModerationStore keeps what moderators decide about comments beyond
// their text: states, blocked words, and the finds their search needs.
type ModerationStore interface {
	// SearchComments returns the comments matching f, newest first, with
	// their posts' titles, and the number of all matching.
	SearchComments(ctx context.Context, f CommentFilter) ([]*Comment, int, error)
	// ModerateComments changes the states of m.IDs that are in m.From to
	// m.To, recounts their posts' live comments and records m.Audit, all
	// in one transaction.
	ModerateComments(ctx context.Context, m CommentModeration) (Moderated, error)
	// PurgeComments deletes for good the text (and e-mail, website and
	// earlier texts) of up to limit redacted or removed comments removed
	// before the time given, keeping their places; it records audit with
	// the count when any were purged.
	PurgeComments(ctx context.Context, before time.Time, limit int, audit *AuditEntry) (Moderated, error)
	// CountTextElsewhere counts the posts other than postID with a
	// comment of the text key made at or after since.
	CountTextElsewhere(ctx context.Context, textKey string, postID int64, since time.Time) (int, error)

	// FindBlockedWords returns the blocked words, alphabetically.
	FindBlockedWords(ctx context.Context) ([]*BlockedWord, error)
	// AddBlockedWord stores w and sets its ID and CreatedAt; ECONFLICT
	// when a word with its key is kept already.
	AddBlockedWord(ctx context.Context, w *BlockedWord) error
	// DeleteBlockedWord removes a word; ENOTFOUND when there is none.
	DeleteBlockedWord(ctx context.Context, id int64) error
	// CreateBans stores several bans in one transaction, as CreateBan does.
	CreateBans(ctx context.Context, bs []*Ban) error
}

// Keys of the moderation settings, kept with the other site settings.
const (
	// SettingFirstCommentHold holds "on" when a new visitor's first
	// comment waits for a moderator.
	SettingFirstCommentHold = "first_comment_hold"
	// SettingReadOnly holds "on" while the site takes no comments or
	// submissions.
	SettingReadOnly = "read_only"
	// SettingPublicLog holds "on" when the moderation log is public.
	SettingPublicLog = "public_mod_log"
	// SettingPurgeAfter holds the days a removed comment's text is kept.
	SettingPurgeAfter = "purge_after_days"
	// SettingSpamHold and SettingSpamRefuse hold the spam scores at which
	// a comment is held and refused.
	SettingSpamHold   = "spam_hold"
	SettingSpamRefuse = "spam_refuse"
)
