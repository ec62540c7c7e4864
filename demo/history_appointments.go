package demo

import (
	"time"

	tandem "github.com/tandemhq/tandem"
)

// --- S5 barber and doctor -------------------------------------------------------

// booked books a slot on day: the episode starts when it is booked, one to
// fourteen days ahead, in the evening or during the day.
func (g *gen) booked(day time.Time, slotMin float64) (booked, scheduled time.Time) {
	scheduled = g.at(day, slotMin)
	back := 1 + g.r.IntN(14)
	y, m, d := day.Date()
	bday := time.Date(y, m, d-back, 0, 0, 0, 0, g.w.loc)
	return g.at(bday, g.between(8*60, 21*60)), scheduled
}

// before returns when a customer prepared: between booking and the visit,
// mostly close to the visit.
func (g *gen) before(booked, scheduled time.Time) time.Time {
	span := scheduled.Sub(booked)
	return booked.Add(time.Duration(float64(span) * g.between(0.6, 0.97)))
}

func (g *gen) barberDay(day time.Time) {
	wd := day.Weekday()
	if wd == time.Sunday || wd == time.Monday {
		return // closed
	}
	last := 17*60 + 15
	if wd == time.Saturday {
		last = 14 * 60
	}
	for _, barber := range []string{"kalle", "nadia"} {
		for slot := 9.0 * 60; slot <= float64(last); slot += 45 {
			if g.chance(0.8) {
				g.barberVisit(day, slot, barber)
			}
		}
	}
}

func (g *gen) barberVisit(day time.Time, slot float64, barber string) {
	booked, scheduled := g.booked(day, slot)
	if scheduled.After(g.now) {
		return // still to come: Seed books those through the store
	}
	lang := g.lang(0.65, 0.2, 0.15)
	first := g.chance(0.2)
	prepared := g.chance(map[bool]float64{true: 0.7, false: 0.4}[first])
	late := g.chance(0.1)

	var steps []stepAt
	if prepared {
		steps = append(steps, stepAt{"prepare", g.before(booked, scheduled)})
	}
	m := slot + g.between(-6, 2)
	if late {
		m = slot + g.between(8, 20)
	}
	steps = append(steps, stepAt{"arrive", g.at(day, m)})
	m = max(m, slot) + g.between(1, 3)
	steps = append(steps, stepAt{"tell-wishes", g.at(day, m)})
	m += g.between(25, 40)
	steps = append(steps, stepAt{"check-result", g.at(day, m)})
	m += g.between(2, 4)
	steps = append(steps, stepAt{"pay", g.at(day, m)})

	var fb *tandem.Feedback
	if g.chance(0.55) {
		var js []judgement
		add := func(key string, positive bool, pm, nm float64) {
			js = append(js, judgement{key, positive, mention(positive, pm, nm)})
		}
		add("on-time", !late && !g.chance(0.08), 0.3, 0.8)
		listenedNeg := 0.06
		if first && !prepared {
			listenedNeg = 0.2
		}
		add("listened", !g.chance(listenedNeg), 0.45, 0.8)
		add("result", !g.chance(0.1), 0.5, 0.85)
		if first {
			add("prep-info", prepared || !g.chance(0.4), 0.4, 0.7)
		}
		add("price", !g.chance(0.15), 0.1, 0.5)
		ratings, pos, neg := g.judge(KeyBarber, js)
		fb = &tandem.Feedback{
			Overall:   g.overall(4.4, pos, neg),
			Aspects:   ratings,
			Lang:      lang,
			CreatedAt: g.at(day, m+g.between(1, 30)),
		}
		know := 4.5
		switch {
		case first && prepared:
			know = 4.2
		case first:
			know = 3.0
		}
		role := 4.6
		if first {
			role = 3.7
		}
		fb.Readiness = g.readiness(KeyBarber, map[tandem.Dimension]float64{tandem.Motivation: 4.2, tandem.RoleClarity: role, tandem.KnowHow: know})
		if first && g.chance(0.5) || g.chance(0.08) {
			fb.HardestStepID = g.hardest(KeyBarber, g.pickKey([]string{"tell-wishes", "prepare", "arrive"}, []float64{4, 1, 1}))
		}
		if fb.Overall >= 4 && g.chance(0.12) {
			g.praise(fb, barber, "barber", 0.7)
		}
		if g.chance(0.12) || fb.Overall <= 2 && g.chance(0.4) {
			switch {
			case late || fb.Overall <= 2:
				fb.Comment = g.comment("barber-late", lang)
			default:
				fb.Comment = g.comment("barber-good", lang)
			}
		}
	}
	if e := g.record(KeyBarber, "barber-desk", lang, first, booked, steps, fb); e != nil {
		e.ScheduledAt = scheduled
	}
}

func (g *gen) doctorDay(day time.Time) {
	wd := day.Weekday()
	if wd == time.Saturday || wd == time.Sunday {
		return
	}
	for slot := 8.0 * 60; slot <= 15*60+30; slot += 30 {
		if g.chance(0.85) {
			g.doctorVisit(day, slot)
		}
	}
}

