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

// TestWorkBrowser: a crew member opens the work items with JavaScript on;
// someone then reports a problem, and it appears on the page without a
// reload (a variable set on the page survives).
func TestWorkBrowser(t *testing.T) {
	e := newEnv(t, storetest.NewSQLite, func(s *manage.Server) { s.LivePoll, s.LiveStream = 100*time.Millisecond, time.Minute })
	a := e.a
	hash, err := tandem.HashPassword(password)
	must(t, err)
	aino := &tandem.User{OrgID: a.org.ID, Email: "aino@org-a.test", Name: "Aino", Role: tandem.RoleCrew, Lang: "en", PasswordHash: hash}
	must(t, e.db.CreateUser(ctx, aino))

	bctx := browsertest.New(t, 390, 844, 2*time.Minute)
	eval := func(js string) bool {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Evaluate[bool](js))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(e.srv.URL+"/login?lang=en"),
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), aino.Email),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.ID("work-items")),
	); err != nil {
		t.Fatal(err)
	}
	if loc, err := chromedp.Run(bctx, chromedp.Location()); err != nil || !strings.HasSuffix(loc, "/app/work") {
		t.Fatalf("after signing in: at %q (%v), want the work items", loc, err)
	}
	if !eval(`window.tandemMark = "kept"; true`) {
		t.Fatal("could not set a window variable: is JavaScript on?")
	}

	// Someone at the table reports crumbs (as the customer page does).
	rep := &tandem.Report{OrgID: a.org.ID, TouchpointID: a.tp.ID, ProblemKey: tandem.ProblemOther, Comment: "Crumbs under the chairs"}
	item, _, err := e.db.CreateReport(ctx, rep, tandem.OtherProblem)
	must(t, err)
	wait, cancel := context.WithTimeout(bctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(wait, chromedp.WaitVisible(chromedp.ID("work-"+id(item.ID)))); err != nil {
		t.Fatalf("the new work item did not appear within 15 s: %v", err)
	}
	text, err := chromedp.Run(bctx, chromedp.Text(chromedp.ID("work-"+id(item.ID))))
	must(t, err)
	if !strings.Contains(text, "Crumbs under the chairs") || !strings.Contains(text, "Something else") {
		t.Errorf("the new item reads %q, want its problem and comment", text)
	}
	if !eval(`window.tandemMark === "kept"`) {
		t.Error("the page was reloaded: the window variable is gone")
	}
}
