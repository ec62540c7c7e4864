package manage_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
)

func TestSetCause(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t).login(e.a.manager.Email)
		a := e.a
		path := "/app/feedback/" + id(a.feedback.ID) + "/aspects/" + id(a.coffee.ID) + "/cause"
		r := c.post(path, url.Values{"cause": {"provider"}})
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/app/feedback/"+id(a.feedback.ID)) {
			t.Fatalf("POST cause = %d %q, want 303 back", r.Status, r.Location)
		}
		f, err := e.db.FindFeedback(ctx, a.org.ID, a.feedback.ID)
		must(t, err)
		if f.Aspects[0].Cause != tandem.PartyProvider || f.Overall != 4 {
			t.Errorf("after override: cause %s overall %d, want provider and 4", f.Aspects[0].Cause, f.Overall)
		}
		if r := c.get("/app/feedback/" + id(a.feedback.ID)); !strings.Contains(r.Body, `value="provider" checked`) {
			t.Errorf("detail page does not show the new cause")
		}

		// An invalid cause is refused with a localized message and changes nothing.
		r = c.post(path+"?lang=ru", url.Values{"cause": {"weather"}})
		if want := e.cat.Printer("ru").T("error.party"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
			t.Errorf("invalid cause = %d, message shown %v, want 422 with %q", r.Status, strings.Contains(r.Body, want), want)
		}
		f, err = e.db.FindFeedback(ctx, a.org.ID, a.feedback.ID)
		must(t, err)
		if f.Aspects[0].Cause != tandem.PartyProvider {
			t.Errorf("cause after an invalid POST = %s, want provider", f.Aspects[0].Cause)
		}
		// A positive aspect has no cause to set: the store refuses, the page says why.
		pos := "/app/feedback/" + id(a.feedback.ID) + "/aspects/" + id(a.bp.Aspects[1].ID) + "/cause"
		if r, want := c.post(pos+"?lang=fi", url.Values{"cause": {"customer"}}), e.cat.Printer("fi").T("error.cause_negative_only"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
			t.Errorf("cause of a positive aspect = %d, message shown %v, want 422 with %q", r.Status, strings.Contains(r.Body, want), want)
		}
	})
}

// TestFeedbackPerformance: the feedback page shows the whole performance:
// the visit's timeline in the organization's time, who marked each step,
// the help and who handled it, the readiness answers, the hardest step,
// first-timer and channel; feedback without a visit shows what it has.
func TestFeedbackPerformance(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC) // 10:00 in Helsinki
		ep := &tandem.Episode{OrgID: a.org.ID, ServiceID: a.service.ID, BlueprintID: a.bp.ID, TouchpointID: a.tp.ID,
			Lang: "ru", FirstTime: true, StartedAt: t0}
		must(t, e.db.CreateEpisode(ctx, ep))
		must(t, e.db.MarkStepDone(ctx, ep.ID, a.bp.Steps[0].ID, t0.Add(2*time.Minute), tandem.ByCustomer))
		must(t, e.db.MarkStepDone(ctx, ep.ID, a.bp.Steps[1].ID, t0.Add(7*time.Minute), tandem.ByStaff))
		h := &tandem.HelpRequest{OrgID: a.org.ID, SiteID: a.site.ID, ServiceID: a.service.ID, EpisodeID: ep.ID,
			StepID: a.bp.Steps[4].ID, StepKey: a.bp.Steps[4].Key, Status: tandem.HelpOpen, CreatedAt: t0.Add(20 * time.Minute)}
		_, err := e.db.RequestHelp(ctx, h)
		must(t, err)
		h.Acknowledge(a.staff.ID, t0.Add(21*time.Minute))
		must(t, e.db.UpdateHelp(ctx, h, tandem.HelpOpen))
		f := &tandem.Feedback{OrgID: a.org.ID, ServiceID: a.service.ID, BlueprintID: a.bp.ID, TouchpointID: a.tp.ID, SiteID: a.site.ID,
			EpisodeID: ep.ID, Overall: 2, Lang: "ru", FirstTime: true, HardestStepID: a.bp.Steps[4].ID,
			Readiness: map[tandem.Dimension]int{tandem.KnowHow: 2}, CreatedAt: t0.Add(30 * time.Minute)}
		f.IdempotencyKey = tandem.FeedbackKey(tandem.ChannelWeb, f, "")
		_, err = e.db.CreateFeedback(ctx, f)
		must(t, err)

		c := e.client(t).login(a.manager.Email)
		r := c.get("/app/feedback/" + id(f.ID) + "?lang=ru")
		if r.Status != 200 {
			t.Fatalf("GET the feedback = %d", r.Status)
		}
		ru := e.cat.Printer("ru")
		for _, want := range []string{
			ru.T("manage.perf.first_timer"), ru.T("manage.perf.channel.web"),
			ru.T("dimension.knowhow"), "2<small>/5</small>",
			ru.T("manage.perf.hardest") + ": <strong>Выпейте кофе</strong>",
			"02.03.2026, 10:00</time> <span>" + ru.T("manage.perf.started"),
			"02.03.2026, 10:02</time> <span>" + ru.T("manage.perf.step", "Выберите столик", ru.T("manage.lane.customer"), ru.T("source.customer")),
			"02.03.2026, 10:07</time> <span>" + ru.T("manage.perf.step", "Принять заказ", ru.T("manage.lane.frontline"), ru.T("source.staff")),
			"02.03.2026, 10:20</time> <span>" + ru.T("manage.perf.help_asked", "Выпейте кофе"),
			"02.03.2026, 10:21</time> <span>" + ru.T("manage.perf.help_acknowledged", "Выпейте кофе", "Anna"),
			"02.03.2026, 10:30</time> <span>" + ru.T("manage.perf.feedback", 2),
		} {
			if !strings.Contains(r.Body, html.EscapeString(want)) && !strings.Contains(r.Body, want) {
				t.Errorf("the performance lacks %q", want)
			}
		}
		// In time order: the start before the feedback.
		if i, j := strings.Index(r.Body, "ev-started"), strings.Index(r.Body, "ev-feedback"); i < 0 || j < i {
			t.Errorf("the timeline is out of order")
		}

		// Feedback without a visit or key: what it has, the channel unknown.
		r = c.get("/app/feedback/" + id(a.feedback.ID) + "?lang=en")
		for _, want := range []string{"Regular", "Unknown", "This feedback was given without a visit", "ev-feedback"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("feedback without a visit lacks %q", want)
			}
		}
		if strings.Contains(r.Body, "ev-started") {
			t.Errorf("feedback without a visit shows a visit's start")
		}
		// Org B cannot see it.
		if r := e.client(t).login(e.b.manager.Email).get("/app/feedback/" + id(f.ID)); r.Status != http.StatusNotFound {
			t.Errorf("org B GET A's feedback = %d, want 404", r.Status)
		}
	})
}
