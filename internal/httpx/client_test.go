package httpx

import (
	"net/http/httptest"
	"testing"
)

func TestClientAddr(t *testing.T) {
	trusted, err := ParseProxies("10.0.0.0/8, 127.0.0.1, ::1")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		proxies *Proxies
		peer    string
		xff     []string
		want    string
	}{
		{"no proxies, the peer", nil, "203.0.113.7:5555", nil, "203.0.113.7"},
		{"spoofed header from an untrusted peer", trusted, "203.0.113.7:5555", []string{"198.51.100.1"}, "203.0.113.7"},
		{"spoofed header with no proxies configured", nil, "127.0.0.1:5555", []string{"198.51.100.1"}, "127.0.0.1"},
		{"trusted proxy, one hop", trusted, "127.0.0.1:5555", []string{"198.51.100.1"}, "198.51.100.1"},
		{"past trusted hops, right to left", trusted, "10.0.0.2:80", []string{"198.51.100.1, 10.1.2.3"}, "198.51.100.1"},
		{"a spoofed leftmost entry is not believed", trusted, "10.0.0.2:80", []string{"1.2.3.4, 198.51.100.1, 10.1.2.3"}, "198.51.100.1"},
		{"several header lines", trusted, "10.0.0.2:80", []string{"1.2.3.4", "198.51.100.1", "10.1.2.3"}, "198.51.100.1"},
		{"trusted proxy without the header", trusted, "10.0.0.2:80", nil, "10.0.0.2"},
		{"garbage hop stops the walk", trusted, "10.0.0.2:80", []string{"198.51.100.1, nonsense"}, "10.0.0.2"},
		{"all hops trusted: the leftmost", trusted, "10.0.0.2:80", []string{"10.0.0.9, 10.0.0.3"}, "10.0.0.9"},
		{"IPv6 peer", trusted, "[::1]:80", []string{"2001:db8::5"}, "2001:db8::5"},
		{"IPv4-mapped peer", trusted, "[::ffff:10.0.0.2]:80", []string{"198.51.100.1"}, "198.51.100.1"},
		{"hop with a port", trusted, "127.0.0.1:1", []string{"198.51.100.1:4444"}, "198.51.100.1"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("POST", "/", nil)
		r.RemoteAddr = c.peer
		for _, v := range c.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := c.proxies.ClientAddr(r); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestParseProxies(t *testing.T) {
	for _, bad := range []string{"10.0.0.0/33", "example.com", "10.0.0", "1.2.3.4/x"} {
		if _, err := ParseProxies(bad); err == nil {
			t.Errorf("ParseProxies(%q) accepted", bad)
		}
	}
	p, err := ParseProxies("")
	if err != nil || len(p.nets) != 0 {
		t.Errorf("empty list: %v, %v", p, err)
	}
}
