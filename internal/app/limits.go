package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	burg "github.com/burg-news/burg"
)

// Limit allows at most N actions per key (a visitor, an address) within
// Window.
type Limit struct {
	N      int
	Window time.Duration
}

// String writes the limit as ParseLimits reads it: "5/1m".
func (l Limit) String() string {
	d, w := l.Window, l.Window.String()
	switch {
	case d%time.Hour == 0:
		w = strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	case d%time.Minute == 0:
		w = strconv.FormatInt(int64(d/time.Minute), 10) + "m"
	case d%time.Second == 0:
		w = strconv.FormatInt(int64(d/time.Second), 10) + "s"
	}
	return strconv.Itoa(l.N) + "/" + w
}

// DefaultCommentLimits are the comment rate limits: at most five a minute
// and forty an hour, per visitor and per address.
var DefaultCommentLimits = []Limit{{5, time.Minute}, {40, time.Hour}}

// ParseLimits reads limits written as "5/1m,40/1h"; "off" is no limits.
func ParseLimits(s string) ([]Limit, error) {
	s = strings.TrimSpace(s)
	if s == "off" {
		return []Limit{}, nil
	}
	var out []Limit
	for part := range strings.SplitSeq(s, ",") {
		n, w, ok := strings.Cut(strings.TrimSpace(part), "/")
		count, err := strconv.Atoi(n)
		if !ok || err != nil || count <= 0 {
			return nil, fmt.Errorf("limit %q: want N/DURATION such as 5/1m", part)
		}
		d, err := time.ParseDuration(w)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("limit %q: want N/DURATION such as 5/1m", part)
		}
		out = append(out, Limit{count, d})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no limits in %q; write them as 5/1m,40/1h or off", s)
	}
	return out, nil
}

// Limits on logins, per account from one address and per address, and on
// the posting desk's outside work. The two login lists have the same
// windows, in the same order: loginThrottled reads them side by side.
//
// Failures count against the account and address together, with the
// address's own limit as the outer bound: guesses from one address hold
// up that address, never the account's owner logging in from another.
var (
	loginPairLimits = []Limit{{5, time.Minute}, {20, time.Hour}}
	loginIPLimits   = []Limit{{20, time.Minute}, {100, time.Hour}}
	submitLimits    = []Limit{{3, time.Minute}, {20, time.Hour}}
	fetchLimits     = []Limit{{10, time.Minute}, {120, time.Hour}}
	// readerFetchLimits bound what a reader (no account) may fetch and
	// translate, per visitor and per address, where the site takes
	// readers' submissions at all.
	readerFetchLimits = []Limit{{4, time.Minute}, {30, time.Hour}}
	// photoLimits bound photos per visitor and address.
	photoLimits = []Limit{{10, time.Minute}, {60, time.Hour}}
)

// commentAllowed reports whether the visitor and the address are within
// the comment limits. The counts come from the comments in the store, so
// that the limits hold across every instance serving it.
func (a *App) commentAllowed(ctx context.Context, visitor, ip string) (bool, error) {
	now := a.now()
	for _, lim := range a.cfg.CommentLimits {
		// Within the window means less than window ago; times are stored
		// to the microsecond.
		c, err := a.store.CountCommentsSince(ctx, visitor, ip, now.Add(-lim.Window+time.Microsecond))
		if err != nil {
			return false, err
		}
		if c.ByVisitor >= lim.N || c.ByIP >= lim.N {
			return false, nil
		}
	}
	return true, nil
}

// limiter counts recent actions per key in memory, in this process.
type limiter struct {
	now    burg.Clock
	limits []Limit // shortest window first
	mu     sync.Mutex
	hit    map[string][]time.Time
}

func newLimiter(now burg.Clock, limits []Limit) *limiter {
	return &limiter{now: now, limits: limits, hit: map[string][]time.Time{}}
}

// allow records an action for every key and reports whether all are
// within the limits; a refused action is not recorded.
func (l *limiter) allow(keys ...string) bool {
	if len(l.limits) == 0 {
		return true
	}
	now := l.now()
	longest := l.limits[len(l.limits)-1].Window
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if k == "" {
			continue
		}
		kept := l.hit[k][:0]
		for _, t := range l.hit[k] {
			if now.Sub(t) < longest {
				kept = append(kept, t)
			}
		}
		l.hit[k] = kept
		for _, lim := range l.limits {
			n := 0
			for _, t := range kept {
				if now.Sub(t) < lim.Window {
					n++
				}
			}
			if n >= lim.N {
				return false
			}
		}
	}
	for _, k := range keys {
		if k != "" {
			l.hit[k] = append(l.hit[k], now)
		}
	}
	if len(l.hit) > 100_000 { // forget the quiet keys
		for k, ts := range l.hit {
			if len(ts) == 0 || now.Sub(ts[len(ts)-1]) > longest {
				delete(l.hit, k)
			}
		}
	}
	return true
}
