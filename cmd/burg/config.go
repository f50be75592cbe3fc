package main

import (
	"flag"
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"time"
)

// Config is burg's whole configuration: defaults, then BURG_* environment
// variables, then flags.
type Config struct {
	Addr          string
	DB            string
	DatabaseURL   string
	Demo          bool
	SiteName      string
	BaseURL       string
	Timezone      string
	CommentsClose time.Duration
	Synchronous   string
	NoMigrate     bool
	ViewsFlush    time.Duration
	StaticDir     string
	UploadsDir    string
	LogFormat     string
	PrintConfig   bool
	// AllowPrivateFetch lets the posting form fetch pages on loopback and
	// private addresses; only tests need it.
	AllowPrivateFetch bool
	// Apertium is the apertium command for translations; "" switches
	// Apertium off.
	Apertium          string
	LibreTranslateURL string
	LibreTranslateKey string
	// TrustedProxies lists the load balancers (addresses or CIDR
	// networks, comma-separated) whose X-Forwarded-For names the client.
	TrustedProxies string

	location       *time.Location
	trustedProxies []netip.Prefix
}

func defaultConfig() Config {
	return Config{
		Addr:          "127.0.0.1:8080",
		DB:            "burg.db",
		SiteName:      "Burg",
		Timezone:      "UTC",
		CommentsClose: 7 * 24 * time.Hour,
		Synchronous:   "FULL",
		ViewsFlush:    5 * time.Second,
		LogFormat:     "text",
		UploadsDir:    "uploads",
		Apertium:      defaultApertium(),
	}
}

// defaultApertium is "apertium" when that command is installed, else ""
// (no Apertium translations).
func defaultApertium() string {
	if _, err := exec.LookPath("apertium"); err == nil {
		return "apertium"
	}
	return ""
}

// dbFlags registers the flags every data command shares.
func (c *Config) dbFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.DB, "db", c.DB, "SQLite database `file`")
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "PostgreSQL `URL` (postgres://…); overrides --db")
	fs.StringVar(&c.Synchronous, "synchronous", c.Synchronous, "SQLite durability: FULL (a commit survives power loss) or NORMAL")
}

// serveFlags registers the flags of burg serve.
func (c *Config) serveFlags(fs *flag.FlagSet) {
	c.dbFlags(fs)
	fs.StringVar(&c.Addr, "addr", c.Addr, "`host:port` to listen on")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "fill an empty database with demo content")
	fs.StringVar(&c.SiteName, "site-name", c.SiteName, "the site's `name`")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "the site's public `URL`, for absolute links (default: the host each request names)")
	fs.StringVar(&c.Timezone, "timezone", c.Timezone, "IANA `zone` that decides where a day's edition starts")
	fs.DurationVar(&c.CommentsClose, "comments-close", c.CommentsClose, "age after which comments close (0 keeps them open)")
	fs.BoolVar(&c.NoMigrate, "no-migrate", c.NoMigrate, "do not apply migrations on start")
	fs.DurationVar(&c.ViewsFlush, "views-flush", c.ViewsFlush, "how often buffered view counts are written")
	fs.StringVar(&c.UploadsDir, "uploads-dir", c.UploadsDir, "`dir` for uploaded photos (share it between instances)")
	fs.StringVar(&c.StaticDir, "static-dir", c.StaticDir, "serve static files from this `dir` (development)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "text or json")
	fs.BoolVar(&c.PrintConfig, "print-config", c.PrintConfig, "print the effective settings and exit")
	fs.BoolVar(&c.AllowPrivateFetch, "allow-private-fetch", c.AllowPrivateFetch, "let the posting form fetch pages on loopback and private addresses (tests only)")
	fs.StringVar(&c.Apertium, "apertium", c.Apertium, "the apertium `command` for translations (\"\" switches Apertium off)")
	fs.StringVar(&c.LibreTranslateURL, "libretranslate-url", c.LibreTranslateURL, "LibreTranslate server `URL` for translations")
	fs.StringVar(&c.LibreTranslateKey, "libretranslate-key", c.LibreTranslateKey, "LibreTranslate API `key`")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", c.TrustedProxies, "`addresses` or CIDR networks of load balancers whose X-Forwarded-For names the client, comma-separated")
}

