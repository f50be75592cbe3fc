package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

// runModeration runs the contract of the moderation methods: comment
// states, the moderators' search, purging, blocked words, bans in bulk
// and the audit log.
func runModeration(t *testing.T, open opener) {
	t.Run("HeldComments", func(t *testing.T) { testHeldComments(t, open) })
	t.Run("FormNonce", func(t *testing.T) { testFormNonce(t, open) })
	t.Run("SearchComments", func(t *testing.T) { testSearchComments(t, open) })
	t.Run("ModerateComments", func(t *testing.T) { testModerateComments(t, open) })
	t.Run("PurgeComments", func(t *testing.T) { testPurgeComments(t, open) })
	t.Run("CountTextElsewhere", func(t *testing.T) { testCountTextElsewhere(t, open) })
	t.Run("BlockedWords", func(t *testing.T) { testBlockedWords(t, open) })
	t.Run("CreateBans", func(t *testing.T) { testCreateBans(t, open) })
	t.Run("Audit", func(t *testing.T) { testAudit(t, open) })
	t.Run("SourceKey", func(t *testing.T) { testSourceKey(t, open) })
}

// farAhead is a time every store clock is before.
var farAhead = time.Date(2999, time.January, 1, 0, 0, 0, 0, time.UTC)

func testHeldComments(t *testing.T, open opener) {
	test(t, "NotCounted", open, func(t *testing.T, s burg.Store) {
		// A held comment takes its number but counts, and is the latest,
		// only once approved.
		f := NewFixture(t, s)
		live := comment(f.Posts[0], "v1", "Early Bird", "Hello.")
		held := comment(f.Posts[0], "v2", "Spammer", "Buy now.")
		held.State, held.Score, held.Signals = burg.CommentHeld, 4, "three links; the same text on another article"
		createComments(t, s, live, held)
		if held.Num != 2 || held.State != burg.CommentHeld {
			t.Errorf("held comment: num %d, state %q", held.Num, held.State)
		}
		checkCounters(t, s, f.Posts[0].ID, 1, live)
		got, err := s.FindComment(t.Context(), held.ID)
		must(t, err)
		checkComment(t, got, withPost(held, f.Posts[0]))
		all, err := s.FindComments(t.Context(), f.Posts[0].ID)
		must(t, err)
		if !slices.Equal(commentIDs(all), []int64{live.ID, held.ID}) {
			t.Errorf("comments of the post: %v", commentIDs(all))
		}
		latest, err := s.FindLatestComments(t.Context(), 10)
		must(t, err)
		if !slices.Equal(commentIDs(latest), []int64{live.ID}) {
			t.Errorf("latest comments %v, want only the live one", commentIDs(latest))
		}
		counts, err := s.SiteCounts(t.Context(), live.CreatedAt.Add(-time.Hour), live.CreatedAt.Add(time.Hour))
		must(t, err)
		if counts.Comments != 1 || counts.CommentsToday != 1 {
			t.Errorf("site counts %+v, want one comment", counts)
		}
	})
	test(t, "ErrState", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		for _, st := range []string{burg.CommentRedacted, burg.CommentRemoved, "spam"} {
			c := comment(f.Posts[0], "v1", "Reader", "Hello.")
			c.State = st
			wantCode(t, s.CreateComment(t.Context(), c), burg.EINVALID)
		}
	})
}

