package app

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/extract"
	"github.com/burg-news/burg/internal/warcfile"
)

// Snapshots of sources against link rot (SPEC R-POST-6). When a post is
// published from a page the posting desk fetched, the page as fetched is
// kept: its readable text, its raw response compressed and, where a WARC
// directory is set, a WARC file. The pages the desk fetched are kept in
// memory for a while, so that publishing needs no second fetch; a post
// published without one (typed by hand, approved from the queue later,
// fetched by another instance) gets its snapshot from burg snapshots
// check. That command also checks that sources still answer and marks
// the dead ones, whose readers are then sent to the copy.

// Limits of the pages kept between fetching and publishing.
const (
	fetchedKeep  = 30 * time.Minute
	fetchedMax   = 32
	fetchedBytes = 32 << 20 // of response bodies, all pages together
)

// fetchedPages are the pages the desk fetched lately, by URL.
type fetchedPages struct {
	mu    sync.Mutex
	pages map[string]fetchedPage
}

type fetchedPage struct {
	page *extract.Page
	at   time.Time
}

// put keeps a page under its own URL and the one asked for.
func (f *fetchedPages) put(now time.Time, asked string, p *extract.Page) {
	if p == nil || p.Response == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.pages == nil {
		f.pages = map[string]fetchedPage{}
	}
	for k, v := range f.pages {
		if now.Sub(v.at) > fetchedKeep {
			delete(f.pages, k)
		}
	}
	size := func() int {
		n := 0
		for _, v := range f.pages {
			n += len(v.page.Response.Body)
		}
		return n
	}
	for len(f.pages) > 0 && (len(f.pages) >= fetchedMax || size()+len(p.Response.Body) > fetchedBytes) {
		var oldest string
		for k, v := range f.pages {
			if oldest == "" || v.at.Before(f.pages[oldest].at) {
				oldest = k
			}
		}
		delete(f.pages, oldest)
	}
	f.pages[p.URL] = fetchedPage{p, now}
	if asked != "" {
		f.pages[asked] = fetchedPage{p, now}
	}
}

// take returns the page fetched lately for u, and forgets it.
func (f *fetchedPages) take(now time.Time, u string) *extract.Page {
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.pages[u]
	if !ok || now.Sub(v.at) > fetchedKeep {
		return nil
	}
	for k, w := range f.pages {
		if w.page == v.page {
			delete(f.pages, k)
		}
	}
	return v.page
}

// keepSnapshot stores the snapshot of a just published post from the page
// the desk fetched for it, if it has one. A failure is logged: the post
// is published either way.
func (a *App) keepSnapshot(ctx context.Context, p *burg.Post) {
	if p.SourceURL == "" {
		return
	}
	page := a.fetched.take(a.now(), p.SourceURL)
	if page == nil {
		return
	}
	if _, err := a.storeSnapshot(ctx, p.ID, page); err != nil {
		a.logger.Warn("keep snapshot", "post", p.ID, "err", err)
	}
}

