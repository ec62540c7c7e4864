package manage

import (
	"context"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/web/view"
)

// The staff live view: the help requests customers raised, the requests
// they made with a step's buttons (due ones first), and the episodes going
// on, with the steps that run over their expected duration. It is a
// plain page with forms; a small script refreshes the lists when the event
// stream says something changed.

const (
	// liveWindow is how far back the view looks for open episodes: an
	// episode without feedback after that was simply left.
	liveWindow = 4 * time.Hour
	// liveLimit bounds each list; a screen shows no more anyway. Help and
	// customer requests come grouped per touchpoint and step, so a flood
	// at one table is one row and never pushes another table's off.
	liveLimit = 100
	// DefaultLivePoll is how often the live view checks the store for
	// changes. It polls, rather than listening to this instance, because
	// several instances may share one PostgreSQL.
	DefaultLivePoll = time.Second
	// DefaultLiveStream is how long one event stream stays open; the
	// browser then reconnects, so no connection lives for ever.
	DefaultLiveStream = 5 * time.Minute
	// liveHeartbeat keeps proxies from closing an idle stream.
	liveHeartbeat = 15 * time.Second
)

// liveScope is what one live view watches: an organization, and one of its
// sites or (SiteID 0) all of them.
type liveScope struct {
	OrgID, SiteID int64
}

// liveState is the store's view of a scope at one moment.
type liveState struct {
	Help     []*tandem.HelpGroup    // open or acknowledged, oldest unanswered first
	Requests []*tandem.RequestGroup // open or acknowledged, unanswered and due first
	Due      map[int64]bool         // the groups' first requests due at the state's moment
	Episodes []*liveEpisode         // running over first, then newest first
	Version  string                 // changes whenever what staff see changes
}

// liveEpisode is an open episode and where its customer is.
type liveEpisode struct {
	Episode   *tandem.Episode
	Blueprint *tandem.Blueprint
	Start     time.Time // the booking's time if later than the booking itself
	tandem.Progress
}

// loadLive reads a scope's open help requests and episodes at now. bps
// caches blueprint versions, which never change once published.
func (s *Server) loadLive(ctx context.Context, sc liveScope, now time.Time, bps map[int64]*tandem.Blueprint) (*liveState, error) {
	var site *int64
	if sc.SiteID != 0 {
		site = &sc.SiteID
	}
	help, err := s.App.Help.HelpGroups(ctx, tandem.HelpFilter{OrgID: sc.OrgID, SiteID: site, Limit: liveLimit})
	if err != nil {
		return nil, err
	}

	// Walk-ins started lately, and appointments whose time has come
	// (booked days ago, they started when they were made).
	from := now.Add(-liveWindow)
	walkIns, err := s.App.Episodes.ListEpisodes(ctx, tandem.EpisodeFilter{OrgID: sc.OrgID, SiteID: site,
		StartedAfter: &from, WithoutFeedback: true, Limit: liveLimit})
	if err != nil {
		return nil, err
	}
	booked, err := s.App.Episodes.ListEpisodes(ctx, tandem.EpisodeFilter{OrgID: sc.OrgID, SiteID: site,
		ScheduledFrom: &from, ScheduledTo: &now, WithoutFeedback: true, Limit: liveLimit})
	if err != nil {
		return nil, err
	}
	requests, err := s.App.Requests.RequestGroups(ctx, tandem.RequestFilter{OrgID: sc.OrgID, SiteID: site, Limit: liveLimit})
	if err != nil {
		return nil, err
	}
	st := &liveState{Help: help, Requests: requests, Due: map[int64]bool{}}
	for _, g := range requests {
		st.Due[g.First.ID] = g.First.Due(now)
	}
	seen := map[int64]bool{}
	for _, e := range append(walkIns, booked...) {
		if seen[e.ID] || e.ScheduledAt.After(now) { // not yet arrived
			continue
		}
		seen[e.ID] = true
		bp, err := cachedBlueprint(ctx, s.App.Services, sc.OrgID, e.BlueprintID, bps)
		if err != nil {
			return nil, err
		}
		st.Episodes = append(st.Episodes, progress(e, bp, now))
	}
	slices.SortStableFunc(st.Episodes, func(a, b *liveEpisode) int {
		if a.Over != b.Over {
			if a.Over {
				return -1
			}
			return 1
		}
		return b.Start.Compare(a.Start)
	})
	st.Version = st.version()
	return st, nil
}

