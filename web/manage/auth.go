package manage

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/i18n"
)

// home sends visitors to their pages, or to sign in.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.authenticate(r); err == nil {
		http.Redirect(w, r, "/app", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

type loginData struct {
	Email, Next, Error string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.authenticate(r); err == nil {
		http.Redirect(w, r, "/app", http.StatusSeeOther)
		return nil
	}
	p := s.newPage(w, r, "manage.login.title", "")
	p.Data = loginData{Next: localPath(r.URL.Query().Get("next"))}
	s.render(w, http.StatusOK, "login", p)
	return nil
}

// login checks email and password; an unknown email and a wrong password get
// the same answer, so the form does not reveal who has an account.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	password := r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))
	addr := s.Proxies.ClientAddr(r)

	// Throttled: refused before the password is checked, the right one
	// included, so that a guess cannot be confirmed.
	if wait, reason := s.SignIns.Check(email, addr); wait > 0 {
		s.refuseThrottled(w, r, loginData{Email: email, Next: next}, addr, wait, reason)
		return nil
	}

	var u *tandem.User
	var err error
	if tandem.CleanLine(email) { // no stored address holds anything else
		u, err = s.App.Users.FindUserByEmail(r.Context(), email)
		if err != nil && tandem.ErrorCode(err) != tandem.ENOTFOUND {
			return err
		}
	}
	// An unknown email is checked against a dummy hash, so it takes as long
	// as a wrong password and the timing does not reveal who has an account.
	// So is a user who cannot sign in: invited, without a password yet,
	// or deactivated.
	known := u != nil && u.Active() && u.PasswordHash != ""
	hash := s.dummyHash
	if known {
		hash = u.PasswordHash
	}
	ok, err := s.checkPassword(r.Context(), hash, password)
	if err != nil {
		if r.Context().Err() != nil {
			return nil // the browser gave up waiting
		}
		s.Logger.Warn("manage: sign-in refused, password checks busy", "wait", s.checkWait)
		w.Header().Set("Retry-After", "5")
		p := s.newPage(w, r, "manage.login.title", "")
		p.Data = loginData{Email: email, Next: next, Error: p.P.T("manage.login.busy")}
		s.render(w, http.StatusServiceUnavailable, "login", p)
		return nil
	}
	// Asked again once the password is checked: attempts sent together all
	// pass the first look, and the failures of the first ones to finish
	// must hold back the others, the right password included, whichever it
	// was.
	if wait, reason := s.SignIns.Check(email, addr); wait > 0 {
		if !known || !ok {
			s.SignIns.Failed(email, addr)
		}
		s.refuseThrottled(w, r, loginData{Email: email, Next: next}, addr, wait, reason)
		return nil
	}
	if !known || !ok {
		reason := "wrong password"
		switch {
		case u == nil:
			reason = "unknown email"
		case !u.Active():
			reason = "deactivated"
		case u.PasswordHash == "":
			reason = "no password yet"
		}
		s.SignIns.Failed(email, addr)
		s.Logger.Warn("manage: sign-in failed", "email", email, "addr", addr, "reason", reason)
		p := s.newPage(w, r, "manage.login.title", "")
		p.Data = loginData{Email: email, Next: next, Error: p.P.T("manage.login.failed")}
		s.render(w, http.StatusUnauthorized, "login", p)
		return nil
	}
	in, err := s.App.PasswordSignIn(r.Context(), u)
	if err != nil {
		return err
	}
	if in.Challenge != nil {
		// The failures count on until the code is right too: a right
		// password must not reset the guesses at the code.
		return s.startChallenge(w, r, in.Challenge, next)
	}
	s.SignIns.Succeeded(email)
	return s.startSession(w, r, u, in.Session, next)
}

// refuseThrottled answers a throttled sign-in: 429, how long to wait, a log
// line.
func (s *Server) refuseThrottled(w http.ResponseWriter, r *http.Request, d loginData, addr string, wait time.Duration, reason string) {
	secs := int((wait + time.Second - 1) / time.Second)
	s.Logger.Warn("manage: sign-in failed", "email", d.Email, "addr", addr, "reason", reason, "retry_after", secs)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	p := s.newPage(w, r, "manage.login.title", "")
	d.Error = p.P.T("manage.login.throttled", waitText(p.P, secs))
	p.Data = d
	s.render(w, http.StatusTooManyRequests, "login", p)
}

// waitText says how long to wait, in whole minutes past a minute.
func waitText(p *i18n.Printer, secs int) string {
	if secs < 60 {
		return p.Plural("manage.login.wait_seconds", secs)
	}
	return p.Plural("manage.login.wait_minutes", (secs+59)/60)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if ck, err := r.Cookie(SessionCookie); err == nil && ck.Value != "" {
		if err := s.App.Users.DeleteSession(r.Context(), ck.Value); err != nil && tandem.ErrorCode(err) != tandem.ENOTFOUND {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// Password checks are bounded: each argon2id check holds 19 MiB, so a flood
// of sign-ins must queue rather than exhaust memory.
const (
	maxPasswordChecks = 4
	passwordCheckWait = 5 * time.Second
)

// errBusy means every password check slot stayed taken for the whole wait.
var errBusy = errors.New("manage: too many password checks at once")

// checkPassword runs one password check once a slot is free. It fails with
// errBusy when no slot frees up in time, or with the context's error when
// the request ends first.
func (s *Server) checkPassword(ctx context.Context, hash, password string) (bool, error) {
	timer := time.NewTimer(s.checkWait)
	defer timer.Stop()
	select {
	case s.checks <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	case <-timer.C:
		return false, errBusy
	}
	defer func() { <-s.checks }()
	return s.passwordMatches(hash, password), nil
}

// localPath keeps only same-site paths, so ?next= cannot redirect elsewhere.
// Browsers drop tabs and newlines from URLs and read a backslash as a slash,
// so "/\t/evil.example" or "/\\evil.example" would become
// "//evil.example": any control or non-printable character, and any
// backslash, is refused.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.Contains(p, "\\") || !utf8.ValidString(p) {
		return ""
	}
	for _, c := range p {
		if !unicode.IsPrint(c) {
			return ""
		}
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") {
		return ""
	}
	return p
}
