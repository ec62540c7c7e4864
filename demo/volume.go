package demo

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	tandem "github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
)

// Volume: the demo organization grown to a chain's worth of feedback, the
// scale test anyone can run (tandem demo --feedback 10000000).
//
// A chain of 200 cafés collects some 10 million answers a year, 50,000 per
// café. AddVolume keeps that ratio: unless told otherwise it opens one
// chain café per 50,000 feedback a year of the history asked for (none
// below 25,000 a year, at most MaxChainSites), each with two tables of the
// restaurant service, a cafeteria entrance and a waiter, next to the
// demo's own sites. The feedback is spread over every touchpoint of the
// organization, the chain's and the demo's own, over the days asked for,
// with a week's and a day's rhythm (lunch and dinner peaks, busier
// weekends, a quiet night, a slow growth over the year), in fi, ru and en,
// with first-timers, the readiness questions where the blueprint asks
// them, aspects judged positive and negative with their default cause or
// now and then the customer, comments from the demo's texts and some
// praise. It is written without episodes and without outbox events,
// through a bulk importer that keeps the insight rollups as the live path
// does. The same Seed, Now and options give the same feedback.

// FeedbackImporter stores feedback in bulk, keeping what the live path
// keeps beside it (the insight rollups).
type FeedbackImporter interface {
	ImportFeedback(ctx context.Context, fs []*tandem.Feedback) error
}

// VolumeOptions tune AddVolume.
type VolumeOptions struct {
	Feedback int       // how many feedback to add
	Days     int       // spread over the last Days days; 0 means 365
	Sites    int       // chain cafés to open; negative means ChainSites(Feedback, Days)
	Seed     int64     // 0 means 1
	Now      time.Time // end of the history; zero means time.Now()
	Chunk    int       // feedback per transaction; 0 means VolumeChunk
	// Progress, if set, hears after each chunk how many are stored.
	Progress func(done, total int, elapsed time.Duration)
	// Log, if set, is told the steps before the feedback, one line each.
	Log func(msg string)
}

// VolumeChunk is how many feedback go to one ImportFeedback call.
const VolumeChunk = 50_000

// MaxChainSites bounds the chain cafés ChainSites opens.
const MaxChainSites = 200

// perSiteYear is what one chain café collects in a year.
const perSiteYear = 50_000

// ChainSites returns how many chain cafés AddVolume opens for n feedback
// over days: one per 50,000 a year, rounded, at most MaxChainSites.
func ChainSites(n, days int) int {
	if days <= 0 {
		days = 365
	}
	perYear := float64(n) * 365 / float64(days)
	return min(int(math.Round(perYear/perSiteYear)), MaxChainSites)
}

// VolumeResult is what AddVolume did.
type VolumeResult struct {
	Feedback    int // feedback stored
	ChainSites  int // chain cafés the organization has (opened now or before)
	Touchpoints int // touchpoints the feedback was spread over
	Elapsed     time.Duration
}

// place is where a feedback is given: a touchpoint of a service, with the
// service's published blueprint.
type place struct {
	tp     *tandem.Touchpoint
	svc    string // demo service key, "" for another service
	bp     *tandem.Blueprint
	staff  []*tandem.StaffMember // who may be praised here
	weight float64
}

