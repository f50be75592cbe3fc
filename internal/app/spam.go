package app

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"

	burg "github.com/burg-news/burg"
)

// The spam defences need no outside service. Each rule has a reason a
// moderator can read:
//
//   - traps a robot falls into: the hidden honeypot field, and the form's
//     token (FormToken), which must be ours, sent once, older than the
//     minimum fill time and younger than burg.FormTokenTTL;
//   - hard limits: at most maxCommentLinks links, and blocked words
//     marked "reject";
//   - signals, each worth points: links, the same text on other
//     articles, a browser that kept no cookie, a robot's user agent, a
//     form sent the moment the minimum allowed, a web address as the
//     name, shouting. Their sum is the comment's score: at the site's
//     hold score it waits for a moderator, at its refuse score it is
//     refused;
//   - blocked words marked "hold", and (when the site asks for it) a new
//     visitor's first comment, hold a comment whatever its score.
//
// Registered users are trusted: only the traps and hard limits apply to
// them.

// maxCommentLinks is how many links a comment may hold.
const maxCommentLinks = 8

// duplicateSpan is how far back the same text on other articles counts.
const duplicateSpan = 24 * time.Hour

// Errors of the comment form's traps.
var (
	errHoneypot = burg.Errorf(burg.EINVALID, "Your comment looks like spam and was not posted.")
	errNoToken  = burg.Errorf(burg.EINVALID,
		"The comment came without its form's token, so it was not posted. Please send it from the form on the article's page.")
	errBadToken = burg.Errorf(burg.EINVALID, "The form was damaged on its way; please send it again.")
	errOldToken = burg.Errorf(burg.EINVALID,
		"The form was served more than a day ago, so it was not taken. Your text is kept below: please send it again.")
	errQuick = burg.Errorf(burg.EINVALID,
		"That was quick! Please take a moment to read your comment, then send it again.")
	errFormUsed = burg.Errorf(burg.EINVALID,
		"This form has been sent already, so it was not taken again. To comment once more, send the form as it is now.")
)

// checkTraps applies the traps a robot falls into: the honeypot field,
// hidden from people, and the form's token. It returns the token's nonce
// and how long ago the form was served. A preview is not held to the
// token, as it stores nothing.
func (a *App) checkTraps(in CommentInput) (nonce string, age time.Duration, err error) {
	if in.Honeypot != "" {
		return "", 0, errHoneypot
	}
	if in.Token == "" {
		if in.Preview {
			return "", 0, nil
		}
		return "", 0, errNoToken
	}
	issued, nonce, ok := a.parseFormToken(in.Token)
	if !ok {
		return "", 0, errBadToken
	}
	age = a.now().Sub(issued)
	switch {
	case in.Preview:
	case age > burg.FormTokenTTL:
		return "", 0, errOldToken
	case age < -time.Minute: // made by an instance whose clock is far ahead
		return "", 0, errBadToken
	case a.cfg.MinFill > 0 && age < a.cfg.MinFill:
		return "", 0, errQuick
	}
	return nonce, age, nil
}

// checkCommentText applies the rules on what a comment says, for a new
// comment and an edit alike.
func checkCommentText(c *burg.Comment) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if n := countLinks(c.Body); n > maxCommentLinks {
		return burg.Errorf(burg.EINVALID, "A comment may hold at most %d links.", maxCommentLinks)
	}
	return nil
}

// countLinks counts what may be a link in a text: every "http", as a
// link may hide in markup.
func countLinks(body string) int {
	return strings.Count(strings.ToLower(body), "http")
}

// verdict is what the content rules made of a comment.
type verdict struct {
	score   int
	reasons []string
	hold    bool // held whatever its score
}

func (v *verdict) add(points int, format string, args ...any) {
	v.score += points
	v.reasons = append(v.reasons, fmt.Sprintf(format, args...)+fmt.Sprintf(" (+%d)", points))
}

func (v *verdict) holdFor(format string, args ...any) {
	v.hold = true
	v.reasons = append(v.reasons, fmt.Sprintf(format, args...)+" (hold)")
}

// signals is the comment's reasons, as stored for moderators.
func (v *verdict) signals() string { return strings.Join(v.reasons, "; ") }

