package tandem

import (
	"strings"
	"testing"
	"time"
)

// TestRequestTransitions: the same moves as help: open → acknowledged →
// done, closing an open request acknowledges it, nothing moves back.
func TestRequestTransitions(t *testing.T) {
	t1, t2 := t0.Add(time.Minute), t0.Add(2*time.Minute)
	r := &CustomerRequest{Status: RequestOpen, CreatedAt: t0, DueAt: t0}
	if !r.Acknowledge(7, t1) || r.Status != RequestAcknowledged || !r.AcknowledgedAt.Equal(t1) || r.HandledBy != 7 {
		t.Fatalf("acknowledged: %+v", r)
	}
	if r.Acknowledge(8, t2) || r.HandledBy != 7 {
		t.Errorf("acknowledged twice: %+v", r)
	}
	if !r.Close(8, t2) || r.Status != RequestDone || !r.DoneAt.Equal(t2) || r.HandledBy != 8 || !r.AcknowledgedAt.Equal(t1) {
		t.Errorf("closed: %+v", r)
	}
	if r.Close(9, t2) || r.Acknowledge(9, t2) || r.HandledBy != 8 {
		t.Errorf("moved after done: %+v", r)
	}
	open := &CustomerRequest{Status: RequestOpen, CreatedAt: t0}
	if !open.Close(0, t1) || !open.AcknowledgedAt.Equal(t1) || open.HandledBy != 0 {
		t.Errorf("closing an open request: %+v", open)
	}
}

func TestRequestDue(t *testing.T) {
	now := &CustomerRequest{CreatedAt: t0, DueAt: t0}
	later := &CustomerRequest{CreatedAt: t0, DueAt: t0.Add(20 * time.Minute)}
	if now.Timed() || !later.Timed() {
		t.Errorf("Timed: now %v, later %v", now.Timed(), later.Timed())
	}
	if !now.Due(t0) || later.Due(t0.Add(19*time.Minute)) || !later.Due(t0.Add(20*time.Minute)) {
		t.Error("Due: a request is due from its due time on, not before")
	}
}

func TestEpisodeRequestOpen(t *testing.T) {
	e := &Episode{StartedAt: t0}
	if err := e.RequestOpen(false, t0.Add(time.Hour)); err != nil {
		t.Errorf("during the visit: %v", err)
	}
	for name, err := range map[string]error{
		"after feedback": e.RequestOpen(true, t0.Add(time.Minute)),
		"an old link":    e.RequestOpen(false, t0.Add(HelpOpenFor+time.Minute)),
	} {
		if ErrorKey(err) != "error.request_closed" {
			t.Errorf("%s: %v, want error.request_closed", name, err)
		}
	}
}

func TestStepRequestsValidate(t *testing.T) {
	opt := func(key string, delay int) RequestOption {
		return RequestOption{Key: key, Label: Text{"en": "Coffee", "ru": "Кофе", "fi": "Kahvi"}, DelayMinutes: delay}
	}
	bp := func(l Lane, opts ...RequestOption) *Blueprint {
		return &Blueprint{Steps: []Step{{Key: "order", Lane: l, Title: Text{"en": "Order"}, Requests: opts}}}
	}
	if err := bp(LaneCustomer, opt("now", 0), opt("later", MaxRequestDelay)).Validate(); err != nil {
		t.Fatalf("valid options: %v", err)
	}
	many := make([]RequestOption, MaxRequestOptions+1)
	for i := range many {
		many[i] = opt("o-"+strings.Repeat("x", i+1), 0)
	}
	noEnglish := opt("now", 0)
	noEnglish.Label = Text{"ru": "Кофе"}
	long := opt("now", 0)
	long.Label = Text{"en": "Coffee", "fi": strings.Repeat("ä", MaxRequestLabelRunes+1)}
	for _, tc := range []struct {
		name string
		b    *Blueprint
		key  string
	}{
		{"not a customer step", bp(LaneFrontline, opt("now", 0)), "error.requests_customer_only"},
		{"too many", bp(LaneCustomer, many...), "error.requests_count"},
		{"duplicate key", bp(LaneCustomer, opt("now", 0), opt("now", 5)), "error.key"},
		{"bad key", bp(LaneCustomer, opt("Now!", 0)), "error.key"},
		{"no English label", bp(LaneCustomer, noEnglish), "error.request_label"},
		{"label too long", bp(LaneCustomer, long), "error.text_long"},
		{"negative delay", bp(LaneCustomer, opt("now", -1)), "error.request_delay"},
		{"delay too long", bp(LaneCustomer, opt("now", MaxRequestDelay+1)), "error.request_delay"},
	} {
		err := tc.b.Validate()
		if ErrorCode(err) != EINVALID || ErrorKey(err) != tc.key || ErrorField(err) != "steps.requests" {
			t.Errorf("%s: Validate = %v, want %s at steps.requests", tc.name, err, tc.key)
		}
	}
	st := bp(LaneCustomer, opt("now", 0), opt("later", 20)).Steps[0]
	if o := st.Request("later"); o == nil || o.DelayMinutes != 20 || st.Request("never") != nil {
		t.Errorf("Request(key) = %+v", o)
	}
}
