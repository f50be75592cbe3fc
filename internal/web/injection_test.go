package web_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	burg "github.com/burg-news/burg"
)

// injections are SQL and markup meant to escape their place: in a query
// built from input, in HTML, in an attribute, in a link, in our markup.
// Each script calls burgxss, so that a page running any of them shows it.
var injections = []string{
	"' OR '1'='1", "'; DROP TABLE comments; --", "1; DELETE FROM posts; --",
	"' UNION SELECT nick, password_hash FROM users --", "%' OR 1=1 --", `\'; UPDATE users SET role = 'admin' --`,
	"1) OR (1=1", "'||(SELECT password_hash FROM users LIMIT 1)||'", "$1", "?", "%", "_",
	"<script>burgxss(1)</script>", `"><img src=x onerror=burgxss(2)>`, "' onmouseover='burgxss(3)", "javascript:burgxss(4)",
	"<svg/onload=burgxss(5)>", "[url=javascript:burgxss(6)]x[/url]", "[img]javascript:burgxss(7)[/img]",
	"</textarea><script>burgxss(8)</script>", `[url="onmouseover=burgxss(9)"]x[/url]`, "<iframe src=javascript:burgxss(10)>",
	"{{.}}<base href=//evil.example/>", "JaVaScRiPt:burgxss(11)", "[url= javascript:burgxss(12)]x[/url]",
}

// perField is how many injections each field gets; they rotate, so that
// every one is sent to some fields of every form.
const perField = 4

