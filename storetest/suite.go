package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Run runs the storage test suite; open returns a fresh, migrated store
// for each subtest.
func Run(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	tests := []struct {
		name string
		fn   func(*testing.T, *sqlstore.DB)
	}{
		{"Schema", testSchema},
		{"Orgs", testOrgs},
		{"Users", testUsers},
		{"Sessions", testSessions},
		{"APITokens", testAPITokens},
		{"SitesAndStaff", testSitesAndStaff},
		{"ServicesAndBlueprints", testServicesAndBlueprints},
		{"Touchpoints", testTouchpoints},
		{"Episodes", testEpisodes},
		{"Feedback", testFeedback},
		{"FeedbackRefused", testFeedbackRefused},
		{"Idempotency", testIdempotency},
		{"IdempotencyConcurrent", testIdempotencyConcurrent},
		{"ConcurrentFeedback", testConcurrentFeedback},
		{"CanceledFeedback", testCanceledFeedback},
		{"ListFeedback", testListFeedback},
		{"SetCause", testSetCause},
		{"Outbox", testOutbox},
		{"ImportHistory", testImportHistory},
		{"Insight", testInsight},
		{"InsightDaylightSaving", testInsightDaylightSaving},
		{"Close", testClose},
		{"PraiseFilter", testPraiseFilter},
		{"BlueprintGuidance", testBlueprintGuidance},
		{"StepSources", testStepSources},
		{"ListEpisodes", testListEpisodes},
		{"HelpRequests", testHelpRequests},
		{"HelpConcurrent", testHelpConcurrent},
		{"FeedbackReadiness", testFeedbackReadiness},
		{"InsightReadinessHelp", testInsightReadinessHelp},
		{"EpisodeTouchpointService", testEpisodeTouchpointService},
		{"FeedbackByEpisode", testFeedbackByEpisode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
}

func testSchema(t *testing.T, db *sqlstore.DB) {
	n, err := db.Migrate(ctx)
	must(t, err)
	if n != 0 {
		t.Errorf("second Migrate applied %d, want 0", n)
	}
	must(t, db.CheckSchema(ctx))
	must(t, db.Ping(ctx))
	if e := db.Engine(); e != sqlstore.SQLite && e != sqlstore.Postgres {
		t.Errorf("Engine() = %q", e)
	}
}

func testOrgs(t *testing.T, db *sqlstore.DB) {
	o := &tandem.Organization{Name: "Cafe", Slug: "cafe", Lang: "fi", TimeZone: "Europe/Helsinki"}
	must(t, db.CreateOrg(ctx, o))
	if o.ID == 0 || o.CreatedAt.IsZero() {
		t.Fatalf("CreateOrg left ID %d, CreatedAt %v", o.ID, o.CreatedAt)
	}
	got, err := db.FindOrg(ctx, o.ID)
	must(t, err)
	want := *o
	want.CreatedAt = o.CreatedAt.Truncate(time.Millisecond)
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("FindOrg = %+v, want %+v", got, &want)
	}
	got, err = db.FindOrgBySlug(ctx, "cafe")
	must(t, err)
	if got.ID != o.ID {
		t.Errorf("FindOrgBySlug id = %d, want %d", got.ID, o.ID)
	}
	got, err = db.FindOrg(ctx, o.ID+100)
	notFound(t, got, err)
	got, err = db.FindOrgBySlug(ctx, "nope")
	notFound(t, got, err)

	wantCode(t, db.CreateOrg(ctx, &tandem.Organization{Name: "Other", Slug: "cafe"}), tandem.ECONFLICT)
	wantCode(t, db.CreateOrg(ctx, &tandem.Organization{Name: "Bad", Slug: "Bad Slug"}), tandem.EINVALID)
	wantCode(t, db.CreateOrg(ctx, &tandem.Organization{Name: "", Slug: "empty"}), tandem.EINVALID)
	got, err = db.FindOrgBySlug(ctx, "empty")
	notFound(t, got, err)
}

func testUsers(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	b := newWorld(t, db, "org-b")
	u := &tandem.User{OrgID: a.org.ID, Email: " Mia@Example.COM ", Name: "Mia", Role: tandem.RoleManager, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, u))
	if u.ID == 0 || u.Email != "mia@example.com" {
		t.Fatalf("CreateUser: ID %d, Email %q", u.ID, u.Email)
	}
	got, err := db.FindUser(ctx, a.org.ID, u.ID)
	must(t, err)
	want := *u
	want.CreatedAt = u.CreatedAt.UTC().Truncate(time.Millisecond)
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("FindUser = %+v, want %+v", got, &want)
	}
	got, err = db.FindUserByEmail(ctx, "MIA@example.com")
	must(t, err)
	if got.ID != u.ID {
		t.Errorf("FindUserByEmail id = %d, want %d", got.ID, u.ID)
	}
	got, err = db.FindUser(ctx, b.org.ID, u.ID)
	notFound(t, got, err)
	got, err = db.FindUserByEmail(ctx, "nobody@example.com")
	notFound(t, got, err)

	// Emails are unique across organizations.
	wantCode(t, db.CreateUser(ctx, &tandem.User{OrgID: b.org.ID, Email: "mia@example.com", Name: "Mia B", Role: tandem.RoleStaff, PasswordHash: "x"}), tandem.ECONFLICT)
	wantCode(t, db.CreateUser(ctx, &tandem.User{OrgID: b.org.ID, Email: "not-an-email", Name: "X", Role: tandem.RoleStaff, PasswordHash: "x"}), tandem.EINVALID)
	u2 := &tandem.User{OrgID: a.org.ID, Email: "al@example.com", Name: "Al", Role: tandem.RoleStaff, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, u2))

	list, err := db.ListUsers(ctx, a.org.ID)
	must(t, err)
	if len(list) != 2 || list[0].Name != "Al" || list[1].Name != "Mia" {
		t.Errorf("ListUsers(a) = %v, want Al, Mia", names(list, func(u *tandem.User) string { return u.Name }))
	}
	list, err = db.ListUsers(ctx, b.org.ID)
	must(t, err)
	if len(list) != 0 {
		t.Errorf("ListUsers(b) has %d users, want 0", len(list))
	}
}

