package manage_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/web/manage"
)

// editorForm is the editor form as a browser would post it: every field
// read from the page, so the tests prove the page round-trips the draft.
type editorForm struct {
	c      *client
	action string
	values url.Values
}

var (
	reForm     = regexp.MustCompile(`(?s)<form method="post" action="(/app/services/\d+/edit)"[^>]*>(.*?)</form>`)
	reInput    = regexp.MustCompile(`<input ([^>]*)>`)
	reTextarea = regexp.MustCompile(`(?s)<textarea ([^>]*)>(.*?)</textarea>`)
	reSelect   = regexp.MustCompile(`(?s)<select ([^>]*)>(.*?)</select>`)
	reOption   = regexp.MustCompile(`<option ([^>]*)>`)
	reAttr     = regexp.MustCompile(`([a-z-]+)(?:="([^"]*)")?`)
)

func attrs(s string) map[string]string {
	m := map[string]string{}
	for _, a := range reAttr.FindAllStringSubmatch(s, -1) {
		m[a[1]] = html.UnescapeString(a[2])
		if a[2] == "" && !strings.Contains(a[0], "=") {
			m[a[1]] = "\x00" // a boolean attribute
		}
	}
	return m
}

// readEditor parses the editor form out of a page.
func readEditor(t *testing.T, c *client, page string) *editorForm {
	t.Helper()
	m := reForm.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no editor form on the page:\n%.2000s", page)
	}
	f := &editorForm{c: c, action: m[1], values: url.Values{}}
	body := m[2]
	for _, in := range reInput.FindAllStringSubmatch(body, -1) {
		a := attrs(in[1])
		if a["name"] == "" {
			continue
		}
		if a["type"] == "checkbox" {
			if _, on := a["checked"]; on {
				f.values.Add(a["name"], a["value"])
			}
			continue
		}
		f.values.Add(a["name"], a["value"])
	}
	for _, ta := range reTextarea.FindAllStringSubmatch(body, -1) {
		f.values.Add(attrs(ta[1])["name"], html.UnescapeString(ta[2]))
	}
	for _, sel := range reSelect.FindAllStringSubmatch(body, -1) {
		name := attrs(sel[1])["name"]
		opts := reOption.FindAllStringSubmatch(sel[2], -1)
		if len(opts) == 0 {
			continue
		}
		val := attrs(opts[0][1])["value"]
		for _, o := range opts {
			if a := attrs(o[1]); a["selected"] != "" {
				val = a["value"]
			}
		}
		f.values.Set(name, val)
	}
	return f
}

// openEditor signs nothing in: c must be a manager of the service's org.
func openEditor(t *testing.T, c *client, serviceID int64) *editorForm {
	t.Helper()
	r := c.get("/app/services/" + id(serviceID) + "/edit")
	if r.Status != http.StatusOK {
		t.Fatalf("GET editor = %d", r.Status)
	}
	return readEditor(t, c, r.Body)
}

// press posts the form with the named button, as a browser does.
func (f *editorForm) press(t *testing.T, op string, query ...string) response {
	t.Helper()
	v := url.Values{}
	for k, vs := range f.values {
		v[k] = append([]string(nil), vs...)
	}
	v.Set("op", op)
	path := f.action
	if len(query) > 0 {
		path += "?" + query[0]
	}
	return f.c.post(path, v)
}

// pressOK presses a draft button and reads the form the answer carries.
func (f *editorForm) pressOK(t *testing.T, op string) *editorForm {
	t.Helper()
	r := f.press(t, op)
	if r.Status != http.StatusOK {
		t.Fatalf("press %s = %d, want 200:\n%.600s", op, r.Status, visibleText(r.Body))
	}
	return readEditor(t, f.c, r.Body)
}

// publish presses Publish and expects the blueprint view.
func (f *editorForm) publish(t *testing.T, serviceID int64) {
	t.Helper()
	r := f.press(t, "publish")
	if want := "/app/services/" + id(serviceID); r.Status != http.StatusSeeOther || r.Location != want {
		t.Fatalf("publish = %d %q, want 303 %s:\n%.800s", r.Status, r.Location, want, visibleText(r.Body))
	}
}

// stepIndex finds the form index of the step with key.
func (f *editorForm) stepIndex(t *testing.T, key string) int {
	t.Helper()
	for i := 0; ; i++ {
		k, ok := f.values[fmt.Sprintf("s%d.key", i)]
		if !ok {
			t.Fatalf("no step %q in the form", key)
		}
		if k[0] == key {
			return i
		}
	}
}

func (f *editorForm) stepKeys() []string {
	var out []string
	for i := 0; ; i++ {
		k, ok := f.values[fmt.Sprintf("s%d.key", i)]
		if !ok {
			return out
		}
		out = append(out, k[0])
	}
}

func current(t *testing.T, e *env, o *org) *tandem.Blueprint {
	t.Helper()
	b, err := e.db.CurrentBlueprint(ctx, o.org.ID, o.service.ID)
	must(t, err)
	return b
}

