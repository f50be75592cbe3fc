// Package app is Burg's application layer: the rules of the site. The web
// handlers, the command line, the importers and the JSON API all act
// through it, and none of them writes to the store any other way.
//
// It takes plain Go values (never an *http.Request), returns domain values
// and burg.Error codes, and publishes a burg.Event after every committed
// write, so that the caches that keep copies of what changed, in this
// process and in every other serving the same database, drop them.
//
// What lives here, by file:
//
//	comments.go    posting, previewing, editing and deleting one's own comment
//	spam.go        the honeypot, the form's token, the content rules and the spam score
//	nicks.go       reserved nicks (members', staff words, the site's name) and Pic-a-Nic
//	bans.go        bans, and whether one holds a commenter
//	limits.go      rate limits, in the store (shared) and in memory
//	moderation.go  moderators' actions on comments, their search, bulk actions, the queue
//	words.go       blocked words
//	audit.go       the audit log and the public moderation log
//	purge.go       deleting removed comments' texts for good
//	accounts.go    logins, sessions and users
//	desk.go        the posting desk: submit, queue, approve, reject
//	fetch.go       fetching a source's page and translating its text
//	postform.go    the fields of a post as typed, and how they are checked
//	posts.go       editing published posts, and who may
//	uploads.go     photos for comments
//	settings.go    site settings (submissions, moderation, read-only) and source names
//	importer.go    what imports share: batches, summaries, users and sections
//	wxr.go         importing WordPress exports
//	feeds.go       importing RSS and Atom feeds
//	site.go        exporting and importing a whole site
//	snapshots.go   snapshots of sources, and checking that sources answer
//	render.go      the stored rendering of posts, and the background renderer
//	names.go       the names database and the word swaps, kept by moderators
package app

import (
	"context"
	"log/slog"
	"runtime"
	"sync"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/extract"
	"github.com/burg-news/burg/internal/memo"
	"github.com/burg-news/burg/internal/nick"
	"github.com/burg-news/burg/internal/password"
	"github.com/burg-news/burg/internal/translate"
	"github.com/burg-news/burg/internal/upload"
)

// Config is what the rules need to know about the site.
type Config struct {
	SiteName string
	// Location is the site's time zone: where a day starts, and how typed
	// times are read.
	Location *time.Location
	// CommentsCloseAfter is the site's default age after which comments
	// close; 0 keeps them open.
	CommentsCloseAfter time.Duration
	// MinFill is the least time between serving the comment form and
	// taking it back; 0 switches the check off.
	MinFill time.Duration
	// CommentLimits bound the comments per visitor and per address; nil
	// means DefaultCommentLimits, an empty non-nil slice none at all.
	CommentLimits []Limit
	// PasswordChecks is how many password hashes may run at once (0: one
	// per core), PasswordWait how long a login waits for a turn (0: 3 s).
	PasswordChecks int
	PasswordWait   time.Duration
	// WARCDir, when set, is where snapshots of sources are also written
	// as WARC files.
	WARCDir string
}

// Deps are the parts the rules work with.
type Deps struct {
	Store burg.Store
	// Events is told of every committed write; nil tells nobody.
	Events burg.EventPublisher
	Now    burg.Clock
	Logger *slog.Logger
	// Fetcher fetches sources' pages for the posting desk; nil switches
	// fetching off.
	Fetcher *extract.Fetcher
	// Translators are the machine translation engines offered to posters.
	Translators []translate.Engine
	// Uploads takes photos; nil switches photos off.
	Uploads *upload.Processor
	// Metrics is told what becomes of comments; nil tells nobody.
	Metrics Metrics
}

// Metrics is told what becomes of each comment sent to be posted, for the
// operator's figures (internal/metrics implements it). Previews and
// edits are not counted.
type Metrics interface {
	// CommentPosted is called once a comment is committed and shown.
	CommentPosted()
	// CommentHeld is called once a comment is committed but held for a
	// moderator instead of shown; whatever holds comments calls it in
	// place of CommentPosted.
	CommentHeld()
	// CommentRefused is called when a comment is not stored, with the
	// reason: "spam" (a trap caught it), "invalid", "closed", "banned",
	// "rate_limited" or "not_found". Internal faults are not refusals and
	// are not counted.
	CommentRefused(reason string)
}

// noMetrics tells nobody.
type noMetrics struct{}

func (noMetrics) CommentPosted()        {}
func (noMetrics) CommentHeld()          {}
func (noMetrics) CommentRefused(string) {}

// App applies the rules of the site. It is safe for concurrent use.
type App struct {
	cfg     Config
	store   burg.Store
	events  burg.EventPublisher
	now     burg.Clock
	logger  *slog.Logger
	fetcher *extract.Fetcher
	engines []translate.Engine
	uploads *upload.Processor
	metrics Metrics
	secret  []byte
	macs    sync.Pool // of HMAC-SHA-256 under secret
	nicks   *nick.Generator
	hashes  *password.Limiter

	loginIP       *limiter // every login attempt, per address, in this process
	submits       *limiter // readers' submissions
	fetches       *limiter // registered users' fetches and translations
	readerFetches *limiter // readers' fetches and translations
	photos        *limiter // uploads, per visitor and address

	reservedMu sync.Mutex
	reserved   *reservedNicks // nil until first needed or after EventUsers

	settingsMu sync.Mutex
	settings   *ModerationSettings // nil until first needed or after EventSettings
	settingsAt time.Time
	words      *blockedWords // likewise
	wordsAt    time.Time

	commentPosts *memo.Cache[int64, *burg.Post] // what comments need of their posts (commentposts.go)

	bansMu  sync.Mutex
	bans    *liveBans // nil until first needed or after EventBans
	bansGen uint64    // counts the drops of bans, so that no list read before one is kept

	offersMu sync.Mutex
	offers   []translate.Offer
	offersAt time.Time

	dummyOnce sync.Once
	dummyHash string

	// fetched are the pages the desk fetched lately, for the snapshot of
	// the post published from one.
	fetched    fetchedPages
	voice      voiceCache
	renderWake chan struct{}
}

