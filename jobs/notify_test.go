package jobs_test

import (
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/jobs"
	"github.com/tandemhq/tandem/notify"
	"github.com/tandemhq/tandem/sqlstore"
	"github.com/tandemhq/tandem/storetest"
)

// pushService stands in for a browser vendor's push service: it counts
// the notifications each subscription was sent.
type pushService struct {
	*httptest.Server
	mu  sync.Mutex
	got map[string]int // path → notifications
}

func newPushService(t *testing.T) *pushService {
	p := &pushService{got: map[string]int{}}
	p.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		p.mu.Lock()
		p.got[r.URL.Path]++
		p.mu.Unlock()
		w.WriteHeader(http.StatusCreated)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *pushService) count(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.got[path]
}

// phone subscribes u's phone at the push service's path.
func phone(t *testing.T, db *sqlstore.DB, u *tandem.User, url string) {
	key, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	auth := make([]byte, 16)
	rand.Read(auth)
	s := &tandem.PushSubscription{OrgID: u.OrgID, UserID: u.ID, Endpoint: url,
		P256dh: base64.RawURLEncoding.EncodeToString(key.PublicKey().Bytes()),
		Auth:   base64.RawURLEncoding.EncodeToString(auth), Label: "Phone"}
	if err := db.SavePushSubscription(ctx, s); err != nil {
		t.Fatal(err)
	}
}

// mailbox is an SMTP server on loopback that keeps what it is sent.
type mailbox struct {
	addr string
	mu   sync.Mutex
	got  []string // "to: message"
}

type mailSession struct {
	box *mailbox
	to  []string
}

func (s *mailSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.box.mu.Lock()
	s.box.got = append(s.box.got, strings.Join(s.to, ",")+": "+string(b))
	s.box.mu.Unlock()
	return err
}
func (s *mailSession) Reset()        { s.to = nil }
func (s *mailSession) Logout() error { return nil }

func newMailbox(t *testing.T) *mailbox {
	box := &mailbox{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &mailSession{box: box}, nil }))
	srv.Domain = "mx.test"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	box.addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return box
}

func (b *mailbox) to(addr string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, m := range b.got {
		if strings.HasPrefix(m, addr+": ") {
			out = append(out, m)
		}
	}
	return out
}

func TestWorkNotifications(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) { testWorkNotifications(t, e.Open(t)) })
	}
}

// A report that opens a work item reaches the site's crew on their phones;
// left undone past its due time, it reaches the site's manager on the phone
// and by email (a timer job); done, it reaches the reporter who asked, by
// email. A report joining the open item tells nobody again.
func testWorkNotifications(t *testing.T, db *sqlstore.DB) {
	w := storetest.NewWorld(t, db, "monitors", func(w *storetest.World) {
		w.Touchpoint.Type = tandem.TypeRestroom
		w.Touchpoint.Name = tandem.Text{"en": "Restroom 2", "fi": "WC 2"}
	})
	crew := w.AddUser(&tandem.User{Name: "Aino", Role: tandem.RoleCrew, Lang: "fi"})
	boss := w.AddUser(&tandem.User{Name: "Mari", Role: tandem.RoleManager, Lang: "en"})
	other := storetest.NewWorld(t, db, "elsewhere")
	stranger := other.AddUser(&tandem.User{Name: "Olli", Role: tandem.RoleCrew})
	for _, link := range []struct {
		u *tandem.User
		w *storetest.World
	}{{crew, w}, {boss, w}, {stranger, other}} {
		m := &tandem.StaffMember{OrgID: link.w.Org.ID, SiteID: link.w.Site.ID, Name: link.u.Name, UserID: link.u.ID}
		if err := db.CreateStaff(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	push := newPushService(t)
	phone(t, db, crew, push.URL+"/aino")
	phone(t, db, boss, push.URL+"/mari")
	phone(t, db, stranger, push.URL+"/olli")
	box := newMailbox(t)

	pusher, err := notify.NewPusher(ctx, db, notify.PusherOptions{Contact: "ops@example.com", Client: push.Client()})
	if err != nil {
		t.Fatal(err)
	}
	mailer, err := notify.NewMailer("smtp://"+box.addr+"?starttls=0", "Tandem <tandem@example.com>")
	if err != nil {
		t.Fatal(err)
	}
	// Reports are made two hours ago, so that the first item is overdue
	// at once (a restroom's quick problems are due within two hours).
	past := func() time.Time { return time.Now().Add(-2*time.Hour - time.Minute) }
	reporting := app.New(app.StoresOf(db), app.Options{Now: past})
	start(t, db, &jobs.Notifications{App: app.New(app.StoresOf(db), app.Options{}), Catalog: i18n.MustLoad(),
		Pusher: pusher, Mailer: mailer, PublicURL: "https://tandem.example"})

	rep, item, err := reporting.Report(ctx, app.ReportInput{Code: w.Touchpoint.Code, ProblemKey: "no-soap", Lang: "fi",
		Email: "reporter@office.example", Consent: true})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the crew's push", func() bool { return push.count("/aino") == 1 })
	waitFor(t, "the manager's overdue push and email", func() bool {
		return push.count("/mari") == 1 && len(box.to("boss-never")) == 0 && len(box.to(boss.Email)) == 1
	})
	if m := box.to(boss.Email)[0]; !strings.Contains(m, "Restroom 2") {
		t.Errorf("overdue email does not say where:\n%s", m)
	}
	// Another report of the same problem joins the item quietly.
	if _, joined, err := reporting.Report(ctx, app.ReportInput{Code: w.Touchpoint.Code, ProblemKey: "no-soap", Lang: "en"}); err != nil || joined.ID != item.ID {
		t.Fatalf("second report = %+v, %v; want it to join item %d", joined, err, item.ID)
	}

	if _, err := app.New(app.StoresOf(db), app.Options{}).FinishWork(ctx, w.Org.ID, item.ID, crew.ID, "Saippua lisätty", nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the reporter's email", func() bool { return len(box.to("reporter@office.example")) == 1 })
	m := box.to("reporter@office.example")[0]
	if !strings.Contains(m, "/r/"+rep.Token) {
		t.Errorf("fixed email has no link to the report's page:\n%s", m)
	}
	time.Sleep(500 * time.Millisecond) // anything more would have been sent by now
	if n := push.count("/aino"); n != 1 {
		t.Errorf("crew got %d pushes, want 1: the joining report and the fix tell the crew nothing", n)
	}
	if n := push.count("/olli"); n != 0 {
		t.Errorf("another organization's crew got %d pushes", n)
	}
	if n := len(box.to("reporter@office.example")); n != 1 {
		t.Errorf("reporter got %d emails, want 1", n)
	}
}

func TestPraiseDigest(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) { testPraiseDigest(t, e.Open(t)) })
	}
}

