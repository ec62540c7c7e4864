package app_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/sqlstore"
	"github.com/tandemhq/tandem/storetest"
)

// exportCtx is the export tests' context.
var exportCtx = context.Background()

// exportWorld is a world whose blueprint asks two readiness questions.
func exportWorld(t testing.TB, db *sqlstore.DB, slug string) *storetest.World {
	return storetest.NewWorld(t, db, slug, func(w *storetest.World) {
		w.Blueprint.Readiness = []tandem.Dimension{tandem.Motivation, tandem.KnowHow}
		w.Blueprint.Aspects[0].Name = tandem.Text{"en": "Temperature", "ru": "Температура", "fi": "Lämpötila"}
	})
}

// importFeedback stores fs in one import.
func importFeedback(t testing.TB, db *sqlstore.DB, fs []*tandem.Feedback) {
	t.Helper()
	rs := make([]tandem.HistoryRecord, len(fs))
	for i, f := range fs {
		rs[i] = tandem.HistoryRecord{Feedback: f}
	}
	if err := db.ImportHistory(exportCtx, rs); err != nil {
		t.Fatal(err)
	}
}

// TestExportFeedback: the CSV and the XLSX hold every feedback of the
// organization and no other's, with aspects, causes, readiness and the
// customers' Cyrillic and Finnish text intact, headers in the manager's
// language; staff may not export; a bad format changes nothing.
func TestExportFeedback(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			db := eng.Open(t)
			uc := app.New(app.StoresOf(db), app.Options{Now: func() time.Time { return start }})
			a, b := exportWorld(t, db, "exp-a"), exportWorld(t, db, "exp-b")
			manager := a.AddUser(&tandem.User{Name: "Mila", Role: tandem.RoleManager, Lang: "ru"})
			staff := a.AddUser(&tandem.User{Name: "Pirjo", Role: tandem.RoleStaff, Lang: "fi"})
			temp, wait := a.Blueprint.Aspects[0], a.Blueprint.Aspects[1]
			var fs []*tandem.Feedback
			for i := range 12 {
				f := a.Feedback(1+i%5, tandem.AspectRating{AspectID: temp.ID, Rating: tandem.Negative, Cause: tandem.PartyCustomer},
					tandem.AspectRating{AspectID: wait.ID, Rating: tandem.Positive})
				f.Comment = fmt.Sprintf("Кофе остыл, kahvi jäähtyi %d", i)
				f.CreatedAt = start.Add(time.Duration(i) * time.Hour)
				f.FirstTime = i%2 == 0
				f.Readiness = map[tandem.Dimension]int{tandem.Motivation: 4}
				fs = append(fs, f)
			}
			fs[3].Comment = "=SUM(A1:A2)"
			importFeedback(t, db, fs)
			secret := b.Feedback(2)
			secret.Comment = "org b only"
			importFeedback(t, db, []*tandem.Feedback{secret})

			var csvOut bytes.Buffer
			var seen []int
			n, err := uc.ExportFeedback(exportCtx, manager, app.ExportQuery{}, app.ExportCSV, &csvOut, func(n int) { seen = append(seen, n) })
			if err != nil || n != len(fs) {
				t.Fatalf("CSV export = %d, %v; want %d rows", n, err, len(fs))
			}
			if !slices.Equal(seen, []int{len(fs)}) {
				t.Errorf("progress %v, want the final count", seen)
			}
			raw := csvOut.String()
			if !strings.HasPrefix(raw, "\ufeff") {
				t.Error("CSV has no byte order mark")
			}
			if strings.Contains(raw, "org b only") {
				t.Error("CSV holds another organization's feedback")
			}
			rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(raw, "\ufeff"))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			checkExport(t, "CSV", rows, fs)
			if got := rows[4][col(t, rows[0], "Комментарий")]; got != "'=SUM(A1:A2)" {
				t.Errorf("CSV formula-like comment = %q, want it kept as text", got)
			}

			var xlsxOut bytes.Buffer
			if n, err := uc.ExportFeedback(exportCtx, manager, app.ExportQuery{}, app.ExportXLSX, &xlsxOut, nil); err != nil || n != len(fs) {
				t.Fatalf("XLSX export = %d, %v", n, err)
			}
			book, err := excelize.OpenReader(&xlsxOut)
			if err != nil {
				t.Fatal(err)
			}
			rows, err = book.GetRows("Отзывы")
			if err != nil {
				t.Fatal(err)
			}
			checkExport(t, "XLSX", rows, fs)
			if got := rows[4][col(t, rows[0], "Комментарий")]; got != "=SUM(A1:A2)" {
				t.Errorf("XLSX comment = %q, want the text as written", got)
			}

			// A period selects by time; Finnish headers for a Finnish manager.
			fiManager := a.AddUser(&tandem.User{Name: "Aino", Role: tandem.RoleOwner, Lang: "fi"})
			csvOut.Reset()
			q := app.ExportQuery{ServiceID: a.Service.ID, From: start.Add(2 * time.Hour), To: start.Add(5 * time.Hour)}
			if n, err := uc.ExportFeedback(exportCtx, fiManager, q, app.ExportCSV, &csvOut, nil); err != nil || n != 3 {
				t.Errorf("period export = %d, %v; want 3", n, err)
			}
			if !strings.Contains(csvOut.String(), "Kommentti") || !strings.Contains(csvOut.String(), "Lämpötila: syy") {
				t.Errorf("Finnish headers missing: %q", strings.SplitN(csvOut.String(), "\n", 2)[0])
			}

			// Refusals write nothing.
			for _, c := range []struct {
				actor  *tandem.User
				q      app.ExportQuery
				format app.ExportFormat
				code   string
			}{
				{staff, app.ExportQuery{}, app.ExportCSV, tandem.EFORBIDDEN},
				{manager, app.ExportQuery{}, "pdf", tandem.EINVALID},
				{manager, app.ExportQuery{From: start, To: start}, app.ExportCSV, tandem.EINVALID},
				{manager, app.ExportQuery{ServiceID: b.Service.ID}, app.ExportCSV, tandem.ENOTFOUND},
			} {
				var out bytes.Buffer
				_, err := uc.ExportFeedback(exportCtx, c.actor, c.q, c.format, &out, nil)
				if tandem.ErrorCode(err) != c.code || out.Len() != 0 {
					t.Errorf("%s %+v %s: %v with %d bytes, want %s and nothing written", c.actor.Role, c.q, c.format, err, out.Len(), c.code)
				}
			}
		})
	}
}

