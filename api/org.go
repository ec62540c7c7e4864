package api

import (
	"net/http"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
)

// The organization the token belongs to: its name, language, time zone and
// brand colour, and whether owners and managers must use two-step sign-in. The logo is uploaded on the settings page only; here it is
// read as its public address.

type orgOut struct {
	ID       int64   `json:"id"`
	Name     string  `json:"name"`
	Slug     string  `json:"slug"`
	Lang     string  `json:"lang"`
	TimeZone string  `json:"time_zone"`
	Colour   string  `json:"colour"`
	LogoURL  *string `json:"logo_url"`
	// RequireTwoFactor: owners and managers must use two-step sign-in.
	RequireTwoFactor bool `json:"require_two_factor"`
}

func toOrgOut(o *tandem.Organization) orgOut {
	out := orgOut{ID: o.ID, Name: o.Name, Slug: o.Slug, Lang: o.Lang, TimeZone: o.TimeZone, Colour: o.Colour, RequireTwoFactor: o.RequireTwoFactor}
	if u := o.LogoURL(); u != "" {
		out.LogoURL = &u
	}
	return out
}

// orgIn is the body of PATCH /api/v1/organization.
type orgIn struct {
	Name     *string `json:"name"`
	Lang     *string `json:"lang"`
	TimeZone *string `json:"time_zone"`
	Colour   *string `json:"colour"`
	// RequireTwoFactor: owners and managers must use two-step sign-in.
	RequireTwoFactor *bool `json:"require_two_factor"`
}

func (s *Server) getOrganization(w http.ResponseWriter, r *http.Request, orgID int64) error {
	o, err := s.App.Orgs.FindOrg(r.Context(), orgID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toOrgOut(o))
	return nil
}

func (s *Server) patchOrganization(w http.ResponseWriter, r *http.Request, orgID int64) error {
	var in orgIn
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	o, err := s.App.UpdateOrganization(r.Context(), orgID, app.OrgInput{Name: in.Name, Lang: in.Lang, TimeZone: in.TimeZone, Colour: in.Colour, RequireTwoFactor: in.RequireTwoFactor})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toOrgOut(o))
	return nil
}
