package tandem

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// TouchpointType is what kind of place a touchpoint is. It decides which
// quick problems its customer page offers (no soap in a restroom, a full
// dishwasher in a kitchen) and whether the page opens on a report form.
type TouchpointType string

const (
	TypeRestroom    TouchpointType = "restroom"
	TypeMeetingRoom TouchpointType = "meeting_room"
	TypeKitchen     TouchpointType = "kitchen"
	TypeTable       TouchpointType = "table"
	TypeEntrance    TouchpointType = "entrance"
	TypeOther       TouchpointType = "other"
)

// TouchpointTypes lists every type, in the order forms offer them.
var TouchpointTypes = []TouchpointType{TypeRestroom, TypeMeetingRoom, TypeKitchen, TypeTable, TypeEntrance, TypeOther}

// Valid reports whether t is a known type.
func (t TouchpointType) Valid() bool { return slices.Contains(TouchpointTypes, t) }

// Reportable reports whether the customer page of a touchpoint of type t
// opens on the report form: rooms that a crew keeps, where the people who
// use them are the quality control.
func (t TouchpointType) Reportable() bool {
	return t == TypeRestroom || t == TypeMeetingRoom || t == TypeKitchen || t == TypeEntrance
}

// Problem is a quick problem a report form offers for a type of place:
// "No soap", due within its SLA.
type Problem struct {
	Key        string // unique within its type, e.g. "no-soap"
	Name       Text   // the button, required in English
	SLAMinutes int    // how long the crew has to fix it
}

// SLA is how long the crew has to fix the problem.
func (p Problem) SLA() time.Duration { return time.Duration(p.SLAMinutes) * time.Minute }

// Bounds of a type's quick problems.
const (
	MaxProblems          = 12
	MaxProblemNameRunes  = 60
	MinProblemSLAMinutes = 5
	MaxProblemSLAMinutes = 7 * 24 * 60
)

// ValidateProblems checks a type's list of quick problems before it is
// stored: an empty list is allowed (the form then only takes praise and
// "something else"), keys are unique, every name exists in English.
func ValidateProblems(list []Problem) error {
	if len(list) > MaxProblems {
		return Invalid("problems", "error.problems_count")
	}
	seen := map[string]bool{}
	for i := range list {
		p := &list[i]
		p.Key = strings.TrimSpace(p.Key)
		p.Name = p.Name.Trimmed()
		if !validKey(p.Key) || seen[p.Key] {
			return Invalid("problems", "error.key")
		}
		seen[p.Key] = true
		if !p.Name.Has("en") {
			return Invalid("problems", "error.problem_name")
		}
		if err := p.Name.CheckMultiline("problems"); err != nil {
			return err
		}
		if p.Name.Longer(MaxProblemNameRunes) {
			return Invalid("problems", "error.text_long")
		}
		if p.SLAMinutes < MinProblemSLAMinutes || p.SLAMinutes > MaxProblemSLAMinutes {
			return Invalid("problems", "error.problem_sla")
		}
	}
	return nil
}

// FindProblem returns the problem with key in list, or nil.
func FindProblem(list []Problem, key string) *Problem {
	for i := range list {
		if list[i].Key == key {
			return &list[i]
		}
	}
	return nil
}

// ProblemOther is the key of "something else": a report with only a
// comment. Every type accepts it, listed or not.
const ProblemOther = "other"

// OtherProblem is "something else", due within two hours.
var OtherProblem = Problem{Key: ProblemOther, Name: Text{"en": "Something else", "ru": "Другое", "fi": "Jokin muu"}, SLAMinutes: 120}

