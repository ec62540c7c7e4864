package tandem

import (
	"context"
	"time"
)

// HelpStatus is where a help request stands.
type HelpStatus string

const (
	HelpOpen         HelpStatus = "open"         // raised, nobody has answered yet
	HelpAcknowledged HelpStatus = "acknowledged" // a staff member is on the way
	HelpDone         HelpStatus = "done"         // the customer was helped
)

// HelpRequest is a customer's "I need help" on one step of their episode:
// the assisted alternative taken up. It goes to the staff on duty at the
// episode's site and is counted per step, site and hour, so a manager sees
// where customers cannot manage alone (the pensioner at the ATM).
type HelpRequest struct {
	ID             int64
	OrgID          int64
	SiteID         int64
	ServiceID      int64
	EpisodeID      int64
	StepID         int64
	StepKey        string
	Status         HelpStatus
	CreatedAt      time.Time
	AcknowledgedAt time.Time // zero until acknowledged
	DoneAt         time.Time // zero until done
	HandledBy      int64     // the user who acknowledged or closed it, 0 if none
}

// HelpFilter selects help requests. Nil fields do not filter.
type HelpFilter struct {
	OrgID     int64
	SiteID    *int64
	EpisodeID *int64
	OpenOnly  bool // open or acknowledged, not done
	Since     *time.Time
	Limit     int
}

// Acknowledge moves an open request to acknowledged: someone is on the way.
// It reports whether anything changed; a request already acknowledged or
// done stays as it is.
func (h *HelpRequest) Acknowledge(userID int64, at time.Time) bool {
	if h.Status != HelpOpen {
		return false
	}
	h.Status, h.AcknowledgedAt, h.HandledBy = HelpAcknowledged, at, userID
	return true
}

// Close moves a request to done. An open request counts as acknowledged at
// the same moment; whoever closes it handled it, unless userID is 0. It
// reports whether anything changed: a request already done stays as it is.
func (h *HelpRequest) Close(userID int64, at time.Time) bool {
	if h.Status == HelpDone {
		return false
	}
	if h.AcknowledgedAt.IsZero() {
		h.AcknowledgedAt = at
	}
	if userID != 0 {
		h.HandledBy = userID
	}
	h.Status, h.DoneAt = HelpDone, at
	return true
}

// HelpGroup is the help requests not done yet of one step at one
// touchpoint. A staff view shows a group as one row, so a hundred requests
// at one table never push the one at another table off the screen.
type HelpGroup struct {
	// First is the oldest unanswered request, or the oldest when all are
	// acknowledged: the one the row's buttons move on.
	First        *HelpRequest
	TouchpointID int64
	Open         int // unanswered
	Count        int // open or acknowledged
}

// HelpStore stores help requests.
type HelpStore interface {
	// RequestHelp stores a help request for a step of an episode. Asking
	// again while one for the same step is not done returns that one
	// (created=false): a retry or a second tap never raises two.
	RequestHelp(ctx context.Context, h *HelpRequest) (created bool, err error)
	// ListHelp lists help requests newest first: callers rely on the order.
	ListHelp(ctx context.Context, f HelpFilter) ([]*HelpRequest, error)
	// HelpGroups lists the requests not done yet, one group per step and
	// touchpoint (the episode's), the groups with unanswered requests
	// first, oldest first: f's OrgID, SiteID and Limit apply.
	HelpGroups(ctx context.Context, f HelpFilter) ([]*HelpGroup, error)
	// FindHelp finds a request; another organization's is ENOTFOUND.
	FindHelp(ctx context.Context, orgID, id int64) (*HelpRequest, error)
	// UpdateHelp stores a request's new status, times and handler, if it
	// still has status from (ECONFLICT otherwise: someone moved it first).
	UpdateHelp(ctx context.Context, h *HelpRequest, from HelpStatus) error
}

// Event kinds for help requests.
const EventHelpRequested = "help.requested"
