package api

import (
	"net/http"
	"strings"

	"github.com/tandemhq/tandem"
)

// orgHandler serves a request on behalf of the organization whose API token
// it carries. Returning an error answers with its problem document.
type orgHandler func(w http.ResponseWriter, r *http.Request, orgID int64) error

// errToken answers a missing, malformed or unknown API token.
var errToken = tandem.Errorf(tandem.EUNAUTHORIZED, "api.error.token")

// auth resolves the Bearer token to its organization. Tokens are looked up
// on every request (app.AuthenticateToken), so a revoked or expired token
// stops working at once, and is told so.
func (s *Server) auth(h orgHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		secret, ok := bearer(r.Header.Get("Authorization"))
		if !ok {
			s.writeError(w, r, errToken)
			return
		}
		tok, err := s.App.AuthenticateToken(r.Context(), secret)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := h(w, r, tok.OrgID); err != nil {
			s.writeError(w, r, err)
		}
	}
}

// bearer extracts the token of an "Authorization: Bearer <token>" header.
func bearer(h string) (string, bool) {
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}
