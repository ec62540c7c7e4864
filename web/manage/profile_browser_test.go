package manage_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tandemhq/tandem/internal/browsertest"
	"github.com/tandemhq/tandem/notify"
	"github.com/tandemhq/tandem/storetest"
)

// TestProfileBrowser: with JavaScript on, the profile's "needs JavaScript"
// note gives way to the button that turns notifications on (headless
// Chromium has the Push API), and the service worker registers at
// /app/sw.js with the manager pages as its scope.
func TestProfileBrowser(t *testing.T) {
	e := newEnv(t, storetest.NewSQLite)
	p, err := notify.NewPusher(ctx, e.db, notify.PusherOptions{})
	must(t, err)
	e.mgr.Pusher = p

	bctx := browsertest.New(t, 360, 800, 2*time.Minute)
	if err := chromedp.Do(bctx, chromedp.Navigate(e.srv.URL+"/login?next=/app/profile&lang=en"),
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), e.a.staff.Email),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.ID("push")),
	); err != nil {
		t.Fatal(err)
	}
	state, err := chromedp.Run(bctx, chromedp.Evaluate[map[string]any](`({
		nojs: document.querySelector('[data-push-nojs]').hidden,
		button: !document.querySelector('[data-push-on]').hidden,
		status: document.querySelector('[data-push-status]').textContent,
		push: 'PushManager' in window
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if state["nojs"] != true {
		t.Error("the note that JavaScript is needed still shows with JavaScript on")
	}
	if state["push"] == true && state["button"] != true {
		t.Errorf("the browser has push, but no button to turn it on: %v", state)
	}
	if state["push"] != true && state["status"] == "" {
		t.Errorf("the browser has no push, and the page does not say so: %v", state)
	}
	scope, err := chromedp.Run(bctx, chromedp.Evaluate[string](`navigator.serviceWorker.register('/app/sw.js', {scope: '/app/'}).then(r => r.scope)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if scope != e.srv.URL+"/app/" {
		t.Errorf("service worker scope %q", scope)
	}
}
