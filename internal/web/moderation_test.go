package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
	"github.com/burg-news/burg/internal/bus"
	"github.com/burg-news/burg/internal/web"
)

// modSite is the desk fixture served with an application layer of the
// test's own, so that a test can run what the server's jobs run (the
// purge), with a moderator and an admin logged in.
type modSite struct {
	*deskFixture
	app        *app.App
	bus        *bus.Bus
	mod, admin *browser
}

func newModSite(t *testing.T) *modSite {
	t.Helper()
	var a *app.App
	var b *bus.Bus
	f := newDeskFixture(t, func(d *web.Deps) {
		b = bus.New()
		var err error
		a, err = app.New(t.Context(), app.Config{SiteName: "Burg Test", Location: time.UTC,
			CommentsCloseAfter: 7 * 24 * time.Hour, MinFill: minFill}, app.Deps{Store: d.Store, Events: b, Now: d.Now})
		if err != nil {
			t.Fatal(err)
		}
		b.Subscribe(a.Apply)
		d.App, d.Bus = a, b
	})
	m := &modSite{deskFixture: f, app: a, bus: b, mod: f.browser(t), admin: f.browser(t)}
	m.mod.login("Gorse", "")
	m.admin.login("Warden", "")
	return m
}

// commentOK posts a comment and returns its id, failing unless it was
// taken.
func (b *browser) commentOK(postID int64, name, text string, extra ...string) int64 {
	b.t.Helper()
	resp, d := b.comment(postID, name, text, extra...)
	if resp.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("comment %q: status %d: %s", text, resp.StatusCode, msgOf(d))
	}
	return commentIDOf(b.t, resp)
}

// msgOf is the message a page shows.
func msgOf(d *goquery.Document) string {
	return text(d.Find(".burg-form-error, .burg-error, .burg-closed").First())
}

