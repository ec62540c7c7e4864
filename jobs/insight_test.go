package jobs_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/insight"
	"github.com/tandemhq/tandem/jobs"
	"github.com/tandemhq/tandem/notify"
	"github.com/tandemhq/tandem/sqlstore"
	"github.com/tandemhq/tandem/storetest"
)

// insightJobs returns the notifications kind with the insight jobs on,
// emailing through a server that is never called (the tests read the
// queued messages).
func insightJobs(t *testing.T, db *sqlstore.DB) *jobs.Notifications {
	mailer, err := notify.NewMailer("smtp://127.0.0.1:1?starttls=0", "Tandem <tandem@example.com>")
	if err != nil {
		t.Fatal(err)
	}
	return &jobs.Notifications{App: app.New(app.StoresOf(db), app.Options{}), Catalog: i18n.MustLoad(),
		Mailer: mailer, Insight: db, PublicURL: "https://tandem.example"}
}

// negatives stores n feedback at t, each rating the aspect negative with
// cause.
func negatives(t *testing.T, db *sqlstore.DB, w *storetest.World, at time.Time, n int, aspect string, cause tandem.Party) {
	t.Helper()
	for i := range n {
		f := w.Feedback(2, w.Negative(aspect, cause))
		f.CreatedAt = at.Add(time.Duration(i) * time.Second)
		if _, err := db.CreateFeedback(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
}

// link makes u a staff member of w's site.
func link(t *testing.T, db *sqlstore.DB, w *storetest.World, u *tandem.User) {
	t.Helper()
	if err := db.CreateStaff(ctx, &tandem.StaffMember{OrgID: w.Org.ID, SiteID: w.Site.ID, Name: u.Name, UserID: u.ID}); err != nil {
		t.Fatal(err)
	}
}

func TestAlerts(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) { testAlerts(t, e.Open(t)) })
	}
}

