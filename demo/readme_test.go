package demo

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/i18n"
)

// readmeLabel is one label the README quotes (in *italics*), with where it
// comes from: what the page shows, in the language the reader sees it in.
type readmeLabel struct{ label, from string }

// TestReadmeNamesWhatUsersSee: every label the README's demo walk (and its
// "Running it for real") quotes is the text of the catalogue entry, step,
// request button or touchpoint the page shows, in the language of the user
// who sees it: a demo user's own Lang for the staff pages, the language the
// walk switches the customer page to, English otherwise. A walk that names
// a user in another language than English also says which. Every italic in
// those paragraphs must be one of these labels, so a new claim cannot slip
// in unchecked, and a renamed button or retranslated label fails here
// until the README follows.
func TestReadmeNamesWhatUsersSee(t *testing.T) {
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	_, rest := Restaurant()
	_, caf := Cafeteria()
	user := func(email string) userDef {
		for _, u := range userDefs {
			if u.email == email {
				return u
			}
		}
		t.Fatalf("the README walks as %s, who is not a demo user", email)
		return userDef{}
	}
	tp := func(key string) string {
		for _, d := range tpDefs {
			if d.key == key {
				if !d.featured {
					t.Errorf("touchpoint %s is not among the links the demo prints", key)
				}
				return d.name.Get("en") // the demo prints the English names
			}
		}
		t.Fatalf("no demo touchpoint %s", key)
		return ""
	}
	step := func(b tandem.Blueprint, key string) *tandem.Step {
		st := b.StepByKey(key)
		if st == nil {
			t.Fatalf("no demo step %s", key)
		}
		return st
	}
	request := func(b tandem.Blueprint, stepKey, key, lang string) readmeLabel {
		o := step(b, stepKey).Request(key)
		if o == nil {
			t.Fatalf("step %s offers no request %s", stepKey, key)
		}
		return readmeLabel{o.Label.Get(lang), "the request button " + stepKey + "/" + key + " in " + lang}
	}
	msg := func(lang, key string, args ...any) readmeLabel {
		return readmeLabel{cat.Printer(lang).T(key, args...), key + " in " + lang}
	}
	langNames := map[string]string{"ru": "Russian", "fi": "Finnish"}

	staff, waiter, owner, crew := user(StaffEmail), user(WaiterEmail), user(OwnerEmail), user(CrewEmail)
	problem := func(typ tandem.TouchpointType, key string) readmeLabel {
		p := tandem.FindProblem(tandem.DefaultProblems(typ), key)
		if p == nil {
			t.Fatalf("no built-in problem %s for %s", key, typ)
		}
		return readmeLabel{p.Name.Get("en"), "the built-in quick problem " + key + " in en"}
	}
	if !step(caf, "pay-till").CompanySpecific {
		t.Error("the cafeteria's pay-till step is not flagged as done differently here")
	}
	cases := []struct {
		para   string   // how the paragraph begins
		users  []string // the demo users it signs in as
		labels []readmeLabel
	}{
		{"**The cafeteria, first visit (S2).**", nil, []readmeLabel{
			{tp("caf-entrance"), "the touchpoint's printed name"},
			msg("fi", "lang.name"), // the walk switches to Finnish
			msg("fi", "customer.first.question"),
			msg("fi", "customer.first.yes"),
			msg("fi", "customer.step.company"),
		}},
		{"**The pension ATM (S3).**", []string{staff.email}, []readmeLabel{
			msg("en", "lang.name"),
			msg(staff.lang, "manage.nav.live"),
			msg(staff.lang, "manage.live.ack"),
			{tp("atm"), "the touchpoint's printed name"},
			msg("en", "customer.first.question"),
			msg("en", "customer.help.button"),
			msg("en", "customer.help.acknowledged"),
		}},
		{"**The restaurant's coffee (S1).**", []string{waiter.email}, []readmeLabel{
			{tp("table-12"), "the touchpoint's printed name"},
			msg("en", "customer.first.question"),
			msg("en", "customer.step.done_button"),
			{step(rest, "order-coffee").Title.Get("en"), "the step order-coffee in en"},
			request(rest, "order-coffee", "coffee-now", "en"),
			request(rest, "order-coffee", "coffee-later", "en"),
			request(rest, "ask-salt", "waiter", "en"),
			request(rest, "pay", "bill", "en"),
			msg("en", "lang.name"),
			msg(waiter.lang, "manage.nav.live"),
			request(rest, "order-coffee", "coffee-now", waiter.lang),
			msg(waiter.lang, "manage.live.requests"),
			msg(waiter.lang, "manage.live.ack"),
			msg(waiter.lang, "manage.live.done"),
			msg(waiter.lang, "manage.live.staff_done", step(rest, "coffee-and-bill").Title.Get(waiter.lang)),
		}},
		{"**Office cleaning (S4).**", []string{crew.email}, []readmeLabel{
			{tp("restroom-2f"), "the touchpoint's printed name"},
			problem(tandem.TypeRestroom, "no-soap"),
			msg("en", "customer.report.send"),
			msg("en", "customer.report.state_open"),
			msg("en", "lang.name"),
			msg(crew.lang, "manage.nav.work"),
			msg(crew.lang, "manage.work.ack"),
			msg(crew.lang, "manage.work.done"),
			msg("en", "manage.nav.touchpoints"),
			msg(owner.lang, "monitor.nav"),
			msg(owner.lang, "monitor.csv_link"),
		}},
		{"**Appointments (S5).**", nil, nil},
		{"**Insight and design.**", []string{owner.email}, []readmeLabel{
			msg(owner.lang, "manage.services.insight"),
			msg(owner.lang, "manage.editor.edit"),
		}},
		// The owner `tandem user add` makes, in its default language.
		{"Sign in at `/login`", nil, []readmeLabel{
			msg("en", "manage.nav.services"),
			msg("en", "manage.newservice.link"),
			msg("en", "manage.editor.publish", 1),
			msg("en", "manage.nav.touchpoints"),
			msg("en", "manage.tp.new"),
		}},
		{"It prints the touchpoint's code", nil, []readmeLabel{
			msg("en", "manage.nav.sites"),
			msg("en", "manage.nav.staff"),
			msg("en", "manage.nav.touchpoints"),
		}},
	}
	bold := regexp.MustCompile(`\*\*[^*]+\*\*`)
	italic := regexp.MustCompile(`\*([^*]+)\*`)
	for _, c := range cases {
		p := readmeParagraph(readme, c.para)
		if p == "" {
			t.Errorf("the README has no paragraph beginning %q", c.para)
			continue
		}
		want := map[string]bool{}
		for _, l := range c.labels {
			want[l.label] = true
			if !strings.Contains(p, "*"+l.label+"*") {
				t.Errorf("%s: the README should quote *%s* (%s)", c.para, l.label, l.from)
			}
		}
		for _, m := range italic.FindAllStringSubmatch(bold.ReplaceAllString(p, ""), -1) {
			if !want[m[1]] {
				t.Errorf("%s: the README quotes *%s*, which is no label checked here: name what the page shows, and add it to this test", c.para, m[1])
			}
		}
		for _, email := range c.users {
			u := user(email)
			if !strings.Contains(p, "`"+email+"`") {
				t.Errorf("%s: the README does not name %s", c.para, email)
			}
			if name, ok := langNames[u.lang]; ok && !strings.Contains(p, name) {
				t.Errorf("%s: %s sees the pages in %s, which the README does not say", c.para, email, name)
			}
		}
	}
	// Every demo user the walk names is one of these.
	walk := readme[strings.Index(readme, "### A walk through the demo"):]
	walk = walk[:strings.Index(walk, "\n## ")]
	for _, m := range regexp.MustCompile("`([a-z]+@demo\\.tandem\\.test)`").FindAllStringSubmatch(walk, -1) {
		if !slices.Contains([]string{staff.email, waiter.email, owner.email, crew.email}, m[1]) {
			t.Errorf("the walk names %s, whose labels this test does not check", m[1])
		}
	}
}

// readmeParagraph is the paragraph or list item of the README that begins
// with start, its lines joined with single spaces.
func readmeParagraph(readme, start string) string {
	i := strings.Index(readme, start)
	if i < 0 {
		return ""
	}
	p := readme[i:]
	for _, end := range []string{"\n\n", "\n- "} {
		if j := strings.Index(p, end); j >= 0 {
			p = p[:j]
		}
	}
	return strings.Join(strings.Fields(p), " ")
}