func names[T any](xs []T, name func(T) string) []string {
	var out []string
	for _, x := range xs {
		out = append(out, name(x))
	}
	return out
}

func testSessions(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	u := &tandem.User{OrgID: a.org.ID, Email: "mia@example.com", Name: "Mia", Role: tandem.RoleOwner, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, u))
	now := date("2026-03-01T10:00:00Z")
	s, err := db.CreateSession(ctx, u.ID, now)
	must(t, err)
	if s.Token == "" || s.UserID != u.ID || !s.ExpiresAt.Equal(now.Add(tandem.SessionLifetime)) {
		t.Fatalf("CreateSession = %+v", s)
	}
	got, err := db.FindSessionUser(ctx, s.Token, now.Add(time.Hour))
	must(t, err)
	if got.ID != u.ID {
		t.Errorf("FindSessionUser id = %d, want %d", got.ID, u.ID)
	}
	got, err = db.FindSessionUser(ctx, s.Token, now.Add(tandem.SessionLifetime+time.Second))
	notFound(t, got, err)
	got, err = db.FindSessionUser(ctx, tandem.HashSecret(s.Token), now) // the stored hash is no credential
	notFound(t, got, err)
	must(t, db.DeleteSession(ctx, s.Token))
	got, err = db.FindSessionUser(ctx, s.Token, now)
	notFound(t, got, err)
	must(t, db.DeleteSession(ctx, "unknown"))
	_, err = db.CreateSession(ctx, u.ID+1000, now)
	wantCode(t, err, tandem.ENOTFOUND)
}

