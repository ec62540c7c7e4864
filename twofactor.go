package tandem

import (
	"context"
	"strings"
	"time"
)

// Two-step sign-in: after the password, a six-digit code from an
// authenticator app (TOTP, RFC 6238: 30-second steps, SHA-1), or one of the
// user's one-time recovery codes. The secret is stored as is; the recovery
// codes only as hashes.

// TOTP is a user's authenticator secret. It is pending from the moment the
// user starts setting it up until they confirm it with a current code.
type TOTP struct {
	UserID    int64
	Secret    string    // base32, as the authenticator app takes it
	CreatedAt time.Time // when the setup started
	// EnabledAt is when the user confirmed it; zero while pending.
	EnabledAt time.Time
	// LastStep is the last time step (Unix seconds / 30) a code was
	// accepted for: a code of that step or an earlier one is refused, so a
	// code seen over a shoulder cannot be used again.
	LastStep int64
	// RecoveryLeft is how many unused recovery codes the user has.
	RecoveryLeft int
}

// Enabled reports whether sign-ins need the second step.
func (t *TOTP) Enabled() bool { return t != nil && !t.EnabledAt.IsZero() }

// RecoveryCodes is how many one-time recovery codes a user gets.
const RecoveryCodes = 10

// ChallengeLifetime is how long a sign-in waits for its second step after
// the password was right.
const ChallengeLifetime = 5 * time.Minute

// Challenge is a sign-in halfway through: the password was right and the
// second step is pending. It is no session: it opens nothing but the
// second step's form. The store keeps only the token's hash.
type Challenge struct {
	Token     string // only set when created
	UserID    int64
	ExpiresAt time.Time
}

// CleanCode reads what a user typed as a code: spaces and dashes dropped,
// lower case (recovery codes are shown in groups, "abcd-efgh-ij").
func CleanCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			return -1
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// RequiresTwoFactor reports whether org requires two-step sign-in of u:
// owners and managers, when the organization says so.
func RequiresTwoFactor(org *Organization, u *User) bool {
	return org.RequireTwoFactor && u.Role.CanManage()
}

// TwoFactorStore keeps the authenticator secrets, recovery codes and
// pending sign-ins.
type TwoFactorStore interface {
	// StartTOTP stores a pending secret for a user, replacing a pending one;
	// a user whose secret is enabled is ECONFLICT.
	StartTOTP(ctx context.Context, userID int64, secret string, now time.Time) error
	// FindTOTP returns a user's secret, pending or enabled, with the
	// number of recovery codes left; ENOTFOUND when there is none.
	FindTOTP(ctx context.Context, userID int64) (*TOTP, error)
	// EnableTOTP confirms a pending secret at step, replacing the user's
	// recovery codes with codeHashes. A secret that is not pending is
	// ENOTFOUND.
	EnableTOTP(ctx context.Context, userID, step int64, codeHashes []string, now time.Time) error
	// ReplaceRecoveryCodes replaces the recovery codes of a user whose
	// secret is enabled; otherwise it is ENOTFOUND.
	ReplaceRecoveryCodes(ctx context.Context, userID int64, codeHashes []string) error
	// UseTOTPStep records that a code of step was accepted: a step no
	// later than the last one accepted is ECONFLICT, so a code works once.
	UseTOTPStep(ctx context.Context, userID, step int64) error
	// UseRecoveryCode uses up one of the user's recovery codes; an unknown
	// or used one is ENOTFOUND.
	UseRecoveryCode(ctx context.Context, userID int64, codeHash string, now time.Time) error
	// DisableTOTP removes the user's secret and recovery codes.
	DisableTOTP(ctx context.Context, userID int64) error

	// CreateChallenge starts the second step of a sign-in, valid until now
	// plus ChallengeLifetime.
	CreateChallenge(ctx context.Context, userID int64, now time.Time) (*Challenge, error)
	// FindChallengeUser returns the active user of an unexpired challenge.
	FindChallengeUser(ctx context.Context, token string, now time.Time) (*User, error)
	// DeleteChallenge ends a challenge; an unknown token is not an error.
	DeleteChallenge(ctx context.Context, token string) error

	// CreateSSOSession signs a user in whom an identity provider vouched
	// for: the session is marked, so two-step rules leave it alone.
	CreateSSOSession(ctx context.Context, userID int64, now time.Time) (*Session, error)
	// SessionIsSSO reports whether a session was made by single sign-on.
	SessionIsSSO(ctx context.Context, token string) (bool, error)
}
