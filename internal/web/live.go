package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// streamHeartbeat keeps idle live streams open through proxies.
const streamHeartbeat = 25 * time.Second

// handleCommentStream streams a post's new comments as Server-Sent Events,
// each a rendered comment. It starts after ?after=ID or the Last-Event-ID
// the browser sends when it reconnects.
func (s *Server) handleCommentStream(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r.PathValue("id"), "post")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if _, err := s.store.FindPost(r.Context(), id); err != nil {
		s.error(w, r, err)
		return
	}
	after := int64(0)
	for _, v := range []string{r.Header.Get("Last-Event-ID"), r.URL.Query().Get("after")} {
		if v == "" {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			s.error(w, r, errBadAfter)
			return
		}
		after = n
		break
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	if r.Method == http.MethodHead {
		// A HEAD has no body to stream into: streaming anyway would hold
		// the connection open for good, as the client is done reading.
		w.WriteHeader(http.StatusOK)
		return
	}
	signals, stop := s.broker.Subscribe(id)
	defer stop()

	rc := http.NewResponseController(w)
	w.WriteHeader(http.StatusOK)
	var buf bytes.Buffer
	buf.WriteString("retry: 3000\n\n")
	send := func() bool {
		comments, err := s.store.FindCommentsAfter(r.Context(), id, after)
		if err != nil {
			if r.Context().Err() == nil {
				s.logger.Error("live comments", "post", id, "err", err)
			}
			return false
		}
		for _, cv := range s.viewComments(comments, viewer{}) {
			var frag bytes.Buffer
			if err := s.tmpl["post"].ExecuteTemplate(&frag, "comment", cv); err != nil {
				s.logger.Error("render live comment", "err", err)
				return false
			}
			buf.WriteString("id: " + strconv.FormatInt(cv.ID, 10) + "\nevent: comment\n")
			for line := range strings.SplitSeq(frag.String(), "\n") {
				buf.WriteString("data: " + line + "\n")
			}
			buf.WriteString("\n")
		}
		if len(comments) > 0 {
			// Past the held ones too, which the stream does not show.
			after = comments[len(comments)-1].ID
		}
		if buf.Len() == 0 {
			return true
		}
		rc.SetWriteDeadline(time.Now().Add(30 * time.Second))
		_, err = w.Write(buf.Bytes())
		buf.Reset()
		return err == nil && rc.Flush() == nil
	}
	if !send() {
		return
	}
	beat := time.NewTicker(streamHeartbeat)
	defer beat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.streams.Done():
			return
		case <-signals:
			if !send() {
				return
			}
		case <-beat.C:
			buf.WriteString(": ping\n\n")
			if !send() {
				return
			}
		}
	}
}
