package customer_test

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
	"github.com/tandemhq/tandem/web/customer"
)

// step returns the customer step with key.
func (f *fixture) step(key string) tandem.Step {
	f.tb.Helper()
	st := f.bp.StepByKey(key)
	if st == nil {
		f.tb.Fatalf("no step %q", key)
	}
	return *st
}

// stepN is the 1-based position of a customer step on the pages.
func (f *fixture) stepN(key string) int {
	for i, st := range f.bp.CustomerSteps() {
		if st.Key == key {
			return i + 1
		}
	}
	f.tb.Fatalf("no customer step %q", key)
	return 0
}

// stepHTML returns the list item of the n-th step on an episode page.
func stepHTML(tb testing.TB, p page, n int) string {
	tb.Helper()
	m := regexp.MustCompile(`(?s)<li id="step-` + strconv.Itoa(n) + `".*?</li>`).FindString(p.Body)
	if m == "" {
		tb.Fatalf("%s: no step %d on the page", p.URL, n)
	}
	return m
}

func (f *fixture) episode(tb testing.TB, tok string) *tandem.Episode {
	tb.Helper()
	ep, err := f.db.FindEpisodeByToken(f.ctx, tok)
	must(tb, err)
	return ep
}

func (f *fixture) help(tb testing.TB, ep *tandem.Episode) []*tandem.HelpRequest {
	tb.Helper()
	list, err := f.db.ListHelp(f.ctx, tandem.HelpFilter{OrgID: f.org.ID, EpisodeID: &ep.ID})
	must(tb, err)
	return list
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

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

// TestFirstTimerAndRegular: first-timers get every step in full; regulars
// the short version with "show how"; the company-specific step is shown in
// full, with its badge, to both; everyone sees what each step needs and the
// assisted alternative.
func TestFirstTimerAndRegular(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.Open(t))
			order, pay := f.step("order"), f.step("pay-first")
			nOrder, nPay := f.stepN("order"), f.stepN("pay-first")
			for _, lang := range []string{"en", "ru", "fi"} {
				pr := catalog.Printer(lang)
				t.Run(lang, func(t *testing.T) {
					first := f.start(f.client(lang), true)
					regular := f.start(f.client(lang), false)
					for _, p := range []page{first, regular} {
						li := stepHTML(t, p, nPay)
						for _, s := range []string{pr.T("customer.step.company"), pay.Expected.Get(lang), pay.How.Get(lang), pay.Assisted.Get(lang)} {
							if !strings.Contains(li, esc(s)) {
								t.Errorf("company-specific step lacks %q", s)
							}
						}
						if strings.Contains(li, "<details") {
							t.Errorf("company-specific step hides its texts")
						}
						li = stepHTML(t, p, nOrder)
						for _, s := range []string{pr.T("requirement.read-small-text"), pr.T("requirement.local-language"), order.Assisted.Get(lang)} {
							if !strings.Contains(li, esc(s)) {
								t.Errorf("step %d lacks %q", nOrder, s)
							}
						}
						if lang != "en" {
							f.noEnglish(t, lang, p)
						}
					}
					li := stepHTML(t, first, nOrder)
					if !strings.Contains(li, esc(order.How.Get(lang))) || strings.Contains(li, "<details") || strings.Contains(li, esc(order.Short.Get(lang))) {
						t.Errorf("first-timer's step is not in full:\n%s", li)
					}
					wantContains(t, first, esc(pr.T("customer.mode.first")))
					li = stepHTML(t, regular, nOrder)
					short := esc(order.Short.Get(lang))
					if !regexp.MustCompile(`(?s)` + regexp.QuoteMeta(`<p class="short">`+short+`</p><details id="how-`+strconv.Itoa(nOrder)+`"><summary>`+esc(pr.T("customer.step.show_how"))+`</summary>`) + `.*` + regexp.QuoteMeta(esc(order.How.Get(lang))) + `.*</details>`).MatchString(li) {
						t.Errorf("regular's step is not short with the rest behind show how:\n%s", li)
					}
					wantContains(t, regular, esc(pr.T("customer.mode.regular")))
					if strings.Count(first.Body, esc(pr.T("customer.step.company"))) != 1 {
						t.Errorf("badge shown %d times, want once", strings.Count(first.Body, esc(pr.T("customer.step.company"))))
					}
				})
			}
		})
	}
}