// design renders what a blueprint says, without ids and dates, so two
// versions can be compared.
func design(b *tandem.Blueprint) string {
	text := func(t tandem.Text) string {
		var parts []string
		for _, l := range tandem.Languages {
			if t[l] != "" {
				parts = append(parts, l+"="+t[l])
			}
		}
		return "{" + strings.Join(parts, "|") + "}"
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "prep%s readiness%v\n", text(b.Preparation), b.Readiness)
	for _, s := range b.Steps {
		reqs := fmt.Sprint(s.Requirements)
		if len(s.Requirements) == 0 {
			reqs = "[]"
		}
		fmt.Fprintf(&sb, "step %s %s %s short%s why%s exp%s how%s abl%s ast%s min=%d cs=%v win=%d nudge%s req=%s\n",
			s.Key, s.Lane, text(s.Title), text(s.Short), text(s.Why), text(s.Expected), text(s.How), text(s.Ability), text(s.Assisted),
			s.ExpectedMinutes, s.CompanySpecific, s.WindowMinutes, text(s.Nudge), reqs)
		for _, o := range s.Requests {
			fmt.Fprintf(&sb, "  request %s %s delay=%d\n", o.Key, text(o.Label), o.DelayMinutes)
		}
	}
	for _, a := range b.Aspects {
		fmt.Fprintf(&sb, "aspect %s step=%s %s %s\n", a.Key, a.StepKey, text(a.Name), a.ControlledBy)
	}
	return sb.String()
}

// TestEditorPublishUnchanged: the draft the editor shows is the current
// version exactly; publishing it untouched makes version 2 with the same
// design and the same keys, and version 1 stays as it was.
func TestEditorPublishUnchanged(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		// Fill every field, so a field the page drops would show.
		b := current(t, e, a)
		b.ID, b.Version = 0, 0
		b.Preparation = tandem.Text{"en": "Bring your card", "ru": "Возьмите карту", "fi": "Ota kortti"}
		b.Readiness = []tandem.Dimension{tandem.KnowHow, tandem.Ability}
		s := &b.Steps[0]
		s.Short = tandem.Text{"en": "Any table"}
		s.Nudge = tandem.Text{"en": "Line 1\nLine 2 & <b>"}
		s.CompanySpecific, s.WindowMinutes, s.ExpectedMinutes = true, 5, 2
		s.Requirements = []tandem.Requirement{tandem.Standing, tandem.BankCard}
		must(t, e.db.PublishBlueprint(ctx, b))
		v2 := design(current(t, e, a))

		c := e.client(t).login(a.manager.Email)
		f := openEditor(t, c, a.service.ID)
		f.publish(t, a.service.ID)
		got := current(t, e, a)
		if got.Version != 3 {
			t.Fatalf("version after publish = %d, want 3", got.Version)
		}
		if d := design(got); d != v2 {
			t.Errorf("published an unchanged draft:\n got %s\nwant %s", d, v2)
		}
		old, err := e.db.FindBlueprint(ctx, a.org.ID, a.bp.ID)
		must(t, err)
		if old.Version != 1 || design(old) != design(a.bp) {
			t.Errorf("version 1 changed:\n got %s\nwant %s", design(old), design(a.bp))
		}
		if r := c.get("/app/services/" + id(a.service.ID)); !strings.Contains(r.Body, "Version 3") {
			t.Errorf("blueprint view does not show version 3")
		}
	})
}

// TestEditorEditStep changes texts and settings of a step and publishes.
func TestEditorEditStep(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		c := e.client(t).login(a.manager.Email)
		f := openEditor(t, c, a.service.ID)
		i := f.stepIndex(t, "drink-coffee")
		p := fmt.Sprintf("s%d.", i)
		f.values.Set(p+"title.en", "Enjoy your coffee")
		f.values.Set(p+"title.fi", "Nauti kahvista")
		f.values.Set(p+"why.en", "It tastes best hot")
		f.values.Set(p+"window_minutes", "5")
		f.values.Set(p+"nudge.en", "Your coffee is ready")
		f.values.Set(p+"company_specific", "1")
		f.values[p+"req"] = []string{"carry-tray", "hearing"}
		f.values.Set(fmt.Sprintf("s%d.expected_minutes", f.stepIndex(t, "take-order")), "7")
		f.values.Set(fmt.Sprintf("s%d.lane", f.stepIndex(t, "deliver-fish")), "backstage")
		f.values["readiness"] = []string{"motivation", "role"}
		f.values.Set("prep.ru", "Приходите голодными")
		f.publish(t, a.service.ID)

		b := current(t, e, a)
		st := b.StepByKey("drink-coffee")
		if st == nil {
			t.Fatalf("step key changed: %s", design(b))
		}
		if st.Title["en"] != "Enjoy your coffee" || st.Title["fi"] != "Nauti kahvista" || st.Title["ru"] != "Выпейте кофе" ||
			st.Why["en"] != "It tastes best hot" || st.WindowMinutes != 5 || st.Nudge["en"] != "Your coffee is ready" || !st.CompanySpecific ||
			fmt.Sprint(st.Requirements) != "[carry-tray hearing]" {
			t.Errorf("edited step = %+v", *st)
		}
		if b.StepByKey("take-order").ExpectedMinutes != 7 || b.StepByKey("deliver-fish").Lane != tandem.LaneBackstage {
			t.Errorf("other steps not edited: %s", design(b))
		}
		if fmt.Sprint(b.Readiness) != "[motivation role]" || b.Preparation["ru"] != "Приходите голодными" {
			t.Errorf("readiness %v preparation %v", b.Readiness, b.Preparation)
		}
		if b.AspectByKey("coffee-temperature").StepKey != "drink-coffee" {
			t.Errorf("aspect lost its step")
		}
	})
}

