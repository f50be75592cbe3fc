package translate

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/burg-news/burg"
)

// Defaults for the zero values of ApertiumConfig.
const (
	DefaultApertiumCommand  = "apertium"
	DefaultApertiumModesDir = "/usr/share/apertium/modes"
	DefaultApertiumTimeout  = 30 * time.Second
	DefaultMaxInput         = 50_000
	DefaultMaxOutput        = 1 << 20
)

// pairsTTL is how long a list of installed pairs is trusted; a pair
// installed while Burg runs shows up after this long.
const pairsTTL = time.Minute

// ApertiumConfig sets up the Apertium engine. The zero value runs
// "apertium" from PATH with the default limits.
type ApertiumConfig struct {
	// Command is the apertium program, a name looked up in PATH or a
	// path. Default "apertium".
	Command string
	// DataDir, when set, is passed as "-d DataDir" (the directory that
	// holds modes/). Empty uses apertium's own default.
	DataDir string
	// Timeout bounds one translation, and one listing of pairs.
	// Default 30s.
	Timeout time.Duration
	// MaxInput is the longest text accepted, in bytes. Default 50 000.
	MaxInput int
	// MaxOutput is the longest translation accepted, in bytes.
	// Default 1 MB.
	MaxOutput int
}

// Apertium translates with a locally installed Apertium
// (https://www.apertium.org/), one run of the apertium command per text,
// the text on standard input. It is safe for concurrent use.
//
// Pairs come from "apertium -l" (falling back to the *.mode files of the
// modes directory) and are mapped to ISO 639-1 codes: the mode "spa-eng"
// is Pair{"es", "en"}. When the command is not installed, Pairs reports
// none and Translate refuses; nothing fails at construction.
type Apertium struct {
	cfg ApertiumConfig

	mu      sync.Mutex
	modes   map[Pair]string
	listed  time.Time
	listErr error
}

// NewApertium returns an Apertium engine with cfg's settings, defaults
// filled in.
func NewApertium(cfg ApertiumConfig) *Apertium {
	if cfg.Command == "" {
		cfg.Command = DefaultApertiumCommand
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultApertiumTimeout
	}
	if cfg.MaxInput <= 0 {
		cfg.MaxInput = DefaultMaxInput
	}
	if cfg.MaxOutput <= 0 {
		cfg.MaxOutput = DefaultMaxOutput
	}
	return &Apertium{cfg: cfg}
}

// Name returns "Apertium".
func (a *Apertium) Name() string { return "Apertium" }

// Installed reports whether the apertium command can be found.
func (a *Apertium) Installed() bool {
	_, err := exec.LookPath(a.cfg.Command)
	return err == nil
}

// Pairs lists the installed translation directions, sorted. It returns
// none, and no error, when apertium is not installed.
func (a *Apertium) Pairs(ctx context.Context) ([]Pair, error) {
	modes, err := a.listModes(ctx)
	if err != nil {
		return nil, err
	}
	pairs := make([]Pair, 0, len(modes))
	for p := range modes {
		pairs = append(pairs, p)
	}
	slices.SortFunc(pairs, func(x, y Pair) int {
		return strings.Compare(x.From+" "+x.To, y.From+" "+y.To)
	})
	return pairs, nil
}

// Mode returns the apertium mode that translates from one language to
// another ("spa-eng" for "es" to "en"), and whether one is installed.
func (a *Apertium) Mode(ctx context.Context, from, to string) (string, bool, error) {
	modes, err := a.listModes(ctx)
	if err != nil {
		return "", false, err
	}
	m, ok := modes[Pair{baseCode(from), baseCode(to)}]
	return m, ok, nil
}

func (a *Apertium) listModes(ctx context.Context) (map[Pair]string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.listed.IsZero() && time.Since(a.listed) < pairsTTL {
		return a.modes, a.listErr
	}
	names, err := a.modeNames(ctx)
	if err != nil && ctx.Err() != nil {
		// The caller gave up; don't remember that as the answer.
		return nil, err
	}
	a.modes, a.listErr, a.listed = pairModes(names), err, time.Now()
	return a.modes, a.listErr
}

