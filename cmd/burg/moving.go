package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/burg-news/burg/internal/app"
	"github.com/burg-news/burg/internal/extract"
	"github.com/burg-news/burg/internal/sqlstore"
	"github.com/burg-news/burg/internal/wxr"
)

// Moving a site in and out: burg import wxr|feed|burg, burg export, burg
// backup and burg restore.

// errLocked says another process holds the database's lock.
var errLocked = errors.New("the database is locked by another process")

const importUsage = `Usage:
  burg import wxr [--timezone ZONE] [--batch N] FILE…
                              import WordPress exports (WXR 1.0–1.2): posts and
                              pages, categories as sections, tags, authors as
                              posters, comments with their threads
  burg import feed [--section SLUG] [--poster NICK] URL|FILE
                              import the items of an RSS or Atom feed as posts;
                              sources posted already are skipped
  burg import burg FILE       import a whole site written by burg export into an
                              empty database
Each takes the database flags (--db, --database-url). Running an import
again changes nothing: what it made is recorded and skipped.
`

// runImport handles burg import KIND.
func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return runSubcommand(ctx, args, getenv, stdout, stderr, importUsage, map[string]command{
		"wxr": runImportWXR, "feed": runImportFeed, "burg": runImportBurg,
	})
}

// dataFlags makes the flag set of a data command, with the database
// flags.
func dataFlags(name, usage string, cfg *Config, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage+"\nFlags:\n")
		fs.PrintDefaults()
	}
	cfg.dbFlags(fs)
	return fs
}

func parseData(fs *flag.FlagSet, args []string, getenv func(string) string) (bool, error) {
	if err := parseFlags(fs, args, getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return false, nil
		}
		return false, errUsage
	}
	return true, nil
}

func runImportWXR(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := defaultConfig()
	fs := dataFlags("burg import wxr", importUsage, &cfg, stderr)
	fs.StringVar(&cfg.Timezone, "timezone", cfg.Timezone, "IANA `zone` of the old site, for dates the export gives without GMT (default: the site's)")
	batch := fs.Int("batch", app.DefaultImportBatch, "`items` per transaction")
	if ok, err := parseData(fs, args, getenv); !ok {
		return err
	}
	if fs.NArg() == 0 {
		fmt.Fprint(stderr, importUsage)
		return errUsage
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	st, err := openSite(ctx, cfg, app.Config{}, app.Deps{}, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer st.Close()
	for _, name := range fs.Args() {
		if err := importWXRFile(ctx, st, name, cfg.location, *batch, stdout); err != nil {
			return err
		}
	}
	return nil
}

func importWXRFile(ctx context.Context, st *site, name string, loc *time.Location, batch int, stdout io.Writer) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	start := time.Now()
	pr := newProgress(stdout, size, filepath.Base(name))
	sum, err := st.app.ImportWXR(ctx, app.Operator, pr.reader(f), app.WXROptions{
		Location: loc, BatchSize: batch, Name: filepath.Base(name),
		Progress: func(p app.ImportProgress) {
			pr.status("%d records read, %d posts and %d comments imported", p.Items, p.Posts, p.Comments)
		},
	})
	pr.done()
	fmt.Fprintf(stdout, "%s (%s) in %s:\n", name, sum.Source, time.Since(start).Round(time.Millisecond))
	for _, line := range sum.Lines() {
		fmt.Fprintln(stdout, "  "+line)
	}
	var se *wxr.SyntaxError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("%s: %w", name, app.WXRError(err, sum))
	case err != nil:
		return fmt.Errorf("%s: %w", name, userError(err))
	}
	return nil
}

