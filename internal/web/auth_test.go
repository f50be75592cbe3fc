package web_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/web"
)

// sessionCookie returns the browser's session cookie for the site, or nil.
func (b *browser) sessionCookie() *http.Cookie {
	u, _ := url.Parse(b.f.srv.URL)
	for _, c := range b.client.Jar.Cookies(u) {
		if c.Name == "burg_session" {
			return c
		}
	}
	return nil
}

func TestLoginAndLogout(t *testing.T) {
	f := newDeskFixture(t, nil)
	b := f.browser(t)

	resp, d := b.do(http.MethodGet, "/login", nil)
	wantStatus(t, "login page", resp, d, http.StatusOK)
	if d.Find(`form#login-form input[name="nick"]`).Length() != 1 || d.Find(`form#login-form input[name="password"][type="password"]`).Length() != 1 {
		t.Fatal("the login page has no nick and password fields")
	}
	if got := text(d.Find(".burg-userbar")); !strings.Contains(got, "Log in") {
		t.Errorf("user bar for a reader = %q, want a Log in link", got)
	}

	for _, c := range []struct {
		name, nick, pw string
		status         int
	}{
		{"Empty", "", "", http.StatusUnprocessableEntity},
		{"NoPassword", "Thimble Wick", "", http.StatusUnprocessableEntity},
		{"WrongPassword", "Thimble Wick", "wrong horse", http.StatusUnauthorized},
		{"UnknownNick", "Nobody Here", testPassword, http.StatusUnauthorized},
		// A disabled account answers as a wrong password, so that the
		// answer does not confirm the password.
		{"Disabled", "Gone Quiet", testPassword, http.StatusUnauthorized},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, d := f.browser(t).post("/login", "nick", c.nick, "password", c.pw)
			wantStatus(t, c.name, resp, d, c.status)
			if d.Find(".burg-form-error").Length() == 0 {
				t.Error("no message says what went wrong")
			}
			if got := value(d, "#login-form", "nick"); got != c.nick {
				t.Errorf("nick field = %q, want %q kept", got, c.nick)
			}
			for _, line := range resp.Header.Values("Set-Cookie") {
				if strings.HasPrefix(line, "burg_session=") {
					t.Errorf("a failed login set %s", line)
				}
			}
		})
	}

	// The nick is case-insensitive.
	resp, _ = b.post("/login", "nick", "thimble wick", "password", testPassword)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("login: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var set *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "burg_session" {
			set = c
		}
	}
	if set == nil || !set.HttpOnly || set.SameSite != http.SameSiteLaxMode || set.Secure || set.Path != "/" ||
		set.MaxAge < 29*24*3600 {
		t.Fatalf("session cookie = %+v, want HttpOnly, SameSite=Lax, path /, a month long", set)
	}
	// The store keeps only the token's SHA-256.
	if _, err := f.store.FindSession(t.Context(), set.Value); burg.ErrorCode(err) != burg.ENOTFOUND {
		t.Errorf("the raw token finds a session: %v", err)
	}
	sum := sha256.Sum256([]byte(set.Value))
	sess, err := f.store.FindSession(t.Context(), hex.EncodeToString(sum[:]))
	if err != nil {
		t.Fatalf("no session under the token's hash: %v", err)
	}
	if sess.UserID != f.poster.ID || !sess.ExpiresAt.Equal(now.Add(burg.SessionTTL)) {
		t.Errorf("session = %+v", sess)
	}

	resp, d = b.do(http.MethodGet, "/", nil)
	wantStatus(t, "front page", resp, d, http.StatusOK)
	bar := text(d.Find(".burg-userbar"))
	if !strings.Contains(bar, "Logged in as Thimble Wick · Post a news link · Log out") {
		t.Errorf("user bar = %q", bar)
	}
	if d.Find(`.burg-userbar form[action="/logout"][method="post"] button`).Length() != 1 {
		t.Error("no log-out button in the user bar")
	}
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "private") {
		t.Errorf("Cache-Control of a logged-in page = %q, want private", cc)
	}

	resp, _ = b.post("/logout")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", resp.StatusCode)
	}
	if b.sessionCookie() != nil {
		t.Error("the session cookie is still there after logging out")
	}
	if _, err := f.store.FindSession(t.Context(), hex.EncodeToString(sum[:])); burg.ErrorCode(err) != burg.ENOTFOUND {
		t.Errorf("the session lives on after logging out: %v", err)
	}
	_, d = b.do(http.MethodGet, "/", nil)
	if bar := text(d.Find(".burg-userbar")); strings.Contains(bar, "Logged in") {
		t.Errorf("user bar after logging out = %q", bar)
	}
}

