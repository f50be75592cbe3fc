package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/demo"
	"github.com/burg-news/burg/internal/sqlstore"
)

// Batch sizes of the load: big transactions, so that commits (and on
// SQLite the checkpoints that follow them) are few, but not so big that
// a batch's rows crowd memory.
const (
	postBatch    = 5_000
	commentBatch = 50_000
)

// genStats is what gen wrote.
type genStats struct {
	Posts, Comments int
	Generate, Store time.Duration // time spent writing text and storing it
	Total           time.Duration
}

// runGen is burgbench gen: it fills an empty database with a synthetic
// archive.
func runGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("burgbench gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "", "SQLite database `file` to fill (created if missing)")
	dbURL := fs.String("database-url", "", "PostgreSQL `URL` to fill instead")
	scaleName := fs.String("scale", "tiny", "archive size: tiny, demo, small or full")
	seed := fs.Uint64("seed", 1, "the archive follows from the seed and the day")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the load to `file`")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: burgbench gen (--db FILE | --database-url URL) [--scale tiny|demo|small|full] [--seed N]\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	dsn, err := pickDSN(*db, *dbURL)
	if err != nil {
		fmt.Fprintln(stderr, "burgbench gen:", err)
		return errUsage
	}
	sc, err := findScale(*scaleName)
	if err != nil {
		return err
	}
	// An SQLite file is written without a journal or syncing: if gen
	// fails, the file is to be deleted and made again.
	store, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Loading: true})
	if err != nil {
		return err
	}
	defer store.Close()
	fmt.Fprintf(stdout, "generating %s: %s\n", sc.Name, sc.describe())
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	st, err := generate(ctx, store, sc, *seed, time.Now(), stderr)
	if err != nil {
		if *db != "" {
			return fmt.Errorf("%w (delete %s before trying again)", err, *db)
		}
		return err
	}
	fmt.Fprintf(stdout, "wrote %d posts and %d comments in %s (text %s, store %s)\n",
		st.Posts, st.Comments, st.Total.Round(time.Millisecond), st.Generate.Round(time.Millisecond), st.Store.Round(time.Millisecond))
	return nil
}

// startCPUProfile profiles the process into file until stop is called.
func startCPUProfile(file string) (stop func(), err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// pickDSN returns the one database named.
func pickDSN(db, dbURL string) (string, error) {
	switch {
	case db != "" && dbURL != "":
		return "", errors.New("give --db or --database-url, not both")
	case dbURL != "":
		if !sqlstore.IsPostgres(dbURL) {
			return "", fmt.Errorf("--database-url must start with postgres:// or postgresql://")
		}
		return dbURL, nil
	case db != "":
		return db, nil
	}
	return "", errors.New("give --db FILE or --database-url URL")
}

// generate writes the archive of sc ending at now into an empty store,
// showing progress on w.
func generate(ctx context.Context, store *sqlstore.Store, sc scale, seed uint64, now time.Time, w io.Writer) (genStats, error) {
	var st genStats
	start := time.Now()
	empty, err := demo.Empty(ctx, store)
	if err != nil {
		return st, err
	}
	if !empty {
		return st, errors.New("the database has content already: gen fills an empty one")
	}
	s := newSynth(sc, seed, now)
	if err := storePlaces(ctx, store, s); err != nil {
		return st, err
	}
	bar := newProgress(w, "posts and comments", int64(sc.Posts+sc.Comments))
	err = store.BulkLoad(ctx, func(ctx context.Context) error {
		return fill(ctx, store, s, bar, &st)
	})
	if err != nil {
		return st, err
	}
	bar.finish()
	st.Total = time.Since(start)
	return st, nil
}

// batch is what fill's generator hands its writer: the posts of some
// days, and the comments written by the end of them.
type batch struct {
	posts    []*burg.Post
	comments []dueComment
	took     time.Duration // to generate
}

// fill stores the posts and comments of s in big batches, comments in
// the order they were written. Text is generated on one goroutine while
// the batch before is stored on another.
func fill(ctx context.Context, store *sqlstore.Store, s *synth, bar *progress, st *genStats) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan batch, 2)
	go func() {
		defer close(batches)
		for !s.done() && ctx.Err() == nil {
			var b batch
			t := time.Now()
			for len(b.posts) < postBatch && !s.done() {
				b.posts = append(b.posts, s.next()...)
			}
			// Every comment before the end of the days generated so far
			// is drawn by now.
			b.comments = s.due(s.dayEnd(), nil)
			b.took = time.Since(t)
			select {
			case batches <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	var comments []*burg.Comment
	storeComments := func(all bool) error {
		for len(comments) >= commentBatch || (all && len(comments) > 0) {
			n := min(len(comments), commentBatch)
			t := time.Now()
			if err := store.CreateComments(ctx, comments[:n]); err != nil {
				return fmt.Errorf("store comments: %w", err)
			}
			st.Store += time.Since(t)
			st.Comments += n
			bar.add(n)
			clear(comments[:n])
			comments = append(comments[:0], comments[n:]...)
		}
		return nil
	}
	for b := range batches {
		st.Generate += b.took
		t := time.Now()
		if err := store.CreatePosts(ctx, b.posts); err != nil {
			return fmt.Errorf("store posts: %w", err)
		}
		st.Store += time.Since(t)
		st.Posts += len(b.posts)
		bar.add(len(b.posts))
		for _, d := range b.comments {
			d.c.PostID = d.post.ID
			comments = append(comments, d.c)
		}
		if err := storeComments(false); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return storeComments(true)
}

// storePlaces stores the pages, sections, tags and users of the archive.
func storePlaces(ctx context.Context, store *sqlstore.Store, s *synth) error {
	for _, p := range s.Pages {
		if err := store.CreatePage(ctx, p); err != nil {
			return fmt.Errorf("create page %q: %w", p.Name, err)
		}
	}
	for _, sec := range s.Sections {
		sec.PageID = sec.Page.ID
		if err := store.CreateSection(ctx, sec); err != nil {
			return fmt.Errorf("create section %q: %w", sec.Name, err)
		}
	}
	for _, t := range s.Tags {
		if err := store.CreateTag(ctx, t); err != nil {
			return fmt.Errorf("create tag %q: %w", t.Name, err)
		}
	}
	for _, u := range s.Users {
		if err := store.CreateUser(ctx, u); err != nil {
			return fmt.Errorf("create user %q: %w", u.Nick, err)
		}
	}
	return nil
}
