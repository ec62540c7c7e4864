package app

import (
	"context"
	"maps"

	"github.com/tandemhq/tandem"
)

// FeedbackInput is a customer's feedback as any channel receives it. Aspects
// and the hardest step are named by key, which stays the same across
// blueprint versions.
type FeedbackInput struct {
	Channel tandem.Channel
	// The target: a touchpoint's code (a kiosk, a poster's one-off form) or
	// an episode's token (the visit's own page). Exactly one is given.
	Touchpoint, Episode string
	// Key is the client's idempotency key, if any (see tandem.FeedbackKey).
	Key string

	Overall       int
	Aspects       []AspectInput
	Readiness     map[tandem.Dimension]int
	HardestStep   string // a customer step's key, "" for none
	PraiseStaffID int64
	Praise        string
	Comment       string
	Lang          string
	// FirstTime is the customer's own answer to "First time here?" when the
	// channel knows it (a device that answered); nil leaves the episode's.
	FirstTime *bool
}

// AspectInput is one aspect judged.
type AspectInput struct {
	Key    string
	Rating tandem.Rating
}

// Submitted is a stored feedback with the blueprint version it refers to.
// Created is false for a retry: Feedback is then the first record.
type Submitted struct {
	Feedback  *tandem.Feedback
	Blueprint *tandem.Blueprint
	Created   bool
}

// errKeyReused refuses a retry whose content differs from the first
// feedback stored under its key. It never shows the stored record: a key is
// no credential, and whoever guesses another's key must learn nothing.
var errKeyReused = tandem.Invalid("Idempotency-Key", "error.idempotency_key_reused")

// SubmitFeedback validates and stores a feedback from any channel: the hot
// path. It checks the input against cached facts about the target and makes
// one store call that returns after commit. An appointment's feedback opens
// an hour before it; a retry under the same key returns the first record,
// or, from the API, is refused when it says something else. An episode
// takes one feedback whichever channel brings it: the store refuses a
// second with tandem.ErrFeedbackGiven. Writes coming too fast are refused
// (admit) as soon as the target is known, before anything is stored.
func (a *App) SubmitFeedback(ctx context.Context, in *FeedbackInput) (*Submitted, error) {
	f := &tandem.Feedback{
		Overall: in.Overall, Comment: in.Comment, PraiseStaffID: in.PraiseStaffID, Praise: in.Praise,
		Lang: in.Lang, CreatedAt: a.now(),
	}
	if err := checkKey(in.Key); err != nil {
		return nil, err
	}
	var bp *tandem.Blueprint
	var staff []*tandem.StaffMember
	var ep *tandem.Episode
	switch {
	case (in.Touchpoint == "") == (in.Episode == ""):
		return nil, tandem.Invalid("touchpoint", "error.touchpoint_or_episode")
	case in.Touchpoint != "":
		pl, err := a.Place(ctx, in.Touchpoint)
		if err != nil {
			return nil, err
		}
		if err := a.admit(ctx, pl.Touchpoint.OrgID, pl.Touchpoint.ID, 0); err != nil {
			return nil, err
		}
		bp, staff = pl.Blueprint, pl.Staff
		f.OrgID, f.ServiceID, f.TouchpointID, f.SiteID = pl.Touchpoint.OrgID, pl.Touchpoint.ServiceID, pl.Touchpoint.ID, pl.Touchpoint.SiteID
		f.FirstTime = in.FirstTime != nil && *in.FirstTime
	default:
		var err error
		if ep, err = a.Episode(ctx, in.Episode); err != nil {
			return nil, err
		}
		if err := ep.FeedbackOpen(f.CreatedAt); err != nil {
			return nil, err
		}
		if err := a.admitEpisode(ctx, ep); err != nil {
			return nil, err
		}
		if bp, err = a.Blueprint(ctx, ep.OrgID, ep.BlueprintID); err != nil {
			return nil, err
		}
		if staff, err = a.siteStaff(ctx, ep.OrgID, ep.SiteID); err != nil {
			return nil, err
		}
		f.OrgID, f.ServiceID, f.TouchpointID, f.SiteID, f.EpisodeID = ep.OrgID, ep.ServiceID, ep.TouchpointID, ep.SiteID, ep.ID
		f.FirstTime = ep.FirstTimer(in.FirstTime)
	}
	f.BlueprintID = bp.ID
	if err := fill(f, bp, in); err != nil {
		return nil, err
	}
	if err := f.Validate(bp, staff); err != nil {
		return nil, err
	}
	if err := a.causesFromTimeline(ctx, f, bp, ep); err != nil {
		return nil, err
	}
	f.IdempotencyKey = tandem.FeedbackKey(in.Channel, f, in.Key)
	var sent tandem.Feedback // the request, to hold a retry against
	if f.IdempotencyKey != "" {
		sent = *f
		sent.Aspects = append([]tandem.AspectRating(nil), f.Aspects...)
		sent.Readiness = maps.Clone(f.Readiness)
	}
	created, err := a.Feedback.CreateFeedback(ctx, f)
	if err != nil {
		return nil, err
	}
	if created {
		return &Submitted{Feedback: f, Blueprint: bp, Created: true}, nil
	}
	stored := bp
	if f.BlueprintID != bp.ID { // the first attempt met another blueprint version
		if stored, err = a.Blueprint(ctx, f.OrgID, f.BlueprintID); err != nil {
			return nil, err
		}
	}
	// The page's key is the episode's own: its first feedback stands, and a
	// second submission (a double tap, a change of mind) gets that one.
	// A client's key names one request, so a different body under it is
	// a mistake to report.
	if in.Channel == tandem.ChannelAPI && !sameFeedback(&sent, bp, f, stored) {
		return nil, errKeyReused
	}
	return &Submitted{Feedback: f, Blueprint: stored}, nil
}

