package api_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/api"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/internal/tune"
	"github.com/tandemhq/tandem/sqlstore"
	"github.com/tandemhq/tandem/storetest"
	"github.com/tandemhq/tandem/web/customer"
)

// TestIdempotency: a retry with the same key and body gets the first record
// back and stores nothing. (A retry with another body:
// TestIdempotencyRetryMustMatch.)
func TestIdempotency(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			body := fmt.Sprintf(`{"touchpoint": %q, "overall": 5, "aspects": [{"aspect": "window-view", "rating": "positive"}]}`, e.A.TP.Code)
			key := map[string]string{"Idempotency-Key": "kiosk-7-000123"}
			first, b1 := e.do(t, "POST", "/api/v1/feedback", body, key)
			if first.StatusCode != 201 {
				t.Fatalf("first: status %d: %s", first.StatusCode, b1)
			}
			var f1, f2 struct{ ID int64 }
			must(t, json.Unmarshal(b1, &f1))
			if got, want := first.Header.Get("Location"), fmt.Sprintf("/api/v1/feedback/%d", f1.ID); got != want {
				t.Errorf("Location = %q, want %q", got, want)
			}
			retry, b2 := e.do(t, "POST", "/api/v1/feedback", body, key)
			if retry.StatusCode != 200 {
				t.Fatalf("retry: status %d: %s", retry.StatusCode, b2)
			}
			must(t, json.Unmarshal(b2, &f2))
			if f2.ID != f1.ID {
				t.Errorf("retry id = %d, want %d", f2.ID, f1.ID)
			}
			if !strings.Contains(string(b2), `"overall":5`) {
				t.Errorf("retry did not return the first record: %s", b2)
			}
			if n := e.count(t, e.A.Org.ID); n != 1 {
				t.Errorf("stored %d feedbacks, want 1", n)
			}
			// The same key in another organization is another feedback.
			other, b3 := e.do(t, "POST", "/api/v1/feedback", strings.Replace(body, e.A.TP.Code, e.B.TP.Code, 1), key)
			if other.StatusCode != 201 {
				t.Fatalf("other org: status %d: %s", other.StatusCode, b3)
			}
		})
	}
}

