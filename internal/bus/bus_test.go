package bus

import (
	"context"
	"slices"
	"sync"
	"testing"

	burg "github.com/burg-news/burg"
)

type recorder struct {
	mu     sync.Mutex
	events []burg.Event
}

func (r *recorder) Publish(_ context.Context, e burg.Event) { r.add(e) }

func (r *recorder) add(e burg.Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
}

func TestBus(t *testing.T) {
	b := New()
	var order []string
	first, second := &recorder{}, &recorder{}
	b.Subscribe(func(e burg.Event) { order = append(order, "first"); first.add(e) })
	cancel := b.Subscribe(func(e burg.Event) { order = append(order, "second"); second.add(e) })
	relay := &recorder{}
	b.Relay(relay)

	local := burg.Event{Kind: burg.EventComment, PostID: 7}
	b.Publish(t.Context(), local)
	remote := burg.Event{Kind: burg.EventUsers}
	b.Deliver(remote)
	cancel()
	b.Publish(t.Context(), burg.Event{Kind: burg.EventAll})

	if want := []burg.Event{local, remote, {Kind: burg.EventAll}}; !slices.Equal(first.events, want) {
		t.Errorf("first subscriber got %v, want %v", first.events, want)
	}
	if want := []burg.Event{local, remote}; !slices.Equal(second.events, want) {
		t.Errorf("second subscriber got %v, want %v (none after cancelling)", second.events, want)
	}
	if want := []burg.Event{local, {Kind: burg.EventAll}}; !slices.Equal(relay.events, want) {
		t.Errorf("relay got %v, want only what was published here", relay.events)
	}
	if want := []string{"first", "second", "first", "second", "first"}; !slices.Equal(order, want) {
		t.Errorf("order %v, want subscribers in the order they subscribed", order)
	}
}

func TestEventRoundTrip(t *testing.T) {
	for _, e := range []burg.Event{{Kind: burg.EventComment, PostID: 42}, {Kind: burg.EventPost, PostID: 1},
		{Kind: burg.EventComment, PostID: 7, VisitorID: "AbCdEfGhIjKlMnOpQrStUv"},
		{Kind: burg.EventRender, PostID: 7}, {Kind: burg.EventNames},
		{Kind: burg.EventUsers}, {Kind: burg.EventBans}, {Kind: burg.EventSettings}, {Kind: burg.EventAll}} {
		got, err := burg.ParseEvent(e.String())
		if err != nil || got != e {
			t.Errorf("ParseEvent(%q) = %v, %v", e.String(), got, err)
		}
	}
	for _, bad := range []string{"", "nonsense", "comment", "comment x", "comment -1", "post 0", "post 4 visitor", "comment 4 ", "render"} {
		if _, err := burg.ParseEvent(bad); err == nil {
			t.Errorf("ParseEvent(%q) succeeded", bad)
		}
	}
}
