package app_test

import (
	"bytes"
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/demo"
	"github.com/tandemhq/tandem/storetest"
)

// TestDemoBlueprintsCopy: every demo service exported and imported into a
// fresh organization is the same design there, file for file; imported
// again as the next version of the copy it keeps its keys, and the copy
// stays invisible to the demo organization.
func TestDemoBlueprintsCopy(t *testing.T) {
	ctx := context.Background()
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			db := eng.Open(t)
			st := demo.Stores{Stores: app.StoresOf(db)}
			res, err := demo.Seed(ctx, st, demo.Options{Now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Password: "long-enough-password"})
			must(t, err)
			fresh := storetest.NewWorld(t, db, "fresh-org")
			uc := app.New(app.StoresOf(db), app.Options{})
			for _, k := range demo.ServiceKeys {
				svc := res.Services[k]
				file, _, err := uc.ExportBlueprint(ctx, res.Org.ID, svc.ID)
				must(t, err)
				copied, b, err := uc.ImportBlueprint(ctx, fresh.Org.ID, 0, file)
				must(t, err)
				if copied.OrgID != fresh.Org.ID || copied.Version != 1 || !reflect.DeepEqual(copied.Name, svc.Name.Trimmed()) {
					t.Errorf("%s: copy = %+v", k, copied)
				}
				again, _, err := uc.ExportBlueprint(ctx, fresh.Org.ID, copied.ID)
				must(t, err)
				if !bytes.Equal(file, again) {
					t.Errorf("%s: the copy exports differently:\n%s\nwant:\n%s", k, again, file)
				}
				orig, err := db.CurrentBlueprint(ctx, res.Org.ID, svc.ID)
				must(t, err)
				for i := range orig.Steps {
					if b.Steps[i].Key != orig.Steps[i].Key || b.Steps[i].ID == orig.Steps[i].ID {
						t.Errorf("%s: step %d key %q id %d", k, i, b.Steps[i].Key, b.Steps[i].ID)
					}
				}
				// The next version from the same file: same keys, version 2.
				_, v2, err := uc.ImportBlueprint(ctx, fresh.Org.ID, copied.ID, file)
				must(t, err)
				if v2.Version != 2 || v2.Steps[0].Key != b.Steps[0].Key || len(v2.Stale) != 0 {
					t.Errorf("%s: next version = v%d, stale %v", k, v2.Version, v2.Stale)
				}
				// Another organization's service is not found, whatever the file.
				_, _, err = uc.ImportBlueprint(ctx, res.Org.ID, copied.ID, file)
				wantErr(t, err, tandem.ENOTFOUND, "")
				_, _, err = uc.ExportBlueprint(ctx, res.Org.ID, copied.ID)
				wantErr(t, err, tandem.ENOTFOUND, "")
			}
			// A refused file stores nothing.
			before, err := db.ListServices(ctx, fresh.Org.ID)
			must(t, err)
			_, _, err = uc.ImportBlueprint(ctx, fresh.Org.ID, 0, []byte(`{"format": "tandem.blueprint/9"}`))
			wantErr(t, err, tandem.EINVALID, "format")
			after, err := db.ListServices(ctx, fresh.Org.ID)
			must(t, err)
			if len(after) != len(before) {
				t.Errorf("a refused import stored a service")
			}
		})
	}
}

// TestImportBlueprintAllOrNothing: importing a file as a new service
// stores the service and its first version together. When the store
// fails after writing the service (here its clock abandons the request
// while the blueprint is being published), no empty service is left.
func TestImportBlueprintAllOrNothing(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			db := eng.Open(t)
			w := storetest.NewWorld(t, db, "org-a")
			uc := app.New(app.StoresOf(db), app.Options{})
			file, _, err := uc.ExportBlueprint(ctx, w.Org.ID, w.Service.ID)
			must(t, err)
			before, err := db.ListServices(ctx, w.Org.ID)
			must(t, err)

			c, cancel := context.WithCancel(ctx)
			defer cancel()
			db.SetClock(func() time.Time { cancel(); return time.Now() })
			if _, _, err := uc.ImportBlueprint(c, w.Org.ID, 0, file); err == nil {
				t.Fatal("ImportBlueprint succeeded with its request abandoned")
			}
			db.SetClock(time.Now)
			after, err := db.ListServices(ctx, w.Org.ID)
			must(t, err)
			if len(after) != len(before) {
				t.Fatalf("a failed import left %d services, want %d: %+v", len(after), len(before), after[len(after)-1])
			}

			svc, b, err := uc.ImportBlueprint(ctx, w.Org.ID, 0, file)
			must(t, err)
			if got, err := db.FindService(ctx, w.Org.ID, svc.ID); err != nil || got.Version != 1 || b.Version != 1 || b.ServiceID != svc.ID {
				t.Errorf("imported %+v, stored %+v, %v; blueprint v%d of %d", svc, got, err, b.Version, b.ServiceID)
			}
		})
	}
}
