package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Organizations, their users, sign-in sessions and API tokens.

func testOrgs(t *testing.T, db *sqlstore.DB) {
	o := &tandem.Organization{Name: "Cafe", Slug: "cafe", Lang: "fi", TimeZone: "Europe/Helsinki"}
	must(t, db.CreateOrg(ctx, o))
	if o.ID == 0 || o.CreatedAt.IsZero() {
		t.Fatalf("CreateOrg left ID %d, CreatedAt %v", o.ID, o.CreatedAt)
	}
	got, err := db.FindOrg(ctx, o.ID)
	must(t, err)
	want := *o
	want.CreatedAt = o.CreatedAt.Truncate(time.Millisecond)
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("FindOrg = %+v, want %+v", got, &want)
	}
	got, err = db.FindOrgBySlug(ctx, "cafe")
	must(t, err)
	if got.ID != o.ID {
		t.Errorf("FindOrgBySlug id = %d, want %d", got.ID, o.ID)
	}
	got, err = db.FindOrg(ctx, o.ID+100)
	notFound(t, got, err)
	got, err = db.FindOrgBySlug(ctx, "nope")
	notFound(t, got, err)

	wantCode(t, db.CreateOrg(ctx, &tandem.Organization{Name: "Other", Slug: "cafe"}), tandem.ECONFLICT)
	wantCode(t, db.CreateOrg(ctx, &tandem.Organization{Name: "Bad", Slug: "Bad Slug"}), tandem.EINVALID)
	wantCode(t, db.CreateOrg(ctx, &tandem.Organization{Name: "", Slug: "empty"}), tandem.EINVALID)
	got, err = db.FindOrgBySlug(ctx, "empty")
	notFound(t, got, err)
}

func testUsers(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	u := &tandem.User{OrgID: a.Org.ID, Email: " Mia@Example.COM ", Name: "Mia", Role: tandem.RoleManager, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, u))
	if u.ID == 0 || u.Email != "mia@example.com" {
		t.Fatalf("CreateUser: ID %d, Email %q", u.ID, u.Email)
	}
	got, err := db.FindUser(ctx, a.Org.ID, u.ID)
	must(t, err)
	want := *u
	want.CreatedAt = u.CreatedAt.UTC().Truncate(time.Millisecond)
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("FindUser = %+v, want %+v", got, &want)
	}
	got, err = db.FindUserByEmail(ctx, "MIA@example.com")
	must(t, err)
	if got.ID != u.ID {
		t.Errorf("FindUserByEmail id = %d, want %d", got.ID, u.ID)
	}
	got, err = db.FindUser(ctx, b.Org.ID, u.ID)
	notFound(t, got, err)
	got, err = db.FindUserByEmail(ctx, "nobody@example.com")
	notFound(t, got, err)

	// Emails are unique across organizations.
	wantCode(t, db.CreateUser(ctx, &tandem.User{OrgID: b.Org.ID, Email: "mia@example.com", Name: "Mia B", Role: tandem.RoleStaff, PasswordHash: "x"}), tandem.ECONFLICT)
	wantCode(t, db.CreateUser(ctx, &tandem.User{OrgID: b.Org.ID, Email: "not-an-email", Name: "X", Role: tandem.RoleStaff, PasswordHash: "x"}), tandem.EINVALID)
	u2 := &tandem.User{OrgID: a.Org.ID, Email: "al@example.com", Name: "Al", Role: tandem.RoleStaff, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, u2))

	list, err := db.ListUsers(ctx, a.Org.ID)
	must(t, err)
	if len(list) != 2 || list[0].Name != "Al" || list[1].Name != "Mia" {
		t.Errorf("ListUsers(a) = %v, want Al, Mia", names(list, func(u *tandem.User) string { return u.Name }))
	}
	list, err = db.ListUsers(ctx, b.Org.ID)
	must(t, err)
	if len(list) != 0 {
		t.Errorf("ListUsers(b) has %d users, want 0", len(list))
	}
}

func testSessions(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	u := &tandem.User{OrgID: a.Org.ID, Email: "mia@example.com", Name: "Mia", Role: tandem.RoleOwner, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, u))
	now := date("2026-03-01T10:00:00Z")
	s, err := db.CreateSession(ctx, u.ID, now)
	must(t, err)
	if s.Token == "" || s.UserID != u.ID || !s.ExpiresAt.Equal(now.Add(tandem.SessionLifetime)) {
		t.Fatalf("CreateSession = %+v", s)
	}
	got, err := db.FindSessionUser(ctx, s.Token, now.Add(time.Hour))
	must(t, err)
	if got.ID != u.ID {
		t.Errorf("FindSessionUser id = %d, want %d", got.ID, u.ID)
	}
	got, err = db.FindSessionUser(ctx, s.Token, now.Add(tandem.SessionLifetime+time.Second))
	notFound(t, got, err)
	got, err = db.FindSessionUser(ctx, tandem.HashSecret(s.Token), now) // the stored hash is no credential
	notFound(t, got, err)
	must(t, db.DeleteSession(ctx, s.Token))
	got, err = db.FindSessionUser(ctx, s.Token, now)
	notFound(t, got, err)
	must(t, db.DeleteSession(ctx, "unknown"))
	_, err = db.CreateSession(ctx, u.ID+1000, now)
	wantCode(t, err, tandem.ENOTFOUND)
}

