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

// FormToken is the token of a comment form served now: the time, a
// random nonce and their signature. A comment is taken only with a token
// of ours, older than the minimum fill time and younger than
// burg.FormTokenTTL, and only once (the store keeps the nonces used).
func (a *App) FormToken() string {
	return a.formToken(a.now().Unix())
}

func (a *App) formToken(unix int64) string {
	b := make([]byte, 12)
	rand.Read(b)
	ts, nonce := strconv.FormatInt(unix, 10), b64.EncodeToString(b)
	return ts + "." + nonce + "." + a.Sign("form", ts, nonce)
}

// RenewFormToken is the token for a comment form shown again (a preview,
// a refusal): the time of the token it came with, so that the time spent
// on it still counts, under a fresh nonce; a fresh token when old is not
// one of ours or too old.
func (a *App) RenewFormToken(old string) string {
	issued, _, ok := a.parseFormToken(old)
	if !ok || a.now().Sub(issued) > burg.FormTokenTTL {
		return a.FormToken()
	}
	return a.formToken(issued.Unix())
}

// parseFormToken returns when a form token was made and its nonce; ok is
// false when the token is not one of ours.
func (a *App) parseFormToken(token string) (issued time.Time, nonce string, ok bool) {
	ts, rest, ok1 := strings.Cut(token, ".")
	nonce, mac, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || nonce == "" || len(token) > 100 || !a.Verify(mac, "form", ts, nonce) {
		return time.Time{}, "", false
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}, "", false
	}
	return time.Unix(n, 0), nonce, true
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
