package sqlstore

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
)

// MaxInsightComments bounds the comments InsightData returns, newest first.
const MaxInsightComments = 500

const (
	dayMS = 86400000
)

// InsightData aggregates feedback in the query's window [From, To) with
// GROUP BY in the database; a zero From or To leaves that side open. Days
// and hours are the organization's wall clock (see localMS), computed with
// integer arithmetic both engines share.
func (db *DB) InsightData(ctx context.Context, q tandem.InsightQuery) (*tandem.InsightData, error) {
	feedback := insightWhere("f", q)
	where, args := feedback.String(), feedback.args
	local := localMS(q.Location, q.From, q.To)
	d := &tandem.InsightData{}
	var err error

	d.Days, err = queryList(ctx, db.r, db.q(`SELECT day, COUNT(*), SUM(overall) FROM (
			SELECT `+local+` / 86400000 AS day, f.overall FROM feedback f WHERE `+where+`
		) t GROUP BY day ORDER BY day`), func(r scanner) (tandem.DayCount, error) {
		var c tandem.DayCount
		var day int64
		err := r.Scan(&day, &c.Responses, &c.OverallSum)
		c.Day = time.UnixMilli(day * dayMS).UTC()
		return c, err
	}, args...)
	if err != nil {
		return nil, err
	}

	d.Hours, err = queryList(ctx, db.r, db.q(`SELECT aspect_key, hour, SUM(neg), COUNT(*) FROM (
			SELECT a.aspect_key, (`+local+` % 86400000) / 3600000 AS hour,
				CASE WHEN a.rating = 'negative' THEN 1 ELSE 0 END AS neg
			FROM feedback f JOIN feedback_aspects a ON a.feedback_id = f.id WHERE `+where+`
		) t GROUP BY aspect_key, hour ORDER BY aspect_key, hour`), func(r scanner) (tandem.HourAspectCount, error) {
		var c tandem.HourAspectCount
		err := r.Scan(&c.AspectKey, &c.Hour, &c.Negative, &c.Total)
		return c, err
	}, args...)
	if err != nil {
		return nil, err
	}

	if d.Aspects, err = db.insightAspects(ctx, q, where, args); err != nil {
		return nil, err
	}

	d.Comments, err = queryList(ctx, db.r, db.q(`SELECT f.id, f.overall, f.comment, f.lang, f.created_ms FROM feedback f
		WHERE `+where+` AND f.comment <> '' ORDER BY f.created_ms DESC, f.id DESC LIMIT ?`), func(r scanner) (tandem.Comment, error) {
		var c tandem.Comment
		var created int64
		err := r.Scan(&c.FeedbackID, &c.Overall, &c.Text, &c.Lang, &created)
		c.CreatedAt = fromMS(created)
		return c, err
	}, append(args, MaxInsightComments)...)
	if err != nil {
		return nil, err
	}

	if d.Praise, err = db.insightPraise(ctx, where, args); err != nil {
		return nil, err
	}
	if d.Readiness, err = db.insightReadiness(ctx, where, args); err != nil {
		return nil, err
	}
	if d.Help, err = db.insightHelp(ctx, q); err != nil {
		return nil, err
	}
	if d.Refused, err = db.insightRefused(ctx, q); err != nil {
		return nil, err
	}
	return d, nil
}

