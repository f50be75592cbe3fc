package web

import (
	"net/http"
)

// The reader's choice of colours: light, dark, or auto (follow the
// browser's prefers-color-scheme), kept in a cookie and written by the
// server as a class on <html>, so that the first paint has the right
// colours without a script (the CSP allows none inline).
//
// Shared pages (listings, editions, the article page) are kept in the
// page cache rendered once for every reader, so the class is part of the
// cache key: themeKey adds the cookie's value to it. There are three
// values, one of them (auto) the default that most readers keep, so a
// page is kept at most three times and usually once. A per-request slot
// in <html> would keep one copy but would cost every listing the
// per-visitor assembly the article page pays; a CSS-only switch (a
// checkbox hack) would not be remembered across pages without a script.

// themeCookie names the cookie that keeps the reader's theme.
const themeCookie = "theme"

// themes are the values the cookie may hold besides auto.
var themes = map[string]bool{"light": true, "dark": true}

// themeOf returns the reader's theme, "" for auto (the browser decides).
func themeOf(r *http.Request) string {
	c, err := r.Cookie(themeCookie)
	if err != nil || !themes[c.Value] {
		return ""
	}
	return c.Value
}

// themeKey is what a shared page's cache key carries for r's theme.
func themeKey(r *http.Request) string {
	if t := themeOf(r); t != "" {
		return "|theme=" + t
	}
	return ""
}

// handleTheme keeps the theme chosen on the switch in the page footer and
// goes back to the page it was chosen on. The form is a POST, covered by
// the cross-origin protection every form has; back is checked to be a
// path of this site.
func (s *Server) handleTheme(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, 4<<10, ""); err != nil {
		s.error(w, r, err)
		return
	}
	c := &http.Cookie{Name: themeCookie, Path: "/", Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode}
	if t := r.PostForm.Get("theme"); themes[t] {
		c.Value = t
		c.MaxAge = 2 * 365 * 24 * 3600
	} else {
		// auto, or anything else: forget the choice.
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
	http.Redirect(w, r, localPath(r.PostForm.Get("back")), http.StatusSeeOther)
}
