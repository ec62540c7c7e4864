package app

import (
	"context"
	"io"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/photo"
)

// SavePhoto takes a picture someone uploads (an office worker's report, the
// crew marking work done, a photo sent through the API) and stores it for
// the organization: read up to photo.MaxBytes from r, recognized by its
// bytes, turned upright, scaled down and encoded afresh without its
// metadata (see package photo). A refusal is EINVALID on the field
// "photo", with the reason's key, and stores nothing. The form or request
// that carries a photo calls this first and keeps the returned photo's id.
func (a *App) SavePhoto(ctx context.Context, orgID int64, r io.Reader) (*tandem.Photo, error) {
	p, data, err := photo.Accept(r, photo.MaxBytes)
	if err != nil {
		return nil, err
	}
	p.OrgID = orgID
	p.CreatedAt = a.now()
	if err := a.Photos.SavePhoto(ctx, p, data); err != nil {
		return nil, err
	}
	return p, nil
}
