package customer_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/storetest"
)

// TestFeedbackOnly: "Just give feedback" starts an episode and jumps to the
// form.
func TestFeedbackOnly(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	c := f.client("en")
	p := c.post("/t/"+f.tp.Code+"/start", url.Values{"next": {"feedback"}})
	wantStatus(t, p, http.StatusOK)
	if p.URL.Fragment != "feedback" {
		t.Errorf("at %s, want #feedback", p.URL)
	}
	wantContains(t, p, `id="feedback"`)
}

// TestFirstTimeQuestion: a new device is asked "First time here?" with two
// buttons; the answer goes on the episode and is remembered, after which
// the start form's checkbox is ticked as answered.
func TestFirstTimeQuestion(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	for _, tc := range []struct {
		answer string
		first  bool
	}{{"yes", true}, {"no", false}} {
		t.Run(tc.answer, func(t *testing.T) {
			c := f.client("fi")
			c.tb = t
			pr := catalog.Printer("fi")
			p := c.get("/t/" + f.tp.Code)
			wantContains(t, p, esc(pr.T("customer.first.question")), `name="first_time" value="yes"`, `name="first_time" value="no"`)
			if strings.Contains(p.Body, `type="checkbox"`) {
				t.Errorf("a new device gets the checkbox, want the question")
			}
			p = c.post("/t/"+f.tp.Code+"/start", url.Values{"first_time": {tc.answer}, "lang": {"fi"}})
			wantStatus(t, p, http.StatusOK)
			if ep := f.episode(t, token(t, p)); ep.FirstTime != tc.first {
				t.Errorf("episode first time = %v, want %v", ep.FirstTime, tc.first)
			}
			if strings.Contains(p.Body, esc(pr.T("customer.first.question"))) {
				t.Errorf("episode page asks again")
			}
			p = c.get("/t/" + f.tp.Code)
			if strings.Contains(p.Body, `value="yes"`) {
				t.Errorf("the question is asked twice on one device")
			}
			checked := strings.Contains(p.Body, `aria-describedby="first-hint" checked>`)
			if checked != tc.first {
				t.Errorf("start checkbox checked = %v, want %v", checked, tc.first)
			}
			// The checkbox keeps its meaning: unticked is a regular.
			p = c.post("/t/"+f.tp.Code+"/start", url.Values{"asked": {"1"}})
			if ep := f.episode(t, token(t, p)); ep.FirstTime {
				t.Errorf("unticked checkbox: episode is a first-timer's")
			}
			p = c.get("/t/" + f.tp.Code)
			if strings.Contains(p.Body, `aria-describedby="first-hint" checked>`) {
				t.Errorf("unticking was not remembered")
			}
		})
	}
}
