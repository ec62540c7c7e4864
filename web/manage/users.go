package manage

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/internal/httpx"
	"github.com/tandemhq/tandem/web/view"
)

// People (app/users.go): owners and managers invite users, change their
// roles, deactivate and reactivate them and reset their passwords; an
// invited user opens their one-time link, sets a password and is signed in.
// No email is sent: the page shows the link for the manager to pass on.

type usersData struct {
	Rows   []userRow
	Invite inviteForm
}

type userRow struct {
	User     *tandem.User
	Editable bool // the viewer may change this user
}

type inviteForm struct {
	Email, Name string
	Roles       []option
	Langs       []option
	Error       string // localized
	ErrFor      string // the field at fault; "" for the top of the form
}

// users lists the organization's users, with the invitation form.
func (s *Server) users(w http.ResponseWriter, r *http.Request) error {
	return s.renderUsers(w, r, http.StatusOK, app.InviteInput{Role: tandem.RoleStaff}, nil)
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, in app.InviteInput, err error) error {
	v := viewerFrom(r.Context())
	users, lerr := s.App.Users.ListUsers(r.Context(), v.Org.ID)
	if lerr != nil {
		return lerr
	}
	p := s.newPageAt(w, r, &url.URL{Path: "/app/users"}, "manage.users.title", "users")
	if in.Lang == "" {
		in.Lang = v.Org.Lang
	}
	d := usersData{Invite: inviteForm{Email: in.Email, Name: in.Name,
		Roles: roleOptions(p, v.User.Role, in.Role), Langs: langOptions(p, in.Lang)}}
	for _, u := range users {
		d.Rows = append(d.Rows, userRow{User: u, Editable: v.User.Role.CanChange(u.Role, u.Role)})
	}
	if err != nil {
		d.Invite.Error, d.Invite.ErrFor = p.P.In("manage.", tandem.ErrorKey(err)), tandem.ErrorField(err)
	}
	p.Data = d
	s.render(w, status, "users", p)
	return nil
}

// roleOptions are the roles a user of role actor may give, chosen selected.
func roleOptions(p *page, actor, chosen tandem.Role) []option {
	var out []option
	for _, r := range tandem.Roles {
		if actor.CanChange(r, r) {
			out = append(out, option{Value: string(r), Label: p.P.T("manage.users.role." + string(r)), Selected: r == chosen})
		}
	}
	return out
}

func langOptions(p *page, chosen string) []option {
	var out []option
	for _, l := range tandem.Languages {
		out = append(out, option{Value: l, Label: p.langName(l), Selected: l == chosen})
	}
	return out
}

// linkData is the page that shows a one-time link, once.
type linkData struct {
	User    *tandem.User
	Link    string
	Expires time.Time
	Reset   bool // a password reset rather than an invitation
}

func (s *Server) invite(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	in := app.InviteInput{Email: strings.TrimSpace(r.PostFormValue("email")), Name: r.PostFormValue("name"),
		Role: tandem.Role(r.PostFormValue("role")), Lang: r.PostFormValue("lang")}
	u, inv, err := s.App.Invite(r.Context(), v.User, in)
	if err != nil {
		if refused(err) {
			return s.renderUsers(w, r, http.StatusUnprocessableEntity, in, err)
		}
		return err
	}
	return s.renderLink(w, r, u, inv, false)
}

func (s *Server) renderLink(w http.ResponseWriter, r *http.Request, u *tandem.User, inv *tandem.Invite, reset bool) error {
	p := s.newPageAt(w, r, &url.URL{Path: "/app/users/" + strconv.FormatInt(u.ID, 10)}, "manage.users.link_title", "users")
	p.Data = linkData{User: u, Link: s.publicBase(r) + "/invite/" + inv.Token, Expires: inv.ExpiresAt, Reset: reset}
	s.render(w, http.StatusOK, "user_link", p)
	return nil
}

// userData is one user's page: their role, status and what can be done.
type userData struct {
	User     *tandem.User
	Roles    []option
	Editable bool
	Self     bool
	Error    string // localized
}

func (s *Server) user(w http.ResponseWriter, r *http.Request) error {
	u, err := s.findUser(r)
	if err != nil {
		return err
	}
	return s.renderUser(w, r, http.StatusOK, u, nil)
}

func (s *Server) findUser(r *http.Request) (*tandem.User, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.App.Users.FindUser(r.Context(), viewerFrom(r.Context()).Org.ID, id)
}

