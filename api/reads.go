package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/insight"
	"github.com/tandemhq/tandem/internal/httpx"
)

// Paging of lists.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// errNotFound answers ids that do not exist or belong to another
// organization, indistinguishably.
var errNotFound = tandem.NotFound("api.error.not_found")

func (s *Server) listServices(w http.ResponseWriter, r *http.Request, orgID int64) error {
	svcs, err := s.App.Services.ListServices(r.Context(), orgID)
	if err != nil {
		return err
	}
	out := list[serviceOut]{Items: make([]serviceOut, 0, len(svcs))}
	for _, sv := range svcs {
		out.Items = append(out.Items, toServiceOut(sv))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) getService(w http.ResponseWriter, r *http.Request, orgID int64) error {
	id, ok := pathID(r)
	if !ok {
		return errNotFound
	}
	sv, err := s.App.Services.FindService(r.Context(), orgID, id)
	if err != nil {
		return notFound(err)
	}
	out := toServiceOut(sv)
	if sv.Version > 0 {
		bp, err := s.App.Services.CurrentBlueprint(r.Context(), orgID, id)
		if err != nil {
			return err
		}
		out.Blueprint = toBlueprintOut(bp)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) listTouchpoints(w http.ResponseWriter, r *http.Request, orgID int64) error {
	tps, err := s.App.Touchpoints.ListTouchpoints(r.Context(), orgID)
	if err != nil {
		return err
	}
	out := list[touchpointOut]{Items: make([]touchpointOut, 0, len(tps))}
	for _, t := range tps {
		out.Items = append(out.Items, toTouchpointOut(t))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) getFeedback(w http.ResponseWriter, r *http.Request, orgID int64) error {
	id, ok := pathID(r)
	if !ok {
		return errNotFound
	}
	f, err := s.App.Feedback.FindFeedback(r.Context(), orgID, id)
	if err != nil {
		return notFound(err)
	}
	bp, err := s.App.Blueprint(r.Context(), orgID, f.BlueprintID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toFeedbackOut(f, bp))
	return nil
}

func (s *Server) listFeedback(w http.ResponseWriter, r *http.Request, orgID int64) error {
	ctx, q := r.Context(), r.URL.Query()
	filter := tandem.FeedbackFilter{OrgID: orgID, Limit: DefaultLimit}
	var err error
	if filter.ServiceID, err = optionalID(q, "service_id"); err != nil {
		return err
	}
	if filter.Limit, err = intParam(q, "limit", DefaultLimit, 1, MaxLimit); err != nil {
		return err
	}
	if filter.Offset, err = intParam(q, "offset", 0, 0, 1<<31-1); err != nil {
		return err
	}
	if q.Get("from") != "" || q.Get("to") != "" {
		loc, err := s.orgLocation(ctx, orgID)
		if err != nil {
			return err
		}
		if filter.From, err = timeParam(q, "from", loc); err != nil {
			return err
		}
		if filter.To, err = timeParam(q, "to", loc); err != nil {
			return err
		}
	}
	fbs, err := s.App.Feedback.ListFeedback(ctx, filter)
	if err != nil {
		return err
	}
	out := list[feedbackOut]{Items: make([]feedbackOut, 0, len(fbs)), Limit: filter.Limit, Offset: filter.Offset}
	for _, f := range fbs {
		bp, err := s.App.Blueprint(ctx, orgID, f.BlueprintID)
		if err != nil {
			return err
		}
		out.Items = append(out.Items, toFeedbackOut(f, bp))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// getInsight reports on whole days of the organization's calendar, from
// the first to the last day asked for (both inclusive), by default the
// last 30 days up to today, beside the period just before, narrowed by
// the filters in the query.
func (s *Server) getInsight(w http.ResponseWriter, r *http.Request, orgID int64) error {
	ctx, q := r.Context(), r.URL.Query()
	var f app.InsightFilter
	for _, p := range []struct {
		name string
		id   *int64
	}{{"service_id", &f.ServiceID}, {"site_id", &f.SiteID}, {"touchpoint_id", &f.TouchpointID}} {
		id, err := optionalID(q, p.name)
		if err != nil {
			return err
		}
		if id != nil {
			*p.id = *id
		}
	}
	f.Channel, f.Lang, f.FirstTime = q.Get("channel"), q.Get("lang"), q.Get("first_time")
	loc, err := s.orgLocation(ctx, orgID)
	if err != nil {
		return err
	}
	period, err := insight.ParsePeriod(q.Get("from"), q.Get("to"), s.App.Now().In(loc))
	if err != nil {
		return &badRequest{Field: tandem.ErrorField(err), Key: tandem.ErrorKey(err)}
	}
	report, err := s.App.InsightReport(ctx, orgID, period, f)
	if tandem.ErrorCode(err) == tandem.EINVALID {
		return &badRequest{Field: tandem.ErrorField(err), Key: tandem.ErrorKey(err)}
	}
	if err != nil {
		return err
	}
	out := toInsightOut(report.Report, f)
	out.Drivers, out.Terms = toDriversOut(report.Depth.Drivers), toTermsOut(report.Depth.Terms)
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) orgLocation(ctx context.Context, orgID int64) (*time.Location, error) {
	org, err := s.App.Organization(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return org.Location(), nil
}

// notFound turns any not-found from the store into the API's one answer.
func notFound(err error) error {
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return errNotFound
	}
	return err
}

func pathID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

func optionalID(q url.Values, name string) (*int64, error) {
	v := q.Get(name)
	if v == "" {
		return nil, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return nil, &badRequest{Field: name, Key: "api.error.query"}
	}
	return &id, nil
}

func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, &badRequest{Field: name, Key: "api.error.query"}
	}
	return n, nil
}

// timeParam reads an RFC 3339 instant or a date, meaning midnight in loc.
func timeParam(q url.Values, name string, loc *time.Location) (*time.Time, error) {
	v := q.Get(name)
	if v == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		if t, err = time.ParseInLocation(dateLayout, v, loc); err != nil {
			return nil, &badRequest{Field: name, Key: "api.error.query"}
		}
	}
	return &t, nil
}

// exportFeedback streams the organization's feedback as CSV or XLSX
// (app.ExportFeedback). Dates are days in the organization's time zone or
// RFC 3339 times; Accept-Language chooses the headers' language.
func (s *Server) exportFeedback(w http.ResponseWriter, r *http.Request, orgID int64) error {
	ctx, q := r.Context(), r.URL.Query()
	format, err := app.ParseExportFormat(q.Get("format"))
	if err != nil {
		return &badRequest{Field: "format", Key: "api.error.query"}
	}
	var eq app.ExportQuery
	sid, err := optionalID(q, "service_id")
	if err != nil {
		return err
	}
	if sid != nil {
		eq.ServiceID = *sid
	}
	loc, err := s.orgLocation(ctx, orgID)
	if err != nil {
		return err
	}
	for _, p := range []struct {
		name string
		to   *time.Time
	}{{"from", &eq.From}, {"to", &eq.To}} {
		t, err := timeParam(q, p.name, loc)
		if err != nil {
			return err
		}
		if t != nil {
			*p.to = *t
		}
	}
	actor := tokenActor(orgID)
	if l := s.Catalog.Negotiate(r.Header.Get("Accept-Language")); tandem.SupportedLanguage(l) {
		actor.Lang = l
	}
	d := &httpx.Download{W: w, ContentType: format.ContentType(),
		Filename: "feedback-" + time.Now().UTC().Format("20060102") + "." + string(format)}
	if _, err := s.App.ExportFeedback(ctx, actor, eq, format, d, nil); err != nil {
		if d.Started() {
			panic(http.ErrAbortHandler) // the client sees a cut-off download, not a broken file taken for whole
		}
		return notFound(err)
	}
	if !d.Started() { // nothing written cannot happen: the header row always is
		w.WriteHeader(http.StatusNoContent)
	}
	return nil
}
