package web_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	burg "github.com/burg-news/burg"
)

// editPath is the edit page of post id.
func editPath(id int64) string { return "/posts/" + strconv.FormatInt(id, 10) + "/edit" }

// editForm reads every field of the edit form, as a browser would send it.
func editForm(d *goquery.Document) []string {
	var fields []string
	d.Find("#edit-form input, #edit-form textarea, #edit-form select").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		if name == "" {
			return
		}
		switch goquery.NodeName(s) {
		case "textarea":
			fields = append(fields, name, s.Text())
		case "select":
			fields = append(fields, name, s.Find("option[selected]").AttrOr("value", ""))
		default:
			if t := s.AttrOr("type", ""); (t == "checkbox" || t == "radio") && s.AttrOr("checked", "-") == "-" {
				return // a browser sends only what is ticked
			}
			fields = append(fields, name, s.AttrOr("value", ""))
		}
	})
	return fields
}

// with replaces fields of a form.
func with(fields []string, changes ...string) []string {
	out := slices.Clone(fields)
	for i := 0; i+1 < len(changes); i += 2 {
		found := false
		for j := 0; j+1 < len(out); j += 2 {
			if out[j] == changes[i] {
				out[j+1], found = changes[i+1], true
			}
		}
		if !found {
			out = append(out, changes[i], changes[i+1])
		}
	}
	return out
}

func TestPostEdit(t *testing.T) {
	f := newDeskFixture(t, nil)
	mod := f.browser(t)
	mod.login("Gorse", "")
	id := f.article.ID
	resp, d := mod.do(http.MethodGet, editPath(id), nil)
	wantStatus(t, "edit page", resp, d, http.StatusOK)
	fields := editForm(d)
	for _, name := range []string{"title", "body", "section", "tags", "url", "source_tag", "note", "posted_at", "remark", "updated"} {
		if !slices.Contains(fields, name) {
			t.Errorf("the edit form has no %s field", name)
		}
	}
	if got := value(d, "#edit-form", "tags"); got != "Vellmar, Ferries" {
		t.Errorf("tags field = %q", got)
	}
	africa, err := f.store.FindSectionBySlug(t.Context(), "africa-north")
	if err != nil {
		t.Fatal(err)
	}
	resp, d = mod.post(editPath(id), with(fields,
		"title", "Vellmar lighthouse goes to the cheese cooperative",
		"section", strconv.FormatInt(africa.ID, 10),
		"tags", "Ferries, Lighthouses",
		"posted_at", "2026-03-12T09:30",
		"remark", "Cheese by lamplight [/remark] at last.")...)
	wantStatus(t, "save", resp, d, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/posts/"+strconv.FormatInt(id, 10)+"/"+f.article.Slug {
		t.Errorf("sent to %q, want the article at its old address", loc)
	}
	p, err := f.store.FindPost(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Vellmar lighthouse goes to the cheese cooperative" || p.SectionID != africa.ID ||
		!p.PostedAt.Equal(time.Date(2026, 3, 12, 9, 30, 0, 0, time.UTC)) {
		t.Errorf("post = %+v", p)
	}
	if len(p.Remarks) != 2 || p.Remarks[1].Body != "Cheese by lamplight [/remark] at last." || p.Remarks[1].UserID != f.mod.ID {
		t.Errorf("remarks = %+v, want the new one after the fixture's", p.Remarks)
	}
	if strings.Contains(p.Body, "Cheese by lamplight") {
		t.Errorf("body = %q: a remark is a record of its own, not part of the body", p.Body)
	}
	// The remark shows in the moderator's colour, the post on its new day.
	_, d = f.browser(t).do(http.MethodGet, "/posts/"+strconv.FormatInt(id, 10), nil)
	remark := d.Find("article.h-entry .e-content .burg-remark").Last()
	if !strings.Contains(remark.Text(), "Cheese by lamplight") || !remark.HasClass("burg-mod-"+strconv.FormatInt(f.mod.ID, 10)) {
		t.Errorf("remark = %q, classes %q", remark.Text(), remark.AttrOr("class", ""))
	}
	var cats []string
	d.Find("article.h-entry .p-category").Each(func(_ int, s *goquery.Selection) { cats = append(cats, s.Text()) })
	if !slices.Equal(cats, []string{"Ferries", "Lighthouses"}) {
		t.Errorf("tags on the page = %q", cats)
	}
	_, d = f.browser(t).do(http.MethodGet, "/day/2026-03-12", nil)
	if d.Find("article.h-entry#p"+strconv.FormatInt(id, 10)).Length() != 1 {
		t.Error("the moved post is not on its new day")
	}
	_, d = f.browser(t).do(http.MethodGet, "/", nil)
	if d.Find("article.h-entry#p"+strconv.FormatInt(id, 10)).Length() != 0 {
		t.Error("the moved post is still in today's edition")
	}

	// A remark alone is a remark.
	_, d = mod.do(http.MethodGet, editPath(id), nil)
	resp, d = mod.post(editPath(id), with(editForm(d), "remark", "Second thoughts.")...)
	wantStatus(t, "remark", resp, d, http.StatusSeeOther)
	// Saving unchanged makes no revision.
	_, d = mod.do(http.MethodGet, editPath(id), nil)
	resp, d = mod.post(editPath(id), editForm(d)...)
	wantStatus(t, "unchanged", resp, d, http.StatusSeeOther)

	revs, err := f.store.FindPostRevisions(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, r := range revs {
		actions = append(actions, r.Action)
	}
	// The edit with a remark is two changes: the edit, then the remark.
	if want := []string{burg.ActionEdited, burg.ActionRemark, burg.ActionRemark}; !slices.Equal(actions, want) {
		t.Fatalf("revisions %q, want %q", actions, want)
	}

	resp, d = mod.do(http.MethodGet, "/posts/"+strconv.FormatInt(id, 10)+"/revisions", nil)
	wantStatus(t, "revisions", resp, d, http.StatusOK)
	items := d.Find(".burg-revision")
	if items.Length() != 3 {
		t.Fatalf("%d revisions listed, want 3", items.Length())
	}
	newest, oldest := items.First(), items.Last()
	if got := text(newest.Find(".burg-revision-action")); got != burg.ActionRemark {
		t.Errorf("newest revision says %q", got)
	}
	remarks := newest.Find(".burg-changes tbody tr").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return text(s.Find("th")) == "Remarks"
	})
	if got := text(remarks.Find("td").Eq(1)); !strings.HasSuffix(got, "Gorse: Second thoughts.") {
		t.Errorf("newest revision's remarks after = %q", got)
	}
	if got := text(oldest.Find(".burg-revision-user")); got != "Gorse" || !oldest.Find(".burg-revision-user").HasClass("burg-mod-"+strconv.FormatInt(f.mod.ID, 10)) {
		t.Errorf("oldest revision by %q", got)
	}
	changes := map[string][2]string{}
	oldest.Find(".burg-changes tbody tr").Each(func(_ int, s *goquery.Selection) {
		changes[text(s.Find("th"))] = [2]string{text(s.Find("td").Eq(0)), text(s.Find("td").Eq(1))}
	})
	for field, want := range map[string][2]string{
		"Title":   {f.article.Title, "Vellmar lighthouse goes to the cheese cooperative"},
		"Section": {"Europe", "Africa North"},
		"Tags":    {"Vellmar, Ferries", "Ferries, Lighthouses"},
		"Posted":  {"2026-03-14 14:30", "2026-03-12 09:30"},
	} {
		if changes[field] != want {
			t.Errorf("change of %s = %q, want %q", field, changes[field], want)
		}
	}
	if len(changes) != 4 {
		t.Errorf("changes listed: %v", changes)
	}
}

