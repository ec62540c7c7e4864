package api

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
)

// MaxBodyBytes bounds a request body.
const MaxBodyBytes = 64 << 10

// postFeedback ingests one feedback: the hot path. It reads the body and
// hands it to the one feedback use case, which answers after commit.
// Nothing is logged unless something breaks.
func (s *Server) postFeedback(w http.ResponseWriter, r *http.Request) {
	var in feedbackIn
	if mediaType(r) != "application/json" {
		s.writeError(w, r, errNotJSON)
		return
	}
	if err := decodeBody(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	fi := &app.FeedbackInput{
		Channel: tandem.ChannelAPI, Touchpoint: in.Touchpoint, Episode: in.Episode, Key: r.Header.Get("Idempotency-Key"),
		Overall: in.Overall, HardestStep: in.HardestStep, PraiseStaffID: in.PraiseStaffID, Praise: in.Praise,
		Comment: in.Comment, Lang: in.Lang, FirstTime: in.FirstTime,
	}
	if fi.Lang == "" {
		// The customer's language, if we speak it; validation falls back to English.
		if l := s.Catalog.Negotiate(r.Header.Get("Accept-Language")); tandem.SupportedLanguage(l) {
			fi.Lang = l
		}
	}
	if len(in.Aspects) > 0 {
		fi.Aspects = make([]app.AspectInput, len(in.Aspects))
		for i, a := range in.Aspects {
			fi.Aspects[i] = app.AspectInput{Key: a.Aspect, Rating: tandem.Rating(a.Rating)}
		}
	}
	if len(in.Readiness) > 0 {
		fi.Readiness = make(map[tandem.Dimension]int, len(in.Readiness))
		for d, score := range in.Readiness {
			fi.Readiness[tandem.Dimension(d)] = score
		}
	}
	sub, err := s.App.SubmitFeedback(r.Context(), fi)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK // a retry: the first record, unchanged
	if sub.Created {
		status = http.StatusCreated
		w.Header()["Location"] = []string{"/api/v1/feedback/" + strconv.FormatInt(sub.Feedback.ID, 10)}
	}
	writeJSON(w, status, toFeedbackOut(sub.Feedback, sub.Blueprint))
}

// decodeBody reads exactly one JSON object of at most MaxBodyBytes into v,
// refusing unknown and duplicate fields and invalid UTF-8. Errors are
// badRequest (400) naming the field. The body is read into a pooled buffer
// and decoded with the JSON v2 prototype, which is several times faster
// than encoding/json's Decoder here and reports typed errors with a JSON
// pointer to the culprit.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= MaxBodyBytes+bytes.MinRead {
			buf.Reset()
			bufPool.Put(buf)
		}
	}()
	if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, MaxBodyBytes)); err != nil {
		if tooLarge(err) {
			return &badRequest{Field: "body", Key: "api.error.body_too_large"}
		}
		return &badRequest{Field: "body", Key: "api.error.malformed_json"}
	}
	err := jsonv2.Unmarshal(buf.Bytes(), v, jsonv2.RejectUnknownMembers(true))
	if err == nil {
		return nil
	}
	var sem *jsonv2.SemanticError
	var syn *jsontext.SyntacticError
	switch {
	case errors.As(err, &sem) && errors.Is(sem.Err, jsonv2.ErrUnknownName):
		return &badRequest{Field: fieldName(sem.JSONPointer), Key: "api.error.unknown_field"}
	case errors.As(err, &sem) && sem.JSONPointer != "":
		return &badRequest{Field: fieldName(sem.JSONPointer), Key: "api.error.wrong_type"}
	case errors.As(err, &syn) && errors.Is(syn.Err, jsontext.ErrDuplicateName):
		return &badRequest{Field: fieldName(syn.JSONPointer), Key: "api.error.duplicate_field"}
	}
	return &badRequest{Field: "body", Key: "api.error.malformed_json"}
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// fieldName turns a JSON pointer such as /aspects/0/rating into the
// domain's field naming, aspects.rating.
func fieldName(p jsontext.Pointer) string {
	var parts []string
	for tok := range p.Tokens() {
		if _, err := strconv.Atoi(tok); err != nil {
			parts = append(parts, tok)
		}
	}
	if len(parts) == 0 {
		return "body"
	}
	return strings.Join(parts, ".")
}

func tooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}
