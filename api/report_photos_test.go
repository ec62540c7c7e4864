package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"mime/multipart"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// jpegBytes is a small real JPEG.
func jpegBytes(tb testing.TB) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), 90, 255})
		}
	}
	var b bytes.Buffer
	must(tb, jpeg.Encode(&b, img, nil))
	return b.Bytes()
}

// reportForm is a multipart report: its fields in order, then a photo
// part when photo is not nil.
func reportForm(tb testing.TB, photo []byte, fields ...string) (string, map[string]string) {
	tb.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for i := 0; i+1 < len(fields); i += 2 {
		must(tb, mw.WriteField(fields[i], fields[i+1]))
	}
	if photo != nil {
		fw, err := mw.CreateFormFile("photo", "IMG_0001.jpg")
		must(tb, err)
		_, err = fw.Write(photo)
		must(tb, err)
	}
	must(tb, mw.Close())
	return b.String(), map[string]string{"Content-Type": mw.FormDataContentType()}
}

// TestReportWithPhoto: POST /api/v1/reports takes a multipart form with a
// photo part; the work item lists the photo's URL; a retry with the same
// Idempotency-Key stores no second photo; a refused photo stores nothing;
// JSON without a photo keeps working.
func TestReportWithPhoto(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			doc := loadDoc(t)
			a := e.A
			shot := jpegBytes(t)
			body, hdr := reportForm(t, shot, "touchpoint", a.TP.Code, "problem", "not-clean", "comment", "crumbs", "lang", "fi",
				"email", "ella@example.com", "consent", "true")
			hdr["Idempotency-Key"] = "photo-1"
			resp, out := e.do(t, "POST", "/api/v1/reports", body, hdr)
			if resp.StatusCode != 201 {
				t.Fatalf("status %d: %s", resp.StatusCode, out)
			}
			doc.checkResponse(t, e.Mux, "POST", "/api/v1/reports", resp, out)
			var rep struct {
				ID         int64
				WorkItemID int64 `json:"work_item_id"`
				Photo      bool  `json:"photo_attached"`
				Lang       string
			}
			must(t, json.Unmarshal(out, &rep))
			if !rep.Photo || rep.WorkItemID == 0 || rep.Lang != "fi" {
				t.Fatalf("report = %s", out)
			}
			ctx := context.Background()
			item, err := e.DB.FindWorkItem(ctx, a.Org.ID, rep.WorkItemID)
			must(t, err)
			first := item.PhotoID
			if first == 0 {
				t.Fatal("the work item has no photo")
			}
			if p, data, err := e.DB.OpenPhoto(ctx, a.Org.ID, first); err != nil || p.Type != tandem.PhotoJPEG || len(data) == 0 {
				t.Errorf("stored photo = %+v, %d bytes, %v", p, len(data), err)
			}
			photoURL := fmt.Sprintf(`"photo_url":"/api/v1/photos/%d"`, first)
			reporters := func() int {
				t.Helper()
				it, err := e.DB.FindWorkItem(ctx, a.Org.ID, rep.WorkItemID)
				must(t, err)
				return it.Reporters
			}

			for _, sc := range []scenario{
				{Name: "the work item lists its photo", Method: "GET", URL: "/api/v1/work-items", Headers: bearer(a), ExpectedStatus: 200,
					ExpectedContent: []string{photoURL}, NotExpected: []string{"done_photo_url"}},
				{Name: "a retry", Method: "POST", URL: "/api/v1/reports", Body: body, Headers: hdr, ExpectedStatus: 200,
					ExpectedContent: []string{fmt.Sprintf(`"id":%d`, rep.ID), `"photo_attached":true`}},
				{Name: "JSON without a photo", Method: "POST", URL: "/api/v1/reports", ExpectedStatus: 201,
					Body:            fmt.Sprintf(`{"touchpoint": %q, "problem": "not-clean"}`, a.TP.Code),
					ExpectedContent: []string{`"photo_attached":false`}},
			} {
				t.Run(sc.Name, func(t *testing.T) { run(t, e, doc, sc) })
			}
			// The retry stored no second photo: the next one stored is the
			// one after the first.
			if it, _ := e.DB.FindWorkItem(ctx, a.Org.ID, rep.WorkItemID); it.PhotoID != first {
				t.Errorf("the retry changed the item's photo to %d", it.PhotoID)
			}
			body2, hdr2 := reportForm(t, shot, "touchpoint", a.TP.Code, "problem", "not-clean")
			resp, out = e.do(t, "POST", "/api/v1/reports", body2, hdr2)
			if resp.StatusCode != 201 {
				t.Fatalf("second report: status %d: %s", resp.StatusCode, out)
			}
			if it, _ := e.DB.FindWorkItem(ctx, a.Org.ID, rep.WorkItemID); it.PhotoID != first+1 {
				t.Errorf("second report's photo = %d, want %d: the retry stored one", it.PhotoID, first+1)
			}

			// Refusals store nothing, neither photo nor report.
			before := reporters()
			text, thdr := reportForm(t, []byte("not a picture at all"), "touchpoint", a.TP.Code, "problem", "not-clean")
			thdr["Accept-Language"] = "ru"
			huge, hhdr := reportForm(t, append(append([]byte{}, shot...), make([]byte, 8<<20)...), "touchpoint", a.TP.Code, "problem", "not-clean")
			odd, ohdr := reportForm(t, shot, "touchpoint", a.TP.Code, "problem", "not-clean", "where", "2F")
			twice, twhdr := reportForm(t, shot, "touchpoint", a.TP.Code, "problem", "not-clean", "praise", "yes")
			for _, sc := range []scenario{
				{Name: "not a picture, in Russian", Method: "POST", URL: "/api/v1/reports", Body: text, Headers: thdr, ExpectedStatus: 422,
					ExpectedContent: []string{`"field":"photo"`, "JPEG, PNG"}},
				{Name: "a photo too large", Method: "POST", URL: "/api/v1/reports", Body: huge, Headers: hhdr, ExpectedStatus: 422,
					ExpectedContent: []string{`"field":"photo"`, "8 MB"}},
				{Name: "an unknown form field", Method: "POST", URL: "/api/v1/reports", Body: odd, Headers: ohdr, ExpectedStatus: 400,
					ExpectedContent: []string{`"field":"where"`}},
				{Name: "praise not a boolean", Method: "POST", URL: "/api/v1/reports", Body: twice, Headers: twhdr, ExpectedStatus: 400,
					ExpectedContent: []string{`"field":"praise"`}},
				{Name: "a broken form", Method: "POST", URL: "/api/v1/reports", Body: "--x\r\nnonsense", ExpectedStatus: 400,
					Headers: map[string]string{"Content-Type": "multipart/form-data; boundary=x"}},
			} {
				t.Run(sc.Name, func(t *testing.T) {
					run(t, e, doc, sc)
					if got := reporters(); got != before {
						t.Errorf("reporters %d, want %d: a refused report was stored", got, before)
					}
				})
			}
			if it, _ := e.DB.FindWorkItem(ctx, a.Org.ID, rep.WorkItemID); it.PhotoID != first+1 {
				t.Errorf("photo %d after refusals, want %d", it.PhotoID, first+1)
			}
		})
	}
}
