package api

import (
	"net/http"

	"github.com/tandemhq/tandem"
)

// causeIn is the body of PUT .../aspects/{aspect}/cause.
type causeIn struct {
	Cause string `json:"cause"`
}

// putCause overrides who caused a negative aspect rating, as the
// feedback page does: the cause becomes the manager's, insight counts the
// negative under it, and the overall judgement is never touched. The
// store decides what may change (SetCause): another organization's
// feedback or an aspect it did not rate is 404, a positive rating or an
// unknown party 422. The answer is the feedback as it now stands.
func (s *Server) putCause(w http.ResponseWriter, r *http.Request, orgID int64) error {
	id, aspectID, err := s.feedbackAspect(r, orgID)
	if err != nil {
		return err
	}
	var in causeIn
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := s.App.Feedback.SetCause(r.Context(), orgID, id, aspectID, tandem.Party(in.Cause)); err != nil {
		return notFound(err)
	}
	return s.getFeedback(w, r, orgID)
}

// confirmCause accepts a negative's cause as it stands, the default or the
// one the visit's timeline showed: it is the manager's from then on.
// Refusals are putCause's.
func (s *Server) confirmCause(w http.ResponseWriter, r *http.Request, orgID int64) error {
	id, aspectID, err := s.feedbackAspect(r, orgID)
	if err != nil {
		return err
	}
	if err := s.App.Feedback.ConfirmCause(r.Context(), orgID, id, aspectID); err != nil {
		return notFound(err)
	}
	return s.getFeedback(w, r, orgID)
}

// feedbackAspect finds the feedback of the path and the id of its aspect
// named by key ({aspect}, as the feedback's JSON names it) in the
// blueprint the feedback was given against.
func (s *Server) feedbackAspect(r *http.Request, orgID int64) (id, aspectID int64, err error) {
	id, ok := pathID(r)
	if !ok {
		return 0, 0, errNotFound
	}
	f, err := s.App.Feedback.FindFeedback(r.Context(), orgID, id)
	if err != nil {
		return 0, 0, notFound(err)
	}
	bp, err := s.App.Blueprint(r.Context(), orgID, f.BlueprintID)
	if err != nil {
		return 0, 0, err
	}
	a := bp.AspectByKey(r.PathValue("aspect"))
	if a == nil {
		return 0, 0, errNotFound
	}
	return id, a.ID, nil
}