func testAPITokens(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	tok := &tandem.APIToken{OrgID: a.org.ID, Name: "POS"}
	must(t, db.CreateAPIToken(ctx, tok))
	if tok.ID == 0 || len(tok.Token) < 32 {
		t.Fatalf("CreateAPIToken = %+v", tok)
	}
	got, err := db.FindAPIToken(ctx, tok.Token)
	must(t, err)
	if got.ID != tok.ID || got.OrgID != a.org.ID || got.Name != "POS" || got.Token != "" {
		t.Errorf("FindAPIToken = %+v", got)
	}
	got, err = db.FindAPIToken(ctx, tok.Token+"x")
	notFound(t, got, err)
	got, err = db.FindAPIToken(ctx, tandem.HashSecret(tok.Token))
	notFound(t, got, err)
	wantCode(t, db.CreateAPIToken(ctx, &tandem.APIToken{OrgID: a.org.ID, Name: " "}), tandem.EINVALID)
}

func testSitesAndStaff(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	b := newWorld(t, db, "org-b")
	s2 := &tandem.Site{OrgID: a.org.ID, Name: tandem.Text{"en": "Terrace", "fi": "Terassi"}}
	must(t, db.CreateSite(ctx, s2))
	got, err := db.FindSite(ctx, a.org.ID, s2.ID)
	must(t, err)
	if !reflect.DeepEqual(got, s2) {
		t.Errorf("FindSite = %+v, want %+v", got, s2)
	}
	got, err = db.FindSite(ctx, b.org.ID, s2.ID)
	notFound(t, got, err)
	sites, err := db.ListSites(ctx, a.org.ID)
	must(t, err)
	if len(sites) != 2 || sites[0].ID != a.site.ID || sites[1].ID != s2.ID {
		t.Errorf("ListSites = %+v", sites)
	}
	wantCode(t, db.CreateSite(ctx, &tandem.Site{OrgID: a.org.ID}), tandem.EINVALID)

	u := &tandem.User{OrgID: a.org.ID, Email: "cara@example.com", Name: "Cara", Role: tandem.RoleStaff, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, u))
	cara := &tandem.StaffMember{OrgID: a.org.ID, SiteID: s2.ID, Name: " Cara ", Title: en("Host"), UserID: u.ID}
	must(t, db.CreateStaff(ctx, cara))
	m, err := db.FindStaff(ctx, a.org.ID, cara.ID)
	must(t, err)
	if !reflect.DeepEqual(m, cara) || m.Name != "Cara" {
		t.Errorf("FindStaff = %+v, want %+v", m, cara)
	}
	m, err = db.FindStaff(ctx, b.org.ID, cara.ID)
	notFound(t, m, err)
	all, err := db.ListStaff(ctx, a.org.ID, 0)
	must(t, err)
	if got := names(all, func(m *tandem.StaffMember) string { return m.Name }); !reflect.DeepEqual(got, []string{"Anna", "Ben", "Cara"}) {
		t.Errorf("ListStaff(all) = %v", got)
	}
	onS2, err := db.ListStaff(ctx, a.org.ID, s2.ID)
	must(t, err)
	if len(onS2) != 1 || onS2[0].ID != cara.ID {
		t.Errorf("ListStaff(site) = %+v", onS2)
	}
	// A staff member on another organization's site, or with its user, is refused.
	wantCode(t, db.CreateStaff(ctx, &tandem.StaffMember{OrgID: a.org.ID, SiteID: b.site.ID, Name: "Eve"}), tandem.EINVALID)
	wantCode(t, db.CreateStaff(ctx, &tandem.StaffMember{OrgID: b.org.ID, SiteID: b.site.ID, Name: "Eve", UserID: u.ID}), tandem.EINVALID)
	wantCode(t, db.CreateStaff(ctx, &tandem.StaffMember{OrgID: a.org.ID, SiteID: s2.ID, Name: ""}), tandem.EINVALID)
	bStaff, err := db.ListStaff(ctx, b.org.ID, 0)
	must(t, err)
	if len(bStaff) != 2 {
		t.Errorf("org b has %d staff, want 2", len(bStaff))
	}
}

