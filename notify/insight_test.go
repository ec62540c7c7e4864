package notify

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/i18n"
)

// WeeklySample is a weekly report with every part filled in.
func weeklySample() WeeklyInput {
	return WeeklyInput{To: "mari@example.com", Name: "Mari", Org: "Bistro <Nord>",
		First: time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), Last: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC),
		This: WeekFigures{Responses: 1234, Average: 4.256, Readiness: 71.6, ReadinessKnown: true, Help: 12, Praise: 7},
		Prev: WeekFigures{Responses: 987, Average: 3.9, Help: 20, Praise: 3},
		Aspects: []WeeklyAspect{
			{Name: "Waiting", Share: 0.31, Before: 0.12, BeforeOK: true, MainCause: tandem.PartyProvider},
			{Name: "Temperature", Share: 0.2, MainCause: tandem.PartyCustomer},
			{Name: "Noise", Share: 0.1, Before: 0.1, BeforeOK: true, MainCause: tandem.PartyShared},
			{Name: "Fourth", Share: 0.05, MainCause: tandem.PartyShared},
		},
		Links:      []Link{{Label: "Dine-in", URL: "https://t.example/app/services/3/insight?from=2026-11-16&to=2026-11-22"}},
		ProfileURL: "https://t.example/app/profile",
	}
}

// The weekly report in every language: the figures of both weeks in the
// language's own number format, the three worst aspects with their causes,
// the link to the week's insight, escaped names, no images or tracking.
func TestWeeklyMail(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range []string{"en", "ru", "fi"} {
		p := cat.Printer(lang)
		in := weeklySample()
		m := WeeklyMail(p, in)
		if m.To != in.To || m.Lang != lang || m.Subject != p.T("notify.weekly.subject", in.Org, p.Date(in.First), p.Date(in.Last)) {
			t.Errorf("%s: to %q, lang %q, subject %q", lang, m.To, m.Lang, m.Subject)
		}
		for _, want := range []string{
			p.T("notify.mail.greeting", "Mari"),
			p.T("notify.weekly.lead", in.Org, p.Date(in.First), p.Date(in.Last)),
			p.T("notify.weekly.responses"), p.Int(1234), p.Int(987),
			p.Decimal(4.256, 2), p.Decimal(3.9, 2), p.Decimal(71.6, 0),
			p.T("notify.weekly.help"), p.T("notify.weekly.praise"),
			p.T("notify.weekly.aspect", "Waiting", p.Percent(0.31), p.Percent(0.12), p.T("manage.party.provider")),
			p.T("notify.weekly.aspect_new", "Temperature", p.Percent(0.2), p.T("manage.party.customer")),
			"Noise", p.T("notify.weekly.links"), "https://t.example/app/services/3/insight?from=2026-11-16&to=2026-11-22",
			p.T("notify.weekly.why", in.Org),
		} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("%s: text lacks %q:\n%s", lang, want, m.Text)
			}
		}
		if strings.Contains(m.Text, "Fourth") || strings.Contains(m.HTML, "Fourth") {
			t.Errorf("%s: more than three aspects named", lang)
		}
		for _, want := range []string{`<html lang="` + lang + `">`, "<table", "<th ", "Bistro &lt;Nord&gt;",
			`href="https://t.example/app/services/3/insight?from=2026-11-16&amp;to=2026-11-22"`} {
			if !strings.Contains(m.HTML, want) {
				t.Errorf("%s: HTML lacks %q", lang, want)
			}
		}
		for _, never := range []string{"Bistro <Nord>", "<img", "<script", "<style", "<link", "notify.", "manage.", "%!"} {
			if strings.Contains(m.HTML, never) || (never != "Bistro <Nord>" && strings.Contains(m.Text, never)) {
				t.Errorf("%s: the mail has %q", lang, never)
			}
		}
		if dir := os.Getenv("TANDEM_MAIL_PREVIEW"); dir != "" {
			os.WriteFile(dir+"/weekly-"+lang+".html", []byte(m.HTML), 0o644)
		}
	}
	// A week without responses shows dashes, not zeros, for its averages,
	// and says no aspect was rated negative.
	p := cat.Printer("en")
	m := WeeklyMail(p, WeeklyInput{To: "x@example.com", Org: "Bistro"})
	if !strings.Contains(m.Text, p.T("notify.weekly.no_negatives")) || strings.Contains(m.Text, "0.00") {
		t.Errorf("an empty week:\n%s", m.Text)
	}
}

// The alert names the aspect, the site, the count against the usual level
// and the main cause, and links to the insight page.
func TestAlertMail(t *testing.T) {
	cat := i18n.MustLoad()
	hel, _ := time.LoadLocation("Europe/Helsinki")
	in := AlertInput{To: "mari@example.com", Name: "Mari", Org: "Bistro", Site: "Hall", Aspect: "Waiting",
		Count: 9, Usual: 1.25, From: time.Date(2026, 11, 24, 17, 0, 0, 0, hel), Until: time.Date(2026, 11, 24, 18, 0, 0, 0, hel),
		MainCause: tandem.PartyProvider, URL: "https://t.example/app/services/3/insight?from=2026-11-24&to=2026-11-24"}
	for _, lang := range []string{"en", "ru", "fi"} {
		p := cat.Printer(lang)
		m := AlertMail(p, in)
		if m.Subject != p.T("notify.alert.subject", "Waiting", "Hall") {
			t.Errorf("%s: subject %q", lang, m.Subject)
		}
		for _, want := range []string{"Waiting", "Hall", p.Plural("notify.alert.negatives_n", 9), p.Decimal(1.25, 1),
			p.Time(in.From), p.Time(in.Until), p.T("manage.party.provider"), p.T("notify.alert.action"), in.URL, p.T("notify.alert.why", "Hall")} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("%s: alert lacks %q:\n%s", lang, want, m.Text)
			}
		}
		if strings.Contains(m.Text, "%!") || strings.Contains(m.Text, "notify.") {
			t.Errorf("%s: a format slip:\n%s", lang, m.Text)
		}
	}
}
