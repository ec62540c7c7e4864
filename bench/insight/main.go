// Command insight is the scale benchmark of insight: for each database
// engine and each size it seeds a fresh demo database with that many
// feedback of generated chain history (tandem demo --feedback N, which
// prints its own rows per second), starts the real server on loopback
// (tandem serve), signs in twice (an API token made with tandem token add,
// and the owner's session through the sign-in form) and times, one
// request after another, GET /api/v1/insight over the last 90 and 365 days
// for one service, one site (site_id) and the whole organization, and the
// service's insight page (200 requests each, or as many as a minute takes,
// at least 20: -requests, -budget). It prints p50 and p95 of each, and the server's
// peak resident memory (VmHWM) after them.
//
// It measures, it does not judge. Sizes take k and m suffixes:
//
//	go run ./bench/insight -sizes 10k,1m,10m -engines sqlite,postgres
//
// PostgreSQL runs in a throwaway cluster of the machine's server binaries
// (as the postgres user when run as root), or at -postgres URL, whose
// database it empties first. Databases live under -dir and are deleted
// after each run unless -keep.
package main

import (
	"bufio"
	"context"
	"encoding/json"
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
	"os/user"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	bin := flag.String("bin", "", "the tandem binary to run; empty builds ./cmd/tandem")
	sizes := flag.String("sizes", "10k", "feedback to add to the demo, comma-separated, e.g. 10k,1m,10m")
	engines := flag.String("engines", "sqlite", "engines to run: sqlite, postgres or both, comma-separated")
	requests := flag.Int("requests", 200, "requests per figure, at most")
	budget := flag.Duration("budget", time.Minute, "time per figure: it stops early after this, with at least 20 requests")
	dir := flag.String("dir", "", "where the databases go; empty is a new temporary directory")
	pgURL := flag.String("postgres", "", "a PostgreSQL URL to use instead of a throwaway cluster (its schema is emptied)")
	keep := flag.Bool("keep", false, "keep the databases")
	seeded := flag.Bool("seeded", false, "measure the databases an earlier run left in -dir (with -keep), or the one at -postgres, as they are: no seeding")
	flag.Parse()
	cfg := config{bin: *bin, requests: max(*requests, 1), budget: *budget, dir: *dir, pgURL: *pgURL, keep: *keep, seeded: *seeded, out: os.Stdout}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := parseSize(s)
		if err != nil {
			fmt.Fprintln(os.Stderr, "insight:", err)
			os.Exit(2)
		}
		cfg.sizes = append(cfg.sizes, n)
	}
	for _, e := range strings.Split(*engines, ",") {
		e = strings.TrimSpace(e)
		if e != "sqlite" && e != "postgres" {
			fmt.Fprintf(os.Stderr, "insight: unknown engine %q: sqlite or postgres\n", e)
			os.Exit(2)
		}
		cfg.engines = append(cfg.engines, e)
	}
	if cfg.seeded && (*dir == "" && slices.Contains(cfg.engines, "sqlite") || *pgURL == "" && slices.Contains(cfg.engines, "postgres")) {
		fmt.Fprintln(os.Stderr, "insight: -seeded measures what is there: give -dir for sqlite and -postgres for postgres")
		os.Exit(2)
	}
	if err := run(context.Background(), cfg); err != nil {
		fmt.Fprintln(os.Stderr, "insight:", err)
		os.Exit(1)
	}
}

// parseSize reads 10000, 10k or 1.5m.
func parseSize(s string) (int, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := 1.0
	if v, ok := strings.CutSuffix(t, "k"); ok {
		mult, t = 1e3, v
	} else if v, ok := strings.CutSuffix(t, "m"); ok {
		mult, t = 1e6, v
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("size %q: give a number of feedback, e.g. 10k or 1m", s)
	}
	return int(f * mult), nil
}

type config struct {
	bin      string
	sizes    []int
	engines  []string
	requests int
	budget   time.Duration
	dir      string
	pgURL    string
	keep     bool
	seeded   bool // measure databases seeded before
	out      io.Writer
}

// row is one line of the results.
type row struct {
	engine, what string
	size         int
	p50, p95     time.Duration
	n            int // requests timed
	note         string
}

