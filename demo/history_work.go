package demo

import (
	"math"
	"math/rand/v2"
	"sort"
	"time"

	tandem "github.com/tandemhq/tandem"
)

// The cleaning crew's past (S4): what the people in Meridian's office
// reported, room by room, and how the crew handled it, for the monitor
// page. The stories it tells:
//
//   - Working days are busy, weekends nearly empty (a few people come in).
//   - Restrooms run out of soap, paper and towels on Mondays after lunch
//     (12–14): the weekend's stock is gone by then. The afternoon restock
//     round the crew started restockRoundDaysAgo cut those reports to about
//     a third over the following two weeks.
//   - Kitchens' dishwashers are full after lunch; meeting rooms are left
//     with cups and trash after the afternoon meetings; the fridge is
//     cleared on Fridays.
//   - Most items are acknowledged within minutes and done within their
//     SLA; afternoons before the restock round were when the crew ran late.
//   - Colleagues who find the problem still there join the open item (2–5
//     reporters); now and then a problem comes back within the hour of
//     being fixed and reopens its item; praise comes now and then.

// WorkHistoryDays is how many days of the crew's past reports Seed imports
// (fewer if Options.Days is shorter).
const WorkHistoryDays = 90

// workRooms are the S4 rooms whose reports the history generates, with
// what goes wrong there and how often on a working day: the chance per day
// of each problem, and when it happens.
type roomRisk struct {
	problem string
	chance  float64                               // per working day
	monday  float64                               // on Mondays instead, 0: as chance
	restock bool                                  // consumables: fewer after the restock round
	minute  func(g *gen, wd time.Weekday) float64 // when in the day
	friday  float64                               // on Fridays instead, 0: as chance
}

// around returns a minute drawer around peak (minutes after midnight).
func around(peak, sd, from, to float64) func(*gen, time.Weekday) float64 {
	return func(g *gen, _ time.Weekday) float64 { return g.normalMinute(peak, sd, from, to) }
}

// consumableMinute: Monday's run-out comes after lunch, 12–14; on other
// days the supplies run out at any time of the working day, mostly in the
// afternoon.
func consumableMinute(g *gen, wd time.Weekday) float64 {
	if wd == time.Monday {
		return g.normalMinute(13*60, 30, 12*60, 14*60-1)
	}
	return g.normalMinute(14*60, 120, 8*60, 17*60)
}

var (
	restroomRisks = []roomRisk{
		{problem: "no-soap", chance: 0.10, monday: 0.65, restock: true, minute: consumableMinute},
		{problem: "no-paper", chance: 0.08, monday: 0.45, restock: true, minute: consumableMinute},
		{problem: "no-towels", chance: 0.07, monday: 0.35, restock: true, minute: consumableMinute},
		{problem: "not-clean", chance: 0.08, minute: around(12*60, 180, 8*60, 17*60)},
		{problem: "broken", chance: 0.012, minute: around(11*60, 180, 8*60, 17*60)},
	}
	kitchenRisks = []roomRisk{
		{problem: "dishwasher", chance: 0.5, minute: around(13*60+15, 25, 12*60, 15*60)},
		{problem: "coffee-machine", chance: 0.15, minute: around(9*60+30, 50, 7*60+30, 12*60)},
		{problem: "fridge", chance: 0.03, friday: 0.4, minute: around(15*60, 60, 12*60, 17*60)},
		{problem: "not-clean", chance: 0.05, minute: around(13*60, 120, 8*60, 17*60)},
	}
	meetingRisks = []roomRisk{
		{problem: "dishes", chance: 0.3, minute: around(15*60+45, 50, 13*60+30, 17*60+30)},
		{problem: "trash", chance: 0.15, minute: around(15*60+30, 70, 12*60, 17*60+30)},
		{problem: "table", chance: 0.08, minute: around(12*60, 150, 8*60, 17*60)},
	}
	entranceRisks = []roomRisk{
		{problem: "floor", chance: 0.15, monday: 0.3, minute: around(8*60+30, 45, 7*60, 11*60)},
		{problem: "bins", chance: 0.05, minute: around(14*60, 120, 8*60, 17*60)},
	}
	otherRisks = []roomRisk{
		{problem: "not-clean", chance: 0.05, minute: around(14*60, 120, 8*60, 17*60)},
	}
)

