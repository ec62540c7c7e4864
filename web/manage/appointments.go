package manage

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/internal/httpx"
)

// Appointments are episodes booked ahead (the barber, the doctor, S5). A
// booked episode exists from the moment it is made, so the customer can
// open the preparation ("bring your insurance card") before the visit, and
// follows the same guidance and feedback afterwards.

// apptDays is how many days after today the list shows by default.
const apptDays = 7

type apptData struct {
	From, To    time.Time // local dates shown, To inclusive
	Prev, Next  string    // the neighbouring weeks
	Rows        []apptRow
	Booked      *apptRow // the appointment just made, with its links
	Services    []*tandem.Service
	Touchpoints []apptPlace
	Groups      []apptGroup // the touchpoints by service, for the form
	Langs       []string
	Form        apptForm
	Error       string
	ErrorField  string
	// RowError is a refused change (a new time) of the appointment RowID.
	RowError string
	RowID    int64
}

// apptGroup is a service's touchpoints, an <optgroup> of the booking form:
// without JavaScript the form can still offer only the service's own.
type apptGroup struct {
	Service *tandem.Service
	Places  []apptPlace
}

type apptRow struct {
	Episode    *tandem.Episode
	Service    *tandem.Service
	Site       *tandem.Site
	Touchpoint *tandem.Touchpoint
	Companion  string // the customer's page
	Prepare    string // the preparation before the visit
}

// apptPlace is a touchpoint offered in the booking form, named with its site.
type apptPlace struct {
	Touchpoint *tandem.Touchpoint
	Site       *tandem.Site
}

type apptForm struct {
	ServiceID, TouchpointID int64
	Date, Time, Lang        string
	Name, Contact           string
	Consent                 bool
}

// appointments lists the booked episodes of a week and the booking form.
func (s *Server) appointments(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	today := s.now().In(v.Loc)
	form := apptForm{Date: today.Format(time.DateOnly), Time: "10:00", Lang: v.Org.Lang}
	return s.renderAppointments(w, r, http.StatusOK, form, nil)
}

// renderAppointments shows the page; failed is a refused booking.
func (s *Server) renderAppointments(w http.ResponseWriter, r *http.Request, status int, form apptForm, failed error) error {
	return s.renderAppointmentsRow(w, r, status, form, failed, 0, nil)
}

// renderAppointmentsRow shows the page with a refused change of the
// appointment rowID, rowFailed, or a refused booking, failed.
func (s *Server) renderAppointmentsRow(w http.ResponseWriter, r *http.Request, status int, form apptForm, failed error, rowID int64, rowFailed error) error {
	ctx, v := r.Context(), viewerFrom(r.Context())
	today := s.now().In(v.Loc)
	from := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, v.Loc)
	if q := r.URL.Query().Get("from"); q != "" {
		d, err := time.ParseInLocation(time.DateOnly, q, v.Loc)
		if err != nil {
			s.refuse(w, r, http.StatusBadRequest, "manage.appt.error.date")
			return nil
		}
		from = d
	}
	to := from.AddDate(0, 0, apptDays+1)
	services, sites, tps, err := s.orgNames(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	booked, err := s.App.Episodes.ListEpisodes(ctx, tandem.EpisodeFilter{OrgID: v.Org.ID, ScheduledFrom: &from, ScheduledTo: &to, Limit: 500})
	if err != nil {
		return err
	}
	slices.SortStableFunc(booked, func(a, b *tandem.Episode) int { return a.ScheduledAt.Compare(b.ScheduledAt) })
	row := func(e *tandem.Episode) apptRow {
		base := s.publicBase(r) + "/e/" + e.Token
		return apptRow{Episode: e, Service: services[e.ServiceID], Site: sites[e.SiteID], Touchpoint: tps[e.TouchpointID],
			Companion: base, Prepare: base + "/prepare"}
	}
	p := s.newPage(w, r, "manage.appt.title", "appointments")
	d := apptData{From: from, To: to.AddDate(0, 0, -1), Form: form, Langs: tandem.Languages,
		Prev: "/app/appointments?from=" + from.AddDate(0, 0, -apptDays).Format(time.DateOnly),
		Next: "/app/appointments?from=" + from.AddDate(0, 0, apptDays).Format(time.DateOnly)}
	for _, e := range booked {
		d.Rows = append(d.Rows, row(e))
	}
	if id, err := strconv.ParseInt(r.URL.Query().Get("booked"), 10, 64); err == nil && id > 0 {
		if e, err := s.App.Episodes.FindEpisode(ctx, v.Org.ID, id); err == nil && !e.ScheduledAt.IsZero() {
			b := row(e)
			d.Booked = &b
		}
	}
	for _, id := range sortedKeys(services) {
		d.Services = append(d.Services, services[id])
	}
	for _, id := range sortedKeys(tps) {
		d.Touchpoints = append(d.Touchpoints, apptPlace{tps[id], sites[tps[id].SiteID]})
	}
	for _, svc := range d.Services {
		g := apptGroup{Service: svc}
		for _, pl := range d.Touchpoints {
			if pl.Touchpoint.ServiceID == svc.ID {
				g.Places = append(g.Places, pl)
			}
		}
		if len(g.Places) > 0 {
			d.Groups = append(d.Groups, g)
		}
	}
	if rowFailed != nil {
		d.RowError, d.RowID = p.P.In("manage.", tandem.ErrorKey(rowFailed)), rowID
	}
	if failed != nil {
		d.Error, d.ErrorField = p.P.In("manage.", tandem.ErrorKey(failed)), tandem.ErrorField(failed)
		if d.ErrorField == "scheduled_at" { // the form asks for it as a date and a time
			d.ErrorField = "date"
		}
	}
	p.Data = d
	s.render(w, status, "appointments", p)
	return nil
}

