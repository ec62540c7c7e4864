package manage_test

import (
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/browsertest"
	"github.com/tandemhq/tandem/storetest"
	"github.com/tandemhq/tandem/web/customer"
	"github.com/tandemhq/tandem/web/manage"
)

// TestReportPhotoBrowser: in headless Chromium, an office worker opens a
// restroom's report form, chooses a problem, attaches a real JPEG and
// sends; the crew view, open in another tab, shows the item without a
// reload with the photo's thumbnail; the crew marks it done, and the
// reporter's status page says it is fixed without a reload.
func TestReportPhotoBrowser(t *testing.T) {
	e := newEnv(t, storetest.NewSQLite, func(s *manage.Server) { s.LivePoll, s.LiveStream = 100*time.Millisecond, time.Minute })
	a := e.a
	hash, err := tandem.HashPassword(password)
	must(t, err)
	aino := &tandem.User{OrgID: a.org.ID, Email: "aino@org-a.test", Name: "Aino", Role: tandem.RoleCrew, Lang: "en", PasswordHash: hash}
	must(t, e.db.CreateUser(ctx, aino))
	wc := &tandem.Touchpoint{OrgID: a.org.ID, SiteID: a.site.ID, ServiceID: a.service.ID, Type: tandem.TypeRestroom,
		Name: tandem.Text{"en": "2F restroom", "ru": "Туалет, 2-й этаж", "fi": "WC, 2. kerros"}}
	must(t, e.db.CreateTouchpoint(ctx, wc))
	// The fixture's own item is out of the way.
	_, err = e.mgr.App.FinishWork(ctx, a.org.ID, a.work.ID, 0, "", nil)
	must(t, err)

	// The customer pages, on the same App, as cmd/tandem serves them.
	cs := &customer.Server{App: e.mgr.App, Catalog: e.cat, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		LivePoll: 100 * time.Millisecond}
	must(t, cs.Init())
	mux := http.NewServeMux()
	cs.Register(mux)
	cust := httptest.NewServer(mux)
	t.Cleanup(cust.Close)
	t.Cleanup(cs.CloseLive)

	// A real JPEG, as a phone's camera would hand it over.
	shot := filepath.Join(t.TempDir(), "IMG_2041.jpg")
	img := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for x := range 320 {
		for y := range 240 {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 180, 255})
		}
	}
	f, err := os.Create(shot)
	must(t, err)
	must(t, jpeg.Encode(f, img, &jpeg.Options{Quality: 80}))
	must(t, f.Close())

	crew := browsertest.New(t, 390, 844, 3*time.Minute)
	eval := func(ctx context.Context, js string) bool {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if err := chromedp.Do(crew, chromedp.Navigate(e.srv.URL+"/login?lang=en"),
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), aino.Email),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.ID("work-items")),
	); err != nil {
		t.Fatal(err)
	}
	if !eval(crew, `window.tandemMark = "kept"; true`) {
		t.Fatal("could not set a window variable: is JavaScript on?")
	}

	// The reporter, in a tab of their own.
	reporter, cancel := chromedp.NewContext(crew)
	defer cancel()
	if err := chromedp.Do(reporter, chromedp.Navigate(cust.URL+"/t/"+wc.Code+"?lang=en"),
		chromedp.Click(chromedp.CSS(`label[for="pb-0"]`)),
		chromedp.SetUploadFiles(chromedp.ID("photo"), []string{shot}),
		chromedp.Click(chromedp.CSS(`form[action$="/report"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("state")),
	); err != nil {
		t.Fatalf("sending the report: %v", err)
	}
	loc, err := chromedp.Run(reporter, chromedp.Location())
	must(t, err)
	tok := strings.TrimPrefix(loc[strings.Index(loc, "/r/"):], "/r/")
	rep, err := e.db.FindReportByToken(ctx, tok)
	must(t, err)
	if rep.PhotoID == 0 {
		t.Fatal("the report was stored without its photo")
	}
	text, err := chromedp.Run(reporter, chromedp.Text(chromedp.CSS("main")))
	must(t, err)
	if !strings.Contains(text, "Photo attached") {
		t.Errorf("the status page reads %q, want it to say the photo is attached", text)
	}
	if eval(reporter, `document.querySelector('img[src^="/app/photos"]') !== null`) {
		t.Error("the status page shows the photo")
	}
	if !eval(reporter, `window.reporterMark = "kept"; true`) {
		t.Fatal("could not set a window variable on the status page")
	}

	// The crew view shows it, with the thumbnail, without a reload.
	row := "work-" + id(rep.WorkItemID)
	wait, cancelWait := context.WithTimeout(crew, 20*time.Second)
	defer cancelWait()
	if err := chromedp.Do(wait, chromedp.WaitVisible(chromedp.ID(row))); err != nil {
		t.Fatalf("the new work item did not appear within 20 s: %v", err)
	}
	thumb := `#` + row + ` a.work-photo img[src="/app/photos/` + id(rep.PhotoID) + `"]`
	if _, err := chromedp.Run(wait, chromedp.Poll[bool](`(() => { const i = document.querySelector('`+thumb+`'); return !!i && i.complete && i.naturalWidth > 0 })()`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the thumbnail did not load: %v", err)
	}
	if !eval(crew, `window.tandemMark === "kept"`) {
		t.Error("the crew view was reloaded: the window variable is gone")
	}
	if !eval(crew, `document.querySelector('`+thumb+`').alt.startsWith("Photo from the report")`) {
		t.Error("the thumbnail has no alt text")
	}

	// The crew marks it done; the status page says fixed without a reload.
	if err := chromedp.Do(crew,
		chromedp.SendKeys(chromedp.ID("note-"+id(rep.WorkItemID)), "Refilled"),
		chromedp.Click(chromedp.CSS(`#`+row+` form.work-done button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("work-items")),
	); err != nil {
		t.Fatalf("done: %v", err)
	}
	wait2, cancelWait2 := context.WithTimeout(reporter, 20*time.Second)
	defer cancelWait2()
	if _, err := chromedp.Run(wait2, chromedp.Poll[bool](`document.getElementById("state").textContent.includes("Fixed at")`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the status page did not say fixed within 20 s: %v", err)
	}
	text, err = chromedp.Run(reporter, chromedp.Text(chromedp.ID("state")))
	must(t, err)
	if !strings.Contains(text, "Refilled") {
		t.Errorf("the status page reads %q, want the crew's note", text)
	}
	if !eval(reporter, `window.reporterMark === "kept"`) {
		t.Error("the status page was reloaded: the window variable is gone")
	}
	if w, _ := e.db.FindWorkItem(ctx, a.org.ID, rep.WorkItemID); w.State != tandem.WorkDone || w.Note != "Refilled" {
		t.Errorf("item = %+v", w)
	}
}
