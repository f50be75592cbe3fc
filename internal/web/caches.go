package web

import (
	"context"
	"errors"
	"hash/maphash"
	"sync"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
)

// caches is the one owner of what this server keeps of what pages show:
// rendered pages, the fragments they share, the data article pages are
// made of, the page furniture, and the HTML of bodies and comments. Its
// one entry point for change is apply, called with the event of every
// write, made here or elsewhere.
type caches struct {
	pages    *pageCache
	articles *dataCache[int64, *articleData]
	// related holds each article's Related block, which comments do not
	// change, so that a comment's reload of its article reads only the
	// post and the comments.
	related *dataCache[int64, []burg.Related]
	// bodies, comments and remarks hold what markup made of a text, keyed
	// by id and checked against the text: they need no invalidation.
	bodies, comments, remarks *renderCache
	// fragments hold each comment's whole HTML, keyed by its version;
	// articleSegs each article's HTML on an edition, as a segment.
	fragments   *renderCache
	articleSegs *segmentCache
	// threads hold runs of articles' threads as segments, keyed by a
	// hash (seeded with threadSeed) of what they hold; at most 500 runs,
	// some 150 KB each when full of long comments.
	threads       *segmentCache
	threadSeed    maphash.Seed
	chrome        *fragment[*chrome]
	rail, counter *fragment[segment]
	visitors      *visitorCache
	// onThisDay holds the "On this day" box of each day, by its Unix time.
	onThisDay *dataCache[int64, []app.YearPosts]
	// searches holds pages of search results by the search asked.
	searches *searchCache

	dayMu sync.Mutex
	day   time.Time // the day the kept pages were made on
}

func newCaches(pageBytes int64) *caches {
	return &caches{
		pages:    newPageCache(pageBytes),
		articles: newDataCache[int64, *articleData](2_000), related: newDataCache[int64, []burg.Related](2_000),
		bodies: newRenderCache(20_000), comments: newRenderCache(100_000), remarks: newRenderCache(5_000),
		fragments: newRenderCache(100_000), articleSegs: newSegmentCache(5_000),
		threads: newSegmentCache(500), threadSeed: maphash.MakeSeed(),
		chrome: &fragment[*chrome]{}, rail: &fragment[segment]{}, counter: &fragment[segment]{},
		visitors:  newVisitorCache(100_000),
		onThisDay: newDataCache[int64, []app.YearPosts](100),
		searches:  newSearchCache(1_000),
	}
}

// apply drops what the write of e changed, so that the next reader sees
// it. A comment changes its article, the pages that list the article, and
// the fragments with the latest comments and the counts; pages that do
// not show the article stay. A post, an account or anything unknown may
// change any page.
func (c *caches) apply(e burg.Event) {
	switch e.Kind {
	case burg.EventComment:
		if e.VisitorID != "" {
			c.visitors.dirty(e.VisitorID)
		}
		if e.VisitorID != "" {
			c.articles.grow(e.PostID) // a new comment: read what came since
		} else {
			c.articles.drop(e.PostID)
		}
		c.searches.dropComment(e.PostID)
		// The listings that show the post only count its comments: they
		// are served as they were while one reader renders them anew (at
		// most once every relistFor), so that a stream of comments does
		// not make every reader of the front page wait for a render.
		c.pages.drop(depPost(e.PostID), false)
		c.pages.drop(depComments, true)
		c.chrome.reset()
		if e.VisitorID != "" {
			// A reader's new comment (only those name their writer) adds
			// to the thread, the latest comments and the counts: they
			// follow as the listings do. Its writer sees it at once all
			// the same: while they may edit it, their article page is
			// made for them from the article's data, dropped above.
			c.pages.drop(depThread(e.PostID), false)
			c.rail.soften()
			c.counter.soften()
		} else {
			// Edits and moderators' actions may take away what pages
			// show: they are rendered before they are served again.
			c.pages.drop(depThread(e.PostID), true)
			c.rail.reset()
			c.counter.reset()
		}
	case burg.EventRender:
		// Only the post's body reads differently: its article, and the
		// pages that show it, softly, as the renderer's events come in
		// runs and no reader waits on them.
		c.articles.drop(e.PostID)
		c.pages.drop(depPost(e.PostID), false)
		// The text search reads is made with the body.
		c.searches.dropAll()
	case burg.EventBans:
		// Nothing a shared page shows.
	case burg.EventSettings:
		// Read-only mode changes every article's form; settings change
		// seldom.
		c.pages.dropAll(true)
		c.searches.dropAll()
	default: // users (colours, the moderators' box, nicks), names (entries on tag pages, in the rail), all
		c.visitors.reset()
		c.fragments.reset()
		c.articleSegs.reset()
		c.articles.dropAll()
		c.related.dropAll()
		c.onThisDay.dropAll()
		c.searches.dropAll()
		c.pages.dropAll(true)
		c.chrome.reset()
		c.rail.reset()
		c.counter.reset()
	}
}

