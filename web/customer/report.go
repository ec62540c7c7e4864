package customer

import (
	"context"
	"html/template"
	"net/http"
	"net/url"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/internal/httpx"
	"github.com/tandemhq/tandem/web/live"
	"github.com/tandemhq/tandem/web/view"
)

// Touchpoint reports (S4): a restroom's, meeting room's, kitchen's or
// entrance's page opens on a short form where whoever uses the place
// tells the crew what is wrong, or thanks them, and then follows the
// report on its own status page until it is fixed.

// reportPage is the report form of a touchpoint.
type reportPage struct {
	page
	Code     string
	Place    string
	Site     string
	Problems []reportChoice
	Comment  string
	Email    string
	Consent  bool
	Praise   bool
	Key      string // the form's idempotency key: a double tap reports once
	Error    string // why the last attempt was refused, "" if none
	Field    string // the part of the form at fault
	MaxText  int
}

type reportChoice struct {
	Key, Name string
	Checked   bool
}

// reportTouchpoint finds a touchpoint whose page is a report form; ok is
// false for any other, whose page is the companion.
func (s *Server) reportTouchpoint(ctx context.Context, code string) (*tandem.Touchpoint, bool, error) {
	tp, err := s.App.TouchpointByCode(ctx, code)
	if err != nil {
		return nil, false, err
	}
	if tp.Retired() {
		return nil, false, tandem.Errorf(tandem.EGONE, "error.touchpoint_retired")
	}
	return tp, tp.Type.Reportable(), nil
}

// reportForm renders the report form, with in as entered so far.
func (s *Server) reportForm(w http.ResponseWriter, r *http.Request, tp *tandem.Touchpoint, lang string, in app.ReportInput, status int, err error) error {
	ctx := r.Context()
	problems, perr := s.App.Problems(ctx, tp.OrgID, tp.Type)
	if perr != nil {
		return perr
	}
	site, serr := s.App.Sites.FindSite(ctx, tp.OrgID, tp.SiteID)
	if serr != nil {
		return serr
	}
	pr := s.Catalog.Printer(lang)
	place := tp.Name.Get(lang)
	p := reportPage{
		page:    s.brandedPage(w, r, tp.OrgID, lang, place, "/t/"+url.PathEscape(tp.Code)),
		Code:    tp.Code,
		Place:   place,
		Site:    site.Name.Get(lang),
		Comment: in.Comment, Email: in.Email, Consent: in.Consent, Praise: in.Praise,
		Key:     in.Key,
		MaxText: tandem.MaxCommentRunes,
	}
	if p.Key == "" {
		p.Key = tandem.NewSecret(12)
	}
	for _, pb := range problems {
		p.Problems = append(p.Problems, reportChoice{Key: pb.Key, Name: pb.Name.Get(lang), Checked: pb.Key == in.ProblemKey})
	}
	if err != nil {
		p.Error, p.Field = message(pr, err), tandem.ErrorField(err)
	}
	s.tpl.Render(w, status, "report", p)
	return nil
}

// report serves POST /t/{code}/report: the report is stored, with its
// photo if one was chosen, and the reporter sent to its status page. Bad
// input, a photo refused included, shows the form again as entered, with
// the reason, and stores nothing. The form is multipart for the photo;
// an ordinary one is taken too.
func (s *Server) report(w http.ResponseWriter, r *http.Request) error {
	photo, perr := view.FormPhoto(r, "photo")
	if photo != nil {
		defer photo.Close()
	}
	lang := s.lang(w, r)
	in := app.ReportInput{
		Code:    r.PathValue("code"),
		Comment: r.PostFormValue("comment"),
		Lang:    lang,
		Email:   r.PostFormValue("email"),
		Consent: r.PostFormValue("consent") == "1",
		Key:     r.PostFormValue("key"),
		Photo:   photo,
	}
	switch v := r.PostFormValue("problem"); v {
	case "praise":
		in.Praise = true
	default:
		in.ProblemKey = v
	}
	var rep *tandem.Report
	err := perr // a body too large to read: nothing is taken
	if err == nil {
		rep, _, err = s.App.Report(r.Context(), in)
	}
	if tandem.ErrorField(err) == "Idempotency-Key" && tandem.ErrorKey(err) != tandem.ErrTextInvalid {
		// The form was sent before with other content (back, change,
		// send): that is a new report, not a retry. The refused attempt
		// did not read the photo (app.Report stores none for a key seen
		// before), so it goes with the new report.
		in.Key = tandem.NewSecret(12)
		rep, _, err = s.App.Report(r.Context(), in)
	}
	if tandem.ErrorCode(err) == tandem.EINVALID {
		tp, _, ferr := s.reportTouchpoint(r.Context(), in.Code)
		if ferr != nil {
			return ferr
		}
		return s.reportForm(w, r, tp, lang, in, httpx.Status(err), err)
	}
	if err != nil {
		return err
	}
	seeOther(w, r, "/r/"+url.PathEscape(rep.Token))
	return nil
}

