package app

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/tandemhq/tandem"
)

// Two-step sign-in (tandem.TOTP): setting it up and turning it off on the
// user's own profile, the second step of a password sign-in, single
// sign-on, and the organization's rule that owners and managers use it.

// totpPeriod is the length of a time step; codes of the step before and
// after the current one are accepted too, for clocks that drift.
const totpPeriod = 30

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// TOTPIssuer names Tandem in the user's authenticator app.
const TOTPIssuer = "Tandem"

// TwoFactorSetup is what an authenticator app needs: the secret, and the
// otpauth:// URL a QR code carries.
type TwoFactorSetup struct {
	Secret string
	URL    string
}

// TwoFactorStatus returns the actor's secret, pending or enabled, or nil
// when they have none.
func (a *App) TwoFactorStatus(ctx context.Context, actor *tandem.User) (*tandem.TOTP, error) {
	return a.totpOf(ctx, actor.ID)
}

// totpOf is a user's secret, nil when they have none.
func (a *App) totpOf(ctx context.Context, userID int64) (*tandem.TOTP, error) {
	t, err := a.Stores.TwoFactor.FindTOTP(ctx, userID)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return nil, nil
	}
	return t, err
}

// StartTwoFactor gives the actor a new pending secret, replacing a pending
// one. Two-step sign-in already on is ECONFLICT: turn it off first.
func (a *App) StartTwoFactor(ctx context.Context, actor *tandem.User) (*TwoFactorSetup, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: TOTPIssuer, AccountName: actor.Email, Period: totpPeriod})
	if err != nil {
		return nil, err
	}
	if err := a.Stores.TwoFactor.StartTOTP(ctx, actor.ID, key.Secret(), a.now()); err != nil {
		if tandem.ErrorCode(err) == tandem.ECONFLICT {
			return nil, tandem.Errorf(tandem.ECONFLICT, "error.twofactor_on")
		}
		return nil, err
	}
	return setupOf(actor, key.Secret()), nil
}

// PendingTwoFactor shows the actor's pending secret again; ENOTFOUND when
// none is pending.
func (a *App) PendingTwoFactor(ctx context.Context, actor *tandem.User) (*TwoFactorSetup, error) {
	t, err := a.TwoFactorStatus(ctx, actor)
	if err != nil {
		return nil, err
	}
	if t == nil || t.Enabled() {
		return nil, tandem.NotFound("error.not_found")
	}
	return setupOf(actor, t.Secret), nil
}

// setupOf builds the otpauth:// URL (the Key URI Format authenticator
// apps read) of a user's secret.
func setupOf(u *tandem.User, secret string) *TwoFactorSetup {
	q := url.Values{}
	q.Set("secret", secret)
	q.Set("issuer", TOTPIssuer)
	q.Set("algorithm", "SHA1")
	q.Set("digits", "6")
	q.Set("period", strconv.Itoa(totpPeriod))
	link := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + TOTPIssuer + ":" + u.Email, RawQuery: q.Encode()}
	return &TwoFactorSetup{Secret: secret, URL: link.String()}
}

// ConfirmTwoFactor turns two-step sign-in on once the actor typed a
// current code of their pending secret, and returns their recovery codes:
// shown this once, stored only as hashes.
func (a *App) ConfirmTwoFactor(ctx context.Context, actor *tandem.User, code string) ([]string, error) {
	t, err := a.TwoFactorStatus(ctx, actor)
	if err != nil {
		return nil, err
	}
	if t == nil || t.Enabled() {
		return nil, tandem.Errorf(tandem.ECONFLICT, "error.twofactor_not_pending")
	}
	step, ok := matchTOTP(t.Secret, tandem.CleanCode(code), a.now())
	if !ok {
		return nil, tandem.Invalid("code", "error.twofactor_app_code")
	}
	codes, hashes := newRecoveryCodes()
	if err := a.Stores.TwoFactor.EnableTOTP(ctx, actor.ID, step, hashes, a.now()); err != nil {
		return nil, err
	}
	return codes, nil
}

