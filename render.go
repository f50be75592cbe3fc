package burg

import (
	"context"
	"time"
)

// A post's body is rendered when the post is saved, into the stored form
// pages show (Post.BodyHTML: markup's HTML with the house voice applied)
// and its plain text (Post.Text), so that a page view renders nothing.
// The house voice depends on the names database and the word swaps; when
// they change, the posts they touch are rendered again in the background,
// found by the dictionary items each post's rendering recorded (its
// Terms) and, for words new to the dictionary, by a pass over the posts'
// plain text. Every change of the dictionary is kept as a
// DictionaryChange, written in the transaction that makes it, so that the
// work survives a restart.

// Kinds of dictionary item a TermRef names.
const (
	TermName = "name" // an entry of the names database, by its tag ID
	TermSwap = "swap" // a word swap, by its ID
)

// TermRef names one item of the house voice's dictionary.
type TermRef struct {
	Kind string // TermName or TermSwap
	ID   int64
}

// Rendering is the stored rendering of one post's body, as the
// background renderer writes it.
type Rendering struct {
	PostID int64
	// Body and NoDecoration are what the rendering was made from: a post
	// whose body or switch changed since keeps what its change made.
	Body         string
	NoDecoration bool
	HTML         string
	Text         string
	Terms        []TermRef
	// Version is the dictionary version the rendering was made with.
	Version int64
}

// Phases of a DictionaryChange.
const (
	// ChangeItems: the posts whose Terms hold one of the change's Items
	// are being queued.
	ChangeItems = "items"
	// ChangeWords: the posts whose text holds one of the change's Words
	// are being looked for.
	ChangeWords = "words"
	// ChangeDone: every post the change may touch is queued.
	ChangeDone = "done"
)

// DictionaryChange is one change of the names database or the word swaps
// (an entry or swap added, edited, merged, retired or deleted), kept until
// every post it may touch is queued to be rendered again.
type DictionaryChange struct {
	ID int64
	// Items are the entries and swaps changed: the posts that mentioned
	// them when last rendered may read differently now.
	Items []TermRef
	// Words are the names, aliases and swap terms the change brought into
	// the dictionary: posts that never mentioned the item may mention it
	// now.
	Words []string
	// Phase is ChangeItems, ChangeWords or ChangeDone; Cursor is the last
	// post ID the phase has looked at.
	Phase  string
	Cursor int64
	// Queued counts the posts the change has queued so far.
	Queued    int
	CreatedAt time.Time
	DoneAt    *time.Time
}

// RenderProgress is how far the background rendering has come, for the
// moderators who changed the dictionary.
type RenderProgress struct {
	// Version is the dictionary version now.
	Version int64
	// Queued counts the posts waiting to be rendered again; Unrendered
	// those never rendered (stored by an older Burg, by an importer, or
	// marked for a new version of the renderer) and not queued yet.
	Queued     int
	Unrendered int
	// Posts counts every post, deleted ones included; LastPostID is the
	// highest post ID, for the share of a change's pass done.
	Posts      int
	LastPostID int64
	// Changes are the unfinished changes, oldest first, then up to five
	// finished ones, newest first.
	Changes []*DictionaryChange
}

// PostText is a post's plain text, for finding the posts that mention a
// word new to the dictionary.
type PostText struct {
	ID           int64
	Text         string
	NoDecoration bool
}

// RenderStore keeps the stored renderings of posts, the queue of posts to
// render again and the dictionary changes that fill it. Each method is
// one transaction.
//
// CreateTag, UpdateTag, RetireTag, RestoreTag, MergeTags, CreateSwap,
// UpdateSwap, DeleteSwap, and the posting methods that make new tags,
// each record a DictionaryChange in their own transaction. A change made
// while there are no posts to touch is recorded as done.
type RenderStore interface {
	// DictionaryVersion returns a number that grows with every change of
	// the names database or the word swaps; 1 before the first.
	DictionaryVersion(ctx context.Context) (int64, error)
	// ClaimRenders returns up to n posts to render again, deleted ones
	// included, with their Terms: first those queued, then those never
	// rendered. Each is claimed for lease, so that other instances pass
	// it by meanwhile; a claim that runs out makes the post available
	// again.
	ClaimRenders(ctx context.Context, n int, lease time.Duration) ([]*Post, error)
	// SaveRenderings stores the renderings and takes their posts off the
	// queue, and reports which it stored. A post whose body or switch is
	// no longer the rendering's (or which is gone) keeps what it has. A rendering
	// made with a dictionary older than the current one is stored, and
	// its post stays queued to be rendered again.
	SaveRenderings(ctx context.Context, rs []Rendering) (saved []int64, err error)
	// ClaimChange returns the oldest unfinished dictionary change that no
	// other instance holds, claimed for lease; ENOTFOUND when there is
	// none.
	ClaimChange(ctx context.Context, lease time.Duration) (*DictionaryChange, error)
	// FindPostsMentioning returns the IDs of up to n posts above after,
	// ascending, whose Terms hold one of items.
	FindPostsMentioning(ctx context.Context, items []TermRef, after int64, n int) ([]int64, error)
	// FindPostTexts returns up to n posts above after by ID, ascending,
	// deleted ones included, with their plain text.
	FindPostTexts(ctx context.Context, after int64, n int) ([]PostText, error)
	// AdvanceChange queues the posts for rendering and moves the change
	// on to phase and cursor, adding len(queue) to its Queued, and gives
	// up its claim; ChangeDone finishes it. ECONFLICT when the change is
	// no longer at the phase and cursor of ch, as when another instance
	// took it over; ENOTFOUND when there is no such change.
	AdvanceChange(ctx context.Context, ch *DictionaryChange, phase string, cursor int64, queue []int64) error
	// RenderProgress says how far the rendering has come.
	RenderProgress(ctx context.Context) (*RenderProgress, error)
	// ResetRenderings marks every post as never rendered, for a new
	// version of the renderer; pages show the old renderings until the
	// new ones are made.
	ResetRenderings(ctx context.Context) error
}