func testServicesAndBlueprints(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	b := newWorld(t, db, "org-b")
	s := &tandem.Service{OrgID: a.org.ID, Name: en("Lunch")}
	must(t, db.CreateService(ctx, s))
	got, err := db.FindService(ctx, a.org.ID, s.ID)
	must(t, err)
	if got.Version != 0 || got.SiteID != 0 || got.Name.Get("en") != "Lunch" {
		t.Errorf("FindService = %+v", got)
	}
	bp, err := db.CurrentBlueprint(ctx, a.org.ID, s.ID)
	notFound(t, bp, err)

	v1 := blueprintV1(a.org.ID, s.ID)
	must(t, db.PublishBlueprint(ctx, v1))
	if v1.ID == 0 || v1.Version != 1 || v1.PublishedAt.IsZero() || v1.Steps[0].ID == 0 || v1.Aspects[1].ID == 0 {
		t.Fatalf("PublishBlueprint left %+v", v1)
	}
	stored1, err := db.FindBlueprint(ctx, a.org.ID, v1.ID)
	must(t, err)
	if !reflect.DeepEqual(stored1, v1) {
		t.Errorf("FindBlueprint(v1) =\n%+v\nwant\n%+v", stored1, v1)
	}

	v2 := blueprintV2(a.org.ID, s.ID)
	must(t, db.PublishBlueprint(ctx, v2))
	if v2.Version != 2 || v2.ID == v1.ID {
		t.Fatalf("second PublishBlueprint: version %d id %d", v2.Version, v2.ID)
	}
	again, err := db.FindBlueprint(ctx, a.org.ID, v1.ID)
	must(t, err)
	if !reflect.DeepEqual(again, stored1) {
		t.Errorf("v1 changed after publishing v2:\n%+v\nwant\n%+v", again, stored1)
	}
	cur, err := db.CurrentBlueprint(ctx, a.org.ID, s.ID)
	must(t, err)
	if !reflect.DeepEqual(cur, v2) {
		t.Errorf("CurrentBlueprint =\n%+v\nwant\n%+v", cur, v2)
	}
	got, err = db.FindService(ctx, a.org.ID, s.ID)
	must(t, err)
	if got.Version != 2 {
		t.Errorf("service version = %d, want 2", got.Version)
	}

	// An invalid blueprint changes nothing.
	bad := blueprintV2(a.org.ID, s.ID)
	bad.Aspects[0].ControlledBy = "nobody"
	wantCode(t, db.PublishBlueprint(ctx, bad), tandem.EINVALID)
	got, err = db.FindService(ctx, a.org.ID, s.ID)
	must(t, err)
	if got.Version != 2 {
		t.Errorf("service version after refused publish = %d, want 2", got.Version)
	}

	// Tenant isolation.
	sv, err := db.FindService(ctx, b.org.ID, s.ID)
	notFound(t, sv, err)
	bp, err = db.FindBlueprint(ctx, b.org.ID, v1.ID)
	notFound(t, bp, err)
	bp, err = db.CurrentBlueprint(ctx, b.org.ID, s.ID)
	notFound(t, bp, err)
	wantCode(t, db.PublishBlueprint(ctx, blueprintV2(b.org.ID, s.ID)), tandem.ENOTFOUND)
	got, err = db.FindService(ctx, a.org.ID, s.ID)
	must(t, err)
	if got.Version != 2 {
		t.Errorf("service version after other org's publish = %d, want 2", got.Version)
	}
	wantCode(t, db.CreateService(ctx, &tandem.Service{OrgID: a.org.ID, SiteID: b.site.ID, Name: en("X")}), tandem.EINVALID)
	wantCode(t, db.CreateService(ctx, &tandem.Service{OrgID: a.org.ID}), tandem.EINVALID)

	list, err := db.ListServices(ctx, a.org.ID)
	must(t, err)
	if len(list) != 2 || list[0].ID != a.service.ID || list[1].ID != s.ID || list[1].Version != 2 {
		t.Errorf("ListServices = %+v", list)
	}
}