// snapshot is what the site holds, part by part, as digests: a request
// may change only the parts it writes.
func (r *robust) snapshot(t *testing.T) map[string]string {
	t.Helper()
	ctx := t.Context()
	parts := map[string]*strings.Builder{}
	add := func(part string, format string, args ...any) {
		if parts[part] == nil {
			parts[part] = &strings.Builder{}
		}
		fmt.Fprintf(parts[part], format+"\n", args...)
	}
	posts, _, err := r.store.FindPosts(ctx, burg.PostFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range posts {
		add("posts", "%d %q %q %q %d %v %v %d", p.ID, p.Title, p.Body, p.SourceURL, p.SectionID, p.PostedAt, p.CommentsCloseAt, len(p.Tags))
		for _, tg := range p.Tags {
			add("posts", "tag %d %q", p.ID, tg.Name)
		}
	}
	cs, _, err := r.store.SearchComments(ctx, burg.CommentFilter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		add("comments", "%d %s %q %q %q", c.ID, c.State, c.Nick, c.Body, c.DeleteReason)
	}
	users, err := r.store.FindUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		add("users", "%d %q %s %s %t %s", u.ID, u.Nick, u.Role, u.Colour, u.Disabled, u.PasswordHash)
	}
	bans, err := r.store.FindBans(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bans {
		add("bans", "%d %s %q %q", b.ID, b.Kind, b.Value, b.Reason)
	}
	words, err := r.store.FindBlockedWords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range words {
		add("words", "%d %q %s", w.ID, w.Word, w.Action)
	}
	for _, st := range []string{burg.SubmissionPending, burg.SubmissionApproved, burg.SubmissionRejected} {
		subs, err := r.store.FindSubmissions(ctx, st, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range subs {
			add("submissions", "%d %s %q", s.ID, s.Status, s.Title)
		}
	}
	srcs, err := r.store.FindSources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range srcs {
		add("sources", "%s %q", s.Domain, s.Name)
	}
	for _, key := range []string{burg.SettingSubmissions, burg.SettingReadOnly, burg.SettingFirstCommentHold,
		burg.SettingPublicLog, burg.SettingPurgeAfter, burg.SettingSpamHold, burg.SettingSpamRefuse} {
		v, _ := r.store.Setting(ctx, key, func() (string, error) { return "", fmt.Errorf("unset") })
		add("settings", "%s=%q", key, v)
	}
	_, n, err := r.store.FindAudit(ctx, burg.AuditFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	add("audit", "%d", n)
	out := map[string]string{}
	for _, part := range []string{"posts", "comments", "users", "bans", "words", "submissions", "sources", "settings", "audit"} {
		b := parts[part]
		if b == nil {
			b = &strings.Builder{}
		}
		sum := sha256.Sum256([]byte(b.String()))
		out[part] = hex.EncodeToString(sum[:8])
	}
	return out
}

// writes are the parts of the site each form route may change.
var writes = map[string][]string{
	"/posts/{post}/comments":          {"comments"},
	"/comments/{comment}/edit":        {"comments"},
	"/preview":                        nil,
	"/login":                          nil,
	"/submit":                         {"posts", "submissions"},
	"/submit?as=moderator":            {"posts"},
	"/posts/{post}/edit":              {"posts", "audit"},
	"/posts/{post}/tags":              {"posts", "audit"},
	"/posts/{post}/comments-closing":  {"posts", "audit"},
	"/admin/users":                    {"users", "audit"},
	"/admin/users/{user}":             {"users", "audit"},
	"/admin/settings":                 {"settings", "audit"},
	"/admin/queue/{sub}/approve":      {"posts", "submissions", "audit"},
	"/admin/queue/{sub}/reject":       {"submissions", "audit"},
	"/admin/sources":                  {"sources", "audit"},
	"/admin/sources/delete":           {"sources", "audit"},
	"/mod/comments/bulk":              {"comments", "bans", "audit"},
	"/mod/comments/{comment}/redact":  {"comments", "audit"},
	"/mod/comments/{comment}/restore": {"comments", "audit"},
	"/mod/comments/{comment}/approve": {"comments", "audit"},
	"/mod/comments/{comment}/edit":    {"comments", "audit"},
	"/mod/comments/{comment}/ban":     {"bans", "comments", "audit"},
	"/mod/words":                      {"words", "audit"},
	"/mod/bans":                       {"bans", "audit"},
	// The names database and the swaps: entries and swaps are not in the
	// snapshot, the tags posts are filed under are.
	"/mod/names":               {"posts"},
	"/mod/names/{entry}":       {"posts"},
	"/mod/names/{entry}/merge": {"posts"},
	"/mod/swaps":               nil,
	"/mod/swaps/{swap}":        nil,
}

// TestInjectionBattery sends SQL injection and markup in every form field
// and every query parameter the pages read, /mod/ ones included, as the
// visitors who may send them. Nothing answers 5xx; reading pages changes
// nothing; a form changes only what it writes; and no page afterwards
// carries markup that would run.
func TestInjectionBattery(t *testing.T) {
	r := newRobust(t, false)
	post, comment := strconv.FormatInt(r.article.ID, 10), strconv.FormatInt(r.comment, 10)

	// Query parameters, by page, as every visitor who may see the page.
	pages := map[string][]string{
		"/":                        {"d"},
		"/latest":                  {"page"},
		"/search":                  {"q", "page"},
		"/sections/europe":         {"page"},
		"/posts/" + post:           {"after"},
		"/submit":                  {"url", "title", "body", "section", "tags", "kind"},
		"/login":                   {"next"},
		"/mod/comments":            {"nick", "visitor", "ip", "since", "until", "q", "state", "post", "page", "done"},
		"/mod/queue":               {"done"},
		"/mod/log":                 {"who", "action", "since", "until", "page"},
		"/mod/comments/" + comment: {"done"},
		"/mod/bans":                {"all"},
		"/moderation":              {"action", "since", "until", "page"},
		"/admin/settings":          {"saved"},
	}
	before := r.snapshot(t)
	i := 0
	for page, keys := range pages {
		for _, key := range keys {
			for range perField {
				v := injections[i%len(injections)]
				i++
				// A visitor and a moderator between them see every page
				// (the others' pages are these with less on them).
				r.send(t, "visitor", r.anon, rq{method: "GET", path: page + "?" + key + "=" + url.QueryEscape(v)})
				r.send(t, "moderator", r.mod, rq{method: "GET", path: page + "?" + key + "=" + url.QueryEscape(v)})
			}
		}
	}
	if after := r.snapshot(t); !mapsEqual(before, after) {
		t.Errorf("reading pages changed the site: %v", changed(before, after))
	}

	// Form fields, one at a time, the others sensible.
	vals := map[string]string{"post": strconv.FormatInt(r.old.ID, 10), "comment": comment,
		"user": strconv.FormatInt(r.disabled.ID, 10), "sub": strconv.FormatInt(r.sub, 10),
		"entry": strconv.FormatInt(r.tag.ID, 10), "swap": strconv.FormatInt(r.swap, 10)}
	forms := r.forms()
	paths := make([]string, 0, len(forms))
	for p := range forms {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, path := range paths {
		c := forms[path]
		allowed, ok := writes[path]
		if !ok {
			t.Fatalf("the battery does not know what %s writes", path)
		}
		for f := 0; f < len(c.fields); f += 2 {
			before := r.snapshot(t)
			for range perField {
				v := injections[i%len(injections)]
				i++
				if path == "/posts/{post}/comments" {
					r.clock.Advance(2 * time.Minute) // within the comment limits, so that they are stored
				}
				kv := append([]string(nil), c.fields...)
				kv[f+1] = v
				if c.fresh != nil {
					kv = append(kv, c.fresh()...)
				}
				r.send(t, c.who, c.b, form(fill(path, vals), kv...))
				if strings.HasSuffix(path, "/ban") || path == "/mod/comments/bulk" || path == "/mod/bans" {
					r.liftBans(t)
				}
			}
			after := r.snapshot(t)
			for _, part := range changed(before, after) {
				if !slices.Contains(allowed, part) {
					t.Errorf("%s with injections in %s changed %s", path, c.fields[f], part)
				}
			}
		}
	}

	// Every page that shows what was stored runs nothing of it.
	resp, d := r.admin.post("/admin/settings", "submissions", "queue", "public_log", "on")
	wantStatus(t, "public log on", resp, d, http.StatusSeeOther)
	show := []string{"/", "/latest", "/archives", "/search?q=burgxss", "/moderation", "/mod/queue", "/mod/comments",
		"/mod/comments?q=burgxss", "/mod/log", "/mod/words", "/mod/bans?all=1", "/admin/queue", "/admin/users",
		"/admin/sources", "/admin/settings"}
	posts, _, _ := r.store.FindPosts(t.Context(), burg.PostFilter{Limit: 1000})
	for _, p := range posts {
		show = append(show, "/posts/"+strconv.FormatInt(p.ID, 10))
	}
	cs, _, _ := r.store.SearchComments(t.Context(), burg.CommentFilter{Limit: 40})
	for _, c := range cs {
		show = append(show, "/mod/comments/"+strconv.FormatInt(c.ID, 10))
	}
	for _, role := range r.roles()[2:] { // a moderator and an admin see all a reader sees, and more
		for _, p := range show {
			_, d := role.b.do(http.MethodGet, p, nil)
			for _, bad := range runnable(d) {
				t.Errorf("as %s, %s holds %s", role.who, p, bad)
			}
		}
	}
	t.Logf("%d injections sent", i)
}

// runnable lists what in a page would run in a browser: scripts of
// anyone's but ours, event handler attributes, script links, frames and
// other embeddings.
func runnable(d *goquery.Document) []string {
	var out []string
	d.Find("script").Each(func(_ int, s *goquery.Selection) {
		src, hasSrc := s.Attr("src")
		switch {
		case hasSrc && (!strings.HasPrefix(src, "/static/") || strings.Contains(src, "burgxss")):
			out = append(out, "a script from "+src)
		case !hasSrc && s.AttrOr("type", "") != "application/ld+json":
			out = append(out, "an inline script: "+clip(s.Text(), 80))
		}
	})
	d.Find("iframe, object, embed, base, frame, applet, meta[http-equiv]").Each(func(_ int, s *goquery.Selection) {
		out = append(out, "a "+goquery.NodeName(s))
	})
	d.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, a := range s.Nodes[0].Attr {
			name, v := strings.ToLower(a.Key), strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
			switch {
			case strings.HasPrefix(name, "on"):
				out = append(out, "an "+name+" attribute on "+goquery.NodeName(s))
			case (name == "href" || name == "src" || name == "action" || name == "formaction" || name == "srcset" ||
				name == "poster" || name == "data" || name == "xlink:href") &&
				(strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:text")):
				out = append(out, name+"="+clip(a.Val, 60)+" on "+goquery.NodeName(s))
			case name == "style" && (strings.Contains(v, "expression(") || strings.Contains(v, "javascript:")):
				out = append(out, "a style that runs: "+clip(a.Val, 60))
			}
		}
	})
	return out
}

// TestRunnable: the check of the battery finds what would run.
func TestRunnable(t *testing.T) {
	for _, page := range []string{
		`<p><img src=x onerror="burgxss()"></p>`, `<a href=" JavaScript:burgxss()">x</a>`, `<script>burgxss()</script>`,
		`<iframe src="/x"></iframe>`, `<form action="javascript:burgxss()"></form>`, `<script src="//evil.example/x.js"></script>`,
		`<div style="background: url(javascript:burgxss())">x</div>`,
	} {
		d, err := goquery.NewDocumentFromReader(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		if len(runnable(d)) == 0 {
			t.Errorf("nothing found to run in %s", page)
		}
	}
	d, _ := goquery.NewDocumentFromReader(strings.NewReader(`<script type="application/ld+json">{"a": "burgxss"}</script>` +
		`<script type="module" src="/static/burg.123.js"></script><a href="/posts/1">x</a><p>&lt;script&gt;burgxss()&lt;/script&gt;</p>`))
	if got := runnable(d); len(got) != 0 {
		t.Errorf("found %v in a clean page", got)
	}
}

func mapsEqual(a, b map[string]string) bool { return len(changed(a, b)) == 0 }

// changed lists the parts whose digests differ.
func changed(a, b map[string]string) []string {
	var out []string
	for k, v := range a {
		if b[k] != v {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
