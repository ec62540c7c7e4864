package customer

import (
	"net/http"

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