func TestPostEditConflict(t *testing.T) {
	f := newDeskFixture(t, nil)
	first, second := f.browser(t), f.browser(t)
	first.login("Gorse", "")
	second.login("Warden", "")
	_, d1 := first.do(http.MethodGet, editPath(f.article.ID), nil)
	_, d2 := second.do(http.MethodGet, editPath(f.article.ID), nil)
	f.clock.Advance(time.Minute)
	resp, d := first.post(editPath(f.article.ID), with(editForm(d1), "title", "First")...)
	wantStatus(t, "first save", resp, d, http.StatusSeeOther)
	resp, d = second.post(editPath(f.article.ID), with(editForm(d2), "title", "Second")...)
	wantStatus(t, "second save", resp, d, http.StatusConflict)
	if got := value(d, "#edit-form", "title"); got != "Second" {
		t.Errorf("title field = %q, want the second editor's text kept", got)
	}
	if p, _ := f.store.FindPost(t.Context(), f.article.ID); p.Title != "First" {
		t.Errorf("title = %q, want the first editor's", p.Title)
	}
}

func TestPostEditBadInput(t *testing.T) {
	f := newDeskFixture(t, nil)
	mod := f.browser(t)
	mod.login("Gorse", "")
	_, d := mod.do(http.MethodGet, editPath(f.article.ID), nil)
	fields := editForm(d)
	other := f.old.SourceURL
	for _, c := range []struct{ name, field, value string }{
		{"NoTitle", "title", ""},
		{"UnknownSection", "section", "777"},
		{"BadURL", "url", "javascript:alert(1)"},
		{"DuplicateURL", "url", other},
		{"BadTime", "posted_at", "13/13/2026"},
		{"BadTag", "tags", "✈"},
		{"LongBody", "body", strings.Repeat("x", burg.MaxBodyLen+1)},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, d := mod.post(editPath(f.article.ID), with(fields, c.field, c.value, "remark", "Kept remark")...)
			wantStatus(t, c.name, resp, d, http.StatusUnprocessableEntity)
			if text(d.Find("#edit-form .burg-form-error")) == "" {
				t.Error("no message")
			}
			if got := value(d, "#edit-form", "remark"); got != "Kept remark" {
				t.Errorf("remark field = %q, want what was typed", got)
			}
		})
	}
	if revs, _ := f.store.FindPostRevisions(t.Context(), f.article.ID); len(revs) != 0 {
		t.Errorf("bad input made %d revisions", len(revs))
	}
}

