package a11y_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/demo"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/internal/browsertest"
	"github.com/tandemhq/tandem/sqlstore"
	"github.com/tandemhq/tandem/storetest"
	"github.com/tandemhq/tandem/web/customer"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// maxPageGzip is the budget of one customer page, gzip-compressed with its
// CSS and scripts: light enough for a slow phone connection.
const maxPageGzip = 30 << 10

// maxReportGzip is the tighter budget of a touchpoint report's pages (the
// form with its photo picker, its status page): scanned in a basement
// restroom or a stairwell, on whatever signal reaches there.
const maxReportGzip = 8 << 10

var langs = []string{"en", "ru", "fi"}

// pages is the demo organization served by the customer pages.
type pages struct {
	db  *sqlstore.DB
	srv *httptest.Server
	// touchpoints has one demo touchpoint per service, in the demo's order.
	touchpoints []demo.DemoTouchpoint
	// walk is the touchpoint whose service the companion flows walk through.
	walk demo.DemoTouchpoint
	// booked has one appointment the demo booked per service (the barber,
	// the doctor), for the companion and preparation pages.
	booked []demo.DemoAppointment
	report report
}

// walkServices are the demo services preferred for the companion flows, in
// order: the first-timer cafeteria (S2) shows the most guidance.
var walkServices = []string{"cafeteria", "pension", "restaurant"}

func newApp(t *testing.T) *pages {
	t.Helper()
	ctx := context.Background()
	a := &pages{db: storetest.NewSQLite(t)}

	res, err := demo.Seed(ctx, demo.Stores{Stores: app.StoresOf(a.db), History: a.db}, demo.Options{})
	if err != nil {
		t.Fatalf("demo.Seed: %v", err)
	}
	seen := map[string]bool{}
	for _, tp := range res.Touchpoints {
		if !seen[tp.Service] {
			seen[tp.Service] = true
			a.touchpoints = append(a.touchpoints, tp)
		}
	}
	if len(a.touchpoints) == 0 {
		t.Fatal("the demo has no touchpoints")
	}
	a.walk = a.touchpoints[0]
	for _, k := range slices.Backward(walkServices) {
		if i := slices.IndexFunc(a.touchpoints, func(tp demo.DemoTouchpoint) bool { return tp.Service == k }); i >= 0 {
			a.walk = a.touchpoints[i]
		}
	}
	seen = map[string]bool{}
	for _, ap := range res.Appointments {
		if !seen[ap.Service] {
			seen[ap.Service] = true
			a.booked = append(a.booked, ap)
		}
	}
	if len(a.booked) == 0 {
		t.Fatal("the demo books no appointments")
	}

	s := &customer.Server{
		Catalog: i18n.MustLoad(),
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	s.App = app.New(app.StoresOf(a.db), app.Options{})
	if err := s.Init(); err != nil {
		t.Fatalf("customer.Server.Init: %v", err)
	}
	mux := http.NewServeMux()
	s.Register(mux)
	mux.HandleFunc("GET /a11y-self-check", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, selfCheckPage)
	})
	a.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		// Live-update streams stay open until they are told to end.
		if live, ok := any(s).(interface{ CloseLive() }); ok {
			live.CloseLive()
		}
		a.srv.CloseClientConnections()
		a.srv.Close()
	})
	return a
}

// checked is one page in one language, for the report.
type checked struct {
	Lang, Page string
	Status     int64
	Gzip       int // bytes; 0 when not measured
	Serious    int // serious and critical axe violations
	Lesser     int // moderate and minor ones, reported only
	Missing    string
}

// report collects what the languages' walks checked, side by side.
type report struct {
	sync.Mutex
	rows []checked
}

func (r *report) add(c checked) {
	r.Lock()
	r.rows = append(r.rows, c)
	r.Unlock()
}

// TestCustomerPages runs axe-core over every customer page of the demo in
// every language, and checks each page's reflow at 320 px and at 200 % zoom
// and its weight. The languages run side by side, each in its own tab.
func TestCustomerPages(t *testing.T) {
	browsertest.Need(t, browsertest.ChromiumPath, "apt-get install -y chromium")
	browsertest.Need(t, axePath, "run scripts/install-test-deps (npm ci in tools/a11y)")
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	a := newApp(t)
	browser := newBrowser(t)
	t.Run("self-check", func(t *testing.T) { selfCheck(t, newTab(t, browser, a.srv.URL, string(axe))) })
	t.Run("pages", func(t *testing.T) {
		for _, lang := range langs {
			t.Run(lang, func(t *testing.T) {
				t.Parallel()
				b := newTab(t, browser, a.srv.URL, string(axe))
				walk(t, a, b, lang)
			})
		}
	})
	a.logReport(t)
	t.Logf("checked in %s", time.Since(start).Round(100*time.Millisecond))
}

