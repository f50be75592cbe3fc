package main

import (
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/nick"
	"github.com/burg-news/burg/internal/sqlstore"
)

func TestBanCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bans.db")
	cli := func(args ...string) (string, error) {
		t.Helper()
		var out strings.Builder
		err := run(t.Context(), args, func(string) string { return "" }, nil, &out, io.Discard)
		return out.String(), err
	}
	for _, args := range [][]string{
		{"--nick", "Troll King", "--for", "72h", "--reason", "Trolling in #12."},
		{"--ip", "::ffff:203.0.113.9", "--for", "30d"},
		{"--net", "198.51.100.77/24", "--for", "forever"},
		{"--visitor", "abcdefghijklmnopqrstuv", "--for", "90m"},
	} {
		out, err := cli(append([]string{"ban", "add", "--db", db}, args...)...)
		if err != nil || !strings.HasPrefix(out, "banned ") {
			t.Fatalf("ban add %v: %v %q", args, err, out)
		}
	}
	s, err := sqlstore.Open(t.Context(), db, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	bans, err := s.FindBans(t.Context(), false)
	if err != nil || len(bans) != 4 {
		t.Fatalf("bans: %d, %v", len(bans), err)
	}
	now := time.Now()
	for _, c := range []struct {
		ban        *burg.Ban
		kind, v    string
		expires    time.Duration // 0: never
		wantReason string
	}{
		{bans[3], burg.BanNick, "Troll King", 72 * time.Hour, "Trolling in #12."},
		{bans[2], burg.BanIP, "203.0.113.9", 30 * 24 * time.Hour, ""},
		{bans[1], burg.BanNet, "198.51.100.0/24", 0, ""},
		{bans[0], burg.BanVisitor, "abcdefghijklmnopqrstuv", 90 * time.Minute, ""},
	} {
		b := c.ban
		if b.Kind != c.kind || b.Value != c.v || b.Reason != c.wantReason {
			t.Errorf("ban %d = %+v, want %s %q (%q)", b.ID, *b, c.kind, c.v, c.wantReason)
		}
		switch {
		case c.expires == 0 && b.ExpiresAt != nil:
			t.Errorf("ban %d expires at %v, want never", b.ID, b.ExpiresAt)
		case c.expires != 0 && (b.ExpiresAt == nil || b.ExpiresAt.Sub(now.Add(c.expires)).Abs() > time.Minute):
			t.Errorf("ban %d expires at %v, want in %v", b.ID, b.ExpiresAt, c.expires)
		}
	}
	// Nick bans match by the loose key: look-alikes such as TR0LL K1NG
	// are held too.
	if _, err := s.FindActiveBan(t.Context(), burg.Commenter{NickKey: nick.Canonical("TR0LL K1NG"), LooseKey: nick.Loose("TR0LL K1NG")}); err != nil {
		t.Errorf("the nick ban does not hold: %v", err)
	}

	out, err := cli("ban", "list", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Troll King", "Trolling in #12.", "203.0.113.9", "198.51.100.0/24", "never", "abcdefghijklmnopqrstuv"} {
		if !strings.Contains(out, want) {
			t.Errorf("ban list lacks %q:\n%s", want, out)
		}
	}
	// Flags may follow the IDs.
	if out, err := cli("ban", "remove", "1", "2", "--db", db); err != nil || !strings.Contains(out, "lifted ban 2") {
		t.Fatalf("ban remove: %v %q", err, out)
	}
	if out, _ := cli("ban", "list", "--db", db); strings.Contains(out, "Troll King") || !strings.Contains(out, "198.51.100.0/24") {
		t.Errorf("after removing bans 1 and 2:\n%s", out)
	}
	if _, err := cli("ban", "remove", "--db", db, "1"); err == nil || !strings.Contains(err.Error(), "no ban 1") {
		t.Errorf("removing a removed ban: %v", err)
	}

	for _, c := range []struct {
		name string
		args []string
	}{
		{"NoTarget", []string{"add", "--for", "1h"}},
		{"TwoTargets", []string{"add", "--nick", "A", "--ip", "192.0.2.1"}},
		{"BadDuration", []string{"add", "--nick", "A", "--for", "soon"}},
		{"ZeroDuration", []string{"add", "--nick", "A", "--for", "0s"}},
		{"BadAddress", []string{"add", "--ip", "192.0.2.300"}},
		{"BadNetwork", []string{"add", "--net", "192.0.2.0/40"}},
		{"AddressAsNetwork", []string{"add", "--net", "192.0.2.1"}},
		{"RemoveNothing", []string{"remove"}},
		{"RemoveNotANumber", []string{"remove", "x"}},
		{"UnknownSubcommand", []string{"frobnicate"}},
		{"NoSubcommand", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"ban"}, c.args...)
			if len(c.args) > 0 && c.args[0] != "frobnicate" {
				args = append(args, "--db", db)
			}
			if out, err := cli(args...); err == nil {
				t.Errorf("succeeded: %q", out)
			}
		})
	}
	if out, _ := cli("ban", "list", "--db", db); strings.Count(out, "\n") != 3 { // header and bans 3 and 4
		t.Errorf("failed commands changed the bans:\n%s", out)
	}
	for _, args := range [][]string{{"ban", "--help"}, {"ban", "add", "--help"}, {"ban", "list", "--help"}, {"ban", "remove", "--help"}} {
		if _, err := cli(args...); err != nil {
			t.Errorf("%v: %v", args, err)
		}
	}
	if out, _ := cli("help"); !strings.Contains(out, "burg ban add") || !strings.Contains(out, "burg migrate-data") {
		t.Errorf("help lacks the ban and migrate-data commands:\n%s", out)
	}
}

func TestMaskURL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"postgres://u:secret@h/db", "postgres://u:****@h/db"},
		{"postgres://u:secret@h:5432/db?sslmode=disable", "postgres://u:****@h:5432/db?sslmode=disable"},
		{"postgres://u@h/db?password=secret&sslmode=disable", "postgres://u@h/db?password=****&sslmode=disable"},
		{"postgres://h:5432/db?user=a@b", "postgres://h:5432/db?user=a@b"},
		{"postgres://u:p%40ss@h/db", "postgres://u:****@h/db"},
		{"sqlite:burg.db", "sqlite:burg.db"},
		{"", ""},
	} {
		if got := maskURL(c.in); got != c.want || strings.Contains(got, "secret") {
			t.Errorf("maskURL(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
