package demo

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/app"

	tandem "github.com/tandemhq/tandem"
)

var testNow = time.Date(2026, 3, 15, 18, 30, 0, 0, time.UTC)

// history generates the default history from a synthetic world.
func history(t testing.TB) (*world, []tandem.HistoryRecord) { return historySeed(t, 1) }

func historySeed(t testing.TB, seed int64) (*world, []tandem.HistoryRecord) {
	t.Helper()
	w, recs, _ := historyHelps(t, seed)
	return w, recs
}

// historyHelps also returns the help requests raised in the history. It is
// generated once per seed; tests only read it.
func historyHelps(t testing.TB, seed int64) (*world, []tandem.HistoryRecord, []helpPlan) {
	t.Helper()
	generated.Lock()
	defer generated.Unlock()
	if h, ok := generated.m[seed]; ok {
		return h.w, h.recs, h.helps
	}
	w := syntheticWorld()
	if err := w.check(); err != nil {
		t.Fatal(err)
	}
	recs, helps := generate(w, testNow, DefaultDays, seed)
	generated.m[seed] = generatedHistory{w, recs, helps}
	return w, recs, helps
}

type generatedHistory struct {
	w     *world
	recs  []tandem.HistoryRecord
	helps []helpPlan
}

var generated = struct {
	sync.Mutex
	m map[int64]generatedHistory
}{m: map[int64]generatedHistory{}}

// storySeeds are the seeds the stories are checked with: they must not
// depend on a lucky seed.
var storySeeds = []int64{1, 2, 3, 4, 5, 6}

func TestScenariosValidate(t *testing.T) {
	for _, k := range ServiceKeys {
		s, b, ok := Scenario(k)
		if !ok {
			t.Fatalf("Scenario(%q) not found", k)
		}
		if err := s.Validate(); err != nil {
			t.Errorf("%s service: %v", k, err)
		}
		if err := b.Validate(); err != nil {
			t.Errorf("%s blueprint: %v", k, err)
		}
		lanes := map[tandem.Lane]bool{}
		for _, st := range b.Steps {
			lanes[st.Lane] = true
		}
		for _, l := range tandem.Lanes {
			if !lanes[l] {
				t.Errorf("%s blueprint has no step in lane %s", k, l)
			}
		}
	}
	if _, _, ok := Scenario("nope"); ok {
		t.Error("Scenario of an unknown key reported ok")
	}
	// Each call returns fresh values: changing one must not change the next.
	_, b := Restaurant()
	b.Steps[0].Title["en"] = "changed"
	if _, b2 := Restaurant(); b2.Steps[0].Title["en"] == "changed" {
		t.Error("Restaurant() shares its texts between calls")
	}
}

// textCheck reports texts missing a language; required texts must exist at
// all, optional ones must be complete if present.
type textCheck struct {
	t *testing.T
}

func (c textCheck) required(where string, x tandem.Text) {
	c.t.Helper()
	for _, l := range tandem.Languages {
		if strings.TrimSpace(x[l]) == "" {
			c.t.Errorf("%s: no %s text", where, l)
		}
	}
	if len(x) != len(tandem.Languages) {
		c.t.Errorf("%s: languages %v", where, x)
	}
}

// translated also requires that no language is a copy of the English.
func (c textCheck) translated(where string, x tandem.Text) {
	c.t.Helper()
	c.required(where, x)
	if x["ru"] == x["en"] || x["fi"] == x["en"] {
		c.t.Errorf("%s: untranslated %v", where, x)
	}
}

func (c textCheck) optional(where string, x tandem.Text) {
	c.t.Helper()
	if len(x) > 0 {
		c.translated(where, x)
	}
}

func TestTextsComplete(t *testing.T) {
	c := textCheck{t}
	for _, k := range ServiceKeys {
		s, b, _ := Scenario(k)
		c.translated(k+" name", s.Name)
		c.translated(k+" description", s.Description)
		for _, st := range b.Steps {
			w := k + "/" + st.Key
			c.translated(w+" title", st.Title)
			if st.Lane == tandem.LaneCustomer {
				c.translated(w+" why", st.Why)
				c.translated(w+" expected", st.Expected)
				c.translated(w+" how", st.How)
			} else if len(st.Why)+len(st.Expected)+len(st.How)+len(st.Ability)+len(st.Assisted) > 0 {
				t.Errorf("%s: guidance on a %s step", w, st.Lane)
			}
			c.optional(w+" ability", st.Ability)
			c.optional(w+" assisted", st.Assisted)
			c.optional(w+" short", st.Short)
			c.optional(w+" nudge", st.Nudge)
			if len(st.Requirements) > 0 {
				// A step that asks an ability says so and offers a way round it.
				c.translated(w+" ability", st.Ability)
				c.translated(w+" assisted", st.Assisted)
			}
			if st.WindowMinutes > 0 {
				c.translated(w+" nudge", st.Nudge)
			}
			if st.Lane == tandem.LaneCustomer && len(st.Short) == 0 {
				t.Errorf("%s: no short text for regulars", w)
			}
		}
		c.optional(k+" preparation", b.Preparation)
		for _, a := range b.Aspects {
			c.translated(k+"/"+a.Key+" name", a.Name)
		}
	}
	for _, d := range siteDefs {
		c.required("site "+d.key, d.name)
	}
	for _, d := range staffDefs {
		c.required("staff "+d.key+" title", d.title)
		c.required("staff "+d.key+" spelled", d.spelled)
	}
	for _, d := range tpDefs {
		c.required("touchpoint "+d.key, d.name)
	}
	for _, pool := range []map[string]map[string][]string{comments, praises} {
		for topic, byLang := range pool {
			for _, l := range tandem.Languages {
				if len(byLang[l]) == 0 {
					t.Errorf("%s: no %s texts", topic, l)
				}
				for _, s := range byLang[l] {
					if strings.TrimSpace(s) == "" || strings.ContainsAny(s, "<>&") {
						t.Errorf("%s/%s: unclean text %q", topic, l, s)
					}
				}
			}
		}
	}
}

