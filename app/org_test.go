package app_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/storetest"
)

func testImage(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), 0x80, 0xff})
		}
	}
	return img
}

func pngOf(t *testing.T, img image.Image) []byte {
	var b bytes.Buffer
	must(t, png.Encode(&b, img))
	return b.Bytes()
}

// TestCleanLogo: only PNG and JPEG, known by their bytes, of a bounded size;
// what is stored is a fresh PNG.
func TestCleanLogo(t *testing.T) {
	var jb bytes.Buffer
	must(t, jpeg.Encode(&jb, testImage(200, 100), nil))
	// A JPEG with a comment segment (metadata) after the start marker.
	withMeta := append([]byte("\xff\xd8\xff\xfe\x00\x10secret-location"), jb.Bytes()[2:]...)
	for _, c := range []struct {
		name string
		data []byte
		w, h int
		err  string
	}{
		{"png", pngOf(t, testImage(120, 40)), 120, 40, ""},
		{"jpeg", jb.Bytes(), 200, 100, ""},
		{"jpeg with metadata", withMeta, 200, 100, ""},
		{"large png is scaled down", pngOf(t, testImage(1280, 320)), 640, 160, ""},
		{"empty", nil, 0, 0, "error.logo_empty"},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), 0, 0, "error.logo_type"},
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), 0, 0, "error.logo_type"},
		{"webp", []byte("RIFF\x10\x00\x00\x00WEBPVP8 "), 0, 0, "error.logo_type"},
		{"truncated png", pngOf(t, testImage(50, 50))[:60], 0, 0, "error.logo_broken"},
		{"too big", append(pngOf(t, testImage(10, 10)), make([]byte, app.MaxLogoBytes)...), 0, 0, "error.logo_size"},
		{"too many pixels", pngOf(t, image.NewGray(image.Rect(0, 0, 5000, 10))), 0, 0, "error.logo_dimensions"},
	} {
		logo, err := app.CleanLogo(c.data)
		if c.err != "" {
			if tandem.ErrorKey(err) != c.err || tandem.ErrorField(err) != "logo" {
				t.Errorf("%s: err %v, want %s on logo", c.name, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		img, err := png.Decode(bytes.NewReader(logo.PNG))
		if err != nil {
			t.Errorf("%s: the stored logo is no PNG: %v", c.name, err)
			continue
		}
		if b := img.Bounds(); b.Dx() != c.w || b.Dy() != c.h || logo.Width != c.w || logo.Height != c.h {
			t.Errorf("%s: %v, size %d×%d, want %d×%d", c.name, b, logo.Width, logo.Height, c.w, c.h)
		}
		if bytes.Contains(logo.PNG, []byte("secret")) {
			t.Errorf("%s: metadata survived", c.name)
		}
	}
}

// TestOrganizationSettings: changing the settings on a real store of each
// engine; a refused change changes nothing, and the customer paths see a
// change at once even with a long cache.
func TestOrganizationSettings(t *testing.T) {
	ctx := context.Background()
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			db := eng.Open(t)
			a := storetest.NewWorld(t, db, "org-a")
			b := storetest.NewWorld(t, db, "org-b")
			uc := app.New(app.StoresOf(db), app.Options{CacheTTL: time.Hour})
			if _, err := uc.Organization(ctx, a.Org.ID); err != nil { // fill the cache
				t.Fatal(err)
			}
			o, err := uc.UpdateOrganization(ctx, a.Org.ID, app.OrgInput{Name: app.StringOf(" Café Nord "), Colour: app.StringOf("#1D6B2C")})
			must(t, err)
			if o.Name != "Café Nord" || o.Colour != "#1d6b2c" || o.TimeZone != "Europe/Helsinki" {
				t.Errorf("updated = %+v", o)
			}
			if seen, _ := uc.Organization(ctx, a.Org.ID); seen.Colour != "#1d6b2c" {
				t.Errorf("the customer paths still see colour %q", seen.Colour)
			}
			for _, c := range []struct {
				in    app.OrgInput
				field string
			}{
				{app.OrgInput{Name: app.StringOf(" ")}, "name"},
				{app.OrgInput{Lang: app.StringOf("de")}, "lang"},
				{app.OrgInput{Lang: app.StringOf("")}, "lang"},
				{app.OrgInput{TimeZone: app.StringOf("Moon/Base")}, "time_zone"},
				{app.OrgInput{TimeZone: app.StringOf("")}, "time_zone"},
				{app.OrgInput{Name: app.StringOf("New"), Colour: app.StringOf("#ffff00")}, "colour"},
			} {
				_, err := uc.UpdateOrganization(ctx, a.Org.ID, c.in)
				wantErr(t, err, tandem.EINVALID, c.field)
			}
			if got, _ := db.FindOrg(ctx, a.Org.ID); got.Name != "Café Nord" || got.Colour != "#1d6b2c" || got.Lang != "en" {
				t.Errorf("a refused change changed %+v", got)
			}
			_, err = uc.SetLogo(ctx, a.Org.ID, []byte("<svg/>"))
			wantErr(t, err, tandem.EINVALID, "logo")
			o, err = uc.SetLogo(ctx, a.Org.ID, pngOf(t, testImage(90, 30)))
			must(t, err)
			if o.LogoURL() == "" || o.LogoWidth != 90 {
				t.Errorf("after SetLogo: %+v", o)
			}
			if seen, _ := uc.Organization(ctx, a.Org.ID); seen.LogoHash != o.LogoHash {
				t.Errorf("the customer paths see logo %q, want %q", seen.LogoHash, o.LogoHash)
			}
			if other, _ := db.FindOrg(ctx, b.Org.ID); other.LogoHash != "" || other.Name != b.Org.Name {
				t.Errorf("the other organization changed: %+v", other)
			}
			o, err = uc.RemoveLogo(ctx, a.Org.ID)
			must(t, err)
			if o.LogoHash != "" {
				t.Errorf("after RemoveLogo: %q", o.LogoHash)
			}
		})
	}
}