// Last week's praise reaches the praised person with an account once, at
// the start, whatever the restarts; a person without an account gets
// nothing.
func testPraiseDigest(t *testing.T, db *sqlstore.DB) {
	w := storetest.NewWorld(t, db, "digest")
	anna := w.Member("Anna")
	u := w.AddUser(&tandem.User{Name: "Anna", Role: tandem.RoleStaff, Lang: "ru"})
	anna.UserID = u.ID
	if err := db.UpdateStaff(ctx, anna); err != nil {
		t.Fatal(err)
	}
	lastWeek := time.Now().UTC().AddDate(0, 0, -7)
	for i, text := range []string{"Спасибо, Анна!", "", "Лучший официант"} {
		f := w.Feedback(5)
		f.PraiseStaffID, f.Praise, f.CreatedAt = anna.ID, text, lastWeek.Add(time.Duration(i)*time.Minute)
		if _, err := db.CreateFeedback(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	ben := w.Feedback(5)
	ben.PraiseStaffID, ben.Praise, ben.CreatedAt = w.Member("Ben").ID, "Great food", lastWeek
	if _, err := db.CreateFeedback(ctx, ben); err != nil {
		t.Fatal(err)
	}
	box := newMailbox(t)
	mailer, err := notify.NewMailer("smtp://"+box.addr+"?starttls=0", "Tandem <tandem@example.com>")
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // a restart must not send it twice
		r := start(t, db, &jobs.Notifications{App: app.New(app.StoresOf(db), app.Options{}), Catalog: i18n.MustLoad(),
			Mailer: mailer, Digest: db})
		waitFor(t, "the digest", func() bool { return len(box.to(u.Email)) >= 1 })
		time.Sleep(300 * time.Millisecond)
		r.Stop(ctx)
	}
	got := box.to(u.Email)
	if len(got) != 1 {
		t.Fatalf("%d digests sent, want 1", len(got))
	}
	if len(box.got) != 1 {
		t.Errorf("mails sent: %v; want only Anna's", box.got)
	}
}

// The digest goes out on Mondays at 07:00 UTC.
func TestWeeklySchedule(t *testing.T) {
	for _, c := range []struct{ now, want string }{
		{"2026-11-26T10:00:00Z", "2026-11-30T07:00:00Z"}, // a Thursday
		{"2026-11-30T06:59:00Z", "2026-11-30T07:00:00Z"}, // Monday, just before
		{"2026-11-30T07:00:00Z", "2026-12-07T07:00:00Z"}, // Monday, on time
		{"2026-11-29T23:00:00Z", "2026-11-30T07:00:00Z"}, // Sunday night
	} {
		now, _ := time.Parse(time.RFC3339, c.now)
		if got := jobs.Weekly.Next(now).Format(time.RFC3339); got != c.want {
			t.Errorf("next after %s = %s, want %s", c.now, got, c.want)
		}
	}
}