// stateOf reads a comment's state from the store.
func (m *modSite) stateOf(t *testing.T, id int64) string {
	t.Helper()
	c, err := m.store.FindComment(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c.State
}

// readerSees reports whether a reader's article page shows comment id,
// and how: "live", "redacted", "removed", or "" when not at all.
func readerSees(t *testing.T, d *goquery.Document, id int64) string {
	t.Helper()
	c := d.Find("#comments .p-comment.h-entry#c" + strconv.FormatInt(id, 10))
	switch {
	case c.Length() == 0:
		return ""
	case c.Find(".burg-redacted").Length() > 0:
		return "redacted"
	case c.Find(".burg-removed").Length() > 0:
		return "removed"
	case c.Find(".e-content").Length() > 0:
		return "live"
	}
	return "?"
}

// TestFormToken: a comment is taken only with its form's token, once.
func TestFormToken(t *testing.T) {
	f := newFixture(t)
	path := f.articlePath() + "/comments"
	b := f.browser(t)
	token := b.formToken(f.article.ID)
	send := func(b *browser, form url.Values) (*http.Response, *goquery.Document) {
		t.Helper()
		return b.do(http.MethodPost, path, form)
	}
	t.Run("Missing", func(t *testing.T) {
		resp, d := send(b, url.Values{"name": {"No Token"}, "body": {"Posted by a script."}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(msgOf(d), "without its form's token") {
			t.Fatalf("no token: %d %q", resp.StatusCode, msgOf(d))
		}
		// The form comes back with what was typed and a token that works.
		if got := d.Find(`#comment-form textarea[name="body"]`).Text(); got != "Posted by a script." {
			t.Errorf("the text came back as %q", got)
		}
		again, _ := d.Find(`#comment-form input[name="ts"]`).Attr("value")
		f.clock.Advance(minFill)
		if resp, d := send(b, url.Values{"name": {"No Token"}, "body": {"Posted by a person."}, "ts": {again}}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("with the token the form came back with: %d %q", resp.StatusCode, msgOf(d))
		}
	})
	t.Run("Curl", func(t *testing.T) {
		// What a script sends: no token, no cookie, curl's user agent.
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, f.srv.URL+path,
			strings.NewReader(url.Values{"name": {"Curl"}, "body": {"Cheap pills."}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("User-Agent", "curl/8.5.0")
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("curl: %d, want 422", resp.StatusCode)
		}
	})
	t.Run("Replayed", func(t *testing.T) {
		first := url.Values{"name": {"Replayer"}, "body": {"The first text."}, "ts": {token}}
		if resp, d := send(b, first); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("first send: %d %q", resp.StatusCode, msgOf(d))
		}
		// The same browser sending the same form twice (a double click)
		// gets the one comment back.
		if resp, _ := send(b, first); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("double click: %d", resp.StatusCode)
		}
		// Anything else with the token is refused, from any browser.
		for i, other := range []*browser{b, f.browser(t)} {
			resp, d := send(other, url.Values{"name": {"Replayer"}, "body": {"Another text " + strconv.Itoa(i)}, "ts": {token}})
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(msgOf(d), "sent already") {
				t.Errorf("replay %d: %d %q", i, resp.StatusCode, msgOf(d))
			}
		}
	})
	t.Run("Forged", func(t *testing.T) {
		parts := strings.Split(b.formToken(f.article.ID), ".")
		for _, forged := range []string{"1700000000.abc.def", parts[0] + "." + parts[1] + ".x", "0." + parts[1] + "." + parts[2], "garbage",
			strings.Repeat("9", 200)} {
			resp, d := send(b, url.Values{"name": {"Forger"}, "body": {"Forged."}, "ts": {forged}})
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(msgOf(d), "damaged") {
				t.Errorf("token %q: %d %q", forged, resp.StatusCode, msgOf(d))
			}
		}
	})
	t.Run("TooOld", func(t *testing.T) {
		old := b.formToken(f.article.ID)
		f.clock.Advance(burg.FormTokenTTL + time.Minute)
		resp, d := send(b, url.Values{"name": {"Slow Writer"}, "body": {"Written over a day."}, "ts": {old}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(msgOf(d), "more than a day ago") {
			t.Fatalf("old token: %d %q", resp.StatusCode, msgOf(d))
		}
		fresh, _ := d.Find(`#comment-form input[name="ts"]`).Attr("value")
		f.clock.Advance(minFill)
		if resp, d := send(b, url.Values{"name": {"Slow Writer"}, "body": {"Written over a day."}, "ts": {fresh}}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("sent again: %d %q", resp.StatusCode, msgOf(d))
		}
	})
	t.Run("PreviewKeepsTheTime", func(t *testing.T) {
		// A preview takes no time off: the form comes back with the time
		// it was first served, and stores nothing.
		tok := b.formToken(f.article.ID)
		resp, d := send(b, url.Values{"name": {"Previewer"}, "body": {"Looks like this."}, "ts": {tok}, "action": {"preview"}})
		if resp.StatusCode != http.StatusOK || d.Find(".burg-preview .e-content").Length() != 1 {
			t.Fatalf("preview: %d", resp.StatusCode)
		}
		again, _ := d.Find(`#comment-form input[name="ts"]`).Attr("value")
		if resp, d := send(b, url.Values{"name": {"Previewer"}, "body": {"Looks like this."}, "ts": {again}}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("post after preview: %d %q", resp.StatusCode, msgOf(d))
		}
	})
}

// TestReservedNicks: staff words and the site's name, and their
// look-alikes, are nobody's to comment under but a member's own.
func TestReservedNicks(t *testing.T) {
	m := newModSite(t)
	reader := m.browser(t)
	for _, nick := range []string{"admin", "Administrator", "Moderator", "mod", "STAFF", "webmaster", "System",
		"4dm1n", "Site Admin", "SiteAdmin", "the_moderator", "Burg Test", "BurgTest", "8urg Test", "Gorse", "G0rse"} {
		m.clock.Advance(time.Minute)
		resp, d := reader.comment(m.article.ID, nick, "Trust me.")
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(msgOf(d), "Please pick another") {
			t.Errorf("nick %q: %d %q", nick, resp.StatusCode, msgOf(d))
		}
	}
	for _, nick := range []string{"Model Reader", "Burgess", "Staffordshire Lad"} {
		m.clock.Advance(time.Minute)
		if resp, d := reader.comment(m.article.ID, nick, "Just a reader."); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("nick %q: %d %q", nick, resp.StatusCode, msgOf(d))
		}
	}
	// The moderator comments under their own nick.
	m.mod.commentOK(m.article.ID, "Gorse", "Speaking as myself.")
}

// TestSpamRules holds or refuses a comment by each rule, through the
// form as a browser sends it.
func TestSpamRules(t *testing.T) {
	m := newModSite(t)
	for _, w := range [][2]string{{"casino", "hold"}, {"cheap pills", "reject"}} {
		resp, d := m.mod.post("/mod/words", "word", w[0], "action", w[1])
		wantStatus(t, "block "+w[0], resp, d, http.StatusSeeOther)
	}
	dupText := "Visit the harbour market at the quay for the cheapest lanterns in all of Vellmar."
	other := m.browser(t)
	other.commentOK(m.old.ID, "First Poster", dupText)
	tests := []struct {
		name   string
		nick   string
		text   string
		extra  []string
		header []string
		want   string // "live", "held" or "refused"
		says   string // in the refusal's message
	}{
		{name: "Plain", nick: "Plain Reader", text: "A fair point about the harbour board.", want: "live"},
		{name: "Honeypot", nick: "Bot", text: "Hello.", extra: []string{"fax", "555-0100"}, want: "refused", says: "looks like spam"},
		{name: "TooManyLinks", nick: "Linker", text: strings.Repeat("http://lantern.example/x ", 9), want: "refused", says: "at most 8 links"},
		{name: "SomeLinks", nick: "Linker", text: "See http://a.example/1 http://b.example/2 http://c.example/3 http://d.example/4", want: "held"},
		{name: "BlockedHold", nick: "Gambler", text: "Our casino opens on the quay.", want: "held"},
		{name: "BlockedHoldLookAlike", nick: "Gambler", text: "Our c4sino opens on the quay.", want: "held"},
		{name: "BlockedInNick", nick: "Casino Royal", text: "Nothing to see.", want: "held"},
		{name: "BlockedWordPart", nick: "Reader", text: "On this occasion the board agreed.", want: "live"},
		{name: "BlockedReject", nick: "Seller", text: "Buy Cheap  PILLS here.", want: "refused", says: `"cheap pills"`},
		{name: "BlockedRejectLookAlike", nick: "Seller", text: "Buy ch3ap p1lls here.", want: "refused", says: "does not take"},
		{name: "SameTextElsewhere", nick: "Copier", text: dupText, want: "held"},
		// A web address as the name (+2), sent at the moment allowed (+1).
		{name: "NameIsALink", nick: "www.lanterns.example", text: "Nice.", want: "held"},
		{name: "Shouting", nick: "Loud", text: "THE HARBOUR BOARD IS A DISGRACE AND EVERYONE KNOWS IT", want: "live"},
		{name: "RobotAndLinks", nick: "Robot", text: "Look: http://a.example/1 http://b.example/2", header: []string{"User-Agent", "python-requests/2.31"},
			want: "held"},
		{name: "EverythingAtOnce", nick: "www.pills.example", header: []string{"User-Agent", "curl/8.5.0"},
			text: "BUY NOW AT http://a.example/1 http://b.example/2 http://c.example/3 http://d.example/4 http://e.example/5 TODAY",
			want: "refused", says: "looks like spam"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := m.browser(t)
			m.clock.Advance(2 * time.Minute) // out of the rate limits
			form := url.Values{"name": {tt.nick}, "body": {tt.text}, "ts": {b.formToken(m.article.ID)}}
			for i := 0; i+1 < len(tt.extra); i += 2 {
				form.Set(tt.extra[i], tt.extra[i+1])
			}
			req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, m.srv.URL+m.articlePath()+"/comments", strings.NewReader(form.Encode()))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
			for i := 0; i+1 < len(tt.header); i += 2 {
				req.Header.Set(tt.header[i], tt.header[i+1])
			}
			resp, err := b.client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			d, _ := goquery.NewDocumentFromReader(resp.Body)
			resp.Body.Close()
			if tt.want == "refused" {
				if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(msgOf(d), tt.says) {
					t.Fatalf("status %d %q, want 422 saying %q", resp.StatusCode, msgOf(d), tt.says)
				}
				return
			}
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("status %d %q, want 303", resp.StatusCode, msgOf(d))
			}
			id := commentIDOf(t, resp)
			if got := m.stateOf(t, id); got != tt.want {
				c, _ := m.store.FindComment(t.Context(), id)
				t.Fatalf("state %q, want %q (score %d: %s)", got, tt.want, c.Score, c.Signals)
			}
			// A held comment is shown to its writer and the moderators,
			// never to other readers.
			_, own := b.do(http.MethodGet, m.articlePath(), nil)
			// Other readers share a rendering of the thread, which
			// follows a reader's comment within seconds.
			m.clock.Advance(5 * time.Second)
			_, others := m.browser(t).do(http.MethodGet, m.articlePath(), nil)
			_, mods := m.mod.do(http.MethodGet, m.articlePath(), nil)
			sel := "#c" + strconv.FormatInt(id, 10)
			wantOthers := 1
			if tt.want == "held" {
				wantOthers = 0
				if own.Find(sel+".burg-held").Length() != 1 || mods.Find(sel+".burg-held .burg-mod-tools").Length() != 1 {
					t.Errorf("the held comment is not shown, marked, to its writer and the moderators")
				}
			}
			if got := others.Find("#comments " + sel).Length(); got != wantOthers {
				t.Errorf("other readers see %d of it, want %d", got, wantOthers)
			}
		})
	}
	t.Run("FirstCommentHold", func(t *testing.T) {
		resp, d := m.admin.post("/admin/settings", "submissions", "queue", "first_comment_hold", "on")
		wantStatus(t, "settings", resp, d, http.StatusSeeOther)
		newcomer := m.browser(t)
		m.clock.Advance(2 * time.Minute)
		first := newcomer.commentOK(m.article.ID, "Newcomer", "My first words here.")
		if got := m.stateOf(t, first); got != burg.CommentHeld {
			t.Fatalf("a new visitor's first comment is %s", got)
		}
		// Once they have commented, the next is theirs to post; a member
		// is never held.
		m.clock.Advance(2 * time.Minute)
		second := newcomer.commentOK(m.article.ID, "Newcomer", "And more words.")
		if got := m.stateOf(t, second); got != burg.CommentLive {
			t.Errorf("the second comment is %s", got)
		}
		poster := m.browser(t)
		poster.login("Thimble Wick", "")
		if got := m.stateOf(t, poster.commentOK(m.article.ID, "Thimble Wick", "A poster's comment, casino and all.")); got != burg.CommentLive {
			t.Errorf("a registered poster's comment is %s", got)
		}
		resp, d = m.admin.post("/admin/settings", "submissions", "queue")
		wantStatus(t, "settings", resp, d, http.StatusSeeOther)
	})
	t.Run("Thresholds", func(t *testing.T) {
		// An admin may make the rules stricter: a score of 1 holds.
		resp, d := m.admin.post("/admin/settings", "submissions", "queue", "spam_hold", "1", "spam_refuse", "9")
		wantStatus(t, "settings", resp, d, http.StatusSeeOther)
		b := m.browser(t)
		m.clock.Advance(2 * time.Minute)
		id := b.commentOK(m.article.ID, "Hasty", "Sent the moment it was allowed.")
		if got := m.stateOf(t, id); got != burg.CommentHeld {
			t.Errorf("a comment sent at the minimum fill time with hold at 1 is %s", got)
		}
		resp, d = m.admin.post("/admin/settings", "submissions", "queue", "spam_hold", "9", "spam_refuse", "3")
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(msgOf(d), "at least") {
			t.Errorf("refuse below hold: %d %q", resp.StatusCode, msgOf(d))
		}
		resp, d = m.admin.post("/admin/settings", "submissions", "queue", "spam_hold", "3", "spam_refuse", "6")
		wantStatus(t, "settings", resp, d, http.StatusSeeOther)
	})
}

