package main

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestSetUpFromScratch walks a new owner's first day, from an empty SQLite
// database to praise in insight: the owner is made on the command line,
// then everything else goes through real HTTP as that owner, on the wiring
// tandem serve uses: a site, a staff member, a service, its blueprint
// published in the editor, a touchpoint, its poster, the customer page the
// poster's link opens, feedback praising the staff member, and the
// service's insight showing it.
func TestSetUpFromScratch(t *testing.T) {
	data := t.TempDir()
	t.Setenv("TANDEM_PASSWORD", "a long enough password")
	if _, _, err := runCLI(t, "", "user", "add", "--data", data, "--org", "bistro", "--org-name", "Bistro",
		"--time-zone", "Europe/Helsinki", "--email", "owner@bistro.test", "--name", "Olga"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// A wildcard address: links use the address the browser used.
	c, err := parseConfig("serve", []string{"--data", data, "--addr", "0.0.0.0:0"}, io.Discard, "data", nil)
	must(t, err)
	log := newLogger(io.Discard, slog.LevelError)
	db, err := openStore(ctx, c, log)
	must(t, err)
	h, closeLive, err := newHandler(c, db, log)
	must(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(func() { closeLive(); srv.Close(); db.Close() })

	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(method, path string, form url.Values, wantStatus int) (string, string) {
		t.Helper()
		if !strings.HasPrefix(path, "http") {
			path = srv.URL + path
		}
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, err := http.NewRequest(method, path, body)
		must(t, err)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		res, err := hc.Do(req)
		must(t, err)
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != wantStatus {
			t.Fatalf("%s %s = %d, want %d:\n%.1500s", method, path, res.StatusCode, wantStatus, b)
		}
		return string(b), res.Header.Get("Location")
	}
	idAfter := func(loc, prefix string) string {
		t.Helper()
		m := regexp.MustCompile(regexp.QuoteMeta(prefix) + `(\d+)`).FindStringSubmatch(loc)
		if m == nil {
			t.Fatalf("%q does not name an id after %q", loc, prefix)
		}
		return m[1]
	}

	do("POST", "/login", url.Values{"email": {"owner@bistro.test"}, "password": {"a long enough password"}}, 303)
	// The touchpoints page of a new organization points to its first site.
	if page, _ := do("GET", "/app/touchpoints", nil, 200); !strings.Contains(page, `href="/app/sites/new"`) {
		t.Errorf("an empty touchpoints page does not point to a new site")
	}
	do("POST", "/app/sites/new", url.Values{"name.en": {"Main hall"}, "name.fi": {"Pääsali"}, "address": {"Esplanadi 1"}}, 303)
	page, _ := do("GET", "/app/sites", nil, 200)
	siteID := idAfter(page, `/app/sites/`)
	do("POST", "/app/staff/new", url.Values{"name": {"Anna"}, "title.en": {"Waiter"}, "site_id": {siteID}, "user_id": {"0"}}, 303)
	page, _ = do("GET", "/app/staff", nil, 200)
	staffID := idAfter(page, `/app/staff/`)
	_, loc := do("POST", "/app/services/new", url.Values{"name.en": {"Dinner"}, "site_id": {"0"}}, 303)
	svcID := idAfter(loc, "/app/services/")

	// The editor: name the first step, publish.
	page, _ = do("GET", "/app/services/"+svcID+"/edit", nil, 200)
	form := editorValues(t, page)
	form.Set("s0.title.en", "Find a free table")
	form.Set("op", "publish")
	do("POST", "/app/services/"+svcID+"/edit", form, 303)

	_, loc = do("POST", "/app/touchpoints/new", url.Values{"name.en": {"Table 12"}, "service_id": {svcID}, "site_id": {siteID}, "staff_id": {staffID}}, 303)
	tpID := idAfter(loc, "#tp-")
	poster, _ := do("GET", "/app/touchpoints/"+tpID+"/poster?lang=en", nil, 200)
	link := regexp.MustCompile(regexp.QuoteMeta(srv.URL) + `/t/[A-Za-z0-9_-]{12}`).FindString(poster)
	if link == "" {
		t.Fatalf("the poster shows no customer link on %s", srv.URL)
	}

	// The customer, on their own phone.
	hc = &http.Client{CheckRedirect: hc.CheckRedirect}
	if page, _ = do("GET", link, nil, 200); !strings.Contains(page, "Find a free table") {
		t.Errorf("the customer page does not show the published step")
	}
	_, loc = do("POST", link+"/start", url.Values{"next": {"feedback"}, "first_time": {"yes"}}, 303)
	token := regexp.MustCompile(`/e/([^/#?]+)`).FindStringSubmatch(loc)
	if token == nil {
		t.Fatalf("start went to %q", loc)
	}
	page, _ = do("GET", "/e/"+token[1], nil, 200)
	if !strings.Contains(page, `value="`+staffID+`"`) || !strings.Contains(page, "Anna") {
		t.Fatalf("the feedback form offers no praise for Anna")
	}
	do("POST", "/e/"+token[1]+"/feedback", url.Values{"overall": {"5"}, "praise_staff_id": {staffID}, "praise": {"Anna remembered our order"}, "lang": {"en"}}, 303)

	hc.Jar = jar // the owner again
	page, _ = do("GET", "/app/services/"+svcID+"/insight", nil, 200)
	for _, want := range []string{"Anna remembered our order", "Anna"} {
		if !strings.Contains(html.UnescapeString(page), want) {
			t.Errorf("insight lacks %q", want)
		}
	}
}

// editorValues reads the blueprint editor's form as a browser would send it.
func editorValues(t *testing.T, page string) url.Values {
	t.Helper()
	m := regexp.MustCompile(`(?s)<form method="post" action="/app/services/\d+/edit"[^>]*>(.*?)</form>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no editor form")
	}
	attr := func(tag, name string) (string, bool) {
		a := regexp.MustCompile(`\b` + name + `(?:="([^"]*)")?`).FindStringSubmatch(tag)
		if a == nil {
			return "", false
		}
		return html.UnescapeString(a[1]), true
	}
	v := url.Values{}
	for _, in := range regexp.MustCompile(`<input [^>]*>`).FindAllString(m[1], -1) {
		name, _ := attr(in, "name")
		val, _ := attr(in, "value")
		if typ, _ := attr(in, "type"); typ == "checkbox" || typ == "radio" {
			if _, on := attr(in, "checked"); !on {
				continue
			}
		}
		if name != "" {
			v.Add(name, val)
		}
	}
	for _, ta := range regexp.MustCompile(`(?s)<textarea ([^>]*)>(.*?)</textarea>`).FindAllStringSubmatch(m[1], -1) {
		name, _ := attr(ta[1], "name")
		v.Add(name, html.UnescapeString(ta[2]))
	}
	for _, sel := range regexp.MustCompile(`(?s)<select ([^>]*)>(.*?)</select>`).FindAllStringSubmatch(m[1], -1) {
		name, _ := attr(sel[1], "name")
		opts := regexp.MustCompile(`<option [^>]*>`).FindAllString(sel[2], -1)
		if len(opts) == 0 {
			continue
		}
		val, _ := attr(opts[0], "value")
		for _, o := range opts {
			if _, on := attr(o, "selected"); on {
				val, _ = attr(o, "value")
			}
		}
		v.Set(name, val)
	}
	return v
}
