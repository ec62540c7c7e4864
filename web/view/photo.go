package view

import (
	"errors"
	"mime/multipart"
	"net/http"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/photo"
)

// PhotoFormBytes bounds a posted form that carries a photo: the largest
// photo taken and the form's other fields. A route that takes one sets
// it as its Route.MaxBody.
const PhotoFormBytes = photo.MaxBytes + 64<<10

// photoMemory is how much of a posted photo is kept in memory; the rest
// waits in a temporary file until the request ends.
const photoMemory = 1 << 20

// FormPhoto parses a posted form, multipart or not, and returns the file
// sent in its field (nil when none was chosen) for the use case to read;
// the caller closes it.
// A body over the route's bound is EINVALID on "photo", as the use case
// says of a photo too large; the form's other fields are then lost.
func FormPhoto(r *http.Request, field string) (multipart.File, error) {
	err := r.ParseMultipartForm(photoMemory)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, tandem.Invalid(photo.Field, "error.photo_too_large")
	case errors.Is(err, http.ErrNotMultipart):
		return nil, nil // an ordinary form, parsed; no photo
	case err != nil:
		return nil, tandem.Invalid(photo.Field, "error.photo_unreadable")
	}
	f, _, err := r.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) {
		return nil, nil
	}
	if err != nil {
		return nil, tandem.Invalid(photo.Field, "error.photo_unreadable")
	}
	return f, nil
}
