package api

import (
	"slices"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/insight"
)

// The API's JSON shapes. They are spelled out here, apart from the domain
// types, so that renaming a Go field never changes the wire format.

// localized is a text in every language it exists in: {"en": ..., "ru": ...}.
type localized map[string]string

func toLocalized(t tandem.Text) localized {
	out := make(localized, len(t))
	for lang, s := range t {
		if s != "" {
			out[lang] = s
		}
	}
	return out
}

// list wraps every collection, leaving room for paging fields.
type list[T any] struct {
	Items  []T `json:"items"`
	Limit  int `json:"limit,omitempty"`
	Offset int `json:"offset,omitempty"`
}

// feedbackIn is the body of POST /api/v1/feedback.
type feedbackIn struct {
	Touchpoint    string     `json:"touchpoint"`
	Episode       string     `json:"episode"`
	Overall       int        `json:"overall"`
	Aspects       []aspectIn `json:"aspects"`
	Comment       string     `json:"comment"`
	PraiseStaffID int64      `json:"praise_staff_id"`
	Praise        string     `json:"praise"`
	Lang          string     `json:"lang"`
	// Readiness answers the blueprint's readiness questions, dimension →
	// 1..5; HardestStep is the key of the customer step found hardest.
	Readiness   map[string]int `json:"readiness"`
	HardestStep string         `json:"hardest_step"`
	// FirstTime is the customer's answer to "First time here?", when the
	// client asked it; without it an episode's own answer counts.
	FirstTime *bool `json:"first_time"`
}

type aspectIn struct {
	Aspect string `json:"aspect"` // the aspect's key in the blueprint
	Rating string `json:"rating"`
}

type feedbackOut struct {
	ID            int64          `json:"id"`
	ServiceID     int64          `json:"service_id"`
	BlueprintID   int64          `json:"blueprint_id"`
	TouchpointID  int64          `json:"touchpoint_id"`
	SiteID        int64          `json:"site_id"`
	EpisodeID     *int64         `json:"episode_id"`
	Overall       int            `json:"overall"`
	Aspects       []aspectOut    `json:"aspects"`
	Comment       string         `json:"comment"`
	PraiseStaffID *int64         `json:"praise_staff_id"`
	Praise        string         `json:"praise"`
	Lang          string         `json:"lang"`
	CreatedAt     time.Time      `json:"created_at"`
	FirstTime     bool           `json:"first_time"`
	Readiness     map[string]int `json:"readiness"`
	HardestStep   *string        `json:"hardest_step"`
}

type aspectOut struct {
	Aspect      string       `json:"aspect"`
	Rating      string       `json:"rating"`
	Cause       string       `json:"cause,omitempty"`
	CauseSource string       `json:"cause_source,omitempty"`
	Evidence    *evidenceOut `json:"evidence,omitempty"`
}

// evidenceOut is what the visit's timeline showed about a negative
// (tandem.Evidence), with the minutes worked out; a moment not known is
// null.
type evidenceOut struct {
	Kind            string     `json:"kind"`
	Cause           string     `json:"cause"`
	Step            string     `json:"step"`
	From            *time.Time `json:"from"`
	Asked           bool       `json:"asked"`
	Served          time.Time  `json:"served"`
	TookMinutes     *int       `json:"took_minutes"`
	ExpectedMinutes *int       `json:"expected_minutes"`
	WindowMinutes   *int       `json:"window_minutes"`
	Nudge           *time.Time `json:"nudge"`
	Moved           *time.Time `json:"moved"`
	MovedAfter      *int       `json:"moved_after_minutes"`
}

