package manage_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
)

// TestMonitor: a manager reads the crews' monitor and its CSV, with the
// figures, the crew member who fixed the soap and the heat map; filters
// are checked; another organization's manager sees none of it, and staff
// cannot open it.
func TestMonitor(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		restroom := &tandem.Touchpoint{OrgID: a.org.ID, SiteID: a.site.ID, ServiceID: a.service.ID,
			Name: tandem.Text{"en": "Restroom " + a.secret}, Type: tandem.TypeRestroom}
		must(t, e.db.CreateTouchpoint(ctx, restroom))
		soap := *tandem.FindProblem(tandem.DefaultProblems(tandem.TypeRestroom), "no-soap")
		at := time.Now().Add(-3 * time.Hour)
		rep := &tandem.Report{OrgID: a.org.ID, TouchpointID: restroom.ID, ProblemKey: soap.Key, CreatedAt: at}
		item, _, err := e.db.CreateReport(ctx, rep, soap)
		must(t, err)
		item.Acknowledge(a.staff.ID, at.Add(5*time.Minute))
		must(t, e.db.UpdateWorkItem(ctx, item, tandem.WorkOpen))
		if _, err := item.Done(a.staff.ID, "", at.Add(20*time.Minute)); err != nil {
			t.Fatal(err)
		}
		must(t, e.db.UpdateWorkItem(ctx, item, tandem.WorkAcknowledged))
		_, _, err = e.db.CreateReport(ctx, &tandem.Report{OrgID: a.org.ID, TouchpointID: restroom.ID, Praise: true}, tandem.Problem{})
		must(t, err)

		en := e.cat.Printer("en")
		m := e.client(t).login(a.manager.Email)
		r := m.get("/app/monitor")
		for _, want := range []string{`href="/app/monitor" aria-current="page"`, "Restroom " + a.secret, en.T("monitor.title"),
			// Two items (the fixture's and the soap), one done by Anna in
			// 20 minutes, in time; the heat map has both reports.
			en.T("monitor.items_done_open", "1", "1"), en.T("monitor.minutes", "20"), "100%",
			"<th scope=\"row\">Anna</th>", strings.ReplaceAll(en.T("monitor.heat_lead", "2"), "'", "&#39;"), en.T("monitor.weekday.7"),
			`href="/app/monitor.csv?days=30"`, `<option value="30" selected>`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("GET /app/monitor lacks %q:\n%s", want, r.Body)
			}
		}
		if r.Status != http.StatusOK {
			t.Fatalf("GET /app/monitor = %d", r.Status)
		}
		r = m.get("/app/monitor?days=7&site=" + id(a.site.ID) + "&lang=fi")
		fi := e.cat.Printer("fi")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, fi.T("monitor.title")) || !strings.Contains(r.Body, `<option value="7" selected>`) ||
			!strings.Contains(r.Body, "Restroom "+a.secret) {
			t.Errorf("GET /app/monitor one site in Finnish = %d:\n%s", r.Status, r.Body)
		}
		for _, bad := range []string{"?days=5", "?days=x"} {
			if r := m.get("/app/monitor" + bad + "&lang=en"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, en.T("monitor.error.days")) {
				t.Errorf("GET /app/monitor%s = %d, want 422 with the message", bad, r.Status)
			}
		}
		if r := m.get("/app/monitor?site=x"); r.Status != http.StatusNotFound {
			t.Errorf("GET /app/monitor?site=x = %d, want 404", r.Status)
		}

		// The CSV: a header row and one row per item of the period.
		r = m.get("/app/monitor.csv?days=7&lang=en")
		if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			!strings.HasPrefix(r.Header.Get("Content-Disposition"), `attachment; filename="monitor-`) {
			t.Fatalf("GET /app/monitor.csv = %d %v", r.Status, r.Header)
		}
		rows, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
		must(t, err)
		if len(rows) != 3 || rows[0][0] != en.T("monitor.csv.site") || rows[0][11] != en.T("monitor.csv.handled_by") {
			t.Fatalf("CSV =\n%s", r.Body)
		}
		var soapRow []string
		for _, row := range rows[1:] {
			if row[1] == "Restroom "+a.secret {
				soapRow = row
			}
		}
		want := []string{"Hall", "Restroom " + a.secret, en.T("manage.tp.type.restroom"), "No soap", en.T("manage.work.state.done"), "1"}
		if soapRow == nil || strings.Join(soapRow[:6], "|") != strings.Join(want, "|") || soapRow[10] != "yes" || soapRow[11] != "Anna" ||
			!strings.HasSuffix(soapRow[8], "+02:00") && !strings.HasSuffix(soapRow[8], "+03:00") {
			t.Errorf("soap row = %q, want %q… yes, Anna, Helsinki time", soapRow, want)
		}

		// Another organization's manager: its own, empty of A's; A's
		// site is not found.
		b := e.client(t).login(e.b.manager.Email)
		for _, p := range []string{"/app/monitor", "/app/monitor.csv", "/app/monitor?days=90"} {
			if r := b.get(p); r.Status != http.StatusOK || strings.Contains(r.Body, a.secret) || strings.Contains(r.Body, "Anna") {
				t.Errorf("org B GET %s = %d, shows A's: %v", p, r.Status, strings.Contains(r.Body, a.secret))
			}
		}
		for _, p := range []string{"/app/monitor?site=" + id(a.site.ID), "/app/monitor.csv?site=" + id(a.site.ID)} {
			if r := b.get(p); r.Status != http.StatusNotFound || strings.Contains(r.Body, a.secret) {
				t.Errorf("org B GET %s = %d, want 404", p, r.Status)
			}
		}
		if r := e.client(t).login(a.staff.Email).get("/app/monitor"); r.Status != http.StatusForbidden {
			t.Errorf("staff GET /app/monitor = %d, want 403", r.Status)
		}
	})
}
