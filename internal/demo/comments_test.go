package demo

import (
	"fmt"
	"net/netip"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/markup"
	"github.com/burg-news/burg/internal/nick"
	"github.com/burg-news/burg/internal/sqlstore"
)

// threads returns the comments of each post, in order, by post.
func threads(s *Site) map[*burg.Post][]*Comment {
	m := make(map[*burg.Post][]*Comment, len(s.Posts))
	for _, c := range s.Comments {
		m[c.Post] = append(m[c.Post], c)
	}
	return m
}

// todayPosts returns the posts of the day of now in loc.
func todayPosts(s *Site, now time.Time, loc *time.Location) []*burg.Post {
	y, m, d := now.In(loc).Date()
	midnight := time.Date(y, m, d, 0, 0, 0, 0, loc)
	var out []*burg.Post
	for _, p := range s.Posts {
		if !p.PostedAt.Before(midnight) {
			out = append(out, p)
		}
	}
	return out
}

func TestGenerateCommentsDeterministic(t *testing.T) {
	a, b := Generate(5, testNow, time.UTC, 10), Generate(5, testNow, time.UTC, 10)
	if len(a.Comments) == 0 {
		t.Fatal("no comments")
	}
	if !reflect.DeepEqual(a.Comments, b.Comments) {
		t.Fatal("two sites generated with the same seed have different comments")
	}
	c := Generate(6, testNow, time.UTC, 10)
	same := 0
	for i := range min(len(a.Comments), len(c.Comments)) {
		if a.Comments[i].Body == c.Comments[i].Body && a.Comments[i].Nick == c.Comments[i].Nick {
			same++
		}
	}
	if same > len(a.Comments)/20 {
		t.Errorf("seeds 5 and 6 share %d of %d comments at the same position", same, len(a.Comments))
	}
	// Comments come after the posts, which are the same with or without them.
	noComments := Generate(5, testNow, time.UTC, 10)
	noComments.Comments = nil
	a.Comments = nil
	if !reflect.DeepEqual(a, noComments) {
		t.Error("posts differ between two runs")
	}
}

func TestGenerateCommentsLongThreads(t *testing.T) {
	// Today's edition always has a thread of 1,000 comments and another of
	// 300, however little of today has passed.
	for _, tc := range []struct {
		name string
		now  time.Time
		loc  string
	}{
		{"Afternoon", testNow, "UTC"},
		{"AcrossDST", time.Date(2025, 3, 31, 10, 0, 0, 0, time.UTC), "Europe/Berlin"},
		{"JustAfterMidnight", time.Date(2025, 6, 1, 22, 0, 30, 0, time.UTC), "Europe/Berlin"},
		{"AtMidnight", time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), "UTC"},
		{"EarlyMorning", time.Date(2025, 6, 1, 1, 10, 0, 0, time.UTC), "UTC"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			loc, err := time.LoadLocation(tc.loc)
			if err != nil {
				t.Fatal(err)
			}
			s := Generate(2, tc.now, loc, 3)
			byPost := threads(s)
			// Counted as the headlines count them: without removed comments.
			var sizes []int
			for _, p := range todayPosts(s, tc.now, loc) {
				n := 0
				for _, c := range byPost[p] {
					if c.DeletedAt == nil {
						n++
					}
				}
				sizes = append(sizes, n)
			}
			slices.Sort(sizes)
			slices.Reverse(sizes)
			if len(sizes) < 2 || sizes[0] < 1000 || sizes[1] < 300 {
				t.Errorf("today's longest threads: %v, want one of 1,000 and one of 300 live comments", sizes[:min(len(sizes), 3)])
			}
			checkCommentTimes(t, s, tc.now)
		})
	}
}

