package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	tandem "github.com/tandemhq/tandem"
)

// The stories the generated history tells, for the insight page:
//
//   - S1: guests who linger over a book in the afternoon let their coffee go
//     cold, so negatives of "coffee-temperature" (caused by the customer) rise
//     sharply for feedback given between 14:00 and 19:00.
//   - S2: first-time visitors of the cafeteria rate lower and complain about
//     the signs and about not knowing to pay before they sit.
//   - S4: the crew added an afternoon restock round about five weeks before
//     the end of the history, so soap-and-paper complaints fall over the last
//     month.
//   - S3: the pension ATM is hardest for older customers: they score lower
//     on ability, name "enter your PIN" as the hardest step and raise most
//     of the help requests, mostly on that step, mid-morning on the days
//     pensions are paid; first-timers at the ATM grow fewer after the move.
//   - S5: patients who opened the preparation page forget their insurance
//     card and medicine list far less often (a customer-caused negative).
//   - Readiness: first-time cafeteria visitors score far below regulars on
//     know-how and role clarity and name "pay at the till" as the hardest
//     step.
//   - Anna, the waiter at the window tables, receives the most praise.

// restockRoundDaysAgo is when the cleaning crew started its afternoon
// restock round; soap-and-paper problems fade over the following 15 days.
const restockRoundDaysAgo = 35

// gen produces deterministic history for a world.
type gen struct {
	w     *world
	r     *rand.Rand
	now   time.Time // in the organization's time zone
	days  int
	recs  []tandem.HistoryRecord
	helps []helpPlan
}

// helpPlan is a past help request: raised on a step of an imported
// episode, acknowledged and closed by the staff on duty. Seed stores it
// once the episode has its ID.
type helpPlan struct {
	ep                  *tandem.Episode
	stepKey             string
	at, acked, closedAt time.Time
}

// generate returns days of history ending at now, and the help requests
// raised in it, the same for the same seed. Episode tokens are left empty:
// they are credentials, so Seed fills them with fresh random secrets.
func generate(w *world, now time.Time, days int, seed int64) ([]tandem.HistoryRecord, []helpPlan) {
	g := &gen{
		w:    w,
		r:    rand.New(rand.NewPCG(uint64(seed), 0x74616e64656d6f)),
		now:  now.In(w.loc),
		days: days,
	}
	y, m, d := g.now.Date()
	for i := days - 1; i >= 0; i-- {
		day := time.Date(y, m, d-i, 0, 0, 0, 0, w.loc)
		g.restaurantDay(day, i)
		g.cafeteriaDay(day)
		g.cleaningDay(day, i)
		g.pensionDay(day, i)
		g.barberDay(day)
		g.doctorDay(day)
	}
	sort.SliceStable(g.recs, func(i, j int) bool {
		return g.recs[i].Episode.StartedAt.Before(g.recs[j].Episode.StartedAt)
	})
	sort.SliceStable(g.helps, func(i, j int) bool { return g.helps[i].at.Before(g.helps[j].at) })
	return g.recs, g.helps
}

// --- randomness helpers ---------------------------------------------------

func (g *gen) f() float64            { return g.r.Float64() }
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// between returns a uniform float in [a, b).
func (g *gen) between(a, b float64) float64 { return a + (b-a)*g.r.Float64() }

// count returns a day's number of events around mean.
func (g *gen) count(mean float64) int {
	if mean <= 0 {
		return 0
	}
	n := int(math.Round(mean + g.r.NormFloat64()*math.Sqrt(mean)))
	return max(n, 0)
}

// normalMinute draws a minute of day around peak, kept within [from, to].
func (g *gen) normalMinute(peak, sd, from, to float64) float64 {
	for range 10 {
		m := peak + g.r.NormFloat64()*sd
		if m >= from && m <= to {
			return m
		}
	}
	return g.between(from, to)
}

