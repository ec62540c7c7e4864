package manage_test

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// republish publishes a new version of o's blueprint, changed by edit.
func republish(t *testing.T, db *sqlstore.DB, o *org, edit func(b *tandem.Blueprint)) *tandem.Blueprint {
	t.Helper()
	b := &tandem.Blueprint{OrgID: o.org.ID, ServiceID: o.service.ID, Readiness: tandem.Dimensions}
	for _, s := range o.bp.Steps {
		s.ID = 0
		b.Steps = append(b.Steps, s)
	}
	for _, a := range o.bp.Aspects {
		a.ID = 0
		b.Aspects = append(b.Aspects, a)
	}
	if edit != nil {
		edit(b)
	}
	must(t, db.PublishBlueprint(ctx, b))
	return b
}

func readinessFeedback(t *testing.T, db *sqlstore.DB, o *org, b *tandem.Blueprint, first bool, hardest string, r map[tandem.Dimension]int) {
	t.Helper()
	f := &tandem.Feedback{OrgID: o.org.ID, ServiceID: o.service.ID, BlueprintID: b.ID, TouchpointID: o.tp.ID, SiteID: o.site.ID,
		Overall: 4, Lang: "en", FirstTime: first, Readiness: r}
	if hardest != "" {
		f.HardestStepID = b.StepByKey(hardest).ID
	}
	must(t, f.Validate(b, nil))
	if _, err := db.CreateFeedback(ctx, f); err != nil {
		t.Fatal(err)
	}
}

