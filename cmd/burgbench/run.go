package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/burg-news/burg/internal/nick"
)

// runConfig is what burgbench run is told.
type runConfig struct {
	url, db, dbURL, burg string
	duration, warmup     time.Duration
	refDuration          time.Duration
	conns                int
	markdown, label      string
	only                 map[string]bool
	serverArgs           []string
	serverLog            string
}

// scenario is one line of the report: one kind of request, or a mix.
type scenario struct {
	key   string // for --only
	name  string
	note  string
	kinds []requestKind
	skip  string // why it is not measured, if it is not
}

// outcome is a scenario as measured.
type outcome struct {
	scenario
	size     int64 // bytes of the page as sent, for a single page
	burg     result
	ref      result
	rss      int64 // the server's memory after the scenario
	measured bool
}

// report is everything a run measured.
type report struct {
	cfg       runConfig
	site      *site
	started   time.Time
	outcomes  []outcome
	server    *burgServer
	rss, peak int64
	command   string
	load      string // the machine's load average before the run
}

// runRun is burgbench run.
func runRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := runConfig{}
	fs := flag.NewFlagSet("burgbench run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.url, "url", "", "measure the server at this `URL` rather than starting one")
	fs.StringVar(&cfg.db, "db", "", "start burg serve on this SQLite `file`")
	fs.StringVar(&cfg.dbURL, "database-url", "", "start burg serve on this PostgreSQL `URL`")
	fs.StringVar(&cfg.burg, "burg", "", "the burg `binary` to start (default: beside burgbench, on PATH, or built from the source tree)")
	fs.DurationVar(&cfg.duration, "duration", 10*time.Second, "how long each scenario is measured")
	fs.DurationVar(&cfg.warmup, "warmup", 2*time.Second, "how long each scenario runs before it is measured")
	fs.DurationVar(&cfg.refDuration, "ref-duration", 0, "how long the reference is measured (default: --duration)")
	fs.IntVar(&cfg.conns, "connections", 64, "closed-loop clients, each on its own connection")
	fs.StringVar(&cfg.markdown, "markdown", "", "append the results as a section for docs/BENCHMARKS.md to `file`")
	fs.StringVar(&cfg.label, "label", "", "what the data is, for the report (e.g. \"--scale full\")")
	only := fs.String("only", "", "measure only these scenarios, comma-separated: "+strings.Join(scenarioKeys, ","))
	extra := fs.String("server-args", "", "more flags for burg serve, space-separated")
	fs.StringVar(&cfg.serverLog, "server-log", "", "write the server's log to `file`")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the harness itself (not the server) to `file`")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: burgbench run (--db FILE | --database-url URL | --url URL) [--duration 10s] [--connections 64] [--markdown FILE]\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	n := 0
	for _, v := range []string{cfg.url, cfg.db, cfg.dbURL} {
		if v != "" {
			n++
		}
	}
	if n != 1 {
		fmt.Fprintln(stderr, "burgbench run: give one of --url, --db and --database-url")
		return errUsage
	}
	if cfg.conns < 1 || cfg.duration <= 0 || cfg.warmup < 0 {
		fmt.Fprintln(stderr, "burgbench run: --connections and --duration must be positive")
		return errUsage
	}
	if cfg.refDuration <= 0 {
		cfg.refDuration = cfg.duration
	}
	if *only != "" {
		cfg.only = map[string]bool{}
		for k := range strings.SplitSeq(*only, ",") {
			k = strings.TrimSpace(k)
			if !contains(scenarioKeys, k) {
				fmt.Fprintf(stderr, "burgbench run: unknown scenario %q; the scenarios are %s\n", k, strings.Join(scenarioKeys, ", "))
				return errUsage
			}
			cfg.only[k] = true
		}
	}
	cfg.serverArgs = strings.Fields(*extra)
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	rep, err := measure(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	rep.command = "burgbench run " + shellJoin(args)
	rep.writeText(stdout)
	if cfg.markdown != "" {
		f, err := os.OpenFile(cfg.markdown, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		rep.writeMarkdown(f)
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}

// shellJoin writes args as a shell reads them back: an argument with a
// space or a quote in it is quoted.
func shellJoin(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		if a == "" || strings.ContainsAny(a, " \t'\"$\\") {
			out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(out, " ")
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// measure starts the server if it is to, finds its pages, and measures
// every scenario against it and against the reference.
func measure(ctx context.Context, cfg runConfig, log io.Writer) (*report, error) {
	rep := &report{cfg: cfg, started: time.Now(), load: loadAverage()}
	dir, err := os.MkdirTemp("", "burgbench")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	base := cfg.url
	if base == "" {
		bin, err := findBurg(ctx, cfg.burg, dir, log)
		if err != nil {
			return nil, err
		}
		dsn := cfg.db
		if cfg.dbURL != "" {
			dsn = cfg.dbURL
		}
		var serverLog io.Writer
		if cfg.serverLog != "" {
			f, err := os.Create(cfg.serverLog)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			serverLog = f
		}
		fmt.Fprintln(log, "starting", bin, "serve")
		srv, err := startBurg(ctx, bin, dsn, dir, cfg.serverArgs, serverLog)
		if err != nil {
			return nil, err
		}
		defer srv.Stop()
		rep.server = srv
		base = srv.url
		fmt.Fprintf(log, "listening after %s, first edition served after %s\n", srv.Listening.Round(time.Millisecond), srv.FirstPage.Round(time.Millisecond))
	}
	site, err := discover(ctx, base)
	if err != nil {
		return nil, err
	}
	rep.site = site
	host, err := hostOf(base)
	if err != nil {
		return nil, err
	}
	env := &loadEnv{host: host, lexicon: newLexicon(7, 6000), token: site.token, nicks: nick.NewGenerator(7).Nick}
	if env.readers, err = readerCookies(ctx, host, site.article.quiet.path, 4*cfg.conns); err != nil {
		return nil, err
	}
	ref, err := startReference()
	if err != nil {
		return nil, err
	}
	defer ref.Close()
	refEnv := &loadEnv{host: ref.addr, lexicon: env.lexicon, token: env.token, nicks: env.nicks}
	tctx, stopTokens := context.WithCancel(ctx)
	defer stopTokens()

	for _, sc := range scenarios(site) {
		if cfg.only != nil && !cfg.only[sc.key] {
			continue
		}
		o := outcome{scenario: sc}
		if sc.skip != "" {
			rep.outcomes = append(rep.outcomes, o)
			continue
		}
		if hasPost(sc.kinds) {
			// Every comment takes a token of its own, from an article
			// page: enough of them are fetched before each scenario that
			// writes for the writers not to wait on those pages, nor the
			// server to serve them while it is measured.
			if env.tokens == nil {
				env.tokens = tokenPool(tctx, host, site.article.quiet.path, env.lexicon, tokenPoolSize, 4)
			}
			fmt.Fprintln(log, "fetching form tokens")
			env.tokens.fill(ctx, tokenRate*int(cfg.warmup+cfg.duration)/int(time.Second), time.Minute)
			// The form's token must be as old as a person takes to write.
			if wait := time.Until(site.tokenAt.Add(2500 * time.Millisecond)); wait > 0 {
				time.Sleep(wait)
			}
		}
		fmt.Fprintf(log, "measuring %s\n", sc.name)
		pages, size, err := probe(ctx, env, host, sc.kinds)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sc.name, err)
		}
		o.size = size
		if o.burg, err = drive(ctx, env, host, sc.kinds, cfg.conns, cfg.warmup, cfg.duration); err != nil {
			return nil, err
		}
		ref.serve(pages)
		refKinds := make([]requestKind, len(sc.kinds))
		for i, k := range sc.kinds {
			k.want = 200
			if k.method == "POST" {
				k.want = 303
			}
			refKinds[i] = k
		}
		if o.ref, err = drive(ctx, refEnv, ref.addr, refKinds, cfg.conns, min(cfg.warmup, time.Second), cfg.refDuration); err != nil {
			return nil, err
		}
		o.measured = true
		if rep.server != nil {
			o.rss, _ = rep.server.Memory()
		}
		rep.outcomes = append(rep.outcomes, o)
	}
	if rep.server != nil {
		rep.rss, rep.peak = rep.server.Memory()
	}
	return rep, nil
}

func hasPost(kinds []requestKind) bool {
	for _, k := range kinds {
		if k.method == "POST" {
			return true
		}
	}
	return false
}

// Comment scenarios start with tokenRate comments a second's worth of
// form tokens at hand, up to tokenPoolSize.
const (
	tokenRate     = 3000
	tokenPoolSize = 50_000
)

// scenarioKeys name the scenarios for --only, in the order they run:
// reads first, then writes, which change the pages.
var scenarioKeys = []string{"front", "article300", "article2000", "tag", "past", "search", "feed", "comment", "mixed"}

// scenarios are what a run measures on the site.
func scenarios(s *site) []scenario {
	get := func(label, path string, weight int) requestKind {
		return requestKind{label: label, weight: weight, method: "GET", path: path, want: 200}
	}
	long, longer := s.article.long, s.article.longer
	front := "front page"
	if s.newest != "" {
		front = "front page (edition of " + s.newest + ")"
	}
	artName := func(a article) string { return fmt.Sprintf("article, %d comments", a.comments) }
	commentPaths := func(arts []article) []string {
		var out []string
		for _, a := range arts {
			out = append(out, fmt.Sprintf("/posts/%d/comments", a.id))
		}
		return out
	}
	post := requestKind{label: "comment POST", weight: 1, method: "POST", paths: commentPaths(s.article.open), want: 303,
		form: (*client).commentForm}
	out := []scenario{
		{key: "front", name: front, kinds: []requestKind{get(front, s.front, 1)}},
		{key: "article300", name: artName(long), kinds: []requestKind{get(artName(long), long.path, 1)}},
		{key: "article2000", name: artName(longer), kinds: []requestKind{get(artName(longer), longer.path, 1)}},
		{key: "tag", name: "tag page", note: s.tag, kinds: []requestKind{get("tag page", s.tag, 1)}},
		{key: "past", name: "a day in the past", note: s.pastDay, kinds: []requestKind{get("a day in the past", s.pastDay, 1)}},
		{key: "search", name: "search", note: "/search?q=" + s.searchWord,
			kinds: []requestKind{get("search", "/search?q="+url.QueryEscape(s.searchWord), 1)}},
		{key: "feed", name: "feed", note: "/feed.xml"},
		{key: "comment", name: "comment POST", note: fmt.Sprintf("to %d articles of the edition", len(s.article.open)),
			kinds: []requestKind{post}},
	}
	if s.feed != "" {
		out[6].kinds = []requestKind{get("feed", s.feed, 1)}
	} else {
		out[6].skip = "/feed.xml answers 404: no feeds yet"
	}
	// Readers of the edition and of the long thread, which commenters
	// write to half the time.
	mixPost := post
	mixPost.weight = 10
	mixPost.paths = append(commentPaths(s.article.open), commentPaths(repeat(long, len(s.article.open)))...)
	out = append(out, scenario{key: "mixed", name: "mixed", note: "reads and 10% comments, half of them to the 300-comment thread",
		kinds: []requestKind{
			get(front, s.front, 35), get(artName(long), long.path, 25), get(artName(longer), longer.path, 5),
			get("tag page", s.tag, 10), get("a day in the past", s.pastDay, 10), get("search", "/search?q="+url.QueryEscape(s.searchWord), 5),
			mixPost,
		}})
	for i := range out {
		if hasPost(out[i].kinds) && s.article.commentsClosed {
			out[i].skip = "comments are closed on the edition's articles"
		}
	}
	return out
}

func repeat(a article, n int) []article {
	out := make([]article, n)
	for i := range out {
		out[i] = a
	}
	return out
}

// probe requests each page of kinds once, as a reader, and returns what
// the reference is to answer in its place, and the size of the first.
func probe(ctx context.Context, env *loadEnv, addr string, kinds []requestKind) (map[string]refPage, int64, error) {
	pages := map[string]refPage{}
	var size int64 = -1
	c := &client{addr: addr, env: env}
	if len(env.readers) > 0 {
		c.reader = env.readers[0]
	}
	defer func() {
		if c.conn != nil {
			c.conn.Close()
		}
	}()
	for i := range kinds {
		k := &kinds[i]
		if k.method != "GET" {
			continue
		}
		r, err := c.do(k, true)
		if err != nil {
			return nil, 0, fmt.Errorf("GET %s: %w", k.path, err)
		}
		if r.status != k.want {
			return nil, 0, fmt.Errorf("GET %s: status %d, want %d", k.path, r.status, k.want)
		}
		pages[k.path] = refPage{status: 200, body: r.body, gzipped: r.gzipped}
		if size < 0 {
			size = r.size
		}
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
	}
	return pages, max(size, 0), nil
}

// readerCookies returns n visitor cookies, each given to a new reader of
// the article at path, as a browser gets one.
func readerCookies(ctx context.Context, addr, path string, n int) ([]string, error) {
	env := &loadEnv{host: addr}
	k := &requestKind{method: "GET", path: path, want: 200}
	var out []string
	for len(out) < n {
		c := &client{addr: addr, env: env}
		for range min(32, n-len(out)) {
			r, err := c.do(k, false)
			if err != nil {
				return nil, fmt.Errorf("visitor cookies: %w", err)
			}
			if r.cookie == "" {
				if c.conn != nil {
					c.conn.Close()
				}
				return nil, fmt.Errorf("visitor cookies: GET %s (status %d) gives a browser no visitor cookie", path, r.status)
			}
			out = append(out, r.cookie)
		}
		if c.conn != nil {
			c.conn.Close()
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// loadAverage is the machine's load average over the last minute, as
// /proc/loadavg gives it, or "".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// machine describes the machine the run is on.
func machine() string {
	model := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(b), "MemTotal: %d kB", &kb); err == nil {
			mem = fmt.Sprintf(", %d GiB", (kb+512<<10)>>20)
		}
	}
	s := fmt.Sprintf("%d cores%s, %s/%s", runtime.NumCPU(), mem, runtime.GOOS, runtime.GOARCH)
	if model != "" {
		s = model + ", " + s
	}
	return s
}
