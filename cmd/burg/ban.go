package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
)

const banUsage = `Usage:
  burg ban add (--nick NICK | --visitor ID | --ip ADDRESS | --net CIDR) [--for 72h] [--reason TEXT]
                              keep a commenter out; --for takes 90m, 72h, 30d
                              or forever (default 72h)
  burg ban list [--all]       the bans in force, newest first (--all: expired ones too)
  burg ban remove ID…         lift bans
Each takes the database flags (--db, --database-url) and works while Burg runs.
`

// runBan handles burg ban SUBCOMMAND.
func runBan(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return runSubcommand(ctx, args, getenv, stdout, stderr, banUsage, map[string]command{
		"add": runBanAdd, "list": runBanList, "remove": runBanRemove,
	})
}

// command is a subcommand of burg, run with the arguments after its name.
type command func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error

// runSubcommand runs the subcommand args[0] names among subs, or prints
// usage: to stdout when help is asked, else to stderr as a usage error.
func runSubcommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, usage string, subs map[string]command) error {
	name := ""
	if len(args) > 0 {
		name, args = args[0], args[1:]
	}
	if run, ok := subs[name]; ok {
		return run(ctx, args, getenv, stdout, stderr)
	}
	switch name {
	case "help", "--help", "-help", "-h":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return errUsage
}

// banFlags makes the flag set of a ban subcommand, with the database
// flags.
func banFlags(name string, cfg *Config, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("burg ban "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, banUsage+"\nFlags:\n")
		fs.PrintDefaults()
	}
	cfg.dbFlags(fs)
	return fs
}

// parseBanDuration reads --for: a Go duration, a number of days such as
// 30d, or forever (nil).
func parseBanDuration(s string) (*time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "forever" {
		return nil, nil
	}
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil {
			return nil, fmt.Errorf("--for %q: want a duration such as 90m, 72h, 30d, or forever", s)
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return nil, fmt.Errorf("--for %q: want a duration such as 90m, 72h, 30d, or forever", s)
		}
	}
	if d <= 0 {
		return nil, fmt.Errorf("--for must be longer than 0 (or forever)")
	}
	return &d, nil
}

func runBanAdd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := defaultConfig()
	fs := banFlags("add", &cfg, stderr)
	targets := map[string]*string{burg.BanNick: new(string), burg.BanVisitor: new(string), burg.BanIP: new(string), burg.BanNet: new(string)}
	fs.StringVar(targets[burg.BanNick], "nick", "", "ban this `nick` and every nick that looks like it")
	fs.StringVar(targets[burg.BanVisitor], "visitor", "", "ban the browser with this visitor `id` (from the comment's record)")
	fs.StringVar(targets[burg.BanIP], "ip", "", "ban this `address`")
	fs.StringVar(targets[burg.BanNet], "net", "", "ban this `network`, such as 203.0.113.0/24")
	length := fs.String("for", "72h", "how long the ban lasts: a `duration` such as 90m, 72h, 30d, or forever")
	reason := fs.String("reason", "", "why, for the moderators (the commenter is never shown it)")
	if err := parseFlags(fs, args, getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "burg ban add: unexpected %q\n%s", fs.Arg(0), banUsage)
		return errUsage
	}
	b := &burg.Ban{Reason: *reason}
	for _, kind := range []string{burg.BanNick, burg.BanVisitor, burg.BanIP, burg.BanNet} {
		if v := *targets[kind]; v != "" {
			if b.Kind != "" {
				return errors.New("give one of --nick, --visitor, --ip or --net, not several")
			}
			b.Kind, b.Value = kind, v
		}
	}
	if b.Kind == "" {
		return errors.New("give one of --nick, --visitor, --ip or --net")
	}
	d, err := parseBanDuration(*length)
	if err != nil {
		return err
	}
	if d != nil {
		until := time.Now().Add(*d).UTC().Truncate(time.Second)
		b.ExpiresAt = &until
	}
	st, err := openSite(ctx, cfg, app.Config{}, app.Deps{}, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.app.CreateBan(ctx, app.Operator, b); err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "banned %s %s %s (ban %d)\n", b.Kind, b.Value, untilText(b.ExpiresAt), b.ID)
	return nil
}

func runBanList(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := defaultConfig()
	fs := banFlags("list", &cfg, stderr)
	all := fs.Bool("all", false, "list expired bans too")
	if err := parseFlags(fs, args, getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	st, err := openSite(ctx, cfg, app.Config{}, app.Deps{}, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer st.Close()
	bans, err := st.app.Bans(ctx, app.Operator, *all)
	if err != nil {
		return err
	}
	if len(bans) == 0 {
		fmt.Fprintln(stdout, "no bans")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tVALUE\tCREATED\tEXPIRES\tREASON")
	now := time.Now()
	for _, b := range bans {
		expires := "never"
		if b.ExpiresAt != nil {
			expires = b.ExpiresAt.Format(time.RFC3339)
			if !b.Active(now) {
				expires += " (expired)"
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", b.ID, b.Kind, oneLine(b.Value), b.CreatedAt.Format(time.RFC3339),
			expires, oneLine(b.Reason))
	}
	return tw.Flush()
}

func runBanRemove(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := defaultConfig()
	fs := banFlags("remove", &cfg, stderr)
	if err := parseFlags(fs, args, getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	// IDs and flags may come in any order: burg ban remove 3 --db site.db.
	var ids []int64
	for rest := fs.Args(); len(rest) > 0; rest = fs.Args() {
		id, err := strconv.ParseInt(rest[0], 10, 64)
		if err != nil || id <= 0 {
			fmt.Fprintf(stderr, "burg ban remove: %q is not a ban ID\n%s", rest[0], banUsage)
			return errUsage
		}
		ids = append(ids, id)
		if err := fs.Parse(rest[1:]); err != nil {
			return errUsage
		}
	}
	if len(ids) == 0 {
		fmt.Fprint(stderr, "burg ban remove: which ban? Give its ID (burg ban list shows them).\n")
		return errUsage
	}
	st, err := openSite(ctx, cfg, app.Config{}, app.Deps{}, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer st.Close()
	for _, id := range ids {
		if err := st.app.RemoveBan(ctx, app.Operator, id); err != nil {
			if burg.ErrorCode(err) == burg.ENOTFOUND {
				return fmt.Errorf("there is no ban %d", id)
			}
			return err
		}
		fmt.Fprintf(stdout, "lifted ban %d\n", id)
	}
	return nil
}

// userError turns a domain error into its user-safe message, and leaves
// internal errors as they are.
func userError(err error) error {
	if burg.ErrorCode(err) != burg.EINTERNAL {
		return errors.New(burg.ErrorMessage(err))
	}
	return err
}

// untilText says how long a ban lasts.
func untilText(at *time.Time) string {
	if at == nil {
		return "until lifted"
	}
	return "until " + at.Format(time.RFC3339)
}

// oneLine keeps a value on one line of a table.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
