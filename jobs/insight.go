package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/riverqueue/river"
	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/insight"
	"github.com/tandemhq/tandem/notify"
)

// The insight jobs tell managers how things go without their asking: an
// alert when an aspect's negatives at a site are far above its usual level
// for that hour of the week (checked every hour), and a weekly report by
// email on Monday mornings. Both only write pushes and emails as jobs of
// their own, which the push and mail workers send, each email subject to
// its recipient's choice on their profile. What went out is stored
// (tandem.InsightJobStore) before the messages are queued, so that a job
// run twice, a restart or a second instance never sends them twice; a
// failure between the two loses that one alert or report rather than
// doubling it.

// alertsArgs is the check of the hour that ends at Hour.
type alertsArgs struct {
	Hour string `json:"hour"` // RFC 3339, a whole hour (UTC)
}

func (alertsArgs) Kind() string { return "insight_alerts" }

// weeklyArgs is the weekly reports' check at Hour: organizations where it
// is Monday morning get theirs.
type weeklyArgs struct {
	Hour string `json:"hour"`
}

func (weeklyArgs) Kind() string { return "weekly_reports" }

// Hourly is two minutes past every hour, when the alerts and the weekly
// reports are checked: the last full hour's feedback is in by then.
var Hourly river.PeriodicSchedule = hourly{}

type hourly struct{}

func (hourly) Next(t time.Time) time.Time {
	next := t.Truncate(time.Hour).Add(2 * time.Minute)
	if !next.After(t) {
		next = next.Add(time.Hour)
	}
	return next
}

// WeeklyHour is the local hour on Monday from which an organization's
// weekly reports go out; the checks later that Monday send what an earlier
// one could not (the server was down at 07:00).
const WeeklyHour = 7

func (k *Notifications) now() time.Time {
	if k.Now != nil {
		return k.Now()
	}
	return time.Now()
}

// insightJobs schedules the hourly checks, also at every start.
func (k *Notifications) insightJobs() []*river.PeriodicJob {
	if k.Insight == nil || (k.Pusher == nil && k.Mailer == nil) {
		return nil
	}
	hour := func() string { return k.now().UTC().Truncate(time.Hour).Format(time.RFC3339) }
	unique := &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
	out := []*river.PeriodicJob{river.NewPeriodicJob(Hourly, func() (river.JobArgs, *river.InsertOpts) {
		return alertsArgs{Hour: hour()}, unique
	}, &river.PeriodicJobOpts{ID: "insight_alerts", RunOnStart: true})}
	if k.Mailer != nil {
		out = append(out, river.NewPeriodicJob(Hourly, func() (river.JobArgs, *river.InsertOpts) {
			return weeklyArgs{Hour: hour()}, unique
		}, &river.PeriodicJobOpts{ID: "weekly_reports", RunOnStart: true}))
	}
	return out
}

func (k *Notifications) alerts(ctx context.Context, job *river.Job[alertsArgs]) error {
	end, err := time.Parse(time.RFC3339, job.Args.Hour)
	if err != nil {
		return Outcome(fmt.Errorf("%w: %v", ErrPermanent, err))
	}
	// What was found and claimed is queued even when some organization
	// failed; the retry checks that one again.
	msgs, err := k.Alerts(ctx, end)
	if len(msgs) > 0 {
		if _, ierr := river.ClientFromContext[*sql.Tx](ctx).InsertMany(ctx, msgs); ierr != nil {
			return ierr
		}
	}
	return err
}

func (k *Notifications) weekly(ctx context.Context, job *river.Job[weeklyArgs]) error {
	at, err := time.Parse(time.RFC3339, job.Args.Hour)
	if err != nil {
		return Outcome(fmt.Errorf("%w: %v", ErrPermanent, err))
	}
	msgs, release, err := k.WeeklyReports(ctx, at)
	if len(msgs) > 0 {
		if _, ierr := river.ClientFromContext[*sql.Tx](ctx).InsertMany(ctx, msgs); ierr != nil {
			release()
			return ierr
		}
	}
	return err
}

