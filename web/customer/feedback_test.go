package customer_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// TestInvalidOverall: a feedback without an overall judgement comes back with
// 422, the message next to the field in the page's language, the values kept,
// and nothing stored.
func TestInvalidOverall(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	for _, lang := range []string{"en", "ru", "fi"} {
		t.Run(lang, func(t *testing.T) {
			c := f.client(lang)
			c.tb = t
			tok := token(t, f.start(c, false))
			coffee := f.bp.AspectByKey(aspectCoffee)
			for _, overall := range []string{"", "0", "6", "abc"} {
				p := c.post("/e/"+tok+"/feedback", url.Values{
					"overall": {overall}, "comment": {"Кофе остыл"},
					"aspect-" + coffee.Key: {"negative"},
				})
				wantStatus(t, p, http.StatusUnprocessableEntity)
				msg := esc(catalog.Printer(lang).T("customer.error.overall_range"))
				wantContains(t, p, `<p class="err" id="e-overall">`+msg+`</p>`, `aria-describedby="e-overall"`,
					`<a href="#f-overall">`+msg+`</a>`, ">Кофе остыл</textarea>",
					`name="aspect-`+coffee.Key+`" value="negative" checked`)
				if lang != "en" {
					f.noEnglish(t, lang, p)
				}
			}
			if n := len(f.feedback(t)); n != 0 {
				t.Errorf("stored %d feedback, want none", n)
			}
		})
	}
}

// TestInvalidFields: other bad input is named next to its own field.
func TestInvalidFields(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	c := f.client("fi")
	tok := token(t, f.start(c, false))
	pr := catalog.Printer("fi")
	for _, tc := range []struct {
		name string
		form url.Values
		id   string
		key  string
	}{
		{"unknown staff", url.Values{"praise_staff_id": {"999999"}}, "e-praise_staff_id", "error.staff_unknown"},
		{"staff not a number", url.Values{"praise_staff_id": {"x"}}, "e-praise_staff_id", "error.staff_unknown"},
		{"praise without person", url.Values{"praise": {"Kiitos"}}, "e-praise_staff_id", "error.required"},
		{"long comment", url.Values{"comment": {strings.Repeat("ä", tandem.MaxCommentRunes+1)}}, "e-comment", "error.comment_long"},
		{"long praise", url.Values{"praise_staff_id": {strconv.FormatInt(f.anna.ID, 10)}, "praise": {strings.Repeat("a", tandem.MaxPraiseRunes+1)}}, "e-praise", "error.praise_long"},
		{"bad rating", url.Values{"aspect-" + f.bp.Aspects[0].Key: {"meh"}}, "e-aspects", "error.rating"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.tb = t
			tc.form.Set("overall", "5")
			p := c.post("/e/"+tok+"/feedback", tc.form)
			wantStatus(t, p, http.StatusUnprocessableEntity)
			wantContains(t, p, `<p class="err" id="`+tc.id+`">`+esc(pr.T(tc.key))+`</p>`, `id="ov-5" name="overall" value="5" required checked`)
		})
	}
	if n := len(f.feedback(t)); n != 0 {
		t.Errorf("stored %d feedback, want none", n)
	}
}

// TestDoubleSubmit: a second submission (a double tap, a refresh, a retry)
// lands on the thanks page and stores nothing new.
func TestDoubleSubmit(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	c := f.client("ru")
	tok := token(t, f.start(c, false))
	var first string
	for i, overall := range []string{"5", "2", "5"} {
		p := c.post("/e/"+tok+"/feedback", url.Values{"overall": {overall}})
		wantStatus(t, p, http.StatusOK)
		if !strings.HasSuffix(p.URL.Path, "/thanks") {
			t.Fatalf("submission %d: at %s, want thanks", i+1, p.URL)
		}
		if i == 0 {
			first = p.URL.RawQuery
		} else if p.URL.RawQuery != first {
			t.Errorf("submission %d: thanks for %q, want the first record %q", i+1, p.URL.RawQuery, first)
		}
	}
	list := f.feedback(t)
	if len(list) != 1 || list[0].Overall != 5 {
		t.Fatalf("stored %+v, want one record with overall 5", list)
	}
}

