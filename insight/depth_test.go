package insight

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/insight/text"
)

// depthResponses makes n responses: every third rates "temp" negative
// (caused by the customer two times in three) and costs two points, every
// third does not mention it, the rest rate it positive; every
// tenth rates "wait" negative (the provider's) and costs one; "rare" is
// rated by the first five only.
func depthResponses(n int) []tandem.Response {
	rs := make([]tandem.Response, n)
	for i := range rs {
		r := tandem.Response{FeedbackID: int64(i + 1), Overall: 5}
		temp := tandem.ResponseAspect{Key: "temp", Rating: tandem.Positive}
		switch i % 3 {
		case 0:
			temp.Rating, temp.Cause = tandem.Negative, tandem.PartyCustomer
			if i%9 == 0 {
				temp.Cause = tandem.PartyProvider
			}
			r.Overall -= 2
		case 1:
			temp.Key = "" // not mentioned
		}
		if temp.Key != "" {
			r.Aspects = append(r.Aspects, temp)
		}
		if i%10 == 0 {
			r.Aspects = append(r.Aspects, tandem.ResponseAspect{Key: "wait", Rating: tandem.Negative, Cause: tandem.PartyProvider})
			r.Overall--
		} else if i%4 == 0 {
			r.Aspects = append(r.Aspects, tandem.ResponseAspect{Key: "wait", Rating: tandem.Positive})
		}
		if i < 5 {
			r.Aspects = append(r.Aspects, tandem.ResponseAspect{Key: "rare", Rating: tandem.Positive})
		}
		rs[i] = r
	}
	return rs
}

func TestDepthDrivers(t *testing.T) {
	names := map[string]tandem.Text{"temp": {"en": "Coffee temperature"}}
	d, err := BuildDepth(context.Background(), DepthInput{Responses: depthResponses(300), MoreResponses: true, Drivers: true, Names: names,
		Period: Period{From: at("2026-03-01"), To: at("2026-03-31")}})
	if err != nil {
		t.Fatal(err)
	}
	dr := d.Drivers
	if dr.N != 300 || !dr.Capped || dr.TooFew || dr.MinResponses != 50 || dr.MinPerAspect != 10 {
		t.Fatalf("drivers = N %d capped %v too few %v min %d/%d", dr.N, dr.Capped, dr.TooFew, dr.MinResponses, dr.MinPerAspect)
	}
	if dr.Resamples != DriverResamples || dr.R2 <= 0 || dr.R2Low > dr.R2 || dr.R2High < dr.R2 {
		t.Errorf("R² = %.3f [%.3f, %.3f] on %d resamples", dr.R2, dr.R2Low, dr.R2High, dr.Resamples)
	}
	var keys []string
	for _, a := range dr.Aspects {
		keys = append(keys, a.Key)
	}
	if len(keys) != 3 || keys[0] != "temp" || keys[1] != "wait" || keys[2] != "rare" {
		t.Fatalf("aspects = %v, want temp, wait (by share), then rare (too few)", keys)
	}
	temp, rare := dr.Aspects[0], dr.Aspects[2]
	if temp.Name["en"] != "Coffee temperature" || temp.N != 300 || temp.Negative != 100 || math.Abs(temp.NegativeShare-1.0/3) > 1e-9 {
		t.Errorf("temp = %+v", temp)
	}
	if temp.Share <= dr.Aspects[1].Share || temp.Low > temp.Share || temp.High < temp.Share {
		t.Errorf("temp share %.3f [%.3f, %.3f], wait %.3f", temp.Share, temp.Low, temp.High, dr.Aspects[1].Share)
	}
	if !rare.TooFew || rare.Rated != 5 || rare.Share != 0 {
		t.Errorf("rare = too few %v, rated %d, share %v; want too few with its 5 ratings", rare.TooFew, rare.Rated, rare.Share)
	}
	if len(dr.FixFirst) != 2 || dr.Top().Key != "temp" || dr.FixFirst[1].Key != "wait" {
		t.Fatalf("fix first = %+v", dr.FixFirst)
	}
	top := dr.Top()
	// A third of the responses lose about two points (a little more, as
	// some also lose one to the wait): the loss is near 2/3 per response.
	if top.Negatives != 100 || math.Abs(top.Frequency-1.0/3) > 1e-9 || math.Abs(top.Loss-top.Penalty*top.Frequency) > 1e-9 || top.Loss < 0.6 {
		t.Errorf("top = %+v", top.Fix)
	}
	// 34 of the 100 negatives were the provider's (every ninth response),
	// 66 the customer's: a design change.
	if !top.Design || top.Lead != tandem.PartyCustomer || len(top.Causes) != 2 ||
		top.Causes[0].Party != tandem.PartyProvider || top.Causes[1].Party != tandem.PartyCustomer ||
		math.Abs(top.Causes[0].Share-0.34) > 1e-9 || math.Abs(top.Causes[0].Loss+top.Causes[1].Loss-top.Loss) > 1e-9 {
		t.Errorf("top causes = %+v, design %v", top.Causes, top.Design)
	}
	if w := dr.FixFirst[1]; w.Design || w.Lead != tandem.PartyProvider {
		t.Errorf("wait = %+v, want the provider's", w)
	}

	// The same responses give the same intervals: page and API agree.
	again, err := BuildDepth(context.Background(), DepthInput{Responses: depthResponses(300), Drivers: true})
	if err != nil {
		t.Fatal(err)
	}
	if again.Drivers.Aspects[0].Low != temp.Low || again.Drivers.Aspects[0].High != temp.High {
		t.Errorf("intervals differ between runs")
	}
}

