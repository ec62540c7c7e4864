package api

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"sync"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/tandemhq/tandem"
)

// MaxBodyBytes bounds a request body.
const MaxBodyBytes = 64 << 10

// postFeedback ingests one feedback: the hot path. It reads the body, checks
// it against cached facts about the touchpoint, and makes one store call
// that returns after commit. Nothing is logged unless something breaks.
func (s *Server) postFeedback(w http.ResponseWriter, r *http.Request) {
	var in feedbackIn
	if err := decodeBody(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	f := &tandem.Feedback{
		Overall: in.Overall, Comment: in.Comment, PraiseStaffID: in.PraiseStaffID, Praise: in.Praise,
		Lang: in.Lang, IdempotencyKey: r.Header.Get("Idempotency-Key"),
	}
	if f.Lang == "" {
		// The customer's language, if we speak it; Validate falls back to English.
		if l := s.Catalog.Negotiate(r.Header.Get("Accept-Language")); tandem.SupportedLanguage(l) {
			f.Lang = l
		}
	}
	bp, created, err := s.ingest(r.Context(), &in, f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK // a retry: the first record, unchanged
	if created {
		status = http.StatusCreated
		w.Header()["Location"] = []string{"/api/v1/feedback/" + strconv.FormatInt(f.ID, 10)}
	}
	writeJSON(w, status, toFeedbackOut(f, bp))
}

// errKeyReused refuses a retry whose body differs from the first request
// with its Idempotency-Key. It never shows the stored record: a key is no
// credential, and whoever guesses another client's key must learn nothing.
var errKeyReused = tandem.Invalid("Idempotency-Key", "api.error.idempotency_key_reused")

// ingest resolves the credential, validates and stores f. It returns the
// blueprint of the stored record and whether f is new (false: a retry, and
// f now holds the first record, which matches the request).
//
// The client's Idempotency-Key is namespaced in the store by channel and
// target, "api:tp:<touchpoint id>:<key>" or "api:ep:<episode id>:<key>",
// so it can never meet a key of another channel (the customer pages use
// "web:episode:<id>") nor a retry aimed elsewhere.
func (s *Server) ingest(ctx context.Context, in *feedbackIn, f *tandem.Feedback) (bp *tandem.Blueprint, created bool, err error) {
	var staff []*tandem.StaffMember
	var space string
	switch {
	case (in.Touchpoint == "") == (in.Episode == ""):
		return nil, false, tandem.Invalid("touchpoint", "api.error.touchpoint_or_episode")
	case in.Touchpoint != "":
		t, err := s.touchpointTarget(ctx, in.Touchpoint)
		if err != nil {
			return nil, false, err
		}
		bp, staff = t.bp, t.staff
		f.OrgID, f.ServiceID, f.TouchpointID, f.SiteID = t.tp.OrgID, t.tp.ServiceID, t.tp.ID, t.tp.SiteID
		space = "api:tp:" + strconv.FormatInt(t.tp.ID, 10) + ":"
	default:
		ep, err := s.Episodes.FindEpisodeByToken(ctx, in.Episode)
		if err != nil {
			if tandem.ErrorCode(err) == tandem.ENOTFOUND {
				err = tandem.NotFound("api.error.episode_unknown")
			}
			return nil, false, err
		}
		if bp, err = s.blueprint(ctx, ep.OrgID, ep.BlueprintID); err != nil {
			return nil, false, err
		}
		if staff, err = s.siteStaff(ctx, ep.OrgID, ep.SiteID); err != nil {
			return nil, false, err
		}
		f.OrgID, f.ServiceID, f.TouchpointID, f.SiteID, f.EpisodeID = ep.OrgID, ep.ServiceID, ep.TouchpointID, ep.SiteID, ep.ID
		f.FirstTime = ep.FirstTime
		space = "api:ep:" + strconv.FormatInt(ep.ID, 10) + ":"
	}
	f.BlueprintID = bp.ID
	if len(in.Aspects) > 0 {
		f.Aspects = make([]tandem.AspectRating, len(in.Aspects))
		for i, a := range in.Aspects {
			def := bp.AspectByKey(a.Aspect)
			if def == nil {
				return nil, false, tandem.Invalid("aspects", "error.aspect_unknown")
			}
			f.Aspects[i] = tandem.AspectRating{AspectID: def.ID, Rating: tandem.Rating(a.Rating)}
		}
	}
	if len(in.Readiness) > 0 {
		f.Readiness = make(map[tandem.Dimension]int, len(in.Readiness))
		for d, score := range in.Readiness {
			f.Readiness[tandem.Dimension(d)] = score
		}
	}
	if in.HardestStep != "" {
		st := bp.StepByKey(in.HardestStep)
		if st == nil {
			return nil, false, tandem.Invalid("hardest_step", "error.hardest_step")
		}
		f.HardestStepID = st.ID
	}
	if err := f.Validate(bp, staff); err != nil { // checks the client's key as sent
		return nil, false, err
	}
	var sent tandem.Feedback // the request, to hold a retry against
	if f.IdempotencyKey != "" {
		f.IdempotencyKey = space + f.IdempotencyKey
		sent = *f
		sent.Aspects = append([]tandem.AspectRating(nil), f.Aspects...)
		sent.Readiness = maps.Clone(f.Readiness)
	}
	if created, err = s.Feedback.CreateFeedback(ctx, f); err != nil {
		return nil, false, err
	} else if created {
		return bp, true, nil
	}
	stored := bp
	if f.BlueprintID != bp.ID { // the first attempt met another blueprint version
		if stored, err = s.blueprint(ctx, f.OrgID, f.BlueprintID); err != nil {
			return nil, false, err
		}
	}
	if !sameFeedback(&sent, bp, f, stored) {
		return nil, false, errKeyReused
	}
	return stored, false, nil
}

// sameFeedback reports whether a retry says what the stored record says:
// the same target and judgements. Aspects are compared by key, since
// blueprint versions give them new ids, and causes not at all: a client
// sends none and a manager may have changed them since.
func sameFeedback(sent *tandem.Feedback, sentBP *tandem.Blueprint, stored *tandem.Feedback, storedBP *tandem.Blueprint) bool {
	if sent.TouchpointID != stored.TouchpointID || sent.EpisodeID != stored.EpisodeID || sent.Overall != stored.Overall ||
		sent.Comment != stored.Comment || sent.PraiseStaffID != stored.PraiseStaffID || sent.Praise != stored.Praise ||
		len(sent.Aspects) != len(stored.Aspects) || !maps.Equal(sent.Readiness, stored.Readiness) ||
		stepKey(sentBP, sent.HardestStepID) != stepKey(storedBP, stored.HardestStepID) {
		return false
	}
	ratings := make(map[string]tandem.Rating, len(stored.Aspects))
	for _, r := range stored.Aspects {
		a := storedBP.Aspect(r.AspectID)
		if a == nil {
			return false
		}
		ratings[a.Key] = r.Rating
	}
	for _, r := range sent.Aspects {
		a := sentBP.Aspect(r.AspectID)
		if a == nil {
			return false
		}
		if got, ok := ratings[a.Key]; !ok || got != r.Rating {
			return false
		}
	}
	return true
}

// stepKey is the key of a blueprint's step, "" for none.
func stepKey(bp *tandem.Blueprint, id int64) string {
	if st := bp.Step(id); st != nil {
		return st.Key
	}
	return ""
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
