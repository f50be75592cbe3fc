package web

import (
	"encoding/json"
	"html/template"
	"net/http"
	"strings"
)

type bookmarkletPage struct {
	base
	Link template.URL
}

// bookmarkletJS opens the posting form with the page being read. %s is
// the site's address as a JavaScript string.
const bookmarkletJS = `javascript:(function(){var s=String(window.getSelection?window.getSelection():'').slice(0,4000);` +
	`location.href=%s+'/submit?url='+encodeURIComponent(location.href)+'&title='+encodeURIComponent(document.title)+'&body='+encodeURIComponent(s);})();`

// handleBookmarkletShow serves the page with the "Post to SITE" link a
// poster drags to the browser's bar.
func (s *Server) handleBookmarkletShow(w http.ResponseWriter, r *http.Request) {
	p := &bookmarkletPage{base: s.base(r, "Bookmarklet")}
	p.Link = s.bookmarklet(p.Origin)
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	if err := s.withChrome(ctx, &p.base); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "bookmarklet", p)
}

// bookmarklet is the bookmarklet's address: our own script with the
// site's address (configured, or the host the page was asked on, which
// only that reader sees), never anything a user typed into a form.
func (s *Server) bookmarklet(origin string) template.URL {
	site, _ := json.Marshal(origin)
	return template.URL(strings.Replace(bookmarkletJS, "%s", string(site), 1))
}
