package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/api"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/internal/httpx"
	"github.com/tandemhq/tandem/sqlstore"
	"github.com/tandemhq/tandem/storetest"
	"github.com/tandemhq/tandem/web/customer"
)

// The rules of a visit are the application's, written once; the JSON API
// and the customer pages only carry them. These tests hold the two channels
// to that: each rule case is submitted through both, over one real server
// wired as cmd/tandem wires it, and both must end alike: accepted, or
// refused with the same status and the same domain error (each face may
// word it its own way), and the same stored state.

func TestMain(m *testing.M) { storetest.Main(m) }

var catalog = i18n.MustLoad()

// start is the clock's first reading; cases only ever move it on.
var start = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

// clock is the use cases' injectable time.
type clock struct {
	mu sync.Mutex
	at time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = c.at.Add(d)
}

// harness is one store, two organizations and both faces on one server.
type harness struct {
	db    *sqlstore.DB
	clock *clock
	srv   *httptest.Server
	// a and b are two organizations; a also runs a second service, other,
	// at its own touchpoint, otherTP, with a blueprint of its own.
	a, b    *storetest.World
	other   *tandem.Service
	otherBP *tandem.Blueprint
	otherTP *tandem.Touchpoint
	tokens  map[int64]string // an API token of each organization
}

func newHarness(t *testing.T, eng storetest.Engine) *harness {
	t.Helper()
	db := eng.Open(t)
	h := &harness{db: db, clock: &clock{at: start}, tokens: map[int64]string{}}
	h.a = storetest.NewWorld(t, db, "cafe-a")
	h.b = storetest.NewWorld(t, db, "cafe-b")
	ctx := context.Background()
	h.other = &tandem.Service{OrgID: h.a.Org.ID, SiteID: h.a.Site.ID, Name: tandem.Text{"en": "Takeaway"}}
	must(t, db.CreateService(ctx, h.other))
	h.otherBP = &tandem.Blueprint{OrgID: h.a.Org.ID, ServiceID: h.other.ID,
		Steps:   []tandem.Step{{Key: "pick-up", Lane: tandem.LaneCustomer, Title: tandem.Text{"en": "Pick up"}}},
		Aspects: []tandem.Aspect{{Key: "packaging", Name: tandem.Text{"en": "Packaging"}, ControlledBy: tandem.PartyProvider}}}
	must(t, db.PublishBlueprint(ctx, h.otherBP))
	h.otherTP = &tandem.Touchpoint{OrgID: h.a.Org.ID, SiteID: h.a.Site.ID, ServiceID: h.other.ID, Name: tandem.Text{"en": "Counter"}}
	must(t, db.CreateTouchpoint(ctx, h.otherTP))
	for _, w := range []*storetest.World{h.a, h.b} {
		tok := &tandem.APIToken{OrgID: w.Org.ID, Name: "booking system"}
		must(t, db.CreateAPIToken(ctx, tok))
		h.tokens[w.Org.ID] = tok.Token
	}

	// As cmd/tandem's newHandler wires the customer pages and the API.
	log := slog.New(slog.DiscardHandler)
	uc := app.New(app.StoresOf(db), app.Options{Now: h.clock.Now})
	mux := http.NewServeMux()
	cust := &customer.Server{App: uc, Catalog: catalog, Logger: log}
	must(t, cust.Init())
	cust.Register(mux)
	(&api.Server{App: uc, Catalog: catalog, Logger: log, Version: "test", Ping: db.Ping}).Register(mux)
	h.srv = httptest.NewServer(httpx.SecureHeaders(mux))
	t.Cleanup(h.srv.Close)
	t.Cleanup(cust.CloseLive) // runs before Close, which waits for live streams
	return h
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// say is what a customer says in a feedback, whichever channel carries it.
type say struct {
	Overall     int
	Aspects     map[string]tandem.Rating // by aspect key
	Comment     string
	PraiseStaff int64
	Praise      string
}

// target is what a submission is aimed at: an episode's token, or a
// touchpoint's code (the API names it; the page starts a visit there first).
type target struct {
	token, code string
	// device is the browser that holds the visit, with the answer to
	// "First time here?" it remembers; nil is a device never seen.
	device *browser
	// answer is that remembered answer, for the API to send as first_time
	// as a kiosk that asked would: nil sends none.
	answer *bool
}

// outcome is how a channel answered a submission.
type outcome struct {
	status int
	text   string          // the API's problem detail, or the page's text
	id     int64           // the feedback the submission landed on
	added  map[int64]int64 // feedback stored meanwhile, by organization
}

// counts returns how many feedback each organization has stored.
func (h *harness) counts(t *testing.T) map[int64]int64 {
	t.Helper()
	m := map[int64]int64{}
	for _, w := range []*storetest.World{h.a, h.b} {
		n, err := h.db.CountFeedback(context.Background(), tandem.FeedbackFilter{OrgID: w.Org.ID})
		must(t, err)
		m[w.Org.ID] = int64(n)
	}
	return m
}

// measure runs submit and returns its outcome with what it stored.
func (h *harness) measure(t *testing.T, submit func() outcome) outcome {
	t.Helper()
	before := h.counts(t)
	o := submit()
	after := h.counts(t)
	o.added = map[int64]int64{}
	for org, n := range after {
		if d := n - before[org]; d != 0 {
			o.added[org] = d
		}
	}
	return o
}

// viaAPI submits s as a kiosk or integration does: POST /api/v1/feedback,
// JSON, with the Idempotency-Key key when not empty.
func (h *harness) viaAPI(t *testing.T, tg target, s say, key string) outcome {
	t.Helper()
	body := map[string]any{"overall": s.Overall, "lang": "en"}
	if tg.token != "" {
		body["episode"] = tg.token
	} else {
		body["touchpoint"] = tg.code
	}
	if tg.answer != nil {
		body["first_time"] = *tg.answer
	}
	var aspects []map[string]string
	for _, k := range slices.Sorted(maps.Keys(s.Aspects)) {
		aspects = append(aspects, map[string]string{"aspect": k, "rating": string(s.Aspects[k])})
	}
	if aspects != nil {
		body["aspects"] = aspects
	}
	if s.Comment != "" {
		body["comment"] = s.Comment
	}
	if s.PraiseStaff != 0 {
		body["praise_staff_id"] = s.PraiseStaff
	}
	if s.Praise != "" {
		body["praise"] = s.Praise
	}
	headers := map[string]string{}
	if key != "" {
		headers["Idempotency-Key"] = key
	}
	return h.measure(t, func() outcome {
		status, reply := h.postJSON(t, "/api/v1/feedback", body, headers)
		var r struct {
			ID     int64  `json:"id"`
			Detail string `json:"detail"`
		}
		must(t, json.Unmarshal(reply, &r))
		return outcome{status: status, text: r.Detail, id: r.ID}
	})
}

// viaWeb submits s as the customer's page does: POST /e/{token}/feedback,
// a form, from the device that holds the visit. A target named by a
// touchpoint's code is a visit started there first, as a scan does.
func (h *harness) viaWeb(t *testing.T, tg target, s say) outcome {
	t.Helper()
	b := tg.device
	if b == nil {
		b = h.browser(t)
	}
	if tg.token == "" {
		tg.token = b.startVisit(t, tg.code, "")
	}
	form := url.Values{"lang": {"en"}, "overall": {strconv.Itoa(s.Overall)}}
	for k, r := range s.Aspects {
		form.Set("aspect-"+k, string(r))
	}
	// A browser sends a textarea's line breaks as CRLF, whatever the
	// customer's system uses; the form's maxlength counts each as one.
	crlf := strings.NewReplacer("\r\n", "\r\n", "\n", "\r\n")
	if s.Comment != "" {
		form.Set("comment", crlf.Replace(s.Comment))
	}
	if s.PraiseStaff != 0 {
		form.Set("praise_staff_id", strconv.FormatInt(s.PraiseStaff, 10))
	}
	if s.Praise != "" {
		form.Set("praise", crlf.Replace(s.Praise))
	}
	return h.measure(t, func() outcome {
		resp, page := b.post(t, "/e/"+tg.token+"/feedback", form)
		o := outcome{status: resp.StatusCode, text: page}
		if resp.StatusCode == http.StatusSeeOther { // to /e/{token}/thanks?f={id}
			loc, err := url.Parse(resp.Header.Get("Location"))
			must(t, err)
			o.id, _ = strconv.ParseInt(loc.Query().Get("f"), 10, 64)
		}
		return o
	})
}

// apiText and webText are how each face words a domain error's key in
// English: the API as its problem detail; the page beside the form, or,
// for anything not found, its one not-found page.
func apiText(key string) string { return catalog.Printer("en").In("api.", key) }

func webText(status int, key string) string {
	p := catalog.Printer("en")
	if status == http.StatusNotFound {
		return p.T("customer.notfound.body")
	}
	return p.In("customer.", key)
}

// postJSON sends body (nil for none) as JSON in English and returns the status and the
// reply.
func (h *harness) postJSON(t *testing.T, path string, body any, headers map[string]string) (int, []byte) {
	t.Helper()
	var rd io.Reader = http.NoBody
	if body != nil {
		b, err := json.Marshal(body)
		must(t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(http.MethodPost, h.srv.URL+path, rd)
	must(t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept-Language", "en")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := h.srv.Client().Do(req)
	must(t, err)
	defer resp.Body.Close()
	reply, err := io.ReadAll(resp.Body)
	must(t, err)
	return resp.StatusCode, reply
}

// browser is a customer's device: it keeps cookies and does not follow
// redirects, so the tests see each 303.
type browser struct {
	h *harness
	c *http.Client
}

func (h *harness) browser(t *testing.T) *browser {
	jar, err := cookiejar.New(nil)
	must(t, err)
	return &browser{h: h, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// post sends a form and returns the response and its body, unescaped so
// texts compare as the customer reads them.
func (b *browser) post(t *testing.T, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.h.srv.URL+path, strings.NewReader(form.Encode()))
	must(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "en")
	resp, err := b.c.Do(req)
	must(t, err)
	defer resp.Body.Close()
	page, err := io.ReadAll(resp.Body)
	must(t, err)
	return resp, html.UnescapeString(string(page))
}

// startVisit scans a touchpoint's code: POST /t/{code}/start, answering
// "First time here?" with first ("yes", "no", or "" for not asked), and
// returns the new episode's token.
func (b *browser) startVisit(t *testing.T, code, first string) string {
	t.Helper()
	form := url.Values{}
	if first != "" {
		form.Set("first_time", first)
	}
	resp, _ := b.post(t, "/t/"+code+"/start", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("start at %s: status %d, want 303", code, resp.StatusCode)
	}
	token, ok := strings.CutPrefix(resp.Header.Get("Location"), "/e/")
	if !ok || token == "" {
		t.Fatalf("start at %s: redirected to %q, want an episode", code, resp.Header.Get("Location"))
	}
	return strings.TrimSuffix(token, "#feedback")
}

// answerFirstTime answers "First time here?" on the episode's page.
func (b *browser) answerFirstTime(t *testing.T, token, first string) {
	t.Helper()
	resp, _ := b.post(t, "/e/"+token+"/first-time", url.Values{"first_time": {first}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first-time answer: status %d, want 303", resp.StatusCode)
	}
}

// book makes an appointment at the world's touchpoint, at after from the
// clock's now, through POST /api/v1/appointments as a booking system does,
// and returns its episode's token.
func (h *harness) book(t *testing.T, w *storetest.World, after time.Duration) string {
	t.Helper()
	status, reply := h.postJSON(t, "/api/v1/appointments", map[string]any{
		"service_id": w.Service.ID, "touchpoint_id": w.Touchpoint.ID,
		"scheduled_at": h.clock.Now().Add(after).Format(time.RFC3339),
	}, map[string]string{"Authorization": "Bearer " + h.tokens[w.Org.ID]})
	if status != http.StatusCreated {
		t.Fatalf("book: status %d: %s", status, reply)
	}
	var r struct {
		Token string `json:"token"`
	}
	must(t, json.Unmarshal(reply, &r))
	return r.Token
}

// TestChannelsFeedbackRules submits each rule case through the API and
// through the customer's page, each to a target of its own, and wants the
// same outcome: both refuse with the same status and domain error and
// store nothing, or both store one feedback, in the same organization and
// service, saying the same.
func TestChannelsFeedbackRules(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			h := newHarness(t, eng)
			a, b := h.a, h.b
			good := say{Overall: 4, Aspects: map[string]tandem.Rating{"temp": tandem.Positive, "wait": tandem.Negative}}

			// Targets, each made afresh for each channel.
			walkIn := func(w *storetest.World, first string) func(*testing.T) target {
				return func(t *testing.T) target {
					d := h.browser(t)
					return target{token: d.startVisit(t, w.Touchpoint.Code, first), device: d}
				}
			}
			// booked makes an appointment in `ahead` from now, then lets
			// `pass` go by on the clock before the feedback is sent.
			booked := func(ahead, pass time.Duration) func(*testing.T) target {
				return func(t *testing.T) target {
					tok := h.book(t, a, ahead)
					h.clock.advance(pass)
					return target{token: tok}
				}
			}

			for _, c := range []struct {
				name   string
				target func(*testing.T) target
				say    say
				// refused is the status both refuse with, and key the
				// domain error; 0 when both accept.
				refused int
				key     string
				// Where an accepted feedback is stored: the organization
				// (a when nil) and the service (the world's own when 0),
				// and the first-timer flag it must carry, when set.
				org       *storetest.World
				service   int64
				firstTime *bool
			}{
				// An appointment's feedback opens an hour before it.
				{name: "appointment in three hours", target: booked(3*time.Hour, 0), say: good,
					refused: http.StatusUnprocessableEntity, key: "error.feedback_early"},
				{name: "appointment in 61 minutes", target: booked(3*time.Hour, 3*time.Hour-61*time.Minute), say: good,
					refused: http.StatusUnprocessableEntity, key: "error.feedback_early"},
				{name: "appointment in 59 minutes", target: booked(3*time.Hour, 3*time.Hour-59*time.Minute), say: good},
				{name: "appointment an hour past", target: booked(2*time.Hour, 3*time.Hour), say: good},

				{name: "unknown episode", target: func(*testing.T) target { return target{token: "no-such-episode-token"} },
					say: good, refused: http.StatusNotFound, key: "error.episode_unknown"},

				// Content the domain refuses, whoever carries it.
				{name: "overall 0", target: walkIn(a, ""), say: say{Overall: 0},
					refused: http.StatusUnprocessableEntity, key: "error.overall_range"},
				{name: "overall 6", target: walkIn(a, ""), say: say{Overall: 6},
					refused: http.StatusUnprocessableEntity, key: "error.overall_range"},
				{name: "aspect neither positive nor negative", target: walkIn(a, ""),
					say:     say{Overall: 3, Aspects: map[string]tandem.Rating{"temp": "lukewarm"}},
					refused: http.StatusUnprocessableEntity, key: "error.rating"},
				{name: "praise without a person", target: walkIn(a, ""), say: say{Overall: 5, Praise: "Lovely"},
					refused: http.StatusUnprocessableEntity, key: "error.required"},
				{name: "comment over the limit", target: walkIn(a, ""),
					say:     say{Overall: 2, Comment: strings.Repeat("a", tandem.MaxCommentRunes+1)},
					refused: http.StatusUnprocessableEntity, key: "error.comment_long"},
				// At the limit with a line break: the page's textarea lets the
				// customer type it (maxlength counts a line break as one),
				// and its browser sends the break as CRLF.
				{name: "comment at the limit, on two lines", target: walkIn(a, ""),
					say: say{Overall: 2, Comment: strings.Repeat("a", 1000) + "\n" + strings.Repeat("a", tandem.MaxCommentRunes-1001)}},
				{name: "praise and comment", target: walkIn(a, ""),
					say: say{Overall: 5, PraiseStaff: a.Member("Anna").ID, Praise: "Quick\nand kind", Comment: "Fine"}},

				// Whether the customer is a first-timer is the episode's, or
				// the customer's own answer where the channel has one.
				{name: "started as a first-timer", target: walkIn(a, "yes"), say: good, firstTime: new(true)},
				{name: "started as a regular", target: walkIn(a, "no"), say: good, firstTime: new(false)},
				{name: "started as a first-timer, then answered no", target: func(t *testing.T) target {
					tg := walkIn(a, "yes")(t)
					tg.device.answerFirstTime(t, tg.token, "no")
					return tg
				}, say: good, firstTime: new(false)},
				{name: "booked, then answered yes", target: func(t *testing.T) target {
					tok := h.book(t, a, 30*time.Minute)
					d := h.browser(t)
					d.answerFirstTime(t, tok, "yes")
					return target{token: tok, device: d}
				}, say: good, firstTime: new(true)},
				// A device that answered at this organization before is
				// never asked again: its answer counts on the page, as a
				// kiosk's first_time does in the API.
				{name: "booked, on a device that answered before", target: func(t *testing.T) target {
					d := h.browser(t)
					d.startVisit(t, a.Touchpoint.Code, "yes")
					return target{token: h.book(t, a, 30*time.Minute), device: d, answer: new(true)}
				}, say: good, firstTime: new(true)},

				// Feedback counts where its target is, never elsewhere.
				{name: "episode of another organization", target: walkIn(b, ""), say: good, org: b},
				{name: "another service's touchpoint", target: func(*testing.T) target { return target{code: h.otherTP.Code} },
					say: say{Overall: 3, Aspects: map[string]tandem.Rating{"packaging": tandem.Negative}}, service: h.other.ID},
				{name: "an aspect of another service", target: func(*testing.T) target { return target{code: h.otherTP.Code} },
					say: good, refused: http.StatusUnprocessableEntity, key: "error.aspect_unknown"},
				{name: "praising another organization's staff", target: walkIn(b, ""),
					say:     say{Overall: 5, PraiseStaff: a.Member("Anna").ID, Praise: "Great"},
					refused: http.StatusUnprocessableEntity, key: "error.staff_unknown"},
			} {
				t.Run(c.name, func(t *testing.T) {
					viaAPI := h.viaAPI(t, c.target(t), c.say, "")
					viaWeb := h.viaWeb(t, c.target(t), c.say)
					if c.refused != 0 {
						for _, o := range []struct {
							channel string
							outcome
							wantText string // the domain error as the face words it
						}{{"API", viaAPI, apiText(c.key)}, {"page", viaWeb, webText(c.refused, c.key)}} {
							if o.status != c.refused {
								t.Errorf("%s: status %d, want %d (%s)", o.channel, o.status, c.refused, c.key)
							}
							if !strings.Contains(o.text, o.wantText) {
								t.Errorf("%s: the refusal does not say %q", o.channel, o.wantText)
							}
							if len(o.added) != 0 {
								t.Errorf("%s: stored %v, want nothing", o.channel, o.added)
							}
						}
						return
					}
					if viaAPI.status != http.StatusCreated || viaWeb.status != http.StatusSeeOther {
						t.Fatalf("status: API %d (%s), page %d, want both to accept (201, 303)", viaAPI.status, viaAPI.text, viaWeb.status)
					}
					org := c.org
					if org == nil {
						org = a
					}
					service := c.service
					if service == 0 {
						service = org.Service.ID
					}
					want := map[int64]int64{org.Org.ID: 1}
					var stored []*tandem.Feedback
					for _, o := range []struct {
						channel string
						outcome
					}{{"API", viaAPI}, {"page", viaWeb}} {
						if !maps.Equal(o.added, want) {
							t.Errorf("%s: stored %v by organization, want %v", o.channel, o.added, want)
						}
						f, err := h.db.FindFeedback(context.Background(), org.Org.ID, o.id)
						if err != nil {
							t.Fatalf("%s: feedback %d in organization %d: %v", o.channel, o.id, org.Org.ID, err)
						}
						if f.ServiceID != service {
							t.Errorf("%s: stored for service %d, want %d", o.channel, f.ServiceID, service)
						}
						if c.firstTime != nil && f.FirstTime != *c.firstTime {
							t.Errorf("%s: stored FirstTime %v, want %v", o.channel, f.FirstTime, *c.firstTime)
						}
						stored = append(stored, f)
					}
					if d := differ(stored[0], stored[1]); d != "" {
						t.Errorf("the channels stored different feedback: %s", d)
					}
				})
			}
		})
	}
}

// TestChannelsRetries sends a feedback twice through each channel. The same
// submission twice is one record either way. What counts as a retry
// differs by design: the API's Idempotency-Key names one request, so the
// same key with something else said is a client's mistake, refused 422
// and never shown the first record; the page allows one feedback per
// episode (its key is the episode's own, tandem.FeedbackKey), so a second,
// different submission (a change of mind, a double tap after an edit)
// lands on the first record, which stands unchanged.
func TestChannelsRetries(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			h := newHarness(t, eng)
			orgA := h.a.Org.ID
			first := say{Overall: 4, Aspects: map[string]tandem.Rating{"temp": tandem.Positive}, Comment: "Nice"}
			second := say{Overall: 1, Comment: "On second thought"}
			visit := func(t *testing.T) target {
				d := h.browser(t)
				return target{token: d.startVisit(t, h.a.Touchpoint.Code, ""), device: d}
			}
			// want checks a submission: its status, what it stored, and
			// which record it landed on (0 for none).
			want := func(t *testing.T, what string, o outcome, status int, added int64, id int64) {
				t.Helper()
				if o.status != status {
					t.Errorf("%s: status %d (%s), want %d", what, o.status, o.text, status)
				}
				if o.added[orgA] != added || len(o.added) > 1 {
					t.Errorf("%s: stored %v by organization, want %d in %d", what, o.added, added, orgA)
				}
				if id != 0 && o.id != id {
					t.Errorf("%s: landed on feedback %d, want the first, %d", what, o.id, id)
				}
			}
			overall := func(t *testing.T, id int64) int {
				f, err := h.db.FindFeedback(context.Background(), orgA, id)
				must(t, err)
				return f.Overall
			}

			t.Run("the same twice", func(t *testing.T) {
				tg := visit(t)
				api1 := h.viaAPI(t, tg, first, "retry-1")
				want(t, "API, first", api1, http.StatusCreated, 1, 0)
				want(t, "API, again", h.viaAPI(t, tg, first, "retry-1"), http.StatusOK, 0, api1.id)

				tg = visit(t)
				web1 := h.viaWeb(t, tg, first)
				want(t, "page, first", web1, http.StatusSeeOther, 1, 0)
				want(t, "page, again", h.viaWeb(t, tg, first), http.StatusSeeOther, 0, web1.id)
			})

			t.Run("something else the second time", func(t *testing.T) {
				tg := visit(t)
				api1 := h.viaAPI(t, tg, first, "retry-2")
				want(t, "API, first", api1, http.StatusCreated, 1, 0)
				api2 := h.viaAPI(t, tg, second, "retry-2")
				want(t, "API, under the same key", api2, http.StatusUnprocessableEntity, 0, 0)
				if msg := apiText("error.idempotency_key_reused"); api2.text != msg {
					t.Errorf("API, under the same key: detail %q, want %q", api2.text, msg)
				}
				if api2.id != 0 {
					t.Errorf("API, under the same key: the refusal shows feedback %d", api2.id)
				}
				if got := overall(t, api1.id); got != first.Overall {
					t.Errorf("API: the first record now says overall %d, want %d", got, first.Overall)
				}

				tg = visit(t)
				web1 := h.viaWeb(t, tg, first)
				want(t, "page, first", web1, http.StatusSeeOther, 1, 0)
				want(t, "page, second", h.viaWeb(t, tg, second), http.StatusSeeOther, 0, web1.id)
				if got := overall(t, web1.id); got != first.Overall {
					t.Errorf("page: the first record now says overall %d, want %d", got, first.Overall)
				}
			})
		})
	}
}