func TestLoginNext(t *testing.T) {
	f := newDeskFixture(t, nil)
	for _, c := range []struct{ next, want string }{
		{"/submit?kind=article", "/submit?kind=article"},
		{"//evil.example/x", "/"},
		{"/\\evil.example", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"", "/"},
	} {
		b := f.browser(t)
		resp, _ := b.post("/login", "nick", "Gorse", "password", testPassword, "next", c.next)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != c.want {
			t.Errorf("next=%q: %d to %q, want %q", c.next, resp.StatusCode, resp.Header.Get("Location"), c.want)
		}
	}
	// A page that needs a login sends the browser there and back.
	b := f.browser(t)
	resp, _ := b.do(http.MethodGet, "/admin/queue", nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next=%2Fadmin%2Fqueue" {
		t.Fatalf("GET /admin/queue logged out: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, d := b.do(http.MethodGet, resp.Header.Get("Location"), nil)
	if got := value(d, "#login-form", "next"); got != "/admin/queue" {
		t.Errorf("next field = %q", got)
	}
}

func TestLogoutEverywhere(t *testing.T) {
	f := newDeskFixture(t, nil)
	laptop, phone, other := f.browser(t), f.browser(t), f.browser(t)
	laptop.login("Gorse", "")
	phone.login("Gorse", "")
	other.login("Thimble Wick", "")

	resp, d := laptop.do(http.MethodGet, "/login", nil)
	wantStatus(t, "account page", resp, d, http.StatusOK)
	if d.Find("#logout-everywhere").Length() != 1 {
		t.Fatal("no Log out everywhere button for a logged-in user")
	}
	resp, _ = laptop.post("/logout?everywhere=1")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout everywhere: %d", resp.StatusCode)
	}
	for name, b := range map[string]*browser{"laptop": laptop, "phone": phone} {
		_, d := b.do(http.MethodGet, "/", nil)
		if bar := text(d.Find(".burg-userbar")); strings.Contains(bar, "Logged in") {
			t.Errorf("%s is still logged in: %q", name, bar)
		}
	}
	_, d = other.do(http.MethodGet, "/", nil)
	if bar := text(d.Find(".burg-userbar")); !strings.Contains(bar, "Logged in as Thimble Wick") {
		t.Errorf("another user was logged out too: %q", bar)
	}
}

func TestLoginThrottled(t *testing.T) {
	f := newDeskFixture(t, nil)
	for i := range 5 {
		resp, _ := f.browser(t).post("/login", "nick", "Gorse", "password", "guess "+strconv.Itoa(i))
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, resp.StatusCode)
		}
	}
	// Even the right password waits now, from the guessing address.
	resp, d := f.browser(t).post("/login", "nick", "GORSE", "password", testPassword)
	wantStatus(t, "sixth attempt", resp, d, http.StatusTooManyRequests)
	// Another account is not held up.
	f.browser(t).login("Thimble Wick", "")
	// A minute later the account may try again.
	f.clock.Advance(61 * time.Second)
	f.browser(t).login("Gorse", "")
}

