package throttle

import (
	"fmt"
	"testing"
	"time"
)

func TestDelayDoublesUpToMax(t *testing.T) {
	l := New(5, time.Second, 15*time.Minute, 10)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var got []time.Duration
	for range 17 {
		got = append(got, l.Fail("k", now))
	}
	want := []time.Duration{0, 0, 0, 0, 0, 1 * time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second,
		32 * time.Second, 64 * time.Second, 128 * time.Second, 256 * time.Second, 512 * time.Second, 15 * time.Minute, 15 * time.Minute}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("delays %v, want %v", got, want)
	}
	if w := l.Wait("k", now.Add(time.Minute)); w != 14*time.Minute {
		t.Errorf("wait a minute later = %v, want 14m", w)
	}
	if w := l.Wait("k", now.Add(15*time.Minute)); w != 0 {
		t.Errorf("wait after the delay = %v, want 0", w)
	}
	if w := l.Wait("other", now); w != 0 {
		t.Errorf("another key waits %v", w)
	}
	l.Reset("k")
	if d := l.Fail("k", now); d != 0 {
		t.Errorf("first failure after a reset delays %v", d)
	}
}

func TestQuietKeyStartsOver(t *testing.T) {
	l := New(1, time.Second, time.Minute, 10)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	l.Fail("k", now)
	if d := l.Fail("k", now); d != time.Second {
		t.Fatalf("second failure delays %v, want 1s", d)
	}
	later := now.Add(25 * time.Hour)
	if w := l.Wait("k", later); w != 0 || l.Len() != 0 {
		t.Errorf("a day later: wait %v, %d keys kept", w, l.Len())
	}
	if d := l.Fail("k", later); d != 0 {
		t.Errorf("first failure a day later delays %v", d)
	}
}

// TestBounded: past the cap the least recently failed key goes.
func TestBounded(t *testing.T) {
	l := New(0, time.Second, time.Minute, 3)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, k := range []string{"a", "b", "c", "a", "d", "e"} {
		l.Fail(k, now)
	}
	if l.Len() != 3 {
		t.Fatalf("%d keys kept, want 3", l.Len())
	}
	for k, kept := range map[string]bool{"a": true, "b": false, "c": false, "d": true, "e": true} {
		if got := l.Wait(k, now) > 0; got != kept {
			t.Errorf("key %s kept %v, want %v", k, got, kept)
		}
	}
	for i := range 1000 {
		l.Fail(fmt.Sprint(i), now)
	}
	if l.Len() != 3 {
		t.Errorf("%d keys kept after a flood, want 3", l.Len())
	}
}

func TestSignIn(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	s := NewSignIn(func() time.Time { return now })
	for range AccountFree {
		if w, _ := s.Check("Anna@Example.fi", "192.0.2.1"); w != 0 {
			t.Fatalf("free attempt refused for %v", w)
		}
		s.Failed("anna@example.fi ", "192.0.2.1")
	}
	s.Failed("anna@example.fi", "192.0.2.1")
	if w, why := s.Check("ANNA@example.fi", "198.51.100.7"); w != time.Second || why != ByAccount {
		t.Errorf("after %d failures: wait %v (%s), want 1s by account", AccountFree+1, w, why)
	}
	now = now.Add(time.Second)
	if w, _ := s.Check("anna@example.fi", "192.0.2.1"); w != 0 {
		t.Errorf("after the delay: wait %v", w)
	}
	s.Succeeded("anna@example.fi")
	if w, _ := s.Check("anna@example.fi", "192.0.2.1"); w != 0 {
		t.Errorf("after a success: wait %v", w)
	}
	// The address counts every account's failures.
	for i := range AddressFree - AccountFree {
		s.Failed(fmt.Sprintf("u%d@example.fi", i), "192.0.2.1")
	}
	if w, why := s.Check("new@example.fi", "192.0.2.1"); w != time.Second || why != ByAddress {
		t.Errorf("after %d failures from one address: wait %v (%s), want 1s by address", AddressFree+1, w, why)
	}
	if w, _ := s.Check("new@example.fi", "192.0.2.2"); w != 0 {
		t.Errorf("another address waits %v", w)
	}
}