func testFormNonce(t *testing.T, open opener) {
	test(t, "Once", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		first := comment(f.Posts[0], "v1", "Reader", "Hello.")
		first.FormNonce = "nonce-1"
		must(t, s.CreateComment(t.Context(), first))
		again := comment(f.Posts[1], "v2", "Other", "Hello elsewhere.")
		again.FormNonce = "nonce-1"
		wantCode(t, s.CreateComment(t.Context(), again), burg.ECONFLICT)
		checkCounters(t, s, f.Posts[1].ID, 0, nil)
		other := comment(f.Posts[1], "v2", "Other", "Hello elsewhere.")
		other.FormNonce = "nonce-2"
		must(t, s.CreateComment(t.Context(), other))
	})
	test(t, "DoubleClick", open, func(t *testing.T, s burg.Store) {
		// The same form sent twice at once by one browser is one comment,
		// not an error.
		f := NewFixture(t, s)
		first := comment(f.Posts[0], "v1", "Reader", "Hello.")
		first.FormNonce = "nonce-1"
		must(t, s.CreateComment(t.Context(), first))
		again := comment(f.Posts[0], "v1", "Reader", "Hello.")
		again.FormNonce = "nonce-1"
		must(t, s.CreateComment(t.Context(), again))
		if again.ID != first.ID {
			t.Errorf("second send made comment %d, want the first, %d", again.ID, first.ID)
		}
	})
}

// modSearchSite is a site with comments from several readers, addresses and
// times, for the search.
type modSearchSite struct {
	f  *Fixture
	cs []*burg.Comment
}

func newModSearchSite(t *testing.T, s burg.Store) *modSearchSite {
	t.Helper()
	f := NewFixture(t, s)
	ss := &modSearchSite{f: f}
	for i, c := range []struct {
		post          int
		visitor, nick string
		ip, body      string
	}{
		{0, "v1", "Glolurong Jones1696", "203.0.113.5", "Cheap pills at 100% off!"},
		{0, "v2", "Omineling Forkbeard1962", "203.0.113.200", "The harbour board is wrong."},
		{1, "v1", "GLOLURONG JONES1696", "198.51.100.1", "cheap PILLS again, 50_off"},
		{2, "v3", "Thistlewood", "2001:db8:aa::1", "Nothing to see."},
		{2, "v3", "Thistlewood", "2001:db8:ab::1", "Still nothing."},
		{3, "v4", "Quiet One", "", "No address on record."},
	} {
		cm := comment(f.Posts[c.post], c.visitor, c.nick, c.body)
		cm.IP = c.ip
		if i == 4 {
			cm.State = burg.CommentHeld
		}
		must(t, s.CreateComment(t.Context(), cm))
		ss.cs = append(ss.cs, cm)
	}
	return ss
}

