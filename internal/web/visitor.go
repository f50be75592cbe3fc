package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

// visitorCookie holds a random visitor id and its signature.
const visitorCookie = "burg_visitor"

// loadSecret returns the site's signing secret, made on first use and kept
// in the store so that every instance shares it.
func loadSecret(ctx context.Context, st burg.SettingStore) ([]byte, error) {
	v, err := st.Setting(ctx, "signing_secret", func() (string, error) {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		return hex.EncodeToString(b), nil
	})
	if err != nil {
		return nil, fmt.Errorf("signing secret: %w", err)
	}
	return hex.DecodeString(v)
}

var b64 = base64.RawURLEncoding

// sign returns a MAC of parts under the site secret.
func (s *Server) sign(parts ...string) string {
	m := hmac.New(sha256.New, s.secret)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return b64.EncodeToString(m.Sum(nil)[:16])
}

// visitorID returns the visitor id of a request's valid cookie, or "".
func (s *Server) visitorID(r *http.Request) string {
	c, err := r.Cookie(visitorCookie)
	if err != nil {
		return ""
	}
	id, mac, ok := strings.Cut(c.Value, ".")
	if !ok || len(id) != 22 || !hmac.Equal([]byte(mac), []byte(s.sign("visitor", id))) {
		return ""
	}
	return id
}

// currentVisitor returns the visitor id of the request, including one
// given to it in this response.
func (s *Server) currentVisitor(w http.ResponseWriter, r *http.Request) string {
	if id := s.visitorID(r); id != "" {
		return id
	}
	for _, line := range w.Header().Values("Set-Cookie") {
		if c, err := http.ParseSetCookie(line); err == nil && c.Name == visitorCookie {
			id, _, _ := strings.Cut(c.Value, ".")
			return id
		}
	}
	return ""
}

// ensureVisitor returns the request's visitor id, giving the browser a new
// one when it has none.
func (s *Server) ensureVisitor(w http.ResponseWriter, r *http.Request) string {
	if id := s.visitorID(r); id != "" {
		return id
	}
	b := make([]byte, 16)
	rand.Read(b)
	id := b64.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{
		Name:     visitorCookie,
		Value:    id + "." + s.sign("visitor", id),
		Path:     "/",
		MaxAge:   2 * 365 * 24 * 3600,
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
	})
	return id
}

// formToken is a signed time at which a comment form was served, for the
// minimum fill time.
func (s *Server) formToken(t time.Time) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return ts + "." + s.sign("form", ts)
}

// formAge returns how long ago a form token was made; ok is false when the
// token is absent or forged.
func (s *Server) formAge(token string) (time.Duration, bool) {
	ts, mac, ok := strings.Cut(token, ".")
	if !ok || !hmac.Equal([]byte(mac), []byte(s.sign("form", ts))) {
		return 0, false
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return 0, false
	}
	return s.now().Sub(time.Unix(n, 0)), true
}
