package demo

import (
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // the DST test needs Europe/Berlin on any machine

	"github.com/burg-news/burg"
)

var testNow = time.Date(2025, 3, 14, 15, 30, 0, 0, time.UTC)

// generate returns the site of seed 1, 30 days to testNow. It is made
// once and shared: tests must not change it.
func generate(t testing.TB) *Site {
	t.Helper()
	return sharedSite()
}

var sharedSite = sync.OnceValue(func() *Site { return Generate(1, testNow, time.UTC, 30) })

func isOpinion(p *burg.Post) bool { return p.Section.Page.Name == "Opinion" }

func TestGenerateDeterministic(t *testing.T) {
	loc := time.FixedZone("test", 5*3600)
	a := Generate(7, testNow, loc, 30)
	b := Generate(7, testNow, loc, 30)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two sites generated with the same seed differ")
	}
	c := Generate(8, testNow, loc, 30)
	same := 0
	for i := range min(len(a.Posts), len(c.Posts)) {
		if a.Posts[i].Title == c.Posts[i].Title {
			same++
		}
	}
	if same > len(a.Posts)/10 {
		t.Errorf("seeds 7 and 8 share %d of %d titles at the same position", same, len(a.Posts))
	}
}

func TestGeneratePagesAndSections(t *testing.T) {
	s := generate(t)
	var pages []string
	for i, p := range s.Pages {
		pages = append(pages, p.Name)
		if err := p.Validate(); err != nil {
			t.Errorf("page %q: %v", p.Name, err)
		}
		if got, want := p.Position, i+1; got != want {
			t.Errorf("page %q position = %d, want %d", p.Name, got, want)
		}
	}
	if got, want := strings.Join(pages, ","), "Operations,Background,Non-news,Opinion,Politics"; got != want {
		t.Errorf("pages = %s, want %s", got, want)
	}
	if got := len(s.Sections); got < 20 {
		t.Errorf("got %d sections, want at least 20", got)
	}
	slugs := make(map[string]bool)
	type slot struct {
		page     *burg.Page
		position int
	}
	positions := make(map[slot]bool)
	perPage := make(map[*burg.Page]int)
	for _, sec := range s.Sections {
		if !containsPtr(s.Pages, sec.Page) {
			t.Errorf("section %q: page is not one of the site's pages", sec.Name)
			continue
		}
		perPage[sec.Page]++
		v := *sec
		v.PageID = 1
		if err := v.Validate(); err != nil {
			t.Errorf("section %q: %v", sec.Name, err)
		}
		if sec.PageID != 0 || sec.ID != 0 {
			t.Errorf("section %q has IDs set before Load", sec.Name)
		}
		if slugs[sec.Slug] {
			t.Errorf("section slug %q used twice", sec.Slug)
		}
		slugs[sec.Slug] = true
		key := slot{sec.Page, sec.Position}
		if positions[key] {
			t.Errorf("section %q: position %d taken twice on page %s", sec.Name, sec.Position, sec.Page.Name)
		}
		positions[key] = true
	}
	for _, p := range s.Pages {
		if perPage[p] == 0 {
			t.Errorf("page %q has no sections", p.Name)
		}
	}
	for _, want := range []string{"caucasus-russia-central-asia", "signs-portents-and-the-weather", "science-technology", "home-front-politix"} {
		if !slugs[want] {
			t.Errorf("no section with slug %q", want)
		}
	}
}

func TestGenerateTags(t *testing.T) {
	s := generate(t)
	if got := len(s.Tags); got < 300 {
		t.Errorf("got %d tags, want at least 300", got)
	}
	slugs := make(map[string]bool)
	described := 0
	for _, tag := range s.Tags {
		if err := tag.Validate(); err != nil {
			t.Errorf("tag %q: %v", tag.Name, err)
		}
		if got, want := tag.Slug, burg.Slugify(tag.Name, 100); got != want {
			t.Errorf("tag %q slug = %q, want %q", tag.Name, got, want)
		}
		if slugs[tag.Slug] {
			t.Errorf("tag slug %q used twice", tag.Slug)
		}
		slugs[tag.Slug] = true
		if tag.Description != "" {
			described++
			if strings.Contains(tag.Description, "\n") {
				t.Errorf("tag %q: description is more than one line", tag.Name)
			}
		}
	}
	if described < len(s.Tags)*2/3 {
		t.Errorf("%d of %d tags have a description, want most", described, len(s.Tags))
	}
	for _, want := range []string{"weather", "economy", "elections"} {
		if !slugs[want] {
			t.Errorf("no tag with slug %q", want)
		}
	}
}

