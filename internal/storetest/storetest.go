// Package storetest is the contract suite every burg.Store must pass. A
// store's own tests call Run with a function that opens an empty store;
// the suite then exercises every method of burg.Store, its error codes,
// filters and orderings, on that store.
//
// Tests run in parallel, each on a store of its own (tests that only read
// share one per group), so open must be safe to call from several
// goroutines at once and must give back an empty, migrated store that it
// closes with t.Cleanup.
package storetest

import (
	"slices"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

// opener opens an empty store for the test t and arranges, with t.Cleanup,
// for it to be closed and removed when t ends.
type opener = func(t *testing.T) burg.Store

// Run runs the contract suite on the stores open gives, with one subtest
// per store method and one below it per behaviour, such as
// "CreatePost/ErrNoTitle" or "FindPosts/ByTag". open gives an empty,
// migrated store for the test it is passed and closes it with t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) burg.Store) {
	t.Run("CreatePage", func(t *testing.T) { testCreatePage(t, open) })
	t.Run("FindPages", func(t *testing.T) { testFindPages(t, open) })
	t.Run("FindPageBySlug", func(t *testing.T) { testFindPageBySlug(t, open) })
	t.Run("CreateSection", func(t *testing.T) { testCreateSection(t, open) })
	t.Run("UpdateSection", func(t *testing.T) { testUpdateSection(t, open) })
	t.Run("FindSections", func(t *testing.T) { testFindSections(t, open) })
	t.Run("FindSectionBySlug", func(t *testing.T) { testFindSectionBySlug(t, open) })

	t.Run("CreateUser", func(t *testing.T) { testCreateUser(t, open) })
	t.Run("UpdateUser", func(t *testing.T) { testUpdateUser(t, open) })
	t.Run("FindUser", func(t *testing.T) { testFindUser(t, open) })
	t.Run("FindUserByNick", func(t *testing.T) { testFindUserByNick(t, open) })
	t.Run("FindUsers", func(t *testing.T) { testFindUsers(t, open) })

	t.Run("CreateTag", func(t *testing.T) { testCreateTag(t, open) })
	t.Run("FindTagBySlug", func(t *testing.T) { testFindTagBySlug(t, open) })
	t.Run("FindTags", func(t *testing.T) { testFindTags(t, open) })
	t.Run("CountTags", func(t *testing.T) { testCountTags(t, open) })

	t.Run("CreatePost", func(t *testing.T) { testCreatePost(t, open) })
	t.Run("CreatePosts", func(t *testing.T) { testCreatePosts(t, open) })
	t.Run("FindPost", func(t *testing.T) { testFindPost(t, open) })
	t.Run("FindPosts", func(t *testing.T) { testFindPosts(t, open) })
	t.Run("FindPostsCursor", func(t *testing.T) { testFindPostsCursor(t, open) })
	t.Run("FindPostsListing", func(t *testing.T) { testFindPostsListing(t, open) })
	t.Run("FindRelated", func(t *testing.T) { testFindRelated(t, open) })
	t.Run("AddViews", func(t *testing.T) { testAddViews(t, open) })
	t.Run("CountPostsByDay", func(t *testing.T) { testCountPostsByDay(t, open) })

	t.Run("SiteCounts", func(t *testing.T) { testSiteCounts(t, open) })
	t.Run("Ping", func(t *testing.T) { testPing(t, open) })
	t.Run("Ready", func(t *testing.T) { testReady(t, open) })

	t.Run("CreateSession", func(t *testing.T) { testCreateSession(t, open) })
	t.Run("FindSession", func(t *testing.T) { testFindSession(t, open) })
	t.Run("DeleteSession", func(t *testing.T) { testDeleteSession(t, open) })
	t.Run("DeleteUserSessions", func(t *testing.T) { testDeleteUserSessions(t, open) })
	t.Run("LoginFailures", func(t *testing.T) { testLoginFailures(t, open) })

	t.Run("OriginalBody", func(t *testing.T) { testOriginalBody(t, open) })
	t.Run("FindPostIncludingDeleted", func(t *testing.T) { testFindPostIncludingDeleted(t, open) })
	t.Run("FindPostBySourceURL", func(t *testing.T) { testFindPostBySourceURL(t, open) })
	t.Run("UpdatePost", func(t *testing.T) { testUpdatePost(t, open) })
	t.Run("DeletePost", func(t *testing.T) { testDeletePost(t, open) })
	t.Run("FindPostRevisions", func(t *testing.T) { testFindPostRevisions(t, open) })
	t.Run("AddRemark", func(t *testing.T) { testAddRemark(t, open) })

	t.Run("CreateSubmission", func(t *testing.T) { testCreateSubmission(t, open) })
	t.Run("FindSubmission", func(t *testing.T) { testFindSubmission(t, open) })
	t.Run("FindSubmissions", func(t *testing.T) { testFindSubmissions(t, open) })
	t.Run("ApproveSubmission", func(t *testing.T) { testApproveSubmission(t, open) })
	t.Run("RejectSubmission", func(t *testing.T) { testRejectSubmission(t, open) })
	t.Run("SetSetting", func(t *testing.T) { testSetSetting(t, open) })
	t.Run("Sources", func(t *testing.T) { testSources(t, open) })

	t.Run("CreateComment", func(t *testing.T) { testCreateComment(t, open) })
	t.Run("CreateComments", func(t *testing.T) { testCreateComments(t, open) })
	t.Run("BulkLoad", func(t *testing.T) { testBulkLoad(t, open) })
	t.Run("FindComment", func(t *testing.T) { testFindComment(t, open) })
	t.Run("FindComments", func(t *testing.T) { testFindComments(t, open) })
	t.Run("FindCommentsAfter", func(t *testing.T) { testFindCommentsAfter(t, open) })
	t.Run("FindCommentsFrom", func(t *testing.T) { testFindCommentsFrom(t, open) })
	t.Run("FindLatestComments", func(t *testing.T) { testFindLatestComments(t, open) })
	t.Run("FindCommentList", func(t *testing.T) { testFindCommentList(t, open) })
	t.Run("UpdateCommentBody", func(t *testing.T) { testUpdateCommentBody(t, open) })
	t.Run("DeleteComment", func(t *testing.T) { testDeleteComment(t, open) })
	t.Run("FindCommentRevisions", func(t *testing.T) { testFindCommentRevisions(t, open) })
	t.Run("FindVisitor", func(t *testing.T) { testFindVisitor(t, open) })
	t.Run("TouchVisitors", func(t *testing.T) { testTouchVisitors(t, open) })
	t.Run("Setting", func(t *testing.T) { testSetting(t, open) })

	t.Run("CreateBan", func(t *testing.T) { testCreateBan(t, open) })
	t.Run("FindBans", func(t *testing.T) { testFindBans(t, open) })
	t.Run("DeleteBan", func(t *testing.T) { testDeleteBan(t, open) })
	t.Run("FindActiveBan", func(t *testing.T) { testFindActiveBan(t, open) })
	t.Run("CountCommentsSince", func(t *testing.T) { testCountCommentsSince(t, open) })

	runVoice(t, open)
	RunSearch(t, open)
	runMoving(t, open)
	runRender(t, open)
	runModeration(t, open)
}

