package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tandemhq/tandem"
)

// Insight reads rollups, not feedback: counters per organization, grain
// (see the 0022 migration), place, local day (and month, for the tables
// with many rows a day), service and segment, maintained in the
// transaction that writes the feedback. A batch adds
// its feedback up in memory first (rollup), so a batch of thirty from one
// café touches a handful of rows per table, not thirty times as many.
// Hours are columns of their rows (0026), as are a help request's, which
// is counted in the transaction that stores it (0027).
// Changes go through the same sums: a cause overridden is one negative
// taken from the old cause and given to the new one, a first-timer answer
// changed moves the episode's help requests, and a rebuild adds every
// stored feedback and help request up again.

// Grains: which dimensions a rollup row keeps; the others hold 0,
// anyText or anyFirstTime.
const (
	grainAll        = 0
	grainSite       = 1
	grainTouchpoint = 2
	grainSegment    = 3
	grainFull       = 4
)

const (
	anyText      = "*"
	anyFirstTime = -1
)

// rollupDims is one row's place in the rollups.
type rollupDims struct {
	org        int64
	grain      int64
	site       int64
	touchpoint int64
	day        int64 // local date, days since 1970-01-01
	service    int64
	channel    string
	lang       string
	firstTime  int64
}

type aspectRollupKey struct {
	rollupDims
	span   int64
	aspect string
}

type aspectRollup struct {
	positive, negative int64
	byCause            [4]int64 // as tandem.Parties
}

type hourRollupKey struct {
	org, grain, site, span, day, service int64
	aspect                               string
}

// hourRollup is a row of rollup_hours: an aspect's judgements in each
// local hour of the day, the hours as columns, so that a view reads a
// row per aspect and day rather than one per hour as well.
type hourRollup struct{ negative, total [24]int64 }

type readinessRollupKey struct {
	rollupDims
	span       int64
	firstTimer int64
	step       string
}

// dayRollup is a row of rollup_days: the day's responses, and its
// negatives by cause and readiness answers summed for the trend lines.
type dayRollup struct {
	responses, overallSum int64
	byCause               [4]int64 // as tandem.Parties
	n, sum                [4]int64 // as tandem.Dimensions
	help                  int64    // help requests
}

type readinessRollup struct{ n, sum [4]int64 } // as tandem.Dimensions

type praiseRollupKey struct {
	rollupDims
	span  int64
	staff int64
}

// helpRollupKey is a row of rollup_help: help requests per step, with
// their site in every grain (the views count them per site), per local day
// or month. Its grains are 1 (a site), 2 (a touchpoint), 3 (a site and
// the episode's language and first-timer answer) and 4 (a touchpoint and
// those); help is asked on the customer's page, so it has no channel.
type helpRollupKey struct {
	org, grain, span, day, site, touchpoint, service int64
	lang                                             string
	firstTime                                        int64
	step                                             string
}

// helpRollup counts the help requests of a row in each local hour.
type helpRollup struct{ count [24]int64 }

// rollup sums feedback into rollup rows, to be added to the stored ones by
// write.
type rollup struct {
	days      map[rollupDims]*dayRollup
	aspects   map[aspectRollupKey]*aspectRollup
	hours     map[hourRollupKey]*hourRollup
	readiness map[readinessRollupKey]*readinessRollup
	praise    map[praiseRollupKey]int64
	help      map[helpRollupKey]*helpRollup
}

func newRollup() *rollup {
	return &rollup{
		days:      map[rollupDims]*dayRollup{},
		aspects:   map[aspectRollupKey]*aspectRollup{},
		hours:     map[hourRollupKey]*hourRollup{},
		readiness: map[readinessRollupKey]*readinessRollup{},
		praise:    map[praiseRollupKey]int64{},
		help:      map[helpRollupKey]*helpRollup{},
	}
}

// rows is how many rows write will touch: a bound on memory for long
// walks, which write and start again.
func (r *rollup) rows() int {
	return len(r.days) + len(r.aspects) + len(r.hours) + len(r.readiness) + len(r.praise) + len(r.help)
}

// grains returns the five rows a feedback counts in.
func grains(f *tandem.Feedback, day int64) [5]rollupDims {
	return grainsOf(rollupDims{org: f.OrgID, grain: grainFull, site: f.SiteID, touchpoint: f.TouchpointID, day: day,
		service: f.ServiceID, channel: string(tandem.FeedbackChannel(f.IdempotencyKey)), lang: f.Lang, firstTime: firstTimeCol(f.FirstTime)})
}

