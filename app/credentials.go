package app

import (
	"context"
	"time"

	"github.com/tandemhq/tandem"
)

// Credentials: API tokens (made, listed and revoked by owners on the tokens
// page, with the API or on the command line, and checked on every API
// request), a user's own password change and ending their sessions.

// TokenInput is a new API token: its name and when it expires, in the
// form tandem.ParseExpiry reads ("" for never).
type TokenInput struct {
	Name    string
	Expires string
}

// CreateAPIToken makes a token of actor's organization, which only owners
// may do (a token acts with an owner's authority). The returned token
// carries its secret: the only time anyone sees it.
func (a *App) CreateAPIToken(ctx context.Context, actor *tandem.User, in TokenInput) (*tandem.APIToken, error) {
	if actor.Role != tandem.RoleOwner {
		return nil, tandem.Errorf(tandem.EFORBIDDEN, "error.tokens_owner_only")
	}
	now := a.now().UTC().Truncate(time.Millisecond)
	exp, err := tandem.ParseExpiry(in.Expires, now)
	if err != nil {
		return nil, err
	}
	t := &tandem.APIToken{OrgID: actor.OrgID, Name: in.Name, CreatedAt: now, CreatedBy: actor.ID, ExpiresAt: exp}
	if err := t.Validate(now); err != nil {
		return nil, err
	}
	if err := a.Users.CreateAPIToken(ctx, t); err != nil {
		return nil, err
	}
	return t, nil
}

// ListAPITokens lists the tokens of actor's organization, newest first,
// revoked and expired ones included; owners and managers see them (no
// secret is listed), only owners make and revoke them.
func (a *App) ListAPITokens(ctx context.Context, actor *tandem.User) ([]*tandem.APIToken, error) {
	if !actor.Role.CanManage() {
		return nil, tandem.Errorf(tandem.EFORBIDDEN, "error.tokens_owner_only")
	}
	return a.Users.ListAPITokens(ctx, actor.OrgID)
}

// RevokeAPIToken stops a token of actor's organization from working, at
// once and for good; a token of another organization is ENOTFOUND.
func (a *App) RevokeAPIToken(ctx context.Context, actor *tandem.User, id int64) (*tandem.APIToken, error) {
	if actor.Role != tandem.RoleOwner {
		return nil, tandem.Errorf(tandem.EFORBIDDEN, "error.tokens_owner_only")
	}
	return a.Users.RevokeAPIToken(ctx, actor.OrgID, id, a.now())
}

// Errors of AuthenticateToken: each is 401, saying why.
var (
	ErrTokenUnknown = tandem.Errorf(tandem.EUNAUTHORIZED, "api.error.token")
	ErrTokenExpired = tandem.Errorf(tandem.EUNAUTHORIZED, "error.token_expired")
	ErrTokenRevoked = tandem.Errorf(tandem.EUNAUTHORIZED, "error.token_revoked")
)

// AuthenticateToken returns the working token of a secret: an unknown,
// revoked or expired one is EUNAUTHORIZED saying which. It records the
// use, but at most once every tandem.TokenTouchInterval, so that API
// requests do not each write.
func (a *App) AuthenticateToken(ctx context.Context, secret string) (*tandem.APIToken, error) {
	t, err := a.Users.FindAPIToken(ctx, secret)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return nil, ErrTokenUnknown
	}
	if err != nil {
		return nil, err
	}
	now := a.now()
	switch t.State(now) {
	case tandem.TokenRevoked:
		return nil, ErrTokenRevoked
	case tandem.TokenExpired:
		return nil, ErrTokenExpired
	}
	// The last use is a hint for whoever reviews tokens: a failed write of
	// it (a full disk) must not refuse a read, and the next request tries
	// again.
	if t.NeedsTouch(now) && a.Users.TouchAPIToken(ctx, t.ID, now) == nil {
		t.LastUsedAt = now
	}
	return t, nil
}

// ErrWrongPassword answers a wrong current password; the manager pages
// count it as a failed sign-in of the account.
var ErrWrongPassword = tandem.Invalid("current", "error.password_wrong")

// ChangePassword sets the actor's own password after checking the current
// one, and ends every other session of theirs: keepSession (the session
// making the change) stays signed in. The new password follows the
// password rule with the actor's email and name as personal data.
func (a *App) ChangePassword(ctx context.Context, actor *tandem.User, keepSession, current, next string) error {
	u, err := a.Users.FindUser(ctx, actor.OrgID, actor.ID)
	if err != nil {
		return err
	}
	if current == "" {
		return tandem.Invalid("current", "error.required")
	}
	if u.PasswordHash == "" || !tandem.CheckPassword(u.PasswordHash, current) {
		return ErrWrongPassword
	}
	if err := tandem.CheckNewPassword(next, u.Email, u.Name); err != nil {
		return err
	}
	if next == current {
		return tandem.Invalid("password", "error.password_same")
	}
	hash, err := tandem.HashPassword(next)
	if err != nil {
		return err
	}
	return a.Users.SetPassword(ctx, u.OrgID, u.ID, hash, keepSession)
}

// SignOutEverywhere ends every session of the actor, the current one
// included.
func (a *App) SignOutEverywhere(ctx context.Context, actor *tandem.User) (int, error) {
	return a.Users.EndSessions(ctx, actor.ID, "")
}

// PurgeExpired deletes expired sessions and forgets expired one-time
// links; the daily purge job calls it.
func (a *App) PurgeExpired(ctx context.Context) (sessions, invites int, err error) {
	return a.Users.PurgeExpired(ctx, a.now())
}
