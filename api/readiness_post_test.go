package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// TestFeedbackReadiness: a kiosk or integration sends the readiness answers
// and the hardest step with the feedback; they are validated against the
// blueprint, stored, returned, and part of what a retry must repeat.
func TestFeedbackReadiness(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			ctx := context.Background()
			// The next version asks about know-how and ability.
			v2 := *e.A.BP
			v2.ID, v2.Version = 0, 0
			v2.Steps = append([]tandem.Step(nil), e.A.BP.Steps...)
			v2.Aspects = append([]tandem.Aspect(nil), e.A.BP.Aspects...)
			for i := range v2.Steps {
				v2.Steps[i].ID = 0
			}
			for i := range v2.Aspects {
				v2.Aspects[i].ID = 0
			}
			v2.Readiness = []tandem.Dimension{tandem.KnowHow, tandem.Ability}
			must(t, e.DB.PublishBlueprint(ctx, &v2))

			tp := `"touchpoint": "` + e.A.TP.Code + `", "overall": 4`
			ok := `{` + tp + `, "readiness": {"knowhow": 2, "ability": 5}, "hardest_step": "choose-table"}`
			resp, b := e.do(t, "POST", "/api/v1/feedback", ok, map[string]string{"Idempotency-Key": "r-1"})
			if resp.StatusCode != http.StatusCreated {
				t.Fatalf("status %d: %s", resp.StatusCode, b)
			}
			var out struct {
				ID          int64
				Readiness   map[string]int `json:"readiness"`
				HardestStep *string        `json:"hardest_step"`
			}
			must(t, json.Unmarshal(b, &out))
			if out.Readiness["knowhow"] != 2 || out.Readiness["ability"] != 5 || out.HardestStep == nil || *out.HardestStep != "choose-table" {
				t.Errorf("response = %s", b)
			}
			stored, err := e.DB.FindFeedback(ctx, e.A.Org.ID, out.ID)
			must(t, err)
			if stored.Readiness[tandem.KnowHow] != 2 || stored.Readiness[tandem.Ability] != 5 || v2.Step(stored.HardestStepID) == nil {
				t.Errorf("stored = %+v", stored)
			}

			// The same retry is the same record; a changed answer is refused.
			if resp, b := e.do(t, "POST", "/api/v1/feedback", ok, map[string]string{"Idempotency-Key": "r-1"}); resp.StatusCode != http.StatusOK {
				t.Errorf("identical retry: status %d: %s", resp.StatusCode, b)
			}
			changed := strings.Replace(ok, `"knowhow": 2`, `"knowhow": 3`, 1)
			if resp, b := e.do(t, "POST", "/api/v1/feedback", changed, map[string]string{"Idempotency-Key": "r-1"}); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("retry with another answer: status %d, want 422: %s", resp.StatusCode, b)
			}

			before := e.countAll(t, e.A.Org.ID)
			for name, body := range map[string]string{
				"readiness.knowhow": `{` + tp + `, "readiness": {"knowhow": 6}}`,
				"readiness.role":    `{` + tp + `, "readiness": {"role": 3}}`,
				"hardest_step":      `{` + tp + `, "hardest_step": "cook"}`,
			} {
				resp, b := e.do(t, "POST", "/api/v1/feedback", body, map[string]string{"Accept-Language": "fi"})
				if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), `"field":"`+name+`"`) {
					t.Errorf("%s: status %d, want 422 naming the field: %s", name, resp.StatusCode, b)
				}
			}
			if got := e.countAll(t, e.A.Org.ID); got != before {
				t.Errorf("refused feedback stored: %d records, want %d", got, before)
			}
		})
	}
}