// An hour with far more negatives on an aspect than the same hour of the
// week usually has alerts the site's managers once, by email in their
// language, naming the aspect, the count against usual and the main cause;
// the next hours of the same spike stay quiet for four hours. An aspect
// busy as usual, an hour without a spike and another organization's
// feedback alert nobody.
func testAlerts(t *testing.T, db *sqlstore.DB) {
	a := storetest.NewWorld(t, db, "alerts")
	boss := a.AddUser(&tandem.User{Name: "Mari", Role: tandem.RoleManager, Lang: "fi"})
	crew := a.AddUser(&tandem.User{Name: "Aino", Role: tandem.RoleStaff, Lang: "fi"})
	link(t, db, a, boss)
	link(t, db, a, crew)
	b := storetest.NewWorld(t, db, "other")
	olli := b.AddUser(&tandem.User{Name: "Olli", Role: tandem.RoleManager, Lang: "en"})
	link(t, db, b, olli)

	hel := a.Org.Location()
	end := time.Date(2026, 11, 24, 18, 0, 0, 0, hel) // Tuesday, the hour 17–18
	windows := insight.AlertWindows(end, hel)
	// Usually one negative on waiting and four on temperature in that hour.
	for _, w := range windows[1:] {
		negatives(t, db, a, w.From.Add(10*time.Minute), 1, "wait", tandem.PartyShared)
		negatives(t, db, a, w.From.Add(20*time.Minute), 4, "temp", tandem.PartyProvider)
	}
	// This week: eight on waiting (six blamed on the provider), five on
	// temperature (as usual, give or take).
	hour := windows[0].From
	negatives(t, db, a, hour.Add(5*time.Minute), 6, "wait", tandem.PartyProvider)
	negatives(t, db, a, hour.Add(15*time.Minute), 2, "wait", tandem.PartyCustomer)
	negatives(t, db, a, hour.Add(25*time.Minute), 5, "temp", tandem.PartyProvider)
	// The other organization: four on waiting in the same hour, under the
	// minimum, and a busy history of ten in that hour every week, which
	// would hide the first organization's spike if it counted there.
	negatives(t, db, b, hour.Add(5*time.Minute), 4, "wait", tandem.PartyProvider)
	for _, w := range windows[1:] {
		negatives(t, db, b, w.From.Add(30*time.Minute), 10, "wait", tandem.PartyProvider)
	}

	k := insightJobs(t, db)
	push := newPushService(t)
	pusher, err := notify.NewPusher(ctx, db, notify.PusherOptions{Contact: "ops@example.com", Client: push.Client()})
	if err != nil {
		t.Fatal(err)
	}
	k.Pusher = pusher
	params, err := k.Alerts(ctx, end.Add(2*time.Minute)) // the check runs a little after the hour
	if err != nil {
		t.Fatal(err)
	}
	sent := jobs.Messages(params)
	if len(sent) != 2 || sent[0].Kind != "push" {
		t.Fatalf("%d messages, want a push and an email to the manager: %+v", len(sent), sent)
	}
	p := i18n.MustLoad().Printer("fi")
	if ph := sent[0]; ph.UserID != boss.ID || ph.Title != p.T("notify.alert.subject", "Waiting", "Hall") ||
		!strings.Contains(ph.Body, p.Plural("notify.alert.negatives_n", 8)) ||
		ph.URL != fmt.Sprintf("/app/services/%d/insight?from=2026-11-24&site_id=%d&to=2026-11-24", a.Service.ID, a.Site.ID) {
		t.Errorf("push = %+v", ph)
	}
	m := sent[1]
	if m.Kind != "mail" || m.UserID != boss.ID || m.About != tandem.MailAlert || m.To != boss.Email {
		t.Errorf("message = %+v, want an alert email to %s", m, boss.Email)
	}
	for _, want := range []string{"Waiting", "Hall", p.Plural("notify.alert.negatives_n", 8), p.Decimal(1, 1),
		p.T("manage.party.provider"), "17.00", "18.00",
		fmt.Sprintf("https://tandem.example/app/services/%d/insight?from=2026-11-24&site_id=%d&to=2026-11-24", a.Service.ID, a.Site.ID)} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("alert lacks %q:\n%s", want, m.Body)
		}
	}
	if m.Title != p.T("notify.alert.subject", "Waiting", "Hall") {
		t.Errorf("subject %q", m.Title)
	}

	// The same check again (a rerun) and the next hours of the spike:
	// quiet for four hours, then the spike is told again.
	for h := 1; h <= 4; h++ {
		negatives(t, db, a, hour.Add(time.Duration(h)*time.Hour+time.Minute), 8, "wait", tandem.PartyProvider)
	}
	for h, want := range []int{0, 0, 0, 0, 1} {
		params, err := k.Alerts(ctx, end.Add(time.Duration(h)*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if got := len(jobs.Messages(params)); got != 2*want {
			t.Errorf("%d hours after the first alert: %d messages, want %d", h, got, 2*want)
		}
	}
	// An hour without a spike.
	if params, err := k.Alerts(ctx, end.AddDate(0, 0, -1)); err != nil || len(params) != 0 {
		t.Errorf("a quiet hour: %d messages, %v", len(params), err)
	}
}

func TestWeeklyReports(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) { testWeeklyReports(t, e.Open(t)) })
	}
}

