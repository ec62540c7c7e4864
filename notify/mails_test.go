package notify

import (
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/i18n"
)

// The emails in every language: each sentence is the catalog's, no key is
// missing, the plural forms and dates are the language's own, and what
// people wrote is escaped in the HTML.
func TestMailTexts(t *testing.T) {
	cat := i18n.MustLoad()
	hel, _ := time.LoadLocation("Europe/Helsinki")
	now := time.Date(2026, 11, 26, 14, 30, 0, 0, hel)
	for _, lang := range []string{"en", "ru", "fi"} {
		p := cat.Printer(lang)
		mails := map[string]Mail{
			"fixed": FixedMail(p, FixedInput{To: "a@example.com", Name: "Anna", Org: "Bistro", Site: "Main hall",
				Report: "The coffee <b>was</b> cold", Done: "New thermos", URL: "https://t.example/e/x", ProfileURL: "https://t.example/app/profile"}),
			"overdue": OverdueMail(p, OverdueInput{To: "m@example.com", Name: "Mia", Org: "Bistro", Site: "Main hall",
				What: "Table 12 needs help", Since: now.Add(-2*time.Hour - 5*time.Minute), Now: now, URL: "https://t.example/app/live"}),
			"praise": PraiseMail(p, PraiseInput{To: "b@example.com", Name: "Ben", Org: "Bistro",
				First: time.Date(2026, 11, 16, 0, 0, 0, 0, hel), Last: time.Date(2026, 11, 22, 0, 0, 0, 0, hel),
				Count: 3, Quotes: []string{"So kind!", " ", "Fast & friendly"}, URL: "https://t.example/app/praise"}),
		}
		want := map[string][]string{
			"fixed": {p.T("notify.mail.greeting", "Anna"), p.T("notify.fixed.reported", "Main hall"), "> The coffee <b>was</b> cold",
				p.T("notify.fixed.done"), p.T("notify.fixed.what_was_done"), "> New thermos", "https://t.example/e/x",
				p.T("notify.mail.sent_for", "Bistro"), p.T("notify.mail.choose", "https://t.example/app/profile")},
			"overdue": {p.T("notify.mail.greeting", "Mia"), p.T("notify.overdue.waiting", "Table 12 needs help", "Main hall", p.Plural("notify.hours_n", 2)),
				p.T("notify.overdue.since", p.DateTime(now.Add(-2*time.Hour-5*time.Minute))), p.T("notify.overdue.action") + "\nhttps://t.example/app/live",
				p.T("notify.overdue.why", "Main hall")},
			"praise": {p.T("notify.mail.greeting", "Ben"), p.T("notify.praise.week", p.Date(time.Date(2026, 11, 16, 0, 0, 0, 0, hel)), p.Date(time.Date(2026, 11, 22, 0, 0, 0, 0, hel))),
				p.T("notify.praise.quotes"), "> So kind!", "> Fast & friendly", p.T("notify.praise.thanks"), p.T("notify.praise.all") + "\nhttps://t.example/app/praise"},
		}
		subjects := map[string]string{
			"fixed":   p.T("notify.fixed.subject", "Main hall"),
			"overdue": p.T("notify.overdue.subject", "Main hall", "Table 12 needs help"),
			"praise":  p.Plural("notify.praise.subject", 3),
		}
		for name, m := range mails {
			if m.Subject != subjects[name] || m.Lang != lang || m.To == "" {
				t.Errorf("%s %s: subject %q lang %q to %q", lang, name, m.Subject, m.Lang, m.To)
			}
			for _, s := range want[name] {
				if !strings.Contains(m.Text, s) {
					t.Errorf("%s %s: text lacks %q:\n%s", lang, name, s, m.Text)
				}
			}
			for _, s := range []string{m.Subject, m.Text, m.HTML} {
				if strings.Contains(s, "notify.") || strings.Contains(s, "%!") {
					t.Errorf("%s %s: a key or a formatting slip shows: %q", lang, name, s)
				}
			}
			if strings.Contains(m.HTML, "<b>was</b>") || !strings.Contains(m.HTML, `lang="`+lang+`"`) {
				t.Errorf("%s %s: HTML not escaped or without its language: %s", lang, name, m.HTML)
			}
		}
		if strings.Contains(mails["overdue"].Text, "profile") {
			t.Errorf("%s: no profile link given, yet the mail has one", lang)
		}
	}

	// The languages' own words and forms, by eye once and pinned here.
	ru, fi, en := cat.Printer("ru"), cat.Printer("fi"), cat.Printer("en")
	for _, tc := range []struct {
		got, want string
	}{
		{PraiseMail(ru, PraiseInput{Count: 1}).Subject, "За прошедшую неделю вас поблагодарил клиент"},
		{PraiseMail(ru, PraiseInput{Count: 3}).Subject, "За прошедшую неделю клиенты поблагодарили вас 3 раза"},
		{PraiseMail(ru, PraiseInput{Count: 5}).Subject, "За прошедшую неделю клиенты поблагодарили вас 5 раз"},
		{PraiseMail(fi, PraiseInput{Count: 2}).Subject, "Asiakkaat kiittivät sinua viime viikolla 2 kertaa"},
		{PraiseMail(en, PraiseInput{Count: 1}).Subject, "A customer praised you in the past week"},
		{Waited(ru, 21*time.Minute), "21 минуту"},
		{Waited(ru, 3*time.Hour), "3 часа"},
		{Waited(fi, 30*time.Second), "1 minuutin"},
		{Waited(fi, 5*24*time.Hour), "5 päivää"},
		{Waited(en, 47*time.Hour), "47 hours"},
		{FixedMail(fi, FixedInput{Site: "Keskusta"}).Subject, "Korjattu: ilmoittamasi asia (Keskusta)"},
		{OverdueMail(ru, OverdueInput{Site: "Зал", What: "Стол 12"}).Subject, "Просрочено на площадке «Зал»: Стол 12"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if m := FixedMail(ru, FixedInput{Site: "Зал", Report: "x"}); !strings.HasPrefix(m.Text, "Здравствуйте!\n\n") {
		t.Errorf("a reporter without a name: %q", m.Text)
	}
}
