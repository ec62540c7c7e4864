package tandem

import (
	"testing"
	"time"
)

// TestVisitWindows: feedback on an appointment opens an hour before it;
// help closes with feedback or twelve hours after the visit began.
func TestVisitWindows(t *testing.T) {
	walkIn := &Episode{StartedAt: t0}
	booked := &Episode{StartedAt: t0, ScheduledAt: t0.Add(3 * time.Hour)}
	for _, tc := range []struct {
		name string
		err  error
		want string // error key, "" for open
	}{
		{"walk-in feedback", walkIn.FeedbackOpen(t0), ""},
		{"appointment feedback 2h before", booked.FeedbackOpen(t0.Add(time.Hour)), "error.feedback_early"},
		{"appointment feedback 1h before", booked.FeedbackOpen(t0.Add(2 * time.Hour)), ""},
		{"help during the visit", walkIn.HelpOpen(false, t0.Add(time.Hour)), ""},
		{"help after feedback", walkIn.HelpOpen(true, t0.Add(time.Hour)), "error.help_closed"},
		{"help 12h after the start", walkIn.HelpOpen(false, t0.Add(12*time.Hour)), ""},
		{"help 12h1m after the start", walkIn.HelpOpen(false, t0.Add(12*time.Hour+time.Minute)), "error.help_closed"},
		{"help 12h after an appointment's time", booked.HelpOpen(false, t0.Add(15*time.Hour)), ""},
	} {
		got := ""
		if tc.err != nil {
			got = ErrorKey(tc.err)
			if ErrorCode(tc.err) != EINVALID {
				t.Errorf("%s: code %q, want %q", tc.name, ErrorCode(tc.err), EINVALID)
			}
		}
		if got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestFirstTimer: the customer's own answer wins over the episode's flag.
func TestFirstTimer(t *testing.T) {
	yes, no := true, false
	for _, tc := range []struct {
		flag   bool
		answer *bool
		want   bool
	}{{false, nil, false}, {true, nil, true}, {false, &yes, true}, {true, &no, false}} {
		if got := (&Episode{FirstTime: tc.flag}).FirstTimer(tc.answer); got != tc.want {
			t.Errorf("FirstTimer(flag %v, answer %v) = %v, want %v", tc.flag, tc.answer, got, tc.want)
		}
	}
}

// TestMayMark: customers tick their own steps only.
func TestMayMark(t *testing.T) {
	own, waiter := &Step{Lane: LaneCustomer}, &Step{Lane: LaneFrontline}
	if !MayMark(ByCustomer, own) || MayMark(ByCustomer, waiter) || !MayMark(ByStaff, waiter) || !MayMark(BySystem, waiter) {
		t.Errorf("MayMark: customers must mark only customer steps, staff and systems any")
	}
}
