package translate

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/burg-news/burg"
)

// requireApertium skips the test when apertium or its Spanish–English pair
// is missing, except under CI=true, where it fails: CI installs them with
// .ci/install-apertium.sh.
func requireApertium(t *testing.T, a *Apertium, from, to string) {
	t.Helper()
	missing := func(what string) {
		t.Helper()
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s; CI must install it (.ci/install-apertium.sh)", what)
		}
		t.Skipf("skipping: %s (install it with .ci/install-apertium.sh)", what)
	}
	if !a.Installed() {
		missing("the apertium command is not installed")
	}
	if _, ok, err := a.Mode(t.Context(), from, to); err != nil {
		t.Fatal(err)
	} else if !ok {
		missing(fmt.Sprintf("apertium has no %s→%s pair installed", from, to))
	}
}

func TestApertiumSpanishToEnglish(t *testing.T) {
	a := NewApertium(ApertiumConfig{})
	requireApertium(t, a, "es", "en")

	pairs, err := a.Pairs(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !(Offer{Engine: a, Pairs: pairs}).Supports("es", "en") {
		t.Errorf("Pairs %v lacks es→en", pairs)
	}

	in := "El ayuntamiento de Zaragoza aprobó ayer el nuevo presupuesto municipal. " +
		"La oposición votó en contra y pidió más dinero para los barrios.\n\n" +
		"Según el alcalde, las obras del puente comenzarán en primavera y durarán dos años.\n\n" +
		"Los vecinos del barrio de Torrero celebraron la noticia."
	got, err := a.Translate(t.Context(), in, "es", "en")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("translation:\n%s", got)
	for _, word := range []string{"council", "approved", "yesterday", "municipal", "opposition", "bridge", "spring", "two years", "neighbours"} {
		if !strings.Contains(strings.ToLower(got), word) {
			t.Errorf("translation lacks %q", word)
		}
	}
	if got, want := strings.Count(got, "\n\n"), 2; got != want {
		t.Errorf("paragraph breaks: got %d, want %d", got, want)
	}
	if strings.HasSuffix(got, "\n") {
		t.Error("translation gained a trailing newline")
	}
	if strings.Contains(got, "*") {
		t.Errorf("translation has unknown-word marks: %q", got)
	}
}

func TestApertiumKeepsOddCharacters(t *testing.T) {
	a := NewApertium(ApertiumConfig{})
	requireApertium(t, a, "es", "en")

	in := "-d /etc ; $(rm -rf /) `uname` [corchetes] ^circunflejo$ @arroba #almohadilla \\barra"
	got, err := a.Translate(t.Context(), in, "es", "en")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"-d /", "$(rm -rf /)", "`uname`", "[", "]", "^", "@", "#", `\`} {
		if !strings.Contains(got, s) {
			t.Errorf("translation %q lost %q", got, s)
		}
	}
}

func TestPairModes(t *testing.T) {
	names := []string{
		"spa-eng_US", "spa-eng", "eng-spa", "eng-cat_valencia", "cat-eng", "oci_aran-cat",
		"nno-nob", "spa-eng-morph", "eng-spa-tagger", "*", "", "es-gl", "gl-es", "SPA-ENG", "spa-spa",
	}
	got := pairModes(names)
	want := map[Pair]string{
		{"es", "en"}: "spa-eng",
		{"en", "es"}: "eng-spa",
		{"en", "ca"}: "eng-cat_valencia",
		{"ca", "en"}: "cat-eng",
		{"oc", "ca"}: "oci_aran-cat",
		{"nn", "nb"}: "nno-nob",
		{"es", "gl"}: "es-gl",
		{"gl", "es"}: "gl-es",
	}
	if len(got) != len(want) {
		t.Errorf("got %d pairs %v, want %d %v", len(got), got, len(want), want)
	}
	for p, mode := range want {
		if got[p] != mode {
			t.Errorf("pair %v: got mode %q, want %q", p, got[p], mode)
		}
	}
}

func TestApertiumMissing(t *testing.T) {
	a := NewApertium(ApertiumConfig{Command: filepath.Join(t.TempDir(), "no-apertium-here")})
	pairs, err := a.Pairs(t.Context())
	if err != nil || len(pairs) != 0 {
		t.Errorf("Pairs: got %v, %v; want none, nil", pairs, err)
	}
	_, err = a.Translate(t.Context(), "Hola", "es", "en")
	if got, want := burg.ErrorMessage(err), "Apertium is not installed on this server."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	offers, err := Available(t.Context(), a)
	if err != nil || len(offers) != 0 {
		t.Errorf("Available: got %v, %v; want none", offers, err)
	}
}

// fakeApertium writes a stand-in apertium script: "-l" lists two modes;
// otherwise it logs its arguments and upper-cases standard input, or
// misbehaves when the input asks it to.
func fakeApertium(t *testing.T) (cmd, argLog string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in apertium is a shell script")
	}
	dir := t.TempDir()
	cmd = filepath.Join(dir, "apertium")
	argLog = filepath.Join(dir, "args")
	script := `#!/bin/sh
for a in "$@"; do [ "$a" = "-l" ] && { printf '  spa-eng\n  eng-spa\n'; exit 0; }; done
printf '%s\n' "$@" > '` + argLog + `'
input=$(cat)
case "$input" in
  *SLOW*) sleep 30 | cat; exit 0 ;;
  *HUGE*) yes 'a long line of output' | head -c 200000; exit 0 ;;
  *FAIL*) echo 'Error: Mode spa-eng does not exist.' >&2; exit 1 ;;