func TestDepthTooFew(t *testing.T) {
	d, err := BuildDepth(context.Background(), DepthInput{Responses: depthResponses(49), Drivers: true})
	if err != nil {
		t.Fatal(err)
	}
	dr := d.Drivers
	if !dr.TooFew || dr.N != 49 || len(dr.FixFirst) != 0 || dr.Top() != nil || dr.R2 != 0 {
		t.Errorf("49 responses = %+v, want too few", dr)
	}
	for _, a := range dr.Aspects {
		if !a.TooFew || a.Share != 0 || !a.Penalty.TooFew {
			t.Errorf("aspect %s = %+v, want too few", a.Key, a)
		}
	}
	// Several services: no drivers at all, terms still.
	d, err = BuildDepth(context.Background(), DepthInput{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Drivers != nil || d.Terms == nil || !d.Terms.Overall.TooFew {
		t.Errorf("no service = %+v", d)
	}
}

func TestDepthTerms(t *testing.T) {
	p := Period{From: at("2026-03-01"), To: at("2026-03-31")}
	if b := p.Before(); !b.From.Equal(at("2026-01-30")) || !b.To.Equal(p.From) {
		t.Fatalf("before = %v", b)
	}
	helsinki, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Fatal(err)
	}
	var now, before []tandem.ResponseText
	add := func(list *[]tandem.ResponseText, when, lang, text string, n int, aspects ...string) {
		for range n {
			*list = append(*list, tandem.ResponseText{Lang: lang, Text: text, CreatedAt: at(when), Aspects: aspects})
		}
	}
	add(&before, "2026-02-10", "en", "Nice breakfast, friendly staff", 40, "wait")
	add(&before, "2026-02-10", "fi", "Hyvä aamiainen", 30)
	add(&now, "2026-03-10", "en", "Nice breakfast, friendly staff", 30, "wait")
	add(&now, "2026-03-10", "en", "The coffee was cold", 12, "temp")
	add(&now, "2026-03-11", "en", "Cold coffee again", 8, "temp")
	add(&now, "2026-03-10", "fi", "Kahvi oli kylmää", 15)
	add(&now, "2026-03-10", "fi", "Hyvä aamiainen", 15)
	// A comment from the first evening of the period, Helsinki time: the
	// period starts at midnight there, 22:00 UTC the day before.
	add(&now, "2026-02-28T22:30:00Z", "en", "Cold", 1)
	d, err := BuildDepth(context.Background(), DepthInput{Now: now, Before: before, MoreNow: true, Period: p, Location: helsinki,
		Names: map[string]tandem.Text{"temp": {"en": "Coffee temperature"}}})
	if err != nil {
		t.Fatal(err)
	}
	tm := d.Terms
	if tm.Now != 81 || tm.Before != 70 || !tm.CappedNow || tm.CappedBefore || tm.Rule.MinSample != 30 {
		t.Fatalf("terms = now %d (capped %v), before %d (capped %v)", tm.Now, tm.CappedNow, tm.Before, tm.CappedBefore)
	}
	o := tm.Overall
	if o.TooFew || o.Now != 81 || o.Before != 70 || len(o.Rising) == 0 {
		t.Fatalf("overall = %+v", o)
	}
	// Finnish "kahvi" rose most (15 of 30 Finnish comments, none before);
	// "cold" in 21 of 51 English comments now (the evening one included),
	// none of 40 before. Rises come most first.
	if r := o.Rising[0]; r.Lang != "fi" || r.Display != "kahvi" || r.Now.Docs != 15 || r.Now.Of != 30 {
		t.Errorf("first rise = %+v", r)
	}
	var cold text.Rise
	for _, r := range o.Rising {
		if r.Lang == "en" && r.Key == "cold" {
			cold = r
		}
		if r.Rate() > o.Rising[0].Rate() {
			t.Errorf("%q rose more than the first", r.Display)
		}
	}
	if cold.Lang != "en" || cold.Display != "cold" || cold.Now.Docs != 21 || cold.Now.Of != 51 || cold.Before.Docs != 0 || cold.Before.Of != 40 {
		t.Errorf("first rise = %+v", cold)
	}
	var fiCold bool
	for _, r := range o.Rising {
		fiCold = fiCold || (r.Lang == "fi" && r.Key == "kylm" || r.Lang == "fi" && r.Display == "kylmää")
		if r.Lang == "en" && r.Key == "breakfast" {
			t.Errorf("breakfast did not rise, it fell: %+v", r)
		}
	}
	if !fiCold {
		t.Errorf("Finnish rises = %+v, want kylmää", o.Rising)
	}
	// Per aspect: "temp" had no comments before, so too few; "wait" had
	// comments in both periods and nothing rose.
	if len(tm.Aspects) != 2 || tm.Aspects[0].Key != "temp" || !tm.Aspects[0].TooFew || tm.Aspects[0].Now != 20 ||
		tm.Aspects[0].Before != 0 || tm.Aspects[0].Name["en"] != "Coffee temperature" || len(tm.Aspects[0].Rising) != 0 {
		t.Errorf("aspects = %+v", tm.Aspects)
	}
	if w := tm.Aspects[1]; w.Key != "wait" || w.TooFew || w.Now != 30 || w.Before != 40 {
		t.Errorf("wait = %+v", w)
	}
}

func at(s string) time.Time {
	if len(s) == len(DateLayout) {
		s += "T00:00:00Z"
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Rising terms are capped per language: many English rises do not hide
// the one Finnish one.
func TestDepthTermsPerLanguage(t *testing.T) {
	p := Period{From: at("2026-03-01"), To: at("2026-03-31")}
	var now, before []tandem.ResponseText
	for range 40 {
		now = append(now, tandem.ResponseText{Lang: "en", Text: "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima", CreatedAt: at("2026-03-05")})
		before = append(before, tandem.ResponseText{Lang: "en", Text: "nice", CreatedAt: at("2026-02-05")})
	}
	for range 30 {
		now = append(now, tandem.ResponseText{Lang: "fi", Text: "kylmää", CreatedAt: at("2026-03-05")})
		before = append(before, tandem.ResponseText{Lang: "fi", Text: "hyvä", CreatedAt: at("2026-02-05")})
	}
	d, err := BuildDepth(context.Background(), DepthInput{Now: now, Before: before, Period: p})
	if err != nil {
		t.Fatal(err)
	}
	o := d.Terms.Overall
	per := map[string]int{}
	for _, r := range o.Rising {
		per[r.Lang]++
	}
	// Twelve English words and eleven phrases rose: ten are listed.
	if per["en"] != MaxRising || per["fi"] != 1 || o.More != 23-MaxRising {
		t.Errorf("rising per language = %v, more %d; want %d English, 1 Finnish, %d more", per, o.More, MaxRising, 23-MaxRising)
	}
}
