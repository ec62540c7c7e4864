package demo_test

import (
	"context"
	"fmt"
	"hash/fnv"
	"reflect"
	"testing"
	"time"

	tandem "github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/demo"
	"github.com/tandemhq/tandem/sqlstore"
	"github.com/tandemhq/tandem/storetest"
)

// fingerprint hashes what the generator made, ids and all, and hands it on
// to the store.
type fingerprint struct {
	db *sqlstore.DB
	h  uint64
	n  int
}

func (p *fingerprint) ImportFeedback(ctx context.Context, fs []*tandem.Feedback) error {
	if err := p.db.ImportFeedback(ctx, fs); err != nil {
		return err
	}
	h := fnv.New64a()
	fmt.Fprint(h, p.h)
	for _, f := range fs {
		fmt.Fprintf(h, "%d %d %d %d %d %s %d %v %q %d %q %s %v %v %d|", f.ID, f.ServiceID, f.SiteID, f.TouchpointID,
			f.Overall, f.Lang, f.CreatedAt.UnixMilli(), f.FirstTime, f.Comment, f.PraiseStaffID, f.Praise,
			fmt.Sprint(f.Aspects), f.Readiness, f.BlueprintID == 0, f.HardestStepID)
	}
	p.h = h.Sum64()
	p.n += len(fs)
	return nil
}

// TestMain stops the PostgreSQL server the tests start, which would
// otherwise outlive them.
func TestMain(m *testing.M) { storetest.Main(m) }

