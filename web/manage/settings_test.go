package manage_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
)

// owner adds an owner to o and signs them in.
func (e *env) owner(t *testing.T, o *org) *client {
	t.Helper()
	hash, err := tandem.HashPassword(password)
	must(t, err)
	u := &tandem.User{OrgID: o.org.ID, Email: "owner@" + o.org.Slug + ".test", Name: "Olga", Role: tandem.RoleOwner, Lang: "en", PasswordHash: hash}
	must(t, e.db.CreateUser(ctx, u))
	return e.client(t).login(u.Email)
}

func logoPNG(t *testing.T, w, h int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0x40
	}
	img.Set(0, 0, color.NRGBA{0xff, 0, 0, 0xff})
	var b bytes.Buffer
	must(t, png.Encode(&b, img))
	return b.Bytes()
}

// TestSettingsPage: an owner changes the organization's settings and logo;
// a bad colour or logo is refused with the field's message in the owner's
// language and changes nothing; managers may read, not change; the logo is
// served publicly at a cacheable address.
func TestSettingsPage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		mgr := e.client(t).login(a.manager.Email)
		own := e.owner(t, a)

		// Managers see the settings, read-only, and cannot post them.
		r := mgr.get("/app")
		if !strings.Contains(r.Body, `href="/app/settings"`) {
			t.Errorf("the navigation does not lead to the settings")
		}
		r = mgr.get("/app/settings")
		if r.Status != 200 || !strings.Contains(r.Body, e.cat.Printer("en").T("manage.settings.owners_only")) || !strings.Contains(r.Body, a.org.Name) {
			t.Errorf("manager GET /app/settings = %d", r.Status)
		}
		form := url.Values{"name": {"Café Nord"}, "lang": {"fi"}, "time_zone": {"Europe/Helsinki"}, "colour": {"#1D6B2C"}}
		if r := mgr.post("/app/settings", form); r.Status != http.StatusForbidden {
			t.Errorf("manager POST /app/settings = %d, want 403", r.Status)
		}
		if r := mgr.upload("/app/settings/logo", "logo", "logo.png", logoPNG(t, 60, 20)); r.Status != http.StatusForbidden {
			t.Errorf("manager upload = %d, want 403", r.Status)
		}

		// Bad colours and a bad zone: refused at the field, nothing changed.
		fi := e.cat.Printer("fi")
		for _, c := range []struct{ field, value, id, key string }{
			{"colour", "#ffdd00", "colour-err", "error.colour_white_text"},
			{"colour", "green", "colour-err", "error.colour_format"},
			{"time_zone", "Moon/Base", "tz-err", "error.time_zone"},
			{"name", " ", "name-err", "error.required"},
		} {
			bad := url.Values{}
			for k, v := range form {
				bad[k] = v
			}
			bad.Set(c.field, c.value)
			r := own.post("/app/settings?lang=fi", bad)
			want := `<p class="field-error" id="` + c.id + `">` + fi.In("manage.", c.key)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
				t.Errorf("%s %q = %d, shows %q: %v", c.field, c.value, r.Status, want, strings.Contains(r.Body, want))
			}
		}
		if got, _ := e.db.FindOrg(ctx, a.org.ID); got.Name != a.org.Name || got.Colour != "" || got.Lang != "en" {
			t.Errorf("a refused form changed the organization: %+v", got)
		}

		// A good change.
		r = own.post("/app/settings", form)
		if r.Status != http.StatusSeeOther || r.Location != "/app/settings?saved=1" {
			t.Fatalf("POST /app/settings = %d %q", r.Status, r.Location)
		}
		got, _ := e.db.FindOrg(ctx, a.org.ID)
		if got.Name != "Café Nord" || got.Lang != "fi" || got.Colour != "#1d6b2c" {
			t.Errorf("saved organization: %+v", got)
		}
		if r := own.get("/app/settings?saved=1"); !strings.Contains(r.Body, `value="#1d6b2c"`) || !strings.Contains(r.Body, `role="status"`) {
			t.Errorf("the saved settings are not shown")
		}

		// Logos: only pictures, by their bytes; the name is ignored.
		for _, c := range []struct {
			name string
			data []byte
			key  string
		}{
			{"logo.png", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), "error.logo_type"},
			{"logo.svg", nil, "error.logo_empty"},
			{"logo.png", append(logoPNG(t, 4, 4), make([]byte, 600<<10)...), "error.logo_size"},
		} {
			r := own.upload("/app/settings/logo?lang=ru", "logo", c.name, c.data)
			want := `id="logo-err">` + e.cat.Printer("ru").In("manage.", c.key)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
				t.Errorf("upload %s (%d bytes) = %d, shows %q: %v", c.name, len(c.data), r.Status, want, strings.Contains(r.Body, want))
			}
		}
		if got, _ := e.db.FindOrg(ctx, a.org.ID); got.LogoHash != "" {
			t.Errorf("a refused logo was stored")
		}
		r = own.upload("/app/settings/logo", "logo", "picture.jpg", logoPNG(t, 300, 100))
		if r.Status != http.StatusSeeOther {
			t.Fatalf("upload a PNG = %d: %s", r.Status, r.Body)
		}
		got, _ = e.db.FindOrg(ctx, a.org.ID)
		if got.LogoURL() == "" || got.LogoWidth != 300 {
			t.Fatalf("stored logo: %+v", got)
		}
		anon := e.client(t)
		r = anon.get(got.LogoURL())
		if r.Status != 200 || r.Header.Get("Content-Type") != "image/png" || !strings.Contains(r.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("GET %s = %d %s %s", got.LogoURL(), r.Status, r.Header.Get("Content-Type"), r.Header.Get("Cache-Control"))
		}
		if _, err := png.Decode(strings.NewReader(r.Body)); err != nil {
			t.Errorf("the served logo is no PNG: %v", err)
		}
		for _, p := range []string{"/logo/" + strings.Repeat("0", 32) + ".png", "/logo/" + got.LogoHash} {
			if r := anon.get(p); r.Status != http.StatusNotFound {
				t.Errorf("GET %s = %d, want 404", p, r.Status)
			}
		}
		if r := own.get("/app/settings"); !strings.Contains(r.Body, `src="`+got.LogoURL()+`"`) || !strings.Contains(r.Body, `width="192" height="64"`) {
			t.Errorf("the settings page does not show the logo at its size")
		}

		// The poster shows the logo and the colour.
		r = own.get("/app/touchpoints/" + id(a.tp.ID) + "/poster")
		if !strings.Contains(r.Body, `src="`+got.LogoURL()+`" alt="Café Nord" width="288" height="96"`) || !strings.Contains(r.Body, `--brand: #1d6b2c`) {
			t.Errorf("the poster lacks the brand")
		}
		// The other organization's poster does not.
		if r := e.client(t).login(e.b.manager.Email).get("/app/touchpoints/" + id(e.b.tp.ID) + "/poster"); strings.Contains(r.Body, "/logo/") || strings.Contains(r.Body, "--brand") {
			t.Errorf("org B's poster shows a brand")
		}

		if r := own.post("/app/settings/logo/remove", nil); r.Status != http.StatusSeeOther {
			t.Errorf("remove logo = %d", r.Status)
		}
		if got, _ := e.db.FindOrg(ctx, a.org.ID); got.LogoHash != "" {
			t.Errorf("the logo was not removed")
		}
	})
}