// TestIdempotencyRetryMustMatch: a retry is answered with the first record
// only when it says the same; a key reused for other content is refused
// with 422, showing nothing of the stored record.
func TestIdempotencyRetryMustMatch(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			const secret = "Table by the window, my phone number is 040 123"
			body := func(tp string, overall int, aspects, comment, praise string) string {
				praiseFields := ""
				if praise != "" {
					praiseFields = fmt.Sprintf(`, "praise_staff_id": %d, "praise": %q`, e.A.Staff.ID, praise)
				}
				return fmt.Sprintf(`{"touchpoint": %q, "overall": %d, "aspects": [%s], "comment": %q%s}`, tp, overall, aspects, comment, praiseFields)
			}
			view := `{"aspect": "window-view", "rating": "positive"}`
			coffee := `{"aspect": "coffee-temperature", "rating": "negative"}`
			first := body(e.A.TP.Code, 4, view+", "+coffee, secret, "Anna was kind")
			key := map[string]string{"Idempotency-Key": "kiosk-3-000042"}
			resp, b := e.do(t, "POST", "/api/v1/feedback", first, key)
			if resp.StatusCode != http.StatusCreated {
				t.Fatalf("first: status %d: %s", resp.StatusCode, b)
			}
			var f1 struct{ ID int64 }
			must(t, json.Unmarshal(b, &f1))

			// The same request again, aspects in another order and the
			// comment padded (stored trimmed): the first record, 200.
			same := body(e.A.TP.Code, 4, coffee+", "+view, "  "+secret+" ", "Anna was kind")
			resp, b = e.do(t, "POST", "/api/v1/feedback", same, key)
			var f2 struct{ ID int64 }
			if resp.StatusCode != http.StatusOK || json.Unmarshal(b, &f2) != nil || f2.ID != f1.ID {
				t.Errorf("identical retry: status %d, body %s; want 200 with id %d", resp.StatusCode, b, f1.ID)
			}

			ru := map[string]string{"Idempotency-Key": key["Idempotency-Key"], "Accept-Language": "ru"}
			for name, other := range map[string]string{
				"overall":         body(e.A.TP.Code, 5, view+", "+coffee, secret, "Anna was kind"),
				"rating":          body(e.A.TP.Code, 4, view+`, {"aspect": "coffee-temperature", "rating": "positive"}`, secret, "Anna was kind"),
				"aspect missing":  body(e.A.TP.Code, 4, view, secret, "Anna was kind"),
				"aspect added":    body(e.A.TP.Code, 4, view+", "+coffee+`, {"aspect": "friendly-waiter", "rating": "positive"}`, secret, "Anna was kind"),
				"comment":         body(e.A.TP.Code, 4, view+", "+coffee, "", "Anna was kind"),
				"praise":          body(e.A.TP.Code, 4, view+", "+coffee, secret, "Anna was great"),
				"no praise":       body(e.A.TP.Code, 4, view+", "+coffee, secret, ""),
				"nothing but key": body(e.A.TP.Code, 1, "", "", ""),
			} {
				t.Run(name, func(t *testing.T) {
					before := e.count(t, e.A.Org.ID)
					resp, b := e.do(t, "POST", "/api/v1/feedback", other, ru)
					got := string(b)
					if resp.StatusCode != http.StatusUnprocessableEntity {
						t.Errorf("status %d, want 422: %s", resp.StatusCode, got)
					}
					if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
						t.Errorf("Content-Type = %q, want application/problem+json", ct)
					}
					want := catalog.Printer("ru").T("api.error.idempotency_key_reused")
					if !strings.Contains(got, `"field":"Idempotency-Key"`) || !strings.Contains(got, want) {
						t.Errorf("problem does not name the Idempotency-Key in Russian: %s", got)
					}
					for _, leak := range []string{secret, "040 123", "Anna was kind", fmt.Sprintf(`"id":%d`, f1.ID), "window-view"} {
						if strings.Contains(got, leak) {
							t.Errorf("refusal shows the stored record (%q): %s", leak, got)
						}
					}
					if n := e.count(t, e.A.Org.ID) - before; n != 0 {
						t.Errorf("stored %d feedbacks, want 0", n)
					}
				})
			}
			// Keys are the client's per touchpoint or episode: the same key
			// aimed at an episode is another feedback.
			byEpisode := fmt.Sprintf(`{"episode": %q, "overall": 4, "comment": %q}`, e.A.Episode.Token, secret)
			if resp, b := e.do(t, "POST", "/api/v1/feedback", byEpisode, key); resp.StatusCode != http.StatusCreated {
				t.Errorf("same key by episode: status %d, want 201: %s", resp.StatusCode, b)
			}
			if n := e.count(t, e.A.Org.ID); n != 2 {
				t.Errorf("stored %d feedbacks in all, want 2", n)
			}
		})
	}
}

