package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/extract"
	"github.com/burg-news/burg/internal/translate"
	"github.com/burg-news/burg/internal/upload"
	"github.com/burg-news/burg/internal/web"
)

// routeList is every route of routes.go as a method and a path with
// placeholders: {post}, {comment}, {user}, {sub}, {entry}, {swap}, {word}, {ban} are ids, {slug}, {nick},
// {name} free segments, {date} a day and {month} a month.
var routeList = []struct{ method, path string }{
	{"GET", "/"},
	{"GET", "/day/{date}"},
	{"GET", "/pages/{slug}"},
	{"GET", "/posts/{post}"},
	{"GET", "/posts/{post}/{slug}"},
	{"POST", "/posts/{post}/comments"},
	{"GET", "/posts/{post}/live"},
	{"GET", "/comments/{comment}/edit"},
	{"POST", "/comments/{comment}/edit"},
	{"POST", "/comments/{comment}/delete"},
	{"POST", "/preview"},
	{"GET", "/nick"},
	{"POST", "/uploads"},
	{"GET", "/uploads/{name}"},
	{"GET", "/sections/{slug}"},
	{"GET", "/tags/{slug}"},
	{"GET", "/posters/{nick}"},
	{"GET", "/latest"},
	{"GET", "/archives"},
	{"GET", "/archives/{month}"},
	{"GET", "/search"},
	{"GET", "/feed.xml"},
	{"GET", "/atom.xml"},
	{"GET", "/feed.json"},
	{"GET", "/sections/{slug}/feed.xml"},
	{"GET", "/sections/{slug}/atom.xml"},
	{"GET", "/sections/{slug}/feed.json"},
	{"GET", "/tags/{slug}/feed.xml"},
	{"GET", "/tags/{slug}/atom.xml"},
	{"GET", "/tags/{slug}/feed.json"},
	{"GET", "/posters/{nick}/feed.xml"},
	{"GET", "/posters/{nick}/atom.xml"},
	{"GET", "/posters/{nick}/feed.json"},
	{"GET", "/posts/{post}/comments.xml"},
	{"GET", "/posts/{post}/comments.atom"},
	{"GET", "/sitemap.xml"},
	{"GET", "/sitemaps/{name}"},
	{"GET", "/robots.txt"},
	{"GET", "/posts/{post}/email"},
	{"GET", "/login"},
	{"POST", "/login"},
	{"POST", "/logout"},
	{"GET", "/submit"},
	{"POST", "/submit"},
	{"GET", "/submit/done"},
	{"GET", "/bookmarklet"},
	{"GET", "/posts/{post}/edit"},
	{"POST", "/posts/{post}/edit"},
	{"POST", "/posts/{post}/tags"},
	{"POST", "/posts/{post}/comments-closing"},
	{"POST", "/posts/{post}/delete"},
	{"POST", "/posts/{post}/restore"},
	{"GET", "/posts/{post}/revisions"},
	{"GET", "/admin/users"},
	{"POST", "/admin/users"},
	{"POST", "/admin/users/{user}"},
	{"POST", "/admin/users/{user}/disable"},
	{"POST", "/admin/users/{user}/enable"},
	{"POST", "/admin/users/{user}/password"},
	{"GET", "/admin/settings"},
	{"POST", "/admin/settings"},
	{"GET", "/admin/queue"},
	{"POST", "/admin/queue/{sub}/approve"},
	{"POST", "/admin/queue/{sub}/reject"},
	{"GET", "/mod/names"},
	{"POST", "/mod/names"},
	{"GET", "/mod/names/{entry}"},
	{"POST", "/mod/names/{entry}"},
	{"POST", "/mod/names/{entry}/merge"},
	{"POST", "/mod/names/{entry}/retire"},
	{"POST", "/mod/names/{entry}/restore"},
	{"GET", "/mod/swaps"},
	{"POST", "/mod/swaps"},
	{"GET", "/mod/swaps/{swap}"},
	{"POST", "/mod/swaps/{swap}"},
	{"POST", "/mod/swaps/{swap}/delete"},
	{"GET", "/admin/sources"},
	{"POST", "/admin/sources"},
	{"POST", "/admin/sources/delete"},
	{"GET", "/mod/queue"},
	{"GET", "/mod/comments"},
	{"POST", "/mod/comments/bulk"},
	{"GET", "/mod/comments/{comment}"},
	{"POST", "/mod/comments/{comment}/redact"},
	{"POST", "/mod/comments/{comment}/restore"},
	{"POST", "/mod/comments/{comment}/approve"},
	{"POST", "/mod/comments/{comment}/edit"},
	{"POST", "/mod/comments/{comment}/ban"},
	{"GET", "/mod/log"},
	{"GET", "/mod/words"},
	{"POST", "/mod/words"},
	{"POST", "/mod/words/{word}/delete"},
	{"GET", "/mod/bans"},
	{"POST", "/mod/bans"},
	{"POST", "/mod/bans/{ban}/delete"},
	{"GET", "/moderation"},
	{"GET", "/colours.css"},
	{"GET", "/healthz"},
	{"GET", "/favicon.ico"},
	{"GET", "/static/{name}"},
	{"GET", "/{slug}"}, // the catch-all
}

// badIDs are path ids no handler should choke on, written as they go on
// the wire.
var badIDs = []string{"0", "-1", "99999999999999999999", "9223372036854775807", "9223372036854775808",
	"abc", "1e3", "0x10", "+1", "01", "1.0", "%201", "%E2%80%AE1", "%C3%BC", "%00", "1%00", "%2F", "1%2F2",
	"%FF", "%2e%2e", strings.Repeat("9", 8<<10)}

// badSegments are free path segments: slugs, nicks, file names.
var badSegments = []string{"", "x", "..", "%2e%2e", "%00", "a%00b", "%2F", "a%2Fb", "%FF%FE", "%E2%80%AEevil",
	"%F0%9F%99%82", "Thimble%20Wick", "GORSE", "index.html", "con", "-", "%25", "%3Cscript%3E",
	strings.Repeat("a", 8<<10)}

var badDates = []string{"2026-03-14", "2026-02-30", "2026-13-01", "2026-00-10", "0000-01-01", "1969-12-31",
	"9999-12-31", "10000-01-01", "-2026-01-01", "2026-3-4", "today", "2026-03-14T00:00", "%00", "1e3",
	strings.Repeat("2", 8<<10)}

