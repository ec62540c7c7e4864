package manage

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/tandemhq/tandem"
)

// The blueprint editor keeps its draft in the page's one form: every field
// of every step and aspect is posted back on each button press (add, move,
// remove, publish), and the server answers with the changed draft. Nothing
// is stored until Publish, so there is no draft table to migrate or clean up,
// nothing shared between tabs, and any instance behind a load balancer can
// answer the next press.

// maxEditorForm bounds a posted draft by what Blueprint.Validate lets it
// hold: every text at its limit in the three languages, percent-encoded at
// up to 1 byte a rune in English, 2 in Finnish (ä, ö) and 6 in Russian, plus
// room for the field names and numbers. About 3.4 MB.
const maxEditorForm = (1+2+6)*(tandem.MaxSteps*(3*tandem.MaxTitleRunes+5*tandem.MaxGuidanceRunes+
	tandem.MaxRequestOptions*tandem.MaxRequestLabelRunes)+
	tandem.MaxAspects*tandem.MaxTitleRunes+tandem.MaxTextRunes) + 256<<10

// stepText is one translatable text of a step, as the form names it.
type stepText struct {
	Name         string // form field, e.g. "title"
	Label        string // i18n key
	Long         bool   // a textarea rather than one line
	CustomerOnly bool   // guidance only customer steps show
	get          func(*tandem.Step) *tandem.Text
}

// stepTexts lists a step's texts in the order the editor shows them.
var stepTexts = []stepText{
	{"title", "manage.editor.step_title", false, false, func(s *tandem.Step) *tandem.Text { return &s.Title }},
	{"short", "manage.editor.short", false, true, func(s *tandem.Step) *tandem.Text { return &s.Short }},
	{"why", "manage.bp.why", true, true, func(s *tandem.Step) *tandem.Text { return &s.Why }},
	{"expected", "manage.bp.expected", true, true, func(s *tandem.Step) *tandem.Text { return &s.Expected }},
	{"how", "manage.bp.how", true, true, func(s *tandem.Step) *tandem.Text { return &s.How }},
	{"ability", "manage.bp.ability", true, true, func(s *tandem.Step) *tandem.Text { return &s.Ability }},
	{"assisted", "manage.bp.assisted", true, true, func(s *tandem.Step) *tandem.Text { return &s.Assisted }},
	{"nudge", "manage.editor.nudge", false, true, func(s *tandem.Step) *tandem.Text { return &s.Nudge }},
}

// draft is a blueprint being edited and the version it was started from, so
// publishing over someone else's newer version is noticed.
type draft struct {
	Base int
	BP   *tandem.Blueprint
}

// newDraft starts a draft from the current version, or from one empty
// customer step when the service has none.
func newDraft(cur *tandem.Blueprint) *draft {
	if cur == nil {
		return &draft{BP: &tandem.Blueprint{Steps: []tandem.Step{emptyStep(tandem.LaneCustomer)}}}
	}
	b := *cur
	b.Steps = append([]tandem.Step(nil), cur.Steps...)
	for i := range b.Steps {
		b.Steps[i].Requests = append([]tandem.RequestOption(nil), cur.Steps[i].Requests...)
	}
	b.Aspects = append([]tandem.Aspect(nil), cur.Aspects...)
	b.Readiness = append([]tandem.Dimension(nil), cur.Readiness...)
	return &draft{Base: cur.Version, BP: &b}
}

func emptyStep(l tandem.Lane) tandem.Step {
	st := tandem.Step{Lane: l}
	for _, t := range stepTexts {
		*t.get(&st) = tandem.Text{}
	}
	return st
}

