package tandem

import (
	"testing"
	"time"
)

// TestHelpTransitions: open → acknowledged → done; closing an open request
// acknowledges it at the same moment; nothing moves back or twice.
func TestHelpTransitions(t *testing.T) {
	t1, t2 := t0.Add(time.Minute), t0.Add(2*time.Minute)
	h := &HelpRequest{Status: HelpOpen, CreatedAt: t0}
	if !h.Acknowledge(7, t1) || h.Status != HelpAcknowledged || !h.AcknowledgedAt.Equal(t1) || h.HandledBy != 7 {
		t.Fatalf("acknowledged: %+v", h)
	}
	if h.Acknowledge(8, t2) || h.HandledBy != 7 || !h.AcknowledgedAt.Equal(t1) {
		t.Errorf("acknowledged twice: %+v", h)
	}
	if !h.Close(8, t2) || h.Status != HelpDone || !h.DoneAt.Equal(t2) || h.HandledBy != 8 || !h.AcknowledgedAt.Equal(t1) {
		t.Errorf("closed: %+v", h)
	}
	if h.Close(9, t2.Add(time.Minute)) || h.Acknowledge(9, t2.Add(time.Minute)) || h.HandledBy != 8 {
		t.Errorf("moved after done: %+v", h)
	}

	open := &HelpRequest{Status: HelpOpen, CreatedAt: t0, HandledBy: 0}
	if !open.Close(0, t1) || !open.AcknowledgedAt.Equal(t1) || !open.DoneAt.Equal(t1) || open.HandledBy != 0 {
		t.Errorf("closing an open request by nobody in particular: %+v", open)
	}
}
