package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A binary built from this checkout names the version given at link time,
// the documented override, and the commit it was built from when Go can
// stamp it (a clone, not a git worktree, whose .git Go does not read).
func TestBuiltBinaryVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds burg; skipped with -short")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "burg")
	args := []string{"build", "-buildvcs=true", "-o", bin, "-ldflags", "-X main.version=v9.8.7-test"}
	if raceEnabled {
		args = append(args, "-race") // the packages are compiled so already
	}
	build := exec.CommandContext(t.Context(), gobin, append(args, ".")...)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.CommandContext(t.Context(), bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	got, want := string(out), "burg v9.8.7-test"
	if fi, err := os.Stat(filepath.Join(strings.TrimSpace(string(top)), ".git")); err == nil && fi.IsDir() {
		want += " (commit " + strings.TrimSpace(string(head))
	} else {
		t.Log("a git worktree: Go does not stamp the commit here")
	}
	if !strings.HasPrefix(got, want) {
		t.Errorf("burg version printed %q, want it to start %q", got, want)
	}
}