func TestPostEditPermissions(t *testing.T) {
	f := newDeskFixture(t, nil)
	id := f.article.ID // by Thimble Wick
	reader := f.browser(t)
	resp, _ := reader.do(http.MethodGet, editPath(id), nil)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
		t.Errorf("a reader at the edit page: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, path := range []string{editPath(id), "/posts/" + strconv.FormatInt(id, 10) + "/tags",
		"/posts/" + strconv.FormatInt(id, 10) + "/delete", "/posts/" + strconv.FormatInt(id, 10) + "/comments-closing"} {
		if resp, _ := reader.post(path, "title", "x", "tags", "x", "action", "close"); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("a reader posting %s: %d, want 401", path, resp.StatusCode)
		}
	}
	_, d := reader.do(http.MethodGet, "/posts/"+strconv.FormatInt(id, 10), nil)
	if d.Find(".burg-post-tools").Length() != 0 {
		t.Error("a reader sees the editing tools")
	}

	// A poster edits their own post's text, but not its time, and adds no
	// remarks; they do not delete it.
	owner := f.browser(t)
	owner.login("Thimble Wick", "")
	_, d = owner.do(http.MethodGet, "/posts/"+strconv.FormatInt(id, 10), nil)
	if d.Find(".burg-post-tools #edit-post").Length() != 1 || d.Find(".burg-post-tools .burg-retag").Length() != 0 {
		t.Error("the poster's tools: want an edit link and no re-tag form")
	}
	resp, d = owner.do(http.MethodGet, editPath(id), nil)
	wantStatus(t, "owner's edit page", resp, d, http.StatusOK)
	fields := editForm(d)
	if slices.Contains(fields, "posted_at") || slices.Contains(fields, "remark") || d.Find("#delete").Length() != 0 {
		t.Errorf("a poster is offered moderators' fields: %q", fields)
	}
	resp, d = owner.post(editPath(id), with(fields, "title", "My better title", "posted_at", "2020-01-01T00:00")...)
	wantStatus(t, "owner saves", resp, d, http.StatusSeeOther)
	p, _ := f.store.FindPost(t.Context(), id)
	if p.Title != "My better title" || !p.PostedAt.Equal(f.article.PostedAt) {
		t.Errorf("after the poster's edit: %q at %v", p.Title, p.PostedAt)
	}
	resp, d = owner.post(editPath(id), with(fields, "remark", "Mine")...)
	wantStatus(t, "owner's remark", resp, d, http.StatusUnprocessableEntity)
	for _, path := range []string{"/delete", "/tags", "/comments-closing"} {
		if resp, _ := owner.post("/posts/"+strconv.FormatInt(id, 10)+path, "action", "close"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("the poster posting %s: %d, want 403", path, resp.StatusCode)
		}
	}

	// Another poster may not touch it.
	other := &burg.User{Nick: "Other Poster", Role: burg.RolePoster, PasswordHash: f.mod.PasswordHash}
	if err := f.store.CreateUser(t.Context(), other); err != nil {
		t.Fatal(err)
	}
	ob := f.browser(t)
	ob.login("Other Poster", "")
	if resp, _ := ob.do(http.MethodGet, editPath(id), nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("another poster at the edit page: %d", resp.StatusCode)
	}
	if resp, _ := ob.do(http.MethodGet, "/posts/"+strconv.FormatInt(id, 10)+"/revisions", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("another poster at the changes: %d", resp.StatusCode)
	}
}