// NewRecoveryCodes replaces the actor's recovery codes, given a current
// code, and returns the new ones, shown once.
func (a *App) NewRecoveryCodes(ctx context.Context, actor *tandem.User, code string) ([]string, error) {
	t, err := a.TwoFactorStatus(ctx, actor)
	if err != nil {
		return nil, err
	}
	if !t.Enabled() {
		return nil, tandem.Errorf(tandem.ECONFLICT, "error.twofactor_not_on")
	}
	if err := a.useTOTP(ctx, t, code); err != nil {
		return nil, err
	}
	codes, hashes := newRecoveryCodes()
	if err := a.Stores.TwoFactor.ReplaceRecoveryCodes(ctx, actor.ID, hashes); err != nil {
		return nil, err
	}
	return codes, nil
}

// DisableTwoFactor turns two-step sign-in off (or drops a pending setup)
// given the actor's password or a current code. An organization that
// requires it sends its owners and managers straight back to set it up.
func (a *App) DisableTwoFactor(ctx context.Context, actor *tandem.User, proof string) error {
	t, err := a.TwoFactorStatus(ctx, actor)
	if err != nil {
		return err
	}
	if t == nil {
		return nil
	}
	if t.Enabled() {
		u, err := a.Users.FindUser(ctx, actor.OrgID, actor.ID)
		if err != nil {
			return err
		}
		passwordOK := u.PasswordHash != "" && proof != "" && tandem.CheckPassword(u.PasswordHash, proof)
		if !passwordOK && a.useTOTP(ctx, t, proof) != nil {
			return tandem.Invalid("proof", "error.twofactor_proof")
		}
	}
	return a.Stores.TwoFactor.DisableTOTP(ctx, actor.ID)
}

// SignIn is where a sign-in stands after the password was right: either a
// session, or a challenge whose second step is still to come.
type SignIn struct {
	Session   *tandem.Session
	Challenge *tandem.Challenge
}