// TestRestaurantStory: the demo restaurant is one evening told step by step,
// with its five things that went well and three that did not, and the cold
// coffee caused by the guest, who read while it cooled.
func TestRestaurantStory(t *testing.T) {
	_, b := Restaurant()
	var keys []string
	for _, a := range b.Aspects {
		keys = append(keys, a.Key)
		want := tandem.PartyProvider
		switch a.Key {
		case AspectCoffeeTemperature:
			want = tandem.PartyCustomer // the guest let it go cold while reading
		case AspectSalt:
			want = tandem.PartyShared
		}
		if a.ControlledBy != want {
			t.Errorf("%s controlled by %s, want %s", a.Key, a.ControlledBy, want)
		}
	}
	want := []string{
		AspectWindowView, AspectFriendlyWaiter, AspectWinePairing, AspectPromptBill, AspectNoWaiting, // positives
		AspectMenuChoice, AspectSalt, AspectCoffeeTemperature, // negatives
	}
	if !slices.Equal(keys, want) {
		t.Errorf("aspects %v, want %v", keys, want)
	}
	// The guest's evening, in time order.
	order := []string{"arrive", "greet", "ask-table", "bring-menu", "ask-recommendation", "recommend", "order",
		"cook", "serve", "ask-salt", "eat", "read", "order-coffee", "coffee-and-bill", "pay", "leave"}
	pos := map[string]int{}
	for i, s := range b.Steps {
		pos[s.Key] = i
	}
	for i := 1; i < len(order); i++ {
		a, okA := pos[order[i-1]]
		z, okZ := pos[order[i]]
		if !okA || !okZ || a >= z {
			t.Errorf("step %q should come before %q", order[i-1], order[i])
		}
	}
	if b.Steps[pos["cook"]].Lane != tandem.LaneBackstage {
		t.Error("the kitchen cooks backstage")
	}
	for _, s := range b.CustomerSteps() {
		if s.Key != "leave" && s.ExpectedMinutes == 0 {
			t.Errorf("customer step %s has no expected duration", s.Key)
		}
	}
}

func TestGenerateDeterministic(t *testing.T) {
	a, ha := generate(syntheticWorld(), testNow, DefaultDays, 1)
	b, hb := generate(syntheticWorld(), testNow, DefaultDays, 1)
	if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(ha, hb) {
		t.Fatal("same seed, different history")
	}
	c, _ := generate(syntheticWorld(), testNow, DefaultDays, 2)
	if reflect.DeepEqual(a, c) {
		t.Fatal("different seeds, same history")
	}
}