// DefaultProblems returns the quick problems built in for a type, used
// until an organization edits its own list. The result is a fresh copy.
func DefaultProblems(t TouchpointType) []Problem {
	p := func(key, en, ru, fi string, sla int) Problem {
		return Problem{Key: key, Name: Text{"en": en, "ru": ru, "fi": fi}, SLAMinutes: sla}
	}
	switch t {
	case TypeRestroom:
		return []Problem{
			p("no-soap", "No soap", "Нет мыла", "Saippua loppu", 30),
			p("no-paper", "No toilet paper", "Нет туалетной бумаги", "WC-paperi loppu", 30),
			p("no-towels", "No paper towels", "Нет бумажных полотенец", "Käsipyyhkeet loppu", 30),
			p("not-clean", "Not clean", "Грязно", "Ei siisti", 120),
			p("broken", "Something is broken", "Что-то сломано", "Jokin on rikki", 240),
		}
	case TypeMeetingRoom:
		return []Problem{
			p("trash", "Trash left", "Оставлен мусор", "Roskia jäänyt", 60),
			p("dishes", "Dishes left", "Оставлена посуда", "Astioita jäänyt", 60),
			p("table", "Table not wiped", "Стол не протёрт", "Pöytä pyyhkimättä", 120),
		}
	case TypeKitchen:
		return []Problem{
			p("dishwasher", "Dishwasher full", "Посудомойка полная", "Astianpesukone täynnä", 60),
			p("coffee-machine", "Coffee machine needs cleaning", "Кофемашину нужно почистить", "Kahvinkeitin kaipaa puhdistusta", 60),
			p("fridge", "Fridge needs clearing out", "Холодильник нужно разобрать", "Jääkaappi kaipaa siivousta", 240),
			p("not-clean", "Not clean", "Грязно", "Ei siisti", 120),
		}
	case TypeEntrance:
		return []Problem{
			p("floor", "Floor dirty or wet", "Пол грязный или мокрый", "Lattia likainen tai märkä", 60),
			p("bins", "Bins full", "Урны переполнены", "Roskikset täynnä", 120),
		}
	case TypeTable:
		return []Problem{
			p("table", "Table not wiped", "Стол не протёрт", "Pöytä pyyhkimättä", 30),
		}
	}
	return []Problem{p("not-clean", "Not clean", "Грязно", "Ei siisti", 120)}
}

// ProblemStore keeps an organization's quick problems per touchpoint type.
type ProblemStore interface {
	// ListProblems returns the organization's list for a type, or the
	// built-in DefaultProblems with edited false until it sets its own.
	ListProblems(ctx context.Context, orgID int64, t TouchpointType) (list []Problem, edited bool, err error)
	// SetProblems replaces the organization's list for a type; nil goes
	// back to the defaults.
	SetProblems(ctx context.Context, orgID int64, t TouchpointType, list []Problem) error
}

// Report is what someone using a place tells its crew: a problem ("no
// soap"), with an optional comment, or praise. No account is needed; the
// touchpoint's code is the credential, and the report's token opens its
// status page.
type Report struct {
	ID           int64
	OrgID        int64
	SiteID       int64
	TouchpointID int64
	WorkItemID   int64  // the work item the problem joined, 0 for praise
	ProblemKey   string // "" for praise
	Praise       bool   // "all good": praise for the crew
	Comment      string
	Lang         string
	// Email is where to tell the reporter the problem was fixed, "" for
	// nobody; only with consent, whose time ConsentAt records.
	Email     string
	ConsentAt time.Time
	PhotoID   int64 // an attached photo, 0 for none
	Token     string
	// IdempotencyKey is the client's key for retries, "" for none: a
	// report sent again with the same key at the same touchpoint is the
	// stored one.
	IdempotencyKey string
	CreatedAt      time.Time
	// FixedAt is when the work item was done after this report, zero
	// until then; a later reopening does not undo it.
	FixedAt time.Time
}

// ReportTokenBytes is the entropy of a report's status token.
const ReportTokenBytes = 16

// Validate checks a report before it is stored.
func (r *Report) Validate() error {
	if err := CheckText("comment", r.Comment); err != nil {
		return err
	}
	if err := CheckLine("email", strings.TrimSpace(r.Email)); err != nil {
		return err
	}
	if err := CheckLine("Idempotency-Key", r.IdempotencyKey); err != nil {
		return err
	}
	r.Comment = strings.TrimSpace(r.Comment)
	r.Email = strings.ToLower(strings.TrimSpace(r.Email))
	if !utf8.ValidString(r.Comment) || utf8.RuneCountInString(r.Comment) > MaxCommentRunes {
		return Invalid("comment", "error.text_long")
	}
	if r.Praise && r.ProblemKey != "" {
		return Invalid("problem", "error.report_praise_problem")
	}
	if !r.Praise && r.ProblemKey == "" {
		if r.Comment == "" {
			return Invalid("problem", "error.report_empty")
		}
		r.ProblemKey = ProblemOther
	}
	if r.Email != "" {
		if a, err := mail.ParseAddress(r.Email); err != nil || a.Address != r.Email {
			return Invalid("email", "error.email")
		}
		if r.ConsentAt.IsZero() {
			return Invalid("consent", "error.report_consent")
		}
	} else {
		r.ConsentAt = time.Time{}
	}
	if len(r.IdempotencyKey) > MaxIdemKeyLen {
		return Invalid("Idempotency-Key", "error.idempotency_key")
	}
	if r.Lang == "" {
		r.Lang = "en"
	}
	if !SupportedLanguage(r.Lang) {
		return Invalid("lang", "error.language")
	}
	return nil
}