func helpRequest(t *testing.T, db *sqlstore.DB, o *org, b *tandem.Blueprint, key string, at time.Time) {
	t.Helper()
	ep := &tandem.Episode{OrgID: o.org.ID, ServiceID: o.service.ID, BlueprintID: b.ID, TouchpointID: o.tp.ID, SiteID: o.site.ID, Lang: "en"}
	must(t, db.CreateEpisode(ctx, ep))
	if _, err := db.RequestHelp(ctx, &tandem.HelpRequest{OrgID: o.org.ID, EpisodeID: ep.ID, StepID: b.StepByKey(key).ID, CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
}

var spaces = regexp.MustCompile(`\s+`)

// readinessSection is the page's "Customer readiness" section as visible
// text, spaces collapsed.
func readinessSection(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, `id="readiness"`)
	if i < 0 {
		t.Fatal("no readiness section on the insight page")
	}
	j := strings.Index(body[i:], "</section>")
	return spaces.ReplaceAllString(visibleText(body[i:i+j]), " ")
}

// TestInsightReadiness: S2 on the manager's page. First-timers who found
// choosing a table hardest did not know how; regulars did. The page shows
// the index per dimension with the numbers visible, the step with its
// weakest dimension and the support it calls for, the help requests by
// step, hour and site, and a callout naming the step.
func TestInsightReadiness(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		b2 := republish(t, e.db, a, nil)
		for range 10 {
			readinessFeedback(t, e.db, a, b2, true, "choose-table", map[tandem.Dimension]int{tandem.KnowHow: 2, tandem.Ability: 4})
			readinessFeedback(t, e.db, a, b2, false, "choose-table", map[tandem.Dimension]int{tandem.KnowHow: 4, tandem.Ability: 5})
		}
		readinessFeedback(t, e.db, a, b2, false, "drink-coffee", map[tandem.Dimension]int{tandem.Motivation: 3})
		helsinki, _ := time.LoadLocation("Europe/Helsinki")
		at := time.Now().Add(-time.Hour).Truncate(time.Minute)
		helpRequest(t, e.db, a, b2, "choose-table", at)
		helpRequest(t, e.db, a, b2, "choose-table", at)
		helpRequest(t, e.db, a, b2, "drink-coffee", at)
		// The current version renames the first step and drops the coffee:
		// titles come from it, a dropped step is named by its key.
		republish(t, e.db, a, func(b *tandem.Blueprint) {
			b.Steps[0].Title = tandem.Text{"en": "Pick a table " + xss}
			b.Steps = b.Steps[:4]
			b.Aspects = b.Aspects[1:]
		})

		c := e.client(t).login(a.manager.Email)
		r := c.get("/app/services/" + id(a.service.ID) + "/insight")
		if r.Status != 200 {
			t.Fatalf("GET insight = %d", r.Status)
		}
		if strings.Contains(r.Body, xss) {
			t.Error("a step title is not escaped")
		}
		sec := readinessSection(t, r.Body)
		for _, want := range []string{
			"Customer readiness",
			// Know-how: first-timers 25 (mean 2), regulars 75 (mean 4),
			// 50 points apart; everyone 50.
			"Know-how 25 10 answers 75 10 answers −50 50 20 answers",
			// Ability: 75 and 100, everyone 87.5 → 88.
			"Ability 75 10 answers 100 10 answers −25 88 20 answers",
			// One regular answered motivation: shown, marked, not compared.
			"Motivation — 50 too few answers (1) — 50 too few answers (1)",
			"First-timers struggle with know-how",
			"Pick a table " + xss + " : first-timers who found it hardest 25, regulars 75 (50 points lower)",
			// Overall: regulars' includes the one motivation answer.
			"Overall 50 20 answers 75 too few in a dimension (total: 21) — 62 too few in a dimension (total: 41)",
			// The step table: named by 20 (10 first-timers), know-how the
			// weakest at 50, better instructions, 3 help requests (one
			// from the fixture).
			"Pick a table " + xss + " 20 (10 first-timers) Know-how (50) Better instructions, step by step for first-timers 3",
			"drink-coffee (no longer in the blueprint) 1 (0 first-timers) too few answers — 1",
			"4 help requests",
			fmt.Sprintf("%02d:00 3", at.In(helsinki).Hour()),
			"Hall 4",
		} {
			if !strings.Contains(html.UnescapeString(sec), want) {
				t.Errorf("readiness section lacks %q:\n%s", want, html.UnescapeString(sec))
			}
		}
		// Bars repeat the numbers and stay out of the screen reader's way.
		if !strings.Contains(r.Body, `<svg class="stackbar" viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="party-fill-customer" x="0" y="0" width="25" height="12"/>`) {
			t.Error("first-timers' know-how bar (25) missing or not hidden from screen readers")
		}
		if strings.Contains(r.Body, e.b.secret) {
			t.Error("org B's data on org A's page")
		}

		// Russian and Finnish pages carry the section in their language.
		for _, lang := range []string{"ru", "fi"} {
			r := c.get("/app/services/" + id(a.service.ID) + "/insight?lang=" + lang)
			p := e.cat.Printer(lang)
			sec := html.UnescapeString(readinessSection(t, r.Body))
			for _, want := range []string{p.T("manage.readiness.title"), p.T("dimension.knowhow"), p.T("manage.readiness.gap_title"),
				p.T("manage.readiness.support.instructions"), p.Plural("manage.readiness.help_n", 4)} {
				if !strings.Contains(sec, want) {
					t.Errorf("%s: readiness section lacks %q", lang, want)
				}
			}
		}

		// A period without answers, and a service that asks nothing (its
		// fixture's help request is still counted).
		r = c.get("/app/services/" + id(a.service.ID) + "/insight?from=2020-01-01&to=2020-01-31&lang=en")
		if sec := readinessSection(t, r.Body); !strings.Contains(sec, "No readiness answers in this period.") {
			t.Errorf("empty period: %s", sec)
		}
		cb := e.client(t).login(e.b.manager.Email)
		r = cb.get("/app/services/" + id(e.b.service.ID) + "/insight")
		if sec := html.UnescapeString(readinessSection(t, r.Body)); !strings.Contains(sec, "asks no readiness questions yet") || !strings.Contains(sec, "1 help request") {
			t.Errorf("service without questions: %s", sec)
		}
	})
}
