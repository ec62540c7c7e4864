package api

import (
	"context"
	"time"

	"github.com/tandemhq/tandem"
)

// The caches expire by the wall clock, not Server.Now, which tests and the
// demo may freeze.

// touchpointTarget returns what a feedback at the touchpoint with code is
// checked against, from the cache when fresh.
func (s *Server) touchpointTarget(ctx context.Context, code string) (*tpTarget, error) {
	return s.caches.touchpoints.get(ctx, code, time.Now(), func(ctx context.Context) (*tpTarget, error) {
		tp, err := s.Touchpoints.FindTouchpointByCode(ctx, code)
		if err != nil {
			if tandem.ErrorCode(err) == tandem.ENOTFOUND {
				err = tandem.NotFound("api.error.touchpoint_unknown")
			}
			return nil, err
		}
		bp, err := s.Services.CurrentBlueprint(ctx, tp.OrgID, tp.ServiceID)
		if err != nil {
			if tandem.ErrorCode(err) == tandem.ENOTFOUND {
				err = tandem.Errorf(tandem.ECONFLICT, "api.error.service_unpublished")
			}
			return nil, err
		}
		staff, err := s.Sites.ListStaff(ctx, tp.OrgID, tp.SiteID)
		if err != nil {
			return nil, err
		}
		return &tpTarget{tp: tp, bp: bp, staff: staff}, nil
	})
}

// blueprint returns a blueprint version of the organization. Versions never
// change once published, so the cache may keep them long.
func (s *Server) blueprint(ctx context.Context, orgID, id int64) (*tandem.Blueprint, error) {
	return s.caches.blueprints.get(ctx, orgKey{orgID, id}, time.Now(), func(ctx context.Context) (*tandem.Blueprint, error) {
		return s.Services.FindBlueprint(ctx, orgID, id)
	})
}

// siteStaff returns the staff of a site, who may be praised there.
func (s *Server) siteStaff(ctx context.Context, orgID, siteID int64) ([]*tandem.StaffMember, error) {
	return s.caches.staff.get(ctx, orgKey{orgID, siteID}, time.Now(), func(ctx context.Context) ([]*tandem.StaffMember, error) {
		return s.Sites.ListStaff(ctx, orgID, siteID)
	})
}
