package app

import (
	"context"
	"time"

	"github.com/tandemhq/tandem"
)

// ErrNotAppointment refuses to cancel or move a walk-in.
var ErrNotAppointment = tandem.Invalid("id", "error.not_appointment")

// Cancel cancels an appointment of the organization, from the manager's
// list or the API. Its pages then say so and take no feedback, help or
// steps. Cancelling again changes nothing; a walk-in is no appointment
// (EINVALID), another organization's is ENOTFOUND.
func (a *App) Cancel(ctx context.Context, orgID, id int64) (*tandem.Episode, error) {
	if err := a.Episodes.CancelEpisode(ctx, orgID, id, a.now()); err != nil {
		return nil, err
	}
	return a.Episodes.FindEpisode(ctx, orgID, id)
}

// CancelByToken is the customer's own cancel, from the preparation page:
// the token is the credential, as for every customer page. A visit already
// given feedback is over and cannot be cancelled.
func (a *App) CancelByToken(ctx context.Context, token string) (*tandem.Episode, error) {
	ep, err := a.openBooking(ctx, token)
	if err != nil {
		return nil, err
	}
	return a.Cancel(ctx, ep.OrgID, ep.ID)
}

// openBooking is the appointment a customer's token names, if its visit is
// not over: what the customer may still cancel or move.
func (a *App) openBooking(ctx context.Context, token string) (*tandem.Episode, error) {
	v, err := a.Visit(ctx, token)
	if err != nil {
		return nil, err
	}
	ep := v.Episode
	if !ep.Booked() {
		return nil, ErrNotAppointment
	}
	if given, err := a.HasFeedback(ctx, ep); err != nil {
		return nil, err
	} else if given {
		return nil, tandem.Errorf(tandem.ECONFLICT, "error.appointment_over")
	}
	return ep, nil
}

// Reschedule moves an appointment of the organization to at, which must be
// bookable (tandem.Bookable) as a new booking's time is. A cancelled
// appointment stays cancelled (ECONFLICT): book a new one.
func (a *App) Reschedule(ctx context.Context, orgID, id int64, at time.Time) (*tandem.Episode, error) {
	if !tandem.Bookable(at, a.now()) {
		return nil, tandem.Invalid("scheduled_at", "error.booking_range")
	}
	if err := a.Episodes.RescheduleEpisode(ctx, orgID, id, at); err != nil {
		return nil, err
	}
	return a.Episodes.FindEpisode(ctx, orgID, id)
}

// RescheduleByToken is the customer's own move of their appointment, from
// its preparation page, on the same terms as CancelByToken: a booking whose
// visit is not over.
func (a *App) RescheduleByToken(ctx context.Context, token string, at time.Time) (*tandem.Episode, error) {
	ep, err := a.openBooking(ctx, token)
	if err != nil {
		return nil, err
	}
	return a.Reschedule(ctx, ep.OrgID, ep.ID, at)
}
