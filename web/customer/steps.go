package customer

import (
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/i18n"
)

// stepView is one customer step as the pages show it.
type stepView struct {
	N            int // 1-based position among the customer's steps
	ID           int64
	Title        string
	Short        string  // the regulars' one line; empty shows the title alone
	Minutes      string  // "About 5 min", or ""
	Texts        []label // what is expected, how, why, what it takes: those given
	Requirements []string
	Assisted     string
	Company      bool // done differently here than elsewhere
	Full         bool // show the texts without a click (the touchpoint page folds every step itself)
	Done         bool
	DoneBy       string // who marked it done, when not the customer
	Current      bool   // the first step not yet done
	Next         string // on the current step: the title of the one after
	Nudge        string // the step's nudge, when its window has passed
	NudgeIn      int64  // else milliseconds until it does, for the page's timer
	NudgeText    string // the nudge the timer shows
	Help         *helpView
	CanHelp      bool            // an "I need help" button: none while a request is pending
	Asked        []requestNote   // where the step's latest customer requests stand
	Requests     []requestButton // the step's request buttons the customer may tap now
	P            *i18n.Printer
}

// requestButton is one of a step's request options, as a button.
type requestButton struct {
	StepID int64
	Key    string
	Label  string
}

// requestNote is where the latest request made with an option stands.
type requestNote struct {
	Status tandem.RequestStatus
	Label  string // the option's
	Text   string
}

// label is one labelled text of a step.
type label struct {
	Kind, Label, Text string
}

// helpView is where the latest help request of a step stands.
type helpView struct {
	Status  tandem.HelpStatus
	Text    string
	Pending bool // not done yet: no new request is needed
}

// stepsInput is what stepViews needs beyond the blueprint.
type stepsInput struct {
	ep        *tandem.Episode // nil on the touchpoint page, before the visit
	firstTime bool            // full instructions for the current step
	help      map[int64]*tandem.HelpRequest
	canHelp   bool
	requests  []*tandem.CustomerRequest // newest first
	loc       *time.Location            // the organization's, for due times
	now       time.Time
}

// stepViews lists the customer's steps of b. First-timers get every text of
// the current step; the other steps still to do, and every step for
// regulars, show the short version with the rest behind "show how", so
// that the current step's buttons stay on the first screen. Company-specific
// steps everyone gets in full, because habits from elsewhere would mislead. Where the customer
// stands and when a nudge comes are the domain's (Episode.Progress,
// Episode.NudgeAt), the same the staff's live view shows.
func stepViews(b *tandem.Blueprint, in stepsInput, p *i18n.Printer) []stepView {
	var out []stepView
	var current *tandem.Step
	if in.ep != nil {
		current = in.ep.Progress(b, in.now).Current
	}
	for i := range b.Steps {
		st := &b.Steps[i]
		if st.Lane != tandem.LaneCustomer {
			continue
		}
		v := stepView{
			N: len(out) + 1, ID: st.ID, Title: st.Title.Get(p.Lang), Short: st.Short.Get(p.Lang),
			Assisted: st.Assisted.Get(p.Lang), Company: st.CompanySpecific, P: p,
		}
		if st.ExpectedMinutes > 0 {
			v.Minutes = p.T("customer.step.minutes", st.ExpectedMinutes)
		}
		for _, t := range []struct {
			kind string
			text tandem.Text
		}{{"expected", st.Expected}, {"how", st.How}, {"why", st.Why}, {"ability", st.Ability}} {
			if s := t.text.Get(p.Lang); s != "" {
				v.Texts = append(v.Texts, label{Kind: t.kind, Label: p.T("customer.step." + t.kind), Text: s})
			}
		}
		for _, r := range st.Requirements {
			v.Requirements = append(v.Requirements, p.T("requirement."+string(r)))
		}
		v.Full = in.ep == nil || in.firstTime && st == current || st.CompanySpecific
		if e := in.ep; e != nil {
			for _, d := range e.Done {
				if d.StepID == st.ID {
					v.Done = true
					if d.By == tandem.ByStaff || d.By == tandem.BySystem {
						v.DoneBy = p.T("customer.step.done_by." + string(d.By))
					}
				}
			}
			v.Current = st == current
			v.CanHelp = in.canHelp
			if h := in.help[st.ID]; h != nil {
				v.Help = &helpView{Status: h.Status, Text: p.T("customer.help." + string(h.Status)), Pending: h.Status != tandem.HelpDone}
				v.CanHelp = v.CanHelp && !v.Help.Pending
			}
			v.Asked, v.Requests = requestViews(st, in, p)
			if at, ok := e.NudgeAt(b, i, p.Lang); ok {
				if text := st.Nudge.Get(p.Lang); !in.now.Before(at) {
					v.Nudge = text
				} else {
					v.NudgeIn, v.NudgeText = at.Sub(in.now).Milliseconds(), text
				}
			}
		}
		out = append(out, v)
	}
	for i := range out {
		if out[i].Current && i+1 < len(out) {
			out[i].Next = out[i+1].Title
		}
	}
	return out
}

// latestHelp keeps the latest help request of each step.
func latestHelp(list []*tandem.HelpRequest) map[int64]*tandem.HelpRequest {
	m := map[int64]*tandem.HelpRequest{}
	for _, h := range list {
		if o := m[h.StepID]; o == nil || h.CreatedAt.After(o.CreatedAt) || (h.CreatedAt.Equal(o.CreatedAt) && h.ID > o.ID) {
			m[h.StepID] = h
		}
	}
	return m
}

// requestViews returns where the latest request of each of a step's
// options stands, and the buttons the customer may tap: every option
// while the visit takes requests, except those already asked and not done.
func requestViews(st *tandem.Step, in stepsInput, p *i18n.Printer) ([]requestNote, []requestButton) {
	var notes []requestNote
	var buttons []requestButton
	loc := in.loc
	if loc == nil {
		loc = time.UTC
	}
	for _, o := range st.Requests {
		label := o.Label.Get(p.Lang)
		pending := false
		for _, r := range in.requests { // newest first: the first is the latest
			if r.StepID != st.ID || r.OptionKey != o.Key {
				continue
			}
			n := requestNote{Status: r.Status, Label: label, Text: p.T("customer.request." + string(r.Status))}
			if r.Status == tandem.RequestOpen && !r.Due(in.now) {
				left := int((r.DueAt.Sub(in.now) + time.Minute - 1) / time.Minute)
				n.Text = p.T("customer.request.open_later", left, r.DueAt.In(loc).Format("15:04"))
			}
			notes = append(notes, n)
			pending = r.Status != tandem.RequestDone
			break
		}
		if in.canHelp && !pending {
			buttons = append(buttons, requestButton{StepID: st.ID, Key: o.Key, Label: label})
		}
	}
	return notes, buttons
}
