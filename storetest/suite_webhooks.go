package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Webhooks: endpoints per organization, their deliveries with the failure
// state, and redelivery requests the job runner reads.

func testWebhooks(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	t0 := date("2026-03-02T10:00:00Z")
	w := &tandem.Webhook{OrgID: a.Org.ID, URL: "https://hooks.example.com/tandem", Events: []string{"praise.given", "feedback.created"},
		Secret: tandem.NewWebhookSecret(), CreatedAt: t0}
	must(t, w.Validate())
	must(t, db.CreateWebhook(ctx, w))
	if w.ID == 0 {
		t.Fatal("CreateWebhook left the id 0")
	}
	got, err := db.FindWebhook(ctx, a.Org.ID, w.ID)
	must(t, err)
	if !reflect.DeepEqual(got, w) {
		t.Errorf("FindWebhook = %+v, want %+v", got, w)
	}
	list, err := db.ListWebhooks(ctx, a.Org.ID)
	must(t, err)
	if len(list) != 1 || list[0].ID != w.ID {
		t.Errorf("ListWebhooks(a) = %+v", list)
	}

	// Another organization sees nothing of it.
	if _, err := db.FindWebhook(ctx, b.Org.ID, w.ID); tandem.ErrorCode(err) != tandem.ENOTFOUND {
		t.Errorf("FindWebhook as b: %v, want ENOTFOUND", err)
	}
	if l, err := db.ListWebhooks(ctx, b.Org.ID); err != nil || len(l) != 0 {
		t.Errorf("ListWebhooks(b) = %+v, %v", l, err)
	}
	if err := db.DeleteWebhook(ctx, b.Org.ID, w.ID); tandem.ErrorCode(err) != tandem.ENOTFOUND {
		t.Errorf("DeleteWebhook as b: %v, want ENOTFOUND", err)
	}

	// Deliveries are numbered per event and carry the endpoint's state.
	fb := created(t, db, a.Feedback(5))
	events := mustEvents(t, db)
	ev := events[len(events)-1]
	if ev.SubjectID != fb.ID {
		t.Fatalf("last event %+v is not the feedback's", ev)
	}
	found, err := db.FindEvent(ctx, a.Org.ID, ev.ID)
	must(t, err)
	if !reflect.DeepEqual(found, ev) {
		t.Errorf("FindEvent = %+v, want %+v", found, ev)
	}
	if _, err := db.FindEvent(ctx, b.Org.ID, ev.ID); tandem.ErrorCode(err) != tandem.ENOTFOUND {
		t.Errorf("FindEvent as b: %v, want ENOTFOUND", err)
	}
	d1 := &tandem.WebhookDelivery{EventID: ev.ID, EventType: ev.Kind, Status: 500, Duration: 120 * time.Millisecond, At: t0.Add(time.Minute)}
	must(t, db.RecordDelivery(ctx, w, d1))
	if !w.FailingSince.Equal(t0.Add(time.Minute)) || !w.Enabled() {
		t.Errorf("after a failure: %+v, want failing since its time", w)
	}
	d2 := &tandem.WebhookDelivery{EventID: ev.ID, EventType: ev.Kind, Status: 204, Duration: 80 * time.Millisecond, At: t0.Add(2 * time.Minute)}
	must(t, db.RecordDelivery(ctx, w, d2))
	if d1.Attempt != 1 || d2.Attempt != 2 || d1.OrgID != a.Org.ID || d2.WebhookID != w.ID || !w.FailingSince.IsZero() {
		t.Errorf("attempts %+v, %+v: want 1 and 2 of org a's endpoint, failures over: %+v", d1, d2, w)
	}
	// The outcome applies to the endpoint as stored, not to a stale copy:
	// a failure recorded through an old copy still starts a run, and a day
	// later, through another old copy, ends it.
	stale := *w
	stale.FailingSince = t0.Add(-48 * time.Hour)
	d3 := &tandem.WebhookDelivery{EventID: ev.ID, EventType: ev.Kind, Error: tandem.DeliveryTimeout, Duration: 10 * time.Second, At: t0.Add(3 * time.Minute)}
	must(t, db.RecordDelivery(ctx, &stale, d3))
	if !stale.FailingSince.Equal(t0.Add(3*time.Minute)) || !stale.Enabled() {
		t.Errorf("a failure through a stale copy: %+v", stale)
	}
	stale2 := *w
	d4 := &tandem.WebhookDelivery{EventID: ev.ID, EventType: ev.Kind, Status: 502, At: t0.Add(25 * time.Hour)}
	must(t, db.RecordDelivery(ctx, &stale2, d4))
	got, err = db.FindWebhook(ctx, a.Org.ID, w.ID)
	must(t, err)
	if !got.FailingSince.Equal(t0.Add(3*time.Minute)) || !got.DisabledAt.Equal(t0.Add(25*time.Hour)) || stale2.Enabled() {
		t.Errorf("after a day of failures: %+v", got)
	}
	ds, err := db.ListDeliveries(ctx, a.Org.ID, w.ID, 0)
	must(t, err)
	if len(ds) != 4 || !reflect.DeepEqual(ds[0], d4) || !reflect.DeepEqual(ds[3], d1) {
		t.Errorf("ListDeliveries = %+v, want newest first", ds)
	}
	if ds, err := db.ListDeliveries(ctx, b.Org.ID, w.ID, 0); err != nil || len(ds) != 0 {
		t.Errorf("ListDeliveries as b = %+v, %v", ds, err)
	}
	if _, err := db.FindDelivery(ctx, b.Org.ID, d1.ID); tandem.ErrorCode(err) != tandem.ENOTFOUND {
		t.Errorf("FindDelivery as b: %v, want ENOTFOUND", err)
	}
	other := &tandem.Webhook{OrgID: b.Org.ID, ID: w.ID}
	if err := db.RecordDelivery(ctx, other, &tandem.WebhookDelivery{EventID: ev.ID, EventType: ev.Kind}); tandem.ErrorCode(err) != tandem.ENOTFOUND {
		t.Errorf("RecordDelivery for b's copy of a's id: %v, want ENOTFOUND", err)
	}

	// Redelivery: requested by the organization, listed for the runner.
	if err := db.RequestRedelivery(ctx, &tandem.WebhookRedelivery{OrgID: b.Org.ID, DeliveryID: d1.ID}); tandem.ErrorCode(err) != tandem.ENOTFOUND {
		t.Errorf("RequestRedelivery as b: %v, want ENOTFOUND", err)
	}
	r := &tandem.WebhookRedelivery{OrgID: a.Org.ID, DeliveryID: d1.ID, RequestedAt: t0.Add(26 * time.Hour)}
	must(t, db.RequestRedelivery(ctx, r))
	pending, err := db.PendingRedeliveries(ctx, 0)
	must(t, err)
	want := tandem.WebhookRedelivery{ID: r.ID, OrgID: a.Org.ID, WebhookID: w.ID, DeliveryID: d1.ID, EventID: ev.ID, RequestedAt: t0.Add(26 * time.Hour)}
	if len(pending) != 1 || *pending[0] != want {
		t.Errorf("PendingRedeliveries = %+v, want %+v", pending, want)
	}
	must(t, db.MarkRedelivered(ctx, []int64{r.ID}))
	if pending, err := db.PendingRedeliveries(ctx, 0); err != nil || len(pending) != 0 {
		t.Errorf("after MarkRedelivered: %+v, %v", pending, err)
	}

	// Deleting removes the endpoint with its deliveries.
	must(t, db.RequestRedelivery(ctx, &tandem.WebhookRedelivery{OrgID: a.Org.ID, DeliveryID: d2.ID}))
	must(t, db.DeleteWebhook(ctx, a.Org.ID, w.ID))
	if _, err := db.FindWebhook(ctx, a.Org.ID, w.ID); tandem.ErrorCode(err) != tandem.ENOTFOUND {
		t.Errorf("FindWebhook after delete: %v", err)
	}
	if _, err := db.FindDelivery(ctx, a.Org.ID, d1.ID); tandem.ErrorCode(err) != tandem.ENOTFOUND {
		t.Errorf("FindDelivery after delete: %v", err)
	}
	if pending, err := db.PendingRedeliveries(ctx, 0); err != nil || len(pending) != 0 {
		t.Errorf("redeliveries after delete: %+v, %v", pending, err)
	}
	if err := db.DeleteWebhook(ctx, a.Org.ID, w.ID); tandem.ErrorCode(err) != tandem.ENOTFOUND {
		t.Errorf("second DeleteWebhook: %v, want ENOTFOUND", err)
	}

	// At most MaxWebhooks per organization.
	for i := 0; i < tandem.MaxWebhooks; i++ {
		must(t, db.CreateWebhook(ctx, &tandem.Webhook{OrgID: b.Org.ID, URL: "https://b.example.com/", Events: []string{"help.requested"}, Secret: "whsec_eA=="}))
	}
	err = db.CreateWebhook(ctx, &tandem.Webhook{OrgID: b.Org.ID, URL: "https://b.example.com/", Events: []string{"help.requested"}, Secret: "whsec_eA=="})
	if tandem.ErrorCode(err) != tandem.EINVALID {
		t.Errorf("webhook beyond the limit: %v, want EINVALID", err)
	}
}
