package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/notify"
)

// pushArgs is one notification to one user's phones.
type pushArgs struct {
	OrgID  int64          `json:"org_id"`
	UserID int64          `json:"user_id"`
	Push   notify.Payload `json:"push"`
}

func (pushArgs) Kind() string { return "push" }

// mailArgs is one email. UserID is the recipient's account, 0 for someone
// without one (a reporter who left an address).
type mailArgs struct {
	OrgID  int64           `json:"org_id"`
	UserID int64           `json:"user_id,omitempty"`
	About  tandem.MailKind `json:"about"`
	Mail   notify.Mail     `json:"mail"`
}

func (mailArgs) Kind() string { return "mail" }

// Notifications tells people what happened, on their phones and by email:
// the staff of a site of a help request or a customer's request (when it is
// due), a praised person of the praise, a site's crew of new work, the
// site's managers of work left overdue (a timer at its due time), and the
// reporters who asked to be told that what they reported is fixed. Each
// message to each person is a job of its own, written in their language
// when the event is relayed.
type Notifications struct {
	App     *app.App
	Catalog *i18n.Catalog
	Pusher  *notify.Pusher // nil: no push
	Mailer  *notify.Mailer // nil: no email
	// Digest finds the week's praised staff; nil sends no weekly digest.
	Digest tandem.PraiseDigestStore
	// Insight keeps what the hourly alerts and the weekly reports read
	// and remember (insight.go); nil sends neither.
	Insight tandem.InsightJobStore
	// Now tells the time of the scheduled checks; nil means time.Now.
	Now func() time.Time
	// PublicURL makes the links in emails absolute; pushes open paths on
	// the site that sent them.
	PublicURL string
	Logger    *slog.Logger
}

// Route writes the messages an event calls for.
func (k *Notifications) Route(ctx context.Context, events []*tandem.Event) ([]river.InsertManyParams, error) {
	var out []river.InsertManyParams
	for _, e := range events {
		var p []river.InsertManyParams
		var err error
		switch e.Kind {
		case tandem.EventHelpRequested:
			p, err = k.help(ctx, e)
		case tandem.EventCustomerRequested:
			p, err = k.request(ctx, e)
		case tandem.EventPraiseGiven:
			p, err = k.praise(ctx, e)
		case tandem.EventWorkItemUpdated:
			p, err = k.workItem(ctx, e)
		}
		if tandem.ErrorCode(err) == tandem.ENOTFOUND {
			continue // deleted since: nobody to tell about it
		}
		if err != nil {
			return nil, fmt.Errorf("notifications for event %d: %w", e.ID, err)
		}
		out = append(out, p...)
	}
	return out, nil
}

// Register adds the push and mail workers.
func (k *Notifications) Register(w *river.Workers) {
	river.AddWorker(w, river.WorkFunc(k.push))
	river.AddWorker(w, river.WorkFunc(k.mail))
	river.AddWorker(w, river.WorkFunc(k.escalate))
	river.AddWorker(w, river.WorkFunc(k.digest))
	river.AddWorker(w, river.WorkFunc(k.alerts))
	river.AddWorker(w, river.WorkFunc(k.weekly))
}

// help tells the site's staff that a customer asks for help.
func (k *Notifications) help(ctx context.Context, e *tandem.Event) ([]river.InsertManyParams, error) {
	h, err := k.App.Help.FindHelp(ctx, e.OrgID, e.SubjectID)
	if err != nil {
		return nil, err
	}
	ep, err := k.App.Episodes.FindEpisode(ctx, e.OrgID, h.EpisodeID)
	if err != nil {
		return nil, err
	}
	place, err := k.placeName(ctx, e.OrgID, ep.TouchpointID)
	if err != nil {
		return nil, err
	}
	return k.toStaff(ctx, e.OrgID, h.SiteID, func(p *i18n.Printer) notify.Payload {
		return notify.Payload{Title: p.T("jobs.push.help_title"), Body: p.T("jobs.push.help_body", place.Get(p.Lang)),
			URL: "/app/live", Tag: "help-" + strconv.FormatInt(h.ID, 10)}
	}, nil)
}

