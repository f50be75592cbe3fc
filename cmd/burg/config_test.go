package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

// helpText is what burg help prints.
func helpText(t *testing.T) string {
	t.Helper()
	var out strings.Builder
	if err := run(t.Context(), []string{"help"}, func(string) string { return "" }, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// burg help documents every setting: its flag, its environment variable
// and its default, from the flag set itself.
func TestHelpDocumentsEverySetting(t *testing.T) {
	help := helpText(t)
	n := 0
	settingsFlags().VisitAll(func(f *flag.Flag) {
		n++
		i := strings.Index(help, "\n  --"+f.Name+" ")
		if i < 0 {
			t.Errorf("help lacks --%s", f.Name)
			return
		}
		entry := help[i+1:]
		if j := strings.Index(entry[2:], "\n  --"); j >= 0 {
			entry = entry[:j+2]
		}
		if !strings.Contains(entry, envName(f.Name)) {
			t.Errorf("help of --%s lacks %s:\n%s", f.Name, envName(f.Name), entry)
		}
		if !strings.Contains(entry, "default: ") {
			t.Errorf("help of --%s has no default:\n%s", f.Name, entry)
		}
		if f.DefValue != "" && f.DefValue != "false" && defaultNote(f.Name) == "" && !strings.Contains(entry, "default: "+f.DefValue) {
			t.Errorf("help of --%s does not give the default %q:\n%s", f.Name, f.DefValue, entry)
		}
	})
	if n < 20 {
		t.Errorf("only %d settings", n)
	}
}

// Every flag of every command is named in burg help: the commands' own
// flags (from their --help, which the flag package writes) in the usage
// lines, the settings in the generated part.
func TestHelpNamesEveryFlag(t *testing.T) {
	help := helpText(t)
	flagLine := regexp.MustCompile(`(?m)^  -([a-z][a-z0-9-]*)`)
	for _, args := range [][]string{
		{"serve"}, {"migrate"}, {"user", "add"}, {"ban", "add"}, {"ban", "list"}, {"ban", "remove"},
		{"migrate-data"}, {"healthcheck"},
	} {
		var errOut strings.Builder
		if err := run(t.Context(), append(args, "--help"), func(string) string { return "" }, nil, io.Discard, &errOut); err != nil {
			t.Errorf("%v --help: %v", args, err)
		}
		flags := flagLine.FindAllStringSubmatch(errOut.String(), -1)
		if len(flags) == 0 {
			t.Errorf("%v --help lists no flags:\n%s", args, errOut.String())
		}
		for _, m := range flags {
			if !regexp.MustCompile(`--` + regexp.QuoteMeta(m[1]) + `\b`).MatchString(help) {
				t.Errorf("burg help does not name --%s of burg %s", m[1], strings.Join(args, " "))
			}
		}
	}
}

// printConfig runs burg serve --print-config and returns the settings it
// prints, by name.
func printConfig(t *testing.T, args []string, env map[string]string) map[string]string {
	t.Helper()
	var out, errOut strings.Builder
	err := run(t.Context(), append([]string{"serve", "--print-config"}, args...), func(k string) string { return env[k] }, nil, &out, &errOut)
	if err != nil {
		t.Fatalf("print-config: %v\n%s", err, errOut.String())
	}
	got := map[string]string{}
	for line := range strings.Lines(out.String()) {
		name, value, _ := strings.Cut(strings.TrimRight(line, "\n"), " ")
		got[name] = strings.TrimSpace(value)
	}
	return got
}

// writeFile writes a file in a temporary directory and returns its path.
func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Settings come from the defaults, the config file, the environment and
// the flags, each winning over the one before.
func TestConfigPrecedence(t *testing.T) {
	file := writeFile(t, "burg.toml", `# Burg's settings
site-name = "From the file"
timezone = "Europe/Berlin"
addr = "127.0.0.1:8181"
views-flush = "2s"
demo = true
trusted-proxies = ["10.0.0.10", "10.0.0.0/24"]
comments-close = "72h"
`)
	env := map[string]string{"BURG_SITE_NAME": "From the environment", "BURG_TIMEZONE": "Asia/Tokyo", "BURG_CONFIG": file}
	for _, c := range []struct {
		name string
		args []string
		env  map[string]string
		want map[string]string
	}{
		{"Defaults", nil, nil, map[string]string{"site-name": "Burg", "timezone": "UTC", "addr": "127.0.0.1:8080",
			"views-flush": "5s", "demo": "false", "log-format": "auto", "base-url": ""}},
		{"File", []string{"--config", file}, nil, map[string]string{"site-name": "From the file", "timezone": "Europe/Berlin",
			"addr": "127.0.0.1:8181", "views-flush": "2s", "demo": "true", "trusted-proxies": "10.0.0.10,10.0.0.0/24",
			"comments-close": "72h0m0s", "config": file}},
		{"EnvOverFile", nil, env, map[string]string{"site-name": "From the environment", "timezone": "Asia/Tokyo",
			"addr": "127.0.0.1:8181", "config": file}},
		{"FlagsOverEnv", []string{"--site-name", "From the flag", "--addr", "127.0.0.1:8282"}, env,
			map[string]string{"site-name": "From the flag", "timezone": "Asia/Tokyo", "addr": "127.0.0.1:8282", "views-flush": "2s"}},
		{"FlagNamesAnotherFile", []string{"--config", writeFile(t, "other.toml", `site-name = "Other"`)}, env,
			map[string]string{"site-name": "From the environment", "timezone": "Asia/Tokyo", "addr": "127.0.0.1:8080"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := printConfig(t, c.args, c.env)
			for k, want := range c.want {
				if got[k] != want {
					t.Errorf("%s = %q, want %q", k, got[k], want)
				}
			}
		})
	}
}

// print-config prints every setting, secrets masked.
func TestPrintConfigShowsEverySetting(t *testing.T) {
	got := printConfig(t, []string{"--libretranslate-key", "sesame", "--database-url", "postgres://burg:hunter2@db/burg"}, nil)
	settingsFlags().VisitAll(func(f *flag.Flag) {
		if _, ok := got[f.Name]; !ok && f.Name != "print-config" {
			t.Errorf("print-config lacks %s", f.Name)
		}
	})
	if got["libretranslate-key"] != "****" || got["database-url"] != "postgres://burg:****@db/burg" {
		t.Errorf("secrets: key %q, url %q", got["libretranslate-key"], got["database-url"])
	}
}

// A config file with a mistake stops the command with a message naming
// the file and what is wrong.
func TestConfigFileErrors(t *testing.T) {
	for _, c := range []struct {
		name, text, want string
	}{
		{"UnknownKey", "adress = \"127.0.0.1:80\"\n", `"adress" is not a setting`},
		{"CommandFlag", "nick = \"Gorse\"\n", `"nick" is not a setting`},
		{"Table", "[serve]\naddr = \"127.0.0.1:80\"\n", `"serve" is not a setting`},
		{"BadValue", "views-flush = \"soon\"\n", "views-flush"},
		{"WrongType", "comments-close = 1979-05-27T07:32:00Z\n", "comments-close"},
		{"Syntax", "addr = \"127.0.0.1:80\nsite-name = 3\n", "line 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := writeFile(t, "burg.toml", c.text)
			var errOut strings.Builder
			err := run(t.Context(), []string{"serve", "--print-config", "--config", path}, func(string) string { return "" }, nil, io.Discard, &errOut)
			if err == nil {
				t.Fatal("accepted")
			}
			if msg := errOut.String(); !strings.Contains(msg, c.want) || !strings.Contains(msg, path) {
				t.Errorf("message %q, want it to name %s and say %q", msg, path, c.want)
			}
		})
	}
	var errOut strings.Builder
	err := run(t.Context(), []string{"serve", "--config", filepath.Join(t.TempDir(), "missing.toml")}, func(string) string { return "" }, nil, io.Discard, &errOut)
	if err == nil || !strings.Contains(errOut.String(), "missing.toml") {
		t.Errorf("a missing file: %v %q", err, errOut.String())
	}
}

// The data commands read the database settings from the same file as
// serve and leave the serving ones alone.
func TestConfigFileForDataCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "from-file.db")
	file := writeFile(t, "burg.toml", "db = \""+db+"\"\naddr = \"0.0.0.0:80\"\nsite-name = \"Unused here\"\n")
	var out strings.Builder
	if err := run(t.Context(), []string{"migrate", "--config", file}, func(string) string { return "" }, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("burg migrate did not use the file's db: %v", err)
	}
}