// TestNudge: a timed step's nudge appears once the window after the
// previous step (the waiter serving the coffee) has passed: before that the
// page carries it for its timer, without showing it.
func TestNudge(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	t0 := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	f.setNow(t0)
	c := f.client("fi")
	tok := token(t, f.start(c, false))
	ep := f.episode(t, tok)
	drink := f.step("drink-coffee")
	n := f.stepN("drink-coffee")
	nudge := esc(drink.Nudge.Get("fi"))
	shown := `<p class="nudge" role="status">` + nudge + `</p>`

	// Not served yet: no nudge at all, however long it takes.
	f.setNow(t0.Add(time.Hour))
	if li := stepHTML(t, c.get("/e/"+tok), n); strings.Contains(li, "nudge") {
		t.Errorf("nudge before the coffee is served:\n%s", li)
	}
	must(t, f.db.MarkStepDone(f.ctx, ep.ID, f.step("serve-coffee").ID, t0.Add(time.Hour), tandem.ByStaff))

	// Served two minutes ago: the timer gets the remaining three.
	f.setNow(t0.Add(time.Hour + 2*time.Minute))
	li := stepHTML(t, c.get("/e/"+tok), n)
	if !strings.Contains(li, `data-in="180000" data-msg="`+nudge+`"></p>`) || strings.Contains(li, shown) {
		t.Errorf("two minutes after serving: want the nudge timed in 3 min, not shown:\n%s", li)
	}

	// The window has passed.
	f.setNow(t0.Add(time.Hour + 5*time.Minute))
	p := c.get("/e/" + tok)
	if li := stepHTML(t, p, n); !strings.Contains(li, shown) {
		t.Errorf("after the window: nudge not shown:\n%s", li)
	}
	f.noEnglish(t, "fi", p)

	// Drunk: no more nudging.
	must(t, f.db.MarkStepDone(f.ctx, ep.ID, drink.ID, f.now(), tandem.ByCustomer))
	if li := stepHTML(t, c.get("/e/"+tok), n); strings.Contains(li, "nudge") {
		t.Errorf("nudge on a step done:\n%s", li)
	}
}

// TestNudgeWithoutStaff: when nobody marks the coffee served, the window
// opens with the latest step the guest did before it, so the nudge still
// comes in a restaurant whose waiters do not use the staff view.
func TestNudgeWithoutStaff(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	t0 := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	f.setNow(t0)
	c := f.client("ru")
	tok := token(t, f.start(c, false))
	ep := f.episode(t, tok)
	drink := f.step("drink-coffee")
	n := f.stepN("drink-coffee")
	shown := `<p class="nudge" role="status">` + esc(drink.Nudge.Get("ru")) + `</p>`
	must(t, f.db.MarkStepDone(f.ctx, ep.ID, f.step("pay-first").ID, t0.Add(10*time.Minute), tandem.ByCustomer))

	f.setNow(t0.Add(14 * time.Minute))
	if li := stepHTML(t, c.get("/e/"+tok), n); strings.Contains(li, shown) {
		t.Errorf("nudge shown before the window passed:\n%s", li)
	}
	f.setNow(t0.Add(15 * time.Minute))
	if li := stepHTML(t, c.get("/e/"+tok), n); !strings.Contains(li, shown) {
		t.Errorf("five minutes after the guest's last step: nudge not shown:\n%s", li)
	}
}

