package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/markup"
)

// emailPage is "E-Mail this link": the article's title, source, text and
// address, and a mailto: link that opens the reader's mail program with
// them. The server sends no mail.
type emailPage struct {
	base
	Post   *postView
	Link   string // the article's absolute address
	Mailto template.URL
}

// mailtoTextLen bounds the article text put in a mailto: link: mail
// programs and browsers cut long links, and the article's address must
// survive.
const mailtoTextLen = 1500

// handlePostEmail shows the "E-Mail this link" page of an article.
func (s *Server) handlePostEmail(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.error(w, r, burg.Errorf(burg.ENOTFOUND, "There is no such post."))
		return
	}
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	post, err := s.app.ReaderPost(ctx, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := &emailPage{base: s.base(r, "E-Mail: "+post.Title), Post: s.view(post)}
	p.NoIndex = true
	p.Link = p.Origin + postURL(post)
	p.Mailto = mailto(post, p.Link)
	if err := s.withChrome(ctx, &p.base); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "email", p)
}

// mailto is a mailto: link with the article's title as the subject and
// its title, source, text (cut to mailtoTextLen) and address as the body.
// Every part is percent-encoded; "mailto:" is our own constant.
func mailto(p *burg.Post, link string) template.URL {
	var body strings.Builder
	body.WriteString(p.Title + "\n")
	if p.SourceURL != "" {
		src := p.SourceURL
		if p.SourceTag != "" {
			src = "[" + p.SourceTag + "] " + src
		}
		body.WriteString("Source: " + src + "\n")
	}
	body.WriteString("\n" + markup.Excerpt(p.Body, mailtoTextLen) + "\n\n" + link + "\n")
	q := url.Values{}
	q.Set("subject", p.Title)
	q.Set("body", body.String())
	return template.URL("mailto:?" + strings.ReplaceAll(q.Encode(), "+", "%20"))
}
