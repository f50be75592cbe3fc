package web_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/bus"
	"github.com/burg-news/burg/internal/nick"
	"github.com/burg-news/burg/internal/web"
)

func TestCommentBanned(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	until := f.clock.Now().Add(time.Hour)
	for _, tc := range []struct {
		name string
		ban  *burg.Ban
		nick string
	}{
		{"Nick", &burg.Ban{Kind: burg.BanNick, Value: "Troll King", MatchKey: nick.Canonical("Troll King"), Reason: "secret reason"}, "TROLL KING"},
		{"NickLookAlike", &burg.Ban{Kind: burg.BanNick, Value: "Troll King", MatchKey: nick.Canonical("Troll King"), Reason: "secret reason"}, "Trоll Kіng"},
		{"IP", &burg.Ban{Kind: burg.BanIP, Value: "127.0.0.1", Reason: "secret reason"}, "Innocent Face"},
		{"Net", &burg.Ban{Kind: burg.BanNet, Value: "127.0.0.0/8", Reason: "secret reason"}, "Innocent Face"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.ban.ExpiresAt = &until
			// Made on another instance, whose news comes on the bus.
			if err := f.store.CreateBan(t.Context(), tc.ban); err != nil {
				t.Fatal(err)
			}
			f.bus.Deliver(burg.Event{Kind: burg.EventBans})
			t.Cleanup(func() {
				f.store.DeleteBan(context.Background(), tc.ban.ID)
				f.bus.Deliver(burg.Event{Kind: burg.EventBans})
			})
			resp, d := b.comment(f.article.ID, tc.nick, "You cannot stop me.")
			if resp.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d, want 403", resp.StatusCode)
			}
			msg := text(d.Find(".burg-form-error"))
			if !strings.Contains(msg, "not posted") {
				t.Errorf("message %q does not say the comment was not posted", msg)
			}
			for _, secret := range []string{"secret", "ban", "nick", "address", "127.0.0.1"} {
				if strings.Contains(strings.ToLower(msg), secret) {
					t.Errorf("message %q reveals %q", msg, secret)
				}
			}
			if got := d.Find(`textarea[name="body"]`).Text(); got != "You cannot stop me." {
				t.Errorf("the form came back with %q", got)
			}
			cs, err := f.store.FindComments(t.Context(), f.article.ID)
			if err != nil || len(cs) != 0 {
				t.Fatalf("stored %d comments (%v), want 0", len(cs), err)
			}
		})
	}
	// A visitor ban follows the cookie, whatever the nick.
	if resp, _ := b.comment(f.article.ID, "Fresh Start", "Hello."); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("before the visitor ban: %d", resp.StatusCode)
	}
	cs, err := f.store.FindComments(t.Context(), f.article.ID)
	if err != nil || len(cs) != 1 {
		t.Fatalf("comments: %d, %v", len(cs), err)
	}
	// This time the news of the ban is lost: the bans in force are read
	// again within half a minute all the same.
	vb := &burg.Ban{Kind: burg.BanVisitor, Value: cs[0].VisitorID, ExpiresAt: &until}
	if err := f.store.CreateBan(t.Context(), vb); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(31 * time.Second)
	if resp, _ := b.comment(f.article.ID, "Another Name", "Hello again."); resp.StatusCode != http.StatusForbidden {
		t.Errorf("visitor ban: %d, want 403", resp.StatusCode)
	}
	if resp, _ := f.browser(t).comment(f.article.ID, "Another Name", "A new browser."); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("another browser: %d, want 303", resp.StatusCode)
	}
	// Bans run out on their own.
	f.clock.Advance(61 * time.Minute)
	if resp, _ := b.comment(f.article.ID, "Another Name", "Back again."); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after the ban ran out: %d, want 303", resp.StatusCode)
	}
}

// TestCommentLimitsAcrossServers runs two servers on one store, as two
// instances behind a load balancer: the limits count the comments made
// through either.
func TestCommentLimitsAcrossServers(t *testing.T) {
	f := newFixture(t)
	f2 := f.otherServer(t, web.Config{SiteName: "Burg Test", Location: time.UTC, CommentsCloseAfter: 7 * 24 * time.Hour}, web.Deps{})
	a := f.browser(t)
	// The same browser, cookies and all, sent to the other instance.
	b := &browser{t: t, f: f2, client: a.client}
	for i, br := range []*browser{a, b, a, b, b} {
		if resp, _ := br.comment(f.article.ID, "Chatty", fmt.Sprintf("Point %d", i)); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("comment %d: %d", i, resp.StatusCode)
		}
	}
	for _, br := range []*browser{a, b} {
		if resp, _ := br.comment(f.article.ID, "Chatty", "Point 6"); resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("sixth comment in a minute on %s: %d, want 429", br.f.srv.URL, resp.StatusCode)
		}
	}
	// Another browser from the same address is held by the address.
	if resp, _ := f.browser(t).comment(f.article.ID, "Newcomer", "Hello."); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("same address, new browser: %d, want 429", resp.StatusCode)
	}
	f.clock.Advance(61 * time.Second)
	if resp, _ := b.comment(f.article.ID, "Chatty", "Point 6"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after a minute: %d", resp.StatusCode)
	}
	// The hourly limit: 40 per visitor and address.
	for i := 7; i <= 40; i++ {
		if i%5 == 0 {
			f.clock.Advance(61 * time.Second)
		}
		if resp, _ := a.comment(f.article.ID, "Chatty", fmt.Sprintf("Point %d", i)); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("comment %d: %d", i, resp.StatusCode)
		}
	}
	f.clock.Advance(61 * time.Second)
	if resp, _ := b.comment(f.article.ID, "Chatty", "Point 41"); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("41st comment in an hour: %d, want 429", resp.StatusCode)
	}
}

