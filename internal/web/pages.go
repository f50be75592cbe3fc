package web

import (
	"html/template"
	"time"

	burg "github.com/burg-news/burg"
)

// base is what every page shows around its content.
type base struct {
	Title       string
	SiteName    string
	Description string
	Canonical   string // path of the page's permanent URL, when it has one
	// Origin is the site's public address, for absolute links.
	Origin string
	// Feeds are the feeds of what the page shows, for rel="alternate".
	Feeds      []feedLink
	Tabs       []*burg.Page
	CurrentTab string // slug of the page tab shown, "" for the whole edition
	Rail       *rail
	Query      string // the search box's text
	NoIndex    bool
	// User is the logged-in user, nil for readers. Pages that show it are
	// never served from the shared page cache.
	User *burg.User
	// Slots is set when the page renders for the shared cache: the
	// fragments many pages share (the rail, the site counter) are left as
	// slot marks, filled in when the page is served.
	Slots bool
	// Theme is the reader's theme ("light", "dark"; "" follows the
	// browser), written as a class on <html>.
	Theme string
	// Path is the page's path, where the theme switch comes back to.
	Path string
}

// siteCounter is the site counter: "N articles and M comments are
// archived. Today: …".
type siteCounter struct {
	Counts burg.SiteCounts
	AsOf   time.Time
}

// rail is the side column: search, who's in the news, moderators.
type rail struct {
	Day        time.Time
	News       []burg.TagCount
	Moderators []*burg.User
	Comments   []*burg.Comment // the latest, newest first
}

// postView is a post ready to show. The fields templates use are copied
// rather than embedded: a struct with an embedded field makes every
// template field lookup a slow search.
type postView struct {
	Post            *burg.Post
	ID              int64
	Title           string
	Slug            string
	SourceURL       string
	SourceTag       string
	Note            string
	PostedAt        time.Time
	Section         *burg.Section
	Poster          *burg.User
	Tags            []*burg.Tag
	CommentCount    int
	LastCommentAt   *time.Time
	LastCommentNick string
	Body            template.HTML
	Remarks         []remarkView
	Views           int64
	URL             string
	CommentsOpen    bool
	// ArchiveURL is the archived copy of the source, on article pages,
	// when one is kept; SourceDead says the source no longer answers, so
	// that the title leads to the copy.
	ArchiveURL string
	SourceDead bool
}

// sectionGroup is the posts of one section under its bar.
type sectionGroup struct {
	Section *burg.Section
	Posts   []*postView
}

// pageGroup is the sections of one page tab.
type pageGroup struct {
	Page     *burg.Page
	Sections []*sectionGroup
	Posts    []*postView // newest first, for the headlines table
}

// dayTab is one tab of the date bar.
type dayTab struct {
	Label   string
	URL     string
	Current bool
}

type editionPage struct {
	base
	Day       time.Time
	IsToday   bool
	DayTabs   []dayTab
	Counter   *siteCounter // nil when the page renders with slots
	Groups    []*pageGroup
	PostCount int
	PrevDay   string
	NextDay   string
	// OnThisDay is the same date's posts in earlier years, latest first.
	OnThisDay     []onThisDayYear
	onThisDayDeps []string
}

// onThisDayYear is one earlier year's line of the "On this day" box.
type onThisDayYear struct {
	Day   time.Time
	Posts []*postView
}

type postShowPage struct {
	base
	Post     *postView
	Related  []burg.Related
	JSONLD   any
	Comments []*commentView
	// ThreadSlots name the runs of the thread in the shared page, filled
	// from threadParts (see threadSegments); Comments are for a page
	// rendered for one user.
	ThreadSlots   []string
	threadParts   map[string]segment
	LastCommentID int64
	Form          *commentForm
	Visitor       *visitorView
	Open          bool
	// ReadOnly is set while the site takes no comments.
	ReadOnly bool
	// Tools are the editing tools the user may use, nil for readers.
	Tools *postTools
}

// pager links the pages of a listing: numbered pages near the start,
// cursors (?before=, ?after=) deeper, so that a page far back in the
// archive costs what the first does.
type pager struct {
	Page, Pages int // Page 0 on a page reached by a cursor
	Prev, Next  string
	Total       int
	More        bool // more than Total posts; they were not all counted
}

type listingPage struct {
	base
	Heading string
	Kind    string // "section", "tag", "poster", "latest", "search", "day"
	Tag     *burg.Tag
	Section *burg.Section
	Poster  *burg.User
	Posts   []*postView
	Pager   pager
	Empty   string
	Feed    string
}

type archiveIndexPage struct {
	base
	Years []archiveYear
}

type archiveYear struct {
	Year   int
	Months []time.Time
}

type archiveMonthPage struct {
	base
	Month time.Time
	Days  []burg.DayCount
	// Weeks are the month's calendar, Monday first; days of the
	// neighbouring months are zero.
	Weeks [][]calendarDay
	Prev  string
	Next  string
}

type errorPage struct {
	base
	Status  int
	Message string
}

// calendarDay is one cell of a month's calendar.
type calendarDay struct {
	Day   time.Time // zero for a cell outside the month
	Posts int
}
