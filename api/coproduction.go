package api

import (
	"net/http"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
)

// The co-production endpoints: a POS or staff system marks an episode's
// steps done, a booking system makes appointments, and both read the open
// episodes and help requests of their organization.

// openWindow is how far back ?open=true looks by default: an episode without
// feedback after that was left, not still going on.
const openWindow = 24 * time.Hour

type episodeOut struct {
	ID           int64         `json:"id"`
	ServiceID    int64         `json:"service_id"`
	BlueprintID  int64         `json:"blueprint_id"`
	TouchpointID int64         `json:"touchpoint_id"`
	SiteID       int64         `json:"site_id"`
	Lang         string        `json:"lang"`
	FirstTime    bool          `json:"first_time"`
	StartedAt    time.Time     `json:"started_at"`
	ScheduledAt  *time.Time    `json:"scheduled_at"`
	StepsDone    []stepDoneOut `json:"steps_done"`
}

type stepDoneOut struct {
	StepID  int64     `json:"step_id"`
	StepKey string    `json:"step_key"`
	At      time.Time `json:"at"`
	By      string    `json:"by"`
}

func toEpisodeOut(e *tandem.Episode, bp *tandem.Blueprint) episodeOut {
	out := episodeOut{ID: e.ID, ServiceID: e.ServiceID, BlueprintID: e.BlueprintID, TouchpointID: e.TouchpointID,
		SiteID: e.SiteID, Lang: e.Lang, FirstTime: e.FirstTime, StartedAt: e.StartedAt.UTC(),
		StepsDone: make([]stepDoneOut, 0, len(e.Done))}
	if !e.ScheduledAt.IsZero() {
		at := e.ScheduledAt.UTC()
		out.ScheduledAt = &at
	}
	for _, d := range e.Done {
		key := ""
		if st := bp.Step(d.StepID); st != nil {
			key = st.Key
		}
		out.StepsDone = append(out.StepsDone, stepDoneOut{StepID: d.StepID, StepKey: key, At: d.At.UTC(), By: string(d.By)})
	}
	return out
}

// appointmentIn is the body of POST /api/v1/appointments.
type appointmentIn struct {
	ServiceID    int64  `json:"service_id"`
	TouchpointID int64  `json:"touchpoint_id"`
	SiteID       int64  `json:"site_id"`
	ScheduledAt  string `json:"scheduled_at"`
	Lang         string `json:"lang"`
	// Who the appointment is for, all optional; a contact needs consent.
	CustomerName   string `json:"customer_name"`
	Contact        string `json:"contact"`
	ContactConsent bool   `json:"contact_consent"`
}

type appointmentOut struct {
	episodeOut
	Token          string     `json:"token"`
	CompanionURL   string     `json:"companion_url"`
	PrepareURL     string     `json:"prepare_url"`
	CustomerName   string     `json:"customer_name"`
	Contact        string     `json:"contact"`
	ContactConsent bool       `json:"contact_consent"`
	CancelledAt    *time.Time `json:"cancelled_at"`
}

// rescheduleIn is the body of POST /api/v1/appointments/{id}/reschedule.
type rescheduleIn struct {
	ScheduledAt string `json:"scheduled_at"`
}

func toAppointmentOut(e *tandem.Episode, bp *tandem.Blueprint) appointmentOut {
	companion := "/e/" + e.Token
	return appointmentOut{episodeOut: toEpisodeOut(e, bp), Token: e.Token, CompanionURL: companion, PrepareURL: companion + "/prepare",
		CustomerName: e.Customer.Name, Contact: e.Customer.Contact, ContactConsent: e.Customer.Consent, CancelledAt: nullTime(e.CancelledAt)}
}

type helpRequestOut struct {
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
	HandledBy      *int64     `json:"handled_by"`
}