func TestHistoryShape(t *testing.T) {
	w, recs := history(t)
	if len(recs) < 5000 {
		t.Fatalf("%d episodes, want at least 5000", len(recs))
	}
	now := testNow.In(w.loc)
	days := map[string]bool{}
	langs := map[string]int{}
	feedback, comments, readiness := 0, 0, 0
	by := map[tandem.Source]int{}
	staff := make([]*tandem.StaffMember, 0, len(w.staff))
	for _, d := range staffDefs {
		staff = append(staff, w.staff[d.key])
	}
	bpByID := map[int64]*tandem.Blueprint{}
	for _, b := range w.bps {
		bpByID[b.ID] = b
	}
	first, start := recs[0].Episode.StartedAt, recs[0].Episode.StartedAt
	for i, r := range recs {
		e := r.Episode
		if e.StartedAt.Before(start) {
			t.Fatalf("record %d is out of order", i)
		}
		start = e.StartedAt
		if e.StartedAt.After(now) || e.OrgID != w.org.ID || e.ServiceID == 0 || e.TouchpointID == 0 || e.SiteID == 0 || e.Token != "" {
			t.Fatalf("bad episode %+v", e)
		}
		b := bpByID[e.BlueprintID]
		if b == nil || b.ServiceID != e.ServiceID {
			t.Fatalf("episode %d: blueprint %d does not belong to service %d", i, e.BlueprintID, e.ServiceID)
		}
		days[e.StartedAt.In(w.loc).Format(time.DateOnly)] = true
		langs[e.Lang]++
		prev := e.StartedAt
		for _, d := range e.Done {
			s := b.Step(d.StepID)
			if s == nil || s.Lane != tandem.LaneCustomer && d.By != tandem.ByStaff {
				t.Fatalf("episode %d: done step %d is neither the customer's nor marked by staff", i, d.StepID)
			}
			if d.At.Before(prev) || d.At.After(now) {
				t.Fatalf("episode %d: step %s done at %v, out of order or in the future", i, s.Key, d.At)
			}
			prev = d.At
			if !d.By.Valid() {
				t.Fatalf("episode %d: step %s done by %q", i, s.Key, d.By)
			}
			by[d.By]++
		}
		k := keyOfService(w, e.ServiceID)
		if appointment := k == KeyBarber || k == KeyDoctor; appointment != !e.ScheduledAt.IsZero() {
			t.Fatalf("episode %d of %s scheduled at %v", i, k, e.ScheduledAt)
		}
		if !e.ScheduledAt.IsZero() && (e.ScheduledAt.Before(e.StartedAt) || e.ScheduledAt.After(now)) {
			t.Fatalf("episode %d booked at %v for %v", i, e.StartedAt, e.ScheduledAt)
		}
		f := r.Feedback
		if f == nil {
			continue
		}
		if f.FirstTime != e.FirstTime {
			t.Fatalf("feedback %d: first time %v, episode says %v", i, f.FirstTime, e.FirstTime)
		}
		if len(f.Readiness) > 0 {
			readiness++
		}
		feedback++
		if f.Comment != "" {
			comments++
		}
		if f.OrgID != e.OrgID || f.ServiceID != e.ServiceID || f.BlueprintID != e.BlueprintID ||
			f.TouchpointID != e.TouchpointID || f.SiteID != e.SiteID || f.Lang != e.Lang || f.EpisodeID != 0 {
			t.Fatalf("feedback %d does not match its episode: %+v", i, f)
		}
		if f.CreatedAt.Before(e.StartedAt) || f.CreatedAt.After(now) {
			t.Fatalf("feedback %d created at %v", i, f.CreatedAt)
		}
		if len(f.Aspects) == 0 {
			t.Fatalf("feedback %d rates no aspect", i)
		}
		for _, a := range f.Aspects {
			// Only a cause the visit's timeline shows is set, with its
			// evidence; the store defaults the rest.
			if a.Cause != "" && (a.Source != tandem.CauseTimeline || a.Evidence == nil) {
				t.Fatalf("feedback %d sets a cause without evidence; the store should default it", i)
			}
		}
		if strings.ContainsAny(f.Comment+f.Praise, "<>") {
			t.Fatalf("feedback %d has markup: %q", i, f.Comment)
		}
		if err := f.Validate(b, staff); err != nil {
			t.Fatalf("feedback %d: %v", i, err)
		}
	}
	if len(days) < 90 || start.Sub(first) < 89*24*time.Hour {
		t.Errorf("history covers %d days (%v), want at least 90", len(days), start.Sub(first))
	}
	if feedback < len(recs)/2 || comments < 200 {
		t.Errorf("%d feedback with %d comments for %d episodes", feedback, comments, len(recs))
	}
	for _, l := range tandem.Languages {
		if langs[l] < len(recs)/10 {
			t.Errorf("only %d episodes in %s", langs[l], l)
		}
	}
	if by[tandem.ByCustomer] < 4*(by[tandem.ByStaff]+by[tandem.BySystem]) || by[tandem.ByStaff] == 0 || by[tandem.BySystem] == 0 {
		t.Errorf("steps done by %v: want mostly the customer, some staff and systems", by)
	}
	if readiness < feedback/2 {
		t.Errorf("%d of %d feedback answer readiness questions", readiness, feedback)
	}
	t.Logf("%d episodes, %d feedback (%d with readiness answers), %d comments, %d days, languages %v, steps done by %v",
		len(recs), feedback, readiness, comments, len(days), langs, by)
}

func TestDailyRhythm(t *testing.T) {
	w, recs := history(t)
	hours := map[string][24]int{}
	for _, r := range recs {
		e := r.Episode
		k := keyOfService(w, e.ServiceID)
		local := e.StartedAt.In(w.loc)
		wd := local.Weekday()
		if k == KeyBarber || k == KeyDoctor {
			local = e.ScheduledAt.In(w.loc)
			wd = local.Weekday()
		}
		switch {
		case k == KeyBarber && (wd == time.Sunday || wd == time.Monday),
			k != KeyRestaurant && k != KeyBarber && (wd == time.Saturday || wd == time.Sunday):
			t.Fatalf("%s episode on a %s", k, wd)
		}
		h := hours[k]
		h[local.Hour()]++
		hours[k] = h
	}
	r, c, cl, atm := hours[KeyRestaurant], hours[KeyCafeteria], hours[KeyCleaning], hours[KeyPension]
	if atm[10] <= atm[14] || atm[8] != 0 || atm[17] != 0 {
		t.Errorf("pension hours %v: want a mid-morning peak within opening hours", atm)
	}
	if r[12] <= r[10] || r[19] <= r[17] || r[12] <= r[15] || r[19] <= r[15] || r[8] != 0 {
		t.Errorf("restaurant hours %v: want lunch and dinner peaks", r)
	}
	if c[11]+c[12] < 3*(c[10]+c[13]) || c[16] != 0 {
		t.Errorf("cafeteria hours %v: want a lunch peak", c)
	}
	if cl[7] != 0 || cl[18] != 0 || cl[13] == 0 {
		t.Errorf("cleaning hours %v: want office hours", cl)
	}
}

