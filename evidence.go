package tandem

import (
	"slices"
	"time"
)

// Causes from evidence: a negative aspect tied to a timed step gets the
// cause its episode's own timeline shows, rather than the aspect's default.
// The companion knows when the coffee was ordered, when it was served, when
// its nudge came and when the guest went on: served after the time it is
// expected to take, the coffee was the provider's; served in time but left
// past its window, the customer's.

// CauseSource is where a negative's cause came from.
type CauseSource string

const (
	CauseDefault  CauseSource = "default"  // the aspect's ControlledBy
	CauseTimeline CauseSource = "timeline" // the episode's timeline (see CauseFromTimeline)
	CauseManager  CauseSource = "manager"  // a manager set or confirmed it
)

// Valid reports whether s is a known source.
func (s CauseSource) Valid() bool {
	return s == CauseDefault || s == CauseTimeline || s == CauseManager
}

// EvidenceKind is what a timeline showed.
type EvidenceKind string

const (
	// EvidenceLate: the provider's part took longer than its steps are
	// expected to take.
	EvidenceLate EvidenceKind = "late"
	// EvidenceLingered: served in time, the customer went on only after
	// the step's window had passed.
	EvidenceLingered EvidenceKind = "lingered"
	// EvidencePrompt: served in time, and the customer went on within the
	// step's window: they did their part.
	EvidencePrompt EvidenceKind = "prompt"
)

// Evidence is what an episode's timeline says about a negative: the
// moments the cause was read from. Times that were not known are zero.
type Evidence struct {
	Kind EvidenceKind `json:"kind"`
	// Step is the key of the provider's step that served the customer
	// (the waiter bringing the coffee).
	Step string `json:"step"`
	// From is when the provider's part became due: the customer's step
	// before it done, or the time the customer asked for (Asked).
	From  time.Time `json:"from,omitzero"`
	Asked bool      `json:"asked,omitempty"`
	// Served is when the provider's part was done.
	Served time.Time `json:"served"`
	// Expected is how many minutes the provider's steps are expected to
	// take together, 0 if they are not timed.
	Expected int `json:"expected_minutes,omitempty"`
	// Window is the customer step's window in minutes, from Served.
	Window int `json:"window_minutes,omitempty"`
	// Nudge is when the customer's nudge came, zero if none came before
	// they went on.
	Nudge time.Time `json:"nudge,omitzero"`
	// Moved is when the customer went on: the step done, a later step
	// done or a later request made (the bill asked for).
	Moved time.Time `json:"moved,omitzero"`
}

// Cause is the party the evidence points at: a late provider or a prompt
// customer, the provider; a customer past the window, the customer.
func (e *Evidence) Cause() Party {
	if e.Kind == EvidenceLingered {
		return PartyCustomer
	}
	return PartyProvider
}

// Took is how long the provider's part took, in whole minutes (rounded).
func (e *Evidence) Took() int { return minutes(e.Served.Sub(e.From)) }

// After is how long after being served the customer went on, in minutes.
func (e *Evidence) After() int { return minutes(e.Moved.Sub(e.Served)) }

// NudgeAfter is how long after being served the nudge came, in minutes.
func (e *Evidence) NudgeAfter() int { return minutes(e.Nudge.Sub(e.Served)) }

func minutes(d time.Duration) int { return int(d.Round(time.Minute) / time.Minute) }

// Timeline is what the companion knows of an episode when its feedback is
// given: the steps done, the customer's requests, and the moment of the
// feedback, after which nothing counts.
type Timeline struct {
	Episode  *Episode
	Requests []*CustomerRequest // the episode's, in any order
	At       time.Time          // the feedback's time; zero for no limit
}

