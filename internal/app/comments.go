package app

import (
	"context"
	"errors"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/nick"
)

// CommentInput is the comment form as sent.
type CommentInput struct {
	PostID                     int64
	Name, Email, Website, Body string
	// Honeypot is the hidden field people leave empty; Token the form's
	// token (FormToken).
	Honeypot, Token string
	// NoCookie is set when the browser brought no visitor cookie: one
	// that loaded the article's page has one.
	NoCookie bool
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
	c, _, err := a.checkComment(ctx, x, in)
	return c, err
}

// checkComment is CheckComment, also returning how long ago the form was
// served; c.FormNonce is its token's nonce.
func (a *App) checkComment(ctx context.Context, x Actor, in CommentInput) (*burg.Comment, time.Duration, error) {
	c := &burg.Comment{PostID: in.PostID, Email: strings.TrimSpace(in.Email),
		Website: burg.NormalizeWebsite(in.Website), Body: strings.ReplaceAll(in.Body, "\r\n", "\n"),
		VisitorID: x.VisitorID, IP: x.IP}
	nonce, age, err := a.checkTraps(in)
	if err != nil {
		return nil, 0, err
	}
	c.FormNonce = nonce
	name, err := nick.Clean(in.Name)
	if err != nil {
		return nil, 0, err
	}
	c.Nick = name
	if err := c.Validate(); err != nil {
		return nil, 0, err
	}
	if err := a.claimNick(ctx, x, c); err != nil {
		return nil, 0, err
	}
	if err := checkCommentText(c); err != nil {
		return nil, 0, err
	}
	return c, age, nil
}

// PostComment stores a comment on a live post with open comments, once
// it passes the checks, the bans and the rate limits: live, or held for a
// moderator when the spam rules say so. It returns the comment as
// stored, with its ID, number and state. What becomes of it is told to
// the Metrics of Deps.
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
	case errors.Is(err, errHoneypot), errors.Is(err, errQuick), errors.Is(err, errNoToken), errors.Is(err, errBadToken):
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
	post, err := a.commentPost(ctx, in.PostID)
	if err != nil {
		return nil, err
	}
	if !a.CommentsOpen(post) {
		return nil, errClosed
	}
	if err := a.checkWritable(ctx, x); err != nil {
		return nil, err
	}
	in.Preview = false
	c, age, err := a.checkComment(ctx, x, in)
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
	v, err := a.judge(ctx, x, in, c, age)
	if err != nil {
		return nil, err
	}
	c.Score, c.Signals = v.score, v.signals()
	if v.hold {
		c.State = burg.CommentHeld
	}
	if err := a.store.CreateComment(ctx, c); err != nil {
		if burg.ErrorCode(err) == burg.ECONFLICT {
			return nil, errFormUsed
		}
		return nil, err
	}
	if c.State == burg.CommentHeld {
		a.logger.Info("comment held", "comment", c.ID, "post", c.PostID, "score", c.Score, "signals", c.Signals)
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
	if err := a.checkWritable(ctx, x); err != nil {
		return nil, err
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
	words, err := a.blockedWords(ctx)
	if err != nil {
		return nil, err
	}
	if w, ok := words.reject.Find(body); ok {
		return nil, burg.Errorf(burg.EINVALID, "Your comment was not changed: it has %q in it, which this site does not take.", w)
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
