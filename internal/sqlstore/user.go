package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	burg "github.com/burg-news/burg"
)

// nickKey is the case-insensitive key that keeps two users from sharing a
// nick.
func nickKey(nick string) string { return strings.ToLower(strings.TrimSpace(nick)) }

// CreateUser stores u and sets its ID and CreatedAt; ECONFLICT when the
// nick is taken.
func (s *Store) CreateUser(ctx context.Context, u *burg.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(t *tx) error {
		u.CreatedAt = t.now
		id, err := t.insert(ctx, `INSERT INTO users (nick, nick_key, role, colour, password_hash, disabled, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			u.Nick, nickKey(u.Nick), u.Role, u.Colour, u.PasswordHash, u.Disabled, u.CreatedAt)
		if isUniqueViolation(err) {
			return burg.Errorf(burg.ECONFLICT, "The nick %q is taken.", u.Nick)
		} else if err != nil {
			return fmt.Errorf("create user: %w", err)
		}
		u.ID = id
		return nil
	})
}

// UpdateUser changes role, colour, password hash and disabled flag, and
// with endSessions ends the user's sessions in the same transaction.
func (s *Store) UpdateUser(ctx context.Context, u *burg.User, endSessions bool) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `UPDATE users SET role = ?, colour = ?, password_hash = ?, disabled = ? WHERE id = ?`,
			u.Role, u.Colour, u.PasswordHash, u.Disabled, u.ID)
		if err != nil {
			return fmt.Errorf("update user %d: %w", u.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("user")
		}
		if endSessions {
			if _, err := t.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
				return fmt.Errorf("end sessions of user %d: %w", u.ID, err)
			}
		}
		return nil
	})
}

const userColumns = `id, nick, role, colour, password_hash, disabled, created_at`

func scanUser(sc interface{ Scan(...any) error }) (*burg.User, error) {
	u := &burg.User{}
	err := sc.Scan(&u.ID, &u.Nick, &u.Role, &u.Colour, &u.PasswordHash, &u.Disabled, &u.CreatedAt)
	u.CreatedAt = u.CreatedAt.UTC()
	return u, err
}

// FindUser returns one user or ENOTFOUND.
func (s *Store) FindUser(ctx context.Context, id int64) (*burg.User, error) {
	return s.findUser(ctx, `WHERE id = ?`, id)
}

// FindUserByNick returns one user by nick, case-insensitively, or
// ENOTFOUND.
func (s *Store) FindUserByNick(ctx context.Context, nick string) (*burg.User, error) {
	return s.findUser(ctx, `WHERE nick_key = ?`, nickKey(nick))
}

func (s *Store) findUser(ctx context.Context, where string, arg any) (*burg.User, error) {
	var u *burg.User
	err := s.readTx(ctx, func(t *tx) error {
		var err error
		u, err = scanUser(t.queryRow(ctx, `SELECT `+userColumns+` FROM users `+where, arg))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("user")
		} else if err != nil {
			return fmt.Errorf("find user: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// FindUsers returns every user by nick.
func (s *Store) FindUsers(ctx context.Context) ([]*burg.User, error) {
	var users []*burg.User
	err := s.readTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT `+userColumns+` FROM users ORDER BY nick_key`)
		if err != nil {
			return fmt.Errorf("find users: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return fmt.Errorf("find users: %w", err)
			}
			users = append(users, u)
		}
		return rows.Err()
	})
	return users, err
}