// risksOf returns what goes wrong in a touchpoint of type t.
func risksOf(t tandem.TouchpointType) []roomRisk {
	switch t {
	case tandem.TypeRestroom:
		return restroomRisks
	case tandem.TypeKitchen:
		return kitchenRisks
	case tandem.TypeMeetingRoom:
		return meetingRisks
	case tandem.TypeEntrance:
		return entranceRisks
	}
	return otherRisks
}

// restockFactor scales the consumables' run-outs: 1 before the afternoon
// restock round, falling to a third over the 15 days after it started.
func restockFactor(daysAgo int) float64 {
	const after, ramp = 0.3, 15
	since := restockRoundDaysAgo - daysAgo
	switch {
	case since <= 0:
		return 1
	case since >= ramp:
		return after
	}
	return 1 - (1-after)*float64(since)/ramp
}

// lateChance is how likely the crew finishes an item past its due time:
// afternoons before the restock round were when they ran behind.
func lateChance(daysAgo int, minute float64) float64 {
	if minute < 12*60 {
		return 0.05
	}
	const before, after = 0.3, 0.07
	return after + (before-after)*(restockFactor(daysAgo)-0.3)/0.7
}

// workGen generates the crew's past from its own random stream, so the
// feedback history stays as it is.
type workGen struct {
	*gen
	crew  map[string]int64 // staff key → their user, who handles the items
	keys  []string         // S4 rooms, in tpDefs order
	types map[string]tandem.TouchpointType
	recs  []tandem.ReportRecord
}

// generateWork returns days of the cleaning crew's past reports and work
// items ending the day before now (today's are seedWork's), the same for
// the same seed. Every item is done; report tokens are left empty for the
// store to fill. crew maps the S4 staff members' keys to their users.
func generateWork(w *world, crew map[string]int64, now time.Time, days int, seed int64) []tandem.ReportRecord {
	g := &workGen{
		gen:   &gen{w: w, r: rand.New(rand.NewPCG(uint64(seed), 0x733463726577)), now: now.In(w.loc), days: days},
		crew:  crew,
		types: map[string]tandem.TouchpointType{},
	}
	for _, d := range tpDefs {
		if d.service == KeyCleaning {
			g.keys = append(g.keys, d.key)
			g.types[d.key] = d.typ
		}
	}
	y, m, d := g.now.Date()
	for i := days; i >= 1; i-- {
		g.day(time.Date(y, m, d-i, 0, 0, 0, 0, w.loc), i)
	}
	sort.SliceStable(g.recs, func(i, j int) bool {
		return g.recs[i].Reports[0].CreatedAt.Before(g.recs[j].Reports[0].CreatedAt)
	})
	return g.recs
}

// incident is a problem that happened in a room at a minute of the day.
type incident struct {
	room    string
	problem tandem.Problem
	minute  float64
}

func (g *workGen) day(day time.Time, daysAgo int) {
	wd := day.Weekday()
	weekend := wd == time.Saturday || wd == time.Sunday
	var incs []incident
	for _, room := range g.keys {
		list := tandem.DefaultProblems(g.types[room])
		for _, risk := range risksOf(g.types[room]) {
			p := risk.chance
			switch {
			case weekend:
				p *= 0.04 // a few people come in
			case wd == time.Monday && risk.monday > 0:
				p = risk.monday
			case wd == time.Friday && risk.friday > 0:
				p = risk.friday
			}
			if risk.restock {
				p *= restockFactor(daysAgo)
			}
			if !g.chance(p) {
				continue
			}
			incs = append(incs, incident{room, *tandem.FindProblem(list, risk.problem), risk.minute(g.gen, wd)})
		}
	}
	sort.SliceStable(incs, func(i, j int) bool { return incs[i].minute < incs[j].minute })
	for _, inc := range incs {
		g.item(day, daysAgo, inc)
	}
	praises := 1.6
	if weekend {
		praises = 0.1
	}
	for range g.count(praises) {
		room := g.keys[g.r.IntN(len(g.keys))]
		lang := g.lang(0.7, 0.1, 0.2)
		r := &tandem.Report{OrgID: g.w.org.ID, TouchpointID: g.w.tps[room].ID, Praise: true, Lang: lang,
			CreatedAt: g.at(day, g.normalMinute(11*60, 150, 8*60, 17*60))}
		if g.chance(0.35) {
			r.Comment = workPraise[g.r.IntN(len(workPraise))][lang]
		}
		g.recs = append(g.recs, tandem.ReportRecord{Reports: []*tandem.Report{r}})
	}
}

