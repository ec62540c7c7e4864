// Package notify sends notifications to people over two channels: email
// over SMTP (Mailer) and Web Push to staff phones (Pusher). It knows HOW to
// send; the durable background jobs decide WHEN, and retry a send whose
// error is Temporary. The localized emails Tandem sends are built here too
// (mails.go), from the i18n catalog.
package notify

import (
	"errors"
	"fmt"
	"net/url"
)

// Error is a send that failed. Temporary tells whether the same send may
// succeed later (a 4xx SMTP reply, a network failure, a push service that is
// down); a permanent failure (a 5xx SMTP reply, an invalid address, a
// subscription that is gone) will fail again, so it is not retried.
type Error struct {
	Channel   string // "mail" or "push"
	Temporary bool
	Code      int // the SMTP reply code or HTTP status, 0 if none
	Err       error
}

func (e *Error) Error() string {
	kind := "permanent"
	if e.Temporary {
		kind = "temporary"
	}
	return fmt.Sprintf("notify: %s: %s failure: %v", e.Channel, kind, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Retryable reports whether err is a send failure that may succeed when
// tried again later. Nil, and errors that are not send failures, are not.
func Retryable(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Temporary
}

// ErrGone is the error of a push to a subscription the push service says no
// longer exists (404 or 410); the Pusher has deleted it.
var ErrGone = errors.New("the subscription is gone")

// isNetwork reports an error of the request rather than of its content:
// anything that got as far as an HTTP client failing.
func isNetwork(err error) bool {
	var ue *url.Error
	return errors.As(err, &ue)
}
