package storetest

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// testRollupsRecount checks the insight rollups against a recount from the
// feedback rows themselves, done here in plain Go: after random feedback
// written concurrently (so in shared batches) around both daylight-saving
// changes of 2026, random cause overrides, imported history, a change of
// the organization's time zone and a rebuild, every figure InsightData
// reads from the rollups equals the recount, for every filter and window.
func testRollupsRecount(t *testing.T, db *sqlstore.DB) {
	rng := rand.New(rand.NewPCG(7, 11))
	a := NewWorld(t, db, "org-roll", func(w *World) {
		w.Blueprint = guidedBlueprint(0, 0)
		w.Blueprint.Aspects = append(w.Blueprint.Aspects,
			tandem.Aspect{Key: "temp", Name: en("Temperature"), ControlledBy: tandem.PartyProvider},
			tandem.Aspect{Key: "wait", Name: en("Waiting"), ControlledBy: tandem.PartyShared})
	})
	b := NewWorld(t, db, "org-roll-b") // another organization, written alongside
	hall2 := &tandem.Site{OrgID: a.Org.ID, Name: en("Hall 2"), Address: "Side St 2"}
	must(t, db.CreateSite(ctx, hall2))
	door := &tandem.Touchpoint{OrgID: a.Org.ID, SiteID: hall2.ID, ServiceID: a.Service.ID, Name: en("Door")}
	must(t, db.CreateTouchpoint(ctx, door))
	touchpoints := []*tandem.Touchpoint{a.Touchpoint, door}
	steps := map[int64]string{}
	for _, s := range a.Blueprint.Steps {
		steps[s.ID] = s.Key
	}

	// Feedback around the changes to summer time (29 March, 03:00 local)
	// and back (25 October, 04:00 local) in Helsinki, and in between.
	starts := []time.Time{date("2026-03-28T12:00:00Z"), date("2026-06-10T00:00:00Z"), date("2026-10-24T12:00:00Z")}
	random := func(n int) *tandem.Feedback {
		f := a.Feedback(1 + rng.IntN(5))
		tp := touchpoints[rng.IntN(2)]
		f.TouchpointID, f.SiteID = tp.ID, tp.SiteID
		f.CreatedAt = starts[rng.IntN(3)].Add(time.Duration(rng.IntN(48*60)) * time.Minute)
		f.Lang = []string{"en", "ru", "fi"}[rng.IntN(3)]
		f.FirstTime = rng.IntN(3) == 0
		f.IdempotencyKey = []string{"", fmt.Sprintf("api:k:%d", n), fmt.Sprintf("web:t:%d", n)}[rng.IntN(3)]
		for _, as := range a.Blueprint.Aspects {
			switch rng.IntN(4) {
			case 0: // not rated
			case 1:
				f.Aspects = append(f.Aspects, tandem.AspectRating{AspectID: as.ID, Rating: tandem.Positive})
			default:
				f.Aspects = append(f.Aspects, tandem.AspectRating{AspectID: as.ID, Rating: tandem.Negative,
					Cause: tandem.Parties[rng.IntN(len(tandem.Parties))]})
			}
		}
		if rng.IntN(2) == 0 {
			f.Readiness = map[tandem.Dimension]int{}
			for _, d := range tandem.Dimensions {
				if rng.IntN(3) > 0 {
					f.Readiness[d] = 1 + rng.IntN(5)
				}
			}
			if rng.IntN(2) == 0 {
				f.HardestStepID = a.Step([]string{"tray", "pay"}[rng.IntN(2)]).ID
			}
		}
		if rng.IntN(4) == 0 {
			f.PraiseStaffID = a.Staff[rng.IntN(len(a.Staff))].ID
			if rng.IntN(2) == 0 {
				f.Praise = fmt.Sprintf("thanks %d", n)
			}
		}
		return f
	}
	var fs []*tandem.Feedback
	for i := range 600 {
		fs = append(fs, random(i))
	}
	var wg sync.WaitGroup
	for w := range 8 { // eight writers at once: the rollups of shared batches
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(fs); i += 8 {
				if _, err := db.CreateFeedback(ctx, fs[i]); err != nil {
					t.Error(err)
					return
				}
				if i%40 == 0 {
					o := b.Feedback(1, rate(b.Blueprint.Aspects[0], tandem.Negative))
					o.CreatedAt = fs[i].CreatedAt
					created(t, db, o)
				}
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	// History is counted as it is imported.
	var history []tandem.HistoryRecord
	for i := range 50 {
		history = append(history, tandem.HistoryRecord{Feedback: random(1000 + i)})
	}
	must(t, db.ImportHistory(ctx, history))

	// Managers override causes, now and then back to what it was.
	overridden := 0
	for _, f := range fs {
		for _, r := range f.Aspects {
			if r.Rating == tandem.Negative && rng.IntN(5) == 0 {
				must(t, db.SetCause(ctx, a.Org.ID, f.ID, r.AspectID, tandem.Parties[rng.IntN(len(tandem.Parties))]))
				overridden++
			}
		}
	}
	if overridden == 0 {
		t.Fatal("no cause overridden")
	}

	// Customers ask for help at both touchpoints in every language, some
	// more than once on a step (after the first request was answered);
	// then some change their first-timer answer, which moves their
	// requests.
	var episodes []*tandem.Episode
	var asked []*tandem.HelpRequest
	for i := range 60 {
		e := a.Episode()
		tp := touchpoints[rng.IntN(2)]
		e.TouchpointID, e.SiteID = tp.ID, tp.SiteID
		e.Lang = []string{"en", "ru", "fi"}[rng.IntN(3)]
		e.FirstTime = rng.IntN(2) == 0
		must(t, db.CreateEpisode(ctx, e))
		episodes = append(episodes, e)
		for range 1 + rng.IntN(3) {
			step := a.Step([]string{"tray", "pay"}[rng.IntN(2)])
			h := &tandem.HelpRequest{EpisodeID: e.ID, StepID: step.ID,
				CreatedAt: starts[rng.IntN(3)].Add(time.Duration(rng.IntN(48*60)) * time.Minute)}
			created, err := db.RequestHelp(ctx, h)
			must(t, err)
			if created {
				asked = append(asked, h)
				h.Close(0, h.CreatedAt.Add(time.Minute))
				must(t, db.UpdateHelp(ctx, h, tandem.HelpOpen))
			}
		}
		if i%3 == 0 {
			e.FirstTime = !e.FirstTime
			must(t, db.SetFirstTime(ctx, e.ID, e.FirstTime))
		}
	}
	if len(asked) < 60 {
		t.Fatalf("only %d help requests", len(asked))
	}
	o := b.Episode() // another organization's, alongside
	must(t, db.CreateEpisode(ctx, o))
	_, err := db.RequestHelp(ctx, &tandem.HelpRequest{EpisodeID: o.ID, StepID: b.Step("order").ID, CreatedAt: starts[0]})
	must(t, err)
	byEpisode := map[int64]*tandem.Episode{}
	for _, e := range episodes {
		byEpisode[e.ID] = e
	}

	hel, err := time.LoadLocation("Europe/Helsinki")
	must(t, err)
	check := func(stage string, loc *time.Location) {
		t.Helper()
		var all []*tandem.Feedback
		var keys [][]string
		must(t, db.EachFeedback(ctx, tandem.FeedbackFilter{OrgID: a.Org.ID}, func(f *tandem.Feedback, k []string) error {
			all = append(all, f)
			keys = append(keys, k)
			return nil
		}))
		if len(all) != 650 {
			t.Fatalf("%s: %d feedback stored, want 650", stage, len(all))
		}
		yes, no := true, false
		queries := []tandem.InsightQuery{
			{},
			{ServiceID: a.Service.ID},
			{SiteID: hall2.ID},
			{SiteID: a.Site.ID, ServiceID: a.Service.ID},
			{TouchpointID: a.Touchpoint.ID},
			{Lang: "ru"},
			{Channel: tandem.ChannelWeb},
			{Channel: tandem.ChannelAPI, FirstTime: &no},
			{FirstTime: &yes},
			{SiteID: hall2.ID, Lang: "fi"},
			{TouchpointID: door.ID, FirstTime: &no, Channel: tandem.ChannelWeb},
		}
		periods := [][2]string{
			{"2026-03-28", "2026-03-31"}, // summer time begins on the 29th
			{"2026-03-29", "2026-03-30"},
			{"2026-10-24", "2026-10-27"}, // and ends on the 25th
			{"2026-01-01", "2027-01-01"},
			{"2026-06-11", "2026-06-12"},
			// Whole months read from the month rows, the days at the
			// ends from the day rows.
			{"2026-03-15", "2026-07-20"},
			{"2026-06-01", "2026-11-01"},
			{"2026-03-29", "2026-10-26"},
		}
		for _, q := range queries {
			for _, p := range periods {
				q.OrgID, q.Location = a.Org.ID, loc
				q.From = dayIn(p[0], loc)
				q.To = dayIn(p[1], loc)
				got, err := db.InsightData(ctx, q)
				must(t, err)
				want := recount(q, all, keys, steps)
				want.Help, want.HelpDays = recountHelp(q, asked, byEpisode)
				name := fmt.Sprintf("%s: %+v %v", stage, filterOf(q), p)
				if !reflect.DeepEqual(got.Help, want.Help) {
					t.Errorf("%s: Help = %+v, want %+v", name, got.Help, want.Help)
				}
				if !reflect.DeepEqual(got.HelpDays, want.HelpDays) {
					t.Errorf("%s: HelpDays = %+v, want %+v", name, got.HelpDays, want.HelpDays)
				}
				if !reflect.DeepEqual(got.CauseDays, want.CauseDays) {
					t.Errorf("%s: CauseDays = %+v, want %+v", name, got.CauseDays, want.CauseDays)
				}
				if !reflect.DeepEqual(got.ReadinessDays, want.ReadinessDays) {
					t.Errorf("%s: ReadinessDays = %+v, want %+v", name, got.ReadinessDays, want.ReadinessDays)
				}
				if !reflect.DeepEqual(got.Days, want.Days) {
					t.Errorf("%s: Days = %+v, want %+v", name, got.Days, want.Days)
				}
				if !reflect.DeepEqual(countsOnly(got.Aspects), want.Aspects) {
					t.Errorf("%s: Aspects = %+v, want %+v", name, countsOnly(got.Aspects), want.Aspects)
				}
				if !reflect.DeepEqual(got.Hours, want.Hours) {
					t.Errorf("%s: Hours = %+v, want %+v", name, got.Hours, want.Hours)
				}
				if !reflect.DeepEqual(got.Readiness, want.Readiness) {
					t.Errorf("%s: Readiness = %+v, want %+v", name, got.Readiness, want.Readiness)
				}
				if !reflect.DeepEqual(praiseOnly(got.Praise), want.Praise) {
					t.Errorf("%s: Praise = %+v, want %+v", name, praiseOnly(got.Praise), want.Praise)
				}

				// The figures a comparison reads are the same, without
				// the series and hours it does not show.
				fq := q
				fq.FiguresOnly = true
				figures, err := db.InsightData(ctx, fq)
				must(t, err)
				if !reflect.DeepEqual(figures.Days, want.Days) || !reflect.DeepEqual(countsOnly(figures.Aspects), want.Aspects) ||
					!reflect.DeepEqual(figures.Readiness, want.Readiness) || !reflect.DeepEqual(praiseOnly(figures.Praise), want.Praise) {
					t.Errorf("%s, figures only: Days %+v, Aspects %+v, Readiness %+v, Praise %+v differ from the recount",
						name, figures.Days, countsOnly(figures.Aspects), figures.Readiness, praiseOnly(figures.Praise))
				}
				if figures.Hours != nil || figures.CauseDays != nil || figures.ReadinessDays != nil || figures.Comments != nil {
					t.Errorf("%s, figures only: read hours %v, cause days %v, readiness days %v or comments %v",
						name, figures.Hours, figures.CauseDays, figures.ReadinessDays, figures.Comments)
				}
			}
		}
	}
	check("written", hel)

	// A new time zone moves feedback to other days and hours.
	a.Org.TimeZone = "America/New_York"
	must(t, db.UpdateOrg(ctx, a.Org))
	ny, err := time.LoadLocation("America/New_York")
	must(t, err)
	check("moved to New York", ny)

	// A rebuild counts the same again.
	n, err := db.RebuildInsight(ctx, a.Org.ID, nil)
	must(t, err)
	if n != 650 {
		t.Errorf("rebuild counted %d feedback, want 650", n)
	}
	check("rebuilt", ny)
}

// dayIn returns the midnight that begins a date in loc.
func dayIn(s string, loc *time.Location) time.Time {
	d := date(s + "T00:00:00Z")
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
}

func filterOf(q tandem.InsightQuery) string {
	first := "-"
	if q.FirstTime != nil {
		first = fmt.Sprint(*q.FirstTime)
	}
	return fmt.Sprintf("service=%d site=%d touchpoint=%d channel=%q lang=%q first=%s",
		q.ServiceID, q.SiteID, q.TouchpointID, q.Channel, q.Lang, first)
}

// countsOnly drops the aspects' names, which the recount does not know.
func countsOnly(list []tandem.AspectCount) []tandem.AspectCount {
	var out []tandem.AspectCount
	for _, a := range list {
		a.Name = nil
		out = append(out, a)
	}
	return out
}

// praiseOnly keeps the staff and counts of praise, in order.
func praiseOnly(list []tandem.PraiseCount) map[int64]int {
	var out map[int64]int
	for _, p := range list {
		if out == nil {
			out = map[int64]int{}
		}
		out[p.StaffID] = p.Count
	}
	return out
}

type recounted struct {
	CauseDays     []tandem.CauseDayCount
	ReadinessDays []tandem.ReadinessDayCount
	Days          []tandem.DayCount
	Aspects       []tandem.AspectCount
	Hours         []tandem.HourAspectCount
	Help          []tandem.HelpCount
	HelpDays      []tandem.DayTotal
	Readiness     []tandem.ReadinessCount
	Praise        map[int64]int
}

// recount works out what InsightData should say for q from the feedback
// itself, the straightforward way.
func recount(q tandem.InsightQuery, all []*tandem.Feedback, keys [][]string, steps map[int64]string) recounted {
	var out recounted
	days := map[time.Time]*tandem.DayCount{}
	aspects := map[string]*tandem.AspectCount{}
	type hourKey struct {
		aspect string
		hour   int
	}
	hours := map[hourKey]*tandem.HourAspectCount{}
	type readyKey struct {
		dim   tandem.Dimension
		first bool
		step  string
	}
	ready := map[readyKey]*tandem.ReadinessCount{}
	type causeKey struct {
		day   time.Time
		party tandem.Party
	}
	causes := map[causeKey]int{}
	type readyDayKey struct {
		day time.Time
		dim tandem.Dimension
	}
	readyDays := map[readyDayKey]*tandem.ReadinessDayCount{}
	site := q.SiteID
	for _, f := range all {
		if q.TouchpointID != 0 && f.TouchpointID == q.TouchpointID {
			site = f.SiteID
		}
	}
	for i, f := range all {
		local := f.CreatedAt.In(q.Location)
		switch {
		case local.Before(q.From) || !local.Before(q.To),
			q.ServiceID != 0 && f.ServiceID != q.ServiceID,
			site != 0 && f.SiteID != site,
			q.TouchpointID != 0 && f.TouchpointID != q.TouchpointID,
			q.Channel != "" && tandem.FeedbackChannel(f.IdempotencyKey) != q.Channel,
			q.Lang != "" && f.Lang != q.Lang,
			q.FirstTime != nil && f.FirstTime != *q.FirstTime:
			continue
		}
		y, m, d := local.Date()
		day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		dc := days[day]
		if dc == nil {
			dc = &tandem.DayCount{Day: day}
			days[day] = dc
		}
		dc.Responses++
		dc.OverallSum += f.Overall
		for j, r := range f.Aspects {
			k := keys[i][j]
			ac := aspects[k]
			if ac == nil {
				ac = &tandem.AspectCount{AspectKey: k, ByCause: map[tandem.Party]int{}}
				aspects[k] = ac
			}
			hc := hours[hourKey{k, local.Hour()}]
			if hc == nil {
				hc = &tandem.HourAspectCount{AspectKey: k, Hour: local.Hour()}
				hours[hourKey{k, local.Hour()}] = hc
			}
			hc.Total++
			if r.Rating == tandem.Negative {
				ac.Negative++
				ac.ByCause[r.Cause]++
				hc.Negative++
				causes[causeKey{day, r.Cause}]++
			} else {
				ac.Positive++
			}
		}
		for d, v := range f.Readiness {
			k := readyKey{d, f.FirstTime, steps[f.HardestStepID]}
			rc := ready[k]
			if rc == nil {
				rc = &tandem.ReadinessCount{Dimension: d, FirstTime: f.FirstTime, HardestStep: k.step}
				ready[k] = rc
			}
			rc.Answers++
			rc.Sum += v
			rd := readyDays[readyDayKey{day, d}]
			if rd == nil {
				rd = &tandem.ReadinessDayCount{Day: day, Dimension: d}
				readyDays[readyDayKey{day, d}] = rd
			}
			rd.Answers++
			rd.Sum += v
		}
		if f.PraiseStaffID != 0 {
			if out.Praise == nil {
				out.Praise = map[int64]int{}
			}
			out.Praise[f.PraiseStaffID]++
		}
	}
	for _, d := range days {
		out.Days = append(out.Days, *d)
	}
	for k, n := range causes {
		out.CauseDays = append(out.CauseDays, tandem.CauseDayCount{Day: k.day, Party: k.party, Negatives: n})
	}
	sort.Slice(out.CauseDays, func(i, j int) bool {
		a, b := out.CauseDays[i], out.CauseDays[j]
		if !a.Day.Equal(b.Day) {
			return a.Day.Before(b.Day)
		}
		return slices.Index(tandem.Parties, a.Party) < slices.Index(tandem.Parties, b.Party)
	})
	for _, r := range readyDays {
		out.ReadinessDays = append(out.ReadinessDays, *r)
	}
	sort.Slice(out.ReadinessDays, func(i, j int) bool {
		a, b := out.ReadinessDays[i], out.ReadinessDays[j]
		if !a.Day.Equal(b.Day) {
			return a.Day.Before(b.Day)
		}
		return slices.Index(tandem.Dimensions, a.Dimension) < slices.Index(tandem.Dimensions, b.Dimension)
	})
	sort.Slice(out.Days, func(i, j int) bool { return out.Days[i].Day.Before(out.Days[j].Day) })
	for _, a := range aspects {
		out.Aspects = append(out.Aspects, *a)
	}
	sort.Slice(out.Aspects, func(i, j int) bool { return out.Aspects[i].AspectKey < out.Aspects[j].AspectKey })
	if q.TouchpointID == 0 && !q.Segmented() { // hours are kept for these views only
		for _, h := range hours {
			out.Hours = append(out.Hours, *h)
		}
		sort.Slice(out.Hours, func(i, j int) bool {
			a, b := out.Hours[i], out.Hours[j]
			if a.AspectKey != b.AspectKey {
				return a.AspectKey < b.AspectKey
			}
			return a.Hour < b.Hour
		})
	}
	for _, r := range ready {
		out.Readiness = append(out.Readiness, *r)
	}
	sort.Slice(out.Readiness, func(i, j int) bool {
		a, b := out.Readiness[i], out.Readiness[j]
		if a.Dimension != b.Dimension {
			return slices.Index(tandem.Dimensions, a.Dimension) < slices.Index(tandem.Dimensions, b.Dimension)
		}
		if a.FirstTime != b.FirstTime {
			return !a.FirstTime
		}
		return a.HardestStep < b.HardestStep
	})
	return out
}

// recountHelp counts the help requests q selects, as insight shows them:
// per step, site and local hour, and per local day; the touchpoint,
// language and first-timer answer are the episode's (as it is now).
func recountHelp(q tandem.InsightQuery, asked []*tandem.HelpRequest, episodes map[int64]*tandem.Episode) ([]tandem.HelpCount, []tandem.DayTotal) {
	if q.Channel == tandem.ChannelAPI {
		return nil, nil
	}
	type place struct {
		step string
		site int64
		hour int
	}
	byPlace := map[place]int{}
	byDay := map[time.Time]int{}
	for _, h := range asked {
		e := episodes[h.EpisodeID]
		if h.CreatedAt.Before(q.From) || !h.CreatedAt.Before(q.To) || q.ServiceID != 0 && h.ServiceID != q.ServiceID ||
			q.SiteID != 0 && h.SiteID != q.SiteID || q.TouchpointID != 0 && e.TouchpointID != q.TouchpointID ||
			q.Lang != "" && e.Lang != q.Lang || q.FirstTime != nil && e.FirstTime != *q.FirstTime {
			continue
		}
		local := h.CreatedAt.In(q.Location)
		byPlace[place{h.StepKey, h.SiteID, local.Hour()}]++
		byDay[time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)]++
	}
	var help []tandem.HelpCount
	for p, n := range byPlace {
		help = append(help, tandem.HelpCount{StepKey: p.step, SiteID: p.site, Hour: p.hour, Count: n})
	}
	sort.Slice(help, func(i, j int) bool {
		a, b := help[i], help[j]
		return a.StepKey < b.StepKey || a.StepKey == b.StepKey && (a.SiteID < b.SiteID || a.SiteID == b.SiteID && a.Hour < b.Hour)
	})
	var days []tandem.DayTotal
	for d, n := range byDay {
		days = append(days, tandem.DayTotal{Day: d, Count: n})
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Day.Before(days[j].Day) })
	return help, days
}
