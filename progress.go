package tandem

import "time"

// Where a customer is in their episode: the product's central idea, used by
// the customer's companion page and the staff's live view alike, so both
// always agree on the current step, when it became due and when its nudge
// comes.

// Progress is where the customer of an episode stands at one moment.
type Progress struct {
	// Current is the first customer step not done; nil when all are.
	Current *Step
	// Since is when Current became due (see Episode.DueAt).
	Since time.Time
	// Over reports whether Current has taken longer than its expected
	// minutes.
	Over bool
	// StaffNext is the first frontline step not done between the
	// customer's previous step and Current (the waiter bringing the
	// coffee): what staff can mark next to move the customer on. Nil if
	// none.
	StaffNext *Step
	// Done and Steps count the customer steps done and in all.
	Done, Steps int
}

// Begun is when the visit began for the customer: the appointment's time
// when one was booked and it is later than the booking, else the start.
func (e *Episode) Begun() time.Time {
	if e.ScheduledAt.After(e.StartedAt) {
		return e.ScheduledAt
	}
	return e.StartedAt
}

// doneAt returns when a step was done, and whether it was.
func (e *Episode) doneAt(stepID int64) (time.Time, bool) {
	for _, d := range e.Done {
		if d.StepID == stepID {
			return d.At, true
		}
	}
	return time.Time{}, false
}

// DueAt is when the step at index i of b became due in the episode. It is
// due from what comes right before it: walking back, the first step done
// (of any lane: the waiter serving the coffee, the kitchen, the customer's
// own order) decides; an earlier customer step not yet done means it is not
// due (ok is false): having only arrived must not make the coffee due. With
// nothing before it, the visit's beginning decides.
func (e *Episode) DueAt(b *Blueprint, i int) (at time.Time, ok bool) {
	for j := i - 1; j >= 0; j-- {
		st := &b.Steps[j]
		if at, done := e.doneAt(st.ID); done {
			return at, true
		}
		if st.Lane == LaneCustomer {
			return time.Time{}, false
		}
	}
	return e.Begun(), true
}

// NudgeAt is when the nudge of the step at index i of b is due: its window
// after the step became due. ok is false when the step has no nudge, is
// done, or is not due yet.
func (e *Episode) NudgeAt(b *Blueprint, i int, lang string) (at time.Time, ok bool) {
	st := &b.Steps[i]
	if st.WindowMinutes <= 0 || st.Nudge.Get(lang) == "" || e.IsDone(st.ID) {
		return time.Time{}, false
	}
	from, ok := e.DueAt(b, i)
	if !ok {
		return time.Time{}, false
	}
	return from.Add(time.Duration(st.WindowMinutes) * time.Minute), true
}

// Progress computes where the customer stands at now.
func (e *Episode) Progress(b *Blueprint, now time.Time) Progress {
	var p Progress
	current := -1
	for i := range b.Steps {
		st := &b.Steps[i]
		if st.Lane != LaneCustomer {
			continue
		}
		p.Steps++
		if e.IsDone(st.ID) {
			p.Done++
		} else if current < 0 {
			current = i
		}
	}
	if current < 0 {
		return p
	}
	p.Current = &b.Steps[current]
	p.Since, _ = e.DueAt(b, current) // every customer step before it is done: it is due
	if m := p.Current.ExpectedMinutes; m > 0 {
		p.Over = now.Sub(p.Since) > time.Duration(m)*time.Minute
	}
	first := current
	for first > 0 && b.Steps[first-1].Lane != LaneCustomer {
		first--
	}
	for j := first; j < current; j++ {
		if st := &b.Steps[j]; st.Lane == LaneFrontline && !e.IsDone(st.ID) {
			p.StaffNext = st
			break
		}
	}
	return p
}

// NudgeDue is when the nudge of the step at index i of b was or is due,
// whether or not the step is done by now: NudgeAt as it stood before the
// step was done, for looking back on a visit. ok is false when the step has
// no nudge or never became due.
func (e *Episode) NudgeDue(b *Blueprint, i int, lang string) (at time.Time, ok bool) {
	before := *e
	before.Done = make([]StepDone, 0, len(e.Done))
	for _, d := range e.Done {
		if d.StepID != b.Steps[i].ID {
			before.Done = append(before.Done, d)
		}
	}
	return before.NudgeAt(b, i, lang)
}