// TestNudgeNotArmedEarly: the window opens with the step right before the
// timed one, not with any step done: a guest who has only arrived and
// ordered gets no coffee nudge, however long they sit; paying (the customer
// step before the waiter's) arms it.
func TestNudgeNotArmedEarly(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	t0 := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	f.setNow(t0)
	c := f.client("en")
	tok := token(t, f.start(c, false))
	ep := f.episode(t, tok)
	n := f.stepN("drink-coffee")
	shown := `<p class="nudge" role="status">` + esc(f.step("drink-coffee").Nudge.Get("en")) + `</p>`
	for _, key := range []string{"arrive", "order"} {
		must(t, f.db.MarkStepDone(f.ctx, ep.ID, f.step(key).ID, t0, tandem.ByCustomer))
		f.setNow(t0.Add(time.Hour))
		if li := stepHTML(t, c.get("/e/"+tok), n); strings.Contains(li, "nudge") {
			t.Errorf("after %q only: nudge armed:\n%s", key, li)
		}
	}
	must(t, f.db.MarkStepDone(f.ctx, ep.ID, f.step("pay-first").ID, t0.Add(time.Hour), tandem.ByCustomer))
	if li := stepHTML(t, c.get("/e/"+tok), n); !strings.Contains(li, `data-in="300000"`) {
		t.Errorf("just paid: want the nudge timed in 5 min:\n%s", li)
	}
	f.setNow(t0.Add(time.Hour + 5*time.Minute))
	if li := stepHTML(t, c.get("/e/"+tok), n); !strings.Contains(li, shown) {
		t.Errorf("five minutes after paying: nudge not shown:\n%s", li)
	}
}

// TestHelp: "I need help" raises one request however often it is pressed;
// the page shows its status as staff answer it; once done, help can be
// asked again.
func TestHelp(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.Open(t))
			c := f.client("ru")
			pr := catalog.Printer("ru")
			tok := token(t, f.start(c, false))
			ep := f.episode(t, tok)
			order := f.step("order")
			n := f.stepN("order")
			action := `action="/e/` + tok + `/steps/` + id(order.ID) + `/help"`
			wantContains(t, c.get("/e/"+tok), action)

			var p page
			for range 3 {
				p = c.post("/e/"+tok+"/steps/"+id(order.ID)+"/help", url.Values{"lang": {"ru"}})
				wantStatus(t, p, http.StatusOK)
				if want := "step-" + strconv.Itoa(n); p.URL.Fragment != want {
					t.Errorf("after help: at #%s, want #%s", p.URL.Fragment, want)
				}
			}
			list := f.help(t, ep)
			if len(list) != 1 || list[0].Status != tandem.HelpOpen || list[0].StepID != order.ID || list[0].SiteID != f.site.ID {
				t.Fatalf("stored help %+v, want one open request for the order step at the site", list)
			}
			li := stepHTML(t, p, n)
			if !strings.Contains(li, esc(pr.T("customer.help.open"))) || strings.Contains(li, action) {
				t.Errorf("open request: want its status and no second button:\n%s", li)
			}
			wantContains(t, p, `<div id="progress" role="status" data-live>`)
			f.noEnglish(t, "ru", p)

			_, err := f.app.AcknowledgeHelp(f.ctx, f.org.ID, list[0].ID, 0)
			must(t, err)
			p = c.get("/e/" + tok)
			if li := stepHTML(t, p, n); !strings.Contains(li, esc(pr.T("customer.help.acknowledged"))) {
				t.Errorf("acknowledged request not shown:\n%s", li)
			}
			f.noEnglish(t, "ru", p)

			_, err = f.app.CloseHelp(f.ctx, f.org.ID, list[0].ID, 0)
			must(t, err)
			p = c.get("/e/" + tok)
			if li := stepHTML(t, p, n); !strings.Contains(li, esc(pr.T("customer.help.done"))) || !strings.Contains(li, action) {
				t.Errorf("done request: want its status and the button back:\n%s", li)
			}
			p = c.post("/e/"+tok+"/steps/"+id(order.ID)+"/help", nil)
			wantStatus(t, p, http.StatusOK)
			if list := f.help(t, ep); len(list) != 2 {
				t.Errorf("asking after help came: %d requests, want 2", len(list))
			}

			// Only the customer's own steps.
			for _, step := range []string{id(f.step("greet").ID), "999999", "x"} {
				wantStatus(t, c.post("/e/"+tok+"/steps/"+step+"/help", nil), http.StatusNotFound)
			}
			wantStatus(t, c.post("/e/nosuchtoken/steps/"+id(order.ID)+"/help", nil), http.StatusNotFound)
			if list := f.help(t, ep); len(list) != 2 {
				t.Errorf("refused requests stored: %d requests, want 2", len(list))
			}
		})
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