func keyOfService(w *world, id int64) string {
	for k, s := range w.services {
		if s.ID == id {
			return k
		}
	}
	return ""
}

// aspectTally counts the judgements of one aspect in records selected by keep.
func aspectTally(w *world, recs []tandem.HistoryRecord, svc, aspect string, keep func(tandem.HistoryRecord) bool) (pos, neg int) {
	id := w.aspectIDs[svc][aspect]
	for _, r := range recs {
		if r.Feedback == nil || !keep(r) {
			continue
		}
		for _, a := range r.Feedback.Aspects {
			if a.AspectID == id {
				if a.Rating == tandem.Negative {
					neg++
				} else {
					pos++
				}
			}
		}
	}
	return pos, neg
}

func TestCoffeeGoesColdInTheAfternoon(t *testing.T) {
	for _, seed := range storySeeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { testCoffeeStory(t, seed) })
	}
}

func testCoffeeStory(t *testing.T, seed int64) {
	w, recs := historySeed(t, seed)
	afternoon := func(r tandem.HistoryRecord) bool {
		h := r.Feedback.CreatedAt.In(w.loc).Hour()
		return h >= 14 && h <= 18
	}
	aPos, aNeg := aspectTally(w, recs, KeyRestaurant, AspectCoffeeTemperature, afternoon)
	oPos, oNeg := aspectTally(w, recs, KeyRestaurant, AspectCoffeeTemperature, func(r tandem.HistoryRecord) bool { return !afternoon(r) })
	aRate := float64(aNeg) / float64(aPos+aNeg)
	oRate := float64(oNeg) / float64(oPos+oNeg)
	t.Logf("coffee temperature negatives: afternoon %d/%d (%.0f%%), other hours %d/%d (%.0f%%)",
		aNeg, aPos+aNeg, 100*aRate, oNeg, oPos+oNeg, 100*oRate)
	if aNeg < 100 || aRate < 3*oRate || aNeg <= oNeg {
		t.Error("the afternoon cold-coffee story does not show")
	}
	// The cause is the customer's, by default; it still lowers the overall.
	_, b := Restaurant()
	if b.AspectByKey(AspectCoffeeTemperature).ControlledBy != tandem.PartyCustomer {
		t.Error("coffee temperature is not customer-controlled")
	}
	var cold, warm, nCold, nWarm float64
	id := w.aspectIDs[KeyRestaurant][AspectCoffeeTemperature]
	for _, r := range recs {
		if r.Feedback == nil {
			continue
		}
		for _, a := range r.Feedback.Aspects {
			if a.AspectID == id && a.Rating == tandem.Negative {
				cold += float64(r.Feedback.Overall)
				nCold++
			} else if a.AspectID == id {
				warm += float64(r.Feedback.Overall)
				nWarm++
			}
		}
	}
	if cold/nCold >= warm/nWarm-0.3 {
		t.Errorf("cold coffee overall %.2f, hot %.2f: a customer-caused problem should still hurt", cold/nCold, warm/nWarm)
	}
}

func TestCafeteriaFirstTimers(t *testing.T) {
	for _, seed := range storySeeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { testCafeteriaStory(t, seed) })
	}
}

func testCafeteriaStory(t *testing.T, seed int64) {
	w, recs := historySeed(t, seed)
	svc := w.services[KeyCafeteria].ID
	var n, firsts, fSum, fN, rSum, rN float64
	payFirst := map[string]bool{}
	for _, l := range tandem.Languages {
		for _, c := range comments["pay-first"][l] {
			payFirst[c] = true
		}
	}
	for _, r := range recs {
		if r.Episode.ServiceID != svc {
			continue
		}
		n++
		if r.Episode.FirstTime {
			firsts++
		}
		if r.Feedback == nil {
			continue
		}
		if r.Episode.FirstTime {
			fSum += float64(r.Feedback.Overall)
			fN++
		} else {
			rSum += float64(r.Feedback.Overall)
			rN++
			if payFirst[r.Feedback.Comment] {
				t.Errorf("a regular did not know to pay first: %q", r.Feedback.Comment)
			}
		}
	}
	if share := firsts / n; share < 0.15 || share > 0.25 {
		t.Errorf("first-timers are %.0f%% of cafeteria visits, want about 20%%", 100*share)
	}
	if fSum/fN > rSum/rN-0.3 {
		t.Errorf("first-timers rate %.2f, regulars %.2f: want first-timers clearly lower", fSum/fN, rSum/rN)
	}
	fp, fneg := aspectTally(w, recs, KeyCafeteria, "signage", func(r tandem.HistoryRecord) bool { return r.Episode.FirstTime })
	rp, rneg := aspectTally(w, recs, KeyCafeteria, "signage", func(r tandem.HistoryRecord) bool { return !r.Episode.FirstTime })
	fr, rr := float64(fneg)/float64(fp+fneg), float64(rneg)/float64(rp+rneg)
	if fr < 3*rr {
		t.Errorf("signage negatives: first-timers %.0f%%, regulars %.0f%%", 100*fr, 100*rr)
	}
	t.Logf("cafeteria: %.0f visits, %.0f%% first-timers; overall first %.2f vs regular %.2f; signage negative %.0f%% vs %.0f%%",
		n, 100*firsts/n, fSum/fN, rSum/rN, 100*fr, 100*rr)
}