// TestEditorAddMoveRemoveSteps: new steps go where asked, get keys from
// their English title, and moving and removing keep every other key.
func TestEditorAddMoveRemoveSteps(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		c := e.client(t).login(a.manager.Email)
		f := openEditor(t, c, a.service.ID)
		if got := strings.Join(f.stepKeys(), " "); got != "choose-table take-order cook deliver-fish drink-coffee" {
			t.Fatalf("steps in the form = %s", got)
		}
		// Add a backstage step after step 1.
		f.values.Set("new_lane", "backstage")
		f.values.Set("new_pos", "1")
		r := f.press(t, "add-step")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `id="changed"`) || !strings.Contains(r.Body, "autofocus") {
			t.Fatalf("add step = %d, anchor/focus shown: %v", r.Status, strings.Contains(r.Body, `id="changed"`))
		}
		f = readEditor(t, c, r.Body)
		if got := f.values.Get("s1.lane"); got != "backstage" {
			t.Fatalf("new step lane = %q, want backstage at position 2; keys %v", got, f.stepKeys())
		}
		f.values.Set("s1.title.en", "Warm the plates!")
		f.values.Set("s1.title.ru", "Согреть тарелки")
		// A new customer step titled in Russian only gets a readable key.
		f.values.Set("new_lane", "customer")
		f.values.Set("new_pos", "6")
		f = f.pressOK(t, "add-step")
		f.values.Set("s6.title.ru", "Оставьте чаевые")
		f = f.pressOK(t, "apply")
		if got := strings.Join(f.stepKeys(), " "); got != "choose-table warm-the-plates take-order cook deliver-fish drink-coffee ostavte-chaevye" {
			t.Fatalf("keys after adding = %s", got)
		}
		// Move the first step down twice, then the last one up.
		f = f.pressOK(t, "down:0")
		f = f.pressOK(t, "down:1")
		f = f.pressOK(t, "up:6")
		// Remove the cook step (no aspects belong to it).
		f = f.pressOK(t, fmt.Sprintf("remove-step:%d", f.stepIndex(t, "cook")))
		want := "warm-the-plates take-order choose-table deliver-fish ostavte-chaevye drink-coffee"
		if got := strings.Join(f.stepKeys(), " "); got != want {
			t.Fatalf("keys after moving = %s, want %s", got, want)
		}
		if got := current(t, e, a); got.Version != 1 {
			t.Fatalf("draft presses published version %d", got.Version)
		}
		f.publish(t, a.service.ID)
		b := current(t, e, a)
		var keys []string
		for _, s := range b.Steps {
			keys = append(keys, s.Key)
		}
		if got := strings.Join(keys, " "); b.Version != 2 || got != want {
			t.Errorf("published v%d steps %s, want v2 %s", b.Version, got, want)
		}
		if s := b.StepByKey("warm-the-plates"); s == nil || s.Lane != tandem.LaneBackstage || s.Title["ru"] != "Согреть тарелки" {
			t.Errorf("new step = %+v", s)
		}
		// The old version keeps its steps.
		old, err := e.db.FindBlueprint(ctx, a.org.ID, a.bp.ID)
		must(t, err)
		if old.StepByKey("cook") == nil || len(old.Steps) != 5 {
			t.Errorf("version 1 lost steps: %s", design(old))
		}
	})
}

// TestEditorRemoveStepWithAspects: a step that aspects belong to is not
// removed; the page says why, in the page's language, and keeps the draft.
func TestEditorRemoveStepWithAspects(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		c := e.client(t).login(a.manager.Email)
		f := openEditor(t, c, a.service.ID)
		i := f.stepIndex(t, "drink-coffee")
		f.values.Set("s0.title.en", "Changed but not lost")
		r := f.press(t, fmt.Sprintf("remove-step:%d", i), "lang=ru")
		want := e.cat.Printer("ru").T("manage.editor.step_has_aspects", "Температура кофе")
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, html.EscapeString(want)) {
			t.Fatalf("remove step with aspects = %d, message shown %v; want 422 with %q", r.Status, strings.Contains(r.Body, html.EscapeString(want)), want)
		}
		g := readEditor(t, c, r.Body)
		if g.values.Get(fmt.Sprintf("s%d.key", i)) != "drink-coffee" || g.values.Get("s0.title.en") != "Changed but not lost" {
			t.Errorf("the refused removal changed the draft: %v", g.stepKeys())
		}
		// Moving the aspect to the whole service first lets the step go.
		for j := 0; g.values.Has(fmt.Sprintf("a%d.key", j)); j++ {
			if g.values.Get(fmt.Sprintf("a%d.key", j)) == "coffee-temperature" {
				g.values.Set(fmt.Sprintf("a%d.step", j), "")
			}
		}
		g = g.pressOK(t, fmt.Sprintf("remove-step:%d", i))
		for _, k := range g.stepKeys() {
			if k == "drink-coffee" {
				t.Errorf("step not removed: %v", g.stepKeys())
			}
		}
		g.publish(t, a.service.ID)
		if asp := current(t, e, a).AspectByKey("coffee-temperature"); asp == nil || asp.StepKey != "" {
			t.Errorf("aspect after publish = %+v, want the whole service", asp)
		}
	})
}

