package main

import (
	"flag"
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/burg-news/burg/internal/app"
	"github.com/burg-news/burg/internal/web"
)

// Config is burg's whole configuration, in rising precedence: defaults,
// the config file (--config), BURG_* environment variables, flags.
type Config struct {
	// ConfigFile is a TOML file of settings, keyed by flag name.
	ConfigFile    string
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
	// LogFormat is text, json, or auto: text on a terminal, JSON
	// otherwise (to a file, journald, a log shipper).
	LogFormat   string
	PrintConfig bool
	// LogFullIP logs clients' whole addresses; by default only their /24
	// or /48 network, as an address is personal data.
	LogFullIP bool
	// MetricsAddr, when set, serves /metrics and /debug/pprof/ on a
	// listener of its own, and not on Addr; when empty Addr serves them
	// to admins.
	MetricsAddr string
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
	// WARCDir, when set, is where snapshots of posts' sources are also
	// written as WARC files.
	WARCDir string
	// MinFill is the least time between serving the comment form and
	// taking it back; 0 switches the check off.
	MinFill time.Duration
	// CommentLimit bounds comments per visitor and per address, written
	// as app.ParseLimits reads it: "5/1m,40/1h", or "off".
	CommentLimit string
	// PageCache bounds the rendered pages kept for readers, as
	// parsePageCache reads it: "64MB", or "off" (0) to render every page
	// for every request.
	PageCache string

	location       *time.Location
	trustedProxies []netip.Prefix
	commentLimits  []app.Limit
	pageCacheBytes int64
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
		LogFormat:     "auto",
		UploadsDir:    "uploads",
		Apertium:      defaultApertium(),
		MinFill:       2 * time.Second,
		CommentLimit:  limitsText(app.DefaultCommentLimits),
		PageCache:     sizeText(web.DefaultPageCacheBytes),
	}
}

// limitsText writes limits as --comment-limit takes them.
func limitsText(ls []app.Limit) string {
	if len(ls) == 0 {
		return "off"
	}
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = l.String()
	}
	return strings.Join(parts, ",")
}

// Size units of --page-cache, in multiples of 1024 as memory is counted.
var sizeUnits = []struct {
	suffix string
	n      int64
}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}}

// parsePageCache reads --page-cache: a size with a unit (64MB, 512KB,
// 1GB, 4096B; KB is 1024 bytes), or off or 0 for no page cache, which it
// returns as web.PageCacheOff.
func parsePageCache(v string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(v))
	if t == "OFF" || t == "0" {
		return web.PageCacheOff, nil
	}
	for _, u := range sizeUnits {
		num, ok := strings.CutSuffix(t, u.suffix)
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
		if err != nil || n < 0 || n > (1<<40)/u.n {
			break
		}
		if n == 0 {
			return web.PageCacheOff, nil
		}
		return n * u.n, nil
	}
	return 0, fmt.Errorf("%q is not a size: write it as 64MB, 512KB or 1GB, or off", v)
}

