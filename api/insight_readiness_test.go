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

// askReadiness publishes a new version of t's blueprint whose feedback asks
// every readiness question, and returns it.
func askReadiness(tb testing.TB, db *sqlstore.DB, t *tenant) *tandem.Blueprint {
	tb.Helper()
	b := &tandem.Blueprint{OrgID: t.Org.ID, ServiceID: t.Service.ID, Readiness: tandem.Dimensions}
	for _, s := range t.BP.Steps {
		s.ID = 0
		b.Steps = append(b.Steps, s)
	}
	for _, a := range t.BP.Aspects {
		a.ID = 0
		b.Aspects = append(b.Aspects, a)
	}
	must(tb, db.PublishBlueprint(context.Background(), b))
	return b
}

// answer stores one feedback with readiness answers.
func answer(tb testing.TB, db *sqlstore.DB, t *tenant, b *tandem.Blueprint, at time.Time, first bool, hardest string, r map[tandem.Dimension]int) {
	tb.Helper()
	f := &tandem.Feedback{OrgID: t.Org.ID, ServiceID: t.Service.ID, BlueprintID: b.ID, TouchpointID: t.TP.ID, SiteID: t.Site.ID,
		Overall: 4, Lang: "en", FirstTime: first, Readiness: r, CreatedAt: at}
	if hardest != "" {
		f.HardestStepID = b.StepByKey(hardest).ID
	}
	must(tb, f.Validate(b, nil))
	if _, err := db.CreateFeedback(context.Background(), f); err != nil {
		tb.Fatal(err)
	}
}

// askHelp raises a help request on step key of a fresh episode.
func askHelp(tb testing.TB, db *sqlstore.DB, t *tenant, b *tandem.Blueprint, key string, at time.Time) {
	tb.Helper()
	ctx := context.Background()
	ep := &tandem.Episode{OrgID: t.Org.ID, ServiceID: t.Service.ID, BlueprintID: b.ID, TouchpointID: t.TP.ID, SiteID: t.Site.ID, Lang: "en"}
	must(tb, db.CreateEpisode(ctx, ep))
	if _, err := db.RequestHelp(ctx, &tandem.HelpRequest{OrgID: t.Org.ID, EpisodeID: ep.ID, StepID: b.StepByKey(key).ID, CreatedAt: at}); err != nil {
		tb.Fatal(err)
	}
}

