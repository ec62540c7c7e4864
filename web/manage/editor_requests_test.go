package manage_test

import (
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
)

// TestEditorRequests: a customer step's request buttons are edited in the
// one form like any text, en/ru/fi side by side: added, labelled, timed,
// removed and published, keeping the keys the published version had and
// deriving new ones from the English label.
func TestEditorRequests(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		c := e.client(t).login(a.manager.Email)
		f := openEditor(t, c, a.service.ID)
		i := f.stepIndex(t, "drink-coffee")
		p := fmt.Sprintf("s%d.", i)
		if got := f.values.Get(p + "requests"); got != "2" {
			t.Fatalf("the coffee step's buttons in the form: %q, want 2", got)
		}
		if f.values.Get(p+"r1.key") != "coffee-later" || f.values.Get(p+"r1.label.ru") != "Кофе через 20 минут" || f.values.Get(p+"r1.delay") != "20" {
			t.Errorf("the second button reads %q %q %q", f.values.Get(p+"r1.key"), f.values.Get(p+"r1.label.ru"), f.values.Get(p+"r1.delay"))
		}
		// Another customer step has none, but may get some; other lanes
		// show no such section.
		if _, ok := f.values[fmt.Sprintf("s%d.requests", f.stepIndex(t, "choose-table"))]; !ok {
			t.Error("a customer step without buttons offers none to add")
		}
		if _, ok := f.values[fmt.Sprintf("s%d.requests", f.stepIndex(t, "cook"))]; ok {
			t.Error("a backstage step offers request buttons")
		}

		// Add a third button, which takes the focus; fill it in three languages.
		r := f.press(t, fmt.Sprintf("add-request:%d", i))
		if r.Status != http.StatusOK || !strings.Contains(r.Body, fmt.Sprintf(`id="s%d-r2-label-en" name="%sr2.label.en" lang="en" value="" autofocus`, i, p)) {
			t.Fatalf("add-request = %d; the new label is not focused", r.Status)
		}
		f = readEditor(t, c, r.Body)
		f.values.Set(p+"r2.label.en", "The bill, please")
		f.values.Set(p+"r2.label.ru", "Счёт, пожалуйста")
		f.values.Set(p+"r2.label.fi", "Lasku, kiitos")
		f.values.Set(p+"r2.delay", "")
		f.values.Set(p+"r1.delay", "25")
		// Remove the first ("Coffee now").
		f = f.pressOK(t, fmt.Sprintf("remove-request:%d.0", i))
		if got := f.values.Get(p + "requests"); got != "2" {
			t.Fatalf("after removing one: %q buttons, want 2", got)
		}
		f.publish(t, a.service.ID)
		st := current(t, e, a).StepByKey("drink-coffee")
		want := []tandem.RequestOption{
			{Key: "coffee-later", Label: tandem.Text{"en": "Coffee in 20 minutes", "ru": "Кофе через 20 минут", "fi": "Kahvi 20 minuutin päästä"}, DelayMinutes: 25},
			{Key: "the-bill-please", Label: tandem.Text{"en": "The bill, please", "ru": "Счёт, пожалуйста", "fi": "Lasku, kiitos"}},
		}
		if got := fmt.Sprint(st.Requests); got != fmt.Sprint(want) {
			t.Errorf("published buttons %s, want %s", got, fmt.Sprint(want))
		}

		// Refused at publish, with the message at the step's buttons and
		// nothing stored: a delay out of range, a label only in Russian.
		for _, tc := range []struct {
			name, field, value, key string
		}{
			{"delay over four hours", "r0.delay", "300", "error.request_delay"},
			{"no English label", "r1.label.en", "", "error.request_label"},
		} {
			f := openEditor(t, c, a.service.ID)
			before := current(t, e, a).Version
			f.values.Set(p+tc.field, tc.value)
			r := f.press(t, "publish")
			if r.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s: publish = %d, want 422", tc.name, r.Status)
			}
			if msg := e.cat.Printer("en").T(tc.key); !strings.Contains(r.Body, `<p class="field-error">`+html.EscapeString(msg)+`</p>`) {
				t.Errorf("%s: the page does not say %q at the field", tc.name, msg)
			}
			if v := current(t, e, a).Version; v != before {
				t.Errorf("%s: version %d published", tc.name, v)
			}
		}

		// At most six: the seventh is refused and the button disabled.
		f = openEditor(t, c, a.service.ID)
		for n := 2; n < tandem.MaxRequestOptions; n++ {
			f = f.pressOK(t, fmt.Sprintf("add-request:%d", i))
		}
		if got := f.values.Get(p + "requests"); got != fmt.Sprint(tandem.MaxRequestOptions) {
			t.Fatalf("%s buttons after adding, want %d", got, tandem.MaxRequestOptions)
		}
		if r := f.press(t, fmt.Sprintf("add-request:%d", i)); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, html.EscapeString(e.cat.Printer("en").T("error.requests_count"))) {
			t.Errorf("a seventh button: %d", r.Status)
		}
	})
}
