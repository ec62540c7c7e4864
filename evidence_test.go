package tandem

import (
	"testing"
	"time"
)

// coffeeBlueprint is the café's coffee moment: the guest orders (or asks
// for coffee in 20 minutes), the kitchen makes it in 3 minutes, the waiter
// brings it in 1, the guest has 5 minutes to drink it hot, then pays.
func coffeeBlueprint() *Blueprint {
	return &Blueprint{
		Steps: []Step{
			{ID: 1, Key: "order-coffee", Lane: LaneCustomer, Requests: []RequestOption{{Key: "coffee-later", DelayMinutes: 20}}},
			{ID: 2, Key: "make-coffee", Lane: LaneBackstage, ExpectedMinutes: 3},
			{ID: 3, Key: "coffee-and-bill", Lane: LaneFrontline, ExpectedMinutes: 1},
			{ID: 4, Key: "drink-coffee", Lane: LaneCustomer, WindowMinutes: 5, Nudge: Text{"en": "Drink it hot"}},
			{ID: 5, Key: "pay", Lane: LaneCustomer, Requests: []RequestOption{{Key: "bill"}}},
		},
		Aspects: []Aspect{
			{ID: 10, Key: "coffee-temperature", StepKey: "drink-coffee", ControlledBy: PartyCustomer},
			{ID: 11, Key: "no-waiting", ControlledBy: PartyProvider},
			{ID: 12, Key: "ordering", StepKey: "order-coffee", ControlledBy: PartyShared},
			{ID: 13, Key: "serving", StepKey: "coffee-and-bill", ControlledBy: PartyShared},
		},
	}
}

func TestCauseFromTimeline(t *testing.T) {
	b := coffeeBlueprint()
	t0 := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	done := func(pairs ...int) []StepDone { // step id, minute, ...
		var out []StepDone
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, StepDone{StepID: int64(pairs[i]), At: at(pairs[i+1]), By: ByCustomer})
		}
		return out
	}
	later := func(min int) *CustomerRequest { // "coffee in 20 minutes", tapped at min
		return &CustomerRequest{StepID: 1, OptionKey: "coffee-later", CreatedAt: at(min), DueAt: at(min + 20)}
	}
	bill := func(min int) *CustomerRequest {
		return &CustomerRequest{StepID: 5, OptionKey: "bill", CreatedAt: at(min), DueAt: at(min)}
	}
	temp, view, ordering, serving := &b.Aspects[0], &b.Aspects[1], &b.Aspects[2], &b.Aspects[3]
	for _, c := range []struct {
		name     string
		aspect   *Aspect
		done     []StepDone
		requests []*CustomerRequest
		feedback int // minute of the feedback; -1 for no limit
		noEp     bool
		want     Party
		ok       bool
		ev       Evidence
	}{
		{name: "no episode: the default", aspect: temp, noEp: true, feedback: -1, want: PartyCustomer},
		{name: "aspect of the whole service: the default", aspect: view, done: done(1, 0, 3, 14, 4, 15), feedback: -1, want: PartyProvider},
		{name: "no provider step before the aspect's step: the default", aspect: ordering, done: done(1, 0, 3, 14), feedback: -1, want: PartyShared},
		{name: "served late: the provider's", aspect: temp, done: done(1, 0, 3, 14, 4, 15), feedback: -1,
			want: PartyProvider, ok: true, ev: Evidence{Kind: EvidenceLate, Step: "coffee-and-bill", From: at(0), Served: at(14), Expected: 4}},
		{name: "served late, tied to the serving step itself", aspect: serving, done: done(1, 0, 3, 9), feedback: -1,
			want: PartyProvider, ok: true, ev: Evidence{Kind: EvidenceLate, Step: "coffee-and-bill", From: at(0), Served: at(9), Expected: 4}},
		{name: "served on time, drunk after the nudge: the customer's", aspect: temp, done: done(1, 0, 3, 4, 4, 30), feedback: -1,
			want: PartyCustomer, ok: true, ev: Evidence{Kind: EvidenceLingered, Step: "coffee-and-bill", From: at(0), Served: at(4), Expected: 4,
				Window: 5, Nudge: at(9), Moved: at(30)}},
		{name: "served on time, never drunk, bill asked much later: the customer's", aspect: temp, done: done(1, 0, 3, 4),
			requests: []*CustomerRequest{bill(40)}, feedback: -1,
			want: PartyCustomer, ok: true, ev: Evidence{Kind: EvidenceLingered, Step: "coffee-and-bill", From: at(0), Served: at(4), Expected: 4,
				Window: 5, Nudge: at(9), Moved: at(40)}},
		{name: "served on time, drunk within the window: the provider's", aspect: temp, done: done(1, 0, 3, 4, 4, 7), feedback: -1,
			want: PartyProvider, ok: true, ev: Evidence{Kind: EvidencePrompt, Step: "coffee-and-bill", From: at(0), Served: at(4), Expected: 4,
				Window: 5, Moved: at(7)}},
		{name: "coffee asked for later, served in time for it", aspect: temp, done: done(3, 23, 4, 25),
			requests: []*CustomerRequest{later(0)}, feedback: -1,
			want: PartyProvider, ok: true, ev: Evidence{Kind: EvidencePrompt, Step: "coffee-and-bill", From: at(20), Asked: true, Served: at(23), Expected: 4,
				Window: 5, Moved: at(25)}},
		{name: "coffee asked for later, served late for it", aspect: temp, done: done(1, 0, 3, 30, 4, 31),
			requests: []*CustomerRequest{later(0)}, feedback: -1,
			want: PartyProvider, ok: true, ev: Evidence{Kind: EvidenceLate, Step: "coffee-and-bill", From: at(20), Asked: true, Served: at(30), Expected: 4}},
		{name: "paid at once, coffee drunk late: the customer's", aspect: temp, done: done(1, 0, 3, 4, 5, 5, 4, 40), feedback: -1,
			want: PartyCustomer, ok: true, ev: Evidence{Kind: EvidenceLingered, Step: "coffee-and-bill", From: at(0), Served: at(4), Expected: 4,
				Window: 5, Nudge: at(9), Moved: at(40)}},
		{name: "paid at once, coffee not ticked: the default", aspect: temp, done: done(1, 0, 3, 4, 5, 5), feedback: -1, want: PartyCustomer},
		{name: "served not marked: the default", aspect: temp, done: done(1, 0, 4, 30), feedback: -1, want: PartyCustomer},
		{name: "served on time, nothing after: the default", aspect: temp, done: done(1, 0, 3, 4), feedback: -1, want: PartyCustomer},
		{name: "order not marked nor asked: the window alone", aspect: temp, done: done(3, 4, 4, 20), feedback: -1,
			want: PartyCustomer, ok: true, ev: Evidence{Kind: EvidenceLingered, Step: "coffee-and-bill", Served: at(4), Window: 5, Nudge: at(9), Moved: at(20)}},
		{name: "events after the feedback do not count", aspect: temp, done: done(1, 0, 3, 14, 4, 15), feedback: 10, want: PartyCustomer},
		{name: "the customer's move after the feedback does not count", aspect: temp, done: done(1, 0, 3, 4, 4, 30), feedback: 20, want: PartyCustomer},
	} {
		t.Run(c.name, func(t *testing.T) {
			tl := Timeline{Requests: c.requests}
			if !c.noEp {
				tl.Episode = &Episode{Lang: "en", StartedAt: t0.Add(-time.Hour), Done: c.done}
			}
			if c.feedback >= 0 {
				tl.At = at(c.feedback)
			}
			got, ev, ok := CauseFromTimeline(c.aspect, b, tl)
			if got != c.want || ok != c.ok || ev != c.ev {
				t.Errorf("= %s %v %+v\nwant %s %v %+v", got, ok, ev, c.want, c.ok, c.ev)
			}
		})
	}
}