// recorder is a relay that keeps what it is given.
type recorder struct {
	mu     sync.Mutex
	events []burg.Event
}

func (r *recorder) Publish(_ context.Context, e burg.Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
}

func (r *recorder) take() []burg.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	e := r.events
	r.events = nil
	return e
}

func TestEventsPublished(t *testing.T) {
	f := newFixture(t)
	rec := &recorder{}
	b := bus.New()
	b.Relay(rec)
	f2 := f.otherServer(t, web.Config{SiteName: "Burg Test", Location: time.UTC, CommentsCloseAfter: 7 * 24 * time.Hour}, web.Deps{Bus: b})
	br := f2.browser(t)
	rec.take()
	if resp, _ := br.comment(f.article.ID, "Announcer", "Hear ye."); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("comment: %d", resp.StatusCode)
	}
	if got := rec.take(); len(got) != 1 || got[0].Kind != burg.EventComment || got[0].PostID != f.article.ID || got[0].VisitorID == "" {
		t.Errorf("after a comment: events %v, want one comment event for post %d with its visitor", got, f.article.ID)
	}
	// A refused comment is no news.
	br.comment(f.article.ID, "", "No name.")
	if got := rec.take(); len(got) != 0 {
		t.Errorf("after a refused comment: events %v, want none", got)
	}
	// News from elsewhere is applied here and relayed nowhere.
	b.Deliver(burg.Event{Kind: burg.EventComment, PostID: f.article.ID})
	if got := rec.take(); len(got) != 0 {
		t.Errorf("a delivered event was relayed: %v", got)
	}
}

// TestApplyFromElsewhere shows what an instance does with news of a
// comment made on another: its cached front page shows the new count at
// once, and its live readers get the comment.
func TestApplyFromElsewhere(t *testing.T) {
	f := newFixture(t)
	b := bus.New()
	f2 := f.otherServer(t, web.Config{SiteName: "Burg Test", Location: time.UTC, CommentsCloseAfter: 7 * 24 * time.Hour}, web.Deps{Bus: b})
	count := func() string {
		t.Helper()
		return text(f2.doc(t, "/").Find(".burg-headline").First().Find(".burg-comment-count"))
	}
	if got := count(); got != "0" {
		t.Fatalf("comment count before: %q", got)
	}
	events := liveEvents(t, f2.srv.URL+f.articlePath()+"/live?after=0")
	// Another instance stores a comment: this one knows nothing of it yet.
	c := &burg.Comment{PostID: f.article.ID, Nick: "Far Away", Body: "Written elsewhere."}
	if err := f.store.CreateComment(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	if got := count(); got != "0" {
		t.Fatalf("the cached page changed without news: %q", got)
	}
	b.Deliver(burg.Event{Kind: burg.EventComment, PostID: f.article.ID})
	// The article shows it at once; the front page, which only counts
	// it, once its rendering is more than a few seconds old.
	if !strings.Contains(f2.doc(t, f.articlePath()).Find(".burg-comment").Text(), "Written elsewhere.") {
		t.Errorf("the article does not show the comment after the news")
	}
	f.clock.Advance(5 * time.Second)
	if got := count(); got != "1" {
		t.Errorf("comment count after the news: %q, want 1", got)
	}
	select {
	case ev := <-events:
		if !strings.Contains(ev, "Far Away") || !strings.HasPrefix(ev, fmt.Sprintf("id: %d\n", c.ID)) {
			t.Errorf("event = %q", ev)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no live event within 10s")
	}
}

// liveEvents opens a live comment stream and sends each event's id and
// data lines on the channel it returns.
func liveEvents(t *testing.T, url string) <-chan string {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", url, resp.StatusCode)
	}
	events := make(chan string, 16)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		var ev strings.Builder
		for sc.Scan() {
			line := sc.Text()
			if line == "" && ev.Len() > 0 {
				events <- ev.String()
				ev.Reset()
				continue
			}
			if strings.HasPrefix(line, "data: ") || strings.HasPrefix(line, "id: ") {
				ev.WriteString(line + "\n")
			}
		}
	}()
	return events
}
