package extract

import (
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"

	"github.com/burg-news/burg"
)

// NormalizeURL canonicalises a source URL so that two ways of writing the
// same address compare equal: only http and https are accepted (an
// address without a scheme gets https://); scheme and host are lower-cased
// and the host is put in its ASCII (punycode) form without a trailing dot;
// the default port, the fragment, any user name and password, tracking
// parameters (utm_*, fbclid, gclid, mc_cid, mc_eid, yclid, _ga, igshid,
// ref_src and the like) and a trailing "?" are removed; an empty path
// becomes "/"; the remaining query parameters are kept as written, in
// order. A bad address yields a *burg.Error (burg.EINVALID).
func NormalizeURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	bad := burg.Errorf(burg.EINVALID, msgBadURL)
	if raw == "" || strings.ContainsAny(raw, " \t\r\n\x00") {
		return "", bad
	}
	typed := raw
	implied := false
	if strings.HasPrefix(raw, "//") {
		raw = "https:" + raw
	} else if !strings.Contains(raw, "://") && !hasScheme(raw) {
		raw = "https://" + raw
		implied = true
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", bad
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" || u.Opaque != "" {
		return "", bad
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return "", bad
	}
	if implied && !strings.Contains(host, ".") && !strings.Contains(host, ":") && host != "localhost" {
		// A word typed without a scheme, such as "notaurl", is no
		// address at all, even though https://notaurl/ would parse.
		return "", burg.Errorf(burg.EINVALID, msgNotURL, burg.Clip(typed, 60))
	}
	if strings.Contains(host, ":") {
		// An IPv6 literal.
		if net.ParseIP(host) == nil {
			return "", bad
		}
		host = "[" + host + "]"
	} else if ascii, ok := asciiHost(host); ok {
		host = ascii
	} else {
		return "", bad
	}
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host
	u.User = nil
	u.Fragment = ""
	u.RawFragment = ""
	u.RawQuery = stripTracking(u.RawQuery)
	u.ForceQuery = false
	if u.Path == "" {
		u.Path = "/"
		u.RawPath = ""
	}
	return u.String(), nil
}

// hasScheme reports whether raw starts with "scheme:" followed by
// something other than a port number, as in "mailto:x" but not in
// "example.com:8080/x".
func hasScheme(raw string) bool {
	scheme, rest, ok := strings.Cut(raw, ":")
	if !ok || scheme == "" || strings.ContainsAny(scheme, "/.?#") {
		return false
	}
	for i := 0; i < len(rest) && rest[i] != '/'; i++ {
		if rest[i] < '0' || rest[i] > '9' {
			return true
		}
	}
	return rest == ""
}

// stripTracking removes tracking parameters from a raw query and keeps the
// rest exactly as written, in order.
func stripTracking(rawQuery string) string {
	if rawQuery == "" {
		return ""
	}
	var kept []string
	for part := range strings.SplitSeq(rawQuery, "&") {
		if part == "" {
			continue
		}
		key, _, _ := strings.Cut(part, "=")
		if k, err := url.QueryUnescape(key); err == nil {
			key = k
		}
		if burg.TrackingParam(key) {
			continue
		}
		kept = append(kept, part)
	}
	return strings.Join(kept, "&")
}

// SourceTag returns the short name of a URL's source, the one shown in
// brackets at the start of a post: table's entry for the host or any of
// its parent domains (the closest wins; keys are lower-case ASCII domains,
// with or without a leading "www."), else the registrable domain without its
// public suffix, upper-cased: "https://www.arabnews.com/x" gives
// "ARABNEWS", "https://news.bbc.co.uk/" gives "BBC". An IP address or a
// bare name gives itself upper-cased; an unusable URL gives "".
func SourceTag(rawURL string, table map[string]string) string {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || u.Host == "" {
		if norm, nerr := NormalizeURL(rawURL); nerr == nil {
			u, err = url.Parse(norm)
		}
		if err != nil || u == nil || u.Host == "" {
			return ""
		}
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return ""
	}
	if ascii, ok := asciiHost(host); ok {
		host = ascii
	}
	for d := host; len(table) > 0; {
		for _, key := range []string{d, "www." + d} {
			if v := strings.TrimSpace(table[key]); v != "" {
				return v
			}
		}
		_, parent, ok := strings.Cut(d, ".")
		if !ok {
			break
		}
		d = parent
	}
	if net.ParseIP(host) != nil {
		return strings.ToUpper(host)
	}
	etld1, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return strings.ToUpper(unicodeHost(host))
	}
	suffix, _ := publicsuffix.PublicSuffix(etld1)
	label := strings.TrimSuffix(strings.TrimSuffix(etld1, suffix), ".")
	return strings.ToUpper(unicodeHost(label))
}

// asciiHost returns host in ASCII form: unchanged when it is ASCII
// already (so names with underscores and the like still pass), punycode
// when it is an internationalised name.
func asciiHost(host string) (string, bool) {
	for i := 0; i < len(host); i++ {
		if host[i] >= 0x80 {
			a, err := idna.Lookup.ToASCII(host)
			return a, err == nil
		}
	}
	return host, true
}

func unicodeHost(h string) string {
	if u, err := idna.Lookup.ToUnicode(h); err == nil {
		return u
	}
	return h
}