// On Monday from 07:00 in the organization's time zone, each active
// manager and owner who wants it gets last week's report, in their
// language, once; staff, a manager who turned it off and another time
// zone's organization (still Sunday night there) get none; another
// organization's feedback does not count.
func testWeeklyReports(t *testing.T, db *sqlstore.DB) {
	a := storetest.NewWorld(t, db, "weekly")
	mari := a.AddUser(&tandem.User{Name: "Mari", Role: tandem.RoleManager, Lang: "en"})
	olga := a.AddUser(&tandem.User{Name: "Olga", Role: tandem.RoleOwner, Lang: "ru"})
	a.AddUser(&tandem.User{Name: "Aino", Role: tandem.RoleStaff, Lang: "fi"})
	quiet := a.AddUser(&tandem.User{Name: "Pekka", Role: tandem.RoleManager, Lang: "fi"})
	if err := db.SetMailOptOuts(ctx, a.Org.ID, quiet.ID, []tandem.MailKind{tandem.MailWeekly}); err != nil {
		t.Fatal(err)
	}
	ny := storetest.NewWorld(t, db, "newyork", func(w *storetest.World) { w.Org.TimeZone = "America/New_York" })
	ny.AddUser(&tandem.User{Name: "Nick", Role: tandem.RoleOwner, Lang: "en"})

	hel := a.Org.Location()
	lastWeek := time.Date(2026, 11, 23, 12, 0, 0, 0, hel) // Monday 23 November, noon
	// Last week: eleven responses, ten of them negative on waiting; the
	// week before: one, positive.
	negatives(t, db, a, lastWeek, 10, "wait", tandem.PartyProvider)
	f := a.Feedback(5)
	f.CreatedAt = lastWeek.AddDate(0, 0, 6).Add(11 * time.Hour) // Sunday 23:00
	if _, err := db.CreateFeedback(ctx, f); err != nil {
		t.Fatal(err)
	}
	f = a.Feedback(4, tandem.AspectRating{AspectID: a.Blueprint.AspectByKey("wait").ID, Rating: tandem.Positive})
	f.CreatedAt = lastWeek.AddDate(0, 0, -7)
	if _, err := db.CreateFeedback(ctx, f); err != nil {
		t.Fatal(err)
	}
	negatives(t, db, ny, lastWeek, 50, "wait", tandem.PartyProvider) // another organization's
	// Sanna manages Hall 2 alone (linked through her staff member there):
	// her report is that site's week, three responses.
	sanna := a.AddUser(&tandem.User{Name: "Sanna", Role: tandem.RoleManager, Lang: "fi"})
	hall2 := &tandem.Site{OrgID: a.Org.ID, Name: tandem.Text{"en": "Hall 2"}, Address: "Side St 2"}
	if err := db.CreateSite(ctx, hall2); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateStaff(ctx, &tandem.StaffMember{OrgID: a.Org.ID, SiteID: hall2.ID, Name: "Sanna", UserID: sanna.ID}); err != nil {
		t.Fatal(err)
	}
	door := &tandem.Touchpoint{OrgID: a.Org.ID, SiteID: hall2.ID, ServiceID: a.Service.ID, Name: tandem.Text{"en": "Door"}}
	if err := db.CreateTouchpoint(ctx, door); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		f := a.Feedback(3)
		f.TouchpointID, f.SiteID, f.CreatedAt = door.ID, hall2.ID, lastWeek.Add(time.Duration(i)*time.Hour)
		if _, err := db.CreateFeedback(ctx, f); err != nil {
			t.Fatal(err)
		}
	}

	k := insightJobs(t, db)
	for _, at := range []time.Time{
		time.Date(2026, 11, 30, 6, 59, 0, 0, hel), // Monday, too early
		time.Date(2026, 11, 29, 20, 0, 0, 0, hel), // Sunday
		time.Date(2026, 12, 1, 8, 0, 0, 0, hel),   // Tuesday
	} {
		msgs, _, err := k.WeeklyReports(ctx, at)
		if err != nil || len(msgs) != 0 {
			t.Errorf("at %s: %d reports, %v; want none", at, len(msgs), err)
		}
	}
	monday := time.Date(2026, 11, 30, 7, 2, 0, 0, hel)
	msgs, _, err := k.WeeklyReports(ctx, monday)
	if err != nil {
		t.Fatal(err)
	}
	sent := jobs.Messages(msgs)
	got := map[int64]jobs.Sent{}
	for _, m := range sent {
		got[m.UserID] = m
	}
	if len(sent) != 3 || got[mari.ID].To != mari.Email || got[olga.ID].To != olga.Email || got[sanna.ID].To != sanna.Email {
		t.Fatalf("reports went to %+v; want Mari, Olga and Sanna", sent)
	}
	if m, fi := got[sanna.ID], i18n.MustLoad().Printer("fi"); !rowHas(m.Body, fi.T("notify.weekly.responses"), "3", "0") ||
		!strings.Contains(m.Body, fmt.Sprintf("insight?from=2026-11-23&site_id=%d&to=2026-11-29", hall2.ID)) {
		t.Errorf("Sanna's report is not Hall 2's week:\n%s", m.Body)
	}
	cat := i18n.MustLoad()
	for _, u := range []*tandem.User{mari, olga} {
		p := cat.Printer(u.Lang)
		m := got[u.ID]
		if m.About != tandem.MailWeekly || m.Title != p.T("notify.weekly.subject", a.Org.Name, p.Date(lastWeek.AddDate(0, 0, 0)), p.Date(lastWeek.AddDate(0, 0, 6))) {
			t.Errorf("%s: about %q, subject %q", u.Name, m.About, m.Title)
		}
		for _, want := range []string{
			p.T("notify.weekly.aspect", "Waiting", p.Percent(1), p.Percent(0), p.T("manage.party.provider")),
			fmt.Sprintf("https://tandem.example/app/services/%d/insight?from=2026-11-23&to=2026-11-29", a.Service.ID),
		} {
			if !strings.Contains(m.Body, want) {
				t.Errorf("%s: report lacks %q:\n%s", u.Name, want, m.Body)
			}
		}
		// Fourteen responses last week, Hall 2's three among them (the
		// other organization's fifty do not count), one the week before.
		if !rowHas(m.Body, p.T("notify.weekly.responses"), "14", "1") {
			t.Errorf("%s: responses row wrong:\n%s", u.Name, m.Body)
		}
	}
	// Later that Monday, or a second instance: nothing more.
	for _, at := range []time.Time{monday, monday.Add(time.Hour)} {
		if msgs, _, err := k.WeeklyReports(ctx, at); err != nil || len(msgs) != 0 {
			t.Errorf("again at %s: %d reports, %v; want none", at.Format(time.TimeOnly), len(msgs), err)
		}
	}
	// Monday 07:00 in New York comes later, and Nick gets his then.
	msgs, release, err := k.WeeklyReports(ctx, time.Date(2026, 11, 30, 7, 5, 0, 0, ny.Org.Location()))
	if err != nil || len(msgs) != 1 {
		t.Fatalf("New York's Monday: %d reports, %v; want Nick's", len(msgs), err)
	}
	// A report that could not be queued is released and goes out next time.
	release()
	if msgs, _, err := k.WeeklyReports(ctx, time.Date(2026, 11, 30, 8, 5, 0, 0, ny.Org.Location())); err != nil || len(msgs) != 1 {
		t.Errorf("after a release: %d reports, %v; want Nick's again", len(msgs), err)
	}
}