esac
printf '%s' "$input" | tr '[:lower:]' '[:upper:]'
`
	if err := os.WriteFile(cmd, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	return cmd, argLog
}

func TestApertiumCommand(t *testing.T) {
	cmd, argLog := fakeApertium(t)

	t.Run("TextOnStdinOnly", func(t *testing.T) {
		a := NewApertium(ApertiumConfig{Command: cmd, DataDir: "/srv/apertium"})
		in := "-l; $(touch /tmp/x) línea uno\n\nlínea dos"
		got, err := a.Translate(t.Context(), in, "es", "en")
		if err != nil {
			t.Fatal(err)
		}
		if want := "-L; $(TOUCH /TMP/X) LíNEA UNO\n\nLíNEA DOS"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
		args, err := os.ReadFile(argLog)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := string(args), "-d\n/srv/apertium\n-u\n-f\ntxt\nspa-eng\n"; got != want {
			t.Errorf("arguments: got %q, want %q", got, want)
		}
	})
	t.Run("NoSuchPair", func(t *testing.T) {
		a := NewApertium(ApertiumConfig{Command: cmd})
		_, err := a.Translate(t.Context(), "Привет", "ru", "en")
		if got, want := burg.ErrorMessage(err), "Apertium on this server cannot translate from ru to en."; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("Timeout", func(t *testing.T) {
		a := NewApertium(ApertiumConfig{Command: cmd, Timeout: 300 * time.Millisecond})
		start := time.Now()
		_, err := a.Translate(t.Context(), "SLOW", "es", "en")
		if got, want := burg.ErrorMessage(err), "Apertium took too long to translate this text."; got != want {
			t.Errorf("got %q, want %q (%v)", got, want, err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("took %v: the pipeline outlived the timeout", d)
		}
	})
	t.Run("OutputTooLong", func(t *testing.T) {
		a := NewApertium(ApertiumConfig{Command: cmd, MaxOutput: 1000})
		_, err := a.Translate(t.Context(), "HUGE", "es", "en")
		if got, want := burg.ErrorMessage(err), "The translation came out too long to use."; got != want {
			t.Errorf("got %q, want %q (%v)", got, want, err)
		}
	})
	t.Run("InputTooLong", func(t *testing.T) {
		a := NewApertium(ApertiumConfig{Command: cmd, MaxInput: 10})
		_, err := a.Translate(t.Context(), "una frase demasiado larga", "es", "en")
		if got := burg.ErrorCode(err); got != burg.EINVALID {
			t.Errorf("code: got %q, want %q (%v)", got, burg.EINVALID, err)
		}
	})
	t.Run("CommandFails", func(t *testing.T) {
		a := NewApertium(ApertiumConfig{Command: cmd})
		_, err := a.Translate(t.Context(), "FAIL", "es", "en")
		if got := burg.ErrorCode(err); got != burg.EINTERNAL {
			t.Errorf("code: got %q, want %q (%v)", got, burg.EINTERNAL, err)
		}
		if !strings.Contains(fmt.Sprint(err), "does not exist") {
			t.Errorf("error %v lost apertium's message", err)
		}
	})
	t.Run("EmptyAndSameLanguage", func(t *testing.T) {
		a := NewApertium(ApertiumConfig{Command: cmd})
		for _, c := range []struct{ text, from, to string }{{"  \n", "es", "en"}, {"hola", "es", "es-ES"}} {
			got, err := a.Translate(t.Context(), c.text, c.from, c.to)
			if err != nil || got != c.text {
				t.Errorf("Translate(%q, %s, %s): got %q, %v; want the text back", c.text, c.from, c.to, got, err)
			}
		}
	})
}