// checkCommentTimes checks that every comment lies between its post and
// now, before its post closed, and that the comments are in time order.
func checkCommentTimes(t *testing.T, s *Site, now time.Time) {
	t.Helper()
	for i, c := range s.Comments {
		p := c.Post
		if c.CreatedAt.Location() != time.UTC {
			t.Fatalf("comment %d: created at in %v, want UTC", i, c.CreatedAt.Location())
		}
		if c.CreatedAt.Before(p.PostedAt) || c.CreatedAt.After(now) {
			t.Fatalf("comment %d created at %v, want within [%v, %v]", i, c.CreatedAt, p.PostedAt, now)
		}
		if p.CommentsCloseAt != nil && !c.CreatedAt.Before(*p.CommentsCloseAt) && c.CreatedAt.After(p.PostedAt) {
			t.Errorf("comment %d created at %v, after its post closed at %v", i, c.CreatedAt, *p.CommentsCloseAt)
		}
		if c.UpdatedAt.Before(c.CreatedAt) || c.UpdatedAt.After(now) {
			t.Errorf("comment %d updated at %v, want within [%v, %v]", i, c.UpdatedAt, c.CreatedAt, now)
		}
		if d := c.DeletedAt; d != nil && (d.Before(c.CreatedAt) || d.After(now)) {
			t.Errorf("comment %d removed at %v, want within [%v, %v]", i, *d, c.CreatedAt, now)
		}
		if i > 0 && c.CreatedAt.Before(s.Comments[i-1].CreatedAt) {
			t.Fatalf("comment %d at %v comes after comment %d at %v", i, c.CreatedAt, i-1, s.Comments[i-1].CreatedAt)
		}
	}
}

func TestGenerateCommentTimes(t *testing.T) {
	s := generate(t)
	checkCommentTimes(t, s, testNow)
	var soon, night int
	for _, c := range s.Comments {
		if c.CreatedAt.Sub(c.Post.PostedAt) < 2*time.Hour {
			soon++
		}
		if c.CreatedAt.Hour() < 6 {
			night++
		}
	}
	// Threads come in bursts after their posts, and the nights are quiet.
	checkShare(t, "comments within two hours of their post", soon, len(s.Comments), 0.35, 0.8)
	checkShare(t, "comments between midnight and six", night, len(s.Comments), 0.02, 0.15)
}

func TestGenerateCommentSizes(t *testing.T) {
	s := generate(t)
	if n := len(s.Comments); n < 8_000 || n > 80_000 {
		t.Errorf("%d comments in 30 days, want 8,000–80,000", n)
	}
	byPost := threads(s)
	var short, long int
	for _, p := range s.Posts {
		switch n := len(byPost[p]); {
		case n <= 15:
			short++
		case n >= 100:
			long++
		}
	}
	checkShare(t, "posts with at most 15 comments", short, len(s.Posts), 0.8, 0.99)
	checkShare(t, "posts with 100 comments or more", long, len(s.Posts), 0.001, 0.03)
}

// urlPattern finds the addresses in comment text.
var urlPattern = regexp.MustCompile(`https?://[^\s\[\]]+`)

// unrendered finds tags that markup showed as text instead of rendering.
var unrendered = regexp.MustCompile(`\[/?(b|i|s|u|small|big|quote|url|squish|list|\*|img)[\]=]`)