func testTouchpoints(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	b := newWorld(t, db, "org-b")
	if len(a.tp.Code) != 12 {
		t.Errorf("touchpoint code %q, want 12 characters", a.tp.Code)
	}
	got, err := db.FindTouchpointByCode(ctx, a.tp.Code)
	must(t, err)
	want := *a.tp
	want.CreatedAt = want.CreatedAt.Truncate(time.Millisecond)
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("FindTouchpointByCode = %+v, want %+v", got, &want)
	}
	got, err = db.FindTouchpoint(ctx, a.org.ID, a.tp.ID)
	must(t, err)
	if got.Code != a.tp.Code {
		t.Errorf("FindTouchpoint code = %q", got.Code)
	}
	got, err = db.FindTouchpoint(ctx, b.org.ID, a.tp.ID)
	notFound(t, got, err)
	got, err = db.FindTouchpointByCode(ctx, "no-such-code")
	notFound(t, got, err)

	tp2 := &tandem.Touchpoint{OrgID: a.org.ID, SiteID: a.site.ID, ServiceID: a.service.ID, Name: en("Door"), Code: "door-code-1"}
	must(t, db.CreateTouchpoint(ctx, tp2))
	if tp2.Code != "door-code-1" {
		t.Errorf("given code replaced by %q", tp2.Code)
	}
	wantCode(t, db.CreateTouchpoint(ctx, &tandem.Touchpoint{OrgID: b.org.ID, SiteID: b.site.ID, ServiceID: b.service.ID, Name: en("X"), Code: "door-code-1"}), tandem.ECONFLICT)
	for _, bad := range []*tandem.Touchpoint{
		{OrgID: a.org.ID, SiteID: b.site.ID, ServiceID: a.service.ID, Name: en("X")},
		{OrgID: a.org.ID, SiteID: a.site.ID, ServiceID: b.service.ID, Name: en("X")},
		{OrgID: a.org.ID, SiteID: a.site.ID, ServiceID: a.service.ID, StaffID: b.anna.ID, Name: en("X")},
		{OrgID: a.org.ID, SiteID: a.site.ID, ServiceID: a.service.ID},
	} {
		wantCode(t, db.CreateTouchpoint(ctx, bad), tandem.EINVALID)
	}
	list, err := db.ListTouchpoints(ctx, a.org.ID)
	must(t, err)
	if len(list) != 2 || list[0].ID != a.tp.ID || list[1].ID != tp2.ID || list[1].StaffID != 0 {
		t.Errorf("ListTouchpoints = %+v", list)
	}
}

func (w *world) episode() *tandem.Episode {
	return &tandem.Episode{OrgID: w.org.ID, ServiceID: w.service.ID, BlueprintID: w.bp.ID, TouchpointID: w.tp.ID, SiteID: w.site.ID, Lang: "fi", FirstTime: true}
}