// TestBanKinds bans by each kind from the article page's tools (one list
// with burg ban's), and a banned commenter is refused until it ends.
func TestBanKinds(t *testing.T) {
	m := newModSite(t)
	tests := []struct {
		name  string
		kinds []string
		// again is how the troll comes back: the same browser under
		// another nick, or a new browser from the same address.
		newNick, newBrowser bool
		refused             bool
	}{
		{"VisitorDodgedByNick", []string{"visitor"}, true, false, true},
		{"VisitorNotAddress", []string{"visitor"}, false, true, false},
		{"NickLookAlike", []string{"nick"}, false, true, true},
		{"NickDodged", []string{"nick"}, true, false, false},
		{"Address", []string{"ip"}, true, true, true},
		{"Network", []string{"net"}, true, true, true},
		{"VisitorAndAddress", []string{"visitor", "ip"}, true, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			troll := m.browser(t)
			m.clock.Advance(2 * time.Minute)
			id := troll.commentOK(m.article.ID, "Troll King", "Provocation number "+tt.name+".")
			form := []string{"for", "72h", "reason", "Trolling.", "redact", "1", "next", m.articlePath()}
			for _, k := range tt.kinds {
				form = append(form, "ban", k)
			}
			resp, d := m.mod.post("/mod/comments/"+strconv.FormatInt(id, 10)+"/ban", form...)
			wantStatus(t, "ban", resp, d, http.StatusSeeOther)
			if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, m.articlePath()+"?done=") {
				t.Errorf("sent back to %q", loc)
			}
			if got := m.stateOf(t, id); got != burg.CommentRedacted {
				t.Errorf("the comment banned from is %s", got)
			}
			again, nick := troll, "Troll King"
			if tt.newBrowser {
				again = m.browser(t)
			}
			if tt.newNick {
				nick = "Innocent Newcomer"
			} else if tt.newBrowser {
				nick = "TR0LL K1NG"
			}
			m.clock.Advance(2 * time.Minute)
			resp, d = again.comment(m.article.ID, nick, "I am back: "+tt.name+".")
			if tt.refused && resp.StatusCode != http.StatusForbidden {
				t.Errorf("came back: %d %q, want 403", resp.StatusCode, msgOf(d))
			}
			if !tt.refused && resp.StatusCode != http.StatusSeeOther {
				t.Errorf("came back: %d %q, want 303", resp.StatusCode, msgOf(d))
			}
			bans, err := m.store.FindBans(t.Context(), false)
			if err != nil {
				t.Fatal(err)
			}
			if len(bans) != len(tt.kinds) {
				t.Errorf("%d bans in the list, want %d", len(bans), len(tt.kinds))
			}
			for _, b := range bans {
				if b.UserID != m.mod.f.mod.ID || b.Reason != "Trolling." || b.ExpiresAt == nil {
					t.Errorf("ban %+v", b)
				}
				if err := m.app.RemoveBan(t.Context(), app.Operator, b.ID); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	t.Run("Expires", func(t *testing.T) {
		troll := m.browser(t)
		m.clock.Advance(2 * time.Minute)
		id := troll.commentOK(m.article.ID, "Brief Troll", "A short visit.")
		resp, d := m.mod.post("/mod/comments/"+strconv.FormatInt(id, 10)+"/ban", "ban", "visitor", "for", "24h")
		wantStatus(t, "ban", resp, d, http.StatusSeeOther)
		m.clock.Advance(2 * time.Minute)
		if resp, _ := troll.comment(m.article.ID, "Brief Troll", "Still here?"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("within the ban: %d", resp.StatusCode)
		}
		m.clock.Advance(25 * time.Hour)
		if resp, d := troll.comment(m.article.ID, "Brief Troll", "Back after a day."); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("after the ban: %d %q", resp.StatusCode, msgOf(d))
		}
	})
	t.Run("BansPage", func(t *testing.T) {
		resp, d := m.mod.post("/mod/bans", "kind", "net", "value", "198.51.100.7/24", "for", "30d", "reason", "A botnet.")
		wantStatus(t, "ban by hand", resp, d, http.StatusSeeOther)
		_, d = m.mod.do(http.MethodGet, "/mod/bans", nil)
		row := d.Find(".burg-ban-row").First()
		if !strings.Contains(text(row), "198.51.100.0/24") || !strings.Contains(text(row), "A botnet.") {
			t.Errorf("bans page: %q", text(row))
		}
		resp, d = m.mod.post("/mod/bans", "kind", "ip", "value", "not an address")
		if resp.StatusCode != http.StatusUnprocessableEntity || value(d, "#ban-form", "value") != "not an address" {
			t.Errorf("bad ban: %d, value %q", resp.StatusCode, value(d, "#ban-form", "value"))
		}
	})
}

// TestRedactAndRestore: a redacted comment's text is gone from every
// page readers see, its place and number kept; restoring brings it back.
func TestRedactAndRestore(t *testing.T) {
	m := newModSite(t)
	reader := m.browser(t)
	keep := reader.commentOK(m.article.ID, "Calm Reader", "A kept comment.")
	m.clock.Advance(time.Minute)
	gone := reader.commentOK(m.article.ID, "Rude Reader", "Unrepeatable insult about the treasurer.")
	id := strconv.FormatInt(gone, 10)

	// Readers may not; neither may a poster; a cross-site form is refused.
	for _, b := range []*browser{reader, func() *browser { p := m.browser(t); p.login("Thimble Wick", ""); return p }()} {
		if resp, _ := b.post("/mod/comments/"+id+"/redact", "reason", "No."); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a non-moderator's redaction: %d, want 403", resp.StatusCode)
		}
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, m.srv.URL+"/mod/comments/"+id+"/redact",
		strings.NewReader("reason=forged"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if resp, err := m.mod.client.Do(req); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site redaction with the moderator's cookie: %v %v, want 403", resp.StatusCode, err)
	}
	if m.stateOf(t, gone) != burg.CommentLive {
		t.Fatal("the comment changed")
	}

	resp, d := m.mod.post("/mod/comments/"+id+"/redact", "reason", "Insulting.", "next", m.articlePath()+"#c"+id)
	wantStatus(t, "redact", resp, d, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != m.articlePath()+"#c"+id {
		t.Errorf("redaction sent the moderator to %q", loc)
	}
	_, d = reader.do(http.MethodGet, m.articlePath(), nil)
	c := d.Find("#comments .p-comment.h-entry#c" + id)
	if c.Length() != 1 || text(c.Find(".burg-num")) != "#2" || !strings.Contains(text(c.Find(".burg-redacted")), "Insulting.") {
		t.Fatalf("redacted comment on the page: %q", text(c))
	}
	html, _ := d.Html()
	for _, secret := range []string{"Unrepeatable", "Rude Reader"} {
		if strings.Contains(html, secret) {
			t.Errorf("the article page still holds %q", secret)
		}
	}
	if got := text(d.Find(".burg-comment-total")); got != "1" {
		t.Errorf("comment count %q, want 1", got)
	}
	if d.Find(".burg-mod-tools").Length() != 0 || strings.Contains(html, "127.0.0.1") {
		t.Error("a reader's page shows moderators' tools or addresses")
	}
	_, home := reader.do(http.MethodGet, "/", nil)
	if rail := text(home.Find(".burg-latest")); strings.Contains(rail, "Rude Reader") || !strings.Contains(rail, "Calm Reader") {
		t.Errorf("side rail: %q", rail)
	}
	if got := text(home.Find(".burg-headline").First().Find(".burg-comment-count")); got != "1" {
		t.Errorf("headline count %q", got)
	}
	// The moderator sees the text, folded, with the address and a restore
	// button; their page is their own.
	resp, d = m.mod.do(http.MethodGet, m.articlePath(), nil)
	mc := d.Find("#c" + id)
	if !strings.Contains(text(mc.Find(".burg-mod-text")), "Unrepeatable") || mc.Find(`form[action$="/restore"]`).Length() != 1 ||
		!strings.Contains(text(mc.Find(".burg-mod-who")), "127.0.0.1") {
		t.Errorf("the moderator's view of the redacted comment: %q", text(mc))
	}
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "private") {
		t.Errorf("a moderator's article page is Cache-Control %q", cc)
	}

	resp, d = m.mod.post("/mod/comments/"+id+"/restore", "next", m.articlePath())
	wantStatus(t, "restore", resp, d, http.StatusSeeOther)
	_, d = reader.do(http.MethodGet, m.articlePath(), nil)
	if readerSees(t, d, gone) != "live" || text(d.Find(".burg-comment-total")) != "2" {
		t.Errorf("after restoring: %q, count %q", readerSees(t, d, gone), text(d.Find(".burg-comment-total")))
	}
	// Restoring twice says there is nothing to restore.
	if resp, _ := m.mod.post("/mod/comments/" + id + "/restore"); resp.StatusCode != http.StatusConflict {
		t.Errorf("restoring a live comment: %d, want 409", resp.StatusCode)
	}
	// A moderator's edit keeps the old text as a revision.
	resp, d = m.mod.post("/mod/comments/"+strconv.FormatInt(keep, 10)+"/edit", "body", "A kept comment, tidied.", "reason", "Typo.")
	wantStatus(t, "edit", resp, d, http.StatusSeeOther)
	revs, err := m.store.FindCommentRevisions(t.Context(), keep)
	if err != nil || len(revs) != 1 || revs[0].Body != "A kept comment." {
		t.Errorf("revisions %+v, %v", revs, err)
	}

	// Every action is in the log, with who and why.
	_, d = m.mod.do(http.MethodGet, "/mod/log", nil)
	var actions []string
	d.Find(".burg-audit-entry").Each(func(_ int, s *goquery.Selection) { actions = append(actions, s.AttrOr("data-action", "")) })
	if got := strings.Join(actions, " "); got != "comment.edit comment.restore comment.redact" {
		t.Errorf("log: %q", got)
	}
	if !strings.Contains(text(d.Find(".burg-audit-entry").Eq(2)), "Gorse") || !strings.Contains(text(d.Find(".burg-audit-entry").Eq(2)), "Insulting.") {
		t.Errorf("redaction entry: %q", text(d.Find(".burg-audit-entry").Eq(2)))
	}
}

// TestModerationPagesForModeratorsOnly: every /mod/ page answers 403 to
// anyone but moderators, and moderators' pages are never shared.
func TestModerationPagesForModeratorsOnly(t *testing.T) {
	m := newModSite(t)
	id := strconv.FormatInt(m.mod.commentOK(m.article.ID, "Gorse", "Mine."), 10)
	poster := m.browser(t)
	poster.login("Thimble Wick", "")
	pages := []string{"/mod/queue", "/mod/comments", "/mod/comments?ip=127.0.0.1", "/mod/comments/" + id, "/mod/log",
		"/mod/words", "/mod/bans"}
	posts := []string{"/mod/comments/bulk", "/mod/comments/" + id + "/redact", "/mod/comments/" + id + "/restore",
		"/mod/comments/" + id + "/approve", "/mod/comments/" + id + "/edit", "/mod/comments/" + id + "/ban",
		"/mod/words", "/mod/words/1/delete", "/mod/bans", "/mod/bans/1/delete"}
	for _, who := range []struct {
		name string
		b    *browser
	}{{"reader", m.browser(t)}, {"poster", poster}} {
		for _, p := range pages {
			if resp, _ := who.b.do(http.MethodGet, p, nil); resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s GET %s: %d, want 403", who.name, p, resp.StatusCode)
			}
		}
		for _, p := range posts {
			if resp, _ := who.b.post(p, "action", "redact", "all", "1", "ip", "0.0.0.0/0"); resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s POST %s: %d, want 403", who.name, p, resp.StatusCode)
			}
		}
	}
	for _, p := range pages {
		resp, d := m.mod.do(http.MethodGet, p, nil)
		if resp.StatusCode != http.StatusOK || d.Find(".burg-mod-nav").Length() != 1 {
			t.Errorf("moderator GET %s: %d", p, resp.StatusCode)
		}
		if cc := resp.Header.Get("Cache-Control"); cc != "private, no-store" {
			t.Errorf("GET %s: Cache-Control %q", p, cc)
		}
	}
	if m.stateOf(t, mustID(t, id)) != burg.CommentLive {
		t.Error("a refused request changed the comment")
	}
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestQueueGroups: held comments that look alike are grouped, and one
// click decides a group.
func TestQueueGroups(t *testing.T) {
	m := newModSite(t)
	resp, d := m.mod.post("/mod/words", "word", "lantern sale", "action", "hold")
	wantStatus(t, "block", resp, d, http.StatusSeeOther)
	var spam []int64
	for i := range 4 {
		b := m.browser(t)
		m.clock.Advance(time.Minute)
		spam = append(spam, b.commentOK(m.article.ID, "Lamp Seller "+strconv.Itoa(i),
			"Great lantern sale today, "+strconv.Itoa(10+i)+" percent off at https://lamps.example/"+strconv.Itoa(i)))
	}
	m.clock.Advance(time.Minute)
	odd := m.browser(t).commentOK(m.old.ID, "Odd One", "A lantern sale of my own, unrelated to theirs.")
	_, d = m.mod.do(http.MethodGet, "/mod/queue", nil)
	groups := map[string]int{}
	d.Find(".burg-held-group").Each(func(_ int, s *goquery.Selection) {
		groups[s.AttrOr("data-kind", "")] = s.Find(`input[name="id"]`).Length()
	})
	// All from 127.0.0.1 (one network), each from its own browser, four
	// linking to one domain with nearly one text.
	if groups["network"] != 5 || groups["domain"] != 4 || groups["text"] != 4 || groups["visitor"] != 0 {
		t.Errorf("groups %v", groups)
	}
	if got := d.Find(".burg-mod-row").Length(); got != 5 {
		t.Errorf("%d held comments listed, want 5", got)
	}
	// Reject the domain's group in one click.
	form := d.Find(`.burg-held-group[data-kind="domain"] form`)
	vals := url.Values{"action": {"redact"}}
	form.Find("input").Each(func(_ int, s *goquery.Selection) { vals.Add(s.AttrOr("name", ""), s.AttrOr("value", "")) })
	resp, d = m.mod.do(http.MethodPost, "/mod/comments/bulk", vals)
	wantStatus(t, "reject the group", resp, d, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/mod/queue?done=") {
		t.Errorf("sent to %q", loc)
	}
	for _, id := range spam {
		if got := m.stateOf(t, id); got != burg.CommentRedacted {
			t.Errorf("comment %d is %s", id, got)
		}
	}
	resp, d = m.mod.post("/mod/comments/"+strconv.FormatInt(odd, 10)+"/approve", "next", "/mod/queue")
	wantStatus(t, "approve", resp, d, http.StatusSeeOther)
	_, d = m.browser(t).do(http.MethodGet, "/posts/"+strconv.FormatInt(m.old.ID, 10), nil)
	if readerSees(t, d, odd) != "live" {
		t.Error("the approved comment is not shown")
	}
	_, d = m.mod.do(http.MethodGet, "/mod/queue", nil)
	if d.Find(".burg-mod-row").Length() != 0 || !strings.Contains(text(d.Find(".burg-empty")), "Nothing is waiting") {
		t.Errorf("queue after: %q", text(d.Find("main")))
	}
}