// progress is where an episode's customer stands, as the domain says.
func progress(e *tandem.Episode, bp *tandem.Blueprint, now time.Time) *liveEpisode {
	return &liveEpisode{Episode: e, Blueprint: bp, Start: e.Begun(), Progress: e.Progress(bp, now)}
}

// version fingerprints what the live view shows, so the event stream can
// tell a change from none.
func (st *liveState) version() string {
	h := fnv.New64a()
	for _, g := range st.Help {
		fmt.Fprintf(h, "h%d:%s:%d:%d;", g.First.ID, g.First.Status, g.Open, g.Count)
	}
	for _, g := range st.Requests {
		fmt.Fprintf(h, "r%d:%s:%t:%d:%d;", g.First.ID, g.First.Status, st.Due[g.First.ID], g.Open, g.Count)
	}
	for _, e := range st.Episodes {
		cur := int64(0)
		if e.Current != nil {
			cur = e.Current.ID
		}
		fmt.Fprintf(h, "e%d:%d:%d:%t;", e.Episode.ID, len(e.Episode.Done), cur, e.Over)
	}
	return strconv.FormatUint(h.Sum64(), 36)
}

func cachedBlueprint(ctx context.Context, store tandem.ServiceStore, orgID, id int64, bps map[int64]*tandem.Blueprint) (*tandem.Blueprint, error) {
	if bp := bps[id]; bp != nil {
		return bp, nil
	}
	bp, err := store.FindBlueprint(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	if len(bps) > 1000 { // a long-lived poller's cache stays small
		clear(bps)
	}
	bps[id] = bp
	return bp, nil
}

// staff lets owners, managers and staff through; crews get 403.
func (s *Server) staff(h view.HandlerFunc) view.HandlerFunc {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request) error {
		if viewerFrom(r.Context()).User.Role == tandem.RoleCrew {
			return tandem.Errorf(tandem.EFORBIDDEN, "error.forbidden")
		}
		return h(w, r)
	})
}

// liveScopeOf reads ?site=: a site id, "all", or nothing for the staff
// member's own site (all sites for users not linked to one). Staff linked
// to sites may watch only those: "all" or another site is forbidden.
func (s *Server) liveScopeOf(r *http.Request) (liveScope, error) {
	ctx, v := r.Context(), viewerFrom(r.Context())
	sc := liveScope{OrgID: v.Org.ID}
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
		if len(own) > 0 {
			sc.SiteID = own[0]
		}
	default:
		id, err := s.siteParam(ctx, v.Org.ID, q, own)
		if err != nil {
			return sc, err
		}
		sc.SiteID = id
	}
	return sc, nil
}

// siteLimit returns the sites a viewer may look at, or nil when they may
// choose any: owners and managers, and users linked to no site.
func (s *Server) siteLimit(ctx context.Context, u *tandem.User) ([]int64, error) {
	if u.Role.CanManage() {
		return nil, nil
	}
	sites, err := s.App.WorkSites(ctx, u)
	if err != nil || len(sites) == 0 {
		return nil, err
	}
	return sites, nil
}

// siteParam reads a ?site= id: a site of the organization, and one of own
// unless own is nil.
func (s *Server) siteParam(ctx context.Context, orgID int64, q string, own []int64) (int64, error) {
	id, err := strconv.ParseInt(q, 10, 64)
	if err != nil || id <= 0 {
		return 0, tandem.NotFound("error.not_found")
	}
	if _, err := s.App.Sites.FindSite(ctx, orgID, id); err != nil {
		return 0, err
	}
	if own != nil && !slices.Contains(own, id) {
		return 0, tandem.Errorf(tandem.EFORBIDDEN, "error.other_site")
	}
	return id, nil
}

