package translate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/burg-news/burg"
)

// Defaults for the zero values of LibreTranslateConfig.
const (
	DefaultLibreTranslateTimeout = 30 * time.Second
	DefaultMaxResponse           = 2 << 20
)

// languagesTTL is how long a LibreTranslate server's language list is
// trusted.
const languagesTTL = 10 * time.Minute

// Messages shown to a poster. Tests compare against them.
const (
	msgServiceDown   = "The translation service is not available right now; try again later or translate by hand."
	msgServiceBusy   = "The translation service is busy; try again in a minute."
	msgServiceRefuse = "The translation service could not translate this text: %s"
	msgNotConfigured = "No LibreTranslate server is set up for this site."
)

// LibreTranslateConfig sets up the LibreTranslate engine.
type LibreTranslateConfig struct {
	// URL is the server's base address, such as
	// "https://translate.example.org" or "http://127.0.0.1:5000". Empty
	// means the engine is not set up.
	URL string
	// APIKey is sent as api_key with every translation, when set.
	APIKey string
	// Timeout bounds each request. Default 30s.
	Timeout time.Duration
	// MaxInput is the longest text accepted, in bytes. Default 50 000.
	MaxInput int
	// MaxResponse is the largest response body read, in bytes.
	// Default 2 MB.
	MaxResponse int64
	// Client sends the requests; nil means a client of Burg's own with
	// Timeout.
	Client *http.Client
}

// LibreTranslate translates with a LibreTranslate server
// (https://libretranslate.com/) over its HTTP API: GET /languages for the
// pairs, POST /translate for a text. It is safe for concurrent use.
type LibreTranslate struct {
	cfg    LibreTranslateConfig
	base   string // URL without a trailing slash; "" when not set up
	urlErr error  // why URL is unusable, when it is
	client *http.Client

	mu     sync.Mutex
	pairs  []Pair
	listed time.Time
}

// NewLibreTranslate returns a LibreTranslate engine with cfg's settings,
// defaults filled in. With an empty URL it is not set up: Pairs reports
// none and Translate refuses. A URL that is not http(s) makes Pairs and
// Translate fail.
func NewLibreTranslate(cfg LibreTranslateConfig) *LibreTranslate {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultLibreTranslateTimeout
	}
	if cfg.MaxInput <= 0 {
		cfg.MaxInput = DefaultMaxInput
	}
	if cfg.MaxResponse <= 0 {
		cfg.MaxResponse = DefaultMaxResponse
	}
	lt := &LibreTranslate{cfg: cfg, client: cfg.Client}
	if lt.client == nil {
		lt.client = &http.Client{Timeout: cfg.Timeout}
	}
	if raw := strings.TrimSpace(cfg.URL); raw != "" {
		u, err := url.Parse(raw)
		switch {
		case err != nil:
			lt.urlErr = fmt.Errorf("libretranslate url: %w", err)
		case u.Scheme != "http" && u.Scheme != "https" || u.Host == "":
			lt.urlErr = fmt.Errorf("libretranslate url %q: want an http or https address", raw)
		default:
			u.RawQuery, u.Fragment = "", ""
			lt.base = strings.TrimRight(u.String(), "/")
		}
	}
	return lt
}

// Name returns "LibreTranslate".
func (lt *LibreTranslate) Name() string { return "LibreTranslate" }

// Configured reports whether a server URL is set.
func (lt *LibreTranslate) Configured() bool {
	return lt.base != "" || lt.urlErr != nil
}

// ltLanguage is one entry of GET /languages.
type ltLanguage struct {
	Code    string   `json:"code"`
	Name    string   `json:"name"`
	Targets []string `json:"targets"`
}

