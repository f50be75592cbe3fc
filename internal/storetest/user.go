package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

func testCreateUser(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		u := &burg.User{Nick: "Badger", Role: burg.RoleModerator, Colour: "#3366cc", PasswordHash: "$argon2id$v=19$x"}
		must(t, s.CreateUser(t.Context(), u))
		if u.ID == 0 {
			t.Fatal("ID not set")
		}
		// CreatedAt comes from the store's clock, which this suite does not
		// control: it need only be set, in UTC, and read back the same.
		if u.CreatedAt.IsZero() {
			t.Fatal("CreatedAt not set")
		}
		if u.CreatedAt.Location() != time.UTC {
			t.Errorf("CreatedAt location: got %v, want UTC", u.CreatedAt.Location())
		}
		got, err := s.FindUser(t.Context(), u.ID)
		must(t, err)
		checkUser(t, got, u)
	})
	test(t, "Disabled", open, func(t *testing.T, s burg.Store) {
		u := &burg.User{Nick: "Otter", Role: burg.RolePoster, Disabled: true}
		must(t, s.CreateUser(t.Context(), u))
		got, err := s.FindUser(t.Context(), u.ID)
		must(t, err)
		checkUser(t, got, u)
	})
	test(t, "ErrNickTaken", open, func(t *testing.T, s burg.Store) {
		must(t, s.CreateUser(t.Context(), &burg.User{Nick: "Badger", Role: burg.RolePoster}))
		for _, nick := range []string{"Badger", "badger", "BADGER"} {
			err := s.CreateUser(t.Context(), &burg.User{Nick: nick, Role: burg.RoleAdmin})
			wantCode(t, err, burg.ECONFLICT)
		}
		users, err := s.FindUsers(t.Context())
		must(t, err)
		if len(users) != 1 || users[0].Nick != "Badger" || users[0].Role != burg.RolePoster {
			t.Errorf("users after conflicts: got %d, first %+v", len(users), users)
		}
	})
	test(t, "ErrNickTakenUnicode", open, func(t *testing.T, s burg.Store) {
		must(t, s.CreateUser(t.Context(), &burg.User{Nick: "Ёжик", Role: burg.RolePoster}))
		wantCode(t, s.CreateUser(t.Context(), &burg.User{Nick: "ёЖИК", Role: burg.RolePoster}), burg.ECONFLICT)
	})
	for _, c := range []struct {
		name string
		user burg.User
	}{
		{"ErrNoNick", burg.User{Nick: "", Role: burg.RolePoster}},
		{"ErrNickSpaces", burg.User{Nick: " Badger", Role: burg.RolePoster}},
		{"ErrNickTooLong", burg.User{Nick: strings.Repeat("x", 41), Role: burg.RolePoster}},
		{"ErrNickSlash", burg.User{Nick: "bad/ger", Role: burg.RolePoster}},
		{"ErrBadRole", burg.User{Nick: "Badger", Role: "king"}},
		{"ErrBadColour", burg.User{Nick: "Badger", Role: burg.RolePoster, Colour: "red"}},
	} {
		test(t, c.name, open, func(t *testing.T, s burg.Store) {
			u := c.user
			wantCode(t, s.CreateUser(t.Context(), &u), burg.EINVALID)
			users, err := s.FindUsers(t.Context())
			must(t, err)
			if len(users) != 0 {
				t.Errorf("an invalid user was stored: %+v", *users[0])
			}
		})
	}
}

