package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/extract"
	"github.com/burg-news/burg/internal/password"
	"github.com/burg-news/burg/internal/translate"
)

// sessionCookie holds the random token of a login; the store keeps only
// its SHA-256.
const sessionCookie = "burg_session"

// Limits on logins, per account from one address and per address, and on
// the posting desk's outside work. The two login lists have the same
// windows, in the same order: loginThrottled reads them side by side.
//
// Failures count against the account and address together, with the
// address's own limit as the outer bound: guesses from one address hold
// up that address, never the account's owner logging in from another.
var (
	loginPairLimits = []limit{{5, time.Minute}, {20, time.Hour}}
	loginIPLimits   = []limit{{20, time.Minute}, {100, time.Hour}}
	submitLimits    = []limit{{3, time.Minute}, {20, time.Hour}}
	fetchLimits     = []limit{{10, time.Minute}, {120, time.Hour}}
	// readerFetchLimits bound what a reader (no account) may fetch and
	// translate, per visitor and per address, where the site takes
	// readers' submissions at all.
	readerFetchLimits = []limit{{4, time.Minute}, {30, time.Hour}}
)

// desk is what the posting desk keeps besides the store: login throttles,
// the page fetcher and the translation engines.
type desk struct {
	fetcher *extract.Fetcher
	engines []translate.Engine
	loginIP *limiter
	// hashes bounds the password hashes running at once: each takes
	// 64 MiB, and anyone can start one by logging in.
	hashes  *password.Limiter
	submits *limiter // submissions by visitors
	fetches *limiter // fetches and translations, which cost outside work
	// readerFetches are readers' fetches and translations.
	readerFetches *limiter

	mu       sync.Mutex
	offers   []translate.Offer
	offersAt time.Time

	dummyOnce sync.Once
	dummyHash string
}

func newDesk(cfg Config, d Deps) *desk {
	checks, wait := cfg.PasswordChecks, cfg.PasswordWait
	if checks <= 0 {
		checks = runtime.GOMAXPROCS(0)
	}
	if wait <= 0 {
		wait = hashWait
	}
	return &desk{
		fetcher:       d.Fetcher,
		engines:       d.Translators,
		loginIP:       newLimiter(d.Now, loginIPLimits),
		hashes:        password.NewLimiter(checks, wait),
		submits:       newLimiter(d.Now, submitLimits),
		fetches:       newLimiter(d.Now, fetchLimits),
		readerFetches: newLimiter(d.Now, readerFetchLimits),
	}
}

// hashWait is how long a login waits for a turn to check its password
// before it is asked to try again.
const hashWait = 3 * time.Second

// checkPassword checks pw against u's hash, or against a made-up hash when
// there is no such user, so that an unknown nick answers as slowly as a
// wrong password. It waits for a turn of the hash limiter: password.ErrBusy
// when none comes.
func (d *desk) checkPassword(ctx context.Context, u *burg.User, pw string) (bool, error) {
	hash := ""
	if u != nil {
		hash = u.PasswordHash
	} else {
		d.dummyOnce.Do(func() { d.dummyHash, _ = password.Hash(password.Generate(20), password.Default) })
		hash = d.dummyHash
	}
	ok, err := d.hashes.Check(ctx, pw, hash)
	if errors.Is(err, password.ErrBusy) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false, err
	}
	// An account without a usable password cannot log in.
	return ok && err == nil && u != nil, nil
}

// userKey keys the request's login in its context.
type userKey struct{}

// userCell finds the request's user on first use, at most once.
type userCell struct {
	once sync.Once
	user *burg.User
	hash string
}

// withUser lets handlers find the logged-in user of a request carrying a
// session cookie; other requests cost nothing.
func (s *Server) withUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			r = r.WithContext(context.WithValue(r.Context(), userKey{}, &userCell{hash: hashToken(c.Value)}))
		}
		next.ServeHTTP(w, r)
	})
}

// hashToken is what the store keeps of a session token.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// user returns the logged-in user of the request, or nil. A disabled user
// or an expired session is nobody.
func (s *Server) user(r *http.Request) *burg.User {
	cell, _ := r.Context().Value(userKey{}).(*userCell)
	if cell == nil {
		return nil
	}
	cell.once.Do(func() {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		sess, err := s.store.FindSession(ctx, cell.hash)
		switch {
		case err == nil:
			cell.user = sess.User
		case burg.ErrorCode(err) != burg.ENOTFOUND:
			s.logger.Error("find session", "err", err)
		}
	})
	return cell.user
}

// sessionHash returns the hash of the request's session token, or "".
func sessionHash(r *http.Request) string {
	if cell, _ := r.Context().Value(userKey{}).(*userCell); cell != nil {
		return cell.hash
	}
	return ""
}

// requireUser returns the logged-in user; without one it sends a browser
// to the login page (GET) or answers 401, and returns nil.
func (s *Server) requireUser(w http.ResponseWriter, r *http.Request) *burg.User {
	if u := s.user(r); u != nil {
		return u
	}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return nil
	}
	s.error(w, r, burg.Errorf(burg.EUNAUTHORIZED, "Please log in first."))
	return nil
}

// requireModerator returns the logged-in moderator or admin, or answers
// and returns nil.
func (s *Server) requireModerator(w http.ResponseWriter, r *http.Request) *burg.User {
	u := s.requireUser(w, r)
	if u != nil && !u.IsModerator() {
		s.error(w, r, burg.Errorf(burg.EFORBIDDEN, "Only moderators may do that."))
		return nil
	}
	return u
}