func TestSoapComplaintsFallInTheLastMonth(t *testing.T) {
	for _, seed := range storySeeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { testSoapStory(t, seed) })
	}
}

func testSoapStory(t *testing.T, seed int64) {
	w, recs := historySeed(t, seed)
	now := testNow.In(w.loc)
	window := func(from, to int) func(tandem.HistoryRecord) bool { // days ago, inclusive from, exclusive to
		return func(r tandem.HistoryRecord) bool {
			ago := int(now.Sub(r.Feedback.CreatedAt) / (24 * time.Hour))
			return ago >= to && ago < from
		}
	}
	// Complaints per day: all the time before the restock round, and the last four weeks.
	_, before := aspectTally(w, recs, KeyCleaning, "soap-paper", window(DefaultDays, restockRoundDaysAgo))
	_, after := aspectTally(w, recs, KeyCleaning, "soap-paper", window(28, 0))
	beforeRate := float64(before) / float64(DefaultDays-restockRoundDaysAgo)
	afterRate := float64(after) / 28
	t.Logf("soap-and-paper complaints: %.2f a day before the restock round, %.2f a day in the last four weeks", beforeRate, afterRate)
	if afterRate > 0.5*beforeRate {
		t.Error("the soap improvement does not show")
	}
}

func TestAnnaGetsTheMostPraise(t *testing.T) {
	for _, seed := range storySeeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { testAnnaStory(t, seed) })
	}
}

func testAnnaStory(t *testing.T, seed int64) {
	w, recs := historySeed(t, seed)
	count := map[int64]int{}
	for _, r := range recs {
		if r.Feedback != nil && r.Feedback.PraiseStaffID != 0 {
			count[r.Feedback.PraiseStaffID]++
		}
	}
	anna := w.staff["anna"].ID
	for _, d := range staffDefs {
		id := w.staff[d.key].ID
		if id != anna && count[id] >= count[anna] {
			t.Errorf("%s has %d praise, Anna %d", d.name, count[id], count[anna])
		}
		if count[id] == 0 && d.key != "jussi" {
			t.Errorf("%s is never praised", d.name)
		}
	}
}

// --- Seed against an in-memory fake ----------------------------------------

type fakeStore struct {
	next     int64
	orgs     []*tandem.Organization
	users    []*tandem.User
	sites    []*tandem.Site
	staff    []*tandem.StaffMember
	services []*tandem.Service
	bps      []*tandem.Blueprint
	tps      []*tandem.Touchpoint
	imports  [][]tandem.HistoryRecord
	episodes []*tandem.Episode
	helps    []*tandem.HelpRequest
}

func (s *fakeStore) id() int64 { s.next++; return s.next }

func (s *fakeStore) CreateOrg(_ context.Context, o *tandem.Organization) error {
	if err := o.Validate(); err != nil {
		return err
	}
	o.ID = s.id()
	s.orgs = append(s.orgs, o)
	return nil
}
func (s *fakeStore) FindOrg(context.Context, int64) (*tandem.Organization, error) { panic("unused") }
func (s *fakeStore) UpdateOrg(context.Context, *tandem.Organization) error        { panic("unused") }
func (s *fakeStore) SetOrgLogo(context.Context, int64, *tandem.Logo) (string, error) {
	panic("unused")
}
func (s *fakeStore) FindLogo(context.Context, string) ([]byte, error) { panic("unused") }
func (s *fakeStore) MarkPosterOpened(context.Context, int64, time.Time) error {
	panic("unused")
}
func (s *fakeStore) FindOrgBySlug(_ context.Context, slug string) (*tandem.Organization, error) {
	for _, o := range s.orgs {
		if o.Slug == slug {
			return o, nil
		}
	}
	return nil, tandem.NotFound("error.not_found")
}

func (s *fakeStore) CreateUser(_ context.Context, u *tandem.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	u.ID = s.id()
	s.users = append(s.users, u)
	return nil
}
func (s *fakeStore) FindUser(context.Context, int64, int64) (*tandem.User, error) { panic("unused") }
func (s *fakeStore) FindUserByEmail(context.Context, string) (*tandem.User, error) {
	panic("unused")
}
func (s *fakeStore) ListUsers(context.Context, int64) ([]*tandem.User, error) { panic("unused") }
func (s *fakeStore) CreateSession(context.Context, int64, time.Time) (*tandem.Session, error) {
	panic("unused")
}
func (s *fakeStore) FindSessionUser(context.Context, string, time.Time) (*tandem.User, error) {
	panic("unused")
}
func (s *fakeStore) DeleteSession(context.Context, string) error            { panic("unused") }
func (s *fakeStore) CreateAPIToken(context.Context, *tandem.APIToken) error { panic("unused") }
func (s *fakeStore) UpdateUser(context.Context, *tandem.User) error         { panic("unused") }
func (s *fakeStore) CreateInvite(context.Context, int64, int64, time.Time) (*tandem.Invite, error) {
	panic("unused")
}
func (s *fakeStore) FindInviteUser(context.Context, string, time.Time) (*tandem.User, error) {
	panic("unused")
}
func (s *fakeStore) AcceptInvite(context.Context, string, string, time.Time) (*tandem.User, error) {
	panic("unused")
}
func (s *fakeStore) FindAPIToken(context.Context, string) (*tandem.APIToken, error) {
	panic("unused")
}
func (s *fakeStore) ListAPITokens(context.Context, int64) ([]*tandem.APIToken, error) {
	panic("unused")
}
func (s *fakeStore) RevokeAPIToken(context.Context, int64, int64, time.Time) (*tandem.APIToken, error) {
	panic("unused")
}
func (s *fakeStore) TouchAPIToken(context.Context, int64, time.Time) error { panic("unused") }
func (s *fakeStore) EndSessions(context.Context, int64, string) (int, error) {
	panic("unused")
}
func (s *fakeStore) SetPassword(context.Context, int64, int64, string, string) error {
	panic("unused")
}
func (s *fakeStore) PurgeExpired(context.Context, time.Time) (int, int, error) { panic("unused") }

