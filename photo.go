package tandem

import (
	"context"
	"time"
)

// Photo is a picture someone attached (an office worker's report of an
// empty soap dispenser, a crew's proof that the work is done): the
// metadata of an image that was decoded and encoded afresh on upload, so
// its bytes hold pixels only, no EXIF and no location. The bytes
// themselves travel beside it (see PhotoStore).
type Photo struct {
	ID        int64
	OrgID     int64
	Type      string // content type of the stored bytes: image/jpeg or image/png
	Width     int    // pixels
	Height    int    // pixels
	Bytes     int    // size of the stored bytes
	CreatedAt time.Time
}

// Photo content types.
const (
	PhotoJPEG = "image/jpeg"
	PhotoPNG  = "image/png"
)

// Validate checks a photo's metadata before it is stored.
func (p *Photo) Validate() error {
	switch {
	case p.OrgID <= 0:
		return Invalid("org_id", "error.invalid")
	case p.Type != PhotoJPEG && p.Type != PhotoPNG:
		return Invalid("photo", "error.photo_type")
	case p.Width <= 0 || p.Height <= 0:
		return Invalid("photo", "error.photo_unreadable")
	case p.Bytes <= 0:
		return Invalid("photo", "error.photo_empty")
	}
	return nil
}

// PhotoStore keeps photos, each scoped to its organization.
type PhotoStore interface {
	// SavePhoto stores p with data, its encoded bytes, setting p.ID (and
	// p.CreatedAt when unset). The bytes are durable before the photo's
	// row is committed, so a stored photo always has its bytes.
	SavePhoto(ctx context.Context, p *Photo, data []byte) error
	// OpenPhoto returns a photo of an organization and its bytes;
	// another organization's photo is ENOTFOUND.
	OpenPhoto(ctx context.Context, orgID, id int64) (*Photo, []byte, error)
}