func TestGenerateUsers(t *testing.T) {
	s := generate(t)
	if got, want := len(s.Users), 10; got != want {
		t.Fatalf("got %d users, want %d", got, want)
	}
	roles := make(map[string]int)
	nicks := make(map[string]bool)
	colours := make(map[string]bool)
	for _, u := range s.Users {
		if err := u.Validate(); err != nil {
			t.Errorf("user %q: %v", u.Nick, err)
		}
		roles[u.Role]++
		if nicks[strings.ToLower(u.Nick)] {
			t.Errorf("nick %q used twice", u.Nick)
		}
		nicks[strings.ToLower(u.Nick)] = true
		if u.PasswordHash != "" {
			t.Errorf("user %q has a password hash", u.Nick)
		}
		if u.CreatedAt.IsZero() || !u.CreatedAt.Before(s.Posts[0].PostedAt) {
			t.Errorf("user %q created at %v, want before the first post", u.Nick, u.CreatedAt)
		}
		if u.Role == burg.RoleModerator {
			if u.Colour == "" || colours[u.Colour] {
				t.Errorf("moderator %q: colour %q is missing or taken", u.Nick, u.Colour)
			}
			colours[u.Colour] = true
		}
	}
	want := map[string]int{burg.RoleAdmin: 1, burg.RoleModerator: 3, burg.RolePoster: 6}
	if !reflect.DeepEqual(roles, want) {
		t.Errorf("roles = %v, want %v", roles, want)
	}
}

func TestGeneratePostsPerDay(t *testing.T) {
	for _, tc := range []struct {
		name string
		now  time.Time
		loc  string
	}{
		{"UTC", testNow, "UTC"},
		{"AcrossDST", time.Date(2025, 3, 31, 10, 0, 0, 0, time.UTC), "Europe/Berlin"},
		{"JustAfterMidnight", time.Date(2025, 6, 1, 22, 0, 30, 0, time.UTC), "Europe/Berlin"},
		{"AtMidnight", time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), "UTC"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			loc, err := time.LoadLocation(tc.loc)
			if err != nil {
				t.Fatal(err)
			}
			const days = 30
			s := Generate(3, tc.now, loc, days)
			y, m, d := tc.now.In(loc).Date()
			first := time.Date(y, m, d-days+1, 0, 0, 0, 0, loc)
			perDay := make(map[string]int)
			for i, p := range s.Posts {
				if p.PostedAt.Location() != time.UTC {
					t.Fatalf("post %d: PostedAt in %v, want UTC", i, p.PostedAt.Location())
				}
				if !p.UpdatedAt.Equal(p.PostedAt) {
					t.Errorf("post %d: UpdatedAt %v, want PostedAt %v", i, p.UpdatedAt, p.PostedAt)
				}
				if p.PostedAt.Before(first) || p.PostedAt.After(tc.now) {
					t.Fatalf("post %d posted at %v, want within [%v, %v]", i, p.PostedAt, first, tc.now)
				}
				if i > 0 && p.PostedAt.Before(s.Posts[i-1].PostedAt) {
					t.Fatalf("post %d posted at %v, before post %d at %v", i, p.PostedAt, i-1, s.Posts[i-1].PostedAt)
				}
				perDay[p.PostedAt.In(loc).Format(burg.DateLayout)]++
			}
			if got := len(perDay); got != days {
				t.Errorf("posts on %d days, want %d", got, days)
			}
			for day, n := range perDay {
				if n < 60 || n > 100 {
					t.Errorf("%s: %d posts, want 60–100", day, n)
				}
			}
		})
	}
}

func TestGenerateNoDays(t *testing.T) {
	s := Generate(1, testNow, nil, 0)
	if len(s.Posts) != 0 {
		t.Errorf("got %d posts for 0 days, want none", len(s.Posts))
	}
	if len(s.Sections) == 0 || len(s.Tags) == 0 || len(s.Users) == 0 {
		t.Error("sections, tags and users should be there without posts")
	}
}

