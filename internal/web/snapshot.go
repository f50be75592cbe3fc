package web

import (
	"bytes"
	"compress/gzip"
	"html/template"
	"io"
	"net/http"
	"strings"

	burg "github.com/burg-news/burg"
)

// snapshotPolicy is the Content-Security-Policy of archived copies: a
// sandbox with nothing allowed, so that a copy of someone else's page
// can neither run script nor load anything on our origin.
const snapshotPolicy = "sandbox; default-src 'none'"

// snapshotPage is the archived copy of a post's source.
type snapshotPage struct {
	Post       *burg.Post
	PostURL    string
	Snapshot   *burg.Snapshot
	Paragraphs []string
	Dead       bool
}

// snapshotTemplate is a page of its own, without the site's layout: it
// is served sandboxed, where the site's scripts and styles would not run
// anyway. The text is escaped like any other.
var snapshotTemplate = template.Must(template.New("snapshot").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>Archived copy: {{.Snapshot.Title}}</title>
</head>
<body>
<header>
<p>This is the copy Burg kept of <a href="{{.Snapshot.URL}}" rel="nofollow noopener">{{.Snapshot.URL}}</a>,
fetched on <time datetime="{{.Snapshot.FetchedAt.Format "2006-01-02T15:04:05Z07:00"}}">{{.Snapshot.FetchedAt.Format "2006-01-02 15:04 MST"}}</time>,
for the post <a href="{{.PostURL}}">{{.Post.Title}}</a>.{{if .Dead}} The source no longer answers.{{end}}
Only its text is shown; <a href="{{.PostURL}}/archive/raw">the page as fetched</a> is kept too.</p>
</header>
<main>
<h1>{{.Snapshot.Title}}</h1>
{{range .Paragraphs}}<p>{{.}}</p>
{{end}}</main>
</body>
</html>
`))

// snapshotOf reads a live post and its snapshot.
func (s *Server) snapshotOf(w http.ResponseWriter, r *http.Request, raw bool) (*burg.Post, *burg.Snapshot, bool) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	id, err := parseID(r.PathValue("id"), "post")
	if err != nil {
		s.error(w, r, err)
		return nil, nil, false
	}
	post, err := s.store.FindPost(ctx, id)
	if err != nil {
		s.error(w, r, err)
		return nil, nil, false
	}
	sn, err := s.store.FindSnapshot(ctx, id, raw)
	if burg.ErrorCode(err) == burg.ENOTFOUND {
		err = burg.Errorf(burg.ENOTFOUND, "No copy of this post's source is kept.")
	}
	if err != nil {
		s.error(w, r, err)
		return nil, nil, false
	}
	return post, sn, true
}

// sandboxed sets the headers of a copy of someone else's page.
func sandboxed(w http.ResponseWriter, contentType string) {
	h := w.Header()
	h.Set("Content-Security-Policy", snapshotPolicy)
	h.Set("Content-Type", contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Robots-Tag", "noindex")
	h.Set("Cache-Control", "public, max-age=300")
}

// handleSnapshotShow serves the readable text of a post's source as Burg
// fetched it, sandboxed.
func (s *Server) handleSnapshotShow(w http.ResponseWriter, r *http.Request) {
	post, sn, ok := s.snapshotOf(w, r, false)
	if !ok {
		return
	}
	p := &snapshotPage{Post: post, PostURL: postURL(post), Snapshot: sn, Dead: sn.DeadAt != nil}
	for para := range strings.SplitSeq(sn.Text, "\n\n") {
		if para = strings.TrimSpace(para); para != "" {
			p.Paragraphs = append(p.Paragraphs, para)
		}
	}
	if p.Snapshot.Title == "" {
		p.Snapshot.Title = post.Title
	}
	var buf bytes.Buffer
	if err := snapshotTemplate.Execute(&buf, p); err != nil {
		s.error(w, r, err)
		return
	}
	sandboxed(w, "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

// handleSnapshotRaw serves the source's page as it was fetched, as plain
// text: never as HTML on our origin.
func (s *Server) handleSnapshotRaw(w http.ResponseWriter, r *http.Request) {
	_, sn, ok := s.snapshotOf(w, r, true)
	if !ok {
		return
	}
	zr, err := gzip.NewReader(bytes.NewReader(sn.Raw))
	if err != nil {
		s.error(w, r, err)
		return
	}
	body, err := io.ReadAll(io.LimitReader(zr, burg.MaxSnapshotRaw+1))
	if err != nil {
		s.error(w, r, err)
		return
	}
	sandboxed(w, "text/plain; charset=utf-8")
	w.Write(body)
}
