package live

import "testing"

func TestPublishReachesSubscribersOfThatPost(t *testing.T) {
	b := NewBroker()
	a, stopA := b.Subscribe(1)
	other, stopOther := b.Subscribe(2)
	defer stopOther()
	b.Publish(1)
	b.Publish(1) // coalesces with the first: never blocks
	select {
	case <-a:
	default:
		t.Fatal("subscriber of post 1 got no signal")
	}
	select {
	case <-other:
		t.Fatal("subscriber of post 2 got a signal for post 1")
	default:
	}
	stopA()
	stopA() // idempotent
	if got := b.Subscribers(); got != 1 {
		t.Fatalf("%d subscribers after one stopped, want 1", got)
	}
	b.Publish(1) // no subscribers: no panic
}