func (g *gen) doctorVisit(day time.Time, slot float64) {
	booked, scheduled := g.booked(day, slot)
	if scheduled.After(g.now) {
		return
	}
	lang := g.lang(0.6, 0.25, 0.15)
	first := g.chance(0.25)
	prepared := g.chance(0.5) // opened the preparation and made the list
	forgot := g.chance(map[bool]float64{true: 0.03, false: 0.3}[prepared])
	delay := max(g.r.NormFloat64()*8+6, 0)

	var steps []stepAt
	if prepared {
		steps = append(steps, stepAt{"prepare-list", g.before(booked, scheduled)})
	}
	m := slot - g.between(2, 12)
	steps = append(steps, stepAt{"check-in", g.at(day, m)})
	m = slot + delay
	steps = append(steps, stepAt{"wait-call", g.at(day, m)})
	m += g.between(1, 3)
	steps = append(steps, stepAt{"tell-symptoms", g.at(day, m)})
	m += g.between(12, 22)
	steps = append(steps, stepAt{"follow-up", g.at(day, m)})

	var fb *tandem.Feedback
	if g.chance(0.5) {
		var js []judgement
		add := func(key string, positive bool, pm, nm float64) {
			js = append(js, judgement{key, positive, mention(positive, pm, nm)})
		}
		add("on-time", delay < 15, 0.3, 0.8)
		add("check-in-kiosk", !g.chance(map[bool]float64{true: 0.25, false: 0.08}[first]), 0.2, 0.6)
		add("listened", !g.chance(0.08), 0.5, 0.85)
		add("clear-instructions", !g.chance(0.12), 0.35, 0.75)
		add("brought-documents", !forgot, 0.3, 0.85)
		ratings, pos, neg := g.judge(KeyDoctor, js)
		fb = &tandem.Feedback{
			Overall:   g.overall(4.2, pos, neg),
			Aspects:   ratings,
			Lang:      lang,
			CreatedAt: g.at(day, m+g.between(1, 40)),
		}
		role, know := 4.5, 4.4
		if !prepared {
			role, know = 3.6, 3.5
		}
		ability := 4.3
		if first {
			ability = 3.7 // the kiosk
		}
		fb.Readiness = g.readiness(KeyDoctor, map[tandem.Dimension]float64{
			tandem.Motivation: 4.0, tandem.RoleClarity: role, tandem.KnowHow: know, tandem.Ability: ability,
		})
		switch {
		case forgot && g.chance(0.6):
			fb.HardestStepID = g.hardest(KeyDoctor, "prepare-list")
		case first && g.chance(0.3):
			fb.HardestStepID = g.hardest(KeyDoctor, "check-in")
		case g.chance(0.08):
			fb.HardestStepID = g.hardest(KeyDoctor, "tell-symptoms")
		}
		switch {
		case fb.Overall >= 4 && g.chance(0.08):
			g.praise(fb, "laine", "doctor", 0.7)
		case fb.Overall >= 4 && g.chance(0.05):
			g.praise(fb, "sanna", "nurse", 0.7)
		}
		if g.chance(0.12) || forgot && g.chance(0.3) || fb.Overall <= 2 && g.chance(0.4) {
			switch {
			case forgot:
				fb.Comment = g.comment("doctor-forgot", lang)
			case delay >= 15:
				fb.Comment = g.comment("doctor-wait", lang)
			default:
				fb.Comment = g.comment("doctor-good", lang)
			}
		}
	}
	if e := g.record(KeyDoctor, "clinic-kiosk", lang, first, booked, steps, fb); e != nil {
		e.ScheduledAt = scheduled
	}
}

// upcoming returns the appointments booked for the coming days, so the demo
// has preparation pages to open: three at the barber, three at the doctor.
// They are created through the episode store, which gives them tokens.
func upcoming(w *world, now time.Time) []*tandem.Episode {
	now = now.In(w.loc)
	type booking struct {
		svc, tp, lang string
		first         bool
		daysAhead     int
		minute        int
	}
	list := []booking{
		{KeyBarber, "barber-desk", "fi", true, 1, 10 * 60},
		{KeyBarber, "barber-desk", "en", false, 2, 14*60 + 30},
		{KeyBarber, "barber-desk", "ru", false, 4, 11 * 60},
		{KeyDoctor, "clinic-kiosk", "ru", true, 1, 9*60 + 30},
		{KeyDoctor, "clinic-kiosk", "fi", false, 2, 13 * 60},
		{KeyDoctor, "clinic-kiosk", "en", false, 3, 8*60 + 30},
	}
	var out []*tandem.Episode
	for i, b := range list {
		day := openDay(b.svc, now, b.daysAhead, w.loc)
		y, m, d := day.Date()
		tp := w.tps[b.tp]
		out = append(out, &tandem.Episode{
			OrgID:        w.org.ID,
			ServiceID:    w.services[b.svc].ID,
			BlueprintID:  w.bps[b.svc].ID,
			TouchpointID: tp.ID,
			SiteID:       tp.SiteID,
			Lang:         b.lang,
			FirstTime:    b.first,
			StartedAt:    now.Add(-time.Duration(i+1) * 37 * time.Minute), // booked today
			ScheduledAt:  time.Date(y, m, d, 0, b.minute, 0, 0, w.loc),
		})
	}
	return out
}

// openDay returns the n-th day after now on which the service is open.
func openDay(svc string, now time.Time, n int, loc *time.Location) time.Time {
	y, m, d := now.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, loc)
	for n > 0 {
		day = day.AddDate(0, 0, 1)
		wd := day.Weekday()
		open := wd != time.Saturday && wd != time.Sunday
		if svc == KeyBarber {
			open = wd != time.Sunday && wd != time.Monday
		}
		if open {
			n--
		}
	}
	return day
}
