package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
)

const snapshotsUsage = `Usage: burg snapshots check [--limit 100] [--recheck 24h] [--take 0] [--warc-dir DIR]

Fetches the sources of posts that have a snapshot, two at a time with a
pause between two fetches from one host, within the posting desk's fetch
limits, and records what each answered. A source that is gone (HTTP 404
or 410, a name that no longer resolves) is marked dead at once; one that
fails otherwise, after 3 checks in a row. Readers of a post whose source
is dead are sent to its archived copy; a source that answers again is
marked alive. --take N also takes snapshots of up to N posts that have
none (posted by hand, or published by another instance). Run it from
cron, say daily.
`

func runSnapshots(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "check" {
		if len(args) > 0 && (args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
			fmt.Fprint(stdout, snapshotsUsage)
			return nil
		}
		fmt.Fprint(stderr, snapshotsUsage)
		return errUsage
	}
	cfg := defaultConfig()
	fs := dataFlags("burg snapshots check", snapshotsUsage, &cfg, stderr)
	limit := fs.Int("limit", 100, "how many `sources` to check in this run")
	recheck := fs.Duration("recheck", 24*time.Hour, "leave alone sources checked less than this long ago")
	take := fs.Int("take", 0, "take snapshots of up to this many `posts` that have none")
	delay := fs.Duration("host-delay", 2*time.Second, "the least time between two fetches from one host")
	fs.StringVar(&cfg.WARCDir, "warc-dir", cfg.WARCDir, "`dir` where new snapshots are also written as WARC files")
	fs.BoolVar(&cfg.AllowPrivateFetch, "allow-private-fetch", cfg.AllowPrivateFetch, "let the fetch reach loopback and private addresses (tests only)")
	if ok, err := parseData(fs, args[1:], getenv); !ok {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	st, err := openSite(ctx, cfg, app.Config{WARCDir: cfg.WARCDir}, app.Deps{Fetcher: fetcher(cfg.AllowPrivateFetch)}, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := st.app.CheckSources(ctx, app.Operator, app.CheckOptions{Limit: *limit, Recheck: *recheck, Take: *take,
		HostDelay: *delay, Progress: func(sn *burg.Snapshot) {
			if sn.CheckStatus != "ok" {
				fmt.Fprintf(stdout, "post %d: %s: %s\n", sn.PostID, sn.URL, sn.CheckStatus)
			}
		}})
	if sum != nil {
		fmt.Fprintf(stdout, "checked %d sources: %d answer, %d failed; %d newly dead, %d alive again\n",
			sum.Checked, sum.OK, sum.Failed, sum.Died, sum.Revived)
		if *take > 0 {
			fmt.Fprintf(stdout, "took %d snapshots of posts that had none (%d could not be fetched)\n", sum.Taken, sum.TakeFailed)
		}
	}
	if err != nil {
		return userError(err)
	}
	return nil
}
