package customer_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// TestRequests: a step's request buttons ask the staff once however often
// they are tapped, due when the customer chose; the step shows where the
// request stands as staff answer it, and the button comes back once done.
func TestRequests(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.Open(t))
			at := time.Date(2026, time.March, 2, 15, 0, 0, 0, time.UTC)
			f.setNow(at)
			c := f.client("fi")
			pr := catalog.Printer("fi")
			due := at.Add(20 * time.Minute).In(f.org.Location()).Format("15:04") // the organization's time
			tok := token(t, f.start(c, false))
			ep := f.episode(t, tok)
			order := f.step("order")
			n := f.stepN("order")
			later := `action="/e/` + tok + `/steps/` + id(order.ID) + `/requests/coffee-later"`
			waiter := `action="/e/` + tok + `/steps/` + id(order.ID) + `/requests/waiter"`
			p := c.get("/e/" + tok)
			li := stepHTML(t, p, n)
			for _, want := range []string{later, waiter, ">Kahvi 20 minuutin päästä</button>", ">Kutsu tarjoilija</button>"} {
				if !strings.Contains(li, want) {
					t.Errorf("step %d lacks %s:\n%s", n, want, li)
				}
			}
			if other := stepHTML(t, p, f.stepN("pay-first")); strings.Contains(other, "/requests/") {
				t.Errorf("a step without options shows request buttons:\n%s", other)
			}

			for range 3 {
				p = c.post("/e/"+tok+"/steps/"+id(order.ID)+"/requests/coffee-later", url.Values{"lang": {"fi"}})
				wantStatus(t, p, http.StatusOK)
				if want := "step-" + strconv.Itoa(n); p.URL.Fragment != want {
					t.Errorf("after the tap: at #%s, want #%s", p.URL.Fragment, want)
				}
			}
			list, err := f.db.ListRequests(f.ctx, tandem.RequestFilter{OrgID: f.org.ID, EpisodeID: &ep.ID})
			must(t, err)
			if len(list) != 1 || list[0].OptionKey != "coffee-later" || list[0].TouchpointID != f.tp.ID ||
				!list[0].DueAt.Equal(at.Add(20*time.Minute)) {
				t.Fatalf("stored %+v, want one request for coffee in 20 minutes at the table", list)
			}
			li = stepHTML(t, p, n)
			if want := esc(pr.T("customer.request.open_later", 20, due)); !strings.Contains(li, want) || strings.Contains(li, later) {
				t.Errorf("asked: want %q and no second button:\n%s", want, li)
			}
			if !strings.Contains(li, waiter) {
				t.Errorf("the other option's button is gone:\n%s", li)
			}
			f.noEnglish(t, "fi", p)

			// Later the page says the minutes left.
			f.setNow(at.Add(15 * time.Minute))
			if li := stepHTML(t, c.get("/e/"+tok), n); !strings.Contains(li, esc(pr.T("customer.request.open_later", 5, due))) {
				t.Errorf("five minutes before: %s", li)
			}
			version := func() string {
				m := regexp.MustCompile(`data-v="([^"]+)"`).FindStringSubmatch(c.get("/e/" + tok).Body)
				if m == nil {
					t.Fatal("no live version on the page")
				}
				return m[1]
			}
			before := version()
			_, err = f.app.AcknowledgeRequest(f.ctx, f.org.ID, list[0].ID, 0)
			must(t, err)
			if version() == before {
				t.Error("the live version does not change when staff acknowledge a request")
			}
			if li := stepHTML(t, c.get("/e/"+tok), n); !strings.Contains(li, esc(pr.T("customer.request.acknowledged"))) {
				t.Errorf("acknowledged request not shown:\n%s", li)
			}
			_, err = f.app.CloseRequest(f.ctx, f.org.ID, list[0].ID, 0)
			must(t, err)
			if li := stepHTML(t, c.get("/e/"+tok), n); !strings.Contains(li, esc(pr.T("customer.request.done"))) || !strings.Contains(li, later) {
				t.Errorf("done request: want its status and the button back:\n%s", li)
			}

			// Unknown options, steps and visits are not found.
			for _, path := range []string{
				"/e/" + tok + "/steps/" + id(order.ID) + "/requests/tea",
				"/e/" + tok + "/steps/" + id(f.step("pay-first").ID) + "/requests/waiter",
				"/e/" + tok + "/steps/" + id(f.step("greet").ID) + "/requests/waiter",
				"/e/" + tok + "/steps/x/requests/waiter",
				"/e/nosuchtoken/steps/" + id(order.ID) + "/requests/waiter",
			} {
				wantStatus(t, c.post(path, nil), http.StatusNotFound)
			}
			list, err = f.db.ListRequests(f.ctx, tandem.RequestFilter{OrgID: f.org.ID})
			must(t, err)
			if len(list) != 1 {
				t.Errorf("refused taps stored: %d requests, want 1", len(list))
			}

			// A visit that is over takes no more, and shows no buttons.
			f.setNow(at.Add(tandem.HelpOpenFor + time.Hour))
			p = c.post("/e/"+tok+"/steps/"+id(order.ID)+"/requests/waiter", url.Values{"lang": {"fi"}})
			wantStatus(t, p, http.StatusUnprocessableEntity)
			wantContains(t, p, esc(pr.In("customer.", "error.request_closed")))
			if li := stepHTML(t, c.get("/e/"+tok), n); strings.Contains(li, "/requests/") {
				t.Errorf("an old visit offers request buttons:\n%s", li)
			}
		})
	}
}
