package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/insight/text"
)

// Comment search uses each engine's own full-text search.
//
// SQLite: the FTS5 table feedback_fts (migration 0023) holds, per
// feedback with a comment in a language insight/text reads, the distinct
// Snowball stems of its words (text.Tokenize; negations left out, as a
// query leaves them out), each prefixed with the language (ftsDoc), under the feedback's id as rowid. It is contentless
// and keeps no positions: the comment itself stays in feedback. The stems
// are made from Go in the goroutine of the caller (prepareFeedback) and
// written in the transaction that inserts the feedback (indexComments),
// so FTS5's own tokenizer only splits them; a query is stemmed by the
// same code (text.ParseQuery), and a comment is found when it holds every
// stem of the query as its language reads it. The table holds no
// organization: every search joins back to feedback by id and filters on
// its org_id.
//
// PostgreSQL: no table of its own; three partial GIN expression indexes
// on feedback, to_tsvector('english' | 'russian' | 'finnish', comment),
// one per language (WHERE lang = … AND comment <> ''), which a search
// ORs, so the planner combines the three index scans. The words the query
// keeps (text.ParseQuery, the same function words left out as on
// SQLite) go to plainto_tsquery of each configuration, whose Snowball
// stemmers are the ones insight/text uses.
//
// Only the comment is indexed, not the praise text: praise is read on the
// praise page, per staff member.
//
// Limits. A search reads every match of its words (in the organization,
// on PostgreSQL; in every organization, on SQLite, before the join keeps
// the organization's), then sorts them by time for the page: a few
// milliseconds for hundreds of matches, more for a word in hundreds of
// thousands of comments. PostgreSQL's configurations have stop lists of
// their own, somewhat longer than insight/text's ("very", "again",
// "очень"): such a word in a query is ignored there and must occur on
// SQLite. Stems are Snowball's on both engines, so forms meet alike.

var feedbackFTSTable = table{name: "feedback_fts", cols: []string{"rowid", "stems"}}

// commentStems returns what SQLite's full-text index holds for f's
// comment (ftsDoc), "" for none. prepareFeedback calls it, in the caller's
// goroutine, so the writer's transaction does not stem.
func (db *DB) commentStems(f *tandem.Feedback) string {
	if db.engine != SQLite || f.Comment == "" {
		return ""
	}
	return ftsDoc(f.Lang, f.Comment)
}

// indexComments adds the comments of the inserted feedback among fs to
// SQLite's full-text index, with one multi-row statement per batch;
// keys[i].stems holds fs[i]'s (commentStems). PostgreSQL's expression
// indexes keep themselves.
func (db *DB) indexComments(ctx context.Context, tx *sql.Tx, fs []*tandem.Feedback, keys []fbKeys, inserted map[int64]bool) error {
	if db.engine != SQLite {
		return nil
	}
	var args []any
	for i, f := range fs {
		if keys[i].stems != "" && inserted[f.ID] {
			args = append(args, f.ID, keys[i].stems)
		}
	}
	return db.insertRows(ctx, tx, feedbackFTSTable, args)
}

// ftsDoc is the document SQLite's full-text index holds for a comment:
// its distinct stems, each prefixed with the language ("fi_kahv"), so
// that one index column holds every language and a stem is only found
// in comments of the language that made it. Hyphens and apostrophes go
// ("self-servic" is "selfservic"), so that every stem is one token of
// the index (which keeps no positions: detail=none).
func ftsDoc(lang, comment string) string {
	toks := text.Tokenize(lang, comment)
	if len(toks) == 0 {
		return ""
	}
	seen := make(map[string]bool, len(toks))
	var b strings.Builder
	for _, t := range toks {
		if seen[t.Stem] || t.Neg {
			continue
		}
		seen[t.Stem] = true
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		writeFTSToken(&b, lang, t.Stem)
	}
	return b.String()
}

// writeFTSToken writes one stem as SQLite's full-text index holds it.
func writeFTSToken(b *strings.Builder, lang, stem string) {
	b.WriteString(lang)
	b.WriteByte('_')
	for _, r := range stem {
		if r != '-' && r != '\'' {
			b.WriteRune(r)
		}
	}
}

