package tandem_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
)

func TestDefaultProblemsValid(t *testing.T) {
	for _, typ := range tandem.TouchpointTypes {
		list := tandem.DefaultProblems(typ)
		if len(list) == 0 {
			t.Errorf("%s: no defaults", typ)
		}
		if err := tandem.ValidateProblems(list); err != nil {
			t.Errorf("%s: %v", typ, err)
		}
		for _, p := range list {
			for _, l := range tandem.Languages {
				if !p.Name.Has(l) {
					t.Errorf("%s/%s: no %s name", typ, p.Key, l)
				}
			}
		}
	}
	if !tandem.TypeRestroom.Reportable() || tandem.TypeTable.Reportable() || tandem.TypeOther.Reportable() {
		t.Error("Reportable is off")
	}
}

func TestValidateProblems(t *testing.T) {
	ok := tandem.Problem{Key: "no-soap", Name: tandem.Text{"en": "No soap"}, SLAMinutes: 30}
	for _, tt := range []struct {
		name string
		list []tandem.Problem
		key  string
	}{
		{"duplicate key", []tandem.Problem{ok, ok}, "error.key"},
		{"bad key", []tandem.Problem{{Key: "No Soap", Name: ok.Name, SLAMinutes: 30}}, "error.key"},
		{"no English", []tandem.Problem{{Key: "x1", Name: tandem.Text{"fi": "Saippua"}, SLAMinutes: 30}}, "error.problem_name"},
		{"long name", []tandem.Problem{{Key: "x1", Name: tandem.Text{"en": strings.Repeat("a", 61)}, SLAMinutes: 30}}, "error.text_long"},
		{"SLA too short", []tandem.Problem{{Key: "x1", Name: ok.Name, SLAMinutes: 1}}, "error.problem_sla"},
		{"too many", make([]tandem.Problem, tandem.MaxProblems+1), "error.problems_count"},
	} {
		if got := tandem.ErrorKey(tandem.ValidateProblems(tt.list)); got != tt.key {
			t.Errorf("%s: key %q, want %q", tt.name, got, tt.key)
		}
	}
	if err := tandem.ValidateProblems([]tandem.Problem{ok}); err != nil {
		t.Error(err)
	}
}

func TestReportValidate(t *testing.T) {
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		r    tandem.Report
		key  string
	}{
		{"nothing", tandem.Report{}, "error.report_empty"},
		{"praise and problem", tandem.Report{Praise: true, ProblemKey: "no-soap"}, "error.report_praise_problem"},
		{"bad email", tandem.Report{ProblemKey: "no-soap", Email: "nope", ConsentAt: at}, "error.email"},
		{"email without consent", tandem.Report{ProblemKey: "no-soap", Email: "a@b.fi"}, "error.report_consent"},
		{"long comment", tandem.Report{Praise: true, Comment: strings.Repeat("a", tandem.MaxCommentRunes+1)}, "error.text_long"},
		{"language", tandem.Report{Praise: true, Lang: "xx"}, "error.language"},
	} {
		if got := tandem.ErrorKey(tt.r.Validate()); got != tt.key {
			t.Errorf("%s: key %q, want %q", tt.name, got, tt.key)
		}
	}
	// A comment alone is "something else".
	r := tandem.Report{Comment: " the lamp flickers "}
	if err := r.Validate(); err != nil || r.ProblemKey != tandem.ProblemOther || r.Comment != "the lamp flickers" {
		t.Errorf("comment only: %+v, %v", r, err)
	}
}

func TestWorkItemTransitions(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	soap := tandem.Problem{Key: "no-soap", Name: tandem.Text{"en": "No soap"}, SLAMinutes: 30}
	w := tandem.NewWorkItem(&tandem.Report{Comment: "left sink"}, soap, t0)
	if w.State != tandem.WorkOpen || w.Reporters != 1 || !w.DueAt.Equal(t0.Add(30*time.Minute)) {
		t.Fatalf("new item = %+v", w)
	}
	if w.Overdue(t0.Add(30*time.Minute)) || !w.Overdue(t0.Add(31*time.Minute)) {
		t.Error("Overdue is off")
	}
	if !w.Join(&tandem.Report{}, t0.Add(time.Minute)) || w.Reporters != 2 || w.Comment != "left sink" {
		t.Errorf("join = %+v", w)
	}
	if !w.Acknowledge(7, t0.Add(2*time.Minute)) || w.Acknowledge(8, t0.Add(3*time.Minute)) || w.HandledBy != 7 {
		t.Errorf("acknowledge = %+v", w)
	}
	if _, err := w.Done(7, strings.Repeat("a", tandem.MaxNoteRunes+1), t0); tandem.ErrorKey(err) != "error.text_long" {
		t.Errorf("long note: %v", err)
	}
	done := t0.Add(10 * time.Minute)
	if ok, err := w.Done(9, " refilled ", done); !ok || err != nil || w.Note != "refilled" || w.HandledBy != 9 {
		t.Errorf("done = %+v, %v", w, err)
	}
	if ok, _ := w.Done(9, "", done); ok {
		t.Error("done twice changed something")
	}
	if w.Overdue(done.Add(time.Hour)) {
		t.Error("a done item is overdue")
	}
	// Within the window a report reopens it, due again within the SLA.
	back := done.Add(tandem.ReopenWindow)
	if !w.Join(&tandem.Report{Comment: "still none"}, back) || w.State != tandem.WorkOpen || w.Reporters != 3 ||
		!w.DueAt.Equal(back.Add(30*time.Minute)) || !w.DoneAt.IsZero() || w.Note != "" || w.HandledBy != 0 {
		t.Errorf("reopened = %+v", w)
	}
	// Done, then reported after the window: a new item.
	_, _ = w.Done(0, "", back)
	if w.Join(&tandem.Report{}, back.Add(tandem.ReopenWindow+time.Second)) {
		t.Error("a report after the window joined the old item")
	}
	// Done straight from open counts as acknowledged then.
	x := tandem.NewWorkItem(&tandem.Report{}, soap, t0)
	if ok, _ := x.Done(3, "", done); !ok || !x.AcknowledgedAt.Equal(done) {
		t.Errorf("done from open = %+v", x)
	}
}
