package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/storetest"
)

// TestAppointmentLifecycle: booked with a name and a contact kept with
// consent, moved within the bookable range, cancelled (by the business or
// the customer's link), after which the visit takes no steps, help or
// feedback; refusals change nothing. On both engines.
func TestAppointmentLifecycle(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			db := eng.Open(t)
			clk := &clock{at: start}
			a := app.New(app.StoresOf(db), app.Options{Now: clk.Now})
			w := storetest.NewWorld(t, db, "appt-a")
			other := storetest.NewWorld(t, db, "appt-b")
			at := start.Add(48 * time.Hour)
			book := app.Booking{OrgID: w.Org.ID, ServiceID: w.Service.ID, TouchpointID: w.Touchpoint.ID, At: at, Lang: "ru",
				Customer: tandem.Customer{Name: "Anna Petrova", Contact: "anna@example.com", Consent: true}}

			for name, tc := range map[string]struct {
				edit  func(*app.Booking)
				field string
			}{
				"a contact without consent": {func(b *app.Booking) { b.Customer.Consent = false }, "consent"},
				"not a contact":             {func(b *app.Booking) { b.Customer.Contact = "tomorrow" }, "contact"},
			} {
				b := book
				tc.edit(&b)
				if _, err := a.Book(ctx, b); tandem.ErrorField(err) != tc.field {
					t.Errorf("%s: %v, want refused at %s", name, err, tc.field)
				}
			}
			ep, err := a.Book(ctx, book)
			must(t, err)
			got, err := db.FindEpisode(ctx, w.Org.ID, ep.ID)
			must(t, err)
			if got.Customer != book.Customer || got.Lang != "ru" {
				t.Errorf("stored %+v, want Anna's contact in Russian", got)
			}

			// Moved: within range only, and only by its own organization.
			if _, err := a.Reschedule(ctx, w.Org.ID, ep.ID, start.AddDate(2, 0, 0)); tandem.ErrorKey(err) != "error.booking_range" {
				t.Errorf("moved two years ahead: %v, want refused", err)
			}
			if _, err := a.Reschedule(ctx, other.Org.ID, ep.ID, at); tandem.ErrorCode(err) != tandem.ENOTFOUND {
				t.Errorf("moved by another organization: %v, want not found", err)
			}
			later := at.Add(3 * time.Hour)
			moved, err := a.Reschedule(ctx, w.Org.ID, ep.ID, later)
			must(t, err)
			if !moved.ScheduledAt.Equal(later) {
				t.Errorf("moved to %v, want %v", moved.ScheduledAt, later)
			}

			// Cancelled by the business; again changes nothing.
			if _, err := a.Cancel(ctx, other.Org.ID, ep.ID); tandem.ErrorCode(err) != tandem.ENOTFOUND {
				t.Errorf("cancelled by another organization: %v, want not found", err)
			}
			c, err := a.Cancel(ctx, w.Org.ID, ep.ID)
			must(t, err)
			clk.advance(time.Hour)
			again, err := a.Cancel(ctx, w.Org.ID, ep.ID)
			must(t, err)
			if !c.Cancelled() || !again.CancelledAt.Equal(c.CancelledAt) {
				t.Errorf("cancelled at %v, again %v: want the first time kept", c.CancelledAt, again.CancelledAt)
			}
			clk.advance(47 * time.Hour) // the visit's time has come
			v, err := a.Visit(ctx, ep.Token)
			must(t, err)
			if _, err := a.Reschedule(ctx, w.Org.ID, ep.ID, later.Add(time.Hour)); err != tandem.ErrCancelled {
				t.Errorf("moving a cancelled appointment: %v, want refused", err)
			}
			if _, err := a.RequestHelp(ctx, v, w.Step("order").ID); err != tandem.ErrCancelled {
				t.Errorf("help on a cancelled appointment: %v", err)
			}
			if _, _, err := a.MarkStep(ctx, v.Episode, app.StepRef{Key: "order"}, tandem.ByCustomer); err != tandem.ErrCancelled {
				t.Errorf("a step on a cancelled appointment: %v", err)
			}
			for _, ch := range []tandem.Channel{tandem.ChannelWeb, tandem.ChannelAPI} {
				if _, err := a.SubmitFeedback(ctx, &app.FeedbackInput{Channel: ch, Episode: ep.Token, Overall: 3}); err != tandem.ErrCancelled {
					t.Errorf("%s feedback on a cancelled appointment: %v", ch, err)
				}
			}

			// The customer cancels from their link; a walk-in or a visit
			// with feedback cannot be.
			ep2, err := a.Book(ctx, app.Booking{OrgID: w.Org.ID, ServiceID: w.Service.ID, SiteID: w.Site.ID, At: clk.Now().Add(time.Hour)})
			must(t, err)
			c, err = a.CancelByToken(ctx, ep2.Token)
			must(t, err)
			if !c.Cancelled() || c.Customer != (tandem.Customer{}) {
				t.Errorf("cancelled by the customer: %+v", c)
			}
			walkIn, err := a.Start(ctx, w.Touchpoint.Code, "en", false)
			must(t, err)
			if _, err := a.CancelByToken(ctx, walkIn.Token); tandem.ErrorKey(err) != "error.not_appointment" {
				t.Errorf("cancelling a walk-in: %v", err)
			}
			ep3, err := a.Book(ctx, app.Booking{OrgID: w.Org.ID, ServiceID: w.Service.ID, SiteID: w.Site.ID, At: clk.Now()})
			must(t, err)
			_, err = a.SubmitFeedback(ctx, &app.FeedbackInput{Channel: tandem.ChannelWeb, Episode: ep3.Token, Overall: 5})
			must(t, err)
			if _, err := a.CancelByToken(ctx, ep3.Token); tandem.ErrorKey(err) != "error.appointment_over" {
				t.Errorf("cancelling a visit with feedback: %v", err)
			}
			if _, err := a.CancelByToken(ctx, "nope"); tandem.ErrorCode(err) != tandem.ENOTFOUND {
				t.Errorf("cancelling an unknown link: %v", err)
			}
		})
	}
}
