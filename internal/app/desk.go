package app

import (
	"context"
	"errors"
	"strconv"
	"strings"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/extract"
)

// SubmitInput is the "Post a news link" form as sent.
type SubmitInput struct {
	PostInput
	// Article is set for a piece of the poster's own rather than a link.
	Article bool
	// Nick is the name a reader gives, for the moderators.
	Nick string
	// Honeypot is the hidden field people leave empty.
	Honeypot string
	// NoSection is set when the form had no section field at all (a form
	// not ours, which asks): a link is then filed in the first section and
	// an article under Opinion.
	NoSection bool
}

// Submission outcomes.
var (
	errSubmitClosed = burg.Errorf(burg.EFORBIDDEN, "Only registered posters may post news links on this site. Please log in.")
	errSubmitSpam   = burg.Errorf(burg.EINVALID, "Your submission looks like spam and was not taken.")
	errSubmitFast   = burg.Errorf(burg.ETOOMANY, "You are posting faster than we can read. Please wait a minute and send it again.")
	errSubmitBanned = burg.Errorf(burg.EFORBIDDEN,
		"Your submission was not taken: this site does not take submissions from you at present.")
)

// readerCredit is the credit of a reader's submission: the nick they gave,
// or "a reader".
func readerCredit(nick string) string {
	if n := strings.Join(strings.Fields(nick), " "); n != "" {
		return burg.Clip(n, burg.MaxNickLen)
	}
	return "a reader"
}

// Submitted is what became of a submission: a post published at once, or
// one waiting in the queue.
type Submitted struct {
	Post   *burg.Post       // set when published
	Queued *burg.Submission // set when it waits for a moderator
}

// Publishes reports whether what the actor submits is published at once:
// registered users always, everyone on an open site.
func (a *App) Publishes(ctx context.Context, x Actor) (bool, error) {
	if x.Member() {
		return true, nil
	}
	policy, err := a.SubmitPolicy(ctx)
	return policy == burg.SubmitOpen, err
}

// MaySubmit reports whether the actor may submit at all: everyone but
// readers of a closed site.
func (a *App) MaySubmit(ctx context.Context, x Actor) (bool, error) {
	if x.Member() {
		return true, nil
	}
	policy, err := a.SubmitPolicy(ctx)
	return policy != burg.SubmitClosed, err
}

// OpinionSection is the first section of the Opinion page, where original
// articles go by default, or nil.
func OpinionSection(sections []*burg.Section) *burg.Section {
	for _, sec := range sections {
		if sec.Page != nil && (sec.Page.Slug == "opinion" || strings.EqualFold(sec.Page.Name, "Opinion")) {
			return sec
		}
	}
	return nil
}

// Submit posts a news link (or an article): published at once for
// registered users (and for everyone on an open site), else kept in the
// queue for a moderator. in is normalised in place (the URL, the
// section), so that a form shown again shows what is kept.
func (a *App) Submit(ctx context.Context, x Actor, in *SubmitInput) (*Submitted, error) {
	policy, err := a.SubmitPolicy(ctx)
	if err != nil {
		return nil, err
	}
	member := x.Member()
	if !member && policy == burg.SubmitClosed {
		return nil, errSubmitClosed
	}
	if !member && in.Honeypot != "" {
		return nil, errSubmitSpam
	}
	if err := a.checkWritable(ctx, x); err != nil {
		return nil, err
	}
	if !member {
		if banned, err := a.banned(ctx, &burg.Comment{Nick: strings.TrimSpace(in.Nick), VisitorID: x.VisitorID, IP: x.IP}); err != nil {
			return nil, err
		} else if banned {
			return nil, errSubmitBanned
		}
	}
	sections, err := a.store.FindSections(ctx)
	if err != nil {
		return nil, err
	}
	if in.NoSection && len(sections) > 0 {
		sec := sections[0]
		if o := OpinionSection(sections); o != nil && in.Article {
			sec = o
		}
		in.Section = strconv.FormatInt(sec.ID, 10)
	}
	p := &burg.Post{PostedAt: a.now()}
	if member && x.User != nil {
		p.PosterID = x.User.ID
	} else {
		// A reader's post gets its poster below, once the form is found
		// good; until then a stand-in lets Validate check the rest.
		p.PosterID = -1
	}
	if err := a.apply(&in.PostInput, p, sections, !in.Article, x.Moderator()); err != nil {
		return nil, err
	}
	if err := a.checkSourceFree(ctx, p.SourceURL, 0); err != nil {
		return nil, err
	}
	if p.SourceURL != "" && p.SourceTag == "" {
		table, err := a.sourceTable(ctx)
		if err != nil {
			return nil, err
		}
		p.SourceTag = extract.SourceTag(p.SourceURL, table)
	}
	switch {
	case member:
	case policy == burg.SubmitOpen:
		if !a.submits.allow("ip:"+x.IP, "visitor:"+x.VisitorID) {
			return nil, errSubmitFast
		}
		if p.PosterID, err = a.guestPoster(ctx); err != nil {
			return nil, err
		}
		p.SubmittedBy = readerCredit(in.Nick)
	default:
		if !a.submits.allow("ip:"+x.IP, "visitor:"+x.VisitorID) {
			return nil, errSubmitFast
		}
		sub := &burg.Submission{SourceURL: p.SourceURL, Title: p.Title, Body: p.Body, OriginalBody: p.OriginalBody,
			SectionID: p.SectionID, Tags: in.Tags, SourceTag: p.SourceTag, SourceLang: p.SourceLang, Note: p.Note,
			Nick: strings.TrimSpace(in.Nick), VisitorID: x.VisitorID, IP: x.IP, UserID: x.userID()}
		if err := a.store.CreateSubmission(ctx, sub); err != nil {
			return nil, err
		}
		return &Submitted{Queued: sub}, nil
	}
	if p.Tags, err = a.resolveTags(ctx, in.Tags, nil); err != nil {
		return nil, err
	}
	if p.Render, err = a.PostRenderer(ctx); err != nil {
		return nil, err
	}
	if err := a.store.CreatePost(ctx, p); err != nil {
		return nil, a.sourceRace(ctx, err, p.SourceURL, 0)
	}
	a.keepSnapshot(ctx, p)
	a.publish(ctx, burg.Event{Kind: burg.EventPost, PostID: p.ID})
	return &Submitted{Post: p}, nil
}