func TestGenerateCommentsValid(t *testing.T) {
	s := generate(t)
	docNets := []netip.Prefix{
		netip.MustParsePrefix("192.0.2.0/24"), netip.MustParsePrefix("198.51.100.0/24"),
		netip.MustParsePrefix("203.0.113.0/24"), netip.MustParsePrefix("2001:db8::/32"),
	}
	var staff []string
	for _, u := range s.Users {
		staff = append(staff, u.Nick)
	}
	reserved := nick.NewReserved(staff...)
	for i, c := range s.Comments {
		v := c.Comment
		v.PostID = 1
		if err := v.Validate(); err != nil {
			t.Fatalf("comment %d %q by %q: %v", i, c.Body, c.Nick, err)
		}
		if c.ID != 0 || c.PostID != 0 || c.UserID != 0 || c.Num != 0 {
			t.Fatalf("comment %d has IDs set before Load", i)
		}
		if strings.ContainsAny(c.Body, "{}") {
			t.Errorf("comment %d has an unfilled template: %q", i, c.Body)
		}
		html := string(markup.Render(c.Body))
		if strings.TrimSpace(html) == "" {
			t.Errorf("comment %d renders to nothing: %q", i, c.Body)
		}
		if m := unrendered.FindString(html); m != "" {
			t.Errorf("comment %d: %q shows as text in %s", i, m, html)
		}
		for _, addr := range urlPattern.FindAllString(c.Body+" "+c.Website, -1) {
			host := strings.TrimPrefix(strings.TrimPrefix(addr, "https://"), "http://")
			host, _, _ = strings.Cut(host, "/")
			if !strings.HasSuffix(host, ".example") {
				t.Errorf("comment %d links to %q, not an .example domain", i, addr)
			}
		}
		if c.Email != "" && !strings.HasSuffix(c.Email, ".example") {
			t.Errorf("comment %d: e-mail %q is not at an .example domain", i, c.Email)
		}
		ip, err := netip.ParseAddr(c.IP)
		if err != nil || !slices.ContainsFunc(docNets, func(n netip.Prefix) bool { return n.Contains(ip) }) {
			t.Errorf("comment %d: address %q is not in a documentation range", i, c.IP)
		}
		if len(c.VisitorID) != 22 {
			t.Errorf("comment %d: visitor id %q is not 22 characters", i, c.VisitorID)
		}
		if cleaned, err := nick.Clean(c.Nick); err != nil || cleaned != c.Nick {
			t.Errorf("comment %d: nick %q cleans to %q (%v)", i, c.Nick, cleaned, err)
		}
		if owner, ok := reserved.Owner(c.Nick); ok && (c.User == nil || c.User.Nick != owner) {
			t.Errorf("comment %d: %q writes as %q, which is reserved", i, c.Nick, owner)
		}
	}
}

// refPattern is a reply's reference to an earlier comment: "#12".
var refPattern = regexp.MustCompile(`^#(\d+) `)

func TestGenerateCommentsText(t *testing.T) {
	s := generate(t)
	var marked, quotes, refs, links, long, squish int
	bodies := make(map[string]bool)
	notes := make(map[string]bool)
	for _, lines := range modRemovalLines {
		for _, l := range lines {
			notes[l] = true
		}
	}
	for _, l := range modRemovalsLines {
		notes[l] = true
	}
	for _, th := range threads(s) {
		for k, c := range th {
			bodies[c.Body] = true
			if notes[c.Body] && !slices.ContainsFunc(th[:k], func(e *Comment) bool {
				return e.DeletedAt != nil && e.DeleteReason != reasonWriter && !e.DeletedAt.After(c.CreatedAt)
			}) {
				t.Errorf("comment %d of %q, %q, speaks of a removal before there was one", k+1, c.Post.Title, c.Body)
			}
			if strings.Contains(c.Body, "[") {
				marked++
			}
			if strings.HasPrefix(c.Body, "[quote]") {
				quotes++
				// The quote is of an earlier comment of the thread.
				q, _, _ := strings.Cut(strings.TrimPrefix(c.Body, "[quote]"), "[/quote]")
				if !slices.ContainsFunc(th[:k], func(e *Comment) bool { return strings.Contains(e.Body, q) }) {
					t.Errorf("comment %d of %q quotes %q, which no earlier comment says", k+1, c.Post.Title, q)
				}
			}
			if m := refPattern.FindStringSubmatch(c.Body); m != nil {
				refs++
				if n, _ := strconv.Atoi(m[1]); n < 1 || n > k {
					t.Errorf("comment %d of %q refers to #%d", k+1, c.Post.Title, n)
				}
			}
			if strings.Contains(c.Body, "https://") {
				links++
			}
			if strings.Contains(c.Body, "[squish]") {
				squish++
			}
			if len(c.Body) > 800 {
				long++
			}
		}
	}
	n := len(s.Comments)
	checkShare(t, "comments with markup", marked, n, 0.1, 0.45)
	checkShare(t, "replies quoting a comment", quotes, n, 0.03, 0.2)
	checkShare(t, "replies naming a comment by number", refs, n, 0.05, 0.25)
	checkShare(t, "comments with a link", links, n, 0.01, 0.1)
	checkShare(t, "long comments", long, n, 0.005, 0.08)
	if squish == 0 {
		t.Error("no comment uses [squish]")
	}
	if len(bodies) < n/2 {
		t.Errorf("%d distinct texts among %d comments, want most to differ", len(bodies), n)
	}
}

