package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

// perPage is how many posts a listing shows on a page.
const perPage = 50

// parseDay reads a YYYY-MM-DD day in the site's location.
func (s *Server) parseDay(v string) (time.Time, error) {
	t, err := time.ParseInLocation(burg.DateLayout, v, s.cfg.Location)
	if err != nil || t.Year() < 1970 || t.Year() > 9999 {
		return time.Time{}, burg.Errorf(burg.EINVALID, "%q is not a date; write it as YYYY-MM-DD.", burg.Clip(v, 40))
	}
	return t, nil
}

// parsePageNumber reads ?page=N (1 when absent).
func parsePageNumber(r *http.Request) (int, error) {
	v := r.URL.Query().Get("page")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100000 {
		return 0, burg.Errorf(burg.EINVALID, "%q is not a page number.", burg.Clip(v, 40))
	}
	return n, nil
}

// parseID reads a positive numeric id from the path.
func parseID(v, what string) (int64, error) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, burg.Errorf(burg.ENOTFOUND, "No such %s.", what)
	}
	return id, nil
}

// makePager links the pages of a listing at link, which may carry a query
// already; beyond the last page is ENOTFOUND.
func makePager(link string, page, total int) (pager, error) {
	pages := max((total+perPage-1)/perPage, 1)
	if page > pages {
		return pager{}, burg.Errorf(burg.ENOTFOUND, "There is no page %d; the last is %d.", page, pages)
	}
	p := pager{Page: page, Pages: pages, Total: total}
	if page > 1 {
		p.Prev = withPage(link, page-1)
	}
	if page < pages {
		p.Next = withPage(link, page+1)
	}
	return p, nil
}

// withPage adds ?page=n to link for pages after the first.
func withPage(link string, n int) string {
	if n <= 1 {
		return link
	}
	sep := "?"
	if strings.Contains(link, "?") {
		sep = "&"
	}
	return link + sep + "page=" + strconv.Itoa(n)
}
