package app

import (
	"context"

	"github.com/tandemhq/tandem"
)

// RequestHelp is a customer's "I need help" on a step of their visit: the
// assisted alternative taken up. Asking again while a request for the step
// is not done returns that one. A visit that is over (it has feedback, or
// began long ago) takes no more requests: an old link must not call staff.
func (a *App) RequestHelp(ctx context.Context, v *Visit, stepID int64) (*tandem.HelpRequest, error) {
	st := v.Blueprint.Step(stepID)
	if st == nil || st.Lane != tandem.LaneCustomer {
		return nil, tandem.NotFound("error.step_unknown")
	}
	ep := v.Episode
	if err := a.admitEpisode(ctx, ep); err != nil {
		return nil, err
	}
	given, err := a.HasFeedback(ctx, ep)
	if err != nil {
		return nil, err
	}
	if err := ep.HelpOpen(given, a.now()); err != nil {
		return nil, err
	}
	h := &tandem.HelpRequest{
		OrgID: ep.OrgID, SiteID: ep.SiteID, ServiceID: ep.ServiceID, EpisodeID: ep.ID,
		StepID: st.ID, StepKey: st.Key, Status: tandem.HelpOpen, CreatedAt: a.now(),
	}
	if _, err := a.Help.RequestHelp(ctx, h); err != nil {
		return nil, err
	}
	return h, nil
}

// AcknowledgeHelp says someone is on the way to a customer who asked for
// help; CloseHelp says they were helped. Doing either again changes
// nothing; another organization's request is ENOTFOUND.
func (a *App) AcknowledgeHelp(ctx context.Context, orgID, id, userID int64) (*tandem.HelpRequest, error) {
	return a.moveHelp(ctx, orgID, id, func(h *tandem.HelpRequest) bool { return h.Acknowledge(userID, a.now()) })
}

// CloseHelp: see AcknowledgeHelp.
func (a *App) CloseHelp(ctx context.Context, orgID, id, userID int64) (*tandem.HelpRequest, error) {
	return a.moveHelp(ctx, orgID, id, func(h *tandem.HelpRequest) bool { return h.Close(userID, a.now()) })
}

// moveHelp applies a domain transition and stores it, trying again when
// someone else moved the request in between (two staff pressing at once).
func (a *App) moveHelp(ctx context.Context, orgID, id int64, move func(*tandem.HelpRequest) bool) (*tandem.HelpRequest, error) {
	for attempt := 0; ; attempt++ {
		h, err := a.Help.FindHelp(ctx, orgID, id)
		if err != nil {
			return nil, err
		}
		from := h.Status
		if !move(h) {
			return h, nil
		}
		err = a.Help.UpdateHelp(ctx, h, from)
		if tandem.ErrorCode(err) == tandem.ECONFLICT && attempt < 3 {
			continue
		}
		if err != nil {
			return nil, err
		}
		return h, nil
	}
}
