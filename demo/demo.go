// Package demo creates Tandem's demo organization: five seed scenarios,
// called S1 to S5 throughout the code (S1 a restaurant dine-in where a
// guest lost in a book lets the coffee go cold, S2 a first visit to a
// self-service cafeteria, S3 pensions moved from the cashier to an ATM, S4
// day-time office cleaning that the client's own staff report on, S5 barber
// and doctor appointments) with users, sites, staff, touchpoints,
// appointments booked for the coming days and, if asked, months of
// deterministic generated history for the insight pages, help requests
// included.
package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	tandem "github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
)

// Stores are where Seed writes, usually all one database: the application's
// stores (Seed writes organizations, users, sites, services, touchpoints,
// appointments and, with Options.History, help requests) and the bulk
// importer of the history.
type Stores struct {
	app.Stores
	History tandem.HistoryImporter // needed only with Options.History
	// ReportHistory, if set with Options.History, imports the cleaning
	// crew's past reports and work items (WorkHistoryDays of them).
	ReportHistory tandem.ReportImporter
	// Outbox, if set, lets the demo webhook's delivery log name the help
	// requests' events; without it the webhook has no deliveries.
	Outbox tandem.OutboxStore
}

// Options tune Seed. The zero value is usable.
type Options struct {
	Now      time.Time        // end of the history; zero means time.Now()
	Days     int              // length of the history in days; 0 means DefaultDays
	Seed     int64            // seed of the generator; 0 means 1
	History  bool             // generate and import past episodes and feedback
	Progress func(msg string) // told what is happening, one short line at a time; may be nil
	Password string           // every demo user's password; "" means DefaultPassword
}

// DefaultDays is the default length of the generated history.
const DefaultDays = 120

// ImportChunk is how many history records go to one ImportHistory call.
const ImportChunk = 1000

// DemoTouchpoint is a touchpoint worth printing for people trying the demo.
type DemoTouchpoint struct {
	Service string // service key, e.g. "restaurant"
	Name    string // in English
	Code    string // opens the customer page
	Type    tandem.TouchpointType
}

// DemoAppointment is an appointment booked for the coming days, whose
// preparation page is worth opening in the demo.
type DemoAppointment struct {
	Service     string    // service key: KeyBarber or KeyDoctor
	Name        string    // the service's name in English
	Lang        string    // the customer's language
	ScheduledAt time.Time // when the visit is booked for
	Token       string    // the episode's token: the customer's credential
	PreparePath string    // the preparation page, "/e/{token}/prepare"
}

// Result is what Seed created.
type Result struct {
	Org             *tandem.Organization
	Login, Password string // the owner's sign-in
	StaffLogin      string // StaffEmail: the staff view with the ATM's help requests
	Users           []*tandem.User
	Touchpoints     []DemoTouchpoint
	Appointments    []DemoAppointment          // booked for the coming days
	Services        map[string]*tandem.Service // by key, one of ServiceKeys
	Episodes        int                        // history records imported
	Feedback        int                        // of which with feedback
	HelpRequests    int                        // past help requests stored, all closed
	WorkItems       int                        // the cleaning crew's, open and done (none without a ReportStore)
	PastReports     int                        // the crew's past reports imported, praise included
}