func TestGenerateDuplicateTitles(t *testing.T) {
	for _, seed := range []int64{1, 2, 99} {
		s := Generate(seed, testNow, time.UTC, 30)
		seen := make(map[string]bool)
		dups := 0
		for _, p := range s.Posts {
			if seen[p.Title] {
				dups++
			}
			seen[p.Title] = true
		}
		if rate := float64(dups) / float64(len(s.Posts)); rate >= 0.02 {
			t.Errorf("seed %d: %d of %d titles repeat (%.1f%%), want under 2%%", seed, dups, len(s.Posts), rate*100)
		}
	}
}

func TestGeneratePostReferences(t *testing.T) {
	s := generate(t)
	used := make(map[*burg.Tag]bool)
	for i, p := range s.Posts {
		if !containsPtr(s.Sections, p.Section) {
			t.Fatalf("post %d: section is not one of the site's", i)
		}
		if !containsPtr(s.Users, p.Poster) {
			t.Fatalf("post %d: poster is not one of the site's", i)
		}
		if n := len(p.Tags); n < 1 || n > 3 {
			t.Errorf("post %d %q has %d tags, want 1–3", i, p.Title, n)
		}
		for j, tag := range p.Tags {
			if !containsPtr(s.Tags, tag) {
				t.Fatalf("post %d: tag %q is not one of the site's", i, tag.Name)
			}
			if containsPtr(p.Tags[:j], tag) {
				t.Errorf("post %d: tag %q twice", i, tag.Name)
			}
			used[tag] = true
		}
	}
	if len(used) < len(s.Tags)/2 {
		t.Errorf("posts use %d of %d tags, want most of them", len(used), len(s.Tags))
	}
}

func TestGeneratePostsValid(t *testing.T) {
	s := generate(t)
	for i, p := range s.Posts {
		if p.ID != 0 || p.SectionID != 0 || p.PosterID != 0 {
			t.Errorf("post %d has IDs set before Load", i)
		}
		v := *p
		v.SectionID, v.PosterID = 1, 1
		if err := v.Validate(); err != nil {
			t.Errorf("post %d %q: %v", i, p.Title, err)
		}
		if p.Slug == "" {
			t.Errorf("post %d %q has no slug", i, p.Title)
		}
		if p.Views < 20 || p.Views > 3000 {
			t.Errorf("post %d: %d views, want 20–3000", i, p.Views)
		}
		if p.CommentsCloseAt != nil && !p.CommentsCloseAt.After(p.PostedAt) {
			t.Errorf("post %d: comments close at %v, before it was posted", i, p.CommentsCloseAt)
		}
		for _, text := range []string{p.Title, p.Body} {
			if strings.ContainsAny(text, "{}") {
				t.Errorf("post %d has an unfilled template: %q", i, text)
			}
		}
	}
}

func TestGenerateViewsGrowWithAge(t *testing.T) {
	s := generate(t)
	n := len(s.Posts)
	old, recent := meanViews(s.Posts[:n/3]), meanViews(s.Posts[n-n/10:])
	if old <= recent {
		t.Errorf("mean views of the oldest posts %.0f, of the newest %.0f; want older posts to have more", old, recent)
	}
}