// item plays one problem through: the first report opens the item, the
// crew acknowledges it within minutes and fixes it, in time or late;
// colleagues who find it still there join it; now and then it comes back
// within the hour and reopens it.
func (g *workGen) item(day time.Time, daysAgo int, inc incident) {
	tp := g.w.tps[inc.room]
	report := func(at time.Time) *tandem.Report {
		lang := g.lang(0.7, 0.1, 0.2)
		r := &tandem.Report{OrgID: g.w.org.ID, TouchpointID: tp.ID, ProblemKey: inc.problem.Key, Lang: lang, CreatedAt: at}
		if list := workComments[inc.problem.Key]; len(list) > 0 && g.chance(0.2) {
			r.Comment = list[g.r.IntN(len(list))][lang]
		}
		return r
	}
	// handler is who handles the item: the room's crew member, or now
	// and then another.
	handler := func() string {
		if g.chance(0.25) {
			return []string{"aino", "dmitri", "liisa"}[g.r.IntN(3)]
		}
		return g.staffKey(tp.StaffID)
	}
	sla := float64(inc.problem.SLAMinutes)
	// cycle moves w from its opening at start through acknowledgement to
	// done, joining reporters extra colleagues on the way.
	cycle := func(w *tandem.WorkItem, reports []*tandem.Report, start time.Time, minute float64, extra int) []*tandem.Report {
		ack := g.between(1, 4) + g.r.ExpFloat64()*5
		var done float64
		if g.chance(lateChance(daysAgo, minute)) {
			done = sla + g.between(3, 0.8*sla)
		} else {
			done = ack + g.between(0.25, 0.95)*math.Max(sla-ack, 2)
			done = math.Min(done, sla-0.5)
		}
		ack = math.Min(ack, done)
		joins := make([]float64, extra)
		for i := range joins {
			joins[i] = g.between(1, math.Max(done-0.5, 1.5))
		}
		sort.Float64s(joins)
		for _, m := range joins {
			r := report(start.Add(minutes(m)))
			w.Join(r, r.CreatedAt)
			reports = append(reports, r)
		}
		key := handler()
		user := g.crew[key]
		w.Acknowledge(user, start.Add(minutes(ack)))
		note := ""
		if notes := workNotes[inc.problem.Key]; len(notes) > 0 && g.chance(0.4) {
			n := notes[g.r.IntN(len(notes))]
			note = n[0]
			if key == "dmitri" {
				note = n[1]
			}
		}
		doneAt := start.Add(minutes(done))
		if _, err := w.Done(user, note, doneAt); err != nil {
			panic(err) // cannot happen: the notes are short
		}
		for _, r := range reports {
			if r.FixedAt.IsZero() {
				r.FixedAt = doneAt
			}
		}
		return reports
	}
	first := report(g.at(day, inc.minute))
	w := tandem.NewWorkItem(first, inc.problem, first.CreatedAt)
	w.OrgID, w.SiteID = g.w.org.ID, tp.SiteID
	extra := g.pick([]float64{0.55, 0.25, 0.12, 0.05, 0.03})
	reports := cycle(w, []*tandem.Report{first}, first.CreatedAt, inc.minute, extra)
	if len(reports) < 5 && g.chance(0.05) { // not fixed after all
		again := report(w.DoneAt.Add(minutes(g.between(5, 55))))
		if !w.Join(again, again.CreatedAt) {
			panic("demo: a report within the hour did not reopen its item")
		}
		back := again.CreatedAt.Sub(g.at(day, 0)).Minutes()
		reports = append(reports, again)
		reports = cycle(w, reports, again.CreatedAt, back, min(g.pick([]float64{0.8, 0.2}), 5-len(reports)))
	}
	g.recs = append(g.recs, tandem.ReportRecord{Item: w, Reports: reports})
}

