package customer

import (
	"net/http"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
)

// A customer may cancel their appointment from its preparation page: a
// link to a confirmation, whose form cancels it. A cancelled appointment's
// pages say so and offer nothing more.

// cancelPage asks the customer to confirm cancelling their appointment.
type cancelPage struct {
	page
	Token   string
	Service string
	Appt    *appointment
}

// cancelForm serves GET /e/{token}/cancel: "Cancel this appointment?"
func (s *Server) cancelForm(w http.ResponseWriter, r *http.Request) error {
	v, err := s.App.Visit(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	lang := s.lang(w, r, v.Episode)
	if v.Episode.Cancelled() {
		s.cancelled(w, r, v, lang, episodeURL(v.Episode.Token)+"/cancel")
		return nil
	}
	svc := v.Service.Name.Get(lang)
	p := cancelPage{
		page:    s.brandedPage(w, r, v.Episode.OrgID, lang, s.Catalog.Printer(lang).T("customer.cancel.title"), episodeURL(v.Episode.Token)+"/cancel"),
		Token:   v.Episode.Token,
		Service: svc,
		Appt:    s.appointment(r.Context(), v, lang),
	}
	if p.Appt == nil { // a walk-in: nothing to cancel
		return app.ErrNotAppointment
	}
	s.tpl.Render(w, http.StatusOK, "cancel", p)
	return nil
}

// cancel serves POST /e/{token}/cancel: the customer confirmed.
func (s *Server) cancel(w http.ResponseWriter, r *http.Request) error {
	ep, err := s.App.CancelByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	seeOther(w, r, episodeURL(ep.Token)+"/prepare")
	return nil
}

// cancelled says an appointment was cancelled, on every page of it.
func (s *Server) cancelled(w http.ResponseWriter, r *http.Request, v *app.Visit, lang, self string) {
	p := s.Catalog.Printer(lang)
	m := msgPage{Heading: p.T("customer.cancelled.title")}
	if a := s.appointment(r.Context(), v, lang); a != nil {
		m.Body = p.T("customer.cancelled.body", v.Service.Name.Get(lang), a.Time)
	}
	m.page = s.brandedPage(w, r, v.Episode.OrgID, lang, m.Heading, self)
	s.tpl.Render(w, http.StatusOK, "message", m)
}

// reschedulePage lets the customer move their appointment: a date and a
// time in the organization's time zone, with an error at the form.
type reschedulePage struct {
	page
	Token      string
	Service    string
	Appt       *appointment
	Date, Time string // as entered, or the appointment's own
	Error      string
}

// rescheduleForm serves GET /e/{token}/reschedule.
func (s *Server) rescheduleForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderReschedule(w, r, "", "", nil)
}

// reschedule serves POST /e/{token}/reschedule: the new date and time are
// read in the organization's time zone and the use case checks them.
func (s *Server) reschedule(w http.ResponseWriter, r *http.Request) error {
	v, err := s.App.Visit(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	date, clock := strings.TrimSpace(r.PostFormValue("date")), strings.TrimSpace(r.PostFormValue("time"))
	loc := time.UTC
	if org, err := s.App.Organization(r.Context(), v.Episode.OrgID); err == nil {
		loc = org.Location()
	}
	at, perr := time.ParseInLocation("2006-01-02 15:04", date+" "+clock, loc)
	if perr != nil {
		return s.renderReschedule(w, r, date, clock, tandem.Invalid("date", "customer.reschedule.error_when"))
	}
	ep, err := s.App.RescheduleByToken(r.Context(), v.Episode.Token, at)
	if tandem.ErrorCode(err) == tandem.EINVALID {
		return s.renderReschedule(w, r, date, clock, err)
	}
	if err != nil {
		return err
	}
	seeOther(w, r, episodeURL(ep.Token)+"/prepare")
	return nil
}

// renderReschedule shows the form; failed is a refused move (422).
func (s *Server) renderReschedule(w http.ResponseWriter, r *http.Request, date, clock string, failed error) error {
	v, err := s.App.Visit(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	lang := s.lang(w, r, v.Episode)
	self := episodeURL(v.Episode.Token) + "/reschedule"
	if v.Episode.Cancelled() {
		s.cancelled(w, r, v, lang, self)
		return nil
	}
	if !v.Episode.Booked() {
		return app.ErrNotAppointment
	}
	pr := s.Catalog.Printer(lang)
	p := reschedulePage{
		page:    s.brandedPage(w, r, v.Episode.OrgID, lang, pr.T("customer.reschedule.title"), self),
		Token:   v.Episode.Token,
		Service: v.Service.Name.Get(lang),
		Appt:    s.appointment(r.Context(), v, lang),
		Date:    date, Time: clock,
	}
	if p.Date == "" && p.Time == "" {
		loc := time.UTC
		if org, err := s.App.Organization(r.Context(), v.Episode.OrgID); err == nil {
			loc = org.Location()
		}
		at := v.Episode.ScheduledAt.In(loc)
		p.Date, p.Time = at.Format(time.DateOnly), at.Format("15:04")
	}
	status := http.StatusOK
	if failed != nil {
		p.Error, status = message(pr, failed), http.StatusUnprocessableEntity
	}
	s.tpl.Render(w, status, "reschedule", p)
	return nil
}