func (g *gen) pick(weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := g.f() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// lang picks a language with weights for fi, ru and en.
func (g *gen) lang(fi, ru, en float64) string {
	return [...]string{"fi", "ru", "en"}[g.pick([]float64{fi, ru, en})]
}

func (g *gen) oneOf(list []string) string { return list[g.r.IntN(len(list))] }

// at returns the instant minute (fractional) minutes after the day's midnight.
func (g *gen) at(day time.Time, minute float64) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, 0, 0, int(minute*60), 0, g.w.loc)
}

// comment returns a comment on topic in lang.
func (g *gen) comment(topic, lang string) string { return g.oneOf(comments[topic][lang]) }

// praise fills f with praise for staff member key, of kind.
func (g *gen) praise(f *tandem.Feedback, key, kind string, withText float64) {
	m := g.w.staff[key]
	f.PraiseStaffID = m.ID
	if g.chance(withText) {
		name := ""
		for _, d := range staffDefs {
			if d.key == key {
				name = d.spelled[f.Lang]
			}
		}
		f.Praise = fmt.Sprintf(g.oneOf(praises[kind][f.Lang]), name)
	}
}

// --- building records -------------------------------------------------------

// judgement is an aspect the customer could judge in an episode.
type judgement struct {
	key      string
	positive bool
	mention  float64 // chance the customer bothers to rate it
}

// judge draws which aspects the customer rates. Negatives are mentioned more
// often than positives, as people do. Causes stay empty: the store fills
// them in from the aspects' controlling party.
func (g *gen) judge(svc string, js []judgement) (ratings []tandem.AspectRating, pos, neg int) {
	ids := g.w.aspectIDs[svc]
	for _, j := range js {
		if !g.chance(j.mention) {
			continue
		}
		r := tandem.Positive
		if j.positive {
			pos++
		} else {
			r = tandem.Negative
			neg++
		}
		ratings = append(ratings, tandem.AspectRating{AspectID: ids[j.key], Rating: r})
	}
	if len(ratings) == 0 && len(js) > 0 {
		j := js[g.r.IntN(len(js))]
		r := tandem.Positive
		if j.positive {
			pos++
		} else {
			r = tandem.Negative
			neg++
		}
		ratings = append(ratings, tandem.AspectRating{AspectID: ids[j.key], Rating: r})
	}
	return ratings, pos, neg
}

// mention returns how likely a customer is to rate an aspect they judged
// positively (p) or negatively (n).
func mention(positive bool, p, n float64) float64 {
	if positive {
		return p
	}
	return n
}

// overall turns an impression into a 1..5 judgement.
func (g *gen) overall(base float64, pos, neg int) int {
	x := base + 0.12*float64(pos) - 0.7*float64(neg) + g.r.NormFloat64()*0.55
	return min(max(int(math.Round(x)), 1), 5)
}

type stepAt struct {
	key string
	at  time.Time
}

// record assembles an episode (and its feedback, if fb is non-nil) for a
// service; step events after now are dropped, and so is feedback given after
// now, so today's history stops at the present. Steps are marked done by
// the customer unless sourceOf says a till, kiosk or staff member did it;
// a frontline step is always marked by staff.
// It returns the episode, or nil if it starts after now.
func (g *gen) record(svc, tp string, lang string, first bool, start time.Time, steps []stepAt, fb *tandem.Feedback) *tandem.Episode {
	if start.After(g.now) {
		return nil
	}
	t := g.w.tps[tp]
	e := &tandem.Episode{
		OrgID:        g.w.org.ID,
		ServiceID:    g.w.services[svc].ID,
		BlueprintID:  g.w.bps[svc].ID,
		TouchpointID: t.ID,
		SiteID:       t.SiteID,
		Lang:         lang,
		FirstTime:    first,
		StartedAt:    start,
	}
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].at.Before(steps[j].at) })
	for _, s := range steps {
		if s.at.After(g.now) {
			break
		}
		e.Done = append(e.Done, tandem.StepDone{StepID: g.w.stepIDs[svc][s.key], At: s.at, By: g.sourceOf(svc, s.key)})
	}
	rec := tandem.HistoryRecord{Episode: e}
	if fb != nil && !fb.CreatedAt.After(g.now) {
		fb.OrgID, fb.ServiceID, fb.BlueprintID = e.OrgID, e.ServiceID, e.BlueprintID
		fb.TouchpointID, fb.SiteID, fb.Lang = e.TouchpointID, e.SiteID, lang
		fb.FirstTime = first
		// As the application does: a negative tied to a timed step takes
		// the cause the visit's timeline shows.
		fb.CausesFromTimeline(g.w.bps[svc], tandem.Timeline{Episode: e, At: fb.CreatedAt})
		rec.Feedback = fb
	}
	g.recs = append(g.recs, rec)
	return e
}