// request tells the site's staff what a customer asks for, when they want
// it: "Coffee in 20 minutes" reaches the phones in 20 minutes.
func (k *Notifications) request(ctx context.Context, e *tandem.Event) ([]river.InsertManyParams, error) {
	r, err := k.App.Requests.FindRequest(ctx, e.OrgID, e.SubjectID)
	if err != nil {
		return nil, err
	}
	ep, err := k.App.Episodes.FindEpisode(ctx, e.OrgID, r.EpisodeID)
	if err != nil {
		return nil, err
	}
	bp, err := k.App.Blueprint(ctx, e.OrgID, ep.BlueprintID)
	if err != nil {
		return nil, err
	}
	var label tandem.Text
	if st := bp.Step(r.StepID); st != nil {
		if o := st.Request(r.OptionKey); o != nil {
			label = o.Label
		}
	}
	place, err := k.placeName(ctx, e.OrgID, r.TouchpointID)
	if err != nil {
		return nil, err
	}
	opts := &river.InsertOpts{}
	if r.DueAt.After(r.CreatedAt) {
		opts.ScheduledAt = r.DueAt
	}
	return k.toStaff(ctx, e.OrgID, r.SiteID, func(p *i18n.Printer) notify.Payload {
		return notify.Payload{Title: place.Get(p.Lang), Body: label.Get(p.Lang),
			URL: "/app/live", Tag: "request-" + strconv.FormatInt(r.ID, 10)}
	}, opts)
}

// praise tells a praised person, if they have an account, what the
// customer wrote.
func (k *Notifications) praise(ctx context.Context, e *tandem.Event) ([]river.InsertManyParams, error) {
	if k.Pusher == nil {
		return nil, nil
	}
	f, err := k.App.Feedback.FindFeedback(ctx, e.OrgID, e.SubjectID)
	if err != nil {
		return nil, err
	}
	if f.PraiseStaffID == 0 {
		return nil, nil
	}
	m, err := k.App.Sites.FindStaff(ctx, e.OrgID, f.PraiseStaffID)
	if err != nil || m.UserID == 0 {
		return nil, err
	}
	u, err := k.App.Users.FindUser(ctx, e.OrgID, m.UserID)
	if err != nil || !u.Active() {
		return nil, err
	}
	p := k.Catalog.Printer(u.Lang)
	body := strings.TrimSpace(f.Praise)
	if body == "" {
		body = p.T("jobs.push.praise_body")
	}
	return []river.InsertManyParams{{Args: pushArgs{OrgID: e.OrgID, UserID: u.ID, Push: notify.Payload{
		Title: p.T("jobs.push.praise_title"), Body: body, URL: "/app/praise",
		Tag: "praise-" + strconv.FormatInt(f.ID, 10)}}}}, nil
}

// toStaff writes a push to each active user linked to a staff member of the
// site, in their language.
func (k *Notifications) toStaff(ctx context.Context, orgID, siteID int64, msg func(*i18n.Printer) notify.Payload, opts *river.InsertOpts) ([]river.InsertManyParams, error) {
	if k.Pusher == nil {
		return nil, nil
	}
	users, err := k.siteUsers(ctx, orgID, siteID, func(r tandem.Role) bool { return r != tandem.RoleCrew })
	if err != nil {
		return nil, err
	}
	var out []river.InsertManyParams
	for _, u := range users {
		out = append(out, river.InsertManyParams{
			Args:       pushArgs{OrgID: orgID, UserID: u.ID, Push: msg(k.Catalog.Printer(u.Lang))},
			InsertOpts: opts,
		})
	}
	return out, nil
}

// siteUsers lists the active users linked to a staff member of the site
// whose role passes keep.
func (k *Notifications) siteUsers(ctx context.Context, orgID, siteID int64, keep func(tandem.Role) bool) ([]*tandem.User, error) {
	staff, err := k.App.Sites.ListStaff(ctx, orgID, siteID)
	if err != nil {
		return nil, err
	}
	linked := map[int64]bool{}
	for _, m := range staff {
		if m.UserID != 0 {
			linked[m.UserID] = true
		}
	}
	if len(linked) == 0 {
		return nil, nil
	}
	all, err := k.App.Users.ListUsers(ctx, orgID)
	if err != nil {
		return nil, err
	}
	var out []*tandem.User
	for _, u := range all {
		if linked[u.ID] && u.Active() && keep(u.Role) {
			out = append(out, u)
		}
	}
	return out, nil
}

