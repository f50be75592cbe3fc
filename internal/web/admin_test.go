package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestAdminUsers(t *testing.T) {
	f := newDeskFixture(t, nil)
	if resp, _ := f.browser(t).do(http.MethodGet, "/admin/users", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a reader at the users page: %d", resp.StatusCode)
	}
	mod := f.browser(t)
	mod.login("Gorse", "")
	if resp, _ := mod.do(http.MethodGet, "/admin/users", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a moderator at the users page: %d", resp.StatusCode)
	}
	if resp, _ := mod.post("/admin/users", "nick", "Sneaky", "role", "admin"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a moderator adding a user: %d", resp.StatusCode)
	}

	admin := f.browser(t)
	admin.login("Warden", "")
	resp, d := admin.do(http.MethodGet, "/admin/users", nil)
	wantStatus(t, "users", resp, d, http.StatusOK)
	if n := d.Find("tr.burg-user").Length(); n != 4 {
		t.Errorf("%d users listed, want 4", n)
	}

	resp, d = admin.post("/admin/users", "nick", "Quill", "role", "moderator", "colour", "#00AA55")
	wantStatus(t, "add", resp, d, http.StatusOK)
	pw := text(d.Find(".burg-password"))
	if len(pw) != 20 || text(d.Find(".burg-shown-nick")) != "Quill" {
		t.Fatalf("shown: %q for %q", pw, text(d.Find(".burg-shown-nick")))
	}
	// The password is shown once only.
	_, d = admin.do(http.MethodGet, "/admin/users", nil)
	if d.Find(".burg-password").Length() != 0 {
		t.Error("the password is shown again")
	}
	quill, err := f.store.FindUserByNick(t.Context(), "quill")
	if err != nil {
		t.Fatal(err)
	}
	if quill.Role != "moderator" || quill.Colour != "#00aa55" || !strings.HasPrefix(quill.PasswordHash, "$argon2id$") {
		t.Errorf("new user = %+v", quill)
	}
	q := f.browser(t)
	resp, _ = q.do(http.MethodPost, "/login", url.Values{"nick": {"Quill"}, "password": {pw}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the new user logs in: %d", resp.StatusCode)
	}
	// The new moderator's colour is on the site: as chosen on remarks'
	// borders, darkened to read at 4.5:1 as text.
	resp, body := f.get(t, "/colours.css")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, ".burg-remark.burg-mod-"+strconv.FormatInt(quill.ID, 10)+"{border-color:#00aa55") ||
		!strings.Contains(body, ".burg-mod-"+strconv.FormatInt(quill.ID, 10)+"{color:#00773c}") {
		t.Errorf("colours.css lacks the new moderator:\n%s", body)
	}

	for _, c := range []struct{ name, nick, role, colour string }{
		{"Taken", "QUILL", "poster", ""},
		{"NoNick", "", "poster", ""},
		{"BadRole", "Newt", "emperor", ""},
		{"BadColour", "Newt", "moderator", "green"},
		{"SlashNick", "a/b", "poster", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, d := admin.post("/admin/users", "nick", c.nick, "role", c.role, "colour", c.colour)
			wantStatus(t, c.name, resp, d, http.StatusUnprocessableEntity)
			if got := value(d, "#user-form", "nick"); got != c.nick {
				t.Errorf("nick field = %q", got)
			}
			if d.Find(".burg-password").Length() != 0 {
				t.Error("a password is shown for a user not made")
			}
		})
	}

	uid := strconv.FormatInt(quill.ID, 10)
	resp, d = admin.post("/admin/users/"+uid, "role", "poster", "colour", "#112233")
	wantStatus(t, "change role", resp, d, http.StatusSeeOther)
	resp, d = admin.post("/admin/users/"+uid, "role", "poster", "colour", "blue")
	wantStatus(t, "bad colour", resp, d, http.StatusUnprocessableEntity)
	if got, _ := f.store.FindUser(t.Context(), quill.ID); got.Role != "poster" || got.Colour != "#112233" {
		t.Errorf("after the change: %+v", got)
	}
	resp, d = admin.post("/admin/users/" + uid + "/disable")
	wantStatus(t, "disable", resp, d, http.StatusSeeOther)
	_, d = q.do(http.MethodGet, "/", nil)
	if strings.Contains(text(d.Find(".burg-userbar")), "Quill") {
		t.Error("a disabled user is still logged in")
	}
	resp, d = admin.post("/admin/users/" + uid + "/password")
	wantStatus(t, "new password", resp, d, http.StatusOK)
	if text(d.Find(".burg-password")) == pw {
		t.Error("the new password is the old one")
	}

	self := strconv.FormatInt(f.admin.ID, 10)
	resp, d = admin.post("/admin/users/" + self + "/disable")
	wantStatus(t, "disable oneself", resp, d, http.StatusUnprocessableEntity)
	resp, d = admin.post("/admin/users/"+self, "role", "poster")
	wantStatus(t, "demote oneself", resp, d, http.StatusUnprocessableEntity)
	if resp, _ := admin.post("/admin/users/99999/disable"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("disable an unknown user: %d", resp.StatusCode)
	}
}

