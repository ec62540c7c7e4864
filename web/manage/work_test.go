package manage_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
)

// TestWorkView: a crew member lands on the work items of their site, with
// the touchpoint, the problem, the reporters and the comment; acknowledges
// and finishes one with a note, which the report then says; the touchpoint
// form sets the place's type; the quick problems page edits a type's list.
func TestWorkView(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.a
		hash, err := tandem.HashPassword(password)
		must(t, err)
		aino := &tandem.User{OrgID: a.org.ID, Email: "aino@org-a.test", Name: "Aino", Role: tandem.RoleCrew, Lang: "fi", PasswordHash: hash}
		must(t, e.db.CreateUser(ctx, aino))
		crew := e.client(t).login(aino.Email)
		if r := crew.get("/app"); r.Status != http.StatusSeeOther || r.Location != "/app/work" {
			t.Errorf("crew GET /app = %d %q, want the work items", r.Status, r.Location)
		}
		fi := e.cat.Printer("fi")
		r := crew.get("/app/work")
		if r.Status != 200 || !strings.Contains(r.Body, "“"+a.secret+"”") || !strings.Contains(r.Body, `href="/app/work" aria-current="page"`) ||
			!strings.Contains(r.Body, fi.Plural("manage.work.reporters", 1)) || !strings.Contains(r.Body, "<script nonce=") {
			t.Fatalf("crew GET /app/work = %d:\n%s", r.Status, r.Body)
		}
		if r := crew.get("/app/live"); r.Status != http.StatusForbidden {
			t.Errorf("crew GET /app/live = %d, want 403", r.Status)
		}
		rep := &tandem.Report{OrgID: a.org.ID, TouchpointID: a.tp.ID, ProblemKey: "not-clean", Comment: "second"}
		_, _, err = e.db.CreateReport(ctx, rep, tandem.DefaultProblems(tandem.TypeOther)[0])
		must(t, err)
		if r := crew.get("/app/work?site=all"); !strings.Contains(r.Body, fi.Plural("manage.work.reporters", 2)) {
			t.Errorf("a second report did not count:\n%s", r.Body)
		}

		wid := id(a.work.ID)
		if r := crew.post("/app/work/"+wid+"/ack", url.Values{"next": {"/app/work?site=all"}}); r.Status != http.StatusSeeOther ||
			r.Location != "/app/work?site=all#work-"+wid {
			t.Errorf("ack = %d %q", r.Status, r.Location)
		}
		w, err := e.db.FindWorkItem(ctx, a.org.ID, a.work.ID)
		must(t, err)
		if w.State != tandem.WorkAcknowledged || w.HandledBy != aino.ID {
			t.Errorf("acknowledged = %+v", w)
		}
		if r := crew.post("/app/work/"+wid+"/done", url.Values{"note": {strings.Repeat("x", 501)}}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("a note too long = %d", r.Status)
		}
		if r := crew.post("/app/work/"+wid+"/done", url.Values{"note": {"Pyyhitty"}, "next": {"https://evil.example/"}}); r.Status != http.StatusSeeOther ||
			r.Location != "/app/work#work-"+wid {
			t.Errorf("done = %d %q", r.Status, r.Location)
		}
		got, err := e.db.FindReportByToken(ctx, rep.Token)
		must(t, err)
		if got.FixedAt.IsZero() {
			t.Errorf("report not fixed: %+v", got)
		}
		if r := crew.get("/app/work"); strings.Contains(r.Body, "“"+a.secret+"”") || !strings.Contains(r.Body, fi.T("manage.work.none")) {
			t.Errorf("a done item still listed:\n%s", r.Body)
		}

		// The manager sets the touchpoint's type and edits a type's list.
		m := e.client(t).login(a.manager.Email)
		form := url.Values{"name.en": {"2F restroom"}, "service_id": {id(a.service.ID)}, "site_id": {id(a.site.ID)}, "staff_id": {"0"}, "type": {"restroom"}}
		if r := m.post("/app/touchpoints/new", form); r.Status != http.StatusSeeOther {
			t.Fatalf("new restroom = %d: %s", r.Status, r.Body)
		}
		tps, err := e.db.ListTouchpoints(ctx, a.org.ID)
		must(t, err)
		if last := tps[len(tps)-1]; last.Type != tandem.TypeRestroom {
			t.Errorf("new touchpoint type = %q", last.Type)
		}
		form.Set("type", "roof")
		if r := m.post("/app/touchpoints/new", form); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("an unknown type = %d", r.Status)
		}
		r = m.get("/app/problems?type=restroom")
		if r.Status != 200 || !strings.Contains(r.Body, `value="no-soap"`) {
			t.Fatalf("problems page = %d", r.Status)
		}
		post := url.Values{"rows": {"2"}, "key-0": {"no-soap"}, "en-0": {"Soap out"}, "fi-0": {"Saippua loppu"}, "sla-0": {"15"},
			"en-1": {"No hot water"}, "ru-1": {"Нет горячей воды"}, "sla-1": {"90"}}
		if r := m.post("/app/problems?type=restroom", post); r.Status != http.StatusSeeOther {
			t.Fatalf("save problems = %d: %s", r.Status, r.Body)
		}
		list, edited, err := e.db.ListProblems(ctx, a.org.ID, tandem.TypeRestroom)
		must(t, err)
		if !edited || len(list) != 2 || list[0].SLAMinutes != 15 || list[1].Key != "no-hot-water" || list[1].Name["ru"] != "Нет горячей воды" {
			t.Errorf("saved list = %+v", list)
		}
		post.Set("sla-1", "2")
		if r := m.post("/app/problems?type=restroom", post); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, e.cat.Printer("en").T("error.problem_sla")) {
			t.Errorf("a too short SLA = %d", r.Status)
		}
		if r := m.post("/app/problems/reset?type=restroom", nil); r.Status != http.StatusSeeOther {
			t.Errorf("reset = %d", r.Status)
		}
		if _, edited, _ := e.db.ListProblems(ctx, a.org.ID, tandem.TypeRestroom); edited {
			t.Error("reset kept the own list")
		}
		if r := crew.get("/app/problems"); r.Status != http.StatusForbidden {
			t.Errorf("crew GET /app/problems = %d, want 403", r.Status)
		}
	})
}