// AddVolume adds opt.Feedback feedback to the demo organization, which
// Seed must have created, through imp (see the comment above).
func AddVolume(ctx context.Context, st app.Stores, imp FeedbackImporter, opt VolumeOptions) (*VolumeResult, error) {
	start := time.Now()
	if opt.Feedback < 0 {
		return nil, errors.New("demo: the number of feedback must not be negative")
	}
	if opt.Days <= 0 {
		opt.Days = 365
	}
	if opt.Sites < 0 {
		opt.Sites = ChainSites(opt.Feedback, opt.Days)
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.Chunk <= 0 {
		opt.Chunk = VolumeChunk
	}
	logf := func(format string, args ...any) {
		if opt.Log != nil {
			opt.Log(fmt.Sprintf(format, args...))
		}
	}
	org, err := st.Orgs.FindOrgBySlug(ctx, OrgSlug)
	if err != nil {
		return nil, fmt.Errorf("demo: finding the demo organization: %w", err)
	}
	if opt.Sites > 0 {
		logf("demo: opening %d chain cafés", opt.Sites)
	}
	chain, err := openChain(ctx, st, org, opt.Sites, opt.Now.Add(-time.Duration(opt.Days+1)*24*time.Hour))
	if err != nil {
		return nil, err
	}
	places, err := volumePlaces(ctx, st, org)
	if err != nil {
		return nil, err
	}
	if len(places) == 0 {
		return nil, errors.New("demo: the demo organization has no touchpoint of a published service")
	}
	res := &VolumeResult{ChainSites: chain, Touchpoints: len(places)}
	if opt.Feedback == 0 {
		res.Elapsed = time.Since(start)
		return res, nil
	}
	logf("demo: adding %d feedback over %d days at %d touchpoints", opt.Feedback, opt.Days, len(places))

	// A producer makes the next chunk while the last one is written.
	g := newVolumeGen(org, places, opt)
	chunks := make(chan []*tandem.Feedback, 1)
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(chunks)
		for {
			fs := g.next(opt.Chunk)
			if len(fs) == 0 {
				return
			}
			select {
			case chunks <- fs:
			case <-gctx.Done():
				return
			}
		}
	}()
	for fs := range chunks {
		if err := imp.ImportFeedback(ctx, fs); err != nil {
			return res, fmt.Errorf("demo: storing feedback %d–%d: %w", res.Feedback+1, res.Feedback+len(fs), err)
		}
		res.Feedback += len(fs)
		if opt.Progress != nil {
			opt.Progress(res.Feedback, opt.Feedback, time.Since(start))
		}
	}
	res.Elapsed = time.Since(start)
	return res, ctx.Err()
}

// chainName is the chain café number i's name.
func chainName(i int) tandem.Text {
	return tx(fmt.Sprintf("Ikkuna café %03d", i), fmt.Sprintf("Кафе «Иккуна» № %03d", i), fmt.Sprintf("Kahvila Ikkuna %03d", i))
}

// chainWaiters are the names of the chain cafés' waiters, in turn.
var chainWaiters = []string{"Aleksi", "Emilia", "Irina", "Juho", "Katja", "Lauri", "Maria", "Niko", "Oona", "Pavel", "Sanna", "Veera"}

// openChain makes sure the organization has chain cafés 1..n, each with
// its waiter and touchpoints, creating the missing ones, and returns how
// many chain cafés it has.
func openChain(ctx context.Context, st app.Stores, org *tandem.Organization, n int, created time.Time) (int, error) {
	sites, err := st.Sites.ListSites(ctx, org.ID)
	if err != nil {
		return 0, err
	}
	byName := map[string]*tandem.Site{}
	for _, s := range sites {
		byName[s.Name.Get("en")] = s
	}
	have := 0
	for i := 1; ; i++ {
		if byName[chainName(i).Get("en")] == nil {
			break
		}
		have = i
	}
	if n <= have {
		return have, nil
	}
	services, err := st.Services.ListServices(ctx, org.ID)
	if err != nil {
		return 0, err
	}
	svcID := map[string]int64{}
	for _, s := range services {
		if k := serviceKey(s); k != "" {
			svcID[k] = s.ID
		}
	}
	if svcID[KeyRestaurant] == 0 || svcID[KeyCafeteria] == 0 {
		return 0, errors.New("demo: the demo organization lacks its restaurant or cafeteria service")
	}
	for i := have + 1; i <= n; i++ {
		s := &tandem.Site{OrgID: org.ID, Name: chainName(i), Address: fmt.Sprintf("Ketjukatu %d, 00100 Helsinki", i)}
		if err := st.Sites.CreateSite(ctx, s); err != nil {
			return 0, fmt.Errorf("demo: opening chain café %d: %w", i, err)
		}
		w := &tandem.StaffMember{OrgID: org.ID, SiteID: s.ID, Name: chainWaiters[(i-1)%len(chainWaiters)],
			Title: tx("Waiter", "Официант", "Tarjoilija")}
		if err := st.Sites.CreateStaff(ctx, w); err != nil {
			return 0, fmt.Errorf("demo: chain café %d's waiter: %w", i, err)
		}
		tps := []*tandem.Touchpoint{
			{ServiceID: svcID[KeyRestaurant], StaffID: w.ID, Type: tandem.TypeTable, Name: tx("Table 1", "Столик 1", "Pöytä 1")},
			{ServiceID: svcID[KeyRestaurant], StaffID: w.ID, Type: tandem.TypeTable, Name: tx("Table 2", "Столик 2", "Pöytä 2")},
			{ServiceID: svcID[KeyCafeteria], Type: tandem.TypeOther, Name: tx("Cafeteria entrance", "Вход в кафетерий", "Ravintolan sisäänkäynti")},
		}
		for _, t := range tps {
			t.OrgID, t.SiteID, t.CreatedAt = org.ID, s.ID, created
			if err := st.Touchpoints.CreateTouchpoint(ctx, t); err != nil {
				return 0, fmt.Errorf("demo: chain café %d's touchpoint: %w", i, err)
			}
		}
	}
	return n, nil
}

