package tandem

import (
	"context"
	"time"
)

// Touchpoint is a place customers meet the service, marked with a QR code
// that opens the customer page: table 12, the cafeteria entrance, the 2F
// restroom. Its code is short and unguessable.
type Touchpoint struct {
	ID        int64
	OrgID     int64
	SiteID    int64
	ServiceID int64
	StaffID   int64 // the staff member usually serving here, 0 if none
	Code      string
	Name      Text
	Type      TouchpointType // TypeOther when not set
	CreatedAt time.Time
	// RetiredAt is when the touchpoint was taken out of use, zero while it
	// is in use. A retired code tells customers so and takes nothing.
	RetiredAt time.Time
}

// Retired reports whether the touchpoint is out of use.
func (t *Touchpoint) Retired() bool { return !t.RetiredAt.IsZero() }

// TouchpointCodeBytes is the entropy of a new touchpoint code (12 characters).
const TouchpointCodeBytes = 9

// Validate checks a touchpoint before it is stored.
func (t *Touchpoint) Validate() error {
	if err := t.Name.CheckMultiline("name"); err != nil {
		return err
	}
	t.Name = t.Name.Trimmed()
	if t.Name.Empty() {
		return Invalid("name", "error.required")
	}
	if t.Name.Longer(MaxNameRunes) {
		return Invalid("name", "error.text_long")
	}
	if t.Type == "" {
		t.Type = TypeOther
	}
	if !t.Type.Valid() {
		return Invalid("type", "error.touchpoint_type")
	}
	if t.SiteID <= 0 {
		return Invalid("site_id", "error.required")
	}
	if t.ServiceID <= 0 {
		return Invalid("service_id", "error.required")
	}
	return nil
}

// TouchpointStore stores touchpoints.
type TouchpointStore interface {
	// CreateTouchpoint stores t, giving it a fresh code if it has none.
	CreateTouchpoint(ctx context.Context, t *Touchpoint) error
	FindTouchpoint(ctx context.Context, orgID, id int64) (*Touchpoint, error)
	// FindTouchpointByCode is for public pages: the code is the credential.
	FindTouchpointByCode(ctx context.Context, code string) (*Touchpoint, error)
	// ListTouchpoints lists every touchpoint, retired ones too.
	ListTouchpoints(ctx context.Context, orgID int64) ([]*Touchpoint, error)
	// UpdateTouchpoint stores t's name, type, site, service and staff member; a
	// retired touchpoint is ECONFLICT.
	UpdateTouchpoint(ctx context.Context, t *Touchpoint) error
	// RetireTouchpoint takes a touchpoint out of use at at; retiring it
	// again keeps the first time.
	RetireTouchpoint(ctx context.Context, orgID, id int64, at time.Time) error
}
