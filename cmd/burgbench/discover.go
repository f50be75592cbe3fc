package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/PuerkitoBio/goquery"
)

// site is what the harness finds out about the site it measures, by
// reading its pages as a reader would, so that it works as well on a
// server it did not start.
type site struct {
	base    string // http://host:port
	front   string // the path of the newest edition
	newest  string // "" when that is today's, else its date
	article struct {
		long, longer   article // nearest 300 and 2,000 comments
		quiet          article // fewest comments, for visitor cookies
		open           []article
		commentsClosed bool
	}
	tag        string // path of the tag most of the edition's posts are under
	pastDay    string // path of a day deep in the archive
	searchWord string
	feed       string // path of the site feed, "" when it has none
	token      string // a comment form's fill-time token
	tokenAt    time.Time
}

// article is a post of the edition.
type article struct {
	id       int64
	path     string
	comments int
}

// discover reads the site at base: its newest edition, the edition's
// articles and tags, the archive's months, the feed.
func discover(ctx context.Context, base string) (*site, error) {
	s := &site{base: strings.TrimRight(base, "/"), front: "/"}
	doc, err := s.page(ctx, "/")
	if err != nil {
		return nil, err
	}
	if doc.Find("article.h-entry").Length() == 0 {
		// Nothing today: the newest day of the archive stands in.
		day, err := s.newestDay(ctx)
		if err != nil {
			return nil, err
		}
		s.newest, s.front = day, "/?d="+day
		if doc, err = s.page(ctx, s.front); err != nil {
			return nil, err
		}
	}
	counts := map[string]int{}
	doc.Find("tr.burg-headline").Each(func(_ int, tr *goquery.Selection) {
		href, _ := tr.Find("a").First().Attr("href")
		n, _ := strconv.Atoi(strings.TrimSpace(tr.Find(".burg-comment-count").Text()))
		counts[strings.TrimPrefix(href, "#")] = n
	})
	tags := map[string]int{}
	var arts []article
	doc.Find("article.h-entry").Each(func(_ int, a *goquery.Selection) {
		id, _ := a.Attr("id")
		href, _ := a.Find("a.u-url").First().Attr("href")
		n, err := strconv.ParseInt(strings.TrimPrefix(id, "p"), 10, 64)
		if err != nil || href == "" {
			return
		}
		arts = append(arts, article{id: n, path: href, comments: counts[id]})
		a.Find("a.p-category").Each(func(_ int, t *goquery.Selection) {
			if h, ok := t.Attr("href"); ok {
				tags[h]++
			}
		})
	})
	if len(arts) < 3 {
		return nil, fmt.Errorf("the edition at %s%s has %d articles; the harness needs at least three", s.base, s.front, len(arts))
	}
	nearest := func(n int, not ...int64) article {
		best := article{comments: -1}
		for _, a := range arts {
			if slices.Contains(not, a.id) {
				continue
			}
			if best.comments < 0 || math.Abs(float64(a.comments-n)) < math.Abs(float64(best.comments-n)) {
				best = a
			}
		}
		return best
	}
	s.article.longer = nearest(2000)
	s.article.long = nearest(300, s.article.longer.id)
	s.article.quiet = nearest(0, s.article.longer.id, s.article.long.id)
	for _, a := range arts {
		if a.id != s.article.long.id && a.id != s.article.longer.id {
			s.article.open = append(s.article.open, a)
		}
	}
	for h, n := range tags {
		if s.tag == "" || n > tags[s.tag] || (n == tags[s.tag] && h < s.tag) {
			s.tag = h
		}
	}
	if s.tag == "" {
		return nil, fmt.Errorf("no tags on the edition at %s%s", s.base, s.front)
	}
	if s.pastDay, err = s.dayDeepInThePast(ctx); err != nil {
		return nil, err
	}
	s.searchWord = searchWord(doc.Find("article.h-entry .p-name").Map(func(_ int, t *goquery.Selection) string { return t.Text() }))
	status, _, err := s.get(ctx, "/feed.xml")
	if err != nil {
		return nil, err
	}
	if status == http.StatusOK {
		s.feed = "/feed.xml"
	}
	// The comment form of the long article gives the fill-time token.
	adoc, err := s.page(ctx, s.article.long.path)
	if err != nil {
		return nil, err
	}
	s.tokenAt = time.Now()
	tok, ok := adoc.Find(`form#comment-form input[name="ts"]`).Attr("value")
	if !ok {
		s.article.commentsClosed = true
	}
	s.token = tok
	return s, nil
}

// searchWord picks a word of the edition's headlines that readers might
// search for: the most frequent one of five letters or more.
func searchWord(titles []string) string {
	count := map[string]int{}
	for _, t := range titles {
		for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len(w) >= 5 {
				count[w]++
			}
		}
	}
	best := ""
	for w, n := range count {
		if best == "" || n > count[best] || (n == count[best] && w < best) {
			best = w
		}
	}
	if best == "" {
		best = "news"
	}
	return best
}

// newestDay returns the date of the archive's newest day, from the
// archive's months.
func (s *site) newestDay(ctx context.Context) (string, error) {
	days, err := s.archiveDays(ctx, func(months []string) string { return months[len(months)-1] })
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(days[len(days)-1], "/day/"), nil
}

// dayDeepInThePast returns the path of a day a quarter of the way into
// the archive's months, oldest first: years ago on a big archive.
func (s *site) dayDeepInThePast(ctx context.Context) (string, error) {
	days, err := s.archiveDays(ctx, func(months []string) string { return months[len(months)/4] })
	if err != nil {
		return "", err
	}
	return days[len(days)/2], nil
}

// archiveDays returns the day links of the month pick chooses from the
// archive's months, oldest first.
func (s *site) archiveDays(ctx context.Context, pick func(months []string) string) ([]string, error) {
	doc, err := s.page(ctx, "/archives")
	if err != nil {
		return nil, err
	}
	var months []string
	doc.Find(".burg-months a").Each(func(_ int, a *goquery.Selection) {
		if h, ok := a.Attr("href"); ok {
			months = append(months, h)
		}
	})
	if len(months) == 0 {
		return nil, fmt.Errorf("the archive at %s/archives has no months", s.base)
	}
	slices.Sort(months) // /archives/YYYY-MM sorts by time
	doc, err = s.page(ctx, pick(months))
	if err != nil {
		return nil, err
	}
	var days []string
	doc.Find(".burg-archive-days a").Each(func(_ int, a *goquery.Selection) {
		if h, ok := a.Attr("href"); ok {
			days = append(days, h)
		}
	})
	if len(days) == 0 {
		return nil, fmt.Errorf("the month %s%s has no days", s.base, pick(months))
	}
	slices.Sort(days)
	return days, nil
}

// page reads a page of the site as HTML.
func (s *site) page(ctx context.Context, path string) (*goquery.Document, error) {
	status, body, err := s.get(ctx, path)
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("GET %s%s: status %d", s.base, path, status)
	}
	return goquery.NewDocumentFromReader(strings.NewReader(body))
}

// get reads a page with Go's client, which undoes the compression.
func (s *site) get(ctx context.Context, path string) (int, string, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", s.base+path, nil)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("User-Agent", userAgent)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// hostOf returns the host:port of a base URL.
func hostOf(base string) (string, error) {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" || u.Scheme != "http" {
		return "", fmt.Errorf("%q is not an http:// address", base)
	}
	if u.Port() == "" {
		return u.Host + ":80", nil
	}
	return u.Host, nil
}
