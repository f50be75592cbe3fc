package translate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/burg-news/burg"
)

// fakeLibreTranslate is a LibreTranslate server speaking the documented
// API: GET /languages and POST /translate, with {"error": ...} bodies on
// failure.
type fakeLibreTranslate struct {
	t             *testing.T
	key           string
	languageCalls atomic.Int32
	last          atomic.Pointer[map[string]any]
}

var fakeTranslations = map[string]string{
	"es→en|El gobierno regional aprobó el presupuesto.\n\nLa oposición votó en contra.": "The regional government approved the budget.\n\nThe opposition voted against.",
	"auto→en|Привет, мир": "Hello, world",
}

func (f *fakeLibreTranslate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	fail := func(code int, msg string) {
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(map[string]string{"error": msg})
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/languages":
		f.languageCalls.Add(1)
		io.WriteString(w, `[
			{"code": "en", "name": "English", "targets": ["ar", "en", "es", "ru"]},
			{"code": "es", "name": "Spanish", "targets": ["en", "es", "fr"]},
			{"code": "ar", "name": "Arabic", "targets": ["en"]},
			{"code": "zh-Hans", "name": "Chinese", "targets": ["en"]}
		]`)
	case r.Method == http.MethodPost && r.URL.Path == "/translate":
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			fail(http.StatusBadRequest, "Invalid request: content type "+ct)
			return
		}
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			fail(http.StatusBadRequest, "Invalid request: bad JSON")
			return
		}
		f.last.Store(&body)
		q, _ := body["q"].(string)
		source, _ := body["source"].(string)
		target, _ := body["target"].(string)
		key, _ := body["api_key"].(string)
		switch {
		case f.key != "" && key != f.key:
			fail(http.StatusForbidden, "Invalid API key")
		case q == "":
			fail(http.StatusBadRequest, "Invalid request: missing q parameter")
		case target == "xx":
			fail(http.StatusBadRequest, "xx is not supported")
		case strings.Contains(q, "flood"):
			fail(http.StatusTooManyRequests, "Slowdown: 30 per 1 minute")
		case strings.Contains(q, "crash"):
			fail(http.StatusInternalServerError, "Cannot translate text: model failed\n\tat line 3")
		case strings.Contains(q, "garbage"):
			io.WriteString(w, "<html>not json</html>")
		case strings.Contains(q, "huge"):
			fmt.Fprintf(w, `{"translatedText": %q}`, strings.Repeat("x", 4096))
		default:
			out, ok := fakeTranslations[source+"→"+target+"|"+q]
			if !ok {
				fail(http.StatusBadRequest, fmt.Sprintf("%s is not supported", source+"→"+target))
				return
			}
			resp := map[string]any{"translatedText": out}
			if source == "auto" {
				resp["detectedLanguage"] = map[string]any{"confidence": 90, "language": "ru"}
			}
			json.NewEncoder(w).Encode(resp)
		}
	default:
		http.NotFound(w, r)
	}
}

