package sqlstore

import (
	"context"
	"database/sql"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
)

// MaxInsightComments bounds the comments InsightData returns, newest first.
const MaxInsightComments = 500

// InsightData reads the query's window [From, To) from the rollups
// (rollup.go): whole days of the organization's calendar, from the one
// grain that holds the query's filters, so the rows read grow with the
// days and places asked about, not with the feedback. Comments and praise
// texts come from the feedback itself, the newest first, bounded.
func (db *DB) InsightData(ctx context.Context, q tandem.InsightQuery) (*tandem.InsightData, error) {
	c, err := db.rollupWhere(ctx, q)
	if err != nil {
		return nil, err
	}
	r := c.days
	d := &tandem.InsightData{}

	if err := db.insightDays(ctx, d, r, !q.FiguresOnly); err != nil {
		return nil, err
	}

	if c.hasHours && !q.FiguresOnly {
		if d.Hours, err = db.insightHours(ctx, c.hours); err != nil {
			return nil, err
		}
	}

	if d.Aspects, err = db.insightAspects(ctx, q, c); err != nil {
		return nil, err
	}

	if !q.FiguresOnly {
		if d.Comments, err = db.insightComments(ctx, q); err != nil {
			return nil, err
		}
	}

	if d.Praise, err = db.insightPraise(ctx, q, c.spanned); err != nil {
		return nil, err
	}
	if d.Readiness, err = db.insightReadiness(ctx, c.spanned); err != nil {
		return nil, err
	}
	if d.Help, err = db.insightHelp(ctx, q, c); err != nil {
		return nil, err
	}
	if !q.FiguresOnly {
		if d.Refused, err = db.insightRefused(ctx, q); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// hourDests appends to dest a scan destination for each hour of each of
// hours, in order: the columns of hourColumns.
func hourDests(dest []any, hours ...*[24]int) []any {
	for _, hs := range hours {
		for h := range hs {
			dest = append(dest, &hs[h])
		}
	}
	return dest
}

// sumsOf is the select list SUM(a), SUM(b), ... of cols.
func sumsOf(cols []string) string {
	sums := make([]string, len(cols))
	for i, col := range cols {
		sums[i] = `SUM(` + col + `)`
	}
	return strings.Join(sums, ", ")
}

// insightHours sums rollup_hours over c per aspect, and unpivots its
// hour columns into a count per aspect and hour with any judgement, in
// that order.
func (db *DB) insightHours(ctx context.Context, c spannedConds) ([]tandem.HourAspectCount, error) {
	from, args := c.from("rollup_hours", "aspect_key, "+strings.Join(hourCols, ", "))
	var out []tandem.HourAspectCount
	err := queryEach(ctx, db.r, db.q(`SELECT aspect_key, `+sumsOf(hourCols)+` FROM `+from+`
		GROUP BY aspect_key ORDER BY aspect_key`), args, func(r scanner) error {
		var key string
		var negative, total [24]int
		if err := r.Scan(hourDests([]any{&key}, &negative, &total)...); err != nil {
			return err
		}
		for h := range total {
			if total[h] > 0 {
				out = append(out, tandem.HourAspectCount{AspectKey: key, Hour: h, Negative: negative[h], Total: total[h]})
			}
		}
		return nil
	})
	return out, err
}

// insightComments returns the newest comments of the query's window,
// at most MaxInsightComments, read from the feedback through its indexes.
func (db *DB) insightComments(ctx context.Context, q tandem.InsightQuery) ([]tandem.Comment, error) {
	feedback := insightWhere("f", q)
	return queryList(ctx, db.r, db.q(`SELECT f.id, f.overall, f.comment, f.lang, f.created_ms FROM `+db.commentsOf(q)+`
		WHERE `+feedback.String()+` AND f.comment <> '' ORDER BY f.created_ms DESC, f.id DESC LIMIT ?`), func(r scanner) (tandem.Comment, error) {
		var c tandem.Comment
		var created int64
		err := r.Scan(&c.FeedbackID, &c.Overall, &c.Text, &c.Lang, &created)
		c.CreatedAt = fromMS(created)
		return c, err
	}, append(feedback.args, MaxInsightComments)...)
}

// commentsOf is the feedback table f to read q's comments from. SQLite's
// planner, without statistics, walks the organization's time index for a
// site's comments, passing every other site's; it is pointed at the index
// of a site's comments (80 ms against 2 ms for a café of twenty).
func (db *DB) commentsOf(q tandem.InsightQuery) string {
	if db.engine == SQLite && q.SiteID != 0 {
		return `feedback f INDEXED BY feedback_site_comments`
	}
	return `feedback f`
}

// rollupConds select the rollup rows of a query: its organization's, of
// the one grain that holds its filters, in its days.
type rollupConds struct {
	days conditions // rollup_days
	// spanned (rollup_aspects, rollup_readiness, rollup_praise) and hours
	// read whole months where the window has them (see spans); hours are
	// kept for the whole organization and each site only: hasHours is
	// false when the query filters by a touchpoint or a segment.
	spanned, hours spannedConds
	hasHours       bool
}

func (db *DB) rollupWhere(ctx context.Context, q tandem.InsightQuery) (rollupConds, error) {
	var c rollupConds
	site := q.SiteID
	if q.TouchpointID != 0 && site == 0 {
		// Touchpoint rows keep their site, which comes first in the key.
		err := db.r.QueryRowContext(ctx, db.q(`SELECT site_id FROM touchpoints WHERE org_id = ? AND id = ?`),
			q.OrgID, q.TouchpointID).Scan(&site)
		if err != nil {
			return c, rowErr(err)
		}
	}
	grain := grainAll
	switch {
	case q.Segmented() && site != 0:
		grain = grainFull
	case q.Segmented():
		grain = grainSegment
	case q.TouchpointID != 0:
		grain = grainTouchpoint
	case site != 0:
		grain = grainSite
	}
	c.hasHours = grain == grainAll || grain == grainSite
	every := func(cond string, arg any) {
		c.days.and(cond, arg)
		c.spanned.base.and(cond, arg)
		c.hours.base.and(cond, arg)
	}
	rows := func(cond string, arg any) { // the tables with every dimension
		c.days.and(cond, arg)
		c.spanned.base.and(cond, arg)
	}
	every(`org_id = ?`, q.OrgID)
	every(`grain = ?`, grain)
	every(`site_id = ?`, site)
	if q.TouchpointID != 0 || grain != grainFull {
		rows(`touchpoint_id = ?`, q.TouchpointID)
	}
	loc := q.Location
	if loc == nil {
		loc = time.UTC
	}
	from, to := int64(math.MinInt32), int64(math.MaxInt32) // days, both included
	if !q.From.IsZero() {
		from, _ = localDay(q.From, loc)
		c.days.and(`day >= ?`, from)
	}
	if !q.To.IsZero() {
		to, _ = localDay(q.To.Add(-time.Millisecond), loc)
		c.days.and(`day <= ?`, to)
	}
	c.spanned.ranges = spans(from, to)
	c.hours.ranges = c.spanned.ranges
	if q.ServiceID != 0 {
		every(`service_id = ?`, q.ServiceID)
	}
	if q.Channel != "" {
		rows(`channel = ?`, string(q.Channel))
	}
	if q.Lang != "" {
		rows(`lang = ?`, q.Lang)
	}
	if q.FirstTime != nil {
		first := 0
		if *q.FirstTime {
			first = 1
		}
		rows(`first_time = ?`, first)
	}
	return c, nil
}

// spannedConds select rows of a table kept per day and per month: base
// conditions, and ranges of spans and days read one after the other, as
// an OR of them would have the engines scan every day of the place.
type spannedConds struct {
	base   conditions
	ranges []spanRange
}

type spanRange struct{ span, from, to int64 } // days, both included

// from returns a FROM clause of table's rows with cols, and its arguments.
func (c spannedConds) from(table, cols string) (string, []any) {
	var parts []string
	var args []any
	for _, r := range c.ranges {
		parts = append(parts, `SELECT `+cols+` FROM `+table+` WHERE `+c.base.String()+` AND span = ? AND day >= ? AND day <= ?`)
		args = append(append(args, c.base.args...), r.span, r.from, r.to)
	}
	return `(` + strings.Join(parts, ` UNION ALL `) + `) t`, args
}

// spans reads the days from and to (both included): the whole months
// between them from the month rows, the days before and after those from
// the day rows.
func spans(from, to int64) []spanRange {
	first := monthOf(from) // the first whole month
	if first < from {
		first = nextMonth(first)
	}
	end := monthOf(to + 1) // the day after the last whole month
	if from == math.MinInt32 || to == math.MaxInt32 || first >= end {
		return []spanRange{{spanDay, from, to}}
	}
	var out []spanRange
	for _, r := range []spanRange{{spanDay, from, first - 1}, {spanMonth, first, end - 1}, {spanDay, end, to}} {
		if r.from <= r.to {
			out = append(out, r)
		}
	}
	return out
}

// nextMonth returns the first day of the month after the one month
// begins.
func nextMonth(month int64) int64 {
	y, m, _ := time.Unix(month*86400, 0).UTC().Date()
	return time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// insightReadiness sums the readiness answers per dimension, first-timers
// apart from regulars and per step named hardest, and unpivots the
// question columns. Sorted by dimension as tandem.Dimensions orders them,
// regulars first, then by step key.
func (db *DB) insightReadiness(ctx context.Context, c spannedConds) ([]tandem.ReadinessCount, error) {
	type group struct {
		firstTime bool
		step      string
		n, sum    [4]int
	}
	from, args := c.from("rollup_readiness", "first_timer, hardest_step_key, n_motivation, sum_motivation, n_role, sum_role, n_knowhow, sum_knowhow, n_ability, sum_ability")
	groups, err := queryList(ctx, db.r, db.q(`SELECT first_timer, hardest_step_key,
			SUM(n_motivation), SUM(sum_motivation), SUM(n_role), SUM(sum_role),
			SUM(n_knowhow), SUM(sum_knowhow), SUM(n_ability), SUM(sum_ability)
		FROM `+from+`
		GROUP BY first_timer, hardest_step_key`), func(r scanner) (group, error) {
		var g group
		var first int
		err := r.Scan(&first, &g.step, &g.n[0], &g.sum[0], &g.n[1], &g.sum[1], &g.n[2], &g.sum[2], &g.n[3], &g.sum[3])
		g.firstTime = first == 1
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

// insightHelp counts the help requests of q per step, site and local
// hour from rollup_help (the daily counts come with the days, from
// rollup_days). Its rows keep the site in every grain, so the whole
// organization's view reads the sites' rows. Help is asked on the
// customer's page: a query for the API channel has none.
func (db *DB) insightHelp(ctx context.Context, q tandem.InsightQuery, c rollupConds) ([]tandem.HelpCount, error) {
	if q.Channel != "" && q.Channel != tandem.ChannelWeb {
		return nil, nil
	}
	segmented := q.Lang != "" || q.FirstTime != nil
	grain := grainSite
	switch {
	case segmented && q.TouchpointID != 0:
		grain = grainFull
	case segmented:
		grain = grainSegment
	case q.TouchpointID != 0:
		grain = grainTouchpoint
	}
	var where conditions
	where.and(`org_id = ?`, q.OrgID)
	where.and(`grain = ?`, grain)
	if q.SiteID != 0 {
		where.and(`site_id = ?`, q.SiteID)
	}
	if q.TouchpointID != 0 {
		where.and(`touchpoint_id = ?`, q.TouchpointID)
	}
	if q.ServiceID != 0 {
		where.and(`service_id = ?`, q.ServiceID)
	}
	if q.Lang != "" {
		where.and(`lang = ?`, q.Lang)
	}
	if q.FirstTime != nil {
		where.and(`first_time = ?`, firstTimeCol(*q.FirstTime))
	}
	from, args := spannedConds{base: where, ranges: c.spanned.ranges}.from("rollup_help", "step_key, site_id, "+strings.Join(helpHourCols, ", "))
	var out []tandem.HelpCount
	err := queryEach(ctx, db.r, db.q(`SELECT step_key, site_id, `+sumsOf(helpHourCols)+` FROM `+from+`
		GROUP BY step_key, site_id ORDER BY step_key, site_id`), args, func(r scanner) error {
		var step string
		var site int64
		var count [24]int
		if err := r.Scan(hourDests([]any{&step, &site}, &count)...); err != nil {
			return err
		}
		for h, n := range count {
			if n > 0 {
				out = append(out, tandem.HelpCount{StepKey: step, SiteID: site, Hour: h, Count: n})
			}
		}
		return nil
	})
	// In Go's order of the keys, whatever the database's collation.
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.StepKey < b.StepKey || a.StepKey == b.StepKey && a.SiteID < b.SiteID
	})
	return out, err
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
	if q.SiteID != 0 {
		where.and(t+`.site_id = ?`, q.SiteID)
	}
	if t == "f" { // what help requests do not record
		if q.TouchpointID != 0 {
			where.and(`f.touchpoint_id = ?`, q.TouchpointID)
		}
		if q.Channel != "" {
			where.and(`f.idempotency_key LIKE ?`, string(q.Channel)+":%")
		}
		if q.Lang != "" {
			where.and(`f.lang = ?`, q.Lang)
		}
		if q.FirstTime != nil {
			where.and(`f.first_time = ?`, *q.FirstTime)
		}
	}
	return where
}

// insightAspects counts judgements per aspect key, across blueprint
// versions, named as the newest version names them; sorted by key.
// With them come the negatives per day and cause, summed from the same
// rows: a row per day and aspect is few enough to add up here.
func (db *DB) insightAspects(ctx context.Context, q tandem.InsightQuery, c rollupConds) ([]tandem.AspectCount, error) {
	from, args := c.spanned.from("rollup_aspects", "aspect_key, positive, negative, neg_provider, neg_customer, neg_partner, neg_shared")
	counts, err := queryList(ctx, db.r, db.q(`SELECT aspect_key, SUM(positive), SUM(negative),
			SUM(neg_provider), SUM(neg_customer), SUM(neg_partner), SUM(neg_shared)
		FROM `+from+` GROUP BY aspect_key HAVING SUM(positive) + SUM(negative) > 0
		ORDER BY aspect_key`), func(r scanner) (tandem.AspectCount, error) {
		var a tandem.AspectCount
		var byCause [4]int // as tandem.Parties
		err := r.Scan(&a.AspectKey, &a.Positive, &a.Negative, &byCause[0], &byCause[1], &byCause[2], &byCause[3])
		a.ByCause = map[tandem.Party]int{}
		for i, p := range tandem.Parties {
			if byCause[i] != 0 {
				a.ByCause[p] = byCause[i]
			}
		}
		return a, err
	}, args...)
	if err != nil || len(counts) == 0 {
		return nil, err
	}
	byKey := map[string]*tandem.AspectCount{}
	for i := range counts {
		byKey[counts[i].AspectKey] = &counts[i]
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
	return counts, nil
}

// dayTime is a rollup day as the midnight UTC of its date.
func dayTime(day int64) time.Time { return time.Unix(day*86400, 0).UTC() }

// insightDays reads the rollup_days rows of r once: the responses and
// overall sum of each day and, with series, the day's negatives by cause,
// readiness answers and help requests for the weekly trend lines.
func (db *DB) insightDays(ctx context.Context, d *tandem.InsightData, r conditions, series bool) error {
	return queryEach(ctx, db.r, db.q(`SELECT day, SUM(responses), SUM(overall_sum),
			SUM(neg_provider), SUM(neg_customer), SUM(neg_partner), SUM(neg_shared),
			SUM(n_motivation), SUM(sum_motivation), SUM(n_role), SUM(sum_role),
			SUM(n_knowhow), SUM(sum_knowhow), SUM(n_ability), SUM(sum_ability), SUM(help)
		FROM rollup_days WHERE `+r.String()+` GROUP BY day HAVING SUM(responses) > 0 OR SUM(help) > 0 ORDER BY day`), r.args, func(row scanner) error {
		var day int64
		var c tandem.DayCount
		var byCause [4]int // as tandem.Parties
		var n, sum [4]int  // as tandem.Dimensions
		var help int
		if err := row.Scan(&day, &c.Responses, &c.OverallSum, &byCause[0], &byCause[1], &byCause[2], &byCause[3],
			&n[0], &sum[0], &n[1], &sum[1], &n[2], &sum[2], &n[3], &sum[3], &help); err != nil {
			return err
		}
		c.Day = dayTime(day)
		if c.Responses > 0 { // a day with help requests only has no responses
			d.Days = append(d.Days, c)
		}
		if !series {
			return nil
		}
		if help > 0 {
			d.HelpDays = append(d.HelpDays, tandem.DayTotal{Day: c.Day, Count: help})
		}
		for i, p := range tandem.Parties {
			if byCause[i] != 0 {
				d.CauseDays = append(d.CauseDays, tandem.CauseDayCount{Day: c.Day, Party: p, Negatives: byCause[i]})
			}
		}
		for i, dim := range tandem.Dimensions {
			if n[i] > 0 {
				d.ReadinessDays = append(d.ReadinessDays, tandem.ReadinessDayCount{Day: c.Day, Dimension: dim, Answers: n[i], Sum: sum[i]})
			}
		}
		return nil
	})
}

// maxPraiseTexts bounds the staff members whose newest praise text
// InsightData looks up, the most praised first.
const maxPraiseTexts = 50

// insightPraise counts praise per staff member, most praised first, with
// the newest praise text of the most praised, each found through the
// index of feedback with a praise text.
func (db *DB) insightPraise(ctx context.Context, q tandem.InsightQuery, c spannedConds) ([]tandem.PraiseCount, error) {
	from, args := c.from("rollup_praise", "staff_id, praise")
	counts, err := queryList(ctx, db.r, db.q(`SELECT staff_id, SUM(praise) FROM `+from+`
		GROUP BY staff_id HAVING SUM(praise) > 0`), func(r scanner) (tandem.PraiseCount, error) {
		var p tandem.PraiseCount
		err := r.Scan(&p.StaffID, &p.Count)
		return p, err
	}, args...)
	if err != nil || len(counts) == 0 {
		return nil, err
	}
	ids := make([]int64, len(counts))
	for i, p := range counts {
		ids[i] = p.StaffID
	}
	names := map[int64]string{}
	err = inChunks(ids, func(list string, chunk []any) error {
		return queryEach(ctx, db.r, db.q(`SELECT id, name FROM staff WHERE org_id = ? AND id IN (`+list+`)`),
			append([]any{q.OrgID}, chunk...), func(r scanner) error {
				var id int64
				var name string
				err := r.Scan(&id, &name)
				names[id] = name
				return err
			})
	})
	if err != nil {
		return nil, err
	}
	for i := range counts {
		counts[i].Name = names[counts[i].StaffID]
	}
	// The most praised first, so they are the ones whose text is looked
	// up; insight decides the order shown.
	sort.Slice(counts, func(i, j int) bool {
		return counts[i].Count > counts[j].Count || counts[i].Count == counts[j].Count && counts[i].StaffID < counts[j].StaffID
	})
	if q.FiguresOnly {
		return counts, nil
	}
	for i := range counts[:min(len(counts), maxPraiseTexts)] {
		query, args := db.praiseTextSQL(q, counts[i].StaffID)
		err := db.r.QueryRowContext(ctx, query, args...).Scan(&counts[i].Latest)
		if err != nil && err != sql.ErrNoRows {
			return nil, err
		}
	}
	return counts, nil
}

// praiseTextSQL is the query of a staff member's newest praise text in q's
// window, read backwards through the index feedback_praise_text, whose
// last column is the id on both engines (SQLite's rowid), so the first
// row it gives is the one. SQLite's planner, without statistics, would
// take the time index and walk the whole period back for a member rarely
// praised in words: it is told which index to use.
func (db *DB) praiseTextSQL(q tandem.InsightQuery, staffID int64) (string, []any) {
	feedback := insightWhere("f", q)
	table := `feedback f`
	if db.engine == SQLite {
		table += ` INDEXED BY feedback_praise_text`
	}
	return db.q(`SELECT f.praise FROM ` + table + `
		WHERE ` + feedback.String() + ` AND f.praise_staff_id = ? AND f.praise <> ''
		ORDER BY f.created_ms DESC, f.id DESC LIMIT 1`), append(feedback.args, staffID)
}