// insightReadiness sums the readiness answers per dimension, first-timers
// apart from regulars and per step named hardest, in one pass: one count
// and one sum per readiness_* column (COUNT skips NULLs, the questions
// left out), unpivoted here. Sorted by dimension as tandem.Dimensions
// orders them, regulars first, then by step key.
func (db *DB) insightReadiness(ctx context.Context, where string, args []any) ([]tandem.ReadinessCount, error) {
	type group struct {
		firstTime bool
		step      string
		n, sum    [4]int
	}
	groups, err := queryList(ctx, db.r, db.q(`SELECT f.first_time, f.hardest_step_key,
			COUNT(f.readiness_motivation), COALESCE(SUM(f.readiness_motivation), 0),
			COUNT(f.readiness_role), COALESCE(SUM(f.readiness_role), 0),
			COUNT(f.readiness_knowhow), COALESCE(SUM(f.readiness_knowhow), 0),
			COUNT(f.readiness_ability), COALESCE(SUM(f.readiness_ability), 0)
		FROM feedback f WHERE `+where+` AND (f.readiness_motivation IS NOT NULL OR f.readiness_role IS NOT NULL
			OR f.readiness_knowhow IS NOT NULL OR f.readiness_ability IS NOT NULL)
		GROUP BY f.first_time, f.hardest_step_key`), func(r scanner) (group, error) {
		var g group
		err := r.Scan(&g.firstTime, &g.step, &g.n[0], &g.sum[0], &g.n[1], &g.sum[1], &g.n[2], &g.sum[2], &g.n[3], &g.sum[3])
		return g, err
	}, args...)
	if err != nil || len(groups) == 0 {
		return nil, err
	}
	var out []tandem.ReadinessCount
	for i, d := range tandem.Dimensions { // the order of the columns above
		for _, g := range groups {
			if g.n[i] > 0 {
				out = append(out, tandem.ReadinessCount{Dimension: d, FirstTime: g.firstTime, HardestStep: g.step,
					Answers: g.n[i], Sum: g.sum[i]})
			}
		}
	}
	rank := map[tandem.Dimension]int{}
	for i, d := range tandem.Dimensions {
		rank[d] = i
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Dimension != b.Dimension {
			return rank[a.Dimension] < rank[b.Dimension]
		}
		if a.FirstTime != b.FirstTime {
			return !a.FirstTime
		}
		return a.HardestStep < b.HardestStep
	})
	return out, nil
}

// insightHelp counts help requests raised in the query's window per step
// key, site and hour of the organization's day, sorted in that order.
func (db *DB) insightHelp(ctx context.Context, q tandem.InsightQuery) ([]tandem.HelpCount, error) {
	where := insightWhere("h", q)
	local := localTime("h.created_ms", q.Location, q.From, q.To)
	return queryList(ctx, db.r, db.q(`SELECT step_key, site_id, hour, COUNT(*) FROM (
			SELECT h.step_key, h.site_id, (`+local+` % 86400000) / 3600000 AS hour FROM help_requests h WHERE `+where.String()+`
		) t GROUP BY step_key, site_id, hour ORDER BY step_key, site_id, hour`), func(r scanner) (tandem.HelpCount, error) {
		var c tandem.HelpCount
		err := r.Scan(&c.StepKey, &c.SiteID, &c.Hour, &c.Count)
		return c, err
	}, where.args...)
}

// insightWhere selects the rows of an insight query in a table aliased t
// (feedback f or help_requests h): its organization's, of its service if
// it names one, created in its window.
func insightWhere(t string, q tandem.InsightQuery) conditions {
	var where conditions
	where.and(t+`.org_id = ?`, q.OrgID)
	if q.ServiceID != 0 {
		where.and(t+`.service_id = ?`, q.ServiceID)
	}
	if !q.From.IsZero() {
		where.and(t+`.created_ms >= ?`, ms(q.From))
	}
	if !q.To.IsZero() {
		where.and(t+`.created_ms < ?`, ms(q.To))
	}
	return where
}

// insightAspects counts judgements per aspect key, across blueprint
// versions, named as the newest version names them; sorted by key.
func (db *DB) insightAspects(ctx context.Context, q tandem.InsightQuery, where string, args []any) ([]tandem.AspectCount, error) {
	type count struct {
		key    string
		rating tandem.Rating
		cause  tandem.Party
		n      int
	}
	counts, err := queryList(ctx, db.r, db.q(`SELECT a.aspect_key, a.rating, a.cause, COUNT(*)
		FROM feedback f JOIN feedback_aspects a ON a.feedback_id = f.id WHERE `+where+`
		GROUP BY a.aspect_key, a.rating, a.cause`), func(r scanner) (count, error) {
		var c count
		err := r.Scan(&c.key, &c.rating, &c.cause, &c.n)
		return c, err
	}, args...)
	if err != nil || len(counts) == 0 {
		return nil, err
	}
	byKey := map[string]*tandem.AspectCount{}
	for _, c := range counts {
		a := byKey[c.key]
		if a == nil {
			a = &tandem.AspectCount{AspectKey: c.key, ByCause: map[tandem.Party]int{}}
			byKey[c.key] = a
		}
		if c.rating == tandem.Negative {
			a.Negative += c.n
			a.ByCause[c.cause] += c.n
		} else {
			a.Positive += c.n
		}
	}

	var blueprints conditions
	blueprints.and(`b.org_id = ?`, q.OrgID)
	if q.ServiceID != 0 {
		blueprints.and(`b.service_id = ?`, q.ServiceID)
	}
	type name struct {
		key  string
		name tandem.Text
	}
	names, err := queryList(ctx, db.r, db.q(`SELECT a.key, a.name FROM aspects a JOIN blueprints b ON b.id = a.blueprint_id
		WHERE `+blueprints.String()+` ORDER BY b.id`), func(r scanner) (name, error) {
		var n name
		err := r.Scan(&n.key, textCol{&n.name})
		return n, err
	}, blueprints.args...)
	if err != nil {
		return nil, err
	}
	for _, n := range names { // newest version last, so it wins
		if a := byKey[n.key]; a != nil {
			a.Name = n.name
		}
	}
	out := make([]tandem.AspectCount, 0, len(byKey))
	for _, a := range byKey {
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AspectKey < out[j].AspectKey })
	return out, nil
}

