package sqlstore

import (
	"context"
	"database/sql"
	"math"
	"time"

	"github.com/tandemhq/tandem"
)

// CreateFeedback stores f durably with its outbox events and returns after
// commit. Concurrent calls are written together by the store's feedback
// writer (see writer.go): one transaction, one commit, many feedbacks.
//
// f must have passed tandem.Feedback.Validate: the caller checked it against
// the blueprint and the staff it was given for, so it is not validated
// again here. The store checks only what it alone can: that f's blueprint is
// the organization's and the service's and holds f's aspects (their keys are
// stored with the ratings); the schema's composite foreign keys refuse a
// staff member, touchpoint, site or episode of another organization. When
// the organization has already stored a feedback with f's idempotency key,
// f is filled with that record and created is false.
//
// After a failed fsync of the WAL the store refuses every write (see
// syncWAL).
func (db *DB) CreateFeedback(ctx context.Context, f *tandem.Feedback) (created bool, err error) {
	if err := db.failed(); err != nil {
		return false, err
	}
	b, err := db.feedbackBlueprint(ctx, f)
	if err != nil {
		return false, err
	}
	keys, err := db.prepareFeedback(f, b)
	if err != nil {
		return false, err
	}
	return db.fb.do(ctx, &fbReq{f: f, keys: keys, done: make(chan struct{})})
}

// checkFeedback validates a feedback of an import (ImportHistory), which,
// unlike CreateFeedback's, no caller has validated: as Feedback.Validate
// against its blueprint, and then as CreateFeedback. Whether a praised
// staff member is the organization's is left to the foreign key.
func (db *DB) checkFeedback(ctx context.Context, f *tandem.Feedback) (fbKeys, error) {
	b, err := db.feedbackBlueprint(ctx, f)
	if err != nil {
		return fbKeys{}, err
	}
	var staff []*tandem.StaffMember
	if f.PraiseStaffID != 0 {
		staff = []*tandem.StaffMember{{ID: f.PraiseStaffID}}
	}
	if err := f.Validate(b, staff); err != nil {
		return fbKeys{}, err
	}
	return db.prepareFeedback(f, b)
}

// feedbackBlueprint returns f's blueprint, which must be its
// organization's and its service's.
func (db *DB) feedbackBlueprint(ctx context.Context, f *tandem.Feedback) (*tandem.Blueprint, error) {
	b, err := db.cachedBlueprint(ctx, f.OrgID, f.BlueprintID)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND || err == nil && b.ServiceID != f.ServiceID {
		return nil, tandem.Invalid("blueprint_id", "error.invalid")
	}
	return b, err
}

// fbKeys are the blueprint keys stored with a feedback, so insight groups
// across blueprint versions without a join.
type fbKeys struct {
	aspects []string // parallel to Feedback.Aspects
	hardest string   // the hardest step's, "" for none
	stems   string   // the comment's, for its full-text index (search.go)
}

// prepareFeedback checks that b holds f's rated aspects and hardest step,
// stamps f's time and returns their keys.
func (db *DB) prepareFeedback(f *tandem.Feedback, b *tandem.Blueprint) (fbKeys, error) {
	keys := fbKeys{aspects: make([]string, len(f.Aspects))}
	for i, r := range f.Aspects {
		a := b.Aspect(r.AspectID)
		if a == nil {
			return fbKeys{}, tandem.Invalid("aspects", "error.aspect_unknown")
		}
		keys.aspects[i] = a.Key
	}
	if f.HardestStepID != 0 {
		st := b.Step(f.HardestStepID)
		if st == nil || st.Lane != tandem.LaneCustomer {
			return fbKeys{}, tandem.Invalid("hardest_step", "error.hardest_step")
		}
		keys.hardest = st.Key
	}
	for d := range f.Readiness {
		if !d.Valid() {
			return fbKeys{}, tandem.Invalid("readiness."+string(d), "error.readiness_unasked")
		}
	}
	if f.CreatedAt.IsZero() {
		f.CreatedAt = db.now()
	}
	f.CreatedAt = f.CreatedAt.UTC().Truncate(time.Millisecond)
	keys.stems = db.commentStems(f)
	return keys, nil
}

const feedbackCols = `id, org_id, service_id, site_id, touchpoint_id, blueprint_id, episode_id, overall,
	comment, praise_staff_id, praise, lang, idempotency_key, created_ms,
	first_time, readiness_motivation, readiness_role, readiness_knowhow, readiness_ability, hardest_step_id`

// readinessArgs returns f's readiness answers in the order of the
// readiness_* columns (tandem.Dimensions), NULL for a question left out.
func readinessArgs(args []any, r map[tandem.Dimension]int) []any {
	for _, d := range tandem.Dimensions {
		if v, ok := r[d]; ok {
			args = append(args, int64(v))
		} else {
			args = append(args, nil)
		}
	}
	return args
}

