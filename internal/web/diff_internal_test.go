package web

import (
	"strings"
	"testing"
)

func TestLineDiff(t *testing.T) {
	for _, c := range []struct {
		name, before, after string
		want                string // one line per diff line: " x", "-x", "+x"
	}{
		{"Same", "a\nb", "a\nb", " a  b"},
		{"Empty", "", "", ""},
		{"AllNew", "", "a\nb", "+a +b"},
		{"AllGone", "a\nb", "", "-a -b"},
		{"Changed", "a\nb\nc", "a\nB\nc", " a -b +B  c"},
		{"Inserted", "a\nc", "a\nb\nc", " a +b  c"},
		{"Moved", "x\na\nb\nc", "a\nb\nc\nx", "-x  a  b  c +x"},
		{"Repeats", "a\na\nb", "a\nb\nb", " a -a +b  b"},
		{"TrailingNewline", "a\n", "a", " a"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, l := range lineDiff(c.before, c.after) {
				mark := map[string]string{diffSame: " ", diffDel: "-", diffAdd: "+"}[l.Kind]
				got = append(got, mark+l.Text)
			}
			if g := strings.Join(got, " "); g != c.want {
				t.Errorf("diff = %q, want %q", g, c.want)
			}
		})
	}
}

func TestHunks(t *testing.T) {
	before := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10"
	after := "1\n2\n3\n4\n5\nsix\n7\n8\n9\n10"
	var got []string
	for _, l := range hunks(lineDiff(before, after)) {
		got = append(got, l.Kind+":"+l.Text)
	}
	want := "gap: same:4 same:5 del:6 add:six same:7 same:8 gap:"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("hunks = %q, want %q", g, want)
	}
	if h := hunks(lineDiff("a\nb", "a\nb")); h != nil {
		t.Errorf("hunks of no change = %v", h)
	}
}

// TestLineDiffLarge checks that texts too large for the table are shown
// as replaced rather than taking the server's memory.
func TestLineDiffLarge(t *testing.T) {
	var a, b strings.Builder
	for i := range 3000 {
		a.WriteString("old line " + strings.Repeat("x", i%7) + "\n")
		b.WriteString("new line " + strings.Repeat("y", i%5) + "\n")
	}
	d := lineDiff(a.String(), b.String())
	if len(d) != 6000 {
		t.Fatalf("%d lines, want 6000", len(d))
	}
	if d[0].Kind != diffDel || d[5999].Kind != diffAdd {
		t.Errorf("first %v, last %v", d[0], d[5999])
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/": "/", "/posts/1": "/posts/1", "/submit?kind=article": "/submit?kind=article",
		"": "/", "//evil.example": "/", "/\\evil.example": "/", "http://evil.example/": "/",
		"evil": "/", "/a\r\nSet-Cookie: x": "/", "javascript:alert(1)": "/",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}
