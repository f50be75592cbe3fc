package web

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/sqlstore"
	"github.com/burg-news/burg/internal/upload"
)

// internalFixture is a server over a real SQLite store, built inside the
// package so that a test can break its parts on purpose.
func internalFixture(t *testing.T, deps func(*Deps)) (*Server, *sqlstore.Store, *httptest.Server) {
	t.Helper()
	store, err := sqlstore.Open(t.Context(), filepath.Join(t.TempDir(), "burg.db"), sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	d := Deps{Store: store}
	if deps != nil {
		deps(&d)
	}
	srv, err := New(Config{SiteName: "Burg Test", Location: time.UTC}, d)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return srv, store, ts
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// A fault of ours answers 500 with a generic message: the internal
// error's text never reaches the reader.
func TestInternalErrorsShowNoDetail(t *testing.T) {
	srv, store, ts := internalFixture(t, nil)
	if resp, _ := get(t, ts.URL+"/healthz"); resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz before: %d", resp.StatusCode)
	}
	store.Close()
	for _, path := range []string{"/", "/sections/europe", "/posts/1", "/archives", "/search?q=x"} {
		resp, body := get(t, ts.URL+path)
		if resp.StatusCode != http.StatusInternalServerError {
			t.Errorf("%s with the store closed: %d, want 500", path, resp.StatusCode)
		}
		if strings.Contains(body, "sql") || strings.Contains(body, "closed") || strings.Contains(body, "database") {
			t.Errorf("%s: the page shows the internal error: %s", path, body)
		}
		if !strings.Contains(body, "Internal error.") {
			t.Errorf("%s: no generic message: %s", path, body)
		}
	}
	resp, body := get(t, ts.URL+"/healthz")
	if resp.StatusCode != http.StatusServiceUnavailable || strings.Contains(body, "sql") {
		t.Errorf("healthz with the store closed: %d %q, want 503 without detail", resp.StatusCode, body)
	}
	// The one error exit maps a wrapped internal error to 500 as well.
	rec := httptest.NewRecorder()
	srv.error(rec, httptest.NewRequest(http.MethodGet, "/", nil), io.ErrUnexpectedEOF)
	if rec.Code != http.StatusInternalServerError || strings.Contains(rec.Body.String(), "unexpected EOF") {
		t.Errorf("error exit: %d %q", rec.Code, rec.Body.String())
	}
}

// A template that fails to render answers a clean 500, not half a page.
func TestFailingRenderIsAClean500(t *testing.T) {
	srv, _, _ := internalFixture(t, nil)
	rec := httptest.NewRecorder()
	// The error page's template reads fields a string does not have.
	srv.render(rec, httptest.NewRequest(http.MethodGet, "/", nil), http.StatusOK, "error", "not a page")
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("failed render: %d, want 500", rec.Code)
	}
	if body := rec.Body.String(); strings.Contains(body, "<html") || strings.Contains(body, "template") {
		t.Errorf("failed render wrote %q", body)
	}
}

// A panicking handler answers 500 and the server goes on.
func TestPanicIsA500(t *testing.T) {
	srv, _, ts := internalFixture(t, nil)
	srv.mux.HandleFunc("GET /test-panic", func(http.ResponseWriter, *http.Request) { panic("boom: secret detail") })
	resp, body := get(t, ts.URL+"/test-panic")
	if resp.StatusCode != http.StatusInternalServerError || strings.Contains(body, "secret detail") {
		t.Errorf("panic: %d %q", resp.StatusCode, body)
	}
	if resp, _ := get(t, ts.URL+"/healthz"); resp.StatusCode != http.StatusOK {
		t.Errorf("after the panic: %d", resp.StatusCode)
	}
}

// A stored photo is served with its type, a sandboxing CSP, nosniff and a
// cache lifetime of a year.
func TestUploadedPhotoHeaders(t *testing.T) {
	files := upload.DirStorage{Dir: t.TempDir()}
	_, store, ts := internalFixture(t, func(d *Deps) {
		d.Uploads, d.Files = upload.New(upload.Config{}, files), files
	})
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	// Photos go with comments: a visitor gets a cookie on an article.
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ctx := t.Context()
	page := &burg.Page{Name: "Operations", Slug: "operations"}
	must(store.CreatePage(ctx, page))
	sec := &burg.Section{PageID: page.ID, Name: "Europe", Slug: "europe"}
	must(store.CreateSection(ctx, sec))
	u := &burg.User{Nick: "Thimble Wick", Role: burg.RolePoster}
	must(store.CreateUser(ctx, u))
	p := &burg.Post{SectionID: sec.ID, PosterID: u.ID, Title: "The harbour", Body: "Water.", PostedAt: time.Now()}
	must(store.CreatePost(ctx, p))
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/posts/"+strconv.FormatInt(p.ID, 10), nil)
	req.Header.Set("User-Agent", "Mozilla/5.0 Firefox/140.0")
	resp, err := client.Do(req)
	must(err)
	resp.Body.Close()
	if len(jar.Cookies(req.URL)) == 0 {
		t.Fatal("no visitor cookie from an article page")
	}
	var img bytes.Buffer
	must(png.Encode(&img, image.NewGray(image.Rect(0, 0, 40, 30))))
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("photo", "x.png")
	fw.Write(img.Bytes())
	mw.Close()
	resp, err = client.Post(ts.URL+"/uploads", mw.FormDataContentType(), &body)
	must(err)
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("upload: %d %s", resp.StatusCode, out)
	}
	// The answer gives the stored photo's size, which the comment's
	// [img=WxH] carries to its img element.
	var saved struct {
		URL           string
		Width, Height int
	}
	if err := json.Unmarshal(out, &saved); err != nil || !strings.HasPrefix(saved.URL, "/uploads/") || saved.Width != 40 || saved.Height != 30 {
		t.Fatalf("upload answered %s (%v), want its address and 40×30", out, err)
	}
	name := saved.URL
	resp, err = http.Get(ts.URL + name)
	must(err)
	resp.Body.Close()
	h := resp.Header
	for k, want := range map[string]string{
		"Content-Type":            "image/png",
		"Content-Security-Policy": "default-src 'none'; sandbox",
		"X-Content-Type-Options":  "nosniff",
		"Cache-Control":           "public, max-age=31536000, immutable",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET %s: %d", name, resp.StatusCode)
	}
}