// TestSearchAndBulk: the moderators' search by each filter, and bulk
// actions on the ticked comments or on all that match.
func TestSearchAndBulk(t *testing.T) {
	m := newModSite(t)
	a, b := m.browser(t), m.browser(t)
	ids := map[string]int64{}
	ids["a1"] = a.commentOK(m.article.ID, "Alpha Reader", "First from alpha, about the lighthouse.")
	m.clock.Advance(time.Minute)
	ids["b1"] = b.commentOK(m.article.ID, "Beta Reader", "Beta speaks of cheese.")
	m.clock.Advance(24 * time.Hour)
	ids["a2"] = a.commentOK(m.old.ID, "Alpha Again", "Alpha on the dredging, and cheese.")
	visitor := func(id int64) string {
		c, _ := m.store.FindComment(t.Context(), id)
		return c.VisitorID
	}
	search := func(q string) []int64 {
		t.Helper()
		resp, d := m.mod.do(http.MethodGet, "/mod/comments?"+q, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("search %s: %d %q", q, resp.StatusCode, msgOf(d))
		}
		var got []int64
		d.Find(`.burg-mod-row input[name="id"]`).Each(func(_ int, s *goquery.Selection) {
			got = append(got, mustID(t, s.AttrOr("value", "")))
		})
		return got
	}
	for _, tt := range []struct {
		q    string
		want []int64
	}{
		{"nick=alpha+reader", []int64{ids["a1"]}},
		{"visitor=" + url.QueryEscape(visitor(ids["a1"])), []int64{ids["a2"], ids["a1"]}},
		{"ip=127.0.0.1", []int64{ids["a2"], ids["b1"], ids["a1"]}},
		{"ip=127.0.0.0/8", []int64{ids["a2"], ids["b1"], ids["a1"]}},
		{"ip=203.0.113.0/24", nil},
		{"q=CHEESE", []int64{ids["a2"], ids["b1"]}},
		{"since=2026-03-15", []int64{ids["a2"]}},
		{"until=2026-03-14", []int64{ids["b1"], ids["a1"]}},
		{"state=live&q=cheese", []int64{ids["a2"], ids["b1"]}},
		{"state=held", nil},
	} {
		if got := search(tt.q); !slicesEqual(got, tt.want) {
			t.Errorf("search %s: %v, want %v", tt.q, got, tt.want)
		}
	}
	for _, bad := range []string{"ip=300.1.1.1", "since=yesterday", "state=gone", "nick=" + strings.Repeat("n", 50)} {
		if resp, d := m.mod.do(http.MethodGet, "/mod/comments?"+bad, nil); resp.StatusCode != http.StatusUnprocessableEntity || msgOf(d) == "" {
			t.Errorf("search %s: %d %q", bad, resp.StatusCode, msgOf(d))
		}
	}
	// Ticked comments.
	resp, d := m.mod.post("/mod/comments/bulk", "action", "redact", "id", strconv.FormatInt(ids["a1"], 10),
		"id", strconv.FormatInt(ids["b1"], 10), "reason", "Off topic.", "q", "cheese")
	wantStatus(t, "bulk by ids", resp, d, http.StatusSeeOther)
	if m.stateOf(t, ids["a1"]) != burg.CommentRedacted || m.stateOf(t, ids["b1"]) != burg.CommentRedacted || m.stateOf(t, ids["a2"]) != burg.CommentLive {
		t.Error("ids without all: the ticked comments change, not the search's")
	}
	// All matching: the search's filter, whatever is ticked.
	resp, d = m.mod.post("/mod/comments/bulk", "action", "restore", "all", "1", "nick", "alpha reader", "id", strconv.FormatInt(ids["b1"], 10))
	wantStatus(t, "bulk restore all", resp, d, http.StatusSeeOther)
	if m.stateOf(t, ids["a1"]) != burg.CommentLive || m.stateOf(t, ids["b1"]) != burg.CommentRedacted {
		t.Error("all matching restored the wrong comments")
	}
	if loc := resp.Header.Get("Location"); !strings.Contains(loc, "done=Restored+1+of+1") {
		t.Errorf("sent to %q", loc)
	}
	// No filter and nothing ticked is refused rather than taking every
	// comment of the site.
	for _, form := range [][]string{{"action", "redact"}, {"action", "redact", "all", "1"}, {"action", "explode", "q", "x"},
		{"action", "redact", "id", "x"}} {
		if resp, d := m.mod.post("/mod/comments/bulk", form...); resp.StatusCode != http.StatusBadRequest || msgOf(d) == "" {
			t.Errorf("bulk %v: %d %q", form, resp.StatusCode, msgOf(d))
		}
	}
	// Banning the authors of what matches.
	resp, d = m.mod.post("/mod/comments/bulk", "action", "ban", "q", "alpha", "ban", "visitor", "for", "30d", "reason", "Alpha again.")
	wantStatus(t, "bulk ban", resp, d, http.StatusSeeOther)
	bans, _ := m.store.FindBans(t.Context(), false)
	if len(bans) != 1 || bans[0].Kind != burg.BanVisitor || bans[0].Value != visitor(ids["a1"]) {
		t.Errorf("bans %+v", bans)
	}
	_, d = m.mod.do(http.MethodGet, "/mod/log?action=comment.", nil)
	if n := d.Find(".burg-audit-entry").Length(); n != 2 {
		t.Errorf("%d comment entries in the log, want 2 (one per bulk action)", n)
	}
	if got := text(d.Find(".burg-audit-entry").Last().Find(".burg-audit-count")); got != "2" {
		t.Errorf("the first bulk action's count: %q", got)
	}
	_, d = m.mod.do(http.MethodGet, "/mod/log?who=Gorse&action=ban.add", nil)
	if e := d.Find(".burg-audit-entry"); e.Length() != 1 || !strings.Contains(text(e), "Alpha again.") {
		t.Errorf("ban entry: %q", text(e))
	}
	// The "who is this" page has the author's nicks, browser, address and
	// other comments.
	_, d = m.mod.do(http.MethodGet, "/mod/comments/"+strconv.FormatInt(ids["a2"], 10), nil)
	facts := text(d.Find(".burg-who-facts"))
	for _, want := range []string{"Alpha Again", "Alpha Reader", visitor(ids["a1"]), "127.0.0.1", "127.0.0.0/24", "visitor " + visitor(ids["a1"])} {
		if !strings.Contains(facts, want) {
			t.Errorf("who is this lacks %q: %q", want, facts)
		}
	}
}

