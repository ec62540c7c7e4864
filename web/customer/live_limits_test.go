package customer_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/storetest"
	"github.com/tandemhq/tandem/web/customer"
)

// TestLiveCapped: an episode has at most MaxLiveStreams live streams; one
// more is refused with 429, a localized message and a minute's retry, and
// a place frees up when a stream closes.
func TestLiveCapped(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	tok := token(t, f.start(f.client("en"), false))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var first context.CancelFunc
	for i := range customer.MaxLiveStreams {
		sctx, stop := context.WithCancel(ctx)
		defer stop()
		if i == 0 {
			first = stop
		}
		s := f.live(t, sctx, "/e/"+tok+"/live", nil)
		if s.resp.StatusCode != http.StatusOK {
			t.Fatalf("stream %d: %d, want 200", i+1, s.resp.StatusCode)
		}
		s.next(t, "retry:", 5*time.Second)
	}
	refused := func() (int, string) {
		rctx, stop := context.WithCancel(ctx)
		defer stop() // an accepted stream closes
		req, _ := http.NewRequestWithContext(rctx, "GET", f.srv.URL+"/e/"+tok+"/live", nil)
		req.Header.Set("Accept-Language", "fi")
		res, err := http.DefaultClient.Do(req)
		must(t, err)
		defer res.Body.Close()
		if res.StatusCode == http.StatusOK {
			return res.StatusCode, ""
		}
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	status, body := refused()
	if status != http.StatusTooManyRequests {
		t.Fatalf("stream %d: %d, want 429", customer.MaxLiveStreams+1, status)
	}
	for _, want := range []string{"retry: 60000\n", catalog.Printer("fi").T("customer.live.busy")} {
		if !strings.Contains(body, want) {
			t.Errorf("refusal lacks %q:\n%s", want, body)
		}
	}
	first()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if status, _ := refused(); status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no place after a stream closed")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Another episode has its own places.
	other := token(t, f.start(f.client("en"), false))
	if s := f.live(t, ctx, "/e/"+other+"/live", nil); s.resp.StatusCode != http.StatusOK {
		t.Errorf("another episode's stream: %d, want 200", s.resp.StatusCode)
	}
}

// TestLiveDone: once the episode has feedback its stream says "done" and
// closes, and a new one does so at once, so the page stops listening; a
// stream that merely ran its time says "end", for the browser to reconnect.
func TestLiveDone(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	c := f.client("en")
	p := f.start(c, false)
	tok := token(t, p)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// The page's version: the stream has nothing to say until the feedback.
	s := f.live(t, ctx, "/e/"+tok+"/live?v="+versionRE.FindStringSubmatch(p.Body)[1], nil)
	s.next(t, "retry:", 5*time.Second)
	s.quiet(t, "event:", 100*time.Millisecond)
	wantStatus(t, c.post("/e/"+tok+"/feedback", url.Values{"overall": {"5"}}), http.StatusOK)
	s.next(t, "event: done", 5*time.Second)
	s.closes(t, 5*time.Second)
	r := f.live(t, ctx, "/e/"+tok+"/live", nil)
	r.next(t, "event: done", 5*time.Second)
}

// closes checks that the stream ends soon, with no event before.
func (s *sse) closes(tb testing.TB, within time.Duration) {
	tb.Helper()
	deadline := time.After(within)
	for {
		select {
		case l, ok := <-s.lines:
			if !ok {
				return
			}
			if strings.HasPrefix(l, "id:") || strings.HasPrefix(l, "event:") {
				tb.Errorf("stream goes on: %q", l)
			}
		case <-deadline:
			tb.Fatal("stream still open")
		}
	}
}
