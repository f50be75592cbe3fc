package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

// longAgo is an expiry every store clock has passed.
var longAgo = time.Date(2001, time.September, 1, 0, 0, 0, 0, time.UTC)

// ban returns an unstored ban that ends at exp (nil: never). A nick ban
// gets the MatchKey its caller would compute, as nickKey stands in for it.
func ban(kind, value string, exp *time.Time) *burg.Ban {
	b := &burg.Ban{Kind: kind, Value: value, Reason: "Trolling.", ExpiresAt: exp}
	if kind == burg.BanNick {
		b.MatchKey = nickKey(value)
	}
	return b
}

// nickKey stands in for the canonical form of a nick that the application
// computes (look-alikes sharing one is its business): the store only keeps
// the key and compares it exactly.
func nickKey(nick string) string { return "key:" + strings.ToLower(strings.TrimSpace(nick)) }

// createBans stores bans in order.
func createBans(t *testing.T, s burg.Store, bs ...*burg.Ban) {
	t.Helper()
	for _, b := range bs {
		must(t, s.CreateBan(t.Context(), b))
	}
}

// banIDs lists the IDs of bans.
func banIDs(bs []*burg.Ban) []int64 {
	ids := make([]int64, len(bs))
	for i, b := range bs {
		ids[i] = b.ID
	}
	return ids
}

// checkBan checks every field of a ban.
func checkBan(t *testing.T, got, want *burg.Ban) {
	t.Helper()
	if got == nil {
		t.Fatalf("ban: got nil, want %+v", want)
	}
	if got.ID != want.ID || got.Kind != want.Kind || got.Value != want.Value || got.Reason != want.Reason || got.UserID != want.UserID {
		t.Errorf("ban:\n got {ID:%d Kind:%s Value:%q Reason:%q UserID:%d}\nwant {ID:%d Kind:%s Value:%q Reason:%q UserID:%d}",
			got.ID, got.Kind, got.Value, got.Reason, got.UserID, want.ID, want.Kind, want.Value, want.Reason, want.UserID)
	}
	checkTime(t, "ban created at", got.CreatedAt, want.CreatedAt)
	checkTimePtr(t, "ban expires at", got.ExpiresAt, want.ExpiresAt)
}