// placeName is a touchpoint's name, "" when there is none.
func (k *Notifications) placeName(ctx context.Context, orgID, touchpointID int64) (tandem.Text, error) {
	if touchpointID == 0 {
		return nil, nil
	}
	tp, err := k.App.Touchpoints.FindTouchpoint(ctx, orgID, touchpointID)
	if err != nil {
		return nil, err
	}
	return tp.Name, nil
}

// push sends one notification to every phone of a user. A phone whose
// push service failed for now makes the whole job retry: the phones that
// got it show the repeat in place of the first, by its tag.
func (k *Notifications) push(ctx context.Context, job *river.Job[pushArgs]) error {
	if k.Pusher == nil {
		return nil
	}
	subs, err := k.App.Notify.ListPushSubscriptions(ctx, job.Args.OrgID, job.Args.UserID)
	if err != nil {
		return err
	}
	var retry error
	for _, s := range subs {
		err := k.Pusher.Send(ctx, s, job.Args.Push)
		switch {
		case err == nil, errors.Is(err, notify.ErrGone):
		case notify.Retryable(err):
			retry = err
		case k.Logger != nil:
			k.Logger.Warn("push refused", "user", job.Args.UserID, "subscription", s.ID, "err", err)
		}
	}
	return retry
}

// mail sends one email, unless its recipient has turned that kind off.
func (k *Notifications) mail(ctx context.Context, job *river.Job[mailArgs]) error {
	if k.Mailer == nil {
		return nil
	}
	if job.Args.UserID != 0 {
		ok, err := k.App.WantsMail(ctx, job.Args.OrgID, job.Args.UserID, job.Args.About)
		if err != nil || !ok {
			return err
		}
	}
	err := k.Mailer.Send(ctx, job.Args.Mail)
	if err != nil && !notify.Retryable(err) {
		return Outcome(fmt.Errorf("%w: %v", ErrPermanent, err))
	}
	return err
}

// escalateArgs is the timer of a work item's due time.
type escalateArgs struct {
	OrgID    int64 `json:"org_id"`
	WorkItem int64 `json:"work_item"`
	DueMS    int64 `json:"due_ms"` // the due time it was set for; a reopened item has its own
}

func (escalateArgs) Kind() string { return "work_escalation" }

// workItem reacts to a work item's change: opened (or reopened), the crew
// is told and the due time's timer set; done, the reporters who left an
// address are told. The item is read as it is now; the event's time says
// which change it was.
func (k *Notifications) workItem(ctx context.Context, e *tandem.Event) ([]river.InsertManyParams, error) {
	w, err := k.App.Reports.FindWorkItem(ctx, e.OrgID, e.SubjectID)
	if err != nil {
		return nil, err
	}
	switch {
	case e.CreatedAt.Equal(w.OpenedAt):
		out := []river.InsertManyParams{{
			Args: escalateArgs{OrgID: w.OrgID, WorkItem: w.ID, DueMS: w.DueAt.UnixMilli()},
			InsertOpts: &river.InsertOpts{ScheduledAt: w.DueAt,
				UniqueOpts: river.UniqueOpts{ByArgs: true}},
		}}
		if k.Pusher == nil {
			return out, nil
		}
		at, err := k.whereIs(ctx, w)
		if err != nil {
			return nil, err
		}
		crew, err := k.siteUsers(ctx, w.OrgID, w.SiteID, func(r tandem.Role) bool { return r == tandem.RoleCrew || r == tandem.RoleStaff })
		if err != nil {
			return nil, err
		}
		for _, u := range crew {
			p := k.Catalog.Printer(u.Lang)
			out = append(out, river.InsertManyParams{Args: pushArgs{OrgID: w.OrgID, UserID: u.ID, Push: notify.Payload{
				Title: p.T("jobs.push.work_title", w.Problem.Get(p.Lang)),
				Body:  p.T("jobs.push.work_body", at.place.Get(p.Lang), p.Time(w.DueAt.In(at.loc))),
				URL:   "/app/work", Tag: "work-" + strconv.FormatInt(w.ID, 10)}}})
		}
		return out, nil
	case w.State == tandem.WorkDone && e.CreatedAt.Equal(w.DoneAt):
		return k.fixed(ctx, w)
	}
	return nil, nil
}