// sources says which steps a till, kiosk or staff member often marks done
// instead of the customer, and how often.
var sources = map[string]map[string]struct {
	by tandem.Source
	p  float64
}{
	// The waiter marks the coffee served on the staff view: the coffee's
	// five-minute window counts from there.
	KeyRestaurant: {"pay": {tandem.BySystem, 0.5}, "coffee-and-bill": {tandem.ByStaff, 1}},
	KeyCafeteria:  {"pay-till": {tandem.BySystem, 0.6}, "hot-counter": {tandem.ByStaff, 0.1}},
	KeyPension:    {"take-cash-card": {tandem.BySystem, 0.6}},
	KeyBarber:     {"arrive": {tandem.ByStaff, 0.4}, "pay": {tandem.BySystem, 0.7}},
	KeyDoctor:     {"check-in": {tandem.BySystem, 0.85}, "wait-call": {tandem.ByStaff, 0.6}},
}

func (g *gen) sourceOf(svc, step string) tandem.Source {
	if s, ok := sources[svc][step]; ok && g.chance(s.p) {
		return s.by
	}
	return tandem.ByCustomer
}

// readiness answers the blueprint's readiness questions around the given
// means (1..5); a customer skips a question now and then, and a dimension
// without a mean is not answered.
func (g *gen) readiness(svc string, means map[tandem.Dimension]float64) map[tandem.Dimension]int {
	var out map[tandem.Dimension]int
	for _, d := range g.w.bps[svc].Readiness {
		mean, ok := means[d]
		if !ok || !g.chance(0.88) {
			continue
		}
		x := int(math.Round(mean + g.r.NormFloat64()*0.75))
		if out == nil {
			out = map[tandem.Dimension]int{}
		}
		out[d] = min(max(x, tandem.MinReadiness), tandem.MaxReadiness)
	}
	return out
}

// hardest returns the ID of a customer step of svc by key, 0 for "".
func (g *gen) hardest(svc, key string) int64 {
	if key == "" {
		return 0
	}
	return g.w.stepIDs[svc][key]
}

// pickKey picks a key with weights; keys and weights are parallel.
func (g *gen) pickKey(keys []string, weights []float64) string { return keys[g.pick(weights)] }

// --- S1 restaurant ----------------------------------------------------------

var restaurantTables = []struct {
	key    string
	staff  string
	window bool
	weight float64
}{
	{"table-12", "anna", true, 1.4},
	{"table-14", "anna", true, 1.3},
	{"table-3", "mikko", false, 1},
	{"table-5", "mikko", false, 1},
	{"table-7", "olga", false, 1},
	{"table-9", "olga", false, 0.9},
}

type slot int

const (
	lunch slot = iota
	afternoon
	dinner
)

func (g *gen) restaurantDay(day time.Time, daysAgo int) {
	wd := day.Weekday()
	weekend := wd == time.Saturday || wd == time.Sunday
	f := [7]float64{1.0, 0.75, 0.85, 0.9, 1.0, 1.2, 1.35}[wd] * g.between(0.85, 1.15)
	lunchN, afterN, dinnerN := 10.0, 4.0, 10.0
	if weekend {
		lunchN, afterN, dinnerN = 9, 8, 13
	}
	for range g.count(lunchN * f) {
		g.restaurantVisit(day, lunch, g.normalMinute(12*60+10, 30, 11*60, 13*60+40), weekend, daysAgo)
	}
	for range g.count(afterN * f) {
		g.restaurantVisit(day, afternoon, g.between(13*60+30, 15*60+45), weekend, daysAgo)
	}
	for range g.count(dinnerN * f) {
		g.restaurantVisit(day, dinner, g.normalMinute(19*60, 55, 17*60+15, 21*60+30), weekend, daysAgo)
	}
}

