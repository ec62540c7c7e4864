package app

import (
	"context"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
)

// People: owners and managers invite the people they work with, change
// their roles, deactivate and reactivate them and reset their passwords.
// Only owners create or change owners (tandem.Role.CanChange), and every
// change of a user goes through changeUser, which keeps the rule that an
// organization always has an active owner (tandem.CheckOwners).
//
// No email is sent: an invitation and a password reset each return a
// one-time link (tandem.Invite) that the manager passes on.

// InviteInput is a new user: who they are and what they may do.
type InviteInput struct {
	Email string
	Name  string
	Role  tandem.Role
	Lang  string
}

// Invite creates a user without a password in actor's organization and
// returns them with a one-time link that lets them set one.
func (a *App) Invite(ctx context.Context, actor *tandem.User, in InviteInput) (*tandem.User, *tandem.Invite, error) {
	if !actor.Role.CanChange(in.Role, in.Role) {
		if actor.Role.CanManage() && in.Role == tandem.RoleOwner {
			return nil, nil, tandem.Invalid("role", "error.owner_only")
		}
		return nil, nil, tandem.Errorf(tandem.EFORBIDDEN, "error.forbidden")
	}
	u := &tandem.User{OrgID: actor.OrgID, Email: in.Email, Name: strings.TrimSpace(in.Name), Role: in.Role, Lang: in.Lang, CreatedAt: a.now()}
	if err := u.Validate(); err != nil {
		return nil, nil, err
	}
	if err := a.Users.CreateUser(ctx, u); err != nil {
		if tandem.ErrorCode(err) == tandem.ECONFLICT {
			return nil, nil, tandem.Errorf(tandem.ECONFLICT, "error.email_taken")
		}
		return nil, nil, err
	}
	inv, err := a.Users.CreateInvite(ctx, u.OrgID, u.ID, a.now())
	if err != nil {
		return nil, nil, err
	}
	u.InviteExpiresAt = inv.ExpiresAt
	return u, inv, nil
}

// InviteUser returns the user whose unexpired one-time link token is, so
// the page can greet them; a used, expired or unknown link is ENOTFOUND.
func (a *App) InviteUser(ctx context.Context, token string) (*tandem.User, error) {
	u, err := a.Users.FindInviteUser(ctx, token, a.now())
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return nil, tandem.NotFound("error.invite_unknown")
	}
	return u, err
}

// AcceptInvite sets the password of the user of a one-time link, uses the
// link up and signs the user in: it returns their new session.
func (a *App) AcceptInvite(ctx context.Context, token, password string) (*tandem.User, *tandem.Session, error) {
	invited, err := a.InviteUser(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	if err := tandem.CheckNewPassword(password, invited.Email, invited.Name); err != nil {
		return nil, nil, err
	}
	hash, err := tandem.HashPassword(password) // applies the password rule
	if err != nil {
		return nil, nil, err
	}
	u, err := a.Users.AcceptInvite(ctx, token, hash, a.now())
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return nil, nil, tandem.NotFound("error.invite_unknown") // used meanwhile
	}
	if err != nil {
		return nil, nil, err
	}
	sess, err := a.Users.CreateSession(ctx, u.ID, a.now())
	if err != nil {
		return nil, nil, err
	}
	return u, sess, nil
}

// SetRole gives a user another role.
func (a *App) SetRole(ctx context.Context, actor *tandem.User, id int64, role tandem.Role) (*tandem.User, error) {
	if !role.Valid() {
		return nil, tandem.Invalid("role", "error.role")
	}
	return a.changeUser(ctx, actor, id, role, func(u *tandem.User) error {
		u.Role = role
		return nil
	})
}

// Deactivate stops a user from signing in and ends their sessions. Users
// cannot deactivate themselves.
func (a *App) Deactivate(ctx context.Context, actor *tandem.User, id int64) (*tandem.User, error) {
	return a.changeUser(ctx, actor, id, "", func(u *tandem.User) error {
		if u.ID == actor.ID {
			return tandem.Errorf(tandem.EINVALID, "error.deactivate_self")
		}
		if u.Active() {
			u.DeactivatedAt = a.now()
		}
		return nil
	})
}

// Reactivate lets a deactivated user sign in again with their password.
func (a *App) Reactivate(ctx context.Context, actor *tandem.User, id int64) (*tandem.User, error) {
	return a.changeUser(ctx, actor, id, "", func(u *tandem.User) error {
		u.DeactivatedAt = time.Time{}
		return nil
	})
}

// ResetPassword gives an active user a new one-time link to set a new
// password and ends their sessions, in case someone else holds one; their
// current password still signs in until they use the link.
func (a *App) ResetPassword(ctx context.Context, actor *tandem.User, id int64) (*tandem.User, *tandem.Invite, error) {
	u, err := a.findChangeable(ctx, actor, id, "")
	if err != nil {
		return nil, nil, err
	}
	if !u.Active() {
		return nil, nil, tandem.Errorf(tandem.EINVALID, "error.user_deactivated")
	}
	inv, err := a.Users.CreateInvite(ctx, u.OrgID, u.ID, a.now())
	if err != nil {
		return nil, nil, err
	}
	if _, err := a.Users.EndSessions(ctx, u.ID, ""); err != nil {
		return nil, nil, err
	}
	u.InviteExpiresAt = inv.ExpiresAt
	return u, inv, nil
}

// findChangeable finds a user of actor's organization that actor may
// change, to role to ("" for the user's own role).
func (a *App) findChangeable(ctx context.Context, actor *tandem.User, id int64, to tandem.Role) (*tandem.User, error) {
	if !actor.Role.CanManage() {
		return nil, tandem.Errorf(tandem.EFORBIDDEN, "error.forbidden")
	}
	u, err := a.Users.FindUser(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	if to == "" {
		to = u.Role
	}
	if !actor.Role.CanChange(u.Role, to) {
		return nil, tandem.Errorf(tandem.EFORBIDDEN, "error.owner_only")
	}
	return u, nil
}

// changeUser is every change of a user: it checks actor may make it,
// applies change and keeps the organization's last active owner.
func (a *App) changeUser(ctx context.Context, actor *tandem.User, id int64, to tandem.Role, change func(*tandem.User) error) (*tandem.User, error) {
	u, err := a.findChangeable(ctx, actor, id, to)
	if err != nil {
		return nil, err
	}
	before := *u
	if err := change(u); err != nil {
		return nil, err
	}
	users, err := a.Users.ListUsers(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	if err := tandem.CheckOwners(users, &before, u); err != nil {
		return nil, err
	}
	if err := a.Users.UpdateUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}