// rowHas reports whether the text table has a row starting with label
// whose next cells are the given ones.
func rowHas(text, label string, cells ...string) bool {
	for _, line := range strings.Split(text, "\n") {
		if f := strings.Fields(strings.TrimPrefix(line, label)); strings.HasPrefix(line, label) && len(f) == len(cells) {
			for i := range f {
				if f[i] != cells[i] {
					return false
				}
			}
			return true
		}
	}
	return false
}

// The runner sends the weekly report by email once, whatever the
// restarts: the check runs at every start, and the claim holds.
func TestWeeklyReportSentOnce(t *testing.T) {
	db := storetest.NewSQLite(t)
	a := storetest.NewWorld(t, db, "weekly")
	mari := a.AddUser(&tandem.User{Name: "Mari", Role: tandem.RoleManager, Lang: "fi"})
	box := newMailbox(t)
	mailer, err := notify.NewMailer("smtp://"+box.addr+"?starttls=0", "Tandem <tandem@example.com>")
	if err != nil {
		t.Fatal(err)
	}
	monday := time.Date(2026, 11, 30, 9, 30, 0, 0, a.Org.Location())
	for i := range 2 {
		r := start(t, db, &jobs.Notifications{App: app.New(app.StoresOf(db), app.Options{}), Catalog: i18n.MustLoad(),
			Mailer: mailer, Insight: db, Now: func() time.Time { return monday.Add(time.Duration(i) * time.Hour) }})
		waitFor(t, "the weekly report", func() bool { return len(box.to(mari.Email)) >= 1 })
		time.Sleep(300 * time.Millisecond)
		stop, cancel := context.WithTimeout(ctx, 10*time.Second)
		r.Stop(stop)
		cancel()
	}
	got := box.to(mari.Email)
	if len(got) != 1 {
		t.Fatalf("%d reports sent, want 1", len(got))
	}
	if !strings.Contains(got[0], "Viikkoraportti") {
		t.Errorf("the report is not in Mari's language:\n%s", got[0])
	}
}

// The insight checks run two minutes past every hour.
func TestHourlySchedule(t *testing.T) {
	for _, c := range []struct{ now, want string }{
		{"2026-11-26T10:00:00Z", "2026-11-26T10:02:00Z"},
		{"2026-11-26T10:02:00Z", "2026-11-26T11:02:00Z"},
		{"2026-11-26T10:59:59Z", "2026-11-26T11:02:00Z"},
		{"2026-11-26T23:30:00Z", "2026-11-27T00:02:00Z"},
	} {
		now, _ := time.Parse(time.RFC3339, c.now)
		if got := jobs.Hourly.Next(now).Format(time.RFC3339); got != c.want {
			t.Errorf("next after %s = %s, want %s", c.now, got, c.want)
		}
	}
}
