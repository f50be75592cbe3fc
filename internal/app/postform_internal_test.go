package app

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClipParagraphs(t *testing.T) {
	for _, c := range []struct {
		name, text string
		n          int
		want       string
	}{
		{"Short", "one\n\ntwo", 100, "one\n\ntwo"},
		{"AtParagraph", "aaaa\n\nbbbb\n\ncccc", 12, "aaaa\n\nbbbb"},
		{"NoBreak", "ééééé", 5, "éé"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := clipParagraphs(c.text, c.n)
			if got != c.want || !utf8.ValidString(got) {
				t.Errorf("clipParagraphs(%q, %d) = %q, want %q", c.text, c.n, got, c.want)
			}
		})
	}
	long := strings.Repeat("Ж", 40_000)
	if got := clipParagraphs(long, maxFetchedText); len(got) > maxFetchedText || !utf8.ValidString(got) {
		t.Errorf("clipped to %d bytes, valid %t", len(got), utf8.ValidString(got))
	}
}

func TestSplitTags(t *testing.T) {
	got, err := splitTags(" Vellmar,,  harbour   board , vellmar, Ferries ")
	if err != nil || strings.Join(got, "|") != "Vellmar|harbour board|Ferries" {
		t.Errorf("splitTags = %q, %v", got, err)
	}
	var many []string
	for i := range MaxTags + 1 {
		many = append(many, "tag"+strconv.Itoa(i))
	}
	if _, err := splitTags(strings.Join(many, ",")); err == nil {
		t.Error("too many tags accepted")
	}
}