// CauseFromTimeline derives the likely cause of a negative on aspect a of
// blueprint b from an episode's timeline. The aspect must be tied to a
// step (StepKey) with provider steps right before it (or be tied to a
// provider step): the last of them done is when the customer was served.
//
//   - The provider's steps took longer than their expected minutes
//     together, counted from when they became due (the customer's step
//     before them done, or the later time the customer asked for with a
//     request): the provider's (EvidenceLate).
//   - Otherwise, when the customer step after them has a window: the
//     customer went on (the step done; not done, a later step done or a
//     later request made) after the window passed, the customer's
//     (EvidenceLingered); the step itself done within it, the provider's
//     (EvidencePrompt): the customer did their part.
//
// With no such evidence it returns the aspect's default cause and false.
func CauseFromTimeline(a *Aspect, b *Blueprint, t Timeline) (Party, Evidence, bool) {
	def := a.ControlledBy
	ep := t.Episode
	if ep == nil || a.StepKey == "" {
		return def, Evidence{}, false
	}
	i := slices.IndexFunc(b.Steps, func(s Step) bool { return s.Key == a.StepKey })
	if i < 0 {
		return def, Evidence{}, false
	}
	// The provider's run [first, last] before the customer step c.
	last, c := i-1, i
	if b.Steps[i].Lane != LaneCustomer {
		last = i
		for last+1 < len(b.Steps) && b.Steps[last+1].Lane != LaneCustomer {
			last++
		}
		c = last + 1
	}
	if last < 0 || b.Steps[last].Lane == LaneCustomer {
		return def, Evidence{}, false
	}
	first := last
	for first > 0 && b.Steps[first-1].Lane != LaneCustomer {
		first--
	}
	seen := func(at time.Time) bool { return t.At.IsZero() || !at.After(t.At) }
	served, ok := ep.doneAt(b.Steps[last].ID)
	if !ok || !seen(served) {
		return def, Evidence{}, false
	}
	ev := Evidence{Step: b.Steps[last].Key, Served: served}

	from, known := ep.DueAt(b, first)
	if first > 0 {
		asked := b.Steps[first-1].ID
		for _, r := range t.Requests {
			if r.StepID == asked && !r.CreatedAt.After(served) && (!known || r.DueAt.After(from)) {
				from, known, ev.Asked = r.DueAt, true, true
			}
		}
	}
	expected := 0
	for _, st := range b.Steps[first : last+1] {
		expected += st.ExpectedMinutes
	}
	if known && expected > 0 && !from.After(served) {
		ev.From, ev.Expected = from, expected
		if served.Sub(from) > time.Duration(expected)*time.Minute {
			ev.Kind = EvidenceLate
			return ev.Cause(), ev, true
		}
	} else {
		ev.Asked = false
	}

	if c >= len(b.Steps) || b.Steps[c].WindowMinutes <= 0 {
		return def, Evidence{}, false
	}
	ev.Window = b.Steps[c].WindowMinutes
	// When the customer went on: the step itself done, else their first
	// move after it (a later step done, a later request made). Only the
	// step itself done in time shows they did their part: paying at once
	// says nothing of the coffee left on the table.
	moved, own := ep.doneAt(b.Steps[c].ID)
	if own && (moved.Before(served) || !seen(moved)) {
		return def, Evidence{}, false
	}
	if !own {
		note := func(at time.Time) {
			if !at.Before(served) && seen(at) && (moved.IsZero() || at.Before(moved)) {
				moved = at
			}
		}
		for _, d := range ep.Done {
			if k := b.stepIndex(d.StepID); k > c && b.Steps[k].Lane == LaneCustomer {
				note(d.At)
			}
		}
		for _, r := range t.Requests {
			if k := b.stepIndex(r.StepID); k > c {
				note(r.CreatedAt)
			}
		}
	}
	late := moved.Sub(served) > time.Duration(ev.Window)*time.Minute
	if moved.IsZero() || !own && !late {
		return def, Evidence{}, false
	}
	ev.Moved = moved
	if nudge, ok := ep.NudgeDue(b, c, ep.Lang); ok && nudge.Before(moved) {
		ev.Nudge = nudge
	}
	ev.Kind = EvidencePrompt
	if late {
		ev.Kind = EvidenceLingered
	}
	return ev.Cause(), ev, true
}

// stepIndex returns the index of the step with id, or -1.
func (b *Blueprint) stepIndex(id int64) int {
	return slices.IndexFunc(b.Steps, func(s Step) bool { return s.ID == id })
}

// CausesFromTimeline sets the cause of each negative of f whose cause is
// its aspect's default (or not set yet) to what the timeline shows, with
// the evidence. It is the one place a cause is read from a timeline; b is
// the blueprint of t's episode.
func (f *Feedback) CausesFromTimeline(b *Blueprint, t Timeline) {
	for i := range f.Aspects {
		r := &f.Aspects[i]
		if !r.defaultCause() {
			continue
		}
		a := b.Aspect(r.AspectID)
		if a == nil {
			continue
		}
		if p, ev, ok := CauseFromTimeline(a, b, t); ok {
			r.Cause, r.Source, r.Evidence = p, CauseTimeline, &ev
		}
	}
}

// NeedsTimeline reports whether any negative of f is on an aspect tied to
// a step, so that its episode's timeline may tell its cause.
func (f *Feedback) NeedsTimeline(b *Blueprint) bool {
	for _, r := range f.Aspects {
		if r.defaultCause() {
			if a := b.Aspect(r.AspectID); a != nil && a.StepKey != "" {
				return true
			}
		}
	}
	return false
}

// defaultCause reports whether r is a negative whose cause is its aspect's
// default, or not yet set (Validate sets the default).
func (r *AspectRating) defaultCause() bool {
	return r.Rating == Negative && (r.Source == CauseDefault || r.Source == "" && r.Cause == "")
}
