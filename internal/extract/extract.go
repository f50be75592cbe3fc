// Package extract fetches a news page and pulls out what a poster needs to
// file it in Burg: the title, site name, language, publication time, lead
// image and main text.
//
// Fetching is guarded against server-side request forgery: only http and
// https are followed, every connection (including each redirect hop) is
// checked at dial time against the address it actually resolved to, and
// loopback, private, link-local and other non-public addresses are refused
// unless Config.AllowPrivate is set. Time, size and redirect count are
// capped.
//
// Errors a poster should see are *burg.Error values (code burg.EINVALID or
// burg.ETOOMANY) somewhere in the returned error's chain, so
// burg.ErrorCode and burg.ErrorMessage work on them; the chain also keeps
// the underlying cause for the log.
package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"

	"github.com/burg-news/burg"
)

// Defaults for the zero values of Config.
const (
	DefaultTimeout      = 10 * time.Second
	DefaultMaxBytes     = 5 << 20
	DefaultMaxRedirects = 5
	DefaultUserAgent    = "Burg/1.0 (+news link fetcher)"
)

// maxElements bounds the work readability does on one page; pages with more
// elements keep their metadata but get no main text.
const maxElements = 200_000

// Messages shown to a poster. Tests compare against them.
const (
	msgBadURL       = "That is not a web address Burg can fetch: give the full address, starting with http:// or https://."
	msgNotURL       = "%q is not a web address: paste the whole address of the page, such as https://example.org/news/1."
	msgPrivate      = "That address is on a private network and cannot be fetched."
	msgBadRedirect  = "That page redirects to an address Burg cannot fetch."
	msgRedirects    = "That page redirects too many times."
	msgTimeout      = "The site took too long to answer."
	msgTooLarge     = "That page is too large to fetch."
	msgNotHTML      = "That address is not a web page (it sent %s)."
	msgNoHost       = "No site answers to that name."
	msgUnreachable  = "Could not reach that site."
	msgHTTPStatus   = "The site answered with an error (HTTP %d)."
	msgPageNotFound = "The site says that page does not exist (HTTP %d)."
	msgRateLimited  = "The site is refusing requests for now (HTTP 429); try again later."
)

// Config sets the limits of a Fetcher. The zero value is usable: every zero
// field takes its default.
type Config struct {
	// Timeout bounds the whole fetch: connecting, every redirect and
	// reading the body. Default 10s.
	Timeout time.Duration
	// MaxBytes is the largest body accepted, after decompression.
	// Default 5 MB.
	MaxBytes int64
	// MaxRedirects is how many redirects are followed. Default 5; a
	// negative value follows none.
	MaxRedirects int
	// AllowPrivate lets the fetcher reach loopback, private and
	// link-local addresses. Only tests set it.
	AllowPrivate bool
	// UserAgent is sent with every request. Default
	// "Burg/1.0 (+news link fetcher)".
	UserAgent string
}

// Fetcher fetches news pages within the limits of its Config. It is safe
// for concurrent use.
type Fetcher struct {
	cfg    Config
	client *http.Client

	// allow decides whether a resolved address may be dialled. Tests
	// replace it to let one test server through while keeping the policy
	// for everything else.
	allow func(netip.AddrPort) bool
}

// New returns a Fetcher with cfg's limits, defaults filled in.
func New(cfg Config) *Fetcher {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = DefaultMaxBytes
	}
	switch {
	case cfg.MaxRedirects == 0:
		cfg.MaxRedirects = DefaultMaxRedirects
	case cfg.MaxRedirects < 0:
		cfg.MaxRedirects = 0
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	f := &Fetcher{cfg: cfg}
	if cfg.AllowPrivate {
		f.allow = func(netip.AddrPort) bool { return true }
	} else {
		f.allow = func(ap netip.AddrPort) bool { return PublicAddr(ap.Addr()) }
	}

	dialer := &net.Dialer{
		Timeout:   cfg.Timeout,
		KeepAlive: 30 * time.Second,
		// Control runs after name resolution, once per address tried, so
		// the check sees the address actually dialled: a name that
		// resolves (or re-resolves) to a private address is caught, and
		// so is every redirect hop.
		Control: func(network, address string, _ syscall.RawConn) error {
			return f.checkDial(network, address)
		},
	}
	transport := &http.Transport{
		// No proxy: a proxy would resolve names itself and bypass the
		// address check.
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          20,
		IdleConnTimeout:       60 * time.Second,
		TLSHandshakeTimeout:   cfg.Timeout,
		ResponseHeaderTimeout: cfg.Timeout,
	}
	f.client = &http.Client{
		Transport: transport,
		Timeout:   cfg.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > cfg.MaxRedirects {
				return errTooManyRedirects
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return errRedirectScheme
			}
			return nil
		},
	}
	return f
}

var (
	errTooManyRedirects = errors.New("too many redirects")
	errRedirectScheme   = errors.New("redirect to a scheme other than http or https")
)

// blockedError reports a dial refused by the address policy.
type blockedError struct {
	addr string
}

