package demo

import (
	"math"
	"time"

	tandem "github.com/tandemhq/tandem"
)

// --- S3 pension ATM -----------------------------------------------------------

// isPensionDay reports whether pensions are paid on day: the first two
// weekdays of the month, when the branch is busiest.
func isPensionDay(day time.Time) bool {
	n := 0
	for d := 1; d <= day.Day(); d++ {
		wd := time.Date(day.Year(), day.Month(), d, 0, 0, 0, 0, day.Location()).Weekday()
		if wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n <= 2
}

// atmSteps are the customer steps at the ATM, in order.
var atmSteps = []string{"go-to-atm", "insert-card", "enter-pin", "choose-pension", "take-cash-card"}

func (g *gen) pensionDay(day time.Time, daysAgo int) {
	wd := day.Weekday()
	if wd == time.Saturday || wd == time.Sunday {
		return // the branch is closed
	}
	// The withdrawal moved to the ATM just before the history starts: at
	// first many come for the first time, later fewer.
	since := float64(g.days - 1 - daysAgo)
	firstP := 0.12 + 0.5*math.Exp(-since/35)
	pensionDay := isPensionDay(day)
	mean := 17.0
	if pensionDay {
		mean = 48
	}
	for range g.count(mean * g.between(0.9, 1.1)) {
		g.pensionVisit(day, pensionDay, firstP)
	}
}

func (g *gen) pensionVisit(day time.Time, pensionDay bool, firstP float64) {
	// Most pensioners come in the morning; others over the whole day.
	older := g.chance(0.55)
	startMin := g.between(9*60, 16*60+15)
	if older {
		startMin = g.normalMinute(10*60+15, 45, 9*60, 16*60+15)
	}
	first := g.chance(firstP)
	peak := pensionDay && startMin < 12*60
	lang := g.lang(0.62, 0.28, 0.1)
	start := g.at(day, startMin)

	if older && g.chance(0.12) { // chooses the counter outright
		g.counterVisit(day, startMin, lang, first, peak)
		return
	}

	pHelp := 0.03
	if older {
		pHelp = 0.2
	}
	if first {
		pHelp *= 1.6
	}
	if peak {
		pHelp *= 1.2
	}
	helpAt := -1 // index into atmSteps
	if g.chance(pHelp) {
		helpAt = 1 + g.pick([]float64{0.1, 0.62, 0.2, 0.08})
	}
	var steps []stepAt
	var help *helpPlan
	gaveUp := false // went to the counter after the help
	m := startMin
	for i, k := range atmSteps {
		d := g.between(0.3, 0.9)
		if older && (k == "enter-pin" || k == "choose-pension") {
			d += g.between(0.3, 1.5)
		}
		m += d
		if i == helpAt {
			at := g.at(day, m)
			wait := g.between(0.5, 3)
			if peak {
				wait += g.between(1, 5)
			}
			acked := at.Add(time.Duration(wait * float64(time.Minute)))
			closed := acked.Add(time.Duration(g.between(2, 7) * float64(time.Minute)))
			m += wait + g.between(1, 5)
			if !closed.After(g.now) {
				help = &helpPlan{stepKey: k, at: at, acked: acked, closedAt: closed}
			}
			if g.chance(0.25) {
				gaveUp = true
				break
			}
		}
		steps = append(steps, stepAt{k, g.at(day, m)})
	}

	var fb *tandem.Feedback
	helped := helpAt >= 0
	if g.chance(map[bool]float64{true: 0.75, false: 0.5}[helped]) {
		var js []judgement
		add := func(key string, positive bool, pm, nm float64) {
			js = append(js, judgement{key, positive, mention(positive, pm, nm)})
		}
		p := func(younger, old float64) float64 {
			if older {
				return old
			}
			return younger
		}
		add("queue", !g.chance(map[bool]float64{true: 0.45, false: 0.08}[peak]), 0.2, 0.7)
		add("screen-readability", !g.chance(p(0.06, 0.4)), 0.25, 0.75)
		pinNeg := p(0.03, 0.15)
		if helped && atmSteps[helpAt] == "enter-pin" {
			pinNeg = 0.7
		}
		add("pin-entry", !g.chance(pinNeg), 0.15, 0.6)
		if helped {
			add("staff-help", g.chance(0.92), 0.85, 0.9)
		} else if older {
			add("staff-help", g.chance(0.85), 0.2, 0.6)
		}
		add("atm-works", !g.chance(map[bool]float64{true: 0.1, false: 0.04}[peak]), 0.15, 0.9)
		add("privacy", !g.chance(0.08), 0.1, 0.5)
		ratings, pos, neg := g.judge(KeyPension, js)
		fb = &tandem.Feedback{
			Overall:   g.overall(p(4.3, 3.9), pos, neg),
			Aspects:   ratings,
			Lang:      lang,
			CreatedAt: g.at(day, m+g.between(0.5, 3)),
		}
		means := map[tandem.Dimension]float64{tandem.Motivation: 4.4, tandem.RoleClarity: 4.6, tandem.KnowHow: 4.4, tandem.Ability: 4.5}
		if older {
			means = map[tandem.Dimension]float64{tandem.Motivation: 3.0, tandem.RoleClarity: 3.7, tandem.KnowHow: 3.2, tandem.Ability: 2.7}
			if helped {
				means[tandem.Ability] = 2.0
			}
		}
		if first {
			means[tandem.KnowHow] -= 0.4
		}
		fb.Readiness = g.readiness(KeyPension, means)
		switch {
		case helped:
			fb.HardestStepID = g.hardest(KeyPension, atmSteps[helpAt])
		case g.chance(p(0.25, 0.6)):
			fb.HardestStepID = g.hardest(KeyPension, g.pickKey(atmSteps[1:], []float64{0.1, 0.55, 0.25, 0.1}))
		}
		if helped && fb.Overall >= 3 && g.chance(0.3) {
			g.praise(fb, "pirjo", "bank", 0.7)
		}
		if g.chance(0.1) || helped && g.chance(0.3) || fb.Overall <= 2 && g.chance(0.4) {
			fb.Comment = g.pensionComment(fb, lang, helped, older)
		}
	}
	e := g.record(KeyPension, "atm", lang, first, start, steps, fb)
	if e == nil {
		return
	}
	// Pirjo stepped the customer through the rest on her staff view.
	if helped && !gaveUp {
		for i := range e.Done {
			if g.w.bps[KeyPension].Step(e.Done[i].StepID).Key == atmSteps[helpAt] || i > helpAt && g.chance(0.5) {
				e.Done[i].By = tandem.ByStaff
			}
		}
	}
	if help != nil {
		help.ep = e
		g.helps = append(g.helps, *help)
	}
}

// counterVisit is a customer who takes the assisted path from the start:
// the cashier pays out the pension, so there are no ATM steps to tick.
func (g *gen) counterVisit(day time.Time, startMin float64, lang string, first, peak bool) {
	var fb *tandem.Feedback
	if g.chance(0.5) {
		var js []judgement
		add := func(key string, positive bool, pm, nm float64) {
			js = append(js, judgement{key, positive, mention(positive, pm, nm)})
		}
		add("queue", !g.chance(map[bool]float64{true: 0.55, false: 0.15}[peak]), 0.25, 0.8)
		add("staff-help", g.chance(0.95), 0.7, 0.9)
		ratings, pos, neg := g.judge(KeyPension, js)
		fb = &tandem.Feedback{
			Overall:   g.overall(4.3, pos, neg),
			Aspects:   ratings,
			Lang:      lang,
			CreatedAt: g.at(day, startMin+g.between(5, 15)),
		}
		if fb.Overall >= 4 && g.chance(0.15) {
			g.praise(fb, "timo", "bank", 0.7)
		}
		if g.chance(0.2) {
			fb.Comment = g.comment("counter", lang)
		}
	}
	g.record(KeyPension, "pension-counter", lang, first, g.at(day, startMin), nil, fb)
}

func (g *gen) pensionComment(fb *tandem.Feedback, lang string, helped, older bool) string {
	bp := g.w.bps[KeyPension]
	rated := map[string]tandem.Rating{}
	for _, r := range fb.Aspects {
		rated[bp.Aspect(r.AspectID).Key] = r.Rating
	}
	switch {
	case helped:
		return g.comment("atm-helped", lang)
	case rated["screen-readability"] == tandem.Negative:
		return g.comment("atm-screen", lang)
	case rated["queue"] == tandem.Negative:
		return g.comment("atm-queue", lang)
	case older && fb.Overall <= 3:
		return g.comment("atm-miss-cashier", lang)
	}
	return g.comment("atm-good", lang)
}
