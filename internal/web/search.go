package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
)

// searchPage is the search form and a page of its results.
type searchPage struct {
	base
	Form   app.SearchInput
	Error  string
	Hits   []searchHitView
	Total  int
	Capped bool
	Sorted burg.SearchSort
	Window int
	Pager  pager
	Asked  bool   // a search was made (the form was not empty)
	Seen   string // the search as understood, in the box's syntax
	// FromType and ToType are the day fields' input types: a day typed
	// badly comes back in a text field, which can hold it.
	FromType, ToType string
}

// searchHitView is one hit ready to show: its title and snippet are HTML
// made here from the store's plain parts, every part escaped.
type searchHitView struct {
	Post      *postView
	Title     template.HTML
	Snippet   template.HTML
	CommentID int64
}

// snippetHTML escapes each part of a highlighted text and wraps the hits
// in <mark>: the store returns plain text, never HTML.
func snippetHTML(parts []burg.SnippetPart) template.HTML {
	var b strings.Builder
	for _, p := range parts {
		if p.Hit {
			b.WriteString("<mark>")
			b.WriteString(template.HTMLEscapeString(p.Text))
			b.WriteString("</mark>")
		} else {
			b.WriteString(template.HTMLEscapeString(p.Text))
		}
	}
	return template.HTML(b.String())
}

// searchParams are the query parameters of the search page.
var searchParams = []string{"q", "section", "tag", "by", "from", "to", "sort", "comments"}

// handleSearch is the search page: the form, as typed, and a page of the
// posts a reader may see that match it.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	in := app.SearchInput{Text: v.Get("q"), Section: v.Get("section"), Tag: v.Get("tag"), Poster: v.Get("by"),
		From: v.Get("from"), To: v.Get("to"), Sort: v.Get("sort"), Comments: v.Get("comments") != "", Cursor: v.Get("cursor")}
	if in.Text = strings.TrimSpace(in.Text); len(in.Text) > 4*burg.MaxSearchLen {
		in.Text = in.Text[:4*burg.MaxSearchLen] // the parser clips to characters; bound the bytes first
	}
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	p := &searchPage{base: s.base(r, "Search"), Form: in}
	p.Query = strings.ToValidUTF8(in.Text, "\uFFFD")
	p.Form.Text = p.Query
	p.NoIndex = true
	p.Canonical = "/search"
	p.FromType, p.ToType = dayInputType(in.From), dayInputType(in.To)
	status := http.StatusOK
	if pg := v.Get("page"); pg != "" {
		n, err := strconv.Atoi(pg)
		if err != nil || n < 1 {
			s.error(w, r, burg.Errorf(burg.EINVALID, "%q is not a page number.", burg.Clip(pg, 20)))
			return
		}
		in.Page = n
	}
	res, err := s.caches.searches.get(in, s.now(), func() (app.SearchPage, error) { return s.app.Search(ctx, in) })
	if err != nil {
		if burg.ErrorCode(err) == burg.ENOTFOUND {
			s.error(w, r, err)
			return
		}
		s.failed(w, r, err, func(st int, msg string) { status, p.Error = st, msg })
		if p.Error == "" {
			return // s.failed answered
		}
	} else {
		p.Asked = res.Query.Searchable()
		p.Seen = res.Query.String()
		p.Total, p.Capped, p.Sorted, p.Window = res.Results.Total, res.Results.TotalCapped, res.Results.Sort, res.Results.RankWindow
		for _, h := range res.Results.Hits {
			p.Hits = append(p.Hits, searchHitView{Post: hitView(h.Post), Title: snippetHTML(h.Title),
				Snippet: snippetHTML(h.Snippet), CommentID: h.CommentID})
		}
		link := searchLink(v)
		p.Pager = pager{Page: res.Page, Pages: res.Pages, Total: res.Results.Total, More: res.Results.TotalCapped}
		if res.Page > 1 {
			p.Pager.Prev = withPage(link, res.Page-1)
		}
		switch {
		case res.Page > 0 && res.Page < res.Pages:
			p.Pager.Next = withPage(link, res.Page+1)
		case res.Next != "":
			p.Pager.Next = withQuery(link, "cursor", url.QueryEscape(res.Next))
		}
	}
	if err := s.withChrome(ctx, &p.base); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, status, "search", p)
}

// hitView prepares what the results show of a hit's post: not its body,
// which would be rendered for nothing.
func hitView(p *burg.Post) *postView {
	return &postView{Post: p, ID: p.ID, Title: p.Title, Slug: p.Slug, SourceURL: p.SourceURL, SourceTag: p.SourceTag,
		PostedAt: p.PostedAt, Section: p.Section, Poster: p.Poster, Tags: p.Tags, CommentCount: p.CommentCount,
		Views: p.Views, URL: postURL(p)}
}

// searchLink is the address of a search's first page, with the
// parameters the form sent and no others.
func searchLink(v url.Values) string {
	q := url.Values{}
	for _, name := range searchParams {
		if x := v.Get(name); x != "" {
			q.Set(name, x)
		}
	}
	return "/search?" + q.Encode()
}

// dayInputType is "date" for a field holding a day or nothing, "text"
// for one holding something else.
func dayInputType(v string) string {
	if _, err := time.Parse(burg.DateLayout, v); v != "" && err != nil {
		return "text"
	}
	return "date"
}