// col finds a header's column.
func col(t *testing.T, header []string, name string) int {
	t.Helper()
	i := slices.Index(header, name)
	if i < 0 {
		t.Fatalf("no column %q in %q", name, header)
	}
	return i
}

// checkExport compares exported rows (a Russian header first) with the
// stored feedback.
func checkExport(t *testing.T, what string, rows [][]string, fs []*tandem.Feedback) {
	t.Helper()
	if len(rows) != len(fs)+1 {
		t.Fatalf("%s has %d rows, want a header and %d", what, len(rows), len(fs))
	}
	h := rows[0]
	id, comment, overall := col(t, h, "ID"), col(t, h, "Комментарий"), col(t, h, "Общая оценка (1–5)")
	temp, cause := col(t, h, "Температура"), col(t, h, "Температура: причина")
	motivation, first, created := col(t, h, "Стоило делать самому (1–5)"), col(t, h, "Впервые"), col(t, h, "Дата и время")
	for i, f := range fs {
		r := rows[i+1]
		if r[id] != fmt.Sprint(f.ID) || r[overall] != fmt.Sprint(f.Overall) || r[motivation] != "4" {
			t.Errorf("%s row %d = %q, want feedback %d", what, i, r, f.ID)
		}
		if i != 3 && r[comment] != f.Comment {
			t.Errorf("%s comment %q, want %q", what, r[comment], f.Comment)
		}
		if r[temp] != "плохо" || r[cause] != "Клиент" {
			t.Errorf("%s temperature %q cause %q, want плохо, Клиент", what, r[temp], r[cause])
		}
		if want := map[bool]string{true: "да", false: "нет"}[f.FirstTime]; r[first] != want {
			t.Errorf("%s first time %q, want %q", what, r[first], want)
		}
		// The world's organization is in Helsinki: UTC+2 in March.
		if want := f.CreatedAt.Add(2 * time.Hour).Format("2006-01-02 15:04:05"); r[created] != want {
			t.Errorf("%s time %q, want %q", what, r[created], want)
		}
	}
}

// TestExportMemory exports 50,000 feedback as CSV and as XLSX from SQLite
// and logs the peak heap seen while writing: the export reads a chunk at a
// time, so the peak does not grow with the rows. It asserts nothing about
// time; it fails only if the heap held the whole export several times over.
func TestExportMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 50,000 feedback")
	}
	db := storetest.NewSQLite(t)
	uc := app.New(app.StoresOf(db), app.Options{})
	w := exportWorld(t, db, "exp-mem")
	manager := w.AddUser(&tandem.User{Name: "Mila", Role: tandem.RoleManager, Lang: "ru"})
	const total = 50_000
	for done := 0; done < total; done += 5000 {
		fs := make([]*tandem.Feedback, 5000)
		for i := range fs {
			f := w.Feedback(1+i%5, tandem.AspectRating{AspectID: w.Blueprint.Aspects[0].ID, Rating: tandem.Negative})
			f.Comment = strings.Repeat("Кофе остыл, kahvi jäähtyi. ", 4)
			f.CreatedAt = start.Add(time.Duration(done+i) * time.Second)
			fs[i] = f
		}
		importFeedback(t, db, fs)
	}
	// The live heap, as the last collection marked it: what the export
	// holds, not the garbage it has yet to collect, which varies with the
	// collector's pace from run to run.
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	liveHeap := func() uint64 {
		metrics.Read(live)
		return live[0].Value.Uint64()
	}
	for _, format := range []app.ExportFormat{app.ExportCSV, app.ExportXLSX} {
		runtime.GC()
		base, peak := liveHeap(), liveHeap()
		sample := func(int) { peak = max(peak, liveHeap()) }
		var out countWriter
		n, err := uc.ExportFeedback(exportCtx, manager, app.ExportQuery{}, format, &out, sample)
		if err != nil || n != total {
			t.Fatalf("%s export = %d, %v", format, n, err)
		}
		grown := peak - base
		t.Logf("%s: %d rows, %.1f MB written, peak live heap %.1f MB above the start", format, n, float64(out)/1e6, float64(grown)/1e6)
		if grown > 3*uint64(out) && grown > 64<<20 {
			t.Errorf("%s: heap grew by %d bytes for a %d-byte export", format, grown, out)
		}
	}
}

// countWriter counts and discards what is written.
type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}