func newFakeLibreTranslate(t *testing.T, key string) (*fakeLibreTranslate, *httptest.Server) {
	t.Helper()
	f := &fakeLibreTranslate{t: t, key: key}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

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

func TestLibreTranslatePairs(t *testing.T) {
	f, srv := newFakeLibreTranslate(t, "")
	lt := NewLibreTranslate(LibreTranslateConfig{URL: srv.URL + "/"})

	got, err := lt.Pairs(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := []Pair{{"ar", "en"}, {"en", "ar"}, {"en", "es"}, {"en", "ru"}, {"es", "en"}, {"es", "fr"}, {"zh-Hans", "en"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Pairs: got %v, want %v", got, want)
	}
	if _, err := lt.Pairs(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got, want := f.languageCalls.Load(), int32(1); got != want {
		t.Errorf("GET /languages calls: got %d, want %d (the list is cached)", got, want)
	}
}

func TestLibreTranslateTranslate(t *testing.T) {
	f, srv := newFakeLibreTranslate(t, "s3cret")
	lt := NewLibreTranslate(LibreTranslateConfig{URL: srv.URL, APIKey: "s3cret"})

	t.Run("OK", func(t *testing.T) {
		in := "El gobierno regional aprobó el presupuesto.\n\nLa oposición votó en contra."
		got, err := lt.Translate(t.Context(), in, "es", "en")
		if err != nil {
			t.Fatal(err)
		}
		if want := "The regional government approved the budget.\n\nThe opposition voted against."; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
		body := *f.last.Load()
		wantBody := map[string]any{"q": in, "source": "es", "target": "en", "format": "text", "api_key": "s3cret"}
		for k, v := range wantBody {
			if body[k] != v {
				t.Errorf("request %s: got %#v, want %#v", k, body[k], v)
			}
		}
		if len(body) != len(wantBody) {
			t.Errorf("request has fields %v, want exactly %v", body, wantBody)
		}
	})
	t.Run("AutoSource", func(t *testing.T) {
		got, err := lt.Translate(t.Context(), "Привет, мир", "", "en")
		if err != nil {
			t.Fatal(err)
		}
		if want := "Hello, world"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("SameLanguage", func(t *testing.T) {
		got, err := lt.Translate(t.Context(), "Hola", "es", "es")
		if err != nil || got != "Hola" {
			t.Errorf("got %q, %v; want the text back", got, err)
		}
	})
	t.Run("Unsupported", func(t *testing.T) {
		_, err := lt.Translate(t.Context(), "Hola", "es", "xx")
		wantUserError(t, err, burg.EINVALID, fmt.Sprintf(msgServiceRefuse, "xx is not supported"))
	})
	t.Run("RateLimited", func(t *testing.T) {
		_, err := lt.Translate(t.Context(), "flood", "es", "en")
		wantUserError(t, err, burg.ETOOMANY, msgServiceBusy)
	})
	t.Run("ServerError", func(t *testing.T) {
		_, err := lt.Translate(t.Context(), "crash", "es", "en")
		wantUserError(t, err, burg.EINVALID, msgServiceDown)
		if !strings.Contains(err.Error(), "model failed") {
			t.Errorf("error %q lost the server's reason", err)
		}
	})
	t.Run("NotJSON", func(t *testing.T) {
		_, err := lt.Translate(t.Context(), "garbage", "es", "en")
		wantUserError(t, err, burg.EINVALID, msgServiceDown)
	})
	t.Run("BadKey", func(t *testing.T) {
		bad := NewLibreTranslate(LibreTranslateConfig{URL: srv.URL, APIKey: "wrong"})
		_, err := bad.Translate(t.Context(), "Hola", "es", "en")
		wantUserError(t, err, burg.EINVALID, msgServiceDown)
		if !strings.Contains(err.Error(), "Invalid API key") || !strings.Contains(err.Error(), "403") {
			t.Errorf("error %q lost the status and reason", err)
		}
		if strings.Contains(burg.ErrorMessage(err), "wrong") {
			t.Error("the key leaked into the message")
		}
	})
	t.Run("ResponseTooLarge", func(t *testing.T) {
		small := NewLibreTranslate(LibreTranslateConfig{URL: srv.URL, APIKey: "s3cret", MaxResponse: 1024})
		_, err := small.Translate(t.Context(), "huge", "es", "en")
		wantUserError(t, err, burg.EINVALID, msgServiceDown)
	})
	t.Run("InputTooLong", func(t *testing.T) {
		small := NewLibreTranslate(LibreTranslateConfig{URL: srv.URL, MaxInput: 10})
		_, err := small.Translate(t.Context(), strings.Repeat("palabra ", 5), "es", "en")
		if got := burg.ErrorCode(err); got != burg.EINVALID {
			t.Errorf("code: got %q, want %q (%v)", got, burg.EINVALID, err)
		}
	})
}

func TestLibreTranslateUnavailable(t *testing.T) {
	t.Run("NotConfigured", func(t *testing.T) {
		lt := NewLibreTranslate(LibreTranslateConfig{})
		pairs, err := lt.Pairs(t.Context())
		if err != nil || len(pairs) != 0 {
			t.Errorf("Pairs: got %v, %v; want none, nil", pairs, err)
		}
		_, err = lt.Translate(t.Context(), "Hola", "es", "en")
		wantUserError(t, err, burg.EINVALID, msgNotConfigured)
	})
	t.Run("BadURL", func(t *testing.T) {
		lt := NewLibreTranslate(LibreTranslateConfig{URL: "ftp://translate.example.org"})
		if _, err := lt.Pairs(t.Context()); err == nil {
			t.Error("Pairs: got no error for an ftp URL")
		}
	})
	t.Run("ServerDown", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		url := srv.URL
		srv.Close()
		lt := NewLibreTranslate(LibreTranslateConfig{URL: url})
		_, err := lt.Translate(t.Context(), "Hola", "es", "en")
		wantUserError(t, err, burg.EINVALID, msgServiceDown)
	})
	t.Run("Timeout", func(t *testing.T) {
		srv := newHangingServer(t)
		lt := NewLibreTranslate(LibreTranslateConfig{URL: srv.URL, Timeout: 100 * time.Millisecond})
		_, err := lt.Translate(t.Context(), "Hola", "es", "en")
		wantUserError(t, err, burg.EINVALID, msgServiceDown)
	})
	t.Run("CallerCancels", func(t *testing.T) {
		srv := newHangingServer(t)
		lt := NewLibreTranslate(LibreTranslateConfig{URL: srv.URL})
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(50*time.Millisecond, cancel)
		_, err := lt.Translate(ctx, "Hola", "es", "en")
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
	})
}

// newHangingServer returns a server that reads the request and never
// answers until the client goes away or the test ends.
func newHangingServer(t *testing.T) *httptest.Server {
	t.Helper()
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Reading the body lets the server notice the client hanging up.
		io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(done) }) // runs before srv.Close
	return srv
}
