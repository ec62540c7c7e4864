package api_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// The bytes that one engine stores and another refuses: a NUL and
// invalid UTF-8. JSON carries a NUL as an escape; raw invalid UTF-8 in a
// JSON body is refused by the decoder itself.
const (
	nulJSON = `\u0000`
	badUTF8 = "\xff\xfe"
)

// reportCount returns how many reports an organization has stored.
func reportCount(tb testing.TB, e *env, orgID int64) int {
	tb.Helper()
	items, err := e.DB.ListWorkItems(context.Background(), tandem.WorkFilter{OrgID: orgID})
	must(tb, err)
	n := 0
	for _, w := range items {
		n += w.Reporters
	}
	return n
}

// rawPost sends a POST over a bare connection, so that a header may carry
// bytes http.Client refuses to send, and returns the status and body.
func rawPost(tb testing.TB, srvURL, path, body string, headers map[string]string) (int, string) {
	tb.Helper()
	u, err := url.Parse(srvURL)
	must(tb, err)
	conn, err := net.Dial("tcp", u.Host)
	must(tb, err)
	defer conn.Close()
	var b strings.Builder
	fmt.Fprintf(&b, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n", path, u.Host, len(body))
	for k, v := range headers {
		fmt.Fprintf(&b, "%s: %s\r\n", k, v)
	}
	b.WriteString("\r\n" + body)
	_, err = io.WriteString(conn, b.String())
	must(tb, err)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	must(tb, err)
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	must(tb, err)
	return resp.StatusCode, string(out)
}

// TestEdgeInput: a NUL byte or invalid UTF-8 in a comment, a touchpoint
// code, an episode token or an Idempotency-Key is refused with a 4xx and a
// message in the client's language, and nothing is stored, on both
// engines.
func TestEdgeInput(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			a := e.A
			fb := func(target, comment string) string {
				return fmt.Sprintf(`{%s, "overall": 4, "comment": "%s"}`, target, comment)
			}
			tp := fmt.Sprintf(`"touchpoint": %q`, a.TP.Code)
			ep := fmt.Sprintf(`"episode": %q`, a.Episode.Token)
			rep := func(code, comment string) string {
				return fmt.Sprintf(`{"touchpoint": "%s", "problem": "not-clean", "comment": "%s"}`, code, comment)
			}
			textInvalid := map[string]string{
				"en": catalog.Printer("en").T(tandem.ErrTextInvalid),
				"ru": catalog.Printer("ru").T(tandem.ErrTextInvalid),
				"fi": catalog.Printer("fi").T(tandem.ErrTextInvalid),
			}
			for _, sc := range []struct {
				name, path, body string
				headers          map[string]string
				raw              bool // sent over a bare connection
				status           int
				want             string // in the body
			}{
				{name: "feedback comment with NUL", path: "/api/v1/feedback", body: fb(tp, "good"+nulJSON+"coffee"),
					status: 422, want: textInvalid["en"]},
				{name: "feedback comment with NUL, in Russian", path: "/api/v1/feedback", body: fb(tp, nulJSON),
					headers: map[string]string{"Accept-Language": "ru"}, status: 422, want: textInvalid["ru"]},
				{name: "feedback comment with a control character, in Finnish", path: "/api/v1/feedback", body: fb(ep, `bell\u0007`),
					headers: map[string]string{"Accept-Language": "fi"}, status: 422, want: textInvalid["fi"]},
				{name: "feedback praise with NUL", path: "/api/v1/feedback",
					body:   fmt.Sprintf(`{%s, "overall": 5, "praise_staff_id": %d, "praise": "x%sy"}`, tp, a.Staff.ID, nulJSON),
					status: 422, want: `"field":"praise"`},
				{name: "feedback comment with invalid UTF-8", path: "/api/v1/feedback", body: fb(tp, "bad"+badUTF8),
					raw: true, status: 400},
				{name: "feedback comment with a lone surrogate", path: "/api/v1/feedback", body: fb(tp, `\ud800`),
					status: 400},
				{name: "touchpoint code with NUL", path: "/api/v1/feedback", body: fb(`"touchpoint": "`+a.TP.Code+nulJSON+`"`, "ok"),
					status: 404, want: `"status":404`},
				{name: "touchpoint code that is only NUL", path: "/api/v1/feedback", body: fb(`"touchpoint": "`+nulJSON+`"`, "ok"),
					status: 404},
				{name: "touchpoint code with invalid UTF-8", path: "/api/v1/feedback", body: fb(`"touchpoint": "`+badUTF8+`"`, "ok"),
					raw: true, status: 400},
				{name: "episode token with NUL", path: "/api/v1/feedback", body: fb(`"episode": "`+a.Episode.Token+nulJSON+`"`, "ok"),
					status: 404, want: `"status":404`},
				{name: "Idempotency-Key with invalid UTF-8", path: "/api/v1/feedback", body: fb(tp, "ok"),
					headers: map[string]string{"Idempotency-Key": "kiosk-" + badUTF8}, raw: true, status: 422, want: `"field":"Idempotency-Key"`},
				{name: "Idempotency-Key with NUL", path: "/api/v1/feedback", body: fb(tp, "ok"),
					headers: map[string]string{"Idempotency-Key": "kiosk-\x00"}, raw: true, status: 400},
				{name: "report comment with NUL", path: "/api/v1/reports", body: rep(a.TP.Code, "crumbs"+nulJSON),
					status: 422, want: textInvalid["en"]},
				{name: "report email with NUL", path: "/api/v1/reports",
					body:   fmt.Sprintf(`{"touchpoint": %q, "problem": "not-clean", "email": "a@b.fi%s", "consent": true}`, a.TP.Code, nulJSON),
					status: 422, want: `"field":"email"`},
				{name: "report touchpoint code with NUL", path: "/api/v1/reports", body: rep(a.TP.Code+nulJSON, "crumbs"),
					status: 404},
				{name: "report comment with invalid UTF-8", path: "/api/v1/reports", body: rep(a.TP.Code, badUTF8),
					raw: true, status: 400},
				{name: "report Idempotency-Key with invalid UTF-8", path: "/api/v1/reports", body: rep(a.TP.Code, "crumbs"),
					headers: map[string]string{"Idempotency-Key": badUTF8}, raw: true, status: 422, want: `"field":"Idempotency-Key"`},
				{name: "report Idempotency-Key with NUL", path: "/api/v1/reports", body: rep(a.TP.Code, "crumbs"),
					headers: map[string]string{"Idempotency-Key": "r\x00"}, raw: true, status: 400},
			} {
				t.Run(sc.name, func(t *testing.T) {
					var status int
					var body string
					if sc.raw {
						status, body = rawPost(t, e.Srv.URL, sc.path, sc.body, sc.headers)
					} else {
						resp, b := e.do(t, "POST", sc.path, sc.body, sc.headers)
						status, body = resp.StatusCode, string(b)
					}
					if status != sc.status {
						t.Fatalf("status = %d, want %d; body: %s", status, sc.status, body)
					}
					if strings.TrimSpace(body) == "" {
						t.Errorf("no message in the answer")
					}
					if sc.want != "" && !strings.Contains(body, sc.want) {
						t.Errorf("body lacks %q: %s", sc.want, body)
					}
				})
			}
			if n := e.count(t, a.Org.ID); n != 0 {
				t.Errorf("stored %d feedbacks, want none", n)
			}
			if n := reportCount(t, e, a.Org.ID); n != 0 {
				t.Errorf("stored %d reports, want none", n)
			}
			// Clean text with tabs and line breaks still goes through.
			resp, b := e.do(t, "POST", "/api/v1/feedback", fb(tp, `two\nlines\tand a tab`), nil)
			if resp.StatusCode != 201 {
				t.Fatalf("clean feedback: status %d: %s", resp.StatusCode, b)
			}
		})
	}
}

// TestEdgeInputBatch: while bad requests arrive among them, every one of
// a burst of good feedbacks is stored and every bad one refused.
func TestEdgeInputBatch(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			a := e.A
			const good, bad = 40, 20
			var wg sync.WaitGroup
			errs := make(chan string, good+bad)
			for i := range good + bad {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					comment, key := fmt.Sprintf("cup %d", i), fmt.Sprintf("kiosk-%d", i)
					want := 201
					if i >= good {
						want = 422
						if i%2 == 0 {
							comment += `\u0000`
						} else {
							key += badUTF8
						}
					}
					body := fmt.Sprintf(`{"touchpoint": %q, "overall": 4, "comment": "%s"}`, a.TP.Code, comment)
					status, out := rawPost(t, e.Srv.URL, "/api/v1/feedback", body, map[string]string{"Idempotency-Key": key})
					if status != want {
						errs <- fmt.Sprintf("request %d: status %d, want %d: %s", i, status, want, out)
					}
				}(i)
			}
			wg.Wait()
			close(errs)
			for msg := range errs {
				t.Error(msg)
			}
			if n := e.count(t, a.Org.ID); n != good {
				t.Errorf("stored %d feedbacks, want %d", n, good)
			}
		})
	}
}