// test runs fn as a parallel subtest on a store of its own.
func test(t *testing.T, name string, open opener, fn func(t *testing.T, s burg.Store)) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		t.Parallel()
		fn(t, open(t))
	})
}

// read runs fn as a parallel subtest that only reads, on a store shared
// with its siblings.
func read(t *testing.T, name string, fn func(t *testing.T)) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		t.Parallel()
		fn(t)
	})
}

// must stops the test on an unexpected error.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// wantCode checks that err carries the domain error code want.
func wantCode(t *testing.T, err error, want string) {
	t.Helper()
	if got := burg.ErrorCode(err); got != want {
		t.Fatalf("error code: got %q (err %v), want %q", got, err, want)
	}
	if want != burg.EINTERNAL && burg.ErrorMessage(err) == "" {
		t.Errorf("error %v has no message to show", err)
	}
}

// checkTime checks that got is want, in UTC.
func checkTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
	if got.Location() != time.UTC {
		t.Errorf("%s: got location %v, want UTC", what, got.Location())
	}
}

// checkTimePtr checks that got and want are both nil or the same instant
// in UTC.
func checkTimePtr(t *testing.T, what string, got, want *time.Time) {
	t.Helper()
	switch {
	case got == nil && want == nil:
	case got == nil || want == nil:
		t.Errorf("%s: got %v, want %v", what, got, want)
	default:
		checkTime(t, what, *got, *want)
	}
}

// checkPage checks the fields of a page.
func checkPage(t *testing.T, got, want *burg.Page) {
	t.Helper()
	if got == nil {
		t.Fatalf("page: got nil, want %+v", want)
	}
	if *got != *want {
		t.Errorf("page: got %+v, want %+v", *got, *want)
	}
}

// checkSection checks the fields of a section and that its page is filled.
func checkSection(t *testing.T, got, want *burg.Section) {
	t.Helper()
	if got == nil {
		t.Fatalf("section: got nil, want %+v", want)
	}
	if got.ID != want.ID || got.PageID != want.PageID || got.Name != want.Name ||
		got.Slug != want.Slug || got.Position != want.Position {
		t.Errorf("section: got {ID:%d PageID:%d Name:%q Slug:%q Position:%d}, want {ID:%d PageID:%d Name:%q Slug:%q Position:%d}",
			got.ID, got.PageID, got.Name, got.Slug, got.Position,
			want.ID, want.PageID, want.Name, want.Slug, want.Position)
	}
	if got.Page == nil {
		t.Errorf("section %q: page not filled", got.Slug)
	} else if want.Page != nil {
		checkPage(t, got.Page, want.Page)
	}
}