func (g *gen) restaurantVisit(day time.Time, sl slot, startMin float64, weekend bool, daysAgo int) {
	weights := make([]float64, len(restaurantTables))
	for i, t := range restaurantTables {
		weights[i] = t.weight
	}
	table := restaurantTables[g.pick(weights)]
	lang := g.lang(0.5, 0.25, 0.25)
	first := g.chance(0.3)
	busy := weekend && sl == dinner && startMin >= 18*60+30 && startMin <= 20*60+30

	wine := g.chance([...]float64{0.35, 0.5, 0.8}[sl])
	reader := g.chance([...]float64{0.03, 0.6, 0.03}[sl])
	coffee := reader || g.chance([...]float64{0.45, 0.85, 0.4}[sl])
	askRec := g.chance(0.65)
	salt := g.chance(0.3)
	// The reader lets the coffee go cold: they drink it long after the
	// five-minute window.
	coffeeCold := coffee && g.chance(map[bool]float64{true: 0.6, false: 0.03}[reader])
	drinkAfter := g.between(1, 4)
	switch {
	case coffeeCold && reader:
		drinkAfter = g.between(15, 60)
	case coffeeCold:
		drinkAfter = g.between(8, 15)
	}

	m := startMin
	steps := []stepAt{{"arrive", g.at(day, m)}}
	m += g.between(0.5, 2)
	steps = append(steps, stepAt{"ask-table", g.at(day, m)})
	m += g.between(3, 7)
	if askRec {
		steps = append(steps, stepAt{"ask-recommendation", g.at(day, m)})
		m += g.between(1, 3)
	}
	steps = append(steps, stepAt{"order", g.at(day, m)})
	wait := g.between(14, 24)
	if busy {
		wait += g.between(5, 20)
	}
	m += wait
	if salt {
		steps = append(steps, stepAt{"ask-salt", g.at(day, m+g.between(2, 5))})
	}
	m += g.between(18, 35)
	steps = append(steps, stepAt{"eat", g.at(day, m)})
	billWait := g.between(1, 4)
	if busy {
		billWait += g.between(2, 10)
	}
	lateCoffee := false
	switch {
	case reader: // the guest with a book: coffee first, then the book; the bill comes with the coffee
		m += g.between(2, 6)
		steps = append(steps, stepAt{"order-coffee", g.at(day, m)})
		steps = append(steps, stepAt{"pay", g.at(day, m+billWait+3)})
		steps = append(steps, stepAt{"coffee-and-bill", g.at(day, m+4)})
		steps = append(steps, stepAt{"drink-coffee", g.at(day, m+4+drinkAfter)})
		m += max(g.between(25, 75), 4+drinkAfter+1)
		steps = append(steps, stepAt{"read", g.at(day, m)})
	case coffee:
		m += g.between(2, 5)
		serve := 4.0
		if !coffeeCold && (busy && billWait > 12.5 || sl == afternoon && billWait > 3.6) {
			// The slowest bills of a full evening or of the afternoon
			// rush: the coffee waits at the bar with the bill and
			// reaches the table cold, however soon the guest drinks it.
			serve, lateCoffee = 4+2*billWait, true
		}
		steps = append(steps, stepAt{"order-coffee", g.at(day, m)})
		steps = append(steps, stepAt{"coffee-and-bill", g.at(day, m+serve)})
		steps = append(steps, stepAt{"drink-coffee", g.at(day, m+serve+drinkAfter)})
		m += max(billWait+3, serve+drinkAfter+0.5)
		steps = append(steps, stepAt{"pay", g.at(day, m)})
	default:
		m += billWait + 2
		steps = append(steps, stepAt{"pay", g.at(day, m)})
	}
	m += g.between(1, 5)
	steps = append(steps, stepAt{"leave", g.at(day, m)})
	// The guidance page is not always ticked through.
	kept := steps[:1]
	for _, s := range steps[1:] {
		if g.chance(0.9) {
			kept = append(kept, s)
		}
	}

	var fb *tandem.Feedback
	if g.chance(0.7) {
		// The long menu troubles fewer guests who ask for advice.
		menuNeg := 0.3
		if askRec {
			menuNeg = 0.15
		}
		saltNeg := 0.04
		if salt {
			saltNeg = 0.55
		}
		waiterPos := 0.86
		if table.staff == "anna" {
			waiterPos = 0.96
		}
		noWait := !busy && g.chance(0.9) || busy && g.chance(0.45)
		billPos := !busy && g.chance(0.93) || busy && g.chance(0.7)
		var js []judgement
		add := func(key string, positive bool, p, n float64) {
			js = append(js, judgement{key, positive, mention(positive, p, n)})
		}
		if table.window {
			add(AspectWindowView, g.chance(0.97), 0.55, 0.7)
		}
		add(AspectFriendlyWaiter, g.chance(waiterPos), 0.4, 0.8)
		if wine {
			add(AspectWinePairing, g.chance(0.9), 0.45, 0.7)
		}
		add(AspectPromptBill, billPos, 0.3, 0.7)
		add(AspectNoWaiting, noWait, 0.3, 0.75)
		add(AspectMenuChoice, !g.chance(menuNeg), 0.12, 0.6)
		add(AspectSalt, !g.chance(saltNeg), 0.1, 0.65)
		if coffee {
			add(AspectCoffeeTemperature, !coffeeCold && !lateCoffee, 0.4, 0.8)
		}
		ratings, pos, neg := g.judge(KeyRestaurant, js)
		fb = &tandem.Feedback{
			Overall:   g.overall(4.4, pos, neg),
			Aspects:   ratings,
			Lang:      lang,
			CreatedAt: g.at(day, m+g.between(0, 4)),
		}
		if fb.Overall >= 4 {
			switch {
			case table.staff == "anna" && g.chance(0.22):
				g.praise(fb, "anna", "waiter", 0.75)
			case table.staff != "anna" && g.chance(0.06):
				g.praise(fb, table.staff, "waiter", 0.7)
			case wine && g.chance(0.02):
				g.praise(fb, "jussi", "chef", 0.8)
			}
		}
		if g.chance(0.12) || fb.Overall <= 2 && g.chance(0.4) {
			fb.Comment = g.restaurantComment(fb, lang)
		}
		role, know := 4.4, 4.4
		if first {
			role, know = 3.9, 3.8
		}
		if coffeeCold { // nobody told them the coffee would not wait
			role -= 0.6
		}
		fb.Readiness = g.readiness(KeyRestaurant, map[tandem.Dimension]float64{
			tandem.Motivation: 4.3, tandem.RoleClarity: role, tandem.KnowHow: know,
		})
		switch {
		case coffeeCold && g.chance(0.5):
			fb.HardestStepID = g.hardest(KeyRestaurant, "drink-coffee")
		case !askRec && g.chance(0.2):
			fb.HardestStepID = g.hardest(KeyRestaurant, "order") // the long menu
		}
	}
	g.record(KeyRestaurant, table.key, lang, first, g.at(day, startMin), kept, fb)
}