func (s *fakeStore) CreateSite(_ context.Context, x *tandem.Site) error {
	if err := x.Validate(); err != nil {
		return err
	}
	x.ID = s.id()
	s.sites = append(s.sites, x)
	return nil
}
func (s *fakeStore) FindSite(context.Context, int64, int64) (*tandem.Site, error) { panic("unused") }
func (s *fakeStore) ListSites(context.Context, int64) ([]*tandem.Site, error)     { panic("unused") }
func (s *fakeStore) CreateStaff(_ context.Context, m *tandem.StaffMember) error {
	if err := m.Validate(); err != nil {
		return err
	}
	m.ID = s.id()
	s.staff = append(s.staff, m)
	return nil
}
func (s *fakeStore) UpdateSite(context.Context, *tandem.Site) error                  { panic("unused") }
func (s *fakeStore) UpdateStaff(context.Context, *tandem.StaffMember) error          { panic("unused") }
func (s *fakeStore) UpdateTouchpoint(context.Context, *tandem.Touchpoint) error      { panic("unused") }
func (s *fakeStore) RetireTouchpoint(context.Context, int64, int64, time.Time) error { panic("unused") }
func (s *fakeStore) FindStaff(context.Context, int64, int64) (*tandem.StaffMember, error) {
	panic("unused")
}
func (s *fakeStore) ListStaff(context.Context, int64, int64) ([]*tandem.StaffMember, error) {
	panic("unused")
}

func (s *fakeStore) CreateService(_ context.Context, x *tandem.Service) error {
	if err := x.Validate(); err != nil {
		return err
	}
	x.ID = s.id()
	s.services = append(s.services, x)
	return nil
}
func (s *fakeStore) FindService(_ context.Context, orgID, id int64) (*tandem.Service, error) {
	for _, x := range s.services {
		if x.ID == id && x.OrgID == orgID {
			c := *x
			return &c, nil
		}
	}
	return nil, tandem.NotFound("error.not_found")
}
func (s *fakeStore) ListServices(context.Context, int64) ([]*tandem.Service, error) {
	panic("unused")
}
func (s *fakeStore) PublishBlueprint(_ context.Context, b *tandem.Blueprint) error {
	if err := b.Validate(); err != nil {
		return err
	}
	b.ID = s.id()
	for _, x := range s.services {
		if x.ID == b.ServiceID {
			x.Version++
			b.Version = x.Version
		}
	}
	for i := range b.Steps {
		b.Steps[i].ID = s.id()
	}
	for i := range b.Aspects {
		b.Aspects[i].ID = s.id()
	}
	s.bps = append(s.bps, b)
	return nil
}
func (s *fakeStore) CreateServiceWithBlueprint(context.Context, *tandem.Service, *tandem.Blueprint) error {
	panic("unused")
}
func (s *fakeStore) FindBlueprint(context.Context, int64, int64) (*tandem.Blueprint, error) {
	panic("unused")
}
func (s *fakeStore) CurrentBlueprint(context.Context, int64, int64) (*tandem.Blueprint, error) {
	panic("unused")
}

func (s *fakeStore) CreateTouchpoint(_ context.Context, t *tandem.Touchpoint) error {
	if err := t.Validate(); err != nil {
		return err
	}
	t.ID = s.id()
	t.Code = tandem.NewSecret(tandem.TouchpointCodeBytes)
	s.tps = append(s.tps, t)
	return nil
}
func (s *fakeStore) FindTouchpoint(context.Context, int64, int64) (*tandem.Touchpoint, error) {
	panic("unused")
}
func (s *fakeStore) FindTouchpointByCode(context.Context, string) (*tandem.Touchpoint, error) {
	panic("unused")
}
func (s *fakeStore) ListTouchpoints(context.Context, int64) ([]*tandem.Touchpoint, error) {
	panic("unused")
}

func (s *fakeStore) ImportHistory(_ context.Context, recs []tandem.HistoryRecord) error {
	for _, r := range recs {
		r.Episode.ID = s.id()
	}
	s.imports = append(s.imports, recs)
	return nil
}

