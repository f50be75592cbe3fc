package app

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

// Moderators (and admins) edit any post; a poster edits the text, source
// and tags of their own live posts, but does not move, delete or close
// them, and adds no remarks.

// CanEdit reports whether the actor may edit p.
func (a *App) CanEdit(x Actor, p *burg.Post) bool {
	if x.Moderator() {
		return true
	}
	return x.Member() && x.User != nil && p.PosterID == x.User.ID && p.DeletedAt == nil
}

// EditablePost returns post id, deleted or not, when the actor may edit
// it: EUNAUTHORIZED for a reader, ENOTFOUND for a deleted post they may
// not see, EFORBIDDEN for someone else's post.
func (a *App) EditablePost(ctx context.Context, x Actor, id int64) (*burg.Post, error) {
	p, err := a.store.FindPostIncludingDeleted(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.CanEdit(x, p) {
		return p, nil
	}
	if p.DeletedAt != nil {
		p = nil // a reader learns nothing of a deleted post
	}
	if err := x.needMember(); err != nil {
		return p, err
	}
	if p == nil {
		return nil, burg.Errorf(burg.ENOTFOUND, "No such post.")
	}
	return p, burg.Errorf(burg.EFORBIDDEN, "Only moderators and the post's poster may change it.")
}

// moderatedPost returns post id, deleted or not, for a moderator's
// action.
func (a *App) moderatedPost(ctx context.Context, x Actor, id int64) (*burg.Post, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	return a.store.FindPostIncludingDeleted(ctx, id)
}

// EditInput is the edit form as sent.
type EditInput struct {
	PostInput
	// Remark is a moderator's editorial remark to add.
	Remark string
	// Updated is the post's UpdatedAt when the form was served, in Unix
	// nanoseconds: an edit of a post changed since is refused.
	Updated string
	// NoDecoration switches the house voice off for the post; only a
	// moderator's form sets it, a poster's keeps what the post has.
	NoDecoration bool
}

// UpdatePost saves the edit form: the post as it stood is kept as a
// revision, and a remark typed into its box is added after it. Saving a
// form unchanged changes nothing.
func (a *App) UpdatePost(ctx context.Context, x Actor, id int64, in *EditInput) (*burg.Post, error) {
	old, err := a.EditablePost(ctx, x, id)
	if err != nil {
		return nil, err
	}
	sections, err := a.store.FindSections(ctx)
	if err != nil {
		return nil, err
	}
	p := *old
	if err := a.apply(&in.PostInput, &p, sections, false, x.Moderator()); err != nil {
		return nil, err
	}
	if x.Moderator() {
		p.NoDecoration = in.NoDecoration
	}
	var remark *burg.Remark
	if text := strings.TrimSpace(strings.ReplaceAll(in.Remark, "\r\n", "\n")); text != "" {
		if !x.Moderator() {
			return nil, burg.Errorf(burg.EINVALID, "Only moderators add editorial remarks.")
		}
		remark = &burg.Remark{PostID: p.ID, UserID: x.userID(), Body: text}
		if err := remark.Validate(); err != nil {
			return nil, err
		}
	}
	if p.SourceURL != old.SourceURL {
		if err := a.checkSourceFree(ctx, p.SourceURL, p.ID); err != nil {
			return nil, err
		}
	}
	if p.Tags, err = a.resolveTags(ctx, in.Tags, old.Tags); err != nil {
		return nil, err
	}
	ch := burg.PostChange{UserID: x.userID(), Action: burg.ActionEdited}
	if n, err := strconv.ParseInt(in.Updated, 10, 64); err == nil && n > 0 {
		ch.IfUpdatedAt = time.Unix(0, n).UTC()
	}
	changed, edited := false, false
	if !SameSnapshot(burg.SnapshotOf(old), burg.SnapshotOf(&p)) || p.NoDecoration != old.NoDecoration {
		if p.Render, err = a.PostRenderer(ctx); err != nil {
			return nil, err
		}
		if err := a.store.UpdatePost(ctx, &p, ch); err != nil {
			return nil, a.sourceRace(ctx, err, p.SourceURL, p.ID)
		}
		ch.IfUpdatedAt = time.Time{} // the edit just made is ours
		changed, edited = true, true
	}
	if remark != nil {
		ch.Action = burg.ActionRemark
		if err := a.store.AddRemark(ctx, remark, ch); err != nil {
			return nil, err
		}
		changed = true
	}
	if changed {
		a.publish(ctx, burg.Event{Kind: burg.EventPost, PostID: p.ID})
		detail := "edited"
		switch {
		case remark != nil && edited:
			detail = "edited, remark added"
		case remark != nil:
			detail = "remark added"
		}
		a.record(ctx, x, postEntry(burg.AuditPostEdit, &p, detail))
	}
	return &p, nil
}

// postEntry is an audit entry for an action on a post.
func postEntry(action string, p *burg.Post, detail string) *burg.AuditEntry {
	return &burg.AuditEntry{Action: action, Target: "post " + strconv.FormatInt(p.ID, 10), PostID: p.ID, Detail: detail}
}

// SameSnapshot reports whether two states of a post are alike.
func SameSnapshot(a, b burg.PostSnapshot) bool {
	sameTime := func(x, y *time.Time) bool { return x == nil && y == nil || x != nil && y != nil && x.Equal(*y) }
	return a.Title == b.Title && a.SectionID == b.SectionID && a.SourceURL == b.SourceURL && a.SourceTag == b.SourceTag &&
		a.SourceLang == b.SourceLang && a.Note == b.Note && a.Body == b.Body && a.OriginalBody == b.OriginalBody &&
		a.PostedAt.Equal(b.PostedAt) && sameTime(a.CommentsCloseAt, b.CommentsCloseAt) &&
		sameTime(a.DeletedAt, b.DeletedAt) && slices.Equal(a.Tags, b.Tags) && slices.Equal(a.Remarks, b.Remarks)
}

// RetagPost replaces a post's tags.
func (a *App) RetagPost(ctx context.Context, x Actor, id int64, typed string) (*burg.Post, error) {
	old, err := a.moderatedPost(ctx, x, id)
	if err != nil {
		return nil, err
	}
	tags, err := a.resolveTags(ctx, strings.TrimSpace(typed), old.Tags)
	if err != nil {
		return old, err
	}
	p := *old
	p.Tags = tags
	if !slices.Equal(burg.SnapshotOf(old).Tags, burg.SnapshotOf(&p).Tags) {
		if err := a.store.UpdatePost(ctx, &p, burg.PostChange{UserID: x.userID(), Action: burg.ActionRetagged}); err != nil {
			return nil, err
		}
		a.publish(ctx, burg.Event{Kind: burg.EventPost, PostID: p.ID})
		a.record(ctx, x, postEntry(burg.AuditPostRetag, &p, strings.TrimSpace(typed)))
	}
	return &p, nil
}

// ParseSpan reads a span typed as "7d", "36h" or "90m".
func ParseSpan(v string) (time.Duration, error) {
	bad := burg.Errorf(burg.EINVALID, "%q is not a span of time such as 7d or 48h.", burg.Clip(v, 20))
	if n, ok := strings.CutSuffix(v, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days <= 0 || days > 3650 {
			return 0, bad
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 || d > 3650*24*time.Hour {
		return 0, bad
	}
	return d, nil
}

// SetCommentsClosing closes a post's comments now (action "close"), or
// reopens them ("reopen") for the site's usual time or the span typed.
func (a *App) SetCommentsClosing(ctx context.Context, x Actor, id int64, action, span string) (*burg.Post, error) {
	old, err := a.moderatedPost(ctx, x, id)
	if err != nil {
		return nil, err
	}
	now := a.now()
	p := *old
	ch := burg.PostChange{UserID: x.userID()}
	switch action {
	case "close":
		p.CommentsCloseAt, ch.Action = &now, burg.ActionClosed
	case "reopen":
		ch.Action = burg.ActionReopened
		d := a.cfg.CommentsCloseAfter
		if v := strings.TrimSpace(span); v != "" {
			if d, err = ParseSpan(v); err != nil {
				return nil, err
			}
		}
		if d > 0 {
			at := now.Add(d)
			p.CommentsCloseAt = &at
		} else {
			p.CommentsCloseAt = nil
		}
	default:
		return nil, burg.Errorf(burg.EINVALID, "Say whether to close or to reopen the comments.")
	}
	if err := a.store.UpdatePost(ctx, &p, ch); err != nil {
		return nil, err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventPost, PostID: p.ID})
	kind, detail := burg.AuditPostClose, "comments closed"
	if action == "reopen" {
		kind, detail = burg.AuditPostReopen, "comments open"
		if p.CommentsCloseAt != nil {
			detail += " until " + p.CommentsCloseAt.UTC().Format(time.RFC3339)
		}
	}
	a.record(ctx, x, postEntry(kind, &p, detail))
	return &p, nil
}

// DeletePost deletes a post: readers no longer see it, moderators may
// restore it.
func (a *App) DeletePost(ctx context.Context, x Actor, id int64) (*burg.Post, error) {
	p, err := a.moderatedPost(ctx, x, id)
	if err != nil {
		return nil, err
	}
	if err := a.store.DeletePost(ctx, p.ID, burg.PostChange{UserID: x.userID(), Action: burg.ActionDeleted}); err != nil {
		return nil, err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventPost, PostID: p.ID})
	a.record(ctx, x, postEntry(burg.AuditPostDelete, p, ""))
	return p, nil
}

// RestorePost brings back a deleted post.
func (a *App) RestorePost(ctx context.Context, x Actor, id int64) (*burg.Post, error) {
	p, err := a.moderatedPost(ctx, x, id)
	if err != nil {
		return nil, err
	}
	if err := a.store.RestorePost(ctx, p.ID, burg.PostChange{UserID: x.userID(), Action: burg.ActionRestored}); err != nil {
		return nil, err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventPost, PostID: p.ID})
	a.record(ctx, x, postEntry(burg.AuditPostRestore, p, ""))
	return p, nil
}

// PostRevisions returns a post's revisions, for those who may edit it.
func (a *App) PostRevisions(ctx context.Context, x Actor, id int64) (*burg.Post, []*burg.PostRevision, error) {
	p, err := a.EditablePost(ctx, x, id)
	if err != nil {
		return p, nil, err
	}
	revs, err := a.store.FindPostRevisions(ctx, id)
	return p, revs, err
}
