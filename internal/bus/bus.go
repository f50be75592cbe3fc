// Package bus carries Burg's domain events within a process: the
// application layer publishes one after each committed write, the caches
// and live streams subscribe, and relays pass the events on to the other
// instances that serve the same database (on PostgreSQL, by
// LISTEN/NOTIFY).
package bus

import (
	"context"
	"slices"
	"sync"

	burg "github.com/burg-news/burg"
)

// Bus fans events out to its subscribers, in the order they subscribed,
// and to its relays. It is safe for concurrent use.
type Bus struct {
	mu     sync.RWMutex
	subs   []subscriber // in the order they subscribed
	next   int
	relays []burg.EventPublisher
}

type subscriber struct {
	id int
	fn func(burg.Event)
}

// New returns a bus with no subscribers.
func New() *Bus { return &Bus{} }

// Subscribe calls fn with every event published or delivered from now on,
// until the returned function is called. fn runs on the publisher's
// goroutine, before Publish returns, so that a writer's next read sees
// caches that know of its write: it must be quick and must not publish.
func (b *Bus) Subscribe(fn func(burg.Event)) (cancel func()) {
	b.mu.Lock()
	id := b.next
	b.next++
	b.subs = append(b.subs, subscriber{id, fn})
	b.mu.Unlock()
	return func() {
		b.mu.Lock()
		b.subs = slices.DeleteFunc(slices.Clone(b.subs), func(s subscriber) bool { return s.id == id })
		b.mu.Unlock()
	}
}

// Relay passes every event published here (not those delivered from
// elsewhere) on to p as well.
func (b *Bus) Relay(p burg.EventPublisher) {
	b.mu.Lock()
	b.relays = append(b.relays, p)
	b.mu.Unlock()
}

// Publish tells the subscribers of a write made in this process, then the
// relays. A request that ends does not stop the news of its write.
func (b *Bus) Publish(ctx context.Context, e burg.Event) {
	b.Deliver(e)
	b.mu.RLock()
	relays := b.relays
	b.mu.RUnlock()
	for _, r := range relays {
		r.Publish(context.WithoutCancel(ctx), e)
	}
}

// Deliver tells the subscribers of a write made elsewhere: by another
// instance, or by another process on the same SQLite file. Relays are not
// told, so that an event does not go round for ever.
func (b *Bus) Deliver(e burg.Event) {
	b.mu.RLock()
	subs := b.subs // never changed in place: cancelling makes a new slice
	b.mu.RUnlock()
	for _, s := range subs {
		s.fn(e)
	}
}