func (s *fakeStore) CreateEpisode(_ context.Context, e *tandem.Episode) error {
	e.ID, e.Token = s.id(), tandem.NewSecret(tandem.EpisodeTokenBytes)
	s.episodes = append(s.episodes, e)
	return nil
}
func (s *fakeStore) FindEpisodeByToken(context.Context, string) (*tandem.Episode, error) {
	panic("unused")
}
func (s *fakeStore) FindEpisode(context.Context, int64, int64) (*tandem.Episode, error) {
	panic("unused")
}
func (s *fakeStore) SetFirstTime(context.Context, int64, bool) error { panic("unused") }
func (s *fakeStore) CancelEpisode(context.Context, int64, int64, time.Time) error {
	panic("unused")
}
func (s *fakeStore) RescheduleEpisode(context.Context, int64, int64, time.Time) error {
	panic("unused")
}
func (s *fakeStore) MarkStepDone(context.Context, int64, int64, time.Time, tandem.Source) error {
	panic("unused")
}
func (s *fakeStore) ListEpisodes(context.Context, tandem.EpisodeFilter) ([]*tandem.Episode, error) {
	panic("unused")
}

func (s *fakeStore) RequestHelp(_ context.Context, h *tandem.HelpRequest) (bool, error) {
	if h.EpisodeID == 0 || h.StepID == 0 || h.CreatedAt.IsZero() {
		return false, tandem.Invalid("episode_id", "error.required")
	}
	h.ID = s.id()
	c := *h
	s.helps = append(s.helps, &c)
	return true, nil
}
func (s *fakeStore) ListHelp(context.Context, tandem.HelpFilter) ([]*tandem.HelpRequest, error) {
	panic("unused")
}
func (s *fakeStore) HelpGroups(context.Context, tandem.HelpFilter) ([]*tandem.HelpGroup, error) {
	panic("unused")
}
func (s *fakeStore) help(orgID, id int64) (*tandem.HelpRequest, error) {
	for _, h := range s.helps {
		if h.ID == id && h.OrgID == orgID {
			return h, nil
		}
	}
	return nil, tandem.NotFound("error.not_found")
}
func (s *fakeStore) FindHelp(_ context.Context, orgID, id int64) (*tandem.HelpRequest, error) {
	h, err := s.help(orgID, id)
	if err != nil {
		return nil, err
	}
	c := *h
	return &c, nil
}
func (s *fakeStore) UpdateHelp(_ context.Context, h *tandem.HelpRequest, from tandem.HelpStatus) error {
	stored, err := s.help(h.OrgID, h.ID)
	if err != nil {
		return err
	}
	if stored.Status != from {
		return tandem.Errorf(tandem.ECONFLICT, "error.conflict")
	}
	*stored = *h
	return nil
}

func (s *fakeStore) stores() Stores {
	return Stores{Stores: app.Stores{Orgs: s, Users: s, Sites: s, Services: s, Touchpoints: s, Episodes: s, Help: s}, History: s}
}