// TestIdempotencyKeyCannotPreemptCustomer: the public API cannot take the
// idempotency key of an episode's feedback form. Before keys were
// namespaced, posting with the form's key stored the attacker's feedback
// under it, and the customer's form was then silently dropped as a "retry"
// (they saw the thanks page) while the attacker's record stood.
func TestIdempotencyKeyCannotPreemptCustomer(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			// The customer pages on the same mux and store, as in production.
			cs := &customer.Server{App: app.New(app.StoresOf(e.DB), app.Options{}),
				Catalog: catalog, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
			must(t, cs.Init())
			cs.Register(e.Mux)
			ep := e.A.Episode
			formKey := tandem.FeedbackKey(tandem.ChannelWeb, &tandem.Feedback{EpisodeID: ep.ID}, "")

			// The attack, with every key the form ever used or uses, at the
			// episode's touchpoint. (Aimed at the episode itself, the first
			// feedback would simply be the visit's one: whoever holds its
			// token may give it, and the key decides nothing.)
			for _, key := range []string{"episode-" + strconv.FormatInt(ep.ID, 10), formKey} {
				for _, target := range []string{fmt.Sprintf(`"touchpoint": %q`, e.A.TP.Code)} {
					resp, b := e.do(t, "POST", "/api/v1/feedback", `{`+target+`, "overall": 1, "comment": "attacker was here"}`,
						map[string]string{"Idempotency-Key": key})
					if resp.StatusCode != http.StatusCreated {
						t.Fatalf("attacker's post with key %q: status %d, want 201 (a feedback of its own): %s", key, resp.StatusCode, b)
					}
				}
			}

			// The customer submits the form for the episode.
			noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			resp, err := noRedirect.PostForm(e.Srv.URL+"/e/"+url.PathEscape(ep.Token)+"/feedback",
				url.Values{"overall": {"5"}, "comment": {"Lovely evening"}})
			must(t, err)
			resp.Body.Close()
			loc := resp.Header.Get("Location")
			if resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "/thanks?f=") {
				t.Fatalf("customer form: status %d, Location %q; want 303 to thanks", resp.StatusCode, loc)
			}
			id, err := strconv.ParseInt(loc[strings.Index(loc, "?f=")+3:], 10, 64)
			must(t, err)
			got, err := e.DB.FindFeedback(context.Background(), e.A.Org.ID, id)
			must(t, err)
			if got.Comment != "Lovely evening" || got.Overall != 5 || got.EpisodeID != ep.ID || got.IdempotencyKey != formKey {
				t.Errorf("thanks page points at %+v, want the customer's own feedback under key %q", got, formKey)
			}
			if n := e.count(t, e.A.Org.ID); n != 3 {
				t.Errorf("stored %d feedbacks, want 3: two of the attacker's and the customer's", n)
			}
			// The visit has its feedback now: the API's key cannot add one.
			resp2, b := e.do(t, "POST", "/api/v1/feedback", fmt.Sprintf(`{"episode": %q, "overall": 1}`, ep.Token),
				map[string]string{"Idempotency-Key": formKey})
			if resp2.StatusCode != http.StatusConflict {
				t.Errorf("API feedback for an episode with feedback: status %d, want 409: %s", resp2.StatusCode, b)
			}
			// The customer's own retry (a refresh) still lands on their record.
			resp, err = noRedirect.PostForm(e.Srv.URL+"/e/"+url.PathEscape(ep.Token)+"/feedback", url.Values{"overall": {"5"}, "comment": {"Lovely evening"}})
			must(t, err)
			resp.Body.Close()
			if again := resp.Header.Get("Location"); again != loc {
				t.Errorf("customer's retry went to %q, want %q", again, loc)
			}
		})
	}
}

