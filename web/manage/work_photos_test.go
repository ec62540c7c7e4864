package manage_test

import (
	"bytes"
	"context"
	"html"
	"image"
	"image/color"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
)

// postPhoto posts fields (name, value, …) and a photo part as the crew
// view's multipart form does.
func (c *client) postPhoto(path string, photo []byte, fields ...string) response {
	c.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for i := 0; i+1 < len(fields); i += 2 {
		must(c.t, mw.WriteField(fields[i], fields[i+1]))
	}
	fw, err := mw.CreateFormFile("photo", "done.jpg")
	must(c.t, err)
	_, err = fw.Write(photo)
	must(c.t, err)
	must(c.t, mw.Close())
	req, _ := http.NewRequest("POST", c.e.srv.URL+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func doneJPEG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		img.Set(x, x%30, color.RGBA{10, 160, 90, 255})
	}
	var b bytes.Buffer
	must(t, jpeg.Encode(&b, img, nil))
	return b.Bytes()
}

// TestWorkPhotos: the crew view shows the report's photo as a lazy
// thumbnail linking to it, with alt text in the crew's language; "Done"
// takes a photo of the work done, which a refused photo leaves undone.
func TestWorkPhotos(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.a
		m := e.client(t).login(a.manager.Email)
		en := e.cat.Printer("en")
		wid := id(a.work.ID)
		src := "/app/photos/" + id(a.photo.ID)
		r := m.get("/app/work?site=all")
		alt := en.T("manage.work.report_photo", "Not clean, Table 12")
		if !strings.Contains(r.Body, `<a class="work-photo" href="`+src+`"><img src="`+src+`" loading="lazy" width="96" height="96" alt="`) ||
			!strings.Contains(r.Body, `enctype="multipart/form-data"`) || !strings.Contains(r.Body, `name="photo" accept="image/jpeg,image/png,image/webp"`) {
			t.Fatalf("crew view lacks the photo or the picker:\n%s", r.Body)
		}
		if !strings.Contains(r.Body, html.EscapeString(alt)) {
			t.Errorf("the thumbnail's alt text is not %q", alt)
		}
		if r := m.get(src); r.Status != 200 || r.Header.Get("Content-Type") != tandem.PhotoJPEG {
			t.Errorf("GET %s = %d %s", src, r.Status, r.Header.Get("Content-Type"))
		}

		// Not a picture: refused with the reason, the item not done.
		r = m.postPhoto("/app/work/"+wid+"/done", []byte("not a picture"), "note", "Pyyhitty")
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, html.EscapeString(en.T("error.photo_type"))) {
			t.Errorf("a wrong photo = %d:\n%s", r.Status, r.Body)
		}
		if w, _ := e.db.FindWorkItem(ctx, a.org.ID, a.work.ID); w.State == tandem.WorkDone || w.DonePhotoID != 0 {
			t.Errorf("a refused photo finished the item: %+v", w)
		}

		// A real photo: done, with the crew's photo beside the report's.
		r = m.postPhoto("/app/work/"+wid+"/done", doneJPEG(t), "note", "Pyyhitty", "next", "/app/work?site=all")
		if r.Status != http.StatusSeeOther || r.Location != "/app/work?site=all#work-"+wid {
			t.Fatalf("done = %d %q:\n%s", r.Status, r.Location, r.Body)
		}
		w, err := e.db.FindWorkItem(ctx, a.org.ID, a.work.ID)
		must(t, err)
		if w.State != tandem.WorkDone || w.Note != "Pyyhitty" || w.PhotoID != a.photo.ID || w.DonePhotoID == 0 {
			t.Fatalf("done item = %+v", w)
		}
		if r := m.get("/app/photos/" + id(w.DonePhotoID)); r.Status != 200 {
			t.Errorf("the crew's photo = %d", r.Status)
		}
		// Org B's manager sees neither.
		b := e.client(t).login(e.b.manager.Email)
		for _, p := range []int64{a.photo.ID, w.DonePhotoID} {
			if r := b.get("/app/photos/" + id(p)); r.Status != http.StatusNotFound {
				t.Errorf("B GET /app/photos/%d = %d, want 404", p, r.Status)
			}
		}
	})
}
