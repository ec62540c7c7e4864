package manage_test

import (
	"bytes"
	"image"
	"image/jpeg"
	"net/http"
	"testing"
)

// TestPhoto: a photo is served to the signed-in users of its organization,
// whatever their role, as the stored type with nosniff and private caching;
// another organization's manager and a signed-out browser do not get it.
func TestPhoto(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		var src bytes.Buffer
		must(t, jpeg.Encode(&src, image.NewGray(image.Rect(0, 0, 64, 48)), nil))
		p, err := e.mgr.App.SavePhoto(ctx, e.a.org.ID, &src)
		must(t, err)
		_, stored, err := e.db.OpenPhoto(ctx, e.a.org.ID, p.ID)
		must(t, err)
		path := "/app/photos/" + id(p.ID)

		for _, email := range []string{e.a.manager.Email, e.a.staff.Email} {
			r := e.client(t).login(email).get(path)
			if r.Status != http.StatusOK || r.Body != string(stored) {
				t.Fatalf("%s GET %s = %d, %d bytes; want 200 and the %d stored bytes", email, path, r.Status, len(r.Body), len(stored))
			}
			for k, want := range map[string]string{
				"Content-Type":           "image/jpeg",
				"X-Content-Type-Options": "nosniff",
				"Cache-Control":          "private, max-age=86400",
				"Content-Disposition":    "inline",
			} {
				if got := r.Header.Get(k); got != want {
					t.Errorf("%s: %s = %q, want %q", path, k, got, want)
				}
			}
		}

		b := e.client(t).login(e.b.manager.Email)
		for _, p := range []string{path, "/app/photos/" + id(e.a.photo.ID), "/app/photos/x", "/app/photos/0", "/app/photos/99999999"} {
			if r := b.get(p); r.Status != http.StatusNotFound || bytes.Contains([]byte(r.Body), stored[:64]) {
				t.Errorf("org B GET %s = %d, want 404", p, r.Status)
			}
		}
		if r := b.get("/app/photos/" + id(e.b.photo.ID)); r.Status != http.StatusOK {
			t.Errorf("org B GET its own photo = %d", r.Status)
		}
		if r := e.client(t).get(path); r.Status == http.StatusOK || r.Body == string(stored) {
			t.Errorf("signed out GET %s = %d", path, r.Status)
		}
	})
}
