package feedread

import (
	"strconv"
	"strings"
	"time"
)

// ParseDate reads a feed's date and returns the zero time when it
// cannot. It takes RFC 3339 (Atom's form, with or without fractional
// seconds, colon in the zone or not, or no zone, read as UTC) and the
// RFC 822 family that RSS uses, as feeds really write it: with or
// without the weekday, a one-digit day, a two- or four-digit year, full
// or short month names in any case, no seconds, a numeric zone with or
// without a colon, named zones (GMT, UT, Z, the US ones and a few more;
// an unknown name reads as UTC), no zone at all (UTC), the asctime order
// "Mon Jan 2 15:04:05 2006", and dashes between day, month and year.
func ParseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	if len(s) >= 4 && isDigits(s[:4]) {
		if t, ok := parseISO(s); ok {
			return t
		}
	}
	t, _ := parseRFC822(s)
	return t
}

var isoLayouts = []string{
	time.RFC3339, // also takes fractional seconds
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05Z07",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 Z0700",
	"2006-01-02 15:04:05Z0700",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006-01",
}

func parseISO(s string) (time.Time, bool) {
	for _, layout := range isoLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, sane(t)
		}
	}
	return time.Time{}, false
}

var months = map[string]time.Month{
	"jan": time.January, "feb": time.February, "mar": time.March, "apr": time.April,
	"may": time.May, "jun": time.June, "jul": time.July, "aug": time.August,
	"sep": time.September, "sept": time.September, "oct": time.October, "nov": time.November, "dec": time.December,
	"january": time.January, "february": time.February, "march": time.March, "april": time.April,
	"june": time.June, "july": time.July, "august": time.August, "september": time.September,
	"october": time.October, "november": time.November, "december": time.December,
}

// zones are the named zones feeds use, in seconds east of UTC.
var zones = map[string]int{
	"ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0,
	"est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
	"mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
	"akst": -9 * 3600, "akdt": -8 * 3600, "hst": -10 * 3600,
	"bst": 3600, "west": 3600, "cet": 3600, "cest": 2 * 3600, "met": 3600, "mest": 2 * 3600,
	"eet": 2 * 3600, "eest": 3 * 3600, "msk": 3 * 3600,
	"jst": 9 * 3600, "kst": 9 * 3600, "hkt": 8 * 3600, "sgt": 8 * 3600,
	"aest": 10 * 3600, "aedt": 11 * 3600, "acst": 9*3600 + 1800, "awst": 8 * 3600,
	"nzst": 12 * 3600, "nzdt": 13 * 3600,
}

var weekdays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// parseRFC822 reads a date field by field, whatever their order.
func parseRFC822(s string) (time.Time, bool) {
	var fields []string
	for _, f := range strings.Fields(strings.ReplaceAll(s, ",", " ")) {
		// "03-Dec-24" (RFC 850) is three fields; "GMT-5" and "-0500" are one.
		if i := strings.IndexByte(f, '-'); i > 0 && !zoneName(strings.ToLower(f)) {
			fields = append(fields, strings.Split(f, "-")...)
			continue
		}
		fields = append(fields, f)
	}
	var (
		day, year, hour, min, sec, nsec = -1, -1, -1, 0, 0, 0
		month                           time.Month
		off                             = 0
		pm, am                          bool
	)
	for _, f := range fields {
		if f == "" {
			return time.Time{}, false
		}
		lf := strings.ToLower(strings.TrimSuffix(f, "."))
		switch {
		case f[0] >= '0' && f[0] <= '9' && strings.Contains(f, ":") && hour < 0:
			var ok bool
			if hour, min, sec, nsec, ok = clock(f); !ok {
				return time.Time{}, false
			}
		case lf == "am" || lf == "pm":
			pm, am = lf == "pm", lf == "am"
		case f[0] == '+' || f[0] == '-':
			o, ok := numericZone(strings.ReplaceAll(f[1:], ":", ""))
			if !ok {
				return time.Time{}, false
			}
			if f[0] == '-' {
				o = -o
			}
			off = o
		case isDigits(f):
			n, err := strconv.Atoi(f)
			if err != nil || !number(n, len(f), &day, &year) {
				return time.Time{}, false
			}
		case months[lf] != 0:
			month = months[lf]
		case isWeekday(lf):
		case zoneName(lf):
			z, sign, rest := splitZone(lf)
			off = zones[z]
			if rest != "" {
				o, ok := numericZone(strings.ReplaceAll(rest, ":", ""))
				if !ok {
					return time.Time{}, false
				}
				off += sign * o
			}
		case isLetters(lf):
			// An unknown zone name: RFC 822 reads it as UTC.
		default:
			return time.Time{}, false
		}
	}
	if day < 1 || month == 0 || year < 0 {
		return time.Time{}, false
	}
	if hour < 0 {
		hour = 0
	}
	if pm && hour < 12 {
		hour += 12
	} else if am && hour == 12 {
		hour = 0
	}
	if year < 100 {
		year += 1900
		if year < 1970 {
			year += 100
		}
	}
	if hour > 24 || min > 59 || sec > 60 || day > daysIn(month, year) {
		return time.Time{}, false
	}
	loc := time.UTC
	if off != 0 {
		loc = time.FixedZone("", off)
	}
	t := time.Date(year, month, day, hour, min, sec, nsec, loc)
	return t, sane(t)
}

