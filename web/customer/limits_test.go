package customer_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/internal/httpx"
	"github.com/tandemhq/tandem/internal/limit"
	"github.com/tandemhq/tandem/storetest"
	"github.com/tandemhq/tandem/web/customer"
)

// testClock is a clock the test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// limited serves the customer pages with rates on clock, behind a proxy
// at 127.0.0.1 (the test server's peer).
func limited(rates limit.Rates, clock *testClock) func(*customer.Server) {
	return func(s *customer.Server) {
		s.App = app.New(s.App.Stores, app.Options{Now: clock.now, CacheTTL: time.Nanosecond, Limits: limit.New(rates, clock.now, nil)})
		p, err := httpx.ParseProxies("127.0.0.1")
		if err != nil {
			panic(err)
		}
		s.Proxies = p
	}
}

// rawPost posts a form as a browser behind the proxy at addr would, and
// returns the response unfollowed with its body.
func rawPost(t *testing.T, f *fixture, path, addr, lang string, form url.Values) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", addr)
	req.Header.Set("Accept-Language", lang)
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	must(t, err)
	return resp, string(b)
}

// TestStartLimitedByAddress: past its burst, one address cannot start more
// visits: 429, Retry-After and a page in the customer's language; another
// address still can.
func TestStartLimitedByAddress(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			clock := &testClock{t: time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)}
			f := newFixture(t, eng.Open(t), limited(limit.Rates{Address: limit.Rate{PerMinute: 60, Burst: 2}}, clock))
			start := "/t/" + f.tp.Code + "/start"
			for range 2 {
				if resp, b := rawPost(t, f, start, "198.51.100.7", "ru", url.Values{}); resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("start within the burst: %d\n%s", resp.StatusCode, b)
				}
			}
			resp, body := rawPost(t, f, start, "198.51.100.7", "ru", url.Values{})
			if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "1" {
				t.Fatalf("third start: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
			}
			for _, want := range []string{`lang="ru"`, "Подождите немного", "Отсюда только что отправили слишком много"} {
				if !strings.Contains(body, want) {
					t.Errorf("refusal page lacks %q:\n%s", want, body)
				}
			}
			eps, err := f.db.ListEpisodes(f.ctx, tandem.EpisodeFilter{OrgID: f.org.ID})
			must(t, err)
			if len(eps) != 2 {
				t.Errorf("%d episodes stored, want 2", len(eps))
			}
			if resp, _ := rawPost(t, f, start, "198.51.100.8", "fi", url.Values{}); resp.StatusCode != http.StatusSeeOther {
				t.Errorf("another address: %d", resp.StatusCode)
			}
			clock.add(time.Second)
			if resp, _ := rawPost(t, f, start, "198.51.100.7", "fi", url.Values{}); resp.StatusCode != http.StatusSeeOther {
				t.Errorf("a second later: %d", resp.StatusCode)
			}
		})
	}
}

// TestVisitLimited: one visit's writes (steps, help, feedback) share the
// episode's limit; a refused feedback stores nothing and a later one lands.
func TestVisitLimited(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			clock := &testClock{t: time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)}
			f := newFixture(t, eng.Open(t), limited(limit.Rates{Episode: limit.Rate{PerMinute: 6, Burst: 2}}, clock))
			c := f.client("fi")
			p := f.start(c, false) // by the touchpoint's code: not the episode's
			tok := token(t, p)
			steps := stepIDs(p)
			if len(steps) < 2 {
				t.Fatalf("steps %v", steps)
			}
			for _, id := range steps[:2] {
				if resp, b := rawPost(t, f, "/e/"+tok+"/steps/"+id, "198.51.100.7", "fi", url.Values{}); resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("step %s: %d\n%s", id, resp.StatusCode, b)
				}
			}
			resp, body := rawPost(t, f, "/e/"+tok+"/feedback", "198.51.100.9", "fi", url.Values{"overall": {"5"}})
			if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "10" || !strings.Contains(body, "Odota hetki") {
				t.Fatalf("feedback past the visit's burst: %d, Retry-After %q\n%s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
			}
			if n := len(f.feedback(t)); n != 0 {
				t.Fatalf("a refused feedback stored %d", n)
			}
			clock.add(10 * time.Second)
			resp, body = rawPost(t, f, "/e/"+tok+"/feedback", "198.51.100.9", "fi", url.Values{"overall": {"5"}})
			if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "/thanks?f=") {
				t.Fatalf("feedback ten seconds later: %d\n%s", resp.StatusCode, body)
			}
			if n := len(f.feedback(t)); n != 1 {
				t.Errorf("%d feedbacks stored, want 1", n)
			}
			// The refusal is counted at the touchpoint, for insight.
			must(t, f.cs.App.FlushRefused(f.ctx))
			d, err := f.db.InsightData(f.ctx, tandem.InsightQuery{OrgID: f.org.ID})
			must(t, err)
			if len(d.Refused) != 1 || d.Refused[0].Count != 1 || d.Refused[0].TouchpointID != f.tp.ID {
				t.Errorf("refused in insight: %+v", d.Refused)
			}
		})
	}
}

// TestFeedbackGivenElsewhere: a visit whose feedback came through the API
// (a kiosk) takes no second one from the page: the customer is thanked and
// nothing more is stored.
func TestFeedbackGivenElsewhere(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.Open(t))
			c := f.client("en")
			tok := token(t, f.start(c, false))
			_, err := f.app.SubmitFeedback(f.ctx, &app.FeedbackInput{Channel: tandem.ChannelAPI, Episode: tok, Overall: 3, Lang: "en"})
			must(t, err)
			p := c.post("/e/"+tok+"/feedback", url.Values{"overall": {"5"}, "comment": {"second"}})
			wantStatus(t, p, http.StatusOK)
			if p.URL.Path != "/e/"+tok+"/thanks" {
				t.Errorf("ended at %s, want the thanks page", p.URL)
			}
			if list := f.feedback(t); len(list) != 1 || list[0].Overall != 3 {
				t.Errorf("feedback stored: %d, want the kiosk's only", len(list))
			}
		})
	}
}
