package sqlstore

import (
	"context"
	"database/sql"

	"github.com/tandemhq/tandem"
)

// ImportFeedback stores feedback in bulk, without episodes and without
// outbox events, in one transaction: the seeding path of the demo's
// volume (tandem demo --feedback N). Each feedback is checked as
// ImportHistory checks it (Feedback.Validate against its blueprint, from
// the store's blueprint cache), gets its id from one reservation, and is
// written by insertFeedback, which adds the batch to the insight rollups
// in the same transaction exactly as the live path does. One bad record
// refuses the whole call. Callers pass tens of thousands at a time: the
// cost is in the rows, not the calls.
func (db *DB) ImportFeedback(ctx context.Context, fs []*tandem.Feedback) error {
	if len(fs) == 0 {
		return nil
	}
	if err := db.failed(); err != nil {
		return err
	}
	keys := make([]fbKeys, len(fs))
	for i, f := range fs {
		k, err := db.checkFeedback(ctx, f)
		if err != nil {
			return err
		}
		keys[i] = k
	}
	db.prepareStmts(ctx)
	first, err := db.ids.take(ctx, "feedback", len(fs))
	if err != nil {
		return err
	}
	for i, f := range fs {
		f.ID = first + int64(i)
	}
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		_, err := db.insertFeedback(ctx, tx, fs, keys, false, false)
		return err
	})
	if err != nil {
		for _, f := range fs {
			f.ID = 0
		}
	}
	return writeErr(err)
}