// TestEditorAspects adds, edits and removes aspects.
func TestEditorAspects(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		c := e.client(t).login(a.manager.Email)
		f := openEditor(t, c, a.service.ID)
		f = f.pressOK(t, "add-aspect")
		f.values.Set("a2.name.en", "Salt on the table")
		f.values.Set("a2.name.ru", "Соль на столе")
		f.values.Set("a2.step", "choose-table")
		f.values.Set("a2.party", "shared")
		f.values.Set("a1.party", "partner") // friendly waiter: edited
		f = f.pressOK(t, "remove-aspect:0") // coffee temperature: removed
		if got := f.values.Get("a1.key"); got != "salt-on-the-table" {
			t.Fatalf("new aspect key = %q", got)
		}
		f.publish(t, a.service.ID)
		b := current(t, e, a)
		if len(b.Aspects) != 2 || b.AspectByKey("coffee-temperature") != nil {
			t.Fatalf("aspects = %s", design(b))
		}
		if w := b.AspectByKey("friendly-waiter"); w == nil || w.ControlledBy != tandem.PartyPartner || w.StepKey != "take-order" {
			t.Errorf("edited aspect = %+v", w)
		}
		if s := b.AspectByKey("salt-on-the-table"); s == nil || s.StepKey != "choose-table" || s.ControlledBy != tandem.PartyShared || s.Name["ru"] != "Соль на столе" {
			t.Errorf("new aspect = %+v", s)
		}
	})
}

// TestEditorNewStepAspect: an aspect can belong to a step added in the
// same draft, and follows it when the step's key follows its title.
func TestEditorNewStepAspect(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		c := e.client(t).login(a.manager.Email)
		f := openEditor(t, c, a.service.ID)
		f.values.Set("new_lane", "customer")
		f.values.Set("new_pos", "5")
		f = f.pressOK(t, "add-step")
		f.values.Set("s5.title.en", "Pay")
		f = f.pressOK(t, "add-aspect")
		f.values.Set("a2.name.en", "Quick bill")
		f.values.Set("a2.step", "pay")
		f = f.pressOK(t, "apply")
		if f.values.Get("a2.step") != "pay" {
			t.Fatalf("aspect step = %q, want pay", f.values.Get("a2.step"))
		}
		// Retitle the new step: its key follows, and so does the aspect.
		f.values.Set("s5.title.en", "Pay the bill")
		f = f.pressOK(t, "apply")
		if f.values.Get("s5.key") != "pay-the-bill" || f.values.Get("a2.step") != "pay-the-bill" {
			t.Fatalf("after retitling: step key %q, aspect step %q", f.values.Get("s5.key"), f.values.Get("a2.step"))
		}
		// A second step with the same title gets its own key; a long title
		// is cut to fit.
		f.values.Set("new_pos", "6")
		f = f.pressOK(t, "add-step")
		f.values.Set("s6.title.en", "Pay the bill")
		f.values.Set("new_pos", "7")
		f = f.pressOK(t, "add-step")
		f.values.Set("s7.title.en", "Tell your friends about the dish of the day, the wine and the view")
		f = f.pressOK(t, "apply")
		if got := f.values.Get("s6.key") + " " + f.values.Get("s7.key"); got != "pay-the-bill-2 tell-your-friends-about-the-dish-of" {
			t.Errorf("keys = %s", got)
		}
		f.publish(t, a.service.ID)
		if asp := current(t, e, a).AspectByKey("quick-bill"); asp == nil || asp.StepKey != "pay-the-bill" {
			t.Errorf("aspect = %+v", asp)
		}
		// Once published, the key stays even when the title changes.
		f = openEditor(t, c, a.service.ID)
		i := f.stepIndex(t, "pay-the-bill")
		f.values.Set(fmt.Sprintf("s%d.title.en", i), "Settle up")
		f = f.pressOK(t, "apply")
		if f.values.Get(fmt.Sprintf("s%d.key", i)) != "pay-the-bill" {
			t.Errorf("a published key changed to %q", f.values.Get(fmt.Sprintf("s%d.key", i)))
		}
	})
}

