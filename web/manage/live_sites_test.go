package manage_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
)

// TestLiveOwnSites: staff and crews linked to a site see that site's live
// and work views only: ?site=all and another site's id are refused with a
// message, and the site menu offers neither. Managers choose any site.
func TestLiveOwnSites(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		terrace := &tandem.Site{OrgID: a.org.ID, Name: tandem.Text{"en": "Terrace"}}
		must(t, e.db.CreateSite(ctx, terrace))
		tp := &tandem.Touchpoint{OrgID: a.org.ID, SiteID: terrace.ID, ServiceID: a.service.ID, Name: tandem.Text{"en": "Table 1"}}
		must(t, e.db.CreateTouchpoint(ctx, tp))
		ep := *a.episode
		ep.ID, ep.SiteID, ep.TouchpointID, ep.Token = 0, terrace.ID, tp.ID, ""
		must(t, e.db.CreateEpisode(ctx, &ep))
		far := &tandem.HelpRequest{OrgID: a.org.ID, SiteID: terrace.ID, ServiceID: a.service.ID, EpisodeID: ep.ID,
			StepID: a.bp.Steps[0].ID, StepKey: a.bp.Steps[0].Key, CreatedAt: time.Now()}
		if _, err := e.db.RequestHelp(ctx, far); err != nil {
			t.Fatal(err)
		}
		crew := newUser(t, e, a, "Kalle", tandem.RoleCrew)
		must(t, e.db.CreateStaff(ctx, &tandem.StaffMember{OrgID: a.org.ID, SiteID: a.site.ID, Name: "Kalle", UserID: crew.ID}))
		hall, other := "site="+id(a.site.ID), "site="+id(terrace.ID)

		staff := e.client(t).login(a.staff.Email)
		for _, p := range []string{"/app/live?site=all", "/app/live?" + other, "/app/live/events?site=all", "/app/live/events?" + other} {
			r := staff.get(p)
			if r.Status != http.StatusForbidden || (!strings.HasPrefix(p, "/app/live/events") && !strings.Contains(r.Body, "You can only see the sites you work at.")) {
				t.Errorf("staff GET %s = %d, want 403 saying why", p, r.Status)
			}
			if strings.Contains(r.Body, `id="help-`+id(far.ID)+`"`) {
				t.Errorf("staff GET %s lists the other site's help request", p)
			}
		}
		for _, p := range []string{"/app/live", "/app/live?" + hall} {
			r := staff.get(p)
			if r.Status != http.StatusOK || !strings.Contains(r.Body, `id="help-`+id(a.help.ID)+`"`) || strings.Contains(r.Body, `id="help-`+id(far.ID)+`"`) {
				t.Errorf("staff GET %s = %d, want their site's help request only", p, r.Status)
			}
			if strings.Contains(r.Body, `value="all"`) || strings.Contains(r.Body, `value="`+id(terrace.ID)+`"`) {
				t.Errorf("staff GET %s offers all sites or the other site", p)
			}
		}

		c := e.client(t).login(crew.Email)
		for _, p := range []string{"/app/work?site=all", "/app/work?" + other, "/app/work/events?" + other} {
			if r := c.get(p); r.Status != http.StatusForbidden {
				t.Errorf("crew GET %s = %d, want 403", p, r.Status)
			}
		}
		for _, p := range []string{"/app/work", "/app/work?" + hall} {
			r := c.get(p)
			if r.Status != http.StatusOK || strings.Contains(r.Body, `value="all"`) {
				t.Errorf("crew GET %s = %d, offers all sites %v; want 200 without", p, r.Status, strings.Contains(r.Body, `value="all"`))
			}
		}

		mgr := e.client(t).login(a.manager.Email)
		r := mgr.get("/app/live?site=all")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `id="help-`+id(far.ID)+`"`) || !strings.Contains(r.Body, `id="help-`+id(a.help.ID)+`"`) {
			t.Errorf("manager GET /app/live?site=all = %d, want both sites' help requests", r.Status)
		}
		if r := mgr.get("/app/live?" + other); r.Status != http.StatusOK || !strings.Contains(r.Body, `id="help-`+id(far.ID)+`"`) {
			t.Errorf("manager GET /app/live?%s = %d, want the terrace's help request", other, r.Status)
		}
	})
}
