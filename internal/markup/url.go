package markup

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// URL kinds for checkURL.
const (
	allowMailto = 1 << iota // mailto: addresses, for [url]
	imageURL                // an image source; no mailto:
)

// maxLabel is the longest label, in runes, shown for a link whose label is
// its own address.
const maxLabel = 60

// checkURL accepts an http:, https: (or, with allowMailto, mailto:)
// address, or a path on this site starting with a single "/", and returns
// it in the canonical form the sanitiser would give it. Everything else is
// refused, including any address holding white space, control or format
// characters, quotes, angle brackets or backslashes, which browsers read in
// ways a parser may not.
func checkURL(raw string, flags int) (string, bool) {
	s := strings.TrimSpace(raw)
	if s == "" || len(s) > maxArg {
		return "", false
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || r == '\\' || r == '"' || r == '<' || r == '>' || r == '`' ||
			r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return "", false
		}
	}
	var scheme string
	if s[0] == '/' {
		if len(s) > 1 && s[1] == '/' {
			return "", false
		}
	} else {
		i := strings.IndexByte(s, ':')
		if i < 1 {
			return "", false
		}
		scheme = strings.ToLower(s[:i])
		switch scheme {
		case "http", "https":
		case "mailto":
			if flags&allowMailto == 0 {
				return "", false
			}
		default:
			return "", false
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != scheme {
		return "", false
	}
	switch scheme {
	case "":
		if u.Host != "" || u.User != nil || u.Opaque != "" {
			return "", false
		}
		// An image on this site is a stored photo and nothing else: an
		// "image" at /posts/12 would make every reader's browser fetch
		// (and count a view of) that page.
		if flags&imageURL != 0 && (!strings.HasPrefix(u.Path, "/uploads/") || u.RawQuery != "" ||
			strings.Contains(u.Path, "..") || strings.Count(u.Path, "/") != 2) {
			return "", false
		}
	case "http", "https":
		// User info in a link ("https://bank.example@evil.example/") only
		// ever serves to mislead.
		if u.Host == "" || u.Opaque != "" || u.User != nil || u.Hostname() == "" {
			return "", false
		}
	case "mailto":
		if u.Opaque == "" || !strings.Contains(u.Opaque, "@") {
			return "", false
		}
	}
	canon := u.String()
	if strings.HasPrefix(canon, "//") || len(canon) > 2*maxArg {
		return "", false
	}
	// The sanitiser parses and prints the URL again; only a fixed point
	// passes through it unchanged.
	if u2, err := url.Parse(canon); err != nil || u2.String() != canon {
		return "", false
	}
	return canon, true
}

// shorten cuts s to at most n runes, ending in "…" when cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, c := 0, 0
	for i < len(s) && c < n-1 {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
		c++
	}
	return s[:i] + "…"
}

// Squish returns the short label for a long URL: its host (without "www.")
// plus a short path hint, e.g. "example.com/…/story-name" for
// "https://www.example.com/news/2024/04/story-name.html". A path of a single
// part is shown whole ("example.com/about"); an address without a path is
// just its host. What is not an absolute address is returned shortened.
func Squish(rawURL string) string {
	s := strings.TrimSpace(rawURL)
	u, err := url.Parse(s)
	if err != nil || u.Hostname() == "" {
		return shorten(cleanLabel(s), 40)
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimPrefix(host, "www.")
	var parts []string
	for p := range strings.SplitSeq(u.EscapedPath(), "/") {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return host
	}
	last := pathHint(parts[len(parts)-1])
	if last == "" && len(parts) > 1 {
		parts = parts[:len(parts)-1]
		last = pathHint(parts[len(parts)-1])
	}
	if last == "" {
		return host
	}
	if len(parts) == 1 {
		return host + "/" + last
	}
	return host + "/…/" + last
}

// pathHint makes a readable label of one escaped path segment: unescaped
// when that gives clean text, without a file extension such as ".html",
// and at most 32 runes long.
func pathHint(seg string) string {
	if un, err := url.PathUnescape(seg); err == nil && utf8.ValidString(un) && cleanLabel(un) == un {
		seg = un
	}
	lower := strings.ToLower(seg)
	for _, ext := range []string{".html", ".htm", ".shtml", ".php", ".aspx", ".asp", ".jsp"} {
		if strings.HasSuffix(lower, ext) {
			seg = seg[:len(seg)-len(ext)]
			break
		}
	}
	if strings.EqualFold(seg, "index") {
		return ""
	}
	return shorten(seg, 32)
}

// cleanLabel drops the characters normalize drops, and white space other
// than a plain space.
func cleanLabel(s string) string {
	return strings.Map(func(r rune) rune {
		if dropRune(r) || unicode.Is(unicode.Cf, r) || (unicode.IsSpace(r) && r != ' ') {
			return -1
		}
		return r
	}, s)
}

// findURL finds the next bare http:// or https:// address in s that does
// not follow a letter or digit. It returns the address's bounds with
// trailing punctuation left out, or -1.
func findURL(s string) (start, end int) {
	for i := 0; i < len(s); {
		j := indexEither(s[i:], 'h', 'H')
		if j < 0 {
			return -1, -1
		}
		i += j
		if !hasPrefixFold(s[i:], "http://") && !hasPrefixFold(s[i:], "https://") {
			i++
			continue
		}
		if i > 0 {
			r, _ := utf8.DecodeLastRuneInString(s[:i])
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
				i++
				continue
			}
		}
		e := i
		for e < len(s) {
			r, w := utf8.DecodeRuneInString(s[e:])
			if r < 0x80 && strings.IndexByte(urlStop, byte(r)) >= 0 || r > 0x7f && (unicode.IsSpace(r) || unicode.Is(unicode.Cf, r)) || r == utf8.RuneError {
				break
			}
			e += w
		}
		return i, i + trimURLEnd(s[i:e])
	}
	return -1, -1
}

// urlStop holds the ASCII bytes that end a bare address.
const urlStop = " \t\n\r\x00\"<>[]{}|\\^`"

// trimURLEnd returns the length of u without trailing punctuation that
// belongs to the sentence: full stops, commas, quotes, and closing
// brackets that were not opened inside the address.
func trimURLEnd(u string) int {
	opened, closed := strings.Count(u, "("), strings.Count(u, ")")
	for len(u) > 0 {
		r, w := utf8.DecodeLastRuneInString(u)
		switch {
		case strings.ContainsRune(".,:;!?'*", r):
		case r == ')':
			if opened >= closed {
				return len(u)
			}
			closed--
		case r == '(':
			opened--
		case r > 0x7f && unicode.IsPunct(r):
		default:
			return len(u)
		}
		u = u[:len(u)-w]
	}
	return 0
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
