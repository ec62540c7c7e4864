package tandem

import (
	"net/mail"
	"strings"
	"unicode/utf8"
)

// Customer is who an appointment is booked for: a name to greet them by and
// a way to reach them. Both are optional; a contact may be kept only with
// the customer's consent, which whoever books notes down.
type Customer struct {
	Name    string
	Contact string // an email address or a phone number, "" for none
	Consent bool   // the customer agreed that the contact be kept
}

// Limits of an appointment's customer details.
const (
	MaxCustomerNameRunes = 100
	MaxContactRunes      = 100
)

// Validate trims the details and checks them: a contact is an email address
// or a phone number, and is kept only with consent. Consent without a
// contact means nothing and is dropped.
func (c *Customer) Validate() error {
	if err := CheckLine("customer_name", strings.Join(strings.Fields(c.Name), " ")); err != nil {
		return err
	}
	if err := CheckLine("contact", strings.TrimSpace(c.Contact)); err != nil {
		return err
	}
	c.Name = strings.Join(strings.Fields(c.Name), " ")
	c.Contact = strings.TrimSpace(c.Contact)
	if !utf8.ValidString(c.Name) || utf8.RuneCountInString(c.Name) > MaxCustomerNameRunes {
		return Invalid("customer_name", "error.text_long")
	}
	if c.Contact == "" {
		c.Consent = false
		return nil
	}
	if utf8.RuneCountInString(c.Contact) > MaxContactRunes || !validContact(c.Contact) {
		return Invalid("contact", "error.contact")
	}
	if !c.Consent {
		return Invalid("consent", "error.contact_consent")
	}
	return nil
}

// validContact reports whether s is an email address or a phone number:
// 6 to 15 digits, with an optional leading + and spaces, dots, hyphens or
// brackets between.
func validContact(s string) bool {
	if strings.Contains(s, "@") {
		a, err := mail.ParseAddress(s)
		return err == nil && a.Address == s && a.Name == ""
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0:
		case strings.ContainsRune(" .-()", r):
		default:
			return false
		}
	}
	return digits >= 6 && digits <= 15
}

// ErrCancelled refuses what a cancelled appointment no longer takes:
// feedback, help, steps, a new time.
var ErrCancelled = &Error{Code: ECONFLICT, Key: "error.appointment_cancelled"}

// Cancelled reports whether the episode is a cancelled appointment.
func (e *Episode) Cancelled() bool { return !e.CancelledAt.IsZero() }

// Booked reports whether the episode is an appointment rather than a walk-in.
func (e *Episode) Booked() bool { return !e.ScheduledAt.IsZero() }