// ownSites keeps the sites a viewer may choose: all of them when own is nil.
func ownSites(sites map[int64]*tandem.Site, own []int64) []*tandem.Site {
	var out []*tandem.Site
	for _, id := range sortedKeys(sites) {
		if own == nil || slices.Contains(own, id) {
			out = append(out, sites[id])
		}
	}
	return out
}

type liveData struct {
	SiteID   int64          // 0: all sites
	AllSites bool           // the viewer may watch every site
	Sites    []*tandem.Site // the sites the viewer may watch
	Help     []liveHelpRow
	Requests []liveRequestRow
	// HelpCount and RequestCount are the requests the groups hold.
	HelpCount, RequestCount int
	Episodes                []liveEpisodeRow
	Version                 string
	Self                    string // this view's URL, to come back to after a form
	Events                  string // its event stream
	AsOf                    time.Time
}

// liveHelpRow is a group of help requests at one touchpoint and step, as
// staff see it: its first request (the oldest unanswered), which the
// buttons move on, and how many more wait there.
type liveHelpRow struct {
	Req        *tandem.HelpRequest
	Group      *tandem.HelpGroup
	Step       *tandem.Step
	Service    *tandem.Service
	Site       *tandem.Site
	Touchpoint *tandem.Touchpoint // where the customer is: the episode's touchpoint
	Ago        string
	Line       *liveGroupLine
}

// liveRequestRow is a customer request as staff see it: where (the table),
// what (the option's label), and when it is due.
type liveRequestRow struct {
	Req        *tandem.CustomerRequest // the group's first
	Group      *tandem.RequestGroup
	Step       *tandem.Step
	Label      tandem.Text // the option's; nil if the blueprint lost it
	Service    *tandem.Service
	Site       *tandem.Site
	Touchpoint *tandem.Touchpoint
	Ago        string
	Due        bool // due now: at the top, to be brought
	Line       *liveGroupLine
}

// liveGroupLine says, for a group of more than one request, how many wait
// at the touchpoint and since when; nil for a group of one.
type liveGroupLine struct {
	Waiting, Coming, First, Buttons string
}

// groupLine writes a group's line in the page's language: open requests
// unanswered and count in all, the first of them made at first.
func groupLine(p *page, open, count int, first time.Time) *liveGroupLine {
	if count < 2 {
		return nil
	}
	l := &liveGroupLine{Waiting: p.P.T("manage.live.group_waiting", open),
		First: p.P.T("manage.live.group_first", p.P.Time(p.In(first))), Buttons: p.P.T("manage.live.group_buttons")}
	if count > open {
		l.Coming = p.P.T("manage.live.group_coming", count-open)
	}
	return l
}

type liveEpisodeRow struct {
	*liveEpisode
	Service    *tandem.Service
	Site       *tandem.Site
	Touchpoint *tandem.Touchpoint
	Running    string // how long the episode has run
	OnStep     string // how long the current step has taken
}

