package storetest

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Photos attached to reports and work items: stored with their bytes,
// read back only by their own organization.

func testPhotos(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	jpg := append([]byte("\xff\xd8\xff\xe0 a JPEG's bytes "), bytes.Repeat([]byte{0, 1, 2, 0xff}, 5000)...)
	p := &tandem.Photo{OrgID: a.Org.ID, Type: tandem.PhotoJPEG, Width: 2048, Height: 1536, CreatedAt: time.UnixMilli(1_780_000_000_123).UTC()}
	must(t, db.SavePhoto(ctx, p, jpg))
	if p.ID <= 0 || p.Bytes != len(jpg) {
		t.Fatalf("SavePhoto set ID %d, Bytes %d", p.ID, p.Bytes)
	}
	got, data, err := db.OpenPhoto(ctx, a.Org.ID, p.ID)
	must(t, err)
	if !reflect.DeepEqual(got, p) || !bytes.Equal(data, jpg) {
		t.Errorf("OpenPhoto = %+v, %d bytes; want %+v, %d bytes", got, len(data), p, len(jpg))
	}

	// A PNG, stamped by the store's clock.
	png := []byte("\x89PNG\r\n\x1a\n a transparent picture")
	q := &tandem.Photo{OrgID: a.Org.ID, Type: tandem.PhotoPNG, Width: 30, Height: 20}
	must(t, db.SavePhoto(ctx, q, png))
	if q.ID == p.ID || q.CreatedAt.IsZero() {
		t.Errorf("second photo: id %d (first %d), created %v", q.ID, p.ID, q.CreatedAt)
	}
	got, data, err = db.OpenPhoto(ctx, a.Org.ID, q.ID)
	must(t, err)
	if got.Type != tandem.PhotoPNG || !bytes.Equal(data, png) || !got.CreatedAt.Equal(q.CreatedAt.Truncate(time.Millisecond)) {
		t.Errorf("OpenPhoto = %+v, %q", got, data)
	}

	// Another organization's id, and ids that do not exist.
	for _, c := range []struct{ org, id int64 }{{b.Org.ID, p.ID}, {b.Org.ID, q.ID}, {a.Org.ID, q.ID + 1000}, {a.Org.ID, 0}, {a.Org.ID, -1}} {
		got, data, err := db.OpenPhoto(ctx, c.org, c.id)
		wantCode(t, err, tandem.ENOTFOUND)
		if got != nil || data != nil {
			t.Errorf("OpenPhoto(%d, %d) returned %v and %d bytes with its error", c.org, c.id, got, len(data))
		}
	}

	// Refused: no bytes, an unknown type, no size, no organization.
	wantInvalid(t, db.SavePhoto(ctx, &tandem.Photo{OrgID: a.Org.ID, Type: tandem.PhotoJPEG, Width: 1, Height: 1}, nil), "photo", "error.photo_empty")
	wantInvalid(t, db.SavePhoto(ctx, &tandem.Photo{OrgID: a.Org.ID, Type: "image/svg+xml", Width: 1, Height: 1}, []byte("<svg/>")), "photo", "error.photo_type")
	wantInvalid(t, db.SavePhoto(ctx, &tandem.Photo{OrgID: a.Org.ID, Type: tandem.PhotoJPEG}, jpg), "photo", "error.photo_unreadable")
	wantCode(t, db.SavePhoto(ctx, &tandem.Photo{Type: tandem.PhotoJPEG, Width: 1, Height: 1}, jpg), tandem.EINVALID)
	// An organization that does not exist: refused, and no file is left.
	wantCode(t, db.SavePhoto(ctx, &tandem.Photo{OrgID: b.Org.ID + 1000, Type: tandem.PhotoJPEG, Width: 1, Height: 1}, jpg), tandem.EINVALID)

	// Saved at once from several requests, each is read back whole.
	var wg sync.WaitGroup
	photos := make([]*tandem.Photo, 8)
	for i := range photos {
		wg.Add(1)
		go func() {
			defer wg.Done()
			photos[i] = &tandem.Photo{OrgID: b.Org.ID, Type: tandem.PhotoJPEG, Width: i + 1, Height: 1}
			if err := db.SavePhoto(ctx, photos[i], bytes.Repeat([]byte{byte(i)}, 1000+i)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for i, p := range photos {
		got, data, err := db.OpenPhoto(ctx, b.Org.ID, p.ID)
		must(t, err)
		if got.Width != i+1 || len(data) != 1000+i || data[0] != byte(i) {
			t.Errorf("concurrent photo %d = %+v, %d bytes", i, got, len(data))
		}
	}

	if db.Engine() == sqlstore.SQLite {
		checkPhotoFiles(t, db, a.Org.ID, b.Org.ID, jpg)
	}
}

// checkPhotoFiles: on SQLite the bytes are files under the photo
// directory, one folder per organization, readable by the server's user
// only, with no temporary file left behind, and not in the database.
func checkPhotoFiles(t *testing.T, db *sqlstore.DB, orgA, orgB int64, jpg []byte) {
	dir := db.PhotoDir()
	if dir == "" {
		t.Fatal("SQLite store without a photo directory")
	}
	files := map[string]int{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() {
			if perm := info.Mode().Perm(); perm != 0o700 {
				t.Errorf("photo folder %s has mode %o, want 700", rel, perm)
			}
			return nil
		}
		if perm := info.Mode().Perm(); perm != 0o600 {
			t.Errorf("photo file %s has mode %o, want 600", rel, perm)
		}
		if strings.HasPrefix(d.Name(), ".") {
			t.Errorf("temporary file %s left behind", rel)
		}
		files[filepath.Dir(rel)]++
		return nil
	})
	must(t, err)
	want := map[string]int{itoa(orgA): 2, itoa(orgB): 8}
	if !reflect.DeepEqual(files, want) {
		t.Errorf("photo files per folder = %v, want %v (none for the refused photo)", files, want)
	}
	found := false
	matches, _ := filepath.Glob(filepath.Join(dir, itoa(orgA), "*.jpg"))
	for _, m := range matches {
		if b, err := os.ReadFile(m); err == nil && bytes.Equal(b, jpg) {
			found = true
		}
	}
	if !found {
		t.Errorf("no .jpg file of org %d holds the photo's bytes (%v)", orgA, matches)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