// ids lists the IDs of the site's comments with the given indexes, newest
// first as a search lists them.
func (ss *modSearchSite) ids(indexes ...int) []int64 {
	out := make([]int64, len(indexes))
	for i, n := range indexes {
		out[i] = ss.cs[n].ID
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out
}

// made lists the indexes of the comments whose times pass keep: the
// store's clock, not this suite, decides whether they differ.
func (ss *modSearchSite) made(keep func(time.Time) bool) []int {
	var out []int
	for i, c := range ss.cs {
		if keep(c.CreatedAt) {
			out = append(out, i)
		}
	}
	return out
}

func testSearchComments(t *testing.T, open opener) {
	s := open(t)
	ss := newModSearchSite(t, s)
	f := ss.f
	must(t, s.DeleteComment(t.Context(), ss.cs[3].ID, "Removed by its writer."))
	mustPrefix := func(v string) burg.CommentFilter {
		p, err := burg.ParseNet(v)
		must(t, err)
		return burg.CommentFilter{Net: p}
	}
	tests := []struct {
		name   string
		filter burg.CommentFilter
		want   []int
	}{
		{"Everything", burg.CommentFilter{}, []int{0, 1, 2, 3, 4, 5}},
		{"NickIgnoringCase", burg.CommentFilter{Nick: "glolurong jones1696"}, []int{0, 2}},
		{"Visitor", burg.CommentFilter{VisitorID: "v3"}, []int{3, 4}},
		{"Address", mustPrefix("203.0.113.5"), []int{0}},
		{"Network", mustPrefix("203.0.113.0/24"), []int{0, 1}},
		{"WideNetwork", mustPrefix("192.0.0.0/2"), []int{0, 1, 2}},
		{"IPv6Network", mustPrefix("2001:db8:aa::/48"), []int{3}},
		{"IPv6Wide", mustPrefix("2001:db8::/32"), []int{3, 4}},
		{"TextIgnoringCase", burg.CommentFilter{Text: "cheap pills"}, []int{0, 2}},
		{"PercentIsText", burg.CommentFilter{Text: "100%"}, []int{0}},
		{"UnderscoreIsText", burg.CommentFilter{Text: "50_off"}, []int{2}},
		{"NoWildcard", burg.CommentFilter{Text: "%"}, []int{0}},
		{"State", burg.CommentFilter{States: []string{burg.CommentHeld}}, []int{4}},
		{"States", burg.CommentFilter{States: []string{burg.CommentHeld, burg.CommentRemoved}}, []int{3, 4}},
		{"Post", burg.CommentFilter{PostID: f.Posts[2].ID}, []int{3, 4}},
		{"IDs", burg.CommentFilter{IDs: []int64{ss.cs[1].ID, ss.cs[5].ID, 987654}}, []int{1, 5}},
		{"Since", burg.CommentFilter{Since: ss.cs[4].CreatedAt}, ss.made(func(at time.Time) bool { return !at.Before(ss.cs[4].CreatedAt) })},
		{"Until", burg.CommentFilter{Until: ss.cs[1].CreatedAt}, ss.made(func(at time.Time) bool { return at.Before(ss.cs[1].CreatedAt) })},
		{"Between", burg.CommentFilter{Since: ss.cs[1].CreatedAt, Until: ss.cs[1].CreatedAt.Add(time.Microsecond)},
			ss.made(func(at time.Time) bool { return at.Equal(ss.cs[1].CreatedAt) })},
		{"Together", burg.CommentFilter{VisitorID: "v1", Text: "again"}, []int{2}},
		{"Nothing", burg.CommentFilter{Nick: "Nobody"}, nil},
		{"Injection", burg.CommentFilter{Nick: "' OR 1=1 --", Text: "'; DROP TABLE comments; --"}, nil},
	}
	for _, tt := range tests {
		read(t, tt.name, func(t *testing.T) {
			got, total, err := s.SearchComments(t.Context(), tt.filter)
			must(t, err)
			if want := ss.ids(tt.want...); !slices.Equal(commentIDs(got), want) {
				t.Errorf("found %v, want %v", commentIDs(got), want)
			}
			if total != len(tt.want) {
				t.Errorf("total %d, want %d", total, len(tt.want))
			}
		})
	}
	read(t, "Fields", func(t *testing.T) {
		got, _, err := s.SearchComments(t.Context(), burg.CommentFilter{IDs: []int64{ss.cs[4].ID}})
		must(t, err)
		if len(got) != 1 {
			t.Fatalf("found %d", len(got))
		}
		checkComment(t, got[0], withPost(ss.cs[4], f.Posts[2]))
	})
	read(t, "Pages", func(t *testing.T) {
		got, total, err := s.SearchComments(t.Context(), burg.CommentFilter{Limit: 2, Offset: 2})
		must(t, err)
		if want := ss.ids(2, 3); !slices.Equal(commentIDs(got), want) || total != 6 {
			t.Errorf("page 2: %v of %d, want %v of 6", commentIDs(got), total, want)
		}
	})
}

func testModerateComments(t *testing.T, open opener) {
	test(t, "Redact", open, func(t *testing.T, s burg.Store) {
		ss := newModSearchSite(t, s)
		mod := ss.f.Editor
		audit := &burg.AuditEntry{UserID: mod.ID, Action: burg.AuditCommentRedact, Target: "comments", Reason: "Spam.",
			Detail: "ip 203.0.113.0/24"}
		res, err := s.ModerateComments(t.Context(), burg.CommentModeration{IDs: []int64{ss.cs[0].ID, ss.cs[1].ID},
			From: []string{burg.CommentLive, burg.CommentHeld}, To: burg.CommentRedacted, Reason: "Spam.",
			UserID: mod.ID, Audit: audit})
		must(t, err)
		if res.Changed != 2 || !slices.Equal(res.Posts, []int64{ss.f.Posts[0].ID}) {
			t.Errorf("moderated %+v, want 2 on post %d", res, ss.f.Posts[0].ID)
		}
		got, err := s.FindComment(t.Context(), ss.cs[0].ID)
		must(t, err)
		if got.State != burg.CommentRedacted || got.DeletedAt == nil || got.DeleteReason != "Spam." ||
			got.ModeratedBy != mod.ID || got.Body != ss.cs[0].Body {
			t.Errorf("redacted comment: %+v", got)
		}
		checkCounters(t, s, ss.f.Posts[0].ID, 0, nil)
		entries, total, err := s.FindAudit(t.Context(), burg.AuditFilter{})
		must(t, err)
		if total != 1 || len(entries) != 1 || entries[0].Count != 2 || entries[0].PostID != ss.f.Posts[0].ID ||
			entries[0].Detail != "ip 203.0.113.0/24" || entries[0].ID != audit.ID {
			t.Errorf("audit: %d entries, %+v", total, entries)
		}
	})
	test(t, "RestoreAndApprove", open, func(t *testing.T, s burg.Store) {
		ss := newModSearchSite(t, s)
		post := ss.f.Posts[2].ID
		_, err := s.ModerateComments(t.Context(), burg.CommentModeration{IDs: []int64{ss.cs[3].ID},
			From: []string{burg.CommentLive}, To: burg.CommentRedacted, Reason: "Rude."})
		must(t, err)
		checkCounters(t, s, post, 0, nil)
		res, err := s.ModerateComments(t.Context(), burg.CommentModeration{IDs: []int64{ss.cs[3].ID, ss.cs[4].ID},
			From: []string{burg.CommentRedacted, burg.CommentHeld}, To: burg.CommentLive, UserID: ss.f.Editor.ID})
		must(t, err)
		if res.Changed != 2 {
			t.Errorf("changed %d, want 2", res.Changed)
		}
		got, err := s.FindComment(t.Context(), ss.cs[3].ID)
		must(t, err)
		if got.State != burg.CommentLive || got.DeletedAt != nil || got.DeleteReason != "" {
			t.Errorf("restored comment: %+v", got)
		}
		checkCounters(t, s, post, 2, ss.cs[4])
	})
	test(t, "OnlyFrom", open, func(t *testing.T, s burg.Store) {
		// A comment in another state than those named stays, and nothing
		// is recorded when nothing changed.
		ss := newModSearchSite(t, s)
		must(t, s.DeleteComment(t.Context(), ss.cs[0].ID, "Removed by its writer."))
		res, err := s.ModerateComments(t.Context(), burg.CommentModeration{IDs: []int64{ss.cs[0].ID, 987654},
			From: []string{burg.CommentRedacted}, To: burg.CommentLive,
			Audit: &burg.AuditEntry{Action: burg.AuditCommentRestore}})
		must(t, err)
		if res.Changed != 0 || len(res.Posts) != 0 {
			t.Errorf("moderated %+v, want nothing", res)
		}
		got, err := s.FindComment(t.Context(), ss.cs[0].ID)
		must(t, err)
		if got.State != burg.CommentRemoved {
			t.Errorf("state %q, want removed", got.State)
		}
		if _, total, _ := s.FindAudit(t.Context(), burg.AuditFilter{}); total != 0 {
			t.Errorf("%d audit entries, want none", total)
		}
	})
	test(t, "Many", open, func(t *testing.T, s burg.Store) {
		// More comments than one statement names, on several posts.
		f := NewFixture(t, s)
		var ids []int64
		for i := range 620 {
			c := comment(f.Posts[i%2], fmt.Sprintf("v%d", i), "Wave", fmt.Sprintf("Spam number %d.", i))
			must(t, s.CreateComment(t.Context(), c))
			ids = append(ids, c.ID)
		}
		res, err := s.ModerateComments(t.Context(), burg.CommentModeration{IDs: append(ids, ids[0]),
			From: []string{burg.CommentLive}, To: burg.CommentRedacted, Reason: "Spam wave."})
		must(t, err)
		if res.Changed != 620 || len(res.Posts) != 2 {
			t.Errorf("moderated %d on %d posts, want 620 on 2", res.Changed, len(res.Posts))
		}
		checkCounters(t, s, f.Posts[0].ID, 0, nil)
		checkCounters(t, s, f.Posts[1].ID, 0, nil)
	})
	test(t, "Errors", open, func(t *testing.T, s burg.Store) {
		ss := newModSearchSite(t, s)
		for _, m := range []burg.CommentModeration{
			{IDs: []int64{ss.cs[0].ID}, From: []string{burg.CommentLive}, To: burg.CommentRemoved},
			{IDs: []int64{ss.cs[0].ID}, From: []string{burg.CommentLive}, To: "gone"},
			{IDs: []int64{ss.cs[0].ID}, To: burg.CommentRedacted},
			{IDs: []int64{ss.cs[0].ID}, From: []string{"spam"}, To: burg.CommentRedacted},
			{IDs: []int64{ss.cs[0].ID}, From: []string{burg.CommentLive}, To: burg.CommentRedacted, Reason: strings.Repeat("x", 1001)},
		} {
			_, err := s.ModerateComments(t.Context(), m)
			wantCode(t, err, burg.EINVALID)
		}
		checkCounters(t, s, ss.f.Posts[0].ID, 2, ss.cs[1])
	})
}

func testPurgeComments(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		ss := newModSearchSite(t, s)
		ctx := t.Context()
		ss.cs[0].Email, ss.cs[0].Website = "", ""
		must(t, s.UpdateCommentBody(ctx, ss.cs[1].ID, "An edited text."))
		_, err := s.ModerateComments(ctx, burg.CommentModeration{IDs: []int64{ss.cs[0].ID, ss.cs[1].ID},
			From: []string{burg.CommentLive}, To: burg.CommentRedacted, Reason: "Spam."})
		must(t, err)
		must(t, s.DeleteComment(ctx, ss.cs[2].ID, "Removed by its writer."))
		// Nothing was removed before the epoch.
		res, err := s.PurgeComments(ctx, longAgo, 100, &burg.AuditEntry{Action: burg.AuditCommentPurge})
		must(t, err)
		if res.Changed != 0 {
			t.Errorf("purged %d before anything was removed", res.Changed)
		}
		res, err = s.PurgeComments(ctx, farAhead, 2, &burg.AuditEntry{Action: burg.AuditCommentPurge, Target: "removed comments"})
		must(t, err)
		if res.Changed != 2 {
			t.Fatalf("purged %d, want the limit, 2", res.Changed)
		}
		res, err = s.PurgeComments(ctx, farAhead, 100, &burg.AuditEntry{Action: burg.AuditCommentPurge})
		must(t, err)
		if res.Changed != 1 {
			t.Errorf("purged %d more, want 1", res.Changed)
		}
		for _, c := range ss.cs[:3] {
			got, err := s.FindComment(ctx, c.ID)
			must(t, err)
			if got.Body != "" || got.Email != "" || got.Website != "" || got.PurgedAt == nil || got.DeletedAt == nil || got.Num != c.Num {
				t.Errorf("purged comment %d: %+v", c.ID, got)
			}
		}
		revs, err := s.FindCommentRevisions(ctx, ss.cs[1].ID)
		must(t, err)
		if len(revs) != 0 {
			t.Errorf("%d earlier texts kept", len(revs))
		}
		live, err := s.FindComment(ctx, ss.cs[5].ID)
		must(t, err)
		if live.Body != ss.cs[5].Body || live.PurgedAt != nil {
			t.Errorf("a live comment was purged: %+v", live)
		}
		// A purged comment is never restored.
		mres, err := s.ModerateComments(ctx, burg.CommentModeration{IDs: []int64{ss.cs[0].ID},
			From: []string{burg.CommentRedacted}, To: burg.CommentLive})
		must(t, err)
		if mres.Changed != 0 {
			t.Error("a purged comment was restored")
		}
		entries, total, err := s.FindAudit(ctx, burg.AuditFilter{Action: burg.AuditCommentPurge})
		must(t, err)
		if total != 2 || entries[0].Count != 1 || entries[1].Count != 2 || entries[1].Target != "removed comments" {
			t.Errorf("audit: %d entries %+v", total, entries)
		}
	})
}

