package app

import (
	"context"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/nick"
)

// banKey is what a ban of a kind is matched by: the loose key of a nick,
// so that look-alikes ("TR0LL K1NG") share it, else the normalised
// value. Nick bans made before keyed by the canonical form, which a check
// compares too.
func banKey(kind, value string) string {
	if kind == burg.BanNick {
		return nick.Loose(value)
	}
	return value
}

// commenter is who a ban check compares: the nick by both its keys.
func commenter(nickName, visitor, ip string) burg.Commenter {
	return burg.Commenter{NickKey: nick.Canonical(nickName), LooseKey: nick.Loose(nickName), VisitorID: visitor, IP: ip}
}

// banned reports whether a ban in force holds the commenter: by nick
// (look-alikes included), visitor cookie, address or network. Neither the
// kind of ban nor its reason is told to the commenter: they would tell a
// troll what to change.
func (a *App) banned(ctx context.Context, c *burg.Comment) (bool, error) {
	b, err := a.store.FindActiveBan(ctx, commenter(c.Nick, c.VisitorID, c.IP))
	switch {
	case burg.ErrorCode(err) == burg.ENOTFOUND:
		return false, nil
	case err != nil:
		return false, err
	}
	a.logger.Info("banned comment refused", "ban", b.ID, "kind", b.Kind, "post", c.PostID)
	return true, nil
}

// CreateBan keeps a commenter out until b expires (nil: until lifted), on
// every instance at once. It sets b's ID and CreatedAt.
func (a *App) CreateBan(ctx context.Context, x Actor, b *burg.Ban) error {
	if err := x.needModerator(); err != nil {
		return err
	}
	if err := b.Validate(); err != nil {
		return err
	}
	b.MatchKey = banKey(b.Kind, b.Value)
	if b.MatchKey == "" {
		return burg.Errorf(burg.EINVALID, "The nick %q has nothing in it to ban.", b.Value)
	}
	b.UserID = x.userID()
	if err := a.store.CreateBan(ctx, b); err != nil {
		return err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventBans})
	a.record(ctx, x, &burg.AuditEntry{Action: burg.AuditBanAdd, Target: "ban " + strconv.FormatInt(b.ID, 10),
		Reason: b.Reason, Detail: b.Kind + " " + b.Value + " " + untilText(b.ExpiresAt)})
	return nil
}

// untilText says how long a ban lasts, for the log.
func untilText(at *time.Time) string {
	if at == nil {
		return "until lifted"
	}
	return "until " + at.UTC().Format(time.RFC3339)
}

// Bans returns the bans in force, newest first, or with expired set every
// ban there has been.
func (a *App) Bans(ctx context.Context, x Actor, expired bool) ([]*burg.Ban, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	return a.store.FindBans(ctx, expired)
}

// RemoveBan lifts a ban.
func (a *App) RemoveBan(ctx context.Context, x Actor, id int64) error {
	if err := x.needModerator(); err != nil {
		return err
	}
	detail := ""
	if bans, err := a.store.FindBans(ctx, true); err == nil {
		for _, b := range bans {
			if b.ID == id {
				detail = b.Kind + " " + b.Value
			}
		}
	}
	if err := a.store.DeleteBan(ctx, id); err != nil {
		return err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventBans})
	a.record(ctx, x, &burg.AuditEntry{Action: burg.AuditBanLift, Target: "ban " + strconv.FormatInt(id, 10), Detail: detail})
	return nil
}

// AddBan makes a ban as a moderator types it: a kind (nick, visitor, ip,
// net), its value, how long (72h, 30d, forever; "" is three days) and why.
func (a *App) AddBan(ctx context.Context, x Actor, kind, value, span, reason string) error {
	if err := x.needModerator(); err != nil {
		return err
	}
	until, err := a.banUntil(span)
	if err != nil {
		return err
	}
	return a.CreateBan(ctx, x, &burg.Ban{Kind: strings.TrimSpace(kind), Value: value, Reason: strings.TrimSpace(reason), ExpiresAt: until})
}
