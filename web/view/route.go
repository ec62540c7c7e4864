package view

import (
	"net/http"
	"slices"
	"strings"
)

// HandlerFunc is a page handler that returns its failure rather than
// writing it, so each face renders every failure in one place (Face.Fail).
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Route is one endpoint of a face. A face's routes are one table, which
// Mount serves and the tenant-isolation tests walk.
type Route struct {
	Method  string
	Pattern string // ServeMux pattern, without the method
	Handler HandlerFunc
	// Public routes work without signing in; every other one is scoped to
	// the signed-in user's organization.
	Public bool
	// MaxBody bounds this route's posted body when it takes more than the
	// face's forms do (a photo); 0 means the face's MaxBody.
	MaxBody int64
}

// Face is how one web face serves its routes.
type Face struct {
	// Fail renders a failure: a domain error's status and message in the
	// visitor's language, internal details logged and never shown.
	Fail func(w http.ResponseWriter, r *http.Request, err error)
	// Refuse renders a refusal of the request itself with a status and a
	// message key: a cross-origin form post (403), a method the path does
	// not serve (405).
	Refuse func(w http.ResponseWriter, r *http.Request, status int, key string)
	// MaxBody bounds a posted body; 0 means DefaultMaxBody.
	MaxBody int64
}

// DefaultMaxBody bounds a posted form: the largest legitimate one, a
// blueprint draft in three languages, is a few megabytes.
const DefaultMaxBody = 8 << 20

// Mount serves routes on mux. Posts are refused when they come from
// another origin (with SameSite=Lax cookies this replaces CSRF tokens) and
// their bodies are bounded; a method a path does not serve gets a page in
// the visitor's language rather than the standard library's English text.
// Security headers are set once, for the whole mux, by its owner.
func (f Face) Mount(mux *http.ServeMux, routes []Route) {
	maxBody := f.MaxBody
	if maxBody <= 0 {
		maxBody = DefaultMaxBody
	}
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.Refuse(w, r, http.StatusForbidden, "error.cross_origin")
	}))
	methods := map[string][]string{} // pattern → methods, for the 405 page
	var patterns []string
	for _, rt := range routes {
		limit := maxBody
		if rt.MaxBody > 0 {
			limit = rt.MaxBody
		}
		h := f.handler(rt.Handler, limit)
		if rt.Method != http.MethodGet && rt.Method != http.MethodHead {
			h = csrf.Handler(h)
		}
		mux.Handle(rt.Method+" "+rt.Pattern, h)
		if methods[rt.Pattern] == nil {
			patterns = append(patterns, rt.Pattern)
		}
		methods[rt.Pattern] = append(methods[rt.Pattern], rt.Method)
	}
	for _, pattern := range patterns {
		allowed := methods[pattern]
		if slices.Contains(allowed, http.MethodGet) {
			allowed = append(allowed, http.MethodHead)
		}
		allow := strings.Join(allowed, ", ")
		refuse := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			f.Refuse(w, r, http.StatusMethodNotAllowed, "error.method")
		})
		for _, m := range refusedMethods {
			if !slices.Contains(allowed, m) {
				mux.Handle(m+" "+pattern, refuse)
			}
		}
	}
}

// refusedMethods are the methods a path refuses with the face's page when
// it does not serve them. Each is registered by name: a pattern without a
// method would conflict with a wildcard route of another method
// ("/services/new" against "GET /services/{id}"), which ServeMux rejects.
// Rarer methods get the standard library's 405.
var refusedMethods = []string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
	http.MethodPatch, http.MethodDelete, http.MethodOptions,
}

// handler adapts h: its body bounded, its failure rendered by Fail.
func (f Face) handler(h HandlerFunc, maxBody int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		}
		if err := h(w, r); err != nil {
			f.Fail(w, r, err)
		}
	})
}

// Serve adapts an http.Handler (static assets, a live stream) to a route.
func Serve(h http.Handler) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		h.ServeHTTP(w, r)
		return nil
	}
}
