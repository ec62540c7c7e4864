package tandem

import (
	"strings"
	"testing"
	"time"
)

// TestCustomerValidate: a contact is an email or a phone number and needs
// consent; names and contacts are trimmed.
func TestCustomerValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   Customer
		want string // error field, "" for valid
		out  Customer
	}{
		{"nothing", Customer{}, "", Customer{}},
		{"a name only", Customer{Name: "  Ada   Lovelace "}, "", Customer{Name: "Ada Lovelace"}},
		{"an email with consent", Customer{Contact: " ada@example.com ", Consent: true}, "", Customer{Contact: "ada@example.com", Consent: true}},
		{"a phone with consent", Customer{Contact: "+358 40 123 4567", Consent: true}, "", Customer{Contact: "+358 40 123 4567", Consent: true}},
		{"consent without contact is dropped", Customer{Consent: true}, "", Customer{}},
		{"a contact without consent", Customer{Contact: "ada@example.com"}, "consent", Customer{}},
		{"not a contact", Customer{Contact: "call me", Consent: true}, "contact", Customer{}},
		{"too few digits", Customer{Contact: "12-34", Consent: true}, "contact", Customer{}},
		{"a named address", Customer{Contact: "Ada <ada@example.com>", Consent: true}, "contact", Customer{}},
		{"a long name", Customer{Name: strings.Repeat("a", MaxCustomerNameRunes+1)}, "customer_name", Customer{}},
	} {
		c := tc.in
		err := c.Validate()
		if got := ErrorField(err); got != tc.want || (err == nil) != (tc.want == "") {
			t.Errorf("%s: error %v, want field %q", tc.name, err, tc.want)
			continue
		}
		if err == nil && c != tc.out {
			t.Errorf("%s: %+v, want %+v", tc.name, c, tc.out)
		}
	}
}

// TestCancelled: a cancelled appointment takes no feedback and no help.
func TestCancelled(t *testing.T) {
	e := &Episode{StartedAt: t0, ScheduledAt: t0.Add(time.Hour), CancelledAt: t0.Add(time.Minute)}
	if !e.Cancelled() || !e.Booked() {
		t.Fatalf("Cancelled %v Booked %v, want both", e.Cancelled(), e.Booked())
	}
	for name, err := range map[string]error{"feedback": e.FeedbackOpen(t0.Add(2 * time.Hour)), "help": e.HelpOpen(false, t0.Add(time.Hour))} {
		if ErrorKey(err) != "error.appointment_cancelled" || ErrorCode(err) != ECONFLICT {
			t.Errorf("%s on a cancelled appointment: %v, want a conflict", name, err)
		}
	}
}
