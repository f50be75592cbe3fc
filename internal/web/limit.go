package web

import (
	"sync"
	"time"

	burg "github.com/burg-news/burg"
)

// limiter counts recent actions per key (an IP or a visitor) in fixed
// windows, in memory.
type limiter struct {
	now    burg.Clock
	limits []limit // shortest window first
	mu     sync.Mutex
	hit    map[string][]time.Time
}

// limit allows at most n actions per key within window.
type limit struct {
	n      int
	window time.Duration
}

// commentLimits: at most this many comments per visitor and per address
// within each window. They are counted in the store (see commentAllowed),
// not by a limiter, so that they hold across instances.
var commentLimits = []limit{{5, time.Minute}, {40, time.Hour}}

// newLimiter returns a limiter with limits, ordered by window, shortest
// first.
func newLimiter(now burg.Clock, limits []limit) *limiter {
	return &limiter{now: now, limits: limits, hit: map[string][]time.Time{}}
}

// allow records an action for every key and reports whether all are
// within the limits; a refused action is not recorded.
func (l *limiter) allow(keys ...string) bool {
	now := l.now()
	longest := l.limits[len(l.limits)-1].window
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
				if now.Sub(t) < lim.window {
					n++
				}
			}
			if n >= lim.n {
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
