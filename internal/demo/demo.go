// Package demo generates the demo content of Burg: pages, sections, tags,
// users, a month or so of posts about an invented world and the comments
// of its readers, so that a person can look at the site as a reader would
// and tests and benchmarks have something realistic to work on.
//
// Everything is written for Burg: the countries, places, people, groups
// and newspapers are made up, and source links point at reserved .example
// domains that never resolve; commenters write from the address ranges
// kept for documentation. The same seed, time and location always give
// the same content.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/burg-news/burg"
)

// Site is generated demo content. Posts refer to sections, posters and
// tags by pointer; Load resolves IDs while storing.
type Site struct {
	Pages    []*burg.Page
	Sections []*burg.Section // Section.Page points into Pages
	// Tags are the names database: every named thing of the world, with
	// its kind, epithet and aliases, every topic, and the newspapers as
	// name-only entries.
	Tags []*burg.Tag
	// Swaps are the house voice's word swaps.
	Swaps []*burg.Swap
	// Users are the ten posters: one admin, three moderators with their
	// own colours and six posters. None has a password, so none can log
	// in until an admin sets one.
	Users []*burg.User
	// Posts are oldest first. Post.Section, Post.Poster and Post.Tags
	// point into the slices above; IDs, SectionID and PosterID are zero.
	Posts []*burg.Post
	// Comments are oldest first, across posts. Comment.Post points into
	// Posts and, for a moderator's comment, Comment.User into Users; IDs,
	// numbers, PostID and UserID are zero.
	Comments []*Comment
}

// Generate builds days days of content ending on the day of now (days
// taken in loc; a nil loc means UTC), deterministically for seed. Each day
// has 60–100 posts spread through the day as a news blog's are; on the day
// of now they fall between midnight and now. Times are in UTC.
//
// Comments follow the posts as a news blog's readers write them: most
// threads short, some long, and on the day of now one of over 1,000
// comments and one of over 300, however early in the day; in bursts after
// each post, fewer at night, none after now or after a post's comments
// close. They come from a few dozen regulars who return to many articles,
// a couple of thousand occasional readers under their Pic-a-Nic nicks,
// one-off commenters, spammers, and the moderators, who also remove
// comments.
func Generate(seed int64, now time.Time, loc *time.Location, days int) *Site {
	if loc == nil {
		loc = time.UTC
	}
	g := newGen(seed, theWorld)
	s := g.w.newSite()
	g.w.dress(s)
	g.site = s
	for _, u := range s.Users {
		if u.Role == burg.RoleModerator {
			g.moderators = append(g.moderators, u)
		}
	}
	y, m, d := now.In(loc).Date()
	first := time.Date(y, m, d-max(days, 1)+1, 0, 0, 0, 0, loc)
	for i, u := range s.Users {
		// Everyone joined well before the first post.
		u.CreatedAt = first.AddDate(0, 0, -120-37*i).Add(9 * time.Hour).UTC()
	}
	if days <= 0 {
		return s
	}
	s.Posts = make([]*burg.Post, 0, days*90)
	g.titles = make(map[string]struct{}, days*90)
	today := 0
	for i := days - 1; i >= 0; i-- {
		start := time.Date(y, m, d-i, 0, 0, 0, 0, loc)
		end := time.Date(y, m, d-i+1, 0, 0, 0, 0, loc)
		today = len(s.Posts)
		g.day(start, end, now)
	}
	// Comments come second, from where the posts left the generator, so
	// that the posts are the same with or without them.
	g.comments(now, loc, today)
	return s
}

// loadBatch is how many posts Load stores per transaction.
const loadBatch = 500

// Load stores s into an empty store: pages, sections, tags, swaps and
// users, then posts in batches through CreatePosts, then the comments
// through one CreateComments. It sets the IDs of everything it stores,
// each post's SectionID and PosterID from its Section and Poster, and each
// comment's PostID and UserID from its Post and User; post tags keep
// pointing at s.Tags, whose IDs are set by then.
// Loading into a store that already holds some of the names fails with the
// store's ECONFLICT; see Empty.
func Load(ctx context.Context, store burg.Store, s *Site) error {
	return LoadRendered(ctx, store, s, nil)
}

