package a11y_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/demo"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/internal/browsertest"
	"github.com/tandemhq/tandem/notify"
	"github.com/tandemhq/tandem/storetest"
	"github.com/tandemhq/tandem/web/customer"
	"github.com/tandemhq/tandem/web/manage"
)

// notPages are the manager's GET routes no check can open as a page, and
// why. Every other GET route must be reached by following the demo's links.
var notPages = map[string]string{
	"/app/live/events":    "the live view's event stream, opened by its script",
	"/app/work/events":    "the crew view's event stream, opened by its script",
	"/logo/{file}":        "the organization's logo, an image the settings page and posters show",
	"/app/sw.js":          "the service worker, a script the profile page registers",
	"/app/photos/{id}":    "a photo attached to a report or a work item, an image the pages show",
	"/app/monitor.csv":    "the monitor's work items as a CSV file, a download",
	"/login/code":         "the second step of a sign-in, reached by signing in as a user with two-step sign-in: checked by TestManagerPages",
	"/login/sso":          "single sign-on's redirect to the provider, which is not configured here",
	"/login/sso/callback": "the provider's answer to single sign-on, which is not configured here",
}

// managerSite is the whole application over the seeded demo, with some
// history for the insight and feedback pages.
type managerSite struct {
	srv      *httptest.Server
	demo     *demo.Result
	patterns []string // the manager's GET routes
	invite   string   // a one-time link's path
	twoStep  string   // the email of a user with two-step sign-in on
}