// restaurantComment picks a comment about the most striking thing rated.
func (g *gen) restaurantComment(fb *tandem.Feedback, lang string) string {
	bp := g.w.bps[KeyRestaurant]
	rated := map[string]tandem.Rating{}
	for _, r := range fb.Aspects {
		rated[bp.Aspect(r.AspectID).Key] = r.Rating
	}
	for _, c := range []struct{ key, topic string }{
		{AspectCoffeeTemperature, "coffee-cold"},
		{AspectNoWaiting, "waiting"},
		{AspectSalt, "salt"},
		{AspectMenuChoice, "menu-choice"},
	} {
		if rated[c.key] == tandem.Negative {
			return g.comment(c.topic, lang)
		}
	}
	if fb.Overall <= 2 {
		return g.comment("restaurant-bad", lang)
	}
	for _, c := range []struct{ key, topic string }{
		{AspectWinePairing, "wine"},
		{AspectWindowView, "window"},
	} {
		if rated[c.key] == tandem.Positive && g.chance(0.6) {
			return g.comment(c.topic, lang)
		}
	}
	return g.comment("restaurant-good", lang)
}

// --- S2 cafeteria -------------------------------------------------------------

func (g *gen) cafeteriaDay(day time.Time) {
	wd := day.Weekday()
	if wd == time.Saturday || wd == time.Sunday {
		return // open on weekdays only
	}
	f := [7]float64{0, 1.0, 1.05, 1.05, 1.0, 0.85, 0}[wd] * g.between(0.9, 1.1)
	for range g.count(40 * f) {
		g.cafeteriaVisit(day, g.normalMinute(11*60+50, 35, 10*60+45, 13*60+45))
	}
}

