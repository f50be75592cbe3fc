package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// statusWriter remembers the status and size of a response for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
	size   int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.size += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests logs one line per request and counts it in the metrics.
// The line holds what an operator needs to follow a request and no more:
// its id, the route pattern and path (never the query, which may hold
// what a reader searched for), status, size, duration, and the client's
// network (/24 or /48) rather than its address unless Config.LogFullIP.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info, _ := r.Context().Value(requestKey{}).(*requestInfo)
		if info == nil {
			info = &requestInfo{id: newRequestID()}
			r = r.WithContext(context.WithValue(r.Context(), requestKey{}, info))
		}
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		took := time.Since(start)
		status := sw.status
		if status == 0 {
			status = http.StatusOK // nothing written: net/http answers 200
		}
		if s.metrics != nil {
			s.metrics.Request(info.route, status, took)
		}
		s.logger.Info("request", "request_id", info.id, "method", r.Method, "route", info.route,
			"path", r.URL.Path, "status", status, "bytes", sw.size,
			"ms", float64(took.Microseconds())/1000, "client", logAddr(clientIP(r), s.cfg.LogFullIP))
	})
}

// requestKey keys a request's requestInfo in its context.
type requestKey struct{}

// requestInfo is what the request log learns of a request on its way:
// its id, and the route pattern that matched (set by routed).
type requestInfo struct {
	id    string
	route string
}

// RequestID returns the id of the request whose context ctx is, as sent
// back in X-Request-ID, or "".
func RequestID(ctx context.Context) string {
	if info, _ := ctx.Value(requestKey{}).(*requestInfo); info != nil {
		return info.id
	}
	return ""
}

// requestIDs gives every request an id, sent back as X-Request-ID and
// carried in its context for the log lines about it. A trusted proxy's
// id is kept, when it looks like one, so that its log and ours name a
// request alike; from anyone else the header is ignored, so that a
// client cannot write into the log.
func (s *Server) requestIDs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := ""
		if v := r.Header.Get("X-Request-ID"); v != "" && saneRequestID(v) && s.trustedPeer(r) {
			id = v
		} else {
			id = newRequestID()
		}
		w.Header().Set("X-Request-ID", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestKey{}, &requestInfo{id: id})))
	})
}

// newRequestID is 64 random bits in hex.
func newRequestID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// saneRequestID accepts the ids proxies make (hex, UUIDs, base64,
// "Root=1-…" traces): up to 128 characters of letters, digits and a few
// marks that need no quoting in a log.
func saneRequestID(v string) bool {
	if len(v) > 128 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.:+/=@", c) >= 0) {
			return false
		}
	}
	return true
}

// routed notes the pattern that matched a request for its log line and
// its metrics: the mux sets r.Pattern on the request it hands a route.
func routed(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if info, _ := r.Context().Value(requestKey{}).(*requestInfo); info != nil {
			info.route = r.Pattern
		}
		h.ServeHTTP(w, r)
	})
}

// logAddr is what the log keeps of a client's address: its /24 (IPv4) or
// /48 (IPv6) network, enough to see a flood from one place but not to
// name a reader, or the whole address when full is set.
func logAddr(ip string, full bool) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ""
	}
	a = a.Unmap()
	if full {
		return a.String()
	}
	bits := 24
	if a.Is6() {
		bits = 48
	}
	p, _ := a.Prefix(bits)
	return p.String()
}

// recoverPanics turns a panic in a handler into a logged 500.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.logger.Error("panic", "request_id", RequestID(r.Context()), "method", r.Method, "path", r.URL.Path, "panic", v)
				http.Error(w, "Internal error.", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows no inline script and no framing. Images may
// come from other sites, as comments and posts embed them by URL.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' https: http:; connect-src 'self'; font-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		next.ServeHTTP(w, r)
	})
}

var gzipPool = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
	return zw
}}

// gzipWriter compresses the body when the response is of a compressible
// type and not already encoded; it decides at the first write.
type gzipWriter struct {
	http.ResponseWriter
	zw      *gzip.Writer
	decided bool
}

func (g *gzipWriter) WriteHeader(code int) {
	g.decide(code)
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if !g.decided {
		g.WriteHeader(http.StatusOK)
	}
	if g.zw != nil {
		return g.zw.Write(b)
	}
	return g.ResponseWriter.Write(b)
}

func (g *gzipWriter) decide(code int) {
	if g.decided {
		return
	}
	g.decided = true
	h := g.Header()
	if code < 200 || code == http.StatusNoContent || code == http.StatusNotModified ||
		h.Get("Content-Encoding") != "" || !compressible(h.Get("Content-Type")) {
		return
	}
	h.Del("Content-Length")
	h.Set("Content-Encoding", "gzip")
	g.zw = gzipPool.Get().(*gzip.Writer)
	g.zw.Reset(g.ResponseWriter)
}

func (g *gzipWriter) Flush() {
	if g.zw != nil {
		g.zw.Flush()
	}
	http.NewResponseController(g.ResponseWriter).Flush()
}

func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }

func compressible(ct string) bool {
	if strings.HasPrefix(ct, "text/event-stream") {
		return false // streamed event by event
	}
	for _, p := range []string{"text/", "application/javascript", "application/json", "application/xml",
		"application/rss+xml", "application/atom+xml", "image/svg+xml"} {
		if strings.HasPrefix(ct, p) {
			return true
		}
	}
	return false
}

func gzipResponses(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if !acceptsGzip(r.Header.Get("Accept-Encoding")) || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		g := &gzipWriter{ResponseWriter: w}
		defer func() {
			if g.zw != nil {
				g.zw.Close()
				gzipPool.Put(g.zw)
			}
		}()
		next.ServeHTTP(g, r)
	})
}

func acceptsGzip(ae string) bool {
	for part := range strings.SplitSeq(ae, ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q = strings.ReplaceAll(strings.TrimSpace(q), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// etagOf is the ETag of a body: part of its SHA-256.
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// etagMatch reports whether an If-None-Match header names etag (weak
// comparison, as for GET).
func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	if strings.TrimSpace(header) == "*" {
		return true
	}
	for part := range strings.SplitSeq(header, ",") {
		part = strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if part == etag {
			return true
		}
	}
	return false
}