func testCountTextElsewhere(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		const text = "Visit the harbour market for the cheapest pills in town."
		key := burg.TextKey(text)
		var first *burg.Comment
		for i, post := range []int{0, 0, 1, 2} {
			c := comment(f.Posts[post], fmt.Sprintf("v%d", i), "Spammer", text)
			must(t, s.CreateComment(t.Context(), c))
			if first == nil {
				first = c
			}
		}
		for _, c := range []struct {
			post  int
			since time.Time
			want  int
		}{
			{0, longAgo, 2}, {1, longAgo, 2}, {3, longAgo, 3}, {3, farAhead, 0},
		} {
			n, err := s.CountTextElsewhere(t.Context(), key, f.Posts[c.post].ID, c.since)
			must(t, err)
			if n != c.want {
				t.Errorf("posts other than %d: %d, want %d", c.post, n, c.want)
			}
		}
		if n, err := s.CountTextElsewhere(t.Context(), "", f.Posts[3].ID, longAgo); err != nil || n != 0 {
			t.Errorf("empty key: %d, %v", n, err)
		}
		// An edit changes the key.
		must(t, s.UpdateCommentBody(t.Context(), first.ID, "Something else entirely, said at some length."))
		n, err := s.CountTextElsewhere(t.Context(), key, f.Posts[3].ID, longAgo)
		must(t, err)
		if n != 3 {
			t.Errorf("after the edit: %d, want 3 (post 0 has another)", n)
		}
	})
}