func testCreateBan(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		exp := farFuture.In(time.FixedZone("X", 3600))
		b := ban(burg.BanNick, "Badanov", &exp)
		b.UserID = f.Editor.ID
		must(t, s.CreateBan(t.Context(), b))
		if b.ID == 0 || b.CreatedAt.IsZero() || b.CreatedAt.Location() != time.UTC {
			t.Errorf("ID %d, CreatedAt %v: want both set, in UTC", b.ID, b.CreatedAt)
		}
		forever := ban(burg.BanVisitor, "visitor-1", nil)
		must(t, s.CreateBan(t.Context(), forever))
		got, err := s.FindBans(t.Context(), false)
		must(t, err)
		if len(got) != 2 {
			t.Fatalf("%d bans, want 2", len(got))
		}
		checkBan(t, got[0], forever)
		checkBan(t, got[1], b)
	})
	test(t, "Normalised", open, func(t *testing.T, s burg.Store) {
		// Addresses and networks are kept in one spelling, so that a
		// list shows what a check compares.
		for _, c := range []struct{ kind, value, want string }{
			{burg.BanNick, "  Badanov ", "Badanov"},
			{burg.BanIP, "::ffff:192.0.2.7", "192.0.2.7"},
			{burg.BanIP, "2001:DB8::0:1", "2001:db8::1"},
			{burg.BanNet, "192.0.2.77/24", "192.0.2.0/24"},
			{burg.BanNet, "2001:db8:aaaa::1/32", "2001:db8::/32"},
			{burg.BanNet, "::ffff:198.51.100.0/120", "198.51.100.0/24"},
		} {
			b := ban(c.kind, c.value, &farFuture)
			must(t, s.CreateBan(t.Context(), b))
			if b.Value != c.want {
				t.Errorf("%s %q: value %q, want %q", c.kind, c.value, b.Value, c.want)
			}
		}
		got, err := s.FindBans(t.Context(), false)
		must(t, err)
		var values []string
		for _, b := range got {
			values = append(values, b.Value)
		}
		want := []string{"198.51.100.0/24", "2001:db8::/32", "192.0.2.0/24", "2001:db8::1", "192.0.2.7", "Badanov"}
		if !slices.Equal(values, want) {
			t.Errorf("stored %q, want %q", values, want)
		}
	})
	test(t, "PastExpiry", open, func(t *testing.T, s burg.Store) {
		// A ban that has run out may be recorded; it holds nobody.
		b := ban(burg.BanNick, "Badanov", &longAgo)
		must(t, s.CreateBan(t.Context(), b))
		_, err := s.FindActiveBan(t.Context(), burg.Commenter{NickKey: nickKey("Badanov")})
		wantCode(t, err, burg.ENOTFOUND)
	})
	for _, c := range []struct {
		name string
		edit func(*burg.Ban)
	}{
		{"ErrNoValue", func(b *burg.Ban) { b.Value = "  " }},
		{"ErrKind", func(b *burg.Ban) { b.Kind = "email" }},
		{"ErrNoKind", func(b *burg.Ban) { b.Kind = "" }},
		{"ErrBadIP", func(b *burg.Ban) { b.Kind, b.Value = burg.BanIP, "192.0.2.300" }},
		{"ErrIPIsNet", func(b *burg.Ban) { b.Kind, b.Value = burg.BanIP, "192.0.2.0/24" }},
		{"ErrBadNet", func(b *burg.Ban) { b.Kind, b.Value = burg.BanNet, "192.0.2.0/33" }},
		{"ErrNetIsIP", func(b *burg.Ban) { b.Kind, b.Value = burg.BanNet, "192.0.2.1" }},
		{"ErrNickTooLong", func(b *burg.Ban) { b.Value = strings.Repeat("n", burg.MaxNickLen+1) }},
		{"ErrNickNoKey", func(b *burg.Ban) { b.MatchKey = "" }},
		{"ErrReasonTooLong", func(b *burg.Ban) { b.Reason = strings.Repeat("r", burg.MaxBanReasonLen+1) }},
		{"ErrUnknownUser", func(b *burg.Ban) { b.UserID = 987654 }},
	} {
		test(t, c.name, open, func(t *testing.T, s burg.Store) {
			b := ban(burg.BanNick, "Badanov", &farFuture)
			c.edit(b)
			wantCode(t, s.CreateBan(t.Context(), b), burg.EINVALID)
			got, err := s.FindBans(t.Context(), true)
			must(t, err)
			if len(got) != 0 {
				t.Errorf("%d bans stored", len(got))
			}
		})
	}
}

func testFindBans(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		old := ban(burg.BanIP, "192.0.2.1", &longAgo)
		live := ban(burg.BanIP, "192.0.2.2", &farFuture)
		forever := ban(burg.BanNet, "198.51.100.0/24", nil)
		createBans(t, s, old, live, forever)
		got, err := s.FindBans(t.Context(), false)
		must(t, err)
		if g, w := banIDs(got), banIDs([]*burg.Ban{forever, live}); !slices.Equal(g, w) {
			t.Errorf("in force: IDs %v, want %v", g, w)
		}
		got, err = s.FindBans(t.Context(), true)
		must(t, err)
		if g, w := banIDs(got), banIDs([]*burg.Ban{forever, live, old}); !slices.Equal(g, w) {
			t.Fatalf("all: IDs %v, want %v", g, w)
		}
		checkBan(t, got[2], old)
	})
	test(t, "None", open, func(t *testing.T, s burg.Store) {
		for _, expired := range []bool{false, true} {
			got, err := s.FindBans(t.Context(), expired)
			must(t, err)
			if len(got) != 0 {
				t.Errorf("expired=%t: %d bans, want 0", expired, len(got))
			}
		}
	})
}

