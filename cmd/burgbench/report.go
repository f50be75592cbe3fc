package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// figures are the numbers of one request kind against one server.
type figures struct {
	rate                 float64 // served per second
	p50, p90, p99, worst time.Duration
	served               int
	errors               string
}

func figuresOf(s *stats, dur time.Duration) figures {
	f := figures{served: s.total(), rate: float64(s.total()) / dur.Seconds()}
	l := s.latencies
	f.p50, f.p90, f.p99 = percentile(l, 50), percentile(l, 90), percentile(l, 99)
	if len(l) > 0 {
		f.worst = l[len(l)-1]
	}
	var errs []string
	for e, n := range s.errors {
		errs = append(errs, fmt.Sprintf("%d× %s", n, e))
	}
	slices.Sort(errs)
	f.errors = strings.Join(errs, ", ")
	return f
}

// line is one kind of one scenario: Burg's figures and the reference's.
type line struct {
	name, note string
	size       int64
	burg, ref  figures
	skip       string
}

// lines flattens the outcomes: a mix gives a line per kind and one for
// all its requests together.
func (r *report) lines() []line {
	var out []line
	for _, o := range r.outcomes {
		if !o.measured {
			out = append(out, line{name: o.name, note: o.note, skip: o.skip})
			continue
		}
		if len(o.kinds) == 1 {
			out = append(out, line{name: o.name, note: o.note, size: o.size,
				burg: figuresOf(o.burg.kinds[0], o.burg.duration), ref: figuresOf(o.ref.kinds[0], o.ref.duration)})
			continue
		}
		all := func(res result) *stats {
			s := &stats{errors: map[string]int{}}
			for _, k := range res.kinds {
				s.latencies = append(s.latencies, k.latencies...)
				for e, n := range k.errors {
					s.errors[e] += n
				}
			}
			slices.Sort(s.latencies)
			return s
		}
		out = append(out, line{name: o.name + ": all", note: o.note,
			burg: figuresOf(all(o.burg), o.burg.duration), ref: figuresOf(all(o.ref), o.ref.duration)})
		for i, k := range o.burg.kinds {
			out = append(out, line{name: o.name + ": " + k.label,
				burg: figuresOf(k, o.burg.duration), ref: figuresOf(o.ref.kinds[i], o.ref.duration)})
		}
	}
	return out
}

// ms writes a latency in milliseconds, to a precision that suits it.
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case d == 0:
		return "–"
	case v < 1:
		return fmt.Sprintf("%.2f ms", v)
	case v < 100:
		return fmt.Sprintf("%.1f ms", v)
	}
	return fmt.Sprintf("%.0f ms", v)
}

// rate writes requests per second with thousands separated.
func rate(v float64) string {
	n := int64(v + 0.5)
	if n < 1000 {
		if v < 10 {
			return fmt.Sprintf("%.1f", v)
		}
		return fmt.Sprint(n)
	}
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// ratio writes a/b, or – when there is no b.
func ratio(a, b float64) string {
	if b == 0 || a == 0 {
		return "–"
	}
	r := a / b
	switch {
	case r < 0.01:
		return fmt.Sprintf("%.4f", r)
	case r < 10:
		return fmt.Sprintf("%.2f", r)
	}
	return fmt.Sprintf("%.0f", r)
}

func kb(n int64) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf("%.1f KB", float64(n)/1000)
}

func mb(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/1e6) }

// cells are the figures of a line as the table shows them: Burg's, the
// reference's, and their ratio (throughput Burg/reference: 1 is as fast;
// latency Burg/reference: 1 is as quick).
func (l line) cells() (burg, ref, rat []string) {
	b, r := l.burg, l.ref
	burg = []string{rate(b.rate), ms(b.p50), ms(b.p90), ms(b.p99), ms(b.worst), b.errors}
	ref = []string{rate(r.rate), ms(r.p50), ms(r.p90), ms(r.p99), ms(r.worst), r.errors}
	rat = []string{ratio(b.rate, r.rate), ratio(float64(b.p50), float64(r.p50)), ratio(float64(b.p90), float64(r.p90)),
		ratio(float64(b.p99), float64(r.p99)), ratio(float64(b.worst), float64(r.worst)), ""}
	return burg, ref, rat
}

