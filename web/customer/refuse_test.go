package customer_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/storetest"
)

// TestRefusalsLocalized: a cross-site form post and a wrong method are
// refused with a page in the visitor's language, not the standard library's
// English text.
func TestRefusalsLocalized(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	for _, lang := range []string{"en", "ru", "fi"} {
		t.Run(lang, func(t *testing.T) {
			c := f.client(lang)
			p := catalog.Printer(lang)

			req, _ := http.NewRequest("POST", c.base+"/t/"+f.tp.Code+"/start", strings.NewReader(url.Values{"lang": {lang}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			got := c.do(req)
			wantStatus(t, got, http.StatusForbidden)
			wantContains(t, got, p.T("customer.error.cross_origin"), `lang="`+lang+`"`)

			req, _ = http.NewRequest("PUT", c.base+"/t/"+f.tp.Code, nil)
			got = c.do(req)
			wantStatus(t, got, http.StatusMethodNotAllowed)
			wantContains(t, got, p.T("customer.error.method"), `lang="`+lang+`"`)
			res, err := c.Post(c.base+"/e/some-token/thanks", "text/plain", nil)
			must(t, err)
			res.Body.Close()
			if allow := res.Header.Get("Allow"); res.StatusCode != http.StatusMethodNotAllowed || allow != "GET, HEAD" {
				t.Errorf("POST thanks = %d, Allow %q; want 405 with GET, HEAD", res.StatusCode, allow)
			}
		})
	}
}
