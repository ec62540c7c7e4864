package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
)

// userOut is a user as GET /api/v1/users lists them: who they are, their
// role and status, never a password hash or a link.
type userOut struct {
	ID            int64      `json:"id"`
	Email         string     `json:"email"`
	Name          string     `json:"name"`
	Role          string     `json:"role"`
	Lang          string     `json:"lang"`
	Status        string     `json:"status"`
	CreatedAt     time.Time  `json:"created_at"`
	DeactivatedAt *time.Time `json:"deactivated_at"`
}

// toUserOut writes times in UTC to the millisecond, as the store keeps
// them, so a user just changed reads as it will be listed.
func toUserOut(u *tandem.User) userOut {
	out := userOut{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), Lang: u.Lang,
		Status: string(u.Status()), CreatedAt: u.CreatedAt.UTC().Truncate(time.Millisecond)}
	if !u.Active() {
		at := u.DeactivatedAt.UTC().Truncate(time.Millisecond)
		out.DeactivatedAt = &at
	}
	return out
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request, orgID int64) error {
	users, err := s.App.Users.ListUsers(r.Context(), orgID)
	if err != nil {
		return err
	}
	out := list[userOut]{Items: make([]userOut, 0, len(users))}
	for _, u := range users {
		out.Items = append(out.Items, toUserOut(u))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// People over the API: inviting, changing roles, deactivating and
// reactivating users and resetting passwords, through the same use cases
// as the manager pages (app/users.go). An API token is issued for a whole
// organization by its operator (tandem token add), so it acts with an
// owner's authority: it may invite and change owners too, and the rule
// that the organization keeps an active owner holds as in the pages.

// tokenActor is who a change made with an organization's API token is
// made by: an owner of that organization who is none of its users, so no
// change is refused as a change of oneself.
func tokenActor(orgID int64) *tandem.User {
	return &tandem.User{OrgID: orgID, Role: tandem.RoleOwner}
}

// userLinkOut is a user with their new one-time link, answered once by
// POST /api/v1/users and POST /api/v1/users/{id}/reset-password. The store
// keeps only the link's hash: it cannot be shown again.
type userLinkOut struct {
	userOut
	InviteURL       string    `json:"invite_url"` // relative to the server's public URL
	InviteExpiresAt time.Time `json:"invite_expires_at"`
}

func toUserLinkOut(u *tandem.User, inv *tandem.Invite) userLinkOut {
	return userLinkOut{userOut: toUserOut(u), InviteURL: "/invite/" + inv.Token, InviteExpiresAt: inv.ExpiresAt.UTC().Truncate(time.Millisecond)}
}

// userIn is the body of POST /api/v1/users; lang defaults to the
// organization's language.
type userIn struct {
	Email string `json:"email"`
	Name  string `json:"name"`
	Role  string `json:"role"`
	Lang  string `json:"lang"`
}

// userPatch is the body of PATCH /api/v1/users/{id}.
type userPatch struct {
	Role *string `json:"role"`
}

func (s *Server) postUser(w http.ResponseWriter, r *http.Request, orgID int64) error {
	var in userIn
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if in.Lang == "" {
		org, err := s.App.Orgs.FindOrg(r.Context(), orgID)
		if err != nil {
			return err
		}
		in.Lang = org.Lang
	}
	u, inv, err := s.App.Invite(r.Context(), tokenActor(orgID), app.InviteInput{Email: strings.TrimSpace(in.Email), Name: in.Name,
		Role: tandem.Role(in.Role), Lang: in.Lang})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toUserLinkOut(u, inv))
	return nil
}

// findUser returns the user in the path if they are the organization's;
// another organization's id is 404 whatever the body holds.
func (s *Server) findUser(r *http.Request, orgID int64) (*tandem.User, error) {
	id, ok := pathID(r)
	if !ok {
		return nil, errNotFound
	}
	u, err := s.App.Users.FindUser(r.Context(), orgID, id)
	return u, notFound(err)
}

func (s *Server) patchUser(w http.ResponseWriter, r *http.Request, orgID int64) error {
	u, err := s.findUser(r, orgID)
	if err != nil {
		return err
	}
	var in userPatch
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if in.Role != nil {
		if u, err = s.App.SetRole(r.Context(), tokenActor(orgID), u.ID, tandem.Role(*in.Role)); err != nil {
			return notFound(err)
		}
	}
	writeJSON(w, http.StatusOK, toUserOut(u))
	return nil
}

// changeUser answers a change of the user in the path, which has no body.
// change is a use case of app/users.go, such as (*app.App).Deactivate.
func (s *Server) changeUser(change func(a *app.App, ctx context.Context, actor *tandem.User, id int64) (*tandem.User, error)) orgHandler {
	return func(w http.ResponseWriter, r *http.Request, orgID int64) error {
		u, err := s.findUser(r, orgID)
		if err != nil {
			return err
		}
		if u, err = change(s.App, r.Context(), tokenActor(orgID), u.ID); err != nil {
			return notFound(err)
		}
		writeJSON(w, http.StatusOK, toUserOut(u))
		return nil
	}
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request, orgID int64) error {
	u, err := s.findUser(r, orgID)
	if err != nil {
		return err
	}
	u, inv, err := s.App.ResetPassword(r.Context(), tokenActor(orgID), u.ID)
	if err != nil {
		return notFound(err)
	}
	writeJSON(w, http.StatusOK, toUserLinkOut(u, inv))
	return nil
}
