package storetest

import (
	"encoding/base64"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Notifications to people: push subscriptions per user, the installation's
// VAPID keys, email opt-outs.

// PushSub returns a valid subscription of a user to endpoint, with keys of
// the right sizes (not a real browser's: nothing is encrypted with them here).
func PushSub(u *tandem.User, endpoint string) *tandem.PushSubscription {
	key := make([]byte, 65)
	key[0] = 4
	copy(key[1:], endpoint)
	return &tandem.PushSubscription{OrgID: u.OrgID, UserID: u.ID, Endpoint: endpoint,
		P256dh: base64.RawURLEncoding.EncodeToString(key),
		Auth:   base64.RawURLEncoding.EncodeToString([]byte("0123456789abcdef")), Label: "Firefox on Android"}
}

func testPushSubscriptions(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	anna := a.AddUser(&tandem.User{Name: "Anna", Role: tandem.RoleStaff})
	ben := a.AddUser(&tandem.User{Name: "Ben", Role: tandem.RoleStaff})
	bob := b.AddUser(&tandem.User{Name: "Bob", Role: tandem.RoleManager})

	s1 := PushSub(anna, "https://push.example/1")
	s1.CreatedAt = now
	s1.Label = "  Chrome\n on   Android  "
	must(t, db.SavePushSubscription(ctx, s1))
	s2 := PushSub(anna, "https://push.example/2")
	s2.CreatedAt = now.Add(time.Minute)
	must(t, db.SavePushSubscription(ctx, s2))
	if s1.ID == 0 || s2.ID == s1.ID {
		t.Fatalf("ids %d, %d", s1.ID, s2.ID)
	}
	got, err := db.ListPushSubscriptions(ctx, a.Org.ID, anna.ID)
	must(t, err)
	if len(got) != 2 || got[0].ID != s1.ID || got[1].ID != s2.ID {
		t.Fatalf("Anna's subscriptions = %+v", got)
	}
	if g := got[0]; g.Endpoint != s1.Endpoint || g.P256dh != s1.P256dh || g.Auth != s1.Auth ||
		g.Label != "Chrome on Android" || !g.CreatedAt.Equal(now) || g.UserID != anna.ID || g.OrgID != a.Org.ID {
		t.Errorf("stored %+v", g)
	}

	// Refused: bad endpoint or keys, another organization's user, a
	// user who does not exist.
	for _, bad := range []*tandem.PushSubscription{
		{OrgID: a.Org.ID, UserID: anna.ID, Endpoint: "http://push.example/x", P256dh: s1.P256dh, Auth: s1.Auth},
		{OrgID: a.Org.ID, UserID: anna.ID, Endpoint: "https://push.example/x", P256dh: "AAAA", Auth: s1.Auth},
		{OrgID: a.Org.ID, UserID: anna.ID, Endpoint: "https://push.example/x", P256dh: s1.P256dh, Auth: "c2hvcnQ"},
	} {
		wantCode(t, db.SavePushSubscription(ctx, bad), tandem.EINVALID)
	}
	cross := PushSub(anna, "https://push.example/x")
	cross.OrgID = b.Org.ID
	wantCode(t, db.SavePushSubscription(ctx, cross), tandem.ENOTFOUND)
	ghost := PushSub(&tandem.User{OrgID: a.Org.ID, ID: anna.ID + 1000}, "https://push.example/y")
	wantCode(t, db.SavePushSubscription(ctx, ghost), tandem.ENOTFOUND)

	// Another user, in the same or another organization, neither sees nor
	// deletes Anna's.
	for _, u := range []*tandem.User{ben, bob} {
		l, err := db.ListPushSubscriptions(ctx, u.OrgID, u.ID)
		must(t, err)
		if len(l) != 0 {
			t.Errorf("%s sees %d subscriptions", u.Name, len(l))
		}
		wantCode(t, db.DeletePushSubscription(ctx, u.OrgID, u.ID, s1.ID), tandem.ENOTFOUND)
	}
	l, err := db.ListPushSubscriptions(ctx, b.Org.ID, anna.ID) // Anna's id under the wrong organization
	must(t, err)
	if len(l) != 0 {
		t.Errorf("Anna's list under org B: %d", len(l))
	}
	wantCode(t, db.DeletePushSubscription(ctx, b.Org.ID, anna.ID, s1.ID), tandem.ENOTFOUND)

	// The same endpoint saved again is one row: new keys for Anna, or the
	// phone handed to Ben.
	again := PushSub(anna, s1.Endpoint)
	again.Auth = base64.RawURLEncoding.EncodeToString([]byte("fedcba9876543210"))
	must(t, db.SavePushSubscription(ctx, again))
	if again.ID != s1.ID {
		t.Errorf("re-subscribing: id %d, want %d", again.ID, s1.ID)
	}
	handed := PushSub(ben, s1.Endpoint)
	must(t, db.SavePushSubscription(ctx, handed))
	annas, err := db.ListPushSubscriptions(ctx, a.Org.ID, anna.ID)
	must(t, err)
	bens, err := db.ListPushSubscriptions(ctx, a.Org.ID, ben.ID)
	must(t, err)
	if len(annas) != 1 || annas[0].ID != s2.ID || len(bens) != 1 || bens[0].Endpoint != s1.Endpoint {
		t.Errorf("after handing the phone over: Anna %+v, Ben %+v", annas, bens)
	}

	// Deleting: the user's own, and a gone endpoint whoever has it.
	must(t, db.DeletePushSubscription(ctx, a.Org.ID, anna.ID, s2.ID))
	wantCode(t, db.DeletePushSubscription(ctx, a.Org.ID, anna.ID, s2.ID), tandem.ENOTFOUND)
	must(t, db.DeletePushEndpoint(ctx, s1.Endpoint))
	must(t, db.DeletePushEndpoint(ctx, s1.Endpoint)) // already gone: fine
	bens, err = db.ListPushSubscriptions(ctx, a.Org.ID, ben.ID)
	must(t, err)
	if len(bens) != 0 {
		t.Errorf("gone endpoint still listed: %+v", bens)
	}

	// A deactivated user's phones get nothing.
	s3 := PushSub(bob, "https://push.example/3")
	must(t, db.SavePushSubscription(ctx, s3))
	bob.DeactivatedAt = now
	must(t, db.UpdateUser(ctx, bob))
	l, err = db.ListPushSubscriptions(ctx, b.Org.ID, bob.ID)
	must(t, err)
	if len(l) != 0 {
		t.Errorf("deactivated user's subscriptions listed: %d", len(l))
	}
	wantCode(t, db.SavePushSubscription(ctx, PushSub(bob, "https://push.example/4")), tandem.ENOTFOUND)
}

func testVAPIDKeys(t *testing.T, db *sqlstore.DB) {
	calls := 0
	var mu sync.Mutex
	gen := func() (tandem.VAPIDKeys, error) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		return tandem.VAPIDKeys{Public: fmt.Sprintf("pub%d", calls), Private: fmt.Sprintf("priv%d", calls)}, nil
	}
	// Concurrent first calls agree on one pair.
	const n = 8
	keys := make([]tandem.VAPIDKeys, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { keys[i], errs[i] = db.VAPIDKeys(ctx, gen) })
	}
	wg.Wait()
	for i := range n {
		must(t, errs[i])
		if keys[i] != keys[0] || keys[i].Public == "" {
			t.Fatalf("VAPIDKeys call %d = %+v, call 0 = %+v", i, keys[i], keys[0])
		}
	}
	// Later calls read it and never generate.
	k, err := db.VAPIDKeys(ctx, func() (tandem.VAPIDKeys, error) {
		t.Error("generate called with keys stored")
		return tandem.VAPIDKeys{}, nil
	})
	must(t, err)
	if k != keys[0] {
		t.Errorf("second read %+v, want %+v", k, keys[0])
	}
}

