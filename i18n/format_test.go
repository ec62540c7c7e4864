package i18n

import (
	"testing"
	"time"
)

// Each language's figures, dates and times, written out by hand.
func TestFormat(t *testing.T) {
	c := MustLoad()
	at := time.Date(2026, 10, 28, 14, 30, 0, 0, time.UTC)
	morning := time.Date(2026, 3, 5, 9, 5, 0, 0, time.UTC)
	nbsp := "\u00a0"
	type row struct{ what, got string }
	cases := map[string][]row{}
	for _, lang := range []string{"en", "ru", "fi"} {
		p := c.Printer(lang)
		cases[lang] = []row{
			{"Decimal(3.94, 1)", p.Decimal(3.94, 1)},
			{"Decimal(4, 1)", p.Decimal(4, 1)},
			{"Decimal(1234.5, 1)", p.Decimal(1234.5, 1)},
			{"Int(12345)", p.Int(12345)},
			{"Percent(0.254)", p.Percent(0.254)},
			{"Percent(1)", p.Percent(1)},
			{"Signed(-3)", p.Signed(-3)},
			{"Signed(4)", p.Signed(4)},
			{"Signed(0)", p.Signed(0)},
			{"Date", p.Date(at)},
			{"DayMonth", p.DayMonth(at)},
			{"DayMonth(Mar 5)", p.DayMonth(morning)},
			{"Time", p.Time(at)},
			{"Time(9:05)", p.Time(morning)},
			{"DateTime", p.DateTime(at)},
			{"Hour(9)", p.Hour(9)},
			{"Hour(17)", p.Hour(17)},
			{"LongDateTime", p.LongDateTime(at)},
			{"LongDateTime(Mar 5)", p.LongDateTime(morning)},
		}
	}
	want := map[string][]string{
		"en": {"3.9", "4.0", "1,234.5", "12,345", "25%", "100%", "−3", "+4", "0",
			"Oct 28, 2026", "Oct 28", "Mar 5", "14:30", "09:05", "Oct 28, 2026, 14:30", "09:00", "17:00",
			"Wednesday, October 28, 2026, 14:30", "Thursday, March 5, 2026, 09:05"},
		"ru": {"3,9", "4,0", "1" + nbsp + "234,5", "12" + nbsp + "345", "25" + nbsp + "%", "100" + nbsp + "%", "−3", "+4", "0",
			"28.10.2026", "28.10", "05.03", "14:30", "09:05", "28.10.2026, 14:30", "09:00", "17:00",
			"среда, 28 октября 2026 г., 14:30", "четверг, 5 марта 2026 г., 09:05"},
		"fi": {"3,9", "4,0", "1" + nbsp + "234,5", "12" + nbsp + "345", "25" + nbsp + "%", "100" + nbsp + "%", "−3", "+4", "0",
			"28.10.2026", "28.10.", "5.3.", "14.30", "9.05", "28.10.2026 klo 14.30", "9.00", "17.00",
			"keskiviikko 28.10.2026 klo 14.30", "torstai 5.3.2026 klo 9.05"},
	}
	for lang, rows := range cases {
		for i, r := range rows {
			if r.got != want[lang][i] {
				t.Errorf("%s %s = %q, want %q", lang, r.what, r.got, want[lang][i])
			}
		}
	}
}
