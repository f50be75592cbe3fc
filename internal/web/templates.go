package web

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

//go:embed templates
var templateFS embed.FS

// parseTemplates parses the layout and partials once, then each page on a
// clone of them, keyed by the page file's name.
func (s *Server) parseTemplates() (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"asset":    s.assets.url,
		"date":     func(t time.Time) string { return t.In(s.cfg.Location).Format(burg.DateLayout) },
		"clock":    func(t time.Time) string { return t.In(s.cfg.Location).Format("15:04") },
		"datetime": func(t time.Time) string { return t.In(s.cfg.Location).Format("2006-01-02 15:04") },
		"iso":      func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"unix":     func(t time.Time) int64 { return t.Unix() },
		// A visitor's own bytes of the article page, written by the same
		// code whether spliced into the shared page or rendered whole.
		"visitorLine": visitorLine,
		"newSince":    newSince,
		"suggestNick": suggestNick,
		"formToken":   formToken,
		"longDate":    func(t time.Time) string { return t.In(s.cfg.Location).Format("Monday, January 2, 2006") },
		"month":       func(t time.Time) string { return t.Format("January 2006") },
		"monthURL":    func(t time.Time) string { return "/archives/" + t.Format(burg.MonthLayout) },
		"dayURL":      func(t time.Time) string { return "/day/" + t.In(s.cfg.Location).Format(burg.DateLayout) },
		"postURL":     postURL,
		"posterURL":   func(nick string) string { return "/posters/" + url.PathEscape(nick) },
		"modClass": func(u *burg.User) string {
			if u == nil || u.Colour == "" {
				return ""
			}
			return "burg-mod-" + strconv.FormatInt(u.ID, 10)
		},
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
		"add":  func(a, b int) int { return a + b },
		"list": func(vs ...string) []string { return vs },
		// slot marks where a shared fragment goes in a page rendered for
		// the cache; it is our own constant, never text from anyone.
		"slot":     func(name string) template.HTML { return template.HTML(slotMark(name)) },
		"postSlot": postSlot,
	}
	layout, err := template.New("layout").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	pages, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, p := range pages {
		name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/"), ".html")
		if name == "layout" || name == "partials" {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, p)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", p, err)
		}
		out[name] = t
	}
	return out, nil
}

// postURL is the permanent address of a post: /posts/ID/slug.
func postURL(p *burg.Post) string {
	if p.Slug == "" {
		return "/posts/" + strconv.FormatInt(p.ID, 10)
	}
	return "/posts/" + strconv.FormatInt(p.ID, 10) + "/" + p.Slug
}
