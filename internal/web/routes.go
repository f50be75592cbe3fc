package web

import "net/http"

// routes lists every route of the site with its access group: public
// (anyone), member (a logged-in registered user), moderator, admin.
// Handlers never check a role themselves; what a member may do to one
// post (a poster edits their own) the application layer decides.
func (s *Server) routes() {
	m := s.mux
	route := func(pattern string, access func(http.HandlerFunc) http.Handler, h http.HandlerFunc) {
		m.Handle(pattern, routed(access(h)))
	}
	public, member, moderator, admin, staff := s.public, s.member, s.moderator, s.admin, s.staff

	// Reading.
	route("GET /{$}", public, s.handleEditionShow)
	route("GET /day/{date}", public, s.handleDayShow)
	route("GET /pages/{slug}", public, s.handlePageShow)
	route("GET /posts/{id}", public, s.handlePostShow)
	route("GET /posts/{id}/{slug}", public, s.handlePostShow)
	route("GET /posts/{id}/live", public, s.handleCommentStream)
	route("GET /posts/{id}/archive", public, s.handleSnapshotShow)    // the source's kept copy, sandboxed
	route("GET /posts/{id}/archive/raw", public, s.handleSnapshotRaw) // the same as fetched, as text
	route("GET /posts/{id}/email", public, s.handlePostEmail)
	route("GET /sections/{slug}", public, s.handleSectionShow)
	route("GET /tags/{slug}", public, s.handleTagShow)
	route("GET /posters/{nick}", public, s.handlePosterShow)
	route("GET /latest", public, s.handleLatestShow)
	route("GET /archives", public, s.handleArchiveIndex)
	route("GET /archives/{month}", public, s.handleArchiveMonth)
	route("GET /search", public, s.handleSearch)

	// Feeds.
	for _, f := range []struct{ file, format string }{{"feed.xml", "rss"}, {"atom.xml", "atom"}, {"feed.json", "json"}} {
		route("GET /"+f.file, public, s.handleFeed(f.format, "site"))
		route("GET /sections/{slug}/"+f.file, public, s.handleFeed(f.format, "section"))
		route("GET /tags/{slug}/"+f.file, public, s.handleFeed(f.format, "tag"))
		route("GET /posters/{nick}/"+f.file, public, s.handleFeed(f.format, "poster"))
	}
	route("GET /posts/{id}/comments.xml", public, s.handleCommentFeed("rss"))
	route("GET /posts/{id}/comments.atom", public, s.handleCommentFeed("atom"))

	// Discovery.
	route("GET /sitemap.xml", public, s.handleSitemapIndex)
	route("GET /sitemaps/{name}", public, s.handleSitemap)
	route("GET /robots.txt", public, s.handleRobots)

	// Commenting.
	route("POST /posts/{id}/comments", public, s.handleCommentCreate)
	route("GET /comments/{id}/edit", public, s.handleCommentEdit)      // the writer's own, from their browser
	route("POST /comments/{id}/edit", public, s.handleCommentUpdate)   // the writer's own, from their browser
	route("POST /comments/{id}/delete", public, s.handleCommentDelete) // the writer's own, from their browser
	route("POST /preview", public, s.handlePreview)
	route("GET /nick", public, s.handleNickNew)
	route("POST /uploads", public, s.handleUploadCreate)
	route("GET /uploads/{name}", public, s.handleUploadShow)

	// Accounts.
	route("GET /login", public, s.handleSessionNew)
	route("POST /login", public, s.handleSessionCreate)
	route("POST /logout", public, s.handleSessionDelete)

	// The posting desk: anyone may submit, as the site's policy allows.
	route("GET /submit", public, s.handleSubmitShow)
	route("POST /submit", public, s.handleSubmitCreate)
	route("GET /submit/done", public, s.handleSubmitDone)
	route("GET /bookmarklet", public, s.handleBookmarkletShow)

	// Editing posts: moderators any, posters their own. The GET pages stay
	// public so that a post whose slug is "edit" or "revisions" is still
	// shown at its address to readers; the application layer refuses the
	// rest.
	route("GET /posts/{id}/edit", public, s.handlePostEdit)
	route("GET /posts/{id}/revisions", public, s.handlePostRevisions)
	route("POST /posts/{id}/edit", member, s.handlePostUpdate)
	route("POST /posts/{id}/tags", moderator, s.handlePostRetag)
	route("POST /posts/{id}/comments-closing", moderator, s.handlePostCommentsClosing)
	route("POST /posts/{id}/delete", moderator, s.handlePostDelete)
	route("POST /posts/{id}/restore", moderator, s.handlePostRestore)

	// Moderation.
	route("GET /admin/queue", moderator, s.handleQueueIndex)
	route("POST /admin/queue/{id}/approve", moderator, s.handleSubmissionApprove)
	route("POST /admin/queue/{id}/reject", moderator, s.handleSubmissionReject)
	route("GET /mod/names", moderator, s.handleNameIndex)
	route("POST /mod/names", moderator, s.handleNameCreate)
	route("GET /mod/names/{id}", moderator, s.handleNameEdit)
	route("POST /mod/names/{id}", moderator, s.handleNameUpdate)
	route("POST /mod/names/{id}/merge", moderator, s.handleNameMerge)
	route("POST /mod/names/{id}/retire", moderator, s.handleNameRetire)
	route("POST /mod/names/{id}/restore", moderator, s.handleNameRestore)
	route("GET /mod/swaps", moderator, s.handleSwapIndex)
	route("POST /mod/swaps", moderator, s.handleSwapCreate)
	route("GET /mod/swaps/{id}", moderator, s.handleSwapEdit)
	route("POST /mod/swaps/{id}", moderator, s.handleSwapUpdate)
	route("POST /mod/swaps/{id}/delete", moderator, s.handleSwapDelete)
	route("GET /admin/sources", moderator, s.handleSourceIndex)
	route("POST /admin/sources", moderator, s.handleSourceCreate)
	route("POST /admin/sources/delete", moderator, s.handleSourceDelete)

	// Moderating comments: /mod/ is for moderators only, 403 for anyone
	// else, logged in or not, and never shared by a cache.
	route("GET /mod/queue", staff, s.handleHeldIndex)
	route("GET /mod/comments", staff, s.handleCommentSearch)
	route("POST /mod/comments/bulk", staff, s.handleCommentBulk)
	route("GET /mod/comments/{id}", staff, s.handleCommentWho)
	route("POST /mod/comments/{id}/redact", staff, s.handleCommentRedact)
	route("POST /mod/comments/{id}/restore", staff, s.handleCommentRestore)
	route("POST /mod/comments/{id}/approve", staff, s.handleCommentApprove)
	route("POST /mod/comments/{id}/edit", staff, s.handleCommentModEdit)
	route("POST /mod/comments/{id}/ban", staff, s.handleCommentBan)
	route("GET /mod/log", staff, s.handleAuditIndex)
	route("GET /mod/words", staff, s.handleWordIndex)
	route("POST /mod/words", staff, s.handleWordCreate)
	route("POST /mod/words/{id}/delete", staff, s.handleWordDelete)
	route("GET /mod/bans", staff, s.handleBanIndex)
	route("POST /mod/bans", staff, s.handleBanCreate)
	route("POST /mod/bans/{id}/delete", staff, s.handleBanDelete)
	route("GET /moderation", public, s.handlePublicLog) // when the site publishes its log

	// Running the site.
	route("GET /admin/users", admin, s.handleUserIndex)
	route("POST /admin/users", admin, s.handleUserCreate)
	route("POST /admin/users/{id}", admin, s.handleUserUpdate)
	route("POST /admin/users/{id}/disable", admin, s.handleUserDisable)
	route("POST /admin/users/{id}/enable", admin, s.handleUserEnable)
	route("POST /admin/users/{id}/password", admin, s.handleUserPasswordReset)
	route("GET /admin/settings", admin, s.handleSettingsShow)
	route("POST /admin/settings", admin, s.handleSettingsUpdate)

	// The read-only JSON API (api.go).
	for _, a := range s.apiRoutes() {
		route(a.Pattern, public, a.Handler)
	}

	// Plumbing.
	route("GET /colours.css", public, s.handleColours)
	route("POST /theme", public, s.handleTheme)
	route("GET /healthz", public, s.handleHealth)
	route("GET /readyz", public, s.handleReady)
	route("GET /favicon.ico", public, s.handleFavicon)
	route("GET /static/{name}", public, s.handleStatic)
	route("/", public, s.handleNotFound)

	// Operating: metrics and profiles, for admins, unless a listener of
	// their own serves them (--metrics-addr).
	if !s.cfg.OpsElsewhere {
		for _, o := range opsRoutes(s.metrics) {
			route(o.pattern, admin, o.handler)
		}
	}
}
