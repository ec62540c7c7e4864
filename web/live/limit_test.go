package live_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/tandemhq/tandem/web/live"
)

// from is the header of a client at addr (host:port).
func from(addr string) http.Header { return http.Header{"X-Addr": {addr}} }

// dropped checks that s hears "end", with a retry of a minute, and closes.
func (s *stream) dropped(t *testing.T) {
	t.Helper()
	ev := s.next(t)
	if ev["event"] != live.EventEnd || ev["retry"] != "60000" {
		t.Fatalf("event %v, want end with retry 60000", ev)
	}
	s.ends(t)
}

// alive checks that s still hears changes: key's version moves on to v.
func (e *env) alive(t *testing.T, s *stream, key, v string) {
	t.Helper()
	e.b.set(key, live.State{Version: v})
	s.want(t, live.EventChange, v)
}

// TestLimitsPerAddress: one address holds at most PerAddr streams; a new
// one drops that address's oldest, the others of the address stay, and
// another address is not touched.
func TestLimitsPerAddress(t *testing.T) {
	lim := live.NewLimits(0, 2)
	e := newEnv(t, func(c *live.Config[string]) { c.MaxStreams = 0; c.Limits = lim })
	before := live.DroppedStreams()
	e.b.set("o", live.State{Version: "1"})
	other := e.open(t, "/s/o", from("10.0.0.9:1"))
	other.want(t, live.EventChange, "1")
	var mine []*stream
	for i := range 4 {
		key := "k" + strconv.Itoa(i)
		e.b.set(key, live.State{Version: "1"})
		s := e.open(t, "/s/"+key, from("10.0.0.1:"+strconv.Itoa(1000+i)))
		s.want(t, live.EventChange, "1")
		mine = append(mine, s)
	}
	mine[0].dropped(t)
	mine[1].dropped(t)
	e.alive(t, mine[2], "k2", "2")
	e.alive(t, mine[3], "k3", "2")
	e.alive(t, other, "o", "2")
	if all, one := lim.Open("10.0.0.1"); all != 3 || one != 2 {
		t.Errorf("open: %d in all, %d from the address; want 3, 2", all, one)
	}
	if n := live.DroppedStreams() - before; n != 2 {
		t.Errorf("%d streams counted dropped, want 2", n)
	}
}

// TestLimitsGlobal: the process holds at most Max streams, whoever opens
// them; a new one drops the oldest of all, and a stream that closes by
// itself frees its place for the next without a drop.
func TestLimitsGlobal(t *testing.T) {
	lim := live.NewLimits(3, 0)
	e := newEnv(t, func(c *live.Config[string]) { c.MaxStreams = 0; c.Limits = lim })
	e.b.set("k", live.State{Version: "1"})
	var s []*stream
	cur := "1"
	open := func(i int) {
		st := e.open(t, "/s/k", from("10.0.1."+strconv.Itoa(i)+":1"))
		st.want(t, live.EventChange, cur)
		s = append(s, st)
	}
	for i := range 5 {
		open(i)
	}
	s[0].dropped(t)
	s[1].dropped(t)
	cur = "2"
	e.b.set("k", live.State{Version: cur})
	for _, st := range s[2:] {
		st.want(t, live.EventChange, "2")
	}
	s[3].cancel()
	eventually(t, "a closed stream's place is free", func() bool { all, _ := lim.Open(""); return all == 2 })
	open(5)
	e.b.set("k", live.State{Version: "3"})
	for _, i := range []int{2, 4, 5} {
		s[i].want(t, live.EventChange, "3")
	}
}

// TestLimitsIPv6: the addresses of one IPv6 /64 count as one client.
func TestLimitsIPv6(t *testing.T) {
	lim := live.NewLimits(0, 1)
	e := newEnv(t, func(c *live.Config[string]) { c.MaxStreams = 0; c.Limits = lim })
	e.b.set("k", live.State{Version: "1"})
	a := e.open(t, "/s/k", from("[2001:db8:1:2::1]:1"))
	a.want(t, live.EventChange, "1")
	b := e.open(t, "/s/k", from("[2001:db8:1:2:ffff::2]:1"))
	b.want(t, live.EventChange, "1")
	a.dropped(t)
	c := e.open(t, "/s/k", from("[2001:db8:1:3::1]:1"))
	c.want(t, live.EventChange, "1")
	e.alive(t, b, "k", "2")
	c.want(t, live.EventChange, "2")
}

// TestDefaultMax: the default cap leaves half the file descriptors to the
// rest of the process, within bounds.
func TestDefaultMax(t *testing.T) {
	for fds, want := range map[uint64]int{20: 64, 1024: 512, 20_000: 10_000, 1 << 40: 10_000} {
		if got := live.DefaultMax(fds); got != want {
			t.Errorf("DefaultMax(%d) = %d, want %d", fds, got, want)
		}
	}
}
