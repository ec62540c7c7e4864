package app

import (
	"context"
	"io"
	"slices"

	"github.com/tandemhq/tandem"
)

// ReportInput is a report as a face received it: on a touchpoint's
// customer page or through the API, with the touchpoint's code as the
// credential.
type ReportInput struct {
	Code       string // the touchpoint's code
	ProblemKey string // one of the type's quick problems, "other", or "" with a comment
	Praise     bool   // "all good"
	Comment    string
	Lang       string
	Email      string // to be told when it is fixed; needs Consent
	Consent    bool
	Key        string // idempotency key, "" for none
	// Photo is an attached picture, nil for none: read, checked and stored
	// (see SavePhoto) only once the rest of the report is valid.
	Photo io.Reader
}

// Problems returns the quick problems a report form offers for a type: the
// organization's list (the built-in one until edited), then "something
// else".
func (a *App) Problems(ctx context.Context, orgID int64, t tandem.TouchpointType) ([]tandem.Problem, error) {
	list, _, err := a.Reports.ListProblems(ctx, orgID, t)
	if err != nil {
		return nil, err
	}
	if tandem.FindProblem(list, tandem.ProblemOther) == nil {
		list = append(slices.Clip(list), tandem.OtherProblem)
	}
	return list, nil
}

// SetProblems replaces an organization's quick problems for a type; nil
// goes back to the built-in list.
func (a *App) SetProblems(ctx context.Context, orgID int64, t tandem.TouchpointType, list []tandem.Problem) error {
	if !t.Valid() {
		return tandem.Invalid("type", "error.touchpoint_type")
	}
	return a.Reports.SetProblems(ctx, orgID, t, list)
}

// Report takes a report at a touchpoint: a problem joins the touchpoint's
// work item for it or opens one for the crew of its site; praise opens
// nothing. It returns the stored report, whose token opens its status
// page, and its work item (nil for praise). A retired touchpoint is
// EGONE; an unknown code ENOTFOUND. A photo that is refused (too large,
// not a picture) is EINVALID on "photo", and the report is not stored
// either.
func (a *App) Report(ctx context.Context, in ReportInput) (*tandem.Report, *tandem.WorkItem, error) {
	r, w, _, err := a.report(ctx, in)
	return r, w, err
}

// ReportOnce is Report that also says whether the report is new (false:
// a retry with an idempotency key the touchpoint has seen).
func (a *App) ReportOnce(ctx context.Context, in ReportInput) (*tandem.Report, *tandem.WorkItem, bool, error) {
	return a.report(ctx, in)
}

func (a *App) report(ctx context.Context, in ReportInput) (*tandem.Report, *tandem.WorkItem, bool, error) {
	if err := checkKey(in.Key); err != nil {
		return nil, nil, false, err
	}
	tp, err := a.TouchpointByCode(ctx, in.Code)
	if err != nil {
		return nil, nil, false, err
	}
	if tp.Retired() {
		return nil, nil, false, tandem.Errorf(tandem.EGONE, "error.touchpoint_retired")
	}
	if err := a.admit(ctx, tp.OrgID, tp.ID, 0); err != nil {
		return nil, nil, false, err
	}
	r := &tandem.Report{OrgID: tp.OrgID, TouchpointID: tp.ID, ProblemKey: in.ProblemKey, Praise: in.Praise,
		Comment: in.Comment, Lang: in.Lang, Email: in.Email, IdempotencyKey: in.Key, CreatedAt: a.now()}
	if in.Email != "" && in.Consent {
		r.ConsentAt = r.CreatedAt
	}
	if err := r.Validate(); err != nil {
		return nil, nil, false, err
	}
	var p tandem.Problem
	if !r.Praise {
		list, err := a.Problems(ctx, tp.OrgID, tp.Type)
		if err != nil {
			return nil, nil, false, err
		}
		found := tandem.FindProblem(list, r.ProblemKey)
		if found == nil {
			return nil, nil, false, tandem.Invalid("problem", "error.report_problem")
		}
		p = *found
	}
	if in.Photo != nil && !a.retry(ctx, r) {
		// The photo is stored first, for the report to point to. Should
		// the report then fail, the photo stays behind unreferenced: an
		// orphan, which nobody sees and which is cheaper to keep than to
		// make both one transaction across the photo's file and the row.
		ph, err := a.SavePhoto(ctx, tp.OrgID, in.Photo)
		if err != nil {
			return nil, nil, false, err
		}
		r.PhotoID = ph.ID
	}
	w, created, err := a.Reports.CreateReport(ctx, r, p)
	if err != nil {
		return nil, nil, false, err
	}
	return r, w, created, nil
}

