package main

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// TestExportCommand: tandem export writes the organization's feedback as
// CSV and XLSX files with its progress on stderr; bad input is a usage
// error (exit 2) that leaves no file behind.
func TestExportCommand(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	c, err := parseConfig("test", []string{"--data", data}, io.Discard, "data", nil)
	must(t, err)
	db, err := openStore(ctx, c, newLogger(io.Discard, slog.LevelError))
	must(t, err)
	w := storetest.NewWorld(t, db, "bistro")
	storetest.NewWorld(t, db, "other")
	var rs []tandem.HistoryRecord
	for i := range 3 {
		f := w.Feedback(2+i, tandem.AspectRating{AspectID: w.Blueprint.Aspects[0].ID, Rating: tandem.Negative})
		f.Comment = "Суп остыл, keitto jäähtyi"
		rs = append(rs, tandem.HistoryRecord{Feedback: f})
	}
	must(t, db.ImportHistory(ctx, rs))
	must(t, db.Close())

	dir := t.TempDir()
	file := filepath.Join(dir, "feedback.csv")
	_, stderr, err := runCLI(t, "", "export", "--data", data, "--org", "bistro", "--lang", "ru", "-o", file)
	if err != nil || !strings.Contains(stderr, "Exported 3 feedback of bistro as csv") {
		t.Fatalf("export: %v; stderr %q", err, stderr)
	}
	raw, err := os.ReadFile(file)
	must(t, err)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\ufeff"))).ReadAll()
	must(t, err)
	if len(rows) != 4 || !strings.Contains(strings.Join(rows[0], "|"), "Комментарий") || !strings.Contains(strings.Join(rows[2], "|"), "Суп остыл, keitto jäähtyi") {
		t.Errorf("CSV rows = %q", rows)
	}
	xlsx := filepath.Join(dir, "feedback.xlsx")
	if _, stderr, err = runCLI(t, "", "export", "--data", data, "--org", "bistro", "--service", "1", "-o", xlsx); err != nil {
		t.Fatalf("xlsx export: %v; %s", err, stderr)
	}
	book, err := excelize.OpenFile(xlsx)
	must(t, err)
	xrows, err := book.GetRows(book.GetSheetName(0))
	must(t, err)
	if len(xrows) != 4 || !strings.Contains(strings.Join(xrows[3], "|"), "keitto jäähtyi") {
		t.Errorf("XLSX rows = %q", xrows)
	}

	for _, tc := range []struct {
		args  []string
		usage bool
		want  string
	}{
		{[]string{"--org", "bistro"}, true, "-o FILE is required"},
		{[]string{"--org", "bistro", "--format", "pdf", "-o", "x"}, true, "--format must be csv or xlsx"},
		{[]string{"--org", "bistro", "--from", "1.3.2026", "-o", "x"}, true, "--from must be a day"},
		{[]string{"--org", "bistro", "--from", "2026-03-02", "--to", "2026-03-01", "-o", "x"}, true, "--to must not come before --from"},
		{[]string{"--org", "bistro", "--lang", "de", "-o", "x"}, true, "--lang"},
		{[]string{"--org", "bistro", "--service", "99", "-o", "x"}, false, "export:"},
		{[]string{"--org", "nobody", "-o", "x"}, false, "nobody"},
	} {
		out := filepath.Join(t.TempDir(), "x")
		args := append([]string{"export", "--data", data}, tc.args...)
		for i, a := range args {
			if a == "x" {
				args[i] = out
			}
		}
		_, _, err := runCLI(t, "", args...)
		if err == nil || errors.Is(err, errUsage) != tc.usage || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("export %v: err = %v, want %q (usage %v)", tc.args, err, tc.want, tc.usage)
		}
		if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
			t.Errorf("export %v left %d files", tc.args, len(entries))
		}
	}
}
