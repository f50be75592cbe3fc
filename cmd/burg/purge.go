package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/burg-news/burg/internal/app"
)

// runPurge deletes for good the texts of comments removed longer ago than
// the site's retention (Settings, 30 days unless an admin changed it),
// as every running server does hourly, and says how many.
func runPurge(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("burg purge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: burg purge [--db FILE | --database-url URL]\n"+
			"Deletes for good the texts of comments removed longer ago than the site's retention.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	cfg.dbFlags(fs)
	if err := parseFlags(fs, args, getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "burg purge: unexpected %q\n", fs.Arg(0))
		return errUsage
	}
	st, err := openSite(ctx, cfg, app.Config{}, app.Deps{}, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer st.Close()
	total := 0
	for {
		// Purge takes a bounded share at a time; the command goes on to
		// the end.
		n, err := st.app.Purge(ctx, app.Operator)
		total += n
		if err != nil {
			return userError(err)
		}
		if n == 0 {
			break
		}
	}
	set, err := st.app.Moderation(ctx)
	if err != nil {
		return err
	}
	noun := "comments"
	if total == 1 {
		noun = "comment"
	}
	fmt.Fprintf(stdout, "purged %d removed %s (removed over %d days ago)\n", total, noun, int(set.PurgeAfter.Hours()/24))
	return nil
}