// retry reports whether a report's idempotency key was seen at its
// touchpoint: the retry gets the stored report, so its photo is not
// stored a second time.
func (a *App) retry(ctx context.Context, r *tandem.Report) bool {
	if r.IdempotencyKey == "" {
		return false
	}
	_, err := a.Reports.FindReportByKey(ctx, r.TouchpointID, r.IdempotencyKey)
	return err == nil
}

// ReportStatus is what a reporter's status page shows.
type ReportStatus struct {
	Report     *tandem.Report
	Item       *tandem.WorkItem // nil for praise
	Touchpoint *tandem.Touchpoint
	State      tandem.WorkState // the report's, see Report.State
}

// ReportStatus finds a report by its status token.
func (a *App) ReportStatus(ctx context.Context, token string) (*ReportStatus, error) {
	r, err := a.ReportByToken(ctx, token)
	if err != nil {
		return nil, err
	}
	st := &ReportStatus{Report: r}
	if r.WorkItemID != 0 {
		if st.Item, err = a.Reports.FindWorkItem(ctx, r.OrgID, r.WorkItemID); err != nil {
			return nil, err
		}
	}
	if st.Touchpoint, err = a.Touchpoints.FindTouchpoint(ctx, r.OrgID, r.TouchpointID); err != nil {
		return nil, err
	}
	st.State = r.State(st.Item)
	return st, nil
}

// WorkSites returns the sites whose work items a user sees first: the
// sites of the staff members linked to them, nil (every site) for a user
// linked to none, as the staff live view does.
func (a *App) WorkSites(ctx context.Context, u *tandem.User) ([]int64, error) {
	staff, err := a.Sites.ListStaff(ctx, u.OrgID, 0)
	if err != nil {
		return nil, err
	}
	var sites []int64
	for _, m := range staff {
		if m.UserID == u.ID && !slices.Contains(sites, m.SiteID) {
			sites = append(sites, m.SiteID)
		}
	}
	return sites, nil
}

// AcknowledgeWork says a crew member is on a work item; FinishWork says it
// is fixed, with their note and optionally a photo of the work done (nil
// for none), and marks its reports fixed. Doing either again changes
// nothing; another organization's item is ENOTFOUND.
func (a *App) AcknowledgeWork(ctx context.Context, orgID, id, userID int64) (*tandem.WorkItem, error) {
	return a.moveWork(ctx, orgID, id, func(w *tandem.WorkItem) (bool, error) { return w.Acknowledge(userID, a.now()), nil })
}

// FinishWork: see AcknowledgeWork.
func (a *App) FinishWork(ctx context.Context, orgID, id, userID int64, note string, photo io.Reader) (*tandem.WorkItem, error) {
	var photoID int64
	if photo != nil {
		// The note is checked and the item found before the photo is
		// stored; an item done already keeps what it has.
		w, err := a.Reports.FindWorkItem(ctx, orgID, id)
		if err != nil {
			return nil, err
		}
		if changed, err := (&tandem.WorkItem{State: w.State}).Done(userID, note, a.now()); err != nil || !changed {
			return w, err
		}
		// As for a report, a failure after this leaves an orphan photo.
		ph, err := a.SavePhoto(ctx, orgID, photo)
		if err != nil {
			return nil, err
		}
		photoID = ph.ID
	}
	return a.moveWork(ctx, orgID, id, func(w *tandem.WorkItem) (bool, error) {
		changed, err := w.Done(userID, note, a.now())
		if changed && photoID != 0 {
			w.DonePhotoID = photoID
		}
		return changed, err
	})
}

// moveWork applies a domain transition and stores it, trying again when
// someone else moved the item in between.
func (a *App) moveWork(ctx context.Context, orgID, id int64, move func(*tandem.WorkItem) (bool, error)) (*tandem.WorkItem, error) {
	for attempt := 0; ; attempt++ {
		w, err := a.Reports.FindWorkItem(ctx, orgID, id)
		if err != nil {
			return nil, err
		}
		from := w.State
		changed, err := move(w)
		if err != nil || !changed {
			return w, err
		}
		err = a.Reports.UpdateWorkItem(ctx, w, from)
		if tandem.ErrorCode(err) == tandem.ECONFLICT && attempt < 3 {
			continue
		}
		if err != nil {
			return nil, err
		}
		return w, nil
	}
}
