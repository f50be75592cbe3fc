package main

import (
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows how far a long job has come: a bar on a terminal, and
// otherwise (a log, a pipe) a plain line every few seconds.
type progress struct {
	bar   *progressbar.ProgressBar
	out   io.Writer
	total int64
	read  atomic.Int64
	every time.Duration
	last  time.Time
	what  string
}

// newProgress shows progress through total bytes (0 when unknown) on out.
func newProgress(out io.Writer, total int64, what string) *progress {
	p := &progress{out: out, total: total, every: 5 * time.Second, last: time.Now(), what: what}
	if f, ok := out.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions64(max(total, -1),
			progressbar.OptionSetWriter(f),
			progressbar.OptionSetDescription(what),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
	}
	return p
}

// reader counts what is read through it.
func (p *progress) reader(r io.Reader) io.Reader { return &countingReader{r: r, p: p} }

type countingReader struct {
	r io.Reader
	p *progress
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	if n > 0 {
		c.p.read.Add(int64(n))
		if c.p.bar != nil {
			c.p.bar.Add(n)
		}
	}
	return n, err
}

// status reports what is done so far: on a terminal in the bar, else as a
// line at most every few seconds.
func (p *progress) status(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if p.bar != nil {
		p.bar.Describe(p.what + ": " + msg)
		return
	}
	if time.Since(p.last) < p.every {
		return
	}
	p.last = time.Now()
	if p.total > 0 {
		fmt.Fprintf(p.out, "%s: %s (%d%% of %d MB read)\n", p.what, msg, p.read.Load()*100/p.total, p.total>>20)
	} else {
		fmt.Fprintf(p.out, "%s: %s\n", p.what, msg)
	}
}

// done ends the bar.
func (p *progress) done() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
