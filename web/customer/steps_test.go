package customer_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// TestFirstTimerAndRegular: first-timers get the current step in full, the
// others, as regulars get every step, in the short version with "show how"; the company-specific step is shown in
// full, with its badge, to both; everyone sees what each step needs and the
// assisted alternative.
func TestFirstTimerAndRegular(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.Open(t))
			arrive, order, pay := f.step("arrive"), f.step("order"), f.step("pay-first")
			nArrive, nOrder, nPay := f.stepN("arrive"), f.stepN("order"), f.stepN("pay-first")
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
					// The first-timer's current step in full; the steps
					// after it fold as a regular's do, so that the current
					// step's buttons stay on the first screen.
					li := stepHTML(t, first, nArrive)
					if !strings.Contains(li, esc(arrive.How.Get(lang))) || strings.Contains(li, "<details") || strings.Contains(li, esc(arrive.Short.Get(lang))) {
						t.Errorf("first-timer's current step is not in full:\n%s", li)
					}
					wantContains(t, first, esc(pr.T("customer.mode.first_now")))
					short := esc(order.Short.Get(lang))
					for who, p := range map[string]page{"first-timer": first, "regular": regular} {
						li = stepHTML(t, p, nOrder)
						if !regexp.MustCompile(`(?s)` + regexp.QuoteMeta(`<p class="short">`+short+`</p><details id="how-`+strconv.Itoa(nOrder)+`"><summary>`+esc(pr.T("customer.step.show_how"))+`</summary>`) + `.*` + regexp.QuoteMeta(esc(order.How.Get(lang))) + `.*</details>`).MatchString(li) {
							t.Errorf("%s's next step is not short with the rest behind show how:\n%s", who, li)
						}
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