func runImportBurg(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := defaultConfig()
	fs := dataFlags("burg import burg", importUsage, &cfg, stderr)
	if ok, err := parseData(fs, args, getenv); !ok {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprint(stderr, importUsage)
		return errUsage
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	f, err := openInput(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := openSite(ctx, cfg, app.Config{}, app.Deps{}, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	var size int64
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	pr := newProgress(stdout, size, "import")
	res, err := st.app.ImportSite(ctx, app.Operator, pr.reader(f), sqlstore.LatestMigration())
	pr.done()
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "imported %d records in %s: %s\n", res.Records, time.Since(start).Round(time.Millisecond), countLine(res.ByType))
	for typ, n := range res.Skipped {
		fmt.Fprintf(stdout, "skipped %d %s records: this Burg keeps no %s yet\n", n, typ, typ)
	}
	if !res.Header.Secrets {
		fmt.Fprintln(stdout, "the file holds no passwords: give users new ones at /admin/users or with burg user add")
	}
	return nil
}

// openInput opens a file, or standard input for "-".
func openInput(name string) (*os.File, error) {
	if name == "-" {
		return os.Stdin, nil
	}
	return os.Open(name)
}

func countLine(m map[string]int64) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
	}
	return strings.Join(parts, ", ")
}

const exportUsage = `Usage: burg export [--with-secrets] FILE

Writes the whole site to FILE ("-" for standard output) as JSON Lines, the
format docs/EXPORT.md describes: pages, sections, users, tags and the names
database, word swaps, posts with their tags, remarks and revisions,
comments with their revisions, visitors, bans, the submission queue,
snapshots of sources and the record of imports. It reads one consistent
snapshot, so a running site can be exported. Password hashes and the
site's signing secret are left out unless --with-secrets.
`

func runExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := defaultConfig()
	fs := dataFlags("burg export", exportUsage, &cfg, stderr)
	secrets := fs.Bool("with-secrets", false, "include password hashes and the signing secret")
	if ok, err := parseData(fs, args, getenv); !ok {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprint(stderr, exportUsage)
		return errUsage
	}
	st, err := openSite(ctx, cfg, app.Config{}, app.Deps{}, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer st.Close()
	name := fs.Arg(0)
	var w io.Writer = stdout
	var f *os.File
	if name != "-" {
		if _, err := os.Stat(name); err == nil {
			return fmt.Errorf("%s exists already; give a new file name", name)
		}
		if f, err = os.Create(name + ".part"); err != nil {
			return err
		}
		defer os.Remove(name + ".part")
		defer f.Close()
		w = f
	}
	start := time.Now()
	res, err := st.app.ExportSite(ctx, app.Operator, w, sqlstore.LatestMigration(), *secrets)
	if err != nil {
		return userError(err)
	}
	if f != nil {
		if err := f.Sync(); err != nil {
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		if err := os.Rename(name+".part", name); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "exported %d records to %s in %s: %s\n", res.Records, name,
			time.Since(start).Round(time.Millisecond), countLine(res.ByType))
	}
	return nil
}

const backupUsage = `Usage: burg backup FILE

Writes a consistent copy of the SQLite database to FILE while the server
goes on serving and taking comments (SQLite's VACUUM INTO), and checks the
copy with PRAGMA integrity_check before it is put in place. Every comment
acknowledged before the backup began is in it. For PostgreSQL, use
pg_dump (see docs/DEPLOY.md).
`

func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := defaultConfig()
	fs := dataFlags("burg backup", backupUsage, &cfg, stderr)
	if ok, err := parseData(fs, args, getenv); !ok {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprint(stderr, backupUsage)
		return errUsage
	}
	if cfg.DatabaseURL != "" {
		return errors.New("burg backup copies SQLite databases; for PostgreSQL use pg_dump (see docs/DEPLOY.md)")
	}
	if _, err := os.Stat(cfg.DB); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	store, err := sqlstore.Open(ctx, cfg.DB, sqlstore.Options{NoMigrate: true})
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	check, err := store.Backup(ctx, fs.Arg(0))
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "backed up %s to %s in %s: %d posts, %d comments, migration %04d, integrity ok\n",
		cfg.DB, fs.Arg(0), time.Since(start).Round(time.Millisecond), check.Posts, check.Comments, check.Migration)
	return nil
}

