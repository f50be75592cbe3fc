package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

// tokenHash is the hex SHA-256 of a made-up token.
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// farFuture is an expiry no store clock reaches in these tests.
var farFuture = time.Date(2100, time.January, 2, 3, 4, 5, 600007000, time.UTC)

// session returns an unstored session of u that expires at exp.
func session(token string, u *burg.User, exp time.Time) *burg.Session {
	return &burg.Session{TokenHash: tokenHash(token), UserID: u.ID, ExpiresAt: exp, IP: "192.0.2.7", UserAgent: "Firefox"}
}

func testCreateSession(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		sess := session("one", f.Badger, farFuture)
		must(t, s.CreateSession(t.Context(), sess))
		if sess.CreatedAt.IsZero() || sess.CreatedAt.Location() != time.UTC {
			t.Errorf("CreatedAt = %v, want set, in UTC", sess.CreatedAt)
		}
		got, err := s.FindSession(t.Context(), tokenHash("one"))
		must(t, err)
		if got.TokenHash != sess.TokenHash || got.UserID != f.Badger.ID || got.IP != "192.0.2.7" || got.UserAgent != "Firefox" {
			t.Errorf("session: got %+v, want %+v", *got, *sess)
		}
		checkTime(t, "expires at", got.ExpiresAt, farFuture)
		checkTime(t, "created at", got.CreatedAt, sess.CreatedAt)
		checkUser(t, got.User, f.Badger)
	})
	test(t, "SeveralPerUser", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		must(t, s.CreateSession(t.Context(), session("laptop", f.Otter, farFuture)))
		must(t, s.CreateSession(t.Context(), session("phone", f.Otter, farFuture)))
		for _, tok := range []string{"laptop", "phone"} {
			got, err := s.FindSession(t.Context(), tokenHash(tok))
			must(t, err)
			if got.UserID != f.Otter.ID {
				t.Errorf("%s: user %d, want %d", tok, got.UserID, f.Otter.ID)
			}
		}
	})
	test(t, "ErrTokenTaken", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		must(t, s.CreateSession(t.Context(), session("one", f.Badger, farFuture)))
		wantCode(t, s.CreateSession(t.Context(), session("one", f.Otter, farFuture)), burg.ECONFLICT)
		got, err := s.FindSession(t.Context(), tokenHash("one"))
		must(t, err)
		if got.UserID != f.Badger.ID {
			t.Errorf("the session changed hands: user %d", got.UserID)
		}
	})
	for _, c := range []struct {
		name string
		edit func(*burg.Session)
	}{
		{"ErrNoHash", func(x *burg.Session) { x.TokenHash = "" }},
		{"ErrShortHash", func(x *burg.Session) { x.TokenHash = "abc" }},
		{"ErrNoUser", func(x *burg.Session) { x.UserID = 0 }},
		{"ErrUnknownUser", func(x *burg.Session) { x.UserID = 987654 }},
		{"ErrNoExpiry", func(x *burg.Session) { x.ExpiresAt = time.Time{} }},
	} {
		test(t, c.name, open, func(t *testing.T, s burg.Store) {
			f := NewFixture(t, s)
			sess := session("bad", f.Badger, farFuture)
			c.edit(sess)
			wantCode(t, s.CreateSession(t.Context(), sess), burg.EINVALID)
			_, err := s.FindSession(t.Context(), tokenHash("bad"))
			wantCode(t, err, burg.ENOTFOUND)
		})
	}
}

func testFindSession(t *testing.T, open opener) {
	test(t, "ErrUnknown", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		must(t, s.CreateSession(t.Context(), session("one", f.Badger, farFuture)))
		for _, h := range []string{tokenHash("two"), "", "one"} {
			_, err := s.FindSession(t.Context(), h)
			wantCode(t, err, burg.ENOTFOUND)
		}
	})
	test(t, "ErrExpired", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		must(t, s.CreateSession(t.Context(), session("old", f.Badger, time.Date(2001, 9, 1, 0, 0, 0, 0, time.UTC))))
		_, err := s.FindSession(t.Context(), tokenHash("old"))
		wantCode(t, err, burg.ENOTFOUND)
	})
	test(t, "ErrUserDisabled", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		must(t, s.CreateSession(t.Context(), session("one", f.Badger, farFuture)))
		u := *f.Badger
		u.Disabled = true
		must(t, s.UpdateUser(t.Context(), &u, false))
		_, err := s.FindSession(t.Context(), tokenHash("one"))
		wantCode(t, err, burg.ENOTFOUND)
		// Enabled again, the session works again until it expires.
		u.Disabled = false
		must(t, s.UpdateUser(t.Context(), &u, false))
		_, err = s.FindSession(t.Context(), tokenHash("one"))
		must(t, err)
	})
	test(t, "RoleChangeShows", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		must(t, s.CreateSession(t.Context(), session("one", f.Otter, farFuture)))
		u := *f.Otter
		u.Role, u.Colour = burg.RoleModerator, "#123abc"
		must(t, s.UpdateUser(t.Context(), &u, false))
		got, err := s.FindSession(t.Context(), tokenHash("one"))
		must(t, err)
		if got.User.Role != burg.RoleModerator || got.User.Colour != "#123abc" {
			t.Errorf("session user = %+v, want the new role and colour", *got.User)
		}
	})
}

func testDeleteSession(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		must(t, s.CreateSession(t.Context(), session("one", f.Badger, farFuture)))
		must(t, s.CreateSession(t.Context(), session("two", f.Badger, farFuture)))
		must(t, s.DeleteSession(t.Context(), tokenHash("one")))
		_, err := s.FindSession(t.Context(), tokenHash("one"))
		wantCode(t, err, burg.ENOTFOUND)
		_, err = s.FindSession(t.Context(), tokenHash("two"))
		must(t, err)
	})
	test(t, "Unknown", open, func(t *testing.T, s burg.Store) {
		must(t, s.DeleteSession(t.Context(), tokenHash("nobody")))
	})
}

func testDeleteUserSessions(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		must(t, s.CreateSession(t.Context(), session("b1", f.Badger, farFuture)))
		must(t, s.CreateSession(t.Context(), session("b2", f.Badger, farFuture)))
		must(t, s.CreateSession(t.Context(), session("o1", f.Otter, farFuture)))
		must(t, s.DeleteUserSessions(t.Context(), f.Badger.ID))
		for _, tok := range []string{"b1", "b2"} {
			_, err := s.FindSession(t.Context(), tokenHash(tok))
			wantCode(t, err, burg.ENOTFOUND)
		}
		if _, err := s.FindSession(t.Context(), tokenHash("o1")); err != nil {
			t.Errorf("another user's session ended: %v", err)
		}
	})
	test(t, "None", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		must(t, s.DeleteUserSessions(t.Context(), f.Editor.ID))
	})
}