// grainsOf returns the five rows of a place and segment, given in full.
func grainsOf(full rollupDims) [5]rollupDims {
	all := full
	all.grain, all.site, all.touchpoint, all.channel, all.lang, all.firstTime = grainAll, 0, 0, anyText, anyText, anyFirstTime
	site, tp, seg := all, all, all
	site.grain, site.site = grainSite, full.site
	tp.grain, tp.site, tp.touchpoint = grainTouchpoint, full.site, full.touchpoint
	seg.grain, seg.channel, seg.lang, seg.firstTime = grainSegment, full.channel, full.lang, full.firstTime
	return [5]rollupDims{all, site, tp, seg, full}
}

func firstTimeCol(first bool) int64 {
	if first {
		return 1
	}
	return 0
}

// Spans of the rows of aspects, hours, readiness and praise: a day, or a
// month whose row's day is its first.
const (
	spanDay   = 0
	spanMonth = 1
)

// monthOf returns the first day of day's month, as days since 1970-01-01.
func monthOf(day int64) int64 {
	y, m, _ := time.Unix(day*86400, 0).UTC().Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// localDay returns t's date and hour on loc's wall clock, the date as
// days since 1970-01-01.
func localDay(t time.Time, loc *time.Location) (day, hour int64) {
	l := t.In(loc)
	y, m, d := l.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400, int64(l.Hour())
}

// add counts f, whose aspect ratings have the keys aspectKeys, with sign
// +1 (or -1 to take it away); loc is its organization's time zone.
func (r *rollup) add(f *tandem.Feedback, aspectKeys []string, hardest string, loc *time.Location, sign int64) {
	day, hour := localDay(f.CreatedAt, loc)
	month := monthOf(day)
	rows := grains(f, day)
	first := rows[grainSegment].firstTime // 0 or 1, as the segment keeps it
	for _, d := range rows {
		m := d
		m.day = month
		v := r.day(d)
		v.responses += sign
		v.overallSum += sign * int64(f.Overall)
		if f.PraiseStaffID != 0 {
			r.praise[praiseRollupKey{d, spanDay, f.PraiseStaffID}] += sign
			r.praise[praiseRollupKey{m, spanMonth, f.PraiseStaffID}] += sign
		}
		if len(f.Readiness) > 0 {
			for _, k := range [2]readinessRollupKey{{d, spanDay, first, hardest}, {m, spanMonth, first, hardest}} {
				rv := r.readiness[k]
				if rv == nil {
					rv = &readinessRollup{}
					r.readiness[k] = rv
				}
				for i, dim := range tandem.Dimensions {
					if a, ok := f.Readiness[dim]; ok {
						rv.n[i] += sign
						rv.sum[i] += sign * int64(a)
					}
				}
			}
			for i, dim := range tandem.Dimensions {
				if a, ok := f.Readiness[dim]; ok {
					v.n[i] += sign
					v.sum[i] += sign * int64(a)
				}
			}
		}
	}
	for i, a := range f.Aspects {
		for _, d := range rows {
			r.aspect(d, month, aspectKeys[i], a.Rating, a.Cause, sign)
		}
		for _, d := range rows[:grainTouchpoint] { // the whole organization's and the site's
			for _, k := range [2]hourRollupKey{
				{org: d.org, grain: d.grain, site: d.site, span: spanDay, day: d.day, service: d.service, aspect: aspectKeys[i]},
				{org: d.org, grain: d.grain, site: d.site, span: spanMonth, day: month, service: d.service, aspect: aspectKeys[i]},
			} {
				v := r.hours[k]
				if v == nil {
					v = &hourRollup{}
					r.hours[k] = v
				}
				v.total[hour] += sign
				if a.Rating == tandem.Negative {
					v.negative[hour] += sign
				}
			}
		}
	}
}

// day returns the rollup_days row d, new if need be.
func (r *rollup) day(d rollupDims) *dayRollup {
	v := r.days[d]
	if v == nil {
		v = &dayRollup{}
		r.days[d] = v
	}
	return v
}

// aspect counts one judgement of an aspect in the row d, per day and in
// its month, and a negative in the day's negatives by cause.
func (r *rollup) aspect(d rollupDims, month int64, key string, rating tandem.Rating, cause tandem.Party, sign int64) {
	m := d
	m.day = month
	cause0 := slices.Index(tandem.Parties, cause)
	for _, k := range [2]aspectRollupKey{{d, spanDay, key}, {m, spanMonth, key}} {
		v := r.aspects[k]
		if v == nil {
			v = &aspectRollup{}
			r.aspects[k] = v
		}
		if rating != tandem.Negative {
			v.positive += sign
			continue
		}
		v.negative += sign
		if cause0 >= 0 {
			v.byCause[cause0] += sign
		}
	}
	if rating == tandem.Negative && cause0 >= 0 {
		r.day(d).byCause[cause0] += sign
	}
}

// moveCause takes one negative of an aspect of f from one cause and gives
// it to another.
func (r *rollup) moveCause(f *tandem.Feedback, key string, from, to tandem.Party, loc *time.Location) {
	day, _ := localDay(f.CreatedAt, loc)
	for _, d := range grains(f, day) {
		r.aspect(d, monthOf(day), key, tandem.Negative, from, -1)
		r.aspect(d, monthOf(day), key, tandem.Negative, to, +1)
	}
}

// helpPlace is where a help request counts: its episode's touchpoint,
// language and first-timer answer.
type helpPlace struct {
	touchpoint int64
	lang       string
	firstTime  bool
}

// addHelp counts a help request asked at p, with sign +1 (or -1 to take it
// away): in the day's help of rollup_days, and per step and hour in
// rollup_help.
func (r *rollup) addHelp(h *tandem.HelpRequest, p helpPlace, loc *time.Location, sign int64) {
	day, hour := localDay(h.CreatedAt, loc)
	first := firstTimeCol(p.firstTime)
	for _, d := range grainsOf(rollupDims{org: h.OrgID, grain: grainFull, site: h.SiteID, touchpoint: p.touchpoint, day: day,
		service: h.ServiceID, channel: string(tandem.ChannelWeb), lang: p.lang, firstTime: first}) {
		r.day(d).help += sign
	}
	for _, span := range [2]int64{spanDay, spanMonth} {
		at := day
		if span == spanMonth {
			at = monthOf(day)
		}
		for _, k := range [4]helpRollupKey{
			{grain: grainSite, touchpoint: 0, lang: anyText, firstTime: anyFirstTime},
			{grain: grainTouchpoint, touchpoint: p.touchpoint, lang: anyText, firstTime: anyFirstTime},
			{grain: grainSegment, touchpoint: 0, lang: p.lang, firstTime: first},
			{grain: grainFull, touchpoint: p.touchpoint, lang: p.lang, firstTime: first},
		} {
			k.org, k.span, k.day, k.site, k.service, k.step = h.OrgID, span, at, h.SiteID, h.ServiceID, h.StepKey
			v := r.help[k]
			if v == nil {
				v = &helpRollup{}
				r.help[k] = v
			}
			v.count[hour] += sign
		}
	}
}

const rollupDimCols = "org_id, grain, site_id, touchpoint_id, day, service_id, channel, lang, first_time"

var rollupDimTypes = []string{"bigint", "bigint", "bigint", "bigint", "bigint", "bigint", "text", "text", "bigint"}

// rollupTable is a rollup table written by upsert: each row's counters
// are added to the stored row's.
func rollupTable(name string, keyCols, counters []string, keyTypes []string) table {
	cols := append(strings.Split(rollupDimCols, ", "), keyCols...)
	types := append(append([]string{}, rollupDimTypes...), keyTypes...)
	switch name {
	case "rollup_hours": // fewer dimensions, and a span
		cols, types = []string{"org_id", "grain", "site_id", "span", "day", "service_id", "aspect_key"},
			[]string{"bigint", "bigint", "bigint", "bigint", "bigint", "bigint", "text"}
	case "rollup_help": // the day before the place, which every grain keeps
		cols, types = []string{"org_id", "grain", "span", "day", "site_id", "touchpoint_id", "service_id", "lang", "first_time", "step_key"},
			[]string{"bigint", "bigint", "bigint", "bigint", "bigint", "bigint", "bigint", "text", "bigint", "text"}
	case "rollup_aspects", "rollup_readiness", "rollup_praise": // a span before the day
		cols = slices.Insert(cols, 4, "span")
		types = slices.Insert(types, 4, "bigint")
	}
	key := strings.Join(cols, ", ")
	sets := make([]string, len(counters))
	for i, c := range counters {
		sets[i] = fmt.Sprintf("%s = %s.%s + excluded.%s", c, name, c, c)
		types = append(types, "bigint")
	}
	return table{name: name, cols: append(cols, counters...), types: types,
		tail: ` ON CONFLICT (` + key + `) DO UPDATE SET ` + strings.Join(sets, ", ")}
}

var (
	rollupDaysTable = rollupTable("rollup_days", nil, []string{"responses", "overall_sum",
		"neg_provider", "neg_customer", "neg_partner", "neg_shared",
		"n_motivation", "sum_motivation", "n_role", "sum_role", "n_knowhow", "sum_knowhow", "n_ability", "sum_ability", "help"}, nil)
	rollupAspectsTable = rollupTable("rollup_aspects", []string{"aspect_key"},
		[]string{"positive", "negative", "neg_provider", "neg_customer", "neg_partner", "neg_shared"}, []string{"text"})
	rollupHoursTable     = rollupTable("rollup_hours", nil, hourCols, nil)
	rollupReadinessTable = rollupTable("rollup_readiness", []string{"first_timer", "hardest_step_key"},
		[]string{"n_motivation", "sum_motivation", "n_role", "sum_role", "n_knowhow", "sum_knowhow", "n_ability", "sum_ability"},
		[]string{"bigint", "text"})
	rollupPraiseTable = rollupTable("rollup_praise", []string{"staff_id"}, []string{"praise"}, []string{"bigint"})
	rollupHelpTable   = rollupTable("rollup_help", nil, helpHourCols, nil)

	// rollupTablesOf are the rollup tables a batch writes, for the
	// statement cache.
	rollupTablesOf = []table{rollupDaysTable, rollupAspectsTable, rollupHoursTable, rollupReadinessTable, rollupPraiseTable, rollupHelpTable}
)

// hourCols are rollup_hours's counters: negatives in each local hour,
// neg_00 to neg_23, then judgements, total_00 to total_23.
var hourCols = append(hourColumns("neg"), hourColumns("total")...)

// helpHourCols are rollup_help's counters: requests in each local hour,
// help_00 to help_23.
var helpHourCols = hourColumns("help")

// hourColumns names a counter's 24 columns, one per local hour:
// prefix_00 to prefix_23.
func hourColumns(prefix string) []string {
	cols := make([]string, 24)
	for h := range cols {
		cols[h] = fmt.Sprintf("%s_%02d", prefix, h)
	}
	return cols
}

func (d rollupDims) args(args []any) []any {
	return append(args, d.org, d.grain, d.site, d.touchpoint, d.day, d.service, d.channel, d.lang, d.firstTime)
}

// spannedArgs is args for a table with a span, which comes before the day.
func (d rollupDims) spannedArgs(args []any, span int64) []any {
	return append(args, d.org, d.grain, d.site, d.touchpoint, span, d.day, d.service, d.channel, d.lang, d.firstTime)
}

// compareSpanned orders rows of a table with a span in its key's order.
func compareSpanned(a rollupDims, aSpan int64, b rollupDims, bSpan int64) int {
	return cmp.Or(cmp.Compare(a.org, b.org), cmp.Compare(a.grain, b.grain), cmp.Compare(a.site, b.site),
		cmp.Compare(a.touchpoint, b.touchpoint), cmp.Compare(aSpan, bSpan), compareDims(a, b))
}

func compareDims(a, b rollupDims) int {
	return cmp.Or(cmp.Compare(a.org, b.org), cmp.Compare(a.grain, b.grain), cmp.Compare(a.site, b.site),
		cmp.Compare(a.touchpoint, b.touchpoint), cmp.Compare(a.day, b.day), cmp.Compare(a.service, b.service),
		strings.Compare(a.channel, b.channel), strings.Compare(a.lang, b.lang), cmp.Compare(a.firstTime, b.firstTime))
}

// sortedKeys returns m's keys in order: every writer then locks rows in
// the same order and two PostgreSQL writers cannot deadlock.
func sortedKeys[K comparable, V any](m map[K]V, compare func(a, b K) int) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compare)
	return keys
}

