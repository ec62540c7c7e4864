package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/storetest"
)

// TestProfileUseCases: a user changes only themselves, their phone is
// theirs whatever ids come with it, a test push counts the phones that
// took it, and email choices are what the jobs check.
func TestProfileUseCases(t *testing.T) {
	ctx := context.Background()
	db := storetest.NewSQLite(t)
	a := storetest.NewWorld(t, db, "org-a")
	b := storetest.NewWorld(t, db, "org-b")
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	uc := app.New(app.StoresOf(db), app.Options{Now: func() time.Time { return now }})
	sam := a.AddUser(&tandem.User{Name: "Sam", Role: tandem.RoleStaff})
	bob := b.AddUser(&tandem.User{Name: "Bob", Role: tandem.RoleOwner})

	// Profile: name and language only; the role stays.
	u, err := uc.UpdateProfile(ctx, sam, "  Sam Virtanen ", "fi")
	if err != nil || u.Name != "Sam Virtanen" || u.Lang != "fi" || u.Role != tandem.RoleStaff {
		t.Fatalf("UpdateProfile = %+v, %v", u, err)
	}
	_, err = uc.UpdateProfile(ctx, sam, "Sam", "de")
	wantErr(t, err, tandem.EINVALID, "lang")

	// A subscription naming someone else is still the actor's own.
	s := storetest.PushSub(bob, "https://push.example/sam")
	if err := uc.Subscribe(ctx, sam, s); err != nil {
		t.Fatal(err)
	}
	if s.OrgID != a.Org.ID || s.UserID != sam.ID || !s.CreatedAt.Equal(now) {
		t.Errorf("subscribed %+v", s)
	}
	if l, _ := db.ListPushSubscriptions(ctx, b.Org.ID, bob.ID); len(l) != 0 {
		t.Errorf("Bob got Sam's phone: %+v", l)
	}
	wantErr(t, uc.Unsubscribe(ctx, bob, s.ID), tandem.ENOTFOUND, "")

	// Test push: one phone of two took it, so it went out; none did, and
	// the last failure comes back.
	s2 := storetest.PushSub(sam, "https://push.example/sam2")
	if err := uc.Subscribe(ctx, sam, s2); err != nil {
		t.Fatal(err)
	}
	fail := errors.New("push service down")
	n, err := uc.TestPush(ctx, sam, func(_ context.Context, p *tandem.PushSubscription) error {
		if p.ID == s.ID {
			return fail
		}
		return nil
	})
	if n != 1 || err != nil {
		t.Errorf("TestPush with one failure = %d, %v", n, err)
	}
	n, err = uc.TestPush(ctx, sam, func(context.Context, *tandem.PushSubscription) error { return fail })
	if n != 0 || !errors.Is(err, fail) {
		t.Errorf("TestPush with all failing = %d, %v", n, err)
	}
	if n, err := uc.TestPush(ctx, bob, func(context.Context, *tandem.PushSubscription) error { return fail }); n != 0 || err != nil {
		t.Errorf("TestPush without phones = %d, %v", n, err)
	}

	// Email: everything on until turned off.
	for _, k := range tandem.MailKinds {
		if ok, err := uc.WantsMail(ctx, sam.OrgID, sam.ID, k); !ok || err != nil {
			t.Errorf("a new user wants %s: %v, %v", k, ok, err)
		}
	}
	if err := uc.SetMailChoices(ctx, sam, []tandem.MailKind{tandem.MailOverdue}); err != nil {
		t.Fatal(err)
	}
	on, err := uc.MailChoices(ctx, sam)
	if err != nil || on[tandem.MailFixed] || on[tandem.MailPraise] || !on[tandem.MailOverdue] {
		t.Errorf("MailChoices = %v, %v", on, err)
	}
	if ok, _ := uc.WantsMail(ctx, sam.OrgID, sam.ID, tandem.MailPraise); ok {
		t.Error("Sam turned the praise digest off, yet wants it")
	}
	wantErr(t, uc.SetMailChoices(ctx, sam, []tandem.MailKind{"newsletter"}), tandem.EINVALID, "mail")
}
