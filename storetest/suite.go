package storetest

import (
	"testing"
	"time"

	"github.com/tandemhq/tandem/sqlstore"
)

// Run runs the storage test suite; open returns a fresh, migrated store
// for each subtest. The subtests are grouped by subject, one file each,
// in the order listed here.
func Run(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	tests := []struct {
		name string
		fn   func(*testing.T, *sqlstore.DB)
	}{
		// suite.go: the store as a whole.
		{"Schema", testSchema},
		{"Close", testClose},
		// suite_orgs.go
		{"Orgs", testOrgs},
		{"OrgSettings", testOrgSettings},
		{"Users", testUsers},
		{"Sessions", testSessions},
		{"APITokens", testAPITokens},
		// suite_credentials.go
		{"TokenLifecycle", testTokenLifecycle},
		{"SessionsEnd", testSessionsEnd},
		// suite_users.go
		{"Invites", testInvites},
		{"DeactivateUsers", testDeactivateUsers},
		// suite_twofactor.go
		{"TwoFactor", testTwoFactor},
		{"Challenges", testChallenges},
		{"SSOSessions", testSSOSessions},
		// suite_sites.go
		{"SitesAndStaff", testSitesAndStaff},
		// suite_services.go
		{"ServicesAndBlueprints", testServicesAndBlueprints},
		{"CreateServiceWithBlueprint", testCreateServiceWithBlueprint},
		{"BlueprintGuidance", testBlueprintGuidance},
		{"StaleTranslations", testStaleTranslations},
		// suite_touchpoints.go
		{"Touchpoints", testTouchpoints},
		// suite_setup.go
		{"UpdateSitesAndStaff", testUpdateSitesAndStaff},
		{"MoveAndRetireTouchpoints", testMoveAndRetireTouchpoints},
		// suite_episodes.go
		{"Episodes", testEpisodes},
		{"StepSources", testStepSources},
		{"EpisodeTouchpointService", testEpisodeTouchpointService},
		{"ListEpisodes", testListEpisodes},
		// suite_appointments.go
		{"Appointments", testAppointments},
		// suite_feedback.go
		{"Feedback", testFeedback},
		{"FeedbackRefused", testFeedbackRefused},
		{"Idempotency", testIdempotency},
		{"IdempotencyConcurrent", testIdempotencyConcurrent},
		{"ConcurrentFeedback", testConcurrentFeedback},
		{"CanceledFeedback", testCanceledFeedback},
		{"RetriesAmongFresh", testRetriesAmongFresh},
		{"ListFeedback", testListFeedback},
		{"PraiseFilter", testPraiseFilter},
		{"FeedbackByEpisode", testFeedbackByEpisode},
		{"SetCause", testSetCause},
		// suite_evidence.go
		{"CauseEvidence", testCauseEvidence},
		{"ConfirmCause", testConfirmCause},
		// suite_export.go
		{"EachFeedback", testEachFeedback},
		// suite_limits.go
		{"OneFeedbackPerEpisode", testOneFeedbackPerEpisode},
		{"OneFeedbackPerEpisodeConcurrent", testOneFeedbackPerEpisodeConcurrent},
		{"RefusedWrites", testRefusedWrites},
		// suite_readiness.go
		{"FeedbackReadiness", testFeedbackReadiness},
		// suite_outbox.go
		{"Outbox", testOutbox},
		// suite_history.go
		{"ImportHistory", testImportHistory},
		// suite_help.go
		{"HelpRequests", testHelpRequests},
		{"HelpConcurrent", testHelpConcurrent},
		// suite_requests.go
		{"RequestOptions", testRequestOptions},
		{"CustomerRequests", testCustomerRequests},
		{"RequestsConcurrent", testRequestsConcurrent},
		// suite_groups.go
		{"HelpGroups", testHelpGroups},
		{"RequestGroups", testRequestGroups},
		// suite_reports.go
		{"TouchpointType", testTouchpointType},
		{"ProblemLists", testProblemLists},
		{"Reports", testReports},
		{"ReportsConcurrent", testReportsConcurrent},
		// suite_reports_import.go
		{"ImportReports", testImportReports},
		// suite_monitor.go
		{"MonitorData", testMonitorData},
		{"ReportPhotos", testReportPhotos},
		// suite_insight.go
		{"Insight", testInsight},
		{"InsightDaylightSaving", testInsightDaylightSaving},
		{"InsightReadinessHelp", testInsightReadinessHelp},
		// suite_rollups.go
		{"RollupsRecount", testRollupsRecount},
		// suite_responses.go
		{"InsightResponses", testInsightResponses},
		// suite_search.go
		{"SearchComments", testSearchComments},
		{"SearchValidate", testSearchValidate},
		// suite_notify.go
		{"PushSubscriptions", testPushSubscriptions},
		{"VAPIDKeys", testVAPIDKeys},
		{"MailOptOuts", testMailOptOuts},
		// suite_alerts.go
		{"AspectNegatives", testAspectNegatives},
		{"AlertClaims", testAlertClaims},
		{"WeeklyReportClaims", testWeeklyReportClaims},
		// suite_webhooks.go
		{"Webhooks", testWebhooks},
		// suite_photos.go
		{"Photos", testPhotos},
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

func testClose(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	const n = 100
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() {
			_, err := db.CreateFeedback(ctx, a.Feedback(5))
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
	if _, err := db.CreateFeedback(ctx, a.Feedback(5)); err == nil {
		t.Error("CreateFeedback after Close succeeded")
	}
}