func TestGenerateSources(t *testing.T) {
	s := generate(t)
	urls := make(map[string]bool)
	var sourced, short, translated, opinion int
	var opinionLen, newsLen int
	for i, p := range s.Posts {
		if isOpinion(p) {
			opinion++
			opinionLen += len(p.Body)
			if p.SourceURL != "" || p.SourceTag != "" || p.Note != "" || p.SourceLang != "" {
				t.Errorf("opinion post %d %q has a source", i, p.Title)
			}
			continue
		}
		newsLen += len(p.Body)
		sourced++
		u, err := url.Parse(p.SourceURL)
		if err != nil || u.Scheme != "https" || !strings.HasSuffix(u.Hostname(), ".example") {
			t.Errorf("post %d: source %q is not an https .example address", i, p.SourceURL)
		}
		if urls[p.SourceURL] {
			t.Errorf("post %d: source %q used twice", i, p.SourceURL)
		}
		urls[p.SourceURL] = true
		label := strings.TrimPrefix(strings.TrimSuffix(u.Hostname(), ".example"), "www.")
		switch p.SourceTag {
		case "":
			t.Errorf("post %d has no source tag", i)
		case strings.ToUpper(label):
		default:
			short++
		}
		switch p.Note {
		case "":
			if p.SourceLang != "" {
				t.Errorf("post %d: language %q without a translation note", i, p.SourceLang)
			}
		case "Direct translation via Apertium. Edited.", "Direct translation via LibreTranslate. Edited.":
			translated++
			if p.SourceLang == "" || p.SourceLang == "en" {
				t.Errorf("post %d: translated from %q", i, p.SourceLang)
			}
		default:
			t.Errorf("post %d: note %q", i, p.Note)
		}
	}
	checkShare(t, "posts with a short source tag, of sourced posts", short, sourced, 0.45, 0.75)
	checkShare(t, "translated posts", translated, len(s.Posts), 0.2, 0.4)
	checkShare(t, "opinion posts", opinion, len(s.Posts), 0.03, 0.08)
	if opinion > 0 && opinionLen/opinion <= newsLen/sourced {
		t.Errorf("opinion pieces average %d bytes, news %d; want opinion longer", opinionLen/opinion, newsLen/sourced)
	}
}

func TestGenerateMarkup(t *testing.T) {
	s := generate(t)
	moderators := make(map[string]bool)
	for _, u := range s.Users {
		if u.Role == burg.RoleModerator {
			moderators[u.Nick] = true
		}
	}
	counts := make(map[string]int)
	remarked := 0
	for i, p := range s.Posts {
		for _, pair := range [][2]string{{"[b]", "[/b]"}, {"[i]", "[/i]"}, {"[quote]", "[/quote]"}, {"[h]", "[/h]"}, {"[url=", "[/url]"}} {
			open, closed := strings.Count(p.Body, pair[0]), strings.Count(p.Body, pair[1])
			if open != closed {
				t.Errorf("post %d: %d %s but %d %s", i, open, pair[0], closed, pair[1])
			}
			if open > 0 {
				counts[pair[0]]++
			}
		}
		if strings.Contains(p.Body, "https://") {
			counts["https://"]++
		}
		if strings.Contains(p.Body, "\n\n\n") || strings.HasPrefix(p.Body, "\n") || strings.HasSuffix(p.Body, "\n") {
			t.Errorf("post %d: paragraphs not separated by exactly one blank line", i)
		}
		if strings.Contains(p.Body, "[remark") {
			t.Errorf("post %d: a remark in the body; remarks are records of their own", i)
		}
		if len(p.Remarks) > 0 {
			remarked++
			for _, r := range p.Remarks {
				if r.User == nil || !moderators[r.User.Nick] {
					t.Errorf("post %d: remark by %v, who is not a moderator", i, r.User)
				}
				if strings.TrimSpace(r.Body) == "" || r.CreatedAt.Before(p.PostedAt) {
					t.Errorf("post %d: remark %+v is empty or older than the post", i, r)
				}
			}
		}
		paras := strings.Count(p.Body, "\n\n") + 1
		if paras < 2 || paras > 16 {
			t.Errorf("post %d has %d paragraphs", i, paras)
		}
	}
	for _, tag := range []string{"[b]", "[i]", "[quote]", "[h]", "[url=", "https://"} {
		if counts[tag] == 0 {
			t.Errorf("no post uses %s", tag)
		}
	}
	checkShare(t, "posts with an editorial remark", remarked, len(s.Posts), 0.02, 0.09)
}

// TestGenerateOwnText checks that no text of the seed article page, which
// shows what the site Burg continues looks like, made it into the content.
func TestGenerateOwnText(t *testing.T) {
	s := generate(t)
	var all strings.Builder
	for _, p := range s.Pages {
		all.WriteString(p.Name + "\n")
	}
	for _, sec := range s.Sections {
		all.WriteString(sec.Name + "\n")
	}
	for _, tag := range s.Tags {
		all.WriteString(tag.Name + "\n" + tag.Description + "\n")
	}
	for _, u := range s.Users {
		all.WriteString(u.Nick + "\n")
	}
	for _, p := range s.Posts {
		all.WriteString(p.Title + "\n" + p.SourceURL + "\n" + p.SourceTag + "\n" + p.Note + "\n" + p.Body + "\n")
	}
	for _, c := range s.Comments {
		all.WriteString(c.Nick + "\n" + c.Email + "\n" + c.Website + "\n" + c.Body + "\n")
	}
	text := strings.ToLower(all.String())
	for _, word := range []string{"karabakh", "peacekeep", "kavkazuzel", "badanov", "caucasian knot", "rantburg", "pritchin", "karavaev", "google translate", "khojaly"} {
		if strings.Contains(text, word) {
			t.Errorf("generated content contains %q", word)
		}
	}
}

