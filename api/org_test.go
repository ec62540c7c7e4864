package api_test

import (
	"context"
	"testing"

	"github.com/tandemhq/tandem/storetest"
)

// TestOrganization: the token's organization is read and changed over the
// API; a bad colour is refused with 422 naming the field in the caller's
// language and changes nothing; another organization is untouched.
func TestOrganization(t *testing.T) {
	doc := loadDoc(t)
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			a, b := e.A, e.B
			fi := map[string]string{"Authorization": "Bearer " + a.Token, "Accept-Language": "fi"}
			for _, sc := range []scenario{
				{Name: "read", Method: "GET", URL: "/api/v1/organization", Headers: bearer(a), ExpectedStatus: 200,
					ExpectedContent: []string{`"slug":"` + a.Org.Slug + `"`, `"colour":""`, `"logo_url":null`, `"require_two_factor":false`}, NotExpected: []string{b.Org.Slug}},
				{Name: "change", Method: "PATCH", URL: "/api/v1/organization", Body: `{"name": "Café Nord", "lang": "ru", "colour": "#1D6B2C"}`,
					Headers: bearer(a), ExpectedStatus: 200, ExpectedContent: []string{`"name":"Café Nord"`, `"lang":"ru"`, `"colour":"#1d6b2c"`, `"time_zone":"` + a.Org.TimeZone + `"`}},
				{Name: "too light", Method: "PATCH", URL: "/api/v1/organization", Body: `{"name": "Other", "colour": "#ffee00"}`,
					Headers: fi, ExpectedStatus: 422, ExpectedContent: []string{`"field":"colour"`, "valkoista tekstiä"}},
				{Name: "bad zone", Method: "PATCH", URL: "/api/v1/organization", Body: `{"time_zone": "Moon/Base"}`,
					Headers: bearer(a), ExpectedStatus: 422, ExpectedContent: []string{`"field":"time_zone"`}},
				{Name: "a logo is not taken here", Method: "PATCH", URL: "/api/v1/organization", Body: `{"logo_url": "/x.png"}`,
					Headers: bearer(a), ExpectedStatus: 400},
				{Name: "read after", Method: "GET", URL: "/api/v1/organization", Headers: bearer(a), ExpectedStatus: 200,
					ExpectedContent: []string{`"name":"Café Nord"`, `"colour":"#1d6b2c"`}},
				{Name: "require two-step sign-in", Method: "PATCH", URL: "/api/v1/organization", Body: `{"require_two_factor": true}`,
					Headers: bearer(a), ExpectedStatus: 200, ExpectedContent: []string{`"require_two_factor":true`, `"name":"Café Nord"`}},
				{Name: "two-step rule not a boolean", Method: "PATCH", URL: "/api/v1/organization", Body: `{"require_two_factor": "yes"}`,
					Headers: bearer(a), ExpectedStatus: 400},
				{Name: "without a token", Method: "PATCH", URL: "/api/v1/organization", Body: `{"name": "X"}`, ExpectedStatus: 401},
			} {
				t.Run(sc.Name, func(t *testing.T) { run(t, e, doc, sc) })
			}
			o, err := e.DB.FindOrg(context.Background(), b.Org.ID)
			must(t, err)
			if o.Name != b.Org.Name || o.Colour != "" || o.Lang != b.Org.Lang || o.RequireTwoFactor {
				t.Errorf("org B changed: %+v", o)
			}
		})
	}
}