var badMonths = []string{"2026-03", "2026-13", "2026-00", "0000-01", "1969-12", "9999-12", "10000-01", "2026-1",
	"abc", "2026-03-01", "-1", "2026-%00", "%FF", strings.Repeat("1", 8<<10)}

// nasty are form and query values.
var nasty = []string{"", " ", "x", "0", "-1", "1e3", "0x10", "99999999999999999999", "NaN",
	"\x00", "a\x00b", "\xff\xfe\xfd", "caf\xc3", "\x1b[31mred\x1b[0m\a\b\f\v", "\r\n\r\n", "\t",
	"\u202egnp.exe", "Gorse\u202e", "G\u200borse", "gorse ", "Warden", "Guest", "🙂", strings.Repeat("Ω", 300),
	"javascript:alert(1)", "http://[::1", "http://127.0.0.1:0/", "file:///etc/passwd", "//evil.example/",
	"https://", "http://user:pw@127.0.0.1:0/x", "data:text/html,<b>x</b>", "/\\evil.example",
	"red", "#zzzzzz", "#fff", "#AA3300", "#aa33001", "transparent",
	"<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'; DROP TABLE posts; --",
	"[b]unclosed", "[url=javascript:alert(1)]x[/url]", "[img]javascript:alert(1)[/img]", "[remark=Gorse]x",
	strings.Repeat("[quote]", 5000), strings.Repeat("[b][i]", 3000) + "x",
	"2026-03-14T15:04", "2026-02-30T25:61", "99999-01-01T00:00", "0001-01-01 00:00", "2026-03-14",
	"7d", "0d", "-5h", "99999999d", "1000000h", "3651d",
	"open", "queue", "closed", "admin", "moderator", "poster", "root",
	"close", "reopen", "preview", "original", "pic", "fetch", "translate", "publish", "article", "link",
	"LibreTranslate", "Babelfish", "es", "pt-br", "xx-toolongsubtag", "EN",
	strings.Repeat("a,", 1000), ",,,, ,", strings.Repeat("x", 200), strings.Repeat("z", 8<<10),
	strings.Repeat("long text ", 10<<10), // 100 KB
}

// fieldNames are every form field the handlers read, and some they do not.
var fieldNames = []string{"name", "email", "website", "body", "action", "ts", "fax", "nick", "password", "next",
	"everywhere", "url", "title", "section", "tags", "source_tag", "source_lang", "note", "original", "posted_at",
	"kind", "engine", "site_name", "image", "remark", "updated", "for", "role", "colour", "submissions",
	"domain", "reason", "q", "after", "photo", "page", "d", "saved", "", "x\x00y",
	"slug", "epithet", "description", "aliases", "file_under", "remove_image", "into", "term", "variants", "no_decoration",
	"id", "all", "ban", "state", "ip", "visitor", "since", "until", "who", "word", "value", "redact", "done", "post",
	"read_only", "first_comment_hold", "public_log", "purge_after", "spam_hold", "spam_refuse"}

// robust is a site with every optional part switched on, and a browser
// for each kind of visitor.
type robust struct {
	*deskFixture
	anon, poster, mod, admin *browser
	// source serves pages to fetch on 127.0.0.1; the fetcher reaches
	// nothing else.
	source *httptest.Server
	// comment is the anonymous browser's own comment; other is the
	// moderator's.
	comment, other int64
	sub            int64 // a pending submission
	swap           int64 // a word swap

	mu       sync.Mutex
	failures map[string]int
	requests int
}

// newRobust builds the site; fetch switches on the fetcher, which may
// reach 127.0.0.1 only: the generated requests run without it, as a nasty
// address could name a host elsewhere.
func newRobust(t *testing.T, fetch bool) *robust {
	t.Helper()
	lt := fakeLibreTranslate(t, "sesame")
	files := upload.DirStorage{Dir: t.TempDir()}
	f := newDeskFixture(t, func(d *web.Deps) {
		d.Uploads = upload.New(upload.Config{}, files)
		d.Files = files
		if fetch {
			d.Fetcher = extract.New(extract.Config{AllowPrivate: true, Timeout: 2 * time.Second, MaxRedirects: 2})
		}
		d.Translators = []translate.Engine{translate.NewLibreTranslate(translate.LibreTranslateConfig{
			URL: lt.URL, APIKey: "sesame", Timeout: 2 * time.Second})}
	})
	r := &robust{deskFixture: f, failures: map[string]int{}}
	r.source = hostileSource(t)
	r.anon, r.poster, r.mod, r.admin = f.browser(t), f.browser(t), f.browser(t), f.browser(t)
	r.poster.login("Thimble Wick", "")
	r.mod.login("Gorse", "")
	r.admin.login("Warden", "")

	resp, _ := r.anon.comment(f.article.ID, "Quiet Reader", "A comment of my own.")
	r.comment = commentIDOf(t, resp)
	f.clock.Advance(2 * time.Minute)
	resp, _ = r.mod.comment(f.article.ID, "Gorse", "A moderator's comment.")
	r.other = commentIDOf(t, resp)
	sub := &burg.Submission{SourceURL: "https://lantern-post.example/queued", Title: "A queued link",
		Body: "Waiting.", SectionID: f.section.ID, Tags: "Vellmar", Nick: "Passer By", VisitorID: "v", IP: "192.0.2.1"}
	if err := f.store.CreateSubmission(t.Context(), sub); err != nil {
		t.Fatal(err)
	}
	r.sub = sub.ID
	sw := &burg.Swap{Term: "harbour board", Variants: []string{"port bosses"}}
	if err := f.store.CreateSwap(t.Context(), sw); err != nil {
		t.Fatal(err)
	}
	r.swap = sw.ID
	return r
}

func commentIDOf(t *testing.T, resp *http.Response) int64 {
	t.Helper()
	loc := resp.Header.Get("Location")
	_, frag, ok := strings.Cut(loc, "#c")
	id, err := strconv.ParseInt(frag, 10, 64)
	if resp.StatusCode != http.StatusSeeOther || !ok || err != nil {
		t.Fatalf("comment: status %d to %q", resp.StatusCode, loc)
	}
	return id
}