func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, status int, u *tandem.User, err error) error {
	v := viewerFrom(r.Context())
	p := s.newPageAt(w, r, &url.URL{Path: "/app/users/" + strconv.FormatInt(u.ID, 10)}, "", "users")
	p.Title = u.Name
	d := userData{User: u, Editable: v.User.Role.CanChange(u.Role, u.Role), Self: u.ID == v.User.ID,
		Roles: roleOptions(p, v.User.Role, u.Role)}
	if err != nil {
		d.Error = p.P.In("manage.", tandem.ErrorKey(err))
	}
	p.Data = d
	s.render(w, status, "user", p)
	return nil
}

// changeUser runs a change of the user in the path and returns to their
// page; a refused change comes back there with the reason.
func (s *Server) changeUser(w http.ResponseWriter, r *http.Request, change func(actor *tandem.User, id int64) (*tandem.User, error)) error {
	u, err := s.findUser(r)
	if err != nil {
		return err
	}
	if _, err := change(viewerFrom(r.Context()).User, u.ID); err != nil {
		if refused(err) {
			return s.renderUser(w, r, http.StatusUnprocessableEntity, u, err)
		}
		return err
	}
	return s.seeOther(w, r, "/app/users/"+strconv.FormatInt(u.ID, 10))
}

func (s *Server) setRole(w http.ResponseWriter, r *http.Request) error {
	role := tandem.Role(r.PostFormValue("role"))
	return s.changeUser(w, r, func(actor *tandem.User, id int64) (*tandem.User, error) {
		return s.App.SetRole(r.Context(), actor, id, role)
	})
}

func (s *Server) deactivate(w http.ResponseWriter, r *http.Request) error {
	return s.changeUser(w, r, func(actor *tandem.User, id int64) (*tandem.User, error) {
		return s.App.Deactivate(r.Context(), actor, id)
	})
}

func (s *Server) reactivate(w http.ResponseWriter, r *http.Request) error {
	return s.changeUser(w, r, func(actor *tandem.User, id int64) (*tandem.User, error) {
		return s.App.Reactivate(r.Context(), actor, id)
	})
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) error {
	u, err := s.findUser(r)
	if err != nil {
		return err
	}
	changed, inv, err := s.App.ResetPassword(r.Context(), viewerFrom(r.Context()).User, u.ID)
	if err != nil {
		if refused(err) {
			return s.renderUser(w, r, http.StatusUnprocessableEntity, u, err)
		}
		return err
	}
	return s.renderLink(w, r, changed, inv, true)
}

// ---- The one-time link ----

type acceptData struct {
	User   *tandem.User
	Action string
	Min    int
	Error  string // localized
}

// acceptForm asks the user of a one-time link for their new password.
func (s *Server) acceptForm(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	u, err := s.App.InviteUser(r.Context(), token)
	if err != nil {
		return err
	}
	return s.renderAccept(w, r, http.StatusOK, u, token, nil)
}

func (s *Server) renderAccept(w http.ResponseWriter, r *http.Request, status int, u *tandem.User, token string, err error) error {
	// The page speaks the invited user's language unless they switch.
	p := &page{Page: view.NewPage(s.Catalog, view.Lang(w, r, s.Catalog, u.Lang), "", &url.URL{Path: "/invite/" + token})}
	p.Nonce = httpx.Nonce(r.Context())
	p.Title = p.P.T("manage.users.accept_title")
	d := acceptData{User: u, Action: "/invite/" + token, Min: tandem.MinPasswordLength}
	if err != nil {
		d.Error = p.P.In("manage.", tandem.ErrorKey(err))
	}
	p.Data = d
	s.render(w, status, "accept", p)
	return nil
}

// accept sets the password and signs the user in.
func (s *Server) accept(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	password := r.PostFormValue("password")
	if password != r.PostFormValue("password2") {
		u, err := s.App.InviteUser(r.Context(), token)
		if err != nil {
			return err
		}
		return s.renderAccept(w, r, http.StatusUnprocessableEntity, u, token, tandem.Invalid("password2", "error.password_mismatch"))
	}
	u, err := s.App.InviteUser(r.Context(), token)
	if err != nil {
		return err
	}
	if err := tandem.CheckNewPassword(password, u.Email, u.Name); err != nil {
		return s.renderAccept(w, r, http.StatusUnprocessableEntity, u, token, err)
	}
	_, sess, err := s.App.AcceptInvite(r.Context(), token, password)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: sess.Token, Path: "/", Expires: sess.ExpiresAt,
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	return s.seeOther(w, r, "/app")
}