// insightPraise counts praise per staff member, most praised first, with
// the newest non-empty praise text.
func (db *DB) insightPraise(ctx context.Context, where string, args []any) ([]tandem.PraiseCount, error) {
	praise, err := queryList(ctx, db.r, db.q(`SELECT s.id, s.name, COUNT(*) FROM feedback f JOIN staff s ON s.id = f.praise_staff_id
		WHERE `+where+` GROUP BY s.id, s.name ORDER BY COUNT(*) DESC, s.name, s.id`), func(r scanner) (tandem.PraiseCount, error) {
		var p tandem.PraiseCount
		err := r.Scan(&p.StaffID, &p.Name, &p.Count)
		return p, err
	}, args...)
	if err != nil || len(praise) == 0 {
		return nil, err
	}
	type latest struct {
		staff int64
		text  string
	}
	texts, err := queryList(ctx, db.r, db.q(`SELECT staff_id, praise FROM (
			SELECT f.praise_staff_id AS staff_id, f.praise,
				ROW_NUMBER() OVER (PARTITION BY f.praise_staff_id ORDER BY f.created_ms DESC, f.id DESC) AS n
			FROM feedback f WHERE `+where+` AND f.praise <> ''
		) t WHERE n = 1`), func(r scanner) (latest, error) {
		var l latest
		err := r.Scan(&l.staff, &l.text)
		return l, err
	}, args...)
	if err != nil {
		return nil, err
	}
	byStaff := map[int64]string{}
	for _, l := range texts {
		byStaff[l.staff] = l.text
	}
	for i := range praise {
		praise[i].Latest = byStaff[praise[i].StaffID]
	}
	return praise, nil
}

// localMS returns an SQL expression for f.created_ms on loc's wall clock: a
// CASE over the UTC offsets loc uses between from and to, so that days and
// hours stay right across daylight-saving changes. Its numbers are computed
// here, never taken from input, and written into the SQL as literals, which
// both engines read as integers. An open side of the window uses the offset
// in force a year beyond the other side.
func localMS(loc *time.Location, from, to time.Time) string {
	return localTime("f.created_ms", loc, from, to)
}

// localTime is localMS for any column of unix milliseconds.
func localTime(col string, loc *time.Location, from, to time.Time) string {
	if loc == nil {
		loc = time.UTC
	}
	switch {
	case from.IsZero() && to.IsZero():
		to = time.Now()
		from = to.AddDate(-1, 0, 0)
	case from.IsZero():
		from = to.AddDate(-1, 0, 0)
	case to.IsZero():
		to = from.AddDate(1, 0, 0)
	}
	var whens strings.Builder
	t := from.In(loc)
	for {
		_, off := t.Zone()
		_, end := t.ZoneBounds()
		if end.IsZero() || !end.Before(to) {
			if whens.Len() == 0 {
				return fmt.Sprintf("(%s + %d)", col, int64(off)*1000)
			}
			return fmt.Sprintf("(%s + CASE%s ELSE %d END)", col, whens.String(), int64(off)*1000)
		}
		fmt.Fprintf(&whens, " WHEN %s < %d THEN %d", col, end.UnixMilli(), int64(off)*1000)
		t = end.In(loc)
	}
}
