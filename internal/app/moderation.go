package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/nick"
)

// Moderators act on comments one at a time from the article page, or on
// many at once from their search. Every change is one transaction with
// its audit entry, and publishes the events of the posts it touched.

// maxBulk is the most comments one bulk action changes; a larger set is
// cleaned in several requests.
const maxBulk = 10_000

// eventsPerPost is how many posts a moderation tells of one by one;
// beyond it, one EventAll says that anything may have changed.
const eventsPerPost = 20

// defaultRedaction is the reason readers see when a moderator gives none.
const defaultRedaction = "Removed by a moderator."

// Bulk actions.
const (
	BulkRedact  = "redact"
	BulkRestore = "restore"
	BulkApprove = "approve"
	BulkBan     = "ban"
)

// moderation is what each action changes: from which states, to which.
var moderation = map[string]struct {
	from  []string
	to    string
	audit string
}{
	BulkRedact:  {[]string{burg.CommentLive, burg.CommentHeld}, burg.CommentRedacted, burg.AuditCommentRedact},
	BulkRestore: {[]string{burg.CommentRedacted}, burg.CommentLive, burg.AuditCommentRestore},
	BulkApprove: {[]string{burg.CommentHeld}, burg.CommentLive, burg.AuditCommentApprove},
}

// publishPosts tells of a change to the comments of posts.
func (a *App) publishPosts(ctx context.Context, posts []int64) {
	if len(posts) > eventsPerPost {
		a.publish(ctx, burg.Event{Kind: burg.EventAll})
		return
	}
	for _, p := range posts {
		a.publish(ctx, burg.Event{Kind: burg.EventComment, PostID: p})
	}
}

// moderate applies one of the moderation actions to comments.
func (a *App) moderate(ctx context.Context, x Actor, action string, ids []int64, reason, target, detail string) (burg.Moderated, error) {
	m, ok := moderation[action]
	if !ok {
		return burg.Moderated{}, burg.Errorf(burg.EINVALID, "The action is redact, restore, approve or ban, not %q.", burg.Clip(action, 20))
	}
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > 500 {
		return burg.Moderated{}, burg.Errorf(burg.EINVALID, "The reason is longer than 500 characters.")
	}
	if !utf8.ValidString(reason) {
		return burg.Moderated{}, burg.Errorf(burg.EINVALID, "The reason has text that is not valid UTF-8.")
	}
	if action == BulkRedact && reason == "" {
		reason = defaultRedaction
	}
	audit := auditEntry(x, m.audit, target, reason, detail)
	res, err := a.store.ModerateComments(ctx, burg.CommentModeration{IDs: ids, From: m.from, To: m.to,
		Reason: reasonFor(action, reason), UserID: x.userID(), Audit: audit})
	if err != nil {
		return res, err
	}
	a.publishPosts(ctx, res.Posts)
	return res, nil
}

// reasonFor is what a comment keeps as its reason: only a redaction has
// one readers see.
func reasonFor(action, reason string) string {
	if action == BulkRedact {
		return reason
	}
	return ""
}

// moderatedComment reads a comment for a moderator's action.
func (a *App) moderatedComment(ctx context.Context, x Actor, id int64) (*burg.Comment, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	return a.store.FindComment(ctx, id)
}

// ModerateComment applies an action (redact, restore, approve) to one
// comment. A comment not in a state the action changes is left, with an
// error saying so.
func (a *App) ModerateComment(ctx context.Context, x Actor, id int64, action, reason string) (*burg.Comment, error) {
	c, err := a.moderatedComment(ctx, x, id)
	if err != nil {
		return nil, err
	}
	if c.PurgedAt != nil {
		return c, burg.Errorf(burg.ECONFLICT, "The text of that comment has been purged; it cannot be changed any more.")
	}
	res, err := a.moderate(ctx, x, action, []int64{c.ID}, reason, "comment "+strconv.FormatInt(c.ID, 10), "")
	if err != nil {
		return c, err
	}
	if res.Changed == 0 {
		return c, burg.Errorf(burg.ECONFLICT, "That comment is %s, so there is nothing to %s.", c.State, action)
	}
	return a.store.FindComment(ctx, c.ID)
}

