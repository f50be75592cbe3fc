package extract

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/burg-news/burg"
)

// fixture is a saved page and the headers it is served with.
type fixture struct {
	file        string
	contentType string
	headers     map[string]string
}

var fixtures = map[string]fixture{
	"/navarra/2024/03/12/ebro-tudela": {file: "es_regional.html", contentType: "text/html; charset=utf-8"},
	"/local/jordan-valley":            {file: "ar_article.html", contentType: "text/html; charset=UTF-8"},
	"/news/most.html":                 {file: "ru_cp1251.html", contentType: "text/html; charset=windows-1251"},
	"/news/most-meta-only.html":       {file: "ru_cp1251.html", contentType: "text/html"},
	"/marseille/greve-eboueurs.html":  {file: "fr_latin1.html", contentType: "text/html"},
	"/news/harbour-night-ferry":       {file: "en_boilerplate.html", contentType: "text/html; charset=utf-8"},
	"/region/altstadt-autofrei":       {file: "de_jsonld.html", contentType: "application/xhtml+xml", headers: map[string]string{"Content-Language": "de-DE"}},
}

// newSite starts a test server serving the fixtures plus a few
// misbehaving routes.
func newSite(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	for path, fx := range fixtures {
		body, err := os.ReadFile(filepath.Join("testdata", fx.file))
		if err != nil {
			t.Fatal(err)
		}
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", fx.contentType)
			for k, v := range fx.headers {
				w.Header().Set(k, v)
			}
			w.Write(body)
		})
	}
	mux.HandleFunc("GET /go/ebro", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/navarra/2024/03/12/ebro-tudela?id=7&utm_medium=social#arriba", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /loop/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		http.Redirect(w, r, fmt.Sprintf("/loop/%d", n+1), http.StatusFound)
	})
	mux.HandleFunc("GET /to", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("u"), http.StatusFound)
	})
	mux.HandleFunc("GET /big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", "4096")
		w.Write([]byte(strings.Repeat("<p>big</p>", 4096/10)))
		w.Write([]byte(strings.Repeat(" ", 4096%10)))
	})
	mux.HandleFunc("GET /big-chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for range 8 {
			w.Write([]byte(strings.Repeat("<p>chunk</p>", 50)))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("GET /report.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.4\n%âãÏÓ\n"))
	})
	mux.HandleFunc("GET /data.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"title": "not a page"}`))
	})
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	mux.HandleFunc("GET /slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><head><title>Half a page</title></head><body><p>"))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	mux.HandleFunc("GET /gone", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "gone", http.StatusNotFound)
	})
	mux.HandleFunc("GET /broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "oops", http.StatusInternalServerError)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestFetch(t *testing.T) {
	srv := newSite(t)
	f := New(Config{AllowPrivate: true})

	tests := []struct {
		name      string
		path      string
		url       string // want Page.URL, relative to the server
		title     string
		siteName  string
		lang      string
		published time.Time
		image     string // absolute, or relative to the server when starting with "/"
		excerpt   string // a prefix
		inText    []string
		notInText []string
	}{
		{
			name:      "SpanishRegional",
			path:      "/navarra/2024/03/12/ebro-tudela",
			url:       "/navarra/2024/03/12/ebro-tudela",
			title:     "El Ebro se desborda en Tudela y obliga a desalojar dos urbanizaciones",
			siteName:  "Diario de la Ribera",
			lang:      "es",
			published: time.Date(2024, 3, 12, 7, 45, 0, 0, time.UTC),
			image:     "/fotos/2024/03/ebro-tudela-crecida.jpg",
			excerpt:   "La crecida del Ebro a su paso por Tudela",
			inText: []string{
				"La crecida del río Ebro a su paso por Tudela obligó en la madrugada del martes",
				"«Hemos pasado la noche en vela, con el agua entrando por el garaje»",
				"reclaman ayudas urgentes para reparar las motas dañadas.",
			},
			notInText: []string{"Esquelas", "Te puede interesar", "Política de cookies"},
		},
		{
			name:      "RedirectDropsTracking",
			path:      "/go/ebro",
			url:       "/navarra/2024/03/12/ebro-tudela?id=7",
			title:     "El Ebro se desborda en Tudela y obliga a desalojar dos urbanizaciones",
			siteName:  "Diario de la Ribera",
			lang:      "es",
			published: time.Date(2024, 3, 12, 7, 45, 0, 0, time.UTC),
			image:     "/fotos/2024/03/ebro-tudela-crecida.jpg",
			excerpt:   "La crecida del Ebro",
			inText:    []string{"Policía Foral"},
		},
		{
			name:      "ArabicRightToLeftNoLangAttribute",
			path:      "/local/jordan-valley",
			url:       "/local/jordan-valley",
			title:     "خطة حكومية لدعم مزارعي وادي الأردن بعد موسم جاف",
			siteName:  "الغد العربي",
			lang:      "ar",
			published: time.Date(2024, 5, 21, 7, 30, 0, 0, time.UTC),
			image:     "https://cdn.alghad-arabi.example/images/2024/05/jordan-valley.jpg",
			excerpt:   "أعلنت وزارة الزراعة الأردنية",
			inText: []string{
				"أعلنت وزارة الزراعة الأردنية يوم الثلاثاء عن خطة جديدة لدعم المزارعين في وادي الأردن",
				"ويعد وادي الأردن من أهم المناطق الزراعية في المملكة",
			},
			notInText: []string{"الرئيسية", "جميع الحقوق محفوظة"},
		},
		{
			name:      "RussianWindows1251Header",
			path:      "/news/most.html",
			url:       "/news/most.html",
			title:     "В Махачкале открыли новый мост через Таркитау",
			siteName:  "Вестник Кавказа",
			lang:      "ru",
			published: time.Date(2024, 2, 5, 11, 20, 0, 0, time.UTC),
			image:     "http://img.vestnik-kavkaza.example/2024/02/most.jpg",
			excerpt:   "Мост длиной 420 метров соединил",
			inText: []string{
				"В понедельник в Махачкале торжественно открыли новый автомобильный мост длиной 420 метров",
				"«Теперь дорога из Ленинкента до центра займёт не больше двадцати минут», — сказал он",
				"трассы «Кавказ» у Хасавюрта.",
			},
			notInText: []string{"Ждали десять лет", "При перепечатке"},
		},
		{
			name:      "RussianWindows1251MetaOnly",
			path:      "/news/most-meta-only.html",
			url:       "/news/most-meta-only.html",
			title:     "В Махачкале открыли новый мост через Таркитау",
			siteName:  "Вестник Кавказа",
			lang:      "ru",
			published: time.Date(2024, 2, 5, 11, 20, 0, 0, time.UTC),
			image:     "http://img.vestnik-kavkaza.example/2024/02/most.jpg",
			excerpt:   "Мост длиной 420 метров",
			inText:    []string{"Жители соседних кварталов, однако, жалуются на шум"},
		},
		{
			name:      "FrenchLatin1MetaAfterFirstKilobyte",
			path:      "/marseille/greve-eboueurs.html",
			url:       "/marseille/greve-eboueurs.html",
			title:     "Grève des éboueurs à Marseille : les négociations reprennent",
			siteName:  "127.0.0.1",
			lang:      "fr",
			published: time.Date(2024, 10, 3, 0, 0, 0, 0, time.UTC),
			image:     "https://www.gazettedumidi.example/images/greve-eboueurs.jpg",
			excerpt:   "Après dix jours de grève",
			inText: []string{
				"Les négociations entre la métropole Aix-Marseille-Provence et les syndicats",
				"« On travaille à cœur d’été comme d’hiver, de nuit, et on nous parle d’économies »",
				"les déchets s’accumulent sur les trottoirs.",
			},
			notInText: []string{"Publicité", "Tous droits réservés", "Météo"},
		},
		{
			name:      "EnglishBoilerplate",
			path:      "/news/harbour-night-ferry",
			url:       "/news/harbour-night-ferry",
			title:     "Harbour authority approves night ferry to the islands",
			siteName:  "127.0.0.1",
			lang:      "en",
			published: time.Date(2024, 6, 18, 17, 5, 0, 0, time.UTC),
			image:     "https://media.northcoast-courier.example/2024/06/ferry-night.jpg",
			excerpt:   "The harbour authority has approved a year-long trial",
			inText: []string{
				"The harbour authority has approved a year-long trial of a night ferry between Port Ellis and the outer islands",
				`"It is the difference between a day trip and a two-day expedition," said Morag Reid`,
				"decide next summer whether to make the service permanent.",
			},
			notInText: []string{
				"We use cookies", "Obituaries", "BREAKING", "Subscribe to our newsletter",
				"About time too", "Most read", "Seal pup", "All rights reserved",
				"Advertisement", "Share this article",
			},
		},
		{
			name:      "GermanJSONLDAndContentLanguage",
			path:      "/region/altstadt-autofrei",
			url:       "/region/altstadt-autofrei",
			title:     "Stadtrat beschließt autofreie Altstadt ab 2026",
			siteName:  "Bodensee Rundschau",
			lang:      "de",
			published: time.Date(2024, 11, 7, 5, 30, 0, 0, time.UTC),
			image:     "https://www.bodensee-rundschau.example/bilder/altstadt.jpg",
			excerpt:   "Nach jahrelangem Streit",
			inText: []string{
				"Mit 21 zu 19 Stimmen hat der Stadtrat am Mittwochabend beschlossen",
				"auf rund 3,4 Millionen Euro geschätzt.",
			},
			notInText: []string{"Impressum", "Kultur"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := f.Fetch(t.Context(), srv.URL+tt.path)
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			abs := func(s string) string {
				if strings.HasPrefix(s, "/") {
					return srv.URL + s
				}
				return s
			}
			check := func(field, got, want string) {
				t.Helper()
				if got != want {
					t.Errorf("%s: got %q, want %q", field, got, want)
				}
			}
			check("URL", p.URL, srv.URL+tt.url)
			check("Title", p.Title, tt.title)
			check("SiteName", p.SiteName, tt.siteName)
			check("Lang", p.Lang, tt.lang)
			check("Image", p.Image, abs(tt.image))
			if !p.Published.Equal(tt.published) {
				t.Errorf("Published: got %v, want %v", p.Published, tt.published)
			}
			if p.Published.Location() != time.UTC {
				t.Errorf("Published location: got %v, want UTC", p.Published.Location())
			}
			if !strings.HasPrefix(p.Excerpt, tt.excerpt) {
				t.Errorf("Excerpt: got %q, want it to start with %q", p.Excerpt, tt.excerpt)
			}
			for _, s := range tt.inText {
				if !strings.Contains(p.Text, s) {
					t.Errorf("Text lacks %q; got:\n%s", s, p.Text)
				}
			}
			for _, s := range tt.notInText {
				if strings.Contains(p.Text, s) {
					t.Errorf("Text has boilerplate %q; got:\n%s", s, p.Text)
				}
			}
			if strings.ContainsRune(p.Text, '\uFFFD') || strings.ContainsRune(p.Title, '\uFFFD') {
				t.Errorf("decoding left replacement characters: %q", p.Title)
			}
			checkParagraphs(t, p.Text)
		})
	}
}