// readinessMap turns the readiness_* columns back into answers, nil when
// every question was left out.
func readinessMap(cols [4]sql.NullInt64) map[tandem.Dimension]int {
	var m map[tandem.Dimension]int
	for i, d := range tandem.Dimensions {
		if cols[i].Valid {
			if m == nil {
				m = make(map[tandem.Dimension]int, len(tandem.Dimensions))
			}
			m[d] = int(cols[i].Int64)
		}
	}
	return m
}

// insertFeedback inserts feedback rows whose ids are set, their aspect
// ratings and, when outbox is set, their events, with one multi-row
// statement per table. keys[i] holds the keys of fs[i].
//
// With skipStored, a feedback whose idempotency key its organization has
// already stored, or whose episode already has its one feedback, is
// skipped (ON CONFLICT DO NOTHING) rather than an error; the returned set
// holds the ids actually inserted. Callers must not pass the same key
// twice.
func (db *DB) insertFeedback(ctx context.Context, tx *sql.Tx, fs []*tandem.Feedback, keys []fbKeys, outbox, skipStored bool) (map[int64]bool, error) {
	args := make([]any, 0, len(fs)*len(feedbackTable.cols))
	for i, f := range fs {
		args = append(args, f.ID, f.OrgID, f.ServiceID, f.SiteID, f.TouchpointID, f.BlueprintID, nullID(f.EpisodeID),
			int64(f.Overall), f.Comment, nullID(f.PraiseStaffID), f.Praise, f.Lang, f.IdempotencyKey, ms(f.CreatedAt),
			f.FirstTime)
		args = readinessArgs(args, f.Readiness)
		args = append(args, keys[i].hardest, nullID(f.HardestStepID), nullID(f.EpisodeID))
	}
	inserted := make(map[int64]bool, len(fs))
	if skipStored {
		if err := db.insertReturning(ctx, tx, feedbackSkipStoredTable, args, inserted); err != nil {
			return nil, err
		}
	} else {
		if err := db.insertRows(ctx, tx, feedbackTable, args); err != nil {
			return nil, err
		}
		for _, f := range fs {
			inserted[f.ID] = true
		}
	}
	var aspects, events []any
	now := ms(db.now())
	for i, f := range fs {
		if !inserted[f.ID] {
			continue
		}
		for j, r := range f.Aspects {
			aspects = append(aspects, f.ID, r.AspectID, keys[i].aspects[j], string(r.Rating), string(r.Cause),
				string(r.Source), evidenceCol(r.Evidence))
		}
		if outbox {
			events = append(events, f.OrgID, tandem.EventFeedbackCreated, f.ID, now)
			if f.PraiseStaffID != 0 {
				events = append(events, f.OrgID, tandem.EventPraiseGiven, f.ID, now)
			}
		}
	}
	if err := db.insertRows(ctx, tx, feedbackAspectsTable, aspects); err != nil {
		return nil, err
	}
	if err := db.insertRows(ctx, tx, outboxTable, events); err != nil {
		return nil, err
	}
	if err := db.addRollups(ctx, tx, fs, keys, inserted); err != nil {
		return nil, err
	}
	return inserted, db.indexComments(ctx, tx, fs, keys, inserted)
}

// loadFeedback returns the feedback rows a condition selects, with their
// aspect ratings, in the order where asks for.
func (db *DB) loadFeedback(ctx context.Context, q querier, where string, args ...any) ([]*tandem.Feedback, error) {
	return db.loadFeedbackKeys(ctx, q, nil, where, args...)
}

