package live

import (
	"container/list"
	"net/http"
	"net/netip"
	"sync"
	"sync/atomic"

	"github.com/tandemhq/tandem/internal/httpx"
)

// Limits caps the streams open at once across hubs: in all (Max) and from
// one client address (PerAddr). A new stream over a cap is not refused:
// the oldest stream, of that address or of all, is dropped to make room.
// It hears "end" and its browser reconnects a minute later (the page works
// without it meanwhile), so whoever opens streams in bulk pushes out their
// own first, and the process never holds more than Max of them, whoever
// opens them. Per-key caps (Config.MaxStreams) still refuse.
//
// Every hub of a process shares one Limits, the one SetLimits configures,
// unless its Config names another.
type Limits struct {
	max, perAddr int
	proxies      *httpx.Proxies // whose X-Forwarded-For names the client

	mu     sync.Mutex
	all    list.List // of *slot, oldest first
	byAddr map[string]*list.List
}

// NewLimits returns caps of max streams in all and perAddr from one client
// address; 0 is no cap.
func NewLimits(max, perAddr int) *Limits {
	return &Limits{max: max, perAddr: perAddr, byAddr: map[string]*list.List{}}
}

// slot is one stream's place under the caps.
type slot struct {
	addr      string
	all, mine *list.Element
	// drop is closed when a cap drops the stream.
	drop chan struct{}
}

// admit gives a new stream from addr its place, dropping the oldest stream
// of the address, then the oldest of all, while a cap is reached.
func (l *Limits) admit(addr string) *slot {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.perAddr > 0 {
		for mine := l.byAddr[addr]; mine != nil && mine.Len() >= l.perAddr; mine = l.byAddr[addr] {
			l.dropLocked(mine.Front().Value.(*slot))
		}
	}
	if l.max > 0 {
		for l.all.Len() >= l.max {
			l.dropLocked(l.all.Front().Value.(*slot))
		}
	}
	mine := l.byAddr[addr]
	if mine == nil {
		mine = list.New()
		l.byAddr[addr] = mine
	}
	s := &slot{addr: addr, drop: make(chan struct{})}
	s.all = l.all.PushBack(s)
	s.mine = mine.PushBack(s)
	return s
}

// dropLocked frees s's place and tells its stream to end.
func (l *Limits) dropLocked(s *slot) {
	l.removeLocked(s)
	close(s.drop)
	dropped.Add(1)
}

// release frees the place of a stream that ended by itself; a dropped
// stream's place is free already.
func (l *Limits) release(s *slot) {
	l.mu.Lock()
	defer l.mu.Unlock()
	select {
	case <-s.drop:
	default:
		l.removeLocked(s)
	}
}

func (l *Limits) removeLocked(s *slot) {
	l.all.Remove(s.all)
	mine := l.byAddr[s.addr]
	mine.Remove(s.mine)
	if mine.Len() == 0 {
		delete(l.byAddr, s.addr)
	}
}

// Open returns how many streams hold a place under these caps now, in all
// and from addr (as Limits.clientAddr gives it).
func (l *Limits) Open(addr string) (all, fromAddr int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if m := l.byAddr[addrKey(addr)]; m != nil {
		fromAddr = m.Len()
	}
	return l.all.Len(), fromAddr
}

// DefaultPerAddr is the default cap of streams from one client address: a
// café's shared Wi-Fi, every guest with a page open, stays under it.
const DefaultPerAddr = 32

// DefaultMax returns the default cap of all streams, from the process's
// file-descriptor limit fds: each stream holds a connection, and the
// database, the other requests and the listener need the rest. Half the
// limit, at least 64, at most 10,000 (some 30 KB of memory each, with its
// connection and its share of a watcher).
func DefaultMax(fds uint64) int {
	return int(max(64, min(fds/2, 10_000)))
}

// process is the Limits every hub uses unless its Config says otherwise.
var process atomic.Pointer[Limits]

func init() { process.Store(NewLimits(DefaultMax(FDLimit()), DefaultPerAddr)) }

// SetLimits sets the caps every hub of the process shares (see Limits):
// max streams in all, perAddr from one client address, as proxies tell it;
// 0 is no cap. Call it before serving: streams already open keep their
// places uncounted.
func SetLimits(max, perAddr int, proxies *httpx.Proxies) {
	l := NewLimits(max, perAddr)
	l.proxies = proxies
	process.Store(l)
}

// ProcessLimits returns the caps SetLimits set, or the defaults.
func ProcessLimits() *Limits { return process.Load() }

// Caps returns the caps: in all, and per address.
func (l *Limits) Caps() (max, perAddr int) { return l.max, l.perAddr }

// dropped counts the streams a cap dropped, of every Limits.
var dropped atomic.Int64

// DroppedStreams is how many live streams a cap has dropped since the
// process started, to make room for newer ones.
func DroppedStreams() int64 { return dropped.Load() }

// clientAddr is the address r's client connects from, as the caps count
// it: the trusted proxies' word for it (see httpx.Proxies), by addrKey.
func (l *Limits) clientAddr(r *http.Request) string {
	return addrKey(l.proxies.ClientAddr(r))
}

// addrKey is what the per-address cap counts by: an IPv4 address, or an
// IPv6 address's /64, which one home or phone gets whole.
func addrKey(host string) string {
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}