func testBlockedWords(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		ctx := t.Context()
		casino := &burg.BlockedWord{Word: "  casino ", Action: burg.WordHold, Key: "casino", UserID: f.Editor.ID}
		pills := &burg.BlockedWord{Word: "cheap  pills", Action: burg.WordReject, Key: "cheappllls"}
		must(t, s.AddBlockedWord(ctx, pills))
		must(t, s.AddBlockedWord(ctx, casino))
		if casino.ID == 0 || casino.CreatedAt.IsZero() || casino.Word != "casino" || pills.Word != "cheap pills" {
			t.Errorf("stored %+v, %+v", casino, pills)
		}
		got, err := s.FindBlockedWords(ctx)
		must(t, err)
		if len(got) != 2 || got[0].ID != casino.ID || got[0].UserID != f.Editor.ID || got[0].Action != burg.WordHold ||
			got[1].Word != "cheap pills" || got[1].Key != "cheappllls" || got[1].UserID != 0 {
			t.Errorf("words: %+v", got)
		}
		checkTime(t, "word created", got[0].CreatedAt, casino.CreatedAt)
		wantCode(t, s.AddBlockedWord(ctx, &burg.BlockedWord{Word: "CASINO", Action: burg.WordReject, Key: "casino"}), burg.ECONFLICT)
		must(t, s.DeleteBlockedWord(ctx, casino.ID))
		wantCode(t, s.DeleteBlockedWord(ctx, casino.ID), burg.ENOTFOUND)
		got, err = s.FindBlockedWords(ctx)
		must(t, err)
		if len(got) != 1 || got[0].ID != pills.ID {
			t.Errorf("after delete: %+v", got)
		}
	})
	test(t, "Errors", open, func(t *testing.T, s burg.Store) {
		for _, w := range []*burg.BlockedWord{
			{Word: "", Action: burg.WordHold, Key: "x"},
			{Word: "casino", Action: "ban", Key: "casino"},
			{Word: "casino", Action: burg.WordHold},
			{Word: strings.Repeat("x", burg.MaxWordLen+1), Action: burg.WordHold, Key: "x"},
			{Word: "\xff", Action: burg.WordHold, Key: "x"},
			{Word: "a\x00b", Action: burg.WordHold, Key: "ab"},
		} {
			wantCode(t, s.AddBlockedWord(t.Context(), w), burg.EINVALID)
		}
	})
}

