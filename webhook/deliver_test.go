package webhook_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/sqlstore"
	"github.com/tandemhq/tandem/storetest"
	"github.com/tandemhq/tandem/webhook"
)

var ctx = context.Background()

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// received is one request a receiver got.
type received struct {
	Header http.Header
	Body   []byte
}

// receiver is a real HTTP endpoint on loopback that answers status and
// keeps what it gets.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []received
	status int
}

func newReceiver(t *testing.T, status int) *receiver {
	r := &receiver{status: status}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, received{req.Header.Clone(), b})
		st := r.status
		r.mu.Unlock()
		if st == http.StatusFound {
			http.Redirect(w, req, "/elsewhere", st)
			return
		}
		w.WriteHeader(st)
		w.Write([]byte(strings.Repeat("x", 100<<10))) // longer than Tandem reads
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

// fixture is an organization with a praised feedback, its events and an
// endpoint at a receiver.
type fixture struct {
	db    *sqlstore.DB
	world *storetest.World
	fb    *tandem.Feedback
	ev    map[string]*tandem.Event // by kind
	hook  *tandem.Webhook
	now   time.Time
	d     *webhook.Deliverer
}

func newFixture(t *testing.T, url string, allowPrivate bool) *fixture {
	db := storetest.NewSQLite(t)
	f := &fixture{db: db, world: storetest.NewWorld(t, db, "cafe"), ev: map[string]*tandem.Event{},
		now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	fb := f.world.Feedback(4)
	fb.Comment, fb.PraiseStaffID, fb.Praise = "Lovely soup", f.world.Member("Anna").ID, "Anna was great"
	if _, err := db.CreateFeedback(ctx, fb); err != nil {
		t.Fatal(err)
	}
	f.fb = fb
	evs, err := db.ListEvents(ctx, 0)
	must(t, err)
	for _, e := range evs {
		f.ev[e.Kind] = e
	}
	a := app.New(app.StoresOf(db), app.Options{Now: func() time.Time { return f.now }})
	f.hook, err = a.CreateWebhook(ctx, f.world.Org.ID, url, []string{tandem.EventFeedbackCreated, tandem.EventPraiseGiven})
	must(t, err)
	f.d = webhook.New(app.StoresOf(db), webhook.Options{AllowPrivate: allowPrivate, Now: func() time.Time { return f.now }})
	return f
}

// verify checks a delivery's signature as the Standard Webhooks
// specification tells a receiver to, written here from the specification
// rather than with the package's own Sign.
func verify(t *testing.T, secret string, r received) {
	t.Helper()
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil || !strings.HasPrefix(secret, "whsec_") || len(key) < 24 || len(key) > 32 {
		t.Fatalf("secret %q is not whsec_ and 24 to 32 bytes of base64", secret)
	}
	id, ts := r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp")
	if id == "" || ts == "" {
		t.Fatalf("headers lack webhook-id or webhook-timestamp: %v", r.Header)
	}
	if _, err := strconv.ParseInt(ts, 10, 64); err != nil {
		t.Fatalf("webhook-timestamp %q is not unix seconds", ts)
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "." + string(r.Body)))
	want := mac.Sum(nil)
	for _, sig := range strings.Fields(r.Header.Get("webhook-signature")) {
		version, b64, ok := strings.Cut(sig, ",")
		got, err := base64.StdEncoding.DecodeString(b64)
		if ok && version == "v1" && err == nil && hmac.Equal(got, want) {
			return
		}
	}
	t.Fatalf("no v1 signature verifies: %q", r.Header.Get("webhook-signature"))
}

