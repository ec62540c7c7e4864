package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/tandemhq/tandem"
)

// evidenceCol is an aspect rating's evidence as stored: JSON, "" for none.
func evidenceCol(ev *tandem.Evidence) string {
	if ev == nil {
		return ""
	}
	utc := *ev
	for _, t := range []*time.Time{&utc.From, &utc.Served, &utc.Nudge, &utc.Moved} {
		if !t.IsZero() {
			*t = t.UTC()
		}
	}
	b, err := json.Marshal(&utc)
	if err != nil { // a struct of times, strings and ints always marshals
		return ""
	}
	return string(b)
}

// readEvidence fills r's evidence from its column, and gives a negative
// stored before sources were kept, which has none, the default it was.
// Evidence that does not read back is left out rather than failing the
// whole feedback.
func readEvidence(r *tandem.AspectRating, col string) {
	if r.Rating == tandem.Negative && r.Source == "" {
		r.Source = tandem.CauseDefault
	}
	if col == "" {
		return
	}
	var ev tandem.Evidence
	if json.Unmarshal([]byte(col), &ev) == nil {
		r.Evidence = &ev
	}
}

// ConfirmCause marks the cause of a negative aspect rating as a manager's
// (tandem.CauseManager) without changing it: the manager accepts what the
// default or the timeline said. The feedback must be the organization's
// and rate the aspect (else ENOTFOUND), the rating negative (else
// EINVALID). Confirming twice changes nothing more.
func (db *DB) ConfirmCause(ctx context.Context, orgID, feedbackID, aspectID int64) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		var rating tandem.Rating
		err := tx.QueryRowContext(ctx, db.q(`SELECT a.rating FROM feedback f JOIN feedback_aspects a ON a.feedback_id = f.id
			WHERE f.org_id = ? AND f.id = ? AND a.aspect_id = ?`), orgID, feedbackID, aspectID).Scan(&rating)
		if err != nil {
			return rowErr(err)
		}
		if rating != tandem.Negative {
			return tandem.Invalid("cause", "error.cause_negative_only")
		}
		_, err = tx.ExecContext(ctx, db.q(`UPDATE feedback_aspects SET cause_source = 'manager' WHERE feedback_id = ? AND aspect_id = ?`),
			feedbackID, aspectID)
		return err
	})
}