func testAPITokens(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	tok := &tandem.APIToken{OrgID: a.Org.ID, Name: "POS"}
	must(t, db.CreateAPIToken(ctx, tok))
	if tok.ID == 0 || len(tok.Token) < 32 {
		t.Fatalf("CreateAPIToken = %+v", tok)
	}
	got, err := db.FindAPIToken(ctx, tok.Token)
	must(t, err)
	if got.ID != tok.ID || got.OrgID != a.Org.ID || got.Name != "POS" || got.Token != "" {
		t.Errorf("FindAPIToken = %+v", got)
	}
	got, err = db.FindAPIToken(ctx, tok.Token+"x")
	notFound(t, got, err)
	got, err = db.FindAPIToken(ctx, tandem.HashSecret(tok.Token))
	notFound(t, got, err)
	wantCode(t, db.CreateAPIToken(ctx, &tandem.APIToken{OrgID: a.Org.ID, Name: " "}), tandem.EINVALID)
}

// An organization's settings, its logo and the first poster opened.
func testOrgSettings(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	o := *a.Org
	o.Name, o.Lang, o.TimeZone, o.Colour = "Cafe Nord", "ru", "Europe/Moscow", "#0B4F8A"
	must(t, db.UpdateOrg(ctx, &o))
	got, err := db.FindOrg(ctx, a.Org.ID)
	must(t, err)
	if got.Name != "Cafe Nord" || got.Lang != "ru" || got.TimeZone != "Europe/Moscow" || got.Colour != "#0b4f8a" || got.Slug != a.Org.Slug {
		t.Errorf("after UpdateOrg: %+v", got)
	}
	// Refused changes leave everything as it was.
	for _, bad := range []tandem.Organization{
		{Name: "", Lang: "en", TimeZone: "UTC"},
		{Name: "X", Lang: "de", TimeZone: "UTC"},
		{Name: "X", Lang: "en", TimeZone: "Mars/Base"},
		{Name: "X", Lang: "en", TimeZone: "UTC", Colour: "#ffee00"},
		{Name: "X", Lang: "en", TimeZone: "UTC", Colour: "blue"},
	} {
		bad.ID, bad.Slug = a.Org.ID, a.Org.Slug
		wantCode(t, db.UpdateOrg(ctx, &bad), tandem.EINVALID)
	}
	got, err = db.FindOrg(ctx, a.Org.ID)
	must(t, err)
	if got.Name != "Cafe Nord" || got.Colour != "#0b4f8a" {
		t.Errorf("a refused update changed the organization: %+v", got)
	}
	missing := o
	missing.ID = b.Org.ID + 100
	wantCode(t, db.UpdateOrg(ctx, &missing), tandem.ENOTFOUND)
	if other, err := db.FindOrg(ctx, b.Org.ID); err != nil || other.Name != b.Org.Name || other.Colour != "" {
		t.Errorf("the other organization changed: %+v, %v", other, err)
	}

	// The logo: stored under its content hash, found by it, removed.
	png := []byte("\x89PNG\r\n\x1a\nfake")
	hash, err := db.SetOrgLogo(ctx, a.Org.ID, &tandem.Logo{PNG: png, Width: 120, Height: 40})
	must(t, err)
	if len(hash) != 32 {
		t.Fatalf("SetOrgLogo hash = %q", hash)
	}
	got, err = db.FindOrg(ctx, a.Org.ID)
	must(t, err)
	if got.LogoHash != hash || got.LogoWidth != 120 || got.LogoHeight != 40 || got.LogoURL() != "/logo/"+hash+".png" {
		t.Errorf("logo of the organization = %q %dx%d, want %q 120x40", got.LogoHash, got.LogoWidth, got.LogoHeight, hash)
	}
	logo, err := db.FindLogo(ctx, hash)
	must(t, err)
	if string(logo) != string(png) {
		t.Errorf("FindLogo = %q", logo)
	}
	_, err = db.FindLogo(ctx, "")
	wantCode(t, err, tandem.ENOTFOUND)
	_, err = db.FindLogo(ctx, hash[:31]+"x")
	wantCode(t, err, tandem.ENOTFOUND)
	if other, _ := db.FindOrg(ctx, b.Org.ID); other.LogoHash != "" {
		t.Errorf("the other organization got a logo: %q", other.LogoHash)
	}
	hash, err = db.SetOrgLogo(ctx, a.Org.ID, nil)
	must(t, err)
	if hash != "" {
		t.Errorf("removing the logo returned %q", hash)
	}
	got, _ = db.FindOrg(ctx, a.Org.ID)
	if got.LogoHash != "" || got.LogoWidth != 0 || got.LogoURL() != "" {
		t.Errorf("logo after removal = %q %dx%d", got.LogoHash, got.LogoWidth, got.LogoHeight)
	}
	_, err = db.SetOrgLogo(ctx, b.Org.ID+100, &tandem.Logo{PNG: png, Width: 1, Height: 1})
	wantCode(t, err, tandem.ENOTFOUND)

	// The first poster opened is kept; later ones do not move it.
	if !got.PosterOpenedAt.IsZero() {
		t.Fatalf("PosterOpenedAt = %v before any poster", got.PosterOpenedAt)
	}
	first := date("2026-03-01T10:00:00Z")
	must(t, db.MarkPosterOpened(ctx, a.Org.ID, first))
	must(t, db.MarkPosterOpened(ctx, a.Org.ID, first.Add(time.Hour)))
	got, _ = db.FindOrg(ctx, a.Org.ID)
	if !got.PosterOpenedAt.Equal(first) {
		t.Errorf("PosterOpenedAt = %v, want %v", got.PosterOpenedAt, first)
	}
	if other, _ := db.FindOrg(ctx, b.Org.ID); !other.PosterOpenedAt.IsZero() {
		t.Errorf("the other organization's poster was marked")
	}
}
