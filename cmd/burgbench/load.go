package main

import (
	"context"
	"html"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// A request kind is one thing a scenario's clients do: read a page or
// post a comment. A scenario mixes one or more kinds by weight.
type requestKind struct {
	label  string
	weight int
	// path is what is requested, or one of paths at random; a POST's
	// form comes from form.
	method, path string
	paths        []string
	form         func(c *client) url.Values
	// want is the status that counts as served.
	want int
	// reference is what the reference server answers in its place: the
	// same status and the same bytes as Burg sent.
	reference refPage
}

// refPage is a fixed answer of the reference server.
type refPage struct {
	status   int
	body     []byte // as sent: gzipped
	gzipped  bool
	location string
}

// client is one closed-loop client: one connection, one request at a
// time, as a browser's tab is. It carries a reader's visitor cookie and,
// for comments, a commenter's identity.
type client struct {
	id     int
	rng    *rand.Rand
	conn   *httpConn
	addr   string
	buf    []byte
	reader string // a visitor cookie, as a returning reader has
	// The commenter: a visitor cookie given by the server on the first
	// comment, and an address of its own, kept for a few comments and
	// then changed for another commenter's, so that no rate limit is met
	// whatever the server's limits.
	writer     string
	writerIP   string
	writerNick string
	written    int
	env        *loadEnv
}

// loadEnv is what every client of a run shares.
type loadEnv struct {
	host    string
	readers []string // visitor cookies of returning readers
	token   string   // a comment form's token, for servers that take one many times
	// tokens, when set, are fresh single-use form tokens, each from an
	// article page served for it (see tokenPool).
	tokens  *tokens
	lexicon *lexicon
	nicks   func() string
	mu      sync.Mutex
	nextIP  int64
}

// stats are the measurements of one request kind.
type stats struct {
	label     string
	latencies []time.Duration
	errors    map[string]int
	bytes     int64
}

// result is what one scenario measured against one server.
type result struct {
	kinds    []*stats
	duration time.Duration
}

// total is the number of requests served as wanted.
func (s *stats) total() int { return len(s.latencies) }

// percentile returns the p-th percentile (0–100) of the sorted latencies.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p / 100)
	return sorted[i]
}

// maxLatencies bounds the latencies a client keeps, so that a long run
// cannot exhaust memory: about 10 µs a request at the very least gives
// several minutes.
const maxLatencies = 4 << 20

// drive runs the scenario's kinds against addr with conns closed-loop
// clients: first for warm, unmeasured, then for dur. It returns what each
// kind measured.
func drive(ctx context.Context, env *loadEnv, addr string, kinds []requestKind, conns int, warm, dur time.Duration) (result, error) {
	total := 0
	for _, k := range kinds {
		total += k.weight
	}
	type perClient struct {
		stats []*stats
		err   error
	}
	outs := make([]perClient, conns)
	start := time.Now()
	measureFrom := start.Add(warm)
	end := measureFrom.Add(dur)
	var wg sync.WaitGroup
	for i := range conns {
		wg.Go(func() {
			c := &client{id: i, rng: rand.New(rand.NewPCG(uint64(i)+1, 77)), addr: addr, env: env}
			defer func() {
				if c.conn != nil {
					c.conn.Close()
				}
			}()
			if len(env.readers) > 0 {
				c.reader = env.readers[i%len(env.readers)]
			}
			st := make([]*stats, len(kinds))
			for j, k := range kinds {
				st[j] = &stats{label: k.label, errors: map[string]int{}}
			}
			outs[i].stats = st
			n := 0
			for ctx.Err() == nil {
				now := time.Now()
				if !now.Before(end) {
					return
				}
				j := 0
				if len(kinds) > 1 {
					w := c.rng.IntN(total)
					for j = 0; w >= kinds[j].weight; j++ {
						w -= kinds[j].weight
					}
				}
				k := &kinds[j]
				if len(env.readers) > 0 && k.method == "GET" {
					// Readers come and go: each request is another reader's.
					c.reader = env.readers[(i+n*conns)%len(env.readers)]
				}
				n++
				t0 := time.Now()
				r, err := c.do(k, false)
				lat := time.Since(t0)
				if !t0.Before(measureFrom) {
					s := st[j]
					switch {
					case err != nil:
						s.errors[shortErr(err)]++
					case r.status != k.want:
						s.errors[strconv.Itoa(r.status)]++
					case len(s.latencies) < maxLatencies:
						s.latencies = append(s.latencies, lat)
						s.bytes += r.size
					}
				}
			}
		})
	}
	wg.Wait()
	res := result{duration: dur}
	for j, k := range kinds {
		all := &stats{label: k.label, errors: map[string]int{}}
		for _, o := range outs {
			s := o.stats[j]
			all.latencies = append(all.latencies, s.latencies...)
			all.bytes += s.bytes
			for e, n := range s.errors {
				all.errors[e] += n
			}
		}
		slices.Sort(all.latencies)
		res.kinds = append(res.kinds, all)
	}
	return res, ctx.Err()
}

// shortErr names an error for the table of errors.
func shortErr(err error) string {
	s := err.Error()
	if len(s) > 40 {
		s = s[:40]
	}
	return s
}

// do makes one request of kind k, on a fresh connection if the last one
// was closed.
func (c *client) do(k *requestKind, keep bool) (response, error) {
	if c.conn == nil {
		conn, err := dialHTTP(c.addr)
		if err != nil {
			return response{}, err
		}
		c.conn = conn
	}
	var form url.Values
	if k.form != nil {
		form = k.form(c)
	}
	path := k.path
	if len(k.paths) > 0 {
		path = k.paths[c.rng.IntN(len(k.paths))]
	}
	c.buf = c.request(c.buf[:0], k.method, path, form)
	r, err := c.conn.do(c.buf, keep, time.Now().Add(30*time.Second))
	if err != nil || r.close {
		c.conn.Close()
		c.conn = nil
	}
	if err == nil && k.method == "POST" && r.cookie != "" {
		c.writer = r.cookie
	}
	return r, err
}