// spikeKey is an aspect of a service at a site.
type spikeKey struct {
	site, service int64
	aspect        string
}

// Alerts checks the hour that ends at end (truncated to the hour) in every
// organization and returns the pushes and emails of the spikes found
// (insight.Spike), each spike claimed so that it is not told again within
// tandem.AlertQuiet. An organization without negatives in the hour costs
// one indexed query; only one with at least insight.AlertMinNegatives on
// some aspect reads the eight earlier weeks' same hour. An organization
// that fails does not hold up the others: what was claimed is returned
// with the error.
func (k *Notifications) Alerts(ctx context.Context, end time.Time) ([]river.InsertManyParams, error) {
	end = end.Truncate(time.Hour)
	orgs, err := k.Insight.OrgIDs(ctx)
	if err != nil {
		return nil, err
	}
	var out []river.InsertManyParams
	var errs []error
	for _, orgID := range orgs {
		msgs, err := k.orgAlerts(ctx, orgID, end)
		out = append(out, msgs...)
		if err != nil && tandem.ErrorCode(err) != tandem.ENOTFOUND { // not deleted meanwhile
			errs = append(errs, fmt.Errorf("alerts of organization %d: %w", orgID, err))
		}
	}
	return out, errors.Join(errs...)
}

func (k *Notifications) orgAlerts(ctx context.Context, orgID int64, end time.Time) ([]river.InsertManyParams, error) {
	org, err := k.App.Orgs.FindOrg(ctx, orgID)
	if err != nil {
		return nil, err
	}
	windows := insight.AlertWindows(end, org.Location())
	now, err := k.Insight.AspectNegatives(ctx, orgID, windows[0].From, windows[0].To)
	if err != nil {
		return nil, err
	}
	counts := map[spikeKey]int{}
	causes := map[spikeKey]map[tandem.Party]int{}
	for _, n := range now {
		key := spikeKey{n.SiteID, n.ServiceID, n.AspectKey}
		counts[key] += n.Count
		if causes[key] == nil {
			causes[key] = map[tandem.Party]int{}
		}
		causes[key][n.Cause] += n.Count
	}
	var keys []spikeKey
	for key, n := range counts {
		if n >= insight.AlertMinNegatives {
			keys = append(keys, key)
		}
	}
	if len(keys) == 0 {
		return nil, nil
	}
	slices.SortFunc(keys, func(a, b spikeKey) int {
		if a.site != b.site {
			return int(a.site - b.site)
		}
		if a.service != b.service {
			return int(a.service - b.service)
		}
		if a.aspect < b.aspect {
			return -1
		}
		return 1
	})
	usual := map[spikeKey][]int{}
	for _, w := range windows[1:] {
		before, err := k.Insight.AspectNegatives(ctx, orgID, w.From, w.To)
		if err != nil {
			return nil, err
		}
		week := map[spikeKey]int{}
		for _, n := range before {
			week[spikeKey{n.SiteID, n.ServiceID, n.AspectKey}] += n.Count
		}
		for _, key := range keys {
			usual[key] = append(usual[key], week[key])
		}
	}
	var out []river.InsertManyParams
	for _, key := range keys {
		mean, _, spike := insight.Spike(counts[key], usual[key])
		if !spike {
			continue
		}
		ok, err := k.Insight.ClaimAlert(ctx, tandem.AlertKey{OrgID: orgID, SiteID: key.site, ServiceID: key.service, AspectKey: key.aspect},
			end, tandem.AlertQuiet)
		if err != nil {
			return out, err
		}
		if !ok {
			continue
		}
		msgs, err := k.alert(ctx, org, key, counts[key], mean, mainCause(causes[key]), windows[0])
		if tandem.ErrorCode(err) == tandem.ENOTFOUND {
			continue
		}
		if err != nil {
			return out, err
		}
		out = append(out, msgs...)
	}
	return out, nil
}

