package burg

import (
	"context"
	"time"
)

// Kinds of thing an import makes, as its ImportRef records them.
const (
	ImportUser    = "user"
	ImportSection = "section"
	ImportPost    = "post"
	ImportComment = "comment"
)

// ImportRef records one thing an import made: where it came from (Source,
// such as "wxr:https://old.example.org"), what it is (Kind, one of the
// Import… kinds) and its id there (ForeignID), and the row it became here
// (ID). Running an import again finds its refs and skips what they
// name, so that it changes nothing.
type ImportRef struct {
	Source     string
	Kind       string
	ForeignID  string
	ID         int64
	ImportedAt time.Time
}

// ImportedUser is a user an import makes, with its id where it came from.
type ImportedUser struct {
	User      *User
	ForeignID string
}

// ImportedSection is a section an import makes.
type ImportedSection struct {
	Section   *Section
	ForeignID string
}

// ImportedPost is a post an import makes. A post whose PosterID is 0
// and whose Poster is a user of the same batch gets that user's ID once
// it is made; so with SectionID and Section.
type ImportedPost struct {
	Post      *Post
	ForeignID string
}

// ImportedComment is a comment an import makes. Its post is
// Comment.PostID, or when that is 0 the post PostForeignID names, made in
// the same batch or an earlier one from the same source. Its parent is
// the comment ParentForeignID names, likewise; a parent that was never
// imported (WordPress exports leave spam out) leaves ParentID 0.
type ImportedComment struct {
	Comment         *Comment
	ForeignID       string
	PostForeignID   string
	ParentForeignID string
}

// ImportBatch is what one transaction of an import stores: users,
// sections, posts and comments, each with the ref that records it.
type ImportBatch struct {
	Source   string
	Users    []ImportedUser
	Sections []ImportedSection
	Posts    []ImportedPost
	Comments []ImportedComment
}

// Len is how many things the batch makes.
func (b *ImportBatch) Len() int {
	return len(b.Users) + len(b.Sections) + len(b.Posts) + len(b.Comments)
}

// ImportStore keeps what imports made.
type ImportStore interface {
	// StoreImport stores the batch in one transaction, in the order users,
	// sections, posts, comments, and records a ref for each, setting
	// their IDs once it commits. Posts are stored as CreatePosts stores
	// them, comments as CreateComments does (numbered after their posts'
	// comments, counters and visitors brought up to date), with their
	// parents resolved. ECONFLICT when a ref of the batch exists already
	// (another run imported it meanwhile), or a user's nick is taken;
	// EINVALID for an invalid item, naming it, or a comment whose post is
	// not found. Nothing is stored when it fails.
	StoreImport(ctx context.Context, b *ImportBatch) error
	// FindImports returns, of the foreign ids given, those that source
	// has imported as kind, with the IDs they became.
	FindImports(ctx context.Context, source, kind string, foreignIDs []string) (map[string]int64, error)
}