// parseDraft reads the draft the editor form posted. Bad values are kept as
// posted (an unknown lane, minutes that are not a number) for Validate to
// refuse at publish time with the field named.
func parseDraft(f url.Values) *draft {
	d := &draft{BP: &tandem.Blueprint{}}
	d.Base, _ = strconv.Atoi(f.Get("base"))
	b := d.BP
	b.Preparation = formText(f, "prep")
	for _, v := range f["readiness"] {
		b.Readiness = append(b.Readiness, tandem.Dimension(v))
	}
	// The counts bound the loops: a forged count cannot make the server
	// read more than a blueprint may hold.
	for i := range formCount(f, "steps", tandem.MaxSteps) {
		p := fmt.Sprintf("s%d.", i)
		st := tandem.Step{Key: f.Get(p + "key"), Lane: tandem.Lane(f.Get(p + "lane"))}
		for _, t := range stepTexts {
			*t.get(&st) = formText(f, p+t.Name)
		}
		st.ExpectedMinutes = formMinutes(f.Get(p + "expected_minutes"))
		st.WindowMinutes = formMinutes(f.Get(p + "window_minutes"))
		st.CompanySpecific = f.Get(p+"company_specific") != ""
		for _, r := range f[p+"req"] {
			st.Requirements = append(st.Requirements, tandem.Requirement(r))
		}
		for j := range formCount(f, p+"requests", tandem.MaxRequestOptions) {
			q := fmt.Sprintf("%sr%d.", p, j)
			st.Requests = append(st.Requests, tandem.RequestOption{Key: f.Get(q + "key"), Label: formText(f, q+"label"),
				DelayMinutes: formMinutes(f.Get(q + "delay"))})
		}
		b.Steps = append(b.Steps, st)
	}
	for i := range formCount(f, "aspects", tandem.MaxAspects) {
		p := fmt.Sprintf("a%d.", i)
		b.Aspects = append(b.Aspects, tandem.Aspect{
			Key:          f.Get(p + "key"),
			StepKey:      f.Get(p + "step"),
			Name:         formText(f, p+"name"),
			ControlledBy: tandem.Party(f.Get(p + "party")),
		})
	}
	return d
}

func formCount(f url.Values, name string, max int) int {
	n, err := strconv.Atoi(f.Get(name))
	if err != nil || n < 0 {
		return 0
	}
	return min(n, max)
}

// formMinutes reads a number of minutes; empty is 0, anything unreadable -1
// so that validation names the field.
func formMinutes(s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// formText reads a text in every language from name.en, name.ru, ...;
// browsers post CRLF line breaks, stored texts use LF.
func formText(f url.Values, name string) tandem.Text {
	t := tandem.Text{}
	for _, l := range tandem.Languages {
		v := strings.TrimSpace(strings.ReplaceAll(f.Get(name+"."+l), "\r\n", "\n"))
		if v != "" {
			t[l] = v
		}
	}
	return t
}

// assignKeys keeps the key of every step and aspect the current version
// already has: keys tie feedback and insight together across versions, so
// they never change. New ones get a key derived from their name (English
// first), unique in the blueprint, derived afresh on every press so that
// it follows the title until the first publish. Aspects follow their
// step's new key.
func assignKeys(b, cur *tandem.Blueprint) {
	var oldSteps, oldAspects map[string]bool
	if cur != nil {
		oldSteps, oldAspects = map[string]bool{}, map[string]bool{}
		for _, s := range cur.Steps {
			oldSteps[s.Key] = true
		}
		for _, a := range cur.Aspects {
			oldAspects[a.Key] = true
		}
	}
	keys := make([]string, len(b.Steps))
	names := make([]tandem.Text, len(b.Steps))
	for i, s := range b.Steps {
		keys[i], names[i] = s.Key, s.Title
	}
	renamed := deriveKeys(keys, names, oldSteps, "step")
	for i := range b.Steps {
		b.Steps[i].Key = keys[i]
	}

	keys = make([]string, len(b.Aspects))
	names = make([]tandem.Text, len(b.Aspects))
	for i, a := range b.Aspects {
		keys[i], names[i] = a.Key, a.Name
		if k, ok := renamed[a.StepKey]; ok {
			b.Aspects[i].StepKey = k
		}
	}
	deriveKeys(keys, names, oldAspects, "aspect")
	for i := range b.Aspects {
		b.Aspects[i].Key = keys[i]
	}

	// A request option keeps the key its step had for it in the current
	// version; a new one gets a key from its English label, unique in
	// the step.
	for i := range b.Steps {
		st := &b.Steps[i]
		var old map[string]bool
		if cur != nil {
			if c := cur.StepByKey(st.Key); c != nil {
				old = map[string]bool{}
				for _, o := range c.Requests {
					old[o.Key] = true
				}
			}
		}
		keys = make([]string, len(st.Requests))
		names = make([]tandem.Text, len(st.Requests))
		for j, o := range st.Requests {
			keys[j], names[j] = o.Key, o.Label
		}
		deriveKeys(keys, names, old, "request")
		for j := range st.Requests {
			st.Requests[j].Key = keys[j]
		}
	}
}

// deriveKeys keeps the keys found in old and derives the others from names;
// it returns how the posted keys of new items changed.
func deriveKeys(keys []string, names []tandem.Text, old map[string]bool, fallback string) map[string]string {
	used := map[string]bool{}
	kept := make([]bool, len(keys))
	for i, k := range keys {
		if old[k] && !used[k] {
			used[k], kept[i] = true, true
		}
	}
	renamed := map[string]string{}
	for i, k := range keys {
		if kept[i] {
			continue
		}
		nk := uniqueKey(slug(names[i].Get("en"), fallback), used)
		used[nk] = true
		if k != "" && k != nk && !old[k] {
			renamed[k] = nk
		}
		keys[i] = nk
	}
	return renamed
}

// translit spells Russian and Finnish letters in ASCII, so keys stay
// readable in exports and URLs.
var translit = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z", 'и': "i",
	'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "h", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "sch", 'ъ': "", 'ы': "y", 'ь': "",
	'э': "e", 'ю': "yu", 'я': "ya", 'ä': "a", 'ö': "o", 'å': "a", 'é': "e", 'ü': "u",
}

