package web

import (
	"bytes"
	"compress/flate"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// The page cache keeps the pages every reader sees alike, rendered and
// gzipped, each as a list of parts: segments of its own and slots for the
// fragments that many pages share (the side rail, the site counter). A
// page is put together from them at most once per change of a fragment.
//
// What a page shows is named by its dependencies ("post:42", "all"): the
// events of writes drop the pages that depend on what changed, and no
// others, so that a comment on one article leaves an unrelated tag's page
// in place. A page dropped softly (a listing whose counts moved) stays
// servable while one request's goroutine renders it anew; a page dropped
// hard (the article that was commented on) is rendered before it is
// served again, so that a writer sees their own write.
//
// The cache is bounded by bytes and evicts the least recently used page
// first. It can be switched off (PageCacheOff): every request then renders
// its page, as a measure of what a render costs and as a fallback, while
// the caches of data and fragments stay.

// DefaultPageCacheBytes bounds the rendered pages kept, plain and
// gzipped together.
const DefaultPageCacheBytes = 64 << 20

// PageCacheOff, as Config.PageCacheBytes, keeps no rendered page: every
// request renders its own, and no two requests share a render.
const PageCacheOff = -1

// freshFor is how long a page's view counts may lag: a page older than
// this is rendered anew in the background the next time it is served.
// Writes do not wait for it; their events drop pages at once.
const freshFor = 30 * time.Second

// A page dropped softly is served as it is for relistFor after its
// render began, then rendered anew in the background by one reader, so
// that it is rendered at most once every relistFor however fast writes
// come. One older than staleFor is not served: after a quiet spell its
// next reader waits for a render instead of seeing the page of long ago.
const (
	relistFor = time.Second
	staleFor  = 5 * time.Second
)

// pagePart is a segment of the page's own, or the name of a fragment.
type pagePart struct {
	seg  segment
	slot string
}

// assembly is a page put together with the current versions of the
// fragments it shares. A page with per-request slots (the few bytes that
// are one visitor's own) keeps them open: chunks are the runs between
// them, and the request fills them in.
type assembly struct {
	versions []uint64
	chunks   []segment // len(slots)+1 runs
	slots    []string  // per-request slots between the chunks
	plain    []byte    // the whole page, when it has no per-request slots
	gz       []byte
	etag     string // of the shared parts
	lastMod  time.Time
}

type cachedPage struct {
	key string
	// gen is the cache's drop count when the render began.
	gen     uint64
	deps    []string
	parts   []pagePart
	size    int64
	builtAt time.Time
	status  int
	// thread is the number of the last comment an article's page shows
	// (see built.thread).
	thread int

	mu         sync.Mutex
	stale      bool // dropped softly: serve, but render anew
	rebuilding bool
	asm        *assembly
}

func (p *cachedPage) computeSize() {
	n := int64(len(p.key) + 256)
	for _, pt := range p.parts {
		n += int64(2*len(pt.seg.plain) + 2*len(pt.seg.deflate))
	}
	p.size = n
}

type pageCache struct {
	mu    sync.Mutex
	pages map[string]*list.Element // of *cachedPage
	lru   list.List                // front: most recently used
	byDep map[string]map[string]struct{}
	bytes int64
	cap   int64
	// off keeps no page: get finds none, put keeps none, do renders for
	// each caller.
	off bool
	// lastMods remembers each key's latest Last-Modified, so that a page
	// put together again never reuses a date a client may hold; bounded.
	lastMods map[string]lastMod
	hits     atomic.Uint64
	misses   atomic.Uint64
	// gen counts drops, so that a page rendered from data read before a
	// drop is kept only as stale.
	gen atomic.Uint64

	flightMu sync.Mutex
	flights  map[string]*flight // cold renders in progress, by key
}

// lastMod is the Last-Modified date a key's last assembly was given,
// with that assembly's ETag.
type lastMod struct {
	at   time.Time
	etag string
}

// flight is one render of a missing page that other requests for it wait
// on.
type flight struct {
	done chan struct{}
	page *cachedPage
	err  error
}

// newPageCache makes a cache of capBytes: 0 is DefaultPageCacheBytes, a
// negative size (PageCacheOff) keeps nothing.
func newPageCache(capBytes int64) *pageCache {
	off := capBytes < 0
	switch {
	case off:
		capBytes = 0
	case capBytes == 0:
		capBytes = DefaultPageCacheBytes
	}
	return &pageCache{pages: map[string]*list.Element{}, byDep: map[string]map[string]struct{}{},
		cap: capBytes, off: off, lastMods: map[string]lastMod{}, flights: map[string]*flight{}}
}

// get returns the page under key, or nil. needsBuild is set when the page
// is stale or old and the caller should render it anew in the background
// (it is then marked as rebuilding, so that only one caller does).
func (c *pageCache) get(key string, now time.Time) (p *cachedPage, needsBuild bool) {
	if c.off {
		c.misses.Add(1)
		return nil, false
	}
	c.mu.Lock()
	e := c.pages[key]
	if e != nil {
		c.lru.MoveToFront(e)
	}
	c.mu.Unlock()
	if e == nil {
		c.misses.Add(1)
		return nil, false
	}
	p = e.Value.(*cachedPage)
	p.mu.Lock()
	defer p.mu.Unlock()
	age := now.Sub(p.builtAt)
	if now.Before(p.builtAt) {
		age = freshFor // the clock went back: render it anew
	}
	if p.stale && age >= staleFor {
		c.misses.Add(1)
		return nil, false
	}
	c.hits.Add(1)
	if (p.stale && age >= relistFor || age >= freshFor) && !p.rebuilding {
		p.rebuilding = true
		return p, true
	}
	return p, false
}

// put keeps p under its key, replacing what was there.
func (c *pageCache) put(p *cachedPage) {
	if c.off {
		return
	}
	p.computeSize()
	c.mu.Lock()
	defer c.mu.Unlock()
	if p.gen != c.gen.Load() {
		p.stale = true // something it shows may have changed while it rendered
	}
	if e := c.pages[p.key]; e != nil {
		c.remove(e)
	}
	if p.size > c.cap/8 {
		return // one page may not take the cache over
	}
	c.pages[p.key] = c.lru.PushFront(p)
	c.bytes += p.size
	for _, d := range p.deps {
		if c.byDep[d] == nil {
			c.byDep[d] = map[string]struct{}{}
		}
		c.byDep[d][p.key] = struct{}{}
	}
	for c.bytes > c.cap {
		c.remove(c.lru.Back())
	}
}

func (c *pageCache) remove(e *list.Element) {
	p := c.lru.Remove(e).(*cachedPage)
	delete(c.pages, p.key)
	c.bytes -= p.size
	for _, d := range p.deps {
		if keys := c.byDep[d]; keys != nil {
			delete(keys, p.key)
			if len(keys) == 0 {
				delete(c.byDep, d)
			}
		}
	}
}

// drop marks the pages that depend on dep: hard drops remove them, soft
// ones leave them servable until rendered anew.
func (c *pageCache) drop(dep string, hard bool) {
	c.gen.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	for key := range c.byDep[dep] {
		e := c.pages[key]
		if e == nil {
			continue
		}
		if hard {
			c.remove(e)
			continue
		}
		p := e.Value.(*cachedPage)
		p.mu.Lock()
		p.stale = true
		p.mu.Unlock()
	}
}

// dropAll marks every page.
func (c *pageCache) dropAll(hard bool) {
	c.gen.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if hard {
		c.pages = map[string]*list.Element{}
		c.byDep = map[string]map[string]struct{}{}
		c.lru.Init()
		c.bytes = 0
		return
	}
	for _, e := range c.pages {
		p := e.Value.(*cachedPage)
		p.mu.Lock()
		p.stale = true
		p.mu.Unlock()
	}
}

// rebuilt clears the rebuilding mark of a page whose background render
// failed, so that a later request tries again.
func (p *cachedPage) rebuilt() {
	p.mu.Lock()
	p.rebuilding = false
	p.mu.Unlock()
}

// do renders the missing page under key once for all who ask at the same
// time: the first caller runs build, the others wait for its result.
//
// With the cache off every caller renders its own page: a render shared
// by requests that came together would be a cache of its own.
func (c *pageCache) do(key string, build func() (*cachedPage, error)) (*cachedPage, error) {
	if c.off {
		return build()
	}
	c.flightMu.Lock()
	if f := c.flights[key]; f != nil {
		c.flightMu.Unlock()
		<-f.done
		return f.page, f.err
	}
	f := &flight{done: make(chan struct{})}
	c.flights[key] = f
	c.flightMu.Unlock()
	defer func() {
		c.flightMu.Lock()
		delete(c.flights, key)
		c.flightMu.Unlock()
		close(f.done)
	}()
	f.page, f.err = build()
	return f.page, f.err
}

// assembled returns p put together with the shared fragments' current
// segments and versions, from the last assembly when no fragment changed
// since. frags gives a slot's fragment, or ok false for a slot the
// request fills (left open in the assembly).
func (c *pageCache) assembled(p *cachedPage, frags func(slot string) (seg segment, version uint64, at time.Time, ok bool), now time.Time) *assembly {
	// The fragments' versions first: when none changed, the last assembly
	// stands and nothing is copied.
	type fill struct {
		seg segment
		ok  bool
	}
	fills := make([]fill, 0, 8)
	var versions []uint64
	var latest time.Time
	for _, pt := range p.parts {
		if pt.slot == "" {
			continue
		}
		seg, v, at, ok := frags(pt.slot)
		fills = append(fills, fill{seg, ok})
		if ok {
			versions = append(versions, v)
			if at.After(latest) {
				latest = at
			}
		}
	}
	p.mu.Lock()
	prev := p.asm
	p.mu.Unlock()
	if prev != nil && equalVersions(prev.versions, versions) {
		return prev
	}
	a := &assembly{}
	var run []segment
	k := 0
	for _, pt := range p.parts {
		if pt.slot == "" {
			run = append(run, pt.seg)
			continue
		}
		f := fills[k]
		k++
		if !f.ok {
			a.chunks = append(a.chunks, joinSegments(run))
			a.slots = append(a.slots, pt.slot)
			run = nil
			continue
		}
		run = append(run, f.seg)
	}
	a.versions = versions
	if len(a.slots) == 0 {
		a.plain, a.gz = assemble(run)
		a.chunks = nil
	} else {
		a.chunks = append(a.chunks, joinSegments(run))
		for i := range a.chunks {
			a.chunks[i].crcAfter(0) // works out each chunk's shift once
		}
	}
	h := sha256.New()
	for _, ch := range a.chunks {
		h.Write(ch.plain)
	}
	h.Write(a.plain)
	a.etag = `"` + hex.EncodeToString(h.Sum(nil)[:12]) + `"`
	// Last-Modified is a whole second after the latest of the page's and
	// its fragments' renderings, and later than any date this key gave
	// before, so that a client's date names one assembly only. The same
	// bytes as the key's last assembly keep its date: a page rendered
	// anew unchanged (always, with the cache off) is not newer.
	if p.builtAt.After(latest) {
		latest = p.builtAt
	}
	a.lastMod = latest.Truncate(time.Second).Add(time.Second)
	c.mu.Lock()
	if prev, ok := c.lastMods[p.key]; ok {
		switch {
		case prev.etag == a.etag:
			a.lastMod = prev.at
		case !a.lastMod.After(prev.at):
			a.lastMod = prev.at.Add(time.Second)
		}
	}
	if len(c.lastMods) > 100_000 {
		clear(c.lastMods) // dates then restart from the clock, which only moves on
	}
	c.lastMods[p.key] = lastMod{at: a.lastMod, etag: a.etag}
	c.mu.Unlock()
	p.mu.Lock()
	p.asm = a
	p.mu.Unlock()
	return a
}

func equalVersions(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// slotMark is what a template writes where a fragment goes; pages are cut
// at these marks. A NUL never reaches a page from text: templates and
// markup escape or drop it.
func slotMark(name string) string { return "\x00slot:" + name + "\x00" }

// cutSlots splits a rendered page at its slot marks into parts deflated
// at level (see flatePools). The parts share body's bytes: the caller
// gives it up.
func cutSlots(body []byte, level int) []pagePart {
	var parts []pagePart
	for {
		i := bytes.Index(body, []byte("\x00slot:"))
		if i < 0 {
			break
		}
		j := bytes.IndexByte(body[i+6:], 0)
		if j < 0 {
			break
		}
		parts = append(parts, pagePart{seg: newSegmentAt(body[:i:i], level)},
			pagePart{slot: string(body[i+6 : i+6+j])})
		body = body[i+6+j+1:]
	}
	return append(parts, pagePart{seg: newSegmentAt(body, level)})
}

// CacheStats are figures of the page cache, for tests and metrics.
type CacheStats struct {
	Entries      int
	Bytes        int64
	Cap          int64
	Hits, Misses uint64
	// Off is set when the cache keeps no page (PageCacheOff).
	Off bool
}

// PageCacheStats reports the page cache's size and use.
func (s *Server) PageCacheStats() CacheStats {
	c := s.caches.pages
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Entries: len(c.pages), Bytes: c.bytes, Cap: c.cap, Hits: c.hits.Load(), Misses: c.misses.Load(), Off: c.off}
}

// level is the compression of the pages this cache is given: the best
// for pages it keeps, the fastest for pages sent once.
func (c *pageCache) level() int {
	if c.off {
		return flate.BestSpeed
	}
	return flate.DefaultCompression
}

// depPost is the dependency of a page that shows post id.
func depPost(id int64) string { return "post:" + strconv.FormatInt(id, 10) }

// depThread is the dependency of a page that shows post id's comments
// themselves (its article, its comment feed, its API answer), as well as
// depPost: a comment drops it hard, so that the commenter finds their
// comment there, and the listings that only count comments softly.
func depThread(id int64) string { return "thread:" + strconv.FormatInt(id, 10) }

// threadDeps are the dependencies of a page of post id's comments.
func threadDeps(id int64) []string { return []string{depPost(id), depThread(id)} }
