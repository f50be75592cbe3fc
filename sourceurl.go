package burg

import (
	"net/url"
	"strings"
)

// trackingParams are query parameters that only track the reader; they
// never change the page.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "gbraid": true,
	"wbraid": true, "msclkid": true, "yclid": true, "twclid": true, "ttclid": true,
	"li_fat_id": true, "mc_cid": true, "mc_eid": true, "_ga": true, "_gl": true,
	"igshid": true, "igsh": true, "ref_src": true, "ref_url": true, "mkt_tok": true,
	"_hsenc": true, "_hsmi": true, "oly_anon_id": true, "oly_enc_id": true,
	"vero_id": true, "vero_conv": true, "spm": true, "__twitter_impression": true,
	"s_cid": true, "cmpid": true, "ito": true, "at_medium": true, "at_campaign": true,
	"ocid": true, "smid": true, "sr_share": true,
}

// trackingPrefixes are prefixes of tracking parameter families.
var trackingPrefixes = []string{"utm_", "pk_", "mtm_", "hsa_"}

// TrackingParam reports whether a query parameter only tracks the reader
// (utm_*, fbclid, gclid, mc_cid and the like), whatever its case.
func TrackingParam(key string) bool {
	key = strings.ToLower(key)
	if trackingParams[key] {
		return true
	}
	for _, p := range trackingPrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// SourceKey returns what two addresses of the same page share, for "a
// source is posted once": the host lower-cased without "www." or a
// trailing dot, any port but the default ones, the path without a
// trailing slash, and the query without tracking parameters; the scheme,
// user name, password and fragment do not count. So
// "https://www.example.org/a/1/" and "http://example.org:80/a/1#top" share
// "example.org/a/1". An address that is not http or https has the key "".
func SourceKey(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + strings.TrimPrefix(raw, "//")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return ""
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return ""
	}
	host = strings.TrimPrefix(host, "www.")
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port := u.Port(); port != "" && port != "80" && port != "443" {
		host += ":" + port
	}
	path := strings.TrimRight(u.EscapedPath(), "/")
	var kept []string
	for part := range strings.SplitSeq(u.RawQuery, "&") {
		if part == "" {
			continue
		}
		key, _, _ := strings.Cut(part, "=")
		if k, err := url.QueryUnescape(key); err == nil {
			key = k
		}
		if !TrackingParam(key) {
			kept = append(kept, part)
		}
	}
	key := host + path
	if len(kept) > 0 {
		key += "?" + strings.Join(kept, "&")
	}
	return key
}