// live shows the staff live view.
func (s *Server) live(w http.ResponseWriter, r *http.Request) error {
	ctx, v := r.Context(), viewerFrom(r.Context())
	sc, err := s.liveScopeOf(r)
	if err != nil {
		return err
	}
	now := s.now()
	bps := map[int64]*tandem.Blueprint{}
	st, err := s.loadLive(ctx, sc, now, bps)
	if err != nil {
		return err
	}
	services, sites, tps, err := s.orgNames(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "manage.live.title", "live")
	own, err := s.siteLimit(ctx, v.User)
	if err != nil {
		return err
	}
	d := liveData{SiteID: sc.SiteID, Version: st.Version, AsOf: now, AllSites: own == nil, Sites: ownSites(sites, own)}
	q := url.Values{}
	if site := r.URL.Query().Get("site"); site != "" {
		q.Set("site", site)
	}
	d.Self, d.Events = "/app/live", "/app/live/events"
	if len(q) > 0 {
		d.Self += "?" + q.Encode()
		d.Events += "?" + q.Encode()
	}
	episodes := map[int64]*liveEpisode{}
	for _, e := range st.Episodes {
		episodes[e.Episode.ID] = e
		d.Episodes = append(d.Episodes, liveEpisodeRow{liveEpisode: e,
			Service: services[e.Episode.ServiceID], Site: sites[e.Episode.SiteID], Touchpoint: tps[e.Episode.TouchpointID],
			Running: minutes(p.P.Plural, now.Sub(e.Start)), OnStep: minutes(p.P.Plural, now.Sub(e.Since))})
	}
	for _, g := range st.Help {
		h := g.First
		row := liveHelpRow{Req: h, Group: g, Service: services[h.ServiceID], Site: sites[h.SiteID], Touchpoint: tps[g.TouchpointID],
			Ago: minutes(p.P.Plural, now.Sub(h.CreatedAt)), Line: groupLine(p, g.Open, g.Count, h.CreatedAt)}
		if _, bp, err := s.helpEpisode(ctx, h, episodes, bps); err == nil {
			row.Step = bp.Step(h.StepID)
		} else if tandem.ErrorCode(err) != tandem.ENOTFOUND {
			return err
		}
		d.Help = append(d.Help, row)
		d.HelpCount += g.Count
	}
	for _, g := range st.Requests {
		rq := g.First
		d.RequestCount += g.Count
		row := liveRequestRow{Req: rq, Group: g, Service: services[rq.ServiceID], Site: sites[rq.SiteID], Touchpoint: tps[rq.TouchpointID],
			Ago: minutes(p.P.Plural, now.Sub(rq.CreatedAt)), Due: st.Due[rq.ID], Line: groupLine(p, g.Open, g.Count, rq.CreatedAt)}
		if bp, err := s.episodeBlueprint(ctx, rq.OrgID, rq.EpisodeID, episodes, bps); err == nil {
			if row.Step = bp.Step(rq.StepID); row.Step != nil {
				if o := row.Step.Request(rq.OptionKey); o != nil {
					row.Label = o.Label
				}
			}
		} else if tandem.ErrorCode(err) != tandem.ENOTFOUND {
			return err
		}
		d.Requests = append(d.Requests, row)
	}
	p.Data = d
	s.render(w, http.StatusOK, "live", p)
	return nil
}

// helpEpisode is a help request's episode, which says at which touchpoint
// the customer is, and its blueprint version, which names the step.
func (s *Server) helpEpisode(ctx context.Context, h *tandem.HelpRequest, open map[int64]*liveEpisode, bps map[int64]*tandem.Blueprint) (*tandem.Episode, *tandem.Blueprint, error) {
	return s.openEpisode(ctx, h.OrgID, h.EpisodeID, open, bps)
}

// episodeBlueprint is the blueprint version of an episode, which names a
// request's step and option.
func (s *Server) episodeBlueprint(ctx context.Context, orgID, episodeID int64, open map[int64]*liveEpisode, bps map[int64]*tandem.Blueprint) (*tandem.Blueprint, error) {
	_, bp, err := s.openEpisode(ctx, orgID, episodeID, open, bps)
	return bp, err
}

// openEpisode is an episode, from the open ones the view shows when it is
// one of them, with its blueprint version.
func (s *Server) openEpisode(ctx context.Context, orgID, episodeID int64, open map[int64]*liveEpisode, bps map[int64]*tandem.Blueprint) (*tandem.Episode, *tandem.Blueprint, error) {
	if e := open[episodeID]; e != nil {
		return e.Episode, e.Blueprint, nil
	}
	e, err := s.App.Episodes.FindEpisode(ctx, orgID, episodeID)
	if err != nil {
		return nil, nil, err
	}
	bp, err := cachedBlueprint(ctx, s.App.Services, orgID, e.BlueprintID, bps)
	return e, bp, err
}

