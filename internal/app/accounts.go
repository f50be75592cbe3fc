package app

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/password"
)

// NewPasswordLen is the length of the passwords Burg makes up.
const NewPasswordLen = 20

// Login errors.
var (
	errWrongLogin  = burg.Errorf(burg.EUNAUTHORIZED, "Wrong nick or password.")
	errLoginsFast  = burg.Errorf(burg.ETOOMANY, "Too many attempts to log in. Please wait a few minutes and try again.")
	errLoginsBusy  = burg.Errorf(burg.EUNAVAILABLE, "The site is busy checking other logins. Please try again in a few seconds.")
	errLoginFields = burg.Errorf(burg.EINVALID, "Please give your nick and your password.")
)

// Login checks a nick and password and starts a session, returning its
// token (for the browser's cookie; the store keeps only its SHA-256) and
// the user.
//
// Every attempt counts against the address in this process; failed ones
// count in the store against the account from this address, and against
// the address, so that the limits hold across instances and nobody's
// guesses keep the owner from logging in elsewhere. A disabled account
// answers as a wrong password does.
func (a *App) Login(ctx context.Context, x Actor, nick, pw string) (string, *burg.User, error) {
	nick = strings.TrimSpace(nick)
	if nick == "" || pw == "" {
		return "", nil, errLoginFields
	}
	if utf8.RuneCountInString(nick) > 100 {
		nick = string([]rune(nick)[:100])
	}
	throttled, err := a.loginThrottled(ctx, nick, x.IP)
	if err != nil {
		return "", nil, err
	}
	if throttled || !a.loginIP.allow("ip:"+x.IP) {
		return "", nil, errLoginsFast
	}
	u, err := a.store.FindUserByNick(ctx, nick)
	if err != nil && burg.ErrorCode(err) != burg.ENOTFOUND {
		return "", nil, err
	}
	ok, err := a.checkPassword(ctx, u, pw)
	if err != nil || !ok || u.Disabled {
		// The failure is recorded even when the check could not run, so
		// that flooding the server with logins earns no free guesses; the
		// request's own time may be spent by then.
		rctx, cancel := opCtx(ctx)
		rerr := a.store.RecordLoginFailure(rctx, nick, x.IP)
		cancel()
		switch {
		case err != nil && ctx.Err() != nil:
			return "", nil, ctx.Err()
		case err != nil:
			return "", nil, errLoginsBusy
		case rerr != nil:
			return "", nil, rerr
		}
		return "", nil, errWrongLogin
	}
	token, err := NewToken()
	if err != nil {
		return "", nil, err
	}
	sess := &burg.Session{TokenHash: hashToken(token), UserID: u.ID, ExpiresAt: a.now().Add(burg.SessionTTL),
		IP: x.IP, UserAgent: x.UserAgent}
	if err := a.store.CreateSession(ctx, sess); err != nil {
		return "", nil, err
	}
	return token, u, nil
}

// loginThrottled reports whether the failed logins recorded for nick from
// ip, or from ip for any nick, have reached a limit.
func (a *App) loginThrottled(ctx context.Context, nick, ip string) (bool, error) {
	now := a.now()
	for i, lim := range loginPairLimits {
		byPair, byIP, err := a.store.CountLoginFailures(ctx, nick, ip, now.Add(-lim.Window))
		if err != nil {
			return false, err
		}
		if byPair >= lim.N || byIP >= loginIPLimits[i].N {
			return true, nil
		}
	}
	return false, nil
}

// checkPassword checks pw against u's hash, or against a made-up hash when
// there is no such user, so that an unknown nick answers as slowly as a
// wrong password. It waits for a turn of the hash limiter, and returns an
// error only when none came (or ctx ended).
func (a *App) checkPassword(ctx context.Context, u *burg.User, pw string) (bool, error) {
	hash := ""
	if u != nil {
		hash = u.PasswordHash
	} else {
		a.dummyOnce.Do(func() { a.dummyHash, _ = password.Hash(password.Generate(20), password.Default) })
		hash = a.dummyHash
	}
	ok, err := a.hashes.Check(ctx, pw, hash)
	if errors.Is(err, password.ErrBusy) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false, err
	}
	// An account without a usable password cannot log in.
	return ok && err == nil && u != nil, nil
}

// UserBySession returns the enabled user whose live session has the token,
// or ENOTFOUND.
func (a *App) UserBySession(ctx context.Context, token string) (*burg.User, error) {
	if token == "" {
		return nil, burg.Errorf(burg.ENOTFOUND, "No such session.")
	}
	sess, err := a.store.FindSession(ctx, hashToken(token))
	if err != nil {
		return nil, err
	}
	return sess.User, nil
}

// Logout ends the session with the token; with everywhere, every session
// of its user.
func (a *App) Logout(ctx context.Context, token string, everywhere bool) error {
	if token == "" {
		return nil
	}
	if everywhere {
		sess, err := a.store.FindSession(ctx, hashToken(token))
		if err == nil {
			return a.store.DeleteUserSessions(ctx, sess.UserID)
		} else if burg.ErrorCode(err) != burg.ENOTFOUND {
			return err
		}
	}
	return a.store.DeleteSession(ctx, hashToken(token))
}