// parseFlags applies BURG_* environment variables to every registered flag,
// then the command line.
func parseFlags(fs *flag.FlagSet, args []string, getenv func(string) string) error {
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		name := "BURG_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v := getenv(name); v != "" && envErr == nil {
			if err := f.Value.Set(v); err != nil {
				envErr = fmt.Errorf("%s: %w", name, err)
			}
		}
	})
	if envErr != nil {
		return envErr
	}
	return fs.Parse(args)
}

// validate checks the configuration once and derives what it implies.
func (c *Config) validate() error {
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return fmt.Errorf("timezone %q: %w", c.Timezone, err)
	}
	c.location = loc
	if c.CommentsClose < 0 {
		return fmt.Errorf("comments-close must not be negative")
	}
	if c.ViewsFlush < 100*time.Millisecond || c.ViewsFlush > 5*time.Second {
		return fmt.Errorf("views-flush must be between 100ms and 5s")
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("log-format must be text or json")
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
			return fmt.Errorf("base-url must be an http:// or https:// address without a path, such as https://news.example.org")
		}
		c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	}
	if u := c.LibreTranslateURL; u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return fmt.Errorf("libretranslate-url must be an http:// or https:// address")
	}
	c.trustedProxies = nil
	for v := range strings.SplitSeq(c.TrustedProxies, ",") {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		p, err := netip.ParsePrefix(v)
		if err != nil {
			a, aerr := netip.ParseAddr(v)
			if aerr != nil {
				return fmt.Errorf("trusted-proxies: %q is neither an address nor a CIDR network", v)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		c.trustedProxies = append(c.trustedProxies, p.Masked())
	}
	return nil
}

// dsn is the store's data source: the PostgreSQL URL when given, else the
// SQLite file.
func (c *Config) dsn() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return c.DB
}

// print writes the effective settings with secrets masked.
func (c *Config) print(w io.Writer) {
	fmt.Fprintf(w, "addr            %s\n", c.Addr)
	fmt.Fprintf(w, "db              %s\n", c.DB)
	fmt.Fprintf(w, "database-url    %s\n", maskURL(c.DatabaseURL))
	fmt.Fprintf(w, "demo            %t\n", c.Demo)
	fmt.Fprintf(w, "site-name       %s\n", c.SiteName)
	baseURL := c.BaseURL
	if baseURL == "" {
		baseURL = "(from each request's host)"
	}
	fmt.Fprintf(w, "base-url        %s\n", baseURL)
	fmt.Fprintf(w, "timezone        %s\n", c.Timezone)
	fmt.Fprintf(w, "comments-close  %s\n", c.CommentsClose)
	fmt.Fprintf(w, "synchronous     %s\n", c.Synchronous)
	fmt.Fprintf(w, "no-migrate      %t\n", c.NoMigrate)
	fmt.Fprintf(w, "views-flush     %s\n", c.ViewsFlush)
	fmt.Fprintf(w, "static-dir      %s\n", c.StaticDir)
	fmt.Fprintf(w, "uploads-dir     %s\n", c.UploadsDir)
	fmt.Fprintf(w, "log-format      %s\n", c.LogFormat)
	fmt.Fprintf(w, "allow-private-fetch %t\n", c.AllowPrivateFetch)
	fmt.Fprintf(w, "apertium        %s\n", c.Apertium)
	fmt.Fprintf(w, "libretranslate-url %s\n", maskURL(c.LibreTranslateURL))
	fmt.Fprintf(w, "libretranslate-key %s\n", maskSecret(c.LibreTranslateKey))
	fmt.Fprintf(w, "trusted-proxies %s\n", c.TrustedProxies)
}

// maskSecret hides a secret, saying only whether one is set.
func maskSecret(s string) string {
	if s == "" {
		return ""
	}
	return "****"
}

// maskURL hides the password of a database URL, before the @ or in a
// password= parameter.
func maskURL(raw string) string {
	raw = passwordParam.ReplaceAllString(raw, "${1}****")
	i := strings.Index(raw, "://")
	if i < 0 {
		return raw
	}
	rest := raw[i+3:]
	authority := rest
	if j := strings.IndexAny(rest, "/?#"); j >= 0 {
		authority = rest[:j] // a password has these percent-encoded
	}
	at := strings.LastIndex(authority, "@")
	colon := strings.Index(authority, ":")
	if at < 0 || colon < 0 || colon > at {
		return raw
	}
	return raw[:i+3] + rest[:colon] + ":****" + rest[at:]
}

// passwordParam finds a password given as a URL parameter, which pgx
// accepts as well as one before the @.
var passwordParam = regexp.MustCompile(`([?&]password=)[^&#]*`)
