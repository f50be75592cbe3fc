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

// numberedPages is how many pages of a listing are reached by number
// (an offset); deeper pages are reached by cursor.
const numberedPages = 20

// listPlace is where in a listing a request asks to be: a numbered page,
// or a cursor.
type listPlace struct {
	page          int
	before, after *burg.PostCursor
}

// parsePlace reads ?page=N, ?before=CURSOR or ?after=CURSOR.
func parsePlace(r *http.Request) (listPlace, error) {
	q := r.URL.Query()
	var pl listPlace
	var err error
	if v := q.Get("before"); v != "" {
		pl.before, err = parseCursor(v)
	} else if v := q.Get("after"); v != "" {
		pl.after, err = parseCursor(v)
	} else {
		pl.page, err = parsePageNumber(r)
		if err == nil && pl.page > numberedPages {
			err = burg.Errorf(burg.ENOTFOUND, "Pages after %d are reached with the Older link.", numberedPages)
		}
	}
	return pl, err
}

// cursorString writes a cursor as parseCursor reads it: MICROSECONDS-ID.
func cursorString(c *burg.PostCursor) string {
	return strconv.FormatInt(c.At.UnixMicro(), 10) + "-" + strconv.FormatInt(c.ID, 10)
}

func parseCursor(v string) (*burg.PostCursor, error) {
	at, id, ok := strings.Cut(v, "-")
	us, err1 := strconv.ParseInt(at, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if !ok || err1 != nil || err2 != nil || n <= 0 || us < 0 || us > 253402300799000000 {
		return nil, burg.Errorf(burg.EINVALID, "%q is not a place in this list.", burg.Clip(v, 40))
	}
	return &burg.PostCursor{At: time.UnixMicro(us).UTC(), ID: n}, nil
}

// withQuery adds name=value to link, which may carry a query already.
func withQuery(link, name, value string) string {
	sep := "?"
	if strings.Contains(link, "?") {
		sep = "&"
	}
	return link + sep + name + "=" + value
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