// hostileSource is a news site on 127.0.0.1 whose pages are broken in
// every way a fetcher meets.
func hostileSource(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html lang=\"\u202e\xff\"><head><title>%s</title><meta property=\"og:image\" content=\"javascript:alert(1)\">"+
			"<meta property=\"og:site_name\" content=\"\x00\"></head><body><article><p>%s</p><p>\xff\xfe \x00 \x1b</p></article></body></html>",
			strings.Repeat("T\x00", 5000), strings.Repeat("word ", 40000))
	})
	mux.HandleFunc("/binary", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(bytes.Repeat([]byte{0, 0xff, 0x1f, 0x8b}, 4096))
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/elsewhere", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("/empty", func(w http.ResponseWriter, r *http.Request) {})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// rq is one request as it goes on the wire.
type rq struct {
	method, path string
	ctype        string
	body         []byte
	header       []string // name, value pairs
	// keepForm, keepField and keepValue: a 422 shows the form again
	// with this field as typed.
	keepForm, keepField, keepValue string
}

func (q rq) String() string {
	b := string(q.body)
	return fmt.Sprintf("%s %s [%s] %q", q.method, clip(q.path, 120), q.ctype, clip(b, 160))
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + fmt.Sprintf("…(%d bytes)", len(s))
}

// formBody encodes field, value pairs, which may repeat, as a browser
// would, but keeps bytes that are not UTF-8 as they are.
func formBody(kv ...string) []byte {
	var b strings.Builder
	for i := 0; i+1 < len(kv); i += 2 {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(kv[i]) + "=" + url.QueryEscape(kv[i+1]))
	}
	return []byte(b.String())
}

func form(path string, kv ...string) rq {
	return rq{method: "POST", path: path, ctype: "application/x-www-form-urlencoded", body: formBody(kv...)}
}

const formType = "application/x-www-form-urlencoded"

// send makes the request as browser b and checks the house rules: no 5xx,
// and an error answers with a page that says what went wrong.
func (r *robust) send(t *testing.T, who string, b *browser, q rq) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	var body io.Reader
	if q.body != nil {
		body = bytes.NewReader(q.body)
	}
	req, err := http.NewRequestWithContext(ctx, q.method, r.srv.URL+q.path, body)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
	req.Header.Set("Accept-Encoding", "identity")
	if q.ctype != "" {
		req.Header.Set("Content-Type", q.ctype)
	}
	for i := 0; i+1 < len(q.header); i += 2 {
		req.Header.Set(q.header[i], q.header[i+1])
	}
	r.mu.Lock()
	r.requests++
	r.mu.Unlock()
	resp, err := b.client.Do(req)
	if err != nil {
		r.fail(t, who, q, "no answer: "+err.Error())
		return 0
	}
	defer resp.Body.Close()
	ct := resp.Header.Get("Content-Type")
	var data []byte
	if strings.HasPrefix(ct, "text/event-stream") {
		// A live stream: its first bytes, then hang up.
		buf := make([]byte, 64)
		n, _ := io.ReadAtLeast(resp.Body, buf, 1)
		data = buf[:n]
		cancel()
	} else if data, err = io.ReadAll(resp.Body); err != nil {
		r.fail(t, who, q, fmt.Sprintf("status %d, body cut: %v", resp.StatusCode, err))
		return resp.StatusCode
	}
	status := resp.StatusCode
	switch {
	case status >= 500:
		r.fail(t, who, q, fmt.Sprintf("status %d: %s", status, clip(string(data), 200)))
	case status < 400 || q.method == http.MethodHead:
	case strings.HasPrefix(ct, "text/html"):
		d, err := goquery.NewDocumentFromReader(bytes.NewReader(data))
		if err != nil || strings.TrimSpace(d.Find(".burg-error, .burg-form-error, .burg-closed").First().Text()) == "" {
			r.fail(t, who, q, fmt.Sprintf("status %d without a .burg-error, .burg-form-error or .burg-closed message", status))
		} else if status == http.StatusUnprocessableEntity && q.keepField != "" {
			if got := value(d, q.keepForm, q.keepField); got != strings.TrimSpace(q.keepValue) {
				r.fail(t, who, q, fmt.Sprintf("status 422: %s came back as %q, want %q", q.keepField, got, q.keepValue))
			}
		}
	case strings.HasPrefix(ct, "application/json"):
		var v struct{ Error string }
		if json.Unmarshal(data, &v) != nil || v.Error == "" {
			r.fail(t, who, q, fmt.Sprintf("status %d: JSON without an error: %s", status, clip(string(data), 200)))
		}
	default:
		r.fail(t, who, q, fmt.Sprintf("status %d as %q: %s", status, ct, clip(string(data), 200)))
	}
	return status
}

// fail reports a broken rule once per kind of request, so that a bug hit
// a thousand times reads as one line.
func (r *robust) fail(t *testing.T, who string, q rq, msg string) {
	t.Helper()
	key := q.method + " " + clip(q.path, 40) + " " + msg[:min(len(msg), 20)]
	r.mu.Lock()
	r.failures[key]++
	n := r.failures[key]
	r.mu.Unlock()
	if n == 1 {
		t.Errorf("as %s: %s\n\t%s", who, q, msg)
	}
}

// expect sends q and fails unless the answer has the status.
func (r *robust) expect(t *testing.T, who string, b *browser, q rq, want int) {
	t.Helper()
	if got := r.send(t, who, b, q); got != want {
		t.Errorf("as %s: %s: status %d, want %d", who, q, got, want)
	}
}

func (r *robust) roles() []struct {
	who string
	b   *browser
} {
	return []struct {
		who string
		b   *browser
	}{{"visitor", r.anon}, {"poster", r.poster}, {"moderator", r.mod}, {"admin", r.admin}}
}

// fill puts values in a route's placeholders.
func fill(path string, vals map[string]string) string {
	for k, v := range vals {
		path = strings.ReplaceAll(path, "{"+k+"}", v)
	}
	return path
}

// stillWorks checks that the front page and an article are served.
func (r *robust) stillWorks(t *testing.T) {
	t.Helper()
	for _, p := range []string{"/", r.articlePath()} {
		if resp, body := r.get(t, p); resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s afterwards: %d\n%s", p, resp.StatusCode, clip(body, 300))
		}
	}
}

