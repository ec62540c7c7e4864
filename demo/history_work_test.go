package demo

import (
	"reflect"
	"testing"
	"time"

	tandem "github.com/tandemhq/tandem"
)

var testCrew = map[string]int64{"aino": 101, "dmitri": 102, "liisa": 103}

func testWork(t *testing.T) (*world, []tandem.ReportRecord) {
	t.Helper()
	w := syntheticWorld()
	return w, generateWork(w, testCrew, testNow, WorkHistoryDays, 1)
}

func TestWorkHistoryDeterministic(t *testing.T) {
	_, a := testWork(t)
	_, b := testWork(t)
	if len(a) == 0 || !reflect.DeepEqual(a, b) {
		t.Fatalf("two runs with the same seed differ (%d and %d records)", len(a), len(b))
	}
	c := generateWork(syntheticWorld(), testCrew, testNow, WorkHistoryDays, 2)
	if reflect.DeepEqual(a, c) {
		t.Error("another seed gives the same history")
	}
}

// TestWorkHistoryShape checks the records are ones the store takes and
// the crew's life as the demo tells it: within the window, every item done
// by a crew user after it was acknowledged, reporters counted.
func TestWorkHistoryShape(t *testing.T) {
	w, recs := testWork(t)
	loc := w.loc
	y, m, d := testNow.In(loc).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, loc)
	first := today.AddDate(0, 0, -WorkHistoryDays)
	s4 := map[int64]bool{}
	for _, d := range tpDefs {
		if d.service == KeyCleaning {
			s4[w.tps[d.key].ID] = true
		}
	}
	crew := map[int64]bool{}
	for _, id := range testCrew {
		crew[id] = false
	}
	var items, praise, reopened, many, reports int
	var ackSlow int
	for _, rec := range recs {
		for _, r := range rec.Reports {
			reports++
			if r.CreatedAt.Before(first) || !r.CreatedAt.Before(today) || !s4[r.TouchpointID] || r.OrgID != w.org.ID {
				t.Fatalf("report out of place: %+v", r)
			}
			if err := r.Validate(); err != nil {
				t.Fatalf("report %+v: %v", r, err)
			}
		}
		it := rec.Item
		if it == nil {
			if len(rec.Reports) != 1 || !rec.Reports[0].Praise {
				t.Fatalf("praise record %+v", rec)
			}
			praise++
			continue
		}
		items++
		if it.State != tandem.WorkDone || it.Reporters != len(rec.Reports) || it.Reporters > 5 ||
			it.AcknowledgedAt.Before(it.OpenedAt) || it.DoneAt.Before(it.AcknowledgedAt) || it.OpenedAt.Before(it.CreatedAt) {
			t.Fatalf("item %+v with %d reports", it, len(rec.Reports))
		}
		if _, ok := crew[it.HandledBy]; !ok {
			t.Fatalf("item handled by %d", it.HandledBy)
		}
		crew[it.HandledBy] = true
		for _, r := range rec.Reports {
			if r.ProblemKey != it.ProblemKey || r.TouchpointID != it.TouchpointID || r.FixedAt.IsZero() || r.FixedAt.Before(r.CreatedAt) {
				t.Fatalf("report %+v of item %+v", r, it)
			}
		}
		if it.OpenedAt.After(it.CreatedAt) {
			reopened++
		}
		if it.Reporters >= 2 {
			many++
		}
		if it.AcknowledgedAt.Sub(it.OpenedAt) > 20*time.Minute {
			ackSlow++
		}
	}
	t.Logf("%d records: %d items (%d reopened, %d with 2+ reporters), %d praise, %d reports", len(recs), items, reopened, many, praise, reports)
	if items < 300 || praise < 50 || reopened < 5 || many < items/5 {
		t.Errorf("%d items, %d praise, %d reopened, %d with 2+ reporters", items, praise, reopened, many)
	}
	if ackSlow > items/20 {
		t.Errorf("%d of %d items acknowledged after 20 minutes", ackSlow, items)
	}
	for id, used := range crew {
		if !used {
			t.Errorf("crew user %d handled nothing", id)
		}
	}
}

// TestWorkHistoryPatterns checks the stories: busy working days, soap out
// on Mondays after lunch and less of it since the restock round, fewer
// late items since then too.
func TestWorkHistoryPatterns(t *testing.T) {
	w, recs := testWork(t)
	loc := w.loc
	y, m, d := testNow.In(loc).Date()
	round := time.Date(y, m, d-restockRoundDaysAgo, 0, 0, 0, 0, loc)
	settled := round.AddDate(0, 0, 15)

	type slot struct {
		day  time.Weekday
		hour int // start of a two-hour slot
	}
	soap := map[slot]int{}
	var workday, weekend int
	var soapBefore, soapAfter int
	type share struct{ late, all int }
	var before, after share
	for _, rec := range recs {
		for _, r := range rec.Reports {
			at := r.CreatedAt.In(loc)
			if wd := at.Weekday(); wd == time.Saturday || wd == time.Sunday {
				weekend++
			} else {
				workday++
			}
			if r.ProblemKey == "no-soap" {
				soap[slot{at.Weekday(), at.Hour() / 2 * 2}]++
			}
		}
		it := rec.Item
		if it == nil {
			continue
		}
		late := it.DoneAt.After(it.DueAt)
		switch at := it.CreatedAt; {
		case at.Before(round):
			before.all++
			if late {
				before.late++
			}
			if it.ProblemKey == "no-soap" {
				soapBefore++
			}
		case !at.Before(settled):
			after.all++
			if late {
				after.late++
			}
			if it.ProblemKey == "no-soap" {
				soapAfter++
			}
		}
	}
	// Five working days for two weekend days: per day, far busier.
	if float64(workday)/5 < 10*float64(weekend)/2 {
		t.Errorf("%d reports on working days, %d on weekends", workday, weekend)
	}
	monday := soap[slot{time.Monday, 12}]
	for s, n := range soap {
		if s != (slot{time.Monday, 12}) && n*2 >= monday {
			t.Errorf("soap reports %v: %d, Monday 12–14: %d", s, n, monday)
		}
	}
	// Per day: 55 days before the round, 20 since it settled.
	perDayBefore, perDayAfter := float64(soapBefore)/float64(WorkHistoryDays-restockRoundDaysAgo), float64(soapAfter)/float64(restockRoundDaysAgo-15)
	if perDayAfter > perDayBefore/2 {
		t.Errorf("soap items per day: %.2f before the restock round, %.2f since", perDayBefore, perDayAfter)
	}
	lateBefore, lateAfter := float64(before.late)/float64(before.all), float64(after.late)/float64(after.all)
	t.Logf("Monday 12–14 soap reports %d; late %.0f%% before the round, %.0f%% since; soap items per day %.2f → %.2f",
		monday, 100*lateBefore, 100*lateAfter, perDayBefore, perDayAfter)
	if lateAfter > lateBefore*0.6 {
		t.Errorf("late items: %.2f before the restock round, %.2f since", lateBefore, lateAfter)
	}
}
