package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/storetest"
)

// TestRequest: a tap asks once however often it comes, due when the
// customer said; staff move it on; a visit that is over takes no more,
// and another organization's request is not found.
func TestRequest(t *testing.T) {
	ctx := context.Background()
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			db := eng.Open(t)
			c := &clock{at: start}
			uc := app.New(app.StoresOf(db), app.Options{Now: c.Now})
			a, b := storetest.NewWorld(t, db, "cafe-a"), storetest.NewWorld(t, db, "cafe-b")
			a.PublishRequests()
			anna := a.AddUser(&tandem.User{Name: "anna", Role: tandem.RoleStaff})
			ep := a.Episode()
			ep.StartedAt = start
			must(t, db.CreateEpisode(ctx, ep))
			v, err := uc.Visit(ctx, ep.Token)
			must(t, err)
			order := a.Step("order")

			r, err := uc.Request(ctx, v, order.ID, "coffee-later")
			must(t, err)
			if r.Status != tandem.RequestOpen || r.TouchpointID != a.Touchpoint.ID || !r.DueAt.Equal(start.Add(20*time.Minute)) {
				t.Errorf("Request = %+v, want open at the touchpoint, due at %v", r, start.Add(20*time.Minute))
			}
			c.advance(time.Minute)
			again, err := uc.Request(ctx, v, order.ID, "coffee-later")
			must(t, err)
			if again.ID != r.ID || !again.DueAt.Equal(r.DueAt) {
				t.Errorf("second tap = %+v, want the first request %+v", again, r)
			}
			for name, call := range map[string]func() error{
				"unknown option":    func() error { _, err := uc.Request(ctx, v, order.ID, "tea"); return err },
				"frontline step":    func() error { _, err := uc.Request(ctx, v, a.Step("serve").ID, "waiter"); return err },
				"unknown step":      func() error { _, err := uc.Request(ctx, v, order.ID+1000, "waiter"); return err },
				"acknowledged by b": func() error { _, err := uc.AcknowledgeRequest(ctx, b.Org.ID, r.ID, anna.ID); return err },
			} {
				if err := call(); tandem.ErrorCode(err) != tandem.ENOTFOUND {
					t.Errorf("%s: %v, want ENOTFOUND", name, err)
				}
			}

			got, err := uc.AcknowledgeRequest(ctx, a.Org.ID, r.ID, anna.ID)
			must(t, err)
			if got.Status != tandem.RequestAcknowledged || got.HandledBy != anna.ID || !got.AcknowledgedAt.Equal(start.Add(time.Minute)) {
				t.Errorf("acknowledged = %+v", got)
			}
			got, err = uc.CloseRequest(ctx, a.Org.ID, r.ID, anna.ID)
			must(t, err)
			if got.Status != tandem.RequestDone {
				t.Errorf("closed = %+v", got)
			}
			if got, err = uc.CloseRequest(ctx, a.Org.ID, r.ID, anna.ID); err != nil || got.Status != tandem.RequestDone {
				t.Errorf("closed again = %+v, %v", got, err)
			}
			if v, err = uc.Visit(ctx, ep.Token); err != nil || len(v.Requests) != 1 || v.Requests[0].ID != r.ID {
				t.Errorf("the visit's requests = %+v, %v", v.Requests, err)
			}

			// Over: too long after it began, or ended in feedback.
			c.advance(tandem.HelpOpenFor)
			if _, err := uc.Request(ctx, v, order.ID, "waiter"); tandem.ErrorKey(err) != "error.request_closed" {
				t.Errorf("an old visit: %v, want error.request_closed", err)
			}
			ep2 := a.Episode()
			ep2.StartedAt = c.Now()
			must(t, db.CreateEpisode(ctx, ep2))
			fb := a.Feedback(4)
			fb.EpisodeID = ep2.ID
			_, err = db.CreateFeedback(ctx, fb)
			must(t, err)
			v2, err := uc.Visit(ctx, ep2.Token)
			must(t, err)
			if _, err := uc.Request(ctx, v2, order.ID, "waiter"); tandem.ErrorKey(err) != "error.request_closed" {
				t.Errorf("after feedback: %v, want error.request_closed", err)
			}
			if n, _ := db.ListRequests(ctx, tandem.RequestFilter{OrgID: a.Org.ID}); len(n) != 1 {
				t.Errorf("%d requests stored, want 1", len(n))
			}
		})
	}
}