// write adds the rollup to the stored rows in tx, one upsert per table,
// and empties it.
func (r *rollup) write(ctx context.Context, db *DB, tx *sql.Tx) error {
	var args []any
	for _, k := range sortedKeys(r.days, compareDims) {
		v := r.days[k]
		args = append(k.args(args), v.responses, v.overallSum, v.byCause[0], v.byCause[1], v.byCause[2], v.byCause[3])
		for i := range v.n {
			args = append(args, v.n[i], v.sum[i])
		}
		args = append(args, v.help)
	}
	if err := db.insertRows(ctx, tx, rollupDaysTable, args); err != nil {
		return err
	}
	args = args[:0]
	for _, k := range sortedKeys(r.aspects, func(a, b aspectRollupKey) int {
		return cmp.Or(compareSpanned(a.rollupDims, a.span, b.rollupDims, b.span), strings.Compare(a.aspect, b.aspect))
	}) {
		v := r.aspects[k]
		args = append(k.spannedArgs(args, k.span), k.aspect, v.positive, v.negative, v.byCause[0], v.byCause[1], v.byCause[2], v.byCause[3])
	}
	if err := db.insertRows(ctx, tx, rollupAspectsTable, args); err != nil {
		return err
	}
	args = args[:0]
	for _, k := range sortedKeys(r.hours, func(a, b hourRollupKey) int {
		return cmp.Or(cmp.Compare(a.org, b.org), cmp.Compare(a.grain, b.grain), cmp.Compare(a.site, b.site), cmp.Compare(a.span, b.span),
			cmp.Compare(a.day, b.day), cmp.Compare(a.service, b.service), strings.Compare(a.aspect, b.aspect))
	}) {
		v := r.hours[k]
		args = append(args, k.org, k.grain, k.site, k.span, k.day, k.service, k.aspect)
		for _, n := range v.negative {
			args = append(args, n)
		}
		for _, n := range v.total {
			args = append(args, n)
		}
	}
	if err := db.insertRows(ctx, tx, rollupHoursTable, args); err != nil {
		return err
	}
	args = args[:0]
	for _, k := range sortedKeys(r.readiness, func(a, b readinessRollupKey) int {
		return cmp.Or(compareSpanned(a.rollupDims, a.span, b.rollupDims, b.span), cmp.Compare(a.firstTimer, b.firstTimer), strings.Compare(a.step, b.step))
	}) {
		v := r.readiness[k]
		args = append(k.spannedArgs(args, k.span), k.firstTimer, k.step)
		for i := range v.n {
			args = append(args, v.n[i], v.sum[i])
		}
	}
	if err := db.insertRows(ctx, tx, rollupReadinessTable, args); err != nil {
		return err
	}
	args = args[:0]
	for _, k := range sortedKeys(r.praise, func(a, b praiseRollupKey) int {
		return cmp.Or(compareSpanned(a.rollupDims, a.span, b.rollupDims, b.span), cmp.Compare(a.staff, b.staff))
	}) {
		args = append(k.spannedArgs(args, k.span), k.staff, r.praise[k])
	}
	if err := db.insertRows(ctx, tx, rollupPraiseTable, args); err != nil {
		return err
	}
	args = args[:0]
	for _, k := range sortedKeys(r.help, func(a, b helpRollupKey) int {
		return cmp.Or(cmp.Compare(a.org, b.org), cmp.Compare(a.grain, b.grain), cmp.Compare(a.span, b.span), cmp.Compare(a.day, b.day),
			cmp.Compare(a.site, b.site), cmp.Compare(a.touchpoint, b.touchpoint), cmp.Compare(a.service, b.service),
			strings.Compare(a.lang, b.lang), cmp.Compare(a.firstTime, b.firstTime), strings.Compare(a.step, b.step))
	}) {
		args = append(args, k.org, k.grain, k.span, k.day, k.site, k.touchpoint, k.service, k.lang, k.firstTime, k.step)
		for _, n := range r.help[k].count {
			args = append(args, n)
		}
	}
	if err := db.insertRows(ctx, tx, rollupHelpTable, args); err != nil {
		return err
	}
	clear(r.days)
	clear(r.aspects)
	clear(r.hours)
	clear(r.readiness)
	clear(r.praise)
	clear(r.help)
	return nil
}