// TestEditorValidation: Publish refuses an invalid draft with the domain's
// message, localized, at the item; nothing is published and the draft is
// kept.
func TestEditorValidation(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		c := e.client(t).login(a.manager.Email)
		for _, tc := range []struct {
			name   string
			lang   string
			change func(f *editorForm)
			key    string // the message
			anchor string // the item it is shown at
		}{
			{"title cleared", "ru", func(f *editorForm) {
				for _, l := range tandem.Languages {
					f.values.Set("s1.title."+l, "")
				}
			}, "error.required", "step-2"},
			{"customer-only setting on a frontline step", "fi", func(f *editorForm) {
				f.values.Set("s1.window_minutes", "5")
			}, "error.customer_only", "step-2"},
			{"minutes out of range", "en", func(f *editorForm) {
				f.values.Set("s2.expected_minutes", "100000")
			}, "error.range", "step-3"},
			{"minutes not a number", "en", func(f *editorForm) {
				f.values.Set("s0.expected_minutes", "soon")
			}, "error.range", "step-1"},
			{"aspect without a name", "ru", func(f *editorForm) {
				for _, l := range tandem.Languages {
					f.values.Set("a1.name."+l, "")
				}
			}, "error.required", "aspect-2"},
			{"unknown party", "fi", func(f *editorForm) {
				f.values.Set("a0.party", "weather")
			}, "error.party", "aspect-1"},
			{"unknown lane", "en", func(f *editorForm) {
				f.values.Set("s3.lane", "kitchen")
			}, "error.lane", "step-4"},
			{"unknown requirement", "en", func(f *editorForm) {
				f.values.Add("s0.req", "telepathy")
			}, "error.requirement", "step-1"},
			{"unknown readiness question", "ru", func(f *editorForm) {
				f.values.Add("readiness", "luck")
			}, "error.dimension", "before"},
			{"no steps", "en", func(f *editorForm) {
				f.values.Set("steps", "0")
			}, "error.steps_count", "steps"},
			{"title too long", "ru", func(f *editorForm) {
				f.values.Set("s1.title.ru", strings.Repeat("я", tandem.MaxTitleRunes+1))
			}, "error.text_long", "step-2"},
			{"instructions too long", "fi", func(f *editorForm) {
				f.values.Set("s0.how.fi", strings.Repeat("ä", tandem.MaxGuidanceRunes+1))
			}, "error.text_long", "step-1"},
			{"aspect name too long", "en", func(f *editorForm) {
				f.values.Set("a0.name.en", strings.Repeat("x", tandem.MaxTitleRunes+1))
			}, "error.text_long", "aspect-1"},
			{"preparation too long", "ru", func(f *editorForm) {
				f.values.Set("prep.en", strings.Repeat("x", tandem.MaxTextRunes+1))
			}, "error.text_long", "before"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				f := openEditor(t, c, a.service.ID)
				tc.change(f)
				r := f.press(t, "publish", "lang="+tc.lang)
				msg := html.EscapeString(e.cat.Printer(tc.lang).T(tc.key))
				if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, msg) {
					t.Fatalf("publish = %d, message shown %v; want 422 with %q\n%.600s", r.Status, strings.Contains(r.Body, msg), msg, visibleText(r.Body))
				}
				// The message is in the summary, linked to the item, and at the item.
				if !strings.Contains(r.Body, `href="#`+tc.anchor+`"`) {
					t.Errorf("the summary does not link to #%s", tc.anchor)
				}
				if tc.anchor != "steps" && tc.anchor != "before" {
					item := itemHTML(r.Body, tc.anchor)
					if !strings.Contains(item, `class="field-error">`+msg) {
						t.Errorf("item #%s does not show the message:\n%.1500s", tc.anchor, item)
					}
				}
				if b := current(t, e, a); b.Version != 1 {
					t.Errorf("an invalid draft was published as version %d", b.Version)
				}
				// The answer still carries the whole draft.
				g := readEditor(t, c, r.Body)
				if g.values.Get("s0.key") != f.values.Get("s0.key") && tc.anchor != "steps" {
					t.Errorf("draft lost after a refusal")
				}
			})
		}
	})
}

// itemHTML is the markup of the <li> with id.
func itemHTML(page, id string) string {
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	rest := page[i:]
	if j := strings.Index(rest, `<li class="ed-item`); j >= 0 {
		rest = rest[:j]
	}
	if j := strings.Index(rest, "</ol>"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// TestEditorMissingTranslations: texts written in some language but not
// in another are marked at the field and counted per language at the top.
func TestEditorMissingTranslations(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		b := current(t, e, a)
		b.Steps[0].Title = tandem.Text{"en": "Choose a table", "ru": "Выберите столик"}           // fi missing
		b.Steps[0].How = tandem.Text{"en": "Look for a card"}                                     // ru, fi missing
		b.Steps[1].Title = tandem.Text{"fi": "Ota tilaus"}                                        // en, ru missing
		b.Aspects[1].Name = tandem.Text{"en": "Friendly waiter", "fi": "Ystävällinen tarjoilija"} // ru missing
		b.Preparation = tandem.Text{}                                                             // empty: not missing
		must(t, e.db.PublishBlueprint(ctx, b))

		c := e.client(t).login(a.manager.Email)
		r := c.get("/app/services/" + id(a.service.ID) + "/edit")
		counts := map[string]string{}
		for _, m := range regexp.MustCompile(`data-lang="(\w+)"><span lang="\w+">[^<]*</span> <strong>(\d+)</strong>`).FindAllStringSubmatch(r.Body, -1) {
			counts[m[1]] = m[2]
		}
		if got := fmt.Sprint(counts); got != "map[en:1 fi:2 ru:3]" {
			t.Errorf("missing counts = %s, want en 1, ru 3, fi 2", got)
		}
		if n := strings.Count(r.Body, `class="ed-lang missing-tr"`); n != 6 {
			t.Errorf("%d fields marked missing, want 6", n)
		}
		if n := strings.Count(r.Body, "⚠ missing"); n != 6 {
			t.Errorf("%d visible missing markers, want 6", n)
		}
		if !strings.Contains(itemHTML(r.Body, "step-1"), "3 missing") {
			t.Errorf("step 1 does not count its 3 missing translations")
		}
		// Filling them in clears the marks.
		f := readEditor(t, c, r.Body)
		f.values.Set("s0.title.fi", "Valitse pöytä")
		f.values.Set("s0.how.ru", "Ищите табличку")
		f.values.Set("s0.how.fi", "Etsi korttia")
		f.values.Set("s1.title.en", "Take the order")
		f.values.Set("s1.title.ru", "Принять заказ")
		f.values.Set("a1.name.ru", "Приветливый официант")
		r = f.press(t, "apply", "lang=ru")
		if strings.Contains(r.Body, "missing-tr") || !strings.Contains(r.Body, e.cat.Printer("ru").T("manage.editor.missing_h")) {
			t.Errorf("after translating: fields still marked missing, or the Russian page lacks the heading")
		}
	})
}

