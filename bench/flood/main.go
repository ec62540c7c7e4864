// Command flood checks how Tandem holds up when one client floods it: it
// builds the real binary, starts it on loopback over a fresh demo
// database, and runs bounded floods from one address, one after the other:
//
//   - starts: customer episodes started at a touchpoint's code;
//   - streams: live update streams opened on those episodes;
//   - feedback: feedback given through a poster's code;
//   - help: help requests at one table, while one genuine help request is
//     made at another touchpoint halfway through.
//
// For each it prints the writes accepted and refused, /healthz's p50 and
// p99 during the flood and the server's peak resident memory (VmHWM), and
// at the end whether the genuine help request is on the staff live view.
// It measures, it does not judge: without rate limits the fake writes are
// all accepted. It only ever talks to 127.0.0.1, stops each flood after
// -for (20 s at most) and stops the server it started when done.
//
// Run it from the repository: make flood, or go run ./bench/flood.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// maxFlood bounds every flood, whatever -for says.
const maxFlood = 20 * time.Second

func main() {
	bin := flag.String("bin", "", "the tandem binary to run; empty builds ./cmd/tandem")
	each := flag.Duration("for", 10*time.Second, "how long each flood lasts (at most 20s)")
	workers := flag.Int("workers", 32, "concurrent requests of a write flood")
	streams := flag.Int("streams", 2000, "live streams the stream flood opens at most")
	args := flag.String("server-args", "", `more flags for "tandem demo", e.g. "--max-streams-per-address=0" to see a flood without that cap`)
	flag.Parse()
	if *each <= 0 || *each > maxFlood {
		*each = min(max(*each, time.Second), maxFlood)
	}
	if err := run(*bin, strings.Fields(*args), *each, max(1, *workers), max(1, *streams)); err != nil {
		fmt.Fprintln(os.Stderr, "flood:", err)
		os.Exit(1)
	}
}

func run(bin string, args []string, each time.Duration, workers, maxStreams int) error {
	dir, err := os.MkdirTemp("", "tandem-flood-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if bin == "" {
		bin = filepath.Join(dir, "tandem")
		fmt.Println("building ./cmd/tandem ...")
		build := exec.Command("go", "build", "-o", bin, "./cmd/tandem")
		build.Stdout, build.Stderr = os.Stdout, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("build: %w (run from the repository's root)", err)
		}
	}
	srv, err := startServer(bin, dir, args)
	if err != nil {
		return err
	}
	defer srv.stop()
	fmt.Printf("server: pid %d at %s, open-file limit %s\n\n", srv.cmd.Process.Pid, srv.base, fdLimit())

	f := &flood{srv: srv, each: each, workers: workers, client: newClient(workers), customer: newClientFrom("127.0.0.2", 2)}
	fmt.Printf("%-9s %6s %9s %8s %7s %11s %11s %9s\n", "flood", "for", "accepted", "refused", "failed", "healthz p50", "healthz p99", "peak RSS")
	tokens := f.starts()
	f.streams(tokens, maxStreams)
	f.feedback()
	visible, err := f.help()
	if err != nil {
		return err
	}
	fmt.Println()
	fmt.Println("genuine help request on the staff live view after the flood:", visible)
	return nil
}

// server is the tandem process under test.
type server struct {
	cmd     *exec.Cmd
	base    string            // http://127.0.0.1:PORT
	metrics string            // its /metrics URL
	codes   map[string]string // customer links by name: touchpoint codes
	done    chan struct{}     // closed when the process has exited
}

