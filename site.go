package tandem

import (
	"context"
	"strings"
)

// Site is one place where the organization serves customers: a restaurant
// hall, a cafeteria, a bank branch, an office building being cleaned.
type Site struct {
	ID      int64
	OrgID   int64
	Name    Text
	Address string
}

// Validate checks a site before it is stored.
func (s *Site) Validate() error {
	if s.Name.Empty() {
		return Invalid("name", "error.required")
	}
	return nil
}

// StaffMember is an employee customers can name in praise. Staff members need
// not have a login: a waiter is praised whether or not they use Tandem.
type StaffMember struct {
	ID     int64
	OrgID  int64
	SiteID int64
	Name   string // as customers know them, e.g. "Anna"
	Title  Text   // job title, e.g. waiter
	UserID int64  // their login, 0 if none
}

// Validate checks a staff member before it is stored.
func (m *StaffMember) Validate() error {
	m.Name = strings.TrimSpace(m.Name)
	if m.Name == "" {
		return Invalid("name", "error.required")
	}
	if m.SiteID == 0 {
		return Invalid("site_id", "error.required")
	}
	return nil
}

// SiteStore stores sites and their staff.
type SiteStore interface {
	CreateSite(ctx context.Context, s *Site) error
	FindSite(ctx context.Context, orgID, id int64) (*Site, error)
	ListSites(ctx context.Context, orgID int64) ([]*Site, error)

	CreateStaff(ctx context.Context, m *StaffMember) error
	FindStaff(ctx context.Context, orgID, id int64) (*StaffMember, error)
	// ListStaff lists an organization's staff; siteID 0 means every site.
	ListStaff(ctx context.Context, orgID, siteID int64) ([]*StaffMember, error)
}
