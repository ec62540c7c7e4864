package app

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/i18n"
)

// ExportFormat is the file format of a feedback export.
type ExportFormat string

const (
	ExportCSV  ExportFormat = "csv"  // UTF-8 with a byte order mark, so Excel reads Cyrillic right
	ExportXLSX ExportFormat = "xlsx" // an Excel workbook, written as a stream
)

// ParseExportFormat reads a format's name ("" means CSV).
func ParseExportFormat(s string) (ExportFormat, error) {
	switch ExportFormat(strings.ToLower(strings.TrimSpace(s))) {
	case "", ExportCSV:
		return ExportCSV, nil
	case ExportXLSX:
		return ExportXLSX, nil
	}
	return "", tandem.Invalid("format", "error.export_format")
}

// ContentType is the format's media type.
func (f ExportFormat) ContentType() string {
	if f == ExportXLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// ExportQuery selects the feedback an export holds. Zero fields do not
// filter; From is inclusive and To exclusive.
type ExportQuery struct {
	ServiceID int64
	From, To  time.Time
}

// ExportProgressEvery is how many rows an export writes between calls of
// its progress function.
const ExportProgressEvery = 1000

// xlsxSheetRows is how many rows one worksheet holds (Excel's limit); an
// export longer than that continues on another sheet, headers repeated.
var xlsxSheetRows = excelize.TotalRows

var exportCatalog = sync.OnceValue(i18n.MustLoad)

// ExportFeedback writes the feedback of the actor's organization that q
// selects to w as CSV or XLSX, one row per feedback in time order: when and
// where it was given, the overall judgement, the first-time answer, the
// readiness answers, the comment and praise, and for each aspect of the
// selected services' current blueprints its rating and cause. Headers are
// in the actor's language and times in the site's time zone (else the
// organization's). The feedback is read a chunk at a time and written as
// it comes, so memory stays bounded whatever the number of rows. progress,
// if not nil, is called with the number of rows written every
// ExportProgressEvery rows and at the end. Only owners and managers
// export. It returns the number of rows written.
//
// An aspect that the current blueprints no longer have is not a column:
// the columns are known before the first row is read.
func (a *App) ExportFeedback(ctx context.Context, actor *tandem.User, q ExportQuery, format ExportFormat, w io.Writer, progress func(n int)) (int, error) {
	if !actor.Role.CanManage() {
		return 0, tandem.Errorf(tandem.EFORBIDDEN, "error.forbidden")
	}
	if format != ExportCSV && format != ExportXLSX {
		return 0, tandem.Invalid("format", "error.export_format")
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		return 0, tandem.Invalid("to", "error.export_period")
	}
	e, err := a.newExport(ctx, actor, q)
	if err != nil {
		return 0, err
	}
	filter := tandem.FeedbackFilter{OrgID: actor.OrgID}
	if q.ServiceID != 0 {
		filter.ServiceID = &q.ServiceID
	}
	if !q.From.IsZero() {
		filter.From = &q.From
	}
	if !q.To.IsZero() {
		filter.To = &q.To
	}
	var sink exportSink
	if format == ExportXLSX {
		sink, err = newXLSXSink(e.p.T("export.sheet"), w)
	} else {
		sink, err = newCSVSink(w)
	}
	if err != nil {
		return 0, err
	}
	defer sink.abort()
	header := e.header()
	if err := sink.header(header); err != nil {
		return 0, err
	}
	n := 0
	row := make([]any, len(header))
	err = a.Feedback.EachFeedback(ctx, filter, func(f *tandem.Feedback, keys []string) error {
		e.fill(row, f, keys)
		if err := sink.row(row); err != nil {
			return err
		}
		n++
		if progress != nil && n%ExportProgressEvery == 0 {
			progress(n)
		}
		return ctx.Err()
	})
	if err != nil {
		return n, err
	}
	if err := sink.close(); err != nil {
		return n, err
	}
	if progress != nil {
		progress(n)
	}
	return n, nil
}

// export holds what an export looks up once: names by id, the aspect
// columns and the actor's language.
type export struct {
	p           *i18n.Printer
	lang        string
	org         *tandem.Organization
	services    map[int64]string
	sites       map[int64]*tandem.Site
	siteNames   map[int64]string
	touchpoints map[int64]string
	staff       map[int64]string
	aspects     []exportAspect
	column      map[string]int // aspect key → its index in aspects
}

type exportAspect struct {
	key, name string
}

func (a *App) newExport(ctx context.Context, actor *tandem.User, q ExportQuery) (*export, error) {
	org, err := a.Organization(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	lang := actor.Lang
	if lang == "" {
		lang = org.Lang
	}
	e := &export{p: exportCatalog().Printer(lang), lang: lang, org: org,
		services: map[int64]string{}, sites: map[int64]*tandem.Site{}, siteNames: map[int64]string{},
		touchpoints: map[int64]string{}, staff: map[int64]string{}, column: map[string]int{}}
	var services []*tandem.Service
	if q.ServiceID != 0 {
		s, err := a.Services.FindService(ctx, actor.OrgID, q.ServiceID)
		if err != nil {
			return nil, err
		}
		services = []*tandem.Service{s}
	} else if services, err = a.Services.ListServices(ctx, actor.OrgID); err != nil {
		return nil, err
	}
	all, err := a.Services.ListServices(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	for _, s := range all {
		e.services[s.ID] = s.Name.Get(lang)
	}
	for _, s := range services {
		b, err := a.Services.CurrentBlueprint(ctx, actor.OrgID, s.ID)
		if tandem.ErrorCode(err) == tandem.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, asp := range b.Aspects {
			if _, ok := e.column[asp.Key]; !ok {
				e.column[asp.Key] = len(e.aspects)
				e.aspects = append(e.aspects, exportAspect{key: asp.Key, name: asp.Name.Get(lang)})
			}
		}
	}
	sites, err := a.Sites.ListSites(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	for _, s := range sites {
		e.sites[s.ID], e.siteNames[s.ID] = s, s.Name.Get(lang)
	}
	tps, err := a.Touchpoints.ListTouchpoints(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	for _, t := range tps {
		e.touchpoints[t.ID] = t.Name.Get(lang)
	}
	staff, err := a.Sites.ListStaff(ctx, actor.OrgID, 0)
	if err != nil {
		return nil, err
	}
	for _, m := range staff {
		e.staff[m.ID] = m.Name
	}
	return e, nil
}

// fixed columns before the readiness answers and after them.
var (
	exportLead  = []string{"export.col.id", "export.col.created", "export.col.service", "export.col.site", "export.col.touchpoint", "export.col.channel", "export.col.lang", "export.col.overall", "export.col.first_time"}
	exportTrail = []string{"export.col.comment", "export.col.praised", "export.col.praise"}
)

func (e *export) header() []string {
	var h []string
	for _, k := range exportLead {
		h = append(h, e.p.T(k))
	}
	for _, d := range tandem.Dimensions {
		h = append(h, e.p.T("export.col.readiness."+string(d)))
	}
	for _, k := range exportTrail {
		h = append(h, e.p.T(k))
	}
	for _, asp := range e.aspects {
		name := asp.name
		if name == "" {
			name = asp.key
		}
		h = append(h, name, e.p.T("export.col.cause", name))
	}
	return h
}

// fill writes f into row, whose length is the header's.
func (e *export) fill(row []any, f *tandem.Feedback, keys []string) {
	loc := e.org.Location()
	if s := e.sites[f.SiteID]; s != nil {
		loc = s.Location(loc)
	}
	first := e.p.T("export.no")
	if f.FirstTime {
		first = e.p.T("export.yes")
	}
	channel := tandem.FeedbackChannel(f.IdempotencyKey)
	if channel == tandem.ChannelUnknown {
		channel = "unknown"
	}
	i := copy(row, []any{f.ID, f.CreatedAt.In(loc).Format("2006-01-02 15:04:05"), e.services[f.ServiceID],
		e.siteNames[f.SiteID], e.touchpoints[f.TouchpointID], e.p.T("export.channel." + string(channel)), f.Lang, f.Overall, first})
	for _, d := range tandem.Dimensions {
		if v, ok := f.Readiness[d]; ok {
			row[i] = v
		} else {
			row[i] = nil
		}
		i++
	}
	row[i], row[i+1], row[i+2] = f.Comment, e.staff[f.PraiseStaffID], f.Praise
	i += 3
	for j := i; j < len(row); j++ {
		row[j] = nil
	}
	for k, r := range f.Aspects {
		if k >= len(keys) {
			break
		}
		c, ok := e.column[keys[k]]
		if !ok {
			continue
		}
		row[i+2*c] = e.p.T("export.rating." + string(r.Rating))
		if r.Cause != "" {
			row[i+2*c+1] = e.p.T("manage.party." + string(r.Cause))
		}
	}
}

// exportSink writes an export's rows in one format.
type exportSink interface {
	header([]string) error
	row([]any) error
	close() error
	abort() // frees what an unfinished export holds; harmless after close
}

type csvSink struct {
	buf  *bufio.Writer
	w    *csv.Writer
	line []string
}

func newCSVSink(w io.Writer) (*csvSink, error) {
	buf := bufio.NewWriterSize(w, 64<<10)
	if _, err := buf.WriteString("\ufeff"); err != nil {
		return nil, err
	}
	return &csvSink{buf: buf, w: csv.NewWriter(buf)}, nil
}

func (s *csvSink) header(h []string) error { return s.w.Write(h) }

func (s *csvSink) row(row []any) error {
	s.line = s.line[:0]
	for _, v := range row {
		switch v := v.(type) {
		case nil:
			s.line = append(s.line, "")
		case int:
			s.line = append(s.line, strconv.Itoa(v))
		case int64:
			s.line = append(s.line, strconv.FormatInt(v, 10))
		case string:
			s.line = append(s.line, csvText(v))
		default:
			s.line = append(s.line, fmt.Sprint(v))
		}
	}
	return s.w.Write(s.line)
}

func (s *csvSink) abort() {}

func (s *csvSink) close() error {
	s.w.Flush()
	if err := s.w.Error(); err != nil {
		return err
	}
	return s.buf.Flush()
}

// csvText keeps a spreadsheet from reading a customer's text as a formula
// (CSV injection): a text starting with = + - @ or a tab or carriage
// return gets a leading apostrophe, which spreadsheets show as text.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

type xlsxSink struct {
	f      *excelize.File
	sw     *excelize.StreamWriter
	w      io.Writer
	name   string
	sheets int
	rowN   int // rows written on the current sheet, header included
	head   []any
}

func newXLSXSink(name string, w io.Writer) (*xlsxSink, error) {
	s := &xlsxSink{f: excelize.NewFile(), w: w, name: name}
	if err := s.f.SetSheetName("Sheet1", name); err != nil {
		return nil, err
	}
	sw, err := s.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	s.sw, s.sheets = sw, 1
	return s, nil
}

func (s *xlsxSink) header(h []string) error {
	s.head = make([]any, len(h))
	for i, v := range h {
		s.head[i] = v
	}
	return s.put(s.head)
}

func (s *xlsxSink) put(row []any) error {
	s.rowN++
	cell, err := excelize.CoordinatesToCellName(1, s.rowN)
	if err != nil {
		return err
	}
	return s.sw.SetRow(cell, row)
}

func (s *xlsxSink) row(row []any) error {
	if s.rowN == xlsxSheetRows { // continue on another sheet
		if err := s.sw.Flush(); err != nil {
			return err
		}
		s.sheets++
		name := fmt.Sprintf("%s %d", s.name, s.sheets)
		if _, err := s.f.NewSheet(name); err != nil {
			return err
		}
		sw, err := s.f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		s.sw, s.rowN = sw, 0
		if err := s.put(s.head); err != nil {
			return err
		}
	}
	return s.put(row)
}

// abort removes the stream writers' temporary files.
func (s *xlsxSink) abort() { s.f.Close() }

func (s *xlsxSink) close() error {
	if err := s.sw.Flush(); err != nil {
		return err
	}
	return s.f.Write(s.w)
}
