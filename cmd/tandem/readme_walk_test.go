package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tandemhq/tandem/internal/browsertest"
)

// TestReadmeWalkInBrowser plays the README's "Running it for real" in
// headless Chromium against the real binary, from an empty data directory:
// the owner is made with `tandem user add` (password from TANDEM_PASSWORD),
// and everything else goes through the pages a new owner would use. It
// signs in, creates a site, a staff member and a service, writes and
// publishes the blueprint in the editor, creates a touchpoint, opens its
// poster, follows the poster's link as a customer in a browser of their
// own, starts the visit, praises the staff member, and reads the feedback
// counted and the praise listed on the service's insight page.
//
// It needs Chromium: without it the test skips, except in CI (CI=true),
// where it fails.
func TestReadmeWalkInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary in a browser")
	}
	browsertest.Need(t, browsertest.ChromiumPath, "apt-get install -y chromium")
	bin := mustBuild(t)
	data := t.TempDir()
	const email, password = "you@example.com", "a long password"

	// The one command-line step: the owner, as the README writes it.
	add := exec.Command(bin, "user", "add", "--data", data, "--org", "bistro", "--org-name", "Bistro",
		"--time-zone", "Europe/Helsinki", "--email", email, "--name", "Your Name")
	add.Env = append(os.Environ(), "TANDEM_PASSWORD="+password)
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("tandem user add: %v\n%s", err, out)
	}
	addr := freeAddr(t)
	srv := start(t, bin, addr, "serve", "--data", data, "--addr", addr)
	base := "http://" + addr

	owner := browsertest.New(t, 1280, 900, 5*time.Minute)
	w := &walker{t: t, srv: srv}

	// Sign in on /login.
	w.run(owner, chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), email),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password))
	w.submit(owner, `form[action="/login"] button[type="submit"]`, "/app")

	// A site, from the Sites page.
	w.run(owner, chromedp.Navigate(base+"/app/sites"))
	w.follow(owner, `.pagehead a[href="/app/sites/new"]`, "/app/sites/new")
	w.run(owner, chromedp.SendKeys(chromedp.CSS(`input[name="name.en"]`), "Main hall"),
		chromedp.SendKeys(chromedp.CSS(`input[name="address"]`), "Esplanadi 1"))
	w.submit(owner, `form[action="/app/sites/new"] button.primary`, "/app/sites")
	if !strings.Contains(w.text(owner, "main"), "Esplanadi 1") {
		t.Fatal("the new site is not listed on the Sites page")
	}

	// A staff member customers can praise, from the Staff page.
	w.run(owner, chromedp.Navigate(base+"/app/staff"))
	w.follow(owner, `main a[href="/app/staff/new"]`, "/app/staff/new")
	w.run(owner, chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), "Anna"),
		chromedp.SendKeys(chromedp.CSS(`input[name="title.en"]`), "Waiter"))
	w.choose(owner, "site_id", "Main hall")
	w.submit(owner, `form[action="/app/staff/new"] button.primary`, "/app/staff")
	if !strings.Contains(w.text(owner, "main"), "Anna") {
		t.Fatal("Anna is not listed on the Staff page")
	}

	// Services → New service.
	w.follow(owner, `nav a[href="/app"]`, "/app")
	w.follow(owner, `main a[href="/app/services/new"]`, "/app/services/new")
	w.run(owner, chromedp.SendKeys(chromedp.CSS(`input[name="name.en"]`), "Dinner"))
	w.submit(owner, `form[action="/app/services/new"] button.primary`, "/edit")
	svcURL := strings.TrimSuffix(w.location(owner), "/edit")
	if !regexp.MustCompile(`/app/services/\d+$`).MatchString(svcURL) {
		t.Fatalf("a new service opens %s/edit, want /app/services/ID/edit", svcURL)
	}

	// The editor: the new draft has one customer step; name it, add an
	// aspect of it, publish.
	if n := w.count(owner, `li.ed-step`); n < 1 {
		t.Fatalf("the new service's draft has %d steps, want a first step to fill in", n)
	}
	if lane := w.value(owner, `select[name="s0.lane"]`); lane != "customer" {
		t.Errorf("the first step's lane is %q, want the customer's own", lane)
	}
	w.run(owner, chromedp.SendKeys(chromedp.CSS(`input[name="s0.title.en"]`), "Find a free table"))
	if w.count(owner, `li.ed-aspect`) == 0 {
		w.submit(owner, `button[name="op"][value="add-aspect"]`, "/edit")
		w.run(owner, chromedp.SendKeys(chromedp.CSS(`input[name="a0.name.en"]`), "A free table"))
		w.choose(owner, "a0.step", "Find a free table")
	}
	w.submit(owner, `#publish button[name="op"][value="publish"]`, svcURL)
	if page := w.text(owner, "main"); !strings.Contains(page, "Find a free table") || !strings.Contains(page, "A free table") {
		t.Fatalf("the published blueprint lacks its step or aspect:\n%.1500s", page)
	}

	// Touchpoints → New touchpoint.
	w.follow(owner, `nav a[href="/app/touchpoints"]`, "/app/touchpoints")
	w.follow(owner, `main a[href="/app/touchpoints/new"]`, "/app/touchpoints/new")
	w.run(owner, chromedp.SendKeys(chromedp.CSS(`input[name="name.en"]`), "Table 12"))
	w.choose(owner, "service_id", "Dinner")
	w.choose(owner, "site_id", "Main hall")
	w.choose(owner, "staff_id", "Anna")
	w.submit(owner, `form[action="/app/touchpoints/new"] button.primary`, "/app/touchpoints")
	tp := regexp.MustCompile(`#tp-(\d+)$`).FindStringSubmatch(w.location(owner))
	if tp == nil {
		t.Fatalf("a new touchpoint lands on %s, want /app/touchpoints#tp-ID", w.location(owner))
	}

	// Its poster, in English; the customer link printed under the QR code.
	w.follow(owner, `a[href="/app/touchpoints/`+tp[1]+`/poster?lang=en"]`, "/poster?lang=en")
	link := strings.TrimSpace(w.text(owner, ".poster .link strong"))
	if !strings.HasPrefix(link, base+"/t/") {
		t.Fatalf("the poster's link is %q, want %s/t/CODE", link, base)
	}

	// The customer, in a browser of their own: the poster's link, Start,
	// feedback praising Anna.
	customer, cancel := chromedp.NewContext(owner, chromedp.WithNewBrowserContext())
	defer cancel()
	w.run(customer, chromedp.Navigate(link+"?lang=en"))
	if got := w.text(customer, "h1"); got != "Dinner" {
		t.Errorf("the customer page's heading is %q, want the service", got)
	}
	if !strings.Contains(w.text(customer, "main"), "Find a free table") {
		t.Error("the customer page does not show the published step")
	}
	w.submit(customer, `button[name="first_time"][value="yes"]`, "")
	if !strings.Contains(w.location(customer), "/e/") {
		t.Fatalf("Start led to %s, want the visit's page /e/TOKEN", w.location(customer))
	}
	if !strings.Contains(w.text(customer, "main"), "Find a free table") {
		t.Error("the visit's page does not show the step")
	}
	w.run(customer, chromedp.Click(chromedp.CSS(`label[for="ov-5"]`)))
	w.choose(customer, "praise_staff_id", "Anna")
	w.run(customer, chromedp.SendKeys(chromedp.ID("praise"), "Anna found us the window table"))
	w.submit(customer, `form[action$="/feedback#feedback"] button.primary`, "/thanks")

	// The owner again: insight counts the feedback and lists the praise.
	w.run(owner, chromedp.Navigate(svcURL))
	w.follow(owner, `main a[href="`+strings.TrimPrefix(svcURL, base)+`/insight"]`, "/insight")
	if got := strings.TrimSpace(w.text(owner, ".kpi .kpi-v")); got != "1" {
		t.Errorf("insight counts %q responses, want 1", got)
	}
	praise := w.text(owner, "ul.praise")
	for _, want := range []string{"Anna", "Anna found us the window table"} {
		if !strings.Contains(praise, want) {
			t.Errorf("insight's praise %q lacks %q", praise, want)
		}
	}
}