// orgZone is orgZones for one organization.
func (db *DB) orgZone(ctx context.Context, tx *sql.Tx, org int64) (*time.Location, error) {
	zones, err := db.orgZones(ctx, tx, []int64{org})
	return zones[org], err
}

// orgZones returns the time zones of the organizations of fs, read in tx.
// On PostgreSQL the read holds a key-share lock on each organization's
// row until tx ends, so a change of time zone or a rebuild, which lock the
// row for update, waits for this batch to commit and sees it whole, and
// a batch after them counts in the new zone.
func (db *DB) orgZones(ctx context.Context, tx *sql.Tx, orgs []int64) (map[int64]*time.Location, error) {
	zones := make(map[int64]*time.Location, len(orgs))
	var ids []any
	for _, o := range orgs {
		if _, ok := zones[o]; !ok {
			zones[o] = time.UTC
			ids = append(ids, o)
		}
	}
	query := orgZonesSQL(len(ids))
	if db.engine == Postgres {
		// In id order, as a rebuild locks them, so the two cannot
		// deadlock.
		query = db.q(query + ` FOR KEY SHARE`)
	}
	rows, err := db.queryTx(ctx, tx, query, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		zones[id] = zoneNamed(name)
	}
	return zones, rows.Err()
}

// orgZonesSQL reads the time zones of n organizations.
func orgZonesSQL(n int) string {
	return `SELECT id, time_zone FROM orgs WHERE id IN ` + placeholders(1, n) + ` ORDER BY id`
}

