package app_test

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/storetest"
)

// TestSavePhoto: a phone photo is stored for its organization, smaller and
// clean, stamped with the app's clock; a refused file stores nothing; the
// other organization cannot open it.
func TestSavePhoto(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 26, 7, 30, 0, 0, time.UTC)
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			db := eng.Open(t)
			a := storetest.NewWorld(t, db, "clean-a")
			b := storetest.NewWorld(t, db, "clean-b")
			ap := app.New(app.StoresOf(db), app.Options{Now: func() time.Time { return now }})

			var src bytes.Buffer
			must(t, jpeg.Encode(&src, testImage(3000, 2000), nil))
			p, err := ap.SavePhoto(ctx, a.Org.ID, bytes.NewReader(src.Bytes()))
			must(t, err)
			if p.ID == 0 || p.OrgID != a.Org.ID || p.Type != tandem.PhotoJPEG || p.Width != 2048 || p.Height != 1365 || !p.CreatedAt.Equal(now) {
				t.Errorf("SavePhoto = %+v", p)
			}
			got, data, err := db.OpenPhoto(ctx, a.Org.ID, p.ID)
			must(t, err)
			if got.Bytes != len(data) || got.Width != 2048 {
				t.Errorf("stored %+v with %d bytes", got, len(data))
			}
			if cfg, err := jpeg.DecodeConfig(bytes.NewReader(data)); err != nil || cfg.Width != 2048 || cfg.Height != 1365 {
				t.Errorf("stored bytes: %v, %v", cfg, err)
			}
			if _, _, err := db.OpenPhoto(ctx, b.Org.ID, p.ID); tandem.ErrorCode(err) != tandem.ENOTFOUND {
				t.Errorf("org B opens org A's photo: %v", err)
			}

			// Refused: the photo's field and reason; nothing stored, so
			// the next photo's id follows the first.
			for _, body := range []string{"", "no soap\n", "\x89PNG\r\n\x1a\nbroken"} {
				_, err := ap.SavePhoto(ctx, a.Org.ID, strings.NewReader(body))
				if tandem.ErrorCode(err) != tandem.EINVALID || tandem.ErrorField(err) != "photo" {
					t.Errorf("SavePhoto(%q) = %v, want EINVALID on photo", body, err)
				}
			}
			var small bytes.Buffer
			must(t, jpeg.Encode(&small, image.NewGray(image.Rect(0, 0, 8, 8)), nil))
			q, err := ap.SavePhoto(ctx, b.Org.ID, &small)
			must(t, err)
			if q.OrgID != b.Org.ID || q.Width != 8 {
				t.Errorf("second photo = %+v", q)
			}
		})
	}
}