func TestGenerateCommenters(t *testing.T) {
	s := generate(t)
	type record struct {
		nick, ip string
		posts    map[*burg.Post]bool
		comments int
	}
	visitors := make(map[string]*record)
	var staff, removed, spam, withSite, withEmail int
	moderators := make(map[*burg.User]bool)
	for _, u := range s.Users {
		if u.Role == burg.RoleModerator {
			moderators[u] = true
		}
	}
	reasons := map[string]bool{reasonSpam: true, reasonAttack: true, reasonTopic: true, reasonWriter: true}
	for i, c := range s.Comments {
		v := visitors[c.VisitorID]
		if v == nil {
			v = &record{nick: c.Nick, ip: c.IP, posts: make(map[*burg.Post]bool)}
			visitors[c.VisitorID] = v
		}
		if v.nick != c.Nick || v.ip != c.IP {
			t.Errorf("comment %d: visitor %s writes as %q from %s, earlier as %q from %s", i, c.VisitorID, c.Nick, c.IP, v.nick, v.ip)
		}
		v.posts[c.Post] = true
		v.comments++
		if c.User != nil {
			staff++
			if !moderators[c.User] || c.Nick != c.User.Nick {
				t.Errorf("comment %d by %q: user %q (%s) is not a moderator writing as themselves", i, c.Nick, c.User.Nick, c.User.Role)
			}
		}
		if c.DeletedAt != nil {
			removed++
			if !reasons[c.DeleteReason] {
				t.Errorf("comment %d removed for %q", i, c.DeleteReason)
			}
			if c.DeleteReason == reasonSpam {
				spam++
			}
		} else if c.DeleteReason != "" {
			t.Errorf("comment %d is not removed but has a reason %q", i, c.DeleteReason)
		}
		if c.Website != "" {
			withSite++
		}
		if c.Email != "" {
			withEmail++
		}
	}
	var returning, oneOff, oneOffComments int
	for _, v := range visitors {
		if len(v.posts) >= 10 {
			returning++
		}
		if v.comments == 1 {
			oneOff++
			oneOffComments++
		}
	}
	n := len(s.Comments)
	if returning < 20 {
		t.Errorf("%d visitors commented on 10 posts or more, want a crowd of regulars", returning)
	}
	if oneOff < 100 {
		t.Errorf("%d visitors commented once, want many", oneOff)
	}
	checkShare(t, "comments by one-off commenters", oneOffComments, n, 0.01, 0.2)
	checkShare(t, "comments by moderators", staff, n, 0.002, 0.03)
	checkShare(t, "removed comments", removed, n, 0.005, 0.03)
	checkShare(t, "comments by commenters with a website", withSite, n, 0.01, 0.3)
	if spam == 0 || withEmail == 0 {
		t.Errorf("%d spam comments, %d with an e-mail address; want some of each", spam, withEmail)
	}
}