func testEpisodes(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	b := newWorld(t, db, "org-b")
	e := a.episode()
	must(t, db.CreateEpisode(ctx, e))
	if e.ID == 0 || len(e.Token) != 22 || e.StartedAt.IsZero() {
		t.Fatalf("CreateEpisode left %+v", e)
	}
	got, err := db.FindEpisodeByToken(ctx, e.Token)
	must(t, err)
	if !reflect.DeepEqual(got, e) {
		t.Errorf("FindEpisodeByToken = %+v, want %+v", got, e)
	}
	got, err = db.FindEpisode(ctx, b.org.ID, e.ID)
	notFound(t, got, err)
	got, err = db.FindEpisodeByToken(ctx, "nope")
	notFound(t, got, err)

	order, serve := a.bp.Steps[0], a.bp.Steps[2]
	t1, t2 := date("2026-03-01T10:00:00Z"), date("2026-03-01T10:05:00Z")
	must(t, db.MarkStepDone(ctx, e.ID, order.ID, t1, tandem.ByCustomer))
	must(t, db.MarkStepDone(ctx, e.ID, serve.ID, t2, tandem.ByStaff))
	must(t, db.MarkStepDone(ctx, e.ID, order.ID, t2, tandem.BySystem)) // again: no change
	got, err = db.FindEpisode(ctx, a.org.ID, e.ID)
	must(t, err)
	want := []tandem.StepDone{{StepID: order.ID, At: t1, By: tandem.ByCustomer}, {StepID: serve.ID, At: t2, By: tandem.ByStaff}}
	if !reflect.DeepEqual(got.Done, want) {
		t.Errorf("Done = %+v, want %+v", got.Done, want)
	}
	if !got.IsDone(serve.ID) || got.IsDone(a.bp.Steps[1].ID) {
		t.Errorf("IsDone wrong for %+v", got.Done)
	}
	wantCode(t, db.MarkStepDone(ctx, e.ID, b.bp.Steps[0].ID, t1, tandem.ByCustomer), tandem.EINVALID)
	wantCode(t, db.MarkStepDone(ctx, e.ID+1000, order.ID, t1, tandem.ByCustomer), tandem.ENOTFOUND)

	// An episode on another organization's blueprint or touchpoint is refused.
	bad := a.episode()
	bad.BlueprintID = b.bp.ID
	wantCode(t, db.CreateEpisode(ctx, bad), tandem.EINVALID)
	bad = a.episode()
	bad.TouchpointID = b.tp.ID
	wantCode(t, db.CreateEpisode(ctx, bad), tandem.EINVALID)
}

func testFeedback(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	b := newWorld(t, db, "org-b")
	temp, wait := a.bp.Aspects[0], a.bp.Aspects[1]
	e := a.episode()
	must(t, db.CreateEpisode(ctx, e))
	f := a.feedback(4, rate(temp, tandem.Negative), rate(wait, tandem.Positive))
	f.EpisodeID = e.ID
	f.Comment = "  Soup was cold  "
	f.PraiseStaffID = a.anna.ID
	f.Praise = "Anna was lovely"
	f.IdempotencyKey = "k1"
	created(t, db, f)
	if f.ID == 0 || f.CreatedAt.IsZero() || f.Comment != "Soup was cold" {
		t.Fatalf("CreateFeedback left %+v", f)
	}
	if f.Aspects[0].Cause != tandem.PartyProvider || f.Aspects[1].Cause != "" {
		t.Errorf("default causes = %q, %q; want provider, none", f.Aspects[0].Cause, f.Aspects[1].Cause)
	}
	got, err := db.FindFeedback(ctx, a.org.ID, f.ID)
	must(t, err)
	if !reflect.DeepEqual(got, f) {
		t.Errorf("FindFeedback =\n%+v\nwant\n%+v", got, f)
	}
	got, err = db.FindFeedback(ctx, b.org.ID, f.ID)
	notFound(t, got, err)
	got, err = db.FindFeedback(ctx, a.org.ID, f.ID+1000)
	notFound(t, got, err)

	// A cause given for a negative is kept; feedback without aspects is fine.
	g := a.feedback(2, tandem.AspectRating{AspectID: wait.ID, Rating: tandem.Negative, Cause: tandem.PartyCustomer})
	g.CreatedAt = date("2026-01-02T03:04:05.678Z")
	created(t, db, g)
	got, err = db.FindFeedback(ctx, a.org.ID, g.ID)
	must(t, err)
	if got.Aspects[0].Cause != tandem.PartyCustomer || !got.CreatedAt.Equal(g.CreatedAt) || got.EpisodeID != 0 || got.PraiseStaffID != 0 {
		t.Errorf("FindFeedback = %+v", got)
	}
	h := created(t, db, a.feedback(5))
	if h.ID == g.ID || h.ID == f.ID {
		t.Errorf("ids not unique: %d %d %d", f.ID, g.ID, h.ID)
	}
	if n := countFeedback(t, db, b.org.ID); n != 0 {
		t.Errorf("org b sees %d feedback, want 0", n)
	}
}