// TestTemplates fills every template of every topic and list in every
// region, so that a misspelt slot fails here rather than on a page.
func TestTemplates(t *testing.T) {
	w := theWorld
	g := newGen(1, w)
	g.site = w.newSite()
	var all []string
	for _, tp := range topicDefs {
		all = append(all, tp.titles...)
		all = append(all, tp.lines...)
	}
	for _, words := range lists {
		all = append(all, words...)
	}
	for _, s := range spammers {
		all = append(all, s.pitch)
	}
	for _, lines := range modRemovalLines {
		all = append(all, lines...)
	}
	for _, l := range [][]string{genericLines, quotes, quoteLines, quoteIntros, remarks, subheads, linkIntros, updateLines, opinionLines,
		shortLines, wryLines, angryLines, knowingLines, questionLines, offTopicLines, replyLines, longOpeners, longLines, longClosers,
		listItems, attackLines, offTopicFlood, writerRemoved, modLines, modRemovalsLines,
		linkIntrosComment, linkLabels} {
		all = append(all, l...)
	}
	for _, sec := range w.sections {
		for range sec.regions {
			g.bind(sec, testNow)
			for _, tmpl := range all {
				g.out = g.out[:0]
				g.expand(tmpl, 0)
				if out := string(g.out); strings.ContainsAny(out, "{}") {
					t.Fatalf("%q expands to %q", tmpl, out)
				}
			}
		}
	}
}

func TestWorld(t *testing.T) {
	domains := make(map[string]bool)
	check := func(o outlet) {
		if !strings.HasSuffix(o.domain, ".example") || domains[o.domain] {
			t.Errorf("outlet domain %q: not .example or used twice", o.domain)
		}
		domains[o.domain] = true
		if o.lang == "" {
			t.Errorf("outlet %q has no language", o.domain)
		}
	}
	for _, r := range regionDefs {
		if len(r.countries) < 2 || len(r.places) < 2 || len(r.people) == 0 || len(r.armed) == 0 ||
			len(r.parties) == 0 || len(r.bodies) == 0 || len(r.outlets) == 0 {
			t.Errorf("region %s lacks something a template may name", r.key)
		}
		for _, o := range r.outlets {
			check(o)
		}
		for _, e := range r.places {
			if e.home < 0 || e.home >= len(r.countries) {
				t.Errorf("place %q has no country", e.name)
			}
		}
	}
	for _, o := range wires {
		check(o)
	}
	for _, sec := range theWorld.sections {
		if len(sec.regions) == 0 || slicesContainNil(sec.regions) {
			t.Errorf("section %q: unknown region in %q", sec.spec.name, sec.spec.regions)
		}
		if len(sec.topics) == 0 || slicesContainNil(sec.topics) || sec.total == 0 {
			t.Errorf("section %q: unknown topic in %q", sec.spec.name, sec.spec.topics)
		}
		if sec.spec.extra != "" && sec.extra == nil {
			t.Errorf("section %q: unknown extra %q", sec.spec.name, sec.spec.extra)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Generate(1, testNow, time.UTC, 30)
	}
}

func containsPtr[T any](s []*T, p *T) bool {
	for _, q := range s {
		if q == p {
			return true
		}
	}
	return false
}

func slicesContainNil[T any](s []*T) bool { return containsPtr(s, nil) }

func meanViews(ps []*burg.Post) float64 {
	var sum int64
	for _, p := range ps {
		sum += p.Views
	}
	return float64(sum) / float64(len(ps))
}

func checkShare(t *testing.T, what string, n, of int, lo, hi float64) {
	t.Helper()
	if got := float64(n) / float64(of); got < lo || got > hi {
		t.Errorf("%s: %d of %d (%.0f%%), want %.0f–%.0f%%", what, n, of, got*100, lo*100, hi*100)
	}
}
