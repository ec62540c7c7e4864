package i18n

import (
	"math"
	"strconv"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Figures, dates and times as people of the printer's language write them.
// Numbers follow CLDR through golang.org/x/text (a decimal comma and a
// non-breaking space before the percent sign in Russian and Finnish);
// dates and times follow the CLDR patterns of each language, written out
// below, all on a 24-hour clock. The printer does not move a time into a
// time zone: the caller gives it in the zone the reader lives in (the
// organization's).

// dateStyle is how one language writes dates and times.
type dateStyle struct {
	date     string // a whole date: Oct 28, 2026 / 28.10.2026
	dayMonth string // a day of the year, as a chart labels it: Oct 28 / 28.10.
	clockSep string // between the hour and the minutes: 14:30 / 14.30
	padHour  bool   // 09:05 rather than 9.05
	joint    string // between a date and a time: ", " / " klo "
}

var dateStyles = map[string]dateStyle{
	"en": {date: "Jan 2, 2006", dayMonth: "Jan 2", clockSep: ":", padHour: true, joint: ", "},
	"ru": {date: "02.01.2006", dayMonth: "02.01", clockSep: ":", padHour: true, joint: ", "},
	"fi": {date: "2.1.2006", dayMonth: "2.1.", clockSep: ".", joint: " klo "},
}

func (p *Printer) style() dateStyle {
	if s, ok := dateStyles[p.Lang]; ok {
		return s
	}
	return dateStyles["en"]
}

func (p *Printer) numbers() *message.Printer {
	tag, err := language.Parse(p.Lang)
	if err != nil {
		tag = language.English
	}
	return message.NewPrinter(tag)
}

// clock writes hour h and minute m as the language does.
func (s dateStyle) clock(h, m int) string {
	hh := strconv.Itoa(h)
	if s.padHour && h < 10 {
		hh = "0" + hh
	}
	mm := strconv.Itoa(m)
	if m < 10 {
		mm = "0" + mm
	}
	return hh + s.clockSep + mm
}

// Decimal writes x with exactly digits digits after the decimal mark:
// Decimal(3.94, 1) is "3.9" in English and "3,9" in Russian and Finnish.
func (p *Printer) Decimal(x float64, digits int) string {
	return p.numbers().Sprint(number.Decimal(x, number.MinFractionDigits(digits), number.MaxFractionDigits(digits)))
}

// Int writes a whole number, grouping thousands as the language does.
func (p *Printer) Int(n int) string { return p.numbers().Sprint(number.Decimal(n)) }

// Percent writes a share (0.25) as a whole percentage: "25%", "25 %".
func (p *Printer) Percent(share float64) string {
	return p.numbers().Sprint(number.Percent(share, number.MaxFractionDigits(0)))
}

// Signed writes a whole number of points with its sign, a real minus sign
// for a negative one and nothing for zero: "+4", "−3", "0".
func (p *Printer) Signed(x float64) string {
	s := p.Decimal(math.Abs(x), 0)
	switch {
	case s == "0":
		return s
	case x < 0:
		return "−" + s
	}
	return "+" + s
}

// Date writes a calendar date: "Oct 28, 2026", "28.10.2026", "28.10.2026".
func (p *Printer) Date(t time.Time) string { return t.Format(p.style().date) }

// DayMonth writes a day without its year, as a chart labels it: "Oct 28",
// "28.10", "28.10.".
func (p *Printer) DayMonth(t time.Time) string { return t.Format(p.style().dayMonth) }

// Time writes a time of day on a 24-hour clock: "09:05", "09:05", "9.05".
func (p *Printer) Time(t time.Time) string { return p.style().clock(t.Hour(), t.Minute()) }

// DateTime writes a date and a time of day: "Oct 28, 2026, 14:30",
// "28.10.2026, 14:30", "28.10.2026 klo 14.30".
func (p *Printer) DateTime(t time.Time) string {
	s := p.style()
	return t.Format(s.date) + s.joint + s.clock(t.Hour(), t.Minute())
}

// Hour writes the start of an hour of the day (0–23): "09:00", "9.00".
func (p *Printer) Hour(h int) string { return p.style().clock(h, 0) }

// Weekday names, Sunday first, and Russian month names in the genitive
// ("28 октября"), for the long date a customer reads their appointment in.
var (
	weekdays = map[string][7]string{
		"ru": {"воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"},
		"fi": {"sunnuntai", "maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai"},
	}
	ruMonths = [12]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"}
)

// LongDateTime writes a date with its weekday and a time of day, as an
// appointment is told to a customer: "Wednesday, October 28, 2026, 14:30",
// "среда, 28 октября 2026 г., 14:30", "keskiviikko 28.10.2026 klo 14.30".
func (p *Printer) LongDateTime(t time.Time) string {
	s := p.style()
	clock := s.clock(t.Hour(), t.Minute())
	switch p.Lang {
	case "ru":
		return weekdays["ru"][t.Weekday()] + ", " + strconv.Itoa(t.Day()) + " " + ruMonths[t.Month()-1] + " " + strconv.Itoa(t.Year()) + " г., " + clock
	case "fi":
		return weekdays["fi"][t.Weekday()] + " " + t.Format(s.date) + s.joint + clock
	}
	return t.Format("Monday, January 2, 2006") + ", " + clock
}
