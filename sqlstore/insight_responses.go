package sqlstore

import (
	"context"
	"slices"
	"strings"

	"github.com/tandemhq/tandem"
)

// The per-response reads of insight (tandem.ResponseStore): the newest
// responses of a window, one row per aspect judged, for the key-driver
// analysis, and the newest comments for what customers write. Each reads
// at most limit feedback rows through feedback_org_time or
// feedback_service_time, newest first, and their aspects by the primary
// key of feedback_aspects, so the cost follows the limit, not the rows
// the window holds.

// InsightResponses returns the newest limit responses of q's window,
// newest first, each with the aspects it judged sorted by key; more is set
// when the window holds more.
func (db *DB) InsightResponses(ctx context.Context, q tandem.InsightQuery, limit int) ([]tandem.Response, bool, error) {
	if limit <= 0 {
		return nil, false, nil
	}
	where := insightWhere("f", q)
	var out []tandem.Response
	err := queryEach(ctx, db.r, db.q(`SELECT f.id, f.service_id, f.overall, f.created_ms,
			COALESCE(a.aspect_key, ''), COALESCE(a.rating, ''), COALESCE(a.cause, '')
		FROM (SELECT f.id, f.service_id, f.overall, f.created_ms FROM feedback f WHERE `+where.String()+`
			ORDER BY f.created_ms DESC, f.id DESC LIMIT ?) f
		LEFT JOIN feedback_aspects a ON a.feedback_id = f.id
		ORDER BY f.created_ms DESC, f.id DESC`), append(where.args, limit+1), func(r scanner) error {
		var id, service, created int64
		var overall int
		var a tandem.ResponseAspect
		if err := r.Scan(&id, &service, &overall, &created, &a.Key, &a.Rating, &a.Cause); err != nil {
			return err
		}
		if n := len(out); n == 0 || out[n-1].FeedbackID != id {
			out = append(out, tandem.Response{FeedbackID: id, ServiceID: service, Overall: overall, CreatedAt: fromMS(created)})
		}
		if a.Key != "" {
			if a.Rating != tandem.Negative {
				a.Cause = ""
			}
			last := &out[len(out)-1]
			last.Aspects = append(last.Aspects, a)
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	for i := range out {
		slices.SortFunc(out[i].Aspects, func(a, b tandem.ResponseAspect) int { return strings.Compare(a.Key, b.Key) })
	}
	if len(out) > limit {
		return out[:limit], true, nil
	}
	return out, false, nil
}

// InsightTexts returns the newest limit comments of q's window, newest
// first, each with the keys of the aspects its feedback judged; more is
// set when the window holds more.
func (db *DB) InsightTexts(ctx context.Context, q tandem.InsightQuery, limit int) ([]tandem.ResponseText, bool, error) {
	if limit <= 0 {
		return nil, false, nil
	}
	where := insightWhere("f", q)
	var out []tandem.ResponseText
	err := queryEach(ctx, db.r, db.q(`SELECT f.id, f.service_id, f.lang, f.comment, f.created_ms, COALESCE(a.aspect_key, '')
		FROM (SELECT f.id, f.service_id, f.lang, f.comment, f.created_ms FROM `+db.commentsOf(q)+` WHERE `+where.String()+`
			AND f.comment <> '' ORDER BY f.created_ms DESC, f.id DESC LIMIT ?) f
		LEFT JOIN feedback_aspects a ON a.feedback_id = f.id
		ORDER BY f.created_ms DESC, f.id DESC`), append(where.args, limit+1), func(r scanner) error {
		var c tandem.ResponseText
		var created int64
		var key string
		if err := r.Scan(&c.FeedbackID, &c.ServiceID, &c.Lang, &c.Text, &created, &key); err != nil {
			return err
		}
		if n := len(out); n == 0 || out[n-1].FeedbackID != c.FeedbackID {
			c.CreatedAt = fromMS(created)
			out = append(out, c)
		}
		if key != "" {
			last := &out[len(out)-1]
			last.Aspects = append(last.Aspects, key)
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	for i := range out {
		slices.Sort(out[i].Aspects)
	}
	if len(out) > limit {
		return out[:limit], true, nil
	}
	return out, false, nil
}