// TestFeedbackReadiness: a kiosk or integration sends the readiness answers
// and the hardest step with the feedback; they are validated against the
// blueprint, stored, returned, and part of what a retry must repeat.
func TestFeedbackReadiness(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			ctx := context.Background()
			// The next version asks about know-how and ability.
			v2 := *e.A.BP
			v2.ID, v2.Version = 0, 0
			v2.Steps = append([]tandem.Step(nil), e.A.BP.Steps...)
			v2.Aspects = append([]tandem.Aspect(nil), e.A.BP.Aspects...)
			for i := range v2.Steps {
				v2.Steps[i].ID = 0
			}
			for i := range v2.Aspects {
				v2.Aspects[i].ID = 0
			}
			v2.Readiness = []tandem.Dimension{tandem.KnowHow, tandem.Ability}
			must(t, e.DB.PublishBlueprint(ctx, &v2))

			tp := `"touchpoint": "` + e.A.TP.Code + `", "overall": 4`
			ok := `{` + tp + `, "readiness": {"knowhow": 2, "ability": 5}, "hardest_step": "choose-table"}`
			resp, b := e.do(t, "POST", "/api/v1/feedback", ok, map[string]string{"Idempotency-Key": "r-1"})
			if resp.StatusCode != http.StatusCreated {
				t.Fatalf("status %d: %s", resp.StatusCode, b)
			}
			var out struct {
				ID          int64
				Readiness   map[string]int `json:"readiness"`
				HardestStep *string        `json:"hardest_step"`
			}
			must(t, json.Unmarshal(b, &out))
			if out.Readiness["knowhow"] != 2 || out.Readiness["ability"] != 5 || out.HardestStep == nil || *out.HardestStep != "choose-table" {
				t.Errorf("response = %s", b)
			}
			stored, err := e.DB.FindFeedback(ctx, e.A.Org.ID, out.ID)
			must(t, err)
			if stored.Readiness[tandem.KnowHow] != 2 || stored.Readiness[tandem.Ability] != 5 || v2.Step(stored.HardestStepID) == nil {
				t.Errorf("stored = %+v", stored)
			}

			// The same retry is the same record; a changed answer is refused.
			if resp, b := e.do(t, "POST", "/api/v1/feedback", ok, map[string]string{"Idempotency-Key": "r-1"}); resp.StatusCode != http.StatusOK {
				t.Errorf("identical retry: status %d: %s", resp.StatusCode, b)
			}
			changed := strings.Replace(ok, `"knowhow": 2`, `"knowhow": 3`, 1)
			if resp, b := e.do(t, "POST", "/api/v1/feedback", changed, map[string]string{"Idempotency-Key": "r-1"}); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("retry with another answer: status %d, want 422: %s", resp.StatusCode, b)
			}

			before := e.countAll(t, e.A.Org.ID)
			for name, body := range map[string]string{
				"readiness.knowhow": `{` + tp + `, "readiness": {"knowhow": 6}}`,
				"readiness.role":    `{` + tp + `, "readiness": {"role": 3}}`,
				"hardest_step":      `{` + tp + `, "hardest_step": "cook"}`,
			} {
				resp, b := e.do(t, "POST", "/api/v1/feedback", body, map[string]string{"Accept-Language": "fi"})
				if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), `"field":"`+name+`"`) {
					t.Errorf("%s: status %d, want 422 naming the field: %s", name, resp.StatusCode, b)
				}
			}
			if got := e.countAll(t, e.A.Org.ID); got != before {
				t.Errorf("refused feedback stored: %d records, want %d", got, before)
			}
		})
	}
}

// TestCacheStaleness: ingestion sees a newly published blueprint version
// once the cache TTL has passed, and not before.
func TestCacheStaleness(t *testing.T) {
	const ttl = time.Second
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng, func(s *api.Server) { s.App = app.New(s.App.Stores, app.Options{CacheTTL: ttl}) })
			post := func() (*http.Response, []byte) {
				return e.do(t, "POST", "/api/v1/feedback", fmt.Sprintf(
					`{"touchpoint": %q, "overall": 4, "aspects": [{"aspect": "dessert", "rating": "positive"}]}`, e.A.TP.Code), nil)
			}
			if resp, b := post(); resp.StatusCode != 422 {
				t.Fatalf("before publishing: status %d: %s", resp.StatusCode, b)
			}
			v2 := *e.A.BP
			v2.ID, v2.Steps, v2.Aspects = 0, slices.Clone(v2.Steps), slices.Clone(v2.Aspects)
			v2.Aspects = append(v2.Aspects, tandem.Aspect{Key: "dessert", Name: tandem.Text{"en": "Dessert"}, ControlledBy: tandem.PartyProvider})
			for i := range v2.Steps {
				v2.Steps[i].ID = 0
			}
			for i := range v2.Aspects {
				v2.Aspects[i].ID = 0
			}
			must(t, e.DB.PublishBlueprint(context.Background(), &v2))
			if resp, b := post(); resp.StatusCode != 422 {
				t.Errorf("within the TTL: status %d, want 422 (still the cached version): %s", resp.StatusCode, b)
			}
			time.Sleep(ttl + 100*time.Millisecond)
			resp, b := post()
			if resp.StatusCode != 201 {
				t.Fatalf("after the TTL: status %d: %s", resp.StatusCode, b)
			}
			if !strings.Contains(string(b), fmt.Sprintf(`"blueprint_id":%d`, v2.ID)) {
				t.Errorf("not recorded with the new version %d: %s", v2.ID, b)
			}
		})
	}
}