func toEvidenceOut(ev *tandem.Evidence) *evidenceOut {
	if ev == nil {
		return nil
	}
	at := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		u := t.UTC()
		return &u
	}
	num := func(n int, ok bool) *int {
		if !ok {
			return nil
		}
		return &n
	}
	return &evidenceOut{
		Kind: string(ev.Kind), Cause: string(ev.Cause()), Step: ev.Step, From: at(ev.From), Asked: ev.Asked, Served: ev.Served.UTC(),
		TookMinutes: num(ev.Took(), !ev.From.IsZero()), ExpectedMinutes: num(ev.Expected, ev.Expected > 0),
		WindowMinutes: num(ev.Window, ev.Window > 0), Nudge: at(ev.Nudge), Moved: at(ev.Moved),
		MovedAfter: num(ev.After(), !ev.Moved.IsZero()),
	}
}

// toFeedbackOut converts f; bp is the blueprint it was given for, which
// names its aspects.
func toFeedbackOut(f *tandem.Feedback, bp *tandem.Blueprint) feedbackOut {
	out := feedbackOut{
		ID: f.ID, ServiceID: f.ServiceID, BlueprintID: f.BlueprintID, TouchpointID: f.TouchpointID,
		SiteID: f.SiteID, EpisodeID: nullID(f.EpisodeID), Overall: f.Overall,
		Aspects: make([]aspectOut, 0, len(f.Aspects)), Comment: f.Comment,
		PraiseStaffID: nullID(f.PraiseStaffID), Praise: f.Praise, Lang: f.Lang, CreatedAt: f.CreatedAt.UTC(),
		FirstTime: f.FirstTime, Readiness: make(map[string]int, len(f.Readiness)),
	}
	for d, score := range f.Readiness {
		out.Readiness[string(d)] = score
	}
	if bp != nil && f.HardestStepID != 0 {
		if st := bp.Step(f.HardestStepID); st != nil {
			out.HardestStep = &st.Key
		}
	}
	for _, a := range f.Aspects {
		key := ""
		if bp != nil {
			if x := bp.Aspect(a.AspectID); x != nil {
				key = x.Key
			}
		}
		out.Aspects = append(out.Aspects, aspectOut{Aspect: key, Rating: string(a.Rating), Cause: string(a.Cause),
			CauseSource: string(a.Source), Evidence: toEvidenceOut(a.Evidence)})
	}
	return out
}

// nullString is s, or null when empty.
func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

type serviceOut struct {
	ID          int64         `json:"id"`
	SiteID      *int64        `json:"site_id"`
	Name        localized     `json:"name"`
	Description localized     `json:"description"`
	Version     int           `json:"version"`
	CreatedAt   time.Time     `json:"created_at"`
	Blueprint   *blueprintOut `json:"blueprint,omitempty"` // only on GET /services/{id}
}

func toServiceOut(s *tandem.Service) serviceOut {
	return serviceOut{ID: s.ID, SiteID: nullID(s.SiteID), Name: toLocalized(s.Name),
		Description: toLocalized(s.Description), Version: s.Version, CreatedAt: s.CreatedAt.UTC()}
}

type blueprintOut struct {
	ID          int64          `json:"id"`
	Version     int            `json:"version"`
	PublishedAt time.Time      `json:"published_at"`
	Steps       []stepOut      `json:"steps"`
	Aspects     []aspectDefOut `json:"aspects"`
}

type stepOut struct {
	ID              int64              `json:"id"`
	Key             string             `json:"key"`
	Lane            string             `json:"lane"`
	Title           localized          `json:"title"`
	Why             localized          `json:"why"`
	Expected        localized          `json:"expected"`
	How             localized          `json:"how"`
	Ability         localized          `json:"ability"`
	Assisted        localized          `json:"assisted"`
	ExpectedMinutes int                `json:"expected_minutes"`
	Requests        []requestOptionOut `json:"requests"`
}

type requestOptionOut struct {
	Key          string    `json:"key"`
	Label        localized `json:"label"`
	DelayMinutes int       `json:"delay_minutes"`
}

type aspectDefOut struct {
	ID           int64     `json:"id"`
	Key          string    `json:"key"`
	StepKey      *string   `json:"step_key"`
	Name         localized `json:"name"`
	ControlledBy string    `json:"controlled_by"`
}

