package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// TestSearchComments: GET /api/v1/insight/comments finds comments by
// every form of their words in their own language, pages newest first by
// cursor, keeps to the organization, the service and the days asked for,
// and refuses an empty, too long or function-words-only query with a
// message in the caller's language; every answer matches the document.
func TestSearchComments(t *testing.T) {
	doc := loadDoc(t)
	ctx := context.Background()
	base := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	comments := []struct{ lang, text string }{
		{"fi", "Kahvi oli kylmää."},
		{"ru", "Принесли холодного кофе."},
		{"fi", "Kahvia sai odottaa."},
		{"en", "The coffee was cold."},
		{"fi", "Kiitos kahvista!"},
		{"ru", "Кофе холодный, суп отличный."},
	}
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			for _, tn := range []*tenant{e.A, e.B} {
				for i, c := range comments {
					f := &tandem.Feedback{OrgID: tn.Org.ID, ServiceID: tn.Service.ID, BlueprintID: tn.BP.ID, TouchpointID: tn.TP.ID,
						SiteID: tn.Site.ID, Overall: 3, Lang: c.lang, Comment: c.text, CreatedAt: base.Add(time.Duration(i) * 24 * time.Hour)}
					must(t, f.Validate(tn.BP, nil))
					if _, err := e.DB.CreateFeedback(ctx, f); err != nil {
						t.Fatal(err)
					}
				}
			}
			type page struct {
				Items []struct {
					FeedbackID int64     `json:"feedback_id"`
					ServiceID  int64     `json:"service_id"`
					Text       string    `json:"text"`
					Lang       string    `json:"lang"`
					CreatedAt  time.Time `json:"created_at"`
				} `json:"items"`
				Limit int    `json:"limit"`
				Next  string `json:"next"`
			}
			get := func(tn *tenant, query string, status int, headers ...string) (page, string) {
				t.Helper()
				u := "/api/v1/insight/comments?" + query
				h := bearer(tn)
				if len(headers) > 0 {
					h["Accept-Language"] = headers[0]
				}
				resp, body := e.do(t, "GET", u, "", h)
				if resp.StatusCode != status {
					t.Fatalf("GET %s = %d, want %d: %s", u, resp.StatusCode, status, body)
				}
				doc.checkResponse(t, e.Mux, "GET", u, resp, body)
				var p page
				if status == 200 {
					must(t, json.Unmarshal(body, &p))
				}
				return p, string(body)
			}
			texts := func(p page) string {
				var s []string
				for _, it := range p.Items {
					s = append(s, it.Text)
				}
				return strings.Join(s, " | ")
			}

			p, _ := get(e.A, "q="+url.QueryEscape("kahvin"), 200)
			if got, want := texts(p), "Kiitos kahvista! | Kahvia sai odottaa. | Kahvi oli kylmää."; got != want {
				t.Errorf("kahvin: %s, want %s", got, want)
			}
			for _, it := range p.Items {
				if it.ServiceID != e.A.Service.ID || it.Lang != "fi" {
					t.Errorf("item %+v", it)
				}
			}
			p, _ = get(e.A, "q="+url.QueryEscape("холодный кофе"), 200)
			if got, want := texts(p), "Кофе холодный, суп отличный. | Принесли холодного кофе."; got != want {
				t.Errorf("холодный кофе: %s, want %s", got, want)
			}
			// Pages of one, by cursor, to the end.
			var all []string
			q := "q=kahvi&limit=1"
			for range 5 {
				p, _ = get(e.A, q, 200)
				all = append(all, texts(p))
				if p.Next == "" {
					break
				}
				q = "q=kahvi&limit=1&before=" + url.QueryEscape(p.Next)
			}
			if got, want := strings.Join(all, " | "), "Kiitos kahvista! | Kahvia sai odottaa. | Kahvi oli kylmää."; got != want || p.Next != "" {
				t.Errorf("paged: %s (next %q), want %s", got, p.Next, want)
			}
			// Days of the organization's calendar, both inclusive.
			p, _ = get(e.A, "q=kahvi&from=2026-03-12&to=2026-03-12", 200)
			if got, want := texts(p), "Kahvia sai odottaa."; got != want {
				t.Errorf("one day: %s, want %s", got, want)
			}
			// Another organization's service finds nothing; B finds its own.
			p, _ = get(e.A, fmt.Sprintf("q=kahvi&service_id=%d", e.B.Service.ID), 200)
			if len(p.Items) != 0 {
				t.Errorf("A searching B's service: %s", texts(p))
			}
			pb, _ := get(e.B, "q=kahvi", 200)
			pa, _ := get(e.A, "q=kahvi", 200)
			for i := range pb.Items {
				if pb.Items[i].FeedbackID == pa.Items[i].FeedbackID {
					t.Errorf("A and B found the same feedback %d", pa.Items[i].FeedbackID)
				}
			}

			// Bad queries: a clear 4xx in the caller's language.
			_, body := get(e.A, "q=", 422, "ru")
			if !strings.Contains(body, "Введите слово для поиска") {
				t.Errorf("empty q in Russian: %s", body)
			}
			_, body = get(e.A, "q="+strings.Repeat("a", 201), 422)
			if !strings.Contains(body, "200") {
				t.Errorf("too long q: %s", body)
			}
			_, body = get(e.A, "q="+url.QueryEscape("ja on"), 422, "fi")
			if !strings.Contains(body, "pikkusanoja") || !strings.Contains(body, `"field":"q"`) {
				t.Errorf("function words only, in Finnish: %s", body)
			}
			get(e.A, "q=kahvi&before=yesterday", 400)
			get(e.A, "q=kahvi&from=12.3.2026", 400)
			get(e.A, "q=kahvi&limit=0", 400)
			get(e.A, "q=kahvi&limit=101", 400)
			get(e.A, "q=kahvi&from=2026-03-12&to=2026-03-11", 422)
			resp, _ := e.do(t, "GET", "/api/v1/insight/comments?q=kahvi", "", nil)
			if resp.StatusCode != 401 {
				t.Errorf("no token: %d, want 401", resp.StatusCode)
			}
		})
	}
}