// TestOpenAPIExamples posts every documented feedback example, with the
// fixture's touchpoint code, episode token and staff id, and checks the
// example and the answer against the schemas.
func TestOpenAPIExamples(t *testing.T) {
	d := loadDoc(t)
	op := d.paths["/api/v1/feedback"].(map[string]any)["post"].(map[string]any)
	media := op["requestBody"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)
	schema := media["schema"].(map[string]any)
	examples := media["examples"].(map[string]any)
	if len(examples) == 0 {
		t.Fatal("no feedback examples documented")
	}
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			for name, ex := range examples {
				t.Run(name, func(t *testing.T) {
					value := ex.(map[string]any)["value"].(map[string]any)
					if err := d.validate(schema, value, "body"); err != nil {
						t.Fatalf("example does not match its schema: %v", err)
					}
					v := map[string]any{}
					for k, x := range value {
						v[k] = x
					}
					if _, ok := v["touchpoint"]; ok {
						v["touchpoint"] = e.A.TP.Code
					}
					if _, ok := v["episode"]; ok {
						v["episode"] = e.A.Episode.Token
					}
					if _, ok := v["praise_staff_id"]; ok {
						v["praise_staff_id"] = e.A.Staff.ID
					}
					body, _ := json.Marshal(v)
					resp, b := e.do(t, "POST", "/api/v1/feedback", string(body), map[string]string{"Idempotency-Key": "example-" + name})
					if resp.StatusCode != 201 {
						t.Fatalf("status %d: %s", resp.StatusCode, b)
					}
					d.checkResponse(t, e.Mux, "POST", "/api/v1/feedback", resp, b)
				})
			}
		})
	}
}

// clients is how many kiosks post at once, each on its own connection.
const clients = 64

// BenchmarkFeedbackIngest posts b.N feedbacks over real loopback HTTP to a
// real store, from 64 concurrent connections, each with its own
// Idempotency-Key as a kiosk would send. It reports throughput and latency
// percentiles; run it bounded, e.g. -benchtime=30000x.
//
// In the same run it first posts the same b.N requests, from the same
// client, to the ceiling: a bare net/http server whose handler decodes the
// same JSON and stores nothing. Tandem's share of that ceiling is what the
// store, the use case and the rest of the HTTP layer leave of the machine.
//
// With TANDEM_BENCH_CPUPROFILE=prefix, each engine writes a CPU profile of
// its Tandem phase to prefix.<engine>; the load generator's goroutines are
// labelled side=client, so that
// go tool pprof -top -tagignore side=client prefix.sqlite
// shows the server's share alone.
func BenchmarkFeedbackIngest(b *testing.B) {
	tune.GC() // as the server does
	for _, eng := range storetest.Engines() {
		b.Run(eng.Name, func(b *testing.B) {
			var batches batchCounter
			e := newEnvOn(b, eng.OpenWith(b, sqlstore.WithObserver(&batches)))
			body := []byte(fmt.Sprintf(`{"touchpoint": %q, "overall": 4, "aspects": [`+
				`{"aspect": "window-view", "rating": "positive"}, {"aspect": "coffee-temperature", "rating": "negative"}], `+
				`"comment": "The coffee went cold while I was reading.", "lang": "en"}`, e.A.TP.Code))
			before := e.count(b, e.A.Org.ID)

			b.StopTimer()
			ceiling := httptest.NewServer(http.HandlerFunc(ceilingHandler))
			defer ceiling.Close()
			ceil := ingestLoad(b, ceiling.URL+"/api/v1/feedback", body, b.N)
			ceiling.Close()

			var stop func()
			if prefix := os.Getenv("TANDEM_BENCH_CPUPROFILE"); prefix != "" && b.N > 1 {
				stop = startCPUProfile(b, prefix+"."+eng.Name)
			}
			batches.reset()
			b.StartTimer()
			b.ResetTimer()
			got := ingestLoad(b, e.Srv.URL+"/api/v1/feedback", body, b.N)
			b.StopTimer()
			if stop != nil {
				stop()
			}
			if n := e.countAll(b, e.A.Org.ID) - before; n != b.N {
				b.Fatalf("stored %d feedbacks, sent %d", n, b.N)
			}
			share := 100 * got.rate / ceil.rate
			b.ReportMetric(got.rate, "records/s")
			b.ReportMetric(got.pct(0.50), "p50-ms")
			b.ReportMetric(got.pct(0.99), "p99-ms")
			b.ReportMetric(ceil.rate, "ceiling/s")
			b.ReportMetric(share, "%-of-ceiling")
			b.ReportMetric(float64(got.cpu.Nanoseconds())/1000, "cpu-µs/req")
			b.ReportMetric(float64(ceil.cpu.Nanoseconds())/1000, "ceiling-cpu-µs/req")
			b.ReportMetric(batches.size(), "feedback/batch")
			if b.N > 1 {
				b.Logf("ceiling %s/s · tandem %s/s · %.0f %% (CPU per request, client included: ceiling %.1f µs, tandem %.1f µs; %.1f feedback per batch)",
					thousands(ceil.rate), thousands(got.rate), share,
					float64(ceil.cpu.Nanoseconds())/1000, float64(got.cpu.Nanoseconds())/1000, batches.size())
			}
		})
	}
}