// TestFirstRunChecklist: the home page of a new organization lists the
// steps to the first feedback, ticks them as the organization is set up
// through the pages, and drops the list once all are done; staff never see it.
func TestFirstRunChecklist(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		o := &tandem.Organization{Name: "Fresh", Slug: "fresh"}
		must(t, e.db.CreateOrg(ctx, o))
		fresh := &org{org: o}
		c := e.owner(t, fresh)
		done := func() int {
			t.Helper()
			r := c.get("/app")
			if r.Status != 200 {
				t.Fatalf("GET /app = %d", r.Status)
			}
			if !strings.Contains(r.Body, `id="firstrun-h"`) {
				return -1
			}
			return strings.Count(r.Body, `<li class="done">`)
		}
		if n := done(); n != 0 {
			t.Fatalf("a new organization has %d steps done", n)
		}
		r := c.get("/app")
		for _, href := range []string{"/app/sites/new", "/app/services/new", "/app/touchpoints/new", "/app/touchpoints", "/app/feedback"} {
			if !strings.Contains(r.Body, `href="`+href+`"`) {
				t.Errorf("the checklist does not link %s", href)
			}
		}
		if r := c.post("/app/sites/new", url.Values{"name.en": {"Hall"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("create site = %d", r.Status)
		}
		if n := done(); n != 1 {
			t.Errorf("after a site: %d done, want 1", n)
		}

		// The rest is stored directly: the editor and touchpoint forms have
		// their own tests.
		sites, _ := e.db.ListSites(ctx, o.ID)
		svc := &tandem.Service{OrgID: o.ID, SiteID: sites[0].ID, Name: tandem.Text{"en": "Lunch"}}
		must(t, e.db.CreateService(ctx, svc))
		if n := done(); n != 1 {
			t.Errorf("a draft service counts: %d done", n)
		}
		bp := &tandem.Blueprint{OrgID: o.ID, ServiceID: svc.ID, Steps: []tandem.Step{{Key: "eat", Lane: tandem.LaneCustomer, Title: tandem.Text{"en": "Eat"}}},
			Aspects: []tandem.Aspect{{Key: "taste", Name: tandem.Text{"en": "Taste"}, ControlledBy: tandem.PartyProvider}}}
		must(t, e.db.PublishBlueprint(ctx, bp))
		if n := done(); n != 2 {
			t.Errorf("after publishing: %d done, want 2", n)
		}
		tp := &tandem.Touchpoint{OrgID: o.ID, SiteID: sites[0].ID, ServiceID: svc.ID, Name: tandem.Text{"en": "Door"}}
		must(t, e.db.CreateTouchpoint(ctx, tp))
		if n := done(); n != 3 {
			t.Errorf("after a touchpoint: %d done, want 3", n)
		}
		poster := "/app/touchpoints/" + id(tp.ID) + "/poster"
		if r := c.get("/app"); !strings.Contains(r.Body, `href="`+poster+`"`) {
			t.Errorf("the checklist does not lead to the touchpoint's poster")
		}
		if r := c.get(poster); r.Status != 200 {
			t.Fatalf("GET poster = %d", r.Status)
		}
		if n := done(); n != 4 {
			t.Errorf("after the poster: %d done, want 4", n)
		}
		f := &tandem.Feedback{OrgID: o.ID, ServiceID: svc.ID, BlueprintID: bp.ID, TouchpointID: tp.ID, SiteID: sites[0].ID, Overall: 5, Lang: "en"}
		if _, err := e.db.CreateFeedback(ctx, f); err != nil {
			t.Fatal(err)
		}
		if n := done(); n != -1 {
			t.Errorf("all done, yet the checklist shows with %d done", n)
		}

		// An organization set up long ago (org A, no poster opened yet)
		// still sees its list; its staff never do.
		if r := e.client(t).login(e.a.manager.Email).get("/app"); !strings.Contains(r.Body, `id="firstrun-h"`) || strings.Count(r.Body, `<li class="done">`) != 4 {
			t.Errorf("org A's manager does not see four of five steps done")
		}
		staff := e.client(t).login(e.a.staff.Email)
		for _, p := range []string{"/app", "/app/praise"} {
			if r := staff.get(p); strings.Contains(r.Body, "firstrun") {
				t.Errorf("staff GET %s shows the checklist", p)
			}
		}
	})
}
