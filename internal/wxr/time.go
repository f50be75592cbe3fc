package wxr

import (
	"fmt"
	"time"

	"github.com/burg-news/burg"
)

// DateLayout is how WordPress writes dates in an export.
const DateLayout = "2006-01-02 15:04:05"

// zeroDate is what WordPress writes for a date it does not have: the GMT
// date of a draft that was never published, for one.
const zeroDate = "0000-00-00 00:00:00"

// maxOffset bounds a plausible difference between local and GMT dates;
// real zones stay within 14 hours of UTC.
const maxOffset = 14 * time.Hour

// ParseTime turns a WordPress date pair into a time: local is the date in
// the site's time zone, with no zone written (post_date, comment_date),
// gmt the same moment in UTC (post_date_gmt, comment_date_gmt).
//
// When gmt is a real date, it gives the moment, and the difference
// between local and gmt gives the zone the site was in: the result is
// that moment in loc when loc has that offset then, else in a fixed zone
// of that offset, so the wall-clock time the author saw is kept.
//
// When gmt is missing or "0000-00-00 00:00:00", as for drafts, the export
// does not say which moment local means: it is read in loc, which should
// be the site's time zone. WXR does not record that zone (it is the
// timezone_string option of the WordPress site), so the caller passes it,
// from a flag or from the offset of a published item of the same export
// (see Offset). A nil loc means UTC.
//
// When both are missing or zero, the result is the zero time and no
// error. A date that is not in WordPress's form is an error (EINVALID).
func ParseTime(local, gmt string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	l, lok, err := parseDate(local, time.UTC)
	if err != nil {
		return time.Time{}, err
	}
	g, gok, err := parseDate(gmt, time.UTC)
	if err != nil {
		return time.Time{}, err
	}
	switch {
	case gok:
		if !lok {
			return g.In(loc), nil
		}
		off := l.Sub(g)
		if off < -maxOffset || off > maxOffset || off%time.Minute != 0 {
			// Not a zone: one of the dates is wrong. The GMT one is what
			// WordPress orders and shows by, so it wins.
			return g, nil
		}
		if _, o := g.In(loc).Zone(); time.Duration(o)*time.Second == off {
			return g.In(loc), nil
		}
		if off == 0 {
			return g, nil
		}
		return g.In(time.FixedZone("", int(off/time.Second))), nil
	case lok:
		w, _, _ := parseDate(local, loc)
		return w, nil
	}
	return time.Time{}, nil
}

// Offset returns how far the site's clock was from UTC at a published
// item or comment, the difference between its local and GMT dates. It
// reports false when either date is missing, zero or malformed, or the
// difference is not a plausible zone offset. An importer can use it to
// find the zone of drafts when none is given.
func Offset(local, gmt string) (time.Duration, bool) {
	l, lok, err1 := parseDate(local, time.UTC)
	g, gok, err2 := parseDate(gmt, time.UTC)
	if err1 != nil || err2 != nil || !lok || !gok {
		return 0, false
	}
	off := l.Sub(g)
	if off < -maxOffset || off > maxOffset || off%time.Minute != 0 {
		return 0, false
	}
	return off, true
}

// parseDate reads a WordPress date in loc. It reports false, with no
// error, for an empty or zero date.
func parseDate(s string, loc *time.Location) (time.Time, bool, error) {
	if s == "" || s == zeroDate {
		return time.Time{}, false, nil
	}
	t, err := time.ParseInLocation(DateLayout, s, loc)
	if err != nil {
		// Some exporters drop the seconds or write a bare day.
		for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02"} {
			if t, err2 := time.ParseInLocation(layout, s, loc); err2 == nil {
				return t, true, nil
			}
		}
		return time.Time{}, false, burg.Errorf(burg.EINVALID, "wxr: the date %q is not of the form %s", s, DateLayout)
	}
	return t, true, nil
}

// Time returns when the item was published (or, for a draft, last
// saved), from PostDate and PostDateGMT; see ParseTime for loc.
func (it *Item) Time(loc *time.Location) (time.Time, error) {
	t, err := ParseTime(it.PostDate, it.PostDateGMT, loc)
	if err != nil {
		return t, fmt.Errorf("item %d at line %d: %w", it.ID, it.Line, err)
	}
	return t, nil
}

// ModifiedTime returns when the item was last changed, from
// PostModified and PostModifiedGMT (WXR 1.2 exports of recent WordPress
// only; zero when absent); see ParseTime for loc.
func (it *Item) ModifiedTime(loc *time.Location) (time.Time, error) {
	t, err := ParseTime(it.PostModified, it.PostModifiedGMT, loc)
	if err != nil {
		return t, fmt.Errorf("item %d at line %d: %w", it.ID, it.Line, err)
	}
	return t, nil
}

// Time returns when the comment was written, from Date and DateGMT; see
// ParseTime for loc.
func (c *Comment) Time(loc *time.Location) (time.Time, error) {
	t, err := ParseTime(c.Date, c.DateGMT, loc)
	if err != nil {
		return t, fmt.Errorf("comment %d: %w", c.ID, err)
	}
	return t, nil
}
