package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

// postListParams are the query parameters /api/v1/posts reads.
var postListParams = []string{"section", "tag", "poster", "from", "to", "q", "limit", "cursor"}

// handleAPIPosts lists live posts, newest first, filtered like a search.
// Without q the listing is the store's keyset order (cursor
// MICROSECONDS-ID); with q it is the full-text search by date, whose
// cursor is the store's.
func (s *Server) handleAPIPosts(w http.ResponseWriter, r *http.Request) {
	s.cachedJSON(w, r, postListParams, func(ctx context.Context) (any, []string, error) {
		q := r.URL.Query()
		limit, from, until, words, err := s.apiSearchArgs(q)
		if err != nil {
			return nil, nil, err
		}
		out := apiPostList{Posts: []apiPost{}}
		if words != "" {
			sq := burg.ParseSearchIn(words, s.cfg.Location)
			if err := s.searchFilters(ctx, q, &sq, from, until); err != nil {
				return nil, nil, err
			}
			sq.Sort, sq.Limit, sq.Cursor = burg.SortDate, limit, q.Get("cursor")
			res, err := s.store.SearchPosts(ctx, sq)
			if err != nil {
				return nil, nil, err
			}
			var posts []*burg.Post
			for _, h := range res.Hits {
				out.Posts = append(out.Posts, s.apiPostOf(h.Post))
				posts = append(posts, h.Post)
			}
			out.NextCursor, out.Next = res.Next, s.nextURL(r, res.Next)
			return out, append(postDeps(posts), depComments), nil
		}
		f := burg.PostFilter{From: from, Until: until, Limit: limit + 1}
		if err := s.postFilters(ctx, q, &f); err != nil {
			return nil, nil, err
		}
		if v := q.Get("cursor"); v != "" {
			if f.Before, err = parseCursor(v); err != nil {
				return nil, nil, err
			}
		}
		posts, _, err := s.store.FindPosts(ctx, f)
		if err != nil {
			return nil, nil, err
		}
		if len(posts) > limit {
			posts = posts[:limit]
			out.NextCursor = cursorString(burg.CursorOf(posts[limit-1]))
			out.Next = s.nextURL(r, out.NextCursor)
		}
		for _, p := range posts {
			out.Posts = append(out.Posts, s.apiPostOf(p))
		}
		return out, postDeps(posts), nil
	})
}

// postFilters resolves ?section=, ?tag= and ?poster= for a listing. A
// slug or nick that names nothing is ENOTFOUND, as its page would be.
func (s *Server) postFilters(ctx context.Context, q url.Values, f *burg.PostFilter) error {
	if v := q.Get("section"); v != "" {
		sec, err := s.store.FindSectionBySlug(ctx, v)
		if err != nil {
			return err
		}
		f.SectionID = sec.ID
	}
	if v := q.Get("tag"); v != "" {
		tag, err := s.store.FindTagBySlug(ctx, v)
		if err != nil {
			return err
		}
		f.TagID = tag.ID
	}
	if v := q.Get("poster"); v != "" {
		u, err := s.store.FindUserByNick(ctx, v)
		if err != nil {
			return err
		}
		f.PosterID = u.ID
	}
	return nil
}

// searchFilters adds the parameters ?section=, ?tag=, ?poster=, ?from=
// and ?to= to a parsed search; they win over the same filters typed in
// q.
func (s *Server) searchFilters(ctx context.Context, q url.Values, sq *burg.SearchQuery, from, until time.Time) error {
	var f burg.PostFilter
	if err := s.postFilters(ctx, q, &f); err != nil {
		return err
	}
	sq.SectionID, sq.TagID, sq.PosterID = f.SectionID, f.TagID, f.PosterID
	if !from.IsZero() {
		sq.From = from
	}
	if !until.IsZero() {
		sq.Until = until
	}
	return nil
}