// modeNames lists installed modes with "apertium -l", or from the modes
// directory when that fails. A missing command means no modes.
func (a *Apertium) modeNames(ctx context.Context) ([]string, error) {
	path, err := exec.LookPath(a.cfg.Command)
	if err != nil {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(ctx, a.cfg.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, a.args("-l")...)
	prepare(cmd)
	out := &capped{max: 64 << 10}
	cmd.Stdout = out
	if err := cmd.Run(); err == nil {
		return strings.Fields(out.String()), nil
	} else if ctx.Err() != nil {
		return nil, fmt.Errorf("apertium -l: %w", ctx.Err())
	}
	dir := DefaultApertiumModesDir
	if a.cfg.DataDir != "" {
		dir = filepath.Join(a.cfg.DataDir, "modes")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.mode"))
	if err != nil {
		return nil, fmt.Errorf("apertium modes: %w", err)
	}
	names := make([]string, 0, len(files))
	for _, f := range files {
		names = append(names, strings.TrimSuffix(filepath.Base(f), ".mode"))
	}
	return names, nil
}

// modeName matches a translation mode: two language codes, each with an
// optional variant ("spa-eng", "spa-eng_US", "oci_aran-cat"). Other modes
// (analysers, taggers, debugging modes) have more parts and are skipped.
var modeName = regexp.MustCompile(`^([a-z]{2,3})(_[A-Za-z]+)?-([a-z]{2,3})(_[A-Za-z]+)?$`)

// pairModes maps pairs to the mode that serves them. A plain mode
// ("spa-eng") wins over a variant ("spa-eng_US"); among variants, the
// first in sorted order.
func pairModes(names []string) map[Pair]string {
	names = slices.Clone(names)
	slices.Sort(names)
	modes := make(map[Pair]string)
	plain := make(map[Pair]bool)
	for _, name := range names {
		m := modeName.FindStringSubmatch(name)
		if m == nil {
			continue
		}
		p := Pair{baseCode(m[1]), baseCode(m[3])}
		if p.From == "" || p.To == "" || p.From == p.To {
			continue
		}
		isPlain := m[2] == "" && m[4] == ""
		if _, seen := modes[p]; !seen || isPlain && !plain[p] {
			modes[p] = name
			plain[p] = isPlain
		}
	}
	return modes
}

func (a *Apertium) args(rest ...string) []string {
	var args []string
	if a.cfg.DataDir != "" {
		args = append(args, "-d", a.cfg.DataDir)
	}
	return append(args, rest...)
}

// Translate translates text with the installed mode for from→to. The text
// goes to apertium on standard input, never on the command line; unknown
// words are left as they are, without apertium's "*" mark.
func (a *Apertium) Translate(ctx context.Context, text, from, to string) (string, error) {
	if strings.TrimSpace(text) == "" {
		return text, nil
	}
	if len(text) > a.cfg.MaxInput {
		return "", burg.Errorf(burg.EINVALID, "The text is too long to translate at once (at most %d characters); translate it in parts.", a.cfg.MaxInput)
	}
	if !a.Installed() {
		return "", burg.Errorf(burg.EINVALID, "Apertium is not installed on this server.")
	}
	src, dst := baseCode(from), baseCode(to)
	if src == "" || dst == "" {
		return "", burg.Errorf(burg.EINVALID, "Choose the languages to translate from and to.")
	}
	if src == dst {
		return text, nil
	}
	mode, ok, err := a.Mode(ctx, src, dst)
	if err != nil {
		return "", fmt.Errorf("apertium translate: %w", err)
	}
	if !ok {
		return "", burg.Errorf(burg.EINVALID, "Apertium on this server cannot translate from %s to %s.", src, dst)
	}

	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, a.cfg.Timeout)
	defer cancel()
	// "-u": no "*" before unknown words; "-f txt": plain text, which
	// keeps line breaks and blank lines as they are.
	cmd := exec.CommandContext(ctx, a.cfg.Command, a.args("-u", "-f", "txt", mode)...)
	prepare(cmd)
	cmd.Stdin = strings.NewReader(text)
	stdout := &capped{max: a.cfg.MaxOutput}
	stderr := &capped{max: 4 << 10}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	err = cmd.Run()
	switch {
	case parent.Err() != nil:
		return "", fmt.Errorf("apertium %s: %w", mode, parent.Err())
	case ctx.Err() != nil:
		return "", fmt.Errorf("apertium %s: %w: %w", mode, burg.Errorf(burg.EINVALID, "Apertium took too long to translate this text."), ctx.Err())
	case err != nil:
		return "", fmt.Errorf("apertium %s: %w: %s", mode, err, strings.TrimSpace(stderr.String()))
	case stdout.over:
		return "", burg.Errorf(burg.EINVALID, "The translation came out too long to use.")
	}
	out := stdout.String()
	if !strings.HasSuffix(text, "\n") {
		out = strings.TrimRight(out, "\n")
	}
	return out, nil
}

// capped is an io.Writer that keeps the first max bytes and notes whether
// more came. It never fails a write, so a chatty child is not blocked on
// a full pipe.
type capped struct {
	max  int
	buf  bytes.Buffer
	over bool
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - c.buf.Len(); room < len(p) {
		c.over = true
		if room > 0 {
			c.buf.Write(p[:room])
		}
		return len(p), nil
	}
	return c.buf.Write(p)
}

func (c *capped) String() string { return c.buf.String() }
