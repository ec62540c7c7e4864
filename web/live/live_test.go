package live_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/web/live"
)

// wait is how long a test waits for something that should happen soon.
const wait = 10 * time.Second

// board holds the keys' states, which the tests set, and wakes the keys'
// watchers on each change, as a store with notifications would.
type board struct {
	mu       sync.Mutex
	states   map[string]live.State
	started  map[string]int // watchers made per key
	watching map[string]int // watchers running per key
	wakes    map[string]map[chan struct{}]bool
}

func newBoard() *board {
	return &board{states: map[string]live.State{}, started: map[string]int{}, watching: map[string]int{},
		wakes: map[string]map[chan struct{}]bool{}}
}

func (b *board) set(key string, st live.State) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.states[key] = st
	for ch := range b.wakes[key] {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

func (b *board) count(m map[string]int, key string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return m[key]
}

// watch is the hub's Config.Watch.
func (b *board) watch(key string) live.StateFunc {
	b.mu.Lock()
	b.started[key]++
	b.mu.Unlock()
	return func(context.Context) (live.State, error) {
		b.mu.Lock()
		defer b.mu.Unlock()
		return b.states[key], nil
	}
}

// Wake implements live.Changes.
func (b *board) Wake(ctx context.Context, key string) <-chan struct{} {
	ch := make(chan struct{}, 1)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.wakes[key] == nil {
		b.wakes[key] = map[chan struct{}]bool{}
	}
	b.wakes[key][ch] = true
	b.watching[key]++
	go func() {
		<-ctx.Done()
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.wakes[key], ch)
		b.watching[key]--
	}()
	return ch
}

type env struct {
	b   *board
	hub *live.Hub[string]
	srv *httptest.Server
}

// newEnv serves a hub over a board at /s/{key}; a refused stream's
// message is in the language the client asks for, and a client's address
// is its X-Addr header when it has one.
func newEnv(t *testing.T, adjust func(*live.Config[string])) *env {
	t.Helper()
	b := newBoard()
	c := live.Config[string]{Watch: b.watch, Changes: b, MaxStreams: 2, Lifetime: time.Hour, Heartbeat: time.Hour,
		Limits: live.NewLimits(0, 0)}
	if adjust != nil {
		adjust(&c)
	}
	hub := live.NewHub(c)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /s/{key}", func(w http.ResponseWriter, r *http.Request) {
		if a := r.Header.Get("X-Addr"); a != "" {
			r.RemoteAddr = a // the client's address, as a test says
		}
		hub.Serve(w, r, r.PathValue("key"), func() string { return "busy in " + r.Header.Get("Accept-Language") })
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	t.Cleanup(hub.Close) // first: Close waits for the streams
	return &env{b: b, hub: hub, srv: srv}
}

// stream is an open event stream; cancel closes it.
type stream struct {
	resp   *http.Response
	events chan map[string]string // each event's fields; closed when the stream ends
	cancel context.CancelFunc
}

func (e *env) open(t *testing.T, path string, header http.Header) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, "GET", e.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	s := &stream{resp: resp, events: make(chan map[string]string, 100), cancel: cancel}
	go func() {
		defer close(s.events)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		ev := map[string]string{}
		for sc.Scan() {
			l := sc.Text()
			switch {
			case l == "":
				if ev["event"] != "" {
					s.events <- ev
				}
				ev = map[string]string{}
			case !strings.HasPrefix(l, ":"):
				k, v, _ := strings.Cut(l, ": ")
				ev[k] = v
			}
		}
	}()
	return s
}

// next returns the stream's next event.
func (s *stream) next(t *testing.T) map[string]string {
	t.Helper()
	select {
	case ev, ok := <-s.events:
		if !ok {
			t.Fatal("the stream ended")
		}
		return ev
	case <-time.After(wait):
		t.Fatalf("no event within %s", wait)
		return nil
	}
}

// want checks the stream's next event.
func (s *stream) want(t *testing.T, event, id string) {
	t.Helper()
	ev := s.next(t)
	if ev["event"] != event || ev["id"] != id || (event == live.EventChange && ev["data"] != id) {
		t.Fatalf("event %v, want %s %q", ev, event, id)
	}
}