// handleAPIPost serves one live post with its comments, read as its page
// reads it.
func (s *Server) handleAPIPost(w http.ResponseWriter, r *http.Request) {
	s.cachedJSON(w, r, nil, func(ctx context.Context) (any, []string, error) {
		id, err := parseID(r.PathValue("id"), "post")
		if err != nil {
			return nil, nil, err
		}
		art, err := s.article(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		p := art.post
		v := s.view(p)
		out := apiPostDetail{apiPost: s.apiPostOf(p), BodyHTML: string(v.Body), Remarks: []apiRemark{}, Comments: []apiComment{}}
		for _, rm := range v.Remarks {
			nick := ""
			if rm.User != nil {
				nick = rm.User.Nick
			}
			out.Remarks = append(out.Remarks, apiRemark{Nick: nick, BodyHTML: string(rm.Body)})
		}
		path := postURL(p)
		for _, c := range art.comments {
			if c.State == burg.CommentHeld {
				continue // waiting for a moderator: no reader sees it
			}
			out.Comments = append(out.Comments, s.apiCommentOf(c, path))
		}
		return out, threadDeps(p.ID), nil
	})
}

// handleAPISections lists the sections in the order of the edition.
func (s *Server) handleAPISections(w http.ResponseWriter, r *http.Request) {
	s.cachedJSON(w, r, nil, func(ctx context.Context) (any, []string, error) {
		secs, err := s.store.FindSections(ctx)
		if err != nil {
			return nil, nil, err
		}
		out := struct {
			Sections []apiSection `json:"sections"`
		}{Sections: []apiSection{}}
		for _, sec := range secs {
			a := apiSection{ID: sec.ID, Name: sec.Name, Slug: sec.Slug, URL: s.abs("/sections/" + sec.Slug), Position: sec.Position}
			if pg := sec.Page; pg != nil {
				a.Page = apiPage{ID: pg.ID, Name: pg.Name, Slug: pg.Slug}
			} else {
				a.Page.ID = sec.PageID
			}
			out.Sections = append(out.Sections, a)
		}
		return out, nil, nil
	})
}

// handleAPITags lists the tags.
func (s *Server) handleAPITags(w http.ResponseWriter, r *http.Request) {
	s.cachedJSON(w, r, nil, func(ctx context.Context) (any, []string, error) {
		tags, err := s.store.FindTags(ctx)
		if err != nil {
			return nil, nil, err
		}
		out := struct {
			Tags []apiTag `json:"tags"`
		}{Tags: []apiTag{}}
		for _, t := range tags {
			aliases := t.Aliases
			if aliases == nil {
				aliases = []string{}
			}
			out.Tags = append(out.Tags, apiTag{ID: t.ID, Name: t.Name, Slug: t.Slug, URL: s.abs("/tags/" + t.Slug),
				Description: t.Description, Kind: t.Kind, Aliases: aliases, Retired: t.RetiredAt != nil})
		}
		return out, nil, nil
	})
}

// apiSearchArgs reads what /posts and /search share: the page size, the
// days and the words.
func (s *Server) apiSearchArgs(q url.Values) (limit int, from, until time.Time, words string, err error) {
	if limit, err = apiLimit(q, burg.DefaultSearchLimit, burg.MaxSearchLimit); err != nil {
		return
	}
	if from, until, err = s.apiDays(q); err != nil {
		return
	}
	words, err = apiText(q, "q", burg.MaxSearchLen)
	return
}

// apiSearchParams are the query parameters /api/v1/search reads.
var apiSearchParams = []string{"q", "section", "tag", "poster", "from", "to", "sort", "comments", "limit", "cursor"}

// handleAPISearch is the full-text search: q in the search box's syntax,
// hits with highlighted titles and snippets. Relevance pages are reached
// by offset (cursor o:N), date pages by the store's cursor (d:CURSOR).
func (s *Server) handleAPISearch(w http.ResponseWriter, r *http.Request) {
	s.cachedJSON(w, r, apiSearchParams, func(ctx context.Context) (any, []string, error) {
		q := r.URL.Query()
		limit, from, until, words, err := s.apiSearchArgs(q)
		if err != nil {
			return nil, nil, err
		}
		sq := burg.ParseSearchIn(words, s.cfg.Location)
		if err := s.searchFilters(ctx, q, &sq, from, until); err != nil {
			return nil, nil, err
		}
		switch v := q.Get("sort"); v {
		case "", string(burg.SortRelevance), string(burg.SortDate):
			sq.Sort = burg.SearchSort(v)
		default:
			return nil, nil, burg.Errorf(burg.EINVALID, "sort is relevance or date, not %q.", burg.Clip(v, 40))
		}
		switch v := q.Get("comments"); v {
		case "", "0", "false":
		case "1", "true":
			sq.IncludeComments = true
		default:
			return nil, nil, burg.Errorf(burg.EINVALID, "comments is true or false, not %q.", burg.Clip(v, 40))
		}
		sq.Limit = limit
		if c := q.Get("cursor"); c != "" {
			kind, rest, _ := strings.Cut(c, ":")
			switch {
			case kind == "d" && rest != "" && sq.Sort == burg.SortDate:
				sq.Cursor = rest
			case kind == "o" && sq.Sort != burg.SortDate:
				n, err := strconv.Atoi(rest)
				if err != nil || n < 0 {
					return nil, nil, burg.Errorf(burg.EINVALID, "%q is not a place in these results.", burg.Clip(c, 40))
				}
				sq.Offset = n
			default:
				return nil, nil, burg.Errorf(burg.EINVALID, "%q is not a place in these results.", burg.Clip(c, 40))
			}
		}
		out := apiSearch{Query: sq.String(), Sort: string(burg.SortRelevance), Hits: []apiHit{}}
		if !sq.Searchable() {
			return out, nil, nil
		}
		res, err := s.store.SearchPosts(ctx, sq)
		if err != nil {
			return nil, nil, err
		}
		out.Sort, out.Total, out.TotalCapped, out.RankWindow = string(res.Sort), res.Total, res.TotalCapped, res.RankWindow
		var posts []*burg.Post
		for _, h := range res.Hits {
			posts = append(posts, h.Post)
			out.Hits = append(out.Hits, apiHit{Post: s.apiPostOf(h.Post), Rank: h.Rank,
				Title: apiParts(h.Title), TitleHTML: marked(h.Title), Snippet: apiParts(h.Snippet), SnippetHTML: marked(h.Snippet),
				CommentID: h.CommentID})
		}
		switch {
		case res.Sort == burg.SortDate && res.Next != "":
			out.NextCursor = "d:" + res.Next
		case res.Sort != burg.SortDate && len(res.Hits) == limit && sq.Offset+limit < res.Total:
			out.NextCursor = "o:" + strconv.Itoa(sq.Offset+limit)
		}
		out.Next = s.nextURL(r, out.NextCursor)
		return out, append(postDeps(posts), depComments), nil
	})
}

func apiParts(parts []burg.SnippetPart) []apiSnippetPart {
	out := make([]apiSnippetPart, len(parts))
	for i, p := range parts {
		out[i] = apiSnippetPart{Text: p.Text, Hit: p.Hit}
	}
	return out
}

// marked writes parts as HTML: each escaped, hits in <mark>.
func marked(parts []burg.SnippetPart) string {
	var b strings.Builder
	for _, p := range parts {
		if p.Hit {
			b.WriteString("<mark>")
		}
		b.WriteString(template.HTMLEscapeString(p.Text))
		if p.Hit {
			b.WriteString("</mark>")
		}
	}
	return b.String()
}

// commentListParams are the query parameters /api/v1/comments reads.
var commentListParams = []string{"since", "limit", "cursor"}

// handleAPIComments lists the latest live comments across posts, newest
// first, back to ?since= (an RFC 3339 time or a day).
func (s *Server) handleAPIComments(w http.ResponseWriter, r *http.Request) {
	s.cachedJSON(w, r, commentListParams, func(ctx context.Context) (any, []string, error) {
		q := r.URL.Query()
		limit, err := apiLimit(q, burg.DefaultCommentListLimit, burg.MaxCommentListLimit)
		if err != nil {
			return nil, nil, err
		}
		// One more than a page shows whether there is another beyond it;
		// a page of the most the store gives cannot tell, and gives a
		// cursor that may lead to an empty page.
		f := burg.CommentListFilter{Limit: min(limit+1, burg.MaxCommentListLimit)}
		if v := q.Get("since"); v != "" {
			if f.Since, err = time.Parse(time.RFC3339Nano, v); err != nil {
				if f.Since, err = s.parseDay(v); err != nil {
					return nil, nil, burg.Errorf(burg.EINVALID, "since is a time such as 2026-03-14T15:30:00Z or a day such as 2026-03-14, not %q.", burg.Clip(v, 40))
				}
			}
		}
		if v := q.Get("cursor"); v != "" {
			if f.Before, err = parseCursor(v); err != nil {
				return nil, nil, err
			}
		}
		cs, err := s.store.FindCommentList(ctx, f)
		if err != nil {
			return nil, nil, err
		}
		out := apiCommentList{Comments: []apiComment{}}
		if len(cs) > limit || (len(cs) == limit && f.Limit == limit) {
			cs = cs[:limit]
			out.NextCursor = cursorString(burg.CommentCursorOf(cs[limit-1]))
		}
		for _, c := range cs {
			path := postURL(&burg.Post{ID: c.PostID, Slug: c.PostSlug})
			a := s.apiCommentOf(c, path)
			a.Post = &apiPostOf{ID: c.PostID, Title: c.PostTitle, URL: s.abs(path)}
			out.Comments = append(out.Comments, a)
		}
		out.Next = s.nextURL(r, out.NextCursor)
		return out, []string{depComments}, nil
	})
}
