package sqlstore

import (
	"context"
	"database/sql"

	"github.com/tandemhq/tandem"
)

// ImportHistory stores past episodes and their feedback in one transaction,
// filling in ids and episode tokens and linking each feedback to its
// episode. Imported feedback writes no outbox events: the past needs no
// notifications or webhooks. Records are checked like CreateEpisode and
// CreateFeedback check theirs; one bad record refuses the whole import.
func (db *DB) ImportHistory(ctx context.Context, records []tandem.HistoryRecord) error {
	var episodes []*tandem.Episode
	var fs []*tandem.Feedback
	var keys []fbKeys
	seen := map[int64]*tandem.Touchpoint{}
	for _, r := range records {
		if r.Episode != nil {
			if err := db.checkEpisode(ctx, r.Episode, seen); err != nil {
				return err
			}
			episodes = append(episodes, r.Episode)
		}
		if r.Feedback != nil {
			k, err := db.checkFeedback(ctx, r.Feedback)
			if err != nil {
				return err
			}
			fs = append(fs, r.Feedback)
			keys = append(keys, k)
		}
	}
	firstEpisode, err := db.ids.take(ctx, "episodes", max(len(episodes), 1))
	if err != nil {
		return err
	}
	firstFeedback, err := db.ids.take(ctx, "feedback", max(len(fs), 1))
	if err != nil {
		return err
	}
	for i, e := range episodes {
		e.ID = firstEpisode + int64(i)
		if e.Token == "" {
			e.Token = tandem.NewSecret(tandem.EpisodeTokenBytes)
		}
	}
	for i, f := range fs {
		f.ID = firstFeedback + int64(i)
	}
	for _, r := range records {
		if r.Episode != nil && r.Feedback != nil {
			r.Feedback.EpisodeID = r.Episode.ID
		}
	}
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		if err := db.insertEpisodes(ctx, tx, episodes); err != nil {
			return err
		}
		_, err := db.insertFeedback(ctx, tx, fs, keys, false, false)
		return err
	})
	if err != nil {
		for _, e := range episodes {
			e.ID = 0
		}
		for _, f := range fs {
			f.ID = 0
		}
	}
	return writeErr(err)
}