// TestChannelsHelpWindow asks for help on a step of the customer's page
// at the edges of the window the domain keeps open (tandem.Episode.HelpOpen):
// until the visit has feedback, and for 12 hours after it began, on the
// injectable clock. Only the page takes help requests: the API has no
// endpoint to ask for help (integrations read them, GET /api/v1/help), so
// the second channel here is the one that gives the feedback that ends the
// window, which must end it alike.
func TestChannelsHelpWindow(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			h := newHarness(t, eng)
			a := h.a
			good := say{Overall: 3}
			for _, c := range []struct {
				name string
				// visit makes the episode on the customer's device and
				// does what happens before the help request.
				visit   func(*testing.T, target) target
				refused bool
			}{
				{name: "a visit going on", visit: func(_ *testing.T, tg target) target { return tg }},
				{name: "12 hours after it began", visit: func(_ *testing.T, tg target) target {
					h.clock.advance(tandem.HelpOpenFor)
					return tg
				}},
				{name: "more than 12 hours after it began", visit: func(_ *testing.T, tg target) target {
					h.clock.advance(tandem.HelpOpenFor + time.Second)
					return tg
				}, refused: true},
				{name: "an appointment booked two days ahead, at its time", visit: func(t *testing.T, tg target) target {
					tg.token = h.book(t, a, 48*time.Hour)
					h.clock.advance(48 * time.Hour)
					return tg
				}},
				{name: "after feedback on the page", visit: func(t *testing.T, tg target) target {
					if o := h.viaWeb(t, tg, good); o.status != http.StatusSeeOther {
						t.Fatalf("feedback on the page: status %d", o.status)
					}
					return tg
				}, refused: true},
				{name: "after feedback through the API", visit: func(t *testing.T, tg target) target {
					if o := h.viaAPI(t, tg, good, ""); o.status != http.StatusCreated {
						t.Fatalf("feedback through the API: status %d (%s)", o.status, o.text)
					}
					return tg
				}, refused: true},
			} {
				t.Run(c.name, func(t *testing.T) {
					d := h.browser(t)
					tg := c.visit(t, target{token: d.startVisit(t, a.Touchpoint.Code, ""), device: d})
					resp, page := d.post(t, fmt.Sprintf("/e/%s/steps/%d/help", tg.token, a.Step("order").ID), url.Values{})
					ep, err := h.db.FindEpisodeByToken(context.Background(), tg.token)
					must(t, err)
					asked, err := h.db.ListHelp(context.Background(), tandem.HelpFilter{OrgID: a.Org.ID, EpisodeID: &ep.ID})
					must(t, err)
					if !c.refused {
						if resp.StatusCode != http.StatusSeeOther || len(asked) != 1 {
							t.Errorf("status %d, %d requests stored; want 303 and one", resp.StatusCode, len(asked))
						}
						return
					}
					if resp.StatusCode != http.StatusUnprocessableEntity {
						t.Errorf("status %d, want 422", resp.StatusCode)
					}
					if msg := webText(http.StatusUnprocessableEntity, "error.help_closed"); !strings.Contains(page, msg) {
						t.Errorf("the page does not say %q", msg)
					}
					if len(asked) != 0 {
						t.Errorf("%d help requests stored, want none", len(asked))
					}
				})
			}
		})
	}
}

