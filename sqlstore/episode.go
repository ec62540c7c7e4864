package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/tandemhq/tandem"
)

const episodeCols = `e.id, e.org_id, e.service_id, e.blueprint_id, e.touchpoint_id, e.site_id, e.token, e.lang, e.first_time,
	e.started_ms, e.scheduled_ms, e.customer_name, e.customer_contact, e.contact_consent, e.cancelled_ms`

// CreateEpisode stores e with a fresh id and token. Its service, blueprint,
// touchpoint and site must be the organization's, the blueprint and the
// touchpoint the service's, and the touchpoint at the site if one is given.
func (db *DB) CreateEpisode(ctx context.Context, e *tandem.Episode) error {
	if err := db.checkEpisode(ctx, e, map[int64]*tandem.Touchpoint{}); err != nil {
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

// checkEpisode validates e and fills in defaults: the site is the
// touchpoint's, and a step done without a source (an import) was done by the
// customer. Touchpoints never change, so seen keeps those already looked up
// (an import checks many episodes at few touchpoints).
func (db *DB) checkEpisode(ctx context.Context, e *tandem.Episode, seen map[int64]*tandem.Touchpoint) error {
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
	tp := seen[e.TouchpointID]
	if tp == nil {
		tp, err = db.FindTouchpoint(ctx, e.OrgID, e.TouchpointID)
		if tandem.ErrorCode(err) == tandem.ENOTFOUND {
			return tandem.Invalid("touchpoint_id", "error.invalid")
		} else if err != nil {
			return err
		}
		seen[tp.ID] = tp
	}
	if tp.ServiceID != e.ServiceID || e.SiteID != 0 && tp.SiteID != e.SiteID {
		return tandem.Invalid("touchpoint_id", "error.touchpoint_service")
	}
	e.SiteID = tp.SiteID
	for _, d := range e.Done {
		if b.Step(d.StepID) == nil {
			return tandem.Invalid("step_id", "error.step_unknown")
		}
		if d.By != "" && !d.By.Valid() {
			return tandem.Invalid("by", "error.source")
		}
	}
	if e.StartedAt.IsZero() {
		e.StartedAt = db.now()
	}
	e.StartedAt = e.StartedAt.UTC().Truncate(time.Millisecond)
	if !e.ScheduledAt.IsZero() {
		e.ScheduledAt = e.ScheduledAt.UTC().Truncate(time.Millisecond)
	}
	if err := e.Customer.Validate(); err != nil {
		return err
	}
	if !e.CancelledAt.IsZero() {
		e.CancelledAt = e.CancelledAt.UTC().Truncate(time.Millisecond)
	}
	for i := range e.Done {
		e.Done[i].At = e.Done[i].At.UTC().Truncate(time.Millisecond)
		if e.Done[i].By == "" {
			e.Done[i].By = tandem.ByCustomer
		}
	}
	return nil
}

// insertEpisodes inserts episodes whose ids and tokens are set, and their
// done steps, with multi-row statements.
func (db *DB) insertEpisodes(ctx context.Context, tx *sql.Tx, es []*tandem.Episode) error {
	args := make([]any, 0, len(es)*len(episodesTable.cols))
	for _, e := range es {
		args = append(args, e.ID, e.OrgID, e.ServiceID, e.BlueprintID, e.TouchpointID, e.SiteID,
			e.Token, e.Lang, e.FirstTime, ms(e.StartedAt), nullMS(e.ScheduledAt),
			e.Customer.Name, e.Customer.Contact, e.Customer.Consent, nullMS(e.CancelledAt))
	}
	if err := db.insertRows(ctx, tx, episodesTable, args); err != nil {
		return err
	}
	args = args[:0]
	for _, e := range es {
		for _, d := range e.Done {
			args = append(args, e.ID, d.StepID, ms(d.At), string(d.By))
		}
	}
	return db.insertRows(ctx, tx, episodeStepsTable, args)
}

func scanEpisode(r scanner) (*tandem.Episode, error) {
	var e tandem.Episode
	var started int64
	err := r.Scan(&e.ID, &e.OrgID, &e.ServiceID, &e.BlueprintID, &e.TouchpointID, &e.SiteID,
		&e.Token, &e.Lang, &e.FirstTime, &started, msCol{&e.ScheduledAt},
		&e.Customer.Name, &e.Customer.Contact, &e.Customer.Consent, msCol{&e.CancelledAt})
	if err != nil {
		return nil, rowErr(err)
	}
	e.StartedAt = fromMS(started)
	return &e, nil
}

// findEpisode returns the one episode a condition selects, with its steps.
func (db *DB) findEpisode(ctx context.Context, where string, args ...any) (*tandem.Episode, error) {
	e, err := scanEpisode(db.r.QueryRowContext(ctx, db.q(`SELECT `+episodeCols+` FROM episodes e WHERE `+where), args...))
	if err != nil {
		return nil, err
	}
	if err := db.loadSteps(ctx, []*tandem.Episode{e}); err != nil {
		return nil, err
	}
	return e, nil
}

// loadSteps fills in the episodes' done steps, in order of time.
func (db *DB) loadSteps(ctx context.Context, es []*tandem.Episode) error {
	byID := make(map[int64]*tandem.Episode, len(es))
	ids := make([]int64, len(es))
	for i, e := range es {
		ids[i] = e.ID
		byID[e.ID] = e
	}
	return inChunks(ids, func(list string, chunk []any) error {
		return queryEach(ctx, db.r, db.q(`SELECT episode_id, step_id, done_ms, by_source FROM episode_steps
			WHERE episode_id IN (`+list+`) ORDER BY episode_id, done_ms, step_id`), chunk, func(row scanner) error {
			var id, at int64
			var d tandem.StepDone
			if err := row.Scan(&id, &d.StepID, &at, &d.By); err != nil {
				return err
			}
			d.At = fromMS(at)
			e := byID[id]
			e.Done = append(e.Done, d)
			return nil
		})
	})
}

// FindEpisodeByToken returns the episode a customer's link names.
func (db *DB) FindEpisodeByToken(ctx context.Context, token string) (*tandem.Episode, error) {
	return db.findEpisode(ctx, `e.token = ?`, token)
}

// FindEpisode returns an episode of an organization.
func (db *DB) FindEpisode(ctx context.Context, orgID, id int64) (*tandem.Episode, error) {
	return db.findEpisode(ctx, `e.org_id = ? AND e.id = ?`, orgID, id)
}

// Episode list bounds.
const (
	DefaultEpisodeLimit = 50
	MaxEpisodeLimit     = 500
)

// ListEpisodes lists an organization's episodes, newest first, with their
// steps done. StartedAfter is exclusive; the scheduled window [From, To)
// keeps only booked episodes. A Limit of 0 means DefaultEpisodeLimit, and
// no more than MaxEpisodeLimit are listed.
func (db *DB) ListEpisodes(ctx context.Context, f tandem.EpisodeFilter) ([]*tandem.Episode, error) {
	var where conditions
	where.and(`e.org_id = ?`, f.OrgID)
	if f.SiteID != nil {
		where.and(`e.site_id = ?`, *f.SiteID)
	}
	if f.ServiceID != nil {
		where.and(`e.service_id = ?`, *f.ServiceID)
	}
	if f.StartedAfter != nil {
		where.and(`e.started_ms > ?`, ms(*f.StartedAfter))
	}
	if f.ScheduledFrom != nil || f.ScheduledTo != nil {
		where.and(`e.scheduled_ms IS NOT NULL`)
	}
	if f.ScheduledFrom != nil {
		where.and(`e.scheduled_ms >= ?`, ms(*f.ScheduledFrom))
	}
	if f.ScheduledTo != nil {
		where.and(`e.scheduled_ms < ?`, ms(*f.ScheduledTo))
	}
	if f.WithoutFeedback {
		where.and(`NOT EXISTS (SELECT 1 FROM feedback f WHERE f.episode_id = e.id)`)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultEpisodeLimit
	}
	es, err := queryList(ctx, db.r, db.q(`SELECT `+episodeCols+` FROM episodes e WHERE `+where.String()+`
		ORDER BY e.started_ms DESC, e.id DESC LIMIT ?`), scanEpisode, append(where.args, min(limit, MaxEpisodeLimit))...)
	if err != nil || len(es) == 0 {
		return es, err
	}
	return es, db.loadSteps(ctx, es)
}

// MarkStepDone records that a step of the episode's blueprint was done, by
// whom. Marking it again changes nothing, not even who did it; a step of
// another blueprint or an unknown source is EINVALID, an unknown episode
// ENOTFOUND. A zero at means now.
func (db *DB) MarkStepDone(ctx context.Context, episodeID, stepID int64, at time.Time, by tandem.Source) error {
	if !by.Valid() {
		return tandem.Invalid("by", "error.source")
	}
	if at.IsZero() {
		at = db.now()
	}
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
		_, err = tx.ExecContext(ctx, db.q(`INSERT INTO episode_steps (episode_id, step_id, done_ms, by_source) VALUES (?, ?, ?, ?)
			ON CONFLICT (episode_id, step_id) DO NOTHING`), episodeID, stepID, ms(at), string(by))
		return err
	})
}

