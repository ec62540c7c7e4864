package manage

import (
	"net/http"
	"strings"

	"github.com/tandemhq/tandem"
)

// home sends visitors to their pages, or to sign in.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	if _, err := s.authenticate(r); err == nil {
		http.Redirect(w, r, "/app", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

type loginData struct {
	Email, Next, Error string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if _, err := s.authenticate(r); err == nil {
		http.Redirect(w, r, "/app", http.StatusSeeOther)
		return
	}
	p := s.newPage(w, r, "manage.login.title", "")
	p.Data = loginData{Next: localPath(r.URL.Query().Get("next"))}
	s.render(w, http.StatusOK, "login", p)
}

// login checks email and password; an unknown email and a wrong password get
// the same answer, so the form does not reveal who has an account.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	password := r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))

	u, err := s.Users.FindUserByEmail(r.Context(), email)
	if err != nil && tandem.ErrorCode(err) != tandem.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	if u == nil || !tandem.CheckPassword(u.PasswordHash, password) {
		p := s.newPage(w, r, "manage.login.title", "")
		p.Data = loginData{Email: email, Next: next, Error: p.P.T("manage.login.failed")}
		s.render(w, http.StatusUnauthorized, "login", p)
		return
	}
	sess, err := s.Users.CreateSession(r.Context(), u.ID, s.now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: sess.Token, Path: "/", Expires: sess.ExpiresAt,
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	if next == "" {
		next = "/app"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if ck, err := r.Cookie(SessionCookie); err == nil && ck.Value != "" {
		if err := s.Users.DeleteSession(r.Context(), ck.Value); err != nil && tandem.ErrorCode(err) != tandem.ENOTFOUND {
			s.fail(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// localPath keeps only same-site paths, so ?next= cannot redirect elsewhere.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") {
		return ""
	}
	return p
}
