package burg

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Who may publish a submitted link without review: the site setting
// SettingSubmissions holds one of these.
const (
	// SubmitOpen publishes what anyone submits at once.
	SubmitOpen = "open"
	// SubmitQueue publishes what posters, moderators and admins submit,
	// and queues the rest for a moderator. The default.
	SubmitQueue = "queue"
	// SubmitClosed takes submissions from registered users only.
	SubmitClosed = "closed"
)

// SettingSubmissions is the key of the site setting that holds the
// submission policy.
const SettingSubmissions = "submissions"

// ValidSubmitPolicy reports whether p is a known submission policy.
func ValidSubmitPolicy(p string) bool {
	return p == SubmitOpen || p == SubmitQueue || p == SubmitClosed
}

// States of a submission.
const (
	SubmissionPending  = "pending"
	SubmissionApproved = "approved"
	SubmissionRejected = "rejected"
)

// Submission is a news link (or an article) sent in by someone who may not
// publish directly, waiting for a moderator.
type Submission struct {
	ID           int64
	SourceURL    string // "" for an article of the submitter's own
	Title        string
	Body         string
	OriginalBody string
	SectionID    int64  // 0 when the submitter left it to the moderator
	Tags         string // as typed: comma-separated names
	SourceTag    string
	SourceLang   string
	Note         string
	Nick         string // the name the submitter gave, if any
	UserID       int64  // the registered submitter, 0 for a visitor
	VisitorID    string
	IP           string
	CreatedAt    time.Time
	Status       string // one of the Submission… states
	DecidedBy    int64
	DecidedAt    *time.Time
	PostID       int64 // the post made from it, once approved
	Reason       string
}

// Limits on submission fields.
const (
	MaxTagsLen = 500
	MaxLangLen = 20
)

// Validate reports whether s may be stored.
func (s *Submission) Validate() error {
	title := strings.TrimSpace(s.Title)
	switch {
	case title == "":
		return Errorf(EINVALID, "A post needs a title.")
	case utf8.RuneCountInString(title) > MaxTitleLen:
		return Errorf(EINVALID, "The title is longer than %d characters.", MaxTitleLen)
	case len(s.Body) > MaxBodyLen || len(s.OriginalBody) > MaxBodyLen:
		return Errorf(EINVALID, "The text is longer than %d bytes.", MaxBodyLen)
	case utf8.RuneCountInString(s.Note) > MaxNoteLen:
		return Errorf(EINVALID, "The note is longer than %d characters.", MaxNoteLen)
	case utf8.RuneCountInString(s.Tags) > MaxTagsLen:
		return Errorf(EINVALID, "The tags are longer than %d characters.", MaxTagsLen)
	case utf8.RuneCountInString(s.Nick) > MaxNickLen:
		return Errorf(EINVALID, "Your name is longer than %d characters.", MaxNickLen)
	case len(s.SourceLang) > MaxLangLen || len(s.SourceTag) > 80:
		return Errorf(EINVALID, "The source tag or language is too long.")
	}
	if s.SourceURL != "" {
		u, err := url.Parse(s.SourceURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return Errorf(EINVALID, "The source must be an http or https URL.")
		}
	}
	return nil
}

// SubmissionStore keeps the queue of submissions.
type SubmissionStore interface {
	// CreateSubmission stores s as pending and sets its ID, Status and
	// CreatedAt.
	CreateSubmission(ctx context.Context, s *Submission) error
	// FindSubmission returns one submission or ENOTFOUND.
	FindSubmission(ctx context.Context, id int64) (*Submission, error)
	// FindSubmissions returns up to limit submissions in a state, oldest
	// first.
	FindSubmissions(ctx context.Context, status string, limit int) ([]*Submission, error)
	// ApproveSubmission publishes p (as CreatePost does) and marks the
	// submission approved by the user, in one transaction; ECONFLICT when
	// it was decided already.
	ApproveSubmission(ctx context.Context, id int64, p *Post, by int64) error
	// RejectSubmission marks a pending submission rejected with a reason;
	// ECONFLICT when it was decided already.
	RejectSubmission(ctx context.Context, id int64, by int64, reason string) error
}

// Source is an entry of the moderators' table of short source names: the
// bracketed tag that opens a post from this domain, such as
// "kavkaz-uzel.eu" -> "KavkazUzel".
type Source struct {
	Domain string // lower-case ASCII, without "www."
	Name   string
}

var domainRE = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// NormalizeDomain lower-cases a typed domain and strips a scheme, path,
// port and leading "www.", so that "https://www.Example.org/x" gives
// "example.org".
func NormalizeDomain(d string) string {
	d = strings.ToLower(strings.TrimSpace(d))
	if i := strings.Index(d, "://"); i >= 0 {
		d = d[i+3:]
	}
	if i := strings.IndexAny(d, "/?#"); i >= 0 {
		d = d[:i]
	}
	if i := strings.LastIndexByte(d, ':'); i >= 0 {
		d = d[:i]
	}
	d = strings.TrimSuffix(d, ".")
	return strings.TrimPrefix(d, "www.")
}

// Validate reports whether s may be stored.
func (s *Source) Validate() error {
	name := strings.TrimSpace(s.Name)
	switch {
	case s.Domain == "" || len(s.Domain) > 253 || !domainRE.MatchString(s.Domain) || !strings.Contains(s.Domain, "."):
		return Errorf(EINVALID, "%q is not a domain name such as example.org.", Clip(s.Domain, 60))
	case name == "":
		return Errorf(EINVALID, "The source needs a short name.")
	case name != s.Name:
		return Errorf(EINVALID, "A short name may not start or end with spaces.")
	case utf8.RuneCountInString(name) > 40:
		return Errorf(EINVALID, "A short name is at most 40 characters.")
	case strings.ContainsAny(name, "[]<>\r\n\t"):
		return Errorf(EINVALID, "A short name may not contain brackets or line breaks.")
	}
	return nil
}

// SourceStore keeps the table of short source names.
type SourceStore interface {
	// FindSources returns every entry by domain.
	FindSources(ctx context.Context) ([]*Source, error)
	// SetSource adds an entry or renames the domain's entry.
	SetSource(ctx context.Context, s *Source) error
	// DeleteSource removes a domain's entry, or returns ENOTFOUND.
	DeleteSource(ctx context.Context, domain string) error
}
