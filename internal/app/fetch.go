package app

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/extract"
	"github.com/burg-news/burg/internal/translate"
)

// Limits of the posting desk's outside work.
const (
	// TargetLang is the language posts are translated into.
	TargetLang = "en"
	// maxFetchedText is how much of a fetched page's text pre-fills the
	// form; the poster trims it to an excerpt anyway.
	maxFetchedText = 50_000
	// fetchTimeout bounds one fetch, translateTimeout one translation,
	// which may be slow.
	fetchTimeout     = 30 * time.Second
	translateTimeout = 90 * time.Second
	// offersTTL is how long the list of translation engines is kept.
	offersTTL = 5 * time.Minute
)

// FetchOn reports whether the posting desk fetches pages.
func (a *App) FetchOn() bool { return a.fetcher != nil }

// deskWork checks that the actor may have the server fetch or translate,
// which costs outside work (and, for LibreTranslate, an API key's quota):
// registered users within their limits; readers only where the site takes
// their submissions, within tighter limits per visitor and address.
func (a *App) deskWork(ctx context.Context, x Actor, doing string) error {
	tooFast := burg.Errorf(burg.ETOOMANY, "You are %s faster than we can. Please wait a minute.", doing)
	if x.Member() {
		if !a.fetches.allow("user:" + strconv.FormatInt(x.userID(), 10)) {
			return tooFast
		}
		return nil
	}
	may, err := a.MaySubmit(ctx, x)
	if err != nil {
		return err
	}
	if !may {
		return errSubmitClosed
	}
	if !a.readerFetches.allow("ip:"+x.IP, "visitor:"+x.VisitorID) {
		return tooFast
	}
	return nil
}

// Fetched is what a source's page pre-fills the posting form with.
type Fetched struct {
	URL, Title, Body, Lang, SiteName, Image, SourceTag string
	// Duplicate is the live post that has this source already, if any.
	Duplicate *burg.Post
}

// Fetch reads a source's page for the posting form: its title, main text
// (clipped to an excerpt's worth), language, site name, lead image and
// source tag.
func (a *App) Fetch(ctx context.Context, x Actor, rawURL string) (*Fetched, error) {
	if a.fetcher == nil {
		return nil, burg.Errorf(burg.EINVALID, "Fetching pages is switched off on this site; please fill in the form by hand.")
	}
	if strings.TrimSpace(rawURL) == "" {
		return nil, burg.Errorf(burg.EINVALID, "Paste the address of the news page first.")
	}
	if err := a.deskWork(ctx, x, "fetching pages"); err != nil {
		return nil, err
	}
	fctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	page, err := a.fetcher.Fetch(fctx, rawURL)
	if err != nil {
		if errors.Is(err, context.Canceled) && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if code := burg.ErrorCode(err); code != burg.EINTERNAL {
			return nil, burg.Errorf(code, "%s You can still fill in the form by hand.", burg.ErrorMessage(err))
		}
		a.logger.Warn("fetch source", "url", rawURL, "err", err)
		return nil, burg.Errorf(burg.EINVALID, "The page could not be fetched. You can still fill in the form by hand.")
	}
	if norm, err := extract.NormalizeURL(rawURL); err == nil {
		a.fetched.put(a.now(), norm, page)
	}
	f := &Fetched{URL: page.URL, Title: page.Title, Body: clipParagraphs(page.Text, maxFetchedText),
		Lang: page.Lang, SiteName: page.SiteName, Image: page.Image}
	table, err := a.sourceTable(fctx)
	if err != nil {
		a.logger.Error("source table", "err", err)
	}
	f.SourceTag = extract.SourceTag(page.URL, table)
	if dup, err := a.store.FindPostBySourceURL(fctx, page.URL); err == nil {
		f.Duplicate = dup
	}
	return f, nil
}

// clipParagraphs shortens text to at most n bytes, at a paragraph break
// when there is one, never inside a character.
func clipParagraphs(text string, n int) string {
	if len(text) <= n {
		return text
	}
	if i := strings.LastIndex(text[:n], "\n\n"); i > n/2 {
		return text[:i]
	}
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return text[:n]
}

// Offers returns the engines that translate now, asking them at most every
// offersTTL.
func (a *App) Offers(ctx context.Context) []translate.Offer {
	if len(a.engines) == 0 {
		return nil
	}
	a.offersMu.Lock()
	defer a.offersMu.Unlock()
	now := time.Now()
	if a.offers != nil && now.Sub(a.offersAt) < offersTTL {
		return a.offers
	}
	offers, err := translate.Available(ctx, a.engines...)
	if err != nil {
		a.logger.Warn("translation engines", "err", err)
	}
	if offers == nil {
		offers = []translate.Offer{}
	}
	a.offers, a.offersAt = offers, now
	return offers
}

// TranslateInput is what the posting form sends to translate.
type TranslateInput struct {
	Body, Original string // the original is translated when there is one
	From           string // the source's language
	Engine         string // "" for the first that can
}

// Translated is a translation for the posting form.
type Translated struct {
	Body, Original, Engine, Note string
}

// Translate translates the text with the chosen engine, keeping the
// original.
func (a *App) Translate(ctx context.Context, x Actor, in TranslateInput) (*Translated, error) {
	ctx, cancel := context.WithTimeout(ctx, translateTimeout)
	defer cancel()
	text := in.Original
	if strings.TrimSpace(text) == "" {
		text = in.Body
	}
	if strings.TrimSpace(text) == "" {
		return nil, burg.Errorf(burg.EINVALID, "There is no text to translate.")
	}
	from := strings.ToLower(in.From)
	if from == "" {
		return nil, burg.Errorf(burg.EINVALID, "Say which language the source is in (such as es), then translate.")
	}
	var offer *translate.Offer
	offers := a.Offers(ctx)
	for i, o := range offers {
		if o.Engine.Name() == in.Engine || (in.Engine == "" && o.Supports(from, TargetLang)) {
			offer = &offers[i]
			break
		}
	}
	switch {
	case offer == nil && len(offers) == 0:
		return nil, burg.Errorf(burg.EINVALID, "No translation engine is set up on this site.")
	case offer == nil:
		return nil, burg.Errorf(burg.EINVALID, "There is no translation engine called %s.", strconv.Quote(in.Engine))
	case !offer.Supports(from, TargetLang):
		return nil, burg.Errorf(burg.EINVALID, "%s cannot translate from %s into %s here.", offer.Engine.Name(), strconv.Quote(from), TargetLang)
	}
	if err := a.deskWork(ctx, x, "translating"); err != nil {
		return nil, err
	}
	out, err := offer.Engine.Translate(ctx, text, from, TargetLang)
	if err != nil {
		if burg.ErrorCode(err) == burg.EINTERNAL {
			a.logger.Warn("translate", "engine", offer.Engine.Name(), "err", err)
			return nil, burg.Errorf(burg.EINVALID, "The translation failed. Please try again, or another engine.")
		}
		return nil, err
	}
	return &Translated{Original: text, Body: strings.ReplaceAll(out, "\r\n", "\n"), Engine: offer.Engine.Name(),
		Note: translate.Note(offer.Engine.Name())}, nil
}
