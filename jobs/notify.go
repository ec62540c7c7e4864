package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

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
// due), a praised person of the praise. Each message to each person is a
// job of its own, written in their language when the event is relayed.
type Notifications struct {
	App     *app.App
	Catalog *i18n.Catalog
	Pusher  *notify.Pusher // nil: no push
	Mailer  *notify.Mailer // nil: no email
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