// TestDeliver: a real receiver gets the signed headers and the feedback,
// with the same webhook-id on every attempt.
func TestDeliver(t *testing.T) {
	rcv := newReceiver(t, http.StatusNoContent)
	f := newFixture(t, rcv.URL+"/hooks/tandem", true)
	ev := f.ev[tandem.EventPraiseGiven]

	eps, err := f.d.Endpoints(ctx, ev)
	must(t, err)
	if len(eps) != 1 || eps[0].ID != f.hook.ID {
		t.Fatalf("Endpoints = %+v, want the one endpoint", eps)
	}
	del, err := f.d.Deliver(ctx, eps[0], ev)
	must(t, err)
	if del.Status != 204 || del.Attempt != 1 || del.Error != "" || del.EventID != ev.ID || del.EventType != "praise.given" {
		t.Errorf("delivery = %+v", del)
	}
	got := rcv.requests()
	if len(got) != 1 {
		t.Fatalf("receiver got %d requests", len(got))
	}
	r := got[0]
	verify(t, f.hook.Secret, r)
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if ts := r.Header.Get("webhook-timestamp"); ts != strconv.FormatInt(f.now.Unix(), 10) {
		t.Errorf("webhook-timestamp = %s, want the attempt's time %d", ts, f.now.Unix())
	}
	var msg struct {
		Type, ID, Timestamp string
		Data                struct {
			ID           int64 `json:"id"`
			ServiceID    int64 `json:"service_id"`
			TouchpointID int64 `json:"touchpoint_id"`
			Overall      int
			Comment      string
			Aspects      []any
			Praise       struct {
				StaffID   int64  `json:"staff_id"`
				StaffName string `json:"staff_name"`
				Text      string
			}
		}
	}
	must(t, json.Unmarshal(r.Body, &msg))
	if msg.Type != "praise.given" || msg.ID != r.Header.Get("webhook-id") || msg.ID != "evt_"+strconv.FormatInt(ev.ID, 10) {
		t.Errorf("message type %q id %q, header id %q", msg.Type, msg.ID, r.Header.Get("webhook-id"))
	}
	if ts, err := time.Parse(time.RFC3339, msg.Timestamp); err != nil || !ts.Equal(ev.CreatedAt.Truncate(time.Second)) {
		t.Errorf("timestamp %q, want the event's %v", msg.Timestamp, ev.CreatedAt)
	}
	d := msg.Data
	if d.ID != f.fb.ID || d.ServiceID != f.fb.ServiceID || d.TouchpointID != f.fb.TouchpointID || d.Overall != 4 ||
		d.Comment != "Lovely soup" || d.Praise.StaffName != "Anna" || d.Praise.Text != "Anna was great" || d.Aspects == nil {
		t.Errorf("data = %+v: %s", d, r.Body)
	}

	// A retry is a new attempt of the same message.
	f.now = f.now.Add(time.Minute)
	del2, err := f.d.Deliver(ctx, f.hook, ev)
	must(t, err)
	got = rcv.requests()
	if del2.Attempt != 2 || len(got) != 2 || got[1].Header.Get("webhook-id") != r.Header.Get("webhook-id") {
		t.Errorf("second attempt %+v; ids %q, %q", del2, r.Header.Get("webhook-id"), got[len(got)-1].Header.Get("webhook-id"))
	}
	verify(t, f.hook.Secret, got[1])
	log, err := f.db.ListDeliveries(ctx, f.world.Org.ID, f.hook.ID, 0)
	must(t, err)
	if len(log) != 2 || log[0].ID != del2.ID {
		t.Errorf("delivery log = %+v, want both, newest first", log)
	}

	// An event the endpoint is not subscribed to goes nowhere.
	other := &tandem.Event{ID: ev.ID + 100, OrgID: ev.OrgID, Kind: tandem.EventHelpRequested, SubjectID: 1}
	if eps, _ := f.d.Endpoints(ctx, other); len(eps) != 0 {
		t.Errorf("Endpoints(help.requested) = %+v", eps)
	}
	if del, err := f.d.Deliver(ctx, f.hook, other); del != nil || err != nil {
		t.Errorf("Deliver(unsubscribed) = %+v, %v", del, err)
	}
}

// TestPrivateAddresses: without the operator's leave, nothing is sent to a
// loopback address, even by a name that resolves to one.
func TestPrivateAddresses(t *testing.T) {
	rcv := newReceiver(t, http.StatusOK)
	for _, url := range []string{rcv.URL + "/in", strings.Replace(rcv.URL, "127.0.0.1", "localhost", 1) + "/in"} {
		f := newFixture(t, url, false)
		del, err := f.d.Deliver(ctx, f.hook, f.ev[tandem.EventFeedbackCreated])
		if err == nil || del == nil || del.Error != tandem.DeliveryAddress || del.Status != 0 {
			t.Errorf("%s: Deliver = %+v, %v; want refused", url, del, err)
		}
	}
	if n := len(rcv.requests()); n != 0 {
		t.Fatalf("the receiver got %d requests", n)
	}
	// With the operator's leave it is sent.
	f := newFixture(t, rcv.URL+"/in", true)
	if del, err := f.d.Deliver(ctx, f.hook, f.ev[tandem.EventFeedbackCreated]); err != nil || del.Status != 200 {
		t.Errorf("allowed: Deliver = %+v, %v", del, err)
	}

	for _, tc := range []struct {
		ip     string
		public bool
	}{
		{"93.184.216.34", true}, {"2606:4700::1111", true},
		{"127.0.0.1", false}, {"::1", false}, {"10.1.2.3", false}, {"172.16.0.1", false}, {"192.168.1.1", false},
		{"169.254.169.254", false}, {"fe80::1", false}, {"0.0.0.0", false}, {"::", false}, {"fc00::1", false},
		{"::ffff:127.0.0.1", false}, {"::ffff:10.0.0.1", false}, {"100.64.0.1", false}, {"224.0.0.1", false},
	} {
		if got := webhook.Public(netip.MustParseAddr(tc.ip)); got != tc.public {
			t.Errorf("Public(%s) = %v, want %v", tc.ip, got, tc.public)
		}
	}
}

