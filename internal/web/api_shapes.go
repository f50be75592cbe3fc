package web

import "time"

// The shapes of the JSON API's answers (docs/API.md): their field names
// are the API's contract.

// apiSectionRef is a section as a post names it.
type apiSectionRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// apiSection is a section with its page tab.
type apiSection struct {
	ID       int64   `json:"id"`
	Name     string  `json:"name"`
	Slug     string  `json:"slug"`
	URL      string  `json:"url"`
	Position int     `json:"position"`
	Page     apiPage `json:"page"`
}

// apiPage is a page tab of the edition.
type apiPage struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// apiTagRef is a tag as a post names it.
type apiTagRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// apiTag is a tag with its entry.
type apiTag struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Slug        string   `json:"slug"`
	URL         string   `json:"url"`
	Description string   `json:"description"`
	Kind        string   `json:"kind"`
	Aliases     []string `json:"aliases"`
	Retired     bool     `json:"retired"`
}

// apiPoster is the registered user who posted a post.
type apiPoster struct {
	ID   int64  `json:"id"`
	Nick string `json:"nick"`
	URL  string `json:"url"`
}

// apiPost is a post as listings show it.
type apiPost struct {
	ID            int64         `json:"id"`
	Title         string        `json:"title"`
	Slug          string        `json:"slug"`
	URL           string        `json:"url"`
	SourceURL     string        `json:"source_url"`
	SourceTag     string        `json:"source_tag"`
	SourceLang    string        `json:"source_lang"`
	Note          string        `json:"note"`
	PostedAt      time.Time     `json:"posted_at"`
	UpdatedAt     time.Time     `json:"updated_at"`
	Section       apiSectionRef `json:"section"`
	Poster        apiPoster     `json:"poster"`
	Tags          []apiTagRef   `json:"tags"`
	CommentCount  int           `json:"comment_count"`
	LastCommentAt *time.Time    `json:"last_comment_at"`
	CommentsOpen  bool          `json:"comments_open"`
}

// apiPostDetail is one post with its text, remarks and comments.
type apiPostDetail struct {
	apiPost
	BodyHTML string       `json:"body_html"`
	Remarks  []apiRemark  `json:"remarks"`
	Comments []apiComment `json:"comments"`
}

// apiRemark is a moderator's editorial remark on a post.
type apiRemark struct {
	Nick     string `json:"nick"`
	BodyHTML string `json:"body_html"`
}

// apiComment is a comment. A removed one keeps its place (id, num, time)
// and the reason given, never its text or author, as on the page.
type apiComment struct {
	ID            int64      `json:"id"`
	PostID        int64      `json:"post_id"`
	Num           int        `json:"num"`
	URL           string     `json:"url"`
	Nick          string     `json:"nick"`
	Website       string     `json:"website"`
	BodyHTML      string     `json:"body_html"`
	CreatedAt     time.Time  `json:"created_at"`
	Removed       bool       `json:"removed"`
	RemovedReason string     `json:"removed_reason"`
	Post          *apiPostOf `json:"post,omitempty"`
}

// apiPostOf names the post of a comment in a list across posts.
type apiPostOf struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// apiPostList is a page of posts.
type apiPostList struct {
	Posts      []apiPost `json:"posts"`
	NextCursor string    `json:"next_cursor"`
	Next       string    `json:"next"`
}

// apiCommentList is a page of comments across posts.
type apiCommentList struct {
	Comments   []apiComment `json:"comments"`
	NextCursor string       `json:"next_cursor"`
	Next       string       `json:"next"`
}

// apiSnippetPart is a piece of a highlighted title or passage.
type apiSnippetPart struct {
	Text string `json:"text"`
	Hit  bool   `json:"hit"`
}

// apiHit is one post found by a search.
type apiHit struct {
	Post        apiPost          `json:"post"`
	Rank        float64          `json:"rank"`
	Title       []apiSnippetPart `json:"title"`
	TitleHTML   string           `json:"title_html"`
	Snippet     []apiSnippetPart `json:"snippet"`
	SnippetHTML string           `json:"snippet_html"`
	CommentID   int64            `json:"comment_id"`
}

// apiSearch is a page of search results.
type apiSearch struct {
	Query       string   `json:"query"`
	Sort        string   `json:"sort"`
	Total       int      `json:"total"`
	TotalCapped bool     `json:"total_capped"`
	RankWindow  int      `json:"rank_window"`
	Hits        []apiHit `json:"hits"`
	NextCursor  string   `json:"next_cursor"`
	Next        string   `json:"next"`
}

// apiErrorBody is every error the API answers.
type apiErrorBody struct {
	Error apiError `json:"error"`
}

type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}
