package customer_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
	"github.com/tandemhq/tandem/web/view"
)

// jpegPhoto is a small real JPEG.
func jpegPhoto(tb testing.TB) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 80, 60))
	for x := range 80 {
		for y := range 60 {
			img.Set(x, y, color.RGBA{200, uint8(x * 3), uint8(y * 4), 255})
		}
	}
	var b bytes.Buffer
	must(tb, jpeg.Encode(&b, img, nil))
	return b.Bytes()
}

// postMultipart posts fields (name, value, …) and, when photo is not nil,
// a photo part, as a browser sends a form with a file picker.
func (c *client) postMultipart(path string, photo []byte, fields ...string) page {
	c.tb.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for i := 0; i+1 < len(fields); i += 2 {
		must(c.tb, mw.WriteField(fields[i], fields[i+1]))
	}
	if photo != nil {
		fw, err := mw.CreateFormFile("photo", "IMG_0042.jpg")
		must(c.tb, err)
		_, err = fw.Write(photo)
		must(c.tb, err)
	} else {
		// No file chosen: browsers send the part empty, without a name.
		fw, err := mw.CreateFormFile("photo", "")
		must(c.tb, err)
		_, _ = fw.Write(nil)
	}
	must(c.tb, mw.Close())
	req, _ := http.NewRequest("POST", c.base+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// TestReportPhoto: the report form offers a photo picker without
// JavaScript; a photo refused shows the form again with the reason in the
// reporter's language and stores nothing; an accepted one goes with the
// report to its work item, and the status page says it is attached but
// never shows it, nor the crew's photo once it is fixed.
func TestReportPhoto(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.Open(t))
			tp := f.restroom(t)
			fi := catalog.Printer("fi")
			c := f.client("fi")
			p := c.get("/t/" + tp.Code)
			wantStatus(t, p, 200)
			wantContains(t, p, `enctype="multipart/form-data"`, `type="file" id="photo" name="photo" accept="image/jpeg,image/png,image/webp" capture="environment"`,
				esc(fi.T("customer.report.photo")))
			key := regexpValue(p.Body, "key")
			action := "/t/" + tp.Code + "/report"
			none := func() {
				t.Helper()
				if items, _ := f.db.ListWorkItems(f.ctx, tandem.WorkFilter{OrgID: f.org.ID}); len(items) != 0 {
					t.Fatalf("a refused report stored %d items", len(items))
				}
			}

			// Not a picture: the form again, as entered, with the reason.
			bad := c.postMultipart(action, []byte("GIF89a not taken"), "lang", "fi", "key", key, "problem", "no-soap", "comment", "vasen allas")
			wantStatus(t, bad, 422)
			wantContains(t, bad, esc(fi.T("error.photo_type")), "vasen allas", `value="no-soap" checked`, `aria-describedby="photo-hint report-error"`)
			none()
			// Over the bound of the form: refused unread, nothing stored.
			big := append(jpegPhoto(t), make([]byte, view.PhotoFormBytes)...)
			bad = c.postMultipart(action, big, "lang", "fi", "key", key, "problem", "no-soap")
			wantStatus(t, bad, 422)
			wantContains(t, bad, esc(fi.T("error.photo_too_large")))
			none()

			// No file chosen: a report without a photo, as before.
			p = c.postMultipart(action, nil, "lang", "fi", "key", tandem.NewSecret(12), "problem", "no-paper")
			wantStatus(t, p, 200)
			if strings.Contains(p.Body, esc(fi.T("customer.report.photo_attached"))) {
				t.Error("a report without a photo says one is attached")
			}

			// A real photo goes with the report.
			p = c.postMultipart(action, jpegPhoto(t), "lang", "fi", "key", key, "problem", "no-soap", "comment", "vasen allas")
			wantStatus(t, p, 200)
			if !strings.HasPrefix(p.URL.Path, "/r/") {
				t.Fatalf("landed on %s", p.URL)
			}
			tok := strings.TrimPrefix(p.URL.Path, "/r/")
			wantContains(t, p, esc(fi.T("customer.report.photo_attached")))
			rep, err := f.db.FindReportByToken(f.ctx, tok)
			must(t, err)
			item, err := f.db.FindWorkItem(f.ctx, f.org.ID, rep.WorkItemID)
			must(t, err)
			if rep.PhotoID == 0 || item.PhotoID != rep.PhotoID {
				t.Fatalf("report photo %d, item photo %d", rep.PhotoID, item.PhotoID)
			}
			if ph, data, err := f.db.OpenPhoto(f.ctx, f.org.ID, rep.PhotoID); err != nil || ph.Width != 80 || len(data) == 0 {
				t.Errorf("stored photo = %+v, %v", ph, err)
			}
			// A double tap: the same report, no second photo.
			again := c.postMultipart(action, jpegPhoto(t), "lang", "fi", "key", key, "problem", "no-soap", "comment", "vasen allas")
			if again.URL.Path != p.URL.Path {
				t.Errorf("the second tap landed on %s", again.URL.Path)
			}
			if _, _, err := f.db.OpenPhoto(f.ctx, f.org.ID, rep.PhotoID+1); tandem.ErrorCode(err) != tandem.ENOTFOUND {
				t.Errorf("the second tap stored a photo: %v", err)
			}

			// Fixed with the crew's photo: the reporter reads the note, sees
			// neither photo.
			_, err = f.app.FinishWork(f.ctx, f.org.ID, item.ID, 0, "Täytetty", bytes.NewReader(jpegPhoto(t)))
			must(t, err)
			if done, _ := f.db.FindWorkItem(f.ctx, f.org.ID, item.ID); done.DonePhotoID == 0 || done.DonePhotoID == rep.PhotoID {
				t.Errorf("the crew's photo = %d", done.DonePhotoID)
			}
			p = c.get("/r/" + tok)
			wantContains(t, p, "Täytetty", esc(fi.T("customer.report.photo_attached")))
			if strings.Contains(p.Body, "/app/photos") || strings.Contains(p.Body, "<img") {
				t.Errorf("the status page shows a photo:\n%s", p.Body)
			}
		})
	}
}
