package httpx

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the reverse proxies trusted to say who their client is: only
// a request whose connection comes from one of them has its
// X-Forwarded-For believed. The zero value (and nil) trusts none.
type Proxies struct {
	nets []netip.Prefix
}

// ParseProxies reads a comma-separated list of addresses and CIDR ranges,
// e.g. "10.0.0.0/8, 127.0.0.1, ::1"; an empty list trusts none.
func ParseProxies(list string) (*Proxies, error) {
	p := &Proxies{}
	for _, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if strings.Contains(s, "/") {
			pfx, err := netip.ParsePrefix(s)
			if err != nil {
				return nil, fmt.Errorf("%q is not an address or a CIDR range, e.g. 10.0.0.0/8", s)
			}
			p.nets = append(p.nets, pfx.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or a CIDR range, e.g. 10.0.0.0/8", s)
		}
		a = a.Unmap()
		p.nets = append(p.nets, netip.PrefixFrom(a, a.BitLen()))
	}
	return p, nil
}

// Trusts reports whether a is one of the trusted proxies.
func (p *Proxies) Trusts(a netip.Addr) bool {
	if p == nil {
		return false
	}
	a = a.Unmap()
	for _, n := range p.nets {
		if n.Contains(a) {
			return true
		}
	}
	return false
}

// ClientAddr is the address of the client a request comes from, the one
// place it is decided: the connection's peer, unless that peer is a trusted
// proxy, in which case X-Forwarded-For is read from right to left past the
// trusted hops and the first address not trusted is the client. A header
// sent by anyone else is ignored, so a client cannot pick its own address.
func (p *Proxies) ClientAddr(r *http.Request) string {
	peer, ok := parseHost(r.RemoteAddr)
	if !ok {
		return r.RemoteAddr
	}
	if !p.Trusts(peer) {
		return peer.String()
	}
	client := peer
	hops := r.Header.Values("X-Forwarded-For")
	for i := len(hops) - 1; i >= 0; i-- {
		list := strings.Split(hops[i], ",")
		for j := len(list) - 1; j >= 0; j-- {
			a, ok := parseHost(strings.TrimSpace(list[j]))
			if !ok {
				// A hop nobody can read: the trusted proxy's own client
				// is the last address it vouched for.
				return client.String()
			}
			client = a
			if !p.Trusts(a) {
				return a.String()
			}
		}
	}
	return client.String()
}

// parseHost reads an address with or without a port.
func parseHost(s string) (netip.Addr, bool) {
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	a, err := netip.ParseAddr(strings.Trim(s, "[]"))
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}