// TestGone: a 410 disables the endpoint at once, and it is not retried.
func TestGone(t *testing.T) {
	rcv := newReceiver(t, http.StatusGone)
	f := newFixture(t, rcv.URL, true)
	ev := f.ev[tandem.EventFeedbackCreated]
	del, err := f.d.Deliver(ctx, f.hook, ev)
	if err != nil || del.Status != 410 {
		t.Fatalf("Deliver = %+v, %v; want 410 and no retry", del, err)
	}
	w, err := f.db.FindWebhook(ctx, f.world.Org.ID, f.hook.ID)
	must(t, err)
	if w.Enabled() || !w.DisabledAt.Equal(f.now) {
		t.Errorf("after 410: %+v", w)
	}
	if eps, _ := f.d.Endpoints(ctx, ev); len(eps) != 0 {
		t.Errorf("Endpoints lists a disabled endpoint: %+v", eps)
	}
	if del, err := f.d.Deliver(ctx, f.hook, ev); del != nil || err != nil {
		t.Errorf("Deliver to a disabled endpoint = %+v, %v", del, err)
	}
	if n := len(rcv.requests()); n != 1 {
		t.Errorf("receiver got %d requests, want 1", n)
	}
}

// TestDayOfFailures: failures are retried until they have gone on for more
// than a day; then the endpoint is disabled. A redirect is a failure, not
// followed.
func TestDayOfFailures(t *testing.T) {
	rcv := newReceiver(t, http.StatusInternalServerError)
	f := newFixture(t, rcv.URL, true)
	ev := f.ev[tandem.EventFeedbackCreated]
	t0 := f.now
	for _, step := range []struct {
		after  time.Duration
		status int
	}{{0, 500}, {time.Hour, 302}, {24 * time.Hour, 500}} {
		f.now = t0.Add(step.after)
		rcv.mu.Lock()
		rcv.status = step.status
		rcv.mu.Unlock()
		del, err := f.d.Deliver(ctx, f.hook, ev)
		if err == nil || del.Status != step.status {
			t.Fatalf("after %v: Deliver = %+v, %v; want %d and a retry", step.after, del, err, step.status)
		}
	}
	w, err := f.db.FindWebhook(ctx, f.world.Org.ID, f.hook.ID)
	must(t, err)
	if !w.Enabled() || !w.FailingSince.Equal(t0) {
		t.Fatalf("after a day of failures: %+v, want enabled, failing since %v", w, t0)
	}
	if got := rcv.requests(); len(got) != 3 {
		t.Fatalf("receiver got %d requests, want 3 (the redirect not followed)", len(got))
	}
	f.now = t0.Add(24*time.Hour + time.Minute)
	rcv.mu.Lock()
	rcv.status = 503
	rcv.mu.Unlock()
	del, err := f.d.Deliver(ctx, f.hook, ev)
	if err != nil || del.Status != 503 || del.Attempt != 4 {
		t.Fatalf("past a day: Deliver = %+v, %v; want 503 and no retry", del, err)
	}
	w, err = f.db.FindWebhook(ctx, f.world.Org.ID, f.hook.ID)
	must(t, err)
	if w.Enabled() {
		t.Errorf("still enabled after more than a day of failures: %+v", w)
	}
}

