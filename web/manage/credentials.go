package manage

import (
	"net/http"
	"strconv"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
)

// A user's own credentials on their profile (app/credentials.go): a new
// password, which ends their other sessions, and signing out everywhere.
// A wrong current password counts as a failed sign-in of the account, so
// a session left open cannot be used to guess the password.

// passwordForm is the password form's state on the profile page.
type passwordForm struct {
	Saved  bool
	Ended  int    // other sessions ended by the change
	Error  string // localized
	ErrFor string // current or password; "" for the top of the form
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	u := viewerFrom(r.Context()).User
	addr := s.Proxies.ClientAddr(r)
	p := s.newPage(w, r, "", "")
	refuse := func(status int, field, msg string) error {
		d := profileData{Name: u.Name, Lang: u.Lang}
		d.Password.Error, d.Password.ErrFor = msg, field
		return s.renderProfile(w, r, status, d, nil)
	}
	// Throttled as sign-ins of the account are: refused before the
	// password is checked.
	if wait, reason := s.SignIns.Check(u.Email, addr); wait > 0 {
		secs := int((wait + time.Second - 1) / time.Second)
		s.Logger.Warn("manage: password change refused", "user", u.ID, "org", u.OrgID, "addr", addr, "reason", reason, "retry_after", secs)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		return refuse(http.StatusTooManyRequests, "current", p.P.T("manage.login.throttled", waitText(p.P, secs)))
	}
	if r.PostFormValue("password") != r.PostFormValue("password2") {
		return refuse(http.StatusUnprocessableEntity, "password2", p.P.T("error.password_mismatch"))
	}
	var keep string
	if ck, err := r.Cookie(SessionCookie); err == nil {
		keep = ck.Value
	}
	err := s.App.ChangePassword(r.Context(), u, keep, r.PostFormValue("current"), r.PostFormValue("password"))
	switch {
	case err == app.ErrWrongPassword:
		s.SignIns.Failed(u.Email, addr)
		s.Logger.Warn("manage: password change refused", "user", u.ID, "org", u.OrgID, "addr", addr, "reason", "wrong current password")
		return refuse(http.StatusUnprocessableEntity, tandem.ErrorField(err), p.P.In("manage.", tandem.ErrorKey(err)))
	case refused(err):
		return refuse(http.StatusUnprocessableEntity, tandem.ErrorField(err), p.P.In("manage.", tandem.ErrorKey(err)))
	case err != nil:
		return err
	}
	s.Logger.Info("manage: password changed", "user", u.ID, "org", u.OrgID, "addr", addr)
	return s.seeOther(w, r, "/app/profile?saved=password#password")
}

// signOutEverywhere ends every session of the viewer, this one too.
func (s *Server) signOutEverywhere(w http.ResponseWriter, r *http.Request) error {
	u := viewerFrom(r.Context()).User
	n, err := s.App.SignOutEverywhere(r.Context(), u)
	if err != nil {
		return err
	}
	s.Logger.Info("manage: signed out everywhere", "user", u.ID, "org", u.OrgID, "addr", s.Proxies.ClientAddr(r), "sessions", n)
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}