// RedactComment removes a comment as a moderator, with a reason readers
// see in its place. The text is kept until purged.
func (a *App) RedactComment(ctx context.Context, x Actor, id int64, reason string) (*burg.Comment, error) {
	return a.ModerateComment(ctx, x, id, BulkRedact, reason)
}

// RestoreComment brings back a redacted comment.
func (a *App) RestoreComment(ctx context.Context, x Actor, id int64) (*burg.Comment, error) {
	return a.ModerateComment(ctx, x, id, BulkRestore, "")
}

// ApproveComment publishes a held comment.
func (a *App) ApproveComment(ctx context.Context, x Actor, id int64) (*burg.Comment, error) {
	return a.ModerateComment(ctx, x, id, BulkApprove, "")
}

// EditComment replaces the text of any live or held comment as a
// moderator; the old text is kept as a revision.
func (a *App) EditComment(ctx context.Context, x Actor, id int64, body, reason string) (*burg.Comment, error) {
	c, err := a.moderatedComment(ctx, x, id)
	if err != nil {
		return nil, err
	}
	body = strings.ReplaceAll(body, "\r\n", "\n")
	if c.DeletedAt != nil {
		return c, burg.Errorf(burg.ECONFLICT, "That comment has been removed; restore it before editing it.")
	}
	edited := *c
	edited.Body = body
	if err := checkCommentText(&edited); err != nil {
		return c, err
	}
	if body == c.Body {
		return c, nil
	}
	if err := a.store.UpdateCommentBody(ctx, c.ID, body); err != nil {
		return c, err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventComment, PostID: c.PostID})
	a.record(ctx, x, &burg.AuditEntry{Action: burg.AuditCommentEdit, Target: "comment " + strconv.FormatInt(c.ID, 10),
		PostID: c.PostID, Reason: strings.TrimSpace(reason)})
	return &edited, nil
}

// CommentQuery is the moderators' search as typed: the query parameters
// of /mod/comments and the filter fields of a bulk action.
type CommentQuery struct {
	Nick, Visitor, IP, Since, Until, Q, State, Post, Page string
}

// Empty reports whether nothing was typed to search by.
func (q CommentQuery) Empty() bool {
	return strings.TrimSpace(q.Nick+q.Visitor+q.IP+q.Since+q.Until+q.Q+q.State+q.Post) == ""
}

// commentFilter reads the typed search.
func (a *App) commentFilter(q CommentQuery) (burg.CommentFilter, error) {
	var f burg.CommentFilter
	for _, s := range []string{q.Nick, q.Visitor, q.IP, q.Since, q.Until, q.Q, q.State, q.Post, q.Page} {
		if !utf8.ValidString(s) {
			return f, burg.Errorf(burg.EINVALID, "The search has text that is not valid UTF-8.")
		}
	}
	f.Nick = strings.Join(strings.Fields(q.Nick), " ")
	if utf8.RuneCountInString(f.Nick) > burg.MaxNickLen {
		return f, burg.Errorf(burg.EINVALID, "A nick is at most %d characters.", burg.MaxNickLen)
	}
	f.VisitorID = strings.TrimSpace(q.Visitor)
	if len(f.VisitorID) > 100 {
		return f, burg.Errorf(burg.EINVALID, "That is not a visitor id.")
	}
	if ip := strings.TrimSpace(q.IP); ip != "" {
		p, err := burg.ParseNet(ip)
		if err != nil {
			return f, err
		}
		f.Net = p
	}
	var err error
	if f.Since, _, err = a.parseDay(q.Since); err != nil {
		return f, err
	}
	var day bool
	if f.Until, day, err = a.parseDay(q.Until); err != nil {
		return f, err
	}
	if day {
		f.Until = f.Until.AddDate(0, 0, 1) // the whole day typed
	}
	f.Text = strings.TrimSpace(q.Q)
	if utf8.RuneCountInString(f.Text) > 200 {
		return f, burg.Errorf(burg.EINVALID, "Search for at most 200 characters of text.")
	}
	switch st := strings.TrimSpace(q.State); st {
	case "", "all", "any":
	default:
		if !burg.ValidCommentState(st) {
			return f, burg.Errorf(burg.EINVALID, "The state is live, held, redacted or removed, not %q.", burg.Clip(st, 20))
		}
		f.States = []string{st}
	}
	if p := strings.TrimSpace(q.Post); p != "" {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil || n <= 0 {
			return f, burg.Errorf(burg.EINVALID, "%q is not a post number.", burg.Clip(p, 20))
		}
		f.PostID = n
	}
	return f, nil
}

