package burg

import (
	"context"
	"time"
)

// SessionTTL is how long a login lasts.
const SessionTTL = 30 * 24 * time.Hour

// Session is a registered user's login in one browser. The browser holds a
// random token; the store keeps only its SHA-256, so that a copy of the
// database logs nobody in.
type Session struct {
	TokenHash string // hex SHA-256 of the token in the cookie
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
	IP        string // where the login came from, for the user's own records
	UserAgent string

	User *User // filled by the store on reads
}

// Validate reports whether s may be stored.
func (s *Session) Validate() error {
	switch {
	case len(s.TokenHash) != 64:
		return Errorf(EINVALID, "A session needs the SHA-256 of its token.")
	case s.UserID == 0:
		return Errorf(EINVALID, "A session needs a user.")
	case s.ExpiresAt.IsZero():
		return Errorf(EINVALID, "A session needs an expiry time.")
	}
	return nil
}

// SessionStore keeps logins, so that every instance of Burg knows them.
type SessionStore interface {
	// CreateSession stores s and sets its CreatedAt; sessions that have
	// expired are cleared out on the way.
	CreateSession(ctx context.Context, s *Session) error
	// FindSession returns the live session with the token hash, with its
	// user; ENOTFOUND when there is none, it has expired or its user is
	// disabled.
	FindSession(ctx context.Context, tokenHash string) (*Session, error)
	// DeleteSession ends one session; ending an unknown one is no error.
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteUserSessions ends every session of a user ("log out
	// everywhere").
	DeleteUserSessions(ctx context.Context, userID int64) error
}

// LoginStore counts failed logins, so that throttling holds across
// instances.
type LoginStore interface {
	// RecordLoginFailure notes a failed login for nick from ip; failures
	// older than a day are cleared out on the way.
	RecordLoginFailure(ctx context.Context, nick, ip string) error
	// CountLoginFailures returns the failed logins since since for nick
	// (case-insensitively) from ip, and those from ip for any nick.
	// Failures are counted per account and address together, so that
	// guesses from one address never lock the owner out from another.
	CountLoginFailures(ctx context.Context, nick, ip string, since time.Time) (byPair, byIP int, err error)
}
