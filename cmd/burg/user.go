package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	burg "github.com/burg-news/burg"
	nicks "github.com/burg-news/burg/internal/nick"
	"github.com/burg-news/burg/internal/password"
	"github.com/burg-news/burg/internal/sqlstore"
)

// runUser handles burg user SUBCOMMAND.
func runUser(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
			fmt.Fprint(stdout, "Usage: burg user add --nick NICK --role admin|moderator|poster [--colour #rrggbb] [--password-stdin]\n")
			return nil
		}
		fmt.Fprint(stderr, "Usage: burg user add --nick NICK --role admin|moderator|poster [--colour #rrggbb] [--password-stdin]\n")
		return errUsage
	}
	return runUserAdd(ctx, args[1:], getenv, stdin, stdout, stderr)
}

func runUserAdd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("burg user add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.dbFlags(fs)
	var nick, role, colour string
	var fromStdin bool
	fs.StringVar(&nick, "nick", "", "the user's `nick`")
	fs.StringVar(&role, "role", burg.RolePoster, "admin, moderator or poster")
	fs.StringVar(&colour, "colour", "", "moderator's colour `#rrggbb`")
	fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of standard input")
	if err := parseFlags(fs, args, getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	u := &burg.User{Nick: nick, Role: role, Colour: colour}
	if err := u.Validate(); err != nil {
		return errors.New(burg.ErrorMessage(err))
	}
	pw := ""
	if fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read password: %w", err)
		}
		pw = strings.TrimRight(line, "\r\n")
		if len([]rune(pw)) < 10 {
			return errors.New("the password must be at least 10 characters")
		}
	} else {
		pw = password.Generate(20)
	}
	hash, err := password.Hash(pw, password.Default)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	store, err := sqlstore.Open(ctx, cfg.dsn(), sqlstore.Options{Synchronous: cfg.Synchronous})
	if err != nil {
		return err
	}
	defer store.Close()
	users, err := store.FindUsers(ctx)
	if err != nil {
		return err
	}
	taken := make([]string, len(users))
	for i, other := range users {
		taken[i] = other.Nick
	}
	// A look-alike of another account's nick would pass for theirs.
	if owner, ok := nicks.NewReserved(taken...).Owner(u.Nick); ok {
		return fmt.Errorf("the nick %q is, or looks too much like, %s's", u.Nick, owner)
	}
	if err := store.CreateUser(ctx, u); err != nil {
		if burg.ErrorCode(err) != burg.EINTERNAL {
			return errors.New(burg.ErrorMessage(err))
		}
		return err
	}
	fmt.Fprintf(stdout, "added %s %s (id %d)\n", u.Role, u.Nick, u.ID)
	if !fromStdin {
		fmt.Fprintf(stdout, "password: %s\n", pw)
	}
	return nil
}
