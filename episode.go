package tandem

import (
	"context"
	"time"
)

// Episode is one customer's run through a service, started by opening a
// touchpoint. The customer is anonymous: the token in their link is all that
// ties the episode to them.
type Episode struct {
	ID           int64
	OrgID        int64
	ServiceID    int64
	BlueprintID  int64 // the version the customer met, kept to the end
	TouchpointID int64
	SiteID       int64
	Token        string
	Lang         string
	FirstTime    bool
	StartedAt    time.Time
	// ScheduledAt is when an appointment is booked for (the barber, the
	// doctor); zero for walk-ins. A booked episode starts when it is made,
	// so the customer can open the preparation before the visit.
	ScheduledAt time.Time
	// Customer is who an appointment is for, as the business wrote it
	// down; empty for walk-ins, who stay anonymous.
	Customer Customer
	// CancelledAt is when an appointment was cancelled; zero if it was not.
	// A cancelled appointment's pages say so and take no feedback or help.
	CancelledAt time.Time
	Done        []StepDone // steps done, in order of time
}

// Source is who marked a step done.
type Source string

const (
	ByCustomer Source = "customer" // ticked on the customer's page
	ByStaff    Source = "staff"    // advanced from the staff view
	BySystem   Source = "system"   // a POS or other system, through the API
)

// Valid reports whether s is a known source.
func (s Source) Valid() bool { return s == ByCustomer || s == ByStaff || s == BySystem }

// StepDone records that a step of an episode was done.
type StepDone struct {
	StepID int64
	At     time.Time
	By     Source
}

// IsDone reports whether the step was ticked.
func (e *Episode) IsDone(stepID int64) bool {
	for _, d := range e.Done {
		if d.StepID == stepID {
			return true
		}
	}
	return false
}

// Bookable reports whether an appointment may be booked for at: from an
// hour ago (a visit entered late) to a year ahead.
func Bookable(at, now time.Time) bool {
	return !at.Before(now.Add(-time.Hour)) && !at.After(now.AddDate(1, 0, 0))
}

// FeedbackOpensBefore is how long before an appointment its feedback opens:
// a visit not yet begun cannot be judged.
const FeedbackOpensBefore = time.Hour

// HelpOpenFor is how long after a visit begins help can be asked for on
// its page: an old link must not call staff.
const HelpOpenFor = 12 * time.Hour

// FeedbackOpen reports whether the episode's customer may give feedback at
// now: at any time for a walk-in, from FeedbackOpensBefore an appointment.
func (e *Episode) FeedbackOpen(now time.Time) error {
	if e.Cancelled() {
		return ErrCancelled
	}
	if !e.ScheduledAt.IsZero() && now.Before(e.ScheduledAt.Add(-FeedbackOpensBefore)) {
		return &Error{Code: EINVALID, Key: "error.feedback_early"}
	}
	return nil
}

// HelpOpen reports whether the customer may still ask for help at now: not
// after feedback (the visit is over), nor HelpOpenFor after it began.
func (e *Episode) HelpOpen(hasFeedback bool, now time.Time) error {
	if e.Cancelled() {
		return ErrCancelled
	}
	if hasFeedback || now.Sub(e.Begun()) > HelpOpenFor {
		return &Error{Code: EINVALID, Key: "error.help_closed"}
	}
	return nil
}

// FirstTimer decides whether the episode's customer is a first-timer, for
// the instructions they see and the feedback they give alike: their own
// answer to "First time here?" when the channel has one (a device that
// answered at this organization), else the flag the episode was made with
// (false for appointments until the customer answers).
func (e *Episode) FirstTimer(answer *bool) bool {
	if answer != nil {
		return *answer
	}
	return e.FirstTime
}

// MayMark reports whether by may mark st done: customers tick their own
// steps only; staff and systems may mark any step.
func MayMark(by Source, st *Step) bool {
	return by != ByCustomer || st.Lane == LaneCustomer
}

// EpisodeTokenBytes is the entropy of an episode token.
const EpisodeTokenBytes = 16

// EpisodeStore stores episodes and their step events.
type EpisodeStore interface {
	// CreateEpisode stores e, giving it a fresh token.
	CreateEpisode(ctx context.Context, e *Episode) error
	// FindEpisodeByToken is for public pages: the token is the credential.
	FindEpisodeByToken(ctx context.Context, token string) (*Episode, error)
	FindEpisode(ctx context.Context, orgID, id int64) (*Episode, error)
	// MarkStepDone records a step as done; doing it twice changes nothing.
	// The step must be in the episode's blueprint (EINVALID otherwise).
	MarkStepDone(ctx context.Context, episodeID, stepID int64, at time.Time, by Source) error
	// CancelEpisode marks a booked episode cancelled at at; cancelling it
	// again changes nothing. A walk-in is EINVALID, another organization's
	// episode ENOTFOUND.
	CancelEpisode(ctx context.Context, orgID, id int64, at time.Time) error
	// RescheduleEpisode moves a booked episode that is not cancelled to at
	// (ECONFLICT if it is cancelled, EINVALID for a walk-in).
	RescheduleEpisode(ctx context.Context, orgID, id int64, at time.Time) error
	// SetFirstTime records the customer's answer to "First time here?".
	SetFirstTime(ctx context.Context, episodeID int64, first bool) error
	// ListEpisodes lists episodes, newest first, with their steps done.
	ListEpisodes(ctx context.Context, f EpisodeFilter) ([]*Episode, error)
}

// EpisodeFilter selects episodes. Nil fields do not filter.
type EpisodeFilter struct {
	OrgID        int64
	SiteID       *int64
	ServiceID    *int64
	StartedAfter *time.Time
	// WithoutFeedback keeps episodes whose customer has not given
	// feedback yet: the ones still going on.
	WithoutFeedback bool
	// Scheduled keeps booked appointments only, ScheduledAt in [From, To).
	ScheduledFrom, ScheduledTo *time.Time
	Limit                      int
}

// HistoryRecord is one past episode with the feedback it ended in, if any.
type HistoryRecord struct {
	Episode  *Episode
	Feedback *Feedback // nil if the customer gave none
}

// HistoryImporter loads past episodes in bulk (the demo, imports) in one
// transaction; it fills in IDs and links each feedback to its episode.
type HistoryImporter interface {
	ImportHistory(ctx context.Context, records []HistoryRecord) error
}
