package sqlstore

import (
	"context"
	"time"
)

// WatchWrites calls changed, within about every of a commit, whenever
// another process (the command line, another server) has written to the
// database, until ctx ends. It reports false at once, and watches
// nothing, where the database tells of writes by notifications instead
// (PostgreSQL).
//
// On SQLite it asks the writing connection for PRAGMA data_version, which
// changes when any other connection commits. All of this store's own
// writes go through that one connection, so its own commits never show.
func (s *Store) WatchWrites(ctx context.Context, every time.Duration, changed func()) bool {
	if s.d.dataVersion == "" {
		return false
	}
	// The version to compare with is read now, before the caller goes
	// on to serve: a write made between this call and the first tick is
	// then seen, rather than taken for how things were.
	last, seen := int64(0), false
	if err := s.write.QueryRowContext(ctx, s.d.dataVersion).Scan(&last); err == nil {
		seen = true
	}
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			var v int64
			if err := s.write.QueryRowContext(ctx, s.d.dataVersion).Scan(&v); err != nil {
				continue // closed or busy: the next tick tries again
			}
			if seen && v != last {
				changed()
			}
			last, seen = v, true
		}
	}()
	return true
}
