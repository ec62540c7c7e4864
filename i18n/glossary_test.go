package i18n

import "testing"

// No catalogue string uses a variant the glossary forbids, and every word
// the glossary approves is in use somewhere, so the glossary stays true to
// the catalogues.
func TestGlossary(t *testing.T) {
	g, err := LoadGlossary()
	if err != nil {
		t.Fatal(err)
	}
	c := MustLoad()
	used := map[int]bool{}
	for _, lang := range c.Languages() {
		p := c.Printer(lang)
		for _, k := range c.Keys(lang) {
			s := p.T(k)
			for _, v := range g.Violations(lang, k, s) {
				t.Errorf("%s %s = %q: %s", lang, k, s, v)
			}
			for i, term := range g.Terms {
				if term.Lang == lang && !term.Forbid && term.Used(s) {
					used[i] = true
				}
			}
		}
	}
	for i, term := range g.Terms {
		if !term.Forbid && !used[i] {
			t.Errorf("glossary: %s %s %q is used by no catalogue string", term.Lang, term.Concept, term.Pattern)
		}
	}
}

// The check itself: a forbidden stem inside an approved phrase is fine,
// alone it is not; a skipped key prefix is not checked.
func TestGlossaryViolations(t *testing.T) {
	g, err := parseGlossary("```glossary\nru touchpoint use точк\\pL*\\sконтакта\nru site forbid точк\\pL* catalogue\nen visit forbid episode\\pL* skip=api.\n```\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang, key, text string
		bad             bool
	}{
		{"ru", "", "Точки контакта этой площадки", false},
		{"ru", "x", "Просьбы о помощи по точкам", true},
		{"ru", "x", "Точка", true},
		{"ru", "", "на экране появится точка", false}, // not a catalogue string
		{"ru", "", "Поставщик", false},
		{"en", "manage.x", "Running episodes keep it", true},
		{"en", "api.x", "No episode has this token.", false},
		{"en", "manage.x", "Episodes", true},
	} {
		if got := len(g.Violations(tc.lang, tc.key, tc.text)) > 0; got != tc.bad {
			t.Errorf("Violations(%s, %q) = %v, want %v", tc.lang, tc.text, got, tc.bad)
		}
	}
}
