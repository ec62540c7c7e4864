package app

import (
	"context"
	"time"

	"github.com/tandemhq/tandem"
)

// Start opens an episode at the touchpoint with code, on its service's
// current blueprint: a customer has scanned the QR code. firstTime is the
// customer's answer to "First time here?" (false when not asked).
func (a *App) Start(ctx context.Context, code, lang string, firstTime bool) (*tandem.Episode, error) {
	pl, err := a.Place(ctx, code)
	if err != nil {
		return nil, err
	}
	if err := a.admit(ctx, pl.Touchpoint.OrgID, pl.Touchpoint.ID, 0); err != nil {
		return nil, err
	}
	if !tandem.SupportedLanguage(lang) {
		lang = "en"
	}
	e := &tandem.Episode{
		OrgID: pl.Touchpoint.OrgID, ServiceID: pl.Service.ID, BlueprintID: pl.Blueprint.ID,
		TouchpointID: pl.Touchpoint.ID, SiteID: pl.Touchpoint.SiteID,
		Lang: lang, FirstTime: firstTime, StartedAt: a.now(),
	}
	if err := a.Episodes.CreateEpisode(ctx, e); err != nil {
		return nil, err
	}
	return e, nil
}

// Booking is an appointment to make: a service, where, when, and the
// language of the customer's pages.
type Booking struct {
	OrgID     int64
	ServiceID int64
	// Where: a touchpoint of the service, or a site, where the service's
	// first touchpoint there is taken. Exactly one is given.
	TouchpointID, SiteID int64
	At                   time.Time
	Lang                 string // "" for the organization's own
	// Customer is who the appointment is for: optional name and contact,
	// the contact kept only with consent noted.
	Customer tandem.Customer
}

// Book makes an appointment (S5: the barber, the doctor). The episode exists
// from now on, so the customer can open the preparation before the visit.
// An id of another organization is as unknown as one that never was.
func (a *App) Book(ctx context.Context, b Booking) (*tandem.Episode, error) {
	unknown := func(err error, field, key string) error {
		if tandem.ErrorCode(err) == tandem.ENOTFOUND {
			return tandem.Invalid(field, key)
		}
		return err
	}
	if b.ServiceID <= 0 {
		return nil, tandem.Invalid("service_id", "error.service_unknown")
	}
	if err := b.Customer.Validate(); err != nil {
		return nil, err
	}
	svc, err := a.Services.FindService(ctx, b.OrgID, b.ServiceID)
	if err != nil {
		return nil, unknown(err, "service_id", "error.service_unknown")
	}
	var tp *tandem.Touchpoint
	switch {
	case (b.TouchpointID > 0) == (b.SiteID > 0):
		return nil, tandem.Invalid("touchpoint_id", "error.touchpoint_or_site")
	case b.TouchpointID > 0:
		if tp, err = a.Touchpoints.FindTouchpoint(ctx, b.OrgID, b.TouchpointID); err != nil {
			return nil, unknown(err, "touchpoint_id", "error.touchpoint_id_unknown")
		}
		if tp.Retired() {
			return nil, tandem.Invalid("touchpoint_id", "error.touchpoint_retired")
		}
	default:
		if _, err := a.Sites.FindSite(ctx, b.OrgID, b.SiteID); err != nil {
			return nil, unknown(err, "site_id", "error.site_unknown")
		}
		if tp, err = a.siteTouchpoint(ctx, b.OrgID, b.SiteID, svc.ID); err != nil {
			return nil, err
		}
	}
	now := a.now()
	if !tandem.Bookable(b.At, now) {
		return nil, tandem.Invalid("scheduled_at", "error.booking_range")
	}
	lang := b.Lang
	if lang == "" {
		org, err := a.Organization(ctx, b.OrgID)
		if err != nil {
			return nil, err
		}
		lang = org.Lang
	}
	if !tandem.SupportedLanguage(lang) {
		return nil, tandem.Invalid("lang", "error.language")
	}
	bp, err := a.Services.CurrentBlueprint(ctx, b.OrgID, svc.ID)
	if err != nil {
		if tandem.ErrorCode(err) == tandem.ENOTFOUND {
			err = &tandem.Error{Code: tandem.ECONFLICT, Key: "error.service_unpublished", Field: "service_id"}
		}
		return nil, err
	}
	e := &tandem.Episode{OrgID: b.OrgID, ServiceID: svc.ID, BlueprintID: bp.ID, TouchpointID: tp.ID, SiteID: tp.SiteID,
		Lang: lang, StartedAt: now, ScheduledAt: b.At, Customer: b.Customer}
	if err := a.Episodes.CreateEpisode(ctx, e); err != nil {
		return nil, err
	}
	return e, nil
}

// siteTouchpoint picks where at a site an appointment takes place: the
// first touchpoint of the service there. The store refuses a touchpoint of
// another service, so there is no falling back to one.
func (a *App) siteTouchpoint(ctx context.Context, orgID, siteID, serviceID int64) (*tandem.Touchpoint, error) {
	tps, err := a.Touchpoints.ListTouchpoints(ctx, orgID)
	if err != nil {
		return nil, err
	}
	for _, t := range tps {
		if t.SiteID == siteID && t.ServiceID == serviceID && !t.Retired() {
			return t, nil
		}
	}
	return nil, tandem.Invalid("site_id", "error.site_no_touchpoint")
}

// StepRef names a step of an episode's blueprint: by ID (the pages) or by
// key (the API: keys stay the same across blueprint versions).
type StepRef struct {
	ID  int64
	Key string
}

func (r StepRef) find(b *tandem.Blueprint) *tandem.Step {
	if r.Key != "" {
		return b.StepByKey(r.Key)
	}
	return b.Step(r.ID)
}

// MarkStep marks a step of an episode done by by (the customer ticking it,
// staff seeing it happen, a till ringing it up) and returns the episode as
// it now is with the step. Customers mark their own steps only: any other is
// as unknown to them as one that does not exist. Marking a step again
// changes nothing.
func (a *App) MarkStep(ctx context.Context, ep *tandem.Episode, ref StepRef, by tandem.Source) (*tandem.Episode, *tandem.Step, error) {
	if by == tandem.ByCustomer {
		if err := a.admitEpisode(ctx, ep); err != nil {
			return nil, nil, err
		}
	}
	bp, err := a.Blueprint(ctx, ep.OrgID, ep.BlueprintID)
	if err != nil {
		return nil, nil, err
	}
	st := ref.find(bp)
	if st == nil || !tandem.MayMark(by, st) {
		return nil, nil, tandem.NotFound("error.step_unknown")
	}
	if ep.Cancelled() {
		return nil, nil, tandem.ErrCancelled
	}
	if ep.IsDone(st.ID) {
		return ep, st, nil
	}
	if err := a.Episodes.MarkStepDone(ctx, ep.ID, st.ID, a.now(), by); err != nil {
		return nil, nil, err
	}
	ep, err = a.Episodes.FindEpisode(ctx, ep.OrgID, ep.ID)
	if err != nil {
		return nil, nil, err
	}
	return ep, st, nil
}

// AnswerFirstTime records the customer's answer to "First time here?" on
// their episode, so every channel that later speaks for the episode (the
// page, a kiosk or till through the API) counts them alike.
func (a *App) AnswerFirstTime(ctx context.Context, ep *tandem.Episode, first bool) error {
	if ep.FirstTime == first {
		return nil
	}
	if err := a.Episodes.SetFirstTime(ctx, ep.ID, first); err != nil {
		return err
	}
	ep.FirstTime = first
	return nil
}