// TestHostilePaths sends every route bad ids, slugs, days and months as
// every kind of visitor.
func TestHostilePaths(t *testing.T) {
	r := newRobust(t, false)
	for _, role := range r.roles() {
		for _, rt := range routeList {
			var vals []map[string]string
			switch {
			case strings.Contains(rt.path, "{post}") || strings.Contains(rt.path, "{comment}") ||
				strings.Contains(rt.path, "{user}") || strings.Contains(rt.path, "{sub}") ||
				strings.Contains(rt.path, "{entry}") || strings.Contains(rt.path, "{swap}") ||
				strings.Contains(rt.path, "{word}") || strings.Contains(rt.path, "{ban}"):
				for _, id := range badIDs {
					vals = append(vals, map[string]string{"post": id, "comment": id, "user": id, "sub": id, "slug": "x",
						"entry": id, "swap": id, "word": id, "ban": id})
				}
				if strings.Contains(rt.path, "{slug}") {
					for _, s := range badSegments {
						vals = append(vals, map[string]string{"post": strconv.FormatInt(r.article.ID, 10), "slug": s})
					}
				}
			case strings.Contains(rt.path, "{date}"):
				for _, d := range badDates {
					vals = append(vals, map[string]string{"date": d})
				}
			case strings.Contains(rt.path, "{month}"):
				for _, m := range badMonths {
					vals = append(vals, map[string]string{"month": m})
				}
			case strings.Contains(rt.path, "{"):
				for _, s := range badSegments {
					vals = append(vals, map[string]string{"slug": s, "nick": s, "name": s})
				}
			default:
				vals = []map[string]string{{}}
			}
			for _, v := range vals {
				q := rq{method: rt.method, path: fill(rt.path, v)}
				if rt.method == "POST" {
					if rt.path == "/logout" {
						continue // tested on its own
					}
					q.ctype, q.body = formType, formBody("x", "1")
				}
				if strings.HasSuffix(rt.path, "/live") {
					q.path += "?after=0"
				}
				r.send(t, role.who, role.b, q)
			}
		}
	}
	r.stillWorks(t)
}

// TestHostileMethods sends every path every method a route does not
// take: the answer is 405 or 404, never a 5xx.
func TestHostileMethods(t *testing.T) {
	r := newRobust(t, false)
	vals := map[string]string{"post": strconv.FormatInt(r.article.ID, 10), "comment": strconv.FormatInt(r.comment, 10),
		"user": strconv.FormatInt(r.disabled.ID, 10), "sub": strconv.FormatInt(r.sub, 10), "word": "1", "ban": "1",
		"entry": strconv.FormatInt(r.tag.ID, 10), "swap": strconv.FormatInt(r.swap, 10),
		"slug": "europe", "nick": "Gorse", "name": "x.png", "date": "2026-03-14", "month": "2026-03"}
	// served are the methods each path takes: a path may match more than
	// one route, and GET /posts/{id}/x is an article under another slug.
	served := map[string]map[string]bool{}
	for _, rt := range routeList {
		path := fill(rt.path, vals)
		if served[path] == nil {
			served[path] = map[string]bool{}
		}
		served[path][rt.method] = true
		if rt.method == "GET" {
			served[path]["HEAD"] = true
		}
		if strings.Count(rt.path, "/") == 3 && strings.HasPrefix(rt.path, "/posts/{post}/") {
			served[path]["GET"], served[path]["HEAD"] = true, true
		}
	}
	// GET /mod/comments/bulk is the page of comment "bulk", which there is
	// none of: 404 for moderators, 403 for anyone else at /mod/.
	served["/mod/comments/bulk"]["GET"], served["/mod/comments/bulk"]["HEAD"] = true, true
	for _, role := range r.roles() {
		for path, methods := range served {
			for _, m := range []string{"HEAD", "OPTIONS", "PUT", "DELETE", "PATCH", "TRACE", "GET", "POST"} {
				q := rq{method: m, path: path, ctype: formType, body: formBody("a", "1")}
				if methods[m] {
					if m == "HEAD" {
						r.send(t, role.who, role.b, rq{method: m, path: path})
					}
					continue
				}
				if status := r.send(t, role.who, role.b, q); status != http.StatusMethodNotAllowed && status != http.StatusNotFound {
					t.Errorf("as %s: %s %s: status %d, want 405 or 404", role.who, m, path, status)
				}
			}
		}
	}
	r.stillWorks(t)
}

// TestHostileQueries sends listings and streams bad query values.
func TestHostileQueries(t *testing.T) {
	r := newRobust(t, false)
	post := strconv.FormatInt(r.article.ID, 10)
	pages := []string{"/", "/pages/operations", "/sections/europe", "/tags/vellmar", "/posters/Gorse", "/latest",
		"/archives", "/archives/2026-03", "/search", "/search?q=harbour", "/login", "/submit", "/admin/settings",
		"/admin/queue", "/admin/users", "/admin/sources", "/day/2026-03-14", "/posts/" + post,
		"/mod/queue", "/mod/comments", "/mod/comments/" + strconv.FormatInt(r.comment, 10), "/mod/log", "/mod/words", "/mod/bans",
		"/moderation"}
	keys := []string{"page", "d", "q", "next", "kind", "saved", "after", "url", "title", "body", "section", "tags",
		"nick", "visitor", "ip", "since", "until", "state", "who", "action", "all", "done", "post"}
	values := []string{"0", "-1", "1e3", "0x10", "99999999999999999999", "100001", "2", "1.5", "abc", "%00", "%FF",
		"2026-02-30", "9999-12-31", "10000-01-01", "//evil.example", "javascript:alert(1)", "%E2%80%AE",
		strings.Repeat("q", 8<<10), "%22%3E%3Cscript%3E", "a&page=1&page=2", "article"}
	for ri, role := range r.roles() {
		for pi, p := range pages {
			for ki, k := range keys {
				for vi, v := range values {
					if (ri+pi+ki+vi)%6 != 0 {
						continue // a sixth of the mix, a different one for each visitor
					}
					sep := "?"
					if strings.Contains(p, "?") {
						sep = "&"
					}
					r.send(t, role.who, role.b, rq{method: "GET", path: p + sep + k + "=" + v})
				}
			}
		}
	}
	// Live streams with a bad resume point answer 400; a good one streams.
	live := "/posts/" + post + "/live"
	for _, c := range []struct {
		after string
		want  int
	}{
		{"-1", 400}, {"abc", 400}, {"1e3", 400}, {"99999999999999999999", 400}, {"%00", 400},
		{"9223372036854775807", 200}, {"0", 200}, {"", 200},
	} {
		r.expect(t, "visitor", r.anon, rq{method: "GET", path: live + "?after=" + c.after}, c.want)
		r.expect(t, "visitor", r.anon, rq{method: "GET", path: live, header: []string{"Last-Event-ID", c.after}}, c.want)
	}
	r.stillWorks(t)
}