// booked makes an appointment episode, as the API or the staff UI would.
func (f *fixture) booked(tb testing.TB, at time.Time) *tandem.Episode {
	tb.Helper()
	ep := &tandem.Episode{
		OrgID: f.org.ID, ServiceID: f.svc.ID, BlueprintID: f.bp.ID, TouchpointID: f.tp.ID, SiteID: f.site.ID,
		Lang: "fi", StartedAt: at.Add(-48 * time.Hour), ScheduledAt: at,
	}
	must(tb, f.db.CreateEpisode(f.ctx, ep))
	return ep
}

// TestAppointment: a booked episode shows its time, in the organization's
// time zone, and what to prepare; the preparation page is linkable before
// the visit. A device new to the place is asked "First time here?" there.
func TestAppointment(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.Open(t))
			for _, tc := range []struct{ lang, when string }{
				{"en", "Friday 14 March 2025, 10:30"}, {"ru", "14.03.2025, 10:30"}, {"fi", "14.3.2025 klo 10.30"},
			} {
				t.Run(tc.lang, func(t *testing.T) {
					ep := f.booked(t, time.Date(2025, 3, 14, 8, 30, 0, 0, time.UTC)) // 10.30 in Helsinki
					c := f.client(tc.lang)
					c.tb = t
					pr := catalog.Printer(tc.lang)
					p := c.get("/e/" + ep.Token + "/prepare")
					wantStatus(t, p, http.StatusOK)
					wantContains(t, p, `<time datetime="2025-03-14T10:30:00&#43;02:00">`+tc.when+`</time>`,
						esc(f.bp.Preparation.Get(tc.lang)), esc(pr.T("customer.appt.prepare")), `href="/e/`+ep.Token+`"`)
					if tc.lang != "en" {
						f.noEnglish(t, tc.lang, p)
					}
					p = c.get("/e/" + ep.Token)
					wantContains(t, p, `<section class="appt"`, tc.when, esc(f.bp.Preparation.Get(tc.lang)), esc(pr.T("customer.first.question")))
					if tc.lang != "en" {
						f.noEnglish(t, tc.lang, p)
					}
					// The answer is the device's: the page turns to first-timer mode.
					p = c.post("/e/"+ep.Token+"/first-time", url.Values{"first_time": {"yes"}})
					wantStatus(t, p, http.StatusOK)
					if strings.Contains(p.Body, esc(pr.T("customer.first.question"))) {
						t.Errorf("asked again after answering")
					}
					wantContains(t, p, esc(pr.T("customer.mode.first")))
				})
			}
			// A walk-in's preparation page says there is nothing to prepare
			// beyond the blueprint's text, with no time.
			c := f.client("en")
			walkIn := token(t, f.start(c, false))
			p := c.get("/e/" + walkIn + "/prepare")
			wantStatus(t, p, http.StatusOK)
			if strings.Contains(p.Body, "<time") {
				t.Errorf("walk-in preparation shows a time")
			}
			wantStatus(t, c.get("/e/nosuchtoken/prepare"), http.StatusNotFound)
		})
	}
}

// sse reads a live stream's lines into a channel until the stream ends.
type sse struct {
	lines chan string
	resp  *http.Response
}

