package storetest

import (
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

func testLoginFailures(t *testing.T, open opener) {
	test(t, "Counts", open, func(t *testing.T, s burg.Store) {
		ctx := t.Context()
		must(t, s.RecordLoginFailure(ctx, "Badger", "10.0.0.1"))
		must(t, s.RecordLoginFailure(ctx, "badger", "10.0.0.1"))
		must(t, s.RecordLoginFailure(ctx, "BADGER", "10.0.0.2"))
		must(t, s.RecordLoginFailure(ctx, "Otter", "10.0.0.1"))
		var long time.Time // since the beginning
		byPair, byIP, err := s.CountLoginFailures(ctx, "Badger", "10.0.0.1", long)
		must(t, err)
		if byPair != 2 || byIP != 3 {
			t.Errorf("Badger from 10.0.0.1: got %d for the pair and %d by address, want 2 and 3", byPair, byIP)
		}
		byPair, _, err = s.CountLoginFailures(ctx, "badger", "10.0.0.2", long)
		must(t, err)
		if byPair != 1 {
			t.Errorf("badger from 10.0.0.2: got %d for the pair, want 1", byPair)
		}
		byPair, byIP, err = s.CountLoginFailures(ctx, "otter", "10.0.0.2", long)
		must(t, err)
		if byPair != 0 || byIP != 1 {
			t.Errorf("otter from 10.0.0.2: got %d and %d, want 0 and 1", byPair, byIP)
		}
		byPair, byIP, err = s.CountLoginFailures(ctx, "Nobody", "10.9.9.9", long)
		must(t, err)
		if byPair != 0 || byIP != 0 {
			t.Errorf("unknown nick and address: got %d and %d, want 0 and 0", byPair, byIP)
		}
	})
	test(t, "Since", open, func(t *testing.T, s burg.Store) {
		// Failures are recorded at the store's now; a window that starts
		// after it counts none of them.
		ctx := t.Context()
		must(t, s.RecordLoginFailure(ctx, "Badger", "10.0.0.1"))
		byPair, byIP, err := s.CountLoginFailures(ctx, "Badger", "10.0.0.1", time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
		must(t, err)
		if byPair != 0 || byIP != 0 {
			t.Errorf("from the year 9999: got %d and %d, want 0 and 0", byPair, byIP)
		}
	})
}