func testCreateBans(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		bs := []*burg.Ban{ban(burg.BanVisitor, "v1", nil), ban(burg.BanIP, "::ffff:203.0.113.5", nil),
			ban(burg.BanNet, "203.0.113.9/24", nil)}
		for _, b := range bs {
			b.UserID = f.Editor.ID
		}
		must(t, s.CreateBans(t.Context(), bs))
		got, err := s.FindBans(t.Context(), false)
		must(t, err)
		if len(got) != 3 || got[0].ID != bs[2].ID || got[0].Value != "203.0.113.0/24" || got[1].Value != "203.0.113.5" {
			t.Fatalf("bans: %+v", got)
		}
		for i, b := range got {
			checkBan(t, b, bs[2-i])
		}
	})
	test(t, "AllOrNone", open, func(t *testing.T, s burg.Store) {
		NewFixture(t, s)
		bs := []*burg.Ban{ban(burg.BanVisitor, "v1", nil), ban(burg.BanIP, "not an address", nil)}
		wantCode(t, s.CreateBans(t.Context(), bs), burg.EINVALID)
		withUnknown := []*burg.Ban{ban(burg.BanVisitor, "v1", nil), ban(burg.BanVisitor, "v2", nil)}
		withUnknown[1].UserID = 987654
		wantCode(t, s.CreateBans(t.Context(), withUnknown), burg.EINVALID)
		got, err := s.FindBans(t.Context(), true)
		must(t, err)
		if len(got) != 0 {
			t.Errorf("%d bans stored of a refused batch", len(got))
		}
	})
}

