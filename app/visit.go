package app

import (
	"context"
	"time"

	"github.com/tandemhq/tandem"
)

// Place is a touchpoint with what a customer meets there: its service's
// current blueprint, the site and the staff who may be praised.
type Place struct {
	Touchpoint *tandem.Touchpoint
	Service    *tandem.Service
	Blueprint  *tandem.Blueprint // the service's current version
	Site       *tandem.Site
	Staff      []*tandem.StaffMember
}

// Place finds the touchpoint a code names, from the cache when fresh. An
// unknown code is ENOTFOUND; a retired touchpoint is EGONE, so its code
// starts no episode and takes no feedback; a service with no published
// blueprint yet is ECONFLICT.
func (a *App) Place(ctx context.Context, code string) (*Place, error) {
	if !tandem.CleanLine(code) {
		return nil, errTouchpointUnknown
	}
	return a.caches.places.get(ctx, code, time.Now(), func(ctx context.Context) (*Place, error) {
		tp, err := a.TouchpointByCode(ctx, code)
		if err != nil {
			return nil, err
		}
		if tp.Retired() {
			return nil, tandem.Errorf(tandem.EGONE, "error.touchpoint_retired")
		}
		bp, err := a.Services.CurrentBlueprint(ctx, tp.OrgID, tp.ServiceID)
		if err != nil {
			if tandem.ErrorCode(err) == tandem.ENOTFOUND {
				err = tandem.Errorf(tandem.ECONFLICT, "error.service_unpublished")
			}
			return nil, err
		}
		svc, err := a.service(ctx, tp.OrgID, tp.ServiceID)
		if err != nil {
			return nil, err
		}
		site, err := a.Sites.FindSite(ctx, tp.OrgID, tp.SiteID)
		if err != nil {
			return nil, err
		}
		staff, err := a.siteStaff(ctx, tp.OrgID, tp.SiteID)
		if err != nil {
			return nil, err
		}
		return &Place{Touchpoint: tp, Service: svc, Blueprint: bp, Site: site, Staff: staff}, nil
	})
}

// Visit is an episode with what its pages need: the blueprint version the
// customer met (kept to the end, whatever is published since), the service,
// the touchpoint, the site's staff and the episode's help and customer
// requests.
type Visit struct {
	Episode    *tandem.Episode
	Blueprint  *tandem.Blueprint
	Service    *tandem.Service
	Touchpoint *tandem.Touchpoint
	Staff      []*tandem.StaffMember
	Help       []*tandem.HelpRequest     // newest first
	Requests   []*tandem.CustomerRequest // newest first
}

// Visit finds the episode a token names; the token is the credential. An
// unknown token is ENOTFOUND.
func (a *App) Visit(ctx context.Context, token string) (*Visit, error) {
	ep, err := a.Episode(ctx, token)
	if err != nil {
		return nil, err
	}
	return a.visit(ctx, ep)
}

// visit completes a Visit for an episode.
func (a *App) visit(ctx context.Context, ep *tandem.Episode) (*Visit, error) {
	v := &Visit{Episode: ep}
	var err error
	if v.Blueprint, err = a.Blueprint(ctx, ep.OrgID, ep.BlueprintID); err != nil {
		return nil, err
	}
	if v.Service, err = a.service(ctx, ep.OrgID, ep.ServiceID); err != nil {
		return nil, err
	}
	if v.Touchpoint, err = a.touchpoint(ctx, ep.OrgID, ep.TouchpointID); err != nil {
		return nil, err
	}
	if v.Staff, err = a.siteStaff(ctx, ep.OrgID, ep.SiteID); err != nil {
		return nil, err
	}
	if v.Help, err = a.EpisodeHelp(ctx, ep); err != nil {
		return nil, err
	}
	if v.Requests, err = a.EpisodeRequests(ctx, ep); err != nil {
		return nil, err
	}
	return v, nil
}

// EpisodeHelp lists an episode's help requests, newest first.
func (a *App) EpisodeHelp(ctx context.Context, ep *tandem.Episode) ([]*tandem.HelpRequest, error) {
	return a.Help.ListHelp(ctx, tandem.HelpFilter{OrgID: ep.OrgID, EpisodeID: &ep.ID})
}

// HasFeedback reports whether an episode has ended in feedback.
func (a *App) HasFeedback(ctx context.Context, ep *tandem.Episode) (bool, error) {
	n, err := a.Feedback.CountFeedback(ctx, tandem.FeedbackFilter{OrgID: ep.OrgID, EpisodeID: &ep.ID})
	return n > 0, err
}

// Blueprint returns a blueprint version of the organization. Versions never
// change once published, so the cache may keep them long.
func (a *App) Blueprint(ctx context.Context, orgID, id int64) (*tandem.Blueprint, error) {
	return a.caches.blueprints.get(ctx, orgKey{orgID, id}, time.Now(), func(ctx context.Context) (*tandem.Blueprint, error) {
		return a.Services.FindBlueprint(ctx, orgID, id)
	})
}

func (a *App) service(ctx context.Context, orgID, id int64) (*tandem.Service, error) {
	return a.caches.services.get(ctx, orgKey{orgID, id}, time.Now(), func(ctx context.Context) (*tandem.Service, error) {
		return a.Services.FindService(ctx, orgID, id)
	})
}

func (a *App) touchpoint(ctx context.Context, orgID, id int64) (*tandem.Touchpoint, error) {
	return a.caches.touchpoints.get(ctx, orgKey{orgID, id}, time.Now(), func(ctx context.Context) (*tandem.Touchpoint, error) {
		return a.Touchpoints.FindTouchpoint(ctx, orgID, id)
	})
}

// siteStaff returns the staff of a site, who may be praised there.
func (a *App) siteStaff(ctx context.Context, orgID, siteID int64) ([]*tandem.StaffMember, error) {
	return a.caches.staff.get(ctx, orgKey{orgID, siteID}, time.Now(), func(ctx context.Context) ([]*tandem.StaffMember, error) {
		return a.Sites.ListStaff(ctx, orgID, siteID)
	})
}
