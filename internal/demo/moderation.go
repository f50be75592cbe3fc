package demo

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/nick"
)

// The demo's moderators at work: the spam of the last hours waits in the
// queue rather than being removed already, every removal is in the
// audit log under the moderator who made it, and there are blocked words
// and bans, each with its log entry.

// heldWindow is how far back before the newest comment spam is still
// waiting for a moderator.
const heldWindow = 6 * time.Hour

// moderators are the site's moderators and admins.
func (s *Site) moderators() []*burg.User {
	var out []*burg.User
	for _, u := range s.Users {
		if u.Role == burg.RoleModerator || u.Role == burg.RoleAdmin {
			out = append(out, u)
		}
	}
	return out
}

// holdRecentSpam turns the spam of the last heldWindow into comments
// held for a moderator, with the score and signals the spam rules would
// give them, and names a moderator for every other removal.
func (s *Site) holdRecentSpam() {
	if len(s.Comments) == 0 {
		return
	}
	mods := s.moderators()
	newest := s.Comments[len(s.Comments)-1].CreatedAt
	for i, c := range s.Comments {
		if c.DeletedAt == nil || c.DeleteReason == reasonWriter {
			continue
		}
		if c.DeleteReason == reasonSpam && newest.Sub(c.CreatedAt) < heldWindow {
			c.DeletedAt, c.DeleteReason = nil, ""
			c.State = burg.CommentHeld
			signals := []string{"no cookie from the article's page", "a robot's user agent"}
			c.Score = 3
			if i%3 == 0 {
				signals = append(signals, "the same text on another article today")
				c.Score += 2
			}
			c.Signals = strings.Join(signals, "; ")
			continue
		}
		if len(mods) > 0 {
			c.ModeratedBy = mods[i%len(mods)].ID
		}
	}
}

// auditReasons are the reasons the audit log gives for demo removals.
var auditReasons = map[string]string{
	reasonSpam:   "Spam.",
	reasonAttack: "Personal attack.",
	reasonTopic:  "Off topic.",
}

// loadModeration stores what the moderators did: an audit entry for each
// removal (at its time, by its moderator), blocked words and bans.
func loadModeration(ctx context.Context, store burg.Store, s *Site) error {
	mods := s.moderators()
	if len(mods) == 0 {
		return nil
	}
	for _, c := range s.Comments {
		if c.DeletedAt == nil || c.DeleteReason == reasonWriter || c.ModeratedBy == 0 {
			continue
		}
		e := &burg.AuditEntry{At: *c.DeletedAt, UserID: c.ModeratedBy, Action: burg.AuditCommentRedact,
			Target: "comment " + strconv.FormatInt(c.ID, 10), PostID: c.PostID, Count: 1,
			Reason: auditReasons[c.DeleteReason], Detail: c.Nick + " from " + burg.Network(c.IP)}
		if err := store.AddAudit(ctx, e); err != nil {
			return fmt.Errorf("audit removal of comment %d: %w", c.ID, err)
		}
	}
	newest := time.Now().UTC()
	if n := len(s.Comments); n > 0 {
		newest = s.Comments[n-1].CreatedAt
	}
	words := []struct{ word, action string }{
		{"cheap watches", burg.WordReject},
		{"real diplomas", burg.WordReject},
		{"earn from home", burg.WordHold},
		{"visa problems", burg.WordHold},
	}
	for i, w := range words {
		bw := &burg.BlockedWord{Word: w.word, Action: w.action, Key: nick.PhraseKey(w.word), UserID: mods[i%len(mods)].ID}
		if err := store.AddBlockedWord(ctx, bw); err != nil {
			return fmt.Errorf("block %q: %w", w.word, err)
		}
		if err := store.AddAudit(ctx, &burg.AuditEntry{At: newest.Add(-time.Duration(20-i) * 24 * time.Hour),
			UserID: bw.UserID, Action: burg.AuditWordAdd, Target: "word " + strconv.FormatInt(bw.ID, 10),
			Count: 1, Reason: "Spam wave.", Detail: w.word + " (" + w.action + ")"}); err != nil {
			return fmt.Errorf("audit blocked word: %w", err)
		}
	}
	week := newest.Add(7 * 24 * time.Hour)
	bans := []*burg.Ban{
		{Kind: burg.BanNick, Value: spammers[0].nick, Reason: "Saffron spam on a dozen articles."},
		{Kind: burg.BanNet, Value: "203.0.113.0/24", Reason: "A spam wave from one network.", ExpiresAt: &week},
		{Kind: burg.BanNick, Value: spammers[3].nick, Reason: "Work-from-home spam."},
	}
	for i, b := range bans {
		b.UserID = mods[(i+1)%len(mods)].ID
		b.MatchKey = b.Value
		if b.Kind == burg.BanNick {
			b.MatchKey = nick.Loose(b.Value)
		}
		if err := store.CreateBan(ctx, b); err != nil {
			return fmt.Errorf("ban %q: %w", b.Value, err)
		}
		if err := store.AddAudit(ctx, &burg.AuditEntry{At: newest.Add(-time.Duration(3+i*5) * 24 * time.Hour),
			UserID: b.UserID, Action: burg.AuditBanAdd, Target: "ban " + strconv.FormatInt(b.ID, 10),
			Count: 1, Reason: b.Reason, Detail: b.Kind + " " + b.Value}); err != nil {
			return fmt.Errorf("audit ban: %w", err)
		}
	}
	return nil
}
