package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	burg "github.com/burg-news/burg"
)

// handleHealth answers 200 ok once the store answers.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.store.Ping(ctx); err != nil {
		s.logger.Error("health check", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "store unavailable")
		return
	}
	fmt.Fprint(w, "ok")
}

// handleColours serves the moderators' colours as a stylesheet, so that
// pages carry classes and no inline styles.
func (s *Server) handleColours(w http.ResponseWriter, r *http.Request) {
	c, err := s.chrome(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	var b, darkRules strings.Builder
	for _, u := range c.users {
		if u.Colour == "" || u.Disabled {
			continue
		}
		// Colour is validated as #rrggbb on every write; each theme gets
		// it adjusted to read on its backgrounds (contrast.go).
		light := readableOn(u.Colour, lightGrounds, false)
		fmt.Fprintf(&b, ".burg-mod-%d{color:%s}\n.burg-remark.burg-mod-%d{border-color:%s;color:inherit}\n.burg-remark.burg-mod-%d .burg-remark-by{color:%s}\n",
			u.ID, light, u.ID, u.Colour, u.ID, light)
		dark := readableOn(u.Colour, darkGrounds, true)
		darkRules.WriteString(fmt.Sprintf(".burg-mod-%d,.burg-remark.burg-mod-%d .burg-remark-by{color:%s}\n", u.ID, u.ID, dark))
	}
	if darkRules.Len() > 0 {
		// The dark colours, when the browser prefers dark and the reader
		// has not chosen light, or when the reader has chosen dark.
		fmt.Fprintf(&b, "@media (prefers-color-scheme: dark){\n%s}\n", prefixRules(darkRules.String(), ":root:not(.burg-theme-light) "))
		b.WriteString(prefixRules(darkRules.String(), ":root.burg-theme-dark "))
	}
	sum := sha256.Sum256([]byte(b.String()))
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Header().Set("ETag", etag)
	if etagMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	fmt.Fprint(w, b.String())
}

// handleNotFound renders the 404 page for every unknown path.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		s.render(w, r, http.StatusMethodNotAllowed, "error", &errorPage{
			base:    s.base(r, "Method not allowed"),
			Status:  http.StatusMethodNotAllowed,
			Message: "That method is not allowed here.",
		})
		return
	}
	s.error(w, r, burg.Errorf(burg.ENOTFOUND, "There is no page at this address."))
}

// handleFavicon sends browsers that ask for /favicon.ico to the icon.
func (s *Server) handleFavicon(w http.ResponseWriter, r *http.Request) {
	u, err := s.assets.url("favicon.svg")
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	http.Redirect(w, r, u, http.StatusMovedPermanently)
}

// prefixRules puts prefix before every selector of rules, one rule a line
// with selectors split by commas.
func prefixRules(rules, prefix string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(rules, "\n") {
		sel, decl, ok := strings.Cut(line, "{")
		if !ok {
			b.WriteString(line)
			continue
		}
		parts := strings.Split(sel, ",")
		for i, p := range parts {
			parts[i] = prefix + p
		}
		b.WriteString(strings.Join(parts, ",") + "{" + decl)
	}
	return b.String()
}