// LoadRendered is Load with the posts rendered as they are stored:
// renderer is called once the tags and swaps are stored and returns the
// function each post gets as its Render (the application layer's
// PostRenderer), so that the demo starts with every post's stored
// rendering made. A nil renderer stores the posts unrendered.
func LoadRendered(ctx context.Context, store burg.Store, s *Site, renderer func(context.Context) (func(*burg.Post), error)) error {
	for _, p := range s.Pages {
		if err := store.CreatePage(ctx, p); err != nil {
			return fmt.Errorf("create page %q: %w", p.Name, err)
		}
	}
	for _, sec := range s.Sections {
		if sec.Page == nil || sec.Page.ID == 0 {
			return fmt.Errorf("section %q: its page is not stored", sec.Name)
		}
		sec.PageID = sec.Page.ID
		if err := store.CreateSection(ctx, sec); err != nil {
			return fmt.Errorf("create section %q: %w", sec.Name, err)
		}
	}
	for _, t := range s.Tags {
		if err := store.CreateTag(ctx, t); err != nil {
			return fmt.Errorf("create tag %q: %w", t.Name, err)
		}
	}
	for _, sw := range s.Swaps {
		if err := store.CreateSwap(ctx, sw); err != nil {
			return fmt.Errorf("create swap %q: %w", sw.Term, err)
		}
	}
	for _, u := range s.Users {
		if err := store.CreateUser(ctx, u); err != nil {
			return fmt.Errorf("create user %q: %w", u.Nick, err)
		}
	}
	var render func(*burg.Post)
	if renderer != nil {
		var err error
		if render, err = renderer(ctx); err != nil {
			return fmt.Errorf("render posts: %w", err)
		}
	}
	for start := 0; start < len(s.Posts); start += loadBatch {
		batch := s.Posts[start:min(start+loadBatch, len(s.Posts))]
		for _, p := range batch {
			if p.Section == nil || p.Section.ID == 0 {
				return fmt.Errorf("post %q: its section is not stored", p.Title)
			}
			if p.Poster == nil || p.Poster.ID == 0 {
				return fmt.Errorf("post %q: its poster is not stored", p.Title)
			}
			for _, t := range p.Tags {
				if t.ID == 0 {
					return fmt.Errorf("post %q: tag %q is not stored", p.Title, t.Name)
				}
			}
			p.SectionID = p.Section.ID
			p.PosterID = p.Poster.ID
			for _, r := range p.Remarks {
				if r.User == nil || r.User.ID == 0 {
					return fmt.Errorf("post %q: the remark's moderator is not stored", p.Title)
				}
				r.UserID = r.User.ID
			}
			p.Render = render
		}
		if err := store.CreatePosts(ctx, batch); err != nil {
			return fmt.Errorf("create posts %d to %d: %w", start, start+len(batch)-1, err)
		}
	}
	if len(s.Comments) == 0 {
		return nil
	}
	s.holdRecentSpam()
	cs := make([]*burg.Comment, len(s.Comments))
	for i, c := range s.Comments {
		if c.Post == nil || c.Post.ID == 0 {
			return fmt.Errorf("comment %d: its post is not stored", i)
		}
		c.PostID = c.Post.ID
		if c.User != nil {
			if c.User.ID == 0 {
				return fmt.Errorf("comment %d: its writer %q is not stored", i, c.User.Nick)
			}
			c.UserID = c.User.ID
		}
		cs[i] = &c.Comment
	}
	// One transaction: on SQLite every commit past the first thousand
	// pages of the log also checkpoints it, so batches cost more than
	// they save.
	if err := store.CreateComments(ctx, cs); err != nil {
		return fmt.Errorf("create comments: %w", err)
	}
	return loadModeration(ctx, store, s)
}

// Empty reports whether store holds no pages, tags, users or posts: the
// state in which Load may fill it.
func Empty(ctx context.Context, store burg.Store) (bool, error) {
	pages, err := store.FindPages(ctx)
	if err != nil {
		return false, fmt.Errorf("find pages: %w", err)
	}
	tags, err := store.FindTags(ctx)
	if err != nil {
		return false, fmt.Errorf("find tags: %w", err)
	}
	users, err := store.FindUsers(ctx)
	if err != nil {
		return false, fmt.Errorf("find users: %w", err)
	}
	_, posts, err := store.FindPosts(ctx, burg.PostFilter{Limit: 1})
	if err != nil {
		return false, fmt.Errorf("find posts: %w", err)
	}
	return len(pages) == 0 && len(tags) == 0 && len(users) == 0 && posts == 0, nil
}
