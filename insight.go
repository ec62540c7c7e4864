package tandem

import (
	"context"
	"time"
)

// InsightQuery chooses what the insight page looks at.
type InsightQuery struct {
	OrgID     int64
	ServiceID int64 // 0 for every service
	From, To  time.Time
	// Location is the organization's time zone: days and hours are its
	// own, across daylight-saving changes too. Nil means UTC. Insight
	// counts whole days of its calendar: a window that starts or ends
	// within a day counts that whole day.
	Location *time.Location

	// Filters; zero values select everything.
	SiteID       int64
	TouchpointID int64
	Channel      Channel // ChannelWeb or ChannelAPI
	Lang         string
	FirstTime    *bool // first-timers only (true) or regulars only (false)

	// FiguresOnly leaves out what a comparison with the period before
	// does not show: comments and praise texts, the hours of the day, the
	// daily series of the trend lines (days keep their counts) and the
	// refused writes.
	FiguresOnly bool
}

// Segmented reports whether q selects by who answered and how: channel,
// language or first-timers.
func (q InsightQuery) Segmented() bool {
	return q.Channel != "" || q.Lang != "" || q.FirstTime != nil
}

// InsightData is the raw material the insight package turns into a story:
// counts straight from storage, no judgement applied.
type InsightData struct {
	Days []DayCount
	// Hours are negatives per aspect per hour of day, kept for the whole
	// organization, a service and a site; nil under a touchpoint or
	// segment filter.
	Hours    []HourAspectCount
	Aspects  []AspectCount
	Comments []Comment // newest first
	Praise   []PraiseCount

	Readiness []ReadinessCount
	Help      []HelpCount

	// Per day of the window, for trend lines: negatives by cause, the
	// readiness answers per question and the help requests, oldest first.
	CauseDays     []CauseDayCount
	ReadinessDays []ReadinessDayCount
	HelpDays      []DayTotal

	// Refused are public writes refused for coming too fast, per
	// touchpoint and day, oldest first: a burst from one source, flagged
	// rather than counted.
	Refused []RefusedCount
}

// RefusedCount is the writes refused at one touchpoint on one day of the
// organization's calendar.
type RefusedCount struct {
	TouchpointID int64
	Touchpoint   Text      // its name
	Day          time.Time // local date as midnight UTC, as DayCount's
	Count        int
}

// RefusedWrites is the writes refused at one touchpoint in one hour, as
// the rate limiter counted them.
type RefusedWrites struct {
	OrgID, TouchpointID int64
	Hour                time.Time // the hour's start
	Count               int
}

// ReadinessCount sums the answers to one readiness question, split by
// first-timers and regulars and by the step named hardest ("" for none).
type ReadinessCount struct {
	Dimension   Dimension
	FirstTime   bool
	HardestStep string // step key
	Answers     int
	Sum         int
}

// HelpCount counts help requests on one step (by key), at one site, in one
// hour of the organization's day.
type HelpCount struct {
	StepKey string
	SiteID  int64
	Hour    int
	Count   int
}

// CauseDayCount is the negatives one party caused on one day, over
// every aspect.
type CauseDayCount struct {
	Day       time.Time // local date as midnight UTC, as DayCount's
	Party     Party
	Negatives int
}

// ReadinessDayCount sums the answers to one readiness question on one day.
type ReadinessDayCount struct {
	Day       time.Time
	Dimension Dimension
	Answers   int
	Sum       int
}

// DayTotal is a count on one day.
type DayTotal struct {
	Day   time.Time
	Count int
}

// DayCount is responses of one day of the organization's calendar.
type DayCount struct {
	// Day is the local date as midnight UTC of that date: Helsinki's
	// 1 March is 2026-03-01T00:00Z, whatever the offset.
	Day        time.Time
	Responses  int
	OverallSum int
}

// AspectCount counts judgements of one aspect (by key, across versions).
type AspectCount struct {
	AspectKey string
	Name      Text
	Positive  int
	Negative  int
	ByCause   map[Party]int // negatives by cause
}

// HourAspectCount counts negatives of one aspect in one hour of day.
type HourAspectCount struct {
	AspectKey string
	Hour      int
	Negative  int
	Total     int // judgements of the aspect in that hour
}

// Comment is a customer's free text, as typed: escape before display.
type Comment struct {
	FeedbackID int64
	Overall    int
	Text       string
	Lang       string
	CreatedAt  time.Time
}

// PraiseCount is praise received by one staff member.
type PraiseCount struct {
	StaffID int64
	Name    string
	Count   int
	Latest  string // newest praise text, may be empty
}

// InsightStore computes insight aggregates.
type InsightStore interface {
	InsightData(ctx context.Context, q InsightQuery) (*InsightData, error)
	// AddRefused adds refused writes to their touchpoint's hours.
	AddRefused(ctx context.Context, list []RefusedWrites) error
	// RebuildInsight counts an organization's stored feedback into its
	// insight figures again (every organization's for orgID 0), reporting
	// progress in feedback counted, and returns how many it counted.
	RebuildInsight(ctx context.Context, orgID int64, progress func(done int)) (int, error)
	CommentSearchStore
}