// orgNames loads what the live and appointment pages name things by.
func (s *Server) orgNames(ctx context.Context, orgID int64) (map[int64]*tandem.Service, map[int64]*tandem.Site, map[int64]*tandem.Touchpoint, error) {
	services, err := s.App.Services.ListServices(ctx, orgID)
	if err != nil {
		return nil, nil, nil, err
	}
	sites, err := s.App.Sites.ListSites(ctx, orgID)
	if err != nil {
		return nil, nil, nil, err
	}
	tps, err := s.App.Touchpoints.ListTouchpoints(ctx, orgID)
	if err != nil {
		return nil, nil, nil, err
	}
	return byID(services, func(x *tandem.Service) int64 { return x.ID }),
		byID(sites, func(x *tandem.Site) int64 { return x.ID }),
		byID(tps, func(x *tandem.Touchpoint) int64 { return x.ID }), nil
}

func byID[T any](list []T, id func(T) int64) map[int64]T {
	m := make(map[int64]T, len(list))
	for _, x := range list {
		m[id(x)] = x
	}
	return m
}

func sortedKeys[T any](m map[int64]T) []int64 {
	keys := make([]int64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// minutes says a duration in whole minutes, in the page's language.
func minutes(plural func(string, int) string, d time.Duration) string {
	return plural("manage.live.minutes", max(0, int(d/time.Minute)))
}

// helpAck and helpDone move a help request on and come back to the view.
func (s *Server) helpAck(w http.ResponseWriter, r *http.Request) error {
	return s.moveHelp(w, r, s.App.AcknowledgeHelp)
}

func (s *Server) helpDone(w http.ResponseWriter, r *http.Request) error {
	return s.moveHelp(w, r, s.App.CloseHelp)
}

func (s *Server) moveHelp(w http.ResponseWriter, r *http.Request, move func(ctx context.Context, orgID, id, userID int64) (*tandem.HelpRequest, error)) error {
	v := viewerFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := move(r.Context(), v.Org.ID, id, v.User.ID); err != nil {
		return err
	}
	s.backToLive(w, r)
	return nil
}

// requestAck and requestDone move a customer request on and come back to
// the view.
func (s *Server) requestAck(w http.ResponseWriter, r *http.Request) error {
	return s.moveRequest(w, r, s.App.AcknowledgeRequest)
}

func (s *Server) requestDone(w http.ResponseWriter, r *http.Request) error {
	return s.moveRequest(w, r, s.App.CloseRequest)
}

func (s *Server) moveRequest(w http.ResponseWriter, r *http.Request, move func(ctx context.Context, orgID, id, userID int64) (*tandem.CustomerRequest, error)) error {
	v := viewerFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := move(r.Context(), v.Org.ID, id, v.User.ID); err != nil {
		return err
	}
	s.backToLive(w, r)
	return nil
}

// advanceStep marks an episode's step done on the customer's behalf: staff
// saw it happen (the guest has sat down, the tray is taken).
func (s *Server) advanceStep(w http.ResponseWriter, r *http.Request) error {
	ctx, v := r.Context(), viewerFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	stepID, err := pathID(r, "stepID")
	if err != nil {
		return err
	}
	e, err := s.App.Episodes.FindEpisode(ctx, v.Org.ID, id)
	if err != nil {
		return err
	}
	if _, _, err := s.App.MarkStep(ctx, e, app.StepRef{ID: stepID}, tandem.ByStaff); err != nil {
		return err
	}
	s.backToLive(w, r)
	return nil
}

// backToLive answers a form with the live view it came from.
func (s *Server) backToLive(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.PostFormValue("next"))
	if next != "/app/live" && !strings.HasPrefix(next, "/app/live?") {
		next = "/app/live"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}