// WorkState is where a work item stands.
type WorkState string

const (
	WorkOpen         WorkState = "open"         // reported, nobody has answered yet
	WorkAcknowledged WorkState = "acknowledged" // a crew member is on it
	WorkDone         WorkState = "done"         // fixed
)

// ReopenWindow is how long after it was done a work item is reopened by a
// report of the same problem, rather than a new one opened: the soap that
// was "fixed" ten minutes ago was not.
const ReopenWindow = time.Hour

// MaxNoteRunes bounds the note a crew member leaves when done.
const MaxNoteRunes = 500

// WorkItem is a problem at a place the crew has to fix: one per problem
// and touchpoint while it is not done, however many people report it.
type WorkItem struct {
	ID           int64
	OrgID        int64
	SiteID       int64
	TouchpointID int64
	ProblemKey   string
	Problem      Text // the problem's name when it was reported
	SLAMinutes   int
	State        WorkState
	Reporters    int    // reports that joined it, the first included
	Comment      string // the latest report's comment, "" if none
	PhotoID      int64  // the latest report's photo, 0 for none
	CreatedAt    time.Time
	OpenedAt     time.Time // created or last reopened
	DueAt        time.Time // OpenedAt plus the SLA
	// Zero until set; reopening clears them.
	AcknowledgedAt time.Time
	DoneAt         time.Time
	HandledBy      int64  // the user who acknowledged or finished it, 0 if none
	Note           string // what the crew said when done
	// DonePhotoID is the crew's photo of the work done, 0 for none: for the
	// organization's staff, never shown to reporters.
	DonePhotoID int64
}

// NewWorkItem opens a work item for a report of p at at.
func NewWorkItem(r *Report, p Problem, at time.Time) *WorkItem {
	return &WorkItem{OrgID: r.OrgID, SiteID: r.SiteID, TouchpointID: r.TouchpointID, ProblemKey: p.Key, Problem: p.Name,
		SLAMinutes: p.SLAMinutes, State: WorkOpen, Reporters: 1, Comment: r.Comment, PhotoID: r.PhotoID,
		CreatedAt: at, OpenedAt: at, DueAt: at.Add(p.SLA())}
}

// Overdue reports whether the item is not done past its due time.
func (w *WorkItem) Overdue(now time.Time) bool { return w.State != WorkDone && now.After(w.DueAt) }

// Acknowledge moves an open item to acknowledged. It reports whether
// anything changed: an item acknowledged or done stays as it is.
func (w *WorkItem) Acknowledge(userID int64, at time.Time) bool {
	if w.State != WorkOpen {
		return false
	}
	w.State, w.AcknowledgedAt, w.HandledBy = WorkAcknowledged, at, userID
	return true
}

// Done marks the item fixed with the crew's note; an open item counts as
// acknowledged at the same moment. It reports whether anything changed:
// an item already done stays as it is.
func (w *WorkItem) Done(userID int64, note string, at time.Time) (bool, error) {
	if err := CheckText("note", note); err != nil {
		return false, err
	}
	note = strings.TrimSpace(note)
	if !utf8.ValidString(note) || utf8.RuneCountInString(note) > MaxNoteRunes {
		return false, Invalid("note", "error.text_long")
	}
	if w.State == WorkDone {
		return false, nil
	}
	if w.AcknowledgedAt.IsZero() {
		w.AcknowledgedAt = at
	}
	if userID != 0 {
		w.HandledBy = userID
	}
	w.State, w.DoneAt, w.Note = WorkDone, at, note
	return true, nil
}

