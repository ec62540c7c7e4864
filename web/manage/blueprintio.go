package manage

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/blueprintfile"
)

// A service's blueprint as a file (package blueprintfile): downloaded from
// the blueprint page, uploaded on the new-service page to create a service,
// or on the blueprint page to publish the next version.

// downloadBlueprint offers the current blueprint as a file.
func (s *Server) downloadBlueprint(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	data, svc, err := s.App.ExportBlueprint(r.Context(), v.Org.ID, id)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Disposition", `attachment; filename="`+blueprintfile.FileName(svc)+`"`)
	h.Set("Cache-Control", "no-store")
	w.Write(data)
	return nil
}

// uploadedFile reads the "file" field of a multipart form; a missing or
// oversized file is an EINVALID about it.
func uploadedFile(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	r.Body = http.MaxBytesReader(w, r.Body, blueprintfile.MaxBytes+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return nil, tandem.Invalid("file", "blueprintio.error.too_large")
		}
		return nil, tandem.Invalid("file", "blueprintio.error.no_file")
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		return nil, tandem.Invalid("file", "blueprintio.error.no_file")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, blueprintfile.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, tandem.Invalid("file", "blueprintio.error.no_file")
	}
	return data, nil
}

// importMessage says what is wrong with a refused file, naming the field
// inside the file when there is one.
func importMessage(p *page, err error) string {
	msg := p.P.T(tandem.ErrorKey(err))
	if f := tandem.ErrorField(err); f != "" && f != "file" {
		msg = p.P.T("blueprintio.error.at", f, msg)
	}
	return msg
}

// importService creates a service from an uploaded blueprint file.
func (s *Server) importService(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	data, err := uploadedFile(w, r)
	var svc *tandem.Service
	if err == nil {
		svc, _, err = s.App.ImportBlueprint(r.Context(), v.Org.ID, 0, data)
	}
	if err != nil {
		if tandem.ErrorCode(err) != tandem.EINVALID {
			return err
		}
		return s.renderNewService(w, r, http.StatusUnprocessableEntity, tandem.Text{}, 0, nil, err)
	}
	http.Redirect(w, r, "/app/services/"+strconv.FormatInt(svc.ID, 10), http.StatusSeeOther)
	return nil
}

// importVersion publishes an uploaded blueprint file as the next version.
func (s *Server) importVersion(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	// The organization is checked before the file is read.
	svc, err := s.App.Services.FindService(r.Context(), v.Org.ID, id)
	if err != nil {
		return err
	}
	data, err := uploadedFile(w, r)
	if err == nil {
		_, _, err = s.App.ImportBlueprint(r.Context(), v.Org.ID, svc.ID, data)
	}
	if err != nil {
		if tandem.ErrorCode(err) != tandem.EINVALID {
			return err
		}
		return s.renderBlueprint(w, r, http.StatusUnprocessableEntity, svc, err)
	}
	http.Redirect(w, r, "/app/services/"+strconv.FormatInt(svc.ID, 10), http.StatusSeeOther)
	return nil
}
