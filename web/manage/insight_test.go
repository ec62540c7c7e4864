package manage_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestInsightDates(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t).login(e.a.manager.Email)
		base := "/app/services/" + id(e.a.service.ID) + "/insight"
		p := e.cat.Printer("en")
		for q, key := range map[string]string{
			"?from=2026-13-01":               "insight.error.date",
			"?to=yesterday":                  "insight.error.date",
			"?from=2026-05-02&to=2026-05-01": "insight.error.order",
			"?from=2020-01-01&to=2026-01-01": "insight.error.too_long",
		} {
			r := c.get(base + q)
			if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, p.T(key)) {
				t.Errorf("GET insight%s = %d, want 400 with %q", q, r.Status, p.T(key))
			}
		}
	})
}
