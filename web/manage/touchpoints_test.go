package manage_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/web/manage"
)

// TestCustomerLinkFromRequest: without a public URL (a server listening on
// 0.0.0.0) QR codes and posters use the address the manager's browser used,
// never loopback.
func TestCustomerLinkFromRequest(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t).login(e.a.manager.Email)
		want := e.srv.URL + "/t/" + e.a.tp.Code
		for _, p := range []string{"/app/touchpoints", "/app/touchpoints/" + id(e.a.tp.ID) + "/poster?lang=en"} {
			if r := c.get(p); r.Status != http.StatusOK || !strings.Contains(r.Body, want) {
				t.Errorf("GET %s = %d, link %q shown %v", p, r.Status, want, strings.Contains(r.Body, want))
			}
		}
		req, _ := http.NewRequest("GET", e.srv.URL+"/app/touchpoints", nil)
		req.Host = "192.168.1.20:8080"
		u, _ := url.Parse(e.srv.URL)
		for _, ck := range c.hc.Jar.Cookies(u) {
			req.AddCookie(ck)
		}
		if r := c.do(req); r.Status != http.StatusOK || !strings.Contains(r.Body, "http://192.168.1.20:8080/t/"+e.a.tp.Code) {
			t.Errorf("GET /app/touchpoints via 192.168.1.20:8080 = %d %q, does not link there", r.Status, r.Location)
		}
	}, func(s *manage.Server) { s.PublicURL = "" })
}

// The poster in Russian carries no English catalog text: a guest who reads
// Russian gets Russian.
func TestPosterRussian(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t).login(e.a.manager.Email)
		r := c.get("/app/touchpoints/" + id(e.a.tp.ID) + "/poster?lang=ru")
		if r.Status != 200 {
			t.Fatalf("poster = %d", r.Status)
		}
		ru := e.cat.Printer("ru")
		for _, want := range []string{`lang="ru"`, ru.T("manage.poster.invite"), "Ужин " + e.a.secret, "Выберите столик", "Стол 12"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("Russian poster lacks %q", want)
			}
		}
		text := visibleText(r.Body)
		en := e.cat.Printer("en")
		for _, k := range e.cat.Keys("en") {
			s := en.T(k)
			if s == ru.T(k) || len(s) < 4 {
				continue
			}
			if strings.Contains(text, s) || strings.Contains(r.Body, `"`+s+`"`) {
				t.Errorf("Russian poster contains English %s = %q", k, s)
			}
		}
		for _, w := range []string{"Scan", "Choose a table", "Dine-in", "Table 12"} {
			if strings.Contains(text, w) {
				t.Errorf("Russian poster contains English %q", w)
			}
		}
	})
}

var tags = regexp.MustCompile(`<[^>]*>`)

func visibleText(html string) string {
	if i := strings.Index(html, "<body"); i >= 0 {
		html = html[i:]
	}
	return tags.ReplaceAllString(html, " ")
}