// TestEscaping: customer input is echoed escaped, never as markup.
func TestEscaping(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	c := f.client("en")
	tok := token(t, f.start(c, false))
	const evil = `<script>alert(1)</script>`
	form := url.Values{
		"comment": {evil}, "praise": {evil + `"><img src=x onerror=alert(2)>`},
		"praise_staff_id": {strconv.FormatInt(f.anna.ID, 10)},
	}
	p := c.post("/e/"+tok+"/feedback", form) // no overall: echoed back
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if strings.Contains(p.Body, "<script>alert") || strings.Contains(p.Body, "<img") {
		t.Errorf("input echoed unescaped:\n%s", p.Body)
	}
	wantContains(t, p, "&lt;script&gt;alert(1)&lt;/script&gt;</textarea>")

	form.Set("overall", "3")
	p = c.post("/e/"+tok+"/feedback", form)
	wantStatus(t, p, http.StatusOK)
	if strings.Contains(p.Body, "<script>alert") || strings.Contains(p.Body, "<img") {
		t.Errorf("thanks page carries markup from input:\n%s", p.Body)
	}
	if list := f.feedback(t); len(list) != 1 || list[0].Comment != evil {
		t.Errorf("stored %+v, want the comment as typed", list)
	}

	// Names from the store are escaped too.
	m := &tandem.StaffMember{OrgID: f.org.ID, SiteID: f.site.ID, Name: evil}
	must(t, f.db.CreateStaff(f.ctx, m))
	p = c.get("/e/" + tok)
	if strings.Contains(p.Body, "<script>alert") {
		t.Errorf("staff name unescaped")
	}
}

// TestReadiness: the readiness answers and the hardest step are stored with
// the episode's first-time flag; bad answers are refused next to their
// question and store nothing.
func TestReadiness(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.Open(t))
			for _, lang := range []string{"en", "ru", "fi"} {
				t.Run(lang, func(t *testing.T) {
					pr := catalog.Printer(lang)
					c := f.client(lang)
					c.tb = t
					p := f.start(c, true)
					tok := token(t, p)
					order := f.step("order")
					for _, d := range tandem.Dimensions {
						wantContains(t, p, `<fieldset id="f-readiness-`+string(d)+`"><legend>`+esc(pr.T("customer.fb.readiness."+string(d)))+`</legend>`,
							`name="readiness-`+string(d)+`" value="" checked>`)
					}
					wantContains(t, p, `<select id="hardest" name="hardest_step">`, `<option value="`+order.Key+`">`+esc(order.Title.Get(lang))+`</option>`,
						esc("1 – "+pr.T("customer.fb.scale.low")), esc("5 – "+pr.T("customer.fb.scale.high")))
					before := len(f.feedback(t))
					for _, tc := range []struct {
						name  string
						form  url.Values
						errID string
						key   string
					}{
						{"out of range", url.Values{"readiness-role": {"7"}}, "e-readiness-role", "customer.error.readiness_range"},
						{"zero", url.Values{"readiness-motivation": {"0"}}, "e-readiness-motivation", "customer.error.readiness_range"},
						{"not a number", url.Values{"readiness-ability": {"abc"}}, "e-readiness-ability", "customer.error.readiness_range"},
						{"staff step", url.Values{"hardest_step": {"greet"}}, "e-hardest_step", "customer.error.hardest_step"},
						{"not a step", url.Values{"hardest_step": {"x"}}, "e-hardest_step", "customer.error.hardest_step"},
					} {
						t.Run(tc.name, func(t *testing.T) {
							c.tb = t
							tc.form.Set("overall", "4")
							tc.form.Set("readiness-knowhow", "2")
							p := c.post("/e/"+tok+"/feedback", tc.form)
							wantStatus(t, p, http.StatusUnprocessableEntity)
							wantContains(t, p, `<p class="err" id="`+tc.errID+`">`+esc(pr.T(tc.key))+`</p>`,
								`name="readiness-knowhow" value="2" checked>`, `id="ov-4" name="overall" value="4" required checked`)
							if lang != "en" {
								f.noEnglish(t, lang, p)
							}
						})
					}
					if n := len(f.feedback(t)); n != before {
						t.Fatalf("refused forms stored %d feedback", n-before)
					}

					p = c.post("/e/"+tok+"/feedback", url.Values{
						"overall": {"4"}, "readiness-motivation": {"5"}, "readiness-knowhow": {"2"}, "readiness-role": {""},
						"hardest_step": {order.Key}, "lang": {lang},
					})
					wantStatus(t, p, http.StatusOK)
					ep := f.episode(t, tok)
					var fb *tandem.Feedback
					for _, x := range f.feedback(t) {
						if x.EpisodeID == ep.ID {
							fb = x
						}
					}
					if fb == nil {
						t.Fatalf("no feedback stored for the episode")
					}
					if !fb.FirstTime || fb.HardestStepID != order.ID || len(fb.Readiness) != 2 ||
						fb.Readiness[tandem.Motivation] != 5 || fb.Readiness[tandem.KnowHow] != 2 {
						t.Errorf("stored %+v, want a first-timer's with motivation 5, know-how 2, the order step hardest", fb)
					}
				})
			}
		})
	}
}