func toBlueprintOut(b *tandem.Blueprint) *blueprintOut {
	out := &blueprintOut{ID: b.ID, Version: b.Version, PublishedAt: b.PublishedAt.UTC(),
		Steps: make([]stepOut, 0, len(b.Steps)), Aspects: make([]aspectDefOut, 0, len(b.Aspects))}
	for _, s := range b.Steps {
		st := stepOut{
			ID: s.ID, Key: s.Key, Lane: string(s.Lane), Title: toLocalized(s.Title), Why: toLocalized(s.Why),
			Expected: toLocalized(s.Expected), How: toLocalized(s.How), Ability: toLocalized(s.Ability),
			Assisted: toLocalized(s.Assisted), ExpectedMinutes: s.ExpectedMinutes,
			Requests: make([]requestOptionOut, 0, len(s.Requests)),
		}
		for _, o := range s.Requests {
			st.Requests = append(st.Requests, requestOptionOut{Key: o.Key, Label: toLocalized(o.Label), DelayMinutes: o.DelayMinutes})
		}
		out.Steps = append(out.Steps, st)
	}
	for _, a := range b.Aspects {
		var step *string
		if a.StepKey != "" {
			step = &a.StepKey
		}
		out.Aspects = append(out.Aspects, aspectDefOut{ID: a.ID, Key: a.Key, StepKey: step,
			Name: toLocalized(a.Name), ControlledBy: string(a.ControlledBy)})
	}
	return out
}

type touchpointOut struct {
	ID        int64      `json:"id"`
	SiteID    int64      `json:"site_id"`
	ServiceID int64      `json:"service_id"`
	StaffID   *int64     `json:"staff_id"`
	Code      string     `json:"code"`
	Name      localized  `json:"name"`
	Type      string     `json:"type"`
	CreatedAt time.Time  `json:"created_at"`
	RetiredAt *time.Time `json:"retired_at"` // null while in use
	// CustomerPath is the customer page its QR code opens, on this server.
	CustomerPath string `json:"customer_path"`
}

func toTouchpointOut(t *tandem.Touchpoint) touchpointOut {
	return touchpointOut{ID: t.ID, SiteID: t.SiteID, ServiceID: t.ServiceID, StaffID: nullID(t.StaffID),
		Code: t.Code, Name: toLocalized(t.Name), Type: string(t.Type), CreatedAt: t.CreatedAt.UTC(), RetiredAt: nullTime(t.RetiredAt),
		CustomerPath: "/t/" + t.Code}
}

// insightOut is an insight.Report as the manager's page shows it: the same
// figures, selections and orders.
type insightOut struct {
	From           string          `json:"from"` // dates in the organization's calendar
	To             string          `json:"to"`   // inclusive
	ServiceID      *int64          `json:"service_id"`
	Responses      int             `json:"responses"`
	AvgOverall     float64         `json:"avg_overall"`
	Days           []insightDay    `json:"days"`
	Aspects        []insightAspect `json:"aspects"`
	PeakHour       *int            `json:"peak_hour"` // most negatives over all aspects, null without any
	PeakNegatives  int             `json:"peak_negatives"`
	CustomerCaused []string        `json:"customer_caused"` // aspect keys: the design opportunities
	Comments       []commentOut    `json:"comments"`        // the newest insight.MaxComments
	MoreComments   bool            `json:"more_comments"`
	Praise         []praiseOut     `json:"praise"` // most praised first
	Readiness      readinessOut    `json:"readiness"`
	Help           helpSummaryOut  `json:"help"`
	// Refused: public writes refused for coming too fast, per touchpoint
	// and day, oldest first.
	Refused []refusedOut `json:"refused"`

	Filters       insightFilterOut `json:"filters"`
	NegativeShare float64          `json:"negative_share"` // of every aspect's judgements
	Judgements    int              `json:"judgements"`
	Weeks         []insightWeek    `json:"weeks"`
	Previous      insightPrevious  `json:"previous"`

	// Drivers (one service only, else null) and Terms: insight.Depth.
	Drivers *driversOut `json:"drivers"`
	Terms   termsOut    `json:"terms"`
}

