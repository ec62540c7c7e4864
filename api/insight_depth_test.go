package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
	"github.com/tandemhq/tandem/storetest"
)

// seedDrivers stores n responses of t's service on day: every third rates
// the coffee temperature negative (the customer's part, by the aspect's
// default) and judges 2 overall, every third does not mention it and
// judges 4, the rest rate it positive and judge 5. The first comments of
// them say what the comments list says, in English.
func seedDrivers(tb testing.TB, db *sqlstore.DB, t *tenant, day time.Time, n int, comments ...string) {
	tb.Helper()
	coffee := t.BP.Aspects[2]
	if coffee.Key != "coffee-temperature" {
		tb.Fatalf("aspect 2 is %s", coffee.Key)
	}
	for i := range n {
		f := &tandem.Feedback{OrgID: t.Org.ID, ServiceID: t.Service.ID, BlueprintID: t.BP.ID, TouchpointID: t.TP.ID, SiteID: t.Site.ID,
			Overall: 4, Lang: "en", CreatedAt: day.Add(time.Duration(i) * time.Minute)}
		switch i % 3 {
		case 0:
			f.Overall = 2
			f.Aspects = []tandem.AspectRating{{AspectID: coffee.ID, Rating: tandem.Negative}}
		case 2:
			f.Overall = 5
			f.Aspects = []tandem.AspectRating{{AspectID: coffee.ID, Rating: tandem.Positive}}
		}
		if i < len(comments) {
			f.Comment = comments[i]
		}
		must(tb, f.Validate(t.BP, nil))
		if _, err := db.CreateFeedback(context.Background(), f); err != nil {
			tb.Fatal(err)
		}
	}
}