// burg version and burg --version print the version and commit.
func TestVersionCommand(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		var out strings.Builder
		if err := run(t.Context(), args, func(string) string { return "" }, nil, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`^burg \S+( \(commit [0-9a-f]+.*\))?, go1\.\S+ \S+/\S+\n$`).MatchString(out.String()) {
			t.Errorf("%v printed %q", args, out.String())
		}
	}
}

// The version comes from the link-time override, else the module
// version, else "devel"; the commit from the override, else the VCS stamp.
func TestMakeBuildInfo(t *testing.T) {
	stamped := &debug.BuildInfo{Main: debug.Module{Path: "github.com/burg-news/burg", Version: "v1.4.0"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123abcd"}, {Key: "vcs.time", Value: "2026-03-14T12:00:00Z"},
			{Key: "vcs.modified", Value: "true"}}}
	devel := &debug.BuildInfo{Main: debug.Module{Path: "github.com/burg-news/burg", Version: "(devel)"}}
	for _, c := range []struct {
		name            string
		version, commit string
		bi              *debug.BuildInfo
		want            string
	}{
		{"Stamped", "", "", stamped, "burg v1.4.0 (commit 0123abcd, 2026-03-14T12:00:00Z, modified), "},
		{"Override", "v2.0.0-rc1", "feedface", stamped, "burg v2.0.0-rc1 (commit feedface, 2026-03-14T12:00:00Z, modified), "},
		{"Devel", "", "", devel, "burg devel, "},
		{"NoBuildInfo", "", "", nil, "burg devel, "},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := makeBuildInfo(c.version, c.commit, c.bi).String(); !strings.HasPrefix(got, c.want) {
				t.Errorf("got %q, want it to start %q", got, c.want)
			}
		})
	}
}
