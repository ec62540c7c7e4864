package api

import (
	"errors"
	"mime/multipart"
	"net/http"
	"strconv"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/photo"
)

// Touchpoint reports (S4): anyone using a place reports a problem or
// praises the crew, with the touchpoint's code as the credential; the
// organization's integrations read the work items and move them on.

// reportIn is the body of POST /api/v1/reports: JSON, or a multipart form
// with the same names as fields and a photo file part (readReportForm).
type reportIn struct {
	Touchpoint string `json:"touchpoint"` // the code
	Problem    string `json:"problem"`    // a quick problem's key, "other", or "" with a comment
	Praise     bool   `json:"praise"`
	Comment    string `json:"comment"`
	Lang       string `json:"lang"`
	Email      string `json:"email"`
	Consent    bool   `json:"consent"`
}

type reportOut struct {
	ID           int64     `json:"id"`
	TouchpointID int64     `json:"touchpoint_id"`
	SiteID       int64     `json:"site_id"`
	WorkItemID   *int64    `json:"work_item_id"` // null for praise
	Problem      string    `json:"problem"`      // "" for praise
	Praise       bool      `json:"praise"`
	Comment      string    `json:"comment"`
	Lang         string    `json:"lang"`
	State        string    `json:"state"`
	Photo        bool      `json:"photo_attached"`
	Token        string    `json:"token"`
	StatusPath   string    `json:"status_path"` // the reporter's status page on this server
	CreatedAt    time.Time `json:"created_at"`
}

type workItemOut struct {
	ID             int64      `json:"id"`
	SiteID         int64      `json:"site_id"`
	TouchpointID   int64      `json:"touchpoint_id"`
	Problem        string     `json:"problem"`
	ProblemName    localized  `json:"problem_name"`
	SLAMinutes     int        `json:"sla_minutes"`
	State          string     `json:"state"`
	Reporters      int        `json:"reporters"`
	Comment        string     `json:"comment"`
	CreatedAt      time.Time  `json:"created_at"`
	OpenedAt       time.Time  `json:"opened_at"`
	DueAt          time.Time  `json:"due_at"`
	Overdue        bool       `json:"overdue"`
	AcknowledgedAt *time.Time `json:"acknowledged_at"`
	DoneAt         *time.Time `json:"done_at"`
	HandledBy      *int64     `json:"handled_by"`
	Note           string     `json:"note"`
	PhotoURL       string     `json:"photo_url,omitempty"`      // the latest report's photo
	DonePhotoURL   string     `json:"done_photo_url,omitempty"` // the crew's photo of the work done
}

// photoURL is where the API gives a photo (GET /api/v1/photos/{id}, with
// the same token).
func photoURL(id int64) string {
	if id == 0 {
		return ""
	}
	return "/api/v1/photos/" + strconv.FormatInt(id, 10)
}

// getPhoto gives a photo attached to one of the organization's reports or
// work items.
func (s *Server) getPhoto(w http.ResponseWriter, r *http.Request, orgID int64) error {
	id, ok := pathID(r)
	if !ok {
		return errNotFound
	}
	p, data, err := s.App.Photos.OpenPhoto(r.Context(), orgID, id)
	if err != nil {
		return notFound(err)
	}
	photo.Write(w, p, data)
	return nil
}

func toWorkItemOut(w *tandem.WorkItem, now time.Time) workItemOut {
	return workItemOut{ID: w.ID, SiteID: w.SiteID, TouchpointID: w.TouchpointID, Problem: w.ProblemKey,
		ProblemName: toLocalized(w.Problem), SLAMinutes: w.SLAMinutes, State: string(w.State), Reporters: w.Reporters,
		Comment: w.Comment, CreatedAt: w.CreatedAt.UTC(), OpenedAt: w.OpenedAt.UTC(), DueAt: w.DueAt.UTC(),
		Overdue: w.Overdue(now), AcknowledgedAt: nullTime(w.AcknowledgedAt), DoneAt: nullTime(w.DoneAt),
		HandledBy: nullID(w.HandledBy), Note: w.Note, PhotoURL: photoURL(w.PhotoID), DonePhotoURL: photoURL(w.DonePhotoID)}
}

// postReport takes a report: 201 with the report and its status token, or
// 200 with the stored one for a retry with the same Idempotency-Key.
func (s *Server) postReport(w http.ResponseWriter, r *http.Request) {
	var in reportIn
	var file multipart.File
	var err error
	switch mediaType(r) {
	case "multipart/form-data":
		file, err = readReportForm(w, r, &in)
		if file != nil {
			defer file.Close()
		}
	case "application/json":
		err = decodeBody(w, r, &in)
	default:
		err = errNotReportBody
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if in.Lang == "" {
		if l := s.Catalog.Negotiate(r.Header.Get("Accept-Language")); tandem.SupportedLanguage(l) {
			in.Lang = l
		}
	}
	key := r.Header.Get("Idempotency-Key")
	rep, item, created, err := s.App.ReportOnce(r.Context(), app.ReportInput{Code: in.Touchpoint, ProblemKey: in.Problem, Praise: in.Praise,
		Comment: in.Comment, Lang: in.Lang, Email: in.Email, Consent: in.Consent, Key: key, Photo: file})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK // a retry: the first report, unchanged
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, reportOut{ID: rep.ID, TouchpointID: rep.TouchpointID, SiteID: rep.SiteID, WorkItemID: nullID(rep.WorkItemID),
		Problem: rep.ProblemKey, Praise: rep.Praise, Comment: rep.Comment, Lang: rep.Lang, State: string(rep.State(item)), Photo: rep.PhotoID != 0,
		Token: rep.Token, StatusPath: "/r/" + rep.Token, CreatedAt: rep.CreatedAt.UTC()})
}

