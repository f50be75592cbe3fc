package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

// CreateBan stores b and sets its ID and CreatedAt.
func (s *Store) CreateBan(ctx context.Context, b *burg.Ban) error {
	return s.CreateBans(ctx, []*burg.Ban{b})
}

// CreateBans stores bans in one transaction and sets their IDs and
// CreatedAt; none is stored if one is bad.
func (s *Store) CreateBans(ctx context.Context, bs []*burg.Ban) error {
	keys := make([]string, len(bs))
	for i, b := range bs {
		if err := b.Validate(); err != nil {
			return err
		}
		keys[i] = b.MatchKey
		if keys[i] == "" && b.Kind != burg.BanNick {
			keys[i] = b.Value
		}
		if keys[i] == "" {
			return burg.Errorf(burg.EINVALID, "A nick ban needs the nick's canonical form to match by.")
		}
	}
	type made struct {
		id int64
		at time.Time
	}
	out := make([]made, len(bs))
	err := s.writeTx(ctx, func(t *tx) error {
		known := map[int64]bool{}
		for i, b := range bs {
			var userID any
			if b.UserID != 0 {
				userID = b.UserID
				if !known[b.UserID] {
					var n int
					if err := t.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE id = ?`, userID).Scan(&n); err != nil {
						return fmt.Errorf("create ban: %w", err)
					}
					if n == 0 {
						return burg.Errorf(burg.EINVALID, "A ban needs a known moderator.")
					}
					known[b.UserID] = true
				}
			}
			id, err := t.insert(ctx, `INSERT INTO bans (kind, value, match_key, reason, user_id, created_at, expires_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, b.Kind, b.Value, keys[i], b.Reason, userID, t.now, nullTime(b.ExpiresAt))
			if err != nil {
				return fmt.Errorf("create ban: %w", err)
			}
			out[i] = made{id, t.now}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, b := range bs {
		b.ID, b.CreatedAt, b.MatchKey = out[i].id, out[i].at, keys[i]
		if b.ExpiresAt != nil {
			at := utc(*b.ExpiresAt)
			b.ExpiresAt = &at
		}
	}
	return nil
}

const banColumns = `id, kind, value, match_key, reason, COALESCE(user_id, 0), created_at, expires_at`

func scanBan(sc interface{ Scan(...any) error }) (*burg.Ban, error) {
	b := &burg.Ban{}
	var expires sql.NullTime
	if err := sc.Scan(&b.ID, &b.Kind, &b.Value, &b.MatchKey, &b.Reason, &b.UserID, &b.CreatedAt, &expires); err != nil {
		return nil, err
	}
	b.CreatedAt = b.CreatedAt.UTC()
	b.ExpiresAt = timePtr(expires)
	return b, nil
}

// FindBans returns the bans in force, or all of them, newest first.
func (s *Store) FindBans(ctx context.Context, expired bool) ([]*burg.Ban, error) {
	var out []*burg.Ban
	err := s.readTx(ctx, func(t *tx) error {
		q, args := `SELECT `+banColumns+` FROM bans`, []any{}
		if !expired {
			q += ` WHERE expires_at IS NULL OR expires_at > ?`
			args = append(args, t.now)
		}
		rows, err := t.query(ctx, q+` ORDER BY id DESC`, args...)
		if err != nil {
			return fmt.Errorf("find bans: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			b, err := scanBan(rows)
			if err != nil {
				return fmt.Errorf("find bans: %w", err)
			}
			out = append(out, b)
		}
		return rows.Err()
	})
	return out, err
}

// DeleteBan lifts a ban.
func (s *Store) DeleteBan(ctx context.Context, id int64) error {
	return s.writeTx(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `DELETE FROM bans WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("delete ban %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("delete ban %d: %w", id, err)
		} else if n == 0 {
			return notFound("ban")
		}
		return nil
	})
}

// FindActiveBan returns the oldest ban in force that matches c. Nick,
// visitor and address bans are found by the index; networks, which are
// few, are tested here.
func (s *Store) FindActiveBan(ctx context.Context, c burg.Commenter) (*burg.Ban, error) {
	// Each test is a fixed string; only the values are arguments.
	tests, args := []string{`kind = 'net'`}, []any{}
	if c.NickKey != "" {
		tests, args = append(tests, `(kind = 'nick' AND match_key = ?)`), append(args, c.NickKey)
	}
	if c.LooseKey != "" && c.LooseKey != c.NickKey {
		tests, args = append(tests, `(kind = 'nick' AND match_key = ?)`), append(args, c.LooseKey)
	}
	if c.VisitorID != "" {
		tests, args = append(tests, `(kind = 'visitor' AND match_key = ?)`), append(args, c.VisitorID)
	}
	ip := ""
	if c.IP != "" {
		b := burg.Ban{Kind: burg.BanIP, Value: c.IP}
		if b.Validate() == nil {
			ip = b.Value
			tests, args = append(tests, `(kind = 'ip' AND match_key = ?)`), append(args, ip)
		}
	}
	var found *burg.Ban
	err := s.readTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT `+banColumns+` FROM bans
			WHERE (expires_at IS NULL OR expires_at > ?) AND (`+strings.Join(tests, " OR ")+`) ORDER BY id`,
			append([]any{t.now}, args...)...)
		if err != nil {
			return fmt.Errorf("find ban: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			b, err := scanBan(rows)
			if err != nil {
				return fmt.Errorf("find ban: %w", err)
			}
			if b.Kind == burg.BanNet && (ip == "" || !b.MatchesAddr(ip)) {
				continue
			}
			found = b
			break
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	if found == nil {
		return nil, notFound("ban")
	}
	return found, nil
}

// CountCommentsSince counts the comments of a visitor and from an address
// made at or after since, through the indexes on (visitor_id, created_at)
// and (ip, created_at).
func (s *Store) CountCommentsSince(ctx context.Context, visitorID, ip string, since time.Time) (burg.CommentActivity, error) {
	var a burg.CommentActivity
	err := s.readTx(ctx, func(t *tx) error {
		if visitorID != "" {
			err := t.queryRow(ctx, `SELECT COUNT(*) FROM comments WHERE visitor_id = ? AND created_at >= ?`,
				visitorID, utc(since)).Scan(&a.ByVisitor)
			if err != nil {
				return fmt.Errorf("count comments of visitor: %w", err)
			}
		}
		if ip != "" {
			err := t.queryRow(ctx, `SELECT COUNT(*) FROM comments WHERE ip = ? AND created_at >= ?`,
				ip, utc(since)).Scan(&a.ByIP)
			if err != nil {
				return fmt.Errorf("count comments from address: %w", err)
			}
		}
		return nil
	})
	return a, err
}