func TestDisabledUserSessionEnds(t *testing.T) {
	f := newDeskFixture(t, nil)
	poster, admin := f.browser(t), f.browser(t)
	poster.login("Thimble Wick", "")
	admin.login("Warden", "")
	resp, d := admin.post("/admin/users/" + strconv.FormatInt(f.poster.ID, 10) + "/disable")
	wantStatus(t, "disable", resp, d, http.StatusSeeOther)
	resp, _ = poster.do(http.MethodGet, "/submit", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /submit: %d", resp.StatusCode)
	}
	_, d = poster.do(http.MethodGet, "/", nil)
	if bar := text(d.Find(".burg-userbar")); strings.Contains(bar, "Logged in") {
		t.Errorf("a disabled user is still logged in: %q", bar)
	}
	resp, d = f.browser(t).post("/login", "nick", "Thimble Wick", "password", testPassword)
	wantStatus(t, "log in disabled", resp, d, http.StatusUnauthorized)
	// Enabled again, they log in again.
	resp, d = admin.post("/admin/users/" + strconv.FormatInt(f.poster.ID, 10) + "/enable")
	wantStatus(t, "enable", resp, d, http.StatusSeeOther)
	f.browser(t).login("Thimble Wick", "")
}

// TestSessionAcrossInstances logs in on one server and uses the session
// on another over the same database, as behind a load balancer.
func TestSessionAcrossInstances(t *testing.T) {
	f := newDeskFixture(t, nil)
	other, err := web.New(web.Config{SiteName: "Burg Test", Location: time.UTC}, web.Deps{Store: f.store, Now: f.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	second := httptest.NewServer(other.Handler())
	t.Cleanup(second.Close)

	b := f.browser(t)
	b.login("Gorse", "")
	token := b.sessionCookie().Value
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, second.URL+"/admin/queue", nil)
	req.AddCookie(&http.Cookie{Name: "burg_session", Value: token})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the queue on the second instance: %d, want 200", resp.StatusCode)
	}
}

// TestLoggedInPagesNotShared checks that the page cache never hands a
// logged-in user's page to a reader, nor a reader's to them.
func TestLoggedInPagesNotShared(t *testing.T) {
	f := newDeskFixture(t, nil)
	reader, mod := f.browser(t), f.browser(t)
	for range 2 {
		_, d := reader.do(http.MethodGet, "/", nil)
		if bar := text(d.Find(".burg-userbar")); strings.Contains(bar, "Logged in") {
			t.Fatalf("reader sees %q", bar)
		}
	}
	mod.login("Gorse", "")
	for _, path := range []string{"/", "/sections/europe", "/tags/vellmar", "/latest"} {
		_, d := mod.do(http.MethodGet, path, nil)
		if bar := text(d.Find(".burg-userbar")); !strings.Contains(bar, "Logged in as Gorse") {
			t.Errorf("%s for the moderator: user bar %q", path, bar)
		}
		_, d = reader.do(http.MethodGet, path, nil)
		if bar := text(d.Find(".burg-userbar")); strings.Contains(bar, "Gorse") {
			t.Errorf("%s for the reader: user bar %q", path, bar)
		}
	}
}

func TestSessionCookieSecureOverTLS(t *testing.T) {
	f := newDeskFixture(t, nil)
	srv := httptest.NewTLSServer(f.web.Handler())
	t.Cleanup(srv.Close)
	client := srv.Client()
	client.Jar, _ = cookiejar.New(nil)
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/login",
		strings.NewReader(url.Values{"nick": {"Gorse"}, "password": {testPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	found := false
	for _, c := range resp.Cookies() {
		if c.Name == "burg_session" {
			found = true
			if !c.Secure || !c.HttpOnly {
				t.Errorf("session cookie over TLS = %+v, want Secure and HttpOnly", c)
			}
		}
	}
	if !found {
		t.Fatalf("no session cookie: %d", resp.StatusCode)
	}
}

// TestCrossOriginLoginRefused checks that a form posted from another site
// does not log anyone in or out.
func TestCrossOriginLoginRefused(t *testing.T) {
	f := newDeskFixture(t, nil)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, f.srv.URL+"/login",
		strings.NewReader(url.Values{"nick": {"Gorse"}, "password": {testPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site login: %d, want 403", resp.StatusCode)
	}
}
