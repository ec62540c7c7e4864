package api

import (
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/blueprintfile"
)

// A service's blueprint as a file (package blueprintfile): GET it from one
// organization, POST it to another as a new service, or back as the next
// version of a service.

// getBlueprintFile answers the service's current blueprint as a file.
func (s *Server) getBlueprintFile(w http.ResponseWriter, r *http.Request, orgID int64) error {
	id, ok := pathID(r)
	if !ok {
		return errNotFound
	}
	data, svc, err := s.App.ExportBlueprint(r.Context(), orgID, id)
	if err != nil {
		return notFound(err)
	}
	h := w.Header()
	h["Content-Type"] = ctJSON
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, blueprintfile.FileName(svc)))
	w.WriteHeader(http.StatusOK)
	w.Write(data)
	return nil
}

// postServiceFile creates a service from a blueprint file.
func (s *Server) postServiceFile(w http.ResponseWriter, r *http.Request, orgID int64) error {
	return s.importFile(w, r, orgID, 0)
}

// postBlueprintFile publishes a blueprint file as the service's next version.
func (s *Server) postBlueprintFile(w http.ResponseWriter, r *http.Request, orgID int64) error {
	id, ok := pathID(r)
	if !ok {
		return errNotFound
	}
	return s.importFile(w, r, orgID, id)
}

func (s *Server) importFile(w http.ResponseWriter, r *http.Request, orgID, serviceID int64) error {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, blueprintfile.MaxBytes))
	if err != nil {
		if tooLarge(err) {
			return &badRequest{Field: "body", Key: "api.error.body_too_large"}
		}
		return &badRequest{Field: "body", Key: "api.error.malformed_json"}
	}
	svc, b, err := s.App.ImportBlueprint(r.Context(), orgID, serviceID, data)
	if err != nil {
		switch tandem.ErrorKey(err) {
		case "blueprintio.error.json", "blueprintio.error.unknown_field", "blueprintio.error.wrong_type", "blueprintio.error.duplicate_field":
			// A body that does not read as the format at all.
			return &badRequest{Field: tandem.ErrorField(err), Key: tandem.ErrorKey(err)}
		}
		if serviceID != 0 && tandem.ErrorCode(err) == tandem.ENOTFOUND {
			return notFound(err)
		}
		return err
	}
	out := toServiceOut(svc)
	out.Blueprint = toBlueprintOut(b)
	w.Header()["Location"] = []string{"/api/v1/services/" + strconv.FormatInt(svc.ID, 10)}
	writeJSON(w, http.StatusCreated, out)
	return nil
}
