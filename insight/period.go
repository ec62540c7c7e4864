package insight

import (
	"strings"
	"time"

	"github.com/tandemhq/tandem"
)

// Period lengths, in days.
const (
	DefaultDays = 30  // when no period is asked for
	MaxDays     = 366 // the longest period one report covers
)

// DateLayout is how periods are written: 2026-11-23.
const DateLayout = "2006-01-02"

// Period is a run of whole days of an organization's calendar, each day
// named by its date at UTC midnight; To is the day after the last.
type Period struct {
	From, To time.Time
}

// Days is the number of days in the period.
func (p Period) Days() int { return int(p.To.Sub(p.From).Hours() / 24) }

// Last is the period's last day.
func (p Period) Last() time.Time { return p.To.AddDate(0, 0, -1) }

// Bounds returns the instants the period begins and ends in loc: midnights
// of the first day and of the day after the last, whatever the offsets
// between them.
func (p Period) Bounds(loc *time.Location) (from, to time.Time) {
	at := func(d time.Time) time.Time { return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc) }
	return at(p.From), at(p.To)
}

// ParsePeriod reads a period from its first and last dates, both inclusive
// (YYYY-MM-DD). An empty last date means today (in the organization's time
// zone: pass today in it); an empty first date means DefaultDays up to the
// last. Errors name the field at fault.
func ParsePeriod(first, last string, today time.Time) (Period, error) {
	end := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	if s := strings.TrimSpace(last); s != "" {
		t, err := time.Parse(DateLayout, s)
		if err != nil {
			return Period{}, tandem.Invalid("to", "insight.error.date")
		}
		end = t
	}
	start := end.AddDate(0, 0, -(DefaultDays - 1))
	if s := strings.TrimSpace(first); s != "" {
		t, err := time.Parse(DateLayout, s)
		if err != nil {
			return Period{}, tandem.Invalid("from", "insight.error.date")
		}
		start = t
	}
	p := Period{From: start, To: end.AddDate(0, 0, 1)}
	switch {
	case end.Before(start):
		return Period{}, tandem.Invalid("from", "insight.error.order")
	case p.Days() > MaxDays:
		return Period{}, tandem.Invalid("from", "insight.error.too_long")
	}
	return p, nil
}

// Before is the period as long as p just before it: what every figure
// is compared with.
func (p Period) Before() Period {
	return Period{From: p.From.AddDate(0, 0, -p.Days()), To: p.From}
}