func testAudit(t *testing.T, open opener) {
	s := open(t)
	f := NewFixture(t, s)
	ctx := t.Context()
	entries := []*burg.AuditEntry{
		{UserID: f.Editor.ID, Action: burg.AuditCommentRedact, Target: "comment 1", PostID: f.Posts[0].ID, Count: 1, Reason: "Spam."},
		{UserID: f.Badger.ID, Action: burg.AuditPostEdit, Target: "post 2", PostID: f.Posts[1].ID, Count: 1},
		{Action: burg.AuditBanAdd, Target: "ban 1", Count: 1, Detail: "ip 203.0.113.5"},
		{UserID: f.Editor.ID, Action: burg.AuditCommentApprove, Target: "17 comments", Count: 17},
		{UserID: f.Editor.ID, Action: burg.AuditSettings, Target: "settings", Count: 1,
			Reason: strings.Repeat("r", 2000), Detail: "read-only on\xff"},
	}
	for _, e := range entries {
		must(t, s.AddAudit(ctx, e))
		if e.ID == 0 || e.At.IsZero() {
			t.Fatalf("entry not stored: %+v", e)
		}
	}
	wantCode(t, s.AddAudit(ctx, &burg.AuditEntry{Target: "no action"}), burg.EINVALID)
	ids := func(idx ...int) []int64 {
		out := make([]int64, len(idx))
		for i, n := range idx {
			out[i] = entries[n].ID
		}
		return out
	}
	made := func(keep func(time.Time) bool) []int64 {
		var out []int64
		for i := len(entries) - 1; i >= 0; i-- {
			if keep(entries[i].At) {
				out = append(out, entries[i].ID)
			}
		}
		return out
	}
	tests := []struct {
		name   string
		filter burg.AuditFilter
		want   []int64
	}{
		{"All", burg.AuditFilter{}, ids(4, 3, 2, 1, 0)},
		{"User", burg.AuditFilter{UserID: f.Editor.ID}, ids(4, 3, 0)},
		{"Operator", burg.AuditFilter{Operator: true}, ids(2)},
		{"Action", burg.AuditFilter{Action: burg.AuditPostEdit}, ids(1)},
		{"Family", burg.AuditFilter{Action: "comment."}, ids(3, 0)},
		{"FamilyIsNoWildcard", burg.AuditFilter{Action: "%."}, nil},
		{"Actions", burg.AuditFilter{Actions: []string{burg.AuditBanAdd, burg.AuditPostEdit}}, ids(2, 1)},
		{"Post", burg.AuditFilter{PostID: f.Posts[0].ID}, ids(0)},
		{"Since", burg.AuditFilter{Since: entries[3].At}, made(func(at time.Time) bool { return !at.Before(entries[3].At) })},
		{"Until", burg.AuditFilter{Until: entries[1].At}, made(func(at time.Time) bool { return at.Before(entries[1].At) })},
		{"Page", burg.AuditFilter{Limit: 2, Offset: 1}, ids(3, 2)},
	}
	for _, tt := range tests {
		read(t, tt.name, func(t *testing.T) {
			got, total, err := s.FindAudit(t.Context(), tt.filter)
			must(t, err)
			var gotIDs []int64
			for _, e := range got {
				gotIDs = append(gotIDs, e.ID)
			}
			if !slices.Equal(gotIDs, tt.want) {
				t.Errorf("found %v, want %v", gotIDs, tt.want)
			}
			if tt.filter.Limit == 0 && total != len(tt.want) {
				t.Errorf("total %d, want %d", total, len(tt.want))
			}
		})
	}
	read(t, "Fields", func(t *testing.T) {
		got, _, err := s.FindAudit(t.Context(), burg.AuditFilter{})
		must(t, err)
		long, op, first := got[0], got[2], got[4]
		if first.User == nil || first.User.Nick != "Editor" || first.Reason != "Spam." || first.Target != "comment 1" ||
			first.PostID != f.Posts[0].ID || first.Count != 1 {
			t.Errorf("first entry: %+v", first)
		}
		checkTime(t, "audit time", first.At, entries[0].At)
		if op.User != nil || op.UserID != 0 || op.Detail != "ip 203.0.113.5" {
			t.Errorf("operator's entry: %+v", op)
		}
		if n := len([]rune(long.Reason)); n > 1001 || !strings.HasSuffix(long.Reason, "…") || long.Detail != "read-only on?" {
			t.Errorf("long entry: reason of %d runes, detail %q", n, long.Detail)
		}
	})
}

