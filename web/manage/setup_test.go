package manage_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/web/customer"
)

// TestSetupPages: a manager creates a site, a staff member and a touchpoint
// through the forms (POST, then 303 to the list), a refused form comes back
// with the error at its field in the manager's language, and a retired
// touchpoint's code tells customers, in their language, that it is no
// longer in use.
func TestSetupPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t).login(e.a.manager.Email)
		a := e.a

		// The navigation leads to the new pages.
		r := c.get("/app/touchpoints")
		for _, want := range []string{`href="/app/sites"`, `href="/app/staff"`, `href="/app/touchpoints/new"`, `href="/app/touchpoints/` + id(a.tp.ID) + `/edit"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("GET /app/touchpoints lacks %s", want)
			}
		}

		// A site: refused without a name, in Finnish at the field; then made.
		r = c.post("/app/sites/new?lang=fi", url.Values{"name.en": {"  "}, "address": {"Pier 3"}, "time_zone": {"Europe/Helsinki"}})
		if want := e.cat.Printer("fi").T("error.required"); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, `<p class="field-error" id="name-err">`+want) || !strings.Contains(r.Body, `value="Pier 3"`) {
			t.Errorf("site without name = %d, field error %q shown %v", r.Status, want, strings.Contains(r.Body, want))
		}
		r = c.post("/app/sites/new?lang=en", url.Values{"name.en": {"Terrace"}, "address": {"Pier 3"}, "time_zone": {"Mars/Base"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="tz-err"`) {
			t.Errorf("site with unknown zone = %d, error at the zone: %v", r.Status, strings.Contains(r.Body, `id="tz-err"`))
		}
		r = c.post("/app/sites/new", url.Values{"name.en": {"Terrace"}, "name.fi": {"Terassi"}, "address": {"Pier 3"}})
		if r.Status != http.StatusSeeOther || r.Location != "/app/sites" {
			t.Fatalf("create site = %d %q, want 303 /app/sites", r.Status, r.Location)
		}
		sites, err := e.db.ListSites(ctx, a.org.ID)
		must(t, err)
		site := sites[len(sites)-1]
		if site.Name.Get("fi") != "Terassi" || site.Address != "Pier 3" {
			t.Errorf("stored site = %+v", site)
		}
		if r := c.get("/app/sites"); r.Status != 200 || !strings.Contains(r.Body, "Terrace") || !strings.Contains(r.Body, a.org.TimeZone) {
			t.Errorf("GET /app/sites = %d, lists the new site: %v", r.Status, strings.Contains(r.Body, "Terrace"))
		}
		r = c.post("/app/sites/"+id(site.ID)+"/edit", url.Values{"name.en": {"Roof terrace"}, "address": {"Pier 3"}})
		if r.Status != http.StatusSeeOther {
			t.Errorf("edit site = %d", r.Status)
		}

		// A staff member, linked to a user already linked to Anna: refused.
		r = c.post("/app/staff/new", url.Values{"name": {"Olli"}, "title.en": {"Waiter"}, "site_id": {id(site.ID)}, "user_id": {id(a.staff.ID)}})
		if want := e.cat.Printer("en").T("error.user_linked"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="user-err">`+want) {
			t.Errorf("staff with a linked user = %d, error at the field: %v", r.Status, strings.Contains(r.Body, want))
		}
		r = c.post("/app/staff/new", url.Values{"name": {"Olli"}, "title.en": {"Waiter"}, "site_id": {id(site.ID)}, "user_id": {id(a.manager.ID)}})
		if r.Status != http.StatusSeeOther || r.Location != "/app/staff" {
			t.Fatalf("create staff = %d %q", r.Status, r.Location)
		}
		staff, err := e.db.ListStaff(ctx, a.org.ID, site.ID)
		must(t, err)
		if len(staff) != 1 || staff[0].Name != "Olli" || staff[0].UserID != a.manager.ID {
			t.Fatalf("staff at the new site = %+v", staff)
		}
		olli := staff[0]
		if r := c.get("/app/staff"); !strings.Contains(r.Body, "Roof terrace") || !strings.Contains(r.Body, "Olli") || !strings.Contains(r.Body, a.manager.Email) {
			t.Errorf("GET /app/staff does not list Olli at the terrace with his sign-in")
		}

		// A touchpoint with someone of another site is refused at the field.
		form := url.Values{"name.en": {"Table 1"}, "service_id": {id(a.service.ID)}, "site_id": {id(a.site.ID)}, "staff_id": {id(olli.ID)}}
		r = c.post("/app/touchpoints/new", form)
		if want := e.cat.Printer("en").T("error.staff_other_site"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="staff-err">`+want) {
			t.Errorf("touchpoint with staff of another site = %d, error at the field: %v", r.Status, strings.Contains(r.Body, want))
		}
		form.Set("site_id", id(site.ID))
		r = c.post("/app/touchpoints/new", form)
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/app/touchpoints#tp-") {
			t.Fatalf("create touchpoint = %d %q", r.Status, r.Location)
		}
		tps, err := e.db.ListTouchpoints(ctx, a.org.ID)
		must(t, err)
		tp := tps[len(tps)-1]
		if tp.StaffID != olli.ID || tp.SiteID != site.ID {
			t.Errorf("stored touchpoint = %+v", tp)
		}
		if r := c.get("/app/touchpoints"); !strings.Contains(r.Body, "http://tandem.test/t/"+tp.Code) {
			t.Errorf("the touchpoints page does not show the new code's link")
		}
		// Renamed and moved: the code stays.
		r = c.post("/app/touchpoints/"+id(tp.ID)+"/edit", url.Values{"name.en": {"Table 2"}, "service_id": {id(a.service.ID)}, "site_id": {id(a.site.ID)}, "staff_id": {"0"}})
		if r.Status != http.StatusSeeOther {
			t.Errorf("move touchpoint = %d", r.Status)
		}
		moved, err := e.db.FindTouchpoint(ctx, a.org.ID, tp.ID)
		must(t, err)
		if moved.Code != tp.Code || moved.SiteID != a.site.ID || moved.Name.Get("en") != "Table 2" {
			t.Errorf("moved touchpoint = %+v", moved)
		}

		// Org B cannot retire it.
		if r := e.client(t).login(e.b.manager.Email).post("/app/touchpoints/"+id(tp.ID)+"/retire", nil); r.Status != http.StatusNotFound {
			t.Errorf("org B retiring A's touchpoint = %d, want 404", r.Status)
		}
		// Retired, it leaves the list for the retired section, and its
		// customer page says so, in the customer's language, with 410.
		cust := &customer.Server{App: e.mgr.App, Catalog: e.cat, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
		must(t, cust.Init())
		mux := http.NewServeMux()
		cust.Register(mux)
		csrv := httptest.NewServer(mux)
		defer csrv.Close()
		if res, err := http.Get(csrv.URL + "/t/" + tp.Code); err != nil || res.StatusCode != 200 {
			t.Fatalf("customer page before retiring: %v %v", res, err)
		}
		r = c.post("/app/touchpoints/"+id(tp.ID)+"/retire", nil)
		if r.Status != http.StatusSeeOther || r.Location != "/app/touchpoints#retired" {
			t.Errorf("retire = %d %q", r.Status, r.Location)
		}
		r = c.get("/app/touchpoints")
		if i := strings.Index(r.Body, `id="retired"`); i < 0 || !strings.Contains(r.Body[i:], tp.Code) || strings.Contains(r.Body, `id="tp-`+id(tp.ID)+`"`) {
			t.Errorf("the retired touchpoint is not in the retired section only")
		}
		if r := c.get("/app/touchpoints/" + id(tp.ID) + "/edit"); r.Status != http.StatusGone {
			t.Errorf("editing a retired touchpoint = %d, want 410", r.Status)
		}
		for _, lang := range tandem.Languages {
			req, _ := http.NewRequest("GET", csrv.URL+"/t/"+tp.Code, nil)
			req.Header.Set("Accept-Language", lang)
			res, err := http.DefaultClient.Do(req)
			must(t, err)
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if want := e.cat.Printer(lang).T("customer.gone.title"); res.StatusCode != http.StatusGone || !strings.Contains(string(body), want) {
				t.Errorf("%s: retired code's page = %d, says %q: %v", lang, res.StatusCode, want, strings.Contains(string(body), want))
			}
		}
		res, err := http.PostForm(csrv.URL+"/t/"+tp.Code+"/start", url.Values{})
		must(t, err)
		res.Body.Close()
		if res.StatusCode != http.StatusGone && res.StatusCode != http.StatusForbidden {
			t.Errorf("starting a visit at a retired code = %d, want 410", res.StatusCode)
		}
	})
}

