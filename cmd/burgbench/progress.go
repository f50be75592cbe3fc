package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows how far a long job has got: a bar on a terminal, and
// otherwise a plain line every few seconds, for logs.
type progress struct {
	bar   *progressbar.ProgressBar
	w     io.Writer
	what  string
	total int64
	done  int64
	start time.Time
	last  time.Time
}

// newProgress starts showing progress towards total on w.
func newProgress(w io.Writer, what string, total int64) *progress {
	p := &progress{w: w, what: what, total: total, start: time.Now()}
	p.last = p.start
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(what),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("rows"),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionFullWidth(),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
		)
	}
	return p
}

// add records n more units done.
func (p *progress) add(n int) {
	p.done += int64(n)
	if p.bar != nil {
		p.bar.Add64(int64(n))
		return
	}
	if now := time.Now(); now.Sub(p.last) >= 5*time.Second {
		p.last = now
		p.line(now)
	}
}

// line writes one plain progress line.
func (p *progress) line(now time.Time) {
	elapsed := now.Sub(p.start)
	pct := 0.0
	if p.total > 0 {
		pct = 100 * float64(p.done) / float64(p.total)
	}
	rate := float64(p.done) / max(elapsed.Seconds(), 1e-9)
	fmt.Fprintf(p.w, "%s: %d of %d (%.1f%%), %.0f/s, %s\n", p.what, p.done, p.total, pct, rate, elapsed.Round(time.Second))
}

// finish ends the display.
func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
		return
	}
	p.line(time.Now())
}