// checkUser checks every field of a user.
func checkUser(t *testing.T, got, want *burg.User) {
	t.Helper()
	if got == nil {
		t.Fatalf("user: got nil, want %+v", want)
	}
	if got.ID != want.ID || got.Nick != want.Nick || got.Role != want.Role || got.Colour != want.Colour ||
		got.PasswordHash != want.PasswordHash || got.Disabled != want.Disabled {
		t.Errorf("user: got %+v, want %+v", *got, *want)
	}
	checkTime(t, "user created at", got.CreatedAt, want.CreatedAt)
}

// checkTag checks the fields of a tag that a post's tags carry; see
// checkEntry for the rest.
func checkTag(t *testing.T, got, want *burg.Tag) {
	t.Helper()
	if got == nil {
		t.Fatalf("tag: got nil, want %+v", want)
	}
	if got.ID != want.ID || got.Name != want.Name || got.Slug != want.Slug || got.Description != want.Description {
		t.Errorf("tag: got {ID:%d Name:%q Slug:%q Description:%q}, want {ID:%d Name:%q Slug:%q Description:%q}",
			got.ID, got.Name, got.Slug, got.Description, want.ID, want.Name, want.Slug, want.Description)
	}
}

// checkPost checks every stored field of a post and that its section,
// page, poster and tags are filled as want's are.
func checkPost(t *testing.T, got, want *burg.Post) {
	t.Helper()
	if got == nil {
		t.Fatalf("post: got nil, want %q", want.Title)
	}
	type fields struct {
		ID, SectionID, PosterID, Views       int64
		Title, Slug, SourceURL, SourceTag    string
		SourceLang, Note, Body, OriginalBody string
		LastCommentNick                      string
		CommentCount                         int
		BodyHTML, Text                       string
		NoDecoration                         bool
		RenderVersion                        int64
	}
	fieldsOf := func(p *burg.Post) fields {
		return fields{p.ID, p.SectionID, p.PosterID, p.Views, p.Title, p.Slug, p.SourceURL, p.SourceTag,
			p.SourceLang, p.Note, p.Body, p.OriginalBody, p.LastCommentNick, p.CommentCount,
			p.BodyHTML, p.Text, p.NoDecoration, p.RenderVersion}
	}
	if g, w := fieldsOf(got), fieldsOf(want); g != w {
		t.Errorf("post %q:\n got %+v\nwant %+v", want.Title, g, w)
	}
	checkTime(t, "posted at", got.PostedAt, want.PostedAt)
	checkTime(t, "updated at", got.UpdatedAt, want.UpdatedAt)
	checkTimePtr(t, "comments close at", got.CommentsCloseAt, want.CommentsCloseAt)
	checkTimePtr(t, "last comment at", got.LastCommentAt, want.LastCommentAt)
	checkTimePtr(t, "deleted at", got.DeletedAt, want.DeletedAt)

	if got.Section == nil {
		t.Errorf("post %q: section not filled", want.Title)
	} else if want.Section != nil {
		checkSection(t, got.Section, want.Section)
	}
	if got.Poster == nil {
		t.Errorf("post %q: poster not filled", want.Title)
	} else {
		if got.Poster.ID != got.PosterID {
			t.Errorf("post %q: poster ID got %d, want %d", want.Title, got.Poster.ID, got.PosterID)
		}
		if want.Poster != nil && (got.Poster.Nick != want.Poster.Nick || got.Poster.Role != want.Poster.Role) {
			t.Errorf("post %q: poster got %q (%s), want %q (%s)", want.Title,
				got.Poster.Nick, got.Poster.Role, want.Poster.Nick, want.Poster.Role)
		}
	}
	if g, w := tagSlugs(got.Tags), tagSlugs(want.Tags); !slices.Equal(g, w) {
		t.Errorf("post %q: tags got %q, want %q", want.Title, g, w)
	}
	for i, tag := range got.Tags {
		if i < len(want.Tags) && tag != nil {
			checkTag(t, tag, want.Tags[i])
		}
	}
}

// titles lists the titles of posts, to compare lists in a readable way.
func titles(posts []*burg.Post) []string {
	s := make([]string, len(posts))
	for i, p := range posts {
		s[i] = p.Title
	}
	return s
}

// tagSlugs lists the slugs of tags.
func tagSlugs(tags []*burg.Tag) []string {
	s := make([]string, len(tags))
	for i, tag := range tags {
		if tag == nil {
			s[i] = "<nil>"
			continue
		}
		s[i] = tag.Slug
	}
	return s
}