func (g *gen) cafeteriaVisit(day time.Time, startMin float64) {
	lang := g.lang(0.6, 0.2, 0.2)
	first := g.chance(0.2)
	peak := startMin >= 11*60+25 && startMin <= 12*60+20
	// Some first-timers sit down and wait to be served, until the table
	// card's QR code tells them to go and pay first.
	confused := first && g.chance(0.35)

	var tp string
	var keys []string
	all := []string{"enter", "take-tray", "take-drink", "hot-counter", "take-dessert", "pay-till", "sit-eat"}
	switch {
	case confused:
		tp, keys = "caf-tables", all[1:]
		startMin += g.between(3, 12) // waited at a table before scanning
	case first && g.chance(0.85), !first && g.chance(0.3):
		tp, keys = "caf-entrance", all
	case g.chance(0.55):
		tp, keys = "caf-till", all[5:]
	default:
		tp, keys = "caf-tables", all[6:]
	}
	m := startMin
	queue := 2.0
	if peak {
		queue = g.between(4, 12)
	}
	dur := map[string]float64{"enter": 1, "take-tray": 1, "take-drink": 1.5, "hot-counter": 2 + queue, "take-dessert": 1, "pay-till": 2, "sit-eat": 0}
	if first {
		dur["enter"] = 2
	}
	var steps []stepAt
	for _, k := range keys {
		if k == "take-dessert" && !g.chance(0.7) {
			continue
		}
		m += dur[k] * g.between(0.7, 1.3)
		steps = append(steps, stepAt{k, g.at(day, m)})
	}
	m += g.between(12, 25) // eating

	var fb *tandem.Feedback
	if g.chance(map[bool]float64{true: 0.78, false: 0.6}[first]) {
		signNeg := 0.02
		switch {
		case confused:
			signNeg = 0.85
		case first:
			signNeg = 0.35
		}
		p := func(offPeak, atPeak float64) float64 {
			if peak {
				return atPeak
			}
			return offPeak
		}
		var js []judgement
		add := func(key string, positive bool, pm, nm float64) {
			js = append(js, judgement{key, positive, mention(positive, pm, nm)})
		}
		signMention := 0.2
		if first {
			signMention = 0.5
		}
		add("signage", !g.chance(signNeg), signMention, 0.85)
		add("hot-counter-queue", !g.chance(p(0.1, 0.45)), 0.2, 0.65)
		add("food-temperature", !g.chance(p(0.1, 0.15)), 0.2, 0.6)
		add("food-taste", !g.chance(0.13), 0.35, 0.6)
		add("till-speed", !g.chance(p(0.06, 0.25)), 0.15, 0.5)
		add("cleanliness", !g.chance(0.07), 0.15, 0.5)
		add("free-table", !g.chance(p(0.03, 0.3)), 0.1, 0.6)
		ratings, pos, neg := g.judge(KeyCafeteria, js)
		base := 4.3
		if first {
			base = 3.9
		}
		fb = &tandem.Feedback{
			Overall:   g.overall(base, pos, neg),
			Aspects:   ratings,
			Lang:      lang,
			CreatedAt: g.at(day, m+g.between(0, 3)),
		}
		switch {
		case first && fb.Overall >= 3 && g.chance(0.12):
			g.praise(fb, "leena", "cafeteria", 0.8) // she showed them how it works
		case fb.Overall >= 4 && g.chance(0.04):
			g.praise(fb, []string{"leena", "sergei"}[g.r.IntN(2)], "cafeteria", 0.6)
		}
		if g.chance(0.1) || confused && g.chance(0.5) || fb.Overall <= 2 && g.chance(0.4) {
			fb.Comment = g.cafeteriaComment(fb, lang, first, confused)
		}
		g.cafeteriaReadiness(fb, first, confused, peak)
	}
	g.record(KeyCafeteria, tp, lang, first, g.at(day, startMin), steps, fb)
}

