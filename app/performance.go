package app

import (
	"context"
	"slices"
	"time"

	"github.com/tandemhq/tandem"
)

// Performance is one performance of a service as a manager looks back on
// it: the feedback it ended in and, when the feedback came from an episode,
// what happened on the way, in time order.
type Performance struct {
	Feedback  *tandem.Feedback
	Service   *tandem.Service
	Blueprint *tandem.Blueprint // the version the customer met
	Episode   *tandem.Episode   // nil for feedback given without one
	Channel   tandem.Channel    // read from the stored key; ChannelUnknown without one
	Hardest   *tandem.Step      // the step the customer found hardest, nil if none
	Events    []Event           // in time order, the feedback last
}

// EventKind is what happened at a moment of a performance.
type EventKind string

const (
	EventStarted          EventKind = "started"           // the episode began (a scan, a booking)
	EventAppointment      EventKind = "appointment"       // the time booked
	EventCancelled        EventKind = "cancelled"         // the appointment was cancelled
	EventStepDone         EventKind = "step"              // a step was done, By whom
	EventNudgeDue         EventKind = "nudge"             // a step's nudge was due
	EventHelpAsked        EventKind = "help_asked"        // the customer asked for help
	EventHelpAcknowledged EventKind = "help_acknowledged" // someone was on the way
	EventHelpDone         EventKind = "help_done"         // the customer was helped
	EventFeedback         EventKind = "feedback"          // the feedback was given
)

// NudgeOutcome is how a step went against its nudge.
type NudgeOutcome string

const (
	DoneBeforeNudge NudgeOutcome = "before" // in time: the nudge never had to show
	DoneAfterNudge  NudgeOutcome = "after"  // the nudge was due first
	NotDone         NudgeOutcome = "never"  // the step was never done
)

// Event is one moment of a performance.
type Event struct {
	At   time.Time
	Kind EventKind
	Step *tandem.Step // the step of a step, nudge or help event

	By      tandem.Source // who marked a step done
	Outcome NudgeOutcome  // of a nudge
	Handler string        // of help: the name of the user who handled it, "" if unknown
}

// Performance gathers the whole performance behind a feedback of the
// organization: its episode's start and appointment, each step done, each
// nudge due and whether the step beat it, each help request's course, then
// the feedback. Another organization's feedback is ENOTFOUND.
func (a *App) Performance(ctx context.Context, orgID, feedbackID int64) (*Performance, error) {
	f, err := a.Feedback.FindFeedback(ctx, orgID, feedbackID)
	if err != nil {
		return nil, err
	}
	p := &Performance{Feedback: f, Channel: tandem.FeedbackChannel(f.IdempotencyKey)}
	if p.Service, err = a.Services.FindService(ctx, orgID, f.ServiceID); err != nil {
		return nil, err
	}
	if p.Blueprint, err = a.Blueprint(ctx, orgID, f.BlueprintID); err != nil {
		return nil, err
	}
	if f.HardestStepID != 0 {
		p.Hardest = p.Blueprint.Step(f.HardestStepID)
	}
	if f.EpisodeID != 0 {
		ep, err := a.Episodes.FindEpisode(ctx, orgID, f.EpisodeID)
		if err != nil && tandem.ErrorCode(err) != tandem.ENOTFOUND {
			return nil, err
		}
		p.Episode = ep
	}
	if p.Episode != nil {
		bp := p.Blueprint
		if p.Episode.BlueprintID != bp.ID { // the feedback met a newer version
			if bp, err = a.Blueprint(ctx, orgID, p.Episode.BlueprintID); err != nil {
				return nil, err
			}
		}
		help, err := a.EpisodeHelp(ctx, p.Episode)
		if err != nil {
			return nil, err
		}
		names, err := a.userNames(ctx, orgID, help)
		if err != nil {
			return nil, err
		}
		p.Events = EpisodeEvents(p.Episode, bp, help, names)
	}
	p.Events = append(p.Events, Event{At: f.CreatedAt, Kind: EventFeedback})
	return p, nil
}

// userNames names the users who handled help requests.
func (a *App) userNames(ctx context.Context, orgID int64, help []*tandem.HelpRequest) (map[int64]string, error) {
	names := map[int64]string{}
	for _, h := range help {
		if h.HandledBy == 0 {
			continue
		}
		if _, ok := names[h.HandledBy]; ok {
			continue
		}
		u, err := a.Users.FindUser(ctx, orgID, h.HandledBy)
		switch {
		case tandem.ErrorCode(err) == tandem.ENOTFOUND:
			names[h.HandledBy] = ""
		case err != nil:
			return nil, err
		default:
			names[h.HandledBy] = u.Name
		}
	}
	return names, nil
}

// EpisodeEvents is an episode's timeline on blueprint b, in time order: its
// start and appointment, each step done, each nudge due (tandem's
// Episode.NudgeDue) with how the step went against it, and each help
// request asked, acknowledged and done, named by names (user id to name).
// Events at the same moment keep that order.
func EpisodeEvents(ep *tandem.Episode, b *tandem.Blueprint, help []*tandem.HelpRequest, names map[int64]string) []Event {
	ev := []Event{{At: ep.StartedAt, Kind: EventStarted}}
	if ep.Booked() {
		ev = append(ev, Event{At: ep.ScheduledAt, Kind: EventAppointment})
	}
	if ep.Cancelled() {
		ev = append(ev, Event{At: ep.CancelledAt, Kind: EventCancelled})
	}
	for _, d := range ep.Done {
		if st := b.Step(d.StepID); st != nil {
			ev = append(ev, Event{At: d.At, Kind: EventStepDone, Step: st, By: d.By})
		}
	}
	for i := range b.Steps {
		st := &b.Steps[i]
		due, ok := ep.NudgeDue(b, i, ep.Lang)
		if !ok {
			continue
		}
		e := Event{At: due, Kind: EventNudgeDue, Step: st, Outcome: NotDone}
		for _, d := range ep.Done {
			if d.StepID == st.ID {
				e.Outcome = DoneAfterNudge
				if d.At.Before(due) {
					e.Outcome = DoneBeforeNudge
				}
			}
		}
		ev = append(ev, e)
	}
	for i := len(help) - 1; i >= 0; i-- { // oldest first
		h := help[i]
		st := b.Step(h.StepID)
		ev = append(ev, Event{At: h.CreatedAt, Kind: EventHelpAsked, Step: st})
		if !h.AcknowledgedAt.IsZero() {
			ev = append(ev, Event{At: h.AcknowledgedAt, Kind: EventHelpAcknowledged, Step: st, Handler: names[h.HandledBy]})
		}
		if !h.DoneAt.IsZero() {
			ev = append(ev, Event{At: h.DoneAt, Kind: EventHelpDone, Step: st, Handler: names[h.HandledBy]})
		}
	}
	slices.SortStableFunc(ev, func(x, y Event) int { return x.At.Compare(y.At) })
	return ev
}
