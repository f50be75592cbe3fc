package web

import (
	"net/http"
	"regexp"
	"strings"
)

// origin is the site's public address for absolute links (canonical
// links, feeds, sitemaps, OpenGraph): Config.BaseURL, or when that is
// unset the scheme and host the request came to.
func (s *Server) origin(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return s.cfg.BaseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if host == "" || strings.ContainsAny(host, " \"'<>\\/") {
		host = "localhost"
	}
	return scheme + "://" + host
}

// scope is what a shared cache key starts with: nothing with a
// configured base URL, the request's origin without one, so that a page
// made with one host's links is never served to another host.
func (s *Server) scope(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return ""
	}
	return s.origin(r) + " "
}

// rootLinks finds the site-relative links in HTML made by internal/markup.
var rootLinks = regexp.MustCompile(`(href|src)="/([^/"]|")`)

// absoluteLinks makes the site-relative links of HTML that markup made
// (uploads, posts) absolute, for a feed read far from the site.
func absoluteLinks(html, origin string) string {
	return rootLinks.ReplaceAllString(html, `$1="`+strings.ReplaceAll(origin, "$", "$$")+`/$2`)
}
