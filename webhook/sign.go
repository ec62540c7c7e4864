package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"

	"github.com/tandemhq/tandem"
)

// Signing by the Standard Webhooks scheme: the receiver recomputes
// HMAC-SHA256 over "<webhook-id>.<webhook-timestamp>.<body>" with the key
// the secret carries after "whsec_", and compares it with the signature.

// Headers of a delivery.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

var errSecret = errors.New("webhook: the secret is not whsec_ and base64")

// Sign returns the webhook-signature of a message: "v1," and the base64
// of its HMAC-SHA256.
func Sign(secret, id string, unix int64, body []byte) (string, error) {
	key, ok := tandem.WebhookKey(secret)
	if !ok {
		return "", errSecret
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + strconv.FormatInt(unix, 10) + "."))
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}
