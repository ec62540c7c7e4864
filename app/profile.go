package app

import (
	"context"
	"slices"
	"strings"

	"github.com/tandemhq/tandem"
)

// A user's own profile: their name and language, the phones that get their
// notifications and the emails they want. Every use case here acts on the
// actor themselves, never on another user.

// UpdateProfile changes the actor's own name and language.
func (a *App) UpdateProfile(ctx context.Context, actor *tandem.User, name, lang string) (*tandem.User, error) {
	u, err := a.Users.FindUser(ctx, actor.OrgID, actor.ID)
	if err != nil {
		return nil, err
	}
	u.Name, u.Lang = strings.TrimSpace(name), strings.TrimSpace(lang)
	if err := u.Validate(); err != nil {
		return nil, err
	}
	if err := a.Users.UpdateUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// Subscribe stores a browser's push subscription for the actor. The
// subscription's owner is always the actor, whatever ids came with it.
func (a *App) Subscribe(ctx context.Context, actor *tandem.User, s *tandem.PushSubscription) error {
	s.ID, s.OrgID, s.UserID, s.CreatedAt = 0, actor.OrgID, actor.ID, a.now()
	return a.Notify.SavePushSubscription(ctx, s)
}

// Unsubscribe deletes one of the actor's own push subscriptions.
func (a *App) Unsubscribe(ctx context.Context, actor *tandem.User, id int64) error {
	return a.Notify.DeletePushSubscription(ctx, actor.OrgID, actor.ID, id)
}

// PushSender sends one notification to one subscription; notify.Pusher's
// Send, with its payload chosen, is one.
type PushSender func(ctx context.Context, s *tandem.PushSubscription) error

// TestPush sends a notification to each of the actor's subscriptions and
// returns how many took it. It fails only if none did (and there was one):
// then err is the last failure.
func (a *App) TestPush(ctx context.Context, actor *tandem.User, send PushSender) (int, error) {
	subs, err := a.Notify.ListPushSubscriptions(ctx, actor.OrgID, actor.ID)
	if err != nil {
		return 0, err
	}
	sent := 0
	var last error
	for _, s := range subs {
		if err := send(ctx, s); err != nil {
			last = err
			continue
		}
		sent++
	}
	if sent == 0 && last != nil {
		return 0, last
	}
	return sent, nil
}

// MailChoices returns which kinds of email the actor gets.
func (a *App) MailChoices(ctx context.Context, actor *tandem.User) (map[tandem.MailKind]bool, error) {
	off, err := a.Notify.MailOptOuts(ctx, actor.OrgID, actor.ID)
	if err != nil {
		return nil, err
	}
	on := map[tandem.MailKind]bool{}
	for _, k := range tandem.MailKinds {
		on[k] = !slices.Contains(off, k)
	}
	return on, nil
}

// SetMailChoices stores which kinds of email the actor gets: on lists the
// kinds they want, every other kind is turned off.
func (a *App) SetMailChoices(ctx context.Context, actor *tandem.User, on []tandem.MailKind) error {
	for _, k := range on {
		if !k.Valid() {
			return tandem.Invalid("mail", "error.mail_kind")
		}
	}
	var off []tandem.MailKind
	for _, k := range tandem.MailKinds {
		if !slices.Contains(on, k) {
			off = append(off, k)
		}
	}
	return a.Notify.SetMailOptOuts(ctx, actor.OrgID, actor.ID, off)
}

// WantsMail reports whether a user gets email of kind k: the check the
// jobs that send email make before each one.
func (a *App) WantsMail(ctx context.Context, orgID, userID int64, k tandem.MailKind) (bool, error) {
	off, err := a.Notify.MailOptOuts(ctx, orgID, userID)
	if err != nil {
		return false, err
	}
	return !slices.Contains(off, k), nil
}
