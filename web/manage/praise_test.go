package manage_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
)

// TestPraiseCountsAll: the praise page counts and lists a staff member's
// praise however much newer feedback there is. It used to look only at the
// newest 1,000 feedbacks and so missed older praise.
func TestPraiseCountsAll(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		feedback := func(at time.Time, praise string, staffID int64) *tandem.Feedback {
			return &tandem.Feedback{OrgID: a.org.ID, ServiceID: a.service.ID, BlueprintID: a.bp.ID, TouchpointID: a.tp.ID,
				SiteID: a.site.ID, Overall: 5, Lang: "en", PraiseStaffID: staffID, Praise: praise, CreatedAt: at}
		}
		old := time.Now().Add(-48 * time.Hour)
		for i, text := range []string{"Old praise one", "Old praise two", "Old praise three"} {
			if _, err := e.db.CreateFeedback(ctx, feedback(old.Add(time.Duration(i)*time.Minute), text, a.member.ID)); err != nil {
				t.Fatal(err)
			}
		}
		// More than 1,000 newer feedbacks praising nobody, written by
		// concurrent callers as the store batches them.
		const newer, workers = 1010, 10
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < newer/workers; i++ {
					if _, err := e.db.CreateFeedback(ctx, feedback(time.Now(), "", 0)); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		// Org B's Anna is praised too, in her own organization only.
		if _, err := e.db.CreateFeedback(ctx, &tandem.Feedback{OrgID: e.b.org.ID, ServiceID: e.b.service.ID, BlueprintID: e.b.bp.ID,
			TouchpointID: e.b.tp.ID, SiteID: e.b.site.ID, Overall: 5, Lang: "en", PraiseStaffID: e.b.member.ID, Praise: "Org B praise"}); err != nil {
			t.Fatal(err)
		}

		r := e.client(t).login(a.staff.Email).get("/app/praise")
		if r.Status != 200 {
			t.Fatalf("GET /app/praise = %d", r.Status)
		}
		// The fixture's praise and the three old ones.
		if want := `<span class="kpi-v">4</span>`; !strings.Contains(r.Body, want) {
			t.Errorf("praise page lacks the count %s", want)
		}
		for _, s := range []string{"Anna was lovely", "Old praise one", "Old praise two", "Old praise three"} {
			if !strings.Contains(r.Body, s) {
				t.Errorf("praise page lacks %q", s)
			}
		}
		if strings.Contains(r.Body, "Org B praise") || strings.Contains(r.Body, e.b.secret) {
			t.Error("praise page shows another organization's praise")
		}
	})
}