func TestEvidenceMinutes(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	ev := Evidence{From: t0, Served: t0.Add(14*time.Minute + 20*time.Second), Nudge: t0.Add(19 * time.Minute), Moved: t0.Add(45 * time.Minute)}
	if ev.Took() != 14 || ev.NudgeAfter() != 5 || ev.After() != 31 {
		t.Errorf("took %d, nudge after %d, moved after %d; want 14, 5, 31", ev.Took(), ev.NudgeAfter(), ev.After())
	}
}

// TestCausesFromTimeline: only negatives still on their default cause take
// the timeline's; a cause a manager set and a positive stay as they are.
func TestCausesFromTimeline(t *testing.T) {
	b := coffeeBlueprint()
	t0 := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	ep := &Episode{Lang: "en", StartedAt: t0, Done: []StepDone{
		{StepID: 1, At: t0}, {StepID: 3, At: t0.Add(14 * time.Minute)},
	}}
	f := &Feedback{Overall: 2, Aspects: []AspectRating{
		{AspectID: 10, Rating: Negative},
		{AspectID: 13, Rating: Negative, Cause: PartyPartner},
		{AspectID: 11, Rating: Negative},
		{AspectID: 12, Rating: Positive},
	}}
	if err := f.Validate(b, nil); err != nil {
		t.Fatal(err)
	}
	if !f.NeedsTimeline(b) {
		t.Fatal("NeedsTimeline = false for a negative tied to a step")
	}
	f.CausesFromTimeline(b, Timeline{Episode: ep, At: t0.Add(time.Hour)})
	want := []struct {
		cause  Party
		source CauseSource
		ev     bool
	}{{PartyProvider, CauseTimeline, true}, {PartyPartner, CauseManager, false}, {PartyProvider, CauseDefault, false}, {"", "", false}}
	for i, w := range want {
		r := f.Aspects[i]
		if r.Cause != w.cause || r.Source != w.source || (r.Evidence != nil) != w.ev {
			t.Errorf("aspect %d: %s %s %v, want %s %s evidence %v", r.AspectID, r.Cause, r.Source, r.Evidence, w.cause, w.source, w.ev)
		}
	}
	if ev := f.Aspects[0].Evidence; ev.Kind != EvidenceLate || ev.Took() != 14 || ev.Expected != 4 {
		t.Errorf("evidence %+v, want late, 14 of 4 minutes", ev)
	}
	// Validate refuses an unknown source.
	g := &Feedback{Overall: 2, Aspects: []AspectRating{{AspectID: 10, Rating: Negative, Cause: PartyCustomer, Source: "rumour"}}}
	if err := g.Validate(b, nil); ErrorCode(err) != EINVALID {
		t.Errorf("unknown source: %v, want EINVALID", err)
	}
}
