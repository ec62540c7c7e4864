package webhook

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/tandemhq/tandem"
)

// A delivery's body: the event's kind, its id (also the webhook-id header,
// the same on every attempt, so a receiver drops what it has seen), when it
// happened, and the record it is about as the stores hold it when sent.

// Message is the JSON body of a delivery.
type Message struct {
	Type      string `json:"type"`
	ID        string `json:"id"`
	Timestamp string `json:"timestamp"` // RFC 3339
	Data      any    `json:"data"`
}

// DataFunc returns the record an event is about, as it is to appear in a
// delivery's "data". A record that is gone is ENOTFOUND.
type DataFunc func(ctx context.Context, ev *tandem.Event) (any, error)

// MessageID is the id of an event's deliveries.
func MessageID(ev *tandem.Event) string { return "evt_" + strconv.FormatInt(ev.ID, 10) }

// Payload returns the body delivered for ev. An event of a kind without a
// DataFunc, or whose record is gone, carries only {"id": subject}.
func (d *Deliverer) Payload(ctx context.Context, ev *tandem.Event) ([]byte, error) {
	var data any = subjectOnly{ID: ev.SubjectID}
	if fn := d.Data[ev.Kind]; fn != nil {
		v, err := fn(ctx, ev)
		switch {
		case err == nil:
			data = v
		case tandem.ErrorCode(err) != tandem.ENOTFOUND:
			return nil, err
		}
	}
	return json.Marshal(Message{Type: ev.Kind, ID: MessageID(ev), Timestamp: ev.CreatedAt.UTC().Format(time.RFC3339), Data: data})
}

type subjectOnly struct {
	ID int64 `json:"id"`
}

// builtinData are the DataFuncs of the events Tandem's own stores hold.
func (d *Deliverer) builtinData() map[string]DataFunc {
	return map[string]DataFunc{
		tandem.EventFeedbackCreated:   d.feedbackData,
		tandem.EventPraiseGiven:       d.feedbackData,
		tandem.EventHelpRequested:     d.helpData,
		tandem.EventCustomerRequested: d.requestData,
		tandem.EventReportCreated:     d.reportData,
		tandem.EventWorkItemUpdated:   d.workItemData,
	}
}

type feedbackData struct {
	ID           int64          `json:"id"`
	ServiceID    int64          `json:"service_id"`
	BlueprintID  int64          `json:"blueprint_id"`
	TouchpointID int64          `json:"touchpoint_id"`
	SiteID       int64          `json:"site_id"`
	EpisodeID    *int64         `json:"episode_id"`
	Overall      int            `json:"overall"`
	Aspects      []aspectData   `json:"aspects"`
	Comment      string         `json:"comment"`
	Praise       *praiseData    `json:"praise"`
	Readiness    map[string]int `json:"readiness"`
	FirstTime    bool           `json:"first_time"`
	Lang         string         `json:"lang"`
	CreatedAt    time.Time      `json:"created_at"`
}

type aspectData struct {
	AspectID int64  `json:"aspect_id"`
	Key      string `json:"key"`
	Rating   string `json:"rating"`
	Cause    string `json:"cause,omitempty"`
}

type praiseData struct {
	StaffID   int64  `json:"staff_id"`
	StaffName string `json:"staff_name"`
	Text      string `json:"text"`
}

// loadedKey marks a context carrying feedback a batch loaded at once.
type loadedKey struct{}

// withFeedback returns ctx carrying the feedback of the events, read in one
// query rather than one per event.
func (d *Deliverer) withFeedback(ctx context.Context, orgID int64, events []*tandem.Event) (context.Context, error) {
	var ids []int64
	for _, ev := range events {
		if ev.Kind == tandem.EventFeedbackCreated || ev.Kind == tandem.EventPraiseGiven {
			ids = append(ids, ev.SubjectID)
		}
	}
	if len(ids) < 2 {
		return ctx, nil
	}
	list, err := d.stores.Feedback.FindFeedbackByIDs(ctx, orgID, ids)
	if err != nil {
		return nil, err
	}
	loaded := make(map[int64]*tandem.Feedback, len(list))
	for _, f := range list {
		loaded[f.ID] = f
	}
	return context.WithValue(ctx, loadedKey{}, loaded), nil
}

