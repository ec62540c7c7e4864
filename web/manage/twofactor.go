package manage

import (
	"context"
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
)

// Two-step sign-in (app/twofactor.go): the second step of a sign-in, the
// user's own setup page, the card on the profile, and the organization's
// rule that sends owners and managers to set it up before anything else.

// ChallengeCookie holds a sign-in between its password and its code. It
// is no session: it opens only the second step's form, for
// tandem.ChallengeLifetime.
const ChallengeCookie = "tandem_challenge"

// twoFactorPath is the setup page, where the organization's rule sends
// those who must set it up.
const twoFactorPath = "/app/profile/twofactor"

// startChallenge answers a right password of a user with two-step sign-in
// on: the challenge in its cookie, and on to the second step.
func (s *Server) startChallenge(w http.ResponseWriter, r *http.Request, c *tandem.Challenge, next string) error {
	http.SetCookie(w, &http.Cookie{
		Name: ChallengeCookie, Value: c.Token, Path: "/login", Expires: c.ExpiresAt,
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	to := "/login/code"
	if next != "" {
		to += "?next=" + url.QueryEscape(next)
	}
	return s.seeOther(w, r, to)
}

type secondStepData struct {
	Next, Error string
}

// challengeUser is the user of the request's challenge, nil when there is
// none or it expired.
func (s *Server) challengeUser(r *http.Request) (*tandem.User, string, error) {
	ck, err := r.Cookie(ChallengeCookie)
	if err != nil || ck.Value == "" {
		return nil, "", nil
	}
	u, err := s.App.TwoFactor.FindChallengeUser(r.Context(), ck.Value, s.now())
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return nil, "", nil
	}
	return u, ck.Value, err
}

func (s *Server) secondStepForm(w http.ResponseWriter, r *http.Request) error {
	next := localPath(r.URL.Query().Get("next"))
	u, _, err := s.challengeUser(r)
	if err != nil {
		return err
	}
	if u == nil { // expired or never started: from the top
		return s.signInAgain(w, r, next)
	}
	p := s.newPage(w, r, "manage.twofactor.step_title", "")
	p.Data = secondStepData{Next: next}
	s.render(w, http.StatusOK, "login_code", p)
	return nil
}

// secondStep checks the code of a challenged sign-in. Wrong codes count in
// the sign-in throttle as wrong passwords do, for the account and the
// client address.
func (s *Server) secondStep(w http.ResponseWriter, r *http.Request) error {
	next := localPath(r.PostFormValue("next"))
	u, token, err := s.challengeUser(r)
	if err != nil {
		return err
	}
	if u == nil {
		return s.signInAgain(w, r, next)
	}
	addr := s.Proxies.ClientAddr(r)
	refuse := func(status int, key string) error {
		p := s.newPage(w, r, "manage.twofactor.step_title", "")
		p.Data = secondStepData{Next: next, Error: p.P.In("manage.", key)}
		s.render(w, status, "login_code", p)
		return nil
	}
	if wait, reason := s.SignIns.Check(u.Email, addr); wait > 0 {
		secs := int((wait + time.Second - 1) / time.Second)
		s.Logger.Warn("manage: sign-in code refused", "email", u.Email, "addr", addr, "reason", reason, "retry_after", secs)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		p := s.newPage(w, r, "manage.twofactor.step_title", "")
		p.Data = secondStepData{Next: next, Error: p.P.T("manage.login.throttled", waitText(p.P, secs))}
		s.render(w, http.StatusTooManyRequests, "login_code", p)
		return nil
	}
	sess, err := s.App.SecondStep(r.Context(), token, r.PostFormValue("code"))
	switch tandem.ErrorCode(err) {
	case "":
	case tandem.EINVALID:
		s.SignIns.Failed(u.Email, addr)
		s.Logger.Warn("manage: sign-in failed", "email", u.Email, "addr", addr, "reason", "wrong code")
		return refuse(http.StatusUnauthorized, "error.twofactor_code")
	case tandem.EUNAUTHORIZED:
		return s.signInAgain(w, r, next)
	default:
		return err
	}
	s.SignIns.Succeeded(u.Email)
	http.SetCookie(w, &http.Cookie{Name: ChallengeCookie, Value: "", Path: "/login", MaxAge: -1,
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode})
	return s.startSession(w, r, u, sess, next)
}

// signInAgain shows the sign-in form, saying that the second step took
// too long.
func (s *Server) signInAgain(w http.ResponseWriter, r *http.Request, next string) error {
	p := s.newPage(w, r, "manage.login.title", "")
	p.Data = loginData{Next: next, Error: p.P.T("error.twofactor_expired")}
	s.render(w, http.StatusUnauthorized, "login", p)
	return nil
}

// startSession logs u's sign-in, sets the session cookie and goes on to
// next.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *tandem.User, sess *tandem.Session, next string) error {
	s.Logger.Info("manage: signed in", "user", u.ID, "org", u.OrgID, "addr", s.Proxies.ClientAddr(r))
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: sess.Token, Path: "/", Expires: sess.ExpiresAt,
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	if next == "" {
		next = "/app"
	}
	return s.seeOther(w, r, next)
}

// ---- The rule: owners and managers set it up first ----

// twoFactorDue reports whether the viewer must set up two-step sign-in
// before anything else.
func (s *Server) twoFactorDue(r *http.Request, v *viewer) (bool, error) {
	if !tandem.RequiresTwoFactor(v.Org, v.User) {
		return false, nil // no store read for everyone else
	}
	ck, _ := r.Cookie(SessionCookie)
	return s.App.TwoFactorDue(r.Context(), v.Org, v.User, ck.Value)
}