// cafeteriaReadiness: regulars know the way; first-timers did not know
// what was expected or how, least of all that you pay before you sit.
func (g *gen) cafeteriaReadiness(fb *tandem.Feedback, first, confused, peak bool) {
	means := map[tandem.Dimension]float64{tandem.Motivation: 4.1, tandem.RoleClarity: 4.6, tandem.KnowHow: 4.5, tandem.Ability: 4.5}
	switch {
	case confused:
		means = map[tandem.Dimension]float64{tandem.Motivation: 3.3, tandem.RoleClarity: 2.0, tandem.KnowHow: 2.3, tandem.Ability: 4.2}
	case first:
		means = map[tandem.Dimension]float64{tandem.Motivation: 3.8, tandem.RoleClarity: 3.2, tandem.KnowHow: 3.0, tandem.Ability: 4.3}
	}
	fb.Readiness = g.readiness(KeyCafeteria, means)
	var step string
	switch {
	case confused && g.chance(0.85), first && g.chance(0.5):
		step = "pay-till"
	case first && g.chance(0.4):
		step = g.pickKey([]string{"take-tray", "hot-counter", "enter"}, []float64{2, 2, 1})
	case !first && peak && g.chance(0.3):
		step = "hot-counter" // the queue
	case !first && g.chance(0.06):
		step = g.pickKey([]string{"take-tray", "pay-till", "take-drink"}, []float64{2, 1, 1})
	}
	fb.HardestStepID = g.hardest(KeyCafeteria, step)
}

func (g *gen) cafeteriaComment(fb *tandem.Feedback, lang string, first, confused bool) string {
	if confused {
		return g.comment("pay-first", lang)
	}
	bp := g.w.bps[KeyCafeteria]
	rated := map[string]tandem.Rating{}
	for _, r := range fb.Aspects {
		rated[bp.Aspect(r.AspectID).Key] = r.Rating
	}
	for _, c := range []struct{ key, topic string }{
		{"signage", "signage"},
		{"hot-counter-queue", "queue"},
		{"food-temperature", "food-cold"},
		{"free-table", "no-table"},
	} {
		if rated[c.key] == tandem.Negative {
			return g.comment(c.topic, lang)
		}
	}
	if first && fb.Overall >= 4 {
		return g.comment("guided", lang)
	}
	return g.comment("cafeteria-good", lang)
}

// --- S4 cleaning ----------------------------------------------------------------

// soapRunOut is the chance a restroom runs out of soap or paper in the
// afternoon, falling after the restock round was introduced.
func soapRunOut(daysAgo int) float64 {
	const before, after, ramp = 0.6, 0.05, 15
	since := restockRoundDaysAgo - daysAgo
	switch {
	case since <= 0:
		return before
	case since >= ramp:
		return after
	}
	return before - (before-after)*float64(since)/ramp
}

