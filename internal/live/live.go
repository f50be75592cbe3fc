// Package live tells open article pages that a comment arrived, so that
// they can show it without a reload.
package live

import "sync"

// Broker fans out "post P has a new comment" signals to the subscribers
// of this process. A signal carries no data: subscribers ask the store
// for what is new, so a signal dropped while a subscriber is busy loses
// nothing.
type Broker struct {
	mu   sync.Mutex
	subs map[int64]map[chan struct{}]struct{}
}

// NewBroker returns an empty broker.
func NewBroker() *Broker {
	return &Broker{subs: map[int64]map[chan struct{}]struct{}{}}
}

// Subscribe returns a channel that receives a signal after each Publish
// for postID, and a function that ends the subscription.
func (b *Broker) Subscribe(postID int64) (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	b.mu.Lock()
	if b.subs[postID] == nil {
		b.subs[postID] = map[chan struct{}]struct{}{}
	}
	b.subs[postID][ch] = struct{}{}
	b.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			b.mu.Lock()
			delete(b.subs[postID], ch)
			if len(b.subs[postID]) == 0 {
				delete(b.subs, postID)
			}
			b.mu.Unlock()
		})
	}
}

// Publish signals every subscriber of postID. It never blocks: a
// subscriber with a signal already waiting needs no second one.
func (b *Broker) Publish(postID int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs[postID] {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// Subscribers returns the number of open subscriptions, for metrics and
// tests.
func (b *Broker) Subscribers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, m := range b.subs {
		n += len(m)
	}
	return n
}