// PasswordSignIn continues a sign-in whose password was right (the face
// checks it, throttled): a user with two-step sign-in on gets a challenge,
// anyone else a session.
func (a *App) PasswordSignIn(ctx context.Context, u *tandem.User) (*SignIn, error) {
	t, err := a.totpOf(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if t.Enabled() {
		c, err := a.Stores.TwoFactor.CreateChallenge(ctx, u.ID, a.now())
		if err != nil {
			return nil, err
		}
		return &SignIn{Challenge: c}, nil
	}
	s, err := a.Users.CreateSession(ctx, u.ID, a.now())
	if err != nil {
		return nil, err
	}
	return &SignIn{Session: s}, nil
}

// SecondStep finishes a challenged sign-in with a current code or an
// unused recovery code: the challenge ends and a session begins. An
// expired or unknown challenge is EUNAUTHORIZED (sign in again); a wrong
// code is EINVALID and the challenge stays, for the face's throttle to
// bound.
func (a *App) SecondStep(ctx context.Context, challenge, code string) (*tandem.Session, error) {
	u, err := a.Stores.TwoFactor.FindChallengeUser(ctx, challenge, a.now())
	if err != nil {
		if tandem.ErrorCode(err) == tandem.ENOTFOUND {
			return nil, tandem.Errorf(tandem.EUNAUTHORIZED, "error.twofactor_expired")
		}
		return nil, err
	}
	t, err := a.totpOf(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if t.Enabled() { // turned off meanwhile: the password was enough
		if err := a.useCode(ctx, t, code); err != nil {
			return nil, err
		}
	}
	if err := a.Stores.TwoFactor.DeleteChallenge(ctx, challenge); err != nil {
		return nil, err
	}
	return a.Users.CreateSession(ctx, u.ID, a.now())
}

// SingleSignOn signs in the active user whose email an identity provider
// vouched for. Nobody is created: an owner invites people first. The
// provider handles its own second step, so Tandem's is skipped.
func (a *App) SingleSignOn(ctx context.Context, email string, verified bool) (*tandem.User, *tandem.Session, error) {
	if !verified {
		return nil, nil, tandem.Errorf(tandem.EFORBIDDEN, "error.sso_unverified")
	}
	email = strings.ToLower(strings.TrimSpace(email))
	var u *tandem.User
	var err error
	if email != "" && tandem.CleanLine(email) {
		u, err = a.Users.FindUserByEmail(ctx, email)
		if err != nil && tandem.ErrorCode(err) != tandem.ENOTFOUND {
			return nil, nil, err
		}
	}
	if u == nil || !u.Active() {
		return nil, nil, tandem.Errorf(tandem.EFORBIDDEN, "error.sso_unknown")
	}
	s, err := a.Stores.TwoFactor.CreateSSOSession(ctx, u.ID, a.now())
	if err != nil {
		return nil, nil, err
	}
	return u, s, nil
}

// TwoFactorDue reports whether the user of a session must set up
// two-step sign-in before anything else: their organization requires it
// of their role, they have not, and they did not sign in through single
// sign-on.
func (a *App) TwoFactorDue(ctx context.Context, org *tandem.Organization, u *tandem.User, session string) (bool, error) {
	if !tandem.RequiresTwoFactor(org, u) {
		return false, nil
	}
	t, err := a.totpOf(ctx, u.ID)
	if err != nil || t.Enabled() {
		return false, err
	}
	sso, err := a.Stores.TwoFactor.SessionIsSSO(ctx, session)
	if err != nil {
		return false, err
	}
	return !sso, nil
}

// useCode accepts a current code or an unused recovery code.
func (a *App) useCode(ctx context.Context, t *tandem.TOTP, code string) error {
	code = tandem.CleanCode(code)
	if len(code) == otp.DigitsSix.Length() {
		if err := a.useTOTP(ctx, t, code); tandem.ErrorCode(err) == tandem.EINVALID {
			return tandem.Invalid("code", "error.twofactor_code") // it may have been meant as a recovery code
		} else if err != nil {
			return err
		}
		return nil
	}
	if len(code) != recoveryLength {
		return tandem.Invalid("code", "error.twofactor_code")
	}
	err := a.Stores.TwoFactor.UseRecoveryCode(ctx, t.UserID, tandem.HashSecret(code), a.now())
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return tandem.Invalid("code", "error.twofactor_code")
	}
	return err
}

// useTOTP accepts a current code once: the step it belongs to must be
// later than the last one used.
func (a *App) useTOTP(ctx context.Context, t *tandem.TOTP, code string) error {
	step, ok := matchTOTP(t.Secret, tandem.CleanCode(code), a.now())
	if !ok || step <= t.LastStep {
		return tandem.Invalid("code", "error.twofactor_app_code")
	}
	err := a.Stores.TwoFactor.UseTOTPStep(ctx, t.UserID, step)
	if tandem.ErrorCode(err) == tandem.ECONFLICT {
		return tandem.Invalid("code", "error.twofactor_app_code")
	}
	return err
}

// matchTOTP finds the time step, one either side of now's, whose code is
// code.
func matchTOTP(secret, code string, now time.Time) (int64, bool) {
	if len(code) != otp.DigitsSix.Length() {
		return 0, false
	}
	for _, skew := range []int64{0, -1, 1} {
		at := now.Add(time.Duration(skew*totpPeriod) * time.Second)
		want, err := totp.GenerateCodeCustom(secret, at, totpOpts)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return at.Unix() / totpPeriod, true
		}
	}
	return 0, false
}

// Recovery codes: ten characters of an alphabet without look-alikes
// (about 50 bits each), shown in two groups of five.
const (
	recoveryLength   = 10
	recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"
)

// newRecoveryCodes returns tandem.RecoveryCodes fresh codes, as shown, and
// their hashes, as stored.
func newRecoveryCodes() (codes, hashes []string) {
	for range tandem.RecoveryCodes {
		b := make([]byte, recoveryLength)
		for i := range b {
			b[i] = recoveryAlphabet[randIntn(len(recoveryAlphabet))]
		}
		c := string(b)
		codes = append(codes, c[:5]+"-"+c[5:])
		hashes = append(hashes, tandem.HashSecret(c))
	}
	return codes, hashes
}

// randIntn is a uniform random number below n from crypto/rand.
func randIntn(n int) int {
	var b [1]byte
	for {
		rand.Read(b[:])
		if int(b[0]) < 256-256%n {
			return int(b[0]) % n
		}
	}
}
