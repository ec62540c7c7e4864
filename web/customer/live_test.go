package customer_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
	"github.com/tandemhq/tandem/web/customer"
)

// sse reads a live stream's lines into a channel until the stream ends.
type sse struct {
	lines chan string
	resp  *http.Response
}

func (f *fixture) live(tb testing.TB, ctx context.Context, path string, header http.Header) *sse {
	tb.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", f.srv.URL+path, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	must(tb, err)
	s := &sse{lines: make(chan string, 100), resp: resp}
	go func() {
		defer close(s.lines)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
	}()
	return s
}

// next returns the next line starting with prefix, skipping others, or
// fails when the stream ends or the deadline passes first.
func (s *sse) next(tb testing.TB, prefix string, within time.Duration) string {
	tb.Helper()
	deadline := time.After(within)
	for {
		select {
		case l, ok := <-s.lines:
			if !ok {
				tb.Fatalf("stream ended before a %q line", prefix)
			}
			if strings.HasPrefix(l, prefix) {
				return l
			}
		case <-deadline:
			tb.Fatalf("no %q line within %s", prefix, within)
		}
	}
}

// quiet checks that no line starting with prefix arrives for a while.
func (s *sse) quiet(tb testing.TB, prefix string, d time.Duration) {
	tb.Helper()
	deadline := time.After(d)
	for {
		select {
		case l, ok := <-s.lines:
			if ok && strings.HasPrefix(l, prefix) {
				tb.Fatalf("unexpected %q", l)
			}
			if !ok {
				return
			}
		case <-deadline:
			return
		}
	}
}

var versionRE = regexp.MustCompile(`data-v="([^"]+)"`)

// TestLive: the live stream says nothing while nothing changes, and sends
// an event when staff mark a step done or answer a help request; the page
// then shows the change.
func TestLive(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.Open(t))
			c := f.client("fi")
			p := f.start(c, false)
			tok := token(t, p)
			ep := f.episode(t, tok)
			v := versionRE.FindStringSubmatch(p.Body)
			if v == nil {
				t.Fatalf("episode page has no live version")
			}
			wantContains(t, p, `data-src="/e/`+tok+`/live" data-v="`+v[1]+`"`)

			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			s := f.live(t, ctx, "/e/"+tok+"/live?v="+v[1], nil)
			if ct := s.resp.Header.Get("Content-Type"); s.resp.StatusCode != 200 || ct != "text/event-stream" {
				t.Fatalf("live: %d %s, want 200 text/event-stream", s.resp.StatusCode, ct)
			}
			s.quiet(t, "data:", 200*time.Millisecond) // ten polls, nothing changed

			arrive := f.step("arrive")
			must(t, f.db.MarkStepDone(f.ctx, ep.ID, arrive.ID, time.Now(), tandem.ByStaff))
			id1 := s.next(t, "id:", 10*time.Second)
			s.next(t, "data:", time.Second)
			p = c.get("/e/" + tok)
			li := stepHTML(t, p, 1)
			if !strings.Contains(li, `class="step done"`) || !strings.Contains(li, esc(catalog.Printer("fi").T("customer.step.done_by.staff"))) {
				t.Errorf("step done by staff not shown:\n%s", li)
			}
			if v2 := versionRE.FindStringSubmatch(p.Body); v2 == nil || "id: "+v2[1] != id1 {
				t.Errorf("page version %v, want the stream's %q", v2, id1)
			}
			s.quiet(t, "data:", 100*time.Millisecond)

			h := &tandem.HelpRequest{EpisodeID: ep.ID, StepID: f.step("order").ID}
			_, err := f.db.RequestHelp(f.ctx, h)
			must(t, err)
			s.next(t, "data:", 10*time.Second)
			_, err = f.app.AcknowledgeHelp(f.ctx, f.org.ID, h.ID, 0)
			must(t, err)
			s.next(t, "data:", 10*time.Second)

			// A browser reconnecting says what it was last told; a page
			// from before a change hears of it at once.
			r := f.live(t, ctx, "/e/"+tok+"/live?v="+v[1], nil)
			r.next(t, "data:", 5*time.Second)
			cur := versionRE.FindStringSubmatch(c.get("/e/" + tok).Body)[1]
			r = f.live(t, ctx, "/e/"+tok+"/live?v="+v[1], http.Header{"Last-Event-ID": {cur}})
			r.quiet(t, "data:", 100*time.Millisecond)

			res, err := http.Get(f.srv.URL + "/e/nosuchtoken/live")
			must(t, err)
			res.Body.Close()
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("live for an unknown token: %d, want 404", res.StatusCode)
			}
		})
	}
}

// TestLiveBounded: the stream keeps itself warm with comments and ends
// after its time with "end", after which the browser reconnects (the page
// only stops listening on "done", see TestLiveDone).
func TestLiveBounded(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t), func(s *customer.Server) {
		s.LiveHeartbeat = 20 * time.Millisecond
		s.LiveFor = 300 * time.Millisecond
	})
	tok := token(t, f.start(f.client("en"), false))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s := f.live(t, ctx, "/e/"+tok+"/live", nil)
	s.next(t, ":", 5*time.Second)
	s.next(t, "event: end", 5*time.Second)
	deadline := time.After(5 * time.Second)
	for {
		select {
		case l, ok := <-s.lines:
			if !ok {
				return // closed
			}
			if strings.HasPrefix(l, "id:") || strings.HasPrefix(l, "event:") {
				t.Errorf("stream goes on after its end: %q", l)
			}
		case <-deadline:
			t.Fatal("stream still open after its end")
		}
	}
}

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
