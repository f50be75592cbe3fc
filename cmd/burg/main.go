// Command burg runs Burg, a self-hosted community news blog: the web server
// and the subcommands that look after its data.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "burg:", err)
		}
		os.Exit(exitCode(err))
	}
}

// errUsage marks an error already explained on stderr.
var errUsage = errors.New("usage")

func exitCode(err error) int {
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}

// run is burg's whole program, with its inputs explicit so that tests can
// drive it: burg [serve] | migrate | migrate-data | user add | ban | purge |
// healthcheck | version | help.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		cmd = "version"
	} else if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return runServe(ctx, args, getenv, stdout, stderr)
	case "migrate":
		return runMigrate(ctx, args, getenv, stdout, stderr)
	case "user":
		return runUser(ctx, args, getenv, stdin, stdout, stderr)
	case "ban":
		return runBan(ctx, args, getenv, stdout, stderr)
	case "migrate-data":
		return runMigrateData(ctx, args, getenv, stdout, stderr)
	case "purge":
		return runPurge(ctx, args, getenv, stdout, stderr)
	case "import":
		return runImport(ctx, args, getenv, stdout, stderr)
	case "export":
		return runExport(ctx, args, getenv, stdout, stderr)
	case "backup":
		return runBackup(ctx, args, getenv, stdout, stderr)
	case "restore":
		return runRestore(ctx, args, getenv, stdout, stderr)
	case "snapshots":
		return runSnapshots(ctx, args, getenv, stdout, stderr)
	case "healthcheck":
		return runHealthcheck(ctx, args, getenv, stdout, stderr)
	case "version":
		return runVersion(stdout)
	case "help", "--help", "-help", "-h":
		fmt.Fprint(stdout, usage+"\n")
		writeSettingsHelp(stdout)
		return nil
	default:
		fmt.Fprintf(stderr, "burg: unknown command %q\n\n%s", cmd, usage)
		return errUsage
	}
}

const usage = `Burg: a self-hosted community news blog.

Usage:
  burg [serve] [flags]        serve the site (the default command)
  burg migrate [flags]        apply database migrations and exit
  burg user add --nick NICK --role admin|moderator|poster [--colour #rrggbb] [--password-stdin]
                              add a registered user; prints a generated password
                              unless one is read from standard input
  burg ban add (--nick NICK | --visitor ID | --ip ADDRESS | --net CIDR) [--for 72h] [--reason TEXT]
                              keep a commenter out of the comments, on every
                              instance at once; --for takes 90m, 72h, 30d or forever
  burg ban list [--all]       list the bans in force (--all: expired ones too)
  burg ban remove ID…         lift bans
  burg purge                  delete for good the texts of comments removed longer
                              ago than the site's retention (30 days unless set)
  burg migrate-data --from sqlite:burg.db --to postgres://… [--force] [--batch 500] [--synchronous FULL]
                              copy a whole site from one database to another
                              (either way); the target must be empty unless --force
  burg healthcheck [--addr HOST:PORT | --url URL] [--timeout 5s]
                              ask a running server's /healthz; fails unless 200
                              (for a container's HEALTHCHECK)
  burg version                print the version and commit (also --version)
  burg import wxr [--timezone ZONE] [--batch N] FILE…
                              import WordPress exports: posts, pages, categories
                              as sections, tags, authors as posters, comments
  burg import feed [--section SLUG] [--poster NICK] URL|FILE
                              import an RSS or Atom feed's items as posts
  burg import burg FILE       import a whole site that burg export wrote
  burg export [--with-secrets] FILE
                              write the whole site as JSON Lines (docs/EXPORT.md)
  burg backup FILE            copy the SQLite database while the site runs
  burg restore FILE           put a backup in place (stop the server first)
  burg snapshots check [--limit N] [--warc-dir DIR]
                              check posts' sources; mark the dead ones, so that
                              readers get the archived copy; take missing snapshots
  burg help                   show this help

Every command takes --help.
`