// batchCounter hears the store's group commits.
type batchCounter struct{ batches, feedback atomic.Int64 }

func (c *batchCounter) FeedbackBatch(n int, _ time.Duration, err error) {
	if err == nil {
		c.batches.Add(1)
		c.feedback.Add(int64(n))
	}
}

func (c *batchCounter) WALSync(time.Duration, error) {}

func (c *batchCounter) reset() { c.batches.Store(0); c.feedback.Store(0) }

// size is the mean number of feedback per batch.
func (c *batchCounter) size() float64 {
	return float64(c.feedback.Load()) / float64(max(1, c.batches.Load()))
}

// ceilingIn is the feedback document, as a bare handler would decode it.
type ceilingIn struct {
	Touchpoint    string          `json:"touchpoint"`
	Episode       string          `json:"episode"`
	Overall       int             `json:"overall"`
	Aspects       []ceilingAspect `json:"aspects"`
	Comment       string          `json:"comment"`
	PraiseStaffID int64           `json:"praise_staff_id"`
	Praise        string          `json:"praise"`
	Lang          string          `json:"lang"`
	Readiness     map[string]int  `json:"readiness"`
	HardestStep   string          `json:"hardest_step"`
	FirstTime     *bool           `json:"first_time"`
}

type ceilingAspect struct {
	Aspect string `json:"aspect"`
	Rating string `json:"rating"`
}

var ceilingIDs atomic.Int64