// selfCheckPage breaks two rules the check looks for: it has an image
// without a text alternative (a critical axe violation) and is wider than a
// phone.
const selfCheckPage = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Broken</title></head>
<body><main><h1>Broken</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<p style="width:400px">Too wide</p></main></body></html>`

// selfCheck makes sure the check can fail: that axe runs and reports, and
// that sideways scrolling is seen, on a page broken on purpose.
func selfCheck(t *testing.T, b *tab) {
	if _, err := b.open("/a11y-self-check"); err != nil {
		t.Fatal(err)
	}
	vs, err := b.runAxe()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(vs, func(v violation) bool { return v.ID == "image-alt" && v.Impact == "critical" }) {
		t.Errorf("axe found %+v on a page with an image without alt, want a critical image-alt", vs)
	}
	o, err := b.measureOverflow(phoneWidth)
	if err != nil {
		t.Fatal(err)
	}
	if o.ScrollWidth <= o.Width || len(o.Over) == 0 {
		t.Errorf("a 400 px wide paragraph at 320 px: measured %+v, want it seen sticking out", o)
	}
}

// walk visits every customer page in one language, as a customer reaches
// it: by opening links and sending the pages' own forms.
func walk(t *testing.T, a *pages, b *tab, lang string) {
	q := "?lang=" + url.QueryEscape(lang)

	// Each touchpoint as a new phone first sees it: with "First time here?".
	for _, tp := range a.touchpoints {
		r, err := fresh(b, "/t/"+tp.Code+q)
		if tp.Type.Reportable() {
			a.check(t, b, lang, "report/"+tp.Service, 200, r, err, reportChoice)
			// Sent with an email but no consent, it comes back with why;
			// sent right, it leads to the report's status page.
			r, err = b.submit(`/report$`, map[string]string{"problem": "not-clean", "email": "a@example.com"}, true)
			a.check(t, b, lang, "report/refused/"+tp.Service, http.StatusUnprocessableEntity, r, err)
			r, err = b.submit(`/report$`, map[string]string{"problem": "not-clean", "comment": "Sink", "consent": "1"}, false)
			a.check(t, b, lang, "report/status/"+tp.Service, 200, r, err)
			continue
		}
		a.check(t, b, lang, "touchpoint/"+tp.Service, 200, r, err, startButtons)
	}
	r, err := b.open("/t/no-such-code" + q)
	a.check(t, b, lang, "not-found", 404, r, err)

	tp := "/t/" + a.walk.Code + q
	svc := a.walk.Service

	// A first-timer: a new phone, says it is their first time.
	r, err = start(b, tp, "yes")
	a.check(t, b, lang, "companion/first-timer/"+svc, 200, r, err, doneButton, helpButton)

	// The touchpoint again, on a phone that has answered.
	r, err = b.open(tp)
	a.check(t, b, lang, "touchpoint/answered/"+svc, 200, r, err, startButtons)

	// A regular: a new phone, says it is not their first time.
	regular, err := start(b, tp, "no")
	a.check(t, b, lang, "companion/regular/"+svc, 200, regular, err, doneButton, helpButton)
	if err != nil {
		return
	}
	ep := strings.TrimSuffix(regular.path(), "/")

	// The regular ticks the current step, then needs help with the next.
	r, err = b.submit(`/steps/[^/]+$`, nil, false)
	a.check(t, b, lang, "companion/step-done/"+svc, 200, r, err, doneButton, helpButton)
	r, err = b.submit(`/steps/[^/]+/help$`, nil, false)
	a.check(t, b, lang, "companion/help-asked/"+svc, 200, r, err, doneButton)

	// The feedback form, on a page of its own when it has one; when its
	// address leads to the companion, it is part of every companion page
	// checked here.
	r, err = b.open(ep + "/feedback" + q)
	if err != nil || r.path() != ep {
		a.check(t, b, lang, "feedback/"+svc, 200, r, err)
	}
	if _, err := b.open(ep + q); err != nil {
		t.Error(err)
		return
	}

	// The form sent empty comes back with what to fix.
	r, err = b.submit(`/feedback$`, nil, true)
	a.check(t, b, lang, "feedback/refused/"+svc, http.StatusUnprocessableEntity, r, err)

	// Sent with a rating, it leads to the thanks page.
	r, err = b.submit(`/feedback$`, map[string]string{"overall": "5"}, true)
	a.check(t, b, lang, "thanks/"+svc, 200, r, err)

	// Appointments booked ahead, opened from the booking's link on a new
	// phone: the companion with the booked time and "First time here?",
	// then the preparation page.
	for _, ap := range a.booked {
		booked := "/e/" + url.PathEscape(ap.Token)
		r, err = fresh(b, booked+q)
		a.check(t, b, lang, "companion/booked/"+ap.Service, 200, r, err)
		r, err = b.open(booked + "/prepare" + q)
		a.check(t, b, lang, "prepare/"+ap.Service, 200, r, err)
	}
	// The confirmation before the customer cancels.
	r, err = b.open("/e/" + url.PathEscape(a.booked[0].Token) + "/cancel" + q)
	a.check(t, b, lang, "cancel/"+a.booked[0].Service, 200, r, err)
	// The form that moves it to another time.
	r, err = b.open("/e/" + url.PathEscape(a.booked[0].Token) + "/reschedule" + q)
	a.check(t, b, lang, "reschedule/"+a.booked[0].Service, 200, r, err)

	// Large text and high contrast, switched on by the pages' links.
	prepare := "/e/" + url.PathEscape(a.booked[0].Token) + "/prepare"
	for _, p := range []struct{ name, path string }{
		{"companion/large-contrast/" + svc, ep}, {"prepare/large-contrast/" + a.booked[0].Service, prepare},
	} {
		r, err = display(b, p.path+q)
		a.check(t, b, lang, p.name, 200, r, err)
	}
}

// What a customer must see without scrolling: on a touchpoint page the
// buttons that start the visit; on the companion the current step's "Done"
// and "I need help".
const (
	startButtons = `form[action$="/start"] button.primary`
	reportChoice = `form[action$="/report"] input[type=radio]:first-of-type`
	doneButton   = `li.current form[action*="/steps/"]:not([action$="/help"]) button`
	helpButton   = `li.current form[action$="/help"] button`
)

// firstScreen fails t unless sel matches elements, all of them within the
// first screen of a phone (phoneWidth × phoneHeight) scrolled to the top.
func firstScreen(t *testing.T, b *tab, what, sel string) error {
	if err := b.do(chromedp.EmulateViewport(phoneWidth, phoneHeight)); err != nil {
		return err
	}
	got, err := eval[[]float64](b, `[...document.querySelectorAll(`+strconv.Quote(sel)+`)]
		.map(e => e.getBoundingClientRect().bottom + window.scrollY)`)
	if err != nil {
		return err
	}
	if len(got) == 0 {
		t.Errorf("%s: nothing matches %s", what, sel)
	}
	for _, bottom := range got {
		if bottom > phoneHeight {
			t.Errorf("%s: %s ends %.0f px down the page, below the first %d px screen at %d px", what, sel, bottom, phoneHeight, phoneWidth)
		}
	}
	return nil
}

// fresh opens path on a new phone: no cookies.
func fresh(b *tab, path string) (reached, error) {
	if err := b.forget(); err != nil {
		return reached{}, err
	}
	return b.open(path)
}

// start opens a touchpoint on a new phone and starts, answering "First
// time here?" with yes or no.
func start(b *tab, touchpoint, first string) (reached, error) {
	if _, err := fresh(b, touchpoint); err != nil {
		return reached{}, err
	}
	return b.submit(`/start$`, map[string]string{"first_time": first}, false)
}

// display opens path (with its query) with large text and high contrast on,
// as their switch links do, and makes sure the page took them.
func display(b *tab, path string) (reached, error) {
	r, err := b.open(path + "&text=large&contrast=high")
	if err != nil {
		return r, err
	}
	class, err := eval[string](b, `document.documentElement.className`)
	if err != nil {
		return r, err
	}
	if !strings.Contains(class, "large") || !strings.Contains(class, "contrast") {
		return r, errMissing("no large text and high contrast: <html class=\"" + class + "\">")
	}
	return r, nil
}

// path is the path of the page reached.
func (r reached) path() string {
	u, err := url.Parse(r.URL)
	if err != nil {
		return r.URL
	}
	return u.Path
}

// check runs every check on the page the tab shows, as a subtest named
// lang/page. A page the walk could not reach fails the check: a missing
// form or switch is a customer page that no longer works as the walk
// expects.
// The selectors in first name what must show on the first screen of a
// 320 px phone without scrolling: each must match at least one element.
func (a *pages) check(t *testing.T, b *tab, lang, page string, want int64, r reached, err error, first ...string) {
	t.Run(page, func(t *testing.T) {
		c := checked{Lang: lang, Page: page, Status: r.Status}
		defer func() { a.report.add(c) }()
		switch {
		case err != nil:
			c.Missing = err.Error()
			t.Fatalf("could not reach the page: %v", err)
		case r.Status != want:
			t.Errorf("%s: status %d, want %d", r.URL, r.Status, want)
		}

		vs, err := b.runAxe()
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			var sb strings.Builder
			fmt.Fprintf(&sb, "%s (%s): %s\n    %s", v.ID, v.Impact, v.Help, v.URL)
			for _, n := range v.Nodes {
				fmt.Fprintf(&sb, "\n    at %s\n      %s", n.Target, n.HTML)
				if s := strings.ReplaceAll(strings.TrimSpace(n.Summary), "\n", "\n        "); s != "" {
					fmt.Fprintf(&sb, "\n        %s", s)
				}
			}
			if v.Impact == "serious" || v.Impact == "critical" {
				c.Serious++
				t.Errorf("%s %s: %s", lang, page, sb.String())
			} else {
				c.Lesser++
				t.Logf("%s %s (not failing): %s", lang, page, sb.String())
			}
		}

		for _, w := range []int64{phoneWidth, zoomWidth} {
			o, err := b.measureOverflow(w)
			if err != nil {
				t.Fatal(err)
			}
			if o.ScrollWidth > o.Width {
				what := "at 320 px"
				if w == zoomWidth {
					what = "at 200 % zoom (160 px)"
				}
				t.Errorf("%s %s: scrolls sideways %s: %d px wide in a %d px viewport; sticking out: %s",
					lang, page, what, o.ScrollWidth, o.Width, strings.Join(o.Over, "; "))
			}
		}

		for _, sel := range first {
			if err := firstScreen(t, b, lang+" "+page, sel); err != nil {
				t.Fatal(err)
			}
		}
		if err := checkLayout(t, b, lang+" "+page); err != nil {
			t.Fatal(err)
		}

		n, parts, err := b.pageWeight()
		if err != nil {
			t.Fatal(err)
		}
		c.Gzip = n
		t.Logf("%s %s: %.1f KB gzip (%s)", lang, page, float64(n)/1024, strings.Join(parts, " + "))
		budget := maxPageGzip
		if strings.HasPrefix(page, "report/") {
			budget = maxReportGzip
		}
		if n > budget {
			t.Errorf("%s %s: %d bytes gzip-compressed with its CSS and scripts, over the %d byte budget (%s)",
				lang, page, n, budget, strings.Join(parts, " + "))
		}
	})
}

// logReport logs one line per page: its weight and axe findings in each
// language.
func (a *pages) logReport(t *testing.T) {
	a.report.Lock()
	defer a.report.Unlock()
	var pages []string
	cells := map[string]checked{}
	for _, c := range a.report.rows {
		if !slices.Contains(pages, c.Page) {
			pages = append(pages, c.Page)
		}
		cells[c.Page+"\x00"+c.Lang] = c
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "customer pages: gzip size with CSS and JS / serious+critical axe violations / lesser ones\n")
	fmt.Fprintf(&sb, "%-36s", "page")
	for _, l := range langs {
		fmt.Fprintf(&sb, " %-18s", l)
	}
	for _, p := range pages {
		fmt.Fprintf(&sb, "\n%-36s", p)
		for _, l := range langs {
			c, ok := cells[p+"\x00"+l]
			switch {
			case !ok:
				fmt.Fprintf(&sb, " %-18s", "-")
			case c.Missing != "":
				fmt.Fprintf(&sb, " %-18s", "not checked")
			default:
				fmt.Fprintf(&sb, " %-18s", fmt.Sprintf("%.1f KB %d/%d", float64(c.Gzip)/1024, c.Serious, c.Lesser))
			}
		}
	}
	t.Log(sb.String())
}
