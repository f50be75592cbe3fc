package app

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

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

// Sign returns a MAC of parts under the site's secret, shared by every
// instance: for visitor cookies and form tokens.
func (a *App) Sign(parts ...string) string {
	m, _ := a.macs.Get().(hash.Hash)
	if m == nil {
		m = hmac.New(sha256.New, a.secret)
	}
	m.Reset() // back to the keyed state, without hashing the key again
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	var sum [sha256.Size]byte
	mac := b64.EncodeToString(m.Sum(sum[:0])[:16])
	a.macs.Put(m)
	return mac
}

// Verify reports whether mac is Sign(parts...), in constant time.
func (a *App) Verify(mac string, parts ...string) bool {
	return hmac.Equal([]byte(mac), []byte(a.Sign(parts...)))
}

// FormToken is a signed time at which a comment form is served, for the
// minimum fill time.
func (a *App) FormToken() string {
	ts := strconv.FormatInt(a.now().Unix(), 10)
	return ts + "." + a.Sign("form", ts)
}

// formAge returns how long ago a form token was made; ok is false when the
// token is forged.
func (a *App) formAge(token string) (time.Duration, bool) {
	ts, mac, ok := strings.Cut(token, ".")
	if !ok || !a.Verify(mac, "form", ts) {
		return 0, false
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return 0, false
	}
	return a.now().Sub(time.Unix(n, 0)), true
}

// NewVisitorID returns a fresh random visitor id, 22 characters long.
func NewVisitorID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return b64.EncodeToString(b)
}

// NewToken returns a fresh random session token.
func NewToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return b64.EncodeToString(b), nil
}

// hashToken is what the store keeps of a session token.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
