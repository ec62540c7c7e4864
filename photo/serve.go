package photo

import (
	"net/http"
	"strconv"

	"github.com/tandemhq/tandem"
)

// Write answers with a stored photo: its stored type, never sniffed by the
// browser, shown inline, cached privately for a day, and unable to run or
// load anything. The manager pages and the API both serve photos so.
func Write(w http.ResponseWriter, p *tandem.Photo, data []byte) {
	h := w.Header()
	h.Set("Content-Type", p.Type)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", "inline")
	h.Set("Cache-Control", "private, max-age=86400")
	h.Set("Content-Security-Policy", "default-src 'none'")
	w.Write(data)
}
