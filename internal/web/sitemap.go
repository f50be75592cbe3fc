package web

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

// The sitemap is an index of one sitemap per month of the archive, each
// written as its posts are read a chunk at a time, so that twenty years
// of a million posts cost a request no more memory than a month's
// sitemap. Each is kept in the page cache, with an ETag and a
// Last-Modified for conditional GET: crawlers fetch every month again and
// again, and a month changes only when a post does (any post's event
// drops them, the day turning drops the index). robots.txt points at it
// and keeps crawlers off the desks.

// sitemapType is the content type of sitemaps.
const sitemapType = "application/xml; charset=utf-8"

// handleSitemapIndex lists the month sitemaps, from the first post's
// month to this one, and the sitemap of the site's own pages.
func (s *Server) handleSitemapIndex(w http.ResponseWriter, r *http.Request) {
	s.cachedBytes(w, r, sitemapType, func(r *http.Request) ([]byte, []string, error) {
		ctx, cancel := ctxTimeout(r)
		defer cancel()
		first, _, err := s.store.FindPosts(ctx, burg.PostFilter{Oldest: true, Limit: 1})
		if err != nil {
			return nil, nil, err
		}
		origin := s.origin(r)
		var b bytes.Buffer
		b.WriteString(xml.Header + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		writeLoc := func(loc string) {
			b.WriteString("<sitemap><loc>")
			xml.EscapeText(&b, []byte(loc))
			b.WriteString("</loc></sitemap>\n")
		}
		writeLoc(origin + "/sitemaps/site.xml")
		if len(first) > 0 {
			now := s.now().In(s.cfg.Location)
			start := first[0].PostedAt.In(s.cfg.Location)
			m := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, s.cfg.Location)
			stop := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, s.cfg.Location)
			for ; !m.Before(stop); m = m.AddDate(0, -1, 0) {
				writeLoc(origin + "/sitemaps/" + m.Format(burg.MonthLayout) + ".xml")
			}
		}
		b.WriteString("</sitemapindex>\n")
		return b.Bytes(), nil, nil
	})
}

// handleSitemap writes one sitemap: the site's own pages (site.xml) or
// the posts of a month (YYYY-MM.xml), written as they are read.
func (s *Server) handleSitemap(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutSuffix(r.PathValue("name"), ".xml")
	if !ok {
		s.error(w, r, burg.Errorf(burg.ENOTFOUND, "There is no such sitemap."))
		return
	}
	var month time.Time
	if name != "site" {
		m, err := time.ParseInLocation(burg.MonthLayout, name, s.cfg.Location)
		if err != nil || m.Year() < 1970 || m.After(s.now()) {
			s.error(w, r, burg.Errorf(burg.ENOTFOUND, "There is no sitemap %q.", burg.Clip(name, 20)))
			return
		}
		month = m
	}
	s.cachedBytes(w, r, sitemapType, func(r *http.Request) ([]byte, []string, error) {
		ctx, cancel := ctxTimeout(r)
		defer cancel()
		origin := s.origin(r)
		var b bytes.Buffer
		b.WriteString(xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		writeURL := func(loc string, mod time.Time) {
			b.WriteString("<url><loc>")
			xml.EscapeText(&b, []byte(loc))
			b.WriteString("</loc>")
			if !mod.IsZero() {
				b.WriteString("<lastmod>" + mod.UTC().Format(time.RFC3339) + "</lastmod>")
			}
			b.WriteString("</url>\n")
		}
		if month.IsZero() {
			chr, err := s.chrome(ctx)
			if err != nil {
				return nil, nil, err
			}
			writeURL(origin+"/", time.Time{})
			writeURL(origin+"/archives", time.Time{})
			writeURL(origin+"/latest", time.Time{})
			for _, p := range chr.tabs {
				writeURL(origin+"/pages/"+url.PathEscape(p.Slug), time.Time{})
			}
			for _, u := range chr.users {
				if !u.Disabled && (u.Role == burg.RolePoster || u.IsModerator()) {
					writeURL(origin+"/posters/"+url.PathEscape(u.Nick), time.Time{})
				}
			}
		} else {
			err := s.app.WalkPosts(ctx, month, month.AddDate(0, 1, 0), func(p *burg.Post) error {
				writeURL(origin+postURL(p), later(p.UpdatedAt, p.PostedAt))
				return nil
			})
			if err != nil {
				return nil, nil, err
			}
		}
		b.WriteString("</urlset>\n")
		return b.Bytes(), nil, nil
	})
}

// robotsTxt keeps crawlers off the pages that are one person's own or that
// change state, and points them at the sitemap.
const robotsTxt = `User-agent: *
Disallow: /admin/
Disallow: /mod/
Disallow: /desk
Disallow: /login
Disallow: /logout
Disallow: /submit
Disallow: /bookmarklet
Disallow: /nick
Disallow: /preview
Disallow: /search
Disallow: /comments/
Disallow: /posts/*/edit
Disallow: /posts/*/revisions
Disallow: /posts/*/live
Disallow: /posts/*/email
`

// handleRobots serves robots.txt.
func (s *Server) handleRobots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "max-age=3600")
	w.Write([]byte(robotsTxt + "\nSitemap: " + s.origin(r) + "/sitemap.xml\n"))
}
