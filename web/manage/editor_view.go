package manage

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/i18n"
)

// editorData is what the editor page shows: the draft laid out as form
// fields, the missing translations, and where a press left the manager.
type editorData struct {
	Service *tandem.Service
	Action  string // the form's URL
	Base    int    // the version the draft started from
	Next    int    // the version publishing makes
	Steps   []stepView
	Aspects []aspectView

	Preparation textField
	Readiness   []checkOption
	Missing     []langCount
	MissingAll  int
	Stale       []langCount // translations not touched since the English changed
	StaleAll    int

	Lanes     []tandem.Lane
	Parties   []tandem.Party
	Positions []option // where a new step can go
	StepRefs  []option // what an aspect can belong to

	Errors      []editorError // the summary at the top
	StepsError  string        // about the list of steps as a whole
	AspectError string        // about the list of aspects as a whole
	ReadyError  string
	Conflict    bool   // another version was published meanwhile
	Focus       string // anchor id of the item the last press changed
}

// textField is one translatable text: an input per language, each marked
// when the text exists in another language but not in this one.
type textField struct {
	P       *i18n.Printer
	Name    string // form name prefix, e.g. "s2.title"
	ID      string // element id prefix
	Label   string // localized
	Long    bool
	Langs   []langValue
	Missing int
	Stale   int    // how many translations are stale
	Focus   bool   // autofocus the first input
	Error   string // about this text (too long), shown below it
}

type langValue struct {
	Lang, Label, Value string
	Missing            bool
	Stale              bool   // the English changed after this translation
	Confirmed          bool   // ticked "still correct" in this draft
	Mark               string // "path lang": what the "still correct" box posts
}

type langCount struct {
	Lang, Label string
	N           int
}

type checkOption struct {
	Value, Label string
	Checked      bool
}

type option struct {
	Value, Label string
	Selected     bool
}

type editorError struct {
	Anchor, Message string
}

type stepView struct {
	N         int // position in time, from 1
	I         int // index in the form
	Step      tandem.Step
	New       bool // not in the published version yet
	Customer  bool
	Supports  int // how many of the four customer supports are written
	Title     textField
	Guidance  []textField // customer guidance texts
	Reqs      []checkOption
	Requests  []requestField // the step's request buttons
	MaxReqs   bool           // no more buttons can be added
	Aspects   []string       // names of the aspects that belong to it
	Missing   int
	Stale     int
	First     bool
	Last      bool
	Anchor    string
	Error     string
	ErrField  string // which field Error is about: "title", "lane", ...
	FocusCtrl string // "title", "up" or "down": the control to focus
}

// requestField is one request option of a step as the form edits it.
type requestField struct {
	J     int // index in the step's options
	N     int // 1-based
	Key   string
	New   bool // not offered by the published version yet
	Label textField
	Delay int
}

// ShowRequests reports whether the step shows its request buttons: every
// customer step, and any other that still has some (so they can be
// removed once Validate refuses them).
func (v stepView) ShowRequests() bool { return v.Customer || len(v.Requests) > 0 }

// ErrorAt returns the step's error when it is about field.
func (v stepView) ErrorAt(field string) string {
	if v.ErrField == field {
		return v.Error
	}
	return ""
}

// OpenGuidance reports whether the guidance section starts open: always
// for customer steps, and for others when an error is inside it.
func (v stepView) OpenGuidance() bool {
	return v.Customer || (v.Error != "" && v.ErrField != "title" && v.ErrField != "key")
}

type aspectView struct {
	N         int
	I         int
	Aspect    tandem.Aspect
	New       bool
	Name      textField
	StepRefs  []option
	Parties   []option
	First     bool
	Last      bool
	Anchor    string
	Error     string
	ErrField  string
	FocusName bool
	FocusCtrl string // "aspect-up" or "aspect-down": the control to focus
}

// ErrorAt returns the aspect's error when it is about field.
func (v aspectView) ErrorAt(field string) string {
	if v.ErrField == field {
		return v.Error
	}
	return ""
}

// editorState is a draft plus what the last press wants the page to say.
type editorState struct {
	svc    *tandem.Service
	cur    *tandem.Blueprint // the current version, nil if none
	d      *draft
	errKey string // a message about the whole draft or an item
	errArg []any
	kind   string // "step", "aspect", "steps", "aspects", "readiness", "conflict" or ""
	index  int    // the item errKey or the focus is about
	field  string // the item's field errKey is about
	focus  string // "step", "aspect", "steps", "aspects": the item to show
	ctrl   string // the control to focus inside it

	// confirmed holds "path lang" for each stale translation the manager
	// ticked as still correct in this draft.
	confirmed map[string]bool
}