// requireAdmin returns the logged-in admin, or answers and returns nil.
func (s *Server) requireAdmin(w http.ResponseWriter, r *http.Request) *burg.User {
	u := s.requireUser(w, r)
	if u != nil && u.Role != burg.RoleAdmin {
		s.error(w, r, burg.Errorf(burg.EFORBIDDEN, "Only admins may do that."))
		return nil
	}
	return u
}

// localPath returns next when it is a path on this site, else "/": a
// login never sends anyone elsewhere.
func localPath(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n\t\\") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}

type loginPage struct {
	base
	Nick  string
	Next  string
	Error string
}

// handleSessionNew shows the login form, and to a logged-in user the ways
// to log out.
func (s *Server) handleSessionNew(w http.ResponseWriter, r *http.Request) {
	s.renderLogin(w, r, http.StatusOK, &loginPage{Next: localPath(r.URL.Query().Get("next"))})
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, p *loginPage) {
	p.base = s.base(r, "Log in")
	p.NoIndex = true
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, status, "login", p)
}

// handleSessionCreate checks a nick and password and starts a session.
func (s *Server) handleSessionCreate(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	if err := parseForm(w, r, 16<<10); err != nil {
		s.error(w, r, err)
		return
	}
	p := &loginPage{Nick: strings.TrimSpace(r.PostForm.Get("nick")), Next: localPath(r.PostForm.Get("next"))}
	pw := r.PostForm.Get("password")
	if utf8.RuneCountInString(p.Nick) > 100 {
		p.Nick = string([]rune(p.Nick)[:100])
	}
	if p.Nick == "" || pw == "" {
		p.Error = "Please give your nick and your password."
		s.renderLogin(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	// Every attempt counts against the address in this instance; failed
	// ones count against the account from this address, and against the
	// address, in the store, so that the limits hold across instances and
	// nobody's guesses keep an owner from logging in elsewhere.
	ip := clientIP(r)
	throttled, err := s.loginThrottled(ctx, p.Nick, ip)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if throttled || !s.desk.loginIP.allow("ip:"+ip) {
		p.Error = "Too many attempts to log in. Please wait a few minutes and try again."
		s.renderLogin(w, r, http.StatusTooManyRequests, p)
		return
	}
	u, err := s.store.FindUserByNick(ctx, p.Nick)
	if err != nil && burg.ErrorCode(err) != burg.ENOTFOUND {
		s.error(w, r, err)
		return
	}
	ok, err := s.desk.checkPassword(ctx, u, pw)
	// A disabled account answers as a wrong password does: the answer
	// must not tell a guesser that the password was right.
	if err != nil || !ok || u.Disabled {
		// The failure is recorded even when the check could not run, so
		// that flooding the server with logins earns no free guesses; the
		// request's own time may be spent by then.
		rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		rerr := s.store.RecordLoginFailure(rctx, p.Nick, ip)
		rcancel()
		switch {
		case err != nil && r.Context().Err() != nil:
			return // the client went away
		case err != nil: // no turn to check the password came in time
			w.Header().Set("Retry-After", "5")
			p.Error = "The site is busy checking other logins. Please try again in a few seconds."
			s.renderLogin(w, r, http.StatusServiceUnavailable, p)
		case rerr != nil:
			s.error(w, r, rerr)
		default:
			p.Error = "Wrong nick or password."
			s.renderLogin(w, r, http.StatusUnauthorized, p)
		}
		return
	}
	if err := s.startSession(ctx, w, r, u); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, p.Next, http.StatusSeeOther)
}

// loginThrottled reports whether the failed logins recorded for nick from
// ip, or from ip for any nick, have reached a limit.
func (s *Server) loginThrottled(ctx context.Context, nick, ip string) (bool, error) {
	now := s.now()
	for i, lim := range loginPairLimits {
		byPair, byIP, err := s.store.CountLoginFailures(ctx, nick, ip, now.Add(-lim.window))
		if err != nil {
			return false, err
		}
		if byPair >= lim.n || byIP >= loginIPLimits[i].n {
			return true, nil
		}
	}
	return false, nil
}

// startSession stores a new session of u and gives its token to the
// browser.
func (s *Server) startSession(ctx context.Context, w http.ResponseWriter, r *http.Request, u *burg.User) error {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	token := b64.EncodeToString(b)
	sess := &burg.Session{TokenHash: hashToken(token), UserID: u.ID, ExpiresAt: s.now().Add(burg.SessionTTL),
		IP: clientIP(r), UserAgent: r.UserAgent()}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    token,
		Path:     "/",
		MaxAge:   int(burg.SessionTTL / time.Second),
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
	})
	return nil
}

// handleSessionDelete (log out) ends the session, or with everywhere=1 every session of
// the user, and forgets the cookie.
func (s *Server) handleSessionDelete(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	r.ParseForm()
	if hash := sessionHash(r); hash != "" {
		var err error
		if u := s.user(r); u != nil && r.Form.Get("everywhere") != "" {
			err = s.store.DeleteUserSessions(ctx, u.ID)
		} else {
			err = s.store.DeleteSession(ctx, hash)
		}
		if err != nil {
			s.error(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