// mainCause is the cause most negatives were blamed on; a tie goes to the
// party first in tandem.Parties.
func mainCause(by map[tandem.Party]int) tandem.Party {
	best := tandem.PartyProvider
	for _, p := range tandem.Parties {
		if by[p] > by[best] {
			best = p
		}
	}
	return best
}

// alert writes the push and the email of one spike to each of the site's
// managers (as Notifications.managers finds them), in their language.
func (k *Notifications) alert(ctx context.Context, org *tandem.Organization, key spikeKey, count int, usual float64,
	cause tandem.Party, hour insight.Window) ([]river.InsertManyParams, error) {
	site, err := k.App.Sites.FindSite(ctx, org.ID, key.site)
	if err != nil {
		return nil, err
	}
	bp, err := k.App.Services.CurrentBlueprint(ctx, org.ID, key.service)
	if err != nil {
		return nil, err
	}
	var aspect tandem.Text
	if a := bp.AspectByKey(key.aspect); a != nil {
		aspect = a.Name
	}
	managers, err := k.managers(ctx, org.ID, key.site)
	if err != nil {
		return nil, err
	}
	loc := site.Location(org.Location())
	day := hour.From.In(loc).Format(insight.DateLayout)
	path := "/app/services/" + strconv.FormatInt(key.service, 10) + "/insight?" + url.Values{
		"from": {day}, "to": {day}, "site_id": {strconv.FormatInt(key.site, 10)}}.Encode()
	var out []river.InsertManyParams
	for _, u := range managers {
		p := k.Catalog.Printer(u.Lang)
		name := aspect.Get(p.Lang)
		if name == "" {
			name = key.aspect
		}
		in := notify.AlertInput{To: u.Email, Name: u.Name, Org: org.Name, Site: site.Name.Get(p.Lang), Aspect: name,
			Count: count, Usual: usual, From: hour.From.In(loc), Until: hour.To.In(loc), MainCause: cause,
			URL: k.link(path), ProfileURL: k.link("/app/profile")}
		if k.Pusher != nil {
			out = append(out, river.InsertManyParams{Args: pushArgs{OrgID: org.ID, UserID: u.ID, Push: notify.Payload{
				Title: notify.AlertTitle(p, in), Body: notify.AlertText(p, in), URL: path,
				Tag: fmt.Sprintf("alert-%d-%d-%s", key.site, key.service, key.aspect)}}})
		}
		if k.Mailer != nil && u.Email != "" {
			out = append(out, river.InsertManyParams{Args: mailArgs{OrgID: org.ID, UserID: u.ID, About: tandem.MailAlert,
				Mail: notify.AlertMail(p, in)}})
		}
	}
	return out, nil
}

// WeeklyReports returns the weekly report emails due at at: in each
// organization where it is Monday, WeeklyHour or later, every active
// manager and owner who wants the report gets last week's, once (the
// claim is stored before the email is returned). release forgets the
// claims, for a caller that could not queue the emails. An organization
// that fails does not hold up the others: their reports are returned with
// the error, and the retry sends the failed one's.
//
// The figures are the organization's as a whole, read through the insight
// read path (InsightData) for last week and the week before.
func (k *Notifications) WeeklyReports(ctx context.Context, at time.Time) (msgs []river.InsertManyParams, release func(), err error) {
	type claim struct {
		org, user int64
		week      time.Time
	}
	var claims []claim
	release = func() {
		for _, c := range claims {
			k.Insight.ReleaseWeeklyReport(context.WithoutCancel(ctx), c.org, c.user, c.week)
		}
	}
	orgs, err := k.Insight.OrgIDs(ctx)
	if err != nil {
		return nil, release, err
	}
	var errs []error
	for _, orgID := range orgs {
		err := k.orgWeekly(ctx, orgID, at, func(userID int64, week time.Time, m river.InsertManyParams) {
			claims = append(claims, claim{orgID, userID, week})
			msgs = append(msgs, m)
		})
		if err != nil && tandem.ErrorCode(err) != tandem.ENOTFOUND {
			errs = append(errs, fmt.Errorf("weekly reports of organization %d: %w", orgID, err))
		}
	}
	return msgs, release, errors.Join(errs...)
}

