package live

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// The events a stream sends; the page's script (Script) knows them.
const (
	// EventChange: the key's version is now the event's id and data.
	EventChange = "change"
	// EventDone: nothing more will change; the client stops listening.
	EventDone = "done"
	// EventEnd: the stream has run its Lifetime, newer streams need its
	// place (Limits), or the server is shutting down; the browser
	// reconnects by itself.
	EventEnd = "end"
	// EventBusy: the key has MaxStreams streams already; its data is the
	// caller's message. It comes with status 429.
	EventBusy = "busy"
)

const (
	// retryAfter is how long a browser waits before reconnecting to a
	// stream that ended or dropped.
	retryAfter = 3 * time.Second
	// busyRetryAfter is how long a refused client should wait.
	busyRetryAfter = time.Minute
	// writeWait bounds each write: the server's WriteTimeout is for
	// pages and would cut a stream short, but a client that stops
	// reading should not hold the stream until its Lifetime.
	writeWait = 10 * time.Second
)

// Serve streams key's versions to r's client as Server-Sent Events. The
// client says which version it shows: Last-Event-ID when the browser
// reconnects, else ?v=. It hears "change" whenever the version differs from
// that, "done" once nothing more will change, and "end" after Lifetime or
// when the hub closes. A stream over MaxStreams gets 429 with busy(), in
// the client's language, as its message; busy may be nil for a hub without
// a cap. A stream over the hub's Limits is not refused: the oldest stream
// of the client's address, or of all, hears "end" instead and closes, its
// browser coming back after busyRetryAfter. HEAD gets the headers only.
// The caller checks that key exists and that the client may see it.
func (h *Hub[K]) Serve(w http.ResponseWriter, r *http.Request, key K, busy func() string) {
	hdr := w.Header()
	hdr.Set("Cache-Control", "no-store")
	if r.Method == http.MethodHead {
		hdr.Set("Content-Type", "text/event-stream")
		return
	}
	wt := h.join(key)
	if wt == nil {
		msg := ""
		if busy != nil {
			msg = busy()
		}
		hdr.Set("Content-Type", "text/event-stream; charset=utf-8")
		hdr.Set("Retry-After", strconv.Itoa(int(busyRetryAfter/time.Second)))
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprintf(w, "retry: %d\n", busyRetryAfter.Milliseconds())
		writeEvent(w, EventBusy, "", msg)
		return
	}
	defer h.leave(key, wt)
	lim := h.limits()
	place := lim.admit(lim.clientAddr(r))
	defer lim.release(place)
	open.Add(1)
	defer open.Add(-1)

	known := r.Header.Get("Last-Event-ID")
	if known == "" {
		known = r.URL.Query().Get("v")
	}
	hdr.Set("Content-Type", "text/event-stream")
	hdr.Set("X-Accel-Buffering", "no") // nginx: pass events on at once
	rc := http.NewResponseController(w)
	// send writes one piece of the stream with its own deadline and
	// flushes it; false when the client is gone.
	send := func(write func()) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(writeWait))
		write()
		return rc.Flush() == nil
	}
	if !send(func() {
		w.WriteHeader(http.StatusOK)
		fmt.Fprintf(w, "retry: %d\n\n", retryAfter.Milliseconds())
	}) {
		return
	}

	end := time.NewTimer(h.c.Lifetime)
	defer end.Stop()
	beat := time.NewTicker(h.c.Heartbeat)
	defer beat.Stop()
	for {
		st, changed := wt.now()
		if st.Version != "" && st.Version != known {
			known = st.Version
			if !send(func() { writeEvent(w, EventChange, st.Version, st.Version) }) {
				return
			}
		}
		if st.Done {
			send(func() { writeEvent(w, EventDone, "", "") })
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-h.ctx.Done():
			send(func() { writeEvent(w, EventEnd, "", "") })
			return
		case <-end.C:
			send(func() { writeEvent(w, EventEnd, "", "") })
			return
		case <-place.drop:
			// Newer streams need the place: this browser waits longer
			// than usual before it comes back.
			send(func() {
				fmt.Fprintf(w, "retry: %d\n", busyRetryAfter.Milliseconds())
				writeEvent(w, EventEnd, "", "")
			})
			return
		case <-beat.C:
			if !send(func() { fmt.Fprint(w, ": ping\n\n") }) {
				return
			}
		case <-changed:
		}
	}
}

// writeEvent writes one event. It always has a data line: a browser drops
// an event without one.
func writeEvent(w http.ResponseWriter, event, id, data string) {
	var b strings.Builder
	if id != "" {
		b.WriteString("id: " + id + "\n")
	}
	b.WriteString("event: " + event + "\n")
	for line := range strings.Lines(data + "\n") {
		b.WriteString("data: " + line)
	}
	b.WriteString("\n")
	w.Write([]byte(b.String()))
}

// open counts the streams being served, of every hub.
var open atomic.Int64

// OpenStreams is how many live streams are being served now, by every hub.
func OpenStreams() int64 { return open.Load() }