// TestFeedbackTooEarly: an appointment's feedback is refused, with a
// localized 422 on the page and nothing stored, more than an hour before
// its time; from then on it is taken.
func TestFeedbackTooEarly(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	at := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	ep := f.booked(t, at)
	c := f.client("ru")
	f.setNow(at.Add(-61 * time.Minute))
	p := c.post("/e/"+ep.Token+"/feedback", url.Values{"overall": {"4"}, "comment": {"рано"}, "lang": {"ru"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	wantContains(t, p, esc(catalog.Printer("ru").T("customer.error.feedback_early")), ">рано</textarea>")
	f.noEnglish(t, "ru", p)
	if n := len(f.feedback(t)); n != 0 {
		t.Fatalf("%d feedback stored, want none", n)
	}
	f.setNow(at.Add(-59 * time.Minute))
	wantStatus(t, c.post("/e/"+ep.Token+"/feedback", url.Values{"overall": {"4"}, "lang": {"ru"}}), http.StatusOK)
	if n := len(f.feedback(t)); n != 1 {
		t.Errorf("%d feedback stored, want 1", n)
	}
}

// TestFirstTimeDecidesFeedback: on an appointment (made as a regular's), the
// device's "yes" turns the page to first-timer mode and the feedback is
// recorded as a first-timer's too: what is shown is what is stored.
func TestFirstTimeDecidesFeedback(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	at := time.Now().Add(30 * time.Minute)
	ep := f.bookedIn(t, at, "en")
	c := f.client("en")
	p := c.post("/e/"+ep.Token+"/first-time", url.Values{"first_time": {"yes"}})
	wantContains(t, p, esc(catalog.Printer("en").T("customer.mode.first_now")))
	p = c.post("/e/"+ep.Token+"/feedback", url.Values{"overall": {"4"}})
	wantStatus(t, p, http.StatusOK)
	fb := f.feedback(t)
	if len(fb) != 1 || !fb[0].FirstTime {
		t.Fatalf("stored %+v, want one first-timer's feedback", fb)
	}

	// A device that said "no" on a first-timer's episode gives a regular's.
	c = f.client("en")
	tok := token(t, f.start(c, true))
	c.post("/e/"+tok+"/first-time", url.Values{"first_time": {"no"}})
	wantStatus(t, c.post("/e/"+tok+"/feedback", url.Values{"overall": {"4"}}), http.StatusOK)
	for _, x := range f.feedback(t) {
		if x.EpisodeID != ep.ID && x.FirstTime {
			t.Errorf("device said no, feedback stored as a first-timer's")
		}
	}
}