// zones caches time.LoadLocation, which reads the zone database each time.
var zones sync.Map

// zoneNamed returns the time zone of an IANA name, UTC for "" or a name
// this system does not know (organizations are validated on the way in).
func zoneNamed(name string) *time.Location {
	if name == "" {
		return time.UTC
	}
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = time.UTC
	}
	zones.Store(name, loc)
	return loc
}

// addRollups adds the feedback of a batch to the rollups in tx: those
// whose ids inserted holds, each with the keys in keys.
func (db *DB) addRollups(ctx context.Context, tx *sql.Tx, fs []*tandem.Feedback, keys []fbKeys, inserted map[int64]bool) error {
	orgs := make([]int64, 0, 1)
	for _, f := range fs {
		if inserted[f.ID] && !slices.Contains(orgs, f.OrgID) {
			orgs = append(orgs, f.OrgID)
		}
	}
	if len(orgs) == 0 {
		return nil
	}
	zones, err := db.orgZones(ctx, tx, orgs)
	if err != nil {
		return err
	}
	r := newRollup()
	for i, f := range fs {
		if inserted[f.ID] {
			r.add(f, keys[i].aspects, keys[i].hardest, zones[f.OrgID], 1)
		}
	}
	return r.write(ctx, db, tx)
}

// addStoredHelp adds an organization's stored help requests to r, with
// their episodes' touchpoints, languages and first-timer answers, and
// writes r.
func (db *DB) addStoredHelp(ctx context.Context, tx *sql.Tx, org int64, loc *time.Location, r *rollup) error {
	err := queryEach(ctx, tx, db.q(`SELECT h.site_id, h.service_id, h.step_key, h.created_ms, e.touchpoint_id, e.lang, e.first_time
		FROM help_requests h JOIN episodes e ON e.id = h.episode_id WHERE h.org_id = ?`), []any{org}, func(row scanner) error {
		h := tandem.HelpRequest{OrgID: org}
		var p helpPlace
		var created int64
		if err := row.Scan(&h.SiteID, &h.ServiceID, &h.StepKey, &created, &p.touchpoint, &p.lang, &p.firstTime); err != nil {
			return err
		}
		h.CreatedAt = fromMS(created)
		r.addHelp(&h, p, loc, 1)
		return nil
	})
	if err != nil {
		return err
	}
	return r.write(ctx, db, tx)
}

