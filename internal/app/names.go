package app

import (
	"context"
	"io"
	"strconv"
	"strings"

	burg "github.com/burg-news/burg"
)

// Moderators keep the house voice's dictionary: the entries of the names
// database (groups, people, places and topics, with their epithets,
// aliases, descriptions and photos) and the word swaps. Each change is
// recorded by the store with the change itself; the background renderer
// then renders again the posts it may touch, and nothing else.

// EntryInput is the form of a names database entry as typed.
type EntryInput struct {
	Name        string
	Slug        string // "" makes one from the name
	Kind        string // burg.TagGroup, TagPerson, TagPlace or TagTopic
	Epithet     string
	Description string
	// Aliases are the other names, one a line (commas separate them too
	// when a line holds no other).
	Aliases string
	// FileUnder offers the entry as a "File under" tag when posting.
	FileUnder bool
	// RemoveImage drops the entry's photo; a photo sent with the form
	// replaces it.
	RemoveImage bool
	// Image is the entry's photo as it stands, for the form to show; it
	// is set from the entry, never taken from what was sent.
	Image string
}

// InputOfEntry returns the fields of t as the entry form shows them.
func InputOfEntry(t *burg.Tag) EntryInput {
	return EntryInput{Name: t.Name, Slug: t.Slug, Kind: t.Kind, Epithet: t.Epithet, Description: t.Description,
		Aliases: strings.Join(t.Aliases, "\n"), FileUnder: !t.NameOnly, Image: t.Image}
}

// splitAliases reads aliases typed one a line; a single line is split at
// commas too. Repeats are dropped.
func splitAliases(typed string) []string {
	lines := strings.Split(strings.ReplaceAll(typed, "\r\n", "\n"), "\n")
	if len(lines) == 1 {
		lines = strings.Split(lines[0], ",")
	}
	var out []string
	for _, l := range lines {
		a := strings.Join(strings.Fields(l), " ")
		if a == "" {
			continue
		}
		dup := false
		for _, b := range out {
			dup = dup || strings.EqualFold(a, b)
		}
		if !dup {
			out = append(out, a)
		}
	}
	return out
}

// entryOf checks the typed fields and copies them into t, which keeps
// its image unless the form removes it; photo, when not nil, is stored
// through the upload pipeline as the entry's new image.
func (a *App) entryOf(ctx context.Context, in *EntryInput, t *burg.Tag, photo io.Reader) error {
	t.Name = strings.Join(strings.Fields(in.Name), " ")
	t.Slug = strings.ToLower(strings.TrimSpace(in.Slug))
	if t.Slug == "" {
		t.Slug = burg.Slugify(t.Name, 80)
		if t.Slug == "" && t.Name != "" {
			return burg.Errorf(burg.EINVALID, "The name %q has no Latin letters or digits for its address; give it a slug.", burg.Clip(t.Name, 40))
		}
	}
	in.Slug = t.Slug
	t.Kind = strings.TrimSpace(in.Kind)
	t.Epithet = strings.Join(strings.Fields(in.Epithet), " ")
	t.Description = strings.TrimSpace(strings.ReplaceAll(in.Description, "\r\n", "\n"))
	t.Aliases = splitAliases(in.Aliases)
	t.NameOnly = !in.FileUnder
	if in.RemoveImage {
		t.Image = ""
	}
	in.Image = t.Image
	if err := t.Validate(); err != nil {
		return err
	}
	if photo != nil {
		if a.uploads == nil {
			return burg.Errorf(burg.EINVALID, "Photo uploads are switched off on this site.")
		}
		name, err := a.uploads.Save(ctx, photo)
		if err != nil {
			return err
		}
		t.Image, in.Image, in.RemoveImage = name, name, false
	}
	return nil
}

// Entries returns every entry of the names database by name, retired
// ones included, for moderators.
func (a *App) Entries(ctx context.Context, x Actor) ([]*burg.Tag, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	return a.store.FindTags(ctx)
}

// Entry returns one entry, retired or not, for moderators.
func (a *App) Entry(ctx context.Context, x Actor, id int64) (*burg.Tag, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	return a.store.FindTag(ctx, id)
}

// CreateEntry adds an entry to the names database, with photo (nil for
// none) as its image.
func (a *App) CreateEntry(ctx context.Context, x Actor, in *EntryInput, photo io.Reader) (*burg.Tag, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	t := &burg.Tag{}
	if err := a.entryOf(ctx, in, t, photo); err != nil {
		return nil, err
	}
	if err := a.store.CreateTag(ctx, t); err != nil {
		return nil, err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventNames})
	return t, nil
}