// Pairs lists the server's translation directions, sorted; none when no
// server is set up. The list is kept for a few minutes.
func (lt *LibreTranslate) Pairs(ctx context.Context) ([]Pair, error) {
	if lt.urlErr != nil {
		return nil, lt.urlErr
	}
	if lt.base == "" {
		return nil, nil
	}
	lt.mu.Lock()
	defer lt.mu.Unlock()
	if !lt.listed.IsZero() && time.Since(lt.listed) < languagesTTL {
		return slices.Clone(lt.pairs), nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, lt.base+"/languages", nil)
	if err != nil {
		return nil, fmt.Errorf("libretranslate languages: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	var langs []ltLanguage
	if err := lt.do(req, &langs); err != nil {
		return nil, fmt.Errorf("libretranslate languages: %w", err)
	}
	var pairs []Pair
	for _, l := range langs {
		for _, t := range l.Targets {
			if t != "" && t != l.Code && l.Code != "" {
				pairs = append(pairs, Pair{From: l.Code, To: t})
			}
		}
	}
	slices.SortFunc(pairs, func(x, y Pair) int {
		return strings.Compare(x.From+" "+x.To, y.From+" "+y.To)
	})
	pairs = slices.Compact(pairs)
	lt.pairs, lt.listed = pairs, time.Now()
	return slices.Clone(pairs), nil
}

// translateRequest is the body of POST /translate.
type translateRequest struct {
	Q      string `json:"q"`
	Source string `json:"source"`
	Target string `json:"target"`
	Format string `json:"format"`
	APIKey string `json:"api_key,omitempty"`
}

// translateResponse is a successful answer of POST /translate.
type translateResponse struct {
	TranslatedText *string `json:"translatedText"`
}

// Translate sends text to the server's /translate as plain text. An empty
// from lets the server detect the language ("auto"). Codes are passed as
// given, so any code the server lists in Pairs works.
func (lt *LibreTranslate) Translate(ctx context.Context, text, from, to string) (string, error) {
	if lt.urlErr != nil {
		return "", fmt.Errorf("libretranslate translate: %w", lt.urlErr)
	}
	if lt.base == "" {
		return "", burg.Errorf(burg.EINVALID, msgNotConfigured)
	}
	if strings.TrimSpace(text) == "" {
		return text, nil
	}
	if len(text) > lt.cfg.MaxInput {
		return "", burg.Errorf(burg.EINVALID, "The text is too long to translate at once (at most %d characters); translate it in parts.", lt.cfg.MaxInput)
	}
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	if from == "" {
		from = "auto"
	}
	if to == "" {
		return "", burg.Errorf(burg.EINVALID, "Choose the language to translate to.")
	}
	if from == to {
		return text, nil
	}
	body, err := json.Marshal(translateRequest{Q: text, Source: from, Target: to, Format: "text", APIKey: lt.cfg.APIKey})
	if err != nil {
		return "", fmt.Errorf("libretranslate translate: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, lt.base+"/translate", bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("libretranslate translate: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	var res translateResponse
	if err := lt.do(req, &res); err != nil {
		return "", fmt.Errorf("libretranslate translate %s→%s: %w", from, to, err)
	}
	if res.TranslatedText == nil {
		return "", fmt.Errorf("libretranslate translate %s→%s: %w: response has no translatedText", from, to, burg.Errorf(burg.EINVALID, msgServiceDown))
	}
	return *res.TranslatedText, nil
}

// errorResponse is LibreTranslate's error body.
type errorResponse struct {
	Error string `json:"error"`
}

// do sends req and decodes a 2xx JSON answer into v. Failures carry a
// poster-facing *burg.Error plus the cause.
func (lt *LibreTranslate) do(req *http.Request, v any) error {
	ctx := req.Context()
	if lt.cfg.Client != nil {
		// A caller's client may have no timeout of its own.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, lt.cfg.Timeout)
		defer cancel()
		req = req.WithContext(ctx)
	}
	resp, err := lt.client.Do(req)
	if err != nil {
		if ctx.Err() != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return ctx.Err()
		}
		return fmt.Errorf("%w: %w", burg.Errorf(burg.EINVALID, msgServiceDown), err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, lt.cfg.MaxResponse+1))
	if err != nil {
		return fmt.Errorf("%w: read response: %w", burg.Errorf(burg.EINVALID, msgServiceDown), err)
	}
	if int64(len(data)) > lt.cfg.MaxResponse {
		return fmt.Errorf("%w: response over %d bytes", burg.Errorf(burg.EINVALID, msgServiceDown), lt.cfg.MaxResponse)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		var e errorResponse
		_ = json.Unmarshal(data, &e)
		reason := safeText(e.Error)
		cause := fmt.Errorf("HTTP %d: %s", resp.StatusCode, reason)
		switch {
		case resp.StatusCode == http.StatusTooManyRequests:
			return fmt.Errorf("%w: %w", burg.Errorf(burg.ETOOMANY, msgServiceBusy), cause)
		case resp.StatusCode == http.StatusBadRequest && reason != "":
			return fmt.Errorf("%w: %w", burg.Errorf(burg.EINVALID, msgServiceRefuse, reason), cause)
		default:
			// 403 (bad or missing API key, banned) and 5xx are ours or
			// the server's to fix; the log gets the reason.
			return fmt.Errorf("%w: %w", burg.Errorf(burg.EINVALID, msgServiceDown), cause)
		}
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%w: decode response: %w", burg.Errorf(burg.EINVALID, msgServiceDown), err)
	}
	return nil
}

// safeText trims a server's error message to one short line of printable
// text, fit to show a poster.
func safeText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || !unicode.IsPrint(r) && !unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}
