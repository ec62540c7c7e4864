package webhook

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// Where a delivery may go. An endpoint's host is resolved when it is
// dialled, and every address the dialler is about to connect to is checked
// then (net.Dialer.Control), so a name that resolves to a public address
// when the endpoint is added and to 127.0.0.1 later (DNS rebinding) is
// still refused. No proxy from the environment is used: it would dial on
// Tandem's behalf, unchecked.

// errAddress is a refused address; deliveries record it as
// tandem.DeliveryAddress.
var errAddress = errors.New("webhook: the endpoint's address is loopback, private, link-local or unspecified")

// sharedSpace is the carrier-grade NAT range (RFC 6598), private in all but
// name.
var sharedSpace = netip.MustParsePrefix("100.64.0.0/10")

// Public reports whether Tandem may deliver to ip when private addresses
// are not allowed.
func Public(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsValid() && !ip.IsLoopback() && !ip.IsPrivate() && !ip.IsLinkLocalUnicast() &&
		!ip.IsLinkLocalMulticast() && !ip.IsInterfaceLocalMulticast() && !ip.IsMulticast() &&
		!ip.IsUnspecified() && !sharedSpace.Contains(ip)
}

// checkAddress is a net.Dialer.Control refusing addresses that are not
// Public.
func checkAddress(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil || !Public(ap.Addr()) {
		return errAddress
	}
	return nil
}

// Limits of one attempt.
const (
	Timeout      = 10 * time.Second // the whole exchange, from dialling to the end of the answer
	MaxReadBytes = 64 << 10         // of the answer's body, which is read and discarded
)

// newClient returns the HTTP client deliveries use: no redirects followed,
// no proxy, private addresses refused unless allowPrivate.
func newClient(allowPrivate bool) *http.Client {
	d := &net.Dialer{Timeout: Timeout, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = checkAddress
	}
	tr := &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   64, // the batches in flight to one endpoint reuse their connections
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   Timeout,
		ResponseHeaderTimeout: Timeout,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