// causesFromTimeline reads the cause of each negative tied to a step from
// the episode's timeline up to the feedback (tandem's CauseFromTimeline),
// where the default cause stood. Feedback without an episode, or without
// such negatives, costs no read.
func (a *App) causesFromTimeline(ctx context.Context, f *tandem.Feedback, bp *tandem.Blueprint, ep *tandem.Episode) error {
	if ep == nil || !f.NeedsTimeline(bp) {
		return nil
	}
	reqs, err := a.EpisodeRequests(ctx, ep)
	if err != nil {
		return err
	}
	f.CausesFromTimeline(bp, tandem.Timeline{Episode: ep, Requests: reqs, At: f.CreatedAt})
	return nil
}

// fill sets f's aspects, readiness answers and hardest step from the input,
// named by key in bp.
func fill(f *tandem.Feedback, bp *tandem.Blueprint, in *FeedbackInput) error {
	if len(in.Aspects) > 0 {
		f.Aspects = make([]tandem.AspectRating, len(in.Aspects))
		for i, a := range in.Aspects {
			def := bp.AspectByKey(a.Key)
			if def == nil {
				return tandem.Invalid("aspects", "error.aspect_unknown")
			}
			f.Aspects[i] = tandem.AspectRating{AspectID: def.ID, Rating: a.Rating}
		}
	}
	if len(in.Readiness) > 0 {
		f.Readiness = maps.Clone(in.Readiness)
	}
	if in.HardestStep != "" {
		st := bp.StepByKey(in.HardestStep)
		if st == nil {
			return tandem.Invalid("hardest_step", "error.hardest_step")
		}
		f.HardestStepID = st.ID
	}
	return nil
}

// sameFeedback reports whether a retry says what the stored record says:
// the same target and judgements. Aspects are compared by key, since
// blueprint versions give them new ids, and causes not at all: a client
// sends none and a manager may have changed them since.
func sameFeedback(sent *tandem.Feedback, sentBP *tandem.Blueprint, stored *tandem.Feedback, storedBP *tandem.Blueprint) bool {
	if sent.TouchpointID != stored.TouchpointID || sent.EpisodeID != stored.EpisodeID || sent.Overall != stored.Overall ||
		sent.Comment != stored.Comment || sent.PraiseStaffID != stored.PraiseStaffID || sent.Praise != stored.Praise ||
		len(sent.Aspects) != len(stored.Aspects) || !maps.Equal(sent.Readiness, stored.Readiness) ||
		stepKey(sentBP, sent.HardestStepID) != stepKey(storedBP, stored.HardestStepID) {
		return false
	}
	ratings := make(map[string]tandem.Rating, len(stored.Aspects))
	for _, r := range stored.Aspects {
		a := storedBP.Aspect(r.AspectID)
		if a == nil {
			return false
		}
		ratings[a.Key] = r.Rating
	}
	for _, r := range sent.Aspects {
		a := sentBP.Aspect(r.AspectID)
		if a == nil {
			return false
		}
		if got, ok := ratings[a.Key]; !ok || got != r.Rating {
			return false
		}
	}
	return true
}

// stepKey is the key of a blueprint's step, "" for none.
func stepKey(bp *tandem.Blueprint, id int64) string {
	if st := bp.Step(id); st != nil {
		return st.Key
	}
	return ""
}