// rollupTables are the tables a rebuild empties.
var rollupTables = []string{"rollup_days", "rollup_aspects", "rollup_hours", "rollup_readiness", "rollup_praise", "rollup_help"}

// RebuildInsight empties the rollups of an organization (of every one when
// orgID is 0) and adds all their stored feedback up again, in one
// transaction, reporting each thousand feedback to progress (which may be
// nil). It returns how many feedback it counted. New feedback waits
// meanwhile.
func (db *DB) RebuildInsight(ctx context.Context, orgID int64, progress func(done int)) (int, error) {
	n := 0
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = db.rebuildRollups(ctx, tx, orgID, progress)
		return err
	})
	return n, err
}

// rebuildRollups is RebuildInsight in tx.
func (db *DB) rebuildRollups(ctx context.Context, tx *sql.Tx, orgID int64, progress func(done int)) (int, error) {
	var orgs []int64
	var where conditions
	if orgID != 0 {
		where.and(`id = ?`, orgID)
	} else {
		where.and(`1 = 1`)
	}
	lock := db.rowLock("FOR UPDATE")
	orgs, err := queryList(ctx, tx, db.q(`SELECT id FROM orgs WHERE `+where.String()+` ORDER BY id`+lock), func(r scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, where.args...)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, org := range orgs {
		for _, t := range rollupTables {
			if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM `+t+` WHERE org_id = ?`), org); err != nil {
				return n, err
			}
		}
		loc, err := db.orgZone(ctx, tx, org)
		if err != nil {
			return n, err
		}
		r := newRollup()
		var afterMS, afterID int64 = -1 << 62, 0
		for {
			fs, keys, err := db.rollupChunk(ctx, tx, org, afterMS, afterID)
			if err != nil {
				return n, err
			}
			for i, f := range fs {
				r.add(f, keys[i].aspects, keys[i].hardest, loc, 1)
				n++
				if progress != nil && n%1000 == 0 {
					progress(n)
				}
			}
			if r.rows() > 100_000 || len(fs) < rebuildChunk {
				if err := r.write(ctx, db, tx); err != nil {
					return n, err
				}
			}
			if len(fs) < rebuildChunk {
				break
			}
			last := fs[len(fs)-1]
			afterMS, afterID = ms(last.CreatedAt), last.ID
		}
		if err := db.addStoredHelp(ctx, tx, org, loc, r); err != nil {
			return n, err
		}
	}
	if progress != nil {
		progress(n)
	}
	return n, nil
}

const rebuildChunk = 5000

// rollupChunk reads the next chunk of an organization's feedback for a
// rebuild, in (created_ms, id) order after the given one, with what the
// rollups count of each: aspect keys, ratings and causes, the readiness
// answers and the hardest step's key.
func (db *DB) rollupChunk(ctx context.Context, tx *sql.Tx, org, afterMS, afterID int64) ([]*tandem.Feedback, []fbKeys, error) {
	var fs []*tandem.Feedback
	var keys []fbKeys
	index := map[int64]int{}
	err := queryEach(ctx, tx, db.q(`SELECT id, service_id, site_id, touchpoint_id, overall, praise_staff_id, lang, idempotency_key,
			created_ms, first_time, readiness_motivation, readiness_role, readiness_knowhow, readiness_ability, hardest_step_key
		FROM feedback WHERE org_id = ? AND (created_ms, id) > (?, ?) ORDER BY created_ms, id LIMIT ?`),
		[]any{org, afterMS, afterID, rebuildChunk}, func(row scanner) error {
			f := &tandem.Feedback{OrgID: org}
			var created int64
			var r [4]sql.NullInt64
			var k fbKeys
			if err := row.Scan(&f.ID, &f.ServiceID, &f.SiteID, &f.TouchpointID, &f.Overall, idCol{&f.PraiseStaffID}, &f.Lang,
				&f.IdempotencyKey, &created, &f.FirstTime, &r[0], &r[1], &r[2], &r[3], &k.hardest); err != nil {
				return err
			}
			f.CreatedAt = fromMS(created)
			f.Readiness = readinessMap(r)
			index[f.ID] = len(fs)
			fs = append(fs, f)
			keys = append(keys, k)
			return nil
		})
	if err != nil || len(fs) == 0 {
		return fs, keys, err
	}
	ids := make([]int64, len(fs))
	for i, f := range fs {
		ids[i] = f.ID
	}
	err = inChunks(ids, func(list string, chunk []any) error {
		return queryEach(ctx, tx, db.q(`SELECT feedback_id, aspect_key, rating, cause FROM feedback_aspects
			WHERE feedback_id IN (`+list+`) ORDER BY feedback_id, aspect_id`), chunk, func(row scanner) error {
			var id int64
			var key string
			var a tandem.AspectRating
			if err := row.Scan(&id, &key, &a.Rating, &a.Cause); err != nil {
				return err
			}
			i := index[id]
			fs[i].Aspects = append(fs[i].Aspects, a)
			keys[i].aspects = append(keys[i].aspects, key)
			return nil
		})
	})
	return fs, keys, err
}
