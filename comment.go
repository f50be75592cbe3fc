package burg

import (
	"context"
	"net/mail"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Comment is a reader's comment on a post, made under a nickname.
type Comment struct {
	ID        int64 // global and permanent: the anchor #c<ID>
	PostID    int64
	Num       int // 1, 2, … within the post
	Nick      string
	Email     string // never shown
	Website   string
	Body      string // markup source; rendered only through internal/markup
	VisitorID string
	IP        string
	UserID    int64 // the registered user who wrote it, 0 for anonymous
	CreatedAt time.Time
	UpdatedAt time.Time
	// State is one of the Comment… states; CreateComment takes "" as
	// live.
	State string
	// DeletedAt is set while the comment is removed, by its writer or a
	// moderator; DeleteReason says why (readers see a moderator's
	// reason).
	DeletedAt    *time.Time
	DeleteReason string
	// ParentID is the comment this one answers, 0 for none: threads
	// brought over from WordPress keep their replies. It names a comment
	// of the same post.
	ParentID int64
	// PurgedAt is set once the text of a removed comment was deleted for
	// good.
	PurgedAt *time.Time
	// Score is the spam score the rules gave the comment, and Signals
	// their reasons, for moderators.
	Score   int
	Signals string
	// ModeratedBy is the moderator who last changed its state, 0 for
	// none or the operator.
	ModeratedBy int64

	// FormNonce, when set on CreateComment, is the nonce of the form's
	// token: the store records it as used in the same transaction, and
	// refuses a second comment with it (ECONFLICT) for FormTokenTTL.
	FormNonce string

	// Filled by the store on reads.
	User      *User  // when UserID is set
	PostTitle string // for lists of comments across posts
	PostSlug  string
}

// Limits on comment fields.
const (
	MaxNickLen        = 40
	MaxCommentLen     = 10_000
	MaxEmailLen       = 254
	MaxWebsiteLen     = 500
	OwnEditWindow     = 15 * time.Minute
	DuplicateWindow   = time.Minute
	LatestCommentsLen = 20
)

// Validate checks the fields a commenter types. Nick is expected cleaned
// already (trimmed, spaces collapsed) by the caller's nick rules.
func (c *Comment) Validate() error {
	n := utf8.RuneCountInString(c.Nick)
	switch {
	case strings.TrimSpace(c.Nick) == "":
		return Errorf(EINVALID, "Please give your name.")
	case n > MaxNickLen:
		return Errorf(EINVALID, "Your name is longer than %d characters.", MaxNickLen)
	case strings.TrimSpace(c.Body) == "":
		return Errorf(EINVALID, "The comment is empty.")
	case utf8.RuneCountInString(c.Body) > MaxCommentLen:
		return Errorf(EINVALID, "The comment is longer than %d characters.", MaxCommentLen)
	case !utf8.ValidString(c.Body) || !utf8.ValidString(c.Nick) || !utf8.ValidString(c.Email) || !utf8.ValidString(c.Website):
		return Errorf(EINVALID, "The comment has text that is not valid UTF-8.")
	case c.PostID == 0:
		return Errorf(EINVALID, "A comment needs a post.")
	}
	for _, r := range c.Nick {
		if unicode.IsControl(r) {
			return Errorf(EINVALID, "Your name may not contain control characters.")
		}
	}
	if c.Email != "" {
		a, err := mail.ParseAddress(c.Email)
		if err != nil || a.Address != c.Email || len(c.Email) > MaxEmailLen || !strings.Contains(c.Email[strings.LastIndexByte(c.Email, '@'):], ".") {
			return Errorf(EINVALID, "%q does not look like an e-mail address.", Clip(c.Email, 60))
		}
	}
	if c.Website != "" {
		u, err := url.Parse(c.Website)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(c.Website) > MaxWebsiteLen ||
			strings.ContainsAny(c.Website, " \t\r\n\"'<>") {
			return Errorf(EINVALID, "The website must be an address starting with http:// or https://.")
		}
	}
	return nil
}

// NormalizeWebsite adds https:// to a typed address without a scheme, so
// that "example.org" is accepted.
func NormalizeWebsite(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.Contains(s, "://") {
		return s
	}
	return "https://" + s
}

// EditableBy reports whether the visitor may still edit or delete c: the
// writer, from the same visitor cookie, within OwnEditWindow, while it is
// live or held.
func (c *Comment) EditableBy(visitorID string, now time.Time) bool {
	return visitorID != "" && c.VisitorID == visitorID && c.DeletedAt == nil && (c.Live() || c.State == CommentHeld) &&
		now.Sub(c.CreatedAt) < OwnEditWindow
}

// Live reports whether readers see c.
func (c *Comment) Live() bool { return c.State == CommentLive || c.State == "" }

// CommentRevision is an earlier text of an edited comment.
type CommentRevision struct {
	CommentID int64
	Body      string
	EditedAt  time.Time // when this text was replaced
}

// CommentStore keeps comments and what they change.
type CommentStore interface {
	// CreateComment stores c live or held (its State), numbers it within
	// its post, updates the post's counters (for a live one) and the
	// visitor's record, and sets ID, Num, State and CreatedAt. The same
	// visitor posting the same text on the same post within
	// DuplicateWindow gets the first comment back instead of a second
	// one. A FormNonce used before is ECONFLICT.
	CreateComment(ctx context.Context, c *Comment) error
	// CreateComments stores many comments in one transaction, for demo
	// content, imports and load tests. Each is stored as given: its times
	// (CreatedAt now when zero, UpdatedAt CreatedAt when zero), visitor,
	// address, user and removal are kept. Comments are numbered within
	// their posts after the comments there, in the order given, which
	// should be that of CreatedAt; ID and Num are set once all are stored.
	// The posts' counts and latest comments end up as CreateComment (and
	// DeleteComment for the removed ones) would leave them. Each visitor's
	// record counts its comments, removed ones too, takes the nick of its
	// first comment unless it has one, and stretches its first and last
	// times over the comments' times. There is no duplicate check. An
	// invalid comment, or one on a missing post, fails the whole call,
	// naming its index, and nothing is stored.
	CreateComments(ctx context.Context, cs []*Comment) error
	// FindComment returns one comment, removed or not, or ENOTFOUND.
	FindComment(ctx context.Context, id int64) (*Comment, error)
	// FindComments returns the comments of a post in order, removed ones
	// included (pages show them as removed).
	FindComments(ctx context.Context, postID int64) ([]*Comment, error)
	// FindCommentsAfter returns the comments of a post with IDs above
	// afterID, in order, for live updates.
	FindCommentsAfter(ctx context.Context, postID, afterID int64) ([]*Comment, error)
	// FindCommentsFrom returns the comments of a post numbered above
	// afterNum, in order: what came since a reading of the thread. A
	// post's comments take their numbers in the order they commit, so no
	// comment committed later has a lower number.
	FindCommentsFrom(ctx context.Context, postID int64, afterNum int) ([]*Comment, error)
	// FindLatestComments returns the newest live comments across live
	// posts, with their posts' titles.
	FindLatestComments(ctx context.Context, n int) ([]*Comment, error)
	// UpdateCommentBody replaces the text of a comment, keeping the old
	// one as a revision.
	UpdateCommentBody(ctx context.Context, id int64, body string) error
	// DeleteComment marks a comment removed by its writer with a reason;
	// the text is kept until purged.
	DeleteComment(ctx context.Context, id int64, reason string) error
	// FindCommentRevisions returns the earlier texts of a comment, oldest
	// first.
	FindCommentRevisions(ctx context.Context, id int64) ([]CommentRevision, error)
	// FindVisitor returns what is remembered of a visitor, or ENOTFOUND.
	FindVisitor(ctx context.Context, id string) (*Visitor, error)
	// TouchVisitors records the last visit times of visitors in one batch.
	TouchVisitors(ctx context.Context, visits map[string]time.Time) error
}