// TestEditorEscapes: a hostile title is shown as text, in the page and in
// the form fields, before and after publishing.
func TestEditorEscapes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		c := e.client(t).login(a.manager.Email)
		f := openEditor(t, c, a.service.ID)
		f.values.Set("s0.title.en", xss)
		f.values.Set("a0.name.fi", xss)
		r := f.press(t, "apply")
		escaped := "&lt;script&gt;alert(1)&lt;/script&gt;"
		if strings.Contains(r.Body, xss) || !strings.Contains(r.Body, escaped) {
			t.Errorf("apply: raw script %v, escaped %v", strings.Contains(r.Body, xss), strings.Contains(r.Body, escaped))
		}
		f = readEditor(t, c, r.Body)
		if f.values.Get("s0.title.en") != xss {
			t.Errorf("the title did not round-trip: %q", f.values.Get("s0.title.en"))
		}
		f.publish(t, a.service.ID)
		for _, p := range []string{"/app/services/" + id(a.service.ID) + "/edit", "/app/services/" + id(a.service.ID)} {
			r := c.get(p)
			if strings.Contains(r.Body, xss) || !strings.Contains(r.Body, escaped) {
				t.Errorf("GET %s: raw script %v, escaped %v", p, strings.Contains(r.Body, xss), strings.Contains(r.Body, escaped))
			}
		}
		if got := current(t, e, a).Steps[0].Title["en"]; got != xss {
			t.Errorf("stored title = %q", got)
		}
	})
}

// TestEditorRoles: staff and crews cannot open or post the editor.
func TestEditorRoles(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		mgr := e.client(t).login(a.manager.Email)
		f := openEditor(t, mgr, a.service.ID)
		staff := e.client(t).login(a.staff.Email)
		f.c = staff
		edit := "/app/services/" + id(a.service.ID) + "/edit"
		for _, r := range []response{staff.get(edit), staff.get("/app/services/new"), f.press(t, "publish"),
			staff.post("/app/services/new", url.Values{"name.en": {"Staff service"}})} {
			if r.Status != http.StatusForbidden {
				t.Errorf("staff = %d, want 403", r.Status)
			}
		}
		if b := current(t, e, a); b.Version != 1 {
			t.Errorf("staff published version %d", b.Version)
		}
		svcs, err := e.db.ListServices(ctx, a.org.ID)
		must(t, err)
		if len(svcs) != 1 {
			t.Errorf("staff created a service: %d services", len(svcs))
		}
		// Signed out: sign in first, and a post is refused.
		anon := e.client(t)
		if r := anon.get(edit); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login") {
			t.Errorf("signed out GET editor = %d %q", r.Status, r.Location)
		}
		f.c = anon
		if r := f.press(t, "publish"); r.Status != http.StatusUnauthorized {
			t.Errorf("signed out publish = %d, want 401", r.Status)
		}
		// A cross-site post is refused, like every other form.
		f.c = mgr
		v := url.Values{}
		for k, vs := range f.values {
			v[k] = vs
		}
		v.Set("op", "publish")
		if r := mgr.post(edit, v, "Sec-Fetch-Site", "cross-site"); r.Status != http.StatusForbidden {
			t.Errorf("cross-site publish = %d, want 403", r.Status)
		}
		if b := current(t, e, a); b.Version != 1 {
			t.Errorf("a refused post published version %d", b.Version)
		}
	})
}

// TestEditorTenantIsolation: org B's manager can neither open org A's
// editor nor publish into it, even with a complete, valid form.
func TestEditorTenantIsolation(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		f := openEditor(t, e.client(t).login(a.manager.Email), a.service.ID)
		b := e.client(t).login(e.b.manager.Email)
		f.c = b
		f.values.Set("s0.title.en", "B was here")
		for name, r := range map[string]response{
			"GET":     b.get(f.action),
			"publish": f.press(t, "publish"),
			"add":     f.press(t, "add-step"),
		} {
			if r.Status != http.StatusNotFound || strings.Contains(r.Body, a.secret) || strings.Contains(r.Body, "Choose a table") {
				t.Errorf("org B %s A's editor = %d, want 404 showing nothing of A", name, r.Status)
			}
		}
		if got := current(t, e, a); got.Version != 1 || got.Steps[0].Title["en"] != "Choose a table" {
			t.Errorf("org B changed org A's blueprint: v%d %q", got.Version, got.Steps[0].Title["en"])
		}
		// B's own service cannot be published with A's steps either: the
		// service comes from the path, checked against B's organization.
		f.action = "/app/services/" + id(e.b.service.ID) + "/edit"
		f.publish(t, e.b.service.ID)
		if got := current(t, e, a); got.Version != 1 {
			t.Errorf("org A's version = %d after B published its own", got.Version)
		}
		// A site of A's cannot host B's new service.
		r := b.post("/app/services/new", url.Values{"name.en": {"Sneaky"}, "site_id": {id(a.site.ID)}})
		if want := e.cat.Printer("en").T("manage.newservice.site_unknown"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
			t.Errorf("org B new service on A's site = %d, want 422 with %q", r.Status, want)
		}
		if svcs, err := e.db.ListServices(ctx, e.b.org.ID); err != nil || len(svcs) != 1 {
			t.Errorf("org B has %d services after the refusal (%v), want 1", len(svcs), err)
		}
	})
}