// TestHostileForms sends every form route malformed bodies of every kind.
func TestHostileForms(t *testing.T) {
	r := newRobust(t, false)
	vals := map[string]string{"post": strconv.FormatInt(r.old.ID, 10), "comment": strconv.FormatInt(r.comment, 10),
		"user": strconv.FormatInt(r.disabled.ID, 10), "sub": strconv.FormatInt(r.sub, 10), "word": "1", "ban": "1",
		"entry": strconv.FormatInt(r.tag.ID, 10), "swap": strconv.FormatInt(r.swap, 10)}
	bodies := []struct {
		name  string
		ctype string
		body  []byte
	}{
		{"Empty", formType, nil},
		{"NoContentType", "", []byte("body=x&name=y")},
		{"JSON", "application/json", []byte(`{"body": "x", "name": "y", "tags": ["a"]}`)},
		{"JSONAsForm", formType, []byte(`{"body": "x"}`)},
		{"MultipartNoBoundary", "multipart/form-data", []byte("--x\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nx\r\n--x--\r\n")},
		{"MultipartTruncated", "multipart/form-data; boundary=x", []byte("--x\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nhalf a comm")},
		{"MultipartHugePart", "multipart/form-data; boundary=x", append([]byte("--x\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\n"),
			bytes.Repeat([]byte("a"), 2<<20)...)},
		{"BadEscapes", formType, []byte("body=%zz&name=%&tags=%E2%80")},
		{"InvalidUTF8", formType, []byte("body=\xff\xfe&name=\xc3&title=\xed\xa0\x80&tags=\xf8\x88\x80\x80\x80")},
		{"NULs", formType, formBody("body", "a\x00b", "name", "\x00", "title", "\x00", "nick", "\x00", "url", "http://\x00/")},
		{"Controls", formType, formBody("body", "\x1b[2J\a", "name", "\x08\x7f", "title", "\r", "tags", "\x01,\x02")},
		{"Duplicated", formType, []byte("body=1&body=2&name=a&name=b&action=close&action=reopen&section=1&section=x&tags=a&tags=b")},
		{"FieldsMissing", formType, []byte("unrelated=1")},
		{"FieldsEmpty", formType, formBody("body", "", "name", "", "title", "", "url", "", "section", "", "tags", "",
			"nick", "", "password", "", "role", "", "colour", "", "domain", "", "submissions", "", "action", "")},
		{"Huge", formType, formBody("body", strings.Repeat("x", 100<<10), "name", strings.Repeat("n", 100<<10),
			"title", strings.Repeat("t", 100<<10))},
		{"Enormous", formType, formBody("body", strings.Repeat("x", 1<<20))},
		{"Charset", formType + "; charset=utf-16", []byte("b\x00o\x00d\x00y\x00=\x00x\x00")},
		{"BadContentType", "application/x-www-form-urlencoded; ===", []byte("body=x")},
		{"Text", "text/plain", []byte("body=x")},
	}
	for _, role := range r.roles() {
		for _, rt := range routeList {
			if rt.method != "POST" || rt.path == "/logout" {
				continue
			}
			for _, b := range bodies {
				if len(b.body) > 200<<10 && role.who != "visitor" && role.who != "admin" {
					continue // the big bodies cost more than they find twice over
				}
				r.send(t, role.who, role.b, rq{method: "POST", path: fill(rt.path, vals), ctype: b.ctype, body: b.body})
			}
		}
	}
	r.stillWorks(t)
	// Nothing stored was lost.
	if _, err := r.store.FindComment(t.Context(), r.other); err != nil {
		t.Errorf("the moderator's comment: %v", err)
	}
}

// fieldCase is a form route's fields with sensible values, the visitor
// who sends it, and the form and field whose typed value must come back
// with a 422.
type fieldCase struct {
	who                 string
	b                   *browser
	fields              []string
	keepForm, keepField string
	// fresh, when set, gives fields made anew for each request, such as
	// the comment form's token.
	fresh func() []string
	// sparse routes are sent a sixth of the nasty values, not a third.
	sparse bool
}

