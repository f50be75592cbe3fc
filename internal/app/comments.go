package app

import (
	"context"
	"errors"
	"strings"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/nick"
)

// CommentInput is the comment form as sent.
type CommentInput struct {
	PostID                     int64
	Name, Email, Website, Body string
	// Honeypot is the hidden field people leave empty; Token the signed
	// time the form was served (FormToken).
	Honeypot, Token string
	// Preview asks only for the comment as it would be posted.
	Preview bool
}

// Comment errors a form shows.
var (
	errBanned = burg.Errorf(burg.EFORBIDDEN,
		"Your comment was not posted: this site does not take comments from you at present.")
	errTooFast = burg.Errorf(burg.ETOOMANY,
		"You are commenting faster than we can read. Please wait a minute and send it again.")
	errClosed = burg.Errorf(burg.EFORBIDDEN, "Sorry. Comments have been closed on this article.")
)

// CommentsOpen reports whether p takes comments now: its own closing
// time, or the site's closing age.
func (a *App) CommentsOpen(p *burg.Post) bool {
	return p.CommentsOpen(a.now(), a.cfg.CommentsCloseAfter)
}

// CheckComment cleans and checks a comment as typed, without storing it:
// the spam traps, the nick (reserved ones included) and the text. It is
// what a preview shows, and the first step of PostComment.
func (a *App) CheckComment(ctx context.Context, x Actor, in CommentInput) (*burg.Comment, error) {
	c := &burg.Comment{PostID: in.PostID, Email: strings.TrimSpace(in.Email),
		Website: burg.NormalizeWebsite(in.Website), Body: strings.ReplaceAll(in.Body, "\r\n", "\n"),
		VisitorID: x.VisitorID, IP: x.IP}
	if err := a.checkTraps(in); err != nil {
		return nil, err
	}
	name, err := nick.Clean(in.Name)
	if err != nil {
		return nil, err
	}
	c.Nick = name
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := a.claimNick(ctx, x, c); err != nil {
		return nil, err
	}
	if err := checkCommentText(c); err != nil {
		return nil, err
	}
	return c, nil
}

// PostComment stores a comment on a live post with open comments, once
// it passes the checks, the bans and the rate limits. It returns the
// comment as stored, with its ID and number. What becomes of it is told
// to the Metrics of Deps.
func (a *App) PostComment(ctx context.Context, x Actor, in CommentInput) (*burg.Comment, error) {
	c, err := a.postComment(ctx, x, in)
	switch {
	case err == nil:
		a.metrics.CommentPosted()
	case burg.ErrorCode(err) != burg.EINTERNAL:
		a.metrics.CommentRefused(refusal(err))
	}
	return c, err
}

// refusal names the reason a comment was refused, for the figures.
func refusal(err error) string {
	switch {
	case errors.Is(err, errHoneypot), errors.Is(err, errTooQuick):
		return "spam"
	case errors.Is(err, errClosed):
		return "closed"
	case errors.Is(err, errBanned):
		return "banned"
	}
	switch burg.ErrorCode(err) {
	case burg.ETOOMANY:
		return "rate_limited"
	case burg.ENOTFOUND:
		return "not_found"
	case burg.EINVALID:
		return "invalid"
	}
	return "other"
}

func (a *App) postComment(ctx context.Context, x Actor, in CommentInput) (*burg.Comment, error) {
	post, err := a.store.FindPost(ctx, in.PostID)
	if err != nil {
		return nil, err
	}
	if !a.CommentsOpen(post) {
		return nil, errClosed
	}
	in.Preview = false
	c, err := a.CheckComment(ctx, x, in)
	if err != nil {
		return nil, err
	}
	if banned, err := a.banned(ctx, c); err != nil {
		return nil, err
	} else if banned {
		return nil, errBanned
	}
	if ok, err := a.commentAllowed(ctx, x.VisitorID, x.IP); err != nil {
		return nil, err
	} else if !ok {
		return nil, errTooFast
	}
	if err := a.store.CreateComment(ctx, c); err != nil {
		return nil, err
	}
	c.PostSlug = post.Slug
	a.publish(ctx, burg.Event{Kind: burg.EventComment, PostID: post.ID, VisitorID: c.VisitorID})
	return c, nil
}

// OwnComment returns comment id when the actor may still change it: from
// the browser that wrote it, within burg.OwnEditWindow.
func (a *App) OwnComment(ctx context.Context, x Actor, id int64) (*burg.Comment, error) {
	c, err := a.store.FindComment(ctx, id)
	if err != nil {
		return nil, err
	}
	if !c.EditableBy(x.VisitorID, a.now()) {
		return nil, burg.Errorf(burg.EFORBIDDEN,
			"A comment can be changed only from the browser that wrote it, within %d minutes.", int(burg.OwnEditWindow.Minutes()))
	}
	return c, nil
}

// EditOwnComment replaces the text of the actor's own comment, keeping
// the old one as a revision. An edit passes the rules a new comment
// passes: the post must be live and open, the writer not banned, the text
// within bounds.
func (a *App) EditOwnComment(ctx context.Context, x Actor, id int64, body string) (*burg.Comment, error) {
	c, err := a.OwnComment(ctx, x, id)
	if err != nil {
		return nil, err
	}
	body = strings.ReplaceAll(body, "\r\n", "\n")
	post, err := a.store.FindPost(ctx, c.PostID)
	if err != nil {
		return nil, err
	}
	if !a.CommentsOpen(post) {
		return nil, burg.Errorf(burg.EFORBIDDEN, "Comments have been closed on this article, so the comment can no longer be changed.")
	}
	edited := *c
	edited.Body, edited.IP = body, x.IP
	if banned, err := a.banned(ctx, &edited); err != nil {
		return nil, err
	} else if banned {
		return nil, burg.Errorf(burg.EFORBIDDEN, "Your comment was not changed: this site does not take comments from you at present.")
	}
	if err := checkCommentText(&edited); err != nil {
		return nil, err
	}
	if err := a.store.UpdateCommentBody(ctx, c.ID, body); err != nil {
		return nil, err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventComment, PostID: c.PostID})
	return &edited, nil
}

// DeleteOwnComment removes the actor's own comment.
func (a *App) DeleteOwnComment(ctx context.Context, x Actor, id int64) (*burg.Comment, error) {
	c, err := a.OwnComment(ctx, x, id)
	if err != nil {
		return nil, err
	}
	if err := a.store.DeleteComment(ctx, c.ID, "Removed by its writer."); err != nil {
		return nil, err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventComment, PostID: c.PostID})
	return c, nil
}

// RedactComment removes a comment as a moderator, with a reason readers
// see. The text is kept until purged.
func (a *App) RedactComment(ctx context.Context, x Actor, id int64, reason string) (*burg.Comment, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	c, err := a.store.FindComment(ctx, id)
	if err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		reason = "Removed by a moderator."
	}
	if err := a.store.DeleteComment(ctx, c.ID, reason); err != nil {
		return nil, err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventComment, PostID: c.PostID})
	return c, nil
}
