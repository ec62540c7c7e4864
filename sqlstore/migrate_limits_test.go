package sqlstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// TestOnePerEpisodeMigration: an installation whose API stored several
// feedbacks for one episode migrates to one feedback per episode without
// failing or losing any: the earliest keeps the episode's place, the
// others stay, and no further one is taken.
func TestOnePerEpisodeMigration(t *testing.T) {
	ctx := context.Background()
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			db := eng.Open(t)
			w := storetest.NewWorld(t, db, "old")
			ep := w.Episode()
			if err := db.CreateEpisode(ctx, ep); err != nil {
				t.Fatal(err)
			}
			// The schema as it was: no unique index, so duplicates land.
			if err := db.ExecRaw(ctx, `DROP INDEX feedback_one_per_episode`); err != nil {
				t.Fatal(err)
			}
			for overall := range 3 {
				f := w.Feedback(overall + 2)
				f.EpisodeID = ep.ID
				if _, err := db.CreateFeedback(ctx, f); err != nil {
					t.Fatal(err)
				}
			}
			for _, q := range []string{
				`ALTER TABLE feedback DROP COLUMN sole_episode_id`,
				`DROP TABLE refused_writes`,
				`DELETE FROM schema_migrations WHERE version = 17`,
			} {
				if err := db.ExecRaw(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			n, err := db.Migrate(ctx)
			if err != nil || n != 1 {
				t.Fatalf("migrate: %d applied, %v", n, err)
			}
			list, err := db.ListFeedback(ctx, tandem.FeedbackFilter{OrgID: w.Org.ID, EpisodeID: &ep.ID})
			if err != nil || len(list) != 3 {
				t.Fatalf("after the migration: %d feedbacks of the episode, %v; want all 3 kept", len(list), err)
			}
			f := w.Feedback(5)
			f.EpisodeID = ep.ID
			if _, err := db.CreateFeedback(ctx, f); !errors.Is(err, tandem.ErrFeedbackGiven) {
				t.Errorf("a fourth feedback for the episode: %v, want ErrFeedbackGiven", err)
			}
			// Other episodes take their one feedback as ever.
			other := w.Episode()
			if err := db.CreateEpisode(ctx, other); err != nil {
				t.Fatal(err)
			}
			g := w.Feedback(4)
			g.EpisodeID = other.ID
			if ok, err := db.CreateFeedback(ctx, g); err != nil || !ok {
				t.Errorf("another episode's feedback: %v, %v", ok, err)
			}
		})
	}
}
