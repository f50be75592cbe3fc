package app

import (
	"context"
	"fmt"
	"strings"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/nick"
)

// reservedNicks are the nicks no anonymous commenter may take: those of
// registered users, with their look-alikes, and any nick with a staff
// word or the site's name in it.
type reservedNicks struct {
	set   *nick.Reserved
	staff *nick.Phrases
}

// StaffWords are the words a nick may not hold, in any look-alike
// spelling, unless it is a registered user's own: they would pass for the
// site speaking.
var StaffWords = []string{"admin", "administrator", "moderator", "mod", "staff", "webmaster", "system"}

// reservedNicks returns the reserved nicks, read once and kept until an
// EventUsers.
func (a *App) reservedNicks(ctx context.Context) (*reservedNicks, error) {
	a.reservedMu.Lock()
	r := a.reserved
	a.reservedMu.Unlock()
	if r != nil {
		return r, nil
	}
	users, err := a.store.FindUsers(ctx)
	if err != nil {
		return nil, err
	}
	nicks := make([]string, len(users))
	for i, u := range users {
		nicks[i] = u.Nick
	}
	r = &reservedNicks{set: nick.NewReserved(nicks...), staff: nick.NewPhrases(append([]string{a.cfg.SiteName}, StaffWords...)...)}
	a.reservedMu.Lock()
	a.reserved = r
	a.reservedMu.Unlock()
	return r, nil
}

// claimNick checks a cleaned nick against the reserved ones: a registered
// member's own nick (or a look-alike of it) is theirs to comment under,
// and becomes their nick exactly; anyone else is refused.
func (a *App) claimNick(ctx context.Context, x Actor, c *burg.Comment) error {
	r, err := a.reservedNicks(ctx)
	if err != nil {
		return err
	}
	owner, taken := r.set.Owner(c.Nick)
	if taken {
		if u := x.User; u != nil && strings.EqualFold(owner, u.Nick) {
			c.Nick, c.UserID = u.Nick, u.ID
			return nil
		}
		return burg.Errorf(burg.EINVALID, "The nick %q belongs to a registered member (%s). Please pick another.", c.Nick, owner)
	}
	if w, ok := r.staff.FindNick(c.Nick); ok {
		if strings.EqualFold(w, a.cfg.SiteName) {
			return burg.Errorf(burg.EINVALID, "The nick %q looks like the site's own name. Please pick another.", c.Nick)
		}
		return burg.Errorf(burg.EINVALID, "The nick %q looks like the site's staff (%q). Please pick another.", c.Nick, w)
	}
	return nil
}

// FreshNick returns a Pic-a-Nic that is no registered member's nick nor
// looks like one.
func (a *App) FreshNick(ctx context.Context) (string, error) {
	r, err := a.reservedNicks(ctx)
	if err != nil {
		return "", err
	}
	for range 50 {
		n := a.nicks.Nick()
		_, taken := r.set.Owner(n)
		_, staff := r.staff.FindNick(n)
		if !taken && !staff {
			return n, nil
		}
	}
	return "", fmt.Errorf("fifty generated nicks were all reserved")
}

// SuggestNick returns a Pic-a-Nic for a form shown without JavaScript;
// unlike FreshNick it reads nothing, so that a page view stays cheap.
func (a *App) SuggestNick() string { return a.nicks.Nick() }

// OriginalNick returns the first nick the visitor commented under, or ""
// with a message when there is none yet.
func (a *App) OriginalNick(ctx context.Context, visitorID string) (string, error) {
	if visitorID != "" {
		v, err := a.store.FindVisitor(ctx, visitorID)
		switch {
		case err == nil && v.FirstNick != "":
			return v.FirstNick, nil
		case err != nil && burg.ErrorCode(err) != burg.ENOTFOUND:
			return "", err
		}
	}
	return "", burg.Errorf(burg.EINVALID, "You have not commented here before, so there is no original nick yet.")
}

// nickTaken refuses a new account's nick that is, or looks like, another
// account's: "Harr0wgate" beside "Harrowgate" would pass for the real one
// and keep them from their own nick in the comments.
func (a *App) nickTaken(ctx context.Context, n string) error {
	users, err := a.store.FindUsers(ctx)
	if err != nil {
		return err
	}
	nicks := make([]string, len(users))
	for i, u := range users {
		nicks[i] = u.Nick
	}
	if owner, taken := nick.NewReserved(nicks...).Owner(n); taken {
		return burg.Errorf(burg.EINVALID, "The nick %q is, or looks too much like, %s's.", n, owner)
	}
	return nil
}
