package api_test

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	neturl "net/url"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandemhq/tandem/internal/tune"
	"github.com/tandemhq/tandem/storetest"
)

// clients is how many kiosks post at once, each on its own connection.
const clients = 64

// BenchmarkFeedbackIngest posts b.N feedbacks over real loopback HTTP to a
// real store, from 64 concurrent connections, each with its own
// Idempotency-Key as a kiosk would send. It reports throughput and latency
// percentiles; run it bounded, e.g. -benchtime=30000x.
func BenchmarkFeedbackIngest(b *testing.B) {
	tune.GC() // as the server does
	for _, eng := range storetest.Engines() {
		b.Run(eng.Name, func(b *testing.B) {
			e := newEnv(b, eng)
			body := []byte(fmt.Sprintf(`{"touchpoint": %q, "overall": 4, "aspects": [`+
				`{"aspect": "window-view", "rating": "positive"}, {"aspect": "coffee-temperature", "rating": "negative"}], `+
				`"comment": "The coffee went cold while I was reading.", "lang": "en"}`, e.A.TP.Code))
			url := e.Srv.URL + "/api/v1/feedback"
			before := e.count(b, e.A.Org.ID)

			var next atomic.Int64 // requests handed out
			lat := make([][]time.Duration, clients)
			var failed atomic.Value
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for c := range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					conn, err := dialKeepAlive(url)
					if err != nil {
						failed.CompareAndSwap(nil, err.Error())
						return
					}
					defer conn.Close()
					mine := make([]time.Duration, 0, b.N/clients+1)
					for {
						i := next.Add(1)
						if i > int64(b.N) {
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
				}()
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			if msg := failed.Load(); msg != nil {
				b.Fatalf("a request failed: %v", msg)
			}
			if got := e.countAll(b, e.A.Org.ID) - before; got != b.N {
				b.Fatalf("stored %d feedbacks, sent %d", got, b.N)
			}
			all := slices.Concat(lat...)
			slices.Sort(all)
			pct := func(p float64) float64 {
				return float64(all[min(len(all)-1, int(p*float64(len(all))))].Microseconds()) / 1000
			}
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "records/s")
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
		})
	}
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
	u, err := neturl.Parse(rawURL)
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