// TestEditorEpisodeKeepsVersion: an episode started on version 1 keeps
// version 1 after version 2 is published in the editor, while new
// customers get version 2.
func TestEditorEpisodeKeepsVersion(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		ep := &tandem.Episode{OrgID: a.org.ID, ServiceID: a.service.ID, BlueprintID: a.bp.ID, TouchpointID: a.tp.ID,
			SiteID: a.site.ID, Lang: "en", StartedAt: e.mgr.App.Now()}
		must(t, e.db.CreateEpisode(ctx, ep))
		v1 := design(a.bp)

		c := e.client(t).login(a.manager.Email)
		f := openEditor(t, c, a.service.ID)
		f.values.Set("s0.title.en", "Pick any table")
		f = f.pressOK(t, fmt.Sprintf("remove-step:%d", f.stepIndex(t, "cook")))
		f.publish(t, a.service.ID)

		got, err := e.db.FindEpisode(ctx, a.org.ID, ep.ID)
		must(t, err)
		if got.BlueprintID != a.bp.ID {
			t.Fatalf("episode blueprint = %d, want version 1's %d", got.BlueprintID, a.bp.ID)
		}
		b, err := e.db.FindBlueprint(ctx, a.org.ID, got.BlueprintID)
		must(t, err)
		if b.Version != 1 || design(b) != v1 {
			t.Errorf("the episode's blueprint changed: v%d\n%s", b.Version, design(b))
		}
		cur := current(t, e, a)
		if cur.Version != 2 || cur.ID == a.bp.ID || cur.Steps[0].Title["en"] != "Pick any table" || cur.StepByKey("cook") != nil {
			t.Errorf("current = v%d %s", cur.Version, design(cur))
		}
		svc, err := e.db.FindService(ctx, a.org.ID, a.service.ID)
		must(t, err)
		if svc.Version != 2 {
			t.Errorf("service version = %d, want 2", svc.Version)
		}
	})
}

// TestEditorConflict: publishing a draft of version 1 after someone else
// published version 2 asks first, keeping the draft; a second press
// publishes it as version 3.
func TestEditorConflict(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		c := e.client(t).login(a.manager.Email)
		f := openEditor(t, c, a.service.ID)
		f.values.Set("s0.title.en", "Mine")
		other := current(t, e, a)
		other.Steps[0].Title = tandem.Text{"en": "Theirs"}
		must(t, e.db.PublishBlueprint(ctx, other))

		r := f.press(t, "publish")
		want := html.EscapeString(e.cat.Printer("en").T("manage.editor.conflict", 2))
		if r.Status != http.StatusConflict || !strings.Contains(r.Body, want) {
			t.Fatalf("stale publish = %d, message shown %v", r.Status, strings.Contains(r.Body, want))
		}
		if b := current(t, e, a); b.Version != 2 || b.Steps[0].Title["en"] != "Theirs" {
			t.Fatalf("stale publish replaced version 2: v%d", b.Version)
		}
		g := readEditor(t, c, r.Body)
		if g.values.Get("s0.title.en") != "Mine" || g.values.Get("base") != "2" {
			t.Fatalf("draft after the conflict: title %q base %q", g.values.Get("s0.title.en"), g.values.Get("base"))
		}
		g.publish(t, a.service.ID)
		if b := current(t, e, a); b.Version != 3 || b.Steps[0].Title["en"] != "Mine" {
			t.Errorf("after confirming: v%d %q", b.Version, b.Steps[0].Title["en"])
		}
	})
}

// TestNewService creates a service with its first version and opens its
// editor; a nameless one is refused and nothing is created.
func TestNewService(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		c := e.client(t).login(a.manager.Email)
		if r := c.get("/app/services/new?lang=fi"); r.Status != http.StatusOK || !strings.Contains(r.Body, "Sali") ||
			!strings.Contains(r.Body, e.cat.Printer("fi").T("manage.newservice.title")) {
			t.Fatalf("GET new service = %d", r.Status)
		}
		if r := c.get("/app?lang=en"); !strings.Contains(r.Body, `href="/app/services/new"`) {
			t.Errorf("the services list does not link to the new service form")
		}
		r := c.post("/app/services/new?lang=ru", url.Values{"name.en": {" "}, "site_id": {id(a.site.ID)}})
		if want := e.cat.Printer("ru").T("error.required"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
			t.Errorf("nameless service = %d, message shown %v", r.Status, strings.Contains(r.Body, want))
		}
		r = c.post("/app/services/new", url.Values{"name.en": {"Haircut"}, "name.fi": {"Hiustenleikkuu"}, "site_id": {id(a.site.ID)}})
		if r.Status != http.StatusSeeOther || !strings.HasSuffix(r.Location, "/edit") {
			t.Fatalf("create service = %d %q", r.Status, r.Location)
		}
		svcs, err := e.db.ListServices(ctx, a.org.ID)
		must(t, err)
		if len(svcs) != 2 {
			t.Fatalf("%d services, want 2", len(svcs))
		}
		sort.Slice(svcs, func(i, j int) bool { return svcs[i].ID < svcs[j].ID })
		svc := svcs[1]
		if r.Location != "/app/services/"+id(svc.ID)+"/edit" || svc.Name["fi"] != "Hiustenleikkuu" || svc.Name["ru"] != "" || svc.SiteID != a.site.ID {
			t.Errorf("created %+v, redirected to %q", svc, r.Location)
		}
		b, err := e.db.CurrentBlueprint(ctx, a.org.ID, svc.ID)
		must(t, err)
		if b.Version != 1 || len(b.Steps) != 1 || b.Steps[0].Key != "arrive" || b.Steps[0].Lane != tandem.LaneCustomer || b.Steps[0].Title["ru"] != "Прийти" {
			t.Errorf("first blueprint = %s", design(b))
		}
		// Its editor opens on the first step.
		r = c.get(r.Location + "?lang=en")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "Arrive") || !strings.Contains(r.Body, "Publish version 2") {
			t.Errorf("new service's editor = %d", r.Status)
		}
	})
}

