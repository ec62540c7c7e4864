package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandemhq/tandem/demo"
	"github.com/tandemhq/tandem/postgres"
	"github.com/tandemhq/tandem/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// TestTwoInstances runs two servers on one PostgreSQL database behind a
// round-robin reverse proxy, as a load-balanced installation does:
//   - a staff member signed in through the proxy is signed in on both
//     instances (sessions are in the database);
//   - a help request made on instance A reaches the staff live view's
//     stream held open on instance B through PostgreSQL's notifications:
//     the live pages' poll is set to a minute, so nothing else could bring
//     it in time;
//   - each webhook event made while both run is delivered once (the
//     outbox relay and the job queue each claim work once).
func TestTwoInstances(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary twice")
	}
	dbURL := storetest.PostgresURL(t)
	bin := mustBuild(t)
	addrA, addrB := freeAddr(t), freeAddr(t)
	common := []string{"--db", dbURL, "--live-poll", "60s", "--allow-private-webhooks"}
	// A seeds the demo, then serves; B serves the same database.
	a := startWithin(t, 5*time.Minute, bin, addrA, append([]string{"demo", "--addr", addrA}, common...)...)
	startWithin(t, time.Minute, bin, addrB, append([]string{"serve", "--addr", addrB}, common...)...)
	atm := regexp.MustCompile(`Pension ATM\s+\S+/t/([A-Za-z0-9_-]+)`).FindStringSubmatch(a.out.String())
	if atm == nil {
		t.Fatalf("no Pension ATM link in the demo's output:\n%s", a.out.String())
	}

	// The proxy sends requests to A and B in turn, and says which one
	// answered.
	backends := []*url.URL{{Scheme: "http", Host: addrA}, {Scheme: "http", Host: addrB}}
	var turn atomic.Int64
	proxy := httptest.NewServer(&httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(backends[turn.Add(1)%2])
			r.Out.Host = r.In.Host
		},
		ModifyResponse: func(resp *http.Response) error {
			resp.Header.Set("X-Backend", resp.Request.URL.Host)
			return nil
		},
	})
	defer proxy.Close()

	// Sign in through the proxy; the session cookie then works on both.
	staff := signIn(t, proxy.URL, demo.StaffEmail)
	seen := map[string]bool{}
	for i := 0; i < 4 && len(seen) < 2; i++ {
		resp, body := get(t, staff, proxy.URL+"/app/live")
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, `/app/live/events`) {
			t.Fatalf("GET /app/live through the proxy (backend %s) = %d, want the live view", resp.Header.Get("X-Backend"), resp.StatusCode)
		}
		seen[resp.Header.Get("X-Backend")] = true
	}
	if !seen[addrA] || !seen[addrB] {
		t.Fatalf("the live view was served by %v, want both instances", seen)
	}

	// A webhook to a receiver of our own, made through the proxy by the
	// owner; the receiver counts each event's deliveries.
	var (
		mu       sync.Mutex
		received = map[string]int{} // by webhook-id
	)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		mu.Lock()
		received[r.Header.Get("webhook-id")]++
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer receiver.Close()
	owner := signIn(t, proxy.URL, demo.OwnerEmail)
	resp, body := post(t, owner, proxy.URL+"/app/webhooks", url.Values{"url": {receiver.URL + "/hook"}, "events": {"help.requested"}})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("creating the webhook = %d:\n%.2000s", resp.StatusCode, body)
	}

	// A customer at the ATM, on instance A directly.
	customer := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	startVisit := func(base string) (episode string, helpForms []string) {
		t.Helper()
		resp, _ := post(t, customer, base+"/t/"+atm[1]+"/start", url.Values{"lang": {"en"}})
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "/e/") {
			t.Fatalf("starting a visit = %d %q", resp.StatusCode, loc)
		}
		episode = loc[strings.Index(loc, "/e/"):]
		_, page := get(t, customer, base+episode)
		for _, m := range regexp.MustCompile(`action="(/e/[^"]+/steps/\d+/help)"`).FindAllStringSubmatch(page, -1) {
			helpForms = append(helpForms, m[1])
		}
		if len(helpForms) == 0 {
			t.Fatalf("the ATM's episode page offers no help:\n%.2000s", page)
		}
		return episode, helpForms
	}
	baseA, baseB := "http://"+addrA, "http://"+addrB
	_, help := startVisit(baseA)

	// The staff live view's stream, on instance B directly, with the
	// session made through the proxy.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := openStream(ctx, t, staff, baseB+"/app/live/events")
	first := waitEvent(t, events, 30*time.Second, "the live view's first version")

	// The help request, on instance A.
	asked := time.Now()
	if resp, _ := post(t, customer, baseA+help[0], url.Values{"lang": {"en"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("asking for help = %d", resp.StatusCode)
	}
	// A correctness bound, not a measurement: the poll would take a minute.
	next := waitEvent(t, events, 5*time.Second, "the help request on the other instance")
	latency := time.Since(asked)
	t.Logf("help request on A reached the live stream on B in %v (including the request itself)", latency)
	if next == first {
		t.Errorf("the live view's version did not move: %q", next)
	}

	// Two more help requests, one on each instance, then every event
	// must reach the receiver exactly once.
	for _, base := range []string{baseA, baseB} {
		_, help := startVisit(base)
		if resp, _ := post(t, customer, base+help[0], url.Values{"lang": {"en"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("asking for help on %s = %d", base, resp.StatusCode)
		}
	}
	db, err := postgres.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var hook int64
	if err := db.WriteDB().QueryRow(`SELECT id FROM webhooks WHERE url = $1`, receiver.URL+"/hook").Scan(&hook); err != nil {
		t.Fatal(err)
	}
	// Wait until the jobs delivering to our webhook are all completed and
	// have covered the three help requests; any delivery of theirs has
	// reached the receiver by then.
	const helpEvents = 3
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var events, jobs, pending int
		if err := db.WriteDB().QueryRow(`SELECT count(DISTINCT event_id) FROM webhook_deliveries
			WHERE webhook_id = $1 AND status BETWEEN 200 AND 299`, hook).Scan(&events); err != nil {
			t.Fatal(err)
		}
		if err := db.WriteDB().QueryRow(`SELECT count(*), count(*) FILTER (WHERE state <> 'completed') FROM river_job
			WHERE kind = 'webhook_delivery' AND (args->>'webhook')::bigint = $1`, hook).Scan(&jobs, &pending); err != nil {
			t.Fatal(err)
		}
		if events == helpEvents && jobs > 0 && pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 2 minutes: %d of %d events delivered, %d jobs of which %d not completed", events, helpEvents, jobs, pending)
		}
		time.Sleep(100 * time.Millisecond)
	}
	var rows, attempts int
	if err := db.WriteDB().QueryRow(`SELECT count(*), coalesce(max(attempt), 0) FROM webhook_deliveries WHERE webhook_id = $1`, hook).Scan(&rows, &attempts); err != nil {
		t.Fatal(err)
	}
	if rows != helpEvents || attempts != 1 {
		t.Errorf("webhook_deliveries: %d rows, highest attempt %d; want each of %d events delivered once", rows, attempts, helpEvents)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(received) != helpEvents {
		t.Errorf("the receiver heard of %d events, want %d: %v", len(received), helpEvents, received)
	}
	for id, n := range received {
		if n != 1 {
			t.Errorf("event %s delivered %d times", id, n)
		}
	}
}

// startWithin is start with its own patience: seeding the demo into
// PostgreSQL on a busy machine may take more than a minute.
func startWithin(t *testing.T, patience time.Duration, bin, addr string, args ...string) *process {
	t.Helper()
	p := &process{out: &safeBuffer{}}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			p.cmd.Wait()
		}
	})
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("tandem did not become ready on %s; output:\n%s", addr, p.out.String())
	return nil
}