// TestRedeliver: a manager's request is sent by the runner once.
func TestRedeliver(t *testing.T) {
	rcv := newReceiver(t, http.StatusOK)
	f := newFixture(t, rcv.URL, true)
	ev := f.ev[tandem.EventFeedbackCreated]
	first, err := f.d.Deliver(ctx, f.hook, ev)
	must(t, err)
	a := app.New(app.StoresOf(f.db), app.Options{})
	if _, err := a.Redeliver(ctx, f.world.Org.ID, f.hook.ID+1, first.ID); tandem.ErrorCode(err) != tandem.ENOTFOUND {
		t.Errorf("Redeliver under another endpoint: %v", err)
	}
	_, err = a.Redeliver(ctx, f.world.Org.ID, f.hook.ID, first.ID)
	must(t, err)
	pending, err := f.db.PendingRedeliveries(ctx, 0)
	must(t, err)
	if len(pending) != 1 {
		t.Fatalf("pending = %+v", pending)
	}
	del, err := f.d.Redeliver(ctx, pending[0])
	must(t, err)
	if del.Attempt != 2 || del.Status != 200 {
		t.Errorf("redelivery = %+v", del)
	}
	got := rcv.requests()
	if len(got) != 2 || got[1].Header.Get("webhook-id") != got[0].Header.Get("webhook-id") {
		t.Errorf("receiver got %d requests", len(got))
	}
	if pending, _ := f.db.PendingRedeliveries(ctx, 0); len(pending) != 0 {
		t.Errorf("still pending: %+v", pending)
	}
}

// TestPayloadRegistry: kinds without data of their own carry the subject's
// id; the wiring adds kinds.
func TestPayloadRegistry(t *testing.T) {
	f := newFixture(t, "https://example.com/", false)
	ev := &tandem.Event{ID: 7, OrgID: f.world.Org.ID, Kind: tandem.EventReportCreated, SubjectID: 42, CreatedAt: f.now}
	b, err := f.d.Payload(ctx, ev)
	must(t, err)
	if want := `{"type":"report.created","id":"evt_7","timestamp":"2026-03-02T10:00:00Z","data":{"id":42}}`; string(b) != want {
		t.Errorf("Payload = %s, want %s", b, want)
	}
	f.d.Data[tandem.EventReportCreated] = func(ctx context.Context, ev *tandem.Event) (any, error) {
		return map[string]any{"id": ev.SubjectID, "title": "Broken tap"}, nil
	}
	b, err = f.d.Payload(ctx, ev)
	must(t, err)
	if !strings.Contains(string(b), `"data":{"id":42,"title":"Broken tap"}`) {
		t.Errorf("Payload with a DataFunc = %s", b)
	}
	// A record that is gone carries its id.
	gone := &tandem.Event{ID: 8, OrgID: f.world.Org.ID, Kind: tandem.EventHelpRequested, SubjectID: 999999, CreatedAt: f.now}
	b, err = f.d.Payload(ctx, gone)
	must(t, err)
	if !strings.Contains(string(b), `"data":{"id":999999}`) {
		t.Errorf("Payload of a gone record = %s", b)
	}
}

// TestHelpPayload: a help request's delivery carries the request.
func TestHelpPayload(t *testing.T) {
	f := newFixture(t, "https://example.com/", false)
	ep := f.world.Episode()
	must(t, f.db.CreateEpisode(ctx, ep))
	h := &tandem.HelpRequest{EpisodeID: ep.ID, StepID: f.world.Step("order").ID, CreatedAt: f.now}
	_, err := f.db.RequestHelp(ctx, h)
	must(t, err)
	ev := &tandem.Event{ID: 9, OrgID: f.world.Org.ID, Kind: tandem.EventHelpRequested, SubjectID: h.ID, CreatedAt: f.now}
	b, err := f.d.Payload(ctx, ev)
	must(t, err)
	var msg struct {
		Data map[string]any
	}
	must(t, json.Unmarshal(b, &msg))
	if msg.Data["id"] != float64(h.ID) || msg.Data["step_key"] != "order" || msg.Data["status"] != "open" ||
		msg.Data["episode_id"] != float64(ep.ID) || msg.Data["acknowledged_at"] != nil {
		t.Errorf("help payload = %s", b)
	}
	// Another organization's event id names nothing of this one.
	other := storetest.NewWorld(t, f.db, "other")
	b, err = f.d.Payload(ctx, &tandem.Event{ID: 10, OrgID: other.Org.ID, Kind: tandem.EventHelpRequested, SubjectID: h.ID, CreatedAt: f.now})
	must(t, err)
	if strings.Contains(string(b), "order") || !strings.Contains(string(b), fmt.Sprintf(`"data":{"id":%d}`, h.ID)) {
		t.Errorf("payload across organizations = %s", b)
	}
}
