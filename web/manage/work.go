package manage

import (
	"context"
	"hash/fnv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/web/live"
	"github.com/tandemhq/tandem/web/view"
)

// The crew view (S4): the work items that reports opened at the places a
// crew keeps, nearest due first, acknowledged and finished from a phone.
// Crews, staff, managers and owners all see it; a crew or staff member
// linked to a site sees that site's items, everyone else every site's.

// workScope is whose items a view shows: an organization's, at some sites
// or (nil) all of them. Its key form is comparable, for the hub.
type workScope struct {
	OrgID int64
	Sites string // comma-separated site ids, "" for all
}

func (sc workScope) siteIDs() []int64 {
	if sc.Sites == "" {
		return nil
	}
	var ids []int64
	for _, s := range strings.Split(sc.Sites, ",") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// workLimit bounds the items one view shows.
const workLimit = 200

// workScopeOf is the viewer's scope: ?site= picks one site ("all": all);
// without it, the sites the viewer is staff at, or all. Crews and staff
// linked to sites may see only those: "all" or another site is forbidden.
func (s *Server) workScopeOf(r *http.Request) (workScope, error) {
	ctx, v := r.Context(), viewerFrom(r.Context())
	sc := workScope{OrgID: v.Org.ID}
	own, err := s.siteLimit(ctx, v.User)
	if err != nil {
		return sc, err
	}
	switch q := r.URL.Query().Get("site"); q {
	case "all":
		if own != nil {
			return sc, tandem.Errorf(tandem.EFORBIDDEN, "error.other_site")
		}
	case "":
		sites, err := s.App.WorkSites(ctx, v.User)
		if err != nil {
			return sc, err
		}
		var parts []string
		for _, id := range sites {
			parts = append(parts, strconv.FormatInt(id, 10))
		}
		sc.Sites = strings.Join(parts, ",")
	default:
		id, err := s.siteParam(ctx, v.Org.ID, q, own)
		if err != nil {
			return sc, err
		}
		sc.Sites = strconv.FormatInt(id, 10)
	}
	return sc, nil
}

// loadWork lists a scope's items not done and its version.
func (s *Server) loadWork(ctx context.Context, sc workScope) ([]*tandem.WorkItem, string, error) {
	items, err := s.App.Reports.ListWorkItems(ctx, tandem.WorkFilter{OrgID: sc.OrgID, SiteIDs: sc.siteIDs(), OpenOnly: true, Limit: workLimit})
	if err != nil {
		return nil, "", err
	}
	sum := fnv.New64a()
	for _, it := range items {
		sum.Write([]byte(strconv.FormatInt(it.ID, 10) + ":" + string(it.State) + ":" + strconv.Itoa(it.Reporters) + ";"))
	}
	return items, strconv.FormatUint(sum.Sum64(), 36), nil
}

type workRow struct {
	Item       *tandem.WorkItem
	Touchpoint *tandem.Touchpoint
	Site       *tandem.Site
	Overdue    bool
	Due        string // the due time, or how long overdue
	Reporters  string
	PhotoAlt   string // the alt text of the report's photo, if it has one
}

type workData struct {
	Scope    string         // the ?site= value, "" for the viewer's own
	AllSites bool           // the viewer may see every site
	Sites    []*tandem.Site // the sites the viewer may see
	Rows     []workRow
	Overdue  int
	Version  string
	Self     string
	Events   string
	AsOf     time.Time
}

// work shows the crew view.
func (s *Server) work(w http.ResponseWriter, r *http.Request) error {
	ctx, v := r.Context(), viewerFrom(r.Context())
	sc, err := s.workScopeOf(r)
	if err != nil {
		return err
	}
	items, version, err := s.loadWork(ctx, sc)
	if err != nil {
		return err
	}
	_, sites, tps, err := s.orgNames(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	now := s.now()
	p := s.newPage(w, r, "manage.work.title", "work")
	own, err := s.siteLimit(ctx, v.User)
	if err != nil {
		return err
	}
	d := workData{Scope: r.URL.Query().Get("site"), Version: version, AsOf: now, Self: "/app/work", Events: "/app/work/events",
		AllSites: own == nil, Sites: ownSites(sites, own)}
	if d.Scope != "" {
		q := "?" + url.Values{"site": {d.Scope}}.Encode()
		d.Self += q
		d.Events += q
	}
	for _, it := range items {
		row := workRow{Item: it, Touchpoint: tps[it.TouchpointID], Site: sites[it.SiteID], Overdue: it.Overdue(now),
			Reporters: p.P.Plural("manage.work.reporters", it.Reporters)}
		if it.PhotoID != 0 {
			what := it.Problem.Get(p.Lang)
			if row.Touchpoint != nil {
				what += ", " + row.Touchpoint.Name.Get(p.Lang)
			}
			row.PhotoAlt = p.P.T("manage.work.report_photo", what)
		}
		if row.Overdue {
			d.Overdue++
			row.Due = p.P.T("manage.work.overdue_by", minutes(p.P.Plural, now.Sub(it.DueAt)))
		} else {
			row.Due = p.P.T("manage.work.due_at", p.P.Time(p.In(it.DueAt)))
		}
		d.Rows = append(d.Rows, row)
	}
	p.Data = d
	s.render(w, http.StatusOK, "work", p)
	return nil
}

// newWorkHub makes the hub of the crew view's event streams, by scope.
func (s *Server) newWorkHub() *live.Hub[workScope] {
	return live.NewHub(live.Config[workScope]{
		Watch: func(sc workScope) live.StateFunc {
			return func(ctx context.Context) (live.State, error) {
				_, version, err := s.loadWork(ctx, sc)
				return live.State{Version: version}, err
			}
		},
		Changes:   changes(s, workScope.names),
		Lifetime:  s.LiveStream,
		Heartbeat: liveHeartbeat,
		Logger:    s.Logger,
	})
}

// workEvents streams the crew view's changes.
func (s *Server) workEvents(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.workScopeOf(r)
	if err != nil {
		return err
	}
	s.workHub.Serve(w, r, sc, nil)
	return nil
}

// workAck and workDone move a work item on and come back to the view; the
// note of done is the crew's word to the reporters.
func (s *Server) workAck(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.App.AcknowledgeWork(r.Context(), v.Org.ID, id, v.User.ID); err != nil {
		return err
	}
	return s.backToWork(w, r, id)
}

// workDone takes an optional photo of the work done (a multipart form);
// one refused shows the reason and changes nothing.
func (s *Server) workDone(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	photo, err := view.FormPhoto(r, "photo")
	if err != nil {
		return err
	}
	if photo != nil {
		defer photo.Close()
	}
	if _, err := s.App.FinishWork(r.Context(), v.Org.ID, id, v.User.ID, r.PostFormValue("note"), photo); err != nil {
		return err
	}
	return s.backToWork(w, r, id)
}

// backToWork returns to the view the form came from (only a path of the
// crew view is followed).
func (s *Server) backToWork(w http.ResponseWriter, r *http.Request, id int64) error {
	next := localPath(r.PostFormValue("next"))
	if next != "/app/work" && !strings.HasPrefix(next, "/app/work?") {
		next = "/app/work"
	}
	return s.seeOther(w, r, next+"#work-"+strconv.FormatInt(id, 10))
}
