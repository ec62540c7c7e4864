package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	webpush "github.com/SherClockHolmes/webpush-go"

	"github.com/tandemhq/tandem"
)

// Payload is what a push shows on the phone: the service worker
// (web/manage/static/sw.js) shows Title and Body, opens URL when the
// notification is tapped, and replaces an earlier notification of the same
// Tag instead of stacking a second one.
type Payload struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	URL   string `json:"url,omitempty"`
	Tag   string `json:"tag,omitempty"`
}

// PushKeys is the part of storage the Pusher needs.
type PushKeys interface {
	VAPIDKeys(ctx context.Context, generate func() (tandem.VAPIDKeys, error)) (tandem.VAPIDKeys, error)
	DeletePushEndpoint(ctx context.Context, endpoint string) error
}

// Pusher sends Web Push notifications (RFC 8030, encrypted by RFC 8291,
// signed with the installation's VAPID keys by RFC 8292). Make it with
// NewPusher; it is safe for concurrent use.
type Pusher struct {
	store   PushKeys
	keys    tandem.VAPIDKeys
	contact string
	client  *http.Client
	ttl     time.Duration
}

// PusherOptions tune a Pusher; the zero value is fine.
type PusherOptions struct {
	// Contact is how a push service reaches the operator: a mailto: or
	// https: URL, or an email address. Default: the Tandem project's URL.
	Contact string
	// Client sends the requests; default one with a 30-second timeout.
	Client *http.Client
	// TTL is how long a push service keeps a notification for a phone
	// that is offline; default DefaultTTL.
	TTL time.Duration
}

// DefaultTTL is how long a push service keeps an undelivered notification:
// staff notifications are about now, so a day-old one is not worth showing.
const DefaultTTL = 12 * time.Hour

// NewPusher loads the installation's VAPID keys, generating and storing
// them the first time.
func NewPusher(ctx context.Context, store PushKeys, o PusherOptions) (*Pusher, error) {
	keys, err := store.VAPIDKeys(ctx, func() (tandem.VAPIDKeys, error) {
		priv, pub, err := webpush.GenerateVAPIDKeys()
		return tandem.VAPIDKeys{Public: pub, Private: priv}, err
	})
	if err != nil {
		return nil, fmt.Errorf("notify: VAPID keys: %w", err)
	}
	// webpush-go writes "mailto:" before anything that is not https:.
	p := &Pusher{store: store, keys: keys, contact: strings.TrimPrefix(o.Contact, "mailto:"), client: o.Client, ttl: o.TTL}
	if p.contact == "" {
		p.contact = "https://github.com/tandemhq/tandem"
	}
	if p.client == nil {
		p.client = &http.Client{Timeout: 30 * time.Second}
	}
	if p.ttl <= 0 {
		p.ttl = DefaultTTL
	}
	return p, nil
}

// PublicKey is the VAPID public key browsers subscribe with (base64url).
func (p *Pusher) PublicKey() string { return p.keys.Public }

// maxBody bounds a payload's body so the encrypted record stays within the
// 4 KiB every push service accepts.
const maxBody = 1000

// topic is what the Topic header accepts (RFC 8030: base64url, 32 at most).
var topic = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// Send pushes one notification to one subscription. When the push service
// says the subscription is gone (404, 410) it is deleted and the error is
// ErrGone, permanent. A 429 or 5xx is temporary; another 4xx permanent.
func (p *Pusher) Send(ctx context.Context, s *tandem.PushSubscription, pl Payload) error {
	if utf8.RuneCountInString(pl.Body) > maxBody {
		pl.Body = string([]rune(pl.Body)[:maxBody-1]) + "…"
	}
	msg, err := json.Marshal(pl)
	if err != nil {
		return &Error{Channel: "push", Err: err}
	}
	o := &webpush.Options{
		HTTPClient:      p.client,
		Subscriber:      p.contact,
		TTL:             int(p.ttl / time.Second),
		Urgency:         webpush.UrgencyHigh,
		VAPIDPublicKey:  p.keys.Public,
		VAPIDPrivateKey: p.keys.Private,
	}
	if topic.MatchString(pl.Tag) {
		o.Topic = pl.Tag
	}
	resp, err := webpush.SendNotificationWithContext(ctx, msg, &webpush.Subscription{
		Endpoint: s.Endpoint, Keys: webpush.Keys{Auth: s.Auth, P256dh: s.P256dh},
	}, o)
	if err != nil {
		// A key that does not decode or is no point on the curve fails
		// before any request: it would fail every time.
		return &Error{Channel: "push", Temporary: isNetwork(err), Err: err}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	switch c := resp.StatusCode; {
	case c >= 200 && c < 300:
		return nil
	case c == http.StatusNotFound || c == http.StatusGone:
		if err := p.store.DeletePushEndpoint(ctx, s.Endpoint); err != nil {
			return &Error{Channel: "push", Temporary: true, Code: c, Err: err}
		}
		return &Error{Channel: "push", Code: c, Err: ErrGone}
	default:
		return &Error{Channel: "push", Temporary: c == http.StatusTooManyRequests || c >= 500, Code: c,
			Err: fmt.Errorf("push service answered %s: %s", resp.Status, body)}
	}
}