func testDeleteBan(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		a, b := ban(burg.BanNick, "Badanov", nil), ban(burg.BanNick, "Other", nil)
		createBans(t, s, a, b)
		must(t, s.DeleteBan(t.Context(), a.ID))
		_, err := s.FindActiveBan(t.Context(), burg.Commenter{NickKey: nickKey("Badanov")})
		wantCode(t, err, burg.ENOTFOUND)
		got, err := s.FindBans(t.Context(), true)
		must(t, err)
		if g, w := banIDs(got), []int64{b.ID}; !slices.Equal(g, w) {
			t.Errorf("left: IDs %v, want %v", g, w)
		}
		wantCode(t, s.DeleteBan(t.Context(), a.ID), burg.ENOTFOUND)
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		wantCode(t, s.DeleteBan(t.Context(), 987654), burg.ENOTFOUND)
	})
}

func testFindActiveBan(t *testing.T, open opener) {
	test(t, "Matches", open, func(t *testing.T, s burg.Store) {
		nick := ban(burg.BanNick, "Badanov", &farFuture)
		visitor := ban(burg.BanVisitor, "visitor-troll", nil)
		ip := ban(burg.BanIP, "192.0.2.7", &farFuture)
		net4 := ban(burg.BanNet, "198.51.100.0/24", &farFuture)
		net6 := ban(burg.BanNet, "2001:db8:bad::/48", nil)
		expired := ban(burg.BanNick, "Yesterday", &longAgo)
		createBans(t, s, nick, visitor, ip, net4, net6, expired)
		for _, c := range []struct {
			name string
			who  burg.Commenter
			want *burg.Ban // nil: none
		}{
			{"Nick", burg.Commenter{NickKey: nickKey("Badanov")}, nick},
			{"NickOther", burg.Commenter{NickKey: nickKey("Badanov2")}, nil},
			{"NickValueIsNoKey", burg.Commenter{NickKey: "Badanov"}, nil},
			{"NickSecondKey", burg.Commenter{NickKey: "other", LooseKey: nickKey("Badanov")}, nick},
			{"Visitor", burg.Commenter{NickKey: nickKey("Friendly"), VisitorID: "visitor-troll"}, visitor},
			{"VisitorCase", burg.Commenter{VisitorID: "VISITOR-TROLL"}, nil},
			{"IP", burg.Commenter{NickKey: nickKey("Friendly"), IP: "192.0.2.7"}, ip},
			{"IPMapped", burg.Commenter{IP: "::ffff:192.0.2.7"}, ip},
			{"IPNeighbour", burg.Commenter{IP: "192.0.2.8"}, nil},
			{"Net4", burg.Commenter{IP: "198.51.100.250"}, net4},
			{"Net4Outside", burg.Commenter{IP: "198.51.101.1"}, nil},
			{"Net6", burg.Commenter{IP: "2001:db8:bad:1::9"}, net6},
			{"Net6Outside", burg.Commenter{IP: "2001:db8:bae::1"}, nil},
			{"BadAddress", burg.Commenter{IP: "not an address"}, nil},
			{"Expired", burg.Commenter{NickKey: nickKey("Yesterday")}, nil},
			{"Nobody", burg.Commenter{}, nil},
			{"Innocent", burg.Commenter{NickKey: nickKey("Friendly"), VisitorID: "visitor-1", IP: "203.0.113.5"}, nil},
		} {
			got, err := s.FindActiveBan(t.Context(), c.who)
			if c.want == nil {
				if burg.ErrorCode(err) != burg.ENOTFOUND {
					t.Errorf("%s: got ban %+v (err %v), want none", c.name, got, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s: %v, want ban %d", c.name, err, c.want.ID)
				continue
			}
			checkBan(t, got, c.want)
		}
	})
	test(t, "Oldest", open, func(t *testing.T, s burg.Store) {
		// Of several bans that match, the oldest answers.
		ip := ban(burg.BanNet, "192.0.2.0/24", nil)
		visitor := ban(burg.BanVisitor, "visitor-troll", nil)
		nick := ban(burg.BanNick, "Badanov", nil)
		createBans(t, s, ip, visitor, nick)
		got, err := s.FindActiveBan(t.Context(), burg.Commenter{NickKey: nickKey("Badanov"), VisitorID: "visitor-troll", IP: "192.0.2.7"})
		must(t, err)
		checkBan(t, got, ip)
		got, err = s.FindActiveBan(t.Context(), burg.Commenter{NickKey: nickKey("Badanov"), VisitorID: "visitor-troll"})
		must(t, err)
		checkBan(t, got, visitor)
	})
	test(t, "None", open, func(t *testing.T, s burg.Store) {
		_, err := s.FindActiveBan(t.Context(), burg.Commenter{NickKey: nickKey("Badanov"), VisitorID: "v", IP: "192.0.2.7"})
		wantCode(t, err, burg.ENOTFOUND)
	})
}

func testCountCommentsSince(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		from := func(visitor, ip string, post int) *burg.Comment {
			c := comment(f.Posts[post], visitor, "Chatty", "Comment by "+visitor+" from "+ip+".")
			c.IP = ip
			return c
		}
		cs := []*burg.Comment{
			from("v1", "192.0.2.1", 0),
			from("v1", "192.0.2.1", 1),
			from("v2", "192.0.2.1", 0),
			from("v1", "192.0.2.2", 2),
			from("v3", "192.0.2.3", 0),
		}
		createComments(t, s, cs...)
		// Removed comments were made all the same.
		must(t, s.DeleteComment(t.Context(), cs[1].ID, "Spam."))
		since := cs[0].CreatedAt
		for _, c := range cs {
			if c.CreatedAt.Before(since) {
				since = c.CreatedAt
			}
		}
		for _, c := range []struct {
			visitor, ip string
			since       time.Time
			want        burg.CommentActivity
		}{
			{"v1", "192.0.2.1", since, burg.CommentActivity{ByVisitor: 3, ByIP: 3}},
			{"v2", "192.0.2.2", since, burg.CommentActivity{ByVisitor: 1, ByIP: 1}},
			{"v1", "", since, burg.CommentActivity{ByVisitor: 3}},
			{"", "192.0.2.1", since, burg.CommentActivity{ByIP: 3}},
			{"", "", since, burg.CommentActivity{}},
			{"v9", "192.0.2.9", since, burg.CommentActivity{}},
			{"v1", "192.0.2.1", since.Add(-time.Hour), burg.CommentActivity{ByVisitor: 3, ByIP: 3}},
			{"v1", "192.0.2.1", cs[len(cs)-1].CreatedAt.Add(time.Microsecond), burg.CommentActivity{}},
		} {
			got, err := s.CountCommentsSince(t.Context(), c.visitor, c.ip, c.since)
			must(t, err)
			if got != c.want {
				t.Errorf("visitor %q, address %q, since %v: got %+v, want %+v", c.visitor, c.ip, c.since, got, c.want)
			}
		}
	})
	test(t, "AnonymousNotCounted", open, func(t *testing.T, s burg.Store) {
		// Comments stored without a visitor or an address (imports, the
		// store's own callers) are nobody's.
		f := NewFixture(t, s)
		c := comment(f.Posts[0], "", "Imported", "From the old site.")
		c.IP = ""
		must(t, s.CreateComment(t.Context(), c))
		got, err := s.CountCommentsSince(t.Context(), "", "", c.CreatedAt.Add(-time.Hour))
		must(t, err)
		if got != (burg.CommentActivity{}) {
			t.Errorf("got %+v, want none", got)
		}
	})
}