func testFeedbackRefused(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	b := newWorld(t, db, "org-b")
	temp := a.bp.Aspects[0]
	eb := b.episode()
	must(t, db.CreateEpisode(ctx, eb))
	v2 := blueprintV2(a.org.ID, a.service.ID)
	must(t, db.PublishBlueprint(ctx, v2))
	// Only what the store itself must refuse: callers have run
	// Feedback.Validate, so other org's staff, say, arrive unchecked.
	cases := []struct {
		name   string
		change func(f *tandem.Feedback)
	}{
		{"aspect of another version", func(f *tandem.Feedback) { f.Aspects[0].AspectID = v2.Aspects[1].ID }},
		{"other org's blueprint", func(f *tandem.Feedback) { f.BlueprintID = b.bp.ID }},
		{"blueprint of another service", func(f *tandem.Feedback) { f.ServiceID = b.service.ID }},
		{"other org's staff", func(f *tandem.Feedback) { f.PraiseStaffID = b.anna.ID }},
		{"other org's touchpoint", func(f *tandem.Feedback) { f.TouchpointID = b.tp.ID }},
		{"other org's site", func(f *tandem.Feedback) { f.SiteID = b.site.ID }},
		{"other org's episode", func(f *tandem.Feedback) { f.EpisodeID = eb.ID }},
		{"unknown staff", func(f *tandem.Feedback) { f.PraiseStaffID = 99999 }},
	}
	for _, c := range cases {
		f := a.feedback(3, rate(temp, tandem.Negative))
		c.change(f)
		ok, err := db.CreateFeedback(ctx, f)
		if ok || tandem.ErrorCode(err) != tandem.EINVALID {
			t.Errorf("%s: CreateFeedback = %v, %v; want EINVALID", c.name, ok, err)
		}
	}
	if n := countFeedback(t, db, a.org.ID); n != 0 {
		t.Errorf("refused feedback stored: %d rows", n)
	}
	events, err := db.ListEvents(ctx, 100)
	must(t, err)
	if len(events) != 0 {
		t.Errorf("refused feedback wrote %d events", len(events))
	}
	// Feedback on the previous blueprint version is still accepted.
	created(t, db, a.feedback(3, rate(temp, tandem.Negative)))
}

func testIdempotency(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	b := newWorld(t, db, "org-b")
	temp := a.bp.Aspects[0]
	first := a.feedback(2, rate(temp, tandem.Negative))
	first.IdempotencyKey = "retry-me"
	first.Comment = "first"
	created(t, db, first)

	retry := a.feedback(5)
	retry.IdempotencyKey = "retry-me"
	retry.Comment = "second"
	ok, err := db.CreateFeedback(ctx, retry)
	must(t, err)
	if ok {
		t.Error("retry: created = true, want false")
	}
	if !reflect.DeepEqual(retry, first) {
		t.Errorf("retry filled with\n%+v\nwant\n%+v", retry, first)
	}
	if n := countFeedback(t, db, a.org.ID); n != 1 {
		t.Errorf("%d rows after retry, want 1", n)
	}
	// The same key in another organization is another feedback.
	other := b.feedback(4)
	other.IdempotencyKey = "retry-me"
	created(t, db, other)
	if other.ID == first.ID {
		t.Error("other org got the first org's record")
	}
	// Empty keys never collide.
	created(t, db, a.feedback(3))
	created(t, db, a.feedback(3))
	events, err := db.ListEvents(ctx, 100)
	must(t, err)
	if len(events) != 4 {
		t.Errorf("%d events, want 4 (one per created feedback)", len(events))
	}
}

