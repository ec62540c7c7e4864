package tandem

import (
	"context"
	"time"
)

// RequestOption is a button a customer step offers to ask the frontline for
// something: "Call the waiter", "Coffee now", "Coffee in 20 minutes". The
// customer decides when the service comes (the coffee arrives when the
// guest will drink it), and the staff on duty see the request at once.
type RequestOption struct {
	Key   string // unique within the step, e.g. "coffee-later"
	Label Text   // the button, required in English
	// DelayMinutes is how long after the tap the request is due: 20 for
	// "Coffee in 20 minutes", 0 for now.
	DelayMinutes int
}

// Bounds of a step's request options: a few buttons with short labels, due
// within four hours at most.
const (
	MaxRequestOptions    = 6
	MaxRequestLabelRunes = 60
	MaxRequestDelay      = 240 // minutes
)

// validateRequests checks a step's request options.
func (s *Step) validateRequests() error {
	if len(s.Requests) == 0 {
		return nil
	}
	if s.Lane != LaneCustomer {
		return Invalid("steps.requests", "error.requests_customer_only")
	}
	if len(s.Requests) > MaxRequestOptions {
		return Invalid("steps.requests", "error.requests_count")
	}
	seen := map[string]bool{}
	for _, o := range s.Requests {
		if !validKey(o.Key) || seen[o.Key] {
			return Invalid("steps.requests", "error.key")
		}
		seen[o.Key] = true
		if !o.Label.Has("en") {
			return Invalid("steps.requests", "error.request_label")
		}
		if err := o.Label.CheckMultiline("steps.requests"); err != nil {
			return err
		}
		if o.Label.Longer(MaxRequestLabelRunes) {
			return Invalid("steps.requests", "error.text_long")
		}
		if o.DelayMinutes < 0 || o.DelayMinutes > MaxRequestDelay {
			return Invalid("steps.requests", "error.request_delay")
		}
	}
	return nil
}

// Request returns the step's request option with key, or nil.
func (s *Step) Request(key string) *RequestOption {
	for i := range s.Requests {
		if s.Requests[i].Key == key {
			return &s.Requests[i]
		}
	}
	return nil
}

// RequestStatus is where a customer request stands.
type RequestStatus string

const (
	RequestOpen         RequestStatus = "open"         // asked, nobody has answered yet
	RequestAcknowledged RequestStatus = "acknowledged" // a staff member is on it
	RequestDone         RequestStatus = "done"         // brought, or the waiter came
)

// CustomerRequest is a customer's tap on one of a step's request options:
// they ask the frontline for something, now or at a time they choose. Like
// a HelpRequest it goes to the staff on duty at the episode's site; unlike
// help it is part of the service as designed, not its assisted alternative.
type CustomerRequest struct {
	ID           int64
	OrgID        int64
	SiteID       int64
	ServiceID    int64
	EpisodeID    int64
	TouchpointID int64 // where the customer is: the table
	StepID       int64
	StepKey      string
	OptionKey    string
	Status       RequestStatus
	CreatedAt    time.Time
	// DueAt is when the customer wants it: CreatedAt plus the option's
	// delay, CreatedAt itself for "now".
	DueAt          time.Time
	AcknowledgedAt time.Time // zero until acknowledged
	DoneAt         time.Time // zero until done
	HandledBy      int64     // the user who acknowledged or closed it, 0 if none
}

// Due reports whether the request is due at now.
func (r *CustomerRequest) Due(now time.Time) bool { return !now.Before(r.DueAt) }

// Timed reports whether the customer asked for later rather than now.
func (r *CustomerRequest) Timed() bool { return r.DueAt.After(r.CreatedAt) }

// Acknowledge moves an open request to acknowledged. It reports whether
// anything changed; a request already acknowledged or done stays as it is.
func (r *CustomerRequest) Acknowledge(userID int64, at time.Time) bool {
	if r.Status != RequestOpen {
		return false
	}
	r.Status, r.AcknowledgedAt, r.HandledBy = RequestAcknowledged, at, userID
	return true
}

// Close moves a request to done. An open request counts as acknowledged at
// the same moment; whoever closes it handled it, unless userID is 0. It
// reports whether anything changed: a request already done stays as it is.
func (r *CustomerRequest) Close(userID int64, at time.Time) bool {
	if r.Status == RequestDone {
		return false
	}
	if r.AcknowledgedAt.IsZero() {
		r.AcknowledgedAt = at
	}
	if userID != 0 {
		r.HandledBy = userID
	}
	r.Status, r.DoneAt = RequestDone, at
	return true
}

// RequestOpen reports whether the customer may still ask for something on
// the visit's page at now: the same rule as for help, since an old link
// must not call staff either way.
func (e *Episode) RequestOpen(hasFeedback bool, now time.Time) error {
	if e.HelpOpen(hasFeedback, now) != nil {
		return &Error{Code: EINVALID, Key: "error.request_closed"}
	}
	return nil
}

// RequestFilter selects customer requests. Nil fields do not filter.
type RequestFilter struct {
	OrgID     int64
	SiteID    *int64
	EpisodeID *int64
	OpenOnly  bool // open or acknowledged, not done
	Since     *time.Time
	Limit     int
}

// RequestGroup is the customer requests not done yet for one option of a
// step at one touchpoint, which a staff view shows as one row (see
// HelpGroup).
type RequestGroup struct {
	// First is the unanswered request due first, or the one due first
	// when all are acknowledged: the one the row's buttons move on.
	First *CustomerRequest
	Open  int // unanswered
	Count int // open or acknowledged
}

// RequestStore stores customer requests.
type RequestStore interface {
	// CreateRequest stores a request for an option of a step of an
	// episode. Asking again while one for the same option is not done
	// returns that one (created=false): a second tap never asks twice.
	CreateRequest(ctx context.Context, r *CustomerRequest) (created bool, err error)
	// ListRequests lists requests newest first.
	ListRequests(ctx context.Context, f RequestFilter) ([]*CustomerRequest, error)
	// RequestGroups lists the requests not done yet, one group per option
	// of a step at a touchpoint, the groups with unanswered requests
	// first, the longest due first: f's OrgID, SiteID and Limit apply.
	RequestGroups(ctx context.Context, f RequestFilter) ([]*RequestGroup, error)
	// FindRequest finds a request; another organization's is ENOTFOUND.
	FindRequest(ctx context.Context, orgID, id int64) (*CustomerRequest, error)
	// UpdateRequest stores a request's new status, times and handler, if
	// it still has status from (ECONFLICT otherwise).
	UpdateRequest(ctx context.Context, r *CustomerRequest, from RequestStatus) error
}

// EventCustomerRequested is the outbox event of a new customer request.
const EventCustomerRequested = "request.created"