// forms are the form routes and how each is filled in.
func (r *robust) forms() map[string]fieldCase {
	sec := strconv.FormatInt(r.section.ID, 10)
	comment := func() []string { return []string{"ts", r.anon.formToken(r.old.ID)} }
	return map[string]fieldCase{
		"/posts/{post}/comments": {who: "visitor", b: r.anon, fields: []string{"name", "Hostile Reader", "body", "Hello", "email", "", "website", ""},
			keepForm: "#comment-form", keepField: "name", fresh: comment},
		"/comments/{comment}/edit": {who: "visitor", b: r.anon, fields: []string{"body", "Changed"}},
		"/preview":                 {who: "visitor", b: r.anon, fields: []string{"body", "[b]x[/b]"}},
		"/login":                   {who: "visitor", b: r.anon, fields: []string{"nick", "Nobody", "password", "guess", "next", "/"}, keepForm: "#login-form", keepField: "nick"},
		"/submit": {who: "poster", b: r.poster, fields: []string{"url", r.source.URL + "/page", "title", "A title", "body", "Text.", "section", sec,
			"tags", "Vellmar", "source_tag", "LP", "source_lang", "es", "note", "", "posted_at", "2026-03-14T10:00"},
			keepForm: "#submit-form", keepField: "title"},
		"/submit?as=moderator": {who: "moderator", b: r.mod, fields: []string{"url", "https://lantern-post.example/m", "title", "A title",
			"body", "Text.", "section", sec, "tags", "Vellmar", "posted_at", "2026-03-14T10:00"}, keepForm: "#submit-form", keepField: "title"},
		"/posts/{post}/edit": {who: "moderator", b: r.mod, fields: []string{"url", "https://lantern-post.example/b", "title", "Edited", "body", "Text.",
			"section", sec, "tags", "Vellmar", "posted_at", "2026-03-14T10:00", "remark", "", "updated", ""}},
		"/posts/{post}/tags":             {who: "moderator", b: r.mod, fields: []string{"tags", "Vellmar, Ferries"}},
		"/posts/{post}/comments-closing": {who: "moderator", b: r.mod, fields: []string{"action", "reopen", "for", "7d"}},
		"/admin/users":                   {who: "admin", b: r.admin, fields: []string{"nick", "Newcomer", "role", "poster", "colour", ""}},
		"/admin/users/{user}":            {who: "admin", b: r.admin, fields: []string{"role", "poster", "colour", "#123456"}},
		"/admin/settings": {who: "admin", b: r.admin, fields: []string{"submissions", "queue", "purge_after", "30", "spam_hold", "3",
			"spam_refuse", "6", "public_log", ""}, keepForm: "#settings-form", keepField: "purge_after", sparse: true},
		"/admin/queue/{sub}/approve": {who: "moderator", b: r.mod, fields: []string{"section", sec, "tags", "Vellmar", "title", "Approved"}},
		"/admin/queue/{sub}/reject":  {who: "moderator", b: r.mod, fields: []string{"reason", "No."}},
		"/admin/sources":             {who: "moderator", b: r.mod, fields: []string{"domain", "lantern-post.example", "name", "LP"}},
		"/admin/sources/delete":      {who: "moderator", b: r.mod, fields: []string{"domain", "lantern-post.example"}},
		"/mod/comments/bulk": {who: "moderator", b: r.mod, fields: []string{"action", "approve", "q", "no such text", "nick", "",
			"ip", "", "since", "", "until", "", "state", "held", "id", "", "reason", "Spam.", "for", "72h", "next", "/mod/comments"}, sparse: true},
		"/mod/comments/{comment}/redact":  {who: "moderator", b: r.mod, fields: []string{"reason", "Spam.", "next", "/mod/comments"}, sparse: true},
		"/mod/comments/{comment}/restore": {who: "moderator", b: r.mod, fields: []string{"next", "/mod/comments"}, sparse: true},
		"/mod/comments/{comment}/approve": {who: "moderator", b: r.mod, fields: []string{"next", "/mod/comments"}, sparse: true},
		"/mod/comments/{comment}/edit": {who: "moderator", b: r.mod, fields: []string{"body", "Tidied by a moderator.", "reason", "Typo.",
			"next", "/mod/comments"}, sparse: true},
		"/mod/comments/{comment}/ban": {who: "moderator", b: r.mod, fields: []string{"ban", "visitor", "for", "24h", "reason", "Test.",
			"next", "/mod/bans"}, sparse: true},
		"/mod/words": {who: "moderator", b: r.mod, fields: []string{"word", "lantern sale", "action", "hold"},
			keepForm: "#word-form", keepField: "word", sparse: true},
		"/mod/bans": {who: "moderator", b: r.mod, fields: []string{"kind", "ip", "value", "192.0.2.77", "for", "72h", "reason", "Test."},
			keepForm: "#ban-form", keepField: "value", sparse: true},
		"/mod/names": {who: "moderator", b: r.mod, fields: []string{"name", "Tavrin", "slug", "", "kind", "place", "epithet", "the draughty",
			"description", "A town.", "aliases", "Tawrin", "file_under", "on"}, keepForm: "#entry-form", keepField: "name"},
		"/mod/names/{entry}": {who: "moderator", b: r.mod, fields: []string{"name", "Vellmar", "slug", "vellmar", "kind", "place",
			"epithet", "the quarrelsome", "description", "A port.", "aliases", "Vellmarer", "file_under", "on", "remove_image", ""},
			keepForm: "#entry-form", keepField: "name"},
		"/mod/names/{entry}/merge": {who: "moderator", b: r.mod, fields: []string{"into", "Nowhere at all"}},
		"/mod/swaps":               {who: "moderator", b: r.mod, fields: []string{"term", "officials said", "variants", "we hear"}, keepForm: "#swap-form", keepField: "term"},
		"/mod/swaps/{swap}":        {who: "moderator", b: r.mod, fields: []string{"term", "harbour board", "variants", "quay bosses"}, keepForm: "#swap-form", keepField: "term"},
	}
}

// liftBans lifts every ban, so that a ban a test made of its own
// address does not keep its later comments out.
func (r *robust) liftBans(t *testing.T) {
	t.Helper()
	bans, err := r.store.FindBans(t.Context(), true)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bans {
		if err := r.store.DeleteBan(t.Context(), b.ID); err != nil {
			t.Fatal(err)
		}
	}
}

// TestHostileFields sends each form route's own fields with nasty values,
// one field at a time, the others sensible.
func TestHostileFields(t *testing.T) {
	r := newRobust(t, true)
	old := strconv.FormatInt(r.old.ID, 10)
	good := r.forms()
	vals := map[string]string{"post": old, "comment": strconv.FormatInt(r.comment, 10),
		"user": strconv.FormatInt(r.disabled.ID, 10), "sub": strconv.FormatInt(r.sub, 10),
		"entry": strconv.FormatInt(r.tag.ID, 10), "swap": strconv.FormatInt(r.swap, 10)}
	for path, c := range good {
		for i := 0; i < len(c.fields); i += 2 {
			for vi, v := range nasty {
				share := 3
				if c.sparse {
					share = 6
				}
				if vi%share != int(c.fields[i][0])%share && len(v) < 1000 {
					continue // a share of the small values per field keeps this quick
				}
				if (path == "/login" || path == "/admin/users") && vi%8 != 0 {
					continue // each of these hashes a password
				}
				if path == "/posts/{post}/comments" {
					r.clock.Advance(2 * time.Minute) // within the comment limits, so that they are stored
				}
				kv := append([]string(nil), c.fields...)
				kv[i+1] = v
				if c.fields[i] == "posted_at" || c.fields[i] == "url" {
					kv = append(kv, "action", "preview")
				}
				if c.fresh != nil {
					kv = append(kv, c.fresh()...)
				}
				q := form(fill(path, vals), kv...)
				if c.keepField != "" && c.keepField != c.fields[i] {
					q.keepForm, q.keepField = c.keepForm, c.keepField
					q.keepValue = kv[slices.Index(kv, c.keepField)+1]
				}
				r.send(t, c.who, c.b, q)
				if strings.HasSuffix(path, "/ban") {
					r.liftBans(t)
				}
			}
		}
	}
	for path, c := range good {
		if path == "/login" {
			continue // the visitor's attempts would lock the address out
		}
		for i := 0; i < len(c.fields); i += 2 {
			for _, v := range []string{"\xff", "\u202eevil", strings.Repeat("[quote]", 5000), "javascript:alert(1)"} {
				kv := append([]string(nil), c.fields...)
				kv[i+1] = v
				r.send(t, "visitor", r.anon, form(fill(path, vals), kv...))
			}
		}
	}
	r.stillWorks(t)
}

