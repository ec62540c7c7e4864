package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/storetest"
)

// cafeBlueprint is the café's coffee: ordered (or asked for in 20
// minutes), made in 3 minutes, brought in 1, best drunk within 5, then the
// bill.
func cafeBlueprint() *tandem.Blueprint {
	text := func(s string) tandem.Text { return tandem.Text{"en": s} }
	return &tandem.Blueprint{
		Steps: []tandem.Step{
			{Key: "order-coffee", Lane: tandem.LaneCustomer, Title: text("Order coffee"),
				Requests: []tandem.RequestOption{{Key: "coffee-later", Label: text("Coffee in 20 minutes"), DelayMinutes: 20}}},
			{Key: "make-coffee", Lane: tandem.LaneBackstage, Title: text("Make the coffee"), ExpectedMinutes: 3},
			{Key: "coffee-and-bill", Lane: tandem.LaneFrontline, Title: text("Bring the coffee"), ExpectedMinutes: 1},
			{Key: "drink-coffee", Lane: tandem.LaneCustomer, Title: text("Drink the coffee"), WindowMinutes: 5, Nudge: text("Drink it hot")},
			{Key: "pay", Lane: tandem.LaneCustomer, Title: text("Pay"),
				Requests: []tandem.RequestOption{{Key: "bill", Label: text("The bill, please")}}},
		},
		Aspects: []tandem.Aspect{
			{Key: "coffee-temperature", StepKey: "drink-coffee", Name: text("Coffee temperature"), ControlledBy: tandem.PartyCustomer},
			{Key: "friendly", Name: text("Friendly waiter"), ControlledBy: tandem.PartyProvider},
		},
	}
}

// TestSubmitFeedbackCauseFromTimeline: a real visit on both engines. The
// coffee served fourteen minutes after the order makes its cold negative
// the café's, with the evidence stored; served on time and left until the
// bill was asked for half an hour later, the guest's; feedback without a
// visit, and an aspect tied to no step, keep their default.
func TestSubmitFeedbackCauseFromTimeline(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			db := eng.Open(t)
			clk := &clock{at: start}
			a := app.New(app.StoresOf(db), app.Options{Now: clk.Now})
			w := storetest.NewWorld(t, db, "cafe", func(w *storetest.World) { w.Blueprint = cafeBlueprint() })
			cold := []app.AspectInput{{Key: "coffee-temperature", Rating: tandem.Negative}, {Key: "friendly", Rating: tandem.Negative}}
			stored := func(sub *app.Submitted) []tandem.AspectRating {
				t.Helper()
				f, err := db.FindFeedback(ctx, w.Org.ID, sub.Feedback.ID)
				must(t, err)
				return f.Aspects
			}

			// Served late.
			ep, err := a.Start(ctx, w.Touchpoint.Code, "en", false)
			must(t, err)
			ordered := clk.Now()
			_, _, err = a.MarkStep(ctx, ep, app.StepRef{Key: "order-coffee"}, tandem.ByCustomer)
			must(t, err)
			clk.advance(14 * time.Minute)
			_, _, err = a.MarkStep(ctx, ep, app.StepRef{Key: "coffee-and-bill"}, tandem.ByStaff)
			must(t, err)
			clk.advance(2 * time.Minute)
			_, _, err = a.MarkStep(ctx, ep, app.StepRef{Key: "drink-coffee"}, tandem.ByCustomer)
			must(t, err)
			clk.advance(10 * time.Minute)
			sub, err := a.SubmitFeedback(ctx, &app.FeedbackInput{Channel: tandem.ChannelWeb, Episode: ep.Token, Overall: 2, Aspects: cold, Lang: "en"})
			must(t, err)
			got := stored(sub)
			if r := got[0]; r.Cause != tandem.PartyProvider || r.Source != tandem.CauseTimeline || r.Evidence == nil ||
				r.Evidence.Kind != tandem.EvidenceLate || r.Evidence.Took() != 14 || r.Evidence.Expected != 4 || !r.Evidence.From.Equal(ordered) {
				t.Errorf("late coffee: %+v %+v, want the provider's from the timeline, 14 of 4 minutes", r, r.Evidence)
			}
			if r := got[1]; r.Cause != tandem.PartyProvider || r.Source != tandem.CauseDefault || r.Evidence != nil {
				t.Errorf("aspect tied to no step: %+v, want its default", r)
			}

			// Served on time, left until the bill was asked for.
			ep, err = a.Start(ctx, w.Touchpoint.Code, "en", false)
			must(t, err)
			_, _, err = a.MarkStep(ctx, ep, app.StepRef{Key: "order-coffee"}, tandem.ByCustomer)
			must(t, err)
			clk.advance(4 * time.Minute)
			_, _, err = a.MarkStep(ctx, ep, app.StepRef{Key: "coffee-and-bill"}, tandem.ByStaff)
			must(t, err)
			clk.advance(31 * time.Minute)
			v, err := a.Visit(ctx, ep.Token)
			must(t, err)
			_, err = a.Request(ctx, v, w.Step("pay").ID, "bill")
			must(t, err)
			clk.advance(3 * time.Minute)
			sub, err = a.SubmitFeedback(ctx, &app.FeedbackInput{Channel: tandem.ChannelWeb, Episode: ep.Token, Overall: 3, Aspects: cold[:1], Lang: "en"})
			must(t, err)
			if r := stored(sub)[0]; r.Cause != tandem.PartyCustomer || r.Source != tandem.CauseTimeline || r.Evidence == nil ||
				r.Evidence.Kind != tandem.EvidenceLingered || r.Evidence.After() != 31 || r.Evidence.NudgeAfter() != 5 {
				t.Errorf("coffee left to go cold: %+v %+v, want the customer's, moved on after 31 min, nudged at 5", r, r.Evidence)
			}

			// Without a visit: the default.
			sub, err = a.SubmitFeedback(ctx, &app.FeedbackInput{Channel: tandem.ChannelAPI, Touchpoint: w.Touchpoint.Code, Overall: 2, Aspects: cold[:1]})
			must(t, err)
			if r := stored(sub)[0]; r.Cause != tandem.PartyCustomer || r.Source != tandem.CauseDefault || r.Evidence != nil {
				t.Errorf("feedback without a visit: %+v, want the default", r)
			}
		})
	}
}
