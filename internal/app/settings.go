package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

// errUnset stops Setting from storing a default: reading a setting writes
// nothing.
var errUnset = errors.New("setting not set")

// SubmitPolicy returns the site's submission policy: burg.SubmitQueue
// until an admin sets one.
func (a *App) SubmitPolicy(ctx context.Context) (string, error) {
	v, err := a.store.Setting(ctx, burg.SettingSubmissions, func() (string, error) { return "", errUnset })
	if errors.Is(err, errUnset) {
		return burg.SubmitQueue, nil
	} else if err != nil {
		return "", err
	}
	if !burg.ValidSubmitPolicy(v) {
		return burg.SubmitQueue, nil
	}
	return v, nil
}

// SetSubmitPolicy sets the site's submission policy.
func (a *App) SetSubmitPolicy(ctx context.Context, x Actor, policy string) error {
	if err := x.needAdmin(); err != nil {
		return err
	}
	if !burg.ValidSubmitPolicy(policy) {
		return burg.Errorf(burg.EINVALID, "Pick one of the submission policies.")
	}
	if err := a.store.SetSetting(ctx, burg.SettingSubmissions, policy); err != nil {
		return err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventSettings})
	a.record(ctx, x, &burg.AuditEntry{Action: burg.AuditSettings, Target: "site settings", Detail: "submissions " + policy})
	return nil
}

// Sources returns the moderators' table of short source names.
func (a *App) Sources(ctx context.Context, x Actor) ([]*burg.Source, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	return a.store.FindSources(ctx)
}

// SetSource adds an entry to the table of short source names, or renames
// a domain's entry.
func (a *App) SetSource(ctx context.Context, x Actor, domain, name string) error {
	if err := x.needModerator(); err != nil {
		return err
	}
	src := &burg.Source{Domain: burg.NormalizeDomain(domain), Name: strings.TrimSpace(name)}
	if err := a.store.SetSource(ctx, src); err != nil {
		return err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventSettings})
	a.record(ctx, x, &burg.AuditEntry{Action: burg.AuditSourceSet, Target: "source " + src.Domain, Detail: src.Name})
	return nil
}

// DeleteSource removes a domain's entry from the table.
func (a *App) DeleteSource(ctx context.Context, x Actor, domain string) error {
	if err := x.needModerator(); err != nil {
		return err
	}
	if err := a.store.DeleteSource(ctx, burg.NormalizeDomain(domain)); err != nil {
		return err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventSettings})
	a.record(ctx, x, &burg.AuditEntry{Action: burg.AuditSourceDelete, Target: "source " + burg.NormalizeDomain(domain)})
	return nil
}

// sourceTable returns the table of short source names by domain.
func (a *App) sourceTable(ctx context.Context) (map[string]string, error) {
	srcs, err := a.store.FindSources(ctx)
	if err != nil {
		return nil, err
	}
	table := make(map[string]string, len(srcs))
	for _, src := range srcs {
		table[src.Domain] = src.Name
	}
	return table, nil
}

// ModerationSettings are the site's settings for comments and their
// moderation.
type ModerationSettings struct {
	// FirstCommentHold holds the first comment of a new visitor for a
	// moderator.
	FirstCommentHold bool
	// ReadOnly refuses comments and submissions (but moderators'), while
	// reading goes on.
	ReadOnly bool
	// PublicLog shows the moderation log, without private data, to
	// everyone at /moderation.
	PublicLog bool
	// PurgeAfter is how long a removed comment's text is kept.
	PurgeAfter time.Duration
	// SpamHold and SpamRefuse are the spam scores at which a comment is
	// held for a moderator and refused.
	SpamHold, SpamRefuse int
}

// DefaultModeration are the moderation settings until an admin changes
// them.
var DefaultModeration = ModerationSettings{PurgeAfter: 30 * 24 * time.Hour, SpamHold: 3, SpamRefuse: 6}

// settingsTTL is how long the rules keep what they read of the settings
// and the blocked words. Events drop them at once; the time is a bound on
// the case of an event lost.
const settingsTTL = 30 * time.Second

// Moderation returns the moderation settings, read once and kept until an
// EventSettings (or settingsTTL).
func (a *App) Moderation(ctx context.Context) (ModerationSettings, error) {
	a.settingsMu.Lock()
	cached, at := a.settings, a.settingsAt
	a.settingsMu.Unlock()
	if cached != nil && a.now().Sub(at) < settingsTTL && !a.now().Before(at) {
		return *cached, nil
	}
	m := DefaultModeration
	read := func(key string) (string, bool, error) {
		v, err := a.store.Setting(ctx, key, func() (string, error) { return "", errUnset })
		if errors.Is(err, errUnset) {
			return "", false, nil
		}
		return v, err == nil, err
	}
	for _, f := range []struct {
		key string
		set func(string)
	}{
		{burg.SettingFirstCommentHold, func(v string) { m.FirstCommentHold = v == "on" }},
		{burg.SettingReadOnly, func(v string) { m.ReadOnly = v == "on" }},
		{burg.SettingPublicLog, func(v string) { m.PublicLog = v == "on" }},
		{burg.SettingPurgeAfter, func(v string) {
			if n, err := strconv.Atoi(v); err == nil && n >= 1 && n <= maxPurgeDays {
				m.PurgeAfter = time.Duration(n) * 24 * time.Hour
			}
		}},
		{burg.SettingSpamHold, func(v string) {
			if n, err := strconv.Atoi(v); err == nil && n >= 1 {
				m.SpamHold = n
			}
		}},
		{burg.SettingSpamRefuse, func(v string) {
			if n, err := strconv.Atoi(v); err == nil && n >= 1 {
				m.SpamRefuse = n
			}
		}},
	} {
		v, ok, err := read(f.key)
		if err != nil {
			return ModerationSettings{}, err
		}
		if ok {
			f.set(v)
		}
	}
	a.settingsMu.Lock()
	a.settings, a.settingsAt = &m, a.now()
	a.settingsMu.Unlock()
	return m, nil
}

