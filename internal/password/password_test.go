package password

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

var fast = Params{Memory: 1024, Time: 1, Threads: 1}

func TestHashCheck(t *testing.T) {
	h, err := Hash("correct horse", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash %q is not a PHC argon2id string", h)
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{{"correct horse", true}, {"Correct horse", false}, {"", false}} {
		got, err := Check(tc.pw, h)
		if err != nil || got != tc.want {
			t.Errorf("Check(%q) = %v, %v; want %v", tc.pw, got, err, tc.want)
		}
	}
	h2, _ := Hash("correct horse", fast)
	if h == h2 {
		t.Error("two hashes of one password are equal: salt not random")
	}
}

func TestCheckMalformed(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "$argon2id$v=19$m=1024,t=1,p=1$!!$aGFzaA"} {
		if ok, err := Check("x", h); ok || err == nil {
			t.Errorf("Check(%q) = %v, %v; want false, error", h, ok, err)
		}
	}
}

func TestGenerate(t *testing.T) {
	a, b := Generate(20), Generate(20)
	if len(a) != 20 || a == b {
		t.Fatalf("Generate gave %q and %q", a, b)
	}
	if strings.ContainsAny(a, "l1O0") {
		t.Fatalf("Generate used a look-alike letter: %q", a)
	}
}

func TestLimiter(t *testing.T) {
	l := NewLimiter(1, 20*time.Millisecond)
	hold := make(chan struct{})
	started := make(chan struct{})
	go l.Do(t.Context(), func() { close(started); <-hold })
	<-started
	// The one turn is taken: a second caller gives up after the wait.
	if _, err := l.Check(t.Context(), "pw", "x"); !errors.Is(err, ErrBusy) {
		t.Errorf("Check while busy: %v, want ErrBusy", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := l.Do(ctx, func() {}); !errors.Is(err, context.Canceled) {
		t.Errorf("Do with an ended context: %v", err)
	}
	close(hold)
	h, err := l.Hash(t.Context(), "pw", fast)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := l.Check(t.Context(), "pw", h); !ok || err != nil {
		t.Errorf("Check after the turn freed: %v %v", ok, err)
	}
}
