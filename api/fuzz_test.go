package api_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/httpfuzz"
	"github.com/tandemhq/tandem/internal/httpx"
	"github.com/tandemhq/tandem/storetest"
)

// The fuzz targets of the public API's decoders: the feedback and report
// bodies, JSON and multipart, and the Idempotency-Key header. Each input
// is served by the real handlers over a real store, on the engine
// TANDEM_FUZZ_ENGINE names (both when unset), and fails on any 5xx or
// panic. Seeds name the fixture's random codes and tokens by placeholders:
//
//	@TP    tenant A's table touchpoint code
//	@BTP   tenant B's
//	@EP    an open episode of A's, shared by every input
//	@NEW   a fresh episode of A's, made for the input
//	@STAFF Anna's staff id
//	@STEP  A's first customer step's key
//
// `go test` runs the seeds and testdata/fuzz; `make fuzz` fuzzes longer.

// fuzzAPI is one engine's API under fuzzing.
type fuzzAPI struct {
	name string
	h    http.Handler
	e    *env
	vals map[string]string
}

func newFuzzAPIs(f *testing.F) []*fuzzAPI {
	var out []*fuzzAPI
	for _, eng := range storetest.FuzzEngines(f) {
		e := newEnv(f, eng)
		out = append(out, &fuzzAPI{name: eng.Name, e: e, h: httpx.SecureHeaders(e.Mux), vals: map[string]string{
			"@TP": e.A.TP.Code, "@BTP": e.B.TP.Code, "@EP": e.A.Episode.Token,
			"@STAFF": strconv.FormatInt(e.A.Staff.ID, 10), "@STEP": e.A.BP.Steps[0].Key,
		}})
	}
	return out
}

// fill replaces the placeholders in s, making a fresh episode for @NEW.
func (fa *fuzzAPI) fill(t *testing.T, s string) string {
	if strings.Contains(s, "@NEW") {
		a := fa.e.A
		ep := &tandem.Episode{OrgID: a.Org.ID, ServiceID: a.Service.ID, BlueprintID: a.BP.ID,
			TouchpointID: a.TP.ID, SiteID: a.Site.ID, Lang: "en"}
		if err := fa.e.DB.CreateEpisode(context.Background(), ep); err != nil {
			t.Fatalf("%s: new episode: %v", fa.name, err)
		}
		s = strings.ReplaceAll(s, "@NEW", ep.Token)
	}
	return httpfuzz.Fill(s, fa.vals)
}

// fuzzPost serves one fuzzed POST on every engine.
func fuzzPost(t *testing.T, apis []*fuzzAPI, path, body, contentType, key, lang string) {
	for _, fa := range apis {
		h := map[string]string{"Content-Type": fa.fill(t, contentType)}
		if key != "" {
			h["Idempotency-Key"] = key
		}
		if lang != "" {
			h["Accept-Language"] = lang
		}
		r, ok := httpfuzz.Request("POST", path, h, []byte(fa.fill(t, body)))
		if !ok {
			return // the server itself answers 400
		}
		httpfuzz.Serve(t, fa.h, r)
	}
}