// maxSlug leaves room for a "-NN" suffix within the 40 characters a key may
// have.
const maxSlug = 36

// slug turns a name into a key: lowercase ASCII letters, digits and single
// hyphens; fallback when nothing usable is left.
func slug(name, fallback string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		var s string
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			s = string(r)
		case translit[r] != "" || r == 'ъ' || r == 'ь':
			s = translit[r]
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r):
			if b.Len() > 0 {
				dash = true
			}
			continue
		}
		if s == "" {
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteString(s)
		if b.Len() >= maxSlug {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > maxSlug {
		out = strings.TrimRight(out[:maxSlug], "-")
	}
	if len(out) < 2 {
		return fallback
	}
	return out
}

// uniqueKey returns base, or base-2, base-3... whichever is not used yet.
func uniqueKey(base string, used map[string]bool) string {
	if !used[base] {
		return base
	}
	for n := 2; ; n++ {
		if k := base + "-" + strconv.Itoa(n); !used[k] {
			return k
		}
	}
}

// missingCounts counts, per language, the texts written in some language
// but not in this one. A text written in no language is not a missing
// translation: either it is optional or Validate asks for it.
func missingCounts(b *tandem.Blueprint) map[string]int {
	m := map[string]int{}
	count := func(t tandem.Text) {
		if t.Empty() {
			return
		}
		for _, l := range tandem.Languages {
			if !t.Has(l) {
				m[l]++
			}
		}
	}
	count(b.Preparation)
	for i := range b.Steps {
		for _, t := range stepTexts {
			count(*t.get(&b.Steps[i]))
		}
		for _, o := range b.Steps[i].Requests {
			count(o.Label)
		}
	}
	for _, a := range b.Aspects {
		count(a.Name)
	}
	return m
}

// locate finds which step or aspect a validation error is about: the domain
// names the field ("steps.title") but not the item, so the draft is checked
// one item more at a time until the error appears.
func locate(b *tandem.Blueprint, err error) (kind string, index int) {
	field := tandem.ErrorField(err)
	switch {
	case strings.HasPrefix(field, "steps."):
		for i := range b.Steps {
			t := tandem.Blueprint{Steps: b.Steps[:i+1]}
			if e := t.Validate(); e != nil && strings.HasPrefix(tandem.ErrorField(e), "steps.") {
				return "step", i
			}
		}
	case strings.HasPrefix(field, "aspects."):
		for i := range b.Aspects {
			t := tandem.Blueprint{Steps: b.Steps, Aspects: b.Aspects[:i+1]}
			if e := t.Validate(); e != nil && strings.HasPrefix(tandem.ErrorField(e), "aspects.") {
				return "aspect", i
			}
		}
	}
	return "", -1
}
