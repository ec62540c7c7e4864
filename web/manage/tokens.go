package manage

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
)

// API tokens (app/credentials.go): owners make tokens for their own
// systems, see each secret once after making it, and revoke tokens after
// a confirmation; managers see the list. The API (tandem token on the
// command line, /api/v1/tokens) goes through the same use cases.

type tokensData struct {
	Rows     []tokenRow
	CanEdit  bool // the viewer is an owner
	Name     string
	Expires  []option         // the form's choices
	Created  *tandem.APIToken // just made: its secret is shown, this once
	Confirm  *tandem.APIToken // asked to revoke: the confirmation
	Revoked  bool
	Error    string // localized
	ErrFor   string // the field at fault; "" for the top of the form
	TimeZone string
}

type tokenRow struct {
	T         *tandem.APIToken
	State     string // active, expired, revoked
	StateText string // localized
	Created   string // localized: when and by whom
	Expires   string // localized
	LastUsed  string // localized
}

// tokenExpiries are the expiries the form offers, in tandem.ParseExpiry's
// words; the first is the default.
var tokenExpiries = []string{"90d", "30d", "365d", ""}

var tokensURL = &url.URL{Path: "/app/tokens"}

func (s *Server) tokens(w http.ResponseWriter, r *http.Request) error {
	d := tokensData{Revoked: r.URL.Query().Has("revoked")}
	if v := r.URL.Query().Get("revoke"); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		d.Confirm = &tandem.APIToken{ID: id} // found among the rows below
	}
	return s.renderTokens(w, r, http.StatusOK, d, "90d", nil)
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, status int, d tokensData, expires string, err error) error {
	ctx := r.Context()
	v := viewerFrom(ctx)
	toks, lerr := s.App.ListAPITokens(ctx, v.User)
	if lerr != nil {
		return lerr
	}
	users, lerr := s.App.Users.ListUsers(ctx, v.Org.ID)
	if lerr != nil {
		return lerr
	}
	names := map[int64]string{}
	for _, u := range users {
		names[u.ID] = u.Name
	}
	p := s.newPageAt(w, r, tokensURL, "credentials.tokens.title", "tokens")
	d.CanEdit = v.User.Role == tandem.RoleOwner
	d.TimeZone = v.Org.TimeZone
	now := s.now()
	when := func(t time.Time) string { return p.P.DateTime(p.In(t)) }
	confirm := d.Confirm
	d.Confirm = nil
	for _, t := range toks {
		row := tokenRow{T: t, State: t.State(now)}
		row.StateText = p.P.T("credentials.tokens.state_" + row.State)
		switch row.State {
		case tandem.TokenRevoked:
			row.StateText = p.P.T("credentials.tokens.revoked_at", when(t.RevokedAt))
		case tandem.TokenExpired:
			row.StateText = p.P.T("credentials.tokens.expired_at", when(t.ExpiresAt))
		}
		if by := names[t.CreatedBy]; by != "" {
			row.Created = p.P.T("credentials.tokens.created_by", when(t.CreatedAt), by)
		} else {
			row.Created = p.P.T("credentials.tokens.created", when(t.CreatedAt))
		}
		if t.ExpiresAt.IsZero() {
			row.Expires = p.P.T("credentials.tokens.expires_never")
		} else if row.State == tandem.TokenActive {
			row.Expires = p.P.T("credentials.tokens.expires_at", when(t.ExpiresAt))
		}
		if t.LastUsedAt.IsZero() {
			row.LastUsed = p.P.T("credentials.tokens.never_used")
		} else {
			row.LastUsed = p.P.T("credentials.tokens.last_used", when(t.LastUsedAt))
		}
		d.Rows = append(d.Rows, row)
		if confirm != nil && confirm.ID == t.ID && d.CanEdit && row.State != tandem.TokenRevoked {
			d.Confirm = t
		}
	}
	for _, e := range tokenExpiries {
		label := p.P.T("credentials.tokens.expires_never_option")
		if e != "" {
			n, _ := strconv.Atoi(e[:len(e)-1])
			label = p.P.Plural("credentials.tokens.expires_days", n)
		}
		d.Expires = append(d.Expires, option{Value: e, Label: label, Selected: e == expires})
	}
	if err != nil {
		d.Error, d.ErrFor = p.P.In("manage.", tandem.ErrorKey(err)), tandem.ErrorField(err)
	}
	p.Data = d
	s.render(w, status, "tokens", p)
	return nil
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	name, expires := r.PostFormValue("name"), r.PostFormValue("expires")
	t, err := s.App.CreateAPIToken(r.Context(), v.User, app.TokenInput{Name: name, Expires: expires})
	if err != nil {
		if refused(err) {
			return s.renderTokens(w, r, http.StatusUnprocessableEntity, tokensData{Name: name}, expires, err)
		}
		return err
	}
	s.Logger.Info("manage: API token made", "user", v.User.ID, "org", v.Org.ID, "token", t.ID)
	// The secret is in this answer only: never cached, never in a URL.
	w.Header().Set("Cache-Control", "no-store")
	return s.renderTokens(w, r, http.StatusCreated, tokensData{Created: t}, "90d", nil)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v := viewerFrom(r.Context())
	if _, err := s.App.RevokeAPIToken(r.Context(), v.User, id); err != nil {
		return err
	}
	s.Logger.Info("manage: API token revoked", "user", v.User.ID, "org", v.Org.ID, "token", id)
	return s.seeOther(w, r, "/app/tokens?revoked=1")
}