// insightFilterOut echoes the filters a report was narrowed by.
type insightFilterOut struct {
	SiteID       *int64  `json:"site_id"`
	TouchpointID *int64  `json:"touchpoint_id"`
	Channel      *string `json:"channel"`
	Lang         *string `json:"lang"`
	FirstTime    *string `json:"first_time"`
}

type insightWeek struct {
	Start      string     `json:"start"` // its first day in the period
	Days       int        `json:"days"`
	Responses  int        `json:"responses"`
	AvgOverall float64    `json:"avg_overall"`
	Negatives  []causeOut `json:"negatives"` // by cause
	Readiness  figureOut  `json:"readiness"`
	Help       int        `json:"help"`
}

// insightPrevious is the period just before, as long, for comparison.
type insightPrevious struct {
	From          string                  `json:"from"`
	To            string                  `json:"to"`
	Responses     int                     `json:"responses"`
	AvgOverall    float64                 `json:"avg_overall"`
	NegativeShare float64                 `json:"negative_share"`
	Judgements    int                     `json:"judgements"`
	Readiness     figureOut               `json:"readiness"`
	Help          int                     `json:"help"`
	Praise        int                     `json:"praise"`
	Aspects       []insightPreviousAspect `json:"aspects"`
}

type insightPreviousAspect struct {
	Key           string  `json:"key"`
	Judgements    int     `json:"judgements"`
	NegativeShare float64 `json:"negative_share"`
}

type refusedOut struct {
	TouchpointID int64     `json:"touchpoint_id"`
	Touchpoint   localized `json:"touchpoint"`
	Date         string    `json:"date"`
	Count        int       `json:"count"`
}

type insightDay struct {
	Date       string  `json:"date"`
	Responses  int     `json:"responses"`
	AvgOverall float64 `json:"avg_overall"`
}

type insightAspect struct {
	Key           string     `json:"key"`
	Name          localized  `json:"name"`
	Positive      int        `json:"positive"`
	Negative      int        `json:"negative"`
	NegativeShare float64    `json:"negative_share"`
	Causes        []causeOut `json:"causes"`
	MainCause     *string    `json:"main_cause"`
	PeakHour      *int       `json:"peak_hour"`
	PeakShare     float64    `json:"peak_share"`
}

type causeOut struct {
	Party string  `json:"party"`
	Count int     `json:"count"`
	Share float64 `json:"share"`
}

type commentOut struct {
	FeedbackID int64     `json:"feedback_id"`
	Overall    int       `json:"overall"`
	Text       string    `json:"text"`
	Lang       string    `json:"lang"`
	CreatedAt  time.Time `json:"created_at"`
}

type praiseOut struct {
	StaffID int64  `json:"staff_id"`
	Name    string `json:"name"`
	Count   int    `json:"count"`
	Latest  string `json:"latest"`
}

const dateLayout = time.DateOnly