// serviceKey tells which demo service s is by its English name, "" for
// none.
func serviceKey(s *tandem.Service) string {
	for _, k := range ServiceKeys {
		if ds, _, ok := Scenario(k); ok && ds.Name.Get("en") == s.Name.Get("en") {
			return k
		}
	}
	return ""
}

// volumePlaces lists the organization's touchpoints in use whose service
// has a published blueprint, with who may be praised at each.
func volumePlaces(ctx context.Context, st app.Stores, org *tandem.Organization) ([]place, error) {
	services, err := st.Services.ListServices(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	type svcInfo struct {
		key string
		bp  *tandem.Blueprint
	}
	svcs := map[int64]svcInfo{}
	for _, s := range services {
		if s.Version == 0 {
			continue
		}
		b, err := st.Services.CurrentBlueprint(ctx, org.ID, s.ID)
		if err != nil {
			return nil, fmt.Errorf("demo: blueprint of service %d: %w", s.ID, err)
		}
		svcs[s.ID] = svcInfo{serviceKey(s), b}
	}
	tps, err := st.Touchpoints.ListTouchpoints(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	sort.Slice(tps, func(i, j int) bool { return tps[i].ID < tps[j].ID })
	staff := map[int64][]*tandem.StaffMember{}
	var out []place
	for _, t := range tps {
		si, ok := svcs[t.ServiceID]
		if !ok || t.Retired() {
			continue
		}
		if _, ok := staff[t.SiteID]; !ok {
			ms, err := st.Sites.ListStaff(ctx, org.ID, t.SiteID)
			if err != nil {
				return nil, err
			}
			sort.Slice(ms, func(i, j int) bool { return ms[i].ID < ms[j].ID })
			staff[t.SiteID] = ms
		}
		p := place{tp: t, svc: si.key, bp: si.bp, staff: staff[t.SiteID], weight: 1}
		if t.StaffID != 0 { // whoever serves here is praised here
			for _, m := range p.staff {
				if m.ID == t.StaffID {
					p.staff = []*tandem.StaffMember{m}
				}
			}
		}
		if si.key == KeyBarber || si.key == KeyDoctor || si.key == KeyCleaning {
			p.weight = 0.4 // appointments and offices see fewer customers than a café
		}
		out = append(out, p)
	}
	return out, nil
}

// The week's and the day's rhythm of feedback, in local time.
var (
	hourWeights = [24]float64{0, 0, 0, 0, 0, 0, 0.2, 1, 2, 2, 3, 8, 10, 7, 4, 4, 5, 7, 8, 6, 4, 2, 1, 0.3}
	// by time.Weekday, Sunday first
	weekdayWeights = [7]float64{1.0, 0.9, 0.9, 0.95, 1.0, 1.15, 1.3}
)

// commentTopics are the demo's comment topics by service: good ones for a
// happy customer, bad ones for one with a negative.
var commentTopics = map[string][2][]string{
	KeyRestaurant: {{"restaurant-good", "wine", "window"}, {"coffee-cold", "salt", "menu-choice", "waiting", "restaurant-bad"}},
	KeyCafeteria:  {{"cafeteria-good", "guided"}, {"pay-first", "signage", "queue", "food-cold", "no-table"}},
	KeyPension:    {{"atm-good", "atm-helped"}, {"atm-screen", "atm-queue", "atm-miss-cashier", "counter"}},
	KeyBarber:     {{"barber-good"}, {"barber-late"}},
	KeyDoctor:     {{"doctor-good"}, {"doctor-forgot", "doctor-wait"}},
	KeyCleaning:   {{"cleaning-good"}, {"soap", "bins", "floor", "surfaces", "dishes"}},
}

// praiseKinds are the kinds of praise texts by service.
var praiseKinds = map[string]string{
	KeyRestaurant: "waiter", KeyCafeteria: "cafeteria", KeyPension: "bank",
	KeyBarber: "barber", KeyDoctor: "doctor", KeyCleaning: "crew",
}

// volumeGen makes the feedback, hour by hour from the oldest.
type volumeGen struct {
	org    *tandem.Organization
	loc    *time.Location
	places []place
	cum    []float64 // cumulative place weights
	r      *rand.Rand

	hours    []time.Time // the start of every hour of the history, oldest first
	counts   []int       // feedback in each hour
	hour     int         // the hour being made
	leftHour int         // feedback left to make in it
	steps    [][]int64
}

func newVolumeGen(org *tandem.Organization, places []place, opt VolumeOptions) *volumeGen {
	g := &volumeGen{org: org, loc: org.Location(), places: places,
		r: rand.New(rand.NewPCG(uint64(opt.Seed), 0x766f6c756d65))}
	total := 0.0
	for _, p := range places {
		total += p.weight
		g.cum = append(g.cum, total)
		var steps []int64
		for _, s := range p.bp.Steps {
			if s.Lane == tandem.LaneCustomer {
				steps = append(steps, s.ID)
			}
		}
		g.steps = append(g.steps, steps)
	}
	// Hours of the history: from midnight Days days ago to Now's hour,
	// each weighted by its hour of day, its weekday and a slow growth.
	now := opt.Now.In(g.loc)
	y, m, d := now.Date()
	first := time.Date(y, m, d-opt.Days+1, 0, 0, 0, 0, g.loc)
	var weights []float64
	sum := 0.0
	for t := first; !t.After(now); t = t.Add(time.Hour) {
		lt := t.In(g.loc)
		age := now.Sub(t).Hours() / 24 / float64(opt.Days)
		w := hourWeights[lt.Hour()] * weekdayWeights[lt.Weekday()] * (1 - 0.15*age)
		g.hours = append(g.hours, t)
		weights = append(weights, w)
		sum += w
	}
	// Counts by cumulative rounding: exactly opt.Feedback in all.
	g.counts = make([]int, len(weights))
	acc, prev := 0.0, 0
	for i, w := range weights {
		acc += w
		upto := int(math.Round(acc / sum * float64(opt.Feedback)))
		g.counts[i] = upto - prev
		prev = upto
	}
	g.leftHour = g.counts[0]
	return g
}

// next returns the next up to n feedback, none when all are made.
func (g *volumeGen) next(n int) []*tandem.Feedback {
	fs := make([]*tandem.Feedback, 0, n)
	slab := make([]tandem.Feedback, n)
	for len(fs) < n {
		for g.leftHour == 0 {
			g.hour++
			if g.hour >= len(g.hours) {
				return fs
			}
			g.leftHour = g.counts[g.hour]
		}
		g.leftHour--
		f := &slab[len(fs)]
		g.make(f, g.hours[g.hour])
		fs = append(fs, f)
	}
	return fs
}

func (g *volumeGen) chance(p float64) bool { return g.r.Float64() < p }

// make fills f: a feedback given within the hour starting at hour.
func (g *volumeGen) make(f *tandem.Feedback, hour time.Time) {
	r := g.r
	i := sort.SearchFloat64s(g.cum, r.Float64()*g.cum[len(g.cum)-1])
	i = min(i, len(g.places)-1)
	p := &g.places[i]
	at := hour.Add(time.Duration(r.Int64N(int64(time.Hour))))
	f.OrgID, f.ServiceID, f.BlueprintID = g.org.ID, p.tp.ServiceID, p.bp.ID
	f.SiteID, f.TouchpointID = p.tp.SiteID, p.tp.ID
	f.CreatedAt = at
	switch x := r.Float64(); {
	case x < 0.6:
		f.Lang = "fi"
	case x < 0.75:
		f.Lang = "ru"
	default:
		f.Lang = "en"
	}
	f.FirstTime = g.chance(0.18)
	localHour := at.In(g.loc).Hour()
	lingering := p.svc == KeyRestaurant && localHour >= 14 && localHour < 19

	pos, neg := 0, 0
	f.Aspects = make([]tandem.AspectRating, 0, 3)
	for _, a := range p.bp.Aspects {
		if !g.chance(0.4) {
			continue
		}
		good := 0.84
		if f.FirstTime {
			good -= 0.12
		}
		if lingering && a.Key == "coffee-temperature" {
			good = 0.45
		}
		if g.chance(good) {
			f.Aspects = append(f.Aspects, tandem.AspectRating{AspectID: a.ID, Rating: tandem.Positive})
			pos++
			continue
		}
		neg++
		cause := tandem.Party("") // the aspect's default, filled in on the way in
		if a.ControlledBy != tandem.PartyCustomer && g.chance(0.12) {
			cause = tandem.PartyCustomer // the manager found the customer caused it
		}
		f.Aspects = append(f.Aspects, tandem.AspectRating{AspectID: a.ID, Rating: tandem.Negative, Cause: cause})
	}
	base := 4.1
	if f.FirstTime {
		base = 3.7
	}
	x := base + 0.12*float64(pos) - 0.7*float64(neg) + r.NormFloat64()*0.55
	f.Overall = min(max(int(math.Round(x)), 1), 5)

	if len(p.bp.Readiness) > 0 && g.chance(0.35) {
		mean := 4.2
		if f.FirstTime {
			mean = 3.1
		}
		for _, d := range p.bp.Readiness {
			if !g.chance(0.9) {
				continue
			}
			if f.Readiness == nil {
				f.Readiness = make(map[tandem.Dimension]int, len(p.bp.Readiness))
			}
			f.Readiness[d] = min(max(int(math.Round(mean+r.NormFloat64()*0.75)), tandem.MinReadiness), tandem.MaxReadiness)
		}
		if steps := g.steps[i]; len(steps) > 0 && g.chance(0.4) {
			f.HardestStepID = steps[r.IntN(len(steps))]
		}
	}
	if g.chance(0.1) {
		topics := commentTopics[p.svc]
		list := topics[0]
		if neg > 0 {
			list = topics[1]
		}
		if len(list) > 0 {
			if texts := comments[list[r.IntN(len(list))]][f.Lang]; len(texts) > 0 {
				f.Comment = texts[r.IntN(len(texts))]
			}
		}
	}
	if len(p.staff) > 0 && neg == 0 && f.Overall >= 4 && g.chance(0.08) {
		m := p.staff[r.IntN(len(p.staff))]
		f.PraiseStaffID = m.ID
		if texts := praises[praiseKinds[p.svc]][f.Lang]; len(texts) > 0 && g.chance(0.5) {
			f.Praise = fmt.Sprintf(texts[r.IntN(len(texts))], m.Name)
		}
	}
}
