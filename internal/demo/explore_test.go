package demo

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestExplore(t *testing.T) {
	s := Generate(1, testNow, time.UTC, 30)
	shown := map[string]bool{}
	for _, p := range s.Posts {
		for _, m := range []string{"[quote]", "[h]", "[remark=", "[b]Update", "https://", "[url="} {
			if strings.Contains(p.Body, m) && !shown[m] {
				shown[m] = true
				fmt.Printf("===== %s | %s | %s | %s | %s\n%s\n\n", p.Section.Name, p.Title, p.SourceTag, p.Note, p.SourceURL, p.Body)
			}
		}
	}
	n := 0
	for _, p := range s.Posts {
		if isOpinion(p) && n < 1 {
			n++
			fmt.Printf("===== %s | %s\n%s\n\n", p.Section.Name, p.Title, p.Body)
		}
	}
}
