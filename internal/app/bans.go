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
//
// The bans in force are read once and kept (see activeBans), so that a
// comment costs no query for them.
func (a *App) banned(ctx context.Context, c *burg.Comment) (bool, error) {
	list, err := a.activeBans(ctx)
	if err != nil {
		return false, err
	}
	b := list.find(commenter(c.Nick, c.VisitorID, c.IP), a.now())
	if b == nil {
		return false, nil
	}
	a.logger.Info("banned comment refused", "ban", b.ID, "kind", b.Kind, "post", c.PostID)
	return true, nil
}

// liveBans is the bans in force when it was read, indexed for the check
// every comment makes.
type liveBans struct {
	at time.Time
	// keyed holds the nick, visitor and address bans by kind and match
	// key (one may be banned twice, the second ban outlasting the first);
	// nets the network bans, which are matched by containment.
	keyed map[liveBanKey][]*burg.Ban
	nets  []*burg.Ban
}

type liveBanKey struct{ kind, key string }

func newLiveBans(bans []*burg.Ban, at time.Time) *liveBans {
	l := &liveBans{at: at, keyed: make(map[liveBanKey][]*burg.Ban, len(bans))}
	for _, b := range bans {
		if b.Kind == burg.BanNet {
			l.nets = append(l.nets, b)
			continue
		}
		key := b.MatchKey
		if key == "" {
			key = b.Value
		}
		k := liveBanKey{b.Kind, key}
		l.keyed[k] = append(l.keyed[k], b)
	}
	return l
}

// find returns the oldest ban still in force at now that holds c, nil
// for none: what the store's FindActiveBan answers.
func (l *liveBans) find(c burg.Commenter, now time.Time) *burg.Ban {
	var found *burg.Ban
	take := func(bs ...*burg.Ban) {
		for _, b := range bs {
			if b.Active(now) && (found == nil || b.ID < found.ID) {
				found = b
			}
		}
	}
	if c.NickKey != "" {
		take(l.keyed[liveBanKey{burg.BanNick, c.NickKey}]...)
	}
	if c.LooseKey != "" && c.LooseKey != c.NickKey {
		take(l.keyed[liveBanKey{burg.BanNick, c.LooseKey}]...)
	}
	if c.VisitorID != "" {
		take(l.keyed[liveBanKey{burg.BanVisitor, c.VisitorID}]...)
	}
	if c.IP != "" {
		ip := burg.Ban{Kind: burg.BanIP, Value: c.IP}
		if ip.Validate() == nil {
			take(l.keyed[liveBanKey{burg.BanIP, ip.Value}]...)
			for _, b := range l.nets {
				if b.MatchesAddr(ip.Value) {
					take(b)
				}
			}
		}
	}
	return found
}

// activeBans returns the bans in force, read once and kept until a ban
// is made or lifted (EventBans, which reaches every instance through the
// bus) or for liveBansTTL, the bound on an event lost.
func (a *App) activeBans(ctx context.Context) (*liveBans, error) {
	now := a.now()
	a.bansMu.Lock()
	l, gen := a.bans, a.bansGen
	a.bansMu.Unlock()
	if l != nil && now.Sub(l.at) < liveBansTTL && !now.Before(l.at) {
		return l, nil
	}
	bans, err := a.store.FindBans(ctx, false)
	if err != nil {
		return nil, err
	}
	l = newLiveBans(bans, now)
	a.bansMu.Lock()
	// A list read across a change of the bans serves this comment, which
	// came before the change, but is not kept.
	if a.bansGen == gen {
		a.bans = l
	}
	a.bansMu.Unlock()
	return l, nil
}

// liveBansTTL bounds how long a ban made on another instance can go
// unseen here if its event is lost.
const liveBansTTL = 30 * time.Second

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
