package api

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/httpx"
)

// problem is an RFC 9457 problem document. Title, detail and messages are in
// the request's language.
type problem struct {
	Type   string         `json:"type"`
	Title  string         `json:"title"`
	Status int            `json:"status"`
	Detail string         `json:"detail"`
	Errors []problemField `json:"errors,omitempty"`
}

// problemField names one field at fault.
type problemField struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// problemTypeBase prefixes problem types; the suffix is the domain error code
// (invalid, not_found, ...) or bad_request.
const problemTypeBase = "urn:tandem:problem:"

// codeBadRequest is the API's own code for requests it cannot read at all
// (malformed JSON, unknown fields, too large, bad query parameters): 400, as
// opposed to EINVALID's 422 for well-formed input the domain rejects.
const codeBadRequest = "bad_request"

// badRequest is an error about the shape of a request rather than its meaning.
type badRequest struct {
	Field string
	Key   string
}

func (e *badRequest) Error() string { return "api: bad request: " + e.Key + " (" + e.Field + ")" }

// codeUnsupportedMedia is the API's code for a body that is not JSON (nor,
// where a photo may come along, a multipart form): 415.
const codeUnsupportedMedia = "unsupported_media_type"

// errNotJSON refuses a public write whose Content-Type is not JSON. Only
// a JSON body keeps other web sites out: a browser sends one to another
// site only after asking it (CORS), and Tandem says no, while a form or
// text/plain it sends to anyone without asking.
var errNotJSON = &unsupportedMedia{Key: "api.error.json_required"}

type unsupportedMedia struct{ Key string }

func (e *unsupportedMedia) Error() string { return "api: unsupported media type: " + e.Key }

// mediaType is the media type of the request's body, lower case, without
// parameters.
func mediaType(r *http.Request) string {
	ct := r.Header.Get("Content-Type")
	if ct == "application/json" { // the usual case, without parsing
		return ct
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return ""
	}
	return mt
}

// writeError answers with the problem document for err. Internal errors are
// logged and never shown.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	p := s.Catalog.Printer(s.Catalog.Negotiate(r.Header.Get("Accept-Language")))
	var br *badRequest
	var um *unsupportedMedia
	var pr problem
	if errors.As(err, &um) {
		pr = problem{Type: problemTypeBase + codeUnsupportedMedia, Title: p.T("api.title.unsupported_media_type"),
			Status: http.StatusUnsupportedMediaType, Detail: p.T(um.Key)}
	} else if errors.As(err, &br) {
		pr = problem{Type: problemTypeBase + codeBadRequest, Title: p.T("api.title.bad_request"),
			Status: http.StatusBadRequest, Detail: p.T(br.Key)}
		if br.Field != "" {
			pr.Errors = []problemField{{Field: br.Field, Message: pr.Detail}}
		}
	} else {
		code := tandem.ErrorCode(err)
		status := httpx.Status(err)
		if code == tandem.EINTERNAL {
			s.Logger.Error("api", "method", r.Method, "route", r.Pattern, "path", r.URL.Path, "status", status, "err", err)
		}
		pr = problem{Type: problemTypeBase + code, Title: p.T("api.title." + code), Status: status,
			Detail: p.In("api.", tandem.ErrorKey(err))}
		if f := tandem.ErrorField(err); f != "" {
			pr.Errors = []problemField{{Field: f, Message: pr.Detail}}
		}
	}
	h := w.Header()
	httpx.RetryAfter(w, err)
	h["Content-Type"] = ctProblem
	h["Content-Language"] = []string{p.Lang}
	if pr.Status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="tandem"`)
	}
	w.WriteHeader(pr.Status)
	json.NewEncoder(w).Encode(pr)
}

// Header values shared by every response; assigning them directly skips
// canonicalisation and an allocation per request.
var (
	ctJSON    = []string{"application/json"}
	ctProblem = []string{"application/problem+json"}
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h["Content-Type"] = ctJSON
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