// New returns the application layer over d.Store. It reads (or, the first
// time, makes) the site's signing secret.
func New(ctx context.Context, cfg Config, d Deps) (*App, error) {
	if cfg.SiteName == "" {
		cfg.SiteName = "Burg"
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.CommentLimits == nil {
		cfg.CommentLimits = DefaultCommentLimits
	}
	if cfg.PasswordChecks <= 0 {
		cfg.PasswordChecks = runtime.GOMAXPROCS(0)
	}
	if cfg.PasswordWait <= 0 {
		cfg.PasswordWait = 3 * time.Second
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Metrics == nil {
		d.Metrics = noMetrics{}
	}
	a := &App{cfg: cfg, store: d.Store, events: d.Events, now: d.Now, logger: d.Logger,
		fetcher: d.Fetcher, engines: d.Translators, uploads: d.Uploads, metrics: d.Metrics,
		nicks:         nick.NewRandomGenerator(),
		commentPosts:  newCommentPosts(),
		hashes:        password.NewLimiter(cfg.PasswordChecks, cfg.PasswordWait),
		loginIP:       newLimiter(d.Now, loginIPLimits),
		submits:       newLimiter(d.Now, submitLimits),
		fetches:       newLimiter(d.Now, fetchLimits),
		readerFetches: newLimiter(d.Now, readerFetchLimits),
		photos:        newLimiter(d.Now, photoLimits),
		renderWake:    make(chan struct{}, 1),
	}
	var err error
	if a.secret, err = loadSecret(ctx, d.Store); err != nil {
		return nil, err
	}
	return a, nil
}

// Config returns the configuration the rules apply, defaults filled in.
func (a *App) Config() Config { return a.cfg }

// Apply hears the events of every write, made here or elsewhere, and
// drops what the rules keep of what changed. It publishes nothing.
func (a *App) Apply(e burg.Event) {
	if e.Kind == burg.EventUsers || e.Kind == burg.EventAll {
		a.reservedMu.Lock()
		a.reserved = nil
		a.reservedMu.Unlock()
	}
	if e.Kind == burg.EventNames || e.Kind == burg.EventAll {
		a.wakeRenderer() // the dictionary itself is read again by its version
	}
	if e.Kind == burg.EventPost || e.Kind == burg.EventAll {
		if e.PostID == 0 { // EventAll, or every post
			a.commentPosts.DropAll()
		} else {
			a.commentPosts.Drop(e.PostID)
		}
	}
	if e.Kind == burg.EventBans || e.Kind == burg.EventAll {
		a.bansMu.Lock()
		a.bans = nil
		a.bansGen++
		a.bansMu.Unlock()
	}
	if e.Kind == burg.EventSettings || e.Kind == burg.EventAll {
		a.settingsMu.Lock()
		a.settings, a.words = nil, nil
		a.settingsMu.Unlock()
	}
}

// publish tells whoever listens of a committed write.
func (a *App) publish(ctx context.Context, e burg.Event) {
	a.Apply(e)
	if a.events != nil {
		a.events.Publish(context.WithoutCancel(ctx), e)
	}
}

// Actor is who asks for an action: a registered user (nil for a reader),
// the id of the visitor cookie and the client's address. The command line
// acts as the site's operator (Operator).
type Actor struct {
	User      *burg.User
	VisitorID string
	IP        string
	UserAgent string
	// Operator is set for the command line: whoever runs burg on the
	// server may do what an admin may.
	Operator bool
}

// Operator is the actor of the command line.
var Operator = Actor{Operator: true}

// Member reports whether the actor is an enabled registered user.
func (x Actor) Member() bool {
	return x.Operator || x.User != nil && !x.User.Disabled && burg.ValidRole(x.User.Role)
}

// Moderator reports whether the actor may moderate: moderators, admins
// and the operator.
func (x Actor) Moderator() bool { return x.Operator || x.User.IsModerator() }

// Admin reports whether the actor may run the site: admins and the
// operator.
func (x Actor) Admin() bool {
	return x.Operator || x.User != nil && !x.User.Disabled && x.User.Role == burg.RoleAdmin
}

// userID is the actor's user id, 0 for readers and the operator.
func (x Actor) userID() int64 {
	if x.User == nil {
		return 0
	}
	return x.User.ID
}

// Access errors. A reader who must log in first gets EUNAUTHORIZED; a
// member who may not, EFORBIDDEN.
func (x Actor) need(ok bool, who string) error {
	switch {
	case ok:
		return nil
	case x.User == nil && !x.Operator:
		return burg.Errorf(burg.EUNAUTHORIZED, "Please log in first.")
	default:
		return burg.Errorf(burg.EFORBIDDEN, "Only %s may do that.", who)
	}
}

func (x Actor) needMember() error    { return x.need(x.Member(), "registered users") }
func (x Actor) needModerator() error { return x.need(x.Moderator(), "moderators") }
func (x Actor) needAdmin() error     { return x.need(x.Admin(), "admins") }

// opCtx bounds store work that must finish even when the request that
// asked for it has gone, such as recording a failed login.
func opCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
}
