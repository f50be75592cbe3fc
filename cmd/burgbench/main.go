// Command burgbench measures Burg under load. "burgbench gen" fills a
// database with a synthetic archive of any size, up to twenty years of a
// busy site; "burgbench run" serves it with the real burg binary and
// drives it with a closed-loop load generator, next to a bare reference
// server that writes the same bytes, and reports throughput and latency
// of each kind of page.
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
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "burgbench:", err)
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

// run is burgbench's whole program, with its inputs explicit for tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "gen":
		return runGen(ctx, args[1:], stdout, stderr)
	case "run":
		return runRun(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "burgbench: unknown command %q\n\n%s", args[0], usage)
		return errUsage
	}
}

const usage = `burgbench: load tests for Burg.

Usage:
  burgbench gen (--db FILE | --database-url URL) [--scale tiny|demo|small|full] [--seed N]
                  fill an empty database with a synthetic archive
  burgbench run (--db FILE | --database-url URL | --url URL) [--duration 10s] [--connections 64] [--markdown FILE]
                  serve it with burg serve (or measure a server at URL) and
                  measure each kind of page, next to a reference server
                  that sends the same bytes
  burgbench help  show this help

Every command takes --help.
`