func (d *Deliverer) feedbackData(ctx context.Context, ev *tandem.Event) (any, error) {
	loaded, _ := ctx.Value(loadedKey{}).(map[int64]*tandem.Feedback)
	f := loaded[ev.SubjectID]
	if f == nil || f.OrgID != ev.OrgID {
		var err error
		if f, err = d.stores.Feedback.FindFeedback(ctx, ev.OrgID, ev.SubjectID); err != nil {
			return nil, err
		}
	}
	out := feedbackData{ID: f.ID, ServiceID: f.ServiceID, BlueprintID: f.BlueprintID, TouchpointID: f.TouchpointID, SiteID: f.SiteID,
		Overall: f.Overall, Aspects: []aspectData{}, Comment: f.Comment, Readiness: map[string]int{}, FirstTime: f.FirstTime,
		Lang: f.Lang, CreatedAt: f.CreatedAt.UTC()}
	if f.EpisodeID != 0 {
		out.EpisodeID = &f.EpisodeID
	}
	b, err := d.blueprint(ctx, f.OrgID, f.BlueprintID)
	if err != nil {
		return nil, err
	}
	for _, r := range f.Aspects {
		a := aspectData{AspectID: r.AspectID, Rating: string(r.Rating), Cause: string(r.Cause)}
		if asp := b.Aspect(r.AspectID); asp != nil {
			a.Key = asp.Key
		}
		out.Aspects = append(out.Aspects, a)
	}
	for dim, v := range f.Readiness {
		out.Readiness[string(dim)] = v
	}
	if f.PraiseStaffID != 0 {
		p := &praiseData{StaffID: f.PraiseStaffID, Text: f.Praise}
		m, err := d.stores.Sites.FindStaff(ctx, f.OrgID, f.PraiseStaffID)
		switch {
		case err == nil:
			p.StaffName = m.Name
		case tandem.ErrorCode(err) != tandem.ENOTFOUND:
			return nil, err
		}
		out.Praise = p
	}
	return out, nil
}

type helpData struct {
	ID             int64      `json:"id"`
	SiteID         int64      `json:"site_id"`
	ServiceID      int64      `json:"service_id"`
	EpisodeID      int64      `json:"episode_id"`
	StepID         int64      `json:"step_id"`
	StepKey        string     `json:"step_key"`
	Status         string     `json:"status"`
	CreatedAt      time.Time  `json:"created_at"`
	AcknowledgedAt *time.Time `json:"acknowledged_at"`
	DoneAt         *time.Time `json:"done_at"`
}

func (d *Deliverer) helpData(ctx context.Context, ev *tandem.Event) (any, error) {
	h, err := d.stores.Help.FindHelp(ctx, ev.OrgID, ev.SubjectID)
	if err != nil {
		return nil, err
	}
	return helpData{ID: h.ID, SiteID: h.SiteID, ServiceID: h.ServiceID, EpisodeID: h.EpisodeID, StepID: h.StepID, StepKey: h.StepKey,
		Status: string(h.Status), CreatedAt: h.CreatedAt.UTC(), AcknowledgedAt: timeOrNull(h.AcknowledgedAt), DoneAt: timeOrNull(h.DoneAt)}, nil
}

type requestData struct {
	ID             int64      `json:"id"`
	SiteID         int64      `json:"site_id"`
	ServiceID      int64      `json:"service_id"`
	EpisodeID      int64      `json:"episode_id"`
	TouchpointID   int64      `json:"touchpoint_id"`
	StepID         int64      `json:"step_id"`
	StepKey        string     `json:"step_key"`
	Option         string     `json:"option"`
	Status         string     `json:"status"`
	CreatedAt      time.Time  `json:"created_at"`
	DueAt          time.Time  `json:"due_at"`
	AcknowledgedAt *time.Time `json:"acknowledged_at"`
	DoneAt         *time.Time `json:"done_at"`
}