// TestHostileDesk covers the posting desk's buttons, which reach out to
// other servers: only test servers on 127.0.0.1 here.
func TestHostileDesk(t *testing.T) {
	r := newRobust(t, true)
	targets := []string{"http://[::1", "http://127.0.0.1:0/", "file:///etc/passwd", "javascript:alert(1)",
		"http://127.0.0.1:1/", "gopher://127.0.0.1/", "http://user@127.0.0.1:0/", "http://%00/",
		r.source.URL + "/page", r.source.URL + "/binary", r.source.URL + "/loop", r.source.URL + "/elsewhere",
		r.source.URL + "/empty", r.source.URL + "/missing"}
	for _, role := range r.roles()[:2] {
		for _, u := range targets {
			r.send(t, role.who, role.b, form("/submit", "action", "fetch", "url", u, "title", "Kept"))
		}
	}
	for _, c := range [][]string{
		{"engine", "LibreTranslate", "source_lang", "es", "body", "Hola"},
		{"engine", "LibreTranslate", "source_lang", "\x00", "body", "Hola"},
		{"engine", "LibreTranslate", "source_lang", "es", "body", "\xff\xfe"},
		{"engine", "LibreTranslate", "source_lang", "es", "body", strings.Repeat("Hola ", 30000)},
		{"engine", "\u202e", "source_lang", "es", "body", "Hola"},
		{"engine", "", "source_lang", "xx", "body", "Hola"},
		{"engine", "LibreTranslate", "source_lang", "es", "original", "Hola", "body", ""},
	} {
		r.send(t, "poster", r.poster, form("/submit", append([]string{"action", "translate"}, c...)...))
	}
	// Photos: anything but an image is refused with a JSON message.
	r.anon.do(http.MethodGet, r.articlePath(), nil) // a visitor cookie
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"text.png", []byte("not an image")},
		{"empty.jpg", nil},
		{"html.gif", []byte("<html><script>alert(1)</script></html>")},
		{"header.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x7f\xff\xff\xff\x7f\xff\xff\xff\x08\x02\x00\x00\x00")},
		{"gif.gif", []byte("GIF89a\xff\xff\xff\xff\x80\x00\x00")},
		{"huge.jpg", bytes.Repeat([]byte{0xff}, 6<<20)},
	} {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("photo", c.name)
		fw.Write(c.data)
		mw.Close()
		r.send(t, "visitor", r.anon, rq{method: "POST", path: "/uploads", ctype: mw.FormDataContentType(), body: buf.Bytes()})
	}
	r.send(t, "visitor", r.anon, rq{method: "POST", path: "/uploads", ctype: "multipart/form-data", body: []byte("x")})
	r.send(t, "visitor", r.anon, rq{method: "POST", path: "/uploads", ctype: formType, body: formBody("photo", "x")})
	r.send(t, "poster", r.poster, rq{method: "POST", path: "/uploads", ctype: "multipart/form-data; boundary=x",
		body: []byte("--x\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\n\r\n\x89PNG")})
	r.stillWorks(t)
}

// TestOthersComments: a comment that does not exist or is someone else's
// cannot be changed, and says so.
func TestOthersComments(t *testing.T) {
	r := newRobust(t, false)
	mine, theirs := strconv.FormatInt(r.comment, 10), strconv.FormatInt(r.other, 10)
	for _, c := range []struct {
		who  string
		b    *browser
		q    rq
		want int
	}{
		{"visitor", r.anon, rq{method: "GET", path: "/comments/" + theirs + "/edit"}, 403},
		{"visitor", r.anon, form("/comments/"+theirs+"/edit", "body", "Mine now"), 403},
		{"visitor", r.anon, form("/comments/" + theirs + "/delete"), 403},
		{"poster", r.poster, form("/comments/"+mine+"/edit", "body", "Mine now"), 403},
		{"admin", r.admin, form("/comments/" + mine + "/delete"), 403},
		{"visitor", r.anon, form("/comments/999999/edit", "body", "x"), 404},
		{"visitor", r.anon, form("/comments/999999/delete"), 404},
		{"visitor", r.anon, form("/comments/"+mine+"/edit", "body", ""), 422},
		{"visitor", r.anon, form("/comments/"+mine+"/edit", "body", strings.Repeat("x", burg.MaxCommentLen+1)), 422},
	} {
		r.expect(t, c.who, c.b, c.q, c.want)
	}
	for _, id := range []int64{r.comment, r.other} {
		c, err := r.store.FindComment(t.Context(), id)
		if err != nil || c.Body == "Mine now" || c.DeletedAt != nil {
			t.Errorf("comment %d after the attempts: %+v, %v", id, c, err)
		}
	}
}

// TestMalformedRequests writes request lines no browser sends.
func TestMalformedRequests(t *testing.T) {
	r := newRobust(t, false)
	addr := strings.TrimPrefix(r.srv.URL, "http://")
	for _, line := range []string{
		"GET /posts/%zz HTTP/1.1", "GET /posts/\xff\xfe HTTP/1.1", "GET /day/\x00 HTTP/1.1",
		"GET /search?q=%zz&page=%00 HTTP/1.1", "GET /posts/1/../../etc/passwd HTTP/1.1",
		"GET //posts//1 HTTP/1.1", "GET /posts/1?after=\xff HTTP/1.1",
	} {
		conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		fmt.Fprintf(conn, "%s\r\nHost: %s\r\nConnection: close\r\n\r\n", line, addr)
		reply, _ := io.ReadAll(conn)
		conn.Close()
		status, _, _ := strings.Cut(strings.TrimPrefix(string(reply), "HTTP/1.1 "), " ")
		if n, err := strconv.Atoi(status); err != nil || n >= 500 {
			t.Errorf("%q: answered %q", line, clip(string(reply), 120))
		}
	}
	r.stillWorks(t)
}

