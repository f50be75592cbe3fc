package app

import (
	"context"
	"strconv"
	"strings"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/nick"
)

// blockedWords are the moderators' blocked words, ready to find: those
// that hold a comment and those that refuse it.
type blockedWords struct {
	hold, reject *nick.Phrases
}

// blockedWords returns the blocked words, read once and kept until an
// EventSettings (or settingsTTL).
func (a *App) blockedWords(ctx context.Context) (*blockedWords, error) {
	a.settingsMu.Lock()
	w, at := a.words, a.wordsAt
	a.settingsMu.Unlock()
	if w != nil && a.now().Sub(at) < settingsTTL && !a.now().Before(at) {
		return w, nil
	}
	list, err := a.store.FindBlockedWords(ctx)
	if err != nil {
		return nil, err
	}
	var hold, reject []string
	for _, bw := range list {
		if bw.Action == burg.WordReject {
			reject = append(reject, bw.Word)
		} else {
			hold = append(hold, bw.Word)
		}
	}
	w = &blockedWords{hold: nick.NewPhrases(hold...), reject: nick.NewPhrases(reject...)}
	a.settingsMu.Lock()
	a.words, a.wordsAt = w, a.now()
	a.settingsMu.Unlock()
	return w, nil
}

// BlockedWords returns the blocked words, for moderators.
func (a *App) BlockedWords(ctx context.Context, x Actor) ([]*burg.BlockedWord, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	return a.store.FindBlockedWords(ctx)
}

// AddBlockedWord blocks a word or phrase, and its look-alikes: a comment
// with it is held for review (action "hold") or refused ("reject").
func (a *App) AddBlockedWord(ctx context.Context, x Actor, word, action string) (*burg.BlockedWord, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	w := &burg.BlockedWord{Word: word, Action: strings.TrimSpace(action), UserID: x.userID()}
	if err := w.Validate(); err != nil {
		return nil, err
	}
	w.Key = nick.PhraseKey(w.Word)
	if err := a.store.AddBlockedWord(ctx, w); err != nil {
		return nil, err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventSettings})
	a.record(ctx, x, &burg.AuditEntry{Action: burg.AuditWordAdd, Target: "word " + strconv.FormatInt(w.ID, 10),
		Detail: w.Action + " " + strconv.Quote(w.Word)})
	return w, nil
}

// RemoveBlockedWord unblocks a word.
func (a *App) RemoveBlockedWord(ctx context.Context, x Actor, id int64) error {
	if err := x.needModerator(); err != nil {
		return err
	}
	words, err := a.store.FindBlockedWords(ctx)
	if err != nil {
		return err
	}
	detail := ""
	for _, w := range words {
		if w.ID == id {
			detail = w.Action + " " + strconv.Quote(w.Word)
		}
	}
	if err := a.store.DeleteBlockedWord(ctx, id); err != nil {
		return err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventSettings})
	a.record(ctx, x, &burg.AuditEntry{Action: burg.AuditWordRemove, Target: "word " + strconv.FormatInt(id, 10), Detail: detail})
	return nil
}