func slicesEqual(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestReadOnly: the switch refuses comments and submissions with a
// notice, and reading goes on.
func TestReadOnly(t *testing.T) {
	m := newModSite(t)
	reader := m.browser(t)
	token := reader.formToken(m.article.ID)
	resp, d := m.admin.post("/admin/settings", "submissions", "queue", "read_only", "on")
	wantStatus(t, "read-only on", resp, d, http.StatusSeeOther)
	resp, d = reader.do(http.MethodPost, m.articlePath()+"/comments", url.Values{"name": {"Reader"}, "body": {"Hello?"}, "ts": {token}})
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(msgOf(d), "read-only") {
		t.Errorf("comment while read-only: %d %q", resp.StatusCode, msgOf(d))
	}
	resp, d = reader.do(http.MethodGet, m.articlePath(), nil)
	if resp.StatusCode != http.StatusOK || d.Find(".burg-read-only").Length() != 1 || d.Find("#comment-form").Length() != 0 {
		t.Errorf("article while read-only: %d, notice %d, form %d", resp.StatusCode, d.Find(".burg-read-only").Length(), d.Find("#comment-form").Length())
	}
	for _, p := range []string{"/", "/latest", "/sections/europe"} {
		if resp, _ := reader.do(http.MethodGet, p, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", p, resp.StatusCode)
		}
	}
	resp, d = reader.post("/submit", "url", "https://lantern-post.example/ro", "title", "While read-only", "section",
		strconv.FormatInt(m.section.ID, 10), "name", "Sender")
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(msgOf(d), "read-only") {
		t.Errorf("submission while read-only: %d %q", resp.StatusCode, msgOf(d))
	}
	// A moderator may still say why.
	m.mod.commentOK(m.article.ID, "Gorse", "We are tidying up; back soon.")
	resp, d = m.admin.post("/admin/settings", "submissions", "queue")
	wantStatus(t, "read-only off", resp, d, http.StatusSeeOther)
	reader.commentOK(m.article.ID, "Reader", "Hello again.")
}

// TestPublicLog: the log is public only when the site says so, and never
// with addresses, e-mails or ban reasons.
func TestPublicLog(t *testing.T) {
	m := newModSite(t)
	id := m.browser(t).commentOK(m.article.ID, "Spammer", "Buy lanterns.", "email", "spammer@example.org")
	resp, d := m.mod.post("/mod/comments/"+strconv.FormatInt(id, 10)+"/ban", "ban", "ip", "ban", "visitor",
		"reason", "Secret reason about 127.0.0.1", "redact", "1")
	wantStatus(t, "ban", resp, d, http.StatusSeeOther)
	if resp, _ := m.browser(t).do(http.MethodGet, "/moderation", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("public log while private: %d, want 404", resp.StatusCode)
	}
	resp, d = m.admin.post("/admin/settings", "submissions", "queue", "public_log", "on")
	wantStatus(t, "public log on", resp, d, http.StatusSeeOther)
	resp, d = m.browser(t).do(http.MethodGet, "/moderation", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("public log: %d", resp.StatusCode)
	}
	html, _ := d.Html()
	var actions []string
	d.Find(".burg-audit-entry").Each(func(_ int, s *goquery.Selection) { actions = append(actions, s.AttrOr("data-action", "")) })
	if got := strings.Join(actions, " "); got != "comment.redact ban.add" {
		t.Errorf("public entries %q (settings are not public)", got)
	}
	for _, secret := range []string{"127.0.0.1", "spammer@example.org", "Secret reason", "visitor "} {
		if strings.Contains(html, secret) {
			t.Errorf("the public log shows %q", secret)
		}
	}
	_, d = m.mod.do(http.MethodGet, "/mod/log", nil)
	if !strings.Contains(text(d.Find(".burg-audit")), "Secret reason") || !strings.Contains(text(d.Find(".burg-audit")), "127.0.0.1") {
		t.Error("the moderators' log lacks the ban's reason and address")
	}
}

// TestPurge: a redacted comment's text goes for good after the
// retention, as the server's job runs it; its place stays.
func TestPurge(t *testing.T) {
	m := newModSite(t)
	id := m.browser(t).commentOK(m.article.ID, "Spammer", "Text to be purged.")
	resp, d := m.mod.post("/mod/comments/"+strconv.FormatInt(id, 10)+"/redact", "reason", "Spam.")
	wantStatus(t, "redact", resp, d, http.StatusSeeOther)
	if n, err := m.app.Purge(t.Context(), app.Operator); err != nil || n != 0 {
		t.Fatalf("purge within the retention: %d, %v", n, err)
	}
	m.clock.Advance(31 * 24 * time.Hour)
	if n, err := m.app.Purge(t.Context(), app.Operator); err != nil || n != 1 {
		t.Fatalf("purge after the retention: %d, %v", n, err)
	}
	m.mod.login("Gorse", "") // the session ended meanwhile
	c, err := m.store.FindComment(t.Context(), id)
	if err != nil || c.Body != "" || c.PurgedAt == nil {
		t.Fatalf("purged comment %+v, %v", c, err)
	}
	_, d = m.mod.do(http.MethodGet, m.articlePath(), nil)
	mc := d.Find("#c" + strconv.FormatInt(id, 10))
	if !strings.Contains(text(mc.Find(".burg-mod-text")), "purged") || mc.Find(`form[action$="/restore"]`).Length() != 0 {
		t.Errorf("the moderator's view of a purged comment: %q", text(mc))
	}
	if resp, _ := m.mod.post("/mod/comments/" + strconv.FormatInt(id, 10) + "/restore"); resp.StatusCode != http.StatusConflict {
		t.Errorf("restoring a purged comment: %d, want 409", resp.StatusCode)
	}
	_, d = m.mod.do(http.MethodGet, "/mod/log?action=comment.purge&who=operator", nil)
	if got := text(d.Find(".burg-audit-entry .burg-audit-count")); got != "1" {
		t.Errorf("purge entry count %q", got)
	}
	if _, err := m.app.Purge(t.Context(), app.Actor{User: m.mod.f.mod}); burg.ErrorCode(err) != burg.EFORBIDDEN {
		t.Errorf("a moderator's purge: %v, want forbidden (admins and the operator purge)", err)
	}
}