// checkDay drops everything when the site's day has turned since the kept
// pages were made: "today" is another day, and so are the day tabs, the
// counter and Who's in the News.
func (c *caches) checkDay(today time.Time) {
	c.dayMu.Lock()
	turned := !c.day.Equal(today)
	c.day = today
	c.dayMu.Unlock()
	if turned {
		c.apply(burg.Event{Kind: burg.EventAll})
	}
}

// fragment is one shared thing pages show (the page furniture, the side
// rail, the site counter), made on first use and kept until a write
// changes it. A write that removes or changes what it shows drops it
// (reset): it is made before it is served again. One that only adds to
// it, a reader's new comment, marks it stale (soften): it is then served
// as the pages that list comments are (see relistFor and staleFor),
// made anew at most once a second under a stream of comments.
//
// The lock is never held while a fragment is made, so that a write's
// reset (which comes on the path of every comment) never waits for a
// reader's render. Readers that must wait for one wait for the one
// render under way (single flight) rather than each make their own.
type fragment[V any] struct {
	mu         sync.Mutex
	value      V
	version    uint64
	builtAt    time.Time
	valid      bool
	stale      bool
	rebuilding bool
	// making is closed when the render under way for readers that found
	// no fragment ends; nil when none is.
	making chan struct{}
	// gen counts resets, so that a render begun before one is not kept;
	// soft counts softenings, so that one begun before is kept as stale.
	gen, soft uint64
}

// get returns the fragment, making it with build when there is none (or
// it is too stale to serve), and starting a background rebuild (through
// refresh) when it is stale.
//
// A fragment older than freshFor is made anew in the background too, so
// that what moves without writes (view counts, "as of" times) catches up.
func (f *fragment[V]) get(now time.Time, build func() (V, error), refresh func(func())) (V, uint64, time.Time, error) {
	for {
		f.mu.Lock()
		age := now.Sub(f.builtAt)
		if now.Before(f.builtAt) {
			age = freshFor // the clock went back: make it anew
		}
		if f.valid && !(f.stale && age >= staleFor) {
			v, ver, at := f.value, f.version, f.builtAt
			old := f.stale && age >= relistFor || age >= freshFor
			if old && !f.rebuilding {
				f.rebuilding = true
				gen, soft := f.gen, f.soft
				f.mu.Unlock()
				refresh(func() { f.make(now, build, gen, soft) })
				return v, ver, at, nil
			}
			f.mu.Unlock()
			return v, ver, at, nil
		}
		if wait := f.making; wait != nil {
			// Another reader is making it: wait for that render, then
			// look again (a reset meanwhile means it was not kept).
			f.mu.Unlock()
			<-wait
			continue
		}
		done := make(chan struct{})
		f.making = done
		gen, soft := f.gen, f.soft
		f.mu.Unlock()
		v, err := build()
		f.mu.Lock()
		f.making = nil
		close(done)
		if err != nil {
			f.mu.Unlock()
			return v, 0, time.Time{}, err
		}
		if gen != f.gen {
			// A write came while it was made: serve it to this reader,
			// who asked before the write, but do not keep it. It still
			// takes a version of its own, so that no assembly of the
			// page mistakes it for another.
			f.version++
			ver := f.version
			f.mu.Unlock()
			return v, ver, now, nil
		}
		f.keep(v, now, soft)
		ver := f.version
		f.mu.Unlock()
		return v, ver, now, nil
	}
}

// make renders the fragment anew in the background.
func (f *fragment[V]) make(now time.Time, build func() (V, error), gen, soft uint64) {
	v, err := build()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rebuilding = false
	if err != nil || gen != f.gen {
		return
	}
	f.keep(v, now, soft)
}

// keep stores v, made from what was read when soft was the count of
// softenings; f.mu is held. One softened since stays stale.
func (f *fragment[V]) keep(v V, now time.Time, soft uint64) {
	f.value, f.valid = v, true
	f.stale = soft != f.soft
	f.version++
	f.builtAt = now
}

// reset drops the fragment: the next caller makes it.
func (f *fragment[V]) reset() {
	f.mu.Lock()
	var zero V
	f.value, f.valid, f.stale = zero, false, false
	f.gen++
	f.mu.Unlock()
}

// soften marks the fragment stale: served still, and made anew soon.
func (f *fragment[V]) soften() {
	f.mu.Lock()
	f.stale = true
	f.soft++
	f.mu.Unlock()
}