func toInsightOut(r *insight.Report, f app.InsightFilter) insightOut {
	out := insightOut{
		From: r.From.Format(dateLayout), To: r.To.AddDate(0, 0, -1).Format(dateLayout), ServiceID: nullID(f.ServiceID),
		Filters: insightFilterOut{SiteID: nullID(f.SiteID), TouchpointID: nullID(f.TouchpointID),
			Channel: nullString(f.Channel), Lang: nullString(f.Lang), FirstTime: nullString(f.FirstTime)},
		NegativeShare: r.NegativeShare, Judgements: r.Judgements, Weeks: make([]insightWeek, 0, len(r.Weeks)),
		Responses: r.Responses, AvgOverall: r.AvgOverall,
		Days: make([]insightDay, 0, len(r.Days)), Aspects: make([]insightAspect, 0, len(r.Aspects)),
		PeakNegatives:  r.PeakNegatives,
		CustomerCaused: []string{}, Comments: make([]commentOut, 0, len(r.Comments)), MoreComments: r.MoreComments,
		Praise:    make([]praiseOut, 0, len(r.Praise)),
		Readiness: toReadinessOut(r.Readiness), Help: toHelpOut(r.Readiness.Help),
		Refused: make([]refusedOut, 0, len(r.Refused)),
	}
	for _, rc := range r.Refused {
		out.Refused = append(out.Refused, refusedOut{TouchpointID: rc.TouchpointID, Touchpoint: toLocalized(rc.Touchpoint),
			Date: rc.Day.Format(dateLayout), Count: rc.Count})
	}
	if r.PeakHour >= 0 {
		h := r.PeakHour
		out.PeakHour = &h
	}
	for _, d := range r.Days {
		out.Days = append(out.Days, insightDay{Date: d.Date.Format(dateLayout), Responses: d.Responses, AvgOverall: d.AvgOverall})
	}
	for _, a := range r.Aspects {
		ia := insightAspect{Key: a.Key, Name: toLocalized(a.Name), Positive: a.Positive, Negative: a.Negative,
			NegativeShare: a.NegativeShare, Causes: make([]causeOut, 0, len(a.Causes)), PeakShare: a.PeakShare}
		for _, c := range a.Causes {
			ia.Causes = append(ia.Causes, causeOut{Party: string(c.Party), Count: c.Count, Share: c.Share})
		}
		if a.MainCause != "" {
			mc := string(a.MainCause)
			ia.MainCause = &mc
		}
		if a.PeakHour >= 0 {
			h := a.PeakHour
			ia.PeakHour = &h
		}
		out.Aspects = append(out.Aspects, ia)
	}
	for _, a := range r.CustomerCaused() {
		out.CustomerCaused = append(out.CustomerCaused, a.Key)
	}
	for _, c := range r.Comments {
		out.Comments = append(out.Comments, commentOut{FeedbackID: c.FeedbackID, Overall: c.Overall,
			Text: c.Text, Lang: c.Lang, CreatedAt: c.CreatedAt.UTC()})
	}
	for _, p := range r.Praise {
		out.Praise = append(out.Praise, praiseOut{StaffID: p.StaffID, Name: p.Name, Count: p.Count, Latest: p.Latest})
	}
	for _, w := range r.Weeks {
		iw := insightWeek{Start: w.Start.Format(dateLayout), Days: w.Days, Responses: w.Responses, AvgOverall: w.AvgOverall,
			Negatives: make([]causeOut, 0, len(w.Negatives)), Readiness: toFigureOut(w.Readiness), Help: w.Help}
		for _, c := range w.Negatives {
			iw.Negatives = append(iw.Negatives, causeOut{Party: string(c.Party), Count: c.Count, Share: c.Share})
		}
		out.Weeks = append(out.Weeks, iw)
	}
	if b := r.Before; b != nil {
		out.Previous = insightPrevious{From: b.From.Format(dateLayout), To: b.To.AddDate(0, 0, -1).Format(dateLayout),
			Responses: b.Responses, AvgOverall: b.AvgOverall, NegativeShare: b.NegativeShare, Judgements: b.Judgements,
			Readiness: toFigureOut(b.Readiness), Help: b.Help, Praise: b.Praise,
			Aspects: make([]insightPreviousAspect, 0, len(b.Aspects))}
		for _, a := range r.Aspects { // in the report's order, then those judged only before
			if ab, ok := b.Aspects[a.Key]; ok {
				out.Previous.Aspects = append(out.Previous.Aspects, insightPreviousAspect{Key: a.Key, Judgements: ab.Judgements, NegativeShare: ab.NegativeShare})
			}
		}
		var only []string
		for k := range b.Aspects {
			if !slices.ContainsFunc(r.Aspects, func(a insight.Aspect) bool { return a.Key == k }) {
				only = append(only, k)
			}
		}
		slices.Sort(only)
		for _, k := range only {
			ab := b.Aspects[k]
			out.Previous.Aspects = append(out.Previous.Aspects, insightPreviousAspect{Key: k, Judgements: ab.Judgements, NegativeShare: ab.NegativeShare})
		}
	}
	return out
}
