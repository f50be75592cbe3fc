package app

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/markup"
	"github.com/burg-news/burg/internal/voice"
)

// A post is rendered when it is saved: markup's HTML of its body with the
// house voice applied (swaps made, the first mention of each name boxed),
// its plain text, and the dictionary items it mentions, all stored with
// the post, so that no page renders a body. When the names database or
// the swaps change, the store records the change, and the background
// renderer (RunRenderer, one step at a time in RenderOnce) finds the
// posts it may touch — by the items they mention, and for words new to
// the dictionary by a pass over their plain text — and renders them
// again, newest first, publishing burg.EventRender for each whose
// rendering changed.

// renderCode names the way posts are rendered. Change it when markup or
// the house voice changes what it makes of a text, so that the background
// renderer renders every post anew.
const renderCode = "markup-voice-1"

// The background renderer's bounds.
const (
	renderBatch = 50               // posts rendered in one step
	scanBatch   = 500              // posts a change looks at in one step
	renderLease = 2 * time.Minute  // how long a claim on posts or a change lasts
	renderPoll  = time.Minute      // how often an idle renderer looks for work no event told of
	renderRetry = 10 * time.Second // the wait after a failed step
)

// voiceCache keeps the dictionary built from the names database and the
// swaps, with the version it was read at.
type voiceCache struct {
	mu      sync.Mutex
	version int64
	dict    *voice.Dictionary
}

// dictionary returns the house voice's dictionary as the store has it now,
// and its version, building it again only when the version moved. The
// version is read before the entries, so that a dictionary is never
// labelled newer than it is: a change committed in between makes the
// renderings look older than they are, and they are made again.
func (a *App) dictionary(ctx context.Context) (*voice.Dictionary, int64, error) {
	v, err := a.store.DictionaryVersion(ctx)
	if err != nil {
		return nil, 0, err
	}
	c := &a.voice
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dict != nil && c.version == v {
		return c.dict, v, nil
	}
	names, err := a.store.FindNames(ctx)
	if err != nil {
		return nil, 0, err
	}
	swaps, err := a.store.FindSwaps(ctx)
	if err != nil {
		return nil, 0, err
	}
	c.dict, c.version = voice.Build(names, swaps), v
	return c.dict, v, nil
}

// PostRenderer returns the function that makes a post's stored rendering
// with the dictionary as it is now. Every path that saves a post sets it
// as the post's Render; content stored in bulk (the demo) uses it too.
func (a *App) PostRenderer(ctx context.Context) (func(*burg.Post), error) {
	d, v, err := a.dictionary(ctx)
	if err != nil {
		return nil, err
	}
	return func(p *burg.Post) {
		p.BodyHTML, p.Text, p.Terms = render(d, p.ID, p.Body, p.NoDecoration)
		p.RenderVersion = v
	}, nil
}

// render makes the stored rendering of a post's body: markup's HTML,
// decorated by d seeded with the post's ID unless decoration is off, the
// plain text, and the items of d the post mentions. The items are those
// Decorate used and every one whose terms occur in the text, inside
// quotes and links too, so that a change to any of them finds the post.
func render(d *voice.Dictionary, id int64, body string, noDecoration bool) (html, text string, terms []burg.TermRef) {
	html = string(markup.RenderPost(body, markup.PostOptions{}))
	text = markup.Text(body)
	if noDecoration || d == nil {
		return html, text, nil
	}
	html, used := d.Decorate(html, id)
	return html, text, termRefs(append(used.Keys(), d.Mentions(text)...))
}