// TestSetupEmptyStates: a new organization's pages say what to do next.
func TestSetupEmptyStates(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		o, err := e.db.FindOrg(ctx, e.a.org.ID)
		must(t, err)
		fresh := &tandem.Organization{Name: "Fresh", Slug: "fresh", TimeZone: o.TimeZone}
		must(t, e.db.CreateOrg(ctx, fresh))
		hash, err := tandem.HashPassword(password)
		must(t, err)
		owner := &tandem.User{OrgID: fresh.ID, Email: "owner@fresh.test", Name: "Owner", Role: tandem.RoleOwner, Lang: "en", PasswordHash: hash}
		must(t, e.db.CreateUser(ctx, owner))
		c := e.client(t).login(owner.Email)
		for path, want := range map[string]string{
			"/app/touchpoints":     `href="/app/sites/new"`,
			"/app/touchpoints/new": `href="/app/sites/new"`,
			"/app/staff":           `href="/app/sites/new"`,
			"/app/sites":           `href="/app/sites/new"`,
		} {
			if r := c.get(path); r.Status != 200 || !strings.Contains(r.Body, want) {
				t.Errorf("GET %s = %d, links to %s: %v", path, r.Status, want, strings.Contains(r.Body, want))
			}
		}
		must(t, e.db.CreateSite(ctx, &tandem.Site{OrgID: fresh.ID, Name: tandem.Text{"en": "Hall"}}))
		if r := c.get("/app/touchpoints"); !strings.Contains(r.Body, `href="/app/services/new"`) {
			t.Errorf("with a site but no service, the touchpoints page does not point to a new service")
		}
	})
}