// visitorCookieName is the cookie in which Burg keeps a browser's
// visitor id.
const visitorCookieName = "burg_visitor"

// The headers of a browser: Firefox on Linux, navigating.
const (
	userAgent      = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
	acceptHTML     = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	acceptLanguage = "en-GB,en;q=0.5"
)

// request appends the bytes of a request to b.
func (c *client) request(b []byte, method, path string, form url.Values) []byte {
	b = append(b, method...)
	b = append(b, ' ')
	b = append(b, path...)
	b = append(b, " HTTP/1.1\r\nHost: "...)
	b = append(b, c.env.host...)
	b = append(b, "\r\nUser-Agent: "+userAgent+"\r\nAccept: "+acceptHTML+"\r\nAccept-Language: "+acceptLanguage+
		"\r\nAccept-Encoding: gzip, deflate\r\nSec-Fetch-Dest: document\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Site: same-origin\r\n"...)
	cookie := c.reader
	if method == "POST" {
		cookie = c.writer
		b = append(b, "Origin: http://"...)
		b = append(b, c.env.host...)
		b = append(b, "\r\nX-Forwarded-For: "...)
		b = append(b, c.writerIP...)
		b = append(b, "\r\n"...)
	}
	if cookie != "" {
		b = append(b, "Cookie: "+visitorCookieName+"="...)
		b = append(b, cookie...)
		b = append(b, "\r\n"...)
	}
	if form != nil {
		body := form.Encode()
		b = append(b, "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "...)
		b = strconv.AppendInt(b, int64(len(body)), 10)
		b = append(b, "\r\n\r\n"...)
		return append(b, body...)
	}
	return append(b, "\r\n"...)
}

// commentForm is a comment as a commenter's browser sends it: a nick, a
// text of 10 to 150 words, the form's token and its empty trap field. The
// commenter changes every few comments.
func (c *client) commentForm() url.Values {
	if c.writerIP == "" || c.written >= 4 {
		c.env.mu.Lock()
		c.env.nextIP++
		n := c.env.nextIP
		c.writerNick = c.env.nicks()
		c.env.mu.Unlock()
		// 2001:db8::/32 is kept for documentation: no real reader's.
		c.writerIP = "2001:db8:b:" + strconv.FormatInt(n>>16&0xffff, 16) + ":" + strconv.FormatInt(n&0xffff, 16) + "::1"
		c.writer, c.written = "", 0
	}
	c.written++
	var d draft
	if c.env.tokens != nil {
		d = <-c.env.tokens.ch
	} else {
		d = draft{token: c.env.token, body: c.env.lexicon.commentText(c.rng)}
	}
	return url.Values{"name": {c.writerNick}, "email": {""}, "website": {""}, "body": {d.body}, "ts": {d.token}, "fax": {""}}
}

// commentText is the text of one comment: 10 to 150 words, most of
// them short.
func (lx *lexicon) commentText(r *rand.Rand) string {
	v := r.Float64()
	return string(lx.appendComment(nil, r, 10+int(140*v*v)))
}

// draft is a comment made ready before it is sent: a form's token and
// the text.
type draft struct{ token, body string }

// tokens is a pool of comments made ready: Burg takes each form token
// once, so every comment needs a page of its own, as a reader's browser
// fetched it. The pages are fetched, and the comments' texts written,
// by workers of their own, on keep-alive connections that the load does
// not share, while the pool holds fewer than level drafts: they are made
// ahead of a scenario (fill), not while it is measured, so that the
// figures are those of the server storing comments rather than of the
// harness making them on the same cores.
type tokens struct {
	ch    chan draft
	level atomic.Int64
}

// tokenPool starts workers that keep up to n drafts in a pool until ctx
// ends, their texts from lx.
func tokenPool(ctx context.Context, host, path string, lx *lexicon, n, workers int) *tokens {
	t := &tokens{ch: make(chan draft, n)}
	re := regexp.MustCompile(`name="ts" value="([^"]+)"`)
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	for i := range workers {
		r := rand.New(rand.NewPCG(uint64(i)+1, 91))
		go fetchTokens(ctx, client, re, host, path, t, func() string { return lx.commentText(r) })
	}
	return t
}

// fill waits until the pool holds want tokens, or for at most limit, so
// that a scenario that writes starts with tokens at hand rather than with
// its writers waiting on the pages that carry them. From then on the
// workers fetch again only once three quarters of those are taken.
func (t *tokens) fill(ctx context.Context, want int, limit time.Duration) {
	want = min(want, cap(t.ch))
	t.level.Store(int64(want))
	deadline := time.Now().Add(limit)
	for len(t.ch) < want && time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(50 * time.Millisecond)
	}
	t.level.Store(int64(want / 4))
}

// fetchTokens fetches the page at path and sends its form token, with a
// text from text, to the pool, again and again until ctx ends.
func fetchTokens(ctx context.Context, client *http.Client, re *regexp.Regexp, host, path string, t *tokens, text func() string) {
	for ctx.Err() == nil {
		if len(t.ch) >= int(t.level.Load()) {
			time.Sleep(20 * time.Millisecond)
			continue
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+host+path, nil)
		if err != nil {
			return
		}
		req.Header.Set("User-Agent", userAgent)
		resp, err := client.Do(req)
		if err != nil {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		m := re.FindSubmatch(body)
		if m == nil {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		select {
		case t.ch <- draft{token: html.UnescapeString(string(m[1])), body: text()}:
		case <-ctx.Done():
			return
		}
	}
}