// termRefs turns keys into TermRefs, each once, in kind and ID order.
func termRefs(keys []voice.Key) []burg.TermRef {
	out := make([]burg.TermRef, 0, len(keys))
	for _, k := range keys {
		kind := burg.TermName
		if k.Kind == voice.KindSwap {
			kind = burg.TermSwap
		}
		out = append(out, burg.TermRef{Kind: kind, ID: k.ID})
	}
	slices.SortFunc(out, func(a, b burg.TermRef) int {
		if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return slices.Compact(out)
}

// RenderStep is what one step of the background renderer did.
type RenderStep struct {
	// Rendered counts the posts rendered and stored; Changed those whose
	// HTML or text came out different, each announced by EventRender.
	Rendered, Changed int
	// Change is the dictionary change the step advanced, if it did, and
	// Queued the posts it queued.
	Change *burg.DictionaryChange
	Queued int
	// Idle is set when there was nothing to do.
	Idle bool
}

// RenderOnce does one bounded step of the background rendering: it
// renders up to 50 queued (or never rendered) posts, or, with none
// waiting, moves the oldest unfinished dictionary change on by up to 500
// posts, queueing those it may touch. Steps are safe to run in several
// instances at once: posts and changes are claimed.
func (a *App) RenderOnce(ctx context.Context) (RenderStep, error) {
	posts, err := a.store.ClaimRenders(ctx, renderBatch, renderLease)
	if err != nil {
		return RenderStep{}, err
	}
	if len(posts) > 0 {
		return a.renderPosts(ctx, posts)
	}
	ch, err := a.store.ClaimChange(ctx, renderLease)
	if burg.ErrorCode(err) == burg.ENOTFOUND {
		return RenderStep{Idle: true}, nil
	} else if err != nil {
		return RenderStep{}, err
	}
	return a.advanceChange(ctx, ch)
}

// renderPosts renders claimed posts and stores what came of them.
func (a *App) renderPosts(ctx context.Context, posts []*burg.Post) (RenderStep, error) {
	d, v, err := a.dictionary(ctx)
	if err != nil {
		return RenderStep{}, err
	}
	rs := make([]burg.Rendering, len(posts))
	changed := make(map[int64]bool, len(posts))
	for i, p := range posts {
		html, text, terms := render(d, p.ID, p.Body, p.NoDecoration)
		rs[i] = burg.Rendering{PostID: p.ID, Body: p.Body, NoDecoration: p.NoDecoration,
			HTML: html, Text: text, Terms: terms, Version: v}
		changed[p.ID] = html != p.BodyHTML || text != p.Text
	}
	saved, err := a.store.SaveRenderings(ctx, rs)
	if err != nil {
		return RenderStep{}, err
	}
	step := RenderStep{Rendered: len(saved)}
	for _, id := range saved {
		if changed[id] {
			step.Changed++
			// An event of its own per post drops the pages that show it
			// and no others; EventPost would drop every page.
			a.publish(ctx, burg.Event{Kind: burg.EventRender, PostID: id})
		}
	}
	return step, nil
}

// advanceChange moves a claimed dictionary change on by one batch: first
// the posts that mentioned its items, then the posts whose text holds
// its new words.
func (a *App) advanceChange(ctx context.Context, ch *burg.DictionaryChange) (RenderStep, error) {
	var queue []int64
	phase, cursor := ch.Phase, ch.Cursor
	switch ch.Phase {
	case burg.ChangeItems:
		ids, err := a.store.FindPostsMentioning(ctx, ch.Items, ch.Cursor, scanBatch)
		if err != nil {
			return RenderStep{}, err
		}
		queue = ids
		if len(ids) > 0 {
			cursor = ids[len(ids)-1]
		}
		if len(ids) < scanBatch {
			phase, cursor = burg.ChangeWords, 0
			if len(ch.Words) == 0 {
				phase = burg.ChangeDone
			}
		}
	case burg.ChangeWords:
		texts, err := a.store.FindPostTexts(ctx, ch.Cursor, scanBatch)
		if err != nil {
			return RenderStep{}, err
		}
		probe := wordsDictionary(ch.Words)
		for _, pt := range texts {
			if !pt.NoDecoration && len(probe.Mentions(pt.Text)) > 0 {
				queue = append(queue, pt.ID)
			}
		}
		if len(texts) > 0 {
			cursor = texts[len(texts)-1].ID
		}
		if len(texts) < scanBatch {
			phase = burg.ChangeDone
		}
	default:
		phase = burg.ChangeDone
	}
	err := a.store.AdvanceChange(ctx, ch, phase, cursor, queue)
	if burg.ErrorCode(err) == burg.ECONFLICT {
		return RenderStep{}, nil // another instance moved it on
	} else if err != nil {
		return RenderStep{}, err
	}
	return RenderStep{Change: ch, Queued: len(queue)}, nil
}

// wordsDictionary is a dictionary of words alone, to find the posts that
// mention any of them.
func wordsDictionary(words []string) *voice.Dictionary {
	if len(words) == 0 {
		return voice.Build(nil, nil)
	}
	return voice.Build([]*burg.Tag{{ID: 1, Name: words[0], Aliases: words[1:]}}, nil)
}

// RunRenderer renders in the background until ctx ends: step after step
// while there is work, resting as long as each step took so that it takes
// at most half of a core, then waiting for a change of the dictionary
// (EventNames, or EventAll from another process) or a minute. It first
// marks every post for rendering when the way posts are rendered changed
// since the store last saw it.
func (a *App) RunRenderer(ctx context.Context) {
	for {
		if err := a.checkRenderCode(ctx); err == nil {
			break
		} else if ctx.Err() == nil {
			a.logger.Error("check render code", "err", err)
		}
		if !a.rest(ctx, renderRetry) {
			return
		}
	}
	for {
		start := a.now()
		step, err := a.RenderOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		wait := max(a.now().Sub(start), 10*time.Millisecond)
		switch {
		case err != nil:
			a.logger.Error("render posts", "err", err)
			wait = renderRetry
		case step.Idle:
			wait = renderPoll
		case step.Change != nil && step.Change.Phase == burg.ChangeDone:
			a.logger.Info("dictionary change queued its posts", "change", step.Change.ID, "posts", step.Change.Queued)
		}
		if !a.rest(ctx, wait) {
			return
		}
	}
}

// rest waits for d, or less when the renderer is woken; false when ctx
// ended.
func (a *App) rest(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-a.renderWake:
	case <-t.C:
	}
	return true
}

// wakeRenderer tells the background renderer there may be work.
func (a *App) wakeRenderer() {
	select {
	case a.renderWake <- struct{}{}:
	default:
	}
}

// checkRenderCode marks every post for rendering when the store last
// rendered them in another way than this Burg does.
func (a *App) checkRenderCode(ctx context.Context) error {
	code, err := a.store.Setting(ctx, "render_code", func() (string, error) { return renderCode, nil })
	if err != nil || code == renderCode {
		return err
	}
	if err := a.store.ResetRenderings(ctx); err != nil {
		return err
	}
	a.logger.Info("posts marked for rendering anew", "was", code, "now", renderCode)
	return a.store.SetSetting(ctx, "render_code", renderCode)
}

// RenderProgress says how far the background rendering has come, for
// moderators.
func (a *App) RenderProgress(ctx context.Context, x Actor) (*burg.RenderProgress, error) {
	if err := x.needModerator(); err != nil {
		return nil, err
	}
	return a.store.RenderProgress(ctx)
}
