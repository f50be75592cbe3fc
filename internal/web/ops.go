package web

import (
	"fmt"
	"net/http"
	"net/http/pprof"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/metrics"
)

// handleReady answers 200 ready when the store answers and holds every
// migration this binary carries, 503 with the reason otherwise. A load
// balancer sends no readers to an instance that is not ready, such as
// one started with --no-migrate before burg migrate ran.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.store.Ready(ctx); err != nil {
		if burg.ErrorCode(err) != burg.EUNAVAILABLE {
			s.logger.Error("readiness check", "err", err)
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "not ready:", burg.ErrorMessage(err))
		return
	}
	fmt.Fprint(w, "ready")
}

// opsRoute is a route of the operator's tools: metrics and profiles.
type opsRoute struct {
	pattern string
	handler http.HandlerFunc
}

// opsRoutes are /metrics (when m is not nil) and Go's profiles under
// /debug/pprof/, mounted by hand so that nothing is served from
// http.DefaultServeMux (which importing net/http/pprof fills, and which
// Burg never serves).
func opsRoutes(m *metrics.Metrics) []opsRoute {
	var routes []opsRoute
	if m != nil {
		routes = append(routes, opsRoute{"GET /metrics", m.Handler().ServeHTTP})
	}
	return append(routes,
		opsRoute{"GET /debug/pprof/", pprof.Index}, // and every named profile: heap, goroutine, …
		opsRoute{"GET /debug/pprof/cmdline", pprof.Cmdline},
		opsRoute{"GET /debug/pprof/profile", pprof.Profile},
		opsRoute{"GET /debug/pprof/symbol", pprof.Symbol},
		opsRoute{"POST /debug/pprof/symbol", pprof.Symbol},
		opsRoute{"GET /debug/pprof/trace", pprof.Trace},
	)
}

// OpsHandler serves the operator's tools, /metrics and /debug/pprof/,
// to anyone who reaches it: it is for a listener of its own
// (--metrics-addr) on an address only the monitoring can reach. A server
// made with Config.OpsElsewhere leaves them to it.
func OpsHandler(m *metrics.Metrics) http.Handler {
	mux := http.NewServeMux()
	for _, o := range opsRoutes(m) {
		mux.Handle(o.pattern, o.handler)
	}
	return mux
}