// CommentSearch is a page of the moderators' search.
type CommentSearch struct {
	Comments []*burg.Comment
	Total    int
	Page     int
	Pages    int
}

// searchPerPage is how many comments a page of the search shows.
const searchPerPage = 100

// SearchComments returns the page of comments the query asks for, newest
// first, for moderators.
func (a *App) SearchComments(ctx context.Context, x Actor, q CommentQuery) (*CommentSearch, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	f, err := a.commentFilter(q)
	if err != nil {
		return nil, err
	}
	page := 1
	if v := strings.TrimSpace(q.Page); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 || page > 10_000 {
			return nil, burg.Errorf(burg.EINVALID, "%q is not a page number.", burg.Clip(v, 20))
		}
	}
	f.Limit, f.Offset = searchPerPage, (page-1)*searchPerPage
	cs, total, err := a.store.SearchComments(ctx, f)
	if err != nil {
		return nil, err
	}
	return &CommentSearch{Comments: cs, Total: total, Page: page, Pages: max((total+searchPerPage-1)/searchPerPage, 1)}, nil
}

// BulkInput is a bulk action as sent: the action, and either the ids of
// the comments ticked or (with All, or no ids) the search they match.
type BulkInput struct {
	Action string
	IDs    []string
	All    bool
	Query  CommentQuery
	// Reason is readers' reason for a redaction, the moderators' for a
	// ban.
	Reason string
	// Ban are the kinds of ban made from each comment's author (nick,
	// visitor, ip, net); none means visitor and ip. For is how long.
	Ban []string
	For string
}

// BulkResult says what a bulk action did.
type BulkResult struct {
	Action  string
	Matched int // comments the action was asked for
	Changed int // comments whose state changed
	Bans    int // bans made
	// More is set when more comments matched than one action changes.
	More bool
}

// Bulk applies an action to many comments at once: those ticked, or
// every one matching a search ("select all matching"), at most maxBulk.
// It is one audit entry with its count.
func (a *App) Bulk(ctx context.Context, x Actor, in BulkInput) (*BulkResult, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	action := strings.TrimSpace(in.Action)
	if _, ok := moderation[action]; !ok && action != BulkBan {
		return nil, burg.Errorf(burg.EINVALID, "The action is redact, restore, approve or ban, not %q.", burg.Clip(action, 20))
	}
	var f burg.CommentFilter
	detail := ""
	var ids []int64
	for _, v := range in.IDs {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return nil, burg.Errorf(burg.EINVALID, "%q is not a comment number.", burg.Clip(v, 20))
		}
		ids = append(ids, id)
	}
	if len(ids) > maxBulk {
		return nil, burg.Errorf(burg.EINVALID, "Tick at most %d comments at once.", maxBulk)
	}
	if len(ids) > 0 && !in.All {
		f.IDs = ids
		detail = fmt.Sprintf("%d comments ticked", len(ids))
	} else {
		if in.Query.Empty() {
			return nil, burg.Errorf(burg.EINVALID, "Tick the comments to change, or search for them first: a bulk action needs one or the other.")
		}
		var err error
		if f, err = a.commentFilter(in.Query); err != nil {
			return nil, err
		}
		detail = "matching " + describeQuery(in.Query)
	}
	f.Limit = maxBulk
	cs, total, err := a.store.SearchComments(ctx, f)
	if err != nil {
		return nil, err
	}
	res := &BulkResult{Action: action, Matched: len(cs), More: total > len(cs)}
	if len(cs) == 0 {
		return res, nil
	}
	matched := make([]int64, len(cs))
	for i, c := range cs {
		matched[i] = c.ID
	}
	if action == BulkBan {
		bans, err := a.bansFor(x, cs, in.Ban, in.For, in.Reason)
		if err != nil {
			return nil, err
		}
		if err := a.store.CreateBans(ctx, bans); err != nil {
			return nil, err
		}
		a.publish(ctx, burg.Event{Kind: burg.EventBans})
		a.record(ctx, x, &burg.AuditEntry{Action: burg.AuditBanAdd, Target: plural(len(bans), "ban", "bans"), Count: len(bans),
			Reason: strings.TrimSpace(in.Reason), Detail: "authors of " + plural(len(cs), "comment", "comments") + " " + detail + ": " + banList(bans)})
		res.Bans = len(bans)
		return res, nil
	}
	mres, err := a.moderate(ctx, x, action, matched, in.Reason, plural(len(cs), "comment", "comments"), detail)
	if err != nil {
		return nil, err
	}
	res.Changed = mres.Changed
	return res, nil
}