// ends checks that the stream ends with no more events.
func (s *stream) ends(t *testing.T) {
	t.Helper()
	select {
	case ev, ok := <-s.events:
		if ok {
			t.Fatalf("event %v, want the stream to end", ev)
		}
	case <-time.After(wait):
		t.Fatalf("the stream is still open after %s", wait)
	}
}

// eventually waits for cond, failing after a while.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, wait)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestCap: a key has at most MaxStreams streams; one more gets 429 with
// Retry-After and the caller's message, and a place frees up when a stream
// closes. Another key has its own places.
func TestCap(t *testing.T) {
	e := newEnv(t, nil)
	e.b.set("a", live.State{Version: "1"})
	first, second := e.open(t, "/s/a", nil), e.open(t, "/s/a", nil)
	for _, s := range []*stream{first, second} {
		if s.resp.StatusCode != http.StatusOK {
			t.Fatalf("stream: %d, want 200", s.resp.StatusCode)
		}
	}
	refused := func() *http.Response {
		req, _ := http.NewRequest("GET", e.srv.URL+"/s/a", nil)
		req.Header.Set("Accept-Language", "fi")
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel) // an accepted stream is closed
		res, err := http.DefaultClient.Do(req.WithContext(ctx))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := refused()
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "60" {
		t.Fatalf("third stream: %d, Retry-After %q; want 429, 60", res.StatusCode, res.Header.Get("Retry-After"))
	}
	for _, want := range []string{"retry: 60000\n", "event: busy\n", "data: busy in fi\n"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("refusal lacks %q:\n%s", want, body)
		}
	}
	if s := e.open(t, "/s/b", nil); s.resp.StatusCode != http.StatusOK {
		t.Errorf("another key's stream: %d, want 200", s.resp.StatusCode)
	}
	first.cancel()
	eventually(t, "a place after a stream closed", func() bool {
		res := refused()
		if res.StatusCode != http.StatusOK {
			res.Body.Close()
		}
		return res.StatusCode == http.StatusOK
	})
}

// TestSharedWatcher: the streams of one key share one watcher, which stops
// when the last stream leaves; every stream hears every change.
func TestSharedWatcher(t *testing.T) {
	e := newEnv(t, func(c *live.Config[string]) { c.MaxStreams = 0 })
	e.b.set("k", live.State{Version: "1"})
	var streams []*stream
	for range 3 {
		s := e.open(t, "/s/k", nil)
		s.want(t, live.EventChange, "1")
		streams = append(streams, s)
	}
	if n := e.b.count(e.b.started, "k"); n != 1 {
		t.Fatalf("%d watchers for three streams of one key, want 1", n)
	}
	e.b.set("k", live.State{Version: "2"})
	for _, s := range streams {
		s.want(t, live.EventChange, "2")
	}
	streams[0].cancel()
	streams[1].cancel()
	e.b.set("k", live.State{Version: "3"})
	streams[2].want(t, live.EventChange, "3")
	if n := e.b.count(e.b.watching, "k"); n != 1 {
		t.Fatalf("%d watchers running with one stream left, want 1", n)
	}
	streams[2].cancel()
	eventually(t, "the watcher stops with the last stream", func() bool { return e.b.count(e.b.watching, "k") == 0 })
	e.open(t, "/s/k", nil).want(t, live.EventChange, "3")
	if n := e.b.count(e.b.started, "k"); n != 2 {
		t.Errorf("%d watchers made, want a new one for a new stream", n)
	}
}