func (g *gen) cleaningDay(day time.Time, daysAgo int) {
	wd := day.Weekday()
	if wd == time.Saturday || wd == time.Sunday {
		return // the office is closed
	}
	for _, room := range []string{"restroom-2f", "restroom-3f"} {
		if g.chance(soapRunOut(daysAgo)) {
			at := g.between(12*60+30, 16*60)
			for range 1 + g.r.IntN(2) + g.r.IntN(2) { // a few people notice before it is fixed
				g.cleaningReport(day, room, at, "soap-paper")
				at += g.between(3, 25)
			}
		}
	}
	if g.chance(0.5) { // cups left in the sink after lunch
		at := g.between(12*60+15, 14*60+30)
		for range 1 + g.r.IntN(2) {
			g.cleaningReport(day, "kitchen-3f", at, "kitchen-dishes")
			at += g.between(10, 40)
		}
	}
	rooms := []string{"restroom-2f", "restroom-3f", "kitchen-3f", "aurora", "open-office-2f", "lobby"}
	roomW := []float64{2, 1.6, 2, 1.3, 1.5, 0.8}
	for range g.count(3) {
		room := rooms[g.pick(roomW)]
		issue := map[string][]string{
			"restroom-2f":    {"floor-clean", "bins-emptied"},
			"restroom-3f":    {"floor-clean", "bins-emptied"},
			"kitchen-3f":     {"bins-emptied", "surfaces", "floor-clean"},
			"aurora":         {"surfaces", "bins-emptied"},
			"open-office-2f": {"bins-emptied", "floor-clean", "surfaces"},
			"lobby":          {"floor-clean"},
		}[room]
		g.cleaningReport(day, room, g.normalMinute(12*60, 120, 8*60, 17*60), g.oneOf(issue))
	}
	for range g.count(2.5) {
		g.cleaningPraise(day, rooms[g.pick(roomW)], g.normalMinute(11*60, 150, 8*60, 17*60))
	}
}

var cleaningTopic = map[string]string{
	"soap-paper":     "soap",
	"bins-emptied":   "bins",
	"floor-clean":    "floor",
	"surfaces":       "surfaces",
	"kitchen-dishes": "dishes",
}

// cleaningReport is an office worker reporting a problem in a room.
func (g *gen) cleaningReport(day time.Time, room string, startMin float64, issue string) {
	lang := g.lang(0.7, 0.1, 0.2)
	ratings, _, neg := g.judge(KeyCleaning, []judgement{{issue, false, 1}})
	if issue != "bins-emptied" && g.chance(0.2) {
		r, _, n := g.judge(KeyCleaning, []judgement{{"bins-emptied", false, 1}})
		ratings, neg = append(ratings, r...), neg+n
	}
	steps := []stepAt{
		{"notice", g.at(day, startMin)},
		{"scan", g.at(day, startMin+0.3)},
		{"report", g.at(day, startMin+1.5)},
	}
	if g.chance(0.65) {
		steps = append(steps, stepAt{"see-fixed", g.at(day, startMin+g.between(15, 75))})
	}
	fb := &tandem.Feedback{
		Overall:   g.overall(3.8, 0, neg),
		Aspects:   ratings,
		Lang:      lang,
		CreatedAt: g.at(day, startMin+2),
	}
	if g.chance(0.35) {
		fb.Comment = g.comment(cleaningTopic[issue], lang)
	}
	g.record(KeyCleaning, room, lang, g.chance(0.1), g.at(day, startMin), steps, fb)
}

// cleaningPraise is an office worker thanking the crew.
func (g *gen) cleaningPraise(day time.Time, room string, startMin float64) {
	lang := g.lang(0.7, 0.1, 0.2)
	js := []judgement{
		{"crew-courtesy", true, 0.6},
		{"floor-clean", true, 0.4},
		{"surfaces", true, 0.3},
		{"fix-speed", true, 0.25},
	}
	if room == "restroom-2f" || room == "restroom-3f" {
		js = append(js, judgement{"soap-paper", true, 0.45})
	}
	ratings, pos, _ := g.judge(KeyCleaning, js)
	fb := &tandem.Feedback{
		Overall:   g.overall(4.6, pos, 0),
		Aspects:   ratings,
		Lang:      lang,
		CreatedAt: g.at(day, startMin+1.5),
	}
	if g.chance(0.5) {
		g.praise(fb, []string{"aino", "aino", "liisa", "dmitri", "dmitri"}[g.r.IntN(5)], "crew", 0.7)
	}
	if g.chance(0.3) {
		fb.Comment = g.comment("cleaning-good", lang)
	}
	steps := []stepAt{
		{"notice", g.at(day, startMin)},
		{"scan", g.at(day, startMin+0.3)},
		{"report", g.at(day, startMin+1.2)},
	}
	g.record(KeyCleaning, room, lang, g.chance(0.1), g.at(day, startMin), steps, fb)
}
