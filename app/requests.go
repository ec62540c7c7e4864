package app

import (
	"context"

	"github.com/tandemhq/tandem"
)

// Request is a customer's tap on one of a step's request options ("Coffee
// in 20 minutes"): the frontline is asked for it, due when the customer
// said. Tapping again while the request is not done returns that one. A
// visit that is over (it has feedback, or began long ago) takes no more
// requests, as for help.
func (a *App) Request(ctx context.Context, v *Visit, stepID int64, optionKey string) (*tandem.CustomerRequest, error) {
	st := v.Blueprint.Step(stepID)
	if st == nil || st.Lane != tandem.LaneCustomer {
		return nil, tandem.NotFound("error.step_unknown")
	}
	if st.Request(optionKey) == nil {
		return nil, tandem.NotFound("error.request_unknown")
	}
	ep := v.Episode
	if err := a.admitEpisode(ctx, ep); err != nil {
		return nil, err
	}
	given, err := a.HasFeedback(ctx, ep)
	if err != nil {
		return nil, err
	}
	if err := ep.RequestOpen(given, a.now()); err != nil {
		return nil, err
	}
	r := &tandem.CustomerRequest{OrgID: ep.OrgID, EpisodeID: ep.ID, StepID: st.ID, OptionKey: optionKey, CreatedAt: a.now()}
	if _, err := a.Requests.CreateRequest(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// EpisodeRequests lists an episode's customer requests, newest first.
func (a *App) EpisodeRequests(ctx context.Context, ep *tandem.Episode) ([]*tandem.CustomerRequest, error) {
	return a.Requests.ListRequests(ctx, tandem.RequestFilter{OrgID: ep.OrgID, EpisodeID: &ep.ID})
}

// AcknowledgeRequest says a staff member is on a customer's request;
// CloseRequest says it was brought. Doing either again changes nothing;
// another organization's request is ENOTFOUND.
func (a *App) AcknowledgeRequest(ctx context.Context, orgID, id, userID int64) (*tandem.CustomerRequest, error) {
	return a.moveRequest(ctx, orgID, id, func(r *tandem.CustomerRequest) bool { return r.Acknowledge(userID, a.now()) })
}

// CloseRequest: see AcknowledgeRequest.
func (a *App) CloseRequest(ctx context.Context, orgID, id, userID int64) (*tandem.CustomerRequest, error) {
	return a.moveRequest(ctx, orgID, id, func(r *tandem.CustomerRequest) bool { return r.Close(userID, a.now()) })
}

// moveRequest applies a domain transition and stores it, trying again when
// someone else moved the request in between.
func (a *App) moveRequest(ctx context.Context, orgID, id int64, move func(*tandem.CustomerRequest) bool) (*tandem.CustomerRequest, error) {
	for attempt := 0; ; attempt++ {
		r, err := a.Requests.FindRequest(ctx, orgID, id)
		if err != nil {
			return nil, err
		}
		from := r.Status
		if !move(r) {
			return r, nil
		}
		err = a.Requests.UpdateRequest(ctx, r, from)
		if tandem.ErrorCode(err) == tandem.ECONFLICT && attempt < 3 {
			continue
		}
		if err != nil {
			return nil, err
		}
		return r, nil
	}
}