// errNotReportBody refuses a report that is neither JSON nor a multipart
// form (which a photo needs).
var errNotReportBody = &unsupportedMedia{Key: "api.error.report_media_type"}

// maxReportForm bounds a multipart report: the largest photo taken and
// the report's fields.
const maxReportForm = photo.MaxBytes + MaxBodyBytes

// readReportForm reads a multipart report into in and returns its photo
// part, nil when none was sent. Unknown fields, repeated fields and
// booleans other than true and false are refused as in JSON.
func readReportForm(w http.ResponseWriter, r *http.Request, in *reportIn) (multipart.File, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxReportForm)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if tooLarge(err) {
			return nil, tandem.Invalid(photo.Field, "error.photo_too_large")
		}
		return nil, &badRequest{Field: "body", Key: "api.error.malformed_form"}
	}
	form := r.MultipartForm
	for name, files := range form.File {
		if name != photo.Field {
			return nil, &badRequest{Field: name, Key: "api.error.unknown_field"}
		}
		if len(files) > 1 {
			return nil, &badRequest{Field: name, Key: "api.error.duplicate_field"}
		}
	}
	strs := map[string]*string{"touchpoint": &in.Touchpoint, "problem": &in.Problem, "comment": &in.Comment, "lang": &in.Lang, "email": &in.Email}
	bools := map[string]*bool{"praise": &in.Praise, "consent": &in.Consent}
	for name, vs := range form.Value {
		if len(vs) > 1 {
			return nil, &badRequest{Field: name, Key: "api.error.duplicate_field"}
		}
		if p, ok := strs[name]; ok {
			*p = vs[0]
			continue
		}
		b, ok := bools[name]
		if !ok {
			return nil, &badRequest{Field: name, Key: "api.error.unknown_field"}
		}
		switch vs[0] {
		case "true":
			*b = true
		case "false":
			*b = false
		default:
			return nil, &badRequest{Field: name, Key: "api.error.wrong_type"}
		}
	}
	f, _, err := r.FormFile(photo.Field)
	if errors.Is(err, http.ErrMissingFile) {
		return nil, nil
	}
	if err != nil {
		return nil, tandem.Invalid(photo.Field, "error.photo_unreadable")
	}
	return f, nil
}

// listWorkItems lists work items nearest due first: ?state (open,
// acknowledged, done, or pending for either of the first two), ?site_id,
// ?overdue=true and ?limit.
func (s *Server) listWorkItems(w http.ResponseWriter, r *http.Request, orgID int64) error {
	q := r.URL.Query()
	f := tandem.WorkFilter{OrgID: orgID}
	site, err := optionalID(q, "site_id")
	if err != nil {
		return err
	}
	if site != nil {
		f.SiteIDs = []int64{*site}
	}
	if f.Limit, err = intParam(q, "limit", DefaultLimit, 1, MaxLimit); err != nil {
		return err
	}
	switch st := tandem.WorkState(q.Get("state")); st {
	case "":
	case "pending":
		f.OpenOnly = true
	case tandem.WorkOpen, tandem.WorkAcknowledged, tandem.WorkDone:
		f.State = &st
	default:
		return &badRequest{Field: "state", Key: "api.error.query"}
	}
	now := s.App.Now()
	switch q.Get("overdue") {
	case "", "false":
	case "true":
		f.OpenOnly, f.DueBefore = true, &now
	default:
		return &badRequest{Field: "overdue", Key: "api.error.query"}
	}
	items, err := s.App.Reports.ListWorkItems(r.Context(), f)
	if err != nil {
		return err
	}
	out := list[workItemOut]{Items: make([]workItemOut, 0, len(items)), Limit: f.Limit}
	for _, it := range items {
		out.Items = append(out.Items, toWorkItemOut(it, now))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// noteIn is the body of POST /api/v1/work-items/{id}/done.
type noteIn struct {
	Note string `json:"note"`
}

// acknowledgeWorkItem says someone is on a work item; done says it is
// fixed. Either again changes nothing and answers the item as it is.
func (s *Server) acknowledgeWorkItem(w http.ResponseWriter, r *http.Request, orgID int64) error {
	id, ok := pathID(r)
	if !ok {
		return errNotFound
	}
	it, err := s.App.AcknowledgeWork(r.Context(), orgID, id, 0)
	if err != nil {
		return notFound(err)
	}
	writeJSON(w, http.StatusOK, toWorkItemOut(it, s.App.Now()))
	return nil
}

func (s *Server) finishWorkItem(w http.ResponseWriter, r *http.Request, orgID int64) error {
	id, ok := pathID(r)
	if !ok {
		return errNotFound
	}
	if _, err := s.App.Reports.FindWorkItem(r.Context(), orgID, id); err != nil {
		return notFound(err)
	}
	var in noteIn
	if r.ContentLength != 0 {
		if err := decodeBody(w, r, &in); err != nil {
			return err
		}
	}
	it, err := s.App.FinishWork(r.Context(), orgID, id, 0, in.Note, nil)
	if err != nil {
		return notFound(err)
	}
	writeJSON(w, http.StatusOK, toWorkItemOut(it, s.App.Now()))
	return nil
}