// checkParagraphs checks the Text shape: paragraphs of one line each,
// separated by exactly one blank line, no stray white space.
func checkParagraphs(t *testing.T, text string) {
	t.Helper()
	if text == "" {
		t.Fatal("Text is empty")
	}
	paras := strings.Split(text, "\n\n")
	if len(paras) < 3 {
		t.Errorf("got %d paragraphs, want at least 3", len(paras))
	}
	for i, p := range paras {
		if p == "" || strings.TrimSpace(p) != p || strings.Contains(p, "\n") || strings.Contains(p, "  ") {
			t.Errorf("paragraph %d is badly formed: %q", i, p)
		}
	}
}

// wantUserError checks that err carries a *burg.Error with code and msg.
func wantUserError(t *testing.T, err error, code, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %q", msg)
	}
	if got := burg.ErrorCode(err); got != code {
		t.Errorf("code: got %q, want %q (err: %v)", got, code, err)
	}
	if got := burg.ErrorMessage(err); got != msg {
		t.Errorf("message: got %q, want %q (err: %v)", got, msg, err)
	}
}

func TestFetchRefusesPrivateAddresses(t *testing.T) {
	srv := newSite(t)
	f := New(Config{})
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())

	for _, u := range []string{
		srv.URL + "/news/harbour-night-ferry",
		"http://localhost:" + port + "/news/harbour-night-ferry",
		"http://[::1]:" + port + "/",
		"http://0.0.0.0:" + port + "/",
		"http://[::ffff:127.0.0.1]:" + port + "/",
		"http://169.254.169.254/latest/meta-data/",
		"http://10.1.2.3/",
		"http://[fd00::1]/",
	} {
		t.Run(u, func(t *testing.T) {
			_, err := f.Fetch(t.Context(), u)
			wantUserError(t, err, burg.EINVALID, msgPrivate)
		})
	}
}

