package tandem

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Lengths of the names and addresses a manager types.
const (
	MaxNameRunes    = 120
	MaxAddressRunes = 300
)

// Site is one place where the organization serves customers: a restaurant
// hall, a cafeteria, a bank branch, an office building being cleaned.
type Site struct {
	ID      int64
	OrgID   int64
	Name    Text
	Address string
	// TimeZone is the site's IANA time zone; empty means the
	// organization's.
	TimeZone string
}

// Validate checks a site before it is stored.
func (s *Site) Validate() error {
	if err := s.Name.CheckMultiline("name"); err != nil {
		return err
	}
	if err := CheckText("address", s.Address); err != nil {
		return err
	}
	if err := CheckLine("time_zone", strings.TrimSpace(s.TimeZone)); err != nil {
		return err
	}
	s.Name = s.Name.Trimmed()
	s.Address = strings.TrimSpace(s.Address)
	s.TimeZone = strings.TrimSpace(s.TimeZone)
	if s.Name.Empty() {
		return Invalid("name", "error.required")
	}
	if s.Name.Longer(MaxNameRunes) {
		return Invalid("name", "error.text_long")
	}
	if utf8.RuneCountInString(s.Address) > MaxAddressRunes {
		return Invalid("address", "error.text_long")
	}
	if s.TimeZone != "" {
		if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "Local" {
			return Invalid("time_zone", "error.time_zone")
		}
	}
	return nil
}

// Location is the site's time zone: its own, else orgZone, its
// organization's (Organization.Location).
func (s *Site) Location(orgZone *time.Location) *time.Location {
	if s.TimeZone != "" {
		if loc, err := time.LoadLocation(s.TimeZone); err == nil {
			return loc
		}
	}
	return orgZone
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
	if err := CheckLine("name", strings.TrimSpace(m.Name)); err != nil {
		return err
	}
	if err := m.Title.CheckMultiline("title"); err != nil {
		return err
	}
	m.Name = strings.TrimSpace(m.Name)
	m.Title = m.Title.Trimmed()
	if m.Name == "" {
		return Invalid("name", "error.required")
	}
	if utf8.RuneCountInString(m.Name) > MaxNameRunes {
		return Invalid("name", "error.text_long")
	}
	if m.Title.Longer(MaxNameRunes) {
		return Invalid("title", "error.text_long")
	}
	if m.SiteID <= 0 {
		return Invalid("site_id", "error.required")
	}
	return nil
}

// SiteStore stores sites and their staff.
type SiteStore interface {
	CreateSite(ctx context.Context, s *Site) error
	FindSite(ctx context.Context, orgID, id int64) (*Site, error)
	ListSites(ctx context.Context, orgID int64) ([]*Site, error)
	// UpdateSite stores s's name, address and time zone.
	UpdateSite(ctx context.Context, s *Site) error

	CreateStaff(ctx context.Context, m *StaffMember) error
	FindStaff(ctx context.Context, orgID, id int64) (*StaffMember, error)
	// ListStaff lists an organization's staff; siteID 0 means every site.
	ListStaff(ctx context.Context, orgID, siteID int64) ([]*StaffMember, error)
	// UpdateStaff stores m's site, name, title and user.
	UpdateStaff(ctx context.Context, m *StaffMember) error
}