// TestKnownVersion: a client that shows the current version (Last-Event-ID
// first, else ?v=) hears nothing until the next change; one that shows an
// older version hears the current one at once.
func TestKnownVersion(t *testing.T) {
	e := newEnv(t, func(c *live.Config[string]) { c.MaxStreams = 0 })
	e.b.set("k", live.State{Version: "1"})
	// A first stream makes sure the watcher knows version 1 before the
	// others join.
	e.open(t, "/s/k", nil).want(t, live.EventChange, "1")

	current := []*stream{
		e.open(t, "/s/k?v=1", nil),
		e.open(t, "/s/k?v=0", http.Header{"Last-Event-ID": {"1"}}),
	}
	for _, old := range []*stream{
		e.open(t, "/s/k?v=0", nil),
		e.open(t, "/s/k?v=1", http.Header{"Last-Event-ID": {"0"}}),
	} {
		old.want(t, live.EventChange, "1")
	}
	for _, s := range current {
		h := s.resp.Header
		if s.resp.StatusCode != http.StatusOK || h.Get("Content-Type") != "text/event-stream" ||
			h.Get("Cache-Control") != "no-store" || h.Get("X-Accel-Buffering") != "no" {
			t.Errorf("stream: %d %v", s.resp.StatusCode, h)
		}
	}
	e.b.set("k", live.State{Version: "2"})
	for _, s := range current {
		s.want(t, live.EventChange, "2") // the first event: none for version 1
	}
}

// TestDone: once the state is done the stream sends the last change and
// "done", and closes; a new stream says "done" at once.
func TestDone(t *testing.T) {
	e := newEnv(t, nil)
	e.b.set("k", live.State{Version: "1"})
	s := e.open(t, "/s/k?v=1", nil)
	e.b.set("k", live.State{Version: "2", Done: true})
	s.want(t, live.EventChange, "2")
	s.want(t, live.EventDone, "")
	s.ends(t)
	s = e.open(t, "/s/k?v=2", nil)
	s.want(t, live.EventDone, "")
	s.ends(t)
}

// TestEnd: a stream says "end" after its lifetime, and closes.
func TestEnd(t *testing.T) {
	e := newEnv(t, func(c *live.Config[string]) { c.Lifetime = 50 * time.Millisecond })
	e.b.set("k", live.State{Version: "1"})
	s := e.open(t, "/s/k?v=1", nil)
	s.want(t, live.EventEnd, "")
	s.ends(t)
}

// TestClose: Close ends every open stream with "end", and a stream opened
// afterwards at once.
func TestClose(t *testing.T) {
	e := newEnv(t, nil)
	e.b.set("a", live.State{Version: "1"})
	e.b.set("b", live.State{Version: "1"})
	a, b := e.open(t, "/s/a", nil), e.open(t, "/s/b", nil)
	a.want(t, live.EventChange, "1")
	b.want(t, live.EventChange, "1")
	e.hub.Close()
	for _, s := range []*stream{a, b, e.open(t, "/s/a?v=1", nil)} {
		s.want(t, live.EventEnd, "")
		s.ends(t)
	}
	eventually(t, "the watchers stop", func() bool {
		return e.b.count(e.b.watching, "a") == 0 && e.b.count(e.b.watching, "b") == 0
	})
}

// TestHead: HEAD gets the stream's headers and no body.
func TestHead(t *testing.T) {
	e := newEnv(t, nil)
	res, err := http.Head(e.srv.URL + "/s/k")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/event-stream" || len(body) != 0 {
		t.Errorf("HEAD: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	if n := e.b.count(e.b.started, "k"); n != 0 {
		t.Errorf("HEAD started %d watchers", n)
	}
}

// TestPoll: Poll wakes a watcher again and again until its context ends,
// and a Hub over it follows changes.
func TestPoll(t *testing.T) {
	var mu sync.Mutex
	version := "1"
	e := newEnv(t, func(c *live.Config[string]) {
		c.Changes = live.Poll[string]{Every: time.Millisecond}
		c.Watch = func(string) live.StateFunc {
			return func(context.Context) (live.State, error) {
				mu.Lock()
				defer mu.Unlock()
				return live.State{Version: version}, nil
			}
		}
	})
	s := e.open(t, "/s/k", nil)
	s.want(t, live.EventChange, "1")
	mu.Lock()
	version = "2"
	mu.Unlock()
	s.want(t, live.EventChange, "2")
}

// TestScript: the client is minified, and knows the events.
func TestScript(t *testing.T) {
	js := string(live.Script())
	if strings.Contains(js, "\n//") || strings.Contains(js, "  ") {
		t.Errorf("the script keeps comments or indentation")
	}
	for _, ev := range []string{live.EventChange, live.EventDone} {
		if !strings.Contains(js, `"`+ev+`"`) {
			t.Errorf("the script does not listen to %q", ev)
		}
	}
}
