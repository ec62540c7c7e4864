package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/storetest"
)

// TestReport: a report of a quick problem opens a work item for the crew,
// a second report joins it, the crew acknowledges and finishes it, and the
// reporter's status says fixed; the organization's own list of problems is
// the one offered; bad input and another organization change nothing.
func TestReport(t *testing.T) {
	ctx := context.Background()
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			db := eng.Open(t)
			c := &clock{at: start}
			uc := app.New(app.StoresOf(db), app.Options{Now: c.Now})
			restroom := func(w *storetest.World) {
				w.Touchpoint = &tandem.Touchpoint{Name: tandem.Text{"en": "2F restroom"}, Type: tandem.TypeRestroom}
			}
			a, b := storetest.NewWorld(t, db, "clean-a", restroom), storetest.NewWorld(t, db, "clean-b", restroom)
			aino := a.AddUser(&tandem.User{Name: "aino", Role: tandem.RoleCrew})
			code := a.Touchpoint.Code

			r, w, err := uc.Report(ctx, app.ReportInput{Code: code, ProblemKey: "no-soap", Comment: "left sink", Lang: "fi",
				Email: "ella@example.com", Consent: true})
			must(t, err)
			if w.State != tandem.WorkOpen || !w.DueAt.Equal(start.Add(30*time.Minute)) || !r.ConsentAt.Equal(start) || r.WorkItemID != w.ID {
				t.Errorf("report %+v, item %+v", r, w)
			}
			c.advance(time.Minute)
			_, w2, err := uc.Report(ctx, app.ReportInput{Code: code, ProblemKey: "no-soap"})
			must(t, err)
			if w2.ID != w.ID || w2.Reporters != 2 {
				t.Errorf("second report: %+v", w2)
			}

			for name, in := range map[string]app.ReportInput{
				"unknown problem":       {Code: code, ProblemKey: "dishwasher"},
				"nothing said":          {Code: code},
				"email without consent": {Code: code, ProblemKey: "no-soap", Email: "ella@example.com"},
			} {
				if _, _, err := uc.Report(ctx, in); tandem.ErrorCode(err) != tandem.EINVALID {
					t.Errorf("%s: %v, want EINVALID", name, err)
				}
			}
			if _, _, err := uc.Report(ctx, app.ReportInput{Code: "nope", ProblemKey: "no-soap"}); tandem.ErrorCode(err) != tandem.ENOTFOUND {
				t.Errorf("unknown code: %v", err)
			}
			// A comment alone is "something else"; praise opens nothing.
			_, other, err := uc.Report(ctx, app.ReportInput{Code: code, Comment: "the lamp flickers"})
			must(t, err)
			if other.ProblemKey != tandem.ProblemOther || other.SLAMinutes != 120 {
				t.Errorf("other = %+v", other)
			}
			praise, none, err := uc.Report(ctx, app.ReportInput{Code: code, Praise: true, Comment: "spotless"})
			must(t, err)
			if none != nil {
				t.Errorf("praise opened %+v", none)
			}
			if st, err := uc.ReportStatus(ctx, praise.Token); err != nil || st.State != tandem.WorkDone || st.Item != nil {
				t.Errorf("praise status = %+v, %v", st, err)
			}

			// Another organization cannot move it.
			if _, err := uc.AcknowledgeWork(ctx, b.Org.ID, w.ID, aino.ID); tandem.ErrorCode(err) != tandem.ENOTFOUND {
				t.Errorf("acknowledged by b: %v", err)
			}
			st, err := uc.ReportStatus(ctx, r.Token)
			must(t, err)
			if st.State != tandem.WorkOpen || st.Touchpoint.ID != a.Touchpoint.ID {
				t.Errorf("status = %+v", st)
			}
			c.advance(time.Minute)
			got, err := uc.AcknowledgeWork(ctx, a.Org.ID, w.ID, aino.ID)
			must(t, err)
			if got.State != tandem.WorkAcknowledged || got.HandledBy != aino.ID {
				t.Errorf("acknowledged = %+v", got)
			}
			if st, _ := uc.ReportStatus(ctx, r.Token); st.State != tandem.WorkAcknowledged {
				t.Errorf("status after acknowledge = %q", st.State)
			}
			c.advance(10 * time.Minute)
			got, err = uc.FinishWork(ctx, a.Org.ID, w.ID, aino.ID, "refilled", nil)
			must(t, err)
			if got.State != tandem.WorkDone || got.Note != "refilled" || !got.DoneAt.Equal(c.Now()) {
				t.Errorf("done = %+v", got)
			}
			st, err = uc.ReportStatus(ctx, r.Token)
			must(t, err)
			if st.State != tandem.WorkDone || !st.Report.FixedAt.Equal(c.Now()) {
				t.Errorf("status after done = %+v", st)
			}
			// Doing it again changes nothing.
			if again, err := uc.FinishWork(ctx, a.Org.ID, w.ID, aino.ID, "again", nil); err != nil || again.Note != "refilled" {
				t.Errorf("done twice = %+v, %v", again, err)
			}

			// The organization's own list replaces the defaults, for it only.
			own := []tandem.Problem{{Key: "no-soap", Name: tandem.Text{"en": "Soap out"}, SLAMinutes: 15}}
			must(t, uc.SetProblems(ctx, a.Org.ID, tandem.TypeRestroom, own))
			list, err := uc.Problems(ctx, a.Org.ID, tandem.TypeRestroom)
			must(t, err)
			if len(list) != 2 || list[0].SLAMinutes != 15 || list[1].Key != tandem.ProblemOther {
				t.Errorf("own list = %+v", list)
			}
			if _, _, err := uc.Report(ctx, app.ReportInput{Code: code, ProblemKey: "no-paper"}); tandem.ErrorCode(err) != tandem.EINVALID {
				t.Errorf("a problem the list dropped: %v", err)
			}
			if l, _ := uc.Problems(ctx, b.Org.ID, tandem.TypeRestroom); len(l) != 6 {
				t.Errorf("org b's list = %+v", l)
			}

			// The crew's sites: the ones they are staff at.
			sites, err := uc.WorkSites(ctx, aino)
			must(t, err)
			if sites != nil {
				t.Errorf("unlinked crew sites = %v, want nil (all)", sites)
			}
			a.Staff[0].UserID = aino.ID
			must(t, db.UpdateStaff(ctx, a.Staff[0]))
			if sites, _ := uc.WorkSites(ctx, aino); len(sites) != 1 || sites[0] != a.Site.ID {
				t.Errorf("linked crew sites = %v", sites)
			}
		})
	}
}