// number places a bare number: a day first, then a year.
func number(n, digits int, day, year *int) bool {
	switch {
	case digits <= 2 && *day < 0 && n >= 1 && n <= 31:
		*day = n
	case *year < 0 && (digits == 4 || digits == 2):
		*year = n
	default:
		return false
	}
	return true
}

func clock(f string) (hour, min, sec, nsec int, ok bool) {
	f = strings.TrimSuffix(strings.ToLower(f), "z")
	parts := strings.Split(f, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, 0, 0, false
	}
	var err error
	if hour, err = strconv.Atoi(parts[0]); err != nil || len(parts[0]) > 2 {
		return 0, 0, 0, 0, false
	}
	if min, err = strconv.Atoi(parts[1]); err != nil || len(parts[1]) != 2 {
		return 0, 0, 0, 0, false
	}
	if len(parts) == 3 {
		s, frac, _ := strings.Cut(parts[2], ".")
		if sec, err = strconv.Atoi(s); err != nil || len(s) != 2 {
			return 0, 0, 0, 0, false
		}
		if frac != "" {
			if !isDigits(frac) {
				return 0, 0, 0, 0, false
			}
			frac = (frac + "000000000")[:9]
			nsec, _ = strconv.Atoi(frac)
		}
	}
	return hour, min, sec, nsec, true
}

// numericZone reads "0200", "02" or "2" as seconds.
func numericZone(d string) (int, bool) {
	if !isDigits(d) {
		return 0, false
	}
	switch len(d) {
	case 1, 2:
		h, _ := strconv.Atoi(d)
		return h * 3600, h <= 14
	case 3, 4:
		n, _ := strconv.Atoi(d)
		h, m := n/100, n%100
		return h*3600 + m*60, h <= 14 && m < 60
	}
	return 0, false
}

// zoneName reports whether f is a known zone, maybe with an offset
// after it ("gmt+2", "utc+05:30").
func zoneName(f string) bool {
	z, _, _ := splitZone(f)
	_, ok := zones[z]
	return ok
}

func splitZone(f string) (name string, sign int, rest string) {
	if i := strings.IndexAny(f, "+-"); i > 0 {
		sign = 1
		if f[i] == '-' {
			sign = -1
		}
		return f[:i], sign, f[i+1:]
	}
	return f, 1, ""
}

func isWeekday(f string) bool {
	for _, w := range weekdays {
		if strings.HasPrefix(f, w) && isLetters(f) && len(f) <= 9 {
			return true
		}
	}
	return false
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// sane keeps out years no feed means, such as WordPress's -0001 for
// "never".
func sane(t time.Time) bool { return t.Year() >= 1900 && t.Year() <= 2999 }

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isLetters(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
