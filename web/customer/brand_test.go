package customer_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/storetest"
)

// TestBrand: the organization's logo tops its customer pages, named by the
// organization and sized so nothing moves as it loads, and its colour is
// the accent, except in high contrast; without them the pages are as
// before.
func TestBrand(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.Open(t))
			c := f.client("en")
			plain := c.get("/t/" + f.tp.Code)
			wantStatus(t, plain, http.StatusOK)
			if strings.Contains(plain.Body, `class="logo"`) || strings.Contains(plain.Body, `style="--ac:`) || strings.Contains(plain.Body, "<html lang=\"en\" style") {
				t.Errorf("an unbranded page shows a brand")
			}

			_, err := f.app.UpdateOrganization(f.ctx, f.org.ID, app.OrgInput{Colour: app.StringOf("#1d6b2c")})
			must(t, err)
			hash, err := f.db.SetOrgLogo(f.ctx, f.org.ID, &tandem.Logo{PNG: []byte("png"), Width: 300, Height: 100})
			must(t, err)
			img := `<p class="logo"><img src="/logo/` + hash + `.png" alt="Okno" width="120" height="40"></p>`
			p := c.get("/t/" + f.tp.Code)
			wantContains(t, p, img, `<html lang="en">`, `">:root{ --ac:#1d6b2c }</style>`)
			if strings.Contains(p.Body, "ZgotmplZ") {
				t.Errorf("the template refused a brand value")
			}
			if len(p.Body)-len(plain.Body) > 200 {
				t.Errorf("the brand adds %d bytes to the page; the logo must be referenced, not inlined", len(p.Body)-len(plain.Body))
			}

			// The visit's own pages carry it too.
			ep := f.start(c, true)
			wantContains(t, ep, img, `:root{ --ac:#1d6b2c }`)

			// High contrast keeps its own colours, and the logo.
			hc := c.get("/t/" + f.tp.Code + "?contrast=high")
			wantContains(t, hc, img)
			if strings.Contains(hc.Body, "--ac:#1d6b2c") {
				t.Errorf("high contrast takes the brand colour")
			}

			// Another organization's pages are not branded.
			other := storetest.NewWorld(t, f.db, "other")
			if p := f.client("en").get("/t/" + other.Touchpoint.Code); strings.Contains(p.Body, hash) || strings.Contains(p.Body, `style="--ac:`) {
				t.Errorf("another organization's page shows this brand")
			}
		})
	}
}
