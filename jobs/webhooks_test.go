package jobs_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/jobs"
	"github.com/tandemhq/tandem/sqlstore"
	"github.com/tandemhq/tandem/storetest"
	"github.com/tandemhq/tandem/webhook"
)

// hookReceiver is a webhook endpoint that counts deliveries by webhook-id,
// failing the first attempt of every third one.
type hookReceiver struct {
	*httptest.Server
	mu       sync.Mutex
	attempts map[string]int
	bodies   map[string]string
}

func newHookReceiver(t *testing.T) *hookReceiver {
	h := &hookReceiver{attempts: map[string]int{}, bodies: map[string]string{}}
	n := 0
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		id := r.Header.Get("webhook-id")
		h.mu.Lock()
		defer h.mu.Unlock()
		n++
		h.attempts[id]++
		if h.attempts[id] == 1 && n%3 == 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		h.bodies[id] = string(b)
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hookReceiver) delivered() map[string]string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := map[string]string{}
	for k, v := range h.bodies {
		out[k] = v
	}
	return out
}

func TestWebhookDeliveries(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) { testWebhookDeliveries(t, e.Open(t)) })
	}
}

// Every feedback reaches the endpoint subscribed to it, signed, at least
// once and despite failures; another organization's endpoint hears
// nothing; a redelivery sends the same event again.
func testWebhookDeliveries(t *testing.T, db *sqlstore.DB) {
	a := storetest.NewWorld(t, db, "hooks-a")
	b := storetest.NewWorld(t, db, "hooks-b")
	uc := app.New(app.StoresOf(db), app.Options{})
	recvA, recvB := newHookReceiver(t), newHookReceiver(t)
	hookA, err := uc.CreateWebhook(ctx, a.Org.ID, recvA.URL+"/a", []string{tandem.EventFeedbackCreated})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := uc.CreateWebhook(ctx, b.Org.ID, recvB.URL+"/b", []string{tandem.EventFeedbackCreated, tandem.EventHelpRequested}); err != nil {
		t.Fatal(err)
	}
	k := &jobs.Webhooks{Deliverer: webhook.New(app.StoresOf(db), webhook.Options{AllowPrivate: true}), Store: db}
	start(t, db, k)

	var ids []int64
	for range 12 {
		f := a.Feedback(2)
		if _, err := db.CreateFeedback(ctx, f); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, f.ID)
	}
	waitFor(t, "12 deliveries", func() bool { return len(recvA.delivered()) == 12 })
	got := map[int64]bool{}
	for id, body := range recvA.delivered() {
		var m struct {
			Type string
			ID   string
			Data struct{ ID int64 }
		}
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			t.Fatalf("delivery %s: %v", id, err)
		}
		if m.Type != tandem.EventFeedbackCreated || m.ID != id || !strings.HasPrefix(id, "evt_") {
			t.Errorf("delivery %s = %s", id, body)
		}
		got[m.Data.ID] = true
	}
	for _, id := range ids {
		if !got[id] {
			t.Errorf("feedback %d was not delivered", id)
		}
	}
	if n := len(recvB.delivered()); n != 0 {
		t.Errorf("another organization's endpoint got %d deliveries", n)
	}

	// The log has every attempt, failed ones too; a redelivery repeats one.
	log, err := db.ListDeliveries(ctx, a.Org.ID, hookA.ID, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) < 12 {
		t.Fatalf("delivery log has %d attempts, want at least 12", len(log))
	}
	first := log[len(log)-1]
	recvA.mu.Lock()
	before := recvA.attempts[webhook.MessageID(&tandem.Event{ID: first.EventID})]
	recvA.mu.Unlock()
	if _, err := uc.Redeliver(ctx, a.Org.ID, hookA.ID, first.ID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the redelivery", func() bool {
		recvA.mu.Lock()
		defer recvA.mu.Unlock()
		return recvA.attempts[webhook.MessageID(&tandem.Event{ID: first.EventID})] == before+1
	})
	if _, err := uc.Redeliver(ctx, b.Org.ID, hookA.ID, first.ID); tandem.ErrorCode(err) != tandem.ENOTFOUND {
		t.Errorf("another organization's redelivery = %v, want not found", err)
	}
}