func (e *blockedError) Error() string {
	return "refusing to connect to non-public address " + e.addr
}

func (f *Fetcher) checkDial(network, address string) error {
	if network != "tcp" && network != "tcp4" && network != "tcp6" {
		return &blockedError{addr: network + " " + address}
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &blockedError{addr: address}
	}
	if !f.allow(ap) {
		return &blockedError{addr: address}
	}
	return nil
}

// Page is what Fetch extracted from a news page.
type Page struct {
	// URL is the final address after redirects, normalised by
	// NormalizeURL.
	URL string
	// Title is the headline: og:title, else readability's title, else
	// the <title>.
	Title string
	// SiteName is og:site_name, else the publisher named in JSON-LD,
	// else the host without "www.".
	SiteName string
	// Lang is the primary BCP 47 language subtag ("es", "ar", "ru"), ""
	// when unknown.
	Lang string
	// Published is the publication time in UTC, zero when unknown.
	Published time.Time
	// Image is the absolute URL of the lead image (og:image, else
	// twitter:image or a JSON-LD article image), "" when none.
	Image string
	// Text is the main text as plain paragraphs separated by blank lines.
	Text string
	// Excerpt is the page's own summary (og:description or meta
	// description), else the first paragraph of Text.
	Excerpt string
	// Response is the exchange the page came from, for keeping a
	// snapshot of the source.
	Response *Response
}

// Response is an HTTP exchange as the fetcher made it: the request sent,
// and the response's status, headers and body (decompressed, at most
// Config.MaxBytes).
type Response struct {
	// URL is the address of the final request, after redirects.
	URL           string
	RequestHeader http.Header
	Proto         string // "HTTP/1.1"
	Status        int
	StatusText    string // "200 OK"
	Header        http.Header
	Body          []byte
	FetchedAt     time.Time
}

// FetchRaw fetches rawURL within the fetcher's limits and returns the
// response whatever its status and type: for feeds, and for checking
// that a source still answers. Only a failure to get a response at all
// (a bad address, a private one, a timeout, a body over the size limit)
// is an error, with a message fit to show as Fetch's are.
func (f *Fetcher) FetchRaw(ctx context.Context, rawURL, accept string) (*Response, error) {
	norm, err := NormalizeURL(rawURL)
	if err != nil {
		return nil, err
	}
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, f.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, norm, nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w: %w", norm, burg.Errorf(burg.EINVALID, msgBadURL), err)
	}
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	if accept == "" {
		accept = "*/*"
	}
	req.Header.Set("Accept", accept)
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, f.fetchError(parent, norm, err)
	}
	defer resp.Body.Close()
	if resp.ContentLength > f.cfg.MaxBytes {
		return nil, fmt.Errorf("fetch %s: content length %d: %w", norm, resp.ContentLength, burg.Errorf(burg.EINVALID, msgTooLarge))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.cfg.MaxBytes+1))
	if err != nil {
		return nil, f.fetchError(parent, norm, err)
	}
	if int64(len(body)) > f.cfg.MaxBytes {
		return nil, fmt.Errorf("fetch %s: body over %d bytes: %w", norm, f.cfg.MaxBytes, burg.Errorf(burg.EINVALID, msgTooLarge))
	}
	final := norm
	if u := resp.Request.URL.String(); u != "" {
		final = u
	}
	return &Response{URL: final, RequestHeader: resp.Request.Header.Clone(), Proto: resp.Proto,
		Status: resp.StatusCode, StatusText: resp.Status, Header: resp.Header.Clone(), Body: body,
		FetchedAt: time.Now().UTC()}, nil
}

// Gone reports whether err, from FetchRaw, says the site's name no
// longer resolves: as plain a sign as HTTP 404 that a source is gone.
func Gone(err error) bool {
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr) && dnsErr.IsNotFound
}

// Fetch fetches rawURL and extracts a Page from it. A poster-facing
// problem (bad address, private network, timeout, too large, not a web
// page, HTTP error) yields an error whose chain holds a *burg.Error with a
// message fit to show. If ctx is cancelled by the caller, the error wraps
// ctx.Err().
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (*Page, error) {
	resp, err := f.FetchRaw(ctx, rawURL, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
	if err != nil {
		return nil, err
	}
	norm, _ := NormalizeURL(rawURL)
	if err := checkStatus(resp.Status); err != nil {
		return nil, fmt.Errorf("fetch %s: %w", norm, err)
	}
	contentType := resp.Header.Get("Content-Type")
	if err := checkContentType(contentType, resp.Body); err != nil {
		return nil, fmt.Errorf("fetch %s: %w", norm, err)
	}
	final := norm
	if n, err := NormalizeURL(resp.URL); err == nil {
		final = n
	}
	page, err := extract(resp.Body, contentType, resp.Header.Get("Content-Language"), final)
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", final, err)
	}
	page.Response = resp
	return page, nil
}

