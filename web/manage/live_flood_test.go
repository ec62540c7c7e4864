package manage_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
)

// floodSize is more help requests than the live view has rows.
const floodSize = 150

// TestLiveFlood: a flood of help requests at one table is one row on the
// staff view, with its count and the time of its oldest, and a genuine
// request at another table stays in view; oldest unanswered first. The
// row's buttons answer the flood's oldest request.
func TestLiveFlood(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		tp := &tandem.Touchpoint{OrgID: a.org.ID, SiteID: a.site.ID, ServiceID: a.service.ID, Name: tandem.Text{"en": "Table 4", "ru": "Стол 4", "fi": "Pöytä 4"}}
		must(t, e.db.CreateTouchpoint(ctx, tp))
		// The flood began ten minutes before the genuine request (a.help, at
		// table 12, made now), and went on after it: the newest hundred would
		// leave it out.
		start := time.Now().Add(-10 * time.Minute)
		var flood []*tandem.HelpRequest
		for i := range floodSize {
			ep := &tandem.Episode{OrgID: a.org.ID, ServiceID: a.service.ID, BlueprintID: a.bp.ID, TouchpointID: tp.ID,
				SiteID: a.site.ID, Lang: "en", StartedAt: start}
			must(t, e.db.CreateEpisode(ctx, ep))
			at := start.Add(time.Duration(i) * time.Minute) // the last ones after a.help
			h := &tandem.HelpRequest{EpisodeID: ep.ID, StepID: a.bp.Steps[0].ID, CreatedAt: at}
			_, err := e.db.RequestHelp(ctx, h)
			must(t, err)
			flood = append(flood, h)
		}
		c := e.client(t).login(a.staff.Email)
		page := c.get("/app/live")
		if page.Status != http.StatusOK {
			t.Fatalf("GET /app/live = %d", page.Status)
		}
		group, genuine := item(page.Body, "help-"+id(flood[0].ID)), item(page.Body, "help-"+id(a.help.ID))
		if genuine == "" || !strings.Contains(genuine, "Where: Table 12") || strings.Contains(genuine, "Waiting here") {
			t.Fatalf("the genuine request is not shown alone:\n%s", genuine)
		}
		for _, want := range []string{"Where: Table 4", "Waiting here: 150", "oldest at " + hhmm(start),
			`action="/app/help/` + id(flood[0].ID) + `/ack"`, "The buttons answer the oldest first."} {
			if !strings.Contains(group, want) {
				t.Errorf("the flood's row lacks %q:\n%s", want, group)
			}
		}
		if strings.Index(page.Body, `id="help-`+id(flood[0].ID)+`"`) > strings.Index(page.Body, `id="help-`+id(a.help.ID)+`"`) {
			t.Errorf("the flood, older, is not first")
		}
		if n := strings.Count(page.Body, `<li class="live-item help-`); n != 2 {
			t.Errorf("%d help rows, want 2", n)
		}
		if !strings.Contains(page.Body, `id="help-count">151<`) {
			t.Errorf("the count of help requests is not 151")
		}

		// Acknowledging from the row answers the flood's oldest; the row
		// then leads with the next.
		if r := c.post("/app/help/"+id(flood[0].ID)+"/ack", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("POST ack = %d", r.Status)
		}
		page = c.get("/app/live")
		group = item(page.Body, "help-"+id(flood[1].ID))
		for _, want := range []string{"Waiting here: 149", "acknowledged: 1", "oldest at " + hhmm(start.Add(time.Minute))} {
			if !strings.Contains(group, want) {
				t.Errorf("after acknowledging, the row lacks %q:\n%s", want, group)
			}
		}
		if item(page.Body, "help-"+id(a.help.ID)) == "" {
			t.Errorf("the genuine request is gone")
		}
	})
}

// hhmm is how an English page writes t's time of day in the
// organization's zone (Europe/Helsinki).
func hhmm(t time.Time) string {
	loc, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		panic(err)
	}
	return t.In(loc).Format("15:04")
}
