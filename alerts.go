package tandem

import (
	"context"
	"time"
)

// Mail kinds of insight sent to managers; see MailKinds.
const (
	MailWeekly MailKind = "weekly" // to a manager or owner: the week's insight report, on Mondays
	MailAlert  MailKind = "alert"  // to a site's managers: an aspect's negatives far above usual
)

// AspectNegatives counts the negative judgements of one aspect of one
// service at one site, blamed on one cause, in some window of time.
type AspectNegatives struct {
	SiteID    int64
	ServiceID int64
	AspectKey string
	Cause     Party
	Count     int
}

// AlertKey names what one alert is about: an aspect of a service at a
// site. Two alerts with the same key are at least AlertQuiet apart.
type AlertKey struct {
	OrgID     int64
	SiteID    int64
	ServiceID int64
	AspectKey string
}

// AlertQuiet is the shortest time between two alerts of one aspect at one
// site.
const AlertQuiet = 4 * time.Hour

// InsightJobStore keeps what the insight jobs (hourly alerts and weekly
// reports) read and remember.
type InsightJobStore interface {
	// OrgIDs lists every organization's id, in order.
	OrgIDs(ctx context.Context) ([]int64, error)
	// AspectNegatives counts an organization's negative judgements made in
	// [from, to) per site, service, aspect and cause. It reads feedback
	// rows through the organization's time index, so a one-hour window
	// costs that hour's rows only.
	AspectNegatives(ctx context.Context, orgID int64, from, to time.Time) ([]AspectNegatives, error)
	// ClaimAlert records an alert about k at at, unless one was recorded
	// less than quiet before at; it reports whether this one may go out.
	// Two callers racing for the same alert: one wins.
	ClaimAlert(ctx context.Context, k AlertKey, at time.Time, quiet time.Duration) (bool, error)
	// ClaimWeeklyReport records that the weekly report of the week
	// starting on week (a date, as midnight UTC) goes to a user; false when
	// it already went. ReleaseWeeklyReport forgets the claim of a report
	// that could not be queued, so that the next try sends it.
	ClaimWeeklyReport(ctx context.Context, orgID, userID int64, week, at time.Time) (bool, error)
	ReleaseWeeklyReport(ctx context.Context, orgID, userID int64, week time.Time) error
}
