// Package tandem holds Tandem's domain: the nouns of a service that customers
// co-produce, their validation rules, error codes and the storage contracts.
//
// It imports neither net/http nor database/sql: storage lives in sqlite/,
// postgres/ and sqlstore/, the web in web/ and api/, analytics in insight/.
package tandem

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Languages Tandem speaks out of the box; the first is the fallback.
var Languages = []string{"en", "ru", "fi"}

// Text is a user-visible text in several languages, keyed by language code.
type Text map[string]string

// Get returns the text in lang, falling back to English and then to any
// language that has it, so a half-translated text never renders empty.
func (t Text) Get(lang string) string {
	if s := t[lang]; s != "" {
		return s
	}
	if s := t["en"]; s != "" {
		return s
	}
	for _, l := range Languages {
		if s := t[l]; s != "" {
			return s
		}
	}
	return ""
}

// Has reports whether the text exists in lang itself, without fallback.
func (t Text) Has(lang string) bool { return t[lang] != "" }

// Longer reports whether the text is longer than max runes in any language.
func (t Text) Longer(max int) bool {
	for _, s := range t {
		if utf8.RuneCountInString(s) > max {
			return true
		}
	}
	return false
}

// Trimmed returns the text with spaces trimmed and empty languages dropped.
func (t Text) Trimmed() Text {
	out := make(Text, len(t))
	for l, s := range t {
		if s = strings.TrimSpace(s); s != "" {
			out[l] = s
		}
	}
	return out
}

// Empty reports whether the text has no language at all.
func (t Text) Empty() bool { return t.Get("en") == "" }

// SupportedLanguage reports whether lang is one Tandem has a translation for.
func SupportedLanguage(lang string) bool { return slices.Contains(Languages, lang) }

// Organization is a tenant: one service business. Nothing of one
// organization is ever visible to another.
type Organization struct {
	ID        int64
	Name      string
	Slug      string
	Lang      string // default language of its staff pages
	TimeZone  string // IANA name; insight groups days in it
	CreatedAt time.Time

	// The brand (brand.go): the accent colour "#rrggbb" ("" for the
	// default), and the content hash of the logo ("" for none), which
	// names it at /logo/{hash}.png, with its size in pixels.
	Colour                string
	LogoHash              string
	LogoWidth, LogoHeight int
	// PosterOpenedAt is when a poster of one of its touchpoints was first
	// opened; zero until then. The first-run checklist ticks it.
	PosterOpenedAt time.Time
	// RequireTwoFactor makes owners and managers set up two-step sign-in
	// (twofactor.go) before anything else.
	RequireTwoFactor bool
}

// Validate checks an organization before it is stored.
func (o *Organization) Validate() error {
	if o.Name == "" {
		return Invalid("name", "error.required")
	}
	if err := CheckLine("name", o.Name); err != nil {
		return err
	}
	if !validSlug(o.Slug) {
		return Invalid("slug", "error.slug")
	}
	if o.Lang == "" {
		o.Lang = "en"
	}
	if !SupportedLanguage(o.Lang) {
		return Invalid("lang", "error.language")
	}
	if o.TimeZone == "" {
		o.TimeZone = "UTC"
	}
	if _, err := time.LoadLocation(o.TimeZone); err != nil {
		return Invalid("time_zone", "error.time_zone")
	}
	return checkColour(&o.Colour)
}

func validSlug(s string) bool {
	if len(s) < 2 || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// Location returns the organization's time zone, UTC if it cannot be
// loaded (Validate refuses such names, so only a damaged row gets here).
func (o *Organization) Location() *time.Location {
	loc, err := time.LoadLocation(o.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// OrgStore stores organizations.
type OrgStore interface {
	CreateOrg(ctx context.Context, o *Organization) error
	FindOrg(ctx context.Context, id int64) (*Organization, error)
	FindOrgBySlug(ctx context.Context, slug string) (*Organization, error)
	// UpdateOrg stores the name, language, time zone, colour and two-step rule of o.
	UpdateOrg(ctx context.Context, o *Organization) error
	// SetOrgLogo stores an organization's logo and returns its content
	// hash; a nil logo removes it and returns "".
	SetOrgLogo(ctx context.Context, orgID int64, logo *Logo) (string, error)
	// FindLogo returns the logo with a content hash; ENOTFOUND if no
	// organization has it.
	FindLogo(ctx context.Context, hash string) ([]byte, error)
	// MarkPosterOpened records that a poster was opened at t, unless one
	// was opened before.
	MarkPosterOpened(ctx context.Context, orgID int64, t time.Time) error
}

// Clock tells the time; tests and the demo generator inject their own.
type Clock func() time.Time