func run(ctx context.Context, c config) error {
	if c.dir == "" {
		d, err := os.MkdirTemp("", "tandem-insight-bench-")
		if err != nil {
			return err
		}
		c.dir = d
		if !c.keep {
			defer os.RemoveAll(d)
		}
	}
	if c.bin == "" {
		c.bin = filepath.Join(c.dir, "tandem")
		fmt.Fprintln(c.out, "building ./cmd/tandem ...")
		build := exec.Command("go", "build", "-o", c.bin, "./cmd/tandem")
		build.Stdout, build.Stderr = os.Stdout, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("build: %w (run from the repository's root)", err)
		}
	}
	var rows []row
	var seeds []string
	for _, engine := range c.engines {
		for _, n := range c.sizes {
			rs, seed, err := c.one(ctx, engine, n)
			if err != nil {
				return fmt.Errorf("%s, %s: %w", engine, human(n), err)
			}
			rows = append(rows, rs...)
			seeds = append(seeds, seed)
		}
	}
	fmt.Fprintf(c.out, "\nSeeding (tandem demo --feedback N, rollups kept):\n")
	for _, s := range seeds {
		fmt.Fprintln(c.out, "  "+s)
	}
	fmt.Fprintf(c.out, "\n%-8s %6s  %-30s %10s %10s %5s  %s\n", "engine", "added", "request", "p50", "p95", "n", "")
	for _, r := range rows {
		if r.n == 0 {
			fmt.Fprintf(c.out, "%-8s %6s  %-30s %10s %10s %5s  %s\n", r.engine, human(r.size), r.what, "", "", "", r.note)
			continue
		}
		fmt.Fprintf(c.out, "%-8s %6s  %-30s %10s %10s %5d  %s\n", r.engine, human(r.size), r.what, ms(r.p50), ms(r.p95), r.n, r.note)
	}
	return nil
}

func human(n int) string {
	switch {
	case n >= 1e6 && n%1e5 == 0:
		return strings.TrimSuffix(strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64), ".0") + "m"
	case n >= 1e3 && n%100 == 0:
		return strings.TrimSuffix(strconv.FormatFloat(float64(n)/1e3, 'f', 1, 64), ".0") + "k"
	}
	return strconv.Itoa(n)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// one seeds a database of engine with n feedback and measures it.
func (c config) one(ctx context.Context, engine string, n int) ([]row, string, error) {
	data := filepath.Join(c.dir, fmt.Sprintf("%s-%d", engine, n))
	if err := os.MkdirAll(data, 0o700); err != nil {
		return nil, "", err
	}
	if !c.keep && !c.seeded {
		defer os.RemoveAll(data)
	}
	dbArgs := []string{"--data", data}
	if engine == "postgres" {
		u := c.pgURL
		if u == "" {
			pgDir, err := os.MkdirTemp("", "tandem-insight-bench-pg-")
			if err != nil {
				return nil, "", err
			}
			defer os.RemoveAll(pgDir)
			pg, err := startPostgres(pgDir)
			if err != nil {
				return nil, "", err
			}
			defer pg.stop()
			u = pg.url
		} else if c.seeded {
			// as it is
		} else if err := emptyPostgres(ctx, c.bin, u); err != nil {
			return nil, "", err
		}
		dbArgs = append(dbArgs, "--db", u)
	}

	seed := "seeded before"
	if !c.seeded {
		fmt.Fprintf(c.out, "%s, %s: seeding ...\n", engine, human(n))
		var err error
		if seed, err = c.seed(dbArgs, n); err != nil {
			return nil, "", err
		}
	}
	fmt.Fprintf(c.out, "  %s\n", seed)
	out, err := exec.Command(c.bin, append([]string{"token", "add", "--org", "demo", "--name", "bench", "--log-level", "error"}, dbArgs...)...).CombinedOutput()
	if err != nil {
		return nil, "", fmt.Errorf("token add: %v: %s", err, out)
	}
	lines := strings.Fields(strings.TrimSpace(string(out)))
	token := lines[len(lines)-1]

	srv, err := startServe(c.bin, dbArgs, filepath.Join(data, "serve.log"))
	if err != nil {
		return nil, "", err
	}
	defer srv.stop()
	rows, err := c.measure(srv, token, engine, n)
	return rows, fmt.Sprintf("%-8s %6s: %s", engine, human(n), seed), err
}