// TestChannelsSteps marks steps done through the page (the customer
// ticking one) and the API (a till ringing it up): each stores the step
// done once, however often it is marked. Who may mark which step differs
// by design (tandem.MayMark): customers tick their own steps only, so to
// the page a frontline step is as unknown (404) as one that does not
// exist, while a system marks it. An episode of another organization is
// unknown to the API.
func TestChannelsSteps(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			h := newHarness(t, eng)
			a := h.a
			ctx := context.Background()
			for _, c := range []struct {
				name     string
				step     string // the step's key; its id on the page
				web, api int    // the status each answers, twice
			}{
				{"the customer's own step", "order", http.StatusSeeOther, http.StatusOK},
				{"a frontline step", "serve", http.StatusNotFound, http.StatusOK},
				{"no such step", "dance", http.StatusNotFound, http.StatusNotFound},
			} {
				t.Run(c.name, func(t *testing.T) {
					var id int64 = 1 << 40 // no step's
					if st := a.Blueprint.StepByKey(c.step); st != nil {
						id = st.ID
					}
					auth := map[string]string{"Authorization": "Bearer " + h.tokens[a.Org.ID]}
					for _, ch := range []struct {
						name string
						want int
						mark func(d *browser, ep *tandem.Episode) int
					}{
						{"page", c.web, func(d *browser, ep *tandem.Episode) int {
							resp, _ := d.post(t, fmt.Sprintf("/e/%s/steps/%d", ep.Token, id), url.Values{})
							return resp.StatusCode
						}},
						{"API", c.api, func(_ *browser, ep *tandem.Episode) int {
							status, _ := h.postJSON(t, fmt.Sprintf("/api/v1/episodes/%d/steps/%s", ep.ID, c.step), nil, auth)
							return status
						}},
					} {
						d := h.browser(t)
						ep, err := h.db.FindEpisodeByToken(ctx, d.startVisit(t, a.Touchpoint.Code, ""))
						must(t, err)
						for range 2 {
							if status := ch.mark(d, ep); status != ch.want {
								t.Errorf("%s: status %d, want %d", ch.name, status, ch.want)
							}
						}
						ep, err = h.db.FindEpisode(ctx, a.Org.ID, ep.ID)
						must(t, err)
						stored := 0 // steps done
						if ch.want < 400 {
							stored = 1
						}
						if len(ep.Done) != stored || ep.IsDone(id) != (stored == 1) {
							t.Errorf("%s: steps done %+v, want %q done %d time(s)", ch.name, ep.Done, c.step, stored)
						}
					}
				})
			}
			t.Run("another organization's episode", func(t *testing.T) {
				d := h.browser(t)
				ep, err := h.db.FindEpisodeByToken(ctx, d.startVisit(t, h.b.Touchpoint.Code, ""))
				must(t, err)
				status, _ := h.postJSON(t, fmt.Sprintf("/api/v1/episodes/%d/steps/order", ep.ID), nil,
					map[string]string{"Authorization": "Bearer " + h.tokens[a.Org.ID]})
				if status != http.StatusNotFound {
					t.Errorf("status %d, want 404", status)
				}
				if ep, err = h.db.FindEpisode(ctx, h.b.Org.ID, ep.ID); err != nil || len(ep.Done) != 0 {
					t.Errorf("the other organization's episode: %v, steps done %+v, want none", err, ep.Done)
				}
			})
		})
	}
}