// startServer runs "tandem demo" on free loopback ports over a fresh
// database in dir, and waits until it serves.
func startServer(bin, dir string, args []string) (*server, error) {
	addr, maddr := freePort(), freePort()
	cmd := exec.Command(bin, append([]string{"demo", "--addr", addr, "--metrics-addr", maddr, "--data", filepath.Join(dir, "data"),
		"--log-level", "error"}, args...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		return nil, err
	}
	cmd.Stderr = logf
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, base: "http://" + addr, metrics: "http://" + maddr + "/metrics", codes: map[string]string{}, done: make(chan struct{})}
	go func() { cmd.Wait(); logf.Close(); close(s.done) }()
	ready := make(chan struct{})
	go func() {
		link := regexp.MustCompile(`^\s+(.+?)\s+http://127\.0\.0\.1:\d+/t/(\S+)$`)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := link.FindStringSubmatch(sc.Text()); m != nil {
				s.codes[m[1]] = m[2]
			}
			if strings.Contains(sc.Text(), "Data is kept in") {
				close(ready)
			}
		}
		io.Copy(io.Discard, out)
	}()
	select {
	case <-ready:
	case <-s.done:
		return nil, errors.New("the server stopped before it served; see its log")
	case <-time.After(2 * time.Minute):
		s.stop()
		return nil, errors.New("the server did not start within two minutes")
	}
	for _, name := range []string{"Table 12, window", "Cafeteria entrance", "Pension ATM"} {
		if s.codes[name] == "" {
			s.stop()
			return nil, fmt.Errorf("the demo printed no link for %q", name)
		}
	}
	return s, nil
}

// stop ends the server: SIGTERM, then SIGKILL after ten seconds.
func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

// peakRSS is the server's peak resident memory so far, from /proc.
func (s *server) peakRSS() string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return "?"
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return fmt.Sprintf("%d MB", kb/1024)
		}
	}
	return "?"
}

// metric reads one unlabelled figure from the server's /metrics.
func (s *server) metric(name string) string {
	res, err := http.Get(s.metrics)
	if err != nil {
		return "?"
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			return v
		}
	}
	return "?"
}

func freePort() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func fdLimit() string {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r); err != nil {
		return "?"
	}
	return strconv.FormatUint(uint64(r.Cur), 10)
}

// newClient is a client that does not follow redirects, with room for
// workers connections.
func newClient(workers int) *http.Client { return newClientFrom("", workers) }

// newClientFrom is newClient connecting from the local address from ("":
// any).
func newClientFrom(from string, workers int) *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second}
	if from != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(from)}
	}
	return &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: workers, MaxConnsPerHost: workers, DialContext: d.DialContext},
		Timeout:   30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// flood runs the floods against one server.
type flood struct {
	srv     *server
	each    time.Duration
	workers int
	client  *http.Client
	// customer is a genuine customer's client, from another loopback
	// address (127.0.0.2): limits per address must not hold them back
	// with the flood.
	customer *http.Client
}

// tally counts a flood's writes.
type tally struct{ accepted, refused, failed atomic.Int64 }

// count sorts a response: a redirect or success is accepted, 429 refused,
// anything else failed.
func (t *tally) count(res *http.Response, err error) bool {
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return false // cut short by the flood's end
	case err != nil:
		t.failed.Add(1)
		return false
	case res.StatusCode == http.StatusTooManyRequests:
		t.refused.Add(1)
	case res.StatusCode < 400:
		t.accepted.Add(1)
		return true
	default:
		t.failed.Add(1)
	}
	return false
}

// measure runs load for the flood's time while probing /healthz, and
// prints the flood's line.
func (f *flood) measure(name string, t *tally, load func(ctx context.Context)) {
	ctx, cancel := context.WithTimeout(context.Background(), f.each)
	defer cancel()
	probes := make(chan []time.Duration, 1)
	go func() { probes <- f.probe(ctx) }()
	began := time.Now()
	load(ctx)
	<-ctx.Done()
	took := time.Since(began).Round(time.Second)
	lat := <-probes
	fmt.Printf("%-9s %6s %9d %8d %7d %11s %11s %9s\n", name, took, t.accepted.Load(), t.refused.Load(), t.failed.Load(),
		quantile(lat, .5), quantile(lat, .99), f.srv.peakRSS())
}

// probe asks /healthz every 20 ms until ctx ends; a probe that fails or
// takes over five seconds counts as five seconds.
func (f *flood) probe(ctx context.Context) []time.Duration {
	c := &http.Client{Timeout: 5 * time.Second}
	var lat []time.Duration
	for ctx.Err() == nil {
		t0 := time.Now()
		res, err := c.Get(f.srv.base + "/healthz")
		d := time.Since(t0)
		if err != nil || res.StatusCode != http.StatusOK {
			d = 5 * time.Second
		}
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
		lat = append(lat, d)
		select {
		case <-ctx.Done():
		case <-time.After(20 * time.Millisecond):
		}
	}
	return lat
}