// seed runs tandem demo --feedback n, stops it once it serves, and returns
// its own report of the rate.
func (c config) seed(dbArgs []string, n int) (string, error) {
	cmd := exec.Command(c.bin, append([]string{"demo", "--addr", freePort(), "--log-level", "error", "--feedback", strconv.Itoa(n)}, dbArgs...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return "", err
	}
	added := regexp.MustCompile(`^Added \d+ feedback in .*$`)
	progress := regexp.MustCompile(`^\s+feedback \d+/\d+`)
	var report string
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		if progress.MatchString(line) {
			fmt.Fprintln(c.out, "  "+strings.TrimSpace(line))
		}
		if added.MatchString(line) {
			report = line
		}
		if strings.Contains(line, "Data is kept in") {
			break
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	go io.Copy(io.Discard, out)
	if err := cmd.Wait(); err != nil && report == "" {
		return "", fmt.Errorf("tandem demo: %v: %s", err, stderr.String())
	}
	if report == "" && n > 0 {
		return "", fmt.Errorf("tandem demo did not report the feedback it added: %s", stderr.String())
	}
	return report, nil
}

// server is a running tandem serve.
type server struct {
	cmd  *exec.Cmd
	base string
	done chan struct{}
}

func startServe(bin string, dbArgs []string, logPath string) (*server, error) {
	addr := freePort()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", addr, "--log-level", "error"}, dbArgs...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd.Stderr = logf
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, base: "http://" + addr, done: make(chan struct{})}
	go func() { cmd.Wait(); logf.Close(); close(s.done) }()
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "listening on") {
				close(ready)
				break
			}
		}
		io.Copy(io.Discard, out)
	}()
	select {
	case <-ready:
		return s, nil
	case <-s.done:
		return nil, fmt.Errorf("tandem serve stopped before it served; see %s", logPath)
	case <-time.After(2 * time.Minute):
		s.stop()
		return nil, errors.New("tandem serve did not start within two minutes")
	}
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

// peakRSS is the server's peak resident memory so far, in MB, from /proc.
func (s *server) peakRSS() int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return -1
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return kb / 1024
		}
	}
	return -1
}