// TestRandomRequests sends a few thousand requests built by a seeded
// generator from the routes and the nasty values, from four browsers at
// once.
func TestRandomRequests(t *testing.T) {
	r := newRobust(t, false)
	const perRole = 600
	ids := func(rng *rand.Rand, real ...int64) string {
		if rng.IntN(2) == 0 {
			return strconv.FormatInt(real[rng.IntN(len(real))], 10)
		}
		return badIDs[rng.IntN(len(badIDs))]
	}
	pick := func(rng *rand.Rand, s []string) string { return s[rng.IntN(len(s))] }
	methods := []string{"GET", "POST", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"}
	var wg sync.WaitGroup
	for n, role := range r.roles() {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(20260314, uint64(n)))
			for range perRole {
				rt := routeList[rng.IntN(len(routeList))]
				if rt.path == "/logout" && role.who != "visitor" {
					continue
				}
				path := rt.path
				if strings.HasSuffix(path, "/delete") && strings.HasPrefix(path, "/posts/") {
					path = strings.Replace(path, "{post}", ids(rng, r.old.ID), 1) // the article stays
				}
				path = fill(path, map[string]string{
					"post": ids(rng, r.article.ID, r.old.ID), "comment": ids(rng, r.comment, r.other),
					"user": ids(rng, r.disabled.ID), "sub": ids(rng, r.sub), "word": ids(rng, 1), "ban": ids(rng, 1),
					"entry": ids(rng, r.tag.ID), "swap": ids(rng, r.swap),
					"slug": pick(rng, badSegments[:len(badSegments)-1]), "nick": pick(rng, badSegments),
					"name": pick(rng, badSegments), "date": pick(rng, badDates), "month": pick(rng, badMonths),
				})
				q := rq{method: rt.method, path: path}
				if rng.IntN(5) == 0 {
					q.method = pick(rng, methods)
				}
				if rng.IntN(3) == 0 {
					q.path += "?" + url.QueryEscape(pick(rng, fieldNames)) + "=" + url.QueryEscape(pick(rng, nasty[:len(nasty)-1]))
				}
				if strings.HasSuffix(rt.path, "/live") && q.method == "GET" {
					q.path += "&after=" + pick(rng, []string{"-1", "abc", "0", "99999999999999999999", "9223372036854775807"})
				}
				if q.method != "GET" && q.method != "HEAD" {
					var kv []string
					for range rng.IntN(7) {
						v := pick(rng, nasty)
						if len(v) > 50_000 && rng.IntN(4) != 0 {
							v = v[:rng.IntN(2000)]
						}
						kv = append(kv, pick(rng, fieldNames), v)
					}
					q.body = formBody(kv...)
					switch rng.IntN(10) {
					case 0:
						q.ctype = "application/json"
					case 1:
						q.ctype = "multipart/form-data"
					case 2:
						q.ctype = ""
					default:
						q.ctype = formType
					}
				}
				r.send(t, role.who, role.b, q)
			}
		})
	}
	wg.Wait()
	// Every request is sent, however slow the machine: only the few
	// logouts that would end a role's session are left out.
	if min := 4 * perRole * 9 / 10; r.requests < min {
		t.Errorf("%d requests sent, want at least %d", r.requests, min)
	}
	t.Logf("%d requests", r.requests)
	r.stillWorks(t)
}

// TestHostileStoredContent stores what the forms let through at its
// strangest, then reads every page that shows it.
func TestHostileStoredContent(t *testing.T) {
	r := newRobust(t, false)
	sec := strconv.FormatInt(r.section.ID, 10)
	var posts []string
	for i, c := range []struct {
		b        *browser
		postedAt string
		title    string
		body     string
		tags     string
	}{
		{r.mod, "1970-01-01T00:00", "\u202eeltit desrever", strings.Repeat("[quote]", 5000), "smile, Ω x"},
		{r.mod, "9999-12-31T23:59", "<script>alert(1)</script>", "[url=javascript:alert(1)]x[/url] [img]file:///etc/passwd[/img]", "end of time"},
		{r.mod, "2026-03-14", "Control\x1b[31m characters\a", "a\x00b \x1b[2J", "x\x00y"},
		{r.poster, "", strings.Repeat("Ω", 300), strings.Repeat("[b][i]", 3000) + "x", strings.Repeat("t,", 19) + "t20"},
	} {
		resp, d := c.b.post("/submit", "url", "https://lantern-post.example/stored/"+strconv.Itoa(i), "title", c.title,
			"body", c.body, "section", sec, "tags", c.tags, "posted_at", c.postedAt, "source_tag", "\u202eLP")
		if resp.StatusCode >= 500 {
			t.Fatalf("post %d: status %d", i, resp.StatusCode)
		}
		if resp.StatusCode == http.StatusSeeOther {
			posts = append(posts, "/posts/"+strconv.FormatInt(postIDOf(t, resp.Header.Get("Location")), 10))
		} else {
			t.Logf("post %d refused: %d %s", i, resp.StatusCode, text(d.Find(".burg-form-error")))
		}
	}
	r.clock.Advance(time.Minute)
	for i, c := range [][]string{
		{"name", "\u202eredaer", "body", strings.Repeat("[quote]", 2000), "website", "javascript:alert(1)"},
		{"name", "Reader\x00", "body", "\xff\xfe", "website", "http://[::1"},
		{"name", "Third Reader", "body", "[remark=Gorse]not a moderator[/remark]", "email", "\x00@\x00"},
	} {
		r.clock.Advance(time.Minute)
		resp, _ := r.anon.post(r.articlePath()+"/comments", c...)
		if resp.StatusCode >= 500 {
			t.Errorf("comment %d: status %d", i, resp.StatusCode)
		}
	}
	pages := []string{"/", "/latest", "/archives", "/archives/1970-01", "/archives/9999-12", "/archives/2026-03",
		"/day/1970-01-01", "/day/9999-12-31", "/sections/europe", "/tags/end-of-time", "/posters/Gorse",
		"/posters/Thimble%20Wick", "/search?q=%E2%80%AE", "/search?q=script", "/colours.css", r.articlePath()}
	for _, p := range posts {
		pages = append(pages, p, p+"/slug", p+"/revisions", p+"/edit", p+"/live?after=0")
	}
	for _, role := range r.roles() {
		for _, p := range pages {
			r.send(t, role.who, role.b, rq{method: "GET", path: p})
		}
	}
	r.stillWorks(t)
}

// TestRobustRegressions keeps requests that once broke the rules
// answered as they should.
func TestRobustRegressions(t *testing.T) {
	r := newRobust(t, false)
	live := r.articlePath() + "/live"
	for _, c := range []struct {
		name string
		b    *browser
		q    rq
		want int
	}{
		// A HEAD of a live stream streamed to nobody until the server
		// stopped, holding its connection for good.
		{"LiveHead", r.anon, rq{method: "HEAD", path: live}, 200},
		{"LiveHeadBadAfter", r.anon, rq{method: "HEAD", path: live + "?after=-1"}, 400},
	} {
		t.Run(c.name, func(t *testing.T) { r.expect(t, "visitor", c.b, c.q, c.want) })
	}
	// Every request above has finished: the server closes at once.
	done := make(chan struct{})
	go func() { r.srv.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		r.web.CloseStreams() // so that the server can close after all
		t.Fatal("the server still serves a request after 5s")
	}
}