// fixed writes "what you reported is fixed" to each reporter whom the fix
// answered and who left an address with their consent.
func (k *Notifications) fixed(ctx context.Context, w *tandem.WorkItem) ([]river.InsertManyParams, error) {
	if k.Mailer == nil {
		return nil, nil
	}
	reports, err := k.App.Reports.FixedReports(ctx, w.OrgID, w.ID, w.DoneAt)
	if err != nil {
		return nil, err
	}
	var out []river.InsertManyParams
	var at *workPlace
	for _, r := range reports {
		if r.Email == "" || r.ConsentAt.IsZero() {
			continue
		}
		if at == nil {
			if at, err = k.whereIs(ctx, w); err != nil {
				return nil, err
			}
		}
		p := k.Catalog.Printer(r.Lang)
		what := w.Problem.Get(p.Lang)
		if r.Comment != "" {
			what += ": " + r.Comment
		}
		m := notify.FixedMail(p, notify.FixedInput{To: r.Email, Org: at.org.Name, Site: at.site.Name.Get(p.Lang),
			Report: what, Done: w.Note, URL: k.link("/r/" + r.Token)})
		out = append(out, river.InsertManyParams{Args: mailArgs{OrgID: w.OrgID, About: tandem.MailFixed, Mail: m}})
	}
	return out, nil
}

// escalate runs at a work item's due time: an item still not done is
// overdue, and the site's managers hear of it on their phones and by email.
func (k *Notifications) escalate(ctx context.Context, job *river.Job[escalateArgs]) error {
	w, err := k.App.Reports.FindWorkItem(ctx, job.Args.OrgID, job.Args.WorkItem)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	if w.State == tandem.WorkDone || w.DueAt.UnixMilli() != job.Args.DueMS {
		return nil // fixed in time, or reopened with a due time of its own
	}
	managers, err := k.managers(ctx, w.OrgID, w.SiteID)
	if err != nil || len(managers) == 0 {
		return err
	}
	at, err := k.whereIs(ctx, w)
	if err != nil {
		return err
	}
	var jobs []river.InsertManyParams
	for _, u := range managers {
		p := k.Catalog.Printer(u.Lang)
		what := w.Problem.Get(p.Lang) + " · " + at.place.Get(p.Lang)
		if k.Pusher != nil {
			jobs = append(jobs, river.InsertManyParams{Args: pushArgs{OrgID: w.OrgID, UserID: u.ID, Push: notify.Payload{
				Title: p.T("jobs.push.overdue_title", w.Problem.Get(p.Lang)),
				Body:  p.T("jobs.push.overdue_body", at.place.Get(p.Lang), p.Time(w.DueAt.In(at.loc))),
				URL:   "/app/work", Tag: "overdue-" + strconv.FormatInt(w.ID, 10)}}})
		}
		if k.Mailer != nil {
			m := notify.OverdueMail(p, notify.OverdueInput{To: u.Email, Name: u.Name, Org: at.org.Name, Site: at.site.Name.Get(p.Lang),
				What: what, Since: w.OpenedAt.In(at.loc), Now: time.Now().In(at.loc), URL: k.link("/app/work")})
			jobs = append(jobs, river.InsertManyParams{Args: mailArgs{OrgID: w.OrgID, UserID: u.ID, About: tandem.MailOverdue, Mail: m}})
		}
	}
	if len(jobs) == 0 {
		return nil
	}
	_, err = river.ClientFromContext[*sql.Tx](ctx).InsertMany(ctx, jobs)
	return err
}

// managers are the active managers and owners linked to a staff member of
// the site; when the site has none, every active manager and owner.
func (k *Notifications) managers(ctx context.Context, orgID, siteID int64) ([]*tandem.User, error) {
	manages := func(r tandem.Role) bool { return r.CanManage() }
	list, err := k.siteUsers(ctx, orgID, siteID, manages)
	if err != nil || len(list) > 0 {
		return list, err
	}
	all, err := k.App.Users.ListUsers(ctx, orgID)
	if err != nil {
		return nil, err
	}
	for _, u := range all {
		if u.Active() && manages(u.Role) && u.PasswordHash != "" {
			list = append(list, u)
		}
	}
	return list, nil
}

// workPlace is where a work item is, as its messages name it.
type workPlace struct {
	org   *tandem.Organization
	site  *tandem.Site
	place tandem.Text    // the touchpoint's name
	loc   *time.Location // the site's time zone
}

