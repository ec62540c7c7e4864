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

// TestCauseEvidencePage: the feedback page words what the visit's timeline
// showed about a negative in the page's language, with the cause's source;
// a manager accepts the cause (it becomes theirs, unchanged) or overrides
// it. A positive has nothing to accept, and another organization's
// feedback is not found.
func TestCauseEvidencePage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		t0 := time.Date(2026, 3, 2, 13, 0, 0, 0, time.UTC)
		f := &tandem.Feedback{OrgID: a.org.ID, ServiceID: a.service.ID, BlueprintID: a.bp.ID, TouchpointID: a.tp.ID, SiteID: a.site.ID,
			Overall: 2, Lang: "en", CreatedAt: t0.Add(time.Hour), Aspects: []tandem.AspectRating{
				{AspectID: a.bp.Aspects[0].ID, Rating: tandem.Negative, Cause: tandem.PartyProvider, Source: tandem.CauseTimeline,
					Evidence: &tandem.Evidence{Kind: tandem.EvidenceLate, Step: "take-order", From: t0, Served: t0.Add(14 * time.Minute), Expected: 3}},
				{AspectID: a.bp.Aspects[1].ID, Rating: tandem.Positive},
			}}
		must(t, f.Validate(a.bp, nil))
		_, err := e.db.CreateFeedback(ctx, f)
		must(t, err)
		page := "/app/feedback/" + id(f.ID)
		c := e.client(t).login(a.manager.Email)

		for _, lang := range []string{"en", "ru", "fi"} {
			pr := e.cat.Printer(lang)
			r := c.get(page + "?lang=" + lang)
			for _, want := range []string{
				pr.T("manage.evidence.done_late", "Take the order", 14, 3),
				pr.T("manage.evidence.conclusion", pr.T("manage.party.provider")),
				pr.T("manage.evidence.source.timeline"),
				pr.T("manage.evidence.accept"),
			} {
				if lang == "ru" {
					want = strings.Replace(want, "Take the order", "Принять заказ", 1)
				}
				if lang == "fi" {
					want = strings.Replace(want, "Take the order", "Ota tilaus", 1)
				}
				if !strings.Contains(r.Body, html.EscapeString(want)) {
					t.Errorf("%s page lacks %q", lang, want)
				}
			}
		}

		// Accept: the cause stays, it is the manager's now.
		confirm := page + "/aspects/" + id(a.bp.Aspects[0].ID) + "/confirm"
		if r := c.post(confirm, url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("POST confirm = %d, want 303", r.Status)
		}
		got, err := e.db.FindFeedback(ctx, a.org.ID, f.ID)
		must(t, err)
		if r := got.Aspects[0]; r.Cause != tandem.PartyProvider || r.Source != tandem.CauseManager || r.Evidence == nil || got.Overall != 2 {
			t.Errorf("after accepting: %+v, overall %d", r, got.Overall)
		}
		r := c.get(page + "?lang=en")
		if !strings.Contains(r.Body, e.cat.Printer("en").T("manage.evidence.source.manager")) || strings.Contains(r.Body, `/confirm"`) {
			t.Errorf("an accepted cause shows no manager's source, or still offers to accept")
		}
		if !strings.Contains(r.Body, "14 min") {
			t.Errorf("the evidence is gone once accepted")
		}

		// A positive has no cause to accept: 422 with the reason, in the page's language.
		pos := page + "/aspects/" + id(a.bp.Aspects[1].ID) + "/confirm?lang=ru"
		if r, want := c.post(pos, url.Values{}), e.cat.Printer("ru").T("error.cause_negative_only"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
			t.Errorf("accepting a positive = %d, message shown %v", r.Status, strings.Contains(r.Body, want))
		}
		// Another organization's manager: not found, nothing changes.
		if r := e.client(t).login(e.b.manager.Email).post(confirm, url.Values{}); r.Status != http.StatusNotFound {
			t.Errorf("org B accepting A's cause = %d, want 404", r.Status)
		}
		// Staff may not.
		if r := e.client(t).login(a.staff.Email).post(confirm, url.Values{}); r.Status == http.StatusSeeOther {
			t.Errorf("staff accepted a cause")
		}
	})
}

// TestEvidenceLingeredText: a customer who let the step's window pass after
// the reminder reads as the customer's part, in Finnish too.
func TestEvidenceLingeredText(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		t0 := time.Date(2026, 3, 2, 13, 0, 0, 0, time.UTC)
		f := &tandem.Feedback{OrgID: a.org.ID, ServiceID: a.service.ID, BlueprintID: a.bp.ID, TouchpointID: a.tp.ID, SiteID: a.site.ID,
			Overall: 3, Lang: "fi", CreatedAt: t0.Add(time.Hour), Aspects: []tandem.AspectRating{
				{AspectID: a.bp.Aspects[0].ID, Rating: tandem.Negative, Cause: tandem.PartyCustomer, Source: tandem.CauseTimeline,
					Evidence: &tandem.Evidence{Kind: tandem.EvidenceLingered, Step: "take-order", From: t0, Served: t0.Add(2 * time.Minute), Expected: 3,
						Window: 5, Nudge: t0.Add(7 * time.Minute), Moved: t0.Add(33 * time.Minute)}},
			}}
		must(t, f.Validate(a.bp, nil))
		_, err := e.db.CreateFeedback(ctx, f)
		must(t, err)
		fi := e.cat.Printer("fi")
		r := e.client(t).login(a.manager.Email).get("/app/feedback/" + id(f.ID) + "?lang=fi")
		want := strings.Join([]string{
			fi.T("manage.evidence.done_in_time", "Ota tilaus", 2, 3),
			fi.T("manage.evidence.lingered_nudged", 31, 5, 5),
			fi.T("manage.evidence.conclusion", fi.T("manage.party.customer")),
		}, " ")
		if !strings.Contains(r.Body, html.EscapeString(want)) {
			t.Errorf("the page lacks %q", want)
		}
	})
}
