package customer_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/browsertest"
	"github.com/tandemhq/tandem/storetest"
)

// newBrowser starts Chromium on a 320 px phone screen, or skips the test
// when it is not installed (fails in CI, where it must be).
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	return browsertest.New(t, 320, 640, 2*time.Minute)
}

func run(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func runValue[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// clickAndLoad clicks a submit button and waits for the page it leads to.
func clickAndLoad(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
	if resp.Status != 200 {
		t.Fatalf("click %s: status %d", sel, resp.Status)
	}
}

// TestBrowser is a Finnish visit in a real browser, with JavaScript off, on a
// 320 px wide phone screen: open the touchpoint page, start, tick a step,
// judge overall and one aspect, send, land on the thanks page. A second,
// scripted tab checks that no page scrolls sideways at 320 px and that every
// control is a large enough target.
func TestBrowser(t *testing.T) {
	ctx := newBrowser(t)
	f := newFixture(t, storetest.NewSQLite(t))

	run(t, ctx, chromedp.EmulateViewport(320, 640))
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, chromedp.Navigate(`data:text/html,<title>off</title><script>document.title="on"</script>`))
	if title := runValue(t, ctx, chromedp.Title()); title != "off" {
		t.Fatalf("page scripts ran (title %q): JavaScript is not off", title)
	}

	tpURL := f.srv.URL + "/t/" + f.tp.Code + "?lang=fi"
	run(t, ctx, chromedp.Navigate(tpURL))
	if got := runValue(t, ctx, chromedp.Text(chromedp.CSS("h1"))); got != f.svc.Name.Get("fi") {
		t.Errorf("touchpoint h1 = %q, want %q", got, f.svc.Name.Get("fi"))
	}
	if got := runValue(t, ctx, chromedp.Attributes(chromedp.CSS("html")))["lang"]; got != "fi" {
		t.Errorf("html lang = %q, want fi", got)
	}

	// A new device is asked "First time here?"; the answer starts the visit.
	clickAndLoad(t, ctx, `button[name="first_time"][value="yes"]`)
	epURL := runValue(t, ctx, chromedp.Location())
	if !strings.Contains(epURL, "/e/") {
		t.Fatalf("after Start: at %s, want an episode page", epURL)
	}

	clickAndLoad(t, ctx, `#step-1 form:not([action$="/help"]) button`)
	if loc := runValue(t, ctx, chromedp.Location()); !strings.HasSuffix(loc, "#step-1") {
		t.Errorf("after Done: at %s, want #step-1", loc)
	}
	if cls := runValue(t, ctx, chromedp.Attributes(chromedp.CSS("#step-1")))["class"]; cls != "step done" {
		t.Errorf("step 1 class = %q, want done", cls)
	}

	coffee := f.bp.AspectByKey(aspectCoffee)
	run(t, ctx,
		chromedp.Click(chromedp.CSS(`label[for="ov-4"]`)),
		chromedp.Click(chromedp.CSS(`input[name="aspect-`+coffee.Key+`"][value="negative"]`)),
		chromedp.SendKeys(chromedp.ID("comment"), "Kahvi jäähtyi, kun luin."),
	)
	clickAndLoad(t, ctx, "form[novalidate] button.primary")
	thanksURL := runValue(t, ctx, chromedp.Location())
	if !strings.Contains(thanksURL, "/thanks") {
		t.Fatalf("after sending: at %s, want the thanks page", thanksURL)
	}
	if got, want := runValue(t, ctx, chromedp.Text(chromedp.CSS("h1"))), catalog.Printer("fi").T("customer.thanks.title"); got != want {
		t.Errorf("thanks h1 = %q, want %q", got, want)
	}

	list := f.feedback(t)
	if len(list) != 1 {
		t.Fatalf("stored %d feedback, want 1", len(list))
	}
	fb := list[0]
	if fb.Overall != 4 || fb.Lang != "fi" || fb.Comment != "Kahvi jäähtyi, kun luin." ||
		len(fb.Aspects) != 1 || fb.Aspects[0].AspectID != coffee.ID || fb.Aspects[0].Rating != tandem.Negative {
		t.Errorf("stored %+v, want overall 4 in fi with coffee negative and the comment", fb)
	}

	// A second tab, with JavaScript, measures the pages at 320 px, and at
	// 160 px: a 320 px phone with the text zoomed to 200 %; the companion
	// also with larger text and high contrast, and an appointment with its
	// preparation page.
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	booked := f.booked(t, time.Now().Add(24*time.Hour))
	for _, width := range []int64{320, 160} {
		run(t, tab, chromedp.EmulateViewport(width, 640))
		for _, u := range []string{tpURL, epURL, epURL + "?text=large&contrast=high", thanksURL, f.srv.URL + "/t/nosuchcode",
			f.srv.URL + "/e/" + booked.Token, f.srv.URL + "/e/" + booked.Token + "/prepare"} {
			run(t, tab, chromedp.Navigate(u))
			if w := runValue(t, tab, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`)); w > width {
				t.Errorf("%s: scrollWidth %d at a %d px viewport, want no horizontal scroll", u, w, width)
			}
			if width != 320 {
				continue
			}
			small := runValue(t, tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll('button, .opt, .top a, summary, select, textarea')]
				.filter(e => e.getBoundingClientRect().height < 44)
				.map(e => e.outerHTML.slice(0, 80))`))
			for _, s := range small {
				t.Errorf("%s: touch target under 44 px: %s", u, s)
			}
		}
	}
}
