package app_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/storetest"
)

// coffeeBlueprint is the world's service with a coffee to drink within
// five minutes of it being served.
func coffeeBlueprint() *tandem.Blueprint {
	text := func(s string) tandem.Text { return tandem.Text{"en": s} }
	return &tandem.Blueprint{
		Steps: []tandem.Step{
			{Key: "order", Lane: tandem.LaneCustomer, Title: text("Order")},
			{Key: "serve", Lane: tandem.LaneFrontline, Title: text("Serve")},
			{Key: "drink", Lane: tandem.LaneCustomer, Title: text("Drink"), WindowMinutes: 5, Nudge: text("Drink it while it is hot")},
			{Key: "pay", Lane: tandem.LaneCustomer, Title: text("Pay")},
		},
		Aspects:   []tandem.Aspect{{Key: "temp", StepKey: "serve", Name: text("Temperature"), ControlledBy: tandem.PartyProvider}},
		Readiness: []tandem.Dimension{tandem.Motivation, tandem.KnowHow},
	}
}

// TestEpisodeEvents: the timeline is in time order, with the nudge due five
// minutes after the coffee was served, and the coffee drunk after it.
func TestEpisodeEvents(t *testing.T) {
	b := coffeeBlueprint()
	for i := range b.Steps {
		b.Steps[i].ID = int64(i + 1)
	}
	at := func(min int) time.Time { return start.Add(time.Duration(min) * time.Minute) }
	ep := &tandem.Episode{StartedAt: at(0), ScheduledAt: at(10), Lang: "en", Done: []tandem.StepDone{
		{StepID: 1, At: at(12), By: tandem.ByCustomer},
		{StepID: 2, At: at(20), By: tandem.ByStaff},
		{StepID: 3, At: at(27), By: tandem.ByCustomer},
	}}
	help := []*tandem.HelpRequest{ // newest first, as the store lists them
		{StepID: 4, CreatedAt: at(30), HandledBy: 0},
		{StepID: 3, CreatedAt: at(21), AcknowledgedAt: at(22), DoneAt: at(24), HandledBy: 9},
	}
	got := app.EpisodeEvents(ep, b, help, map[int64]string{9: "Anna"})
	type row struct {
		Min     int
		Kind    app.EventKind
		Step    string
		By      tandem.Source
		Outcome app.NudgeOutcome
		Handler string
	}
	var rows []row
	for _, e := range got {
		r := row{Min: int(e.At.Sub(start) / time.Minute), Kind: e.Kind, By: e.By, Outcome: e.Outcome, Handler: e.Handler}
		if e.Step != nil {
			r.Step = e.Step.Key
		}
		rows = append(rows, r)
	}
	want := []row{
		{0, app.EventStarted, "", "", "", ""},
		{10, app.EventAppointment, "", "", "", ""},
		{12, app.EventStepDone, "order", tandem.ByCustomer, "", ""},
		{20, app.EventStepDone, "serve", tandem.ByStaff, "", ""},
		{21, app.EventHelpAsked, "drink", "", "", ""},
		{22, app.EventHelpAcknowledged, "drink", "", "", "Anna"},
		{24, app.EventHelpDone, "drink", "", "", "Anna"},
		{25, app.EventNudgeDue, "drink", "", app.DoneAfterNudge, ""},
		{27, app.EventStepDone, "drink", tandem.ByCustomer, "", ""},
		{30, app.EventHelpAsked, "pay", "", "", ""},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("timeline:\n%+v\nwant\n%+v", rows, want)
	}

	// Drunk in time, or never.
	ep.Done[2].At = at(23)
	if e := nudge(app.EpisodeEvents(ep, b, nil, nil)); e == nil || e.Outcome != app.DoneBeforeNudge {
		t.Errorf("coffee drunk in time: nudge %+v, want done before", e)
	}
	ep.Done = ep.Done[:2]
	if e := nudge(app.EpisodeEvents(ep, b, nil, nil)); e == nil || e.Outcome != app.NotDone {
		t.Errorf("coffee never drunk: nudge %+v, want never done", e)
	}
}

