package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
)

// Purge deletes what has expired and is of no more use: sessions past
// their end and the secrets of one-time links past theirs. It runs daily
// at 03:00 UTC, and at every start (once a day whatever the restarts), so
// an instance that is seldom up still purges.
type Purge struct {
	App    *app.App
	Logger *slog.Logger // nil logs nothing
}

// purgeArgs is the purge of one day.
type purgeArgs struct {
	Day string `json:"day"` // 2006-01-02 (UTC)
}

func (purgeArgs) Kind() string { return "purge" }

// Daily is 03:00 UTC every day, when the purge runs.
var Daily river.PeriodicSchedule = daily{}

type daily struct{}

func (daily) Next(t time.Time) time.Time {
	t = t.UTC()
	next := time.Date(t.Year(), t.Month(), t.Day(), 3, 0, 0, 0, time.UTC)
	if !next.After(t) {
		next = next.AddDate(0, 0, 1)
	}
	return next
}

// Route: the purge follows no event.
func (p *Purge) Route(context.Context, []*tandem.Event) ([]river.InsertManyParams, error) {
	return nil, nil
}

// Register adds the purge's worker.
func (p *Purge) Register(w *river.Workers) { river.AddWorker(w, river.WorkFunc(p.purge)) }

// PeriodicJobs schedules the daily purge.
func (p *Purge) PeriodicJobs() []*river.PeriodicJob {
	return []*river.PeriodicJob{river.NewPeriodicJob(Daily, func() (river.JobArgs, *river.InsertOpts) {
		return purgeArgs{Day: time.Now().UTC().Format(time.DateOnly)},
			&river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
	}, &river.PeriodicJobOpts{ID: "purge", RunOnStart: true})}
}

func (p *Purge) purge(ctx context.Context, _ *river.Job[purgeArgs]) error {
	sessions, invites, err := p.App.PurgeExpired(ctx)
	if err != nil {
		return err
	}
	if p.Logger != nil {
		p.Logger.Info("jobs: purged expired credentials", "sessions", sessions, "links", invites)
	}
	return nil
}