// newGuardedFetcher returns a fetcher with the production address policy,
// except that it may reach srv itself.
func newGuardedFetcher(t *testing.T, srv *httptest.Server, cfg Config) *Fetcher {
	t.Helper()
	self := netip.MustParseAddrPort(srv.Listener.Addr().String())
	cfg.AllowPrivate = false
	f := New(cfg)
	f.allow = func(ap netip.AddrPort) bool {
		return ap == self || PublicAddr(ap.Addr())
	}
	return f
}

func TestFetchRedirects(t *testing.T) {
	srv := newSite(t)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	f := newGuardedFetcher(t, srv, Config{MaxRedirects: 3})

	t.Run("FollowedWhenPublic", func(t *testing.T) {
		p, err := f.Fetch(t.Context(), srv.URL+"/go/ebro")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := p.URL, srv.URL+"/navarra/2024/03/12/ebro-tudela?id=7"; got != want {
			t.Errorf("URL: got %q, want %q", got, want)
		}
	})
	for _, target := range []string{
		"http://169.254.169.254/latest/meta-data/iam/",
		"http://[::1]:" + port + "/",
		"http://localhost:1/", // a name, resolving to loopback
		"http://192.168.1.1/admin",
		"http://100.64.0.1/",
		"http://[::ffff:10.0.0.1]/",
	} {
		t.Run("ToPrivate/"+target, func(t *testing.T) {
			_, err := f.Fetch(t.Context(), srv.URL+"/to?u="+target)
			wantUserError(t, err, burg.EINVALID, msgPrivate)
		})
	}
	t.Run("ToOtherScheme", func(t *testing.T) {
		_, err := f.Fetch(t.Context(), srv.URL+"/to?u=file:///etc/passwd")
		wantUserError(t, err, burg.EINVALID, msgBadRedirect)
	})
	t.Run("TooMany", func(t *testing.T) {
		_, err := f.Fetch(t.Context(), srv.URL+"/loop/0")
		wantUserError(t, err, burg.EINVALID, msgRedirects)
	})
}

