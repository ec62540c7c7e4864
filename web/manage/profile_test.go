package manage_test

import (
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/notify"
)

// postJSON posts a JSON body, as profile.js does.
func (c *client) postJSON(path string, body any, header ...string) response {
	c.t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", c.e.srv.URL+path, strings.NewReader(string(b)))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.do(req)
}

// browserSubscription is what PushSubscription.toJSON() gives, with keys a
// real browser would make.
func browserSubscription(t *testing.T, endpoint string) map[string]any {
	priv, err := ecdh.P256().GenerateKey(rand.Reader)
	must(t, err)
	auth := make([]byte, 16)
	rand.Read(auth)
	b64 := base64.RawURLEncoding
	return map[string]any{"endpoint": endpoint, "expirationTime": nil,
		"keys": map[string]string{"p256dh": b64.EncodeToString(priv.PublicKey().Bytes()), "auth": b64.EncodeToString(auth)}}
}

const androidChrome = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"

// TestProfile: a staff member changes their own name and language, turns
// notifications on for their phone, gets a test notification, removes the
// phone and chooses their emails; a refused input says why in their
// language and changes nothing; nobody else sees or removes their phones.
func TestProfile(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		anna := e.client(t).login(a.staff.Email)
		en, fi := e.cat.Printer("en"), e.cat.Printer("fi")

		r := anna.get("/app/live")
		if !strings.Contains(r.Body, `href="/app/profile"`) {
			t.Error("the layout does not lead to the profile")
		}
		r = anna.get("/app/profile")
		for _, want := range []string{a.staff.Email, `value="Anna"`, en.T("manage.profile.push_server_off"),
			`value="praise" checked`, `value="fixed" checked`, en.T("manage.profile.mail_off"), "Firefox on Android"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("GET /app/profile lacks %q", want)
			}
		}

		// Name and language: refused with the field's message, then saved.
		r = anna.post("/app/profile?lang=fi", url.Values{"name": {"  "}, "lang": {"fi"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="name-err">`+fi.In("manage.", "error.required")) {
			t.Errorf("empty name: %d", r.Status)
		}
		r = anna.post("/app/profile", url.Values{"name": {"Anna"}, "lang": {"xx"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="lang-err"`) {
			t.Errorf("unknown language: %d", r.Status)
		}
		r = anna.post("/app/profile", url.Values{"name": {"Anna Korhonen"}, "lang": {"fi"}})
		if r.Status != http.StatusSeeOther || r.Location != "/app/profile?saved=profile&lang=fi" {
			t.Errorf("save: %d %q", r.Status, r.Location)
		}
		u, err := e.db.FindUser(ctx, a.org.ID, a.staff.ID)
		must(t, err)
		if u.Name != "Anna Korhonen" || u.Lang != "fi" || u.Role != tandem.RoleStaff {
			t.Errorf("after saving: %+v", u)
		}
		if r := anna.get("/app/profile?saved=profile&lang=fi"); !strings.Contains(r.Body, fi.T("manage.profile.saved")) || !strings.Contains(r.Body, `lang="fi"`) {
			t.Error("the saved profile does not speak Finnish")
		}

		// Push: the server's public key on the page; a subscription posted
		// as the browser would.
		ps := newPushService(t)
		p, err := notify.NewPusher(ctx, e.db, notify.PusherOptions{Client: ps.Client()})
		must(t, err)
		e.mgr.Pusher = p
		r = anna.get("/app/profile?lang=en")
		for _, want := range []string{`data-key="` + p.PublicKey() + `"`, en.T("manage.profile.push_nojs"), "profile.js", en.T("manage.profile.push_on")} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("profile with push lacks %q", want)
			}
		}
		if r := anna.postJSON("/app/profile/push?lang=fi", map[string]any{"endpoint": "http://10.0.0.1/x", "keys": map[string]string{"p256dh": "x", "auth": "y"}}); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, fi.T("error.push_endpoint")) {
			t.Errorf("bad subscription: %d %s", r.Status, r.Body)
		}
		if r := anna.post("/app/profile/push", url.Values{"endpoint": {"x"}}); r.Status != http.StatusBadRequest {
			t.Errorf("a form instead of JSON: %d", r.Status)
		}
		r = anna.postJSON("/app/profile/push", browserSubscription(t, ps.URL+"/anna"), "User-Agent", androidChrome)
		if r.Status != http.StatusCreated {
			t.Fatalf("subscribe: %d %s", r.Status, r.Body)
		}
		subs, err := e.db.ListPushSubscriptions(ctx, a.org.ID, a.staff.ID)
		must(t, err)
		if len(subs) != 2 || subs[1].Endpoint != ps.URL+"/anna" || subs[1].Label != "Chrome · Android" {
			t.Fatalf("Anna's subscriptions: %+v", subs)
		}
		mine := subs[1]
		if r := anna.get("/app/profile"); !strings.Contains(r.Body, "Chrome · Android") || !strings.Contains(r.Body, `action="/app/profile/devices/`+id(mine.ID)+`/remove"`) {
			t.Error("the profile does not list the new phone with its Remove button")
		}

		// The test notification reaches the push service (the fixture's
		// phone, at push.example, is removed first: no test reaches out).
		must(t, e.db.DeletePushSubscription(ctx, a.org.ID, a.staff.ID, a.push.ID))
		r = anna.post("/app/profile/push/test", nil)
		if r.Status != http.StatusSeeOther || r.Location != "/app/profile?tested=1" {
			t.Errorf("test push: %d %q", r.Status, r.Location)
		}
		if got := ps.paths(); !slices.Equal(got, []string{"/anna"}) {
			t.Errorf("push service got %v", got)
		}
		if r := anna.get("/app/profile?tested=1&lang=en"); !strings.Contains(r.Body, en.Plural("manage.profile.test_sent_n", 1)) {
			t.Error("the profile does not say the test went out")
		}

		// Nobody else removes Anna's phone: not her manager, not another
		// organization.
		for _, other := range []*client{e.client(t).login(a.manager.Email), e.client(t).login(e.b.manager.Email)} {
			if r := other.post("/app/profile/devices/"+id(mine.ID)+"/remove", nil); r.Status != http.StatusNotFound {
				t.Errorf("someone else removing Anna's phone: %d", r.Status)
			}
			if r := other.get("/app/profile"); strings.Contains(r.Body, "Chrome · Android") {
				t.Error("someone else's profile lists Anna's phone")
			}
		}
		// A phone the push service says is gone is forgotten.
		ps.gone("/anna")
		r = anna.post("/app/profile/push/test", nil)
		if r.Location != "/app/profile?test_failed=1" {
			t.Errorf("test push to a gone phone: %d %q", r.Status, r.Location)
		}
		subs, err = e.db.ListPushSubscriptions(ctx, a.org.ID, a.staff.ID)
		must(t, err)
		if len(subs) != 0 {
			t.Errorf("after 410: %+v", subs)
		}
		// Anna removes a phone herself.
		mine.ID = 0
		must(t, e.db.SavePushSubscription(ctx, mine))
		if r := anna.post("/app/profile/devices/"+id(mine.ID)+"/remove", nil); r.Status != http.StatusSeeOther || r.Location != "/app/profile?removed=1" {
			t.Errorf("remove: %d %q", r.Status, r.Location)
		}
		if r := anna.get("/app/profile?removed=1&lang=en"); !strings.Contains(r.Body, en.T("manage.profile.removed")) || !strings.Contains(r.Body, en.T("manage.profile.devices_none")) {
			t.Error("after removing, the profile still lists a phone")
		}

		// Email choices.
		if r := anna.post("/app/profile/mail", url.Values{"mail": {"praise", "weekly", "alert"}}); r.Status != http.StatusSeeOther {
			t.Errorf("mail choices: %d", r.Status)
		}
		off, err := e.db.MailOptOuts(ctx, a.org.ID, a.staff.ID)
		must(t, err)
		if !slices.Equal(off, []tandem.MailKind{tandem.MailFixed, tandem.MailOverdue}) {
			t.Errorf("opt-outs %v", off)
		}
		if r := anna.post("/app/profile/mail", url.Values{"mail": {"praise", "spam"}}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("unknown kind: %d", r.Status)
		}
		if off2, _ := e.db.MailOptOuts(ctx, a.org.ID, a.staff.ID); !slices.Equal(off2, off) {
			t.Errorf("a refused choice changed them: %v", off2)
		}
		if r := anna.get("/app/profile"); !strings.Contains(r.Body, `value="praise" checked`) || strings.Contains(r.Body, `value="fixed" checked`) {
			t.Error("the profile does not show the choices")
		}

		// The service worker, public, as a script.
		r = e.client(t).get("/app/sw.js")
		if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/javascript") || !strings.Contains(r.Body, "showNotification") {
			t.Errorf("GET /app/sw.js: %d %q", r.Status, r.Header.Get("Content-Type"))
		}
	})
}

// pushService stands in for a browser vendor's push service.
type pushService struct {
	*httptest.Server
	mu   sync.Mutex
	got  []string
	dead map[string]bool
}

func newPushService(t *testing.T) *pushService {
	ps := &pushService{dead: map[string]bool{}}
	ps.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ps.mu.Lock()
		defer ps.mu.Unlock()
		ps.got = append(ps.got, r.URL.Path)
		if ps.dead[r.URL.Path] {
			w.WriteHeader(http.StatusGone)
			return
		}
		w.WriteHeader(http.StatusCreated)
	}))
	t.Cleanup(ps.Close)
	return ps
}

func (ps *pushService) paths() []string {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return append([]string(nil), ps.got...)
}

func (ps *pushService) gone(path string) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.dead[path] = true
}
