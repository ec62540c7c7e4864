package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// TestReportCommand: tandem report weekly prints the report a manager gets
// on Mondays, in their language, as HTML or text; a user of another
// organization or a bad week is refused.
func TestReportCommand(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	c, err := parseConfig("test", []string{"--data", data}, io.Discard, "data", nil)
	must(t, err)
	db, err := openStore(ctx, c, newLogger(io.Discard, slog.LevelError))
	must(t, err)
	w := storetest.NewWorld(t, db, "bistro")
	other := storetest.NewWorld(t, db, "other")
	w.AddUser(&tandem.User{Name: "Mari", Role: tandem.RoleManager, Lang: "fi", Email: "mari@bistro.example"})
	other.AddUser(&tandem.User{Name: "Olli", Role: tandem.RoleOwner, Email: "olli@other.example"})
	for i := range 4 {
		f := w.Feedback(2 + i)
		f.CreatedAt = time.Date(2026, 11, 17, 12, i, 0, 0, time.UTC)
		_, err := db.CreateFeedback(ctx, f)
		must(t, err)
	}
	must(t, db.Close())

	out, _, err := runCLI(t, "", "report", "weekly", "--data", data, "--org", "bistro", "--user", "mari@bistro.example", "--week", "2026-11-19")
	if err != nil || !strings.Contains(out, `<html lang="fi">`) || !strings.Contains(out, "16.11.2026") || !strings.Contains(out, "Vastaukset") {
		t.Errorf("HTML report: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, "", "report", "weekly", "--data", data, "--org", "bistro", "--user", "mari@bistro.example", "--week", "2026-11-16", "--text")
	if err != nil || !strings.HasPrefix(out, "To: mari@bistro.example\nSubject: Viikkoraportti") || !strings.Contains(out, "Vastaukset") {
		t.Errorf("text report: %v\n%s", err, out)
	}
	if _, _, err = runCLI(t, "", "report", "weekly", "--data", data, "--org", "bistro", "--user", "olli@other.example"); err == nil {
		t.Error("another organization's user: no error")
	}
	if _, _, err = runCLI(t, "", "report", "weekly", "--data", data, "--org", "bistro", "--user", "mari@bistro.example", "--week", "soon"); !errors.Is(err, errUsage) {
		t.Errorf("a bad week: %v, want a usage error", err)
	}
}
