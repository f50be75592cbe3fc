package main

import (
	"fmt"
	"strings"
)

// A scale is the size of a synthetic archive.
type scale struct {
	Name     string
	Posts    int // over Days days ending today
	Days     int
	Comments int // about this many: today's long threads may add to them
	Tags     int
	Sections int
	Posters  int // registered users who post: an admin, moderators, posters
	Visitors int // distinct commenters
	// Today are the sizes of the two long threads today's edition always
	// has, so that the load harness finds the articles it measures.
	Today [2]int
}

// scales are the sizes gen knows, smallest first. full is the archive of a
// site twenty years old; demo is about the size of burg --demo's content;
// tiny is for the test suite.
var scales = []scale{
	{Name: "tiny", Posts: 300, Days: 5, Comments: 2_500, Tags: 60, Sections: 30, Posters: 6, Visitors: 400, Today: [2]int{40, 200}},
	{Name: "demo", Posts: 2_500, Days: 30, Comments: 30_000, Tags: 330, Sections: 30, Posters: 10, Visitors: 3_000, Today: [2]int{300, 2000}},
	{Name: "small", Posts: 50_000, Days: 365, Comments: 500_000, Tags: 1_000, Sections: 30, Posters: 20, Visitors: 30_000, Today: [2]int{300, 2000}},
	{Name: "full", Posts: 1_000_000, Days: 7_305, Comments: 10_000_000, Tags: 5_000, Sections: 30, Posters: 40, Visitors: 500_000, Today: [2]int{300, 2000}},
}

// findScale returns the scale called name.
func findScale(name string) (scale, error) {
	var names []string
	for _, s := range scales {
		if s.Name == name {
			return s, nil
		}
		names = append(names, s.Name)
	}
	return scale{}, fmt.Errorf("unknown scale %q: want one of %s", name, strings.Join(names, ", "))
}