// TestEditorLargestDraft: a draft as large as Validate allows (60 steps and
// 40 aspects, every text at its limit in the three languages) fits the
// form and publishes; one over the form's bound is refused as too large.
func TestEditorLargestDraft(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		c := e.client(t).login(a.manager.Email)
		f := openEditor(t, c, a.service.ID)
		// Plain English, Finnish with its ä and ö, and Russian at its
		// largest once percent-encoded.
		langs := map[string]string{"en": "Take a tray ", "fi": "Kävele pöytään ", "ru": "я"}
		fill := func(name string, max int) {
			for l, pattern := range langs {
				f.values.Set(name+"."+l, string([]rune(strings.Repeat(pattern, max))[:max]))
			}
		}
		fill("prep", tandem.MaxTextRunes)
		f.values.Set("steps", id(tandem.MaxSteps))
		for i := range tandem.MaxSteps {
			p := fmt.Sprintf("s%d.", i)
			if f.values.Get(p+"lane") == "" {
				f.values.Set(p+"lane", "customer")
			}
			for _, name := range []string{"title", "short", "nudge"} {
				fill(p+name, tandem.MaxTitleRunes)
			}
			for _, name := range []string{"why", "expected", "how", "ability", "assisted"} {
				fill(p+name, tandem.MaxGuidanceRunes)
			}
			// Unique titles, so every new step gets a key.
			f.values.Set(p+"title.en", fmt.Sprintf("Step %d ", i)+f.values.Get(p + "title.en")[:tandem.MaxTitleRunes-10])
		}
		f.values.Set("aspects", id(tandem.MaxAspects))
		for i := range tandem.MaxAspects {
			p := fmt.Sprintf("a%d.", i)
			fill(p+"name", tandem.MaxTitleRunes)
			f.values.Set(p+"name.en", fmt.Sprintf("Aspect %d ", i)+f.values.Get(p + "name.en")[:tandem.MaxTitleRunes-10])
			if f.values.Get(p+"party") == "" {
				f.values.Set(p+"party", "provider")
			}
		}
		if n := len(f.values.Encode()); n > manage.MaxEditorForm {
			t.Fatalf("the largest valid draft posts %d bytes, over the bound of %d", n, manage.MaxEditorForm)
		}
		f.publish(t, a.service.ID)
		if b := current(t, e, a); len(b.Steps) != tandem.MaxSteps || len(b.Aspects) != tandem.MaxAspects {
			t.Errorf("published %d steps and %d aspects, want %d and %d", len(b.Steps), len(b.Aspects), tandem.MaxSteps, tandem.MaxAspects)
		}

		f.values.Set("prep.en", strings.Repeat("x", manage.MaxEditorForm))
		if r := f.press(t, "apply"); r.Status != http.StatusRequestEntityTooLarge {
			t.Errorf("a form over the bound = %d, want 413", r.Status)
		}
	})
}

// TestEditorMoveAspects: aspects move up and down like steps; the moved
// aspect keeps its texts and settings, and the order is published.
func TestEditorMoveAspects(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		c := e.client(t).login(a.manager.Email)
		f := openEditor(t, c, a.service.ID)
		keys := func(f *editorForm) string {
			var out []string
			for i := 0; f.values.Has(fmt.Sprintf("a%d.key", i)); i++ {
				out = append(out, f.values.Get(fmt.Sprintf("a%d.key", i)))
			}
			return strings.Join(out, " ")
		}
		before := keys(f)
		first := strings.Fields(before)[0]
		n := len(strings.Fields(before))
		if n < 2 {
			t.Fatalf("aspects = %q, want at least two", before)
		}
		party := f.values.Get("a0.party")
		r := f.press(t, "aspect-down:0", "lang=ru")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `id="changed"`) {
			t.Fatalf("aspect-down = %d", r.Status)
		}
		if want := html.EscapeString(e.cat.Printer("ru").T("manage.editor.aspect_up_label", 2)); !strings.Contains(r.Body, want) {
			t.Errorf("the moved aspect lacks its %q button", want)
		}
		f = readEditor(t, c, r.Body)
		if got := f.values.Get("a1.key"); got != first || f.values.Get("a1.party") != party {
			t.Fatalf("after down: %s, a1 party %q; want %s second with party %q", keys(f), f.values.Get("a1.party"), first, party)
		}
		// Up from the top and down from the bottom change nothing.
		f = f.pressOK(t, "aspect-up:0")
		f = f.pressOK(t, fmt.Sprintf("aspect-down:%d", n-1))
		f = f.pressOK(t, "aspect-up:1")
		if got := keys(f); got != before {
			t.Fatalf("after down and up: %s, want %s", got, before)
		}
		f = f.pressOK(t, fmt.Sprintf("aspect-up:%d", n-1))
		want := keys(f)
		f.publish(t, a.service.ID)
		var got []string
		for _, x := range current(t, e, a).Aspects {
			got = append(got, x.Key)
		}
		if strings.Join(got, " ") != want || want == before {
			t.Errorf("published aspects %v, want %s (moved from %s)", got, want, before)
		}
	})
}