// maxPurgeDays bounds the retention of removed comments' texts.
const maxPurgeDays = 3650

// SettingsInput is the site settings form as sent. Empty number fields
// keep what is set.
type SettingsInput struct {
	Submissions                          string
	FirstCommentHold, ReadOnly, Public   bool
	PurgeAfterDays, SpamHold, SpamRefuse string
}

// SaveSettings stores the site settings an admin sent: the submission
// policy and the moderation settings.
func (a *App) SaveSettings(ctx context.Context, x Actor, in SettingsInput) error {
	if err := x.needAdmin(); err != nil {
		return err
	}
	if !burg.ValidSubmitPolicy(in.Submissions) {
		return burg.Errorf(burg.EINVALID, "Pick one of the submission policies.")
	}
	old, err := a.Moderation(ctx)
	if err != nil {
		return err
	}
	m := old
	m.FirstCommentHold, m.ReadOnly, m.PublicLog = in.FirstCommentHold, in.ReadOnly, in.Public
	number := func(typed string, what string, lo, hi int, into *int) error {
		typed = strings.TrimSpace(typed)
		if typed == "" {
			return nil
		}
		n, err := strconv.Atoi(typed)
		if err != nil || n < lo || n > hi {
			return burg.Errorf(burg.EINVALID, "%s must be a whole number from %d to %d.", what, lo, hi)
		}
		*into = n
		return nil
	}
	days := int(m.PurgeAfter / (24 * time.Hour))
	if err := number(in.PurgeAfterDays, "The days a removed comment is kept", 1, maxPurgeDays, &days); err != nil {
		return err
	}
	m.PurgeAfter = time.Duration(days) * 24 * time.Hour
	if err := number(in.SpamHold, "The score that holds a comment", 1, 100, &m.SpamHold); err != nil {
		return err
	}
	if err := number(in.SpamRefuse, "The score that refuses a comment", 1, 100, &m.SpamRefuse); err != nil {
		return err
	}
	if m.SpamRefuse < m.SpamHold {
		return burg.Errorf(burg.EINVALID, "The score that refuses a comment must be at least the score that holds one.")
	}
	onOff := func(b bool) string {
		if b {
			return "on"
		}
		return "off"
	}
	for _, kv := range [][2]string{
		{burg.SettingSubmissions, in.Submissions},
		{burg.SettingFirstCommentHold, onOff(m.FirstCommentHold)},
		{burg.SettingReadOnly, onOff(m.ReadOnly)},
		{burg.SettingPublicLog, onOff(m.PublicLog)},
		{burg.SettingPurgeAfter, strconv.Itoa(days)},
		{burg.SettingSpamHold, strconv.Itoa(m.SpamHold)},
		{burg.SettingSpamRefuse, strconv.Itoa(m.SpamRefuse)},
	} {
		if err := a.store.SetSetting(ctx, kv[0], kv[1]); err != nil {
			return err
		}
	}
	a.publish(ctx, burg.Event{Kind: burg.EventSettings})
	a.record(ctx, x, &burg.AuditEntry{Action: burg.AuditSettings, Target: "site settings",
		Detail: fmt.Sprintf("submissions %s; first-comment hold %s; read-only %s; public log %s; purge after %d days; spam hold %d, refuse %d",
			in.Submissions, onOff(m.FirstCommentHold), onOff(m.ReadOnly), onOff(m.PublicLog), days, m.SpamHold, m.SpamRefuse)})
	return nil
}

// ReadOnly reports whether the site takes no comments or submissions for
// now; an error reading the setting counts as not read-only, and is
// logged.
func (a *App) ReadOnly(ctx context.Context) bool {
	m, err := a.Moderation(ctx)
	if err != nil {
		a.logger.Error("read settings", "err", err)
		return false
	}
	return m.ReadOnly
}

// errReadOnly answers a comment or a submission while the site is
// read-only.
var errReadOnly = burg.Errorf(burg.EFORBIDDEN,
	"The site is read-only for now: it takes no comments or submissions for a while. Reading is not affected.")

// checkWritable refuses what a reader or poster would add while the site
// is read-only; moderators may still write, to say why.
func (a *App) checkWritable(ctx context.Context, x Actor) error {
	if x.Moderator() {
		return nil
	}
	m, err := a.Moderation(ctx)
	if err != nil {
		return err
	}
	if m.ReadOnly {
		return errReadOnly
	}
	return nil
}