func (s *Server) editorData(p *page, st *editorState) editorData {
	b := st.d.BP
	d := editorData{
		Service: st.svc,
		Action:  "/app/services/" + strconv.FormatInt(st.svc.ID, 10) + "/edit",
		Base:    st.d.Base,
		Next:    st.svc.Version + 1,
		Lanes:   tandem.Lanes,
		Parties: tandem.Parties,
	}
	published := map[string]bool{}
	publishedAspects := map[string]bool{}
	if st.cur != nil {
		for _, x := range st.cur.Steps {
			published[x.Key] = true
		}
		for _, x := range st.cur.Aspects {
			publishedAspects[x.Key] = true
		}
	}
	var msg string
	if st.errKey != "" {
		// Texts among the arguments (aspect names) are shown in the
		// page's language.
		args := make([]any, len(st.errArg))
		for i, a := range st.errArg {
			switch a := a.(type) {
			case []tandem.Text:
				names := make([]string, len(a))
				for j, t := range a {
					names[j] = t.Get(p.Lang)
				}
				args[i] = strings.Join(names, ", ")
			default:
				args[i] = a
			}
		}
		msg = p.P.T(st.errKey, args...)
	}

	stale := tandem.MarkStale(st.cur, b, st.confirmed)
	staleN := map[string]int{}
	mark := func(f *textField, path string) {
		f.markStale(path, stale, st.confirmed)
		for _, l := range f.Langs {
			if l.Stale {
				staleN[l.Lang]++
			}
		}
	}
	d.Preparation = newTextField(p, "prep", "prep", p.P.T("manage.editor.preparation"), true, b.Preparation)
	mark(&d.Preparation, "preparation")
	for _, dim := range tandem.Dimensions {
		d.Readiness = append(d.Readiness, checkOption{Value: string(dim),
			Label: p.P.T("dimension."+string(dim)) + " — " + p.P.T("manage.editor.question."+string(dim)), Checked: b.Asks(dim)})
	}
	missing := missingCounts(b)
	for _, l := range tandem.Languages {
		d.Missing = append(d.Missing, langCount{Lang: l, Label: p.langName(l), N: missing[l]})
		d.MissingAll += missing[l]
	}

	aspectsOf := map[string][]string{}
	for _, a := range b.Aspects {
		aspectsOf[a.StepKey] = append(aspectsOf[a.StepKey], a.Name.Get(p.Lang))
	}
	d.StepRefs = []option{{Value: "", Label: p.P.T("manage.bp.whole_service")}}
	d.Positions = []option{{Value: "0", Label: p.P.T("manage.editor.pos_start")}}
	for i, x := range b.Steps {
		label := fmt.Sprintf("%d. %s", i+1, x.Title.Get(p.Lang))
		if x.Title.Empty() {
			label = p.P.T("manage.bp.step_n", i+1)
		}
		d.StepRefs = append(d.StepRefs, option{Value: x.Key, Label: label})
		d.Positions = append(d.Positions, option{Value: strconv.Itoa(i + 1), Label: p.P.T("manage.editor.pos_after", label),
			Selected: i == len(b.Steps)-1})
	}

	for i := range b.Steps {
		x := b.Steps[i]
		v := stepView{N: i + 1, I: i, Step: x, New: !published[x.Key], Customer: x.Lane == tandem.LaneCustomer,
			Aspects: aspectsOf[x.Key], First: i == 0, Last: i == len(b.Steps)-1, Anchor: "step-" + strconv.Itoa(i+1)}
		pre := "s" + strconv.Itoa(i) + "."
		for _, t := range stepTexts {
			f := newTextField(p, pre+t.Name, fmt.Sprintf("s%d-%s", i, t.Name), p.P.T(t.Label), t.Long, *t.get(&x))
			mark(&f, "steps."+x.Key+"."+t.Name)
			v.Missing += f.Missing
			v.Stale += f.Stale
			if st.kind == "step" && st.index == i && st.field == t.Name && t.Name != "title" {
				f.Error = msg // the title's is shown by the step itself
			}
			if t.Name == "title" {
				v.Title = f
			} else {
				v.Guidance = append(v.Guidance, f)
			}
		}
		for _, t := range []tandem.Text{x.Why, x.Expected, x.How, x.Ability} {
			if !t.Empty() {
				v.Supports++
			}
		}
		for _, r := range tandem.Requirements {
			on := false
			for _, h := range x.Requirements {
				on = on || h == r
			}
			v.Reqs = append(v.Reqs, checkOption{Value: string(r), Label: p.P.T("requirement." + string(r)), Checked: on})
		}
		var published map[string]bool
		if st.cur != nil {
			if c := st.cur.StepByKey(x.Key); c != nil {
				published = map[string]bool{}
				for _, o := range c.Requests {
					published[o.Key] = true
				}
			}
		}
		for j, o := range x.Requests {
			f := newTextField(p, fmt.Sprintf("%sr%d.label", pre, j), fmt.Sprintf("s%d-r%d-label", i, j),
				p.P.T("manage.editor.request_n", j+1)+": "+p.P.T("manage.editor.request_label"), false, o.Label)
			mark(&f, "steps."+x.Key+".requests."+o.Key+".label")
			v.Missing += f.Missing
			v.Stale += f.Stale
			v.Requests = append(v.Requests, requestField{J: j, N: j + 1, Key: o.Key, New: !published[o.Key], Label: f, Delay: o.DelayMinutes})
		}
		v.MaxReqs = len(x.Requests) >= tandem.MaxRequestOptions
		if st.kind == "step" && st.index == i {
			v.Error, v.ErrField = msg, st.field
			d.Errors = append(d.Errors, editorError{v.Anchor, p.P.T("manage.bp.step_n", i+1) + ": " + msg})
		}
		if st.focus == "step" && st.index == i {
			d.Focus = v.Anchor
			v.FocusCtrl = st.ctrl
			if v.FocusCtrl == "up" && v.First {
				v.FocusCtrl = "down"
			}
			if v.FocusCtrl == "down" && v.Last {
				v.FocusCtrl = "up"
				if v.First {
					v.FocusCtrl = ""
				}
			}
			v.Title.Focus = v.FocusCtrl == "title"
			if v.FocusCtrl == "request" && len(v.Requests) > 0 {
				v.Requests[len(v.Requests)-1].Label.Focus = true
			}
		}
		d.Steps = append(d.Steps, v)
	}

	for i, a := range b.Aspects {
		v := aspectView{N: i + 1, I: i, Aspect: a, New: !publishedAspects[a.Key], Anchor: "aspect-" + strconv.Itoa(i+1),
			First: i == 0, Last: i == len(b.Aspects)-1}
		v.Name = newTextField(p, "a"+strconv.Itoa(i)+".name", fmt.Sprintf("a%d-name", i), p.P.T("manage.editor.aspect_name"), false, a.Name)
		mark(&v.Name, "aspects."+a.Key+".name")
		known := false
		for _, o := range d.StepRefs {
			o.Selected = o.Value == a.StepKey
			known = known || o.Selected
			v.StepRefs = append(v.StepRefs, o)
		}
		if !known {
			// A step that is gone: keep the choice visible so Validate
			// can name it rather than silently moving the aspect.
			v.StepRefs = append(v.StepRefs, option{Value: a.StepKey, Label: a.StepKey, Selected: true})
		}
		for _, party := range tandem.Parties {
			v.Parties = append(v.Parties, option{Value: string(party), Label: p.P.T("manage.party." + string(party)), Selected: party == a.ControlledBy})
		}
		if st.kind == "aspect" && st.index == i {
			v.Error, v.ErrField = msg, st.field
			d.Errors = append(d.Errors, editorError{v.Anchor, p.P.T("manage.editor.aspect_n", i+1) + ": " + msg})
		}
		if st.focus == "aspect" && st.index == i {
			d.Focus = v.Anchor
			v.FocusName = st.ctrl == "title"
			v.Name.Focus = v.FocusName
			// A disabled button cannot take the focus: the other one does.
			v.FocusCtrl = st.ctrl
			if v.FocusCtrl == "aspect-up" && v.First {
				v.FocusCtrl = "aspect-down"
			}
			if v.FocusCtrl == "aspect-down" && v.Last {
				v.FocusCtrl = "aspect-up"
				if v.First {
					v.FocusCtrl = ""
				}
			}
		}
		d.Aspects = append(d.Aspects, v)
	}

	// Counted as the fields were laid out; English is the source, never stale.
	for _, l := range tandem.Languages[1:] {
		d.Stale = append(d.Stale, langCount{Lang: l, Label: p.langName(l), N: staleN[l]})
		d.StaleAll += staleN[l]
	}

	switch st.kind {
	case "steps":
		d.StepsError = msg
		d.Errors = append(d.Errors, editorError{"steps", msg})
	case "aspects":
		d.AspectError = msg
		d.Errors = append(d.Errors, editorError{"aspects", msg})
	case "readiness":
		d.ReadyError = msg
		d.Errors = append(d.Errors, editorError{"before", msg})
	case "conflict":
		d.Conflict = true
		d.Errors = append(d.Errors, editorError{"publish", msg})
	}
	if st.focus == "steps" || st.focus == "aspects" {
		d.Focus = st.focus
	}
	return d
}

func newTextField(p *page, name, id, label string, long bool, t tandem.Text) textField {
	f := textField{P: p.P, Name: name, ID: id, Label: label, Long: long}
	written := !t.Empty()
	for _, l := range tandem.Languages {
		lv := langValue{Lang: l, Label: p.langName(l), Value: t[l], Missing: written && !t.Has(l)}
		if lv.Missing {
			f.Missing++
		}
		f.Langs = append(f.Langs, lv)
	}
	return f
}

// markStale flags the field's stale translations, and keeps the "still
// correct" ticks of this draft so they survive the next press.
func (f *textField) markStale(path string, stale tandem.StaleMarks, confirmed map[string]bool) {
	for i := range f.Langs {
		l := &f.Langs[i]
		l.Mark = path + " " + l.Lang
		l.Stale = stale.Has(path, l.Lang)
		l.Confirmed = confirmed[l.Mark]
		if l.Stale {
			f.Stale++
		}
	}
}
