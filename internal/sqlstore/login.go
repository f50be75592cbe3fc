package sqlstore

import (
	"context"
	"fmt"
	"time"
)

// RecordLoginFailure notes a failed login and clears out those older
// than a day.
func (s *Store) RecordLoginFailure(ctx context.Context, nick, ip string) error {
	return s.writeTx(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `DELETE FROM login_failures WHERE at < ?`, t.now.Add(-24*time.Hour)); err != nil {
			return fmt.Errorf("clear login failures: %w", err)
		}
		if _, err := t.exec(ctx, `INSERT INTO login_failures (nick_key, ip, at) VALUES (?, ?, ?)`,
			nickKey(nick), ip, t.now); err != nil {
			return fmt.Errorf("record login failure: %w", err)
		}
		return nil
	})
}

// CountLoginFailures returns the failed logins since since for nick from
// ip, and from ip for any nick.
func (s *Store) CountLoginFailures(ctx context.Context, nick, ip string, since time.Time) (int, int, error) {
	var byPair, byIP int
	err := s.readTx(ctx, func(t *tx) error {
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM login_failures WHERE nick_key = ? AND ip = ? AND at >= ?`,
			nickKey(nick), ip, utc(since)).Scan(&byPair); err != nil {
			return fmt.Errorf("count login failures: %w", err)
		}
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM login_failures WHERE ip = ? AND at >= ?`,
			ip, utc(since)).Scan(&byIP); err != nil {
			return fmt.Errorf("count login failures: %w", err)
		}
		return nil
	})
	return byPair, byIP, err
}
