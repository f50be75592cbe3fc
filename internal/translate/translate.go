// Package translate turns the excerpt of a foreign-language source into
// another language with a machine translation engine, for a poster to edit
// before publishing. Two engines are provided: Apertium, run locally as a
// command, and LibreTranslate, reached over HTTP.
//
// An engine that is not set up (no apertium command, no LibreTranslate
// URL) is still a valid Engine: its Pairs reports none and its Translate
// refuses with a clear message. Available picks out the engines that can
// translate something right now.
//
// Errors a poster should see carry a *burg.Error in their chain (code
// burg.EINVALID, or burg.ETOOMANY when a service asks us to slow down), so
// burg.ErrorCode and burg.ErrorMessage work on them; the chain also keeps
// the underlying cause for the log.
package translate

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/language"
)

// Engine translates text between languages.
type Engine interface {
	// Name is the engine's name as shown in a post's translation note:
	// "Apertium", "LibreTranslate".
	Name() string
	// Pairs lists the directions the engine can translate now. An engine
	// that is not set up returns none and no error.
	Pairs(ctx context.Context) ([]Pair, error)
	// Translate translates text from one language to another, keeping
	// its paragraphs. Languages are ISO 639-1 codes where possible.
	Translate(ctx context.Context, text, from, to string) (string, error)
}

// The engines of this package.
var (
	_ Engine = (*Apertium)(nil)
	_ Engine = (*LibreTranslate)(nil)
)

// Pair is one translation direction. Codes are ISO 639-1 where the
// language has one ("es", "en"), else what the engine uses.
type Pair struct {
	From, To string
}

// String returns the pair as "from→to".
func (p Pair) String() string {
	return p.From + "→" + p.To
}

// Note returns a post's translation note for an engine:
// "Direct translation via Apertium. Edited."
func Note(engineName string) string {
	return "Direct translation via " + engineName + ". Edited."
}

// Offer is an engine that can translate now, with the directions it
// offers.
type Offer struct {
	Engine Engine
	Pairs  []Pair
}

// Supports reports whether the offer translates from one language to
// another. Codes are compared by their primary language subtag, so "es"
// matches "es-ES".
func (o Offer) Supports(from, to string) bool {
	from, to = baseCode(from), baseCode(to)
	for _, p := range o.Pairs {
		if baseCode(p.From) == from && baseCode(p.To) == to {
			return true
		}
	}
	return false
}

// Available asks each engine for its pairs and returns, in the order
// given, those that offer at least one. Nil engines are skipped. An engine
// whose Pairs fails is left out and its error is part of the returned
// error, so that a caller can log it and still offer the others.
func Available(ctx context.Context, engines ...Engine) ([]Offer, error) {
	var offers []Offer
	var errs []error
	for _, e := range engines {
		if e == nil {
			continue
		}
		pairs, err := e.Pairs(ctx)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s pairs: %w", e.Name(), err))
			continue
		}
		if len(pairs) > 0 {
			offers = append(offers, Offer{Engine: e, Pairs: pairs})
		}
	}
	return offers, errors.Join(errs...)
}

// Pick returns the first engine among offers that translates from one
// language to another, and whether there is one.
func Pick(offers []Offer, from, to string) (Engine, bool) {
	for _, o := range offers {
		if o.Supports(from, to) {
			return o.Engine, true
		}
	}
	return nil, false
}

// baseCode returns the primary language subtag of a code in the form
// engines use: ISO 639-1 when there is one ("spa" and "es-ES" give "es"),
// else the code lower-cased; "" when it is no language code at all.
func baseCode(code string) string {
	code = strings.TrimSpace(code)
	first, _, _ := strings.Cut(strings.ReplaceAll(code, "_", "-"), "-")
	if first == "" {
		return ""
	}
	b, err := language.ParseBase(first)
	if err != nil {
		return ""
	}
	return b.String()
}