// walker drives one or more browser tabs through the walk, failing the test
// with the server's output when a step does not go as a user would see it.
type walker struct {
	t   *testing.T
	srv *process
}

func (w *walker) fatal(format string, args ...any) {
	w.t.Helper()
	w.t.Fatalf("%s\nserver output:\n%s", fmt.Sprintf(format, args...), w.srv.out.String())
}

func (w *walker) run(ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	w.t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		w.fatal("browser: %v", err)
	}
}

func (w *walker) location(ctx context.Context) string {
	w.t.Helper()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		w.fatal("location: %v", err)
	}
	return loc
}

// text is the visible text of the first element sel matches.
func (w *walker) text(ctx context.Context, sel string) string {
	w.t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		w.fatal("text of %s: %v", sel, err)
	}
	return s
}

func (w *walker) value(ctx context.Context, sel string) string {
	w.t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		w.fatal("value of %s: %v", sel, err)
	}
	return s
}

func (w *walker) count(ctx context.Context, sel string) int {
	w.t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)))
	if err != nil {
		w.fatal("count %s: %v", sel, err)
	}
	return n
}

// choose picks the option of the select named name whose label contains
// label, as a user picking from the list would.
func (w *walker) choose(ctx context.Context, name, label string) {
	w.t.Helper()
	js := fmt.Sprintf(`(() => {
		const s = document.querySelector('select[name=' + CSS.escape(%q) + ']');
		if (!s) return "no select";
		const o = [...s.options].find(o => o.textContent.includes(%q));
		if (!o) return "no option among " + [...s.options].map(o => o.textContent).join(" | ");
		s.value = o.value;
		s.dispatchEvent(new Event("change", {bubbles: true}));
		return "";
	})()`, name, label)
	msg, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil || msg != "" {
		w.fatal("choose %q in %s: %v %s", label, name, err, msg)
	}
}

// follow clicks a link and waits for the page it opens.
func (w *walker) follow(ctx context.Context, sel, want string) {
	w.t.Helper()
	w.submit(ctx, sel, want)
}

// submit clicks sel (a link or a submit button), waits for the page it
// leads to, and checks that the page answered 200 at a URL containing want.
func (w *walker) submit(ctx context.Context, sel, want string) {
	w.t.Helper()
	before := w.location(ctx)
	wait, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	resp, err := chromedp.RunResponse(wait, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		w.fatal("on %s, clicking %s: %v", before, sel, err)
	}
	loc := w.location(ctx)
	if resp.Status != 200 || !strings.Contains(loc, want) {
		page, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
		w.fatal("on %s, clicking %s led to %s (status %d), want %q:\n%.2000s", before, sel, loc, resp.Status, want, page)
	}
}