func TestSeedIntoFake(t *testing.T) {
	ctx := context.Background()
	fs := &fakeStore{}
	var lines []string
	res, err := Seed(ctx, fs.stores(), Options{Now: testNow, History: true, Progress: func(m string) { lines = append(lines, m) }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Org.Slug != OrgSlug || res.Org.Name != OrgName || res.Org.TimeZone != OrgTimeZone {
		t.Errorf("org %+v", res.Org)
	}
	if res.Login != OwnerEmail || res.Password != DefaultPassword || res.StaffLogin != StaffEmail || len(res.Users) != len(userDefs) {
		t.Errorf("login %s / %s, %d users", res.Login, res.Password, len(res.Users))
	}
	roles := map[tandem.Role]bool{}
	for _, u := range res.Users {
		roles[u.Role] = true
		if !strings.HasPrefix(u.PasswordHash, "$argon2id$") || u.PasswordHash != res.Users[0].PasswordHash {
			t.Errorf("user %s: password hash not shared", u.Email)
		}
	}
	if len(roles) != len(tandem.Roles) {
		t.Errorf("roles %v", roles)
	}
	if !tandem.CheckPassword(res.Users[0].PasswordHash, DefaultPassword) {
		t.Error("the owner cannot sign in with the default password")
	}
	if len(res.Services) != len(ServiceKeys) || res.Services[KeyRestaurant].Version != 1 || res.Services[KeyPension] == nil {
		t.Errorf("services %v", res.Services)
	}
	if len(fs.sites) != len(siteDefs) || len(fs.staff) != len(staffDefs) || len(fs.tps) != len(tpDefs) || len(fs.bps) != len(ServiceKeys) {
		t.Errorf("%d sites, %d staff, %d touchpoints, %d blueprints", len(fs.sites), len(fs.staff), len(fs.tps), len(fs.bps))
	}
	names := []string{}
	for _, tp := range res.Touchpoints {
		if tp.Code == "" {
			t.Errorf("touchpoint %s has no code", tp.Name)
		}
		names = append(names, tp.Name)
	}
	if !slices.Contains(names, "Table 12, window") || !slices.Contains(names, "Cafeteria entrance") || !slices.Contains(names, "2F restroom") ||
		!slices.Contains(names, "Pension ATM") {
		t.Errorf("featured touchpoints %v", names)
	}
	total, feedback := 0, 0
	tokens := map[string]bool{}
	for i, chunk := range fs.imports {
		if len(chunk) > ImportChunk || i < len(fs.imports)-1 && len(chunk) != ImportChunk {
			t.Errorf("chunk %d has %d records", i, len(chunk))
		}
		for _, r := range chunk {
			total++
			if r.Feedback != nil {
				feedback++
			}
			if r.Episode.Token == "" || tokens[r.Episode.Token] {
				t.Fatal("episode token empty or repeated")
			}
			tokens[r.Episode.Token] = true
		}
	}
	if total != res.Episodes || feedback != res.Feedback || total < 5000 {
		t.Errorf("imported %d/%d, result says %d/%d", total, feedback, res.Episodes, res.Feedback)
	}
	if len(lines) < len(fs.imports) {
		t.Errorf("progress: %q", lines)
	}
	// The history refers to the stored staff, blueprints and touchpoints.
	aspectIDs := map[int64]bool{}
	for _, b := range fs.bps {
		for _, a := range b.Aspects {
			aspectIDs[a.ID] = true
		}
	}
	tpIDs := map[int64]bool{}
	for _, tp := range fs.tps {
		tpIDs[tp.ID] = true
	}
	staffByID := map[int64]*tandem.StaffMember{}
	for _, m := range fs.staff {
		staffByID[m.ID] = m
	}
	for _, chunk := range fs.imports {
		for _, r := range chunk {
			if !tpIDs[r.Episode.TouchpointID] {
				t.Fatalf("episode at unknown touchpoint %d", r.Episode.TouchpointID)
			}
			f := r.Feedback
			if f == nil {
				continue
			}
			if f.PraiseStaffID != 0 && staffByID[f.PraiseStaffID] == nil {
				t.Fatalf("praise for unknown staff %d", f.PraiseStaffID)
			}
			for _, a := range f.Aspects {
				if !aspectIDs[a.AspectID] {
					t.Fatalf("rating of unknown aspect %d", a.AspectID)
				}
			}
		}
	}

	// Appointments are booked ahead, with a preparation link.
	if len(res.Appointments) != 6 || len(fs.episodes) != 6 {
		t.Errorf("%d appointments, %d episodes created", len(res.Appointments), len(fs.episodes))
	}
	for _, a := range res.Appointments {
		if !a.ScheduledAt.After(testNow) || a.Token == "" || a.PreparePath != "/e/"+a.Token+"/prepare" ||
			a.Service != KeyBarber && a.Service != KeyDoctor || a.Name == "" {
			t.Errorf("appointment %+v", a)
		}
	}
	// Past help requests are stored against imported episodes, handled by
	// the staff member on duty.
	var staffUser *tandem.User
	for _, u := range res.Users {
		if u.Email == StaffEmail {
			staffUser = u
		}
	}
	if staffUser == nil || staffUser.Role != tandem.RoleStaff {
		t.Fatalf("no staff login %s", StaffEmail)
	}
	if res.HelpRequests < 150 || res.HelpRequests != len(fs.helps) {
		t.Errorf("%d help requests, %d stored", res.HelpRequests, len(fs.helps))
	}
	for _, h := range fs.helps {
		if h.Status != tandem.HelpDone || h.HandledBy != staffUser.ID || h.ServiceID != res.Services[KeyPension].ID ||
			!h.CreatedAt.Before(h.AcknowledgedAt) || !h.AcknowledgedAt.Before(h.DoneAt) || h.DoneAt.After(testNow) {
			t.Fatalf("help request %+v", h)
		}
	}

	// A second run changes nothing and says why.
	before := len(fs.orgs)
	_, err = Seed(ctx, fs.stores(), Options{Now: testNow, History: true})
	if tandem.ErrorCode(err) != tandem.ECONFLICT || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second seed: %v", err)
	}
	if len(fs.orgs) != before {
		t.Error("second seed created an organization")
	}
}

func TestSeedWithoutHistory(t *testing.T) {
	fs := &fakeStore{}
	st := fs.stores()
	st.History, st.Help = nil, nil
	res, err := Seed(context.Background(), st, Options{Now: testNow, Password: "another-long-password"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Episodes != 0 || len(fs.imports) != 0 || res.HelpRequests != 0 || len(res.Appointments) != 6 || res.Password != "another-long-password" {
		t.Errorf("%+v", res)
	}
	if _, err := Seed(context.Background(), Stores{}, Options{}); err == nil {
		t.Error("Seed without stores succeeded")
	}
	if _, err := Seed(context.Background(), (&fakeStore{}).stores(), Options{Password: "short"}); tandem.ErrorCode(err) != tandem.EINVALID {
		t.Errorf("short password: %v", err)
	}
}

func BenchmarkGenerate(b *testing.B) {
	w := syntheticWorld()
	for b.Loop() {
		generate(w, testNow, DefaultDays, 1)
	}
}

func ExampleRestaurant() {
	_, b := Restaurant()
	a := b.AspectByKey(AspectCoffeeTemperature)
	fmt.Println(a.Name.Get("ru"), "—", a.ControlledBy)
	// Output: Температура кофе — customer
}