// ceilingHandler is the least a feedback endpoint can do with net/http:
// decode the body with encoding/json, answer 201 with an id.
func ceilingHandler(w http.ResponseWriter, r *http.Request) {
	var in ceilingIn
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Touchpoint == "" {
		http.Error(w, "bad feedback", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	fmt.Fprintf(w, `{"id":%d}`+"\n", ceilingIDs.Add(1))
}

// loadResult is what one load run measured.
type loadResult struct {
	rate float64         // requests/s
	cpu  time.Duration   // the process's CPU time (client and server) per request
	lat  []time.Duration // sorted
}

// pct is a latency percentile in milliseconds.
func (r loadResult) pct(p float64) float64 {
	return float64(r.lat[min(len(r.lat)-1, int(p*float64(len(r.lat))))].Microseconds()) / 1000
}

// ingestLoad posts body n times to url from clients kept-alive
// connections, each request with an Idempotency-Key of its own, and fails
// tb unless every answer is 201. The client goroutines are labelled
// side=client for CPU profiles.
func ingestLoad(tb testing.TB, url string, body []byte, n int) loadResult {
	var next atomic.Int64 // requests handed out
	lat := make([][]time.Duration, clients)
	var failed atomic.Value
	var wg sync.WaitGroup
	cpu0 := cpuTime()
	start := time.Now()
	for c := range clients {
		wg.Add(1)
		go pprof.Do(context.Background(), pprof.Labels("side", "client"), func(context.Context) {
			defer wg.Done()
			conn, err := dialKeepAlive(url)
			if err != nil {
				failed.CompareAndSwap(nil, err.Error())
				return
			}
			defer conn.Close()
			mine := make([]time.Duration, 0, n/clients+1)
			for {
				i := next.Add(1)
				if i > int64(n) {
					break
				}
				t0 := time.Now()
				status, err := conn.post(body, "bench-"+strconv.FormatInt(i, 10))
				if err != nil {
					failed.CompareAndSwap(nil, err.Error())
					break
				}
				mine = append(mine, time.Since(t0))
				if status != http.StatusCreated {
					failed.CompareAndSwap(nil, "status "+strconv.Itoa(status))
					break
				}
			}
			lat[c] = mine
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	if msg := failed.Load(); msg != nil {
		tb.Fatalf("%s: a request failed: %v", url, msg)
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	return loadResult{rate: float64(n) / elapsed.Seconds(), cpu: cpu / time.Duration(n), lat: all}
}

// cpuTime is the CPU time the process has used, user and system. Per
// request it varies less than the rate when other work shares the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// startCPUProfile writes a CPU profile to path until stop is called.
func startCPUProfile(tb testing.TB, path string) (stop func()) {
	f, err := os.Create(path)
	must(tb, err)
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		tb.Fatalf("CPU profile: %v (not with -cpuprofile)", err)
	}
	return func() {
		pprof.StopCPUProfile()
		must(tb, f.Close())
		tb.Logf("CPU profile: go tool pprof -top -tagignore side=client %s", path)
	}
}

// thousands formats a rate as 61,800: three significant figures.
func thousands(v float64) string {
	n := int64(v)
	for d := int64(1); n/d >= 1000; d *= 10 {
		if n/d < 10000 {
			n = (n + 5*d) / (10 * d) * (10 * d)
			break
		}
	}
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// keepAliveConn is a minimal HTTP/1.1 client on one kept-alive connection.
// The benchmark measures the server, so its load generator must cost little
// itself: net/http's client spends about as much CPU per request as the
// server's HTTP layer, on the same two cores.
type keepAliveConn struct {
	net.Conn
	host, path string
	r          *bufio.Reader
	buf        []byte
}

func dialKeepAlive(rawURL string) (*keepAliveConn, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	c, err := net.Dial("tcp", u.Host)
	if err != nil {
		return nil, err
	}
	return &keepAliveConn{Conn: c, host: u.Host, path: u.Path, r: bufio.NewReaderSize(c, 4096)}, nil
}

// post sends a JSON body with an Idempotency-Key and returns the status,
// having read the whole response.
func (c *keepAliveConn) post(body []byte, key string) (int, error) {
	b := c.buf[:0]
	b = append(b, "POST "...)
	b = append(b, c.path...)
	b = append(b, " HTTP/1.1\r\nHost: "...)
	b = append(b, c.host...)
	b = append(b, "\r\nContent-Type: application/json\r\nIdempotency-Key: "...)
	b = append(b, key...)
	b = append(b, "\r\nContent-Length: "...)
	b = strconv.AppendInt(b, int64(len(body)), 10)
	b = append(b, "\r\n\r\n"...)
	b = append(b, body...)
	c.buf = b
	if _, err := c.Write(b); err != nil {
		return 0, err
	}
	line, err := c.r.ReadSlice('\n')
	if err != nil {
		return 0, err
	}
	if len(line) < 12 {
		return 0, fmt.Errorf("bad status line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, fmt.Errorf("bad status line %q", line)
	}
	length := -1
	for {
		line, err := c.r.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		if len(line) <= 2 {
			break
		}
		if k, v, ok := bytes.Cut(line, []byte(":")); ok && bytes.EqualFold(k, []byte("Content-Length")) {
			if length, err = strconv.Atoi(string(bytes.TrimSpace(v))); err != nil {
				return 0, err
			}
		}
	}
	if length < 0 {
		return 0, fmt.Errorf("response without Content-Length")
	}
	_, err = c.r.Discard(length)
	return status, err
}
