package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlite"
)

// TestFailStopAfterWALSync: once an fsync of the WAL fails, the store stops
// writing, as PostgreSQL does: the batch's caller gets an internal error,
// every later write is refused at once, and Ping reports why, so /healthz
// answers 503. A later fsync that succeeds must not count: the OS may have
// dropped the pages the failed one could not write.
//
// The fsync is made to fail by removing the WAL file under SQLite, which
// goes on writing to its open descriptor: the store finds no file to fsync.
func TestFailStopAfterWALSync(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tandem.db")
	db, err := sqlite.Open(ctx, path)
	must(t, err)
	defer db.Close()
	_, err = db.Migrate(ctx)
	must(t, err)

	org := &tandem.Organization{Name: "Okno", Slug: "okno", TimeZone: "Europe/Helsinki"}
	must(t, db.CreateOrg(ctx, org))
	site := &tandem.Site{OrgID: org.ID, Name: tandem.Text{"en": "Hall"}}
	must(t, db.CreateSite(ctx, site))
	svc := &tandem.Service{OrgID: org.ID, SiteID: site.ID, Name: tandem.Text{"en": "Dine-in"}}
	must(t, db.CreateService(ctx, svc))
	bp := &tandem.Blueprint{OrgID: org.ID, ServiceID: svc.ID,
		Steps:   []tandem.Step{{Key: "serve", Lane: tandem.LaneFrontline, Title: tandem.Text{"en": "Serve"}}},
		Aspects: []tandem.Aspect{{Key: "temp", StepKey: "serve", Name: tandem.Text{"en": "Temperature"}, ControlledBy: tandem.PartyProvider}}}
	must(t, db.PublishBlueprint(ctx, bp))
	tp := &tandem.Touchpoint{OrgID: org.ID, SiteID: site.ID, ServiceID: svc.ID, Name: tandem.Text{"en": "Table 1"}}
	must(t, db.CreateTouchpoint(ctx, tp))
	feedback := func() *tandem.Feedback {
		f := &tandem.Feedback{OrgID: org.ID, ServiceID: svc.ID, BlueprintID: bp.ID, TouchpointID: tp.ID, SiteID: site.ID, Overall: 4}
		must(t, f.Validate(bp, nil))
		return f
	}
	if _, err := db.CreateFeedback(ctx, feedback()); err != nil {
		t.Fatalf("CreateFeedback before the failure: %v", err)
	}
	must(t, db.Ping(ctx))

	must(t, os.Remove(path+"-wal"))
	ok, err := db.CreateFeedback(ctx, feedback())
	if err == nil || ok || tandem.ErrorCode(err) != tandem.EINTERNAL {
		t.Fatalf("CreateFeedback whose fsync failed = %v, %v; want an internal error", ok, err)
	}
	if !strings.Contains(err.Error(), "fsync") {
		t.Errorf("error %q does not say what happened", err)
	}

	// The file is back, so an fsync would now succeed: the store must
	// still refuse.
	must(t, os.WriteFile(path+"-wal", nil, 0o600))
	start := time.Now()
	_, err2 := db.CreateFeedback(ctx, feedback())
	if err2 == nil || tandem.ErrorCode(err2) != tandem.EINTERNAL {
		t.Errorf("CreateFeedback after the failure = %v, want an internal error", err2)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("refusal took %v, want it at once", d)
	}
	if err := db.CreateSite(ctx, &tandem.Site{OrgID: org.ID, Name: tandem.Text{"en": "Terrace"}}); err == nil {
		t.Error("CreateSite after the failure succeeded, want every write refused")
	}
	if err := db.SetCause(ctx, org.ID, 1, bp.Aspects[0].ID, tandem.PartyShared); err == nil || tandem.ErrorCode(err) != tandem.EINTERNAL {
		t.Errorf("SetCause after the failure = %v, want an internal error", err)
	}
	if err := db.Ping(ctx); err == nil || !strings.Contains(err.Error(), "fsync") {
		t.Errorf("Ping after the failure = %v, want the fsync failure", err)
	}
	// Reads go on.
	if _, err := db.FindTouchpoint(ctx, org.ID, tp.ID); err != nil {
		t.Errorf("FindTouchpoint after the failure: %v", err)
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