// orgWeekly claims and writes an organization's weekly reports due at at,
// handing each to add as soon as it is claimed.
func (k *Notifications) orgWeekly(ctx context.Context, orgID int64, at time.Time, add func(userID int64, week time.Time, m river.InsertManyParams)) error {
	org, err := k.App.Orgs.FindOrg(ctx, orgID)
	if err != nil {
		return err
	}
	loc := org.Location()
	local := at.In(loc)
	if local.Weekday() != time.Monday || local.Hour() < WeeklyHour {
		return nil
	}
	week := insight.Period{From: time.Date(local.Year(), local.Month(), local.Day()-7, 0, 0, 0, 0, time.UTC)}
	week.To = week.From.AddDate(0, 0, 7)
	users, err := k.App.Users.ListUsers(ctx, orgID)
	if err != nil {
		return err
	}
	staff, err := k.App.Sites.ListStaff(ctx, orgID, 0)
	if err != nil {
		return err
	}
	reports := map[int64]*weekReport{} // by site, 0 for the whole organization
	for _, u := range users {
		if !u.Active() || !u.Role.CanManage() || u.Email == "" {
			continue
		}
		ok, err := k.App.WantsMail(ctx, orgID, u.ID, tandem.MailWeekly)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		site := weeklySite(staff, u)
		rep := reports[site]
		if rep == nil {
			if rep, err = k.weekReport(ctx, org, week, site); err != nil {
				return err
			}
			reports[site] = rep
		}
		ok, err = k.Insight.ClaimWeeklyReport(ctx, orgID, u.ID, week.From, at)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		p := k.Catalog.Printer(u.Lang)
		add(u.ID, week.From, river.InsertManyParams{Args: mailArgs{OrgID: orgID, UserID: u.ID, About: tandem.MailWeekly,
			Mail: notify.WeeklyMail(p, rep.input(p, u))}})
	}
	return nil
}

// weeklySite is the site whose week u reads: a manager linked to one site
// through a staff member reads that site's; owners, and managers of
// several sites or none, the whole organization's (0).
func weeklySite(staff []*tandem.StaffMember, u *tandem.User) int64 {
	var sites []int64
	for _, m := range staff {
		if m.UserID == u.ID && !slices.Contains(sites, m.SiteID) {
			sites = append(sites, m.SiteID)
		}
	}
	if u.Role == tandem.RoleOwner || len(sites) != 1 {
		return 0
	}
	return sites[0]
}

// weekReport is an organization's week and the week before, as insight
// builds them.
type weekReport struct {
	org        *tandem.Organization
	week       insight.Period
	this, prev *insight.Report
	services   []*tandem.Service
	link       func(string) string
	siteID     int64       // 0 for the whole organization
	site       tandem.Text // the site's name
}