// sizeText writes n bytes as --page-cache takes them, in the largest
// unit that divides it.
func sizeText(n int64) string {
	for _, u := range sizeUnits {
		if n%u.n == 0 {
			return strconv.FormatInt(n/u.n, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10) + "B"
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
	c.configFlag(fs)
	fs.StringVar(&c.DB, "db", c.DB, "SQLite database `file`")
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "PostgreSQL `URL` (postgres://…); overrides --db")
	fs.StringVar(&c.Synchronous, "synchronous", c.Synchronous, "SQLite durability, `FULL|NORMAL`: FULL (a commit survives power loss) or NORMAL")
}

// configFlag registers --config, which names the file of settings.
func (c *Config) configFlag(fs *flag.FlagSet) {
	fs.StringVar(&c.ConfigFile, "config", c.ConfigFile, "read settings from this TOML `file`: one key per flag, such as addr = \"0.0.0.0:8080\"")
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
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "`auto|text|json`: auto is text on a terminal, JSON otherwise")
	fs.BoolVar(&c.LogFullIP, "log-full-ip", c.LogFullIP, "log clients' whole addresses, not only their /24 or /48 network")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", c.MetricsAddr, "`host:port` of a listener of its own for /metrics and /debug/pprof/ (unset: --addr serves them to admins)")
	fs.BoolVar(&c.PrintConfig, "print-config", c.PrintConfig, "print the effective settings and exit")
	fs.BoolVar(&c.AllowPrivateFetch, "allow-private-fetch", c.AllowPrivateFetch, "let the posting form fetch pages on loopback and private addresses (tests only)")
	fs.StringVar(&c.Apertium, "apertium", c.Apertium, "the apertium `command` for translations (\"\" switches Apertium off)")
	fs.StringVar(&c.LibreTranslateURL, "libretranslate-url", c.LibreTranslateURL, "LibreTranslate server `URL` for translations")
	fs.StringVar(&c.LibreTranslateKey, "libretranslate-key", c.LibreTranslateKey, "LibreTranslate API `key`")
	fs.StringVar(&c.WARCDir, "warc-dir", c.WARCDir, "`dir` where snapshots of posts' sources are also written as WARC files")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", c.TrustedProxies, "`addresses` or CIDR networks of load balancers whose X-Forwarded-For names the client, comma-separated")
	fs.DurationVar(&c.MinFill, "min-fill", c.MinFill, "least time between serving the comment form and taking it back (0 switches the check off)")
	fs.StringVar(&c.CommentLimit, "comment-limit", c.CommentLimit, "comments per visitor and per address, as `N/DURATION,…` such as 5/1m,40/1h, or off")
	fs.StringVar(&c.PageCache, "page-cache", c.PageCache, "memory for rendered pages kept for readers, a `size` such as 64MB or 512KB; off (or 0) renders every page for every request")
}

// parseFlags reads the settings of fs, in rising precedence: the defaults
// it was made with, the config file (named by --config or BURG_CONFIG,
// when fs has that flag), BURG_* environment variables, the command
// line. Errors are told on fs's output.
func parseFlags(fs *flag.FlagSet, args []string, getenv func(string) string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	onLine := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { onLine[f.Name] = true })
	fail := func(err error) error {
		fmt.Fprintln(fs.Output(), "burg:", err)
		return err
	}
	if cf := fs.Lookup("config"); cf != nil {
		if v := getenv("BURG_CONFIG"); v != "" && !onLine["config"] {
			cf.Value.Set(v)
		}
		if path := cf.Value.String(); path != "" {
			if err := applyConfigFile(fs, path, onLine); err != nil {
				return fail(err)
			}
		}
	}
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		if onLine[f.Name] || f.Name == "config" || envErr != nil {
			return
		}
		name := envName(f.Name)
		if v := getenv(name); v != "" {
			if err := f.Value.Set(v); err != nil {
				envErr = fmt.Errorf("%s: %w", name, err)
			}
		}
	})
	if envErr != nil {
		return fail(envErr)
	}
	return nil
}

