package manage

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
)

// The organization's settings (app/org.go): owners change them, managers
// may read them. The logo has its own form, since a file upload is a
// multipart post; a refused form comes back with the error at its field
// and nothing changed.

type settingsData struct {
	setupForm
	CanEdit  bool
	Saved    bool
	Name     string
	Lang     string
	TimeZone string
	Colour   string
	TwoStep  bool // two-step sign-in required of owners and managers
	Langs    []langOption
	// The logo as stored, and its refusal when an upload was refused.
	LogoURL    string
	LogoW      int
	LogoH      int
	LogoError  string
	MaxLogoKB  int
	DefaultCol string
}

type langOption struct{ Code, Name string }

var settingsURL = &url.URL{Path: "/app/settings"}

// owner is signedIn for owners only; everyone else gets 403.
func (s *Server) owner(h func(w http.ResponseWriter, r *http.Request) error) func(w http.ResponseWriter, r *http.Request) error {
	return s.manager(func(w http.ResponseWriter, r *http.Request) error {
		if viewerFrom(r.Context()).User.Role != tandem.RoleOwner {
			return tandem.Errorf(tandem.EFORBIDDEN, "error.forbidden")
		}
		return h(w, r)
	})
}

func (s *Server) settings(w http.ResponseWriter, r *http.Request) error {
	o := viewerFrom(r.Context()).Org
	d := settingsData{Name: o.Name, Lang: o.Lang, TimeZone: o.TimeZone, Colour: o.Colour, TwoStep: o.RequireTwoFactor, Saved: r.URL.Query().Get("saved") != ""}
	return s.renderSettings(w, r, http.StatusOK, o, d, nil, nil)
}

// renderSettings shows the settings page with d in its form; err is the
// refusal of the settings form, logoErr of the logo form.
func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, status int, o *tandem.Organization, d settingsData, err, logoErr error) error {
	v := viewerFrom(r.Context())
	p := s.newPageAt(w, r, settingsURL, "manage.settings.title", "settings")
	d.fail(p, err)
	if logoErr != nil {
		d.LogoError = p.P.In("manage.", tandem.ErrorKey(logoErr))
	}
	d.Action, d.CanEdit = "/app/settings", v.User.Role == tandem.RoleOwner
	d.LogoURL = o.LogoURL()
	d.LogoW, d.LogoH = o.LogoBox(64)
	d.MaxLogoKB = app.MaxLogoBytes >> 10
	d.DefaultCol = "#0b4f8a"
	for _, l := range p.Langs {
		d.Langs = append(d.Langs, langOption{l.Code, l.Name})
	}
	p.Data = d
	s.render(w, status, "settings", p)
	return nil
}

func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	r.ParseForm()
	in := app.OrgInput{Name: app.StringOf(r.PostFormValue("name")), Lang: app.StringOf(r.PostFormValue("lang")),
		TimeZone: app.StringOf(r.PostFormValue("time_zone")), Colour: app.StringOf(r.PostFormValue("colour")),
		RequireTwoFactor: new(r.PostFormValue("require_two_factor") == "on")}
	if _, err := s.App.UpdateOrganization(r.Context(), v.Org.ID, in); err != nil {
		if !refused(err) {
			return err
		}
		d := settingsData{Name: *in.Name, Lang: *in.Lang, TimeZone: *in.TimeZone, Colour: *in.Colour, TwoStep: *in.RequireTwoFactor}
		return s.renderSettings(w, r, http.StatusUnprocessableEntity, v.Org, d, err, nil)
	}
	return s.seeOther(w, r, "/app/settings?saved=1")
}

// uploadLogo takes the file of the logo form; its name and the type the
// browser claims are ignored, only its bytes count.
func (s *Server) uploadLogo(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	var data []byte
	f, _, err := r.FormFile("logo")
	switch {
	case err == nil:
		defer f.Close()
		data, err = io.ReadAll(io.LimitReader(f, app.MaxLogoBytes+1))
		if err != nil {
			return err
		}
	case errors.Is(err, http.ErrMissingFile), errors.Is(err, http.ErrNotMultipart):
		// no file: refused as empty below
	default:
		var tooBig *http.MaxBytesError
		if !errors.As(err, &tooBig) && !strings.Contains(err.Error(), "multipart") {
			return err
		}
		data = make([]byte, app.MaxLogoBytes+1) // refused as too large below
	}
	if _, err := s.App.SetLogo(r.Context(), v.Org.ID, data); err != nil {
		if !refused(err) {
			return err
		}
		o := v.Org
		d := settingsData{Name: o.Name, Lang: o.Lang, TimeZone: o.TimeZone, Colour: o.Colour}
		return s.renderSettings(w, r, http.StatusUnprocessableEntity, o, d, nil, err)
	}
	return s.seeOther(w, r, "/app/settings?saved=1")
}

func (s *Server) removeLogo(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.App.RemoveLogo(r.Context(), viewerFrom(r.Context()).Org.ID); err != nil {
		return err
	}
	return s.seeOther(w, r, "/app/settings?saved=1")
}

// logo serves an organization's logo at its content-hashed address: public
// (customers and posters show it), and cached for good, since a new logo
// has a new address.
func (s *Server) logo(w http.ResponseWriter, r *http.Request) error {
	hash, ok := strings.CutSuffix(r.PathValue("file"), ".png")
	if !ok || len(hash) != 32 || strings.Trim(hash, "0123456789abcdef") != "" {
		return tandem.NotFound("error.not_found")
	}
	png, err := s.App.Orgs.FindLogo(r.Context(), hash)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("Content-Security-Policy", "default-src 'none'")
	w.Write(png)
	return nil
}