// UpdateEntry saves the entry form of entry id; photo, when not nil,
// becomes its image.
func (a *App) UpdateEntry(ctx context.Context, x Actor, id int64, in *EntryInput, photo io.Reader) (*burg.Tag, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	old, err := a.store.FindTag(ctx, id)
	if err != nil {
		return nil, err
	}
	t := *old
	if err := a.entryOf(ctx, in, &t, photo); err != nil {
		return old, err
	}
	if err := a.store.UpdateTag(ctx, &t); err != nil {
		return old, err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventNames})
	return &t, nil
}

// RetireEntry retires an entry: it is no longer matched in posts or
// offered, and the posts filed under it keep it.
func (a *App) RetireEntry(ctx context.Context, x Actor, id int64) error {
	if err := x.needModerator(); err != nil {
		return err
	}
	if err := a.store.RetireTag(ctx, id); err != nil {
		return err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventNames})
	return nil
}

// RestoreEntry brings a retired entry back.
func (a *App) RestoreEntry(ctx context.Context, x Actor, id int64) error {
	if err := x.needModerator(); err != nil {
		return err
	}
	if err := a.store.RestoreTag(ctx, id); err != nil {
		return err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventNames})
	return nil
}

// MergeEntry folds entry id into the entry typed as into (its name, slug
// or ID): the posts filed under it and its names follow, and it goes.
func (a *App) MergeEntry(ctx context.Context, x Actor, id int64, into string) (*burg.Tag, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	into = strings.Join(strings.Fields(into), " ")
	if into == "" {
		return nil, burg.Errorf(burg.EINVALID, "Name the entry to merge into.")
	}
	all, err := a.store.FindTags(ctx)
	if err != nil {
		return nil, err
	}
	var dst *burg.Tag
	n, _ := strconv.ParseInt(into, 10, 64)
	for _, t := range all {
		if t.ID == n || strings.EqualFold(t.Name, into) || t.Slug == strings.ToLower(into) {
			dst = t
			break
		}
	}
	if dst == nil {
		return nil, burg.Errorf(burg.EINVALID, "There is no entry %q to merge into.", burg.Clip(into, 40))
	}
	if err := a.store.MergeTags(ctx, id, dst.ID); err != nil {
		return nil, err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventNames})
	return dst, nil
}

// SwapInput is the form of a word swap as typed.
type SwapInput struct {
	Term string
	// Variants are the replacements, one a line.
	Variants string
}

// InputOfSwap returns the fields of sw as the swap form shows them.
func InputOfSwap(sw *burg.Swap) SwapInput {
	return SwapInput{Term: sw.Term, Variants: strings.Join(sw.Variants, "\n")}
}

// swapOf checks the typed fields and copies them into sw.
func swapOf(in *SwapInput, sw *burg.Swap) error {
	sw.Term = strings.Join(strings.Fields(in.Term), " ")
	sw.Variants = nil
	for l := range strings.SplitSeq(strings.ReplaceAll(in.Variants, "\r\n", "\n"), "\n") {
		if v := strings.Join(strings.Fields(l), " "); v != "" {
			sw.Variants = append(sw.Variants, v)
		}
	}
	return sw.Validate()
}

// Swaps returns every word swap by term, for moderators.
func (a *App) Swaps(ctx context.Context, x Actor) ([]*burg.Swap, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	return a.store.FindSwaps(ctx)
}

// Swap returns one word swap, for moderators.
func (a *App) Swap(ctx context.Context, x Actor, id int64) (*burg.Swap, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	return a.store.FindSwap(ctx, id)
}

// CreateSwap adds a word swap.
func (a *App) CreateSwap(ctx context.Context, x Actor, in *SwapInput) (*burg.Swap, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	sw := &burg.Swap{}
	if err := swapOf(in, sw); err != nil {
		return nil, err
	}
	if err := a.store.CreateSwap(ctx, sw); err != nil {
		return nil, err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventNames})
	return sw, nil
}

// UpdateSwap saves the swap form of swap id.
func (a *App) UpdateSwap(ctx context.Context, x Actor, id int64, in *SwapInput) (*burg.Swap, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	old, err := a.store.FindSwap(ctx, id)
	if err != nil {
		return nil, err
	}
	sw := *old
	if err := swapOf(in, &sw); err != nil {
		return old, err
	}
	if err := a.store.UpdateSwap(ctx, &sw); err != nil {
		return old, err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventNames})
	return &sw, nil
}

// DeleteSwap removes a word swap.
func (a *App) DeleteSwap(ctx context.Context, x Actor, id int64) error {
	if err := x.needModerator(); err != nil {
		return err
	}
	if err := a.store.DeleteSwap(ctx, id); err != nil {
		return err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventNames})
	return nil
}