// signIn signs a demo user in at base and returns their client, which
// follows no redirects.
func signIn(t *testing.T, base, email string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, body := post(t, c, base+"/login", url.Values{"email": {email}, "password": {demo.DefaultPassword}})
	if resp.StatusCode != http.StatusSeeOther || strings.Contains(resp.Header.Get("Location"), "/login") {
		t.Fatalf("signing in as %s = %d %q:\n%.1000s", email, resp.StatusCode, resp.Header.Get("Location"), body)
	}
	return c
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func post(t *testing.T, c *http.Client, u string, form url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// openStream opens a live stream and sends the version of each "change"
// event it hears.
func openStream(ctx context.Context, t *testing.T, c *http.Client, u string) <-chan string {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		t.Fatalf("GET %s = %d", u, resp.StatusCode)
	}
	out := make(chan string, 16)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		event, data := "", ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = strings.TrimPrefix(line, "data: ")
			case line == "":
				if event == "change" {
					out <- data
				}
				event, data = "", ""
			}
		}
	}()
	return out
}

func waitEvent(t *testing.T, events <-chan string, patience time.Duration, what string) string {
	t.Helper()
	select {
	case v := <-events:
		return v
	case <-time.After(patience):
		t.Fatalf("no change event within %v for %s", patience, what)
		return ""
	}
}
