package tandem

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// APIToken authenticates programs to /api/v1 on behalf of one organization,
// with an owner's authority. The store keeps only the secret's hash and its
// first few characters (Prefix), which tell tokens apart in lists.
type APIToken struct {
	ID         int64
	OrgID      int64
	Name       string
	Token      string // only set when created
	Prefix     string // the first TokenPrefixLen characters of the secret; empty for tokens made before prefixes
	CreatedAt  time.Time
	CreatedBy  int64     // the user who made it; 0 when made on the command line or with another token
	ExpiresAt  time.Time // zero: never
	LastUsedAt time.Time // zero: never used; updated at most every TokenTouchInterval
	RevokedAt  time.Time // zero: not revoked
}

// TokenPrefixLen is how many characters of a secret are kept in clear to
// tell tokens apart: a few of its 43, which leave over 200 bits unknown.
const TokenPrefixLen = 6

// TokenTouchInterval is how stale a token's last use may be: an API
// request records the use only when the stored one is older, so requests
// do not each write.
const TokenTouchInterval = time.Minute

// MaxTokenLifetime is the longest expiry a token may be given.
const MaxTokenLifetime = 5 * 366 * 24 * time.Hour

// Token states, as lists show them.
const (
	TokenActive  = "active"
	TokenExpired = "expired"
	TokenRevoked = "revoked"
)

// State says whether t works at now: active, expired or revoked (revoked
// wins over expired).
func (t *APIToken) State(now time.Time) string {
	switch {
	case !t.RevokedAt.IsZero():
		return TokenRevoked
	case !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt):
		return TokenExpired
	}
	return TokenActive
}

// NeedsTouch reports whether a use at now should be recorded: the stored
// last use is missing or older than TokenTouchInterval.
func (t *APIToken) NeedsTouch(now time.Time) bool {
	return t.LastUsedAt.IsZero() || now.Sub(t.LastUsedAt) >= TokenTouchInterval
}

// Validate checks a new token at now: a name of one line, and an expiry,
// if any, in the future and at most MaxTokenLifetime away.
func (t *APIToken) Validate(now time.Time) error {
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" {
		return Invalid("name", "error.required")
	}
	if err := CheckLine("name", t.Name); err != nil {
		return err
	}
	if utf8.RuneCountInString(t.Name) > 100 {
		return Invalid("name", "error.token_name_long")
	}
	if !t.ExpiresAt.IsZero() {
		if !t.ExpiresAt.After(now) {
			return Invalid("expires", "error.token_expires_past")
		}
		if t.ExpiresAt.Sub(now) > MaxTokenLifetime {
			return Invalid("expires", "error.token_expires_far")
		}
	}
	return nil
}

// ParseExpiry reads when a new token should expire, as the command line,
// the API and the tokens page give it: "" for never, a number of days
// ("90d"), a date ("2027-01-31", the token works through that day, UTC)
// or an RFC 3339 time. The result is checked by APIToken.Validate.
func ParseExpiry(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days <= 0 || days > 5*366 {
			return time.Time{}, Invalid("expires", "error.token_expires")
		}
		return now.AddDate(0, 0, days).UTC().Truncate(time.Millisecond), nil
	}
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return d.AddDate(0, 0, 1), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Truncate(time.Millisecond), nil
	}
	return time.Time{}, Invalid("expires", "error.token_expires")
}

// CredentialStore keeps API tokens and ends sessions: the parts of signing
// in that outlive one request.
type CredentialStore interface {
	// CreateAPIToken stores t with a fresh secret, returned in t.Token
	// only now.
	CreateAPIToken(ctx context.Context, t *APIToken) error
	// FindAPIToken returns the token record of a secret, revoked and
	// expired ones included, or ENOTFOUND.
	FindAPIToken(ctx context.Context, secret string) (*APIToken, error)
	// ListAPITokens lists an organization's tokens, newest first.
	ListAPITokens(ctx context.Context, orgID int64) ([]*APIToken, error)
	// RevokeAPIToken revokes a token of an organization at now (a revoked
	// one keeps its first revocation) and returns it.
	RevokeAPIToken(ctx context.Context, orgID, id int64, now time.Time) (*APIToken, error)
	// TouchAPIToken records a use of a token at now, unless the stored
	// last use is less than TokenTouchInterval older.
	TouchAPIToken(ctx context.Context, id int64, now time.Time) error

	// EndSessions ends a user's sessions except the one of keepToken
	// ("" ends them all) and returns how many ended.
	EndSessions(ctx context.Context, userID int64, keepToken string) (int, error)
	// SetPassword stores a user's new password hash and ends their
	// sessions except the one of keepToken, in one transaction.
	SetPassword(ctx context.Context, orgID, userID int64, passwordHash, keepToken string) error
	// PurgeExpired deletes sessions that expired before now and forgets
	// the one-time links that did, and says how many of each.
	PurgeExpired(ctx context.Context, now time.Time) (sessions, invites int, err error)
}
