package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/tandemhq/tandem"
)

const episodeCols = `id, org_id, service_id, blueprint_id, touchpoint_id, site_id, token, lang, first_time, started_ms`

// CreateEpisode stores e with a fresh id and token. Its service, blueprint,
// touchpoint and site must be the organization's, and the blueprint the
// service's.
func (db *DB) CreateEpisode(ctx context.Context, e *tandem.Episode) error {
	if err := db.checkEpisode(ctx, e); err != nil {
		return err
	}
	id, err := db.ids.take(ctx, "episodes", 1)
	if err != nil {
		return err
	}
	e.ID, e.Token = id, tandem.NewSecret(tandem.EpisodeTokenBytes)
	err = db.withTx(ctx, func(tx *sql.Tx) error { return db.insertEpisodes(ctx, tx, []*tandem.Episode{e}) })
	if err != nil {
		e.ID, e.Token = 0, ""
	}
	return writeErr(err)
}

// checkEpisode validates e and fills in defaults.
func (db *DB) checkEpisode(ctx context.Context, e *tandem.Episode) error {
	if e.Lang == "" {
		e.Lang = "en"
	}
	if !tandem.SupportedLanguage(e.Lang) {
		return tandem.Invalid("lang", "error.language")
	}
	b, err := db.cachedBlueprint(ctx, e.OrgID, e.BlueprintID)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND || err == nil && b.ServiceID != e.ServiceID {
		return tandem.Invalid("blueprint_id", "error.invalid")
	} else if err != nil {
		return err
	}
	for _, d := range e.Done {
		if b.Step(d.StepID) == nil {
			return tandem.Invalid("step_id", "error.step_unknown")
		}
	}
	if e.StartedAt.IsZero() {
		e.StartedAt = db.now()
	}
	e.StartedAt = e.StartedAt.UTC().Truncate(time.Millisecond)
	for i := range e.Done {
		e.Done[i].At = e.Done[i].At.UTC().Truncate(time.Millisecond)
	}
	return nil
}

// insertEpisodes inserts episodes whose ids and tokens are set, and their
// done steps, with multi-row statements.
func (db *DB) insertEpisodes(ctx context.Context, tx *sql.Tx, es []*tandem.Episode) error {
	args := make([]any, 0, len(es)*10)
	for _, e := range es {
		args = append(args, e.ID, e.OrgID, e.ServiceID, e.BlueprintID, e.TouchpointID, e.SiteID,
			e.Token, e.Lang, e.FirstTime, ms(e.StartedAt))
	}
	if err := db.insertRows(ctx, tx, episodesTable, args); err != nil {
		return err
	}
	args = args[:0]
	for _, e := range es {
		for _, d := range e.Done {
			args = append(args, e.ID, d.StepID, ms(d.At))
		}
	}
	return db.insertRows(ctx, tx, episodeStepsTable, args)
}

func (db *DB) scanEpisode(ctx context.Context, row *sql.Row) (*tandem.Episode, error) {
	var e tandem.Episode
	var started int64
	err := row.Scan(&e.ID, &e.OrgID, &e.ServiceID, &e.BlueprintID, &e.TouchpointID, &e.SiteID,
		&e.Token, &e.Lang, &e.FirstTime, &started)
	if err != nil {
		return nil, rowErr(err)
	}
	e.StartedAt = fromMS(started)
	e.Done, err = queryList(ctx, db.r, db.q(`SELECT step_id, done_ms FROM episode_steps WHERE episode_id = ? ORDER BY done_ms, step_id`),
		func(r scanner) (tandem.StepDone, error) {
			var d tandem.StepDone
			var at int64
			err := r.Scan(&d.StepID, &at)
			d.At = fromMS(at)
			return d, err
		}, e.ID)
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// FindEpisodeByToken returns the episode a customer's link names.
func (db *DB) FindEpisodeByToken(ctx context.Context, token string) (*tandem.Episode, error) {
	return db.scanEpisode(ctx, db.r.QueryRowContext(ctx, db.q(`SELECT `+episodeCols+` FROM episodes WHERE token = ?`), token))
}

// FindEpisode returns an episode of an organization.
func (db *DB) FindEpisode(ctx context.Context, orgID, id int64) (*tandem.Episode, error) {
	return db.scanEpisode(ctx, db.r.QueryRowContext(ctx, db.q(`SELECT `+episodeCols+` FROM episodes WHERE org_id = ? AND id = ?`), orgID, id))
}

// MarkStepDone records that a step of the episode's blueprint was done.
// Marking it again changes nothing; a step of another blueprint is
// EINVALID, an unknown episode ENOTFOUND.
func (db *DB) MarkStepDone(ctx context.Context, episodeID, stepID int64, at time.Time) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		var blueprintID int64
		err := tx.QueryRowContext(ctx, db.q(`SELECT blueprint_id FROM episodes WHERE id = ?`), episodeID).Scan(&blueprintID)
		if err != nil {
			return rowErr(err)
		}
		var n int
		err = tx.QueryRowContext(ctx, db.q(`SELECT COUNT(*) FROM steps WHERE id = ? AND blueprint_id = ?`), stepID, blueprintID).Scan(&n)
		if err != nil {
			return err
		}
		if n == 0 {
			return tandem.Invalid("step_id", "error.step_unknown")
		}
		_, err = tx.ExecContext(ctx, db.q(`INSERT INTO episode_steps (episode_id, step_id, done_ms) VALUES (?, ?, ?)
			ON CONFLICT (episode_id, step_id) DO NOTHING`), episodeID, stepID, ms(at))
		return err
	})
}