// envName is the environment variable of a flag: BURG_ and the name in
// capitals, dashes as underscores.
func envName(flagName string) string {
	return "BURG_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// settingsFlags is the flag set of every setting: burg serve's flags,
// which include those the other commands share. It documents them (burg
// help) and decides which keys a config file may hold.
func settingsFlags() *flag.FlagSet {
	c := defaultConfig()
	fs := flag.NewFlagSet("burg serve", flag.ContinueOnError)
	c.serveFlags(fs)
	return fs
}

// applyConfigFile sets the flags of fs that the TOML file at path names
// and the command line does not. A key must name a setting (a flag of
// burg serve); one that fs lacks, such as addr for burg migrate, is left
// to the commands that have it.
func applyConfigFile(fs *flag.FlagSet, path string, onLine map[string]bool) error {
	var values map[string]any
	md, err := toml.DecodeFile(path, &values)
	if err != nil {
		return fmt.Errorf("config file %s: %w", path, err)
	}
	settings := settingsFlags()
	for _, key := range md.Keys() {
		name := key.String()
		if len(key) != 1 || settings.Lookup(name) == nil || name == "config" || name == "print-config" {
			return fmt.Errorf("config file %s: %q is not a setting; keys are the names of burg serve's flags, at the top level (see burg help)", path, name)
		}
		f := fs.Lookup(name)
		if f == nil || onLine[name] {
			continue
		}
		v, err := tomlText(values[name])
		if err == nil {
			err = f.Value.Set(v)
		}
		if err != nil {
			return fmt.Errorf("config file %s: %s: %w", path, name, err)
		}
	}
	return nil
}

// tomlText is a TOML value as a flag's text: strings as they are, numbers
// and booleans written out, arrays joined with commas (trusted-proxies).
func tomlText(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			s, err := tomlText(e)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	default:
		return "", fmt.Errorf("want a string, number, boolean or list, not %T (durations are strings: \"168h\")", v)
	}
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
	if c.LogFormat != "auto" && c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("log-format must be auto, text or json")
	}
	if c.MetricsAddr != "" && c.MetricsAddr == c.Addr && !strings.HasSuffix(c.Addr, ":0") {
		return fmt.Errorf("metrics-addr must differ from addr: it is a listener of its own")
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
	if c.MinFill < 0 || c.MinFill > time.Hour {
		return fmt.Errorf("min-fill must be between 0 and 1h")
	}
	limits, err := app.ParseLimits(c.CommentLimit)
	if err != nil {
		return fmt.Errorf("comment-limit: %w", err)
	}
	c.commentLimits = limits
	c.pageCacheBytes, err = parsePageCache(c.PageCache)
	if err != nil {
		return fmt.Errorf("page-cache: %w", err)
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

// printSettings writes the effective settings of fs, secrets masked.
func printSettings(fs *flag.FlagSet, w io.Writer) {
	masks := map[string]func(string) string{
		"database-url": maskURL, "libretranslate-url": maskURL, "libretranslate-key": maskSecret,
	}
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name == "print-config" {
			return
		}
		v := f.Value.String()
		if mask := masks[f.Name]; mask != nil {
			v = mask(v)
		}
		fmt.Fprintf(w, "%-15s %s\n", f.Name, v)
	})
}

// defaultNote says what the default of a setting is where it depends on
// the machine or on other settings, else "".
func defaultNote(name string) string {
	switch name {
	case "apertium":
		return `"apertium" when that command is installed, else none`
	case "base-url":
		return "the host each request names"
	}
	return ""
}

// writeSettingsHelp documents every setting with its default, from the
// flag set itself, so that the help cannot drift from the flags.
func writeSettingsHelp(w io.Writer) {
	fmt.Fprint(w, `Settings. Each is a flag, an environment variable and a key of the config
file (--config FILE or BURG_CONFIG, TOML, one key per flag name, such as
addr = "0.0.0.0:8080" or trusted-proxies = ["10.0.0.10", "10.0.0.11"]).
A flag wins over the environment, which wins over the file, which wins over
the default. burg serve takes them all; migrate, user and ban the database
ones (config, db, database-url, synchronous); healthcheck config and addr.

`)
	settingsFlags().VisitAll(func(f *flag.Flag) {
		arg, text := flag.UnquoteUsage(f)
		head := "  --" + f.Name
		if arg != "" {
			head += " " + arg
		}
		def := f.DefValue
		switch {
		case defaultNote(f.Name) != "":
			def = defaultNote(f.Name)
		case def == "":
			def = "none"
		case def == "false":
			def = "off"
		}
		fmt.Fprintf(w, "%-34s %s\n      %s\n      default: %s\n", head, envName(f.Name), text, def)
	})
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