func TestPostRetag(t *testing.T) {
	f := newDeskFixture(t, nil)
	mod := f.browser(t)
	mod.login("Gorse", "")
	path := "/posts/" + strconv.FormatInt(f.article.ID, 10)
	_, d := mod.do(http.MethodGet, path, nil)
	form := d.Find(".burg-post-tools form.burg-retag")
	if form.Length() != 1 || form.Find(`input[name="tags"]`).AttrOr("value", "") != "Vellmar, Ferries" {
		t.Fatalf("re-tag form: %q", text(form))
	}
	resp, d := mod.post(path+"/tags", "tags", "harbour board, ferries")
	wantStatus(t, "re-tag", resp, d, http.StatusSeeOther)
	_, d = mod.do(http.MethodGet, resp.Header.Get("Location"), nil)
	var cats []string
	d.Find("article.h-entry .p-category").Each(func(_ int, s *goquery.Selection) { cats = append(cats, s.Text()) })
	if !slices.Equal(cats, []string{"harbour board", "Ferries"}) {
		t.Errorf("tags = %q", cats)
	}
	resp, d = mod.post(path+"/tags", "tags", "Ferries, ✈")
	wantStatus(t, "bad re-tag", resp, d, http.StatusUnprocessableEntity)
	if got := value(d, "#edit-form", "tags"); got != "Ferries, ✈" {
		t.Errorf("tags field = %q", got)
	}
	revs, _ := f.store.FindPostRevisions(t.Context(), f.article.ID)
	if len(revs) != 1 || revs[0].Action != burg.ActionRetagged {
		t.Errorf("revisions = %+v", revs)
	}
}

func TestPostCommentsClosing(t *testing.T) {
	f := newDeskFixture(t, nil)
	mod := f.browser(t)
	mod.login("Gorse", "")
	path := "/posts/" + strconv.FormatInt(f.article.ID, 10)
	resp, d := mod.post(path+"/comments-closing", "action", "close")
	wantStatus(t, "close", resp, d, http.StatusSeeOther)
	reader := f.browser(t)
	_, d = reader.do(http.MethodGet, path, nil)
	if d.Find(".burg-closed").Length() != 1 || d.Find("#comment-form").Length() != 0 {
		t.Error("comments still open after closing")
	}
	if resp, _ := reader.comment(f.article.ID, "Late Reader", "Too late?"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a comment on a closed post: %d", resp.StatusCode)
	}

	resp, d = mod.post(path+"/comments-closing", "action", "reopen", "for", "1d")
	wantStatus(t, "reopen", resp, d, http.StatusSeeOther)
	p, _ := f.store.FindPost(t.Context(), f.article.ID)
	if p.CommentsCloseAt == nil || !p.CommentsCloseAt.Equal(f.clock.Now().Add(24*time.Hour)) {
		t.Errorf("closes at %v, want a day from now", p.CommentsCloseAt)
	}
	resp, d = mod.post(path+"/comments-closing", "action", "reopen")
	wantStatus(t, "reopen as usual", resp, d, http.StatusSeeOther)
	p, _ = f.store.FindPost(t.Context(), f.article.ID)
	if p.CommentsCloseAt == nil || !p.CommentsCloseAt.Equal(f.clock.Now().Add(7*24*time.Hour)) {
		t.Errorf("closes at %v, want the site's week from now", p.CommentsCloseAt)
	}
	_, d = reader.do(http.MethodGet, path, nil)
	if d.Find("#comment-form").Length() != 1 {
		t.Error("no comment form after reopening")
	}
	for _, bad := range [][]string{{"action", "reopen", "for", "forever"}, {"action", "explode"}} {
		resp, d := mod.post(path+"/comments-closing", bad...)
		wantStatus(t, strings.Join(bad, " "), resp, d, http.StatusBadRequest)
	}
	revs, _ := f.store.FindPostRevisions(t.Context(), f.article.ID)
	var actions []string
	for _, r := range revs {
		actions = append(actions, r.Action)
	}
	if want := []string{burg.ActionClosed, burg.ActionReopened, burg.ActionReopened}; !slices.Equal(actions, want) {
		t.Errorf("revisions %q, want %q", actions, want)
	}
}

