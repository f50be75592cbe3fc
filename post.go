package burg

import (
	"context"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Post is a news item: an excerpt of an outside source (often translated)
// or an original piece, filed into a section and under tags.
type Post struct {
	ID         int64
	SectionID  int64
	Title      string
	Slug       string
	SourceURL  string // the item's source; "" for an original piece
	SourceTag  string // short name shown in brackets, e.g. "KavkazUzel"
	SourceLang string // BCP 47 language of the source, e.g. "ru"
	Note       string // translation note, e.g. "Direct translation via Apertium. Edited."
	Body       string // markup source; rendered only through internal/markup
	// BodyHTML is the body as pages show it: the HTML internal/markup
	// makes of Body with the house voice applied (internal/voice), made
	// when the post is saved and again when the dictionary changes; ""
	// while the post has never been rendered.
	BodyHTML string
	// Text is the body as plain text, for search, feeds and excerpts,
	// made with BodyHTML. A post stored unrendered keeps its markup
	// source there instead, as the migration that added it did for older
	// posts, so that it is still found.
	Text string
	// NoDecoration switches the house voice off for this post: BodyHTML
	// is then markup's alone, without swaps or name boxes.
	NoDecoration bool
	// RenderVersion is the dictionary version (RenderStore.
	// DictionaryVersion) BodyHTML was made with; 0 when the post was
	// never rendered.
	RenderVersion int64
	// Terms are the entries and swaps of the dictionary the body
	// mentions, as its rendering found them, so that a change to one
	// finds the posts to render again. Stored with the rendering; reads
	// fill them only in ClaimRenders.
	Terms []TermRef
	// Render, when set, makes the post's stored rendering: CreatePost,
	// CreatePosts, ApproveSubmission and UpdatePost call it in their
	// transaction once the post has its ID (which seeds the house
	// voice), and store the BodyHTML, Text, Terms and RenderVersion it
	// sets. Without it CreatePost stores the post unrendered, whatever
	// those fields hold (pages trust BodyHTML as HTML, so only the
	// renderer may make it), and UpdatePost leaves the stored ones alone.
	// Never stored.
	Render func(*Post) `json:"-"`
	// OriginalBody is the source's text before translation, kept so that
	// a translation can be checked and redone; "" when not translated.
	OriginalBody string
	PosterID     int64
	// SubmittedBy is the nick of the reader who sent the link in, when a
	// moderator published it from the queue; "" otherwise.
	SubmittedBy string
	PostedAt    time.Time
	UpdatedAt   time.Time
	// DeletedAt is set on a post a moderator deleted; readers do not see
	// it, moderators may restore it.
	DeletedAt *time.Time
	// CommentsCloseAt overrides the site's closing age for this post when
	// set.
	CommentsCloseAt *time.Time
	Views           int64
	CommentCount    int
	LastCommentAt   *time.Time
	LastCommentNick string

	// Filled by the store on reads.
	Section *Section
	Poster  *User
	Tags    []*Tag
	// Remarks are the moderators' editorial remarks, oldest first, with
	// their users. CreatePost stores those given (for imported and demo
	// content); afterwards remarks are added one by one with AddRemark.
	Remarks []*Remark
}

// Limits on post fields.
const (
	MaxTitleLen = 300
	MaxBodyLen  = 200_000
	MaxNoteLen  = 300
)

// Validate reports whether p may be stored.
func (p *Post) Validate() error {
	title := strings.TrimSpace(p.Title)
	switch {
	case title == "":
		return Errorf(EINVALID, "A post needs a title.")
	case utf8.RuneCountInString(title) > MaxTitleLen:
		return Errorf(EINVALID, "The title is longer than %d characters.", MaxTitleLen)
	case len(p.Body) > MaxBodyLen || len(p.OriginalBody) > MaxBodyLen || len(p.Text) > MaxBodyLen:
		return Errorf(EINVALID, "The text is longer than %d bytes.", MaxBodyLen)
	case utf8.RuneCountInString(p.Note) > MaxNoteLen:
		return Errorf(EINVALID, "The note is longer than %d characters.", MaxNoteLen)
	case p.SectionID == 0:
		return Errorf(EINVALID, "Pick a section for the post.")
	case p.PosterID == 0:
		return Errorf(EINVALID, "A post needs a poster.")
	case p.PostedAt.IsZero():
		return Errorf(EINVALID, "A post needs a time.")
	}
	if p.SourceURL != "" {
		u, err := url.Parse(p.SourceURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return Errorf(EINVALID, "The source must be an http or https URL.")
		}
	}
	if p.Slug != "" && !ValidSlug(p.Slug) {
		return Errorf(EINVALID, "Post slug %q must be lower-case letters, digits and dashes.", p.Slug)
	}
	return nil
}

// CommentsOpen reports whether comments are open on p at now, given the
// site's default closing age. The post's own CommentsCloseAt wins when set.
func (p *Post) CommentsOpen(now time.Time, siteAge time.Duration) bool {
	if p.CommentsCloseAt != nil {
		return now.Before(*p.CommentsCloseAt)
	}
	if siteAge <= 0 {
		return true
	}
	return now.Before(p.PostedAt.Add(siteAge))
}

// PostFilter selects posts. Zero fields do not filter. Results are newest
// first unless Oldest is set.
type PostFilter struct {
	SectionID int64
	PageID    int64
	TagID     int64
	PosterID  int64
	From      time.Time // PostedAt >= From
	Until     time.Time // PostedAt < Until
	Oldest    bool      // oldest first
	// Words keeps posts whose title holds every word, case-insensitively.
	Words string
	// Before keeps the posts that come after the cursor in a listing
	// newest first (older ones), After those that come before it (newer
	// ones, still listed newest first): keyset pagination, so that a page
	// deep in a twenty-year archive costs what the first does. With
	// either, Offset and Oldest are ignored.
	Before, After *PostCursor

	Offset int
	Limit  int // 0 means the store's default

	// Listing leaves out the texts a listing of posts does not show, the
	// bulk of a post's row: its plain text (Text), the source's text
	// before translation (OriginalBody), and the markup source (Body) of
	// a post stored rendered (BodyHTML set). Those fields come back
	// empty.
	Listing bool
	// NoTotal skips counting the posts f matches, which on a long
	// listing reads up to PostCountCap rows: the total FindPosts returns
	// is then the number of posts it returns.
	NoTotal bool
}

// PostCursor is a place in a listing of posts newest first: just past the
// post posted At with ID.
type PostCursor struct {
	At time.Time
	ID int64
}

// CursorOf is the cursor at p.
func CursorOf(p *Post) *PostCursor { return &PostCursor{At: p.PostedAt, ID: p.ID} }

// PostCountCap is how far FindPosts counts the posts a filter matches:
// a total above it means "more than PostCountCap", which a listing
// shows without counting every post of the archive.
const PostCountCap = 10_000

// Related is one line of an article's Related block: a recent other post
// under one of its tags.
type Related struct {
	Tag  *Tag
	Post *Post
}

// DayCount is the number of posts on one day, for archives.
type DayCount struct {
	Day   time.Time // midnight of the day in the asked location
	Posts int
}

// PostStore keeps posts.
type PostStore interface {
	// CreatePost stores p with its tags (by ID) and sets its ID and slug.
	CreatePost(ctx context.Context, p *Post) error
	// CreatePosts stores many posts in one transaction, as CreatePost does.
	CreatePosts(ctx context.Context, ps []*Post) error
	// FindPost returns one post with its section, poster and tags, or
	// ENOTFOUND.
	FindPost(ctx context.Context, id int64) (*Post, error)
	// FindPosts returns the posts matching f with their sections, posters
	// and tags, and the number of all matching posts, counted up to
	// PostCountCap (PostCountCap+1 means more).
	FindPosts(ctx context.Context, f PostFilter) ([]*Post, int, error)
	// FindRelated returns, for each tag of the post, up to perTag other
	// posts under that tag, newest first.
	FindRelated(ctx context.Context, postID int64, perTag int) ([]Related, error)
	// AddViews adds counts to the posts' view counters. Unknown IDs are
	// ignored.
	AddViews(ctx context.Context, counts map[int64]int64) error
	// CountPostsByDay returns the number of posts per day between from and
	// until, days taken in loc, oldest first.
	CountPostsByDay(ctx context.Context, from, until time.Time, loc *time.Location) ([]DayCount, error)
}
