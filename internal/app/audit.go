package app

import (
	"context"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

// record writes an audit entry for an action the actor has done, with
// the actor as its user. The action is committed already: a failure to
// record it is logged, not returned. Actions that change comments record
// theirs in their own transaction instead (ModerateComments).
func (a *App) record(ctx context.Context, x Actor, e *burg.AuditEntry) {
	e.UserID = x.userID()
	if e.Count == 0 {
		e.Count = 1
	}
	rctx, cancel := opCtx(ctx)
	defer cancel()
	if err := a.store.AddAudit(rctx, e); err != nil {
		a.logger.Error("record audit entry", "action", e.Action, "target", e.Target, "err", err)
	}
}

// auditEntry is an entry for an action of the actor on comments.
func auditEntry(x Actor, action, target, reason, detail string) *burg.AuditEntry {
	return &burg.AuditEntry{UserID: x.userID(), Action: action, Target: target, Reason: reason, Detail: detail, Count: 1}
}

// AuditQuery is the audit log's filter as typed: a moderator's nick (or
// "operator"), an action or family of actions, and days.
type AuditQuery struct {
	Who, Action, Since, Until, Page string
}

// AuditPage is a page of the audit log.
type AuditPage struct {
	Entries []*burg.AuditEntry
	Total   int
	Page    int
	Pages   int
}

// auditPerPage is how many entries a page of the log shows.
const auditPerPage = 100

// AuditLog returns the page of the audit log that q asks for, newest
// first, for moderators.
func (a *App) AuditLog(ctx context.Context, x Actor, q AuditQuery) (*AuditPage, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	f, page, err := a.auditFilter(ctx, q)
	if err != nil {
		return nil, err
	}
	return a.auditPage(ctx, f, page)
}

// publicActions are the actions the public moderation log shows: what
// was done to comments and posts, and that someone was banned, never
// what a ban matched or why, nor anything about accounts and settings.
var publicActions = []string{burg.AuditCommentRedact, burg.AuditCommentRestore, burg.AuditCommentApprove,
	burg.AuditCommentEdit, burg.AuditCommentPurge, burg.AuditBanAdd, burg.AuditBanLift, burg.AuditPostEdit,
	burg.AuditPostRetag, burg.AuditPostClose, burg.AuditPostReopen, burg.AuditPostDelete, burg.AuditPostRestore}

// PublicLog returns a page of the moderation log as everyone may see it,
// when the site shows it: entries of the public actions only, without
// their private details, and without the reasons of bans. It is
// ENOTFOUND while the log is not public.
func (a *App) PublicLog(ctx context.Context, q AuditQuery) (*AuditPage, error) {
	m, err := a.Moderation(ctx)
	if err != nil {
		return nil, err
	}
	if !m.PublicLog {
		return nil, burg.Errorf(burg.ENOTFOUND, "This site does not publish its moderation log.")
	}
	f, page, err := a.auditFilter(ctx, AuditQuery{Action: q.Action, Since: q.Since, Until: q.Until, Page: q.Page})
	if err != nil {
		return nil, err
	}
	f.Actions = publicActions
	p, err := a.auditPage(ctx, f, page)
	if err != nil {
		return nil, err
	}
	for i, e := range p.Entries {
		pub := *e
		pub.Detail = ""
		if strings.HasPrefix(e.Action, "ban.") {
			pub.Reason = ""
		}
		if pub.User != nil {
			pub.User = &burg.User{ID: e.User.ID, Nick: e.User.Nick, Role: e.User.Role, Colour: e.User.Colour}
		}
		p.Entries[i] = &pub
	}
	return p, nil
}

func (a *App) auditPage(ctx context.Context, f burg.AuditFilter, page int) (*AuditPage, error) {
	f.Limit, f.Offset = auditPerPage, (page-1)*auditPerPage
	entries, total, err := a.store.FindAudit(ctx, f)
	if err != nil {
		return nil, err
	}
	pages := max((total+auditPerPage-1)/auditPerPage, 1)
	return &AuditPage{Entries: entries, Total: total, Page: page, Pages: pages}, nil
}

// auditFilter reads the typed filter of the log.
func (a *App) auditFilter(ctx context.Context, q AuditQuery) (burg.AuditFilter, int, error) {
	var f burg.AuditFilter
	switch who := strings.TrimSpace(q.Who); strings.ToLower(who) {
	case "":
	case "operator":
		f.Operator = true
	default:
		u, err := a.store.FindUserByNick(ctx, who)
		if burg.ErrorCode(err) == burg.ENOTFOUND {
			return f, 0, burg.Errorf(burg.EINVALID, "Nobody called %q moderates here.", burg.Clip(who, 40))
		} else if err != nil {
			return f, 0, err
		}
		f.UserID = u.ID
	}
	if act := strings.TrimSpace(q.Action); act != "" {
		if !knownAction(act) {
			return f, 0, burg.Errorf(burg.EINVALID, "%q is not a kind of action in the log.", burg.Clip(act, 40))
		}
		f.Action = act
	}
	var err error
	if f.Since, _, err = a.parseDay(q.Since); err != nil {
		return f, 0, err
	}
	var day bool
	if f.Until, day, err = a.parseDay(q.Until); err != nil {
		return f, 0, err
	}
	if day {
		f.Until = f.Until.AddDate(0, 0, 1) // the whole day typed
	}
	page := 1
	if v := strings.TrimSpace(q.Page); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 || page > 100_000 {
			return f, 0, burg.Errorf(burg.EINVALID, "%q is not a page number.", burg.Clip(v, 20))
		}
	}
	return f, page, nil
}

// AuditActions are the kinds of action the log knows, and the families
// they form ("comment."), for the log's filter.
var AuditActions = []string{
	"comment.", burg.AuditCommentRedact, burg.AuditCommentRestore, burg.AuditCommentApprove, burg.AuditCommentEdit,
	burg.AuditCommentPurge, "ban.", burg.AuditBanAdd, burg.AuditBanLift, "word.", burg.AuditWordAdd, burg.AuditWordRemove,
	"post.", burg.AuditPostEdit, burg.AuditPostRetag, burg.AuditPostClose, burg.AuditPostReopen, burg.AuditPostDelete,
	burg.AuditPostRestore, "submission.", burg.AuditSubmitApprove, burg.AuditSubmitReject, "user.", burg.AuditUserAdd,
	burg.AuditUserRole, burg.AuditUserDisable, burg.AuditUserEnable, burg.AuditUserPassword, burg.AuditSettings,
	"source.", burg.AuditSourceSet, burg.AuditSourceDelete,
}

func knownAction(a string) bool {
	for _, k := range AuditActions {
		if k == a {
			return true
		}
	}
	return false
}

// parseDay reads a day typed as YYYY-MM-DD in the site's zone (day is
// then set), or a time as YYYY-MM-DD HH:MM; "" is no bound.
func (a *App) parseDay(v string) (t time.Time, day bool, err error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, false, nil
	}
	for _, layout := range []string{burg.DateLayout, "2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, v, a.cfg.Location); err == nil && t.Year() >= 1970 && t.Year() <= 9999 {
			return t, layout == burg.DateLayout, nil
		}
	}
	return time.Time{}, false, burg.Errorf(burg.EINVALID, "%q is not a day; write it as YYYY-MM-DD (or YYYY-MM-DD HH:MM).", burg.Clip(v, 40))
}
