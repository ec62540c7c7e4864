package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/storetest"
)

// wantErr checks a domain error's code and field.
func wantErr(t *testing.T, err error, code, field string) {
	t.Helper()
	if tandem.ErrorCode(err) != code || tandem.ErrorField(err) != field {
		t.Errorf("err = %v, want %s on %q", err, code, field)
	}
}

// TestSetupUseCases: the rules of setting a business up, on a real store of
// each engine, with a cache that would keep the old answers for an hour:
// a change made through the App is seen by its customer paths at once.
func TestSetupUseCases(t *testing.T) {
	ctx := context.Background()
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			db := eng.Open(t)
			a := storetest.NewWorld(t, db, "org-a")
			b := storetest.NewWorld(t, db, "org-b")
			now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			uc := app.New(app.StoresOf(db), app.Options{Now: func() time.Time { return now }, CacheTTL: time.Hour})
			org := a.Org.ID

			// Sites.
			_, err := uc.CreateSite(ctx, org, app.SiteInput{Name: app.TextOf(tandem.Text{"en": " "})})
			wantErr(t, err, tandem.EINVALID, "name")
			_, err = uc.CreateSite(ctx, org, app.SiteInput{Name: app.TextOf(tandem.Text{"en": "Terrace"}), TimeZone: app.StringOf("Nowhere/City")})
			wantErr(t, err, tandem.EINVALID, "time_zone")
			site, err := uc.CreateSite(ctx, org, app.SiteInput{Name: app.TextOf(tandem.Text{"en": "Terrace"}), Address: app.StringOf(" Pier 3 ")})
			must(t, err)
			if site.Address != "Pier 3" || site.TimeZone != "" {
				t.Errorf("new site = %+v", site)
			}
			site, err = uc.UpdateSite(ctx, org, site.ID, app.SiteInput{TimeZone: app.StringOf("Europe/Helsinki")})
			must(t, err)
			if site.Name.Get("en") != "Terrace" || site.Address != "Pier 3" || site.TimeZone != "Europe/Helsinki" {
				t.Errorf("a PATCH of the zone changed more: %+v", site)
			}
			_, err = uc.UpdateSite(ctx, b.Org.ID, site.ID, app.SiteInput{Name: app.TextOf(tandem.Text{"en": "Taken"})})
			wantErr(t, err, tandem.ENOTFOUND, "")

			// Staff: the site and user must be the organization's; a user
			// links to one staff member only.
			u := &tandem.User{OrgID: org, Email: "olli@a.test", Name: "Olli", Role: tandem.RoleStaff, PasswordHash: "x"}
			must(t, db.CreateUser(ctx, u))
			bu := &tandem.User{OrgID: b.Org.ID, Email: "eve@b.test", Name: "Eve", Role: tandem.RoleStaff, PasswordHash: "x"}
			must(t, db.CreateUser(ctx, bu))
			_, err = uc.CreateStaff(ctx, org, app.StaffInput{SiteID: app.IDOf(b.Site.ID), Name: app.StringOf("Olli")})
			wantErr(t, err, tandem.EINVALID, "site_id")
			_, err = uc.CreateStaff(ctx, org, app.StaffInput{SiteID: app.IDOf(site.ID), Name: app.StringOf("Olli"), UserID: app.IDOf(bu.ID)})
			wantErr(t, err, tandem.EINVALID, "user_id")
			olli, err := uc.CreateStaff(ctx, org, app.StaffInput{SiteID: app.IDOf(site.ID), Name: app.StringOf("Olli"), UserID: app.IDOf(u.ID)})
			must(t, err)
			_, err = uc.UpdateStaff(ctx, org, a.Member("Anna").ID, app.StaffInput{UserID: app.IDOf(u.ID)})
			wantErr(t, err, tandem.EINVALID, "user_id")
			_, err = uc.UpdateStaff(ctx, b.Org.ID, olli.ID, app.StaffInput{Name: app.StringOf("Taken")})
			wantErr(t, err, tandem.ENOTFOUND, "")

			// The customer path sees a new waiter at once, despite the cache.
			pl, err := uc.Place(ctx, a.Touchpoint.Code)
			must(t, err)
			before := len(pl.Staff)
			_, err = uc.UpdateStaff(ctx, org, olli.ID, app.StaffInput{SiteID: app.IDOf(a.Site.ID)})
			must(t, err)
			if pl, err = uc.Place(ctx, a.Touchpoint.Code); err != nil || len(pl.Staff) != before+1 {
				t.Errorf("after Olli moved to the hall, its place lists %d staff (%v), want %d", len(pl.Staff), err, before+1)
			}

			// Touchpoints.
			_, err = uc.CreateTouchpoint(ctx, org, app.TouchpointInput{ServiceID: app.IDOf(b.Service.ID), SiteID: app.IDOf(site.ID), Name: app.TextOf(tandem.Text{"en": "T"})})
			wantErr(t, err, tandem.EINVALID, "service_id")
			_, err = uc.CreateTouchpoint(ctx, org, app.TouchpointInput{ServiceID: app.IDOf(a.Service.ID), SiteID: app.IDOf(site.ID),
				StaffID: app.IDOf(a.Member("Ben").ID), Name: app.TextOf(tandem.Text{"en": "T"})})
			wantErr(t, err, tandem.EINVALID, "staff_id")
			tp, err := uc.CreateTouchpoint(ctx, org, app.TouchpointInput{ServiceID: app.IDOf(a.Service.ID), SiteID: app.IDOf(site.ID),
				Name: app.TextOf(tandem.Text{"en": "Table 1"})})
			must(t, err)
			if _, err := uc.Place(ctx, tp.Code); err != nil {
				t.Fatalf("Place of a new touchpoint: %v", err)
			}
			moved, err := uc.UpdateTouchpoint(ctx, org, tp.ID, app.TouchpointInput{SiteID: app.IDOf(a.Site.ID), StaffID: app.IDOf(olli.ID), Name: app.TextOf(tandem.Text{"en": "Table 2"})})
			must(t, err)
			if moved.Code != tp.Code {
				t.Errorf("moving changed the code")
			}
			if pl, err := uc.Place(ctx, tp.Code); err != nil || pl.Site.ID != a.Site.ID || pl.Touchpoint.Name.Get("en") != "Table 2" {
				t.Errorf("the place after the move = %+v, %v", pl, err)
			}
			_, err = uc.RetireTouchpoint(ctx, b.Org.ID, tp.ID)
			wantErr(t, err, tandem.ENOTFOUND, "")

			// Retired: the code is gone for visits, feedback and bookings.
			retired, err := uc.RetireTouchpoint(ctx, org, tp.ID)
			must(t, err)
			if !retired.RetiredAt.Equal(now) {
				t.Errorf("RetiredAt = %v, want the App's now %v", retired.RetiredAt, now)
			}
			_, err = uc.Place(ctx, tp.Code)
			wantErr(t, err, tandem.EGONE, "")
			_, err = uc.Start(ctx, tp.Code, "en", false)
			wantErr(t, err, tandem.EGONE, "")
			_, err = uc.SubmitFeedback(ctx, &app.FeedbackInput{Channel: tandem.ChannelAPI, Touchpoint: tp.Code, Overall: 5, Lang: "en"})
			wantErr(t, err, tandem.EGONE, "")
			_, err = uc.Book(ctx, app.Booking{OrgID: org, ServiceID: a.Service.ID, TouchpointID: tp.ID, At: now.Add(time.Hour)})
			wantErr(t, err, tandem.EINVALID, "touchpoint_id")
			_, err = uc.UpdateTouchpoint(ctx, org, tp.ID, app.TouchpointInput{Name: app.TextOf(tandem.Text{"en": "Back"})})
			wantErr(t, err, tandem.ECONFLICT, "")
			// The other touchpoint goes on.
			if _, err := uc.Place(ctx, a.Touchpoint.Code); err != nil {
				t.Errorf("an untouched touchpoint: %v", err)
			}
		})
	}
}