func testSourceKey(t *testing.T, open opener) {
	test(t, "FindByKey", open, func(t *testing.T, s burg.Store) {
		// The fixture's first post has https://www.kavkaz-uzel.eu/articles/1.
		f := NewFixture(t, s)
		for _, u := range []string{"https://kavkaz-uzel.eu/articles/1", "http://www.kavkaz-uzel.eu/articles/1/",
			"https://KAVKAZ-UZEL.EU:443/articles/1?utm_source=x#c2"} {
			got, err := s.FindPostBySourceURL(t.Context(), u)
			must(t, err)
			if got.ID != f.Posts[0].ID {
				t.Errorf("%s found post %d", u, got.ID)
			}
		}
	})
	test(t, "OncePerKey", open, func(t *testing.T, s burg.Store) {
		st := newSite(t, s)
		first := st.post("First", time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC))
		first.SourceURL = "https://kavkaz-uzel.eu/articles/400001"
		must(t, s.CreatePost(t.Context(), first))
		again := st.post("Again", time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC))
		again.SourceURL = "https://www.kavkaz-uzel.eu/articles/400001/"
		wantCode(t, s.CreatePost(t.Context(), again), burg.ECONFLICT)
	})
	test(t, "SubmittedBy", open, func(t *testing.T, s burg.Store) {
		st := newSite(t, s)
		p := st.post("From a reader", time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC))
		p.SubmittedBy = "Passer By"
		must(t, s.CreatePost(t.Context(), p))
		got, err := s.FindPost(t.Context(), p.ID)
		must(t, err)
		if got.SubmittedBy != "Passer By" {
			t.Errorf("submitted by %q", got.SubmittedBy)
		}
	})
}
