package main

import (
	"io"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// refServer is the reference the harness measures Burg against: a bare
// net/http server on loopback that answers each request with fixed
// bytes, those Burg sent for the same request. The ratio of Burg's figure
// to the reference's, taken in the same run on the same machine, says how
// close a page comes to the cost of sending it.
type refServer struct {
	srv   *http.Server
	addr  string
	pages atomic.Pointer[map[string]refPage]
}

func startReference() (*refServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &refServer{addr: ln.Addr().String()}
	r.pages.Store(&map[string]refPage{})
	r.srv = &http.Server{Handler: r, ReadHeaderTimeout: 10 * time.Second}
	go r.srv.Serve(ln)
	return r, nil
}

// serve sets the answers, by request path (with its query).
func (r *refServer) serve(pages map[string]refPage) { r.pages.Store(&pages) }

// ServeHTTP answers with the page set for the path; a POST is read
// whole and answered like a comment taken, with a redirect.
func (r *refServer) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method == http.MethodPost {
		io.Copy(io.Discard, req.Body)
		w.Header().Set("Location", req.URL.Path)
		w.WriteHeader(http.StatusSeeOther)
		return
	}
	p, ok := (*r.pages.Load())[req.URL.RequestURI()]
	if !ok {
		http.NotFound(w, req)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if p.gzipped {
		h.Set("Content-Encoding", "gzip")
		h.Set("Vary", "Accept-Encoding")
	}
	h.Set("Content-Length", strconv.Itoa(len(p.body)))
	w.WriteHeader(p.status)
	w.Write(p.body)
}

func (r *refServer) Close() error { return r.srv.Close() }
