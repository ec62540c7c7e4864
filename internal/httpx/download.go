package httpx

import (
	"net/http"
	"strconv"
)

// Download is a writer of a file download: it sets the response's
// Content-Type and an attachment Content-Disposition with filename only
// when the first byte is written, so a handler that fails before writing
// anything can still answer with an error page of its own type.
type Download struct {
	W           http.ResponseWriter
	ContentType string
	Filename    string // ASCII; quoted as it is
	started     bool
}

// Write writes p, setting the headers first if this is the first write.
func (d *Download) Write(p []byte) (int, error) {
	if !d.started {
		d.started = true
		h := d.W.Header()
		h.Set("Content-Type", d.ContentType)
		h.Set("Content-Disposition", "attachment; filename="+strconv.Quote(d.Filename))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-store")
	}
	return d.W.Write(p)
}

// Started reports whether anything was written.
func (d *Download) Started() bool { return d.started }