func (k *Notifications) whereIs(ctx context.Context, w *tandem.WorkItem) (*workPlace, error) {
	place, err := k.placeName(ctx, w.OrgID, w.TouchpointID)
	if err != nil {
		return nil, err
	}
	org, err := k.App.Orgs.FindOrg(ctx, w.OrgID)
	if err != nil {
		return nil, err
	}
	site, err := k.App.Sites.FindSite(ctx, w.OrgID, w.SiteID)
	if err != nil {
		return nil, err
	}
	return &workPlace{org: org, site: site, place: place, loc: site.Location(org.Location())}, nil
}

// link is path on the public URL, for emails; "" when it is not known.
func (k *Notifications) link(path string) string {
	if k.PublicURL == "" {
		return ""
	}
	return strings.TrimRight(k.PublicURL, "/") + path
}

// digestArgs is the weekly praise digest of the week starting on Week.
type digestArgs struct {
	Week string `json:"week"` // the week's Monday, 2006-01-02 (UTC)
}

func (digestArgs) Kind() string { return "praise_digest" }

// Weekly is Monday 07:00 UTC, when last week's praise digest goes out.
var Weekly river.PeriodicSchedule = weekly{}

type weekly struct{}

func (weekly) Next(t time.Time) time.Time {
	next := lastMonday(t).Add(7 * time.Hour)
	if !next.After(t) {
		next = next.AddDate(0, 0, 7)
	}
	return next
}

// lastMonday is the start of t's week, Monday 00:00 UTC.
func lastMonday(t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// PeriodicJobs schedules the hourly insight checks (insight.go) and the
// weekly praise digest. It is also queued at
// every start, once per week whatever the restarts, so that a server down
// on a Monday morning still sends it.
func (k *Notifications) PeriodicJobs() []*river.PeriodicJob {
	out := k.insightJobs()
	if k.Digest == nil || k.Mailer == nil {
		return out
	}
	return append(out, river.NewPeriodicJob(Weekly, func() (river.JobArgs, *river.InsertOpts) {
		week := lastMonday(time.Now()).AddDate(0, 0, -7)
		return digestArgs{Week: week.Format(time.DateOnly)},
			&river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
	}, &river.PeriodicJobOpts{ID: "praise_digest", RunOnStart: true}))
}

// digest emails each praised person who has an account and wants it the
// count and a few words of last week's praise.
func (k *Notifications) digest(ctx context.Context, job *river.Job[digestArgs]) error {
	from, err := time.Parse(time.DateOnly, job.Args.Week)
	if err != nil {
		return Outcome(fmt.Errorf("%w: %v", ErrPermanent, err))
	}
	to := from.AddDate(0, 0, 7)
	praised, err := k.Digest.PraisedStaff(ctx, from, to)
	if err != nil {
		return err
	}
	var mails []river.InsertManyParams
	for _, c := range praised {
		m, err := k.App.Sites.FindStaff(ctx, c.OrgID, c.StaffID)
		if err != nil || m.UserID == 0 {
			continue
		}
		u, err := k.App.Users.FindUser(ctx, c.OrgID, m.UserID)
		if err != nil || !u.Active() {
			continue
		}
		org, err := k.App.Orgs.FindOrg(ctx, c.OrgID)
		if err != nil {
			return err
		}
		staffID := c.StaffID
		list, err := k.App.Feedback.ListFeedback(ctx, tandem.FeedbackFilter{OrgID: c.OrgID, PraiseStaffID: &staffID,
			From: &from, To: &to, Limit: 50})
		if err != nil {
			return err
		}
		var quotes []string
		for _, f := range list {
			if q := strings.TrimSpace(f.Praise); q != "" && len(quotes) < notify.MaxPraiseQuotes {
				quotes = append(quotes, q)
			}
		}
		p := k.Catalog.Printer(u.Lang)
		mail := notify.PraiseMail(p, notify.PraiseInput{To: u.Email, Name: m.Name, Org: org.Name,
			First: from, Last: to.AddDate(0, 0, -1), Count: c.Count, Quotes: quotes, URL: k.link("/app/praise")})
		mails = append(mails, river.InsertManyParams{Args: mailArgs{OrgID: c.OrgID, UserID: u.ID, About: tandem.MailPraise, Mail: mail}})
	}
	if len(mails) == 0 {
		return nil
	}
	_, err = river.ClientFromContext[*sql.Tx](ctx).InsertMany(ctx, mails)
	return err
}
