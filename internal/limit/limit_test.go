package limit

import (
	"strconv"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

type counter map[string]int

func (c counter) RateLimited(rule string) { c[rule]++ }

func TestBurstThenRate(t *testing.T) {
	c := &clock{time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	seen := counter{}
	l := New(Rates{Address: Rate{PerMinute: 60, Burst: 3}}, c.now, seen)
	w := Write{Addr: "203.0.113.7", OrgID: 1, TouchpointID: 5}
	for i := range 3 {
		if d, _ := l.Allow(w); d != 0 {
			t.Fatalf("write %d of the burst waits %v", i+1, d)
		}
	}
	d, rule := l.Allow(w)
	if d != time.Second || rule != ByAddress {
		t.Fatalf("past the burst: wait %v by %q, want 1s by address", d, rule)
	}
	if d, _ := l.Allow(Write{Addr: "203.0.113.8"}); d != 0 {
		t.Errorf("another address waits %v", d)
	}
	c.t = c.t.Add(time.Second)
	if d, _ := l.Allow(w); d != 0 {
		t.Errorf("a second later: wait %v", d)
	}
	if d, _ := l.Allow(w); d != time.Second {
		t.Errorf("then at once again: wait %v, want 1s", d)
	}
	if seen[ByAddress] != 2 {
		t.Errorf("refusals counted %v", seen)
	}
	got := l.Take()
	if len(got) != 1 || got[0].Count != 2 || got[0].TouchpointID != 5 || got[0].OrgID != 1 ||
		!got[0].Hour.Equal(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("refusals taken %+v", got)
	}
	if l.Take() != nil {
		t.Error("Take did not forget")
	}
	l.Restore(got)
	if again := l.Take(); len(again) != 1 || again[0].Count != 2 {
		t.Errorf("restored %+v", again)
	}
}

func TestRulesAndRefusedSpendNothing(t *testing.T) {
	c := &clock{time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	l := New(Rates{Address: Rate{PerMinute: 60, Burst: 10}, Touchpoint: Rate{PerMinute: 6, Burst: 2}, Episode: Rate{PerMinute: 6, Burst: 1}}, c.now, nil)
	tp := Write{Addr: "198.51.100.1", TouchpointID: 7}
	l.Allow(tp)
	l.Allow(tp)
	if d, rule := l.Allow(tp); d != 10*time.Second || rule != ByTouchpoint {
		t.Fatalf("third write at the touchpoint: %v by %q", d, rule)
	}
	// The same address writes for a visit: the touchpoint rule does not
	// apply, and the refusal above spent nothing of the address's burst.
	ep := Write{Addr: "198.51.100.1", TouchpointID: 7, EpisodeID: 9}
	if d, _ := l.Allow(ep); d != 0 {
		t.Fatalf("a visit's write waits %v", d)
	}
	if d, rule := l.Allow(ep); rule != ByEpisode || d != 10*time.Second {
		t.Fatalf("second write of the visit: %v by %q", d, rule)
	}
	for i := range 7 {
		if d, _ := l.Allow(Write{Addr: "198.51.100.1", EpisodeID: int64(100 + i)}); d != 0 {
			t.Fatalf("write %d from the address waits %v", i, d)
		}
	}
	if d, rule := l.Allow(Write{Addr: "198.51.100.1", EpisodeID: 200}); rule != ByAddress || d != time.Second {
		t.Fatalf("eleventh from the address: %v by %q", d, rule)
	}
}

func TestOffAndIPv6(t *testing.T) {
	c := &clock{time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	off := New(Rates{}, c.now, nil)
	for range 1000 {
		if d, _ := off.Allow(Write{Addr: "a", TouchpointID: 1}); d != 0 {
			t.Fatal("switched-off rules refuse")
		}
	}
	l := New(Rates{Address: Rate{PerMinute: 1, Burst: 1}}, c.now, nil)
	l.Allow(Write{Addr: "2001:db8:1:2::1"})
	if d, _ := l.Allow(Write{Addr: "2001:db8:1:2::ffff"}); d == 0 {
		t.Error("another address of the same /64 was not limited")
	}
	if d, _ := l.Allow(Write{Addr: "2001:db8:1:3::1"}); d != 0 {
		t.Error("another /64 was limited")
	}
}

func TestKeysBounded(t *testing.T) {
	c := &clock{time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	l := New(Rates{Episode: Rate{PerMinute: 1, Burst: 1}}, c.now, nil)
	l.episodes.cap = 3
	for i := range 10 {
		l.Allow(Write{EpisodeID: int64(i + 1)})
	}
	if n := l.episodes.order.Len(); n != 3 {
		t.Errorf("%d keys kept, want 3", n)
	}
	if d, _ := l.Allow(Write{EpisodeID: 10}); d == 0 {
		t.Error("the most recent key was forgotten")
	}
	if d, _ := l.Allow(Write{EpisodeID: 1}); d != 0 {
		t.Error("the oldest key was kept")
	}
}

func TestParseRates(t *testing.T) {
	for spec, want := range map[string]Rates{
		"":                          Defaults,
		"0":                         {},
		"off":                       {},
		"address=120/60,episode=30": {Address: Rate{120, 60}, Touchpoint: Defaults.Touchpoint, Episode: Rate{30, 15}},
		"touchpoint=0":              {Address: Defaults.Address, Episode: Defaults.Episode},
		" episode = 1 ":             {Address: Defaults.Address, Touchpoint: Defaults.Touchpoint, Episode: Rate{1, 1}},
	} {
		got, err := ParseRates(spec)
		if err != nil || got != want {
			t.Errorf("ParseRates(%q) = %+v, %v; want %+v", spec, got, err, want)
		}
		if back, err := ParseRates(got.String()); err != nil || back != got {
			t.Errorf("ParseRates(%q.String() = %q) = %+v, %v", spec, got.String(), back, err)
		}
	}
	for _, bad := range []string{"60", "ip=60", "address=-1", "address=x", "address=60/0", "address=60/y", "address="} {
		if _, err := ParseRates(bad); err == nil {
			t.Errorf("ParseRates(%q) accepted", bad)
		}
	}
}

// BenchmarkAllow is the limiter's cost per admitted write with the default
// rates: many kiosks, each on an address and a touchpoint of its own.
func BenchmarkAllow(b *testing.B) {
	now := time.Unix(1_800_000_000, 0)
	l := New(Defaults, func() time.Time { now = now.Add(10 * time.Millisecond); return now }, nil)
	ws := make([]Write, 4096)
	for i := range ws {
		ws[i] = Write{Addr: "198.51.100." + strconv.Itoa(i%250), OrgID: 1, TouchpointID: int64(i + 1)}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if wait, rule := l.Allow(ws[i%len(ws)]); wait > 0 {
			b.Fatalf("write %d refused by %s", i, rule)
		}
		i++
	}
}