// differ names what two feedback records, of one rule case through two
// channels, say differently; "" when they say the same.
func differ(x, y *tandem.Feedback) string {
	var d []string
	check := func(what string, a, b any) {
		if a != b {
			d = append(d, fmt.Sprintf("%s %q vs %q", what, fmt.Sprint(a), fmt.Sprint(b)))
		}
	}
	check("organization", x.OrgID, y.OrgID)
	check("service", x.ServiceID, y.ServiceID)
	check("blueprint", x.BlueprintID, y.BlueprintID)
	check("touchpoint", x.TouchpointID, y.TouchpointID)
	check("site", x.SiteID, y.SiteID)
	check("overall", x.Overall, y.Overall)
	check("first time", x.FirstTime, y.FirstTime)
	check("comment", x.Comment, y.Comment)
	check("praised", x.PraiseStaffID, y.PraiseStaffID)
	check("praise", x.Praise, y.Praise)
	check("lang", x.Lang, y.Lang)
	ratings := func(f *tandem.Feedback) string {
		var s []string
		for _, r := range f.Aspects {
			s = append(s, fmt.Sprintf("%d=%s/%s", r.AspectID, r.Rating, r.Cause))
		}
		slices.Sort(s)
		return strings.Join(s, " ")
	}
	check("aspects", ratings(x), ratings(y))
	return strings.Join(d, "; ")
}