// book makes an appointment and shows its customer links.
func (s *Server) book(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	form := apptForm{Date: r.PostFormValue("date"), Time: r.PostFormValue("time"), Lang: r.PostFormValue("lang"),
		Name: r.PostFormValue("customer_name"), Contact: r.PostFormValue("contact"), Consent: r.PostFormValue("consent") != ""}
	form.ServiceID, _ = strconv.ParseInt(r.PostFormValue("service_id"), 10, 64)
	form.TouchpointID, _ = strconv.ParseInt(r.PostFormValue("touchpoint_id"), 10, 64)
	e, err := s.bookEpisode(r.Context(), v, form)
	if code := tandem.ErrorCode(err); code == tandem.EINVALID || code == tandem.ECONFLICT {
		return s.renderAppointments(w, r, httpx.Status(err), form, err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/app/appointments?booked="+strconv.FormatInt(e.ID, 10)+
		"&from="+e.ScheduledAt.In(v.Loc).Format(time.DateOnly), http.StatusSeeOther)
	return nil
}

// bookEpisode reads the form's date and time in the organization's time
// zone and books the appointment.
func (s *Server) bookEpisode(ctx context.Context, v *viewer, f apptForm) (*tandem.Episode, error) {
	at, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(f.Date)+" "+strings.TrimSpace(f.Time), v.Loc)
	if err != nil {
		return nil, tandem.Invalid("date", "manage.appt.error.when")
	}
	return s.App.Book(ctx, app.Booking{OrgID: v.Org.ID, ServiceID: f.ServiceID, TouchpointID: f.TouchpointID, At: at, Lang: f.Lang,
		Customer: tandem.Customer{Name: f.Name, Contact: f.Contact, Consent: f.Consent}})
}

// cancelAppointment serves POST /app/appointments/{id}/cancel.
func (s *Server) cancelAppointment(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	e, err := s.App.Cancel(r.Context(), v.Org.ID, id)
	if tandem.ErrorCode(err) == tandem.EINVALID {
		return tandem.NotFound("error.not_found") // a walk-in has no appointment to cancel
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, s.apptAt(v, e), http.StatusSeeOther)
	return nil
}

// rescheduleAppointment serves POST /app/appointments/{id}/reschedule: a
// new date and time, read in the organization's time zone.
func (s *Server) rescheduleAppointment(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	// Another organization's appointment, or a walk-in, is not found
	// whatever the form says.
	if e, err := s.App.Episodes.FindEpisode(r.Context(), v.Org.ID, id); err != nil {
		return err
	} else if !e.Booked() {
		return tandem.NotFound("error.not_found")
	}
	at, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(r.PostFormValue("date"))+" "+strings.TrimSpace(r.PostFormValue("time")), v.Loc)
	var e *tandem.Episode
	if err != nil {
		err = tandem.Invalid("date", "manage.appt.error.when")
	} else {
		e, err = s.App.Reschedule(r.Context(), v.Org.ID, id, at)
	}
	if code := tandem.ErrorCode(err); code == tandem.EINVALID || code == tandem.ECONFLICT {
		today := s.now().In(v.Loc)
		form := apptForm{Date: today.Format(time.DateOnly), Time: "10:00", Lang: v.Org.Lang}
		return s.renderAppointmentsRow(w, r, httpx.Status(err), form, nil, id, err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, s.apptAt(v, e), http.StatusSeeOther)
	return nil
}

// apptAt is the list's address for the week of an appointment, at its row.
func (s *Server) apptAt(v *viewer, e *tandem.Episode) string {
	return "/app/appointments?from=" + e.ScheduledAt.In(v.Loc).Format(time.DateOnly) + "#appt-" + strconv.FormatInt(e.ID, 10)
}

// publicBase is the address customers reach Tandem at: PublicURL, or
// without one the address this request came to.
func (s *Server) publicBase(r *http.Request) string {
	if base := strings.TrimRight(s.PublicURL, "/"); base != "" {
		return base
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
