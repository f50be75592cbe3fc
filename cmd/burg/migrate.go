package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/burg-news/burg/internal/sqlstore"
)

// runMigrate applies the migrations not yet applied and exits.
func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("burg migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.dbFlags(fs)
	if err := parseFlags(fs, args, getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	store, err := sqlstore.Open(ctx, cfg.dsn(), sqlstore.Options{Synchronous: cfg.Synchronous})
	if err != nil {
		return err
	}
	defer store.Close()
	fmt.Fprintf(stdout, "migrated %s database\n", store.Dialect())
	return nil
}
