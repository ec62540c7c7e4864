package manage

import (
	"net/http"
	"strconv"

	"github.com/tandemhq/tandem"
)

// photo serves a photo attached to a report or a work item to the signed-in
// users of its organization, every role alike (the crew see the report's
// photo, the manager the crew's); another organization's photo is not
// found. The bytes were encoded afresh when uploaded, and their type is
// the stored one, never sniffed by the browser.
func (s *Server) photo(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, data, err := s.App.Photos.OpenPhoto(r.Context(), viewerFrom(r.Context()).Org.ID, id)
	if err != nil {
		return err
	}
	if p.Type != tandem.PhotoJPEG && p.Type != tandem.PhotoPNG {
		return tandem.NotFound("error.not_found")
	}
	h := w.Header()
	h.Set("Content-Type", p.Type)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", "inline")
	h.Set("Cache-Control", "private, max-age=86400")
	h.Set("Content-Security-Policy", "default-src 'none'")
	w.Write(data)
	return nil
}
