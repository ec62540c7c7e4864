package manage_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/browsertest"
	"github.com/tandemhq/tandem/storetest"
	"github.com/tandemhq/tandem/web/manage"
)

// TestLiveBrowser: a staff member signs in and opens the live view with
// JavaScript on; a customer then asks for help, and the request appears on
// the page without a reload (a variable set on the page survives).
func TestLiveBrowser(t *testing.T) {
	e := newEnv(t, storetest.NewSQLite, func(s *manage.Server) { s.LivePoll, s.LiveStream = 100*time.Millisecond, time.Minute })
	a := e.a

	bctx := browsertest.New(t, 1024, 768, 2*time.Minute)
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	eval := func(js string) bool {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Evaluate[bool](js))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	do(chromedp.Navigate(e.srv.URL+"/login?next=/app/live&lang=en"),
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), a.staff.Email),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.ID("live")),
	)
	if loc, err := chromedp.Run(bctx, chromedp.Location()); err != nil || !strings.HasSuffix(loc, "/app/live") {
		t.Fatalf("after signing in: at %q (%v), want the live view", loc, err)
	}
	// A mark that a reload would wipe out.
	if !eval(`window.tandemMark = "kept"; true`) {
		t.Fatal("could not set a window variable: is JavaScript on?")
	}

	// A customer on the coffee step asks for help (as the customer page does).
	h := &tandem.HelpRequest{EpisodeID: a.episode.ID, StepID: a.bp.Steps[4].ID}
	if _, err := e.db.RequestHelp(ctx, h); err != nil {
		t.Fatal(err)
	}
	wait, cancel := context.WithTimeout(bctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(wait, chromedp.WaitVisible(chromedp.ID("help-"+id(h.ID)))); err != nil {
		t.Fatalf("the new help request did not appear within 15 s: %v", err)
	}
	text, err := chromedp.Run(bctx, chromedp.Text(chromedp.ID("help-"+id(h.ID))))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "Drink coffee") {
		t.Errorf("the new request reads %q, want its step", text)
	}
	if !eval(`window.tandemMark === "kept"`) {
		t.Error("the page was reloaded: the window variable is gone")
	}
	if !eval(`document.getElementById("help-count").textContent.trim() === "2"`) {
		t.Error("the help count did not follow")
	}
}
