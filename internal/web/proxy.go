package web

import (
	"crypto/tls"
	"net/http"
	"net/netip"
	"strings"
)

// behindProxies takes the client's address from X-Forwarded-For when a
// request comes from one of cfg.TrustedProxies (a load balancer in front
// of several instances), so that rate limits, bans and logs see readers
// and not the proxy. The header is read from the right: the first address
// that is not a trusted proxy is the client, since a client may send a
// header of its own that the proxy only appends to. From any other peer
// the header is ignored.
//
// A request the proxy received over TLS (X-Forwarded-Proto: https) is
// marked as such (r.TLS is set, empty), so that cookies get the Secure
// attribute as they do when Burg terminates TLS itself.
func (s *Server) behindProxies(next http.Handler) http.Handler {
	if len(s.cfg.TrustedProxies) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.trustedPeer(r) {
			next.ServeHTTP(w, r)
			return
		}
		var hops []string
		for _, v := range r.Header.Values("X-Forwarded-For") {
			hops = append(hops, strings.Split(v, ",")...)
		}
		client := netip.Addr{}
		for i := len(hops) - 1; i >= 0; i-- {
			a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				break // what lies further left cannot be trusted
			}
			client = a.Unmap()
			if !s.trusted(client) {
				break
			}
		}
		overTLS := r.TLS == nil && strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")), "https")
		if client.IsValid() || overTLS {
			r2 := *r
			if client.IsValid() {
				r2.RemoteAddr = netip.AddrPortFrom(client, 0).String()
			}
			if overTLS {
				r2.TLS = &tls.ConnectionState{}
			}
			r = &r2
		}
		next.ServeHTTP(w, r)
	})
}

// trusted reports whether a is one of the trusted proxies.
func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// trustedPeer reports whether the request came straight from a trusted
// proxy.
func (s *Server) trustedPeer(r *http.Request) bool {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	return err == nil && s.trusted(peer.Addr().Unmap())
}