// TestFirstRun: the checklist ticks as an organization is set up.
func TestFirstRun(t *testing.T) {
	ctx := context.Background()
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			db := eng.Open(t)
			now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			uc := app.New(app.StoresOf(db), app.Options{Now: func() time.Time { return now }})
			empty := &tandem.Organization{Name: "New", Slug: "new"}
			must(t, db.CreateOrg(ctx, empty))
			c, err := uc.FirstRun(ctx, empty)
			must(t, err)
			if c != (app.Checklist{}) {
				t.Errorf("a new organization: %+v", c)
			}
			w := storetest.NewWorld(t, db, "org-a", func(w *storetest.World) { w.Touchpoint, w.Blueprint = nil, nil })
			c, _ = uc.FirstRun(ctx, w.Org)
			if c != (app.Checklist{Site: true}) {
				t.Errorf("with a site and a draft service: %+v", c)
			}
			w = storetest.NewWorld(t, db, "org-b")
			c, _ = uc.FirstRun(ctx, w.Org)
			if c != (app.Checklist{Site: true, Service: true, Touchpoint: true}) {
				t.Errorf("with a touchpoint: %+v", c)
			}
			must(t, uc.PosterOpened(ctx, w.Org))
			org, _ := db.FindOrg(ctx, w.Org.ID)
			if !org.PosterOpenedAt.Equal(now) {
				t.Errorf("PosterOpenedAt = %v", org.PosterOpenedAt)
			}
			_, err = db.CreateFeedback(ctx, w.Feedback(5))
			must(t, err)
			c, _ = uc.FirstRun(ctx, org)
			if !c.Done() {
				t.Errorf("all done: %+v", c)
			}
			if c, _ := uc.FirstRun(ctx, empty); c != (app.Checklist{}) {
				t.Errorf("another organization's progress counted: %+v", c)
			}
		})
	}
}
