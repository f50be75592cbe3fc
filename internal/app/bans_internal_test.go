package app

import (
	"path/filepath"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/sqlstore"
)

// TestLiveBansAnswerAsTheStore checks that the bans kept in memory find,
// for every kind of commenter, the ban the store's query finds: the
// oldest in force, by nick (either key), visitor, address or network,
// and none once it has run out.
func TestLiveBansAnswerAsTheStore(t *testing.T) {
	ctx := t.Context()
	now := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	clock := now
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "burg.db"), sqlstore.Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	soon, past := now.Add(time.Hour), now.Add(-time.Hour)
	for _, b := range []*burg.Ban{
		{Kind: burg.BanNick, Value: "Troll King", MatchKey: banKey(burg.BanNick, "Troll King"), ExpiresAt: &soon},
		{Kind: burg.BanNick, Value: "Troll King", MatchKey: banKey(burg.BanNick, "Troll King")}, // younger: not the one found
		{Kind: burg.BanNick, Value: "Old Form", MatchKey: "oldform"},                            // keyed the canonical way
		{Kind: burg.BanNick, Value: "Gone Now", MatchKey: banKey(burg.BanNick, "Gone Now"), ExpiresAt: &past},
		{Kind: burg.BanVisitor, Value: "abcdefghijklmnopqrstuv"},
		{Kind: burg.BanIP, Value: "::ffff:203.0.113.9", ExpiresAt: &soon},
		{Kind: burg.BanNet, Value: "198.51.100.0/24"},
		{Kind: burg.BanNet, Value: "2001:db8::/32", ExpiresAt: &soon},
	} {
		if err := b.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := store.CreateBan(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	commenters := []burg.Commenter{
		commenter("Troll King", "", ""),
		commenter("TR0LL K1NG", "", ""),
		commenter("Old Form", "", ""),
		commenter("Gone Now", "", ""),
		commenter("Innocent", "abcdefghijklmnopqrstuv", ""),
		commenter("Innocent", "", "203.0.113.9"),
		commenter("Innocent", "", "::ffff:203.0.113.9"),
		commenter("Innocent", "", "203.0.113.10"),
		commenter("Innocent", "", "198.51.100.200"),
		commenter("Innocent", "", "2001:db8::7"),
		commenter("Innocent", "", "not an address"),
		commenter("Innocent", "zyxwvutsrqponmlkjihgfe", "192.0.2.1"),
		commenter("Troll King", "abcdefghijklmnopqrstuv", "198.51.100.1"),
	}
	for _, at := range []time.Time{now, now.Add(2 * time.Hour)} {
		clock = at
		bans, err := store.FindBans(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		live := newLiveBans(bans, at)
		for _, c := range commenters {
			want, err := store.FindActiveBan(ctx, c)
			if burg.ErrorCode(err) == burg.ENOTFOUND {
				want, err = nil, nil
			}
			if err != nil {
				t.Fatal(err)
			}
			got := live.find(c, at)
			switch {
			case got == nil && want == nil:
			case got == nil || want == nil || got.ID != want.ID:
				t.Errorf("at %s, %+v: kept bans find %v, the store %v", at.Format(time.Kitchen), c, got, want)
			}
		}
		// A list read an hour earlier still knows which bans ran out.
		if late := newLiveBans(bans, at).find(commenter("Troll King", "", ""), at.Add(90*time.Minute)); late == nil || late.ExpiresAt != nil {
			t.Errorf("after the first ban ran out: %v, want the ban without end", late)
		}
	}
}