func TestAdminSources(t *testing.T) {
	f := newDeskFixture(t, nil)
	mod := f.browser(t)
	mod.login("Gorse", "")
	resp, d := mod.post("/admin/sources", "domain", "https://www.Kavkaz-Uzel.eu/articles/1", "name", "KavkazUzel")
	wantStatus(t, "add", resp, d, http.StatusSeeOther)
	resp, d = mod.post("/admin/sources", "domain", "arabnews.com", "name", "ArabNews")
	wantStatus(t, "add", resp, d, http.StatusSeeOther)
	_, d = mod.do(http.MethodGet, "/admin/sources", nil)
	var rows []string
	d.Find(".burg-sources tbody tr").Each(func(_ int, s *goquery.Selection) {
		rows = append(rows, text(s.Find("td").Eq(0))+" "+text(s.Find("td").Eq(1)))
	})
	if want := []string{"arabnews.com [ArabNews]", "kavkaz-uzel.eu [KavkazUzel]"}; !slices.Equal(rows, want) {
		t.Errorf("sources = %q, want %q", rows, want)
	}
	for _, c := range []struct{ domain, name string }{{"not a domain", "X"}, {"example.org", ""}, {"example.org", "[X]"}} {
		resp, d := mod.post("/admin/sources", "domain", c.domain, "name", c.name)
		wantStatus(t, c.domain+" "+c.name, resp, d, http.StatusUnprocessableEntity)
		if value(d, "#source-form", "domain") != c.domain {
			t.Error("the typed domain was lost")
		}
	}
	// A post from the domain gets the short name.
	resp, d = mod.post("/submit", "url", "https://www.kavkaz-uzel.eu/articles/99", "title", "From the Caucasus",
		"section", f.sectionID())
	wantStatus(t, "publish", resp, d, http.StatusSeeOther)
	_, d = mod.do(http.MethodGet, resp.Header.Get("Location"), nil)
	if got := text(d.Find("article.h-entry .burg-source")); got != "[KavkazUzel]" {
		t.Errorf("source tag = %q", got)
	}
	resp, d = mod.post("/admin/sources/delete", "domain", "arabnews.com")
	wantStatus(t, "remove", resp, d, http.StatusSeeOther)
	if resp, _ := mod.post("/admin/sources/delete", "domain", "arabnews.com"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("remove again: %d", resp.StatusCode)
	}
	poster := f.browser(t)
	poster.login("Thimble Wick", "")
	if resp, _ := poster.post("/admin/sources", "domain", "x.org", "name", "X"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a poster adding a source: %d", resp.StatusCode)
	}
}