// fetchError turns a transport error into one a poster can read, keeping
// the cause in the chain.
func (f *Fetcher) fetchError(parent context.Context, u string, err error) error {
	var (
		blocked *blockedError
		dnsErr  *net.DNSError
		user    *burg.Error
	)
	switch {
	case parent.Err() != nil:
		return fmt.Errorf("fetch %s: %w", u, parent.Err())
	case errors.As(err, &blocked):
		user = burg.Errorf(burg.EINVALID, msgPrivate)
	case errors.Is(err, errTooManyRedirects):
		user = burg.Errorf(burg.EINVALID, msgRedirects)
	case errors.Is(err, errRedirectScheme):
		user = burg.Errorf(burg.EINVALID, msgBadRedirect)
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		user = burg.Errorf(burg.EINVALID, msgTimeout)
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		user = burg.Errorf(burg.EINVALID, msgNoHost)
	default:
		user = burg.Errorf(burg.EINVALID, msgUnreachable)
	}
	return fmt.Errorf("fetch %s: %w: %w", u, user, err)
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

func checkStatus(code int) error {
	switch {
	case code >= 200 && code < 300:
		return nil
	case code == http.StatusNotFound || code == http.StatusGone:
		return burg.Errorf(burg.EINVALID, msgPageNotFound, code)
	case code == http.StatusTooManyRequests:
		return burg.Errorf(burg.ETOOMANY, msgRateLimited)
	default:
		return burg.Errorf(burg.EINVALID, msgHTTPStatus, code)
	}
}

// checkContentType accepts HTML and XHTML. A missing Content-Type is
// sniffed from the body.
func checkContentType(contentType string, body []byte) error {
	if strings.TrimSpace(contentType) == "" {
		contentType = http.DetectContentType(body)
	}
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		// A malformed header: fall back to its first token.
		mediaType, _, _ = strings.Cut(contentType, ";")
		mediaType = strings.ToLower(strings.TrimSpace(mediaType))
	}
	switch mediaType {
	case "text/html", "application/xhtml+xml":
		return nil
	}
	shown := mediaType
	if shown == "" || len(shown) > 80 {
		shown = "no usable type"
	}
	return burg.Errorf(burg.EINVALID, msgNotHTML, shown)
}

// extract decodes body and pulls a Page out of it; pageURL is the final,
// normalised address.
func extract(body []byte, contentType, contentLanguage, pageURL string) (*Page, error) {
	utf8Body, err := decode(body, contentType)
	if err != nil {
		return nil, err
	}
	doc, err := html.Parse(bytes.NewReader(utf8Body))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil, fmt.Errorf("parse page url: %w", err)
	}
	m := readMeta(doc)

	// Readability rewrites the tree, so it runs after the metadata pass.
	removeClutter(doc)
	parser := readability.NewParser()
	parser.MaxElemsToParse = maxElements
	article, parseErr := parser.ParseAndMutate(doc, base)

	p := &Page{URL: pageURL}
	p.Title = firstNonEmpty(m.get("og:title"))
	if p.Title == "" && parseErr == nil {
		p.Title = cleanSpace(article.Title())
	}
	if p.Title == "" {
		p.Title = m.title
	}
	p.SiteName = m.get("og:site_name")
	if p.SiteName == "" && parseErr == nil {
		p.SiteName = cleanSpace(article.SiteName())
	}
	if p.SiteName == "" {
		p.SiteName = strings.TrimPrefix(base.Hostname(), "www.")
	}

	if parseErr == nil && article.Node != nil {
		var b strings.Builder
		if err := article.RenderText(&b); err == nil {
			p.Text = paragraphs(b.String())
		}
	}

	p.Excerpt = firstNonEmpty(m.get("og:description"), m.get("description"), m.get("twitter:description"))
	if p.Excerpt == "" && parseErr == nil {
		p.Excerpt = cleanSpace(article.Excerpt())
	}
	if p.Excerpt == "" {
		p.Excerpt, _, _ = strings.Cut(p.Text, "\n\n")
	}

	p.Published = m.published()

	img := firstNonEmpty(m.get("og:image"), m.get("og:image:url"), m.get("og:image:secure_url"),
		m.get("twitter:image"), m.get("twitter:image:src"), m.jsonLDImage)
	if img == "" && parseErr == nil {
		img = article.ImageURL()
	}
	p.Image = resolve(base, img)

	p.Lang = firstNonEmpty(
		primaryTag(m.htmlLang),
		primaryTag(m.get("og:locale")),
		primaryTag(firstListItem(contentLanguage)),
		detectLang(firstNonEmpty(p.Text, p.Title+" "+p.Excerpt)),
	)
	return p, nil
}

// resolve returns ref made absolute against base, or "" when it is empty
// or not an http(s) address.
func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := base.Parse(ref)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// paragraphs turns readability's rendered text into plain paragraphs: one
// per non-blank line, whitespace collapsed, separated by blank lines.
func paragraphs(s string) string {
	var out []string
	for line := range strings.Lines(s) {
		if line = cleanSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n\n")
}

// cleanSpace collapses runs of white space (including no-break spaces)
// into one space and trims the ends.
func cleanSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

func firstListItem(s string) string {
	first, _, _ := strings.Cut(s, ",")
	return strings.TrimSpace(first)
}