func (k *Notifications) weekReport(ctx context.Context, org *tandem.Organization, week insight.Period, siteID int64) (*weekReport, error) {
	prev := insight.Period{From: week.From.AddDate(0, 0, -7), To: week.From}
	r := &weekReport{org: org, week: week, link: k.link, siteID: siteID}
	if siteID != 0 {
		site, err := k.App.Sites.FindSite(ctx, org.ID, siteID)
		if err != nil {
			return nil, err
		}
		r.site = site.Name
	}
	for _, p := range []struct {
		period insight.Period
		into   **insight.Report
	}{{week, &r.this}, {prev, &r.prev}} {
		q := tandem.InsightQuery{OrgID: org.ID, Location: org.Location(), SiteID: siteID}
		q.From, q.To = p.period.Bounds(q.Location)
		data, err := k.App.Insight.InsightData(ctx, q)
		if err != nil {
			return nil, err
		}
		*p.into = insight.Build(data, p.period.From, p.period.To)
	}
	services, err := k.App.Services.ListServices(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	r.services = services
	return r, nil
}

// maxWeeklyLinks bounds the services whose insight a report links to.
const maxWeeklyLinks = 10

// MinWeeklyJudgements is how many judgements an aspect needs in a week to
// be named among the worst: one negative out of one is no finding.
const MinWeeklyJudgements = 10

func (r *weekReport) input(p *i18n.Printer, u *tandem.User) notify.WeeklyInput {
	org := r.org.Name
	if r.siteID != 0 {
		org += " · " + r.site.Get(p.Lang)
	}
	in := notify.WeeklyInput{To: u.Email, Name: u.Name, Org: org, First: r.week.From, Last: r.week.Last(),
		This: figures(r.this), Prev: figures(r.prev), ProfileURL: r.link("/app/profile")}
	prev := map[string]insight.Aspect{}
	for _, a := range r.prev.Aspects {
		prev[a.Key] = a
	}
	for _, a := range r.this.Aspects { // worst share first
		if a.Negative == 0 || len(in.Aspects) == notify.MaxWeeklyAspects {
			break
		}
		if a.Positive+a.Negative < MinWeeklyJudgements {
			continue
		}
		name := a.Name.Get(p.Lang)
		if name == "" {
			name = a.Key
		}
		wa := notify.WeeklyAspect{Name: name, Share: a.NegativeShare, MainCause: a.MainCause}
		if b, ok := prev[a.Key]; ok && b.Positive+b.Negative > 0 {
			wa.Before, wa.BeforeOK = b.NegativeShare, true
		}
		in.Aspects = append(in.Aspects, wa)
	}
	if base := r.link(""); base != "" {
		v := url.Values{"from": {r.week.From.Format(insight.DateLayout)}, "to": {r.week.Last().Format(insight.DateLayout)}}
		if r.siteID != 0 {
			v.Set("site_id", strconv.FormatInt(r.siteID, 10))
		}
		q := v.Encode()
		for i, s := range r.services {
			if i == maxWeeklyLinks {
				break
			}
			in.Links = append(in.Links, notify.Link{Label: s.Name.Get(p.Lang),
				URL: r.link("/app/services/" + strconv.FormatInt(s.ID, 10) + "/insight?" + q)})
		}
	}
	return in
}

func figures(r *insight.Report) notify.WeekFigures {
	f := notify.WeekFigures{Responses: r.Responses, Average: r.AvgOverall, Help: r.Readiness.Help.Total}
	if all := r.Readiness.Overall.All; all.Known() {
		f.Readiness, f.ReadinessKnown = all.Index, true
	}
	for _, p := range r.Praise {
		f.Praise += p.Count
	}
	return f
}

// PreviewWeekly builds the weekly report that u would get for the week
// starting on first (a date, as midnight UTC), without sending or
// recording it: `tandem report weekly` prints it.
func (k *Notifications) PreviewWeekly(ctx context.Context, org *tandem.Organization, u *tandem.User, first time.Time) (notify.Mail, error) {
	week := insight.Period{From: first, To: first.AddDate(0, 0, 7)}
	staff, err := k.App.Sites.ListStaff(ctx, org.ID, 0)
	if err != nil {
		return notify.Mail{}, err
	}
	rep, err := k.weekReport(ctx, org, week, weeklySite(staff, u))
	if err != nil {
		return notify.Mail{}, err
	}
	p := k.Catalog.Printer(u.Lang)
	return notify.WeeklyMail(p, rep.input(p, u)), nil
}