// volumeStore is a store with the demo seeded (no history) and n feedback
// of volume added over 40 days with two chain cafés.
func volumeStore(t *testing.T, e storetest.Engine, n int, seed int64) (*sqlstore.DB, *fingerprint, *demo.VolumeResult) {
	t.Helper()
	ctx := context.Background()
	db := e.Open(t)
	now := time.Date(2026, 3, 30, 12, 0, 0, 0, time.UTC) // spans the change to summer time
	st := demo.Stores{Stores: app.StoresOf(db)}
	if _, err := demo.Seed(ctx, st, demo.Options{Now: now}); err != nil {
		t.Fatal(err)
	}
	p := &fingerprint{db: db}
	var calls []int
	res, err := demo.AddVolume(ctx, app.StoresOf(db), p, demo.VolumeOptions{Feedback: n, Days: 40, Sites: 2, Seed: seed,
		Now: now, Chunk: 700, Progress: func(done, total int, _ time.Duration) { calls = append(calls, done) }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Feedback != n || p.n != n || len(calls) == 0 || calls[len(calls)-1] != n {
		t.Fatalf("stored %d, imported %d, progress %v; want %d", res.Feedback, p.n, calls, n)
	}
	return db, p, res
}

func TestVolume(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			const n = 3000
			db, p, res := volumeStore(t, e, n, 7)
			_, again, _ := volumeStore(t, e, n, 7)
			if p.h != again.h {
				t.Error("the same seed made different feedback")
			}
			if _, other, _ := volumeStore(t, e, n, 8); other.h == p.h {
				t.Error("another seed made the same feedback")
			}

			org, err := db.FindOrgBySlug(ctx, demo.OrgSlug)
			if err != nil {
				t.Fatal(err)
			}
			sites, err := db.ListSites(ctx, org.ID)
			if err != nil || len(sites) != 6+2 || res.ChainSites != 2 {
				t.Fatalf("%d sites (%d chain cafés), %v", len(sites), res.ChainSites, err)
			}
			count, err := db.CountFeedback(ctx, tandem.FeedbackFilter{OrgID: org.ID})
			if err != nil || count != n {
				t.Fatalf("%d feedback stored, %v", count, err)
			}

			// What was made looks like the demo: every language, first-timers,
			// readiness, comments, praise, negatives by more than one cause.
			fs, err := db.ListFeedback(ctx, tandem.FeedbackFilter{OrgID: org.ID, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			langs, causes := map[string]int{}, map[tandem.Party]int{}
			var first, ready, comments, praise, hardest int
			for _, f := range fs {
				langs[f.Lang]++
				if f.FirstTime {
					first++
				}
				if len(f.Readiness) > 0 {
					ready++
				}
				if f.HardestStepID != 0 {
					hardest++
				}
				if f.Comment != "" {
					comments++
				}
				if f.PraiseStaffID != 0 {
					praise++
				}
				for _, a := range f.Aspects {
					if a.Rating == tandem.Negative {
						causes[a.Cause]++
					}
				}
			}
			if len(langs) != 3 || first == 0 || ready == 0 || hardest == 0 || comments == 0 || praise == 0 || len(causes) < 2 || causes[""] > 0 {
				t.Errorf("langs %v, first-timers %d, readiness %d, hardest %d, comments %d, praise %d, causes %v",
					langs, first, ready, hardest, comments, praise, causes)
			}

			// A second run reuses the chain cafés and adds to the rollups.
			if _, err := demo.AddVolume(ctx, app.StoresOf(db), db, demo.VolumeOptions{Feedback: 500, Days: 10, Sites: 1, Seed: 3,
				Now: time.Date(2026, 3, 30, 12, 0, 0, 0, time.UTC)}); err != nil {
				t.Fatal(err)
			}
			if sites, _ := db.ListSites(ctx, org.ID); len(sites) != 8 {
				t.Errorf("%d sites after a second run", len(sites))
			}

			// The rollups kept on the way in agree with a full recount.
			loc := org.Location()
			from := time.Date(2026, 2, 18, 0, 0, 0, 0, loc)
			to := time.Date(2026, 3, 31, 0, 0, 0, 0, loc)
			services, err := db.ListServices(ctx, org.ID)
			if err != nil {
				t.Fatal(err)
			}
			queries := []tandem.InsightQuery{{}, {ServiceID: services[0].ID}, {SiteID: sites[7].ID}, {Lang: "ru"}}
			before := make([]*tandem.InsightData, len(queries))
			for i, q := range queries {
				q.OrgID, q.From, q.To, q.Location = org.ID, from, to, loc
				queries[i] = q
				if before[i], err = db.InsightData(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			if total := responses(before[0]); total != n+500 {
				t.Errorf("insight counts %d responses, want %d", total, n+500)
			}
			if _, err := db.RebuildInsight(ctx, org.ID, nil); err != nil {
				t.Fatal(err)
			}
			for i, q := range queries {
				after, err := db.InsightData(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(before[i], after) {
					t.Errorf("query %d (%+v): the rollups differ from a recount", i, q)
				}
			}
		})
	}
}

// responses sums the responses of an insight's days.
func responses(d *tandem.InsightData) int {
	n := 0
	for _, day := range d.Days {
		n += day.Responses
	}
	return n
}

func TestChainSites(t *testing.T) {
	for _, c := range []struct{ n, days, want int }{
		{10_000, 365, 0}, {1_000_000, 365, 20}, {10_000_000, 365, 200}, {100_000_000, 365, 200}, {50_000, 73, 5},
	} {
		if got := demo.ChainSites(c.n, c.days); got != c.want {
			t.Errorf("ChainSites(%d, %d) = %d, want %d", c.n, c.days, got, c.want)
		}
	}
}

// BenchmarkVolume measures the volume seeding path on each engine:
// go test ./demo -run '^$' -bench Volume -benchtime 200000x (b.N feedback
// in all, after the demo's own seed).
func BenchmarkVolume(b *testing.B) {
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			ctx := context.Background()
			db := e.Open(b)
			if _, err := demo.Seed(ctx, demo.Stores{Stores: app.StoresOf(db)}, demo.Options{}); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			res, err := demo.AddVolume(ctx, app.StoresOf(db), db, demo.VolumeOptions{Feedback: b.N, Sites: -1})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(res.Feedback)/res.Elapsed.Seconds(), "rows/s")
		})
	}
}
