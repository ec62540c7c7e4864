package manage

import (
	"net/http"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/photo"
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
	photo.Write(w, p, data)
	return nil
}
