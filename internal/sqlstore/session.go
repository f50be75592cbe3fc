package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	burg "github.com/burg-news/burg"
)

// CreateSession stores a login and clears out the expired ones.
func (s *Store) CreateSession(ctx context.Context, sess *burg.Session) error {
	if err := sess.Validate(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, t.now); err != nil {
			return fmt.Errorf("clear expired sessions: %w", err)
		}
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE id = ?`, sess.UserID).Scan(&n); err != nil {
			return fmt.Errorf("check session user: %w", err)
		} else if n == 0 {
			return burg.Errorf(burg.EINVALID, "There is no such user.")
		}
		_, err := t.exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, ip, user_agent)
			VALUES (?, ?, ?, ?, ?, ?)`,
			sess.TokenHash, sess.UserID, t.now, utc(sess.ExpiresAt), sess.IP, clipUA(sess.UserAgent))
		if isUniqueViolation(err) {
			return burg.Errorf(burg.ECONFLICT, "That session exists already.")
		} else if err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		sess.CreatedAt, sess.ExpiresAt = t.now, utc(sess.ExpiresAt)
		return nil
	})
}

// clipUA keeps a User-Agent to a sensible length.
func clipUA(ua string) string {
	if len(ua) > 300 {
		return ua[:300]
	}
	return ua
}

// FindSession returns the live session with the token hash and its user.
func (s *Store) FindSession(ctx context.Context, tokenHash string) (*burg.Session, error) {
	sess := &burg.Session{User: &burg.User{}}
	err := s.readTx(ctx, func(t *tx) error {
		u := sess.User
		err := t.queryRow(ctx, `SELECT x.token_hash, x.user_id, x.created_at, x.expires_at, x.ip, x.user_agent,
			u.id, u.nick, u.role, u.colour, u.password_hash, u.disabled, u.created_at
			FROM sessions x JOIN users u ON u.id = x.user_id
			WHERE x.token_hash = ? AND x.expires_at > ? AND u.disabled = ?`, tokenHash, t.now, false).
			Scan(&sess.TokenHash, &sess.UserID, &sess.CreatedAt, &sess.ExpiresAt, &sess.IP, &sess.UserAgent,
				&u.ID, &u.Nick, &u.Role, &u.Colour, &u.PasswordHash, &u.Disabled, &u.CreatedAt)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("session")
		} else if err != nil {
			return fmt.Errorf("find session: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sess.CreatedAt, sess.ExpiresAt, sess.User.CreatedAt = sess.CreatedAt.UTC(), sess.ExpiresAt.UTC(), sess.User.CreatedAt.UTC()
	return sess, nil
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	return s.writeTx(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
			return fmt.Errorf("delete session: %w", err)
		}
		return nil
	})
}

// DeleteUserSessions ends every session of a user.
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64) error {
	return s.writeTx(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
			return fmt.Errorf("delete sessions of user %d: %w", userID, err)
		}
		return nil
	})
}
