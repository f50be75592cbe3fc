package burg

import (
	"context"
	"net/netip"
	"strings"
	"time"
	"unicode/utf8"
)

// Kinds of ban: what a ban matches a commenter by.
const (
	BanNick    = "nick"    // the nick, compared by its canonical form, so look-alikes match
	BanVisitor = "visitor" // the visitor cookie's id
	BanIP      = "ip"      // one address
	BanNet     = "net"     // a network in CIDR notation, such as 203.0.113.0/24
)

// MaxBanReasonLen bounds the reason of a ban.
const MaxBanReasonLen = 500

// Ban keeps a commenter out ("troll-dump") until it expires or is lifted.
type Ban struct {
	ID    int64
	Kind  string // one of the Ban… kinds
	Value string // the nick, visitor id, address or network, as given
	// Reason is for moderators; the banned commenter is never shown it.
	Reason    string
	CreatedAt time.Time
	// ExpiresAt ends the ban; nil keeps it until it is lifted.
	ExpiresAt *time.Time
	// UserID is the moderator who made the ban, 0 when it was made from
	// the command line.
	UserID int64
	// MatchKey is what a check compares: for a nick ban the nick's
	// canonical form, so that look-alikes share it; for others the value.
	// The application layer computes it; the store keeps and compares it.
	MatchKey string
}

// Validate checks a ban and normalises its value: spaces trimmed, an
// address or network in its canonical form (::ffff:192.0.2.1 is
// 192.0.2.1, 192.0.2.7/24 is 192.0.2.0/24).
func (b *Ban) Validate() error {
	b.Value = strings.TrimSpace(b.Value)
	switch {
	case b.Value == "":
		return Errorf(EINVALID, "A ban needs a nick, visitor, address or network.")
	case utf8.RuneCountInString(b.Reason) > MaxBanReasonLen:
		return Errorf(EINVALID, "The reason is longer than %d characters.", MaxBanReasonLen)
	case !utf8.ValidString(b.Value) || !utf8.ValidString(b.Reason):
		return Errorf(EINVALID, "The ban has text that is not valid UTF-8.")
	}
	switch b.Kind {
	case BanNick:
		if utf8.RuneCountInString(b.Value) > MaxNickLen {
			return Errorf(EINVALID, "A nick is at most %d characters.", MaxNickLen)
		}
	case BanVisitor:
		if len(b.Value) > 100 {
			return Errorf(EINVALID, "That is not a visitor id.")
		}
	case BanIP:
		a, err := netip.ParseAddr(b.Value)
		if err != nil {
			return Errorf(EINVALID, "%q is not an IP address.", Clip(b.Value, 60))
		}
		b.Value = a.Unmap().WithZone("").String()
	case BanNet:
		p, err := netip.ParsePrefix(b.Value)
		if err != nil {
			return Errorf(EINVALID, "%q is not a network such as 203.0.113.0/24 or 2001:db8::/32.", Clip(b.Value, 60))
		}
		if p.Addr().Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		b.Value = p.Masked().String()
	default:
		return Errorf(EINVALID, "A ban is by nick, visitor, ip or net, not %q.", Clip(b.Kind, 20))
	}
	return nil
}

// Active reports whether the ban holds at now.
func (b *Ban) Active(now time.Time) bool {
	return b.ExpiresAt == nil || now.Before(*b.ExpiresAt)
}

// MatchesAddr reports whether an ip or net ban covers addr; nick and
// visitor bans cover no address, and neither does one that does not
// parse.
func (b *Ban) MatchesAddr(addr string) bool {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	a = a.Unmap().WithZone("")
	switch b.Kind {
	case BanIP:
		v, err := netip.ParseAddr(b.Value)
		return err == nil && v == a
	case BanNet:
		p, err := netip.ParsePrefix(b.Value)
		return err == nil && p.Contains(a)
	}
	return false
}

// Commenter is who is about to comment, as a ban check sees them: the
// keys of their nick (a nick ban's MatchKey is one or the other), their
// visitor id and their address.
type Commenter struct {
	NickKey string
	// LooseKey is a second key of the nick, the looser one nick bans are
	// made with now; "" for none.
	LooseKey  string
	VisitorID string
	IP        string
}

// CommentActivity is how many comments one visitor and one address made
// since some time, for the rate limits.
type CommentActivity struct {
	ByVisitor int
	ByIP      int
}

// BanStore keeps bans and answers the questions the comment form asks
// before it stores a comment. Everything it answers comes from the
// database, so that every instance of Burg holds the same bans and limits.
type BanStore interface {
	// CreateBan stores b and sets its ID and CreatedAt. A nick ban needs
	// its MatchKey; for other kinds an empty MatchKey means the value.
	CreateBan(ctx context.Context, b *Ban) error
	// FindBans returns the bans, newest first: those in force at the
	// store's now, or every one with expired set.
	FindBans(ctx context.Context, expired bool) ([]*Ban, error)
	// DeleteBan lifts a ban; ENOTFOUND when there is no such ban.
	DeleteBan(ctx context.Context, id int64) error
	// FindActiveBan returns the oldest ban in force that matches the
	// commenter: a nick ban by its MatchKey (either key), the visitor id exactly, the
	// address exactly or within a banned network. ENOTFOUND when none
	// does; empty fields match nothing.
	FindActiveBan(ctx context.Context, c Commenter) (*Ban, error)
	// CountCommentsSince counts the comments, removed ones included, made
	// at or after since by the visitor and from the address; an empty
	// visitor or address counts 0.
	CountCommentsSince(ctx context.Context, visitorID, ip string, since time.Time) (CommentActivity, error)
}
