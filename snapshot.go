package burg

import (
	"context"
	"time"
)

// Limits of a snapshot.
const (
	// MaxSnapshotText bounds the readable text kept, in bytes.
	MaxSnapshotText = 1 << 20
	// MaxSnapshotRaw bounds the raw response kept, in bytes before
	// compression.
	MaxSnapshotRaw = 8 << 20
	// SnapshotDeadAfter is how many failed checks in a row mark a source
	// dead when none of them said plainly that the page is gone.
	SnapshotDeadAfter = 3
)

// Snapshot is a post's source as Burg fetched it when the post was
// published, kept so that the post outlives its link (link rot): the
// readable text, the raw response compressed, and what the last check of
// the source found.
type Snapshot struct {
	ID          int64
	PostID      int64
	URL         string // the address fetched, after redirects
	FetchedAt   time.Time
	Status      int    // the HTTP status of the fetch
	ContentType string // as the source sent it
	Title       string
	Text        string // the readable text, plain paragraphs
	// Raw is the response body gzip-compressed, RawSize its length
	// before compression. Summaries (FindSnapshot with raw off) leave Raw
	// nil.
	Raw     []byte
	RawSize int
	// WARCFile is the WARC file holding the exchange, relative to the
	// WARC directory, when one was written.
	WARCFile string

	// CheckedAt is the last check of the source, CheckStatus what it
	// found ("ok", "HTTP 404", "no such host"…), Failures how many checks
	// in a row failed.
	CheckedAt   *time.Time
	CheckStatus string
	Failures    int
	// DeadAt is set once the source is gone: readers are sent to the copy.
	DeadAt *time.Time
}

// Validate reports whether s may be stored.
func (s *Snapshot) Validate() error {
	switch {
	case s.PostID == 0:
		return Errorf(EINVALID, "A snapshot needs a post.")
	case s.URL == "":
		return Errorf(EINVALID, "A snapshot needs the address it was fetched from.")
	case len(s.Text) > MaxSnapshotText:
		return Errorf(EINVALID, "The snapshot's text is longer than %d bytes.", MaxSnapshotText)
	case s.RawSize > MaxSnapshotRaw:
		return Errorf(EINVALID, "The snapshot's page is longer than %d bytes.", MaxSnapshotRaw)
	case s.FetchedAt.IsZero():
		return Errorf(EINVALID, "A snapshot needs the time it was taken.")
	}
	return nil
}

// SourceCheck is what one check of a post's source found.
type SourceCheck struct {
	PostID int64
	At     time.Time
	OK     bool
	Status string // "ok", "HTTP 404", "no such host"…
	// Gone says the failure is plain: the page or its site no longer
	// exists (HTTP 404 or 410, a name that no longer resolves). A gone
	// source is marked dead at once; other failures only after
	// SnapshotDeadAfter in a row.
	Gone bool
}

// SnapshotStore keeps snapshots of posts' sources.
type SnapshotStore interface {
	// CreateSnapshot stores s (one per post: a second replaces the first)
	// and sets its ID.
	CreateSnapshot(ctx context.Context, s *Snapshot) error
	// FindSnapshot returns the snapshot of a post, with its raw response
	// when raw is set; ENOTFOUND when it has none.
	FindSnapshot(ctx context.Context, postID int64, raw bool) (*Snapshot, error)
	// FindSnapshotsToCheck returns up to n snapshots of live posts, without
	// their raw responses, those never checked first, then those checked
	// longest ago, leaving out those checked after before.
	FindSnapshotsToCheck(ctx context.Context, before time.Time, n int) ([]*Snapshot, error)
	// RecordSourceCheck notes what a check found: a success clears the
	// failures and the dead mark, a failure counts, and a source gone, or
	// failing SnapshotDeadAfter times in a row, is marked dead. It returns
	// the snapshot as it now stands.
	RecordSourceCheck(ctx context.Context, c SourceCheck) (*Snapshot, error)
	// FindPostsWithoutSnapshot returns up to n IDs of live posts with a
	// source URL and no snapshot, oldest first, for taking snapshots
	// later.
	FindPostsWithoutSnapshot(ctx context.Context, n int) ([]int64, error)
}