func testIdempotencyConcurrent(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	const n = 50
	type result struct {
		ok  bool
		err error
		f   *tandem.Feedback
	}
	results := make(chan result, n)
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		go func() {
			f := a.feedback(1+i%5, rate(a.bp.Aspects[0], tandem.Positive))
			f.IdempotencyKey = "same-key"
			<-start
			ok, err := db.CreateFeedback(ctx, f)
			results <- result{ok, err, f}
		}()
	}
	close(start)
	var createdN int
	var id int64
	for i := 0; i < n; i++ {
		r := <-results
		if r.err != nil {
			t.Fatalf("CreateFeedback: %v", r.err)
		}
		if r.ok {
			createdN++
		}
		if id == 0 {
			id = r.f.ID
		}
		if r.f.ID != id {
			t.Errorf("feedback ids differ: %d and %d", r.f.ID, id)
		}
	}
	if createdN != 1 {
		t.Errorf("%d created, want 1", createdN)
	}
	if c := countFeedback(t, db, a.org.ID); c != 1 {
		t.Errorf("%d rows, want 1", c)
	}
	events, err := db.ListEvents(ctx, 100)
	must(t, err)
	if len(events) != 1 {
		t.Errorf("%d events, want 1", len(events))
	}
}

func testConcurrentFeedback(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	const workers, each = 16, 25
	errs := make(chan error, workers)
	ids := make(chan int64, workers*each)
	for w := 0; w < workers; w++ {
		go func() {
			for i := 0; i < each; i++ {
				f := a.feedback(4, rate(a.bp.Aspects[0], tandem.Positive), rate(a.bp.Aspects[1], tandem.Negative))
				if i%2 == 0 {
					f.PraiseStaffID = a.ben.ID
				}
				if _, err := db.CreateFeedback(ctx, f); err != nil {
					errs <- err
					return
				}
				ids <- f.ID
			}
			errs <- nil
		}()
	}
	for w := 0; w < workers; w++ {
		must(t, <-errs)
	}
	close(ids)
	seen := map[int64]bool{}
	for id := range ids {
		if seen[id] {
			t.Fatalf("id %d handed out twice", id)
		}
		seen[id] = true
	}
	if n := countFeedback(t, db, a.org.ID); n != workers*each {
		t.Errorf("%d rows, want %d", n, workers*each)
	}
	d, err := db.InsightData(ctx, tandem.InsightQuery{OrgID: a.org.ID})
	must(t, err)
	if len(d.Aspects) != 2 || d.Aspects[0].Positive != workers*each || d.Aspects[1].Negative != workers*each {
		t.Errorf("aspect counts = %+v", d.Aspects)
	}
	events, err := db.ListEvents(ctx, 10000)
	must(t, err)
	if want := workers*each + workers*((each+1)/2); len(events) != want {
		t.Errorf("%d events, want %d", len(events), want)
	}
}

// A caller who gives up either gets an error and nothing is stored, or
// gets its feedback stored: never an error for stored feedback.
func testCanceledFeedback(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	stored := 0
	for i := 0; i < 40; i++ {
		c, cancel := contextWithCancel()
		f := a.feedback(3)
		f.IdempotencyKey = "cancel-" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		done := make(chan struct{})
		var ok bool
		var err error
		go func() { ok, err = db.CreateFeedback(c, f); close(done) }()
		if i%2 == 0 {
			cancel()
		}
		<-done
		cancel()
		retry := a.feedback(3)
		retry.IdempotencyKey = f.IdempotencyKey
		again, err2 := db.CreateFeedback(ctx, retry)
		must(t, err2)
		switch {
		case err != nil && !again:
			t.Errorf("call %d failed (%v) but its feedback was stored", i, err)
		case err == nil && again:
			t.Errorf("call %d succeeded (created=%v) but nothing was stored", i, ok)
		case err == nil:
			stored++
		}
	}
	if stored == 0 {
		t.Error("no call succeeded")
	}
}

func testClose(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	const n = 100
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() {
			_, err := db.CreateFeedback(ctx, a.feedback(5))
			errs <- err
		}()
	}
	time.Sleep(time.Millisecond)
	must(t, db.Close())
	ok := 0
	for i := 0; i < n; i++ {
		if err := <-errs; err == nil {
			ok++
		}
	}
	t.Logf("%d of %d feedbacks stored before Close", ok, n)
	if _, err := db.CreateFeedback(ctx, a.feedback(5)); err == nil {
		t.Error("CreateFeedback after Close succeeded")
	}
}