func quantile(d []time.Duration, q float64) string {
	if len(d) == 0 {
		return "-"
	}
	slices.Sort(d)
	v := d[min(len(d)-1, int(float64(len(d))*q))]
	return v.Round(10 * time.Microsecond).String()
}

// parallel runs one worker per f.workers until ctx ends.
func (f *flood) parallel(ctx context.Context, work func(ctx context.Context)) {
	var wg sync.WaitGroup
	for range f.workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				work(ctx)
			}
		})
	}
	wg.Wait()
}

// post posts form to path.
func (f *flood) post(ctx context.Context, c *http.Client, path string, form url.Values) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.srv.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := c.Do(req)
	if err == nil {
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	return res, err
}

// start starts an episode at the touchpoint named name; its token, or ""
// when it was not accepted.
func (f *flood) start(ctx context.Context, t *tally, name string, form url.Values) string {
	return f.startBy(ctx, f.client, t, name, form)
}

// startBy is start by the client c.
func (f *flood) startBy(ctx context.Context, c *http.Client, t *tally, name string, form url.Values) string {
	res, err := f.post(ctx, c, "/t/"+f.srv.codes[name]+"/start", form)
	if !t.count(res, err) {
		return ""
	}
	tok := strings.TrimPrefix(res.Header.Get("Location"), f.srv.base)
	tok, _, _ = strings.Cut(strings.TrimPrefix(tok, "/e/"), "#")
	return tok
}

// starts floods episode starts at one table, and returns the tokens of
// the episodes started, for the stream flood.
func (f *flood) starts() []string {
	var t tally
	var mu sync.Mutex
	var tokens []string
	f.measure("starts", &t, func(ctx context.Context) {
		f.parallel(ctx, func(ctx context.Context) {
			if tok := f.start(ctx, &t, "Table 12, window", nil); tok != "" {
				mu.Lock()
				tokens = append(tokens, tok)
				mu.Unlock()
			}
		})
	})
	return tokens
}

// streams opens up to max live streams from this one address, four per
// episode (an episode's own cap), holding each open until the flood ends.
// Accepted are the streams served, refused those turned away; a stream
// the server ends early (a cap dropped it) is counted apart.
func (f *flood) streams(tokens []string, maxStreams int) {
	var t tally
	var dropped atomic.Int64
	openAtEnd := make(chan string, 1)
	tr := &http.Transport{MaxIdleConnsPerHost: 1, DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	f.measure("streams", &t, func(ctx context.Context) {
		// The server's count, read a moment before the streams close.
		time.AfterFunc(f.each-500*time.Millisecond, func() { openAtEnd <- f.srv.metric("tandem_live_streams") })
		var next atomic.Int64
		var held sync.WaitGroup
		f.parallel(ctx, func(ctx context.Context) {
			i := int(next.Add(1) - 1)
			if i >= maxStreams || i/4 >= len(tokens) {
				<-ctx.Done()
				return
			}
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, f.srv.base+"/e/"+tokens[i/4]+"/live", nil)
			res, err := c.Do(req)
			if !t.count(res, err) {
				if err == nil {
					res.Body.Close()
				}
				return
			}
			held.Go(func() {
				defer res.Body.Close()
				b := make([]byte, 512)
				var seen strings.Builder
				for {
					n, err := res.Body.Read(b)
					seen.Write(b[:n])
					if err != nil {
						if ctx.Err() == nil && strings.Contains(seen.String(), "event: end") {
							dropped.Add(1)
						}
						return
					}
				}
			})
		})
		held.Wait()
	})
	fmt.Printf("%-9s dropped by the caps while the flood ran: %d; open at its end: %s (server's count); episodes: %d\n",
		"", dropped.Load(), <-openAtEnd, len(tokens))
}