// UserInput is a user as an admin types one.
type UserInput struct {
	Nick, Role, Colour string
	// Password is the new user's password; "" makes one up, which
	// CreateUser returns.
	Password string
}

// MinPasswordLen is the shortest password a person may choose.
const MinPasswordLen = 10

// CreateUser adds a registered user. It returns the password when it made
// one up, to be shown once.
func (a *App) CreateUser(ctx context.Context, x Actor, in UserInput) (*burg.User, string, error) {
	if err := x.needAdmin(); err != nil {
		return nil, "", err
	}
	u := &burg.User{Nick: strings.TrimSpace(in.Nick), Role: strings.TrimSpace(in.Role),
		Colour: strings.ToLower(strings.TrimSpace(in.Colour))}
	if err := u.Validate(); err != nil {
		return nil, "", err
	}
	if err := a.nickTaken(ctx, u.Nick); err != nil {
		return nil, "", err
	}
	pw, made := in.Password, ""
	if pw == "" {
		pw = password.Generate(NewPasswordLen)
		made = pw
	} else if utf8.RuneCountInString(pw) < MinPasswordLen {
		return nil, "", burg.Errorf(burg.EINVALID, "The password must be at least %d characters.", MinPasswordLen)
	}
	hash, err := password.Hash(pw, password.Default)
	if err != nil {
		return nil, "", err
	}
	u.PasswordHash = hash
	if err := a.store.CreateUser(ctx, u); err != nil {
		if burg.ErrorCode(err) == burg.ECONFLICT { // made meanwhile
			return nil, "", burg.Errorf(burg.EINVALID, "%s", burg.ErrorMessage(err))
		}
		return nil, "", err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventUsers}) // the nick is reserved now; a moderator shows in the rail
	a.record(ctx, x, &burg.AuditEntry{Action: burg.AuditUserAdd, Target: "user " + u.Nick, Detail: u.Role})
	return u, made, nil
}

// targetUser reads a user an admin acts on.
func (a *App) targetUser(ctx context.Context, x Actor, id int64) (*burg.User, error) {
	if err := x.needAdmin(); err != nil {
		return nil, err
	}
	return a.store.FindUser(ctx, id)
}

// SetUserRole changes a user's role and colour. An admin cannot take away
// their own admin role.
func (a *App) SetUserRole(ctx context.Context, x Actor, id int64, role, colour string) (*burg.User, error) {
	u, err := a.targetUser(ctx, x, id)
	if err != nil {
		return nil, err
	}
	role, colour = strings.TrimSpace(role), strings.ToLower(strings.TrimSpace(colour))
	if u.ID == x.userID() && role != burg.RoleAdmin {
		return nil, burg.Errorf(burg.EINVALID, "You cannot take away your own admin role; ask another admin.")
	}
	u.Role, u.Colour = role, colour
	return u, a.saveUser(ctx, x, u, false, burg.AuditUserRole, role+" "+colour)
}

// DisableUser disables an account and ends its sessions, at once. An
// admin cannot disable their own.
func (a *App) DisableUser(ctx context.Context, x Actor, id int64) (*burg.User, error) {
	u, err := a.targetUser(ctx, x, id)
	if err != nil {
		return nil, err
	}
	if u.ID == x.userID() {
		return nil, burg.Errorf(burg.EINVALID, "You cannot disable your own account.")
	}
	u.Disabled = true
	return u, a.saveUser(ctx, x, u, true, burg.AuditUserDisable, "")
}

// EnableUser enables a disabled account again.
func (a *App) EnableUser(ctx context.Context, x Actor, id int64) (*burg.User, error) {
	u, err := a.targetUser(ctx, x, id)
	if err != nil {
		return nil, err
	}
	u.Disabled = false
	return u, a.saveUser(ctx, x, u, false, burg.AuditUserEnable, "")
}

// ResetPassword gives a user a new made-up password, returned to be shown
// once, and ends their sessions.
func (a *App) ResetPassword(ctx context.Context, x Actor, id int64) (*burg.User, string, error) {
	u, err := a.targetUser(ctx, x, id)
	if err != nil {
		return nil, "", err
	}
	pw := password.Generate(NewPasswordLen)
	if u.PasswordHash, err = password.Hash(pw, password.Default); err != nil {
		return nil, "", err
	}
	return u, pw, a.saveUser(ctx, x, u, true, burg.AuditUserPassword, "")
}

func (a *App) saveUser(ctx context.Context, x Actor, u *burg.User, endSessions bool, action, detail string) error {
	if err := a.store.UpdateUser(ctx, u, endSessions); err != nil {
		if burg.ErrorCode(err) == burg.EINVALID {
			return burg.Errorf(burg.EINVALID, "%s: %s", u.Nick, burg.ErrorMessage(err))
		}
		return err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventUsers}) // colours, roles, the moderators' rail
	a.record(ctx, x, &burg.AuditEntry{Action: action, Target: "user " + u.Nick, Detail: strings.TrimSpace(detail)})
	return nil
}

// Users lists the registered users, for admins.
func (a *App) Users(ctx context.Context, x Actor) ([]*burg.User, error) {
	if err := x.needAdmin(); err != nil {
		return nil, err
	}
	return a.store.FindUsers(ctx)
}