// TestInsightReadiness: the insight report carries the readiness index,
// first-timers beside regulars, per step named hardest, with help requests
// per step, site and hour; the answer matches the documented schema; one
// organization's answers never reach another's report.
func TestInsightReadiness(t *testing.T) {
	doc := loadDoc(t)
	helsinki, err := time.LoadLocation("Europe/Helsinki")
	must(t, err)
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, helsinki)
	day := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC) // 10:00 in Helsinki (UTC+2 until 29 March)
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng, withClock(now))
			a := e.A
			ba := askReadiness(t, e.DB, a)
			for i := range 10 {
				at := day.Add(time.Duration(i) * time.Minute)
				answer(t, e.DB, a, ba, at, true, "choose-table", map[tandem.Dimension]int{tandem.KnowHow: 2, tandem.Ability: 4})
				answer(t, e.DB, a, ba, at, false, "choose-table", map[tandem.Dimension]int{tandem.KnowHow: 4, tandem.Ability: 5})
			}
			answer(t, e.DB, a, ba, day, false, "", map[tandem.Dimension]int{tandem.Motivation: 5})
			askHelp(t, e.DB, a, ba, "choose-table", day.Add(30*time.Minute))            // 10:30 local
			askHelp(t, e.DB, a, ba, "choose-table", day.Add(45*time.Minute))            // 10:45
			askHelp(t, e.DB, a, ba, "choose-table", day.Add(6*time.Hour+5*time.Minute)) // 16:05
			// Organization B's customers struggle everywhere: none of it
			// may show in A's report.
			bb := askReadiness(t, e.DB, e.B)
			for range 12 {
				answer(t, e.DB, e.B, bb, day, true, "drink-coffee", map[tandem.Dimension]int{tandem.KnowHow: 1, tandem.RoleClarity: 1})
			}
			askHelp(t, e.DB, e.B, bb, "drink-coffee", day)

			url := fmt.Sprintf("/api/v1/insight?service_id=%d&from=2026-03-01&to=2026-03-15", a.Service.ID)
			resp, body := e.do(t, "GET", url, "", bearer(a))
			if resp.StatusCode != 200 {
				t.Fatalf("GET insight = %d: %s", resp.StatusCode, body)
			}
			doc.checkResponse(t, e.Mux, "GET", url, resp, body)

			var got struct {
				Readiness struct {
					MinAnswers int                     `json:"min_answers"`
					Dimensions []readinessDimensionOut `json:"dimensions"`
					Overall    readinessSplitOut       `json:"overall"`
					Steps      []struct {
						StepKey        string                  `json:"step_key"`
						Named          int                     `json:"named"`
						NamedFirstTime int                     `json:"named_first_time"`
						Dimensions     []readinessDimensionOut `json:"dimensions"`
						Weakest        *string                 `json:"weakest"`
						WeakestIndex   *float64                `json:"weakest_index"`
						Support        *string                 `json:"support"`
						HelpRequests   int                     `json:"help_requests"`
					} `json:"steps"`
					Gaps []struct {
						StepKey string  `json:"step_key"`
						Gap     float64 `json:"gap"`
					} `json:"knowhow_gaps"`
				} `json:"readiness"`
				Help struct {
					Total  int `json:"total"`
					BySite []struct {
						SiteID int64 `json:"site_id"`
						Count  int   `json:"count"`
					} `json:"by_site"`
					ByHour   []int `json:"by_hour"`
					PeakHour *int  `json:"peak_hour"`
				} `json:"help"`
			}
			must(t, json.Unmarshal(body, &got))
			r := got.Readiness
			if r.MinAnswers != 10 {
				t.Errorf("min_answers = %d, want 10", r.MinAnswers)
			}
			var dims []string
			for _, d := range r.Dimensions {
				dims = append(dims, d.Dimension)
			}
			if fmt.Sprint(dims) != "[motivation knowhow ability]" {
				t.Fatalf("dimensions = %v, want [motivation knowhow ability] (role unanswered in A)", dims)
			}
			mo, kh, ab := r.Dimensions[0], r.Dimensions[1], r.Dimensions[2]
			mo.All.check(t, "motivation", 1, 100, false)
			if mo.Gap != nil || mo.FirstTime.Index != nil {
				t.Errorf("motivation gap %v, first-timer index %v; want null, null", mo.Gap, mo.FirstTime.Index)
			}
			kh.FirstTime.check(t, "knowhow first-timers", 10, 25, true) // mean 2
			kh.Regular.check(t, "knowhow regulars", 10, 75, true)       // mean 4
			kh.All.check(t, "knowhow", 20, 50, true)
			if kh.Gap == nil || *kh.Gap != 50 {
				t.Errorf("knowhow gap = %v, want 50", kh.Gap)
			}
			ab.All.check(t, "ability", 20, 87.5, true) // mean 4.5
			r.Overall.All.check(t, "overall", 41, (100+50+87.5)/3.0, false)
			r.Overall.Regular.check(t, "overall regulars", 21, (100+75+100)/3.0, false)

			if len(r.Steps) != 1 {
				t.Fatalf("steps = %+v, want choose-table only", r.Steps)
			}
			st := r.Steps[0]
			if st.StepKey != "choose-table" || st.Named != 20 || st.NamedFirstTime != 10 || st.HelpRequests != 3 {
				t.Errorf("step = %s named %d (%d first-timers) help %d; want choose-table 20 (10) 3", st.StepKey, st.Named, st.NamedFirstTime, st.HelpRequests)
			}
			if st.Weakest == nil || *st.Weakest != "knowhow" || *st.WeakestIndex != 50 || *st.Support != "instructions" || len(st.Dimensions) != 2 {
				t.Errorf("step weakest = %v %v %v, %d dimensions; want knowhow 50 instructions, 2", st.Weakest, st.WeakestIndex, st.Support, len(st.Dimensions))
			}
			if len(r.Gaps) != 1 || r.Gaps[0].StepKey != "choose-table" || r.Gaps[0].Gap != 50 {
				t.Errorf("knowhow_gaps = %+v, want choose-table 50", r.Gaps)
			}

			h := got.Help
			if h.Total != 3 || len(h.BySite) != 1 || h.BySite[0].SiteID != a.Site.ID || h.BySite[0].Count != 3 {
				t.Errorf("help = %d, by site %+v; want 3 at site %d", h.Total, h.BySite, a.Site.ID)
			}
			if len(h.ByHour) != 24 || h.ByHour[10] != 2 || h.ByHour[16] != 1 || h.PeakHour == nil || *h.PeakHour != 10 {
				t.Errorf("help by hour = %v peak %v, want 2 at 10, 1 at 16, peak 10", h.ByHour, h.PeakHour)
			}

			// Nothing answered in the period: empty but complete, and valid.
			url = fmt.Sprintf("/api/v1/insight?service_id=%d&from=2026-01-01&to=2026-01-31", a.Service.ID)
			resp, body = e.do(t, "GET", url, "", bearer(a))
			doc.checkResponse(t, e.Mux, "GET", url, resp, body)
			var empty map[string]any
			must(t, json.Unmarshal(body, &empty))
			rd := empty["readiness"].(map[string]any)
			if len(rd["dimensions"].([]any)) != 0 || len(rd["steps"].([]any)) != 0 || empty["help"].(map[string]any)["peak_hour"] != nil {
				t.Errorf("empty period: readiness %v help %v", rd, empty["help"])
			}
		})
	}
}

type readinessFigureOut struct {
	Answers int      `json:"answers"`
	Mean    *float64 `json:"mean"`
	Index   *float64 `json:"index"`
	Enough  bool     `json:"enough"`
}

func (f readinessFigureOut) check(t *testing.T, name string, answers int, index float64, enough bool) {
	t.Helper()
	if f.Answers != answers || f.Index == nil || math.Abs(*f.Index-index) > 1e-9 || f.Enough != enough {
		idx := "null"
		if f.Index != nil {
			idx = fmt.Sprint(*f.Index)
		}
		t.Errorf("%s = %d answers, index %s, enough %v; want %d, %v, %v", name, f.Answers, idx, f.Enough, answers, index, enough)
	}
}

type readinessSplitOut struct {
	All       readinessFigureOut `json:"all"`
	FirstTime readinessFigureOut `json:"first_time"`
	Regular   readinessFigureOut `json:"regular"`
	Gap       *float64           `json:"gap"`
}

type readinessDimensionOut struct {
	Dimension string `json:"dimension"`
	readinessSplitOut
}
