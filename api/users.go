package api

import (
	"net/http"
	"time"

	"github.com/tandemhq/tandem"
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

func toUserOut(u *tandem.User) userOut {
	out := userOut{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), Lang: u.Lang,
		Status: string(u.Status()), CreatedAt: u.CreatedAt}
	if !u.Active() {
		at := u.DeactivatedAt
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