func TestPostDeleteRestore(t *testing.T) {
	f := newDeskFixture(t, nil)
	mod := f.browser(t)
	mod.login("Gorse", "")
	path := "/posts/" + strconv.FormatInt(f.article.ID, 10)
	resp, d := mod.post(path + "/delete")
	wantStatus(t, "delete", resp, d, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != editPath(f.article.ID) {
		t.Errorf("after deleting: %q", loc)
	}
	if resp, _ := f.browser(t).do(http.MethodGet, path, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a reader opens the deleted post: %d", resp.StatusCode)
	}
	_, d = f.browser(t).do(http.MethodGet, "/", nil)
	if d.Find("article.h-entry#p"+strconv.FormatInt(f.article.ID, 10)).Length() != 0 {
		t.Error("the deleted post is in the edition")
	}
	// The poster no longer sees it either.
	owner := f.browser(t)
	owner.login("Thimble Wick", "")
	if resp, _ := owner.do(http.MethodGet, editPath(f.article.ID), nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the poster opens their deleted post's edit page: %d", resp.StatusCode)
	}
	resp, d = mod.do(http.MethodGet, editPath(f.article.ID), nil)
	wantStatus(t, "edit page of a deleted post", resp, d, http.StatusOK)
	if d.Find(".burg-deleted").Length() != 1 || d.Find("#restore").Length() != 1 {
		t.Fatal("the edit page of a deleted post does not say so or offer a restore")
	}
	resp, d = mod.post(path + "/restore")
	wantStatus(t, "restore", resp, d, http.StatusSeeOther)
	if resp, _ := f.browser(t).do(http.MethodGet, path, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("the restored post: %d", resp.StatusCode)
	}
	_, d = mod.do(http.MethodGet, path+"/revisions", nil)
	var actions []string
	d.Find(".burg-revision-action").Each(func(_ int, s *goquery.Selection) { actions = append(actions, s.Text()) })
	if want := []string{burg.ActionRestored, burg.ActionDeleted}; !slices.Equal(actions, want) {
		t.Errorf("changes listed %q, want %q", actions, want)
	}
	if resp, d := mod.post("/posts/98765/delete"); resp.StatusCode != http.StatusNotFound {
		wantStatus(t, "delete unknown", resp, d, http.StatusNotFound)
	}
}

func TestRegisteredUserComments(t *testing.T) {
	f := newDeskFixture(t, nil)
	mod := f.browser(t)
	mod.login("Gorse", "")
	_, d := mod.do(http.MethodGet, f.articlePath(), nil)
	if got := value(d, "#comment-form", "name"); got != "Gorse" {
		t.Errorf("name field for a logged-in moderator = %q", got)
	}
	resp, d := mod.comment(f.article.ID, "gorse", "Speaking for the moderators.")
	wantStatus(t, "comment", resp, d, http.StatusSeeOther)
	_, d = mod.do(http.MethodGet, f.articlePath(), nil)
	c := d.Find("#comments .p-comment").Last()
	if got := text(c.Find(".p-author")); got != "Gorse" {
		t.Errorf("author = %q", got)
	}
	if !c.HasClass("burg-mod-" + strconv.FormatInt(f.mod.ID, 10)) {
		t.Errorf("comment classes %q, want the moderator's colour", c.AttrOr("class", ""))
	}
	// Not by colour alone: the comment says so in words.
	if got := text(c.Find(".burg-comment-head .burg-role")); got != "moderator" {
		t.Errorf("the moderator's comment is marked %q, want moderator", got)
	}
	// Nobody else may use the nick, logged in or not.
	resp, d = f.browser(t).comment(f.article.ID, "Gorse", "Impostor.")
	wantStatus(t, "reader as Gorse", resp, d, http.StatusUnprocessableEntity)
	poster := f.browser(t)
	poster.login("Thimble Wick", "")
	resp, d = poster.comment(f.article.ID, "G0rse", "Impostor.")
	wantStatus(t, "poster as Gorse", resp, d, http.StatusUnprocessableEntity)
}

// TestPostEditKeepsSeconds saves a post's edit form unchanged: the time,
// shown to the minute, does not move, and no revision is made.
func TestPostEditKeepsSeconds(t *testing.T) {
	f := newDeskFixture(t, nil)
	p := &burg.Post{SectionID: f.section.ID, Title: "Odd seconds", PosterID: f.poster.ID,
		PostedAt: now.Add(-17*time.Minute - 23*time.Second - 456*time.Microsecond)}
	if err := f.store.CreatePost(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	mod := f.browser(t)
	mod.login("Gorse", "")
	_, d := mod.do(http.MethodGet, editPath(p.ID), nil)
	resp, d := mod.post(editPath(p.ID), editForm(d)...)
	wantStatus(t, "save unchanged", resp, d, http.StatusSeeOther)
	got, err := f.store.FindPost(t.Context(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.PostedAt.Equal(p.PostedAt) {
		t.Errorf("posted at %v, want %v", got.PostedAt, p.PostedAt)
	}
	if revs, _ := f.store.FindPostRevisions(t.Context(), p.ID); len(revs) != 0 {
		t.Errorf("%d revisions of an unchanged post", len(revs))
	}
}
