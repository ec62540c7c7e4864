package customer_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// waitFor polls a JavaScript condition in the page every 50 ms until it
// holds, failing after the deadline.
func waitFor(t *testing.T, ctx context.Context, what, js string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("live") ? document.getElementById("live").outerHTML : document.body.outerHTML`))
			t.Fatalf("%s: not within %s (last error %v)\n%s", what, within, err, html)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestBrowserLive: with JavaScript on, the companion page follows the
// episode without a reload: a step marked done by staff turns done, a help
// request's status changes as staff answer it, and a nudge appears when its
// window passes. A value set on the window before each change is still
// there after it: the page was not reloaded.
func TestBrowserLive(t *testing.T) {
	ctx := newBrowser(t)
	f := newFixture(t, storetest.NewSQLite(t))
	pr := catalog.Printer("fi")

	run(t, ctx, chromedp.EmulateViewport(320, 640), chromedp.Navigate(f.srv.URL+"/t/"+f.tp.Code+"?lang=fi"))
	clickAndLoad(t, ctx, `button[name="first_time"][value="no"]`)
	loc := runValue(t, ctx, chromedp.Location())
	tok, _, _ := strings.Cut(strings.TrimPrefix(loc[len(f.srv.URL):], "/e/"), "#")
	ep := f.episode(t, tok)
	if cls := runValue(t, ctx, chromedp.Attributes(chromedp.CSS("#step-1")))["class"]; cls != "step current" {
		t.Fatalf("step 1 class = %q, want current", cls)
	}

	// Staff mark the first step done.
	run(t, ctx, chromedp.Evaluate[chromedp.Void](`window.notReloaded = 42`))
	must(t, f.db.MarkStepDone(f.ctx, ep.ID, f.step("arrive").ID, time.Now(), tandem.ByStaff))
	waitFor(t, ctx, "step 1 done live", `document.getElementById("step-1").className == "step done"`, 15*time.Second)
	if got := runValue(t, ctx, chromedp.Text(chromedp.CSS("#step-1 .state"))); !strings.Contains(got, pr.T("customer.step.done_by.staff")) {
		t.Errorf("step 1 state = %q, want marked by staff", got)
	}
	if cls := runValue(t, ctx, chromedp.Attributes(chromedp.CSS("#step-2")))["class"]; cls != "step current" {
		t.Errorf("step 2 class = %q, want current", cls)
	}
	if v := runValue(t, ctx, chromedp.Evaluate[int](`window.notReloaded || 0`)); v != 42 {
		t.Fatalf("the page was reloaded")
	}

	// The customer asks for help on step 2 (a form: the page loads), then
	// staff acknowledge and close it.
	clickAndLoad(t, ctx, `#step-2 form[action$="/help"] button`)
	if got := runValue(t, ctx, chromedp.Text(chromedp.CSS("#step-2 .help"))); got != pr.T("customer.help.open") {
		t.Errorf("help status = %q, want open", got)
	}
	run(t, ctx, chromedp.Evaluate[chromedp.Void](`window.notReloaded = 7`))
	list := f.help(t, ep)
	if len(list) != 1 {
		t.Fatalf("stored %d help requests, want 1", len(list))
	}
	_, err := f.app.AcknowledgeHelp(f.ctx, f.org.ID, list[0].ID, 0)
	must(t, err)
	waitFor(t, ctx, "help acknowledged live",
		`document.querySelector("#step-2 .help").textContent == `+jsString(pr.T("customer.help.acknowledged")), 15*time.Second)
	if got := runValue(t, ctx, chromedp.Text(chromedp.CSS("#progress .help"))); !strings.Contains(got, pr.T("customer.help.acknowledged")) {
		t.Errorf("status line = %q, want acknowledged", got)
	}
	_, err = f.app.CloseHelp(f.ctx, f.org.ID, list[0].ID, 0)
	must(t, err)
	waitFor(t, ctx, "help done live",
		`document.querySelector("#step-2 .help").textContent == `+jsString(pr.T("customer.help.done"))+
			` && !!document.querySelector('#step-2 form[action$="/help"]')`, 15*time.Second)
	if v := runValue(t, ctx, chromedp.Evaluate[int](`window.notReloaded || 0`)); v != 7 {
		t.Fatalf("the page was reloaded")
	}

	// The coffee is served; its window is about to pass. The nudge shows
	// on time without a reload.
	served := time.Now()
	f.setNow(served.Add(5*time.Minute - 1500*time.Millisecond))
	must(t, f.db.MarkStepDone(f.ctx, ep.ID, f.step("serve-coffee").ID, served, tandem.ByStaff))
	n := f.stepN("drink-coffee")
	sel := `document.querySelector("#step-` + itoa(n) + ` .nudge")`
	waitFor(t, ctx, "nudge timer armed", `!!`+sel+` && `+sel+`.hasAttribute("data-in")`, 15*time.Second)
	if got := runValue(t, ctx, chromedp.Evaluate[string](sel+`.textContent`)); got != "" {
		t.Errorf("nudge shown %q before its time", got)
	}
	waitFor(t, ctx, "nudge shown", sel+`.textContent == `+jsString(f.step("drink-coffee").Nudge.Get("fi")), 10*time.Second)
	if v := runValue(t, ctx, chromedp.Evaluate[int](`window.notReloaded || 0`)); v != 7 {
		t.Fatalf("the page was reloaded")
	}
}

func itoa(n int) string { return id(int64(n)) }

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}
