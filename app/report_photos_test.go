package app_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/storetest"
)

// tracked is a photo upload that records whether anything read it.
type tracked struct {
	r    io.Reader
	read bool
}

func (t *tracked) Read(p []byte) (int, error) { t.read = true; return t.r.Read(p) }

func pngPhoto(t *testing.T) *tracked {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 12, 9))
	for x := range 12 {
		img.Set(x, x%9, color.RGBA{0, 90, 200, 255})
	}
	var b bytes.Buffer
	must(t, png.Encode(&b, img))
	return &tracked{r: &b}
}

// TestReportPhoto: a report's photo is read only once the rest of the
// report is valid and is not a retry; a photo refused stores no report;
// FinishWork reads the crew's photo only for an item it will finish.
func TestReportPhoto(t *testing.T) {
	ctx := context.Background()
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			db := eng.Open(t)
			uc := app.New(app.StoresOf(db), app.Options{Now: (&clock{at: start}).Now})
			a := storetest.NewWorld(t, db, "clean-a", func(w *storetest.World) {
				w.Touchpoint = &tandem.Touchpoint{Name: tandem.Text{"en": "2F restroom"}, Type: tandem.TypeRestroom}
			})
			code := a.Touchpoint.Code
			items := func() int {
				t.Helper()
				list, err := db.ListWorkItems(ctx, tandem.WorkFilter{OrgID: a.Org.ID})
				must(t, err)
				return len(list)
			}

			// An invalid report leaves its photo unread.
			ph := pngPhoto(t)
			if _, _, err := uc.Report(ctx, app.ReportInput{Code: code, ProblemKey: "dishwasher", Photo: ph}); tandem.ErrorField(err) != "problem" || ph.read {
				t.Errorf("unknown problem: %v, photo read %v", err, ph.read)
			}
			// A refused photo stores no report.
			_, _, err := uc.Report(ctx, app.ReportInput{Code: code, ProblemKey: "no-soap", Photo: strings.NewReader("GIF89a")})
			if tandem.ErrorField(err) != "photo" || tandem.ErrorKey(err) != "error.photo_type" || items() != 0 {
				t.Errorf("a wrong photo: %v, %d items", err, items())
			}

			r, w, err := uc.Report(ctx, app.ReportInput{Code: code, ProblemKey: "no-soap", Key: "tap-1", Photo: pngPhoto(t)})
			must(t, err)
			if r.PhotoID == 0 || w.PhotoID != r.PhotoID {
				t.Fatalf("report photo %d, item photo %d", r.PhotoID, w.PhotoID)
			}
			if p, _, err := db.OpenPhoto(ctx, a.Org.ID, r.PhotoID); err != nil || p.Width != 12 || p.Height != 9 {
				t.Errorf("stored photo %+v, %v", p, err)
			}
			// The retry: the first report, its photo unread.
			ph = pngPhoto(t)
			again, _, created, err := uc.ReportOnce(ctx, app.ReportInput{Code: code, ProblemKey: "no-soap", Key: "tap-1", Photo: ph})
			must(t, err)
			if created || again.ID != r.ID || ph.read {
				t.Errorf("retry: created %v, id %d (want %d), photo read %v", created, again.ID, r.ID, ph.read)
			}

			// Done: a note too long leaves the photo unread and the item open.
			ph = pngPhoto(t)
			if _, err := uc.FinishWork(ctx, a.Org.ID, w.ID, 0, strings.Repeat("x", tandem.MaxNoteRunes+1), ph); tandem.ErrorCode(err) != tandem.EINVALID || ph.read {
				t.Errorf("a long note: %v, photo read %v", err, ph.read)
			}
			// A refused photo leaves the item open.
			if _, err := uc.FinishWork(ctx, a.Org.ID, w.ID, 0, "refilled", strings.NewReader("nope")); tandem.ErrorField(err) != "photo" {
				t.Errorf("a wrong photo: %v", err)
			}
			if got, _ := db.FindWorkItem(ctx, a.Org.ID, w.ID); got.State == tandem.WorkDone {
				t.Error("a refused photo finished the item")
			}
			done, err := uc.FinishWork(ctx, a.Org.ID, w.ID, 0, "refilled", pngPhoto(t))
			must(t, err)
			if done.State != tandem.WorkDone || done.DonePhotoID == 0 || done.DonePhotoID == r.PhotoID || done.PhotoID != r.PhotoID {
				t.Errorf("done = %+v", done)
			}
			// Done again: nothing read, nothing changed.
			ph = pngPhoto(t)
			again2, err := uc.FinishWork(ctx, a.Org.ID, w.ID, 0, "again", ph)
			must(t, err)
			if ph.read || again2.DonePhotoID != done.DonePhotoID || again2.Note != "refilled" {
				t.Errorf("done again: photo read %v, item %+v", ph.read, again2)
			}
			// Another organization's item is not found, its photo unread.
			ph = pngPhoto(t)
			if _, err := uc.FinishWork(ctx, a.Org.ID+1000, w.ID, 0, "", ph); tandem.ErrorCode(err) != tandem.ENOTFOUND || ph.read {
				t.Errorf("another org: %v, photo read %v", err, ph.read)
			}
		})
	}
}