func newManagerSite(t *testing.T) *managerSite {
	t.Helper()
	ctx := context.Background()
	db := storetest.NewSQLite(t)
	res, err := demo.Seed(ctx, demo.Stores{Stores: app.StoresOf(db), History: db, Outbox: db}, demo.Options{History: true, Days: 21})
	if err != nil {
		t.Fatalf("demo.Seed: %v", err)
	}
	cat := i18n.MustLoad()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	uc := app.New(app.StoresOf(db), app.Options{})
	// The demo wears a brand here, so the settings page and the posters
	// are checked with a logo and a colour.
	if _, err := uc.UpdateOrganization(ctx, res.Org.ID, app.OrgInput{Colour: app.StringOf("#1d6b2c")}); err != nil {
		t.Fatal(err)
	}
	if _, err := uc.SetLogo(ctx, res.Org.ID, brandLogo(t)); err != nil {
		t.Fatal(err)
	}
	// API tokens, one of them revoked, for the tokens page.
	apiOwner := &tandem.User{OrgID: res.Org.ID, Role: tandem.RoleOwner}
	for _, name := range []string{"Till, main hall", "Kiosk by the lobby entrance"} {
		tok, err := uc.CreateAPIToken(ctx, apiOwner, app.TokenInput{Name: name, Expires: "90d"})
		if err != nil {
			t.Fatal(err)
		}
		if name != "Till, main hall" {
			if _, err := uc.RevokeAPIToken(ctx, apiOwner, tok.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	cust := &customer.Server{App: uc, Catalog: cat, Logger: log}
	if err := cust.Init(); err != nil {
		t.Fatal(err)
	}
	cust.Register(mux)
	// Push is on, so the profile is checked with its button, and the
	// owner's phone below is listed with its Remove and test buttons.
	pusher, err := notify.NewPusher(ctx, db, notify.PusherOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mgr := &manage.Server{App: uc, Catalog: cat, Logger: log, PublicURL: srv.URL, Pusher: pusher}
	if err := mgr.Init(); err != nil {
		t.Fatal(err)
	}
	mgr.Register(mux)
	mux.HandleFunc("GET /a11y-layout-self-check", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, layoutSelfCheckPage)
	})
	t.Cleanup(func() {
		cust.CloseLive()
		mgr.CloseLive()
		srv.CloseClientConnections()
		srv.Close()
	})
	// A user invited by the owner, so the one-time link's page (reached
	// only from outside, in a message) is checked signed out.
	owner, err := db.FindUserByEmail(ctx, res.Login)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SavePushSubscription(ctx, storetest.PushSub(owner, "https://push.example/owner")); err != nil {
		t.Fatal(err)
	}
	_, inv, err := uc.Invite(ctx, owner, app.InviteInput{Email: "invited@demo.tandem.test", Name: "Iida Invited", Role: tandem.RoleStaff, Lang: "fi"})
	if err != nil {
		t.Fatal(err)
	}
	// A manager with two-step sign-in on, so the sign-in's second step is
	// checked.
	hash, err := tandem.HashPassword(res.Password)
	if err != nil {
		t.Fatal(err)
	}
	two := &tandem.User{OrgID: res.Org.ID, Email: "twostep@demo.tandem.test", Name: "Tuula Two-Step", Role: tandem.RoleManager, Lang: "fi", PasswordHash: hash}
	if err := db.CreateUser(ctx, two); err != nil {
		t.Fatal(err)
	}
	if err := db.StartTOTP(ctx, two.ID, "JBSWY3DPEHPK3PXP", time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := db.EnableTOTP(ctx, two.ID, 1, []string{tandem.HashSecret("abcde23456")}, time.Now()); err != nil {
		t.Fatal(err)
	}
	return &managerSite{srv: srv, demo: res, patterns: mgr.GETPatterns(), invite: "/invite/" + inv.Token, twoStep: two.Email}
}

// client is a browser-less visitor with cookies of its own.
func (m *managerSite) client(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: stepTimeout}
}

// askForHelp plays a pensioner at the demo's ATM who starts and asks for
// help at the first step, so the live view has a help request to show.
func (m *managerSite) askForHelp(t *testing.T) {
	var code string
	for _, tp := range m.demo.Touchpoints {
		if tp.Service == "pension" {
			code = tp.Code
		}
	}
	if code == "" {
		t.Fatal("the demo has no pension touchpoint")
	}
	c := m.client(t)
	resp, err := c.PostForm(m.srv.URL+"/t/"+code+"/start", url.Values{"first_time": {"yes"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	help := regexp.MustCompile(`action="(/e/[^"]+/steps/\d+/help)"`).FindSubmatch(body)
	if help == nil {
		t.Fatalf("started at the ATM (%d %s): no help button", resp.StatusCode, resp.Request.URL)
	}
	resp, err = c.PostForm(m.srv.URL+html.UnescapeString(string(help[1])), url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// visit is where following a link to one route led.
type visit struct {
	Path   string // the link followed
	Landed string // the path after redirects
	Status int
	HTML   bool
}

var hrefRE = regexp.MustCompile(`href="([^"]*)"`)

// crawl follows the links of the pages from start, one link per route
// pattern (matched as the server's mux matches them), and returns where
// each pattern was reached.
func (m *managerSite) crawl(t *testing.T, c *http.Client, start ...string) map[string]visit {
	mux := http.NewServeMux()
	for _, p := range m.patterns {
		mux.Handle("GET "+p, http.NotFoundHandler())
	}
	patternOf := func(u *url.URL) string {
		_, p := mux.Handler(&http.Request{Method: "GET", URL: u, Host: u.Host, Header: http.Header{}})
		return strings.TrimPrefix(p, "GET ")
	}
	base, _ := url.Parse(m.srv.URL)
	seen := map[string]visit{}
	queue := start
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		u, _ := url.Parse(m.srv.URL + path)
		pat := patternOf(u)
		if _, ok := seen[pat]; ok || pat == "" {
			continue
		}
		if _, skip := notPages[pat]; skip {
			continue
		}
		resp, err := c.Get(u.String())
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
		v := visit{Path: path, Landed: resp.Request.URL.Path, Status: resp.StatusCode, HTML: ct == "text/html"}
		seen[pat] = v
		if !v.HTML {
			continue
		}
		for _, h := range hrefRE.FindAllSubmatch(body, -1) {
			l, err := resp.Request.URL.Parse(html.UnescapeString(string(h[1])))
			if err != nil || l.Host != base.Host {
				continue
			}
			queue = append(queue, l.EscapedPath())
		}
	}
	return seen
}

// page is one manager page to check.
type page struct {
	name, path string
	status     int64
}

// TestManagerPages checks every manager page of the demo, as the route
// table lists them, in every language: its layout at a phone's and a
// desktop's width (no sideways scrolling, no controls on top of each other,
// nothing cut off or spilling out of its box) and axe-core's serious and
// critical findings. A GET route that no link of the demo leads to fails
// the test, so a new page cannot go unchecked.
func TestManagerPages(t *testing.T) {
	browsertest.Need(t, browsertest.ChromiumPath, "apt-get install -y chromium")
	browsertest.Need(t, axePath, "run scripts/install-test-deps (npm ci in tools/a11y)")
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	m := newManagerSite(t)
	m.askForHelp(t)

	// The signed-out pages, then the owner's.
	out := m.crawl(t, m.client(t), "/", "/login", m.invite)
	owner := m.client(t)
	resp, err := owner.PostForm(m.srv.URL+"/login", url.Values{"email": {m.demo.Login}, "password": {m.demo.Password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/app" {
		t.Fatalf("signing in as %s landed on %s, want /app", m.demo.Login, resp.Request.URL)
	}
	in := m.crawl(t, owner, "/app")

	var public, private []page
	for _, pat := range m.patterns {
		if _, skip := notPages[pat]; skip {
			continue
		}
		v, ok := in[pat]
		list := &private
		if o, signedOut := out[pat]; signedOut && (!ok || v.Landed != v.Path) {
			v, ok, list = o, true, &public
		}
		switch {
		case !ok:
			t.Errorf("GET %s: no link of the demo leads there, so no check sees it: link it from a page, or list it in notPages with the reason", pat)
		case v.Status != http.StatusOK:
			t.Errorf("GET %s (%s): status %d", pat, v.Path, v.Status)
		case !v.HTML:
			// An image or a style sheet: no page of its own.
		case !slices.ContainsFunc(*list, func(p page) bool { return p.path == v.Landed }):
			*list = append(*list, page{name: pat, path: v.Landed, status: 200})
		}
	}
	private = append(private, page{name: "error page", path: "/app/feedback/999999999", status: 404})
	// The insight page once more, with the matches of a comment search.
	for _, p := range private {
		if p.name == "/app/services/{id}/insight" {
			private = append(private, page{name: "insight comment search", path: p.path + "?q=kahvi", status: 200})
			break
		}
	}
	t.Logf("manager pages: signed out %v, signed in %v", public, private)

	browser := newBrowser(t)
	t.Run("self-check", func(t *testing.T) {
		b := newTab(t, browser, m.srv.URL, string(axe))
		if _, err := b.open("/a11y-layout-self-check"); err != nil {
			t.Fatal(err)
		}
		l, err := b.measureLayout(narrowWidth)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Overlaps) == 0 || len(l.Clipped) == 0 || len(l.Spills) == 0 {
			t.Errorf("a page with overlapping buttons, clipped text and a form spilling out of its box: found %+v", l)
		}
	})
	t.Run("pages", func(t *testing.T) {
		for _, lang := range langs {
			t.Run(lang, func(t *testing.T) {
				t.Parallel()
				b := newTab(t, browser, m.srv.URL, string(axe))
				q := "?lang=" + lang
				for _, p := range public {
					r, err := b.open(p.path + q)
					checkManagerPage(t, b, lang, p, r, err)
				}
				// A sign-in refused, then the owner's, from the sign-in
				// page (the last public page may be another).
				if _, err := b.open("/login" + q); err != nil {
					t.Fatal(err)
				}
				r, err := b.submit(`^/login$`, map[string]string{"email": m.demo.Login, "password": "wrong"}, true)
				checkManagerPage(t, b, lang, page{name: "sign-in refused", status: 401}, r, err)
				// The second step of a sign-in with two-step sign-in on,
				// and a wrong code.
				if _, err := b.open("/login" + q); err != nil {
					t.Fatal(err)
				}
				r, err = b.submit(`^/login$`, map[string]string{"email": m.twoStep, "password": m.demo.Password}, true)
				checkManagerPage(t, b, lang, page{name: "sign-in code", status: 200}, r, err)
				r, err = b.submit(`^/login/code$`, map[string]string{"code": "000000"}, true)
				checkManagerPage(t, b, lang, page{name: "sign-in code refused", status: 401}, r, err)
				if _, err := b.open("/login" + q); err != nil {
					t.Fatal(err)
				}
				if _, err := b.submit(`^/login$`, map[string]string{"email": m.demo.Login, "password": m.demo.Password}, true); err != nil {
					t.Fatal(err)
				}
				for _, p := range private {
					path := p.path + q
					if strings.Contains(p.path, "?") {
						path = p.path + "&" + q[1:]
					}
					r, err := b.open(path)
					checkManagerPage(t, b, lang, p, r, err)
				}
			})
		}
	})
	t.Logf("checked in %s", time.Since(start).Round(100*time.Millisecond))
}

// checkManagerPage checks the page the tab shows as the subtest
// lang/page: status, layout at both widths, axe.
func checkManagerPage(t *testing.T, b *tab, lang string, p page, r reached, err error) {
	t.Run(p.name, func(t *testing.T) {
		if err != nil {
			t.Fatalf("could not reach the page: %v", err)
		}
		if p.status != 0 && r.Status != p.status {
			t.Errorf("%s: status %d, want %d", r.URL, r.Status, p.status)
		}
		what := fmt.Sprintf("%s %s", lang, p.name)
		if err := checkLayout(t, b, what); err != nil {
			t.Fatal(err)
		}
		vs, err := b.runAxe()
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			if v.Impact != "serious" && v.Impact != "critical" {
				continue
			}
			var sb strings.Builder
			fmt.Fprintf(&sb, "%s (%s): %s", v.ID, v.Impact, v.Help)
			for _, n := range v.Nodes {
				fmt.Fprintf(&sb, "\n    at %s\n      %s", n.Target, n.HTML)
			}
			t.Errorf("%s: %s", what, sb.String())
		}
	})
}

// brandLogo is a wide PNG logo: a dark band on white.
func brandLogo(t *testing.T) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 360, 120))
	for y := 0; y < 120; y++ {
		for x := 0; x < 360; x++ {
			c := color.NRGBA{0xff, 0xff, 0xff, 0xff}
			if y > 40 && y < 80 {
				c = color.NRGBA{0x1d, 0x6b, 0x2c, 0xff}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