// Seed creates the demo organization in st. When an organization with the
// demo's slug already exists it changes nothing and returns an error with
// code tandem.ECONFLICT, so a caller can go on with the existing data.
// The history is deterministic for a given Options.Seed, Now and Days
// (episode tokens aside: they are credentials, so always fresh and random).
//
// Seed is not one transaction: if it fails half-way, the half-made
// organization stays and the next Seed reports ECONFLICT; start from an
// empty database then.
func Seed(ctx context.Context, st Stores, opt Options) (*Result, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.Days <= 0 {
		opt.Days = DefaultDays
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Password == "" {
		opt.Password = DefaultPassword
	}
	progress := opt.Progress
	if progress == nil {
		progress = func(string) {}
	}
	if st.Orgs == nil || st.Users == nil || st.Sites == nil || st.Services == nil || st.Touchpoints == nil ||
		st.Episodes == nil || opt.History && (st.History == nil || st.Help == nil) {
		return nil, errors.New("demo: Seed needs every store")
	}

	switch org, err := st.Orgs.FindOrgBySlug(ctx, OrgSlug); {
	case err == nil && org != nil:
		return nil, fmt.Errorf("demo: organization %q already exists (id %d), leaving it as it is: %w",
			OrgSlug, org.ID, tandem.Errorf(tandem.ECONFLICT, "error.conflict"))
	case err != nil && tandem.ErrorCode(err) != tandem.ENOTFOUND:
		return nil, fmt.Errorf("demo: looking for organization %q: %w", OrgSlug, err)
	}

	w := newWorld()
	res := &Result{Login: OwnerEmail, Password: opt.Password, StaffLogin: StaffEmail, Services: map[string]*tandem.Service{}}
	created := opt.Now.Add(-time.Duration(opt.Days+14) * 24 * time.Hour)

	progress("demo: creating organization " + OrgName)
	w.org = &tandem.Organization{Name: OrgName, Slug: OrgSlug, Lang: "en", TimeZone: OrgTimeZone, CreatedAt: created}
	if err := st.Orgs.CreateOrg(ctx, w.org); err != nil {
		return nil, fmt.Errorf("demo: creating organization: %w", err)
	}
	res.Org = w.org
	orgID := w.org.ID

	hash, err := tandem.HashPassword(opt.Password) // slow on purpose: hash once, share it
	if err != nil {
		return nil, fmt.Errorf("demo: password: %w", err)
	}
	users := map[string]*tandem.User{}
	for _, d := range userDefs {
		u := &tandem.User{OrgID: orgID, Email: d.email, Name: d.name, Role: d.role, Lang: d.lang, PasswordHash: hash, CreatedAt: created}
		if err := st.Users.CreateUser(ctx, u); err != nil {
			return nil, fmt.Errorf("demo: creating user %s: %w", d.email, err)
		}
		users[d.key] = u
		res.Users = append(res.Users, u)
	}

	for _, d := range siteDefs {
		s := &tandem.Site{OrgID: orgID, Name: d.name, Address: d.address}
		if err := st.Sites.CreateSite(ctx, s); err != nil {
			return nil, fmt.Errorf("demo: creating site %s: %w", d.key, err)
		}
		w.sites[d.key] = s
	}
	for _, d := range staffDefs {
		m := &tandem.StaffMember{OrgID: orgID, SiteID: w.sites[d.site].ID, Name: d.name, Title: d.title}
		if d.user != "" {
			m.UserID = users[d.user].ID
		}
		if err := st.Sites.CreateStaff(ctx, m); err != nil {
			return nil, fmt.Errorf("demo: creating staff member %s: %w", d.name, err)
		}
		w.staff[d.key] = m
	}

	progress("demo: publishing blueprints")
	for _, k := range ServiceKeys {
		s, b, _ := Scenario(k)
		s.OrgID, s.SiteID, s.CreatedAt = orgID, w.sites[k].ID, created
		if err := st.Services.CreateService(ctx, &s); err != nil {
			return nil, fmt.Errorf("demo: creating service %s: %w", k, err)
		}
		b.OrgID, b.ServiceID, b.PublishedAt = orgID, s.ID, created
		if err := st.Services.PublishBlueprint(ctx, &b); err != nil {
			return nil, fmt.Errorf("demo: publishing blueprint %s: %w", k, err)
		}
		svc := &s
		if fresh, err := st.Services.FindService(ctx, orgID, s.ID); err == nil {
			svc = fresh // with the published version
		}
		w.services[k] = svc
		res.Services[k] = svc
		w.index(k, &b)
	}

	for _, d := range tpDefs {
		t := &tandem.Touchpoint{OrgID: orgID, SiteID: w.sites[d.service].ID, ServiceID: w.services[d.service].ID, Name: d.name,
			Type: d.typ, CreatedAt: created}
		if d.staff != "" {
			t.StaffID = w.staff[d.staff].ID
		}
		if err := st.Touchpoints.CreateTouchpoint(ctx, t); err != nil {
			return nil, fmt.Errorf("demo: creating touchpoint %s: %w", d.key, err)
		}
		w.tps[d.key] = t
		if d.featured {
			res.Touchpoints = append(res.Touchpoints, DemoTouchpoint{Service: d.service, Name: d.name["en"], Code: t.Code, Type: t.Type})
		}
	}
	if err := w.check(); err != nil {
		return nil, err
	}
	if st.Reports != nil {
		progress("demo: reporting a few problems to the cleaning crew")
		n, err := seedWork(ctx, st.Reports, w, users["aino"].ID, opt.Now)
		if err != nil {
			return nil, err
		}
		res.WorkItems = n
	}

	progress("demo: booking appointments for the coming days")
	for _, e := range upcoming(w, opt.Now) {
		if err := st.Episodes.CreateEpisode(ctx, e); err != nil {
			return nil, fmt.Errorf("demo: booking an appointment: %w", err)
		}
		key := keyOf(w, e.ServiceID)
		res.Appointments = append(res.Appointments, DemoAppointment{
			Service: key, Name: w.services[key].Name.Get("en"), Lang: e.Lang,
			ScheduledAt: e.ScheduledAt, Token: e.Token, PreparePath: "/e/" + e.Token + "/prepare",
		})
	}

	if !opt.History {
		if err := seedWebhook(ctx, st, orgID, created, progress); err != nil {
			return nil, err
		}
		return res, nil
	}
	progress(fmt.Sprintf("demo: generating %d days of history", opt.Days))
	recs, helps := generate(w, opt.Now, opt.Days, opt.Seed)
	for _, r := range recs {
		if r.Episode.Token == "" {
			r.Episode.Token = tandem.NewSecret(tandem.EpisodeTokenBytes)
		}
	}
	for i := 0; i < len(recs); i += ImportChunk {
		chunk := recs[i:min(i+ImportChunk, len(recs))]
		if err := st.History.ImportHistory(ctx, chunk); err != nil {
			return nil, fmt.Errorf("demo: importing history records %d–%d: %w", i+1, i+len(chunk), err)
		}
		for _, r := range chunk {
			res.Episodes++
			if r.Feedback != nil {
				res.Feedback++
			}
		}
		progress(fmt.Sprintf("demo: history %d/%d episodes imported", res.Episodes, len(recs)))
	}

	// Help requests refer to imported episodes, so they come after them.
	progress(fmt.Sprintf("demo: storing %d past help requests", len(helps)))
	handler := users["staff"].ID
	for _, p := range helps {
		h := &tandem.HelpRequest{
			OrgID: orgID, SiteID: p.ep.SiteID, ServiceID: p.ep.ServiceID, EpisodeID: p.ep.ID,
			StepID: w.stepIDs[KeyPension][p.stepKey], StepKey: p.stepKey, Status: tandem.HelpOpen, CreatedAt: p.at,
		}
		if _, err := st.Help.RequestHelp(ctx, h); err != nil {
			return nil, fmt.Errorf("demo: storing a help request: %w", err)
		}
		h.Acknowledge(handler, p.acked)
		h.Close(handler, p.closedAt)
		if err := st.Help.UpdateHelp(ctx, h, tandem.HelpOpen); err != nil {
			return nil, fmt.Errorf("demo: closing help request %d: %w", h.ID, err)
		}
		res.HelpRequests++
	}
	if st.ReportHistory != nil {
		days := min(WorkHistoryDays, opt.Days)
		crew := map[string]int64{}
		for _, d := range staffDefs {
			if d.site == KeyCleaning && d.user != "" {
				crew[d.key] = users[d.user].ID
			}
		}
		recs := generateWork(w, crew, opt.Now, days, opt.Seed)
		items := 0
		for _, r := range recs {
			res.PastReports += len(r.Reports)
			if r.Item != nil {
				items++
			}
		}
		progress(fmt.Sprintf("demo: importing %d days of the cleaning crew's past: %d reports, %d work items", days, res.PastReports, items))
		if err := st.ReportHistory.ImportReports(ctx, recs); err != nil {
			return nil, fmt.Errorf("demo: importing the cleaning crew's past reports: %w", err)
		}
		res.WorkItems += items
	}
	if err := seedWebhook(ctx, st, orgID, created, progress); err != nil {
		return nil, err
	}
	return res, nil
}

// keyOf returns the key of the demo service with id.
func keyOf(w *world, id int64) string {
	for k, s := range w.services {
		if s.ID == id {
			return k
		}
	}
	return ""
}
