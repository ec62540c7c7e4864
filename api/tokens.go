package api

import (
	"net/http"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
)

// API tokens: an organization's tokens listed, made and revoked with a
// token, through the same use cases as the tokens page and the command
// line (app/credentials.go). The secret is in the answer to the POST that
// makes a token and nowhere else.

type tokenOut struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	State      string     `json:"state"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  *time.Time `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

func toTokenOut(t *tandem.APIToken, now time.Time) tokenOut {
	return tokenOut{ID: t.ID, Name: t.Name, Prefix: t.Prefix, State: t.State(now), CreatedAt: t.CreatedAt.UTC(),
		ExpiresAt: timeOrNull(t.ExpiresAt), LastUsedAt: timeOrNull(t.LastUsedAt), RevokedAt: timeOrNull(t.RevokedAt)}
}

// tokenCreated is the answer to POST /api/v1/tokens: the token with its
// secret, shown this once.
type tokenCreated struct {
	tokenOut
	Token string `json:"token"`
}

type tokenIn struct {
	Name    string `json:"name"`
	Expires string `json:"expires"`
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request, orgID int64) error {
	toks, err := s.App.ListAPITokens(r.Context(), tokenActor(orgID))
	if err != nil {
		return err
	}
	now := s.App.Now()
	out := list[tokenOut]{Items: make([]tokenOut, 0, len(toks))}
	for _, t := range toks {
		out.Items = append(out.Items, toTokenOut(t, now))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) postToken(w http.ResponseWriter, r *http.Request, orgID int64) error {
	var in tokenIn
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	t, err := s.App.CreateAPIToken(r.Context(), tokenActor(orgID), app.TokenInput{Name: in.Name, Expires: in.Expires})
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store") // the secret
	writeJSON(w, http.StatusCreated, tokenCreated{toTokenOut(t, s.App.Now()), t.Token})
	return nil
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, orgID int64) error {
	id, ok := pathID(r)
	if !ok {
		return errNotFound
	}
	if _, err := s.App.RevokeAPIToken(r.Context(), tokenActor(orgID), id); err != nil {
		return notFound(err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