func TestLoad(t *testing.T) {
	ctx := t.Context()
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	s := Generate(1, testNow, time.UTC, 3)
	if err := Load(ctx, store, s); err != nil {
		t.Fatal(err)
	}
	live := 0
	for i, c := range s.Comments {
		if c.ID == 0 || c.Num == 0 || c.PostID != c.Post.ID {
			t.Fatalf("comment %d: ID %d, Num %d, post %d; want them set", i, c.ID, c.Num, c.PostID)
		}
		if c.DeletedAt == nil && c.Live() {
			live++
		}
	}
	byPost := threads(s)
	for _, p := range s.Posts {
		th := byPost[p]
		var last *Comment
		n := 0
		for _, c := range th {
			if c.DeletedAt == nil && c.Live() {
				last = c
				n++
			}
		}
		got, err := store.FindPost(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.CommentCount != n {
			t.Errorf("post %q: comment count %d, want %d", p.Title, got.CommentCount, n)
		}
		if last != nil && (got.LastCommentNick != last.Nick || got.LastCommentAt == nil || !got.LastCommentAt.Equal(last.CreatedAt)) {
			t.Errorf("post %q: latest comment by %q at %v, want %q at %v", p.Title, got.LastCommentNick, got.LastCommentAt, last.Nick, last.CreatedAt)
		}
	}
	// The longest thread reads back whole and in order.
	var longest []*Comment
	for _, th := range byPost {
		if len(th) > len(longest) {
			longest = th
		}
	}
	got, err := store.FindComments(ctx, longest[0].Post.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(longest) {
		t.Fatalf("longest thread: %d comments stored, want %d", len(got), len(longest))
	}
	for i, c := range got {
		w := longest[i]
		if c.Num != i+1 || c.ID != w.ID || c.Nick != w.Nick || c.Body != w.Body || !c.CreatedAt.Equal(w.CreatedAt) ||
			(c.DeletedAt == nil) != (w.DeletedAt == nil) || (c.User == nil) != (w.User == nil) {
			t.Fatalf("longest thread, comment %d: got #%d %q by %q, want #%d %q by %q", i, c.Num, c.Body, c.Nick, i+1, w.Body, w.Nick)
		}
	}
	// Visitors are counted as they commented, the side rail shows the
	// newest comments, and the site counter all of them.
	type visitor struct {
		first string
		n     int
	}
	visitors := make(map[string]*visitor)
	var ids []string
	for _, c := range s.Comments {
		v := visitors[c.VisitorID]
		if v == nil {
			v = &visitor{first: c.Nick}
			visitors[c.VisitorID] = v
			ids = append(ids, c.VisitorID)
		}
		v.n++
	}
	for _, id := range ids {
		got, err := store.FindVisitor(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if want := visitors[id]; got.Comments != want.n || got.FirstNick != want.first {
			t.Errorf("visitor %s: %d comments as %q, want %d as %q", id, got.Comments, got.FirstNick, want.n, want.first)
		}
	}
	latest, err := store.FindLatestComments(ctx, 20)
	if err != nil {
		t.Fatal(err)
	}
	var want []int64
	for i := len(s.Comments) - 1; i >= 0 && len(want) < 20; i-- {
		if s.Comments[i].DeletedAt == nil && s.Comments[i].Live() {
			want = append(want, s.Comments[i].ID)
		}
	}
	var gotIDs []int64
	for _, c := range latest {
		gotIDs = append(gotIDs, c.ID)
	}
	if !slices.Equal(gotIDs, want) {
		t.Errorf("latest comments %v, want %v", gotIDs, want)
	}
	counts, err := store.SiteCounts(ctx, testNow.Truncate(24*time.Hour), testNow.Truncate(24*time.Hour).Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if counts.Comments != live || counts.CommentsToday < 1300 {
		t.Errorf("site counts %+v, want %d comments, at least 1,300 today", counts, live)
	}
	// Moderators at work: spam waits in the queue, removals are logged.
	held := 0
	for _, c := range s.Comments {
		if c.State == burg.CommentHeld {
			held++
		}
	}
	entries, total, err := store.FindAudit(ctx, burg.AuditFilter{Action: "comment.", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if held == 0 || total == 0 || len(entries) == 0 || entries[0].User == nil {
		t.Errorf("%d held comments, %d removals in the audit log (%+v), want some of each, by a moderator", held, total, entries)
	}
}

func TestLoadUnresolved(t *testing.T) {
	// A comment whose post is not part of the site is refused before
	// anything of the comments is stored.
	ctx := t.Context()
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	s := Generate(1, testNow, time.UTC, 1)
	stray := *s.Comments[0]
	stray.Post = &burg.Post{Title: "Not of this site"}
	s.Comments = append(s.Comments, &stray)
	err = Load(ctx, store, s)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("comment %d", len(s.Comments)-1)) {
		t.Fatalf("got %v, want an error naming the last comment", err)
	}
	got, err := store.FindLatestComments(ctx, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("%d comments stored", len(got))
	}
}

// BenchmarkLoad is what burg --demo does on its first start: it
// generates 30 days of content and loads it into a fresh SQLite file with
// the durability Burg ships (synchronous=FULL). Opening (and migrating)
// the file and closing it are left out of the time.
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	var comments int
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		store, err := sqlstore.Open(b.Context(), filepath.Join(dir, fmt.Sprintf("demo%d.db", i)), sqlstore.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		s := Generate(1, testNow, time.UTC, 30)
		if err := Load(b.Context(), store, s); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		comments = len(s.Comments)
		store.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(comments), "comments")
}
