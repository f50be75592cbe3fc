package web

import (
	"net/url"

	"github.com/burg-news/burg/internal/app"
)

// postForm is the fields of a post as the posting and editing forms show
// them; the application layer checks them.
type postForm = app.PostInput

// readPostInput reads the post fields from a form or query.
func readPostInput(v url.Values) app.PostInput {
	return app.PostInput{
		URL: v.Get("url"), Title: v.Get("title"), Body: v.Get("body"), Section: v.Get("section"),
		Tags: v.Get("tags"), SourceTag: v.Get("source_tag"), SourceLang: v.Get("source_lang"),
		Note: v.Get("note"), Original: v.Get("original"), PostedAt: v.Get("posted_at"),
	}.Trim()
}