// loadFeedbackKeys is loadFeedback that also hands each aspect rating's
// key to key, in the order the ratings are appended; key may be nil.
func (db *DB) loadFeedbackKeys(ctx context.Context, q querier, key func(i int, key string), where string, args ...any) ([]*tandem.Feedback, error) {
	var out []*tandem.Feedback
	byID := map[int64]*tandem.Feedback{}
	index := map[int64]int{}
	err := queryEach(ctx, q, db.q(`SELECT `+feedbackCols+` FROM feedback WHERE `+where), args, func(row scanner) error {
		var f tandem.Feedback
		var created int64
		var r [4]sql.NullInt64 // readiness, in the order of tandem.Dimensions
		err := row.Scan(&f.ID, &f.OrgID, &f.ServiceID, &f.SiteID, &f.TouchpointID, &f.BlueprintID, idCol{&f.EpisodeID},
			&f.Overall, &f.Comment, idCol{&f.PraiseStaffID}, &f.Praise, &f.Lang, &f.IdempotencyKey, &created,
			&f.FirstTime, &r[0], &r[1], &r[2], &r[3], idCol{&f.HardestStepID})
		if err != nil {
			return err
		}
		f.CreatedAt = fromMS(created)
		f.Readiness = readinessMap(r)
		index[f.ID] = len(out)
		out = append(out, &f)
		byID[f.ID] = &f
		return nil
	})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(out))
	for i, f := range out {
		ids[i] = f.ID
	}
	err = inChunks(ids, func(list string, chunk []any) error {
		return queryEach(ctx, q, db.q(`SELECT feedback_id, aspect_id, rating, cause, aspect_key, cause_source, evidence FROM feedback_aspects
			WHERE feedback_id IN (`+list+`) ORDER BY feedback_id, aspect_id`), chunk, func(row scanner) error {
			var id int64
			var r tandem.AspectRating
			var k, ev string
			if err := row.Scan(&id, &r.AspectID, &r.Rating, &r.Cause, &k, &r.Source, &ev); err != nil {
				return err
			}
			readEvidence(&r, ev)
			byID[id].Aspects = append(byID[id].Aspects, r)
			if key != nil {
				key(index[id], k)
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindFeedback returns a feedback of an organization.
func (db *DB) FindFeedback(ctx context.Context, orgID, id int64) (*tandem.Feedback, error) {
	fs, err := db.loadFeedback(ctx, db.r, `org_id = ? AND id = ?`, orgID, id)
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return nil, notFound()
	}
	return fs[0], nil
}

// FindFeedbackByIDs finds the organization's feedback with the given ids,
// in no particular order; ids it does not have are left out.
func (db *DB) FindFeedbackByIDs(ctx context.Context, orgID int64, ids []int64) ([]*tandem.Feedback, error) {
	var out []*tandem.Feedback
	err := inChunks(ids, func(list string, chunk []any) error {
		fs, err := db.loadFeedback(ctx, db.r, `org_id = ? AND id IN (`+list+`)`, append([]any{orgID}, chunk...)...)
		out = append(out, fs...)
		return err
	})
	return out, err
}

// Feedback list bounds.
const (
	DefaultListLimit = 50
	MaxListLimit     = 1000
)

// ListFeedback lists an organization's feedback newest first, From
// inclusive and To exclusive. A Limit of 0 means DefaultListLimit.
func (db *DB) ListFeedback(ctx context.Context, filter tandem.FeedbackFilter) ([]*tandem.Feedback, error) {
	where := feedbackWhere(filter)
	limit := filter.Limit
	if limit <= 0 {
		limit = DefaultListLimit
	}
	limit = min(limit, MaxListLimit)
	return db.loadFeedback(ctx, db.r, where.String()+` ORDER BY created_ms DESC, id DESC LIMIT ? OFFSET ?`,
		append(where.args, limit, max(filter.Offset, 0))...)
}

// CountFeedback counts the feedback ListFeedback would list without its
// Limit and Offset.
func (db *DB) CountFeedback(ctx context.Context, filter tandem.FeedbackFilter) (int, error) {
	where := feedbackWhere(filter)
	var n int
	err := db.r.QueryRowContext(ctx, db.q(`SELECT COUNT(*) FROM feedback WHERE `+where.String()), where.args...).Scan(&n)
	return n, err
}

// feedbackWhere returns the conditions a filter selects by.
func feedbackWhere(filter tandem.FeedbackFilter) conditions {
	var where conditions
	where.and(`org_id = ?`, filter.OrgID)
	if filter.ServiceID != nil {
		where.and(`service_id = ?`, *filter.ServiceID)
	}
	if filter.PraiseStaffID != nil {
		where.and(`praise_staff_id = ?`, *filter.PraiseStaffID)
	}
	if filter.EpisodeID != nil {
		where.and(`episode_id = ?`, *filter.EpisodeID)
	}
	if filter.From != nil {
		where.and(`created_ms >= ?`, ms(*filter.From))
	}
	if filter.To != nil {
		where.and(`created_ms < ?`, ms(*filter.To))
	}
	return where
}

// SetCause overrides the cause of a negative aspect rating, which a
// manager then stands behind (tandem.CauseManager); the evidence stays.
// The feedback must be the organization's and rate the aspect (else ENOTFOUND), the
// rating must be negative and the cause valid (else EINVALID). It is the
// one place these are checked: the manager's page maps its errors.
func (db *DB) SetCause(ctx context.Context, orgID, feedbackID, aspectID int64, cause tandem.Party) error {
	if !cause.Valid() {
		return tandem.Invalid("cause", "error.party")
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		// What the rollups count the rating under, to move it there to
		// the new cause.
		f := tandem.Feedback{ID: feedbackID, OrgID: orgID}
		var rating tandem.Rating
		var old tandem.Party
		var key string
		var created int64
		err := tx.QueryRowContext(ctx, db.q(`SELECT a.rating, a.cause, a.aspect_key, f.service_id, f.site_id, f.touchpoint_id,
				f.lang, f.idempotency_key, f.first_time, f.created_ms
			FROM feedback f JOIN feedback_aspects a ON a.feedback_id = f.id
			WHERE f.org_id = ? AND f.id = ? AND a.aspect_id = ?`), orgID, feedbackID, aspectID).Scan(&rating, &old, &key,
			&f.ServiceID, &f.SiteID, &f.TouchpointID, &f.Lang, &f.IdempotencyKey, &f.FirstTime, &created)
		if err != nil {
			return rowErr(err)
		}
		if rating != tandem.Negative {
			return tandem.Invalid("cause", "error.cause_negative_only")
		}
		_, err = tx.ExecContext(ctx, db.q(`UPDATE feedback_aspects SET cause = ?, cause_source = 'manager' WHERE feedback_id = ? AND aspect_id = ?`),
			string(cause), feedbackID, aspectID)
		if err != nil || old == cause {
			return err
		}
		loc, err := db.orgZone(ctx, tx, orgID)
		if err != nil {
			return err
		}
		f.CreatedAt = fromMS(created)
		r := newRollup()
		r.moveCause(&f, key, old, cause, loc)
		return r.write(ctx, db, tx)
	})
}

// PraisedStaff counts, for every organization, the feedback in [from, to)
// that praised each staff member: the weekly digest's recipients.
func (db *DB) PraisedStaff(ctx context.Context, from, to time.Time) ([]tandem.StaffPraise, error) {
	return queryList(ctx, db.r, db.q(`SELECT org_id, praise_staff_id, COUNT(*) FROM feedback
		WHERE praise_staff_id IS NOT NULL AND created_ms >= ? AND created_ms < ?
		GROUP BY org_id, praise_staff_id ORDER BY org_id, praise_staff_id`), func(r scanner) (tandem.StaffPraise, error) {
		var c tandem.StaffPraise
		err := r.Scan(&c.OrgID, &c.StaffID, &c.Count)
		return c, err
	}, ms(from), ms(to))
}

// EachFeedback walks the feedback filter selects in id order, by keyset
// on the index feedback_org_id
// (id > the last one seen) in chunks of filter.Limit (at most
// tandem.ExportChunk), each chunk read
// with its aspect ratings and handed to fn before the next is read.
func (db *DB) EachFeedback(ctx context.Context, filter tandem.FeedbackFilter, fn func(f *tandem.Feedback, keys []string) error) error {
	// The walk goes by (created_ms, id), the order of the indexes insight
	// already keeps, (org_id, created_ms) and (org_id, service_id,
	// created_ms): SQLite's carry the rowid as their last column, so no
	// chunk sorts, and the hot feedback table needs no index of its own
	// for exports.
	var where conditions
	where.and(`org_id = ?`, filter.OrgID)
	if filter.ServiceID != nil {
		where.and(`service_id = ?`, *filter.ServiceID)
	}
	if filter.From != nil {
		where.and(`created_ms >= ?`, ms(*filter.From))
	}
	if filter.To != nil {
		where.and(`created_ms < ?`, ms(*filter.To))
	}
	chunk := filter.Limit
	if chunk <= 0 || chunk > tandem.ExportChunk {
		chunk = tandem.ExportChunk
	}
	var afterMS, afterID int64 = math.MinInt64, 0
	for {
		fs, keys, err := db.feedbackChunk(ctx, where, afterMS, afterID, chunk)
		if err != nil {
			return err
		}
		for i, f := range fs {
			if err := fn(f, keys[i]); err != nil {
				return err
			}
		}
		if len(fs) < chunk {
			return nil
		}
		last := fs[len(fs)-1]
		afterMS, afterID = ms(last.CreatedAt), last.ID
	}
}

// feedbackChunk reads the next chunk of EachFeedback after the feedback
// made at afterMS with the id afterID, with the aspect keys parallel to
// each feedback's aspects.
func (db *DB) feedbackChunk(ctx context.Context, where conditions, afterMS, afterID int64, chunk int) ([]*tandem.Feedback, [][]string, error) {
	args := append(append([]any{}, where.args...), afterMS, afterID, chunk)
	keys := make([][]string, 0, chunk)
	fs, err := db.loadFeedbackKeys(ctx, db.r, func(i int, k string) {
		for len(keys) <= i {
			keys = append(keys, nil)
		}
		keys[i] = append(keys[i], k)
	}, where.String()+` AND (created_ms, id) > (?, ?) ORDER BY created_ms, id LIMIT ?`, args...)
	for len(keys) < len(fs) {
		keys = append(keys, nil)
	}
	return fs, keys, err
}