func toHelpRequestOut(h *tandem.HelpRequest) helpRequestOut {
	return helpRequestOut{ID: h.ID, SiteID: h.SiteID, ServiceID: h.ServiceID, EpisodeID: h.EpisodeID, StepID: h.StepID,
		StepKey: h.StepKey, Status: string(h.Status), CreatedAt: h.CreatedAt.UTC(),
		AcknowledgedAt: nullTime(h.AcknowledgedAt), DoneAt: nullTime(h.DoneAt), HandledBy: nullID(h.HandledBy)}
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

// markStep marks a step of an episode done by a system (a POS ringing up
// the coffee). The step is named by its key, which stays the same across
// blueprint versions; marking it again changes nothing.
func (s *Server) markStep(w http.ResponseWriter, r *http.Request, orgID int64) error {
	ctx := r.Context()
	id, ok := pathID(r)
	if !ok {
		return errNotFound
	}
	e, err := s.App.Episodes.FindEpisode(ctx, orgID, id)
	if err != nil {
		return notFound(err)
	}
	e, _, err = s.App.MarkStep(ctx, e, app.StepRef{Key: r.PathValue("key")}, tandem.BySystem)
	if err != nil {
		return err
	}
	bp, err := s.App.Blueprint(ctx, orgID, e.BlueprintID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toEpisodeOut(e, bp))
	return nil
}

// listEpisodes lists the organization's episodes, newest first.
func (s *Server) listEpisodes(w http.ResponseWriter, r *http.Request, orgID int64) error {
	ctx, q := r.Context(), r.URL.Query()
	f := tandem.EpisodeFilter{OrgID: orgID}
	var err error
	if f.SiteID, err = optionalID(q, "site_id"); err != nil {
		return err
	}
	if f.ServiceID, err = optionalID(q, "service_id"); err != nil {
		return err
	}
	if f.Limit, err = intParam(q, "limit", DefaultLimit, 1, MaxLimit); err != nil {
		return err
	}
	switch q.Get("open") {
	case "", "false":
	case "true":
		f.WithoutFeedback = true
		since := s.App.Now().Add(-openWindow)
		f.StartedAfter = &since
	default:
		return &badRequest{Field: "open", Key: "api.error.query"}
	}
	var loc *time.Location
	if q.Get("since") != "" || q.Get("scheduled_from") != "" || q.Get("scheduled_to") != "" {
		if loc, err = s.orgLocation(ctx, orgID); err != nil {
			return err
		}
	}
	if since, err := timeParam(q, "since", loc); err != nil {
		return err
	} else if since != nil {
		f.StartedAfter = since
	}
	if f.ScheduledFrom, err = timeParam(q, "scheduled_from", loc); err != nil {
		return err
	}
	if f.ScheduledTo, err = timeParam(q, "scheduled_to", loc); err != nil {
		return err
	}
	if (f.ScheduledFrom == nil) != (f.ScheduledTo == nil) {
		field := "scheduled_to"
		if f.ScheduledFrom == nil {
			field = "scheduled_from"
		}
		return &badRequest{Field: field, Key: "api.error.scheduled_window"}
	}
	eps, err := s.App.Episodes.ListEpisodes(ctx, f)
	if err != nil {
		return err
	}
	out := list[episodeOut]{Items: make([]episodeOut, 0, len(eps)), Limit: f.Limit}
	for _, e := range eps {
		bp, err := s.App.Blueprint(ctx, orgID, e.BlueprintID)
		if err != nil {
			return err
		}
		out.Items = append(out.Items, toEpisodeOut(e, bp))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// queueQuery is what the lists of help requests and of customer requests
// are filtered by: ?site_id, ?limit, ?status (open or all) and ?since.
type queueQuery struct {
	siteID   *int64
	limit    int
	openOnly bool
	since    *time.Time
}

func (s *Server) queueQuery(r *http.Request, orgID int64) (queueQuery, error) {
	q := r.URL.Query()
	var qq queueQuery
	var err error
	if qq.siteID, err = optionalID(q, "site_id"); err != nil {
		return qq, err
	}
	if qq.limit, err = intParam(q, "limit", DefaultLimit, 1, MaxLimit); err != nil {
		return qq, err
	}
	switch q.Get("status") {
	case "", "all":
	case "open":
		qq.openOnly = true
	default:
		return qq, &badRequest{Field: "status", Key: "api.error.query"}
	}
	if q.Get("since") != "" {
		loc, err := s.orgLocation(r.Context(), orgID)
		if err != nil {
			return qq, err
		}
		if qq.since, err = timeParam(q, "since", loc); err != nil {
			return qq, err
		}
	}
	return qq, nil
}

// listHelp lists help requests, newest first; ?status=open keeps the ones
// not yet done (open or acknowledged).
func (s *Server) listHelp(w http.ResponseWriter, r *http.Request, orgID int64) error {
	ctx := r.Context()
	qq, err := s.queueQuery(r, orgID)
	if err != nil {
		return err
	}
	f := tandem.HelpFilter{OrgID: orgID, SiteID: qq.siteID, Limit: qq.limit, OpenOnly: qq.openOnly, Since: qq.since}
	hs, err := s.App.Help.ListHelp(ctx, f)
	if err != nil {
		return err
	}
	out := list[helpRequestOut]{Items: make([]helpRequestOut, 0, len(hs)), Limit: f.Limit}
	for _, h := range hs {
		out.Items = append(out.Items, toHelpRequestOut(h))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// maxGroupsLimit bounds ?limit= of the grouped lists.
const maxGroupsLimit = 200

type helpGroupOut struct {
	TouchpointID int64          `json:"touchpoint_id"`
	Open         int            `json:"open"`
	Count        int            `json:"count"`
	First        helpRequestOut `json:"first"`
}

// listHelpGroups lists the help requests not done yet, one group per
// touchpoint and step with its counts and first request (the oldest
// unanswered), oldest unanswered first: a flood at one table is one item,
// and never pushes another table's request off the page as it can in
// listHelp's newest-first pages.
func (s *Server) listHelpGroups(w http.ResponseWriter, r *http.Request, orgID int64) error {
	q := r.URL.Query()
	site, err := optionalID(q, "site_id")
	if err != nil {
		return err
	}
	limit, err := intParam(q, "limit", DefaultLimit, 1, maxGroupsLimit)
	if err != nil {
		return err
	}
	gs, err := s.App.Help.HelpGroups(r.Context(), tandem.HelpFilter{OrgID: orgID, SiteID: site, Limit: limit})
	if err != nil {
		return err
	}
	out := list[helpGroupOut]{Items: make([]helpGroupOut, 0, len(gs)), Limit: limit}
	for _, g := range gs {
		out.Items = append(out.Items, helpGroupOut{TouchpointID: g.TouchpointID, Open: g.Open, Count: g.Count, First: toHelpRequestOut(g.First)})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type customerRequestOut struct {
	ID             int64      `json:"id"`
	SiteID         int64      `json:"site_id"`
	ServiceID      int64      `json:"service_id"`
	EpisodeID      int64      `json:"episode_id"`
	StepID         int64      `json:"step_id"`
	StepKey        string     `json:"step_key"`
	TouchpointID   int64      `json:"touchpoint_id"`
	OptionKey      string     `json:"option_key"`
	Status         string     `json:"status"`
	CreatedAt      time.Time  `json:"created_at"`
	DueAt          time.Time  `json:"due_at"`
	AcknowledgedAt *time.Time `json:"acknowledged_at"`
	DoneAt         *time.Time `json:"done_at"`
	HandledBy      *int64     `json:"handled_by"`
}

func toCustomerRequestOut(r *tandem.CustomerRequest) customerRequestOut {
	return customerRequestOut{ID: r.ID, SiteID: r.SiteID, ServiceID: r.ServiceID, EpisodeID: r.EpisodeID, StepID: r.StepID,
		StepKey: r.StepKey, TouchpointID: r.TouchpointID, OptionKey: r.OptionKey, Status: string(r.Status),
		CreatedAt: r.CreatedAt.UTC(), DueAt: r.DueAt.UTC(),
		AcknowledgedAt: nullTime(r.AcknowledgedAt), DoneAt: nullTime(r.DoneAt), HandledBy: nullID(r.HandledBy)}
}

// listRequests lists customer requests, newest first, with the same
// filters as listHelp.
func (s *Server) listRequests(w http.ResponseWriter, r *http.Request, orgID int64) error {
	ctx := r.Context()
	qq, err := s.queueQuery(r, orgID)
	if err != nil {
		return err
	}
	f := tandem.RequestFilter{OrgID: orgID, SiteID: qq.siteID, Limit: qq.limit, OpenOnly: qq.openOnly, Since: qq.since}
	rs, err := s.App.Requests.ListRequests(ctx, f)
	if err != nil {
		return err
	}
	out := list[customerRequestOut]{Items: make([]customerRequestOut, 0, len(rs)), Limit: f.Limit}
	for _, rq := range rs {
		out.Items = append(out.Items, toCustomerRequestOut(rq))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// postAppointment books an episode ahead (S5: the barber, the doctor). It
// exists from now on, so the customer can open the preparation before the
// visit; the answer carries the links to send them.
func (s *Server) postAppointment(w http.ResponseWriter, r *http.Request, orgID int64) error {
	var in appointmentIn
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	at, err := time.Parse(time.RFC3339, in.ScheduledAt)
	if err != nil {
		return tandem.Invalid("scheduled_at", "api.error.scheduled_at")
	}
	e, err := s.App.Book(r.Context(), app.Booking{OrgID: orgID, ServiceID: in.ServiceID,
		TouchpointID: in.TouchpointID, SiteID: in.SiteID, At: at, Lang: in.Lang,
		Customer: tandem.Customer{Name: in.CustomerName, Contact: in.Contact, Consent: in.ContactConsent}})
	if err != nil {
		return err
	}
	return s.writeAppointment(w, r, http.StatusCreated, e)
}

func (s *Server) writeAppointment(w http.ResponseWriter, r *http.Request, status int, e *tandem.Episode) error {
	bp, err := s.App.Blueprint(r.Context(), e.OrgID, e.BlueprintID)
	if err != nil {
		return err
	}
	writeJSON(w, status, toAppointmentOut(e, bp))
	return nil
}

// appointment finds the appointment a path names: another organization's
// episode, or a walk-in, is not found.
func (s *Server) appointment(r *http.Request, orgID int64) (*tandem.Episode, error) {
	id, ok := pathID(r)
	if !ok {
		return nil, errNotFound
	}
	e, err := s.App.Episodes.FindEpisode(r.Context(), orgID, id)
	if err != nil {
		return nil, notFound(err)
	}
	if !e.Booked() {
		return nil, errNotFound
	}
	return e, nil
}

// cancelAppointment cancels an appointment; cancelling again changes
// nothing. Its pages then say so and take no feedback, help or steps.
func (s *Server) cancelAppointment(w http.ResponseWriter, r *http.Request, orgID int64) error {
	e, err := s.appointment(r, orgID)
	if err != nil {
		return err
	}
	if e, err = s.App.Cancel(r.Context(), orgID, e.ID); err != nil {
		return err
	}
	return s.writeAppointment(w, r, http.StatusOK, e)
}

// rescheduleAppointment moves an appointment to another time, bookable as a
// new one's; a cancelled appointment cannot be moved (409).
func (s *Server) rescheduleAppointment(w http.ResponseWriter, r *http.Request, orgID int64) error {
	e, err := s.appointment(r, orgID)
	if err != nil {
		return err
	}
	var in rescheduleIn
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	at, err := time.Parse(time.RFC3339, in.ScheduledAt)
	if err != nil {
		return tandem.Invalid("scheduled_at", "api.error.scheduled_at")
	}
	if e, err = s.App.Reschedule(r.Context(), orgID, e.ID, at); err != nil {
		return err
	}
	return s.writeAppointment(w, r, http.StatusOK, e)
}