func (f *fixture) live(tb testing.TB, ctx context.Context, path string, header http.Header) *sse {
	tb.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", f.srv.URL+path, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	must(tb, err)
	s := &sse{lines: make(chan string, 100), resp: resp}
	go func() {
		defer close(s.lines)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
	}()
	return s
}

// next returns the next line starting with prefix, skipping others, or
// fails when the stream ends or the deadline passes first.
func (s *sse) next(tb testing.TB, prefix string, within time.Duration) string {
	tb.Helper()
	deadline := time.After(within)
	for {
		select {
		case l, ok := <-s.lines:
			if !ok {
				tb.Fatalf("stream ended before a %q line", prefix)
			}
			if strings.HasPrefix(l, prefix) {
				return l
			}
		case <-deadline:
			tb.Fatalf("no %q line within %s", prefix, within)
		}
	}
}

// quiet checks that no line starting with prefix arrives for a while.
func (s *sse) quiet(tb testing.TB, prefix string, d time.Duration) {
	tb.Helper()
	deadline := time.After(d)
	for {
		select {
		case l, ok := <-s.lines:
			if ok && strings.HasPrefix(l, prefix) {
				tb.Fatalf("unexpected %q", l)
			}
			if !ok {
				return
			}
		case <-deadline:
			return
		}
	}
}

var versionRE = regexp.MustCompile(`data-v="([^"]+)"`)

// TestLive: the live stream says nothing while nothing changes, and sends
// an event when staff mark a step done or answer a help request; the page
// then shows the change.
func TestLive(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.Open(t))
			c := f.client("fi")
			p := f.start(c, false)
			tok := token(t, p)
			ep := f.episode(t, tok)
			v := versionRE.FindStringSubmatch(p.Body)
			if v == nil {
				t.Fatalf("episode page has no live version")
			}
			wantContains(t, p, `data-src="/e/`+tok+`/live" data-v="`+v[1]+`"`)

			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			s := f.live(t, ctx, "/e/"+tok+"/live?v="+v[1], nil)
			if ct := s.resp.Header.Get("Content-Type"); s.resp.StatusCode != 200 || ct != "text/event-stream" {
				t.Fatalf("live: %d %s, want 200 text/event-stream", s.resp.StatusCode, ct)
			}
			s.quiet(t, "data:", 200*time.Millisecond) // ten polls, nothing changed

			arrive := f.step("arrive")
			must(t, f.db.MarkStepDone(f.ctx, ep.ID, arrive.ID, time.Now(), tandem.ByStaff))
			id1 := s.next(t, "id:", 10*time.Second)
			s.next(t, "data:", time.Second)
			p = c.get("/e/" + tok)
			li := stepHTML(t, p, 1)
			if !strings.Contains(li, `class="step done"`) || !strings.Contains(li, esc(catalog.Printer("fi").T("customer.step.done_by.staff"))) {
				t.Errorf("step done by staff not shown:\n%s", li)
			}
			if v2 := versionRE.FindStringSubmatch(p.Body); v2 == nil || "id: "+v2[1] != id1 {
				t.Errorf("page version %v, want the stream's %q", v2, id1)
			}
			s.quiet(t, "data:", 100*time.Millisecond)

			h := &tandem.HelpRequest{EpisodeID: ep.ID, StepID: f.step("order").ID}
			_, err := f.db.RequestHelp(f.ctx, h)
			must(t, err)
			s.next(t, "data:", 10*time.Second)
			_, err = f.app.AcknowledgeHelp(f.ctx, f.org.ID, h.ID, 0)
			must(t, err)
			s.next(t, "data:", 10*time.Second)

			// A browser reconnecting says what it was last told; a page
			// from before a change hears of it at once.
			r := f.live(t, ctx, "/e/"+tok+"/live?v="+v[1], nil)
			r.next(t, "data:", 5*time.Second)
			cur := versionRE.FindStringSubmatch(c.get("/e/" + tok).Body)[1]
			r = f.live(t, ctx, "/e/"+tok+"/live?v="+v[1], http.Header{"Last-Event-ID": {cur}})
			r.quiet(t, "data:", 100*time.Millisecond)

			res, err := http.Get(f.srv.URL + "/e/nosuchtoken/live")
			must(t, err)
			res.Body.Close()
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("live for an unknown token: %d, want 404", res.StatusCode)
			}
		})
	}
}