func nudge(ev []app.Event) *app.Event {
	for i := range ev {
		if ev[i].Kind == app.EventNudgeDue {
			return &ev[i]
		}
	}
	return nil
}

// TestPerformance: the whole performance behind a feedback, from the
// store, on both engines; another organization's is not found, and
// feedback without an episode has only itself on its timeline.
func TestPerformance(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			db := eng.Open(t)
			clk := &clock{at: start}
			a := app.New(app.StoresOf(db), app.Options{Now: clk.Now})
			w := storetest.NewWorld(t, db, "perf-a", func(w *storetest.World) { w.Blueprint = coffeeBlueprint() })
			other := storetest.NewWorld(t, db, "perf-b")
			anna := w.AddUser(&tandem.User{Name: "Anna", Role: tandem.RoleStaff})

			ep, err := a.Start(ctx, w.Touchpoint.Code, "en", true)
			must(t, err)
			v, err := a.Visit(ctx, ep.Token)
			must(t, err)
			clk.advance(2 * time.Minute)
			_, _, err = a.MarkStep(ctx, ep, app.StepRef{Key: "order"}, tandem.ByCustomer)
			must(t, err)
			clk.advance(time.Minute)
			h, err := a.RequestHelp(ctx, v, w.Step("drink").ID)
			must(t, err)
			clk.advance(time.Minute)
			_, err = a.AcknowledgeHelp(ctx, w.Org.ID, h.ID, anna.ID)
			must(t, err)
			clk.advance(time.Minute)
			_, _, err = a.MarkStep(ctx, ep, app.StepRef{Key: "serve"}, tandem.ByStaff)
			must(t, err)
			clk.advance(10 * time.Minute)
			sub, err := a.SubmitFeedback(ctx, &app.FeedbackInput{Channel: tandem.ChannelWeb, Episode: ep.Token, Overall: 4,
				Readiness: map[tandem.Dimension]int{tandem.KnowHow: 2}, HardestStep: "drink", Lang: "en"})
			must(t, err)

			p, err := a.Performance(ctx, w.Org.ID, sub.Feedback.ID)
			must(t, err)
			if p.Channel != tandem.ChannelWeb || p.Episode == nil || p.Episode.ID != ep.ID || p.Hardest == nil || p.Hardest.Key != "drink" ||
				!p.Feedback.FirstTime || p.Feedback.Readiness[tandem.KnowHow] != 2 {
				t.Fatalf("performance %+v, want the page's feedback on the episode, drinking hardest", p)
			}
			var kinds []app.EventKind
			for _, e := range p.Events {
				kinds = append(kinds, e.Kind)
			}
			wantKinds := []app.EventKind{app.EventStarted, app.EventStepDone, app.EventHelpAsked, app.EventHelpAcknowledged,
				app.EventStepDone, app.EventNudgeDue, app.EventFeedback}
			if !reflect.DeepEqual(kinds, wantKinds) {
				t.Errorf("events %v, want %v", kinds, wantKinds)
			}
			if e := p.Events[3]; e.Handler != "Anna" {
				t.Errorf("acknowledged by %q, want Anna", e.Handler)
			}
			if e := nudge(p.Events); e == nil || e.Outcome != app.NotDone || !e.At.Equal(start.Add(10*time.Minute)) {
				t.Errorf("nudge %+v, want due at 10 minutes, never done", e)
			}

			// Feedback without an episode: only itself; from the API without a key: unknown.
			sub, err = a.SubmitFeedback(ctx, &app.FeedbackInput{Channel: tandem.ChannelAPI, Touchpoint: w.Touchpoint.Code, Overall: 2})
			must(t, err)
			p, err = a.Performance(ctx, w.Org.ID, sub.Feedback.ID)
			must(t, err)
			if p.Episode != nil || p.Channel != tandem.ChannelUnknown || len(p.Events) != 1 || p.Events[0].Kind != app.EventFeedback {
				t.Errorf("feedback without episode: %+v", p)
			}
			if _, err := a.Performance(ctx, other.Org.ID, sub.Feedback.ID); tandem.ErrorCode(err) != tandem.ENOTFOUND {
				t.Errorf("another organization's performance: %v, want not found", err)
			}
		})
	}
}