// statusPage is a reporter's view of their report.
type statusPage struct {
	page
	Token   string
	Place   string
	Problem string // the problem's name, "" for praise
	Praise  bool
	Photo   bool   // they attached one; it is shown to the staff only
	State   string // open, acknowledged or done
	FixedAt string // the time it was fixed, in the organization's zone
	Note    string // what the crew said
	Version string
	JS      bool
	Script  template.JS
}

// reportStatus serves GET /r/{token}: where the report stands, kept up to
// date by the live stream, or by a reload without JavaScript.
func (s *Server) reportStatus(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	st, err := s.App.ReportStatus(r.Context(), token)
	if err != nil {
		return err
	}
	rep := st.Report
	// The language they reported in, unless they switched since.
	lang := view.Lang(w, r, s.Catalog, "", rep.Lang)
	pr := s.Catalog.Printer(lang)
	place := st.Touchpoint.Name.Get(lang)
	p := statusPage{
		page:    s.brandedPage(w, r, rep.OrgID, lang, pr.T("customer.report.status_title"), "/r/"+url.PathEscape(token)),
		Token:   token,
		Place:   place,
		Praise:  rep.Praise,
		Photo:   rep.PhotoID != 0,
		State:   string(st.State),
		Version: reportVersion(st),
	}
	if st.Item != nil {
		p.Problem = st.Item.Problem.Get(lang)
		if st.State == tandem.WorkDone {
			fixed := rep.FixedAt
			if fixed.IsZero() {
				fixed = st.Item.DoneAt
			}
			p.FixedAt = pr.Time(fixed.In(s.location(r.Context(), rep.OrgID)))
			if rep.FixedAt.IsZero() || rep.FixedAt.Equal(st.Item.DoneAt) {
				p.Note = st.Item.Note // the crew's photo stays with the staff
			}
		}
	}
	p.JS, p.Script = !rep.Praise && st.State != tandem.WorkDone, s.js
	s.tpl.Render(w, http.StatusOK, "report_status", p)
	return nil
}

// reportVersion is what a status page shows that the crew can change.
func reportVersion(st *app.ReportStatus) string { return string(st.State) }

// newReportHub makes the hub of the report status pages' live streams,
// keyed by report token.
func (s *Server) newReportHub() *live.Hub[string] {
	return live.NewHub(live.Config[string]{
		Watch: func(token string) live.StateFunc {
			return func(ctx context.Context) (live.State, error) {
				st, err := s.App.ReportStatus(ctx, token)
				if err != nil {
					return live.State{}, err
				}
				return live.State{Version: reportVersion(st), Done: st.State == tandem.WorkDone}, nil
			}
		},
		Changes:    s.changes(s.reportNames),
		MaxStreams: MaxLiveStreams,
		Lifetime:   s.LiveFor,
		Heartbeat:  s.LiveHeartbeat,
		Logger:     s.Logger,
	})
}

// reportLive serves GET /r/{token}/live, the status page's live stream:
// "change" when the report's state moves, "done" once it is fixed.
func (s *Server) reportLive(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	if _, err := s.App.ReportByToken(r.Context(), token); err != nil {
		status := http.StatusNotFound
		if tandem.ErrorCode(err) != tandem.ENOTFOUND {
			status = http.StatusServiceUnavailable
			s.Logger.Error("report live", "err", err)
		}
		http.Error(w, http.StatusText(status), status)
		return nil
	}
	s.reports.Serve(w, r, token, func() string {
		return s.Catalog.Printer(s.lang(w, r)).T("customer.live.busy")
	})
	return nil
}