// guestPoster returns the account that posts what readers submit on an
// open site: a disabled user, so that nobody can log in as it.
func (a *App) guestPoster(ctx context.Context) (int64, error) {
	made := false
	v, err := a.store.Setting(ctx, "guest_poster", func() (string, error) {
		for i := range 10 {
			u := &burg.User{Nick: "Guest", Role: burg.RolePoster, Disabled: true}
			if i > 0 {
				u.Nick = "Guest " + strconv.Itoa(i+1)
			}
			err := a.store.CreateUser(ctx, u)
			if burg.ErrorCode(err) == burg.ECONFLICT {
				continue
			} else if err != nil {
				return "", err
			}
			made = true
			return strconv.FormatInt(u.ID, 10), nil
		}
		return "", errors.New("no free nick for the guest poster")
	})
	if err != nil {
		return 0, err
	}
	if made {
		a.publish(ctx, burg.Event{Kind: burg.EventUsers}) // the new nick is reserved
	}
	return strconv.ParseInt(v, 10, 64)
}

// Queue returns up to n submissions waiting for a moderator, oldest
// first.
func (a *App) Queue(ctx context.Context, x Actor, n int) ([]*burg.Submission, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	return a.store.FindSubmissions(ctx, burg.SubmissionPending, n)
}

// Approval is what a moderator settles on when approving a submission;
// a nil field keeps what was submitted.
type Approval struct {
	Section, Tags, Title *string
}

// Approve publishes a submission under the approving moderator's name,
// with the section, tags and title they settled on.
func (a *App) Approve(ctx context.Context, x Actor, id int64, ap Approval) (*burg.Post, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	sub, err := a.store.FindSubmission(ctx, id)
	if err != nil {
		return nil, err
	}
	if sub.Status != burg.SubmissionPending {
		return nil, burg.Errorf(burg.ECONFLICT, "That submission was %s already.", sub.Status)
	}
	in := PostInput{URL: sub.SourceURL, Title: sub.Title, Body: sub.Body, Tags: sub.Tags,
		SourceTag: sub.SourceTag, SourceLang: sub.SourceLang, Note: sub.Note, Original: sub.OriginalBody}
	if sub.SectionID != 0 {
		in.Section = strconv.FormatInt(sub.SectionID, 10)
	}
	for _, f := range []struct {
		field *string
		typed *string
	}{{&in.Section, ap.Section}, {&in.Tags, ap.Tags}, {&in.Title, ap.Title}} {
		if f.typed != nil {
			*f.field = strings.TrimSpace(*f.typed)
		}
	}
	sections, err := a.store.FindSections(ctx)
	if err != nil {
		return nil, err
	}
	p := &burg.Post{PosterID: x.userID(), PostedAt: a.now()}
	if sub.UserID == 0 {
		p.SubmittedBy = readerCredit(sub.Nick)
	}
	if err := a.apply(&in, p, sections, false, false); err != nil {
		return nil, err
	}
	if err := a.checkSourceFree(ctx, p.SourceURL, 0); err != nil {
		return nil, err
	}
	if p.Tags, err = a.resolveTags(ctx, in.Tags, nil); err != nil {
		return nil, err
	}
	if p.Render, err = a.PostRenderer(ctx); err != nil {
		return nil, err
	}
	if err := a.store.ApproveSubmission(ctx, sub.ID, p, x.userID()); err != nil {
		return nil, a.sourceRace(ctx, err, p.SourceURL, 0)
	}
	a.keepSnapshot(ctx, p)
	a.publish(ctx, burg.Event{Kind: burg.EventPost, PostID: p.ID})
	a.record(ctx, x, &burg.AuditEntry{Action: burg.AuditSubmitApprove, Target: "submission " + strconv.FormatInt(sub.ID, 10),
		PostID: p.ID, Detail: p.SourceURL})
	return p, nil
}

// Reject turns a submission down, with a reason for the record.
func (a *App) Reject(ctx context.Context, x Actor, id int64, reason string) error {
	if err := x.needModerator(); err != nil {
		return err
	}
	if err := a.store.RejectSubmission(ctx, id, x.userID(), strings.TrimSpace(reason)); err != nil {
		return err
	}
	a.record(ctx, x, &burg.AuditEntry{Action: burg.AuditSubmitReject, Target: "submission " + strconv.FormatInt(id, 10),
		Reason: strings.TrimSpace(reason)})
	return nil
}