// dataCache keeps results of store reads that every reader shares, such as
// an article with its Related block and comments, until a write drops them
// or they are older than freshFor (view counts move without writes).
type dataCache[K comparable, V any] struct {
	mu      sync.RWMutex
	entries map[K]dataEntry[V]
	limit   int
	// loads are the loads under way, by key: readers that miss together
	// wait on one load rather than each read the store (after a comment
	// on a long thread, every reader of it would read all its comments).
	// A drop of the key forgets its load, which is then served to those
	// who asked before the drop but not kept.
	loads map[K]*dataLoad[V]
}

// dataLoad is one load of a missing value that other readers wait on.
type dataLoad[V any] struct {
	done  chan struct{}
	value V
	err   error
}

type dataEntry[V any] struct {
	at    time.Time
	value V
	// grown is set when a write only added to what value holds (a new
	// comment on a thread): the next reader's load starts from value.
	grown bool
}

func newDataCache[K comparable, V any](limit int) *dataCache[K, V] {
	return &dataCache[K, V]{entries: map[K]dataEntry[V]{}, limit: limit, loads: map[K]*dataLoad[V]{}}
}

// get returns the value for key, loading and keeping it when missing or
// old. Errors are not kept.
func (c *dataCache[K, V]) get(key K, now time.Time, load func() (V, error)) (V, error) {
	return c.getFrom(key, now, func(V, bool) (V, error) { return load() })
}

// getFrom is get for values that can be brought up to date from the last
// one: when a write only added to it (grow), load is given that value and
// told so, to read only what was added.
func (c *dataCache[K, V]) getFrom(key K, now time.Time, load func(prev V, grown bool) (V, error)) (V, error) {
	c.mu.RLock()
	e, ok := c.entries[key]
	c.mu.RUnlock()
	fresh := ok && now.Sub(e.at) < freshFor && !now.Before(e.at)
	if fresh && !e.grown {
		return e.value, nil
	}
	c.mu.Lock()
	if l := c.loads[key]; l != nil {
		c.mu.Unlock()
		<-l.done
		if errors.Is(l.err, context.Canceled) || errors.Is(l.err, context.DeadlineExceeded) {
			// The reader who loaded it left, and its load ended with it;
			// this one has not.
			return load(e.value, fresh && e.grown)
		}
		return l.value, l.err
	}
	l := &dataLoad[V]{done: make(chan struct{}), err: errLoadFailed}
	c.loads[key] = l
	c.mu.Unlock()
	defer func() {
		// Even when load panics, the waiters are let go.
		c.mu.Lock()
		if c.loads[key] == l { // not dropped while it loaded
			delete(c.loads, key)
			if l.err == nil {
				if len(c.entries) >= c.limit {
					clear(c.entries)
				}
				at := now
				if fresh {
					at = e.at // grown, not read afresh: it ages as before
				}
				c.entries[key] = dataEntry[V]{at: at, value: l.value}
			}
		}
		c.mu.Unlock()
		close(l.done)
	}()
	l.value, l.err = load(e.value, fresh && e.grown)
	return l.value, l.err
}

// grow marks key's value as added to: the next reader brings it up to
// date from it (see getFrom). A load under way read before the write, and
// is not kept.
func (c *dataCache[K, V]) grow(key K) {
	c.mu.Lock()
	if e, ok := c.entries[key]; ok {
		e.grown = true
		c.entries[key] = e
	}
	delete(c.loads, key)
	c.mu.Unlock()
}

// errLoadFailed is what readers waiting on a load are told when it
// panicked.
var errLoadFailed = errors.New("web: the load of cached data failed")

func (c *dataCache[K, V]) drop(key K) {
	c.mu.Lock()
	delete(c.entries, key)
	// A load under way read before the write: later readers start
	// their own rather than wait on it.
	delete(c.loads, key)
	c.mu.Unlock()
}

func (c *dataCache[K, V]) dropAll() {
	c.mu.Lock()
	clear(c.entries)
	clear(c.loads)
	c.mu.Unlock()
}

// segmentCache keeps segments by id, each valid for one stamp (a version
// of what it shows).
type segmentCache struct {
	mu      sync.Mutex
	entries map[int64]stampedSegment
	limit   int
}

type stampedSegment struct {
	stamp string
	seg   segment
}

func newSegmentCache(limit int) *segmentCache {
	return &segmentCache{entries: map[int64]stampedSegment{}, limit: limit}
}

func (c *segmentCache) get(id int64, stamp string) (segment, bool) {
	c.mu.Lock()
	e, ok := c.entries[id]
	c.mu.Unlock()
	return e.seg, ok && e.stamp == stamp
}

func (c *segmentCache) put(id int64, stamp string, seg segment) {
	c.mu.Lock()
	if len(c.entries) >= c.limit {
		clear(c.entries) // bounded; refills from the pages in use
	}
	c.entries[id] = stampedSegment{stamp, seg}
	c.mu.Unlock()
}

func (c *segmentCache) reset() {
	c.mu.Lock()
	clear(c.entries)
	c.mu.Unlock()
}