// SetFirstTime records an episode's answer to "First time here?". Help
// requests already asked in the episode move in the insight rollups to
// the new answer's first-timers or regulars, as insight counts them by
// the episode's answer.
func (db *DB) SetFirstTime(ctx context.Context, episodeID int64, first bool) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		lock := db.rowLock("FOR UPDATE")
		var org int64
		var p helpPlace
		err := tx.QueryRowContext(ctx, db.q(`SELECT org_id, touchpoint_id, lang, first_time FROM episodes WHERE id = ?`+lock), episodeID).
			Scan(&org, &p.touchpoint, &p.lang, &p.firstTime)
		if err != nil {
			return rowErr(err)
		}
		if p.firstTime == first {
			return nil
		}
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE episodes SET first_time = ? WHERE id = ?`), first, episodeID); err != nil {
			return err
		}
		asked, err := queryList(ctx, tx, db.q(`SELECT `+helpCols+` FROM help_requests WHERE episode_id = ?`), scanHelp, episodeID)
		if err != nil || len(asked) == 0 {
			return err
		}
		loc, err := db.orgZone(ctx, tx, org)
		if err != nil {
			return err
		}
		r := newRollup()
		for _, h := range asked {
			r.addHelp(h, p, loc, -1)
			moved := p
			moved.firstTime = first
			r.addHelp(h, moved, loc, 1)
		}
		return r.write(ctx, db, tx)
	})
}

// CancelEpisode marks a booked episode cancelled; a second cancel keeps the
// first time. A walk-in is EINVALID, another organization's episode
// ENOTFOUND.
func (db *DB) CancelEpisode(ctx context.Context, orgID, id int64, at time.Time) error {
	return db.moveAppointment(ctx, orgID, id, func(tx *sql.Tx, cancelled bool) error {
		if cancelled {
			return nil
		}
		_, err := tx.ExecContext(ctx, db.q(`UPDATE episodes SET cancelled_ms = ? WHERE org_id = ? AND id = ?`), ms(at), orgID, id)
		return err
	})
}

// RescheduleEpisode moves a booked episode to another time; a cancelled one
// is ECONFLICT, a walk-in EINVALID, another organization's ENOTFOUND.
func (db *DB) RescheduleEpisode(ctx context.Context, orgID, id int64, at time.Time) error {
	if at.IsZero() {
		return tandem.Invalid("scheduled_at", "error.booking_range")
	}
	return db.moveAppointment(ctx, orgID, id, func(tx *sql.Tx, cancelled bool) error {
		if cancelled {
			return tandem.ErrCancelled
		}
		_, err := tx.ExecContext(ctx, db.q(`UPDATE episodes SET scheduled_ms = ? WHERE org_id = ? AND id = ?`), ms(at), orgID, id)
		return err
	})
}

// moveAppointment runs change on a booked episode of the organization in a
// transaction, telling it whether the appointment is cancelled.
func (db *DB) moveAppointment(ctx context.Context, orgID, id int64, change func(tx *sql.Tx, cancelled bool) error) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		var scheduled, cancelled sql.NullInt64
		err := tx.QueryRowContext(ctx, db.q(`SELECT scheduled_ms, cancelled_ms FROM episodes WHERE org_id = ? AND id = ?`), orgID, id).
			Scan(&scheduled, &cancelled)
		if err != nil {
			return rowErr(err)
		}
		if !scheduled.Valid {
			return tandem.Invalid("id", "error.not_appointment")
		}
		return change(tx, cancelled.Valid)
	})
}
