package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// TestMain lets the test binary be burg itself, so that tests can run
// burg as processes of its own: with BURG_TEST_AS_BURG=1 it runs main.
func TestMain(m *testing.M) {
	if os.Getenv("BURG_TEST_AS_BURG") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// burgCommand is burg, run as a process of its own with args.
func burgCommand(t *testing.T, ctx context.Context, args ...string) *exec.Cmd {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Env = append(os.Environ(), "BURG_TEST_AS_BURG=1")
	return cmd
}

var listeningRE = regexp.MustCompile(`url=(http://\S+)`)

// startBurg starts burg serve as a process and returns its address once
// it listens.
func startBurg(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := burgCommand(t, ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--log-format", "text"}, args...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			cancel()
			<-done
		}
		cancel()
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listeningRE.FindStringSubmatch(sc.Text()); m != nil && strings.Contains(sc.Text(), "listening") {
				found <- m[1]
				break
			}
		}
		io.Copy(io.Discard, out)
	}()
	select {
	case u := <-found:
		return u
	case <-time.After(serverStartTimeout):
		t.Fatal("burg serve did not start listening within a minute")
		return ""
	}
}

// A write from another process on the SQLite file (burg user add) reaches
// the running server's cached pages without a restart: the new moderator
// is in the front page's Moderators box.
func TestOtherProcessWritesReachServer(t *testing.T) {
	db := filepath.Join(t.TempDir(), "burg.db")
	base := startBurg(t, "--db", db, "--demo")
	moderators := func() string {
		t.Helper()
		resp, err := http.Get(base + "/")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		d, err := goquery.NewDocumentFromReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return d.Find(".burg-moderators").Text()
	}
	if strings.Contains(moderators(), "Quillon Marsh") {
		t.Fatal("the new moderator is there before being added")
	}
	// Twice, so that the page is in the server's cache.
	moderators()
	cmd := burgCommand(t, t.Context(), "user", "add", "--db", db, "--nick", "Quillon Marsh", "--role", "moderator", "--colour", "#225588")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("burg user add: %v\n%s", err, out)
	}
	added := time.Now()
	for !strings.Contains(moderators(), "Quillon Marsh") {
		if time.Since(added) > 30*time.Second {
			t.Fatal("the moderator added by another process is not in the Moderators box after 30s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("the moderator added by another process showed %v after burg user add returned", time.Since(added).Round(time.Millisecond))
}
