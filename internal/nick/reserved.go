package nick

// Reserved is a set of reserved nicks — those of registered posters and
// moderators — that commenters may not use, nor anything that looks like
// them. It is never changed after NewReserved, so it is safe for concurrent
// use; build a new one when the reserved nicks change.
//
// A nick is taken to look like a reserved one when the two share either
// of two keys:
//
//   - the strict key, Canonical: same letters and digits after folding
//     case, spacing, punctuation, invisible characters, accents,
//     compatibility forms and letters of other scripts that look Latin;
//   - the loose key, which also reads digits and symbols as the letters
//     they stand in for (0 o, 1 l, 3 e, 4 a, 5 s, 7 t, 8 b, 9 g, | and !
//     l, @ a, $ s), i as l (a capital I looks like l), rn as m and vv as
//     w.
//
// The loose key is only ever compared with the loose keys of reserved
// nicks, so it costs a commenter at most a nick that truly resembles a
// reserved one ("Mla" when "Mia" is reserved); the strict key is
// compared first so that, of two reserved nicks with the same loose key,
// the one actually typed is reported.
type Reserved struct {
	strict map[string]string // Canonical key → reserved nick
	loose  map[string]string // loose key → reserved nick
}

// NewReserved returns the set of the given nicks. Where two share a key,
// the first given owns it. Nicks with nothing visible in them reserve
// nothing.
func NewReserved(nicks ...string) *Reserved {
	r := &Reserved{
		strict: make(map[string]string, len(nicks)),
		loose:  make(map[string]string, len(nicks)),
	}
	for _, n := range nicks {
		strict, loose := keys(n)
		if strict == "" {
			continue
		}
		if _, ok := r.strict[strict]; !ok {
			r.strict[strict] = n
		}
		if _, ok := r.loose[loose]; !ok {
			r.loose[loose] = n
		}
	}
	return r
}

// Owner returns the reserved nick that nick is, or looks like, and true;
// or "" and false when nick is free to use. A nil *Reserved reserves
// nothing.
func (r *Reserved) Owner(nick string) (string, bool) {
	if r == nil {
		return "", false
	}
	strict, loose := keys(nick)
	if strict == "" {
		return "", false
	}
	if owner, ok := r.strict[strict]; ok {
		return owner, true
	}
	if owner, ok := r.loose[loose]; ok {
		return owner, true
	}
	return "", false
}