// TestLiveBounded: the stream keeps itself warm with comments and ends
// after its time with "end", after which the browser reconnects (the page
// only stops listening on "done", see TestLiveDone).
func TestLiveBounded(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t), func(s *customer.Server) {
		s.LiveHeartbeat = 20 * time.Millisecond
		s.LiveFor = 300 * time.Millisecond
	})
	tok := token(t, f.start(f.client("en"), false))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s := f.live(t, ctx, "/e/"+tok+"/live", nil)
	s.next(t, ":", 5*time.Second)
	s.next(t, "event: end", 5*time.Second)
	deadline := time.After(5 * time.Second)
	for {
		select {
		case l, ok := <-s.lines:
			if !ok {
				return // closed
			}
			if strings.HasPrefix(l, "id:") || strings.HasPrefix(l, "event:") {
				t.Errorf("stream goes on after its end: %q", l)
			}
		case <-deadline:
			t.Fatal("stream still open after its end")
		}
	}
}

// TestDisplaySwitch: larger text and high contrast are links, remembered on
// the device, and applied as classes on <html>.
func TestDisplaySwitch(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	c := f.client("ru")
	pr := catalog.Printer("ru")
	path := "/t/" + f.tp.Code
	p := c.get(path)
	wantContains(t, p, `<html lang="ru">`, `href="`+path+`?text=large"`, esc(pr.T("customer.display.large_text")), `href="`+path+`?contrast=high"`)
	for _, tc := range []struct{ query, class string }{
		{"?text=large", ` class="large"`}, {"", ` class="large"`}, {"?contrast=high", ` class="large contrast"`},
		{"?text=normal", ` class="contrast"`}, {"?contrast=normal", ``}, {"", ``},
	} {
		p = c.get(path + tc.query)
		wantContains(t, p, `<html lang="ru"`+tc.class+`>`)
	}
	p = c.get(path + "?text=large")
	wantContains(t, p, `href="`+path+`?text=normal"`, esc(pr.T("customer.display.normal_text")))
	f.noEnglish(t, "ru", p)
}

// TestNoEnglishOnNewPages: the companion's states and pages carry no
// English in Russian and Finnish.
func TestNoEnglishOnNewPages(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	for _, lang := range []string{"ru", "fi"} {
		t.Run(lang, func(t *testing.T) {
			c := f.client(lang)
			c.tb = t
			f.noEnglish(t, lang, c.get("/t/"+f.tp.Code)) // the question
			tok := token(t, f.start(c, true))
			ep := f.episode(t, tok)
			must(t, f.db.MarkStepDone(f.ctx, ep.ID, f.step("arrive").ID, time.Now(), tandem.BySystem))
			must(t, f.db.MarkStepDone(f.ctx, ep.ID, f.step("serve-coffee").ID, time.Now().Add(-time.Hour), tandem.ByStaff))
			c.post("/e/"+tok+"/steps/"+id(f.step("order").ID)+"/help", nil)
			p := c.get("/e/" + tok)
			wantContains(t, p, esc(f.step("drink-coffee").Nudge.Get(lang)), esc(catalog.Printer(lang).T("customer.step.done_by.system")))
			f.noEnglish(t, lang, p)
			f.noEnglish(t, lang, c.get("/t/"+f.tp.Code)) // the start form, after answering
			f.noEnglish(t, lang, c.get("/e/"+f.booked(t, time.Now().Add(time.Hour)).Token+"/prepare"))
			f.noEnglish(t, lang, c.get("/e/"+tok+"?text=large&contrast=high"))
		})
	}
}
