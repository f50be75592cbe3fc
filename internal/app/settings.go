package app

import (
	"context"
	"errors"
	"strings"

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