// settingUp is signedIn for the setup pages themselves, which the rule
// lets through.
func (s *Server) settingUp(h func(http.ResponseWriter, *http.Request) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.signedInAs(h, false)(w, r)
	}
}

// ---- The setup page and the profile's card ----

// twoFactorCard is what the profile's two-step card shows.
type twoFactorCard struct {
	On           bool
	Since        string
	RecoveryLeft int
	Required     bool // the organization requires it of the viewer
}

// twoFactorCardOf fills in the profile's card for the viewer.
func (s *Server) twoFactorCardOf(ctx context.Context, p *page, v *viewer) (*twoFactorCard, error) {
	t, err := s.App.TwoFactorStatus(ctx, v.User)
	if err != nil {
		return nil, err
	}
	c := &twoFactorCard{Required: tandem.RequiresTwoFactor(v.Org, v.User)}
	if t.Enabled() {
		c.On, c.Since, c.RecoveryLeft = true, p.P.Date(p.In(t.EnabledAt)), t.RecoveryLeft
	}
	return c, nil
}

type twoFactorData struct {
	setupForm
	On           bool
	Since        string
	RecoveryLeft int
	Required     bool
	Secret       string       // the pending secret, in groups of four
	QR           template.URL // the otpauth URL as an SVG data URL
	QRSize       int
	Codes        []string // new recovery codes, shown once
}

func (s *Server) twoFactorPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderTwoFactor(w, r, http.StatusOK, twoFactorData{}, nil)
}

// renderTwoFactor shows the setup page: the status and the form to turn it
// off when on; otherwise the pending secret (started now if there was
// none) and the form to confirm it; or, right after, the recovery codes.
func (s *Server) renderTwoFactor(w http.ResponseWriter, r *http.Request, status int, d twoFactorData, err error) error {
	ctx := r.Context()
	v := viewerFrom(ctx)
	p := s.newPageAt(w, r, &url.URL{Path: twoFactorPath}, "manage.twofactor.title", "profile")
	d.fail(p, err)
	c, err := s.twoFactorCardOf(ctx, p, v)
	if err != nil {
		return err
	}
	d.On, d.Since, d.RecoveryLeft, d.Required = c.On, c.Since, c.RecoveryLeft, c.Required
	if !d.On && d.Codes == nil {
		setup, err := s.App.PendingTwoFactor(ctx, v.User)
		if tandem.ErrorCode(err) == tandem.ENOTFOUND {
			setup, err = s.App.StartTwoFactor(ctx, v.User)
		}
		if err != nil {
			return err
		}
		_, m, err := newQR(setup.URL)
		if err != nil {
			return err
		}
		d.QR = template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(m.svg())))
		d.QRSize = m.Size * 5
		d.Secret = groups(setup.Secret, 4)
	}
	p.Data = d
	s.render(w, status, "twofactor", p)
	return nil
}

// confirmTwoFactor turns two-step sign-in on, given a current code, and
// shows the recovery codes once.
func (s *Server) confirmTwoFactor(w http.ResponseWriter, r *http.Request) error {
	return s.showCodes(w, r, s.App.ConfirmTwoFactor)
}

// newRecoveryCodes replaces the viewer's recovery codes, given a current
// code, and shows the new ones once.
func (s *Server) newRecoveryCodes(w http.ResponseWriter, r *http.Request) error {
	return s.showCodes(w, r, s.App.NewRecoveryCodes)
}

// showCodes runs a use case that, given the posted code, makes recovery
// codes, and shows them once: never cached.
func (s *Server) showCodes(w http.ResponseWriter, r *http.Request, use func(context.Context, *tandem.User, string) ([]string, error)) error {
	v := viewerFrom(r.Context())
	codes, err := use(r.Context(), v.User, r.PostFormValue("code"))
	if err != nil {
		if !refused(err) {
			return err
		}
		return s.renderTwoFactor(w, r, http.StatusUnprocessableEntity, twoFactorData{}, err)
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.renderTwoFactor(w, r, http.StatusOK, twoFactorData{Codes: codes}, nil)
}

func (s *Server) disableTwoFactor(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	// A password is checked here too: guesses count as sign-in failures.
	addr := s.Proxies.ClientAddr(r)
	if wait, _ := s.SignIns.Check(v.User.Email, addr); wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
		return s.renderTwoFactor(w, r, http.StatusTooManyRequests, twoFactorData{}, tandem.Invalid("proof", "error.twofactor_wait"))
	}
	if err := s.App.DisableTwoFactor(r.Context(), v.User, r.PostFormValue("proof")); err != nil {
		if !refused(err) {
			return err
		}
		s.SignIns.Failed(v.User.Email, addr)
		s.Logger.Warn("manage: two-step sign-in not turned off", "user", v.User.ID, "addr", addr, "reason", "wrong password or code")
		return s.renderTwoFactor(w, r, http.StatusUnprocessableEntity, twoFactorData{}, err)
	}
	return s.seeOther(w, r, "/app/profile?saved=twofactor")
}

// groups writes s in groups of n characters, easier to copy by hand.
func groups(s string, n int) string {
	var b strings.Builder
	for i := 0; i < len(s); i += n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+n, len(s))])
	}
	return b.String()
}