func TestFetchLimits(t *testing.T) {
	srv := newSite(t)

	t.Run("TooLargeByLength", func(t *testing.T) {
		f := New(Config{AllowPrivate: true, MaxBytes: 1024})
		_, err := f.Fetch(t.Context(), srv.URL+"/big")
		wantUserError(t, err, burg.EINVALID, msgTooLarge)
	})
	t.Run("TooLargeChunked", func(t *testing.T) {
		f := New(Config{AllowPrivate: true, MaxBytes: 1024})
		_, err := f.Fetch(t.Context(), srv.URL+"/big-chunked")
		wantUserError(t, err, burg.EINVALID, msgTooLarge)
	})
	t.Run("NotHTML", func(t *testing.T) {
		f := New(Config{AllowPrivate: true})
		_, err := f.Fetch(t.Context(), srv.URL+"/report.pdf")
		wantUserError(t, err, burg.EINVALID, fmt.Sprintf(msgNotHTML, "application/pdf"))
		_, err = f.Fetch(t.Context(), srv.URL+"/data.json")
		wantUserError(t, err, burg.EINVALID, fmt.Sprintf(msgNotHTML, "application/json"))
	})
	t.Run("Timeout", func(t *testing.T) {
		f := New(Config{AllowPrivate: true, Timeout: 200 * time.Millisecond})
		_, err := f.Fetch(t.Context(), srv.URL+"/slow")
		wantUserError(t, err, burg.EINVALID, msgTimeout)
	})
	t.Run("TimeoutInBody", func(t *testing.T) {
		f := New(Config{AllowPrivate: true, Timeout: 200 * time.Millisecond})
		_, err := f.Fetch(t.Context(), srv.URL+"/slow-body")
		wantUserError(t, err, burg.EINVALID, msgTimeout)
	})
	t.Run("CallerCancels", func(t *testing.T) {
		f := New(Config{AllowPrivate: true})
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		_, err := f.Fetch(ctx, srv.URL+"/slow")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("got %v, want the caller's context error", err)
		}
		if got := burg.ErrorCode(err); got != burg.EINTERNAL {
			t.Errorf("code: got %q, want %q", got, burg.EINTERNAL)
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		f := New(Config{AllowPrivate: true})
		_, err := f.Fetch(t.Context(), srv.URL+"/gone")
		wantUserError(t, err, burg.EINVALID, fmt.Sprintf(msgPageNotFound, 404))
	})
	t.Run("ServerError", func(t *testing.T) {
		f := New(Config{AllowPrivate: true})
		_, err := f.Fetch(t.Context(), srv.URL+"/broken")
		wantUserError(t, err, burg.EINVALID, fmt.Sprintf(msgHTTPStatus, 500))
	})
	t.Run("BadScheme", func(t *testing.T) {
		f := New(Config{AllowPrivate: true})
		for _, u := range []string{"ftp://example.com/x", "javascript:alert(1)", "file:///etc/passwd", ""} {
			_, err := f.Fetch(t.Context(), u)
			wantUserError(t, err, burg.EINVALID, msgBadURL)
		}
	})
}