const restoreUsage = `Usage: burg restore [--db burg.db] FILE

Checks that FILE is a sound Burg SQLite database (PRAGMA integrity_check,
Burg's tables, a migration this Burg knows) and puts it in place of the
database, keeping the one it replaces beside it as
DB.before-restore-TIME. It refuses while a server uses the database:
stop the server first. Migrations newer than the backup are applied.
`

func runRestore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := defaultConfig()
	fs := dataFlags("burg restore", restoreUsage, &cfg, stderr)
	if ok, err := parseData(fs, args, getenv); !ok {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprint(stderr, restoreUsage)
		return errUsage
	}
	if cfg.DatabaseURL != "" {
		return errors.New("burg restore puts SQLite backups in place; for PostgreSQL use pg_restore (see docs/DEPLOY.md)")
	}
	from, to := fs.Arg(0), cfg.DB
	check, err := sqlstore.CheckFile(ctx, from)
	if err != nil {
		return userError(err)
	}
	if latest := sqlstore.LatestMigration(); check.Migration > latest {
		return fmt.Errorf("%s is at migration %04d, newer than this Burg knows (%04d): restore it with a newer burg", from, check.Migration, latest)
	}
	release, err := lockDatabase(to, true)
	if errors.Is(err, errLocked) {
		return fmt.Errorf("a server is using %s: stop it first, then restore", to)
	} else if err != nil {
		return err
	}
	defer release()
	kept := ""
	if _, err := os.Stat(to); err == nil {
		kept = to + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
		// The database, its write-ahead log and its index move together,
		// so that what they held stays readable as one.
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(to+suffix, kept+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("keep the old database: %w", err)
			}
		}
	}
	if err := copyFile(from, to); err != nil {
		return err
	}
	store, err := sqlstore.Open(ctx, to, sqlstore.Options{})
	if err != nil {
		return fmt.Errorf("open the restored database: %w", err)
	}
	store.Close()
	after, err := sqlstore.CheckFile(ctx, to)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "restored %s from %s: %d posts, %d comments, integrity ok\n", to, from, after.Posts, after.Comments)
	if kept != "" {
		fmt.Fprintf(stdout, "the database it replaced is kept as %s\n", kept)
	}
	return nil
}

// copyFile copies from to to through a temporary file, synced before it
// is renamed into place.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := to + ".part"
	out, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, to)
}

// fetcher is the posting desk's fetcher, for commands that fetch.
func fetcher(allowPrivate bool) *extract.Fetcher {
	return extract.New(extract.Config{AllowPrivate: allowPrivate})
}

func runImportFeed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := defaultConfig()
	fs := dataFlags("burg import feed", importUsage, &cfg, stderr)
	section := fs.String("section", "", "the section `slug` the posts go in (default: the first section)")
	poster := fs.String("poster", "", "the `nick` of the user the posts are by (default: a poster named after the feed)")
	fs.BoolVar(&cfg.AllowPrivateFetch, "allow-private-fetch", cfg.AllowPrivateFetch, "let the fetch reach loopback and private addresses (tests only)")
	if ok, err := parseData(fs, args, getenv); !ok {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprint(stderr, importUsage)
		return errUsage
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	st, err := openSite(ctx, cfg, app.Config{}, app.Deps{Fetcher: fetcher(cfg.AllowPrivateFetch)}, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer st.Close()
	src := fs.Arg(0)
	opt := app.FeedOptions{Section: *section, Poster: *poster}
	var in io.Reader
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		resp, err := st.app.FetchFeed(ctx, app.Operator, src)
		if err != nil {
			return userError(err)
		}
		in, opt.BaseURL = bytes.NewReader(resp.Body), resp.URL
	} else {
		f, err := openInput(src)
		if err != nil {
			return err
		}
		defer f.Close()
		in, opt.Name = f, filepath.Base(src)
	}
	sum, err := st.app.ImportFeed(ctx, app.Operator, in, opt)
	fmt.Fprintf(stdout, "%s (%s):\n", src, sum.Source)
	for _, line := range sum.Lines() {
		fmt.Fprintln(stdout, "  "+line)
	}
	if err != nil {
		return userError(err)
	}
	return nil
}
