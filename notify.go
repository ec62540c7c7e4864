package tandem

import (
	"context"
	"encoding/base64"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// PushSubscription is one browser, typically a staff member's phone, in
// which a user turned notifications on: the push service's endpoint and the
// browser's keys that encrypt what is sent to it (RFC 8291). One endpoint
// belongs to one user at a time.
type PushSubscription struct {
	ID        int64
	OrgID     int64
	UserID    int64
	Endpoint  string // the push service's URL for this browser
	P256dh    string // the browser's P-256 public key, base64url
	Auth      string // the browser's authentication secret, base64url
	Label     string // which browser it is, e.g. "Chrome on Android", as the user's list shows it
	CreatedAt time.Time
}

// Limits of a push subscription's fields.
const (
	MaxPushEndpoint = 2048
	MaxPushLabel    = 80
)

// Validate checks a subscription a browser sent: the endpoint is an https
// URL (push services are; anything else would let a user make the server
// post to an address of their choosing), the keys have the sizes RFC 8291
// gives them. A label that is too long is cut rather than refused.
func (s *PushSubscription) Validate() error {
	s.Endpoint = strings.TrimSpace(s.Endpoint)
	if !CleanLine(s.Endpoint) {
		return Invalid("endpoint", "error.push_endpoint")
	}
	if err := CheckText("label", s.Label); err != nil {
		return err
	}
	u, err := url.Parse(s.Endpoint)
	if s.Endpoint == "" || len(s.Endpoint) > MaxPushEndpoint || err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
		return Invalid("endpoint", "error.push_endpoint")
	}
	if k, err := decodeKey(s.P256dh); err != nil || len(k) != 65 || k[0] != 4 {
		return Invalid("p256dh", "error.push_keys")
	}
	if k, err := decodeKey(s.Auth); err != nil || len(k) != 16 {
		return Invalid("auth", "error.push_keys")
	}
	s.Label = strings.Join(strings.Fields(s.Label), " ")
	if utf8.RuneCountInString(s.Label) > MaxPushLabel {
		s.Label = string([]rune(s.Label)[:MaxPushLabel])
	}
	return nil
}

// decodeKey reads a base64url key with or without padding, as browsers
// and libraries variously write them.
func decodeKey(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

// VAPIDKeys are the installation's key pair that identifies it to push
// services (RFC 8292), base64url: the public key is the uncompressed P-256
// point browsers subscribe with, the private key its 32-byte scalar.
type VAPIDKeys struct {
	Public  string
	Private string
}

// MailKind is a kind of email Tandem sends to people; each user may turn
// each kind off.
type MailKind string

const (
	MailFixed   MailKind = "fixed"   // to a reporter: the problem they reported was fixed
	MailOverdue MailKind = "overdue" // to a site manager: something is overdue
	MailPraise  MailKind = "praise"  // to a praised person: the week's praise
)

// MailKinds lists every kind of email.
var MailKinds = []MailKind{MailFixed, MailOverdue, MailPraise, MailWeekly, MailAlert}

// Valid reports whether k is a known kind.
func (k MailKind) Valid() bool { return slices.Contains(MailKinds, k) }

// NotifyStore stores what notifications to people need: push subscriptions
// per user, the installation's VAPID keys and each user's email choices.
// Every per-user method is scoped by organization and user: a user sees
// and deletes only their own.
type NotifyStore interface {
	// SavePushSubscription stores s for its user, setting ID and
	// CreatedAt. An endpoint already stored moves to s's user, with the new
	// keys: a browser that subscribes again, or a phone that changed hands.
	// A user not in the organization is ENOTFOUND.
	SavePushSubscription(ctx context.Context, s *PushSubscription) error
	// ListPushSubscriptions lists a user's subscriptions, oldest first;
	// none for a deactivated user.
	ListPushSubscriptions(ctx context.Context, orgID, userID int64) ([]*PushSubscription, error)
	// DeletePushSubscription deletes one of a user's subscriptions;
	// someone else's is ENOTFOUND.
	DeletePushSubscription(ctx context.Context, orgID, userID, id int64) error
	// DeletePushEndpoint forgets an endpoint the push service says is
	// gone (404 or 410), whoever it belonged to; a missing one is fine.
	DeletePushEndpoint(ctx context.Context, endpoint string) error
	// VAPIDKeys returns the installation's keys, storing the ones generate
	// makes when there are none yet. Concurrent first calls agree on one pair.
	VAPIDKeys(ctx context.Context, generate func() (VAPIDKeys, error)) (VAPIDKeys, error)

	// MailOptOuts lists the kinds of email a user turned off.
	MailOptOuts(ctx context.Context, orgID, userID int64) ([]MailKind, error)
	// SetMailOptOuts replaces the kinds of email a user turned off; an
	// unknown kind is EINVALID, a user not in the organization ENOTFOUND.
	SetMailOptOuts(ctx context.Context, orgID, userID int64, off []MailKind) error
}
