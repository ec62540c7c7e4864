package manage_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
)

// staleCounts reads the editor's stale count per language.
func staleCounts(body string) string {
	counts := map[string]string{}
	for _, m := range regexp.MustCompile(`data-stale-lang="(\w+)"><span lang="\w+">[^<]*</span> <strong>(\d+)</strong>`).FindAllStringSubmatch(body, -1) {
		counts[m[1]] = m[2]
	}
	return fmt.Sprint(counts)
}

// TestEditorStaleTranslations: after the English title of a step changes
// and the draft is published, its Russian and Finnish titles are marked
// stale and counted; editing the Russian clears its mark, ticking "still
// correct" clears the Finnish one, and customers keep the translation.
func TestEditorStaleTranslations(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		b := current(t, e, a)
		b.Steps[0].Title = tandem.Text{"en": "Choose a table", "ru": "Выберите столик", "fi": "Valitse pöytä"}
		must(t, e.db.PublishBlueprint(ctx, b))
		key := b.Steps[0].Key

		c := e.client(t).login(a.manager.Email)
		f := openEditor(t, c, a.service.ID)
		if r := c.get("/app/services/" + id(a.service.ID) + "/edit"); staleCounts(r.Body) != "map[fi:0 ru:0]" || strings.Contains(r.Body, "stale-tr") {
			t.Fatalf("stale before any change: %s", staleCounts(r.Body))
		}
		f.values.Set("s0.title.en", "Choose your table")
		f.publish(t, a.service.ID)
		if got := current(t, e, a).Stale; fmt.Sprint(got) != fmt.Sprintf("map[steps.%s.title:[fi ru]]", key) {
			t.Errorf("stored stale marks = %v", got)
		}

		r := c.get("/app/services/" + id(a.service.ID) + "/edit")
		if got := staleCounts(r.Body); got != "map[fi:1 ru:1]" {
			t.Errorf("stale counts = %s, want ru 1, fi 1", got)
		}
		if n := strings.Count(r.Body, "stale-tr"); n != 2 {
			t.Errorf("%d fields marked stale, want 2", n)
		}
		if !strings.Contains(r.Body, "The English text changed after this translation") || !strings.Contains(itemHTML(r.Body, "step-1"), "2 outdated") {
			t.Errorf("the step does not explain or count its stale translations")
		}
		// Customers still get the stale translation.
		if got := current(t, e, a).Steps[0].Title.Get("ru"); got != "Выберите столик" {
			t.Errorf("Russian title = %q", got)
		}

		// Editing the Russian clears its mark at once, in the draft.
		f = readEditor(t, c, r.Body)
		f.values.Set("s0.title.ru", "Выберите свой столик")
		r = f.press(t, "apply")
		if got := staleCounts(r.Body); got != "map[fi:1 ru:0]" {
			t.Errorf("after editing ru: stale counts = %s", got)
		}
		// Ticking "still correct" for the Finnish clears it, and the tick
		// survives the next press.
		f = readEditor(t, c, r.Body)
		f.values.Add("stale_ok", "steps."+key+".title fi")
		r = f.press(t, "apply", "lang=fi")
		if got := staleCounts(r.Body); got != "map[fi:0 ru:0]" {
			t.Errorf("after ticking fi: stale counts = %s", got)
		}
		if !strings.Contains(r.Body, e.cat.Printer("fi").T("blueprintio.stale_h")) {
			t.Errorf("the Finnish page lacks the stale heading")
		}
		f = readEditor(t, c, r.Body)
		f.publish(t, a.service.ID)
		if got := current(t, e, a).Stale; len(got) != 0 {
			t.Errorf("stale marks after editing and confirming = %v", got)
		}
	})
}