func testUpdateUser(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		u := *f.Otter
		u.Role, u.Colour, u.PasswordHash, u.Disabled = burg.RoleModerator, "#00ff7f", "new-hash", true
		must(t, s.UpdateUser(t.Context(), &u, false))
		got, err := s.FindUser(t.Context(), u.ID)
		must(t, err)
		checkUser(t, got, &u)

		// And back: false and "" are values too.
		u.Role, u.Colour, u.PasswordHash, u.Disabled = burg.RolePoster, "", "", false
		must(t, s.UpdateUser(t.Context(), &u, false))
		got, err = s.FindUser(t.Context(), u.ID)
		must(t, err)
		checkUser(t, got, &u)

		// Other users are untouched.
		got, err = s.FindUser(t.Context(), f.Badger.ID)
		must(t, err)
		checkUser(t, got, f.Badger)
	})
	test(t, "EndSessions", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		must(t, s.CreateSession(t.Context(), session("otter", f.Otter, farFuture)))
		must(t, s.CreateSession(t.Context(), session("badger", f.Badger, farFuture)))
		u := *f.Otter
		u.PasswordHash = "reset"
		must(t, s.UpdateUser(t.Context(), &u, true))
		_, err := s.FindSession(t.Context(), tokenHash("otter"))
		wantCode(t, err, burg.ENOTFOUND)
		_, err = s.FindSession(t.Context(), tokenHash("badger"))
		must(t, err)
		// A user that is not there ends nothing.
		ghost := *f.Badger
		ghost.ID = 987654
		wantCode(t, s.UpdateUser(t.Context(), &ghost, true), burg.ENOTFOUND)
		_, err = s.FindSession(t.Context(), tokenHash("badger"))
		must(t, err)
	})
	test(t, "KeepsNickAndCreatedAt", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		u := *f.Otter
		u.Nick = "Weasel"
		u.CreatedAt = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
		u.Role = burg.RoleAdmin
		must(t, s.UpdateUser(t.Context(), &u, false))
		got, err := s.FindUser(t.Context(), u.ID)
		must(t, err)
		want := *f.Otter
		want.Role = burg.RoleAdmin
		checkUser(t, got, &want)
		_, err = s.FindUserByNick(t.Context(), "Weasel")
		wantCode(t, err, burg.ENOTFOUND)
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		NewFixture(t, s)
		u := &burg.User{ID: 999999, Nick: "Ghost", Role: burg.RolePoster}
		wantCode(t, s.UpdateUser(t.Context(), u, false), burg.ENOTFOUND)
	})
	test(t, "ErrInvalid", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		u := *f.Otter
		u.Role = "king"
		wantCode(t, s.UpdateUser(t.Context(), &u, false), burg.EINVALID)
		got, err := s.FindUser(t.Context(), u.ID)
		must(t, err)
		checkUser(t, got, f.Otter)
	})
}

func testFindUser(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		for _, u := range []*burg.User{f.Badger, f.Editor, f.Otter} {
			got, err := s.FindUser(t.Context(), u.ID)
			must(t, err)
			checkUser(t, got, u)
		}
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		NewFixture(t, s)
		for _, id := range []int64{0, -1, 999999} {
			u, err := s.FindUser(t.Context(), id)
			wantCode(t, err, burg.ENOTFOUND)
			if u != nil {
				t.Errorf("id %d: got user %+v with the error", id, *u)
			}
		}
	})
}

func testFindUserByNick(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		got, err := s.FindUserByNick(t.Context(), "Badger")
		must(t, err)
		checkUser(t, got, f.Badger)
	})
	test(t, "CaseInsensitive", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		for _, nick := range []string{"BADGER", "badger", "bAdGeR"} {
			got, err := s.FindUserByNick(t.Context(), nick)
			must(t, err)
			checkUser(t, got, f.Badger) // the nick as it was written
		}
	})
	test(t, "CaseInsensitiveUnicode", open, func(t *testing.T, s burg.Store) {
		u := &burg.User{Nick: "Ёжик", Role: burg.RolePoster}
		must(t, s.CreateUser(t.Context(), u))
		got, err := s.FindUserByNick(t.Context(), "ЁЖИК")
		must(t, err)
		checkUser(t, got, u)
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		NewFixture(t, s)
		for _, nick := range []string{"Weasel", "Badge", "Badger2", ""} {
			u, err := s.FindUserByNick(t.Context(), nick)
			wantCode(t, err, burg.ENOTFOUND)
			if u != nil {
				t.Errorf("nick %q: got user %+v with the error", nick, *u)
			}
		}
	})
}

func testFindUsers(t *testing.T, open opener) {
	test(t, "ByNick", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		got, err := s.FindUsers(t.Context())
		must(t, err)
		want := []*burg.User{f.Badger, f.Editor, f.Otter}
		if len(got) != len(want) {
			t.Fatalf("got %d users, want %d", len(got), len(want))
		}
		for i := range want {
			checkUser(t, got[i], want[i])
		}
	})
	test(t, "Empty", open, func(t *testing.T, s burg.Store) {
		got, err := s.FindUsers(t.Context())
		must(t, err)
		if len(got) != 0 {
			t.Errorf("got %d users, want none", len(got))
		}
	})
	test(t, "Many", open, func(t *testing.T, s burg.Store) {
		nicks := []string{"Zebra", "Yak", "Aardvark", "Mole", "Newt"}
		for _, nick := range nicks {
			must(t, s.CreateUser(t.Context(), &burg.User{Nick: nick, Role: burg.RolePoster}))
		}
		got, err := s.FindUsers(t.Context())
		must(t, err)
		var gotNicks []string
		for _, u := range got {
			gotNicks = append(gotNicks, u.Nick)
		}
		want := slices.Sorted(slices.Values(nicks))
		if !slices.Equal(gotNicks, want) {
			t.Errorf("got %q, want %q", gotNicks, want)
		}
	})
}