// header says what was measured, how and where.
func (r *report) header() []string {
	c := r.cfg
	h := []string{
		"machine: " + machine() + loadNote(r.load),
		fmt.Sprintf("date: %s", r.started.UTC().Format("2006-01-02 15:04 MST")),
		fmt.Sprintf("load: %d closed-loop connections (gzip, a browser's User-Agent, returning readers' visitor cookies), %s warm-up, %s measured per scenario, reference %s",
			c.conns, c.warmup, c.duration, c.refDuration),
	}
	if c.label != "" {
		h = append(h, "data: "+c.label)
	}
	if s := r.server; s != nil {
		flags := "its defaults (synchronous=FULL: every comment is on disk before its 303)"
		if len(c.serverArgs) > 0 {
			flags = strings.Join(c.serverArgs, " ")
		}
		h = append(h, fmt.Sprintf("server: burg serve, started by the harness with %s: listening after %s, first edition served after %s; memory %s resident at the end, %s at the peak",
			flags, s.Listening.Round(time.Millisecond), s.FirstPage.Round(time.Millisecond), mb(r.rss), mb(r.peak)))
		if !s.NoLimits {
			h = append(h, "comment limits: on (this burg has no --comment-limit); each commenter posts 4 comments from an address of its own (X-Forwarded-For, --trusted-proxies 127.0.0.1) and a visitor cookie of its own")
		} else {
			h = append(h, "comment limits: off (--comment-limit off, --min-fill 0); each comment is sent with a form token of its own, from an article page fetched before the scenario on the harness's own connections (served, not measured; fetched again during it only once half of those are used)")
		}
	} else {
		h = append(h, "server: "+r.site.base+" (not started by the harness)")
	}
	return h
}

func loadNote(load string) string {
	if load == "" {
		return ""
	}
	return ", load average " + load + " at the start (the machine is shared)"
}

// writeText prints the report as a table.
func (r *report) writeText(w io.Writer) {
	for _, h := range r.header() {
		fmt.Fprintln(w, h)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "page\tsize\t\treq/s\tp50\tp90\tp99\tmax\terrors\t")
	for _, l := range r.lines() {
		if l.skip != "" {
			fmt.Fprintf(tw, "%s\t\t\tskipped: %s\t\t\t\t\t\t\n", l.name, l.skip)
			continue
		}
		b, ref, rat := l.cells()
		fmt.Fprintf(tw, "%s\t%s\tBurg\t%s\t\n", l.name, kb(l.size), strings.Join(b, "\t"))
		fmt.Fprintf(tw, "%s\t\treference\t%s\t\n", l.note, strings.Join(ref, "\t"))
		fmt.Fprintf(tw, "\t\tratio\t%s\t\n", strings.Join(rat, "\t"))
	}
	tw.Flush()
}

// writeMarkdown writes the report as a section of docs/BENCHMARKS.md.
func (r *report) writeMarkdown(w io.Writer) {
	title := "Load harness"
	if r.cfg.label != "" {
		title += ": " + r.cfg.label
	}
	fmt.Fprintf(w, "### %s, %s\n\n", title, r.started.UTC().Format("2006-01-02"))
	fmt.Fprintf(w, "```\n%s\n```\n\n", r.command)
	for _, h := range r.header() {
		fmt.Fprintf(w, "- %s\n", h)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| page | size (gzip) | | req/s | p50 | p90 | p99 | max | errors |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	esc := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	for _, l := range r.lines() {
		if l.skip != "" {
			fmt.Fprintf(w, "| %s | | skipped: %s | | | | | | |\n", esc(l.name), esc(l.skip))
			continue
		}
		b, ref, rat := l.cells()
		note := ""
		if l.note != "" {
			note = " (`" + esc(l.note) + "`)"
		}
		row := func(cells []string) string {
			out := make([]string, len(cells))
			for i, c := range cells {
				out[i] = esc(c)
			}
			return strings.Join(out, " | ")
		}
		fmt.Fprintf(w, "| %s%s | %s | Burg | %s |\n", esc(l.name), note, kb(l.size), row(b))
		fmt.Fprintf(w, "| | | reference | %s |\n", row(ref))
		fmt.Fprintf(w, "| | | ratio | %s |\n", strings.Join(rat, " | "))
	}
	fmt.Fprintln(w)
}