// staffKey returns the key of the demo staff member with id.
func (g *workGen) staffKey(id int64) string {
	for k, m := range g.w.staff {
		if m.ID == id {
			return k
		}
	}
	return "aino"
}

// minutes returns m minutes to the second.
func minutes(m float64) time.Duration { return time.Duration(m*60) * time.Second }

// workComments are what reporters add, by problem.
var workComments = map[string][]tandem.Text{
	"no-soap":    {tx("Left sink.", "Левая раковина.", "Vasen allas."), tx("Both dispensers empty.", "Оба дозатора пустые.", "Molemmat annostelijat tyhjinä.")},
	"no-paper":   {tx("Last stall.", "Последняя кабинка.", "Viimeinen koppi."), tx("No spare rolls either.", "Запасных рулонов тоже нет.", "Ei vararullia.")},
	"no-towels":  {tx("Empty again.", "Опять пусто.", "Taas tyhjä.")},
	"not-clean":  {tx("Floor is wet.", "Мокрый пол.", "Lattia on märkä."), tx("Sink needs wiping.", "Раковину надо протереть.", "Allas pitäisi pyyhkiä.")},
	"broken":     {tx("Tap keeps running.", "Кран не закрывается.", "Hana vuotaa."), tx("Lock on the door is stuck.", "Заедает замок.", "Oven lukko jumittaa.")},
	"dishwasher": {tx("Clean dishes still inside.", "Внутри чистая посуда.", "Puhtaat astiat vielä koneessa."), tx("Sink full of cups.", "Раковина полна чашек.", "Tiskiallas täynnä kuppeja.")},
	"dishes":     {tx("Cups from the afternoon meeting.", "Чашки после дневной встречи.", "Kupit iltapäivän palaverista.")},
	"trash":      {tx("Pizza boxes.", "Коробки из-под пиццы.", "Pizzalaatikoita.")},
	"floor":      {tx("Wet by the door.", "Мокро у двери.", "Märkää oven edessä."), tx("Sand from the street.", "Песок с улицы.", "Hiekkaa kadulta.")},
	"fridge":     {tx("Something smells.", "Что-то пахнет.", "Jokin haisee.")},
}

// workPraise is what people say when all is good.
var workPraise = []tandem.Text{
	tx("Spotless, thank you!", "Идеально чисто, спасибо!", "Tosi siistiä, kiitos!"),
	tx("Quick fix this morning, thanks.", "Утром всё быстро исправили, спасибо.", "Aamulla korjattiin nopeasti, kiitos."),
	tx("Nice to have fresh towels every afternoon.", "Приятно, что каждый день после обеда свежие полотенца.", "Mukava, että iltapäivisin on aina uudet pyyhkeet."),
}

// workNotes are what the crew says when done, by problem: in Finnish and
// in Russian (Dmitri).
var workNotes = map[string][][2]string{
	"no-soap":        {{"Täytetty.", "Заправил."}, {"Molemmat annostelijat täytetty.", "Заправил оба дозатора."}},
	"no-paper":       {{"Rullat vaihdettu.", "Поменял рулоны."}, {"Täytetty, vararullat hyllyssä.", "Заправил, запасные на полке."}},
	"no-towels":      {{"Täytetty.", "Заправил."}},
	"not-clean":      {{"Siivottu.", "Убрано."}},
	"broken":         {{"Ilmoitettu kiinteistöhuoltoon.", "Сообщил в техслужбу."}},
	"dishwasher":     {{"Tyhjennetty ja käynnistetty.", "Разгрузил и запустил."}},
	"coffee-machine": {{"Puhdistettu.", "Почистил."}},
	"fridge":         {{"Vanhat ruoat pois, hyllyt pyyhitty.", "Выбросил старое, протёр полки."}},
	"dishes":         {{"Astiat keittiöön.", "Отнёс посуду на кухню."}},
	"trash":          {{"Roskat viety.", "Вынес мусор."}},
	"table":          {{"Pyyhitty.", "Протёр."}},
	"floor":          {{"Kuivattu.", "Вытер насухо."}, {"Matto vaihdettu.", "Поменял коврик."}},
	"bins":           {{"Tyhjennetty.", "Вынес."}},
}