// feedback floods feedback through the cafeteria's poster: a start that
// goes straight to the form, then the form.
func (f *flood) feedback() {
	var starts, t tally
	f.measure("feedback", &t, func(ctx context.Context) {
		f.parallel(ctx, func(ctx context.Context) {
			tok := f.start(ctx, &starts, "Cafeteria entrance", url.Values{"next": {"feedback"}})
			if tok == "" {
				return
			}
			res, err := f.post(ctx, f.client, "/e/"+tok+"/feedback", url.Values{"overall": {"4"}, "comment": {"flood"}})
			t.count(res, err)
		})
	})
}

var helpAction = regexp.MustCompile(`action="/e/[^"/]+/steps/(\d+)/help"`)

// helpStep is the first step with a help button on an episode's page.
func (f *flood) helpStep(tok string) (string, error) {
	res, err := f.client.Get(f.srv.base + "/e/" + tok)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	m := helpAction.FindSubmatch(b)
	if m == nil {
		return "", errors.New("no help button on the episode page")
	}
	return string(m[1]), nil
}

// help floods help requests at table 12, each on an episode of its own
// (a start and a help request: both are counted); halfway through a
// customer at the pension ATM, from another address, asks for help too.
// It reports whether the owner's live view, all sites, shows that request.
func (f *flood) help() (string, error) {
	ctx := context.Background()
	var setup tally
	// The set-up and the genuine customer come from another address than
	// the flood's, whose allowance earlier floods may have used up.
	tok := f.startBy(ctx, f.customer, &setup, "Table 12, window", nil)
	atm := f.startBy(ctx, f.customer, &setup, "Pension ATM", nil)
	if tok == "" || atm == "" {
		return "", errors.New("help: could not start an episode")
	}
	step, err := f.helpStep(tok)
	if err != nil {
		return "", err
	}
	atmStep, err := f.helpStep(atm)
	if err != nil {
		return "", err
	}
	owner, err := f.signIn("owner@demo.tandem.test")
	if err != nil {
		return "", err
	}
	if on, err := f.onLiveView(owner, "Pension ATM"); err != nil || on {
		return fmt.Sprintf("not measured: before the flood the view shows a request there already (%v)", err), nil
	}
	var t tally
	genuine := make(chan bool, 1)
	f.measure("help", &t, func(ctx context.Context) {
		time.AfterFunc(f.each/2, func() {
			res, err := f.post(context.Background(), f.customer, "/e/"+atm+"/steps/"+atmStep+"/help", nil)
			var g tally
			genuine <- g.count(res, err)
		})
		f.parallel(ctx, func(ctx context.Context) {
			tok := f.start(ctx, &t, "Table 12, window", nil)
			if tok == "" {
				return // the start is counted: no episode, no help request
			}
			res, err := f.post(ctx, f.client, "/e/"+tok+"/steps/"+step+"/help", nil)
			t.count(res, err)
		})
	})
	if !<-genuine {
		return "not measured: the genuine request was refused", nil
	}
	on, err := f.onLiveView(owner, "Pension ATM")
	if err != nil {
		return "", err
	}
	if on {
		return "yes", nil
	}
	return "NO: the flood pushed it off", nil
}

// signIn signs in as email with the demo password.
func (f *flood) signIn(email string) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	res, err := c.PostForm(f.srv.base+"/login", url.Values{"email": {email}, "password": {"tandem-demo-2026"}})
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path == "/login" {
		return nil, fmt.Errorf("sign in as %s: %d at %s", email, res.StatusCode, res.Request.URL.Path)
	}
	return c, nil
}

// onLiveView reports whether the help requests of the live view, all
// sites, name place.
func (f *flood) onLiveView(c *http.Client, place string) (bool, error) {
	res, err := c.Get(f.srv.base + "/app/live?site=all")
	if err != nil {
		return false, err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return false, fmt.Errorf("GET /app/live: %d", res.StatusCode)
	}
	page := string(b)
	i, j := strings.Index(page, `id="live-help"`), strings.Index(page, `id="live-requests"`)
	if i < 0 || j < i {
		return false, errors.New("the live view has no help requests section")
	}
	return strings.Contains(page[i:j], place), nil
}