// backfillCommentIndex fills SQLite's full-text index with the comments
// stored before it existed, in chunks by id; it runs in migration 0023's
// transaction, so the index is complete when the migration is recorded.
func backfillCommentIndex(ctx context.Context, db *DB, tx *sql.Tx) error {
	const chunk = 2000
	var after int64
	for {
		var args []any
		var n int
		err := queryEach(ctx, tx, `SELECT id, lang, comment FROM feedback WHERE comment <> '' AND id > ? ORDER BY id LIMIT ?`,
			[]any{after, chunk}, func(row scanner) error {
				var id int64
				var lang, comment string
				if err := row.Scan(&id, &lang, &comment); err != nil {
					return err
				}
				n++
				after = id
				if doc := ftsDoc(lang, comment); doc != "" {
					args = append(args, id, doc)
				}
				return nil
			})
		if err != nil {
			return err
		}
		if err := db.insertRows(ctx, tx, feedbackFTSTable, args); err != nil {
			return err
		}
		if n < chunk {
			return nil
		}
	}
}

// searchLangs are the languages comments are searched in, with their
// PostgreSQL text search configurations and the expression each index
// holds (exactly as migration 0023 wrote it: the planner matches it as
// written).
var searchLangs = []struct{ lang, config, doc string }{
	{text.English, "english", "f.comment"},
	{text.Russian, "russian", "translate(f.comment, 'ёЁ', 'еЕ')"},
	{text.Finnish, "finnish", "f.comment"},
}

// SearchComments finds comments by their words (see the top of this file).
func (db *DB) SearchComments(ctx context.Context, s tandem.CommentSearch) ([]tandem.CommentMatch, error) {
	query, args := db.searchSQL(s)
	if query == "" {
		return nil, tandem.ErrSearchCommonWords()
	}
	return queryList(ctx, db.r, query, func(row scanner) (tandem.CommentMatch, error) {
		var m tandem.CommentMatch
		var created int64
		err := row.Scan(&m.FeedbackID, &m.ServiceID, &m.Overall, &m.Text, &m.Lang, &created)
		m.CreatedAt = fromMS(created)
		return m, err
	}, args...)
}

// searchSQL is the statement of a search and its arguments; "" when the
// query has no word to search for.
func (db *DB) searchSQL(s tandem.CommentSearch) (string, []any) {
	pq := text.ParseQuery(s.Query)
	if pq.Empty() {
		return "", nil
	}
	limit := s.Limit
	if limit <= 0 {
		limit = tandem.DefaultSearchLimit
	}
	limit = min(limit, tandem.MaxSearchLimit+1)
	var where conditions
	var from string
	if db.engine == SQLite {
		// The FTS table is read first (CROSS JOIN keeps that order), then
		// each match's feedback by its primary key.
		from = `feedback_fts CROSS JOIN feedback f ON f.id = feedback_fts.rowid`
		where.and(`feedback_fts MATCH ?`, ftsMatch(pq))
	} else {
		from = `feedback f`
		var or []string
		words := strings.Join(pq.Words, " ")
		for _, l := range searchLangs {
			or = append(or, `(f.lang = '`+l.lang+`' AND f.comment <> '' AND to_tsvector('`+l.config+`', `+l.doc+`) @@ plainto_tsquery('`+l.config+`', ?))`)
			if l.lang == text.Russian {
				where.args = append(where.args, strings.NewReplacer("ё", "е", "Ё", "Е").Replace(words))
			} else {
				where.args = append(where.args, words)
			}
		}
		where.list = append(where.list, `(`+strings.Join(or, ` OR `)+`)`)
	}
	where.and(`f.org_id = ?`, s.OrgID)
	if s.ServiceID != 0 {
		where.and(`f.service_id = ?`, s.ServiceID)
	}
	if !s.From.IsZero() {
		where.and(`f.created_ms >= ?`, ms(s.From))
	}
	if !s.To.IsZero() {
		where.and(`f.created_ms < ?`, ms(s.To))
	}
	if s.Before != nil {
		where.and(`(f.created_ms, f.id) < (?, ?)`, ms(s.Before.CreatedAt), s.Before.ID)
	}
	return db.q(`SELECT f.id, f.service_id, f.overall, f.comment, f.lang, f.created_ms FROM ` + from + `
		WHERE ` + where.String() + ` ORDER BY f.created_ms DESC, f.id DESC LIMIT ?`), append(where.args, limit)
}

// ftsMatch is the FTS5 query of a search: in each language, the comments
// of that language holding every stem of the query as that language reads
// it.
func ftsMatch(pq text.Query) string {
	var or []string
	for _, l := range searchLangs {
		stems := pq.Stems[l.lang]
		if len(stems) == 0 {
			continue
		}
		and := make([]string, len(stems))
		for i, st := range stems {
			var b strings.Builder
			writeFTSToken(&b, l.lang, st)
			and[i] = ftsString(b.String())
		}
		or = append(or, `(`+strings.Join(and, ` AND `)+`)`)
	}
	return strings.Join(or, ` OR `)
}

// ftsString quotes s as an FTS5 string: a phrase of the tokens in it.
func ftsString(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