func (d *Deliverer) requestData(ctx context.Context, ev *tandem.Event) (any, error) {
	r, err := d.stores.Requests.FindRequest(ctx, ev.OrgID, ev.SubjectID)
	if err != nil {
		return nil, err
	}
	return requestData{ID: r.ID, SiteID: r.SiteID, ServiceID: r.ServiceID, EpisodeID: r.EpisodeID, TouchpointID: r.TouchpointID,
		StepID: r.StepID, StepKey: r.StepKey, Option: r.OptionKey, Status: string(r.Status), CreatedAt: r.CreatedAt.UTC(),
		DueAt: r.DueAt.UTC(), AcknowledgedAt: timeOrNull(r.AcknowledgedAt), DoneAt: timeOrNull(r.DoneAt)}, nil
}

// reportData is a report as a webhook carries it. The reporter's address
// stays out: it was given to be told of the fix, not to be passed on.
type reportData struct {
	ID           int64      `json:"id"`
	SiteID       int64      `json:"site_id"`
	TouchpointID int64      `json:"touchpoint_id"`
	WorkItemID   *int64     `json:"work_item_id"`
	Problem      string     `json:"problem"`
	Praise       bool       `json:"praise"`
	Comment      string     `json:"comment"`
	Lang         string     `json:"lang"`
	Photo        bool       `json:"photo"`
	CreatedAt    time.Time  `json:"created_at"`
	FixedAt      *time.Time `json:"fixed_at"`
}

func (d *Deliverer) reportData(ctx context.Context, ev *tandem.Event) (any, error) {
	r, err := d.stores.Reports.FindReport(ctx, ev.OrgID, ev.SubjectID)
	if err != nil {
		return nil, err
	}
	out := reportData{ID: r.ID, SiteID: r.SiteID, TouchpointID: r.TouchpointID, Problem: r.ProblemKey, Praise: r.Praise,
		Comment: r.Comment, Lang: r.Lang, Photo: r.PhotoID != 0, CreatedAt: r.CreatedAt.UTC(), FixedAt: timeOrNull(r.FixedAt)}
	if r.WorkItemID != 0 {
		out.WorkItemID = &r.WorkItemID
	}
	return out, nil
}

// workItemData is a work item as a webhook carries it.
type workItemData struct {
	ID             int64       `json:"id"`
	SiteID         int64       `json:"site_id"`
	TouchpointID   int64       `json:"touchpoint_id"`
	Problem        string      `json:"problem"`
	ProblemName    tandem.Text `json:"problem_name"`
	State          string      `json:"state"`
	Reporters      int         `json:"reporters"`
	Comment        string      `json:"comment"`
	OpenedAt       time.Time   `json:"opened_at"`
	DueAt          time.Time   `json:"due_at"`
	AcknowledgedAt *time.Time  `json:"acknowledged_at"`
	DoneAt         *time.Time  `json:"done_at"`
	Note           string      `json:"note"`
}

func (d *Deliverer) workItemData(ctx context.Context, ev *tandem.Event) (any, error) {
	w, err := d.stores.Reports.FindWorkItem(ctx, ev.OrgID, ev.SubjectID)
	if err != nil {
		return nil, err
	}
	return workItemData{ID: w.ID, SiteID: w.SiteID, TouchpointID: w.TouchpointID, Problem: w.ProblemKey, ProblemName: w.Problem,
		State: string(w.State), Reporters: w.Reporters, Comment: w.Comment, OpenedAt: w.OpenedAt.UTC(), DueAt: w.DueAt.UTC(),
		AcknowledgedAt: timeOrNull(w.AcknowledgedAt), DoneAt: timeOrNull(w.DoneAt), Note: w.Note}, nil
}

func timeOrNull(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}
