package tandem_test

import (
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
)

// validBlueprint uses every text of a step, in every language, at its
// limit.
func validBlueprint() *tandem.Blueprint {
	text := func(n int) tandem.Text {
		return tandem.Text{"en": strings.Repeat("x", n), "ru": strings.Repeat("я", n), "fi": strings.Repeat("ä", n)}
	}
	// Each text its own map, so a test can change one.
	line := func() tandem.Text { return text(tandem.MaxTitleRunes) }
	guide := func() tandem.Text { return text(tandem.MaxGuidanceRunes) }
	return &tandem.Blueprint{
		Preparation: text(tandem.MaxTextRunes),
		Steps: []tandem.Step{{Key: "pay", Lane: tandem.LaneCustomer, Title: line(), Short: line(), Nudge: line(),
			Why: guide(), Expected: guide(), How: guide(), Ability: guide(), Assisted: guide()}},
		Aspects: []tandem.Aspect{{Key: "queue", StepKey: "pay", Name: line(), ControlledBy: tandem.PartyProvider}},
	}
}

func TestBlueprintTextLimits(t *testing.T) {
	if err := validBlueprint().Validate(); err != nil {
		t.Fatalf("texts at their limits: Validate = %v, want nil", err)
	}
	for _, tc := range []struct {
		name, field string
		change      func(b *tandem.Blueprint, long func(int) string)
	}{
		{"preparation", "preparation", func(b *tandem.Blueprint, long func(int) string) { b.Preparation["fi"] = long(tandem.MaxTextRunes) }},
		{"step title", "steps.title", func(b *tandem.Blueprint, long func(int) string) { b.Steps[0].Title["ru"] = long(tandem.MaxTitleRunes) }},
		{"short version", "steps.short", func(b *tandem.Blueprint, long func(int) string) { b.Steps[0].Short["en"] = long(tandem.MaxTitleRunes) }},
		{"nudge", "steps.nudge", func(b *tandem.Blueprint, long func(int) string) { b.Steps[0].Nudge["en"] = long(tandem.MaxTitleRunes) }},
		{"why", "steps.why", func(b *tandem.Blueprint, long func(int) string) { b.Steps[0].Why["ru"] = long(tandem.MaxGuidanceRunes) }},
		{"expected", "steps.expected", func(b *tandem.Blueprint, long func(int) string) {
			b.Steps[0].Expected["fi"] = long(tandem.MaxGuidanceRunes)
		}},
		{"how", "steps.how", func(b *tandem.Blueprint, long func(int) string) { b.Steps[0].How["en"] = long(tandem.MaxGuidanceRunes) }},
		{"ability", "steps.ability", func(b *tandem.Blueprint, long func(int) string) {
			b.Steps[0].Ability["ru"] = long(tandem.MaxGuidanceRunes)
		}},
		{"assisted", "steps.assisted", func(b *tandem.Blueprint, long func(int) string) {
			b.Steps[0].Assisted["fi"] = long(tandem.MaxGuidanceRunes)
		}},
		{"aspect name", "aspects.name", func(b *tandem.Blueprint, long func(int) string) { b.Aspects[0].Name["en"] = long(tandem.MaxTitleRunes) }},
		{"a language Tandem does not speak", "steps.title", func(b *tandem.Blueprint, long func(int) string) {
			b.Steps[0].Title["de"] = long(tandem.MaxTitleRunes)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := validBlueprint()
			// One rune over the limit; counted in runes, not bytes.
			tc.change(b, func(max int) string { return strings.Repeat("ж", max+1) })
			err := b.Validate()
			if tandem.ErrorCode(err) != tandem.EINVALID || tandem.ErrorKey(err) != "error.text_long" || tandem.ErrorField(err) != tc.field {
				t.Errorf("Validate = %v, want EINVALID error.text_long at %s", err, tc.field)
			}
		})
	}
}

func TestBlueprintAsks(t *testing.T) {
	b := &tandem.Blueprint{Readiness: []tandem.Dimension{tandem.KnowHow, tandem.Ability}}
	for d, want := range map[tandem.Dimension]bool{tandem.KnowHow: true, tandem.Ability: true, tandem.Motivation: false} {
		if got := b.Asks(d); got != want {
			t.Errorf("Asks(%s) = %v, want %v", d, got, want)
		}
	}
}

func TestServiceTextLimits(t *testing.T) {
	long := func(n int) tandem.Text { return tandem.Text{"en": "Lunch", "ru": strings.Repeat("я", n)} }
	for _, tc := range []struct {
		svc   tandem.Service
		field string
	}{
		{tandem.Service{Name: long(tandem.MaxTitleRunes)}, ""},
		{tandem.Service{Name: long(tandem.MaxTitleRunes + 1)}, "name"},
		{tandem.Service{Name: long(10), Description: long(tandem.MaxTextRunes + 1)}, "description"},
		{tandem.Service{}, "name"},
	} {
		err := tc.svc.Validate()
		if got := tandem.ErrorField(err); got != tc.field {
			t.Errorf("Validate(%d-rune name) field = %q (%v), want %q", len([]rune(tc.svc.Name["ru"])), got, err, tc.field)
		}
	}
}

// A feedback's texts are limited in characters as the customer typed them:
// a line break is one, whether a browser sent it as CRLF or a client as LF,
// and it is stored as LF either way.
func TestFeedbackLineBreaks(t *testing.T) {
	b := &tandem.Blueprint{Steps: []tandem.Step{{Key: "pay", Lane: tandem.LaneCustomer, Title: tandem.Text{"en": "Pay"}}}}
	staff := []*tandem.StaffMember{{ID: 7, Name: "Anna"}}
	half := func(n int) string { return strings.Repeat("x", n/2) }
	for _, br := range []string{"\n", "\r\n"} {
		f := &tandem.Feedback{Overall: 4, PraiseStaffID: 7,
			Comment: half(tandem.MaxCommentRunes) + br + half(tandem.MaxCommentRunes)[1:],
			Praise:  half(tandem.MaxPraiseRunes) + br + half(tandem.MaxPraiseRunes)[1:]}
		if err := f.Validate(b, staff); err != nil {
			t.Fatalf("texts at their limits with %q: Validate = %v, want nil", br, err)
		}
		if strings.Contains(f.Comment, "\r") || strings.Contains(f.Praise, "\r") {
			t.Errorf("line break %q stored as is, want LF", br)
		}
	}
}