// Join adds a report of the item's problem made at at. An item not done
// counts one more reporter; one done within ReopenWindow before at is
// reopened, due again within its SLA. It reports whether the report joined
// the item: false means it is done too long ago, and a new item is opened.
func (w *WorkItem) Join(r *Report, at time.Time) bool {
	if w.State == WorkDone {
		if at.Sub(w.DoneAt) > ReopenWindow {
			return false
		}
		w.State, w.OpenedAt, w.DueAt = WorkOpen, at, at.Add(time.Duration(w.SLAMinutes)*time.Minute)
		w.AcknowledgedAt, w.DoneAt, w.HandledBy, w.Note, w.DonePhotoID = time.Time{}, time.Time{}, 0, "", 0
	}
	w.Reporters++
	if r.Comment != "" {
		w.Comment = r.Comment
	}
	if r.PhotoID != 0 {
		w.PhotoID = r.PhotoID
	}
	return true
}

// WorkFilter selects work items. Nil fields do not filter.
type WorkFilter struct {
	OrgID    int64
	SiteIDs  []int64 // any of these sites; nil: every site
	State    *WorkState
	OpenOnly bool // open or acknowledged
	// DueBefore selects items due before it: with OpenOnly, the overdue.
	DueBefore *time.Time
	Limit     int
}

// ReportStore stores reports, the work items they open, and the quick
// problems they choose from.
type ReportStore interface {
	ProblemStore
	MonitorStore
	// CreateReport stores a report and, for a problem, joins it to the
	// touchpoint's work item for p (WorkItem.Join) or opens a new one,
	// writing EventReportCreated and EventWorkItemUpdated in the same
	// transaction. It fills in r's ID, token, work item and times and
	// returns the work item (nil for praise). A report whose idempotency
	// key the touchpoint has seen is the stored one, with created false;
	// one that differs from it is EINVALID.
	CreateReport(ctx context.Context, r *Report, p Problem) (w *WorkItem, created bool, err error)
	// FindReport finds a report of the organization.
	FindReport(ctx context.Context, orgID, id int64) (*Report, error)
	// FixedReports lists the reports of a work item that its fix at at
	// answered (their FixedAt), oldest first.
	FixedReports(ctx context.Context, orgID, workItemID int64, at time.Time) ([]*Report, error)
	// FindReportByKey finds the report stored at a touchpoint with an
	// idempotency key, so a retry can be told apart before its photo is
	// stored again.
	FindReportByKey(ctx context.Context, touchpointID int64, key string) (*Report, error)
	// FindReportByToken is for the public status page.
	FindReportByToken(ctx context.Context, token string) (*Report, error)
	// ListWorkItems lists work items nearest due first.
	ListWorkItems(ctx context.Context, f WorkFilter) ([]*WorkItem, error)
	// FindWorkItem finds a work item; another organization's is ENOTFOUND.
	FindWorkItem(ctx context.Context, orgID, id int64) (*WorkItem, error)
	// UpdateWorkItem stores an item's new state, times, handler, note and done photo
	// if it still has state from (ECONFLICT otherwise), with an
	// EventWorkItemUpdated; done, it stamps FixedAt on its open reports.
	UpdateWorkItem(ctx context.Context, w *WorkItem, from WorkState) error
}

// Event kinds for reports and work items; the subject is the report's or
// the work item's id.
const (
	EventReportCreated   = "report.created"
	EventWorkItemUpdated = "work_item.updated"
)

// State is where a report stands for its reporter: done once its work item
// was done after it, even if a later report reopened the item.
func (r *Report) State(w *WorkItem) WorkState {
	switch {
	case !r.FixedAt.IsZero():
		return WorkDone
	case w == nil:
		return WorkDone // praise: nothing to fix
	}
	return w.State
}

// ReportRecord is a past work item with the reports that joined it, or a
// single report of praise (Item nil), as ImportReports loads them.
type ReportRecord struct {
	Item    *WorkItem
	Reports []*Report
}

// ReportImporter loads past reports and their work items in bulk (the
// demo's history) in one transaction, filling in IDs, sites, report tokens
// and links. Imported reports write no outbox events: the past needs no
// notifications or webhooks.
type ReportImporter interface {
	ImportReports(ctx context.Context, records []ReportRecord) error
}
