package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
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
	pw := ""
	if fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read password: %w", err)
		}
		if pw = strings.TrimRight(line, "\r\n"); pw == "" {
			return errors.New("no password on standard input")
		}
	}
	st, err := openSite(ctx, cfg, app.Config{}, app.Deps{}, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer st.Close()
	u, made, err := st.app.CreateUser(ctx, app.Operator, app.UserInput{Nick: nick, Role: role, Colour: colour, Password: pw})
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "added %s %s (id %d)\n", u.Role, u.Nick, u.ID)
	if made != "" {
		fmt.Fprintf(stdout, "password: %s\n", made)
	}
	return nil
}
