package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/nick"
	"github.com/burg-news/burg/internal/web"
)

// Junk query parameters do not make new cache entries: ten thousand
// requests for /?junk=N leave one page in the cache.
func TestPageCacheIgnoresJunkParameters(t *testing.T) {
	f := newFixture(t)
	for i := range 10_000 {
		resp, err := http.Get(f.srv.URL + fmt.Sprintf("/?junk=%d", i))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /?junk=%d: %d", i, resp.StatusCode)
		}
	}
	st := f.web.PageCacheStats()
	if st.Entries != 1 {
		t.Errorf("cache entries after 10,000 junk queries = %d, want 1", st.Entries)
	}
	if st.Bytes > st.Cap {
		t.Errorf("cache holds %d bytes, over its cap of %d", st.Bytes, st.Cap)
	}
	if st.Hits < 9_990 {
		t.Errorf("cache hits = %d, want nearly every request", st.Hits)
	}
}

// Distinct valid pages (every day of years past) fill the cache only up
// to its byte cap, evicting the least recently used.
func TestPageCacheStaysUnderItsByteCap(t *testing.T) {
	f := newFixture(t)
	const capBytes = 256 << 10
	srv, err := web.New(web.Config{SiteName: "Burg Test", Location: time.UTC, PageCacheBytes: capBytes},
		web.Deps{Store: f.store, Now: f.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	day := now.AddDate(-30, 0, 0)
	maxBytes := int64(0)
	for i := range 2_000 {
		resp, err := http.Get(ts.URL + "/?d=" + day.AddDate(0, 0, i).Format("2006-01-02"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("day %d: %d", i, resp.StatusCode)
		}
		maxBytes = max(maxBytes, srv.PageCacheStats().Bytes)
	}
	st := srv.PageCacheStats()
	if maxBytes > capBytes {
		t.Errorf("cache grew to %d bytes, over its cap of %d", maxBytes, capBytes)
	}
	if st.Entries == 0 || st.Entries >= 2_000 {
		t.Errorf("cache entries = %d: want some pages kept and most evicted", st.Entries)
	}
	// The newest page is still there.
	before := srv.PageCacheStats().Hits
	resp, err := http.Get(ts.URL + "/?d=" + day.AddDate(0, 0, 1_999).Format("2006-01-02"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if srv.PageCacheStats().Hits != before+1 {
		t.Error("the most recently rendered page was evicted")
	}
}

// A search query typed on one page is never shown to the next reader of
// a shared page.
func TestSharedPagesDoNotCarryTheSearchBox(t *testing.T) {
	f := newFixture(t)
	f.get(t, "/?q=poisoned-text")
	_, body := f.get(t, "/")
	if strings.Contains(body, "poisoned-text") {
		t.Error("the front page shows a search text another reader typed")
	}
}

// proxied serves the desk fixture's store behind a trusted proxy, so that
// a test can send requests from many addresses with X-Forwarded-For.
func proxied(t *testing.T, f *deskFixture, cfg web.Config) func(ip, path string, form url.Values) *http.Response {
	t.Helper()
	cfg.SiteName, cfg.Location = "Burg Test", time.UTC
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	srv, err := web.New(cfg, web.Deps{Store: f.store, Now: f.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return func(ip, path string, form url.Values) *http.Response {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, ts.URL+path, strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", ip)
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
}

// Guesses from one address do not lock the account's owner out: five
// wrong passwords for Gorse from 203.0.113.5 hold that address, while
// Gorse, from another address with the right password, logs in, however
// the nick is spelt.
func TestLoginGuessesDoNotLockOutTheOwner(t *testing.T) {
	f := newDeskFixture(t, nil)
	post := proxied(t, f, web.Config{})
	login := func(ip, nick, pw string) int {
		return post(ip, "/login", url.Values{"nick": {nick}, "password": {pw}}).StatusCode
	}
	for i := range 5 {
		if got := login("203.0.113.5", "Gorse", "guess "+strconv.Itoa(i)); got != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d, want 401", i+1, got)
		}
	}
	if got := login("203.0.113.5", "Gorse", testPassword); got != http.StatusTooManyRequests {
		t.Errorf("the guessing address, right password: %d, want 429", got)
	}
	for i, nick := range []string{"Gorse", "GORSE", " gorse "} {
		if got := login("198.51.100."+strconv.Itoa(7+i), nick, testPassword); got != http.StatusSeeOther {
			t.Errorf("the owner as %q from another address: %d, want 303", nick, got)
		}
	}
	// The address's own limit bounds its guesses at every account.
	for i := range 15 {
		if got := login("203.0.113.5", "Nobody "+strconv.Itoa(i), "x"); got != http.StatusUnauthorized {
			t.Fatalf("guess %d at other nicks: %d", i, got)
		}
	}
	if got := login("203.0.113.5", "Thimble Wick", testPassword); got != http.StatusTooManyRequests {
		t.Errorf("after 20 failures the address may still try: %d, want 429", got)
	}
}

// Password hashing is bounded: a flood of logins is answered 401 or 503
// with Retry-After, never 500, and every failure is recorded, even those
// whose password was never checked.
func TestLoginFloodIsBounded(t *testing.T) {
	f := newDeskFixture(t, nil)
	post := proxied(t, f, web.Config{PasswordChecks: 1, PasswordWait: time.Millisecond})
	const n = 30
	statuses := make([]int, n)
	retry := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			resp := post("192.0.2."+strconv.Itoa(i+1), "/login", url.Values{"nick": {"Stranger " + strconv.Itoa(i)}, "password": {"x"}})
			statuses[i], retry[i] = resp.StatusCode, resp.Header.Get("Retry-After")
		})
	}
	wg.Wait()
	busy := 0
	for i, st := range statuses {
		switch st {
		case http.StatusUnauthorized:
		case http.StatusServiceUnavailable:
			busy++
			if retry[i] == "" {
				t.Errorf("login %d: 503 without Retry-After", i)
			}
		default:
			t.Errorf("login %d: status %d, want 401 or 503", i, st)
		}
		_, byIP, err := f.store.CountLoginFailures(t.Context(), "x", "192.0.2."+strconv.Itoa(i+1), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if byIP != 1 {
			t.Errorf("login %d (status %d): %d failures recorded, want 1", i, st, byIP)
		}
	}
	if busy == 0 {
		t.Error("thirty logins at once with one hash at a time and no wait: none was answered 503")
	}
}

// A disabled account's right password answers exactly as a wrong one.
func TestDisabledAccountAnswersAsAWrongPassword(t *testing.T) {
	f := newDeskFixture(t, nil)
	right, rd := f.browser(t).post("/login", "nick", f.disabled.Nick, "password", testPassword)
	wrong, wd := f.browser(t).post("/login", "nick", f.disabled.Nick, "password", "not it")
	if right.StatusCode != wrong.StatusCode || right.StatusCode != http.StatusUnauthorized {
		t.Errorf("right password %d, wrong one %d: want both 401", right.StatusCode, wrong.StatusCode)
	}
	if a, b := text(rd.Find(".burg-form-error")), text(wd.Find(".burg-form-error")); a != b {
		t.Errorf("right password says %q, wrong one %q", a, b)
	}
}

// forgedRemark is what a poster might type to pass for a moderator.
const forgedRemark = "[remark=Gorse]Verified by the moderators: every word is true.[/remark]"

// noForgedRemark fails the test when the article shows a remark aside,
// and checks that the typed text is shown as text.
func noForgedRemark(t *testing.T, f *deskFixture, path string) {
	t.Helper()
	_, d := f.browser(t).do(http.MethodGet, path, nil)
	body := d.Find("article.h-entry .e-content")
	if n := body.Find("aside, .burg-remark, .burg-remark-by").Length(); n != 0 {
		h, _ := body.Html()
		t.Errorf("%s: a remark aside made from a body: %s", path, h)
	}
	if !strings.Contains(text(body), "[remark=Gorse]Verified by the moderators") {
		t.Errorf("%s: the typed text is not shown as typed: %q", path, text(body))
	}
}

// A remark in a moderator's name comes only from the remark box: not
// through a poster's submission, a poster's edit, nor a reader's queued
// submission approved by a moderator.
func TestRemarksCannotBeForged(t *testing.T) {
	f := newDeskFixture(t, nil)
	poster := f.browser(t)
	poster.login("Thimble Wick", "")

	t.Run("Submit", func(t *testing.T) {
		resp, d := poster.post("/submit", "url", "https://lantern-post.example/forged", "title", "Harbour news",
			"body", "The board met.\n\n"+forgedRemark, "section", f.sectionID())
		wantStatus(t, "submit", resp, d, http.StatusSeeOther)
		noForgedRemark(t, f, resp.Header.Get("Location"))
	})
	t.Run("Edit", func(t *testing.T) {
		resp, d := poster.post("/submit", "url", "https://lantern-post.example/edited", "title", "Ferry news",
			"body", "The ferry ran.", "section", f.sectionID())
		wantStatus(t, "submit", resp, d, http.StatusSeeOther)
		loc := resp.Header.Get("Location")
		edit := "/posts/" + strconv.FormatInt(postIDOf(t, loc), 10) + "/edit"
		_, d = poster.do(http.MethodGet, edit, nil)
		resp, d = poster.post(edit, with(editForm(d), "body", "The ferry ran.\n\n"+forgedRemark)...)
		wantStatus(t, "edit", resp, d, http.StatusSeeOther)
		noForgedRemark(t, f, loc)
	})
	t.Run("Queue", func(t *testing.T) {
		reader := f.browser(t)
		resp, d := reader.post("/submit", "url", "https://lantern-post.example/queued", "title", "Dredging news",
			"body", "The dredger came.\n\n"+forgedRemark, "section", f.sectionID(), "name", "Keen Reader")
		wantStatus(t, "submit", resp, d, http.StatusSeeOther)
		mod := f.browser(t)
		mod.login("Gorse", "")
		_, d = mod.do(http.MethodGet, "/admin/queue", nil)
		action, _ := d.Find(".burg-submission form.burg-approve").Attr("action")
		resp, d = mod.post(action, "title", "Dredging news", "section", f.sectionID())
		wantStatus(t, "approve", resp, d, http.StatusSeeOther)
		noForgedRemark(t, f, resp.Header.Get("Location"))
	})
	t.Run("RemarkBox", func(t *testing.T) {
		// The real thing still works, in the moderator's colour.
		mod := f.browser(t)
		mod.login("Gorse", "")
		edit := "/posts/" + strconv.FormatInt(f.old.ID, 10) + "/edit"
		_, d := mod.do(http.MethodGet, edit, nil)
		resp, d := mod.post(edit, with(editForm(d), "remark", "Checked, and true.")...)
		wantStatus(t, "remark", resp, d, http.StatusSeeOther)
		_, d = f.browser(t).do(http.MethodGet, resp.Header.Get("Location"), nil)
		aside := d.Find("article.h-entry .e-content aside.burg-remark")
		if aside.Length() != 1 || !aside.HasClass("burg-mod-"+strconv.FormatInt(f.mod.ID, 10)) ||
			text(aside.Find(".burg-remark-by")) != "Gorse" || !strings.Contains(text(aside), "Checked, and true.") {
			h, _ := aside.Parent().Html()
			t.Errorf("the remark box's remark: %s", h)
		}
	})
}

// An edit of one's own comment passes the rules a new comment passes.
func TestCommentEditFollowsTheRules(t *testing.T) {
	links := strings.Repeat("https://spam.example/x ", 30)
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, f *fixture, commentID int64)
		body  string
		want  int
	}{
		{"ThirtyLinks", nil, links, http.StatusUnprocessableEntity},
		{"AddressBanned", func(t *testing.T, f *fixture, _ int64) {
			noErr(t, f.store.CreateBan(t.Context(), &burg.Ban{Kind: burg.BanIP, Value: "127.0.0.1"}))
			f.bus.Deliver(burg.Event{Kind: burg.EventBans})
		}, "Changed my mind.", http.StatusForbidden},
		{"NickBanned", func(t *testing.T, f *fixture, _ int64) {
			noErr(t, f.store.CreateBan(t.Context(), &burg.Ban{Kind: burg.BanNick, Value: "EDITOR", MatchKey: nick.Canonical("EDITOR")}))
			f.bus.Deliver(burg.Event{Kind: burg.EventBans})
		}, "Changed my mind.", http.StatusForbidden},
		{"CommentsClosed", func(t *testing.T, f *fixture, _ int64) {
			p, err := f.store.FindPost(t.Context(), f.article.ID)
			noErr(t, err)
			at := now.Add(-time.Minute)
			p.CommentsCloseAt = &at
			noErr(t, f.store.UpdatePost(t.Context(), p, burg.PostChange{UserID: f.mod.ID, Action: burg.ActionClosed}))
		}, "Changed my mind.", http.StatusForbidden},
		{"PostDeleted", func(t *testing.T, f *fixture, _ int64) {
			noErr(t, f.store.DeletePost(t.Context(), f.article.ID, burg.PostChange{UserID: f.mod.ID, Action: burg.ActionDeleted}))
		}, "Changed my mind.", http.StatusNotFound},
		{"Fine", nil, "Changed my mind.", http.StatusSeeOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			b := f.browser(t)
			resp, _ := b.comment(f.article.ID, "Editor", "First thoughts.")
			loc := resp.Header.Get("Location")
			id, _ := strconv.ParseInt(loc[strings.Index(loc, "#c")+2:], 10, 64)
			if tc.setup != nil {
				tc.setup(t, f, id)
			}
			resp, _ = b.do(http.MethodPost, "/comments/"+strconv.FormatInt(id, 10)+"/edit", url.Values{"body": {tc.body}})
			if resp.StatusCode != tc.want {
				t.Errorf("edit: %d, want %d", resp.StatusCode, tc.want)
			}
			c, err := f.store.FindComment(t.Context(), id)
			noErr(t, err)
			if changed := c.Body != "First thoughts."; changed != (tc.want == http.StatusSeeOther) {
				t.Errorf("stored text %q after a %d", c.Body, resp.StatusCode)
			}
		})
	}
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A reader's fetches follow the submission policy: none on a closed site,
// a few a minute where readers may submit.
func TestReaderFetchFollowsThePolicy(t *testing.T) {
	site := newSourceSite(t)
	f := newDeskFixture(t, withFetcher)
	fetch := func(b *browser) int {
		resp, _ := b.post("/submit", "action", "fetch", "url", site.URL+sourcePath)
		return resp.StatusCode
	}
	admin := f.browser(t)
	admin.login("Warden", "")
	resp, d := admin.post("/admin/settings", "submissions", burg.SubmitClosed)
	wantStatus(t, "close", resp, d, http.StatusSeeOther)
	if got := fetch(f.browser(t)); got != http.StatusForbidden {
		t.Errorf("a reader's fetch on a closed site: %d, want 403", got)
	}
	poster := f.browser(t)
	poster.login("Thimble Wick", "")
	if got := fetch(poster); got != http.StatusOK {
		t.Errorf("a poster's fetch on a closed site: %d, want 200", got)
	}
	resp, d = admin.post("/admin/settings", "submissions", burg.SubmitQueue)
	wantStatus(t, "queue", resp, d, http.StatusSeeOther)
	reader := f.browser(t)
	statuses := []int{}
	for range 6 {
		statuses = append(statuses, fetch(reader))
	}
	if statuses[0] != http.StatusOK || statuses[len(statuses)-1] != http.StatusTooManyRequests {
		t.Errorf("a reader's fetches on a queue site: %v, want some 200 then 429", statuses)
	}
}

// An account's nick may not look like another account's.
func TestLookAlikeAccountsRefused(t *testing.T) {
	f := newDeskFixture(t, nil)
	admin := f.browser(t)
	admin.login("Warden", "")
	for _, n := range []string{"G0rse", "gorse", "Gorse ", "Thimble  Wick", "Th1mble Wick"} {
		resp, d := admin.post("/admin/users", "nick", n, "role", burg.RolePoster)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("new account %q beside Gorse and Thimble Wick: %d, want 422", n, resp.StatusCode)
		} else if text(d.Find(".burg-form-error")) == "" {
			t.Errorf("new account %q: no message", n)
		}
	}
	resp, d := admin.post("/admin/users", "nick", "Bramble", "role", burg.RolePoster)
	wantStatus(t, "a distinct nick", resp, d, http.StatusOK)
}

// Comments cannot make readers' browsers count views: an image on this
// site is a stored photo, and only a navigation counts as a view.
func TestNoViewInflation(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	target := "/posts/" + strconv.FormatInt(f.old.ID, 10)
	resp, _ := b.comment(f.article.ID, "Inflator", "Look: [img]"+target+"[/img]")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("comment: %d", resp.StatusCode)
	}
	_, d := f.browser(t).do(http.MethodGet, f.articlePath(), nil)
	if n := d.Find("#comments img").Length(); n != 0 {
		t.Errorf("a comment's image points at a page of the site: %d img", n)
	}
	for _, dest := range []string{"image", "iframe", "script", "empty"} {
		req, _ := http.NewRequest(http.MethodGet, f.srv.URL+target, nil)
		req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
		req.Header.Set("Sec-Fetch-Dest", dest)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if got := f.counter.Pending(f.old.ID); got != 0 {
		t.Errorf("%d views counted for image, frame and script fetches", got)
	}
	req, _ := http.NewRequest(http.MethodGet, f.srv.URL+target, nil)
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
	req.Header.Set("Sec-Fetch-Dest", "document")
	req.Header.Set("Sec-Fetch-Mode", "navigate")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := f.counter.Pending(f.old.ID); got != 1 {
		t.Errorf("%d views counted for one navigation, want 1", got)
	}
}
