package manage_test

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestFeedbackExport: the feedback page offers the downloads; a manager
// gets the organization's feedback, and only its, as CSV and XLSX with the
// page's service filter; staff are refused; a bad date is a localized 422.
func TestFeedbackExport(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		c := e.client(t).login(a.manager.Email)
		page := c.get("/app/feedback?service_id=" + id(a.service.ID) + "&lang=fi")
		if !strings.Contains(page.Body, `href="/app/feedback.csv?service_id=`+id(a.service.ID)+`"`) || !strings.Contains(page.Body, "Lataa") {
			t.Errorf("feedback page lacks the download links")
		}
		r := c.get("/app/feedback.csv?service_id=" + id(a.service.ID) + "&lang=ru")
		if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") ||
			!strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("CSV = %d %v", r.Status, r.Header)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\ufeff"))).ReadAll()
		must(t, err)
		if len(rows) != 2 || !strings.Contains(strings.Join(rows[1], "|"), "Anna was lovely "+a.secret) || !slices.Contains(rows[0], "Комментарий") {
			t.Errorf("CSV rows = %q, want the header and A's one feedback", rows)
		}
		if strings.Contains(r.Body, e.b.secret) {
			t.Error("CSV holds B's data")
		}
		r = c.get("/app/feedback.xlsx")
		if r.Status != http.StatusOK {
			t.Fatalf("XLSX = %d: %.300s", r.Status, r.Body)
		}
		book, err := excelize.OpenReader(strings.NewReader(r.Body))
		must(t, err)
		xrows, err := book.GetRows(book.GetSheetName(0))
		must(t, err)
		if len(xrows) != 2 || !strings.Contains(strings.Join(xrows[1], "|"), a.secret) {
			t.Errorf("XLSX rows = %q", xrows)
		}
		if r := c.get("/app/feedback.csv?service_id=" + id(e.b.service.ID)); r.Status != http.StatusNotFound || strings.Contains(r.Body, e.b.secret) {
			t.Errorf("B's service = %d, want 404 without B's data", r.Status)
		}
		if r, want := c.get("/app/feedback.csv?from=yesterday&lang=ru"), e.cat.Printer("ru").T("error.export_date"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
			t.Errorf("bad date = %d, want 422 with %q", r.Status, want)
		}
		staff := e.client(t).login(a.staff.Email)
		for _, p := range []string{"/app/feedback.csv", "/app/feedback.xlsx"} {
			if r := staff.get(p); r.Status != http.StatusForbidden || strings.Contains(r.Body, "Anna was lovely") {
				t.Errorf("staff GET %s = %d, want 403", p, r.Status)
			}
		}
	})
}