// FuzzFeedbackJSON: POST /api/v1/feedback with any body, Idempotency-Key
// and Accept-Language.
func FuzzFeedbackJSON(f *testing.F) {
	apis := newFuzzAPIs(f)
	for _, s := range []struct{ body, key, lang string }{
		{`{"touchpoint": "@TP", "overall": 4}`, "", ""},
		{`{"touchpoint": "@TP", "overall": 5, "comment": "Lovely window seat", "lang": "en"}`, "kiosk-1", "en"},
		{`{"touchpoint": "@TP", "overall": 2, "aspects": [{"aspect": "window-view", "rating": "positive"}, {"aspect": "coffee-temperature", "rating": "negative"}], "comment": "Кофе остыл"}`, "k-2", "ru"},
		{`{"touchpoint": "@TP", "overall": 5, "praise_staff_id": @STAFF, "praise": "Anna oli ihana"}`, "", "fi"},
		{`{"episode": "@NEW", "overall": 3, "readiness": {"motivation": 4, "role": 5, "knowhow": 2, "ability": 3}, "hardest_step": "@STEP"}`, "", "fi-FI,fi;q=0.9"},
		{`{"episode": "@NEW", "overall": 4, "first_time": true}`, "ep-key", ""},
		{`{"episode": "@EP", "overall": 1, "first_time": false, "comment": "x"}`, "", "en-GB;q=0.8, ru"},
		{`{"touchpoint": "@BTP", "overall": 4, "praise_staff_id": @STAFF}`, "", ""},
		{`{"touchpoint": "@TP", "episode": "@EP", "overall": 4}`, "", ""},
		{`{"touchpoint": "@TP", "overall": 9, "aspects": [{"aspect": "nope", "rating": "so-so"}]}`, "", "*"},
		{`{"touchpoint": "@TP", "overall": 4, "comment": "a\u0000b"}`, "key\xff", ""},
		{`{"touchpoint": "@TP", "overall": 4, "overall": 4}`, "", ""},
		{`{"touchpoint": 12, "readiness": {"motivation": "x"}}`, strings.Repeat("k", 300), ""},
		{`[]`, "", ""},
		{``, "", ""},
	} {
		f.Add(s.body, s.key, s.lang)
	}
	f.Fuzz(func(t *testing.T, body, key, lang string) {
		fuzzPost(t, apis, "/api/v1/feedback", body, "application/json", key, lang)
	})
}

// FuzzReports: POST /api/v1/reports with any body as JSON or as a
// multipart form (with or without a photo), any Idempotency-Key.
func FuzzReports(f *testing.F) {
	apis := newFuzzAPIs(f)
	const boundary = "b0undary"
	part := func(name, value string) string {
		return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n"
	}
	multipart := "multipart/form-data; boundary=" + boundary
	for _, s := range []struct{ contentType, body, key string }{
		{"application/json", `{"touchpoint": "@TP", "problem": "not-clean", "comment": "crumbs", "lang": "fi", "email": "ella@example.com", "consent": true}`, "rep-1"},
		{"application/json", `{"touchpoint": "@TP", "praise": true, "comment": "spotless"}`, ""},
		{"application/json", `{"touchpoint": "@TP", "problem": "other", "comment": "Лампа мигает"}`, "r2"},
		{"application/json", `{"touchpoint": "@TP", "comment": "no problem key"}`, ""},
		{"application/json", `{"touchpoint": "@BTP", "problem": "not-clean", "email": "a@b.fi"}`, "r\xff"},
		{"application/json", `{"touchpoint": "@TP", "problem": "not-clean", "email": "not an address", "consent": true}`, ""},
		{"application/json; charset=utf-8", `{"touchpoint": "@TP", "problem": "no-soap", "praise": true}`, ""},
		{multipart, part("touchpoint", "@TP") + part("problem", "not-clean") + part("consent", "false") + "--" + boundary + "--\r\n", "m1"},
		{multipart, part("touchpoint", "@TP") + part("praise", "true") + part("comment", "Siisti") +
			"--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\xe0not a jpeg\r\n" +
			"--" + boundary + "--\r\n", ""},
		{multipart, part("touchpoint", "@TP") + part("touchpoint", "@TP") + "--" + boundary + "--\r\n", ""},
		{multipart, part("extra", "1") + "--" + boundary + "--\r\n", ""},
		{"multipart/form-data", "--x\r\n", ""},
		{"text/plain", "touchpoint=@TP", ""},
	} {
		f.Add(s.contentType, s.body, s.key)
	}
	f.Fuzz(func(t *testing.T, contentType, body, key string) {
		fuzzPost(t, apis, "/api/v1/reports", body, contentType, key, "")
	})
}