// describeQuery writes a search for the audit log's detail.
func describeQuery(q CommentQuery) string {
	var parts []string
	for _, f := range []struct{ name, v string }{{"nick", q.Nick}, {"visitor", q.Visitor}, {"ip", q.IP}, {"since", q.Since},
		{"until", q.Until}, {"q", q.Q}, {"state", q.State}, {"post", q.Post}} {
		if v := strings.TrimSpace(f.v); v != "" {
			parts = append(parts, f.name+"="+strconv.Quote(burg.Clip(v, 80)))
		}
	}
	return strings.Join(parts, " ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// banList writes bans for the audit log's detail.
func banList(bs []*burg.Ban) string {
	parts := make([]string, 0, min(len(bs), 50))
	for i, b := range bs {
		if i == 50 {
			parts = append(parts, fmt.Sprintf("and %d more", len(bs)-50))
			break
		}
		parts = append(parts, b.Kind+" "+b.Value)
	}
	return strings.Join(parts, ", ")
}

// banKinds reads the kinds of ban a moderator ticked.
func banKinds(kinds []string) ([]string, error) {
	var out []string
	for _, k := range kinds {
		k = strings.TrimSpace(k)
		switch k {
		case "":
			continue
		case burg.BanNick, burg.BanVisitor, burg.BanIP, burg.BanNet:
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		default:
			return nil, burg.Errorf(burg.EINVALID, "A ban is by nick, visitor, ip or net, not %q.", burg.Clip(k, 20))
		}
	}
	if len(out) == 0 {
		out = []string{burg.BanVisitor, burg.BanIP}
	}
	return out, nil
}

// banUntil reads how long a ban lasts: a span such as 72h or 30d, or
// "forever"; "" is three days.
func (a *App) banUntil(span string) (*time.Time, error) {
	span = strings.TrimSpace(span)
	switch span {
	case "forever":
		return nil, nil
	case "":
		span = "72h"
	}
	d, err := ParseSpan(span)
	if err != nil {
		return nil, err
	}
	at := a.now().Add(d).UTC().Truncate(time.Second)
	return &at, nil
}

// bansFor makes the bans of the authors of comments: for each kind
// ticked, one ban per distinct nick, visitor, address or network (the
// /24 or /48 of an address).
func (a *App) bansFor(x Actor, cs []*burg.Comment, kinds []string, span, reason string) ([]*burg.Ban, error) {
	ks, err := banKinds(kinds)
	if err != nil {
		return nil, err
	}
	until, err := a.banUntil(span)
	if err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	seen := map[string]bool{}
	var out []*burg.Ban
	for _, c := range cs {
		for _, k := range ks {
			v := ""
			switch k {
			case burg.BanNick:
				v = c.Nick
			case burg.BanVisitor:
				v = c.VisitorID
			case burg.BanIP:
				v = c.IP
			case burg.BanNet:
				v = burg.Network(c.IP)
			}
			if v == "" || c.UserID != 0 && k == burg.BanNick {
				continue // nothing to ban by; a member's nick is theirs
			}
			b := &burg.Ban{Kind: k, Value: v, Reason: reason, ExpiresAt: until, UserID: x.userID()}
			if err := b.Validate(); err != nil {
				continue // an address recorded oddly: the other kinds still hold
			}
			b.MatchKey = banKey(b.Kind, b.Value)
			if b.MatchKey == "" || seen[b.Kind+" "+b.MatchKey] {
				continue
			}
			seen[b.Kind+" "+b.MatchKey] = true
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		return nil, burg.Errorf(burg.EINVALID, "There is nothing to ban them by: the comments have no visitor or address on record.")
	}
	return out, nil
}

// BanInput is a ban made from a comment: by the kinds ticked (nick,
// visitor, ip, net: the address's /24 or /48; none is visitor and ip),
// for how long (72h, 30d, forever), why (for the moderators), and
// whether the comment is redacted too.
type BanInput struct {
	Kinds       []string
	For, Reason string
	Redact      bool
}

// BanFromComment bans the author of a comment, and redacts the comment
// when asked to.
func (a *App) BanFromComment(ctx context.Context, x Actor, id int64, in BanInput) ([]*burg.Ban, *burg.Comment, error) {
	c, err := a.moderatedComment(ctx, x, id)
	if err != nil {
		return nil, nil, err
	}
	if utf8.RuneCountInString(in.Reason) > burg.MaxBanReasonLen {
		return nil, c, burg.Errorf(burg.EINVALID, "The reason is longer than %d characters.", burg.MaxBanReasonLen)
	}
	bans, err := a.bansFor(x, []*burg.Comment{c}, in.Kinds, in.For, in.Reason)
	if err != nil {
		return nil, c, err
	}
	if err := a.store.CreateBans(ctx, bans); err != nil {
		return nil, c, err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventBans})
	a.record(ctx, x, &burg.AuditEntry{Action: burg.AuditBanAdd, Target: plural(len(bans), "ban", "bans"), Count: len(bans),
		PostID: c.PostID, Reason: strings.TrimSpace(in.Reason),
		Detail: "author of comment " + strconv.FormatInt(c.ID, 10) + ": " + banList(bans)})
	if in.Redact && (c.State == burg.CommentLive || c.State == burg.CommentHeld) {
		if _, err := a.moderate(ctx, x, BulkRedact, []int64{c.ID}, "", "comment "+strconv.FormatInt(c.ID, 10), "with a ban"); err != nil {
			return bans, c, err
		}
	}
	return bans, c, nil
}

// Profile is what moderators learn of a comment's author: "who is this".
type Profile struct {
	Comment *burg.Comment
	Visitor *burg.Visitor // nil when the browser is not on record
	Network string        // the address's /24 or /48
	// Nicks are those the author's browser and address commented under.
	Nicks []string
	// ByVisitor and ByAddress are their other recent comments, newest
	// first; FromNetwork counts the comments from the network.
	ByVisitor, ByAddress []*burg.Comment
	FromNetwork          int
	// Bans are those in force that hold the author.
	Bans    []*burg.Ban
	Domains []string // what the comment links to
}

// profileLen is how many of the author's other comments a profile lists.
const profileLen = 50

// WhoIs returns what is known of a comment's author, for moderators.
func (a *App) WhoIs(ctx context.Context, x Actor, id int64) (*Profile, error) {
	c, err := a.moderatedComment(ctx, x, id)
	if err != nil {
		return nil, err
	}
	p := &Profile{Comment: c, Network: burg.Network(c.IP), Domains: linkDomains(c.Body, c.Website)}
	if c.VisitorID != "" {
		v, err := a.store.FindVisitor(ctx, c.VisitorID)
		switch {
		case err == nil:
			p.Visitor = v
		case burg.ErrorCode(err) != burg.ENOTFOUND:
			return nil, err
		}
		if p.ByVisitor, _, err = a.store.SearchComments(ctx, burg.CommentFilter{VisitorID: c.VisitorID, Limit: profileLen}); err != nil {
			return nil, err
		}
	}
	if addr, err := burg.ParseNet(c.IP); err == nil && c.IP != "" {
		if p.ByAddress, _, err = a.store.SearchComments(ctx, burg.CommentFilter{Net: addr, Limit: profileLen}); err != nil {
			return nil, err
		}
		if netw, err := burg.ParseNet(p.Network); err == nil {
			if _, p.FromNetwork, err = a.store.SearchComments(ctx, burg.CommentFilter{Net: netw, Limit: 1}); err != nil {
				return nil, err
			}
		}
	}
	seen := map[string]bool{}
	for _, o := range append(append([]*burg.Comment{c}, p.ByVisitor...), p.ByAddress...) {
		if !seen[o.Nick] {
			seen[o.Nick] = true
			p.Nicks = append(p.Nicks, o.Nick)
		}
	}
	bans, err := a.store.FindBans(ctx, false)
	if err != nil {
		return nil, err
	}
	who := commenter(c.Nick, c.VisitorID, c.IP)
	for _, b := range bans {
		if b.Kind == burg.BanNick && (b.MatchKey == who.NickKey || b.MatchKey == who.LooseKey) ||
			b.Kind == burg.BanVisitor && c.VisitorID != "" && b.MatchKey == c.VisitorID ||
			b.MatchesAddr(c.IP) {
			p.Bans = append(p.Bans, b)
		}
	}
	return p, nil
}

// HeldGroup is a group of held comments that look alike: from one
// network, one browser, under one nick, linking to one domain, or with
// nearly the same text.
type HeldGroup struct {
	Kind  string // network, visitor, nick, domain or text
	Label string // what they share, as moderators read it
	IDs   []int64
	// Sample is the first comment of the group.
	Sample *burg.Comment
}

// HeldQueue is the moderation queue: the held comments, oldest first,
// and their groups, largest first.
type HeldQueue struct {
	Comments []*burg.Comment
	Groups   []*HeldGroup
	Total    int
}

// queueMax is how many held comments the queue reads.
const queueMax = 2000

// HeldComments returns the moderation queue.
func (a *App) HeldComments(ctx context.Context, x Actor) (*HeldQueue, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	cs, total, err := a.store.SearchComments(ctx, burg.CommentFilter{States: []string{burg.CommentHeld}, Limit: queueMax})
	if err != nil {
		return nil, err
	}
	slices.Reverse(cs) // oldest first: the longest waiting
	return &HeldQueue{Comments: cs, Groups: groupHeld(cs), Total: total}, nil
}

// groupHeld groups comments by each of the ways they may look alike; a
// comment may be in several groups, and groups of one are left out.
func groupHeld(cs []*burg.Comment) []*HeldGroup {
	type key struct{ kind, value string }
	groups := map[key]*HeldGroup{}
	var order []key
	add := func(kind, value, label string, c *burg.Comment) {
		if value == "" {
			return
		}
		k := key{kind, value}
		g := groups[k]
		if g == nil {
			g = &HeldGroup{Kind: kind, Label: label, Sample: c}
			groups[k] = g
			order = append(order, k)
		}
		g.IDs = append(g.IDs, c.ID)
	}
	for _, c := range cs {
		n := burg.Network(c.IP)
		add("network", n, n, c)
		add("visitor", c.VisitorID, c.VisitorID, c)
		add("nick", nick.Canonical(c.Nick), c.Nick, c)
		for _, d := range linkDomains(c.Body, c.Website) {
			add("domain", d, d, c)
		}
		add("text", fuzzyTextKey(c.Body), burg.Clip(strings.Join(strings.Fields(c.Body), " "), 80), c)
	}
	var out []*HeldGroup
	for _, k := range order {
		if g := groups[k]; len(g.IDs) > 1 {
			out = append(out, g)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].IDs) > len(out[j].IDs) })
	return out
}

// fuzzyTextKey is what texts that are nearly the same share: their words
// of three letters or more, digits dropped, each once, in order of the
// alphabet. Reordered words, changed numbers and added punctuation, the
// usual ways one spam is made many, keep the key. A text of fewer than
// three such words has none.
func fuzzyTextKey(body string) string {
	words := strings.FieldsFunc(strings.ToLower(body), func(r rune) bool { return !unicode.IsLetter(r) })
	set := map[string]bool{}
	for _, w := range words {
		if utf8.RuneCountInString(w) >= 3 {
			set[w] = true
		}
	}
	if len(set) < 3 {
		return ""
	}
	list := make([]string, 0, len(set))
	for w := range set {
		list = append(list, w)
	}
	slices.Sort(list)
	sum := sha256.Sum256([]byte(strings.Join(list, " ")))
	return hex.EncodeToString(sum[:12])
}