// judge applies the content rules to a comment about to be stored: it
// returns the verdict, or the refusal of a comment with a blocked word
// marked "reject" or a score at the site's refuse score.
func (a *App) judge(ctx context.Context, x Actor, in CommentInput, c *burg.Comment, age time.Duration) (*verdict, error) {
	v := &verdict{}
	words, err := a.blockedWords(ctx)
	if err != nil {
		return nil, err
	}
	for _, text := range []string{c.Body, c.Nick, c.Website} {
		if w, ok := words.reject.Find(text); ok {
			return nil, burg.Errorf(burg.EINVALID, "Your comment was not posted: it has %q in it, which this site does not take.", w)
		}
	}
	if x.Member() {
		return v, nil
	}
	for _, text := range []string{c.Body, c.Nick, c.Website} {
		if w, ok := words.hold.Find(text); ok {
			v.holdFor("the blocked word %q", w)
			break
		}
	}
	set, err := a.Moderation(ctx)
	if err != nil {
		return nil, err
	}
	if n := countLinks(c.Body); n >= 3 {
		v.add(n-2, "%d links", n)
	}
	if key := burg.TextKey(c.Body); key != "" {
		n, err := a.store.CountTextElsewhere(ctx, key, c.PostID, a.now().Add(-duplicateSpan))
		if err != nil {
			return nil, err
		}
		switch {
		case n == 1:
			v.add(2, "the same text on another article today")
		case n > 1:
			v.add(4, "the same text on %d other articles today", n)
		}
	}
	if in.NoCookie {
		v.add(1, "no cookie from the article's page")
	}
	if IsRobot(x.UserAgent) {
		v.add(2, "a robot's user agent")
	}
	if a.cfg.MinFill > 0 && age < 2*a.cfg.MinFill {
		v.add(1, "sent %s after the form was served", age.Round(time.Second))
	}
	if linkLike.MatchString(c.Nick) {
		v.add(2, "a web address as the name")
	}
	if shouting(c.Body) {
		v.add(1, "shouting")
	}
	if set.FirstCommentHold {
		first := true
		if x.VisitorID != "" {
			vis, err := a.store.FindVisitor(ctx, x.VisitorID)
			switch {
			case err == nil:
				first = vis.Comments == 0
			case burg.ErrorCode(err) != burg.ENOTFOUND:
				return nil, err
			}
		}
		if first {
			v.holdFor("a new visitor's first comment")
		}
	}
	if v.score >= set.SpamRefuse {
		return nil, burg.Errorf(burg.EINVALID,
			"Your comment looks like spam and was not posted (%s). If it is not, take out some of the links and send it again.",
			strings.Join(v.plainReasons(), ", "))
	}
	if v.score >= set.SpamHold {
		v.hold = true
	}
	return v, nil
}

// plainReasons are the reasons without their points, for the commenter.
func (v *verdict) plainReasons() []string {
	out := make([]string, len(v.reasons))
	for i, r := range v.reasons {
		if j := strings.LastIndex(r, " ("); j > 0 {
			r = r[:j]
		}
		out[i] = r
	}
	return out
}

// linkLike matches a nick that is a web address.
var linkLike = regexp.MustCompile(`(?i)https?:|www\.|\.(com|net|org|info|biz|ru|xyz|top|io|co|shop|online|site)\b`)

// shouting reports whether a text of some length is written in capitals.
func shouting(body string) bool {
	letters, upper := 0, 0
	for _, r := range body {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters >= 30 && upper*10 >= letters*8
}

// crawlerMarks are User-Agent fragments of robots.
var crawlerMarks = []string{
	"bot", "crawl", "spider", "slurp", "bingpreview", "facebookexternalhit", "embedly",
	"curl/", "wget/", "python-requests", "go-http-client", "httpclient", "feedfetcher",
	"mediapartners", "lighthouse", "headlesschrome", "phantomjs", "ia_archiver", "archive.org",
	"scrapy", "okhttp", "libwww", "java/", "feed", "rss", "monitor", "uptime", "preview",
}

// IsRobot reports whether a User-Agent is a known robot's: their page
// views are not counted and their comments score as spam. An empty one
// counts as a robot: browsers always send one.
func IsRobot(ua string) bool {
	if strings.TrimSpace(ua) == "" {
		return true
	}
	ua = strings.ToLower(ua)
	for _, m := range crawlerMarks {
		if strings.Contains(ua, m) {
			return true
		}
	}
	return false
}

// linkRE finds the hosts of links in a comment's text.
var linkRE = regexp.MustCompile(`(?i)(?:https?://|www\.)([^\s/\[\]<>"'()?#]+)`)

// linkDomains returns the domains a comment links to, without "www.",
// each once, in order.
func linkDomains(body, website string) []string {
	var out []string
	seen := map[string]bool{}
	addHost := func(h string) {
		if i := strings.LastIndexByte(h, '@'); i >= 0 {
			h = h[i+1:]
		}
		if i := strings.IndexByte(h, ':'); i >= 0 {
			h = h[:i]
		}
		h = strings.TrimPrefix(strings.Trim(strings.ToLower(h), ".,;!"), "www.")
		if h != "" && strings.Contains(h, ".") && !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	if u, err := url.Parse(website); err == nil && website != "" {
		addHost(u.Host)
	}
	for _, m := range linkRE.FindAllStringSubmatch(body, 50) {
		addHost(m[1])
	}
	return out
}