func testMailOptOuts(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	anna := a.AddUser(&tandem.User{Name: "Anna", Role: tandem.RoleStaff})
	ben := a.AddUser(&tandem.User{Name: "Ben", Role: tandem.RoleStaff})

	off, err := db.MailOptOuts(ctx, a.Org.ID, anna.ID)
	must(t, err)
	if len(off) != 0 {
		t.Errorf("new user's opt-outs = %v", off)
	}
	must(t, db.SetMailOptOuts(ctx, a.Org.ID, anna.ID, []tandem.MailKind{tandem.MailPraise, tandem.MailFixed, tandem.MailPraise}))
	off, err = db.MailOptOuts(ctx, a.Org.ID, anna.ID)
	must(t, err)
	if !slices.Equal(off, []tandem.MailKind{tandem.MailFixed, tandem.MailPraise}) {
		t.Errorf("opt-outs = %v", off)
	}
	wantCode(t, db.SetMailOptOuts(ctx, a.Org.ID, anna.ID, []tandem.MailKind{"spam"}), tandem.EINVALID)
	wantCode(t, db.SetMailOptOuts(ctx, b.Org.ID, anna.ID, nil), tandem.ENOTFOUND)
	off, err = db.MailOptOuts(ctx, b.Org.ID, anna.ID)
	must(t, err)
	if len(off) != 0 {
		t.Errorf("Anna's opt-outs seen under org B: %v", off)
	}
	off, err = db.MailOptOuts(ctx, a.Org.ID, ben.ID)
	must(t, err)
	if len(off) != 0 {
		t.Errorf("Ben's opt-outs = %v", off)
	}
	must(t, db.SetMailOptOuts(ctx, a.Org.ID, anna.ID, nil))
	off, err = db.MailOptOuts(ctx, a.Org.ID, anna.ID)
	must(t, err)
	if len(off) != 0 {
		t.Errorf("cleared opt-outs = %v", off)
	}
}