func repeat(n int, s string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// TestInsightDepth: GET /api/v1/insight carries the key drivers of one
// service, with their sample sizes, and the terms that rose in the
// comments against the period before; below the minimum sample it says so
// instead of a figure; one organization's responses never reach another's.
func TestInsightDepth(t *testing.T) {
	doc := loadDoc(t)
	now := time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng, withClock(now))
			a := e.A
			// March: 120 responses, 20 of the first 35 comments about cold coffee.
			seedDrivers(t, e.DB, a, time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC), 120,
				append(repeat(20, "The coffee was cold"), repeat(15, "Friendly waiter, nice view")...)...)
			// February, the period before: 35 comments, none about cold coffee.
			seedDrivers(t, e.DB, a, time.Date(2026, 2, 10, 8, 0, 0, 0, time.UTC), 35, repeat(35, "Friendly waiter, nice view")...)
			// Organization B: ten responses, all about cold coffee.
			seedDrivers(t, e.DB, e.B, time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC), 10, repeat(10, "Cold cold coffee")...)

			type effect struct {
				Value  *float64 `json:"value"`
				N      int      `json:"n"`
				TooFew bool     `json:"too_few"`
			}
			type rising struct {
				Term       string  `json:"term"`
				Lang       string  `json:"lang"`
				Phrase     bool    `json:"phrase"`
				DocsNow    int     `json:"docs_now"`
				OfNow      int     `json:"of_now"`
				DocsBefore int     `json:"docs_before"`
				OfBefore   int     `json:"of_before"`
				G2         float64 `json:"g2"`
			}
			type group struct {
				Key            *string  `json:"key"`
				CommentsNow    int      `json:"comments_now"`
				CommentsBefore int      `json:"comments_before"`
				TooFew         bool     `json:"too_few"`
				Rising         []rising `json:"rising"`
			}
			var got struct {
				Drivers *struct {
					Responses    int      `json:"responses"`
					Capped       bool     `json:"capped"`
					MinResponses int      `json:"min_responses"`
					TooFew       bool     `json:"too_few"`
					R2           *float64 `json:"r2"`
					R2Low        *float64 `json:"r2_low"`
					Resamples    int      `json:"resamples"`
					Top          *string  `json:"top"`
					Aspects      []struct {
						Key      string   `json:"key"`
						Rated    int      `json:"rated"`
						Negative int      `json:"negative"`
						TooFew   bool     `json:"too_few"`
						Share    *float64 `json:"share"`
						Low      *float64 `json:"low"`
						High     *float64 `json:"high"`
						Penalty  effect   `json:"penalty"`
						Reward   effect   `json:"reward"`
					} `json:"aspects"`
					FixFirst []struct {
						Key       string  `json:"key"`
						Responses int     `json:"responses"`
						Negatives int     `json:"negatives"`
						Frequency float64 `json:"frequency"`
						Penalty   float64 `json:"penalty"`
						Loss      float64 `json:"loss"`
						Lead      string  `json:"lead"`
						Design    bool    `json:"design"`
						ByCause   []struct {
							Party string  `json:"party"`
							Share float64 `json:"share"`
						} `json:"by_cause"`
					} `json:"fix_first"`
				} `json:"drivers"`
				Terms struct {
					Now struct {
						From     string `json:"from"`
						Comments int    `json:"comments"`
					} `json:"now"`
					Before struct {
						From     string `json:"from"`
						To       string `json:"to"`
						Comments int    `json:"comments"`
					} `json:"before"`
					MinSample int     `json:"min_sample"`
					Overall   group   `json:"overall"`
					Aspects   []group `json:"aspects"`
				} `json:"terms"`
			}
			get := func(tn *tenant, query string) {
				t.Helper()
				url := "/api/v1/insight?from=2026-03-01&to=2026-03-30" + query
				resp, body := e.do(t, "GET", url, "", bearer(tn))
				if resp.StatusCode != 200 {
					t.Fatalf("GET %s = %d: %s", url, resp.StatusCode, body)
				}
				doc.checkResponse(t, e.Mux, "GET", url, resp, body)
				got.Drivers = nil
				must(t, json.Unmarshal(body, &got))
			}
			get(a, fmt.Sprintf("&service_id=%d", a.Service.ID))
			d := got.Drivers
			if d == nil || d.Responses != 120 || d.Capped || d.TooFew || d.MinResponses != 50 || d.R2 == nil || d.R2Low == nil || d.Resamples == 0 {
				t.Fatalf("drivers = %+v", d)
			}
			if d.Top == nil || *d.Top != "coffee-temperature" || len(d.FixFirst) != 1 {
				t.Fatalf("fix first = %+v (top %v)", d.FixFirst, d.Top)
			}
			// Not mentioned: overall 4; negative: 2; positive: 5.
			f := d.FixFirst[0]
			if f.Responses != 120 || f.Negatives != 40 || math.Abs(f.Frequency-1.0/3) > 1e-9 || math.Abs(f.Penalty-2) > 1e-9 ||
				math.Abs(f.Loss-2.0/3) > 1e-9 || f.Lead != "customer" || !f.Design || len(f.ByCause) != 1 || f.ByCause[0].Share != 1 {
				t.Errorf("coffee = %+v", f)
			}
			c := d.Aspects[0]
			if c.Key != "coffee-temperature" || c.Rated != 80 || c.Negative != 40 || c.TooFew || c.Share == nil || c.Low == nil ||
				*c.Low > *c.Share || *c.High < *c.Share || math.Abs(*c.Share-*d.R2) > 1e-9 {
				t.Errorf("coffee driver = %+v", c)
			}
			if c.Penalty.Value == nil || math.Abs(*c.Penalty.Value-2) > 1e-9 || c.Penalty.N != 40 || c.Reward.Value == nil || math.Abs(*c.Reward.Value-1) > 1e-9 {
				t.Errorf("coffee penalty %+v, reward %+v; want 2 and 1 points", c.Penalty, c.Reward)
			}
			tm := got.Terms
			if tm.Now.Comments != 35 || tm.Before.Comments != 35 || tm.Before.From != "2026-01-30" || tm.Before.To != "2026-02-28" || tm.MinSample != 30 {
				t.Errorf("terms now %+v, before %+v", tm.Now, tm.Before)
			}
			var cold *rising
			for i, r := range tm.Overall.Rising {
				if r.Term == "cold" {
					cold = &tm.Overall.Rising[i]
				}
				if r.Term == "waiter" || r.Term == "friendly" {
					t.Errorf("%q rose, but it fell", r.Term)
				}
			}
			if tm.Overall.TooFew || cold == nil || cold.Lang != "en" || cold.DocsNow != 20 || cold.OfNow != 35 || cold.DocsBefore != 0 || cold.OfBefore != 35 || cold.G2 < 10.83 {
				t.Errorf("overall terms = %+v", tm.Overall)
			}
			// The coffee aspect was judged with 12 of the cold comments now
			// (every third response), too few to compare.
			for _, g := range tm.Aspects {
				if g.Key != nil && *g.Key == "coffee-temperature" && !g.TooFew {
					t.Errorf("coffee terms = %+v, want too few", g)
				}
			}

			// Every service: no drivers (their aspects differ), terms still.
			get(a, "")
			if got.Drivers != nil || got.Terms.Now.Comments != 35 {
				t.Errorf("every service: drivers %+v, %d comments", got.Drivers, got.Terms.Now.Comments)
			}
			// B: ten responses are too few, and none of A's counts.
			get(e.B, fmt.Sprintf("&service_id=%d", e.B.Service.ID))
			d = got.Drivers
			if d == nil || !d.TooFew || d.Responses != 10 || d.R2 != nil || len(d.FixFirst) != 0 || d.Top != nil {
				t.Fatalf("B drivers = %+v", d)
			}
			for _, a := range d.Aspects {
				if !a.TooFew || a.Share != nil || a.Penalty.Value != nil {
					t.Errorf("B aspect %+v, want too few", a)
				}
			}
			if got.Terms.Now.Comments != 10 || !got.Terms.Overall.TooFew || len(got.Terms.Overall.Rising) != 0 {
				t.Errorf("B terms = %+v", got.Terms)
			}
		})
	}
}