// storeSnapshot stores page as the snapshot of post id, with a WARC file
// where a directory is set.
func (a *App) storeSnapshot(ctx context.Context, id int64, page *extract.Page) (*burg.Snapshot, error) {
	resp := page.Response
	body := resp.Body
	if len(body) > burg.MaxSnapshotRaw {
		body = body[:burg.MaxSnapshotRaw]
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(body)
	zw.Close()
	sn := &burg.Snapshot{PostID: id, URL: resp.URL, FetchedAt: resp.FetchedAt, Status: resp.Status,
		ContentType: resp.Header.Get("Content-Type"), Title: page.Title, Text: clipParagraphs(page.Text, burg.MaxSnapshotText),
		Raw: z.Bytes(), RawSize: len(body)}
	if sn.FetchedAt.IsZero() {
		sn.FetchedAt = a.now()
	}
	if a.cfg.WARCDir != "" {
		name, err := warcfile.Write(a.cfg.WARCDir, id, &warcfile.Exchange{URL: resp.URL, RequestHeader: resp.RequestHeader,
			Proto: resp.Proto, StatusText: resp.StatusText, Header: resp.Header, Body: body, At: sn.FetchedAt}, "Burg")
		if err != nil {
			a.logger.Warn("write warc", "post", id, "err", err)
		} else {
			sn.WARCFile = name
		}
	}
	if err := a.store.CreateSnapshot(ctx, sn); err != nil {
		return nil, err
	}
	return sn, nil
}

// CheckOptions tune CheckSources.
type CheckOptions struct {
	// Limit is how many sources one run checks; 0 means 100.
	Limit int
	// Recheck leaves alone sources checked less than this long ago; 0
	// checks them all again.
	Recheck time.Duration
	// Concurrency is how many fetches run at once; 0 means 2.
	Concurrency int
	// HostDelay is the least time between two fetches from one host; 0
	// means 2 s.
	HostDelay time.Duration
	// Take is how many posts without a snapshot get one in this run.
	Take int
	// Progress, when set, is told of each source checked.
	Progress func(sn *burg.Snapshot)
}

// CheckSummary says what a run of CheckSources found.
type CheckSummary struct {
	Checked, OK, Failed int
	// Died and Revived count sources newly marked dead, and dead ones
	// answering again.
	Died, Revived int
	// Dead lists the snapshots marked dead in this run.
	Dead []*burg.Snapshot
	// Taken counts the snapshots taken of posts that had none.
	Taken, TakeFailed int
}

// CheckSources fetches the sources of posts with snapshots, politely (two
// at a time, a pause between two fetches from one host, within the
// posting desk's fetch limits), and records what each answered: a source
// gone (HTTP 404 or 410, a name that no longer resolves) is marked dead
// at once, one failing otherwise after burg.SnapshotDeadAfter checks in a
// row; readers of a dead source's post are sent to the archived copy. It
// also takes snapshots of up to opt.Take posts that have none. The
// operator only.
func (a *App) CheckSources(ctx context.Context, x Actor, opt CheckOptions) (*CheckSummary, error) {
	if !x.Operator {
		return nil, burg.Errorf(burg.EFORBIDDEN, "Only the operator checks sources.")
	}
	if a.fetcher == nil {
		return nil, burg.Errorf(burg.EINVALID, "Fetching is switched off on this site.")
	}
	if opt.Limit <= 0 {
		opt.Limit = 100
	}
	if opt.Concurrency <= 0 {
		opt.Concurrency = 2
	}
	if opt.HostDelay <= 0 {
		opt.HostDelay = 2 * time.Second
	}
	sum := &CheckSummary{}
	todo, err := a.store.FindSnapshotsToCheck(ctx, a.now().Add(-opt.Recheck), opt.Limit)
	if err != nil {
		return nil, err
	}
	var posts []int64
	if opt.Take > 0 {
		if posts, err = a.store.FindPostsWithoutSnapshot(ctx, opt.Take); err != nil {
			return nil, err
		}
	}
	gate := &hostGate{delay: opt.HostDelay, next: map[string]time.Time{}}
	var mu sync.Mutex
	jobs := make(chan func(), opt.Concurrency)
	var wg sync.WaitGroup
	for range opt.Concurrency {
		wg.Go(func() {
			for job := range jobs {
				job()
			}
		})
	}
	var firstErr error
	for _, sn := range todo {
		jobs <- func() {
			if !gate.wait(ctx, sn.URL) {
				return
			}
			c := a.checkOne(ctx, sn)
			after, err := a.store.RecordSourceCheck(ctx, c)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
				}
				return
			}
			sum.Checked++
			if c.OK {
				sum.OK++
			} else {
				sum.Failed++
			}
			switch {
			case sn.DeadAt == nil && after.DeadAt != nil:
				sum.Died++
				sum.Dead = append(sum.Dead, after)
				a.publish(ctx, burg.Event{Kind: burg.EventPost, PostID: sn.PostID})
			case sn.DeadAt != nil && after.DeadAt == nil:
				sum.Revived++
				a.publish(ctx, burg.Event{Kind: burg.EventPost, PostID: sn.PostID})
			}
			if opt.Progress != nil {
				opt.Progress(after)
			}
		}
	}
	for _, id := range posts {
		jobs <- func() {
			p, err := a.store.FindPost(ctx, id)
			if err != nil || !gate.wait(ctx, p.SourceURL) {
				return
			}
			page, ferr := a.fetcher.Fetch(ctx, p.SourceURL)
			mu.Lock()
			defer mu.Unlock()
			if ferr != nil {
				sum.TakeFailed++
				return
			}
			if _, err := a.storeSnapshot(ctx, id, page); err != nil {
				sum.TakeFailed++
				return
			}
			sum.Taken++
			a.publish(ctx, burg.Event{Kind: burg.EventPost, PostID: id})
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return sum, firstErr
	}
	return sum, ctx.Err()
}

// checkOne fetches a source and says what it answered.
func (a *App) checkOne(ctx context.Context, sn *burg.Snapshot) burg.SourceCheck {
	c := burg.SourceCheck{PostID: sn.PostID, At: a.now()}
	fctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	resp, err := a.fetcher.FetchRaw(fctx, sn.URL, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
	switch {
	case err != nil && extract.Gone(err):
		c.Status, c.Gone = "no such host", true
	case err != nil:
		c.Status = burg.ErrorMessage(err)
		if burg.ErrorCode(err) == burg.EINTERNAL {
			c.Status = "fetch failed"
		}
	case resp.Status == http.StatusNotFound || resp.Status == http.StatusGone:
		c.Status, c.Gone = "HTTP "+strconv.Itoa(resp.Status), true
	case resp.Status >= 200 && resp.Status < 400:
		c.Status, c.OK = "ok", true
	default:
		c.Status = "HTTP " + strconv.Itoa(resp.Status)
	}
	return c
}

// hostGate spaces the fetches from each host.
type hostGate struct {
	mu    sync.Mutex
	delay time.Duration
	next  map[string]time.Time
}

// wait waits for the host's turn; false when ctx ended first.
func (g *hostGate) wait(ctx context.Context, raw string) bool {
	host := raw
	if u, err := url.Parse(raw); err == nil {
		host = u.Host
	}
	g.mu.Lock()
	now := time.Now()
	at := g.next[host]
	if at.Before(now) {
		at = now
	}
	g.next[host] = at.Add(g.delay)
	g.mu.Unlock()
	select {
	case <-ctx.Done():
		return false
	case <-time.After(time.Until(at)):
		return true
	}
}
