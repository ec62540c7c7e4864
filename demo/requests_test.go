package demo

import (
	"regexp"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
)

// quotedButton finds a quoted button name in a step's text, in the quotes
// each language uses: "Coffee now", «Кофе сейчас», ”Kahvi nyt”.
var quotedButton = regexp.MustCompile(`"([^"]+)"|«([^»]+)»|”([^”]+)”`)

// TestRequestButtonsExist: every button a demo step's text tells the
// customer to tap is one of that step's request options, in the same
// language, so no text promises a button the page does not have. (The
// pension ATM's texts name the machine's own buttons, not the page's.)
func TestRequestButtonsExist(t *testing.T) {
	for _, f := range []func() (tandem.Service, tandem.Blueprint){Restaurant, Cafeteria, Cleaning} {
		svc, b := f()
		for _, st := range b.CustomerSteps() {
			for _, text := range []tandem.Text{st.Short, st.How, st.Expected, st.Assisted} {
				for lang, s := range text {
					lower := strings.ToLower(s)
					if !strings.Contains(lower, "tap") && !strings.Contains(lower, "нажмите") && !strings.Contains(lower, "napauta") &&
						!strings.Contains(lower, "choose") && !strings.Contains(lower, "выберите") && !strings.Contains(lower, "valitse") {
						continue
					}
					for _, m := range quotedButton.FindAllStringSubmatch(s, -1) {
						name := m[1] + m[2] + m[3]
						if strings.HasPrefix(name, "No soap") || strings.HasPrefix(name, "Bin") || strings.HasPrefix(name, "Нет мыла") ||
							strings.HasPrefix(name, "Ведро") || strings.HasPrefix(name, "Saippua") || strings.HasPrefix(name, "Roskis") {
							continue // examples of what to report in the feedback, not buttons
						}
						found := false
						for _, o := range st.Requests {
							found = found || o.Label[lang] == name
						}
						if !found {
							t.Errorf("%s, step %s (%s): the text names the button %q, which the step does not offer", svc.Name["en"], st.Key, lang, name)
						}
					}
				}
			}
		}
	}
	// The restaurant's coffee can be asked for now or in 20 minutes.
	_, b := Restaurant()
	if o := b.StepByKey("order-coffee").Request("coffee-later"); o == nil || o.DelayMinutes != 20 {
		t.Errorf("order-coffee's coffee-later = %+v, want a 20-minute delay", o)
	}
}
