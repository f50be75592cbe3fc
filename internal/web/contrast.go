package web

import (
	"fmt"
	"math"
	"strconv"
)

// Moderators pick their own colour, which is used for text on the pages'
// light and dark backgrounds. colours.css writes each colour adjusted for
// each theme: kept when it reads at 4.5:1 (WCAG AA for body text) on
// every background it may stand on, else darkened (light theme) or
// lightened (dark theme) in small steps until it does.

// The backgrounds moderator colours stand on, per theme: the paper, the
// form and rail boxes, a new comment, a remark. They follow burg.css.
var (
	lightGrounds = []string{"#fffdf8", "#f3ecdd", "#fff7d6", "#ffffff"}
	darkGrounds  = []string{"#17171a", "#25231f", "#352f1c", "#1e1d1b"}
)

// minContrast is WCAG's AA ratio for normal text.
const minContrast = 4.5

// readableOn returns colour (#rrggbb), mixed towards black, or towards
// white when lighten is set, until it reads at minContrast on every one
// of grounds. A colour that does not parse is returned as it is.
func readableOn(colour string, grounds []string, lighten bool) string {
	c, ok := parseHex(colour)
	if !ok {
		return colour
	}
	target := [3]float64{0, 0, 0}
	if lighten {
		target = [3]float64{255, 255, 255}
	}
	for step := 0; step <= 20; step++ {
		f := float64(step) / 20
		var m [3]float64
		for i := range m {
			m[i] = c[i] + (target[i]-c[i])*f
		}
		if minRatio(m, grounds) >= minContrast {
			return fmt.Sprintf("#%02x%02x%02x", int(math.Round(m[0])), int(math.Round(m[1])), int(math.Round(m[2])))
		}
	}
	return fmt.Sprintf("#%02x%02x%02x", int(target[0]), int(target[1]), int(target[2]))
}

// minRatio is the lowest contrast of c against grounds.
func minRatio(c [3]float64, grounds []string) float64 {
	low := math.Inf(1)
	for _, g := range grounds {
		gc, _ := parseHex(g)
		low = min(low, contrast(c, gc))
	}
	return low
}

// contrast is WCAG's contrast ratio of two colours.
func contrast(a, b [3]float64) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is WCAG's relative luminance of an sRGB colour.
func luminance(c [3]float64) float64 {
	var l [3]float64
	for i, v := range c {
		v /= 255
		if v <= 0.04045 {
			l[i] = v / 12.92
		} else {
			l[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

// parseHex reads #rrggbb.
func parseHex(s string) ([3]float64, bool) {
	var c [3]float64
	if len(s) != 7 || s[0] != '#' {
		return c, false
	}
	for i := range c {
		v, err := strconv.ParseUint(s[1+2*i:3+2*i], 16, 8)
		if err != nil {
			return c, false
		}
		c[i] = float64(v)
	}
	return c, true
}
