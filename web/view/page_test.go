package view_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/web/view"
)

var catalog = i18n.MustLoad()

// TestLang: ?lang= wins and is remembered; then the cookie; then what the
// face prefers (a user's own language, a form's); then the browser's.
func TestLang(t *testing.T) {
	for _, tc := range []struct {
		name, query, cookie, accept string
		preferred                   []string
		want                        string
		remembered                  bool
	}{
		{"the switch", "?lang=fi", "ru", "ru", []string{"ru"}, "fi", true},
		{"an unknown switch", "?lang=xx", "", "ru", nil, "ru", false},
		{"the cookie", "", "ru", "fi", []string{"fi"}, "ru", false},
		{"the preferred", "", "", "fi", []string{"", "xx", "ru"}, "ru", false},
		{"the browser's", "", "", "fi-FI,fi;q=0.9", nil, "fi", false},
		{"nothing known", "", "", "de", nil, "en", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/page"+tc.query, nil)
			if tc.cookie != "" {
				r.AddCookie(&http.Cookie{Name: view.LangCookie, Value: tc.cookie})
			}
			r.Header.Set("Accept-Language", tc.accept)
			w := httptest.NewRecorder()
			if got := view.Lang(w, r, catalog, tc.preferred...); got != tc.want {
				t.Errorf("Lang = %q, want %q", got, tc.want)
			}
			set := w.Result().Cookies()
			if remembered := len(set) == 1 && set[0].Name == view.LangCookie && set[0].Value == tc.want; remembered != tc.remembered {
				t.Errorf("remembered = %v (cookies %v), want %v", remembered, set, tc.remembered)
			}
		})
	}
}

// TestNewPage: the language switch names each language in its own words
// and keeps the page's other query parameters.
func TestNewPage(t *testing.T) {
	self, _ := url.Parse("/app/services/3/insight?from=2026-10-01&lang=ru")
	p := view.NewPage(catalog, "ru", "Insight", self)
	want := map[string]string{"en": "English", "ru": "Русский", "fi": "Suomi"}
	if len(p.Langs) != len(want) {
		t.Fatalf("%d languages, want %d", len(p.Langs), len(want))
	}
	for _, l := range p.Langs {
		if l.Name != want[l.Code] || l.Current != (l.Code == "ru") {
			t.Errorf("%s: name %q current %v", l.Code, l.Name, l.Current)
		}
		u, err := url.Parse(l.URL)
		if err != nil || u.Path != self.Path || u.Query().Get("from") != "2026-10-01" || u.Query().Get("lang") != l.Code {
			t.Errorf("%s: link %q does not keep the page and its period", l.Code, l.URL)
		}
	}
	if p.P.Lang != "ru" || p.Title != "Insight" {
		t.Errorf("page in %q titled %q", p.P.Lang, p.Title)
	}
}