// measure times the insight requests against a seeded server.
func (c config) measure(srv *server, token, engine string, n int) ([]row, error) {
	api := func(path string) ([]byte, error) {
		req, _ := http.NewRequest("GET", srv.base+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		return fetch(http.DefaultClient, req)
	}
	var services struct {
		Items []struct {
			ID   int64             `json:"id"`
			Name map[string]string `json:"name"`
		} `json:"items"`
	}
	var sites struct {
		Items []struct {
			ID   int64             `json:"id"`
			Name map[string]string `json:"name"`
		} `json:"items"`
	}
	for path, v := range map[string]any{"/api/v1/services": &services, "/api/v1/sites": &sites} {
		b, err := api(path)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(b, v); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	if len(services.Items) == 0 || len(sites.Items) == 0 {
		return nil, errors.New("the demo has no services or sites")
	}
	// The restaurant: the chain's service; the first chain café, or the
	// restaurant's own site when there is no chain.
	svc := services.Items[0].ID
	for _, s := range services.Items {
		if strings.Contains(s.Name["en"], "estaurant") {
			svc = s.ID
			break
		}
	}
	site := sites.Items[0].ID
	for _, s := range sites.Items {
		if strings.HasSuffix(s.Name["en"], "café 001") {
			site = s.ID
		}
	}

	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	res, err := browser.PostForm(srv.base+"/login", url.Values{"email": {"owner@demo.tandem.test"}, "password": {"tandem-demo-2026"}})
	if err != nil {
		return nil, err
	}
	res.Body.Close()
	if u, _ := url.Parse(srv.base); len(jar.Cookies(u)) == 0 {
		return nil, fmt.Errorf("signing in as the demo owner gave no session (%s)", res.Status)
	}

	today := time.Now()
	var rows []row
	for _, days := range []int{90, 365} {
		period := fmt.Sprintf("from=%s&to=%s", today.AddDate(0, 0, -(days-1)).Format("2006-01-02"), today.Format("2006-01-02"))
		orgBody, _ := api("/api/v1/insight?" + period)
		for _, scope := range []struct{ name, query string }{
			{"service", fmt.Sprintf("&service_id=%d", svc)},
			{"site", fmt.Sprintf("&site_id=%d", site)},
			{"organization", ""},
		} {
			path := "/api/v1/insight?" + period + scope.query
			body, err := api(path)
			if err != nil {
				return nil, err
			}
			note := ""
			if scope.name == "site" && string(body) == string(orgBody) {
				note = "site_id not applied by this API: the whole organization's"
			}
			p50, p95, k, err := timeRequests(c.requests, c.budget, func() error { _, err := api(path); return err })
			if err != nil {
				return nil, err
			}
			rows = append(rows, row{engine: engine, size: n, what: fmt.Sprintf("API %d days, %s", days, scope.name), p50: p50, p95: p95, n: k, note: note})
			fmt.Fprintf(c.out, "  API %3d days %-12s p50 %s  p95 %s  (%d requests) %s\n", days, scope.name, ms(p50), ms(p95), k, note)
		}
		page := fmt.Sprintf("%s/app/services/%d/insight?%s", srv.base, svc, period)
		if _, err := browserGet(browser, srv.base+"/app/insight?"+period); err == nil {
			page = srv.base + "/app/insight?" + period // the organization's page, where there is one
		}
		if _, err := browserGet(browser, page); err != nil {
			return nil, err
		}
		p50, p95, k, err := timeRequests(c.requests, c.budget, func() error { _, err := browserGet(browser, page); return err })
		if err != nil {
			return nil, err
		}
		what := fmt.Sprintf("page %d days", days)
		if strings.Contains(page, "/services/") {
			what += ", service"
		}
		rows = append(rows, row{engine: engine, size: n, what: what, p50: p50, p95: p95, n: k})
		fmt.Fprintf(c.out, "  %-29s p50 %s  p95 %s  (%d requests)\n", what, ms(p50), ms(p95), k)
	}
	rss := srv.peakRSS()
	rows = append(rows, row{engine: engine, size: n, what: "server peak RSS", note: fmt.Sprintf("%d MB", rss)})
	fmt.Fprintf(c.out, "  server peak RSS %d MB\n", rss)
	return rows, nil
}

func browserGet(c *http.Client, u string) ([]byte, error) {
	req, _ := http.NewRequest("GET", u, nil)
	return fetch(c, req)
}

func fetch(c *http.Client, req *http.Request) ([]byte, error) {
	res, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err == nil && res.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s: %.300s", req.URL.Path, res.Status, b)
	}
	return b, err
}

// timeRequests runs fn up to n times, one after another, stopping after
// budget once it has 20, and returns the p50 and p95 of its durations and
// how many it timed.
func timeRequests(n int, budget time.Duration, fn func() error) (p50, p95 time.Duration, timed int, err error) {
	var ds []time.Duration
	begin := time.Now()
	for len(ds) < n && (len(ds) < min(n, 20) || time.Since(begin) < budget) {
		start := time.Now()
		if err := fn(); err != nil {
			return 0, 0, 0, err
		}
		ds = append(ds, time.Since(start))
	}
	slices.Sort(ds)
	k := len(ds)
	return ds[(k-1)*50/100], ds[(k*95+99)/100-1], k, nil
}

func freePort() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// pgCluster is a throwaway PostgreSQL cluster.
type pgCluster struct {
	dir, bin string
	as       []string
	url      string
}

// startPostgres starts a cluster in dir on a free loopback port, as the
// postgres user when run as root (the server refuses root).
func startPostgres(dir string) (*pgCluster, error) {
	bin := ""
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		bin = filepath.Dir(p)
	} else if ds, _ := filepath.Glob("/usr/lib/postgresql/*/bin"); len(ds) > 0 {
		slices.Sort(ds)
		bin = ds[len(ds)-1]
	}
	if bin == "" {
		return nil, errors.New("no PostgreSQL server binaries (initdb, pg_ctl) on this machine")
	}
	pg := &pgCluster{dir: dir, bin: bin}
	if err := os.MkdirAll(filepath.Join(dir, "sock"), 0o700); err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil { // the postgres user goes through it
		return nil, err
	}
	if u, _ := user.Current(); u != nil && u.Uid == "0" {
		pg.as = []string{"runuser", "-u", "postgres", "--"}
		if err := exec.Command("chown", "-R", "postgres:postgres", dir).Run(); err != nil {
			return nil, fmt.Errorf("chown %s: %w", dir, err)
		}
	}
	_, port, _ := net.SplitHostPort(freePort())
	steps := [][]string{
		{filepath.Join(bin, "initdb"), "-D", filepath.Join(dir, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"},
		{filepath.Join(bin, "pg_ctl"), "-D", filepath.Join(dir, "data"), "-l", filepath.Join(dir, "log"), "-w", "start",
			"-o", fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %s -k %s -c fsync=on -c shared_buffers=128MB", port, filepath.Join(dir, "sock"))},
	}
	for _, s := range steps {
		args := append(append([]string{}, pg.as...), s...)
		if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
			pg.stop()
			return nil, fmt.Errorf("%s: %v: %s", filepath.Base(s[0]), err, out)
		}
	}
	pg.url = fmt.Sprintf("postgres://postgres@127.0.0.1:%s/postgres?sslmode=disable", port)
	return pg, nil
}

func (pg *pgCluster) stop() {
	args := append(append([]string{}, pg.as...), filepath.Join(pg.bin, "pg_ctl"), "-D", filepath.Join(pg.dir, "data"), "-m", "fast", "stop")
	exec.Command(args[0], args[1:]...).Run()
}

// emptyPostgres drops and recreates the public schema at u, with psql.
func emptyPostgres(ctx context.Context, _ string, u string) error {
	out, err := exec.CommandContext(ctx, "psql", u, "-v", "ON_ERROR_STOP=1", "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public").CombinedOutput()
	if err != nil {
		return fmt.Errorf("emptying %s: %v: %s", u, err, out)
	}
	return nil
}
